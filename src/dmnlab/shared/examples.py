"""The example data chapters open with (SIMULATED)."""
from __future__ import annotations

import lazy_loader as lazy

pd = lazy.load("pandas")


def example_timeseries() -> pd.DataFrame:
    """The baseline resting-state run of the cohort's first healthy control (SIMULATED).

    Returns a table with one column per region and one row per volume (index: time in s).
    """
    from ..datasets.loaders import load_timeseries, participant_ids

    return load_timeseries(participant_ids("control")[0], session="baseline", task="rest")
