"""Patients vs controls on one measure: the comparison chapters 3 and 6 make."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course.errors import CourseInputError
from ..study.protocol import GROUPS

pd = lazy.load("pandas")

CONTROL, PATIENT = GROUPS


def split_groups(table: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """``(patients, controls)``: the values of ``column`` in each group of ``table`` (column ``group``)."""
    if column not in table.columns:
        measures = [name for name in table.columns if name not in ("participant_id", "group", "session")]
        raise CourseInputError(f"Unknown measure {column!r}; choose one of {measures}.")
    patients = table.loc[table["group"] == PATIENT, column].to_numpy(dtype=float)
    controls = table.loc[table["group"] == CONTROL, column].to_numpy(dtype=float)
    return patients, controls


def compare_groups(table: pd.DataFrame, column: str, n_permutations: int = 10_000, seed: int = 0) -> dict:
    """Patients minus controls on one measure: Hedges' g with its 95% CI and a permutation test.

    Returns
    -------
    dict
        ``effect`` (:class:`dmnlab.methods.stats.EffectSize`), ``permutation``
        (:class:`dmnlab.methods.stats.PermutationResult`) and its ``p_permutation`` (two-sided),
        group means (``mean_patients``, ``mean_controls``), sizes (``n_patients``, ``n_controls``)
        and the ``measure``.
    """
    from ..methods import stats

    patients, controls = split_groups(table, column)
    effect = stats.hedges_g(patients, controls)
    permutation = stats.permutation_test(patients, controls, n_permutations, seed=seed)
    return {"effect": effect, "permutation": permutation, "p_permutation": permutation.p_value,
            "mean_patients": float(patients.mean()), "mean_controls": float(controls.mean()),
            "n_patients": int(patients.size), "n_controls": int(controls.size), "measure": column}
