"""One SIMULATED patient followed through the course: the thread every chapter picks up.

The course cohort's participant :data:`THREAD_PATIENT` is a patient of the simulated ketamine
study: chapter 1 reads their scan, chapter 3 places their connectivity among the groups, chapter 4
their rumination scores, chapter 5 their infusion, chapter 7 the clinic's decision. This module
is the one home of who they are and of their numbers; a chapter's page glues
:func:`patient_numbers` (names start ``pt_``) and adds what only that chapter computes.

Chosen because their course shows what the course teaches (a quick response that does not last):
a patient of the simulated cohort, not a case report. Every number is SIMULATED.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..course.prose import Words
from ..study.protocol import REMISSION_CUTOFF, SESSION_DAYS, SESSIONS, is_remission, is_response

pd = lazy.load("pandas")

#: The patient the course follows (the course cohort's ``sub-38``).
THREAD_PATIENT = "sub-38"

_SEX_WORDS = {"M": "man", "F": "woman"}
_SESSION_WORDS = {"baseline": "before the infusion", "infusion": "during the infusion", "24h": "24 hours after",
                  "day7": "on day 7", "day14": "on day 14"}


@lru_cache(maxsize=1)
def patient_record(participant: str = THREAD_PATIENT) -> dict:
    """Who the patient is and their ratings: one participants-table row as a dict (SIMULATED)."""
    from ..course.errors import CourseInputError
    from ..datasets.loaders import load_participants

    table = load_participants()
    if participant not in table.index:
        raise CourseInputError(f"{participant!r} is not in the course cohort ({table.index[0]} … {table.index[-1]}).")
    row = table.loc[participant]
    if row["group"] != "depressed":
        raise CourseInputError(f"{participant!r} is a control; the thread follows a patient.")
    return row.to_dict()


@lru_cache(maxsize=1)
def patient_connectivity(participant: str = THREAD_PATIENT) -> pd.DataFrame:
    """The patient's within-DMN connectivity (mean r, Fisher-z averaged) in each rest session."""
    from ..datasets.loaders import load_rest_run
    from ..methods.connectivity import summarise_run

    rows = {session: summarise_run(load_rest_run(participant, session)) for session in SESSIONS}
    return pd.DataFrame(rows).T.rename_axis("session")


@lru_cache(maxsize=1)
def _group_within_dmn() -> dict:
    """Mean baseline within-DMN connectivity of the patients and of the controls."""
    from ..datasets.loaders import load_group_timeseries
    from ..methods.connectivity import summarise_run

    means = {}
    for group in ("control", "depressed"):
        runs = load_group_timeseries("baseline", group=group)
        means[group] = float(np.mean([summarise_run(frame)["within DMN"] for frame in runs.values()]))
    return means


def madrs_course(participant: str = THREAD_PATIENT) -> pd.Series:
    """The patient's MADRS at each rated session (baseline, 24h, day7, day14)."""
    record = patient_record(participant)
    return pd.Series({session: float(record[f"madrs_{session}"]) for session in SESSION_DAYS})


def patient_numbers(participant: str = THREAD_PATIENT) -> dict:
    """The thread's numbers for a page's prose, ``pt_*`` (SIMULATED): who, rumination, scans, MADRS."""
    from ..datasets.loaders import load_participants

    record = patient_record(participant)
    table = load_participants()
    patients = table[table["group"] == "depressed"]
    controls = table[table["group"] == "control"]
    madrs = madrs_course(participant)
    fall = (madrs["baseline"] - madrs) / madrs["baseline"]
    responding = pd.Series(is_response(madrs["baseline"], madrs.to_numpy()), index=madrs.index)
    remitted = pd.Series(is_remission(madrs.to_numpy()), index=madrs.index)
    connectivity = patient_connectivity(participant)["within DMN"]
    groups = _group_within_dmn()
    medication = record["medication"]
    return {
        "pt_id": Words(participant),
        "pt_age": int(record["age"]),
        "pt_sex": Words(_SEX_WORDS.get(record["sex"], "person")),
        "pt_site": Words(record["site"]),
        "pt_episodes": int(record["episodes"]),
        "pt_medication": Words("no antidepressant" if medication == "none" else "an antidepressant"),
        "pt_rrs": int(record["rrs_total"]),
        "pt_brooding": int(record["rrs_brooding"]),
        "pt_reflection": int(record["rrs_reflection"]),
        "pt_rrs_share_patients": float((patients["rrs_total"] < record["rrs_total"]).mean()),
        "pt_rrs_patients_mean": float(patients["rrs_total"].mean()),
        "pt_rrs_controls_mean": float(controls["rrs_total"].mean()),
        **{f"pt_madrs_{session}": int(madrs[session]) for session in SESSION_DAYS},
        **{f"pt_fall_{session}": float(fall[session]) for session in SESSION_DAYS if session != "baseline"},
        "pt_response_24h": Words("met" if responding["24h"] else "did not meet"),
        "pt_remission_day7": Words("met" if remitted["day7"] else "did not meet"),
        "pt_response_day14": Words("still met" if responding["day14"] else "no longer met"),
        "pt_remission_cutoff": REMISSION_CUTOFF,
        **{f"pt_within_dmn_{session}": float(connectivity[session]) for session in SESSIONS},
        "pt_within_dmn_patients": groups["depressed"],
        "pt_within_dmn_controls": groups["control"],
    }


def session_words(session: str) -> str:
    """A session's name in words ("24 hours after", "during the infusion" …)."""
    return _SESSION_WORDS[session]
