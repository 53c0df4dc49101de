"""data/ and its loaders: layout, checksums, dictionaries, documented errors, regeneration.

Tests that damage files work on a copy of data/ in tmp_path (DMNLAB_DATA points
there); the real data/ is only read.
"""
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dmnlab.cohort import population, questionnaires
from dmnlab.datasets import files as D
from dmnlab.datasets import loaders
from dmnlab.datasets.loaders import load_nodes
from dmnlab.study import protocol
from dmnlab.study.nodes import NODE_COLUMNS, NODE_LABELS

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
REST = "sub-01/ses-baseline/func/sub-01_ses-baseline_task-rest_timeseries.tsv"


def _make_data_module():
    from tools import make_data

    return make_data


@pytest.fixture(autouse=True)
def _fresh_checksum_cache():
    # dmnlab.datasets.files caches SHA256SUMS per folder; a test that rewrites it must not see a stale copy.
    D._checksums.cache_clear()
    yield
    D._checksums.cache_clear()


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that the test may damage."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("DMNLAB_DATA", str(copy))
    return copy


@pytest.fixture
def real_data(monkeypatch):
    monkeypatch.setenv("DMNLAB_DATA", str(DATA))
    return DATA


def _reseal(folder: Path, relative: str) -> None:
    """Update SHA256SUMS after an edit, so the dictionary check (not the checksum) is tested."""
    digest = hashlib.sha256((folder / relative).read_bytes()).hexdigest()
    sums = folder / "SHA256SUMS"
    lines = [f"{digest}  {relative}" if line.endswith(f"  {relative}") else line
             for line in sums.read_text().splitlines()]
    sums.write_text("\n".join(lines) + "\n")
    D._checksums.cache_clear()


def _edit_cell(folder: Path, relative: str, row: int, column: str, value: str) -> None:
    path = folder / relative
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    cells = lines[row + 1].split("\t")
    cells[header.index(column)] = value
    lines[row + 1] = "\t".join(cells)
    path.write_text("\n".join(lines) + "\n")


def _assert_documented(error, relative: str):
    message = str(error.value)
    assert relative.split("/")[-1] in message  # names the file
    assert "make data" in message and "git checkout -- data/" in message  # says how to restore


# ---------------------------------------------------------------------------
# The folder itself
# ---------------------------------------------------------------------------

def test_checksums_cover_every_file_and_match():
    listed = {}
    for line in (DATA / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    # data/real/ holds real data with their own licences and checksums (tests/datasets/test_real_files.py)
    files = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file() and "real" not in p.relative_to(DATA).parts[:1]}
    assert set(listed) == files - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name


def test_folder_is_small_and_labelled_simulated():
    size = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert size <= 15e6
    readme = (DATA / "README.md").read_text()
    assert readme.startswith("# Virtual cohort — SIMULATED DATA")
    for section in ("## How the data were made", "## Intended use", "## Limits", "## Licence",
                    "make data", "git checkout -- data/"):
        assert section in readme
    description = json.loads((DATA / "dataset_description.json").read_text())
    assert description["Simulated"] is True and "SIMULATED" in description["Name"]
    participants = json.loads((DATA / "participants.json").read_text())
    assert "SIMULATED" in participants["participant_id"]["Description"]
    timeseries = json.loads((DATA / "timeseries.json").read_text())
    assert all("SIMULATED" in timeseries[label]["Description"] for label in NODE_LABELS)


def test_layout_has_every_run_of_the_design(real_data):
    participants = loaders.load_participants()
    runs = loaders.list_runs()
    n_controls = int((participants.group == "control").sum())
    n_patients = int((participants.group == "depressed").sum())
    assert 60 <= len(participants) <= 120
    assert len(runs) == 2 * n_controls + 6 * n_patients
    for path in runs.path:
        assert (DATA / path).is_file(), path
    for path in runs.events_path.dropna():
        assert (DATA / path).is_file(), path
    names = {p.name for p in DATA.glob("sub-*/ses-*/func/*.tsv")}
    assert len(names) == len(runs) + runs.events_path.notna().sum()  # no stray files


def test_dictionaries_describe_every_column():
    nodes = json.loads((DATA / "nodes.json").read_text())
    assert list(nodes) == list(NODE_COLUMNS)
    timeseries = json.loads((DATA / "timeseries.json").read_text())
    assert list(timeseries) == ["time", *NODE_LABELS]
    participants = json.loads((DATA / "participants.json").read_text())
    assert list(participants) == list(population.PARTICIPANT_COLUMNS)
    for spec in participants.values():
        assert spec["Description"] and spec["Type"] in ("string", "integer", "number")


# ---------------------------------------------------------------------------
# Valid files load with the right dtypes and ranges
# ---------------------------------------------------------------------------

def test_load_participants_types_and_ranges(real_data):
    table = loaders.load_participants()
    assert table.index.name == "participant_id" and table.index[0] == "sub-01"
    assert str(table.age.dtype) == "Int64" and str(table.group.dtype) == "string"
    assert set(table.group) == set(protocol.GROUPS) and set(table.site) == set(protocol.SITES)
    assert table.age.between(18, 65).all() and table.madrs_baseline.between(0, 60).all()
    controls, patients = table[table.group == "control"], table[table.group == "depressed"]
    assert controls.madrs_24h.isna().all() and controls.response.isna().all()
    assert patients.madrs_24h.notna().all() and set(patients.response) == set(protocol.RESPONSES)
    assert (controls.medication == "none").all() and (controls.episodes == 0).all()
    assert table.rrs_total.between(22, 88).all()
    # Response follows the ratings (≥ 50% drop at 24 h).
    drop = (patients.madrs_baseline - patients.madrs_24h) / patients.madrs_baseline
    assert ((drop >= 0.5) == (patients.response == "responder")).all()


def test_load_timeseries_shape_dtype_index(real_data):
    for session, task, n in (("baseline", "rest", protocol.REST_VOLUMES), ("baseline", protocol.TASK_NAME, protocol.TASK_VOLUMES)):
        frame = loaders.load_timeseries("sub-01", session, task)
        assert frame.shape == (n, len(NODE_LABELS))
        assert list(frame.columns) == list(NODE_LABELS)
        assert all(dtype == np.float64 for dtype in frame.dtypes)
        assert frame.index.name == "time"
        np.testing.assert_allclose(frame.index, np.arange(n) * protocol.TR)
        assert np.abs(frame.to_numpy()).max() < 20
        assert frame.attrs["simulated"] == protocol.SIMULATED_LABEL
    patient = loaders.load_participants().query("group == 'depressed'").index[0]
    for session in protocol.KETAMINE_SESSIONS:
        assert loaders.load_timeseries(patient, session).shape == (protocol.REST_VOLUMES, len(NODE_LABELS))


def test_loaded_runs_equal_the_simulator(real_data):
    """data/ is exactly what the simulator gives (to 3 decimals)."""
    cohort = population.simulate_cohort(seed=population.DEFAULT_SEED)
    participants = loaders.load_participants()
    for column in population.PARTICIPANT_COLUMNS:
        assert list(participants[column].astype(object).where(participants[column].notna(), None)) == \
            list(cohort[column].astype(object).where(cohort[column].notna(), None)), column
    patient = participants.query("group == 'depressed'").index[0]
    loaded = loaders.load_timeseries(patient, "day7")
    fresh = population.simulate_participant(cohort.loc[patient], "day7")
    np.testing.assert_allclose(loaded.to_numpy(), fresh.to_numpy(), atol=0.0005 + 1e-9)


def test_load_events_rrs_truth_and_nodes(real_data):
    events = loaders.load_events("sub-01")
    assert list(events.columns) == ["onset", "duration", "trial_type"]
    pd.testing.assert_frame_equal(events[["onset", "duration"]].astype(float),
                                  protocol.task_events()[["onset", "duration"]].astype(float))
    items = loaders.load_rrs_items()
    participants = loaders.load_participants()
    scores = questionnaires.score_rrs(items.astype({c: int for c in questionnaires.RRS_COLUMNS}))
    assert (scores.rrs_total.to_numpy() == participants.rrs_total.to_numpy()).all()
    truth = loaders.load_ground_truth()
    assert list(truth.index) == list(participants.index) and set(truth["mode"]) == {"realistic"}
    nodes = load_nodes()
    assert list(nodes.index) == list(NODE_LABELS)


def test_load_task_run_and_rest_run(real_data):
    task_run, events = loaders.load_task_run("sub-01")
    pd.testing.assert_frame_equal(task_run, loaders.load_timeseries("sub-01", task=protocol.TASK_NAME))
    pd.testing.assert_frame_equal(events, loaders.load_events("sub-01"))
    pd.testing.assert_frame_equal(loaders.load_rest_run("sub-01"), loaders.load_timeseries("sub-01"))
    patient = loaders.load_participants().query("group == 'depressed'").index[0]
    assert loaders.load_rest_run(patient, "day7").attrs["session"] == "day7"


def test_load_group_timeseries(real_data):
    runs = loaders.load_group_timeseries("day7", group="depressed")
    participants = loaders.load_participants()
    assert set(runs) == set(participants.index[participants.group == "depressed"])
    assert all(frame.shape == (protocol.REST_VOLUMES, 17) for frame in runs.values())
    with pytest.raises(ValueError, match="control"):
        loaders.load_group_timeseries(group="patients")


# ---------------------------------------------------------------------------
# Bad arguments: clear ValueErrors that list the valid choices
# ---------------------------------------------------------------------------

def test_bad_arguments_list_valid_choices(real_data):
    with pytest.raises(ValueError, match="sub-01 … sub-96"):
        loaders.load_timeseries("sub-999")
    with pytest.raises(ValueError, match="day7"):
        loaders.load_timeseries("sub-01", session="week1")
    with pytest.raises(ValueError, match="attention"):
        loaders.load_timeseries("sub-01", task="nback")
    control = loaders.load_participants().query("group == 'control'").index[0]
    with pytest.raises(ValueError, match="control"):
        loaders.load_timeseries(control, session="infusion")
    patient = loaders.load_participants().query("group == 'depressed'").index[0]
    with pytest.raises(ValueError, match="baseline"):
        loaders.load_timeseries(patient, session="24h", task=protocol.TASK_NAME)
    with pytest.raises(ValueError, match="no events"):
        loaders.load_events("sub-01", task="rest")


# ---------------------------------------------------------------------------
# Damaged files: the documented error, naming the file and how to restore it
# ---------------------------------------------------------------------------

def test_missing_file(data_copy):
    (data_copy / REST).unlink()
    with pytest.raises(D.DataFileError, match="does not exist") as error:
        loaders.load_timeseries("sub-01")
    _assert_documented(error, REST)


def test_truncated_file(data_copy):
    path = data_copy / REST
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(D.DataFileError, match="checksum") as error:
        loaders.load_timeseries("sub-01")
    _assert_documented(error, REST)


def test_edited_value_caught_by_checksum(data_copy):
    _edit_cell(data_copy, REST, 5, "PCC", "0.123")
    with pytest.raises(D.DataFileError, match="edited") as error:
        loaders.load_timeseries("sub-01")
    _assert_documented(error, REST)


def test_edited_participants_file(data_copy):
    _edit_cell(data_copy, "participants.tsv", 0, "age", "44")
    with pytest.raises(D.DataFileError, match="checksum") as error:
        loaders.load_participants()
    _assert_documented(error, "participants.tsv")


def test_wrong_columns(data_copy):
    path = data_copy / REST
    path.write_text(path.read_text().replace("\tsgACC", "\tSGACC", 1))
    _reseal(data_copy, REST)
    with pytest.raises(D.DataFileError, match="sgACC") as error:
        loaders.load_timeseries("sub-01")
    _assert_documented(error, REST)


def test_out_of_range_value(data_copy):
    _edit_cell(data_copy, REST, 3, "mPFC", "99.000")
    _reseal(data_copy, REST)
    with pytest.raises(D.DataFileError, match="maximum") as error:
        loaders.load_timeseries("sub-01")
    _assert_documented(error, REST)
    _edit_cell(data_copy, "participants.tsv", 1, "madrs_baseline", "75")
    _reseal(data_copy, "participants.tsv")
    with pytest.raises(D.DataFileError, match="madrs_baseline") as error:
        loaders.load_participants()
    _assert_documented(error, "participants.tsv")


def test_non_numeric_value(data_copy):
    _edit_cell(data_copy, REST, 2, "AG_L", "high")
    _reseal(data_copy, REST)
    with pytest.raises(D.DataFileError, match="not a number") as error:
        loaders.load_timeseries("sub-01")
    _assert_documented(error, REST)


def test_unknown_level(data_copy):
    _edit_cell(data_copy, "participants.tsv", 0, "group", "patient")
    _reseal(data_copy, "participants.tsv")
    with pytest.raises(D.DataFileError, match="group") as error:
        loaders.load_participants()
    _assert_documented(error, "participants.tsv")


def test_broken_time_column(data_copy):
    _edit_cell(data_copy, REST, 4, "time", "9.000")
    _reseal(data_copy, REST)
    with pytest.raises(D.DataFileError, match="time") as error:
        loaders.load_timeseries("sub-01")
    _assert_documented(error, REST)


def test_missing_checksum_list(data_copy):
    (data_copy / "SHA256SUMS").unlink()
    with pytest.raises(D.DataFileError, match="checksum list") as error:
        loaders.load_participants()
    _assert_documented(error, "SHA256SUMS")


def test_missing_dictionary(data_copy):
    (data_copy / "timeseries.json").unlink()
    with pytest.raises(D.DataFileError, match="dictionary") as error:
        loaders.load_timeseries("sub-01")
    _assert_documented(error, "timeseries.json")


def test_loaders_do_not_write(real_data):
    before = (DATA / "SHA256SUMS").read_bytes()
    mtimes = {p: p.stat().st_mtime_ns for p in DATA.iterdir() if p.is_file()}
    loaders.load_participants(), loaders.load_timeseries("sub-01"), loaders.list_runs()
    assert (DATA / "SHA256SUMS").read_bytes() == before
    assert mtimes == {p: p.stat().st_mtime_ns for p in DATA.iterdir() if p.is_file()}


# ---------------------------------------------------------------------------
# Regeneration: byte-identical
# ---------------------------------------------------------------------------

def test_small_build_is_deterministic(tmp_path):
    make_data = _make_data_module()
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder, seed in ((first, 5), (second, 5), (other, 6)):
        make_data.build(folder, seed=seed, n_controls=3, n_patients=3)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "SHA256SUMS").read_bytes() != (other / "SHA256SUMS").read_bytes()
    assert (first / REST).read_bytes() != (other / REST).read_bytes()
    assert b"-0.000" not in (first / REST).read_bytes()


def test_build_replaces_only_what_it_owns(tmp_path):
    make_data = _make_data_module()
    out = tmp_path / "data"
    make_data.build(out, seed=1, n_controls=2, n_patients=2)
    (out / "sub-99").mkdir()  # a stale participant folder from an older build
    (out / "notes.txt").write_text("mine")  # a file the generator does not own
    make_data.build(out, seed=1, n_controls=2, n_patients=2)
    assert not (out / "sub-99").exists() and (out / "notes.txt").read_text() == "mine"
    assert not list(tmp_path.glob(".data-build-*"))  # no staging folder left behind


def test_shipped_data_matches_the_generator(tmp_path):
    """`make data` would rewrite data/ byte for byte (fails if the simulator changed but
    data/ was not regenerated)."""
    make_data = _make_data_module()
    fresh = tmp_path / "data"
    make_data.build(fresh)
    assert (fresh / "SHA256SUMS").read_text() == (DATA / "SHA256SUMS").read_text()


def test_a_file_is_checked_once_while_it_stays_the_same_and_again_when_it_changes(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(D.data_dir(), folder, ignore=shutil.ignore_patterns("sub-*", "real"))
    reads = []
    original = D._read_checked_table
    monkeypatch.setattr(D, "_read_checked_table", lambda *args: reads.append(args[1]) or original(*args))
    first = loaders.load_participants(folder)
    second = loaders.load_participants(folder)
    assert reads == ["participants.tsv"]                 # the second load used the checked table
    pd.testing.assert_frame_equal(first, second)
    second.iloc[0, 1] = "changed"                        # callers get copies: the kept table is untouched
    pd.testing.assert_frame_equal(loaders.load_participants(folder), first)
    path = folder / "participants.tsv"
    path.write_text(path.read_text().replace("control", "contro1", 1))
    with pytest.raises(D.DataFileError, match="checksum mismatch"):
        loaders.load_participants(folder)
    assert reads == ["participants.tsv", "participants.tsv"]
