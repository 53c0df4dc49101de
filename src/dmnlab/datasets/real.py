"""Optional real data: the course's node time series from an open fMRI dataset.

For learners who are online, :func:`fetch_real_timeseries` downloads a few
participants of nilearn's *development fMRI* dataset (Richardson et al. 2018;
OpenNeuro ds000228, downsampled to 4 mm by nilearn, TR = 2 s) and extracts the
same 17 node signals as the simulated cohort, with a 6-mm sphere around each
node's MNI coordinate (:class:`nilearn.maskers.NiftiSpheresMasker`).

Two honest caveats for learners: these participants watched a short animated
film during the scan (a "naturalistic" run, not strict rest), and they are
healthy adults and children — there are no patients and no ketamine here.

Offline, nothing is downloaded: :func:`fetch_real_timeseries` checks the
connection first and, within a few seconds, raises :class:`RealDataUnavailable`
saying that the course uses the simulated cohort instead.
:func:`fetch_real_or_simulated` does that fallback for you.
"""
from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import lazy_loader as lazy

from ..course.errors import CourseInputError
from ..study.nodes import NODE_LABELS, NODE_SPECS

pd = lazy.load("pandas")

#: Host the nilearn development-fMRI files are served from (Open Science Framework).
DATASET_HOST = "osf.io"
#: Sphere radius (mm) around each node's coordinate.
SPHERE_RADIUS_MM = 6.0
REAL_SOURCE = ("nilearn development fMRI dataset (Richardson et al. 2018; OpenNeuro ds000228): "
               "healthy participants watching a short film, 4-mm images, TR = 2 s")
FALLBACK_NOTE = ("The course uses its simulated cohort instead (dmnlab.cohort: SIMULATED DATA), "
                 "which needs no download.")


class RealDataUnavailable(CourseInputError, RuntimeError):
    """The real dataset cannot be fetched (offline, or the download failed).

    The message says why and that the simulated cohort is used instead.
    """


def is_online(host: str = DATASET_HOST, port: int = 443, timeout: float = 3.0) -> bool:
    """True if a TCP connection to ``host:port`` opens within ``timeout`` seconds.

    Runs in a background thread so that a slow name lookup cannot block for
    longer than ``timeout`` either. Any error (no network, blocked socket)
    counts as offline.
    """
    result = {"online": False}

    def attempt():
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result["online"] = True
        except Exception:  # noqa: BLE001 — any failure means "not reachable"
            result["online"] = False

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result["online"]) and not thread.is_alive()


def _cached_files(data_dir) -> int:
    """Number of functional images nilearn already holds for this dataset (0 if none)."""
    try:
        from nilearn.datasets.utils import get_data_dirs

        roots = [Path(data_dir)] if data_dir is not None else [Path(p) for p in get_data_dirs()]
    except Exception:  # noqa: BLE001
        return 0
    return sum(len(list((root / "development_fmri").rglob("*.nii.gz"))) for root in roots
               if (root / "development_fmri").is_dir())


def _default_fetcher(**kwargs):
    from nilearn.datasets import fetch_development_fmri

    return fetch_development_fmri(**kwargs)


def extract_node_timeseries(func_img, confounds=None, t_r: float = 2.0,
                            radius: float = SPHERE_RADIUS_MM) -> pd.DataFrame:
    """Mean signal in a sphere around each course node, cleaned like the nilearn examples.

    Parameters
    ----------
    func_img
        A 4-D NIfTI image (path or image) in MNI space.
    confounds
        Confound table or path (e.g. motion parameters), or ``None``.
    t_r
        Repetition time (s).
    radius
        Sphere radius (mm). The right hippocampus and amygdala spheres are
        closer than two radii, so overlap is allowed (they share a few voxels).

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (s), one z-scored column per node in ``NODE_LABELS`` order.
    """
    import numpy as np
    from nilearn.maskers import NiftiSpheresMasker

    masker = NiftiSpheresMasker(
        seeds=[spec.mni for spec in NODE_SPECS], radius=radius, allow_overlap=True,
        standardize="zscore_sample", detrend=True, high_pass=0.01, low_pass=0.1, t_r=t_r,
    )
    signals = masker.fit_transform(func_img, confounds=confounds)
    index = pd.Index(np.round(np.arange(signals.shape[0]) * t_r, 3), name="time")
    return pd.DataFrame(signals, columns=list(NODE_LABELS), index=index)


def fetch_real_timeseries(n_subjects: int = 1, fetcher: Callable | None = None,
                          timeout: float = 5.0, data_dir=None,
                          online_check: Callable[[float], bool] | None = None,
                          radius: float = SPHERE_RADIUS_MM) -> list[pd.DataFrame]:
    """Download real fMRI runs (adults) and extract the course's 17 node time series.

    Needs a network connection the first time (nilearn caches the files, by
    default in ``~/nilearn_data``). Before anything is downloaded, the
    connection is checked: offline, this fails within ``timeout`` seconds.

    Parameters
    ----------
    n_subjects
        Number of adult participants (1–33).
    fetcher
        The dataset fetcher; default :func:`nilearn.datasets.fetch_development_fmri`.
        Called with ``n_subjects``, ``data_dir``, ``age_group="adults"`` and
        ``verbose=0``; must return an object with ``func`` (image paths),
        ``confounds`` (paths or ``None``), ``phenotypic`` and ``t_r``.
    timeout
        Seconds allowed for the connection check.
    data_dir
        Where nilearn keeps its downloads.
    online_check
        ``online_check(timeout) -> bool``; default :func:`is_online`. Skipped
        when nilearn already holds enough files.
    radius
        Sphere radius (mm).

    Returns
    -------
    list of pandas.DataFrame
        One per participant: index ``time`` (s), one column per node.
        ``attrs["source"]`` names the dataset; ``attrs["participant"]`` its ID.

    Raises
    ------
    RealDataUnavailable
        Offline, or the download or extraction failed. The message says that
        the simulated cohort is used instead.
    """
    if not 1 <= int(n_subjects) <= 33:
        raise ValueError(f"n_subjects must be between 1 and 33 (the dataset's adults); got {n_subjects}.")
    if _cached_files(data_dir) < n_subjects:
        check = is_online if online_check is None else online_check
        if not check(timeout):
            raise RealDataUnavailable(
                f"No connection to {DATASET_HOST} (checked for {timeout:g} s), so the real fMRI "
                f"data cannot be downloaded. {FALLBACK_NOTE}"
            )
    fetcher = _default_fetcher if fetcher is None else fetcher
    try:
        bunch = fetcher(n_subjects=n_subjects, data_dir=data_dir, age_group="adults", verbose=0)
    except Exception as error:  # noqa: BLE001 — any download failure falls back
        raise RealDataUnavailable(
            f"Downloading the real fMRI data failed ({type(error).__name__}: {error}). {FALLBACK_NOTE}"
        ) from error
    t_r = float(getattr(bunch, "t_r", None) or 2.0)
    confounds = list(getattr(bunch, "confounds", None) or [None] * len(bunch.func))
    phenotypic = getattr(bunch, "phenotypic", None)
    frames = []
    for index, (func, conf) in enumerate(zip(bunch.func, confounds)):
        try:
            frame = extract_node_timeseries(func, conf, t_r=t_r, radius=radius)
        except Exception as error:  # noqa: BLE001
            raise RealDataUnavailable(
                f"Extracting node signals from {func} failed ({type(error).__name__}: {error}). "
                f"{FALLBACK_NOTE}"
            ) from error
        participant = str(index + 1)
        if isinstance(phenotypic, pd.DataFrame) and "participant_id" in phenotypic.columns \
                and index < len(phenotypic):
            participant = str(phenotypic["participant_id"].iloc[index])
        frame.attrs.update(source=REAL_SOURCE, participant=participant, tr=t_r)
        frames.append(frame)
    return frames


@dataclass(frozen=True)
class SourcedTimeseries:
    """Time series plus where they came from: ``source`` is "real" or "simulated"."""

    timeseries: list
    source: str
    message: str


def fetch_real_or_simulated(n_subjects: int = 1, verbose: bool = True, **kwargs) -> SourcedTimeseries:
    """Real node time series if they can be fetched, else the simulated cohort's.

    The simulated fallback is the baseline rest runs of the first
    ``n_subjects`` control participants in ``data/`` (or, if ``data/`` is not
    available, freshly simulated healthy runs). Keyword arguments go to
    :func:`fetch_real_timeseries`.

    Returns
    -------
    SourcedTimeseries
        ``timeseries`` (list of DataFrames), ``source`` ("real" or
        "simulated") and a one-line ``message`` saying which (printed when
        ``verbose``).
    """
    try:
        frames = fetch_real_timeseries(n_subjects, **kwargs)
        result = SourcedTimeseries(frames, "real", f"Using REAL data: {REAL_SOURCE}.")
    except RealDataUnavailable as error:
        frames = _simulated_fallback(n_subjects)
        result = SourcedTimeseries(frames, "simulated", f"Using SIMULATED data. {error}")
    if verbose:
        print(result.message)
    return result


def _simulated_fallback(n_subjects: int) -> list[pd.DataFrame]:
    from ..cohort.population import random_participant, simulate_participant
    from .files import DataFileError
    from .loaders import load_timeseries, participant_ids

    try:
        return [load_timeseries(pid) for pid in participant_ids("control")[:n_subjects]]
    except DataFileError:  # no usable data/ folder (e.g. the package installed on its own)
        return [simulate_participant(random_participant("control", "realistic", seed=i))
                for i in range(n_subjects)]


__all__ = [
    "DATASET_HOST", "RealDataUnavailable", "SourcedTimeseries", "extract_node_timeseries",
    "fetch_real_timeseries", "is_online", "fetch_real_or_simulated",
]
