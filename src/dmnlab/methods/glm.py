"""The general linear model (GLM) for a block-design task, region by region.

A task regressor is the block design (1 during task blocks, 0 at rest)
convolved with the haemodynamic response. Fitting ``signal = β·task + drift +
constant + noise`` by least squares gives one β per region: positive when the
region activates during the task, negative when it *deactivates* (as the DMN does).
The design matrix is built with nilearn's first-level tools.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from .hrf import task_regressor

pd = lazy.load("pandas")


def design_matrix(events: pd.DataFrame, n_volumes: int, tr: float, hrf_model: str = "spm",
                  drift_model: str | None = "cosine", high_pass: float = 0.01) -> pd.DataFrame:
    """nilearn design matrix for a run: task regressor(s) convolved with the HRF, drifts, constant.

    Parameters
    ----------
    events
        BIDS events table with ``onset``, ``duration`` (s) and ``trial_type``.
    n_volumes, tr
        Number of scans and repetition time (s).
    """
    from nilearn.glm.first_level import make_first_level_design_matrix

    missing = {"onset", "duration", "trial_type"} - set(events.columns)
    if missing:
        raise ValueError(f"The events table lacks column(s) {sorted(missing)}; a BIDS events file "
                         "has onset, duration and trial_type.")
    frame_times = np.arange(n_volumes) * tr
    return make_first_level_design_matrix(frame_times, events[["onset", "duration", "trial_type"]],
                                          hrf_model=hrf_model, drift_model=drift_model,
                                          high_pass=high_pass)


def fit_glm(timeseries: pd.DataFrame, design: pd.DataFrame) -> pd.DataFrame:
    """Ordinary least squares fit of every region's signal on the design matrix.

    Returns
    -------
    pandas.DataFrame
        One row per region; columns ``beta_<regressor>`` and ``t_<regressor>`` for
        every regressor of the design.
    """
    y = np.asarray(timeseries, dtype=float)
    x = np.asarray(design, dtype=float)
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"The signal has {y.shape[0]} volumes but the design has {x.shape[0]} rows.")
    beta, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    residuals = y - x @ beta
    dof = x.shape[0] - rank
    sigma2 = (residuals ** 2).sum(axis=0) / dof
    xtx_inv_diag = np.diag(np.linalg.pinv(x.T @ x))
    se = np.sqrt(np.outer(xtx_inv_diag, sigma2))
    names = list(design.columns)
    table = {}
    for index, name in enumerate(names):
        table[f"beta_{name}"] = beta[index]
        table[f"t_{name}"] = beta[index] / se[index]
    return pd.DataFrame(table, index=list(timeseries.columns))


def task_effect(timeseries: pd.DataFrame, events: pd.DataFrame, tr: float,
                condition: str | None = None) -> pd.Series:
    """The task β of every region (signal change per unit of the HRF-convolved task regressor).

    Negative values mean task-induced deactivation.
    """
    condition = condition or str(events["trial_type"].iloc[0])
    design = design_matrix(events, len(timeseries), tr)
    fitted = fit_glm(timeseries, design)
    return fitted[f"beta_{condition}"].rename(f"task effect ({condition})")


def block_betas(timeseries: pd.DataFrame, events: pd.DataFrame, tr: float = 2.0) -> pd.Series:
    """Task effect per node from a two-column GLM (intercept + HRF-convolved blocks).

    Each node's signal is z-scored first, so the betas are in SD units and do
    not depend on signal amplitude. Negative = deactivation during the task.
    Faster and simpler than :func:`task_effect` (no drift regressors, the
    course's own HRF rather than nilearn's design matrix); used to summarise
    many simulated runs, while the chapters teach :func:`task_effect`.
    """
    values = timeseries.to_numpy(dtype=float)
    values = (values - values.mean(axis=0)) / values.std(axis=0)
    design = np.column_stack([np.ones(len(values)), task_regressor(events, len(values), tr)])
    betas = np.linalg.lstsq(design, values, rcond=None)[0][1]
    return pd.Series(betas, index=timeseries.columns, name="task beta (SD units)")
