"""The real data that ship with the course: ENIGMA-MDD effect sizes, Schaefer labels, HCP group
connectivity and surfaces (brainspace's files) — shapes, order, the files' quirks, checksums."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from dmnlab.course.errors import CourseInputError
from dmnlab.datasets import enigma, hcpgroup
from dmnlab.datasets.files import DataFileError


def test_each_real_folder_has_licence_readme_and_checksums():
    root = enigma.real_data_dir()
    for name in ("enigma-mdd", "schaefer-labels"):
        folder = root / name
        listed = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
        files = {p.name for p in folder.iterdir() if p.is_file()} - {"SHA256SUMS"}
        assert set(listed) == files and {"LICENSE", "README.md"} <= files, name
        for file, digest in listed.items():
            assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, (name, file)


# --- ENIGMA-MDD ------------------------------------------------------------------------------
def test_cortical_thickness_has_68_regions_with_small_real_effects():
    table = enigma.load_enigma("thickness", "adult")
    assert len(table) == 68 and set(table["hemisphere"]) == {"left", "right"}
    assert table["d"].abs().max() < 0.2 and (table["ci_low"] <= table["d"]).all() and (table["d"] <= table["ci_high"]).all()
    assert table["n_patients"].min() > 1500 and table["n_controls"].min() > 7000


def test_subcortical_structures_are_counted_once_and_the_misspelt_header_is_read():
    raw_header = (enigma.real_data_dir() / "enigma-mdd" / enigma.FILES[("subcortical", "all")]).read_text().split(",")[0]
    assert raw_header == "SuborticalVolume"            # the quirk is still in the file …
    table = enigma.load_enigma("subcortical", "all")   # … and the reader copes with it
    assert len(table) == 8 and table["structure"].is_unique and set(table["hemisphere"]) == {"both"}
    hippocampus = table.set_index("structure").loc["hippocampus"]
    assert hippocampus["d"] == pytest.approx(-0.14, abs=0.01) and hippocampus["n_patients"] >= 1700
    assert table["p_fdr"].isna().all() and table["p"].notna().all()   # empty fdr_p, "4.60E-04" notation read


def test_recurrent_illness_drives_the_hippocampal_effect():
    first = enigma.load_enigma("subcortical", "first episode").set_index("structure")["d"]
    recurrent = enigma.load_enigma("subcortical", "recurrent").set_index("structure")["d"]
    assert recurrent["hippocampus"] < first["hippocampus"]


def test_surface_area_has_no_intervals():
    assert enigma.load_enigma("surface area", "adult")[["ci_low", "ci_high"]].isna().all().all()


def test_unequal_left_and_right_subcortical_rows_are_refused(tmp_path, monkeypatch):
    folder = tmp_path / "real" / "enigma-mdd"
    folder.mkdir(parents=True)
    source = enigma.real_data_dir() / "enigma-mdd" / enigma.FILES[("subcortical", "all")]
    lines = source.read_text().splitlines()
    lines[2] = lines[2].replace("-0.06,", "-0.61,", 1)        # Lamyg differs from Ramyg now
    target = folder / source.name
    target.write_text("\n".join(lines) + "\n")
    (folder / "SHA256SUMS").write_text(f"{hashlib.sha256(target.read_bytes()).hexdigest()}  {source.name}\n")
    monkeypatch.setattr(enigma, "real_data_dir", lambda: tmp_path / "real")
    enigma._read.cache_clear()
    try:
        with pytest.raises(DataFileError, match="L and R rows"):
            enigma.load_enigma("subcortical", "all")
    finally:
        enigma._read.cache_clear()


def test_a_changed_file_is_refused_by_its_checksum(tmp_path, monkeypatch):
    folder = tmp_path / "real" / "enigma-mdd"
    folder.mkdir(parents=True)
    name = enigma.FILES[("thickness", "adult")]
    (folder / name).write_text((enigma.real_data_dir() / "enigma-mdd" / name).read_text().replace("-0.058", "-0.958"))
    (folder / "SHA256SUMS").write_text((enigma.real_data_dir() / "enigma-mdd" / "SHA256SUMS").read_text())
    monkeypatch.setattr(enigma, "real_data_dir", lambda: tmp_path / "real")
    enigma._read.cache_clear()
    try:
        with pytest.raises(DataFileError, match="checksum"):
            enigma.load_enigma("thickness", "adult")
    finally:
        enigma._read.cache_clear()


def test_unknown_enigma_file_is_a_clear_message():
    with pytest.raises(CourseInputError, match="No ENIGMA-MDD file"):
        enigma.load_enigma("thickness", "elderly")


# --- Schaefer labels and the HCP group files -------------------------------------------------
@pytest.mark.parametrize("n_parcels", hcpgroup.PARCELLATIONS)
def test_labels_matrices_and_parcellations_agree(n_parcels):
    labels = hcpgroup.schaefer_labels(n_parcels)
    assert len(labels) == n_parcels and labels["label"].is_unique
    assert set(labels["network"]) == set(hcpgroup.NETWORK_NAMES)
    # left hemisphere first, then right
    assert (labels["hemisphere"].iloc[: n_parcels // 2] == "left").all()
    assert (labels["hemisphere"].iloc[n_parcels // 2:] == "right").all()
    for sample in hcpgroup.SAMPLES:
        matrix = hcpgroup.group_connectivity(n_parcels, sample)
        assert matrix.shape == (n_parcels, n_parcels) and np.allclose(matrix.to_numpy(), matrix.to_numpy().T)
        assert np.allclose(np.diag(matrix.to_numpy()), 1)
    parcels = hcpgroup.surface_parcellation(n_parcels)
    assert set(np.unique(parcels)) == set(range(n_parcels + 1))        # 0 = medial wall, then 1..N
    # vertex value k on the left surface belongs to a left parcel, on the right surface to a right one
    left, right = hcpgroup.hemisphere_values(parcels, "left"), hcpgroup.hemisphere_values(parcels, "right")
    hemisphere = dict(zip(labels["parcel"], labels["hemisphere"]))
    assert {hemisphere[k] for k in np.unique(left[left > 0])} == {"left"}
    assert {hemisphere[k] for k in np.unique(right[right > 0])} == {"right"}


def test_the_label_order_is_the_matrix_order():
    """Parcels of one network correlate more with each other than with the rest: with a shuffled
    label order, this would not hold for every network."""
    blocks = hcpgroup.network_blocks(hcpgroup.group_connectivity(400))
    for network in ("Vis", "SomMot", "DorsAttn", "SalVentAttn", "Cont", "Default"):
        assert blocks.loc[network, network] == blocks.loc[network].max(), network
    assert blocks.loc["Default", "Default"] == pytest.approx(0.28, abs=0.02)


def test_the_dmn_sits_at_the_apex_of_the_principal_gradient():
    gradient = hcpgroup.principal_gradient()
    labels = hcpgroup.schaefer_labels(400)
    network = np.array(["medial wall", *labels["network"]])[hcpgroup.surface_parcellation(400)]
    means = {code: float(np.nanmean(gradient[network == code])) for code in hcpgroup.NETWORK_NAMES}
    assert max(means, key=means.get) == "Default" and means["Default"] > 5
    assert means["Vis"] < 0 and means["SomMot"] < 0


def test_the_holdout_group_replicates_the_main_group():
    main, holdout = (hcpgroup.group_connectivity(400, s).to_numpy() for s in hcpgroup.SAMPLES)
    upper = np.triu_indices(400, 1)
    assert np.corrcoef(main[upper], holdout[upper])[0, 1] > 0.95
    assert not np.allclose(main, holdout)


def test_surfaces_and_painting():
    coordinates, faces = hcpgroup.surface_mesh("right")
    assert coordinates.shape == (hcpgroup.N_VERTICES, 3) and faces.max() < hcpgroup.N_VERTICES
    painted = hcpgroup.parcel_values_on_surface(np.arange(1, 401, dtype=float))
    parcels = hcpgroup.surface_parcellation(400)
    assert np.isnan(painted[parcels == 0]).all() and np.array_equal(painted[parcels > 0], parcels[parcels > 0])
    with pytest.raises(CourseInputError):
        hcpgroup.parcel_values_on_surface(np.ones(10))
    with pytest.raises(CourseInputError):
        hcpgroup.surface_mesh("middle")
    with pytest.raises(CourseInputError):
        hcpgroup.group_connectivity(150)
