"""The scanning protocol of the course's (virtual) study: what was measured, when and how.

The lowest layer that needs these names: the virtual cohort simulates runs to this
protocol, the data loaders check requests against it, and chapters use it to label
figures. Plain constants and two small tables (the task's blocks, the runs a
participant has); no simulation here.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

pd = lazy.load("pandas")

#: The label every simulated product carries.
SIMULATED_LABEL = (
    "SIMULATED DATA: a virtual cohort made by the dmnlab simulator. No real person was "
    "scanned or assessed; effects follow published directions and sizes (see the course's "
    "'About the data' page)."
)
#: The short note a chapter's simulated table, figure or widget carries (one wording everywhere).
SIMULATED_NOTE = "Simulated data from the course's virtual cohort (not real people)."

#: Repetition time (s) of every simulated run.
TR = 2.0
#: Volumes in a rest run: 180 × 2 s = 6 min, a common resting-state length.
REST_VOLUMES = 180
#: Volumes in the block-design task run: 30 s rest, then 5 × (30 s task + 30 s rest) = 330 s.
TASK_VOLUMES = 165
TASK_NAME = "attention"
TASKS = ("rest", TASK_NAME)
#: Scan sessions: before ketamine, during the infusion, and 24 h, 7 and 14 days after it.
SESSIONS = ("baseline", "infusion", "24h", "day7", "day14")
KETAMINE_SESSIONS = SESSIONS[1:]
#: Hours from the start of the infusion to each session (baseline: the day before).
SESSION_HOURS = {"baseline": -24.0, "infusion": 0.5, "24h": 24.0, "day7": 168.0, "day14": 336.0}
#: Days from the infusion to each rated session (MADRS is rated at baseline, 24 h, day 7, day 14).
SESSION_DAYS = {"baseline": 0, "24h": 1, "day7": 7, "day14": 14}
#: Response: a fall of at least this fraction of the baseline MADRS score (the usual trial rule).
RESPONSE_FRACTION = 0.5
#: Remission: a MADRS score at or below this cut-off (points). Cut-offs vary between studies;
#: ≤ 9 is one of them (Zimmerman et al. 2004).
REMISSION_CUTOFF = 9
GROUPS = ("control", "depressed")
SITES = ("A", "B", "C")
MEDICATIONS = ("none", "antidepressant")
RESPONSES = ("responder", "non-responder")


def block_design(n_volumes: int, tr: float, block_seconds: float = 30.0,
                 first_rest_seconds: float = 30.0, task_name: str = "task") -> pd.DataFrame:
    """Alternating rest/task blocks as a BIDS-style events table.

    Returns columns ``onset`` and ``duration`` (s) and ``trial_type``.
    """
    total = n_volumes * tr
    onsets = np.arange(first_rest_seconds, total - block_seconds + 1e-9, 2 * block_seconds)
    return pd.DataFrame({"onset": onsets, "duration": block_seconds, "trial_type": task_name})


def task_events(n_volumes: int = TASK_VOLUMES, tr: float = TR) -> pd.DataFrame:
    """The block design of the ``attention`` task: 30 s rest, then 30 s task / 30 s rest.

    Returns a BIDS events table (``onset``, ``duration`` in s, ``trial_type``).
    """
    return block_design(n_volumes, tr, block_seconds=30.0, first_rest_seconds=30.0,
                        task_name=TASK_NAME)


def cohort_runs(cohort: pd.DataFrame) -> pd.DataFrame:
    """Every scan run in the design of a cohort: ``participant_id``, ``group``, ``session``, ``task``."""
    rows = []
    for pid, group in zip(cohort["participant_id"], cohort["group"]):
        rows.append((pid, group, "baseline", "rest"))
        rows.append((pid, group, "baseline", TASK_NAME))
        if group == "depressed":
            rows += [(pid, group, session, "rest") for session in KETAMINE_SESSIONS]
    return pd.DataFrame(rows, columns=["participant_id", "group", "session", "task"])



def is_response(baseline, later):
    """Whether a fall from ``baseline`` to ``later`` MADRS counts as response (arrays or numbers):
    at least :data:`RESPONSE_FRACTION` of the baseline score."""
    return (np.asarray(baseline, dtype=float) - np.asarray(later, dtype=float)) >= \
        RESPONSE_FRACTION * np.asarray(baseline, dtype=float)


def is_remission(score):
    """Whether a MADRS score counts as remission (at or below :data:`REMISSION_CUTOFF`)."""
    return np.asarray(score, dtype=float) <= REMISSION_CUTOFF
