"""Checked reading of data files: clear errors that name the file and say how to restore it."""
import hashlib
import json
from pathlib import Path

import pytest

from dmnlab.datasets import files as data

DICTIONARY = {
    "participant_id": {"Description": "id", "Type": "string"},
    "group": {"Description": "group", "Type": "string", "Levels": ["control", "patient"]},
    "age": {"Description": "age", "Type": "integer", "Units": "years", "Minimum": 18, "Maximum": 80},
    "score": {"Description": "score", "Type": "number", "Minimum": 0, "Maximum": 60},
}
GOOD = "participant_id\tgroup\tage\tscore\nsub-01\tcontrol\t30\t12.5\nsub-02\tpatient\t45\t33\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    (tmp_path / "README.md").write_text("test data")
    (tmp_path / "table.json").write_text(json.dumps(DICTIONARY))
    monkeypatch.setenv("DMNLAB_DATA", str(tmp_path))
    data._checksums.cache_clear()
    yield tmp_path
    data._checksums.cache_clear()


def write(folder, text):
    (folder / "table.tsv").write_text(text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    (folder / "SHA256SUMS").write_text(f"{digest}  table.tsv\n")
    data._checksums.cache_clear()


def test_valid_table_loads_with_types(folder):
    write(folder, GOOD)
    table = data.read_checked_table("table.tsv")
    assert str(table["age"].dtype) == "Int64" and table["score"].dtype == float
    assert list(table["group"]) == ["control", "patient"]


@pytest.mark.parametrize("text, problem", [
    (GOOD.replace("\t33\n", "\t75\n"), "above its maximum 60"),
    (GOOD.replace("\t30\t", "\t17\t"), "below its minimum 18"),
    (GOOD.replace("12.5", "twelve"), "'twelve' is not a number"),
    (GOOD.replace("patient", "unknown"), "not among"),
    (GOOD.replace("\t30\t", "\t30.5\t"), "whole numbers"),
    (GOOD.replace("score", "points"), "missing column"),
    ("", "empty"),
    ("participant_id\tgroup\tage\tscore\n", "no rows"),
])
def test_malformed_tables_get_a_clear_message(folder, text, problem):
    write(folder, text)
    with pytest.raises(data.DataFileError) as error:
        data.read_checked_table("table.tsv")
    message = str(error.value)
    assert problem in message
    assert "table.tsv" in message and "git checkout -- data/" in message and "make data" in message


def test_edited_file_fails_its_checksum(folder):
    write(folder, GOOD)
    (folder / "table.tsv").write_text(GOOD.replace("12.5", "13.5"))
    with pytest.raises(data.DataFileError, match="checksum mismatch"):
        data.read_checked_table("table.tsv")


def test_missing_file_and_unlisted_file(folder):
    write(folder, GOOD)
    with pytest.raises(data.DataFileError, match="does not exist"):
        data.read_checked_table("other.tsv")
    (folder / "extra.tsv").write_text(GOOD)
    with pytest.raises(data.DataFileError, match="not listed"):
        data.verify_checksum("extra.tsv")


def test_broken_dictionary(folder):
    write(folder, GOOD)
    (folder / "table.json").write_text("{not json")
    with pytest.raises(data.DataFileError, match="not valid JSON"):
        data.read_checked_table("table.tsv")


def test_reading_never_writes(folder):
    write(folder, GOOD)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    data.read_checked_table("table.tsv")
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_missing_data_folder_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("DMNLAB_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(data, "__file__", str(tmp_path / "a" / "b" / "c" / "files.py"))
    with pytest.raises(data.DataFileError, match="DMNLAB_DATA"):
        data.data_dir()


def test_data_folder_is_found_from_anywhere_with_an_editable_install(tmp_path, monkeypatch):
    """A notebook copied out of the repository (an edition, a JupyterHub home) still finds
    data/ through the installed package, not only by walking up from the working directory."""
    monkeypatch.delenv("DMNLAB_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    assert data.data_dir() == Path(__file__).resolve().parents[2] / "data"
