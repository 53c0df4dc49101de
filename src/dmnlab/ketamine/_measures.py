"""Chapter 5's data and science: the SIMULATED patients' sessions, paired changes, response and
remission, simulated trials and the example signal of the sample-entropy widget."""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..course.errors import CourseInputError
from ..datasets.cache import kept_with_data
from ..study.nodes import DMN_NODES, NETWORKS
from ..study.protocol import REMISSION_CUTOFF, SESSION_DAYS, SESSIONS, SIMULATED_NOTE, is_remission, is_response

pd = lazy.load("pandas")

#: Response rates of a patient-level model of 9 trials (Wilkinson et al. 2019): ketamine about
#: 45%, midazolam (an active placebo) 18%, saline 1%.
RESPONSE_RATES = {"ketamine": 0.45, "active placebo": 0.18, "saline": 0.01}
#: Plain names of the two groups of patients (response at 24 h).
GROUP_LABELS = {"responder": "responders", "non-responder": "non-responders"}
_MEASURES = ("within_dmn", "between_networks", "dmn_sgacc", "mpfc_share", "entropy")

#: Where a step of the proposed mechanism was shown (the mechanism diagram's labels).
EVIDENCE_LEVELS = {
    "rodents": "shown in rodents only",
    "people": "seen in people",
    "not confirmed": "tested in people, not confirmed",
}
#: The proposed chain from ketamine to new synapses (zanos2018), then the mood effect it is meant to
#: explain: (step, where it was shown, what was found, sources). The people in the notes are those of
#: the register's claims "ketamine-mechanism-glutamate-mtor-synapses" and "ketamine-rapid-and-transient".
MECHANISM_STEPS = (
    ("Ketamine blocks NMDA receptors on inhibitory interneurons", "rodents",
     "receptor block: cells and animals; the interneuron account: rodents", ("zanos2018",)),
    ("Excitatory neurons lose their brake (disinhibition)", "rodents",
     "rodent experiments", ("zanos2018",)),
    ("A surge of glutamate in the prefrontal cortex", "people",
     "rose during the infusion in 8 patients (no placebo); no change found at 24 h", ("milak2016", "evans2018mrs")),
    ("Glutamate activates AMPA receptors", "rodents",
     "rodent experiments", ("zanos2018",)),
    ("BDNF release and mTOR signalling", "not confirmed",
     "rats; in 20 patients, blocking mTOR (rapamycin) did not block the effect", ("li2010", "abdallah2020")),
    ("New synapses (spines) in the prefrontal cortex", "rodents",
     "rats and mice; cannot be counted in a living human brain", ("li2010", "modasava2019")),
    ("Depression ratings improve within hours", "people",
     "patients, randomised trials; the link from new synapses is not shown", ("zarate2006", "newport2015")),
)


# =====================================================================================
# Data
# =====================================================================================
def _run_measures(frame: pd.DataFrame) -> dict:
    from ..methods.complexity import sample_entropy
    from ..methods.connectivity import summarise_run

    summary = summarise_run(frame)
    dmn = frame[list(DMN_NODES)].to_numpy(dtype=float)
    standardised = (dmn - dmn.mean(axis=0)) / dmn.std(axis=0)
    return {
        "within_dmn": summary["within DMN"], "between_networks": summary["between networks"],
        "dmn_sgacc": summary["DMN–sgACC"],
        "mpfc_share": float(np.log(frame["mPFC"].std() / frame.std().median())),
        "entropy": float(np.mean(sample_entropy(standardised))),
    }


@lru_cache(maxsize=1)
def _patient_runs() -> dict:
    """{(participant, session): rest run} for every patient and session, read once."""
    from ..datasets.loaders import load_group_timeseries

    return {(pid, session): frame for session in SESSIONS
            for pid, frame in load_group_timeseries(session, group="depressed").items()}


def _patients() -> pd.DataFrame:
    from ..datasets.loaders import load_participants

    participants = load_participants()
    return participants[participants["group"] == "depressed"]


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def session_table() -> pd.DataFrame:
    """One row per patient and session, with the chapter's measures (SIMULATED).

    Columns ``participant_id``, ``session``, ``response`` (at 24 h), ``within_dmn``,
    ``between_networks``, ``dmn_sgacc`` (mean r), ``mpfc_share`` (log of the mPFC signal's SD
    over the median node SD: an amplitude measure that does not depend on the run's overall
    scale), ``entropy`` (mean sample entropy of the standardised DMN signals, m = 2, r = 0.2)
    and ``madrs`` (missing during the infusion, when no rating was made).
    """
    patients = _patients()
    runs = _patient_runs()
    rows = []
    for pid, patient in patients.iterrows():
        for session in SESSIONS:
            row = {"participant_id": pid, "session": session, "response": str(patient["response"])}
            row.update(_run_measures(runs[(pid, session)]))
            row["madrs"] = np.nan if session == "infusion" else float(patient[f"madrs_{session}"])
            rows.append(row)
    table = pd.DataFrame(rows)
    table["session"] = pd.Categorical(table["session"], categories=list(SESSIONS), ordered=True)
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


def madrs_ratings() -> pd.DataFrame:
    """Each patient's MADRS at baseline, 24 h, day 7 and day 14: the ratings only, one row per patient
    (SIMULATED). Response and remission are left for you to work out (:func:`madrs_course` has them)."""
    patients = _patients()
    table = pd.DataFrame({session: patients[f"madrs_{session}"].astype(float) for session in SESSION_DAYS})
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


def madrs_course() -> pd.DataFrame:
    """Each patient's MADRS at baseline, 24 h, day 7 and day 14, with response and remission flags."""
    patients = _patients()
    table = madrs_ratings()
    for session in ("24h", "day7", "day14"):
        table[f"response_{session}"] = is_response(table["baseline"], table[session])
        table[f"remission_{session}"] = is_remission(table[session])
    table["response"] = patients["response"].astype(str)
    return table


# =====================================================================================
# Science
# =====================================================================================
def paired_change(measure: str = "within_dmn", session: str = "infusion", table: pd.DataFrame | None = None) -> dict:
    """Change of a measure from baseline to ``session`` in the same patients (paired)."""
    from ..methods.stats import paired_effect

    table = session_table() if table is None else table
    if measure not in table.columns:
        raise CourseInputError(f"Unknown measure {measure!r}; choose one of {list(_MEASURES)}.")
    if session not in SESSIONS or session == "baseline":
        raise CourseInputError(f"Unknown session {session!r}; choose one of {list(SESSIONS[1:])}.")
    wide = table.pivot(index="participant_id", columns="session", values=measure)
    return paired_effect(wide["baseline"], wide[session])


def response_summary() -> dict:
    """Response (≥ 50% fall) and remission (≤ :data:`~dmnlab.study.protocol.REMISSION_CUTOFF`) over
    two weeks (SIMULATED)."""
    course = madrs_course()
    return {
        "response_24h": float(course["response_24h"].mean()),
        "remission_24h": float(course["remission_24h"].mean()),
        "response_day7": float(course["response_day7"].mean()),
        "response_day14": float(course["response_day14"].mean()),
        "mean_change_24h": float((course["24h"] - course["baseline"]).mean()),
        "n": int(len(course)), "remission_cutoff": REMISSION_CUTOFF,
    }


@lru_cache(maxsize=16)
def trial_differences(comparison: str = "saline", n_per_arm: int = 30, n_trials: int = 1000, seed: int = 0) -> dict:
    """Simulated two-arm trials: ketamine vs saline or vs an active placebo (response rates of
    :data:`RESPONSE_RATES`). Returns the true and observed response-rate differences and the
    share of trials with p < 0.05 (two-proportion z-test)."""
    from scipy import stats as scipy_stats

    if comparison not in ("saline", "active placebo"):
        raise CourseInputError(f"Unknown comparison {comparison!r}; choose 'saline' or 'active placebo'.")
    rng = np.random.default_rng([seed, int(n_per_arm), comparison == "saline"])
    drug = rng.binomial(n_per_arm, RESPONSE_RATES["ketamine"], n_trials) / n_per_arm
    control = rng.binomial(n_per_arm, RESPONSE_RATES[comparison], n_trials) / n_per_arm
    pooled = (drug + control) / 2
    se = np.sqrt(np.maximum(pooled * (1 - pooled) * 2 / n_per_arm, 1e-12))
    p = 2 * scipy_stats.norm.sf(np.abs(drug - control) / se)
    return {"true_difference": RESPONSE_RATES["ketamine"] - RESPONSE_RATES[comparison],
            "observed": drug - control, "share_significant": float(np.mean(p < 0.05)),
            "comparison": comparison, "n_per_arm": int(n_per_arm)}


def simulated_trial(comparison: str = "active placebo", n_per_arm: int = 50, seed: int = 2) -> pd.DataFrame:
    """One simulated two-arm trial, patient by patient (SIMULATED): each patient's ``arm``
    (``"ketamine"`` or ``comparison``) and MADRS at ``baseline`` and ``24h``.

    Each patient responds (a fall of at least half of their baseline score) with the arm's rate in
    :data:`RESPONSE_RATES`, so one trial's response rates scatter around those rates.
    """
    if comparison not in ("saline", "active placebo"):
        raise CourseInputError(f"Unknown comparison {comparison!r}; choose 'saline' or 'active placebo'.")
    rng = np.random.default_rng([seed, int(n_per_arm), comparison == "saline", 5])
    arms = np.repeat(["ketamine", comparison], n_per_arm)
    baseline = np.clip(np.round(rng.normal(32, 5.5, arms.size)), 22, 50)
    responds = rng.random(arms.size) < np.where(arms == "ketamine", RESPONSE_RATES["ketamine"],
                                                  RESPONSE_RATES[comparison])
    # A responder keeps at most half of the baseline score (rounded down), a non-responder more than half.
    kept = np.where(responds, rng.uniform(0.05, 0.5, arms.size), rng.uniform(0.55, 1.15, arms.size))
    at_24h = np.where(responds, np.floor(baseline * kept), np.ceil(baseline * kept))
    table = pd.DataFrame({"arm": arms, "baseline": baseline, "24h": np.clip(at_24h, 0, 60)},
                         index=pd.Index([f"pt-{i + 1:03d}" for i in range(arms.size)], name="patient"))
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


@lru_cache(maxsize=8)
def example_signal(persistence: float = 0.8, noise: float = 0.0, n: int = 300, seed: int = 7) -> np.ndarray:
    """A slow random signal (AR(1) with this persistence) plus white noise, standardised.

    ``seed`` picks the random draw (the widget, the page's examples and the lab use 7).
    """
    from scipy.signal import lfilter

    rng = np.random.default_rng(seed)
    slow = lfilter([1.0], [1.0, -persistence], rng.standard_normal(n + 200))[200:]
    slow = slow / slow.std()
    signal = slow + noise * rng.standard_normal(n)
    return (signal - signal.mean()) / signal.std()


# =====================================================================================
# Network matrices of the patient-week widget
# =====================================================================================
@lru_cache(maxsize=1)
def _network_pairs() -> dict:
    from ..methods.connectivity import pair_indices
    from ..study.nodes import NODE_LABELS

    return {(i, j): pair_indices(NODE_LABELS, NETWORKS[i], NETWORKS[j])
            for i in range(len(NETWORKS)) for j in range(len(NETWORKS))}


def _network_matrix(frame: pd.DataFrame) -> np.ndarray:
    """Network-by-network mean r (Fisher-z averaged), NumPy only (fast)."""
    from ..methods.connectivity import fisher_mean

    corr = np.corrcoef(frame.to_numpy(dtype=float), rowvar=False)
    matrix = np.full((len(NETWORKS), len(NETWORKS)), np.nan)
    for (i, j), (rows, cols) in _network_pairs().items():
        if rows.size:
            matrix[i, j] = fisher_mean(corr[rows, cols])
    return matrix


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def _group_network_matrices() -> dict:
    """{(session, response): mean 4×4 network matrix (Fisher-z averaged over patients)} (SIMULATED)."""
    patients = _patients()
    runs = _patient_runs()
    result = {}
    for status in GROUP_LABELS:
        ids = patients.index[patients["response"] == status]
        for session in SESSIONS:
            z = [np.arctanh(np.clip(_network_matrix(runs[(pid, session)]), -0.999, 0.999)) for pid in ids]
            result[(session, status)] = np.tanh(np.mean(z, axis=0))
    return result
