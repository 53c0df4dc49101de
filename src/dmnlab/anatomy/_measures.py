"""Chapter 1's data and measures: the example participant's run and a brain's strongest DMN pair."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..shared.examples import example_timeseries
from ..study.nodes import DMN_NODES

pd = lazy.load("pandas")

__all__ = ["example_timeseries", "strongest_dmn_pair"]


def strongest_dmn_pair(timeseries: pd.DataFrame) -> tuple[str, str]:
    """The pair of DMN nodes with the highest correlation in a region-by-time table."""
    dmn = [label for label in DMN_NODES if label in timeseries.columns]
    matrix = timeseries[dmn].corr().to_numpy().copy()
    np.fill_diagonal(matrix, -np.inf)
    i, j = np.unravel_index(np.argmax(matrix), matrix.shape)
    return tuple(sorted((dmn[i], dmn[j])))
