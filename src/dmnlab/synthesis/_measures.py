"""Chapter 8: the popular story read against the evidence register, and the capstone's cohort (SIMULATED).

The story's claims, their rungs on the evidence ladder and their verdicts all come from the evidence
register (:mod:`dmnlab.study.evidence`): change a row there and the chapter's figure, table and
widget follow. The capstone cohort is a fresh simulated study drawn with the learner's own seed.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..course.evidence import describe_study
from ..datasets.cache import kept_on_disk
from ..study.evidence import LADDER, Claim, register
from ..study.protocol import SIMULATED_LABEL, is_response

pd = lazy.load("pandas")

#: The popular story of ketamine and the DMN, claim by claim in the order it is told: register ids.
POPULAR_STORY = (
    "depression-hyperactivation",
    "rumination-dmn-overactivity",
    "ketamine-nmda-antagonist",
    "ketamine-mechanism-glutamate-mtor-synapses",
    "ketamine-rapid-and-transient",
    "ketamine-large-against-saline",
    "ketamine-size-against-active-placebo",
    "ketamine-rapid-cure",
    "ketamine-quiets-the-dmn",
    "ketamine-dmn-normalises-in-responders",
    "clinic-scan-predicts-response",
)
#: Each claim as the popular story tells it (short enough to label a figure).
STORY_WORDS = {
    "depression-hyperactivation": "Depression is an overactive DMN",
    "rumination-dmn-overactivity": "Rumination is DMN overactivity",
    "ketamine-nmda-antagonist": "Ketamine blocks NMDA receptors",
    "ketamine-mechanism-glutamate-mtor-synapses": "A glutamate surge grows new synapses",
    "ketamine-rapid-and-transient": "One infusion helps within a day",
    "ketamine-large-against-saline": "The effect is large (vs saline)",
    "ketamine-size-against-active-placebo": "It beats an active placebo",
    "ketamine-rapid-cure": "The relief lasts",
    "ketamine-quiets-the-dmn": "Ketamine quiets the DMN",
    "ketamine-dmn-normalises-in-responders": "The DMN resets in responders",
    "clinic-scan-predicts-response": "A scan predicts who responds",
}
#: Where each chapter of the course is taught, by register file stem.
CHAPTER_TITLES = {
    "03-depression": "chapter 3", "04-rumination": "chapter 4", "05-ketamine": "chapter 5",
    "06-networks": "chapter 6", "07-clinic": "chapter 7",
}

#: A realistic size for a brain difference in depression: the DMN-core difference of the largest
#: site-by-site meta-analysis, Hedges' g = -0.246 (Tozzi et al. 2021; register row
#: depression-large-samples, which a test checks quotes it).
REALISTIC_BRAIN_EFFECT = 0.246
#: The clinical effect against an active placebo one day after an infusion, d = 0.7 (Wilkinson et al.
#: 2018; register row ketamine-size-against-active-placebo, checked by a test).
ACTIVE_PLACEBO_EFFECT = 0.7
#: Power and significance level of the studies that would settle a verdict.
SETTLING_POWER = 0.8
SETTLING_ALPHA = 0.05

#: The capstone's cohort: as many people as the course cohort, drawn again with the learner's seed.
CAPSTONE_CONTROLS = 36
CAPSTONE_PATIENTS = 60
#: The capstone's prediction: baseline features, folds and the seed of the folds.
CAPSTONE_FEATURES = ("within_dmn",)
CAPSTONE_FOLDS = 5
CAPSTONE_FOLD_SEED = 0


def claim_by_id() -> dict[str, Claim]:
    """Every claim of the register by its id."""
    return {claim.id: claim for claim in register()}


def story_claims(story=POPULAR_STORY) -> list[Claim]:
    """The register rows of the popular story, in story order (a clear error for an unknown id)."""
    rows = claim_by_id()
    missing = [claim_id for claim_id in story if claim_id not in rows]
    if missing:
        raise KeyError(f"not in the evidence register: {missing}")
    return [rows[claim_id] for claim_id in story]


def rung_of(claim: Claim) -> int:
    """The claim's rung on the ladder: 0 (animals) … 6 (replicated in large samples)."""
    return LADDER.index(claim.ladder)


def story_rungs(story=POPULAR_STORY) -> pd.DataFrame:
    """One row per claim of the story: ``words``, ``rung`` (0–6), ``ladder``, ``verdict``, ``chapter``."""
    rows = [{"id": claim.id, "words": STORY_WORDS.get(claim.id, claim.claim), "rung": rung_of(claim),
             "ladder": claim.ladder, "verdict": claim.verdict, "chapter": claim.chapter}
            for claim in story_claims(story)]
    return pd.DataFrame(rows).set_index("id")


def chapter_link(stem: str) -> str:
    """A MyST link to the chapter page where a claim is taught."""
    return f"{{doc}}`{CHAPTER_TITLES.get(stem, stem)} <{stem}>`"


class StoryTable:
    """The popular story against the evidence, as a MyST table rendered from the register."""

    def __init__(self, claims: list[Claim]):
        self.claims = claims

    def markdown(self) -> str:
        lines = ["| # | as popularly told | what the evidence is (who, n, when, design) | strongest rung | verdict | where |",
                 "|---|---|---|---|---|---|"]
        for number, claim in enumerate(self.claims, start=1):
            study = describe_study(claim).replace("|", "/")
            lines.append(f"| {number} | {STORY_WORDS.get(claim.id, claim.claim)} | {study} | {claim.ladder} | "
                         f"**{claim.verdict}** | {chapter_link(claim.chapter)} |")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        return self.markdown()


class StoryDetails(StoryTable):
    """A deep dive (closed dropdown) with each claim's register summary and citations."""

    def markdown(self) -> str:
        lines = ["::::{dropdown} Deep dive: the studies behind each claim of the story",
                 ":class-container: deep-dive", ""]
        for number, claim in enumerate(self.claims, start=1):
            lines += [f"{number}. **{STORY_WORDS.get(claim.id, claim.claim)}** ({claim.verdict}). {claim.summary}", ""]
        lines.append("::::")
        return "\n".join(lines)


def story_table(story=POPULAR_STORY) -> StoryTable:
    """The "popular story vs evidence" table of the page (MyST, from the register)."""
    return StoryTable(story_claims(story))


def story_details(story=POPULAR_STORY) -> StoryDetails:
    """The deep dive with the register's summary of every claim of the story."""
    return StoryDetails(story_claims(story))


def settling_sizes() -> dict:
    """Participants per arm that two settling trials would need (power 0.8, two-sided alpha 0.05)."""
    from ..methods.stats import n_for_power

    return {"brain": n_for_power(REALISTIC_BRAIN_EFFECT, SETTLING_POWER, SETTLING_ALPHA),
            "clinical": n_for_power(ACTIVE_PLACEBO_EFFECT, SETTLING_POWER, SETTLING_ALPHA)}


# --- the capstone cohort ------------------------------------------------------------------------
@dataclass(frozen=True)
class CapstoneCohort:
    """A fresh SIMULATED study drawn with the learner's seed.

    ``participants``: one row per person (``group``, ``age``, ``sex``, ``site``, ``medication``,
    ``madrs_baseline``, ``madrs_24h``, ``responder`` 1/0 at 24 h for patients, ``rrs_total``);
    ``rest``: each person's baseline rest run (volumes × 17 regions); ``rest_24h``: each patient's
    rest run 24 hours after the infusion.
    """

    seed: int
    participants: pd.DataFrame
    rest: dict
    rest_24h: dict
    label: str = SIMULATED_LABEL

    def __repr__(self) -> str:
        groups = self.participants["group"].value_counts()
        return (f"CapstoneCohort(seed={self.seed}: {groups.get('depressed', 0)} patients, "
                f"{groups.get('control', 0)} controls; SIMULATED)")


def _as_seed(seed) -> int:
    from ..course.errors import CourseInputError

    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise CourseInputError(f"MY_SEED should be a whole number, e.g. 8 (got {seed!r}).")
    if not 0 <= int(seed) < 2 ** 32:
        raise CourseInputError(f"MY_SEED should be a whole number from 0 to {2 ** 32 - 1} (got {seed}).")
    return int(seed)


@lru_cache(maxsize=4)
@kept_on_disk   # a seeded simulation: the same for the same code and arguments
def _capstone(seed: int) -> CapstoneCohort:
    from ..cohort.population import simulate_cohort, simulate_participant

    cohort = simulate_cohort(CAPSTONE_CONTROLS, CAPSTONE_PATIENTS, seed=seed)
    columns = ["group", "age", "sex", "site", "medication", "madrs_baseline", "madrs_24h", "rrs_total"]
    table = cohort[columns].copy()
    patient = table["group"] == "depressed"
    responder = is_response(table["madrs_baseline"].to_numpy(dtype=float), table["madrs_24h"].to_numpy(dtype=float))
    table["responder"] = pd.array(np.where(patient, responder.astype(int), -1), dtype="Int64")
    table.loc[~patient, "responder"] = pd.NA
    table.index.name = "participant_id"
    table.attrs.update(study="capstone", seed=seed, simulated=SIMULATED_LABEL)
    rest = {pid: simulate_participant(row) for pid, row in cohort.iterrows()}
    rest_24h = {pid: simulate_participant(row, "24h") for pid, row in cohort[patient].iterrows()}
    return CapstoneCohort(seed, table, rest, rest_24h)


def capstone_cohort(seed: int = 8) -> CapstoneCohort:
    """The capstone's SIMULATED study for ``seed`` (any whole number): 36 controls and 60 patients with
    one ketamine infusion, their baseline rest runs and the patients' 24-h rest runs. Made in memory
    (nothing is written to ``data/``); the same seed gives the same study."""
    return _capstone(_as_seed(seed))


def within_dmn_of(run: pd.DataFrame) -> float:
    """Within-DMN connectivity of one run: the Fisher-z mean of the correlations of the DMN pairs."""
    from ..methods.connectivity import correlation_matrix, within_network_connectivity

    return within_network_connectivity(correlation_matrix(run), "DMN")


@lru_cache(maxsize=8)
def _within_dmn(seed: int, session: str) -> pd.Series:
    cohort = _capstone(seed)
    runs = cohort.rest if session == "baseline" else cohort.rest_24h
    return pd.Series({pid: within_dmn_of(run) for pid, run in runs.items()}, name="within_dmn")


def capstone_within_dmn(cohort: CapstoneCohort, session: str = "baseline") -> pd.Series:
    """Within-DMN connectivity per person of the capstone cohort at ``"baseline"`` or ``"24h"``."""
    return _within_dmn(cohort.seed, session).copy()


def capstone_answers(cohort: CapstoneCohort) -> dict:
    """The capstone's answers for this cohort: ``group`` (Hedges g, patients − controls, with its 95% CI),
    ``paired`` (24 h − baseline in the patients: :func:`dmnlab.methods.stats.paired_effect`), ``cv_auc``."""
    return dict(_answers(cohort.seed))


@lru_cache(maxsize=8)
def _answers(seed: int) -> tuple:
    from ..methods import prediction
    from ..methods.stats import hedges_g, paired_effect

    cohort = _capstone(seed)
    groups = cohort.participants["group"]
    base = _within_dmn(seed, "baseline")
    later = _within_dmn(seed, "24h")
    patients = later.index
    effect = hedges_g(base[groups == "depressed"], base[groups == "control"])
    paired = paired_effect(base[patients], later[patients])
    outcome = cohort.participants.loc[patients, "responder"].astype(int)
    cv = prediction.cross_validated_auc(base[patients].to_frame(), outcome,
                                        cv=prediction.stratified_folds(CAPSTONE_FOLDS, CAPSTONE_FOLD_SEED))
    return (("group", effect), ("paired", paired), ("cv_auc", cv["auc"]))


def register_rungs():
    """Every appraised claim of the course (the whole register) counted by rung and verdict."""
    import pandas as pd

    from ..study.evidence import VERDICTS

    rows = [(row.ladder, row.verdict) for row in register()]
    table = pd.crosstab(pd.Series([r for r, _ in rows], name="rung"), pd.Series([v for _, v in rows], name="verdict"))
    return table.reindex(index=list(LADDER), columns=list(VERDICTS), fill_value=0)
