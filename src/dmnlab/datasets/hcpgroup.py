"""REAL group connectivity of the Human Connectome Project on a real cortex (via brainspace's files).

The ``brainspace`` package on PyPI (BSD-3) ships, as plain files, what the course needs to show the
DMN on a real brain: HCP group-average functional-connectivity matrices for the Schaefer 100–400
parcellations (a ``main`` group and a ``holdout`` replication group), the Schaefer parcellations on
the conte69 32k cortical surface, that surface's meshes (GIfTI), and the principal connectivity
gradient of the main group. It is installed *without its dependencies* and never imported: the
files are read with NumPy and nibabel (brainspace's VTK dependency is not needed).

The parcels' names and 7-network labels ship with the course (``data/real/schaefer-labels``, BSD-3,
Schaefer et al. 2018): row ``k`` of a matrix is parcel ``k`` in the label file, and vertex value
``k`` of a parcellation is that parcel (``0`` marks the medial wall) — a test checks both against
the data.

The HCP data are used under the HCP Open Access Data Use Terms (:data:`HCP_TERMS`); they are not
under the course's licence.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import lazy_loader as lazy
import numpy as np

from ..course.errors import CourseInputError
from ..methods.connectivity import fisher_mean
from .files import real_data_dir, verify_checksum
from .hcp import RealDataMissing

pd = lazy.load("pandas")

PARCELLATIONS = (100, 200, 300, 400)
SAMPLES = ("main", "holdout")
#: The Schaefer 7-network codes (the third field of a parcel name) and their plain names.
NETWORK_NAMES = {"Vis": "visual", "SomMot": "somatomotor", "DorsAttn": "dorsal attention",
                 "SalVentAttn": "salience / ventral attention", "Limbic": "limbic",
                 "Cont": "frontoparietal control", "Default": "default mode"}
#: Vertices per hemisphere of the conte69 32k surface.
N_VERTICES = 32492
BRAINSPACE_VERSION = "0.3.0"
REAL_LABEL = "REAL data: Human Connectome Project group connectivity (via brainspace)"
HCP_TERMS = (
    "Data were provided by the Human Connectome Project, WU-Minn Consortium (Principal Investigators: "
    "David Van Essen and Kamil Ugurbil; 1U54MH091657) funded by the 16 NIH Institutes and Centers that "
    "support the NIH Blueprint for Neuroscience Research; and by the McDonnell Center for Systems "
    "Neuroscience at Washington University. The HCP-derived files are used under the HCP Open Access "
    "Data Use Terms; they are not covered by the course's licence, and anyone who uses them beyond this "
    "course must register with the HCP and accept those terms."
)
CITATION = ("Vos de Wael et al. 2020, BrainSpace, Commun Biol 3:103, doi:10.1038/s42003-020-0794-7 (the files); "
            "Schaefer et al. 2018, Cereb Cortex 28:3095–3114, doi:10.1093/cercor/bhx179 (the parcellation); "
            "Margulies et al. 2016, PNAS 113:12574–12579, doi:10.1073/pnas.1608282113 (the gradient)")


def brainspace_folder() -> Path:
    """The ``datasets`` folder inside the installed brainspace package (found without importing it)."""
    spec = importlib.util.find_spec("brainspace")
    if spec is None or not spec.submodule_search_locations:
        raise RealDataMissing(
            "The real HCP group connectivity comes with the Python package 'brainspace', which is not "
            f"installed. Install it without its dependencies: pip install --no-deps brainspace=={BRAINSPACE_VERSION}"
            "   (make lab and make test do this for you).")
    folder = Path(list(spec.submodule_search_locations)[0]) / "datasets"
    if not (folder / "matrices" / "main_group").is_dir():
        raise RealDataMissing(f"brainspace is installed but has no data folder at {folder}; reinstall it: "
                              f"pip install --no-deps --force-reinstall brainspace=={BRAINSPACE_VERSION}")
    return folder


def _check_parcels(n_parcels) -> int:
    if n_parcels not in PARCELLATIONS:
        raise CourseInputError(f"n_parcels must be one of {PARCELLATIONS}, not {n_parcels!r}.")
    return int(n_parcels)


@lru_cache(maxsize=None)
def schaefer_labels(n_parcels: int = 400) -> pd.DataFrame:
    """The Schaefer parcels in file order: ``label``, ``hemisphere`` (left/right), ``network`` (code),
    ``network_name`` (plain words) and ``parcel`` (1-based: the parcellation's vertex value)."""
    n_parcels = _check_parcels(n_parcels)
    name = f"funcLabels_ctx_schaefer_{n_parcels}.csv"
    path = verify_checksum(name, real_data_dir() / "schaefer-labels")
    labels = [item.strip() for item in path.read_text("utf-8").replace("\n", ",").split(",") if item.strip()]
    if len(labels) != n_parcels:
        raise CourseInputError(f"{path} lists {len(labels)} parcels, not {n_parcels}.")
    parts = [label.split("_") for label in labels]
    table = pd.DataFrame({
        "parcel": np.arange(1, n_parcels + 1), "label": labels,
        "hemisphere": [{"LH": "left", "RH": "right"}[p[1]] for p in parts],
        "network": [p[2] for p in parts],
    })
    table["network_name"] = table["network"].map(NETWORK_NAMES)
    return table


@lru_cache(maxsize=None)
def _matrix(n_parcels: int, sample: str) -> np.ndarray:
    path = brainspace_folder() / "matrices" / f"{sample}_group" / f"schaefer_{n_parcels}_mean_connectivity_matrix.csv"
    values = np.loadtxt(path, delimiter=",")
    if values.shape != (n_parcels, n_parcels):
        raise CourseInputError(f"{path} has shape {values.shape}, not {n_parcels} × {n_parcels}.")
    return values


def group_connectivity(n_parcels: int = 400, sample: str = "main") -> pd.DataFrame:
    """The HCP group-average connectivity matrix (REAL), rows and columns named by Schaefer parcel.

    ``sample``: "main" (the group brainspace's tutorials use) or "holdout" (an independent group, for
    replication). Values are the group's mean correlations as brainspace ships them (diagonal 1).
    """
    n_parcels = _check_parcels(n_parcels)
    if sample not in SAMPLES:
        raise CourseInputError(f"sample must be one of {SAMPLES}, not {sample!r}.")
    labels = schaefer_labels(n_parcels)["label"]
    frame = pd.DataFrame(_matrix(n_parcels, sample).copy(), index=labels.to_numpy(), columns=labels.to_numpy())
    frame.attrs.update(label=REAL_LABEL, sample=sample, source=CITATION)
    return frame


@lru_cache(maxsize=None)
def surface_parcellation(n_parcels: int = 400) -> np.ndarray:
    """Each conte69 vertex's Schaefer parcel (both hemispheres, left first; 0 = medial wall)."""
    n_parcels = _check_parcels(n_parcels)
    values = np.loadtxt(brainspace_folder() / "parcellations" / f"schaefer_{n_parcels}_conte69.csv").astype(int)
    if values.shape != (2 * N_VERTICES,):
        raise CourseInputError(f"The parcellation has {values.shape} vertices, not {2 * N_VERTICES}.")
    return values


@lru_cache(maxsize=None)
def surface_mesh(hemisphere: str = "left") -> tuple[np.ndarray, np.ndarray]:
    """``(coordinates, faces)`` of the conte69 32k midthickness surface of one hemisphere (nibabel)."""
    import nibabel as nib

    code = {"left": "lh", "right": "rh"}.get(hemisphere)
    if code is None:
        raise CourseInputError(f"hemisphere must be 'left' or 'right', not {hemisphere!r}.")
    image = nib.load(str(brainspace_folder() / "surfaces" / f"conte69_32k_{code}.gii"))
    coordinates, faces = (array.data for array in image.darrays[:2])
    return np.asarray(coordinates, dtype=float), np.asarray(faces, dtype=int)


@lru_cache(maxsize=None)
def principal_gradient() -> np.ndarray:
    """The principal gradient of the HCP main group's connectivity at each conte69 vertex (NaN on the
    medial wall), as brainspace ships it (Margulies et al. 2016's method)."""
    values = np.loadtxt(brainspace_folder() / "matrices" / "main_group" / "conte69_32k_fc_gradient0.csv")
    if values.shape != (2 * N_VERTICES,):
        raise CourseInputError(f"The gradient has {values.shape} values, not {2 * N_VERTICES}.")
    return values


def hemisphere_values(values: np.ndarray, hemisphere: str) -> np.ndarray:
    """The left or right half of a both-hemispheres vertex array."""
    values = np.asarray(values)
    return values[:N_VERTICES] if hemisphere == "left" else values[N_VERTICES:]


def parcel_values_on_surface(parcel_values, n_parcels: int = 400) -> np.ndarray:
    """Paint one value per parcel (file order) onto the surface's vertices (NaN on the medial wall)."""
    parcel_values = np.asarray(parcel_values, dtype=float)
    if parcel_values.shape != (n_parcels,):
        raise CourseInputError(f"Give one value per parcel ({n_parcels}), not {parcel_values.shape}.")
    parcels = surface_parcellation(n_parcels)
    painted = np.full(parcels.shape, np.nan)
    inside = parcels > 0
    painted[inside] = parcel_values[parcels[inside] - 1]
    return painted


def network_blocks(matrix: pd.DataFrame, n_parcels: int = 400, fisher: bool = True) -> pd.DataFrame:
    """Mean connectivity within and between the 7 networks (off-diagonal cells; Fisher-z averaged)."""
    labels = schaefer_labels(n_parcels)
    networks = list(NETWORK_NAMES)
    values = matrix.to_numpy(dtype=float)
    codes = labels["network"].to_numpy()
    out = pd.DataFrame(index=networks, columns=networks, dtype=float)
    for a in networks:
        for b in networks:
            rows, cols = np.where(codes == a)[0], np.where(codes == b)[0]
            block = values[np.ix_(rows, cols)]
            if a == b:
                block = block[~np.eye(len(rows), dtype=bool)]
            block = block.ravel()
            out.loc[a, b] = fisher_mean(block) if fisher else float(block.mean())
    return out
