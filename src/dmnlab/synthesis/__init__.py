"""Chapter 8 — What we know: how ketamine treats depression, and how sure we are.

The popular story of ketamine and the default mode network, claim by claim, placed on the evidence
ladder from the course's evidence register (animals → healthy volunteers → patients, open-label →
randomised against saline → against an active placebo → replicated in large samples); the study
that would settle each weak rung; and the capstone, a fresh SIMULATED cohort drawn with the
learner's own seed and analysed end to end.
"""
from ._exercises import check_cv_auc, check_group_difference, check_paired_change, check_within_dmn
from ._measures import (
    ACTIVE_PLACEBO_EFFECT,
    CAPSTONE_CONTROLS,
    CAPSTONE_FEATURES,
    CAPSTONE_FOLD_SEED,
    CAPSTONE_FOLDS,
    CAPSTONE_PATIENTS,
    CHAPTER_TITLES,
    POPULAR_STORY,
    REALISTIC_BRAIN_EFFECT,
    SETTLING_ALPHA,
    SETTLING_POWER,
    STORY_WORDS,
    CapstoneCohort,
    StoryDetails,
    StoryTable,
    capstone_answers,
    capstone_cohort,
    capstone_within_dmn,
    chapter_link,
    claim_by_id,
    register_rungs,
    rung_of,
    settling_sizes,
    story_claims,
    story_details,
    story_rungs,
    story_table,
    within_dmn_of,
)
from ._page import page_numbers
from ._views import (
    RUNG_LABELS,
    SETTLING_EFFECTS,
    VERDICT_STYLE,
    claim_explorer,
    describe_claim_explorer,
    describe_evidence_ladder,
    describe_register_overview,
    describe_settling_study,
    plot_chance_aucs,
    plot_evidence_ladder,
    plot_register_overview,
    settling_study_explorer,
)

__all__ = [
    # the story and the capstone
    "ACTIVE_PLACEBO_EFFECT", "CAPSTONE_CONTROLS", "CAPSTONE_FEATURES", "CAPSTONE_FOLD_SEED", "CAPSTONE_FOLDS",
    "CAPSTONE_PATIENTS", "CHAPTER_TITLES", "POPULAR_STORY", "REALISTIC_BRAIN_EFFECT", "SETTLING_ALPHA",
    "SETTLING_POWER", "STORY_WORDS", "CapstoneCohort", "StoryDetails", "StoryTable", "capstone_answers",
    "capstone_cohort", "capstone_within_dmn", "chapter_link", "claim_by_id", "rung_of", "settling_sizes",
    "story_claims", "story_details", "story_rungs", "story_table", "within_dmn_of",
    # figures and widgets
    "RUNG_LABELS", "SETTLING_EFFECTS", "VERDICT_STYLE", "claim_explorer", "describe_claim_explorer",
    "describe_evidence_ladder", "describe_register_overview", "describe_settling_study", "plot_chance_aucs",
    "plot_evidence_ladder", "plot_register_overview", "register_rungs", "settling_study_explorer",
    # exercises
    "check_cv_auc", "check_group_difference", "check_paired_change", "check_within_dmn",
    # the page
    "page_numbers",
]
