"""Reading the course's data files, with checks and clear error messages.

Every table in ``data/`` is a tab-separated file with a JSON data dictionary
(BIDS-style sidecar). The dictionary gives, per column, a ``Description``, a
``Type`` (``string``, ``integer`` or ``number``) and optionally ``Units``,
``Levels`` (allowed values), ``Minimum`` and ``Maximum``. ``SHA256SUMS`` lists
the checksum of every file.

Nothing here writes to ``data/``: only the generator (``make data``) does.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import lazy_loader as lazy
import numpy as np

from ..course.errors import CourseInputError

pd = lazy.load("pandas")

RESTORE_HINT = "Restore the course data with `git checkout -- data/` or regenerate it with `make data`."


class DataFileError(CourseInputError, ValueError):
    """A course data file is missing, damaged or does not match its data dictionary.

    The message names the file, says what is wrong and how to restore it.
    """

    def __init__(self, path, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"Problem with data file '{self.path}': {problem}\n{RESTORE_HINT}")


def data_dir() -> Path:
    """The folder holding the course data.

    ``$DMNLAB_DATA`` wins if set; otherwise the ``data/`` folder of the course
    repository this package was installed from (an editable install), or the
    first ``data/`` with a ``README.md`` found from the working directory upwards.
    """
    env = os.environ.get("DMNLAB_DATA")
    if env:
        return Path(env)
    candidates = [Path(__file__).resolve().parents[3] / "data"]  # src/dmnlab/datasets/files.py → repo
    here = Path.cwd().resolve()
    candidates += [folder / "data" for folder in (here, *here.parents)]
    for candidate in candidates:
        if (candidate / "README.md").is_file():
            return candidate
    raise DataFileError(
        "data/",
        "the course's data folder was not found. Run the notebook from inside the course "
        "repository, or set the environment variable DMNLAB_DATA to its data/ folder.",
    )


def real_data_dir() -> Path:
    """The folder of the real data that ship with the course (``data/real``).

    The one beside the course data in use (``$DMNLAB_DATA``) if it has one, else the repository's:
    a regenerated simulated cohort elsewhere still finds the real files.
    """
    for candidate in (data_dir() / "real", Path(__file__).resolve().parents[3] / "data" / "real"):
        if candidate.is_dir():
            return candidate
    raise DataFileError("data/real", "the folder of real data that ships with the course is missing.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _checksums(folder: Path) -> dict[str, str]:
    """The checksum list of a data folder (re-read whenever SHA256SUMS changes)."""
    sums_file = Path(folder) / "SHA256SUMS"
    if not sums_file.is_file():
        raise DataFileError(sums_file, "the checksum list is missing.")
    stat = sums_file.stat()
    return _read_checksums(sums_file, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_checksums(sums_file: Path, mtime_ns: int, size: int) -> dict[str, str]:
    sums = {}
    for line in sums_file.read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.lstrip("*")] = digest
    return sums


# The cache is keyed on SHA256SUMS's modification time and size, so callers never need to
# clear it; the alias keeps `_checksums.cache_clear()` working for tests that call it anyway.
_checksums.cache_clear = _read_checksums.cache_clear


def verify_checksum(relative_path: str, folder: Path | None = None) -> Path:
    """Check a data file against ``SHA256SUMS``; return its full path.

    Raises
    ------
    DataFileError
        If the file is missing, not listed, or its content has changed.
    """
    folder = data_dir() if folder is None else Path(folder)
    path = folder / relative_path
    if not path.is_file():
        raise DataFileError(path, "the file does not exist.")
    expected = _checksums(folder).get(relative_path)
    if expected is None:
        raise DataFileError(path, "the file is not listed in data/SHA256SUMS.")
    if _sha256(path) != expected:
        raise DataFileError(
            path, "its content differs from the published version (checksum mismatch): "
            "it was edited, truncated or damaged."
        )
    return path


def read_dictionary(relative_path: str, folder: Path | None = None) -> dict:
    """Read a JSON data dictionary from the data folder."""
    folder = data_dir() if folder is None else Path(folder)
    path = folder / relative_path
    if not path.is_file():
        raise DataFileError(path, "the data dictionary does not exist.")
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise DataFileError(path, f"the data dictionary is not valid JSON ({error.msg}, line {error.lineno}).") from None


def validate_table(table: pd.DataFrame, dictionary: dict, path) -> pd.DataFrame:
    """Check a table against its data dictionary and convert column types.

    Raises :class:`DataFileError` naming the file, the column and the problem.
    """
    missing = [column for column in dictionary if column not in table.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {missing}; expected {list(dictionary)}.")
    extra = [column for column in table.columns if column not in dictionary]
    if extra:
        raise DataFileError(path, f"unexpected column(s) {extra} not in the data dictionary.")
    if table.empty:
        raise DataFileError(path, "the table has no rows.")
    table = table.copy()
    for column, spec in dictionary.items():
        kind = spec.get("Type", "string")
        values = table[column]
        if kind in ("number", "integer"):
            # The checks run on numpy arrays (a few per column, not a dozen pandas operations): a
            # table of runs has 18 columns, and a lab reads hundreds of runs.
            numeric = pd.to_numeric(values, errors="coerce")
            number = numeric.to_numpy(dtype=float, na_value=np.nan)
            missing = np.isnan(number)
            bad = missing & values.notna().to_numpy()
            if bad.any():   # only then look at the text (slow): "n/a" is missing, anything else is wrong
                bad &= (values.astype(str).str.strip() != "n/a").to_numpy()
            if bad.any():
                row = int(bad.nonzero()[0][0])
                raise DataFileError(
                    path, f"column '{column}' row {row + 1}: {values.iloc[row]!r} is not a number."
                )
            present = number[~missing] if missing.any() else number
            if kind == "integer":
                if not (present == np.round(present)).all():
                    raise DataFileError(path, f"column '{column}' must hold whole numbers.")
                numeric = numeric.astype("Int64")
            if "Minimum" in spec and (present < spec["Minimum"]).any():
                raise DataFileError(
                    path, f"column '{column}' has values below its minimum {spec['Minimum']}."
                )
            if "Maximum" in spec and (present > spec["Maximum"]).any():
                raise DataFileError(
                    path, f"column '{column}' has values above its maximum {spec['Maximum']}."
                )
            if not spec.get("AllowMissing", False) and missing.any():
                raise DataFileError(path, f"column '{column}' has missing values.")
            table[column] = numeric
        else:
            if "Levels" in spec:
                allowed = set(spec["Levels"])
                unknown = sorted(set(values.dropna().astype(str)) - allowed)
                if unknown:
                    raise DataFileError(
                        path, f"column '{column}' has value(s) {unknown} not among {sorted(allowed)}."
                    )
            table[column] = values.astype("string")
    return table


def _stamp(path: Path) -> tuple:
    """What changes when a file is edited, replaced or damaged: its size, modification time and inode."""
    try:
        stat = path.stat()
    except OSError:
        return (None,)
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def read_checked_table(relative_path: str, dictionary_path: str | None = None,
                       folder: Path | None = None, check_checksum: bool = True) -> pd.DataFrame:
    """Read a TSV from the data folder, verify its checksum and its dictionary.

    A file is checked once while it stays the same: the checked table is kept, keyed on the file's,
    its dictionary's and ``SHA256SUMS``'s size, modification time and inode, and a copy is returned
    on the next call. Any change to one of the three files checks it again (a damaged file still
    gets its clear error). Across processes (a new kernel), the checked table is kept on disk
    (:func:`dmnlab.datasets.cache.kept`, never in ``data/``), keyed on the SHA-256 of the file's and
    its dictionary's content: the file is still hashed (and compared with ``SHA256SUMS``) on every
    first read, but parsed and validated only once per content.

    Parameters
    ----------
    relative_path
        Path inside ``data/``, e.g. ``"nodes.tsv"``.
    dictionary_path
        Its data dictionary; default: the same name with ``.json``.
    """
    folder = data_dir() if folder is None else Path(folder)
    dictionary_path = dictionary_path or str(Path(relative_path).with_suffix(".json"))
    key = (str(folder.resolve()), relative_path, dictionary_path, check_checksum,
           _stamp(folder / relative_path), _stamp(folder / dictionary_path), _stamp(folder / "SHA256SUMS"))
    table = _CHECKED.get(key)
    if table is None:
        table = _read_checked_table(folder, relative_path, dictionary_path, check_checksum)
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = table
    return table.copy()


def content_hash(path) -> str | None:
    """The SHA-256 of a file (``None`` if it is missing), hashed once while its size, modification
    time and inode stay the same."""
    path = Path(path)
    stamp = _stamp(path)
    return None if stamp == (None,) else _content_hash(str(path), stamp)


@lru_cache(maxsize=4096)
def _content_hash(path: str, stamp: tuple) -> str:
    return _sha256(Path(path))


def data_state(folder: Path | None = None) -> str:
    """One hash of the content of every file listed in the folder's ``SHA256SUMS`` (as it is now,
    not as listed): it changes when any data file is edited, damaged or missing."""
    folder = data_dir() if folder is None else Path(folder)
    digest = hashlib.sha256(str(folder.resolve()).encode())
    for name in sorted(_checksums(folder)):
        digest.update(f"{name}={content_hash(folder / name)};".encode())
    return digest.hexdigest()


#: Checked tables, by :func:`read_checked_table`'s key (at most :data:`_CHECKED_MAX`; the oldest goes).
_CHECKED: dict = {}
_CHECKED_MAX = 1024


def _read_checked_table(folder: Path, relative_path: str, dictionary_path: str,
                        check_checksum: bool) -> pd.DataFrame:
    path = folder / relative_path
    if check_checksum:
        verify_checksum(relative_path, folder)
    elif not path.is_file():
        raise DataFileError(path, "the file does not exist.")
    dictionary = read_dictionary(dictionary_path, folder)
    from .cache import kept

    table = kept("tables", relative_path, lambda: _parse_and_validate(path, dictionary),
                 key=_table_key(path, dictionary))
    if not isinstance(table, pd.DataFrame):   # a foreign file in the cache: check the table itself
        table = _parse_and_validate(path, dictionary)
    return table


# --- the checked tables, across processes ------------------------------------------------------
@lru_cache(maxsize=1)
def _code_version() -> str:
    """What a checked table depends on besides the data: this module's code and pandas' version."""
    return hashlib.sha256(Path(__file__).read_bytes() + pd.__version__.encode()).hexdigest()[:16]


def _table_key(path: Path, dictionary: dict) -> str:
    """The content of the file and of its dictionary, and the code that checks them."""
    dictionary_text = json.dumps(dictionary, sort_keys=True).encode()
    return hashlib.sha256(f"{_sha256(path)}|{_code_version()}|".encode() + dictionary_text).hexdigest()


def _parse_and_validate(path: Path, dictionary: dict) -> pd.DataFrame:
    columns = dictionary.get("columns", dictionary)
    try:
        table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=["n/a"])
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DataFileError(path, f"it is not a readable tab-separated table ({error}).") from None
    except pd.errors.EmptyDataError:
        raise DataFileError(path, "the file is empty.") from None
    return validate_table(table, columns, path)
