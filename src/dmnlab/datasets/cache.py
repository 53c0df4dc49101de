"""Results kept on disk across kernels: checked tables, drawn cortices, large simulations.

A learner's new kernel (and every *Run All*) would otherwise check the same data files, draw the same
cortex and simulate the same large cohort again. What is kept depends only on the course's code, its
data and the libraries' versions (:func:`fingerprint`), and is keyed on them: any change computes it
again. The folder (:func:`cache_dir`) is never inside ``data/``; without one, or if it cannot be
written, everything is simply computed.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable

CACHE_ENV = "DMNLAB_CACHE"
#: The libraries whose versions change what is computed or drawn.
LIBRARIES = ("numpy", "pandas", "scipy", "scikit-learn", "networkx", "matplotlib", "nilearn", "nibabel",
             "brainspace")


def cache_dir() -> Path | None:
    """Where results are kept across processes, or ``None`` (off).

    ``$DMNLAB_CACHE`` if set (an empty value turns the cache off), else ``$XDG_CACHE_HOME/dmnlab``
    or ``~/.cache/dmnlab``.
    """
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env) if env.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dmnlab"


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """The course's code (every module of ``dmnlab``) and the libraries' versions, as one short hash.

    Not the data: what reads data files is keyed on their content by its caller
    (:func:`dmnlab.datasets.files.read_checked_table`, :func:`dmnlab.shared.cortex.drawn_once`).
    """
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={version(library)};".encode())
        except PackageNotFoundError:
            digest.update(f"{library}=none;".encode())
    return digest.hexdigest()[:20]


def _load(target: Path, kind: str):
    if kind == "npy":
        import numpy as np

        return np.load(target, allow_pickle=False)
    with open(target, "rb") as handle:
        return pickle.load(handle)


def _save(target: Path, value, kind: str) -> None:
    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            if kind == "npy":
                import numpy as np

                np.save(handle, value, allow_pickle=False)
            else:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)   # whole or not at all, also with two kernels at once
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def kept(folder: str, name: str, compute: Callable[[], Any], kind: str = "pickle",
         key: str | None = None) -> Any:
    """``compute()``, or what it returned before for the same ``name`` and :func:`fingerprint`.

    ``kind``: ``"npy"`` for one numpy array (no pickle), ``"pickle"`` otherwise. ``key``: use this
    instead of the fingerprint (what the result depends on, already hashed).
    """
    root = cache_dir()
    if root is None:
        return compute()
    stem = hashlib.sha256(f"{name}|{key or fingerprint()}".encode()).hexdigest()[:32]
    target = root / folder / f"{stem}.{'npy' if kind == 'npy' else 'pkl'}"
    if target.is_file():
        try:
            return _load(target, kind)
        except Exception:  # noqa: BLE001 - a damaged entry is only a miss
            pass
    value = compute()
    _save(target, value, kind)
    return value


def kept_on_disk(function: Callable) -> Callable:
    """A decorator: the function's result for the same arguments (their ``repr``) is kept across
    kernels, keyed on :func:`fingerprint`. Only for deterministic functions of their arguments and
    the code (a seeded simulation); never for one that reads data files (a damaged file must still
    raise its error)."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        call = f"{name}{args!r}{sorted(kwargs.items())!r}"
        return kept("results", call, lambda: function(*args, **kwargs))

    return wrapper


def kept_with_data(function: Callable) -> Callable:
    """A decorator for a deterministic function of its arguments, the code and the course's data
    files (``data/``): its result is kept across kernels, keyed also on the content of every data
    file as it is now (:func:`dmnlab.datasets.files.data_state`: hashing is quick, parsing and
    checking are not). An edited, damaged or missing file makes the function run again, and so
    raise its clear error.
    """
    import inspect

    name = f"{function.__module__}.{function.__qualname__}"
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        from .files import data_state

        bound = signature.bind(*args, **kwargs)
        folder = bound.arguments.get("folder")   # a function given its data folder: that folder's state
        call = f"{name}{args!r}{sorted(kwargs.items())!r}"
        return kept("derived", call, lambda: function(*args, **kwargs),
                    key=f"{fingerprint()}|{data_state(folder)}")

    return wrapper
