"""The node table: coordinates from nilearn's atlases, networks, and the saved copy in data/."""
import numpy as np
import pandas as pd
import pytest

from dmnlab.datasets import loaders
from dmnlab.study import nodes


@pytest.fixture(scope="module")
def table():
    return nodes.build_node_table()


def test_every_node_has_a_network_and_a_colour(table):
    assert list(table["label"]) == list(nodes.NODE_LABELS)
    assert set(table["network"]) == set(nodes.NETWORKS)
    assert len(nodes.node_colours()) == len(nodes.NODE_LABELS)


def test_dmn_core_regions():
    assert set(nodes.DMN_NODES) == {"PCC", "mPFC", "PCUN", "AG_L", "AG_R", "HIPP_L", "HIPP_R"}
    assert "sgACC" not in nodes.DMN_NODES and "sgACC" not in nodes.TASK_POSITIVE_NODES


@pytest.mark.parametrize("label, xyz, atlas_network", [
    ("PCUN", (-6, -56, 29), "default"),
    ("AG_R", (51, -59, 34), "default"),
    ("AINS_L", (-36, 18, 2), "cingulo-opercular"),
    ("dACC", (9, 20, 34), "cingulo-opercular"),
    ("DLPFC_L", (-44, 27, 33), "fronto-parietal"),
    ("PPC_R", (44, -52, 47), "fronto-parietal"),
    ("HIPP_L", (-25.6, -11.8, -21.5), "MedialTemporalLobe"),
    ("AMY_R", (19.5, -1.9, -23.1), "Reward"),
])
def test_coordinates_and_network_names_come_from_the_atlas(table, label, xyz, atlas_network):
    row = table.set_index("label").loc[label]
    assert np.allclose([row.x, row.y, row.z], xyz, atol=0.05)
    assert row.atlas_network == atlas_network


def test_literature_seeds_are_marked(table):
    literature = table[table["atlas"] == "literature"]["label"].tolist()
    assert sorted(literature) == ["PCC", "mPFC", "sgACC"]


def test_hemisphere_matches_the_sign_of_x(table):
    for row in table.itertuples():
        if row.hemisphere == "L":
            assert row.x < 0, row.label
        elif row.hemisphere == "R":
            assert row.x > 0, row.label
        else:
            assert abs(row.x) <= 10, row.label


def test_a_typo_in_the_specs_is_caught(monkeypatch):
    broken = list(nodes.NODE_SPECS)
    spec = broken[2]
    broken[2] = nodes.NodeSpec(spec.label, spec.name, spec.network, spec.hemisphere,
                               (spec.mni[0] + 12, spec.mni[1], spec.mni[2]), spec.atlas,
                               spec.source, spec.role)
    monkeypatch.setattr(nodes, "NODE_SPECS", tuple(broken))
    with pytest.raises(ValueError, match="PCUN"):
        nodes.build_node_table()


def test_saved_node_table_matches_the_atlases(table):
    saved = loaders.load_nodes().reset_index(drop=True)
    pd.testing.assert_frame_equal(
        saved[["label", "network", "hemisphere", "atlas"]].astype(str),
        table[["label", "network", "hemisphere", "atlas"]].astype(str))
    assert np.allclose(saved[["x", "y", "z"]].astype(float), table[["x", "y", "z"]], atol=0.01)
