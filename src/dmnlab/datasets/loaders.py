"""Loaders of the course's shipped data in ``data/`` (nilearn's convention: ``load_*`` reads
what ships; ``fetch_*`` downloads, see :mod:`dmnlab.datasets.real`).

Every loader reads through :func:`dmnlab.datasets.files.read_checked_table`, so a
missing, edited or truncated file gives one clear :class:`DataFileError`, and
checks a request (participant, session, task) against the protocol first.
Participant data are SIMULATED (:data:`~dmnlab.study.protocol.SIMULATED_LABEL`).
"""
from __future__ import annotations

from pathlib import Path

import lazy_loader as lazy
import numpy as np

from ..study.nodes import NODE_LABELS
from ..study.protocol import (
    GROUPS,
    KETAMINE_SESSIONS,
    SESSIONS,
    SIMULATED_LABEL,
    TASK_NAME,
    TASKS,
    TR,
    cohort_runs,
)
from .files import DataFileError, data_dir, read_checked_table

pd = lazy.load("pandas")


def _folder(folder=None) -> Path:
    return data_dir() if folder is None else Path(folder)


def run_path(participant: str, session: str = "baseline", task: str = "rest",
             kind: str = "timeseries") -> str:
    """Path, inside ``data/``, of one run's file (``kind`` "timeseries" or "events")."""
    return (f"{participant}/ses-{session}/func/"
            f"{participant}_ses-{session}_task-{task}_{kind}.tsv")


def load_participants(folder=None) -> pd.DataFrame:
    """The participants table ``data/participants.tsv`` (SIMULATED), checked.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``participant_id``. Integer columns (age, episodes, MADRS,
        RRS) have the nullable ``Int64`` dtype: follow-up MADRS is missing
        (``<NA>``) for controls. See ``data/participants.json`` for every column.

    Raises
    ------
    dmnlab.datasets.files.DataFileError
        If the file is missing, changed or does not match its data dictionary.
    """
    table = read_checked_table("participants.tsv", folder=_folder(folder))
    table = table.set_index("participant_id", drop=False)
    table.attrs["simulated"] = SIMULATED_LABEL
    return table


def participant_ids(group: str | None = None, folder=None) -> list[str]:
    """IDs of the cohort's participants in file order, optionally of one group
    (``"control"`` or ``"depressed"``)."""
    participants = load_participants(folder)
    if group is not None:
        participants = participants[participants["group"] == group]
    return [str(pid) for pid in participants.index]


def _check_run(participants: pd.DataFrame, participant: str, session: str, task: str) -> None:
    if participant not in participants.index:
        ids = list(participants.index)
        raise ValueError(
            f"Unknown participant {participant!r}; valid IDs are {ids[0]} … {ids[-1]}: {ids}."
        )
    if session not in SESSIONS:
        raise ValueError(f"Unknown session {session!r}; choose one of {list(SESSIONS)}.")
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}; choose one of {list(TASKS)}.")
    if session != "baseline" and participants.loc[participant, "group"] != "depressed":
        raise ValueError(
            f"{participant} is a control: only session 'baseline' exists for controls; the "
            f"ketamine sessions {list(KETAMINE_SESSIONS)} exist for depressed participants."
        )
    if task == TASK_NAME and session != "baseline":
        raise ValueError(f"Task {TASK_NAME!r} was run at session 'baseline' only; "
                         f"session {session!r} has task 'rest'.")


def load_timeseries(participant: str, session: str = "baseline", task: str = "rest",
                    folder=None) -> pd.DataFrame:
    """One run's region time series (SIMULATED), checked against checksum and dictionary.

    Parameters
    ----------
    participant
        e.g. ``"sub-01"`` (see :func:`load_participants`).
    session
        "baseline" (everyone), or "infusion", "24h", "day7", "day14" (patients).
    task
        "rest", or "attention" (baseline only).

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (s, one row per volume, TR = 2 s), one float column per
        node in ``NODE_LABELS`` order (z-score × amplitude, arbitrary units).

    Raises
    ------
    ValueError
        Unknown participant, session or task (the message lists valid choices).
    dmnlab.datasets.files.DataFileError
        The file is missing, edited, truncated or does not match ``timeseries.json``.

    Examples
    --------
    >>> bold = load_timeseries("sub-01")  # doctest: +SKIP
    >>> bold.shape  # doctest: +SKIP
    (180, 17)
    """
    folder = _folder(folder)
    _check_run(load_participants(folder), participant, session, task)
    return _read_timeseries(folder, participant, session, task)


def _read_timeseries(folder, participant: str, session: str, task: str) -> pd.DataFrame:
    relative = run_path(participant, session, task)
    table = read_checked_table(relative, dictionary_path="timeseries.json", folder=folder)
    times = table["time"].to_numpy(dtype=float)
    if not np.allclose(times, np.arange(len(times)) * TR):
        raise DataFileError(folder / relative, f"column 'time' must be 0, {TR:g}, {2 * TR:g}, … s "
                                               "(one row per volume).")
    frame = table[list(NODE_LABELS)].astype(float)
    frame.index = pd.Index(times, name="time")
    frame.attrs.update(participant=participant, session=session, task=task, tr=TR,
                       simulated=SIMULATED_LABEL)
    return frame


def load_events(participant: str, session: str = "baseline", task: str = TASK_NAME,
                folder=None) -> pd.DataFrame:
    """The task blocks of a task run (BIDS ``events.tsv``: onset, duration in s, trial_type)."""
    folder = _folder(folder)
    _check_run(load_participants(folder), participant, session, task)
    if task == "rest":
        raise ValueError("Rest runs have no events; use task='attention'.")
    return read_checked_table(run_path(participant, session, task, "events"),
                              dictionary_path="events.json", folder=folder)


def load_task_run(participant: str, folder=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A participant's ``attention`` task run and its events (SIMULATED; baseline session).

    Returns
    -------
    (timeseries, events)
        Region-by-time table (index: time in s, TR 2 s) and the BIDS events table
        (``onset``, ``duration`` in s, ``trial_type``).
    """
    return (load_timeseries(participant, session="baseline", task=TASK_NAME, folder=folder),
            load_events(participant, session="baseline", task=TASK_NAME, folder=folder))


def load_rest_run(participant: str, session: str = "baseline", folder=None) -> pd.DataFrame:
    """A participant's resting-state run (SIMULATED): :func:`load_timeseries` with ``task="rest"``."""
    return load_timeseries(participant, session=session, task="rest", folder=folder)


def list_runs(folder=None) -> pd.DataFrame:
    """Every run in ``data/``: participant, group, session, task and file paths.

    Returns
    -------
    pandas.DataFrame
        Columns ``participant_id``, ``group``, ``medication``, ``response``,
        ``session``, ``task``, ``path`` and ``events_path`` (task runs), paths
        relative to ``data/``.
    """
    return _list_runs(load_participants(folder))


def _list_runs(participants: pd.DataFrame) -> pd.DataFrame:
    runs = cohort_runs(participants)
    runs = runs.merge(participants[["medication", "response"]].reset_index(),
                      on="participant_id", how="left")
    runs["path"] = [run_path(p, s, t) for p, s, t in zip(runs.participant_id, runs.session, runs.task)]
    runs["events_path"] = pd.array([run_path(p, s, t, "events") if t == TASK_NAME else None
                                    for p, s, t in zip(runs.participant_id, runs.session, runs.task)],
                                   dtype="string")
    columns = ["participant_id", "group", "medication", "response", "session", "task", "path",
               "events_path"]
    return runs[columns]


def load_group_timeseries(session: str = "baseline", task: str = "rest", group: str | None = None,
                          folder=None) -> dict[str, pd.DataFrame]:
    """All runs of one session and task, as ``{participant_id: time series}``.

    ``group`` ("control" or "depressed") keeps one group.
    """
    folder = _folder(folder)
    if session not in SESSIONS:
        raise ValueError(f"Unknown session {session!r}; choose one of {list(SESSIONS)}.")
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}; choose one of {list(TASKS)}.")
    if group is not None and group not in GROUPS:
        raise ValueError(f"Unknown group {group!r}; choose one of {list(GROUPS)}.")
    runs = _list_runs(load_participants(folder))
    runs = runs[(runs.session == session) & (runs.task == task)]
    if group is not None:
        runs = runs[runs.group == group]
    return {pid: _read_timeseries(folder, pid, session, task) for pid in runs.participant_id}


def load_rrs_items(folder=None) -> pd.DataFrame:
    """Item answers of the simulated Ruminative Responses Scale (``data/phenotype/rrs.tsv``)."""
    table = read_checked_table("phenotype/rrs.tsv", folder=_folder(folder))
    return table.set_index("participant_id", drop=False)


def load_ground_truth(folder=None) -> pd.DataFrame:
    """What only a simulation knows: each participant's true parameters (``data/ground_truth.tsv``).

    Use it to check an estimate against the truth; a real study has no such file.
    """
    table = read_checked_table("ground_truth.tsv", folder=_folder(folder))
    return table.set_index("participant_id", drop=False)


def load_nodes() -> pd.DataFrame:
    """Read the node table ``data/nodes.tsv`` (checked against its data dictionary).

    Returns
    -------
    pandas.DataFrame
        One row per node, indexed by ``label``, with MNI coordinates in mm.
    """
    table = read_checked_table("nodes.tsv")
    return table.set_index("label", drop=False)
