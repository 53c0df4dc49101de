"""Results kept on disk across kernels (dmnlab.datasets.cache): checked tables, seeded simulations.

A new kernel is imitated by emptying the in-process caches. Every test has its own cache folder
(DMNLAB_CACHE) and works on a copy of the files it damages; data/ is only read.
"""
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dmnlab.datasets import cache
from dmnlab.datasets import files as D

DATA = Path(__file__).resolve().parents[2] / "data"
TABLE = "participants.tsv"


@pytest.fixture
def kept_in(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def small_data(tmp_path):
    """participants.tsv, its dictionary and a checksum list naming it, in a folder of their own."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in (TABLE, "participants.json"):
        shutil.copy(DATA / name, folder / name)
    digest = hashlib.sha256((folder / TABLE).read_bytes()).hexdigest()
    (folder / "SHA256SUMS").write_text(f"{digest}  {TABLE}\n")
    return folder


def _new_kernel():
    D._CHECKED.clear()
    D._checksums.cache_clear()


def _damage(folder: Path, old: str, new: str) -> None:
    """Change the first cell holding ``old`` (same length, so only the content tells)."""
    path = folder / TABLE
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_checked_table_is_parsed_and_validated_once_across_kernels(kept_in, small_data, monkeypatch):
    first = D.read_checked_table(TABLE, folder=small_data)
    assert list((kept_in / "tables").iterdir()), "nothing was kept"
    _new_kernel()

    def fail(*_args):
        raise AssertionError("parsed again although the content is unchanged")

    monkeypatch.setattr(D, "_parse_and_validate", fail)
    again = D.read_checked_table(TABLE, folder=small_data)
    pd.testing.assert_frame_equal(first, again, check_exact=True)


def test_a_damaged_file_still_gets_its_clear_error_after_being_kept(kept_in, small_data):
    D.read_checked_table(TABLE, folder=small_data)
    _new_kernel()
    _damage(small_data, "control", "contrpl")
    with pytest.raises(D.DataFileError, match="checksum mismatch"):
        D.read_checked_table(TABLE, folder=small_data)
    # Without the checksum the dictionary still catches it: the kept table is for the old content.
    with pytest.raises(D.DataFileError, match="'contrpl'"):
        D.read_checked_table(TABLE, folder=small_data, check_checksum=False)


def test_the_damage_check_can_fail(kept_in, small_data, monkeypatch):
    """Companion: a cache keyed on the name only would hand back the undamaged table."""
    monkeypatch.setattr(D, "_table_key", lambda path, dictionary: str(path))
    D.read_checked_table(TABLE, folder=small_data, check_checksum=False)
    _new_kernel()
    _damage(small_data, "control", "contrpl")
    table = D.read_checked_table(TABLE, folder=small_data, check_checksum=False)
    assert "contrpl" not in set(table["group"].astype(str))


def test_an_empty_cache_setting_keeps_nothing(tmp_path, small_data, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "")
    assert cache.cache_dir() is None
    D.read_checked_table(TABLE, folder=small_data)
    assert not list(tmp_path.rglob("*.pkl"))


def test_a_damaged_cache_entry_is_computed_again(kept_in):
    assert cache.kept("results", "answer", lambda: 42) == 42
    for entry in (kept_in / "results").iterdir():
        entry.write_bytes(b"not a pickle")
    assert cache.kept("results", "answer", lambda: 43) == 43


def test_kept_on_disk_computes_once_per_argument(kept_in):
    calls = []

    @cache.kept_on_disk
    def square(x):
        calls.append(x)
        return x * x

    assert [square(3), square(3), square(4)] == [9, 9, 16]
    assert calls == [3, 4]


@pytest.fixture
def data_copy(small_data, monkeypatch):
    """The small data folder as the course's data (DMNLAB_DATA)."""
    monkeypatch.setenv("DMNLAB_DATA", str(small_data))
    return small_data


def _group_sizes_counting(calls):
    @cache.kept_with_data
    def group_sizes():
        calls.append(1)
        from dmnlab.datasets.loaders import load_participants

        return load_participants()["group"].value_counts().to_dict()

    return group_sizes


def test_a_result_from_the_data_is_kept_while_the_data_are_unchanged(kept_in, data_copy):
    calls = []
    group_sizes = _group_sizes_counting(calls)
    first = group_sizes()
    _new_kernel()
    assert group_sizes() == first and len(calls) == 1


def test_a_damaged_data_file_is_read_again_and_gets_its_clear_error(kept_in, data_copy):
    calls = []
    group_sizes = _group_sizes_counting(calls)
    group_sizes()
    _new_kernel()
    _damage(data_copy, "control", "contrpl")
    with pytest.raises(D.DataFileError, match="checksum mismatch"):
        group_sizes()


def test_the_data_state_check_can_fail(kept_in, data_copy, monkeypatch):
    """Companion: keyed without the data's content, the damaged file would go unnoticed."""
    monkeypatch.setattr(D, "data_state", lambda folder=None: "always the same")
    calls = []
    group_sizes = _group_sizes_counting(calls)
    first = group_sizes()
    _new_kernel()
    _damage(data_copy, "control", "contrpl")
    assert group_sizes() == first and len(calls) == 1
