"""REAL case–control effect sizes of the ENIGMA Major Depressive Disorder working group.

The files in ``data/real/enigma-mdd/`` are the ENIGMA Toolbox's summary statistics (BSD-3; their
README gives the citations and a data dictionary): Cohen's d of patients minus controls for every
cortical region's thickness and surface area and for 7 subcortical structures and the lateral
ventricles, pooled over about 1,700–2,100 patients and 7,000–8,000 controls. They are STRUCTURAL
measures (grey matter), not functional connectivity: the course uses them to show how large real,
large-sample effects in depression are.

The reader handles the files' quirks: the subcortical files repeat one bilateral value on the L and
R rows (each structure is counted once), their first header is misspelt (``SuborticalVolume``),
some p-value and interval cells are empty, and p-values use ``4.60E-04`` notation.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy

from ..course.errors import CourseInputError
from .files import DataFileError, real_data_dir, verify_checksum

pd = lazy.load("pandas")

FOLDER = "enigma-mdd"
#: ``(measure, group)`` → file name.
FILES = {
    ("thickness", "adult"): "mddadult_case-controls_CortThick.csv",
    ("thickness", "first episode"): "mddadult_case-controls_CortThick_firstepisode.csv",
    ("thickness", "recurrent"): "mddadult_case-controls_CortThick_recurrent.csv",
    ("thickness", "adolescent"): "mddadolescent_case-controls_CortThick.csv",
    ("surface area", "adult"): "mddadult_case-controls_CortSurf.csv",
    ("subcortical", "all"): "mdd_case-controls_SubVol.csv",
    ("subcortical", "first episode"): "mddfirstepisode_case-controls_SubVol.csv",
    ("subcortical", "recurrent"): "mddrecurrent_case-controls_SubVol.csv",
}
#: Plain names of the subcortical structures (the files' codes without the hemisphere letter).
SUBCORTICAL_NAMES = {"accumb": "nucleus accumbens", "amyg": "amygdala", "caud": "caudate", "hippo": "hippocampus",
                     "pal": "pallidum", "put": "putamen", "thal": "thalamus", "LatVent": "lateral ventricle"}
CITATION = ("ENIGMA Major Depressive Disorder working group: Schmaal et al. 2016, Mol Psychiatry 21:806–812, "
            "doi:10.1038/mp.2015.69 (subcortical); Schmaal et al. 2017, Mol Psychiatry 22:900–909, "
            "doi:10.1038/mp.2016.60 (cortical); via the ENIGMA Toolbox (Larivière et al. 2021, Nat Methods "
            "18:698–700, doi:10.1038/s41592-021-01186-4), BSD-3 licence")
REAL_LABEL = "REAL data: ENIGMA-MDD case–control effect sizes (structural MRI)"
COLUMNS = ("structure", "hemisphere", "d", "se", "ci_low", "ci_high", "n_controls", "n_patients", "p", "p_fdr")


def _split_hemisphere(code: str, subcortical: bool) -> tuple[str, str]:
    if subcortical:
        hemisphere, name = code[0], code[1:]
        return SUBCORTICAL_NAMES.get(name, name), {"L": "left", "R": "right"}.get(hemisphere, "both")
    hemisphere, _, name = code.partition("_")
    return name, {"L": "left", "R": "right"}.get(hemisphere, "both")


@lru_cache(maxsize=None)
def _read(measure: str, group: str) -> pd.DataFrame:
    name = FILES[(measure, group)]
    folder = real_data_dir() / FOLDER
    path = verify_checksum(name, folder)
    raw = pd.read_csv(path)
    first = raw.columns[0]
    raw = raw.rename(columns={first: "comparison"})       # "SuborticalVolume" (sic), "CorticalThickness", …
    subcortical = measure == "subcortical"
    names = [_split_hemisphere(code, subcortical) for code in raw["Structure"]]
    table = pd.DataFrame({
        "structure": [n for n, _ in names], "hemisphere": [h for _, h in names],
        "d": pd.to_numeric(raw["d_icv"], errors="coerce"), "se": pd.to_numeric(raw["se_icv"], errors="coerce"),
        "ci_low": pd.to_numeric(raw["low_ci_icv"], errors="coerce"),
        "ci_high": pd.to_numeric(raw["up_ci_icv"], errors="coerce"),
        "n_controls": pd.to_numeric(raw["n_controls"], errors="coerce").astype("Int64"),
        "n_patients": pd.to_numeric(raw["n_patients"], errors="coerce").astype("Int64"),
        "p": pd.to_numeric(raw["pobs"], errors="coerce"),
        "p_fdr": pd.to_numeric(raw["fdr_p"], errors="coerce"),
    })
    if table["d"].isna().any():
        raise DataFileError(path, "a row has no effect size (d_icv).")
    if subcortical:
        # One bilateral value per structure, written on both the L and the R row: count it once.
        values = ["d", "se", "ci_low", "ci_high", "n_controls", "n_patients", "p"]
        for structure, rows in table.groupby("structure"):
            if len(rows) == 2 and not rows[values].iloc[0].equals(rows[values].iloc[1]):
                raise DataFileError(path, f"the L and R rows of {structure} differ; the reader expects one "
                                          "bilateral value written twice.")
        table = table.drop_duplicates("structure", keep="first").assign(hemisphere="both")
    table.attrs.update(measure=measure, group=group, source=CITATION, label=REAL_LABEL)
    return table.reset_index(drop=True)


def load_enigma(measure: str = "thickness", group: str = "adult") -> pd.DataFrame:
    """ENIGMA-MDD effect sizes (REAL): one row per region or structure.

    Parameters
    ----------
    measure
        "thickness", "surface area" or "subcortical".
    group
        For thickness: "adult", "first episode", "recurrent", "adolescent"; surface area: "adult";
        subcortical: "all", "first episode", "recurrent".

    Returns
    -------
    DataFrame with columns ``structure``, ``hemisphere`` (left/right, or both for subcortical
    structures, counted once), ``d`` (patients − controls), ``se``, ``ci_low``, ``ci_high`` (NaN
    where the file has none), ``n_controls``, ``n_patients``, ``p``, ``p_fdr``.
    """
    if (measure, group) not in FILES:
        options = ", ".join(f"({m!r}, {g!r})" for m, g in FILES)
        raise CourseInputError(f"No ENIGMA-MDD file for measure={measure!r}, group={group!r}; the files are: "
                               f"{options}.")
    return _read(measure, group).copy()
