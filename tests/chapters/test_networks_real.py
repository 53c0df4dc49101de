"""Chapter 6 on REAL brains (issue 23): the HCP group matrices summarised network by network and read
as graphs the chapter's way, their replication in the hold-out group, the comparison with the
SIMULATED controls (shared with the About-the-data page), the figure's alt text and the page's numbers."""
import time

import networkx as nx
import numpy as np
import pytest

from dmnlab import networks
from dmnlab.datasets import hcpgroup
from dmnlab.methods import graphs
from dmnlab.shared import datasheet
from dmnlab.study.nodes import NETWORKS


@pytest.fixture(scope="module")
def numbers():
    return networks.page_numbers()


@pytest.fixture(scope="module")
def labels():
    return hcpgroup.schaefer_labels(400)


def test_counterparts_are_honest():
    """Every course network is mapped to a Schaefer network or to nothing; the affective one to nothing."""
    assert set(networks.COUNTERPARTS) == set(NETWORKS)
    assert networks.COUNTERPARTS["affective"] is None
    assert {value for value in networks.COUNTERPARTS.values() if value} <= set(hcpgroup.NETWORK_NAMES)
    assert networks.COUNTERPARTS["DMN"] == "Default"


def test_real_network_matrix_has_the_facts_the_page_states():
    blocks = networks.real_network_matrix("main")
    assert blocks.shape == (7, 7) and np.allclose(blocks.to_numpy(), blocks.to_numpy().T)
    default = blocks.loc["Default"]
    assert default["Default"] == pytest.approx(0.28, abs=0.01)
    others = default.drop("Default")
    assert (others < default["Default"]).all()
    assert 0.09 < others.min() and others.max() < 0.18
    # No global signal regression: no network mean is negative.
    assert (blocks.to_numpy() > 0).all()


def test_real_graph_matches_networkx_and_a_hand_count(labels):
    matrix = hcpgroup.group_connectivity(400, "main")
    partition = dict(zip(labels["label"], labels["network"]))
    result = networks.real_graph("main")
    graph = graphs.matrix_to_graph(matrix, networks.GRAPH_DENSITY, "proportional")
    assert graph.number_of_edges() == round(networks.GRAPH_DENSITY * 400 * 399 / 2) == result["n_edges"]
    modules = [{node for node, net in partition.items() if net == code} for code in hcpgroup.NETWORK_NAMES]
    assert result["modularity"] == pytest.approx(nx.algorithms.community.modularity(graph, modules, weight="weight"))
    between = sum(partition[a] != partition[b] for a, b in graph.edges) / graph.number_of_edges()
    assert result["between_share"] == pytest.approx(between)
    assert 0 < result["participation"] < result["max_participation"] == pytest.approx(1 - 1 / 7)
    assert result["by_network"].index.tolist() == list(hcpgroup.NETWORK_NAMES)


def test_real_graph_is_fast_enough_for_a_page():
    start = time.perf_counter()
    networks.real_graph.__wrapped__("holdout", 0.15)
    assert time.perf_counter() - start < 10


def test_the_hold_out_group_replicates_the_main_one():
    main, holdout = networks.real_graph("main"), networks.real_graph("holdout")
    assert abs(main["modularity"] - holdout["modularity"]) < 0.03
    assert abs(main["participation"] - holdout["participation"]) < 0.03
    assert networks.replication_r()["parcels"] > 0.99
    table = networks.real_density_table()
    assert list(table.index) == list(networks.DENSITIES)
    assert table["modularity (main)"].is_monotonic_decreasing
    assert table["participation (main)"].is_monotonic_increasing


def test_the_comparison_is_the_chapters_own_simulated_matrix():
    """The datasheet (About the data) and chapter 6 quote the same simulated cells."""
    chapter = networks.group_network_matrix("control", "baseline")
    assert np.allclose(datasheet.simulated_network_matrix().to_numpy(), chapter.to_numpy(), atol=1e-9)
    table = networks.real_vs_simulated()
    assert table.loc["within DMN", "simulated"] == pytest.approx(chapter.loc["DMN", "DMN"])
    assert table.loc["DMN–central executive", "real_cell"] == "Default–Cont"
    real = networks.real_network_matrix("holdout")
    assert table.loc["DMN–salience", "real_holdout"] == pytest.approx(real.loc["Default", "SalVentAttn"])
    # The simulator is tidier: anticorrelated where the real group means are positive.
    assert table.loc["DMN–central executive", "simulated"] < 0 < table.loc["DMN–central executive", "real_main"]
    assert table.loc["within DMN", "simulated"] > table.loc["within DMN", "real_main"]


def test_page_numbers_follow_the_real_data(numbers):
    main = networks.real_graph("main")
    assert numbers["ch6_main_q"] == pytest.approx(main["modularity"])
    assert numbers["ch6_holdout_p"] == pytest.approx(networks.real_graph("holdout")["participation"])
    assert numbers["ch6_real_between_pct"] == pytest.approx(100 * main["between_share"])
    assert datasheet.STRONG_EDGE_DENSITY == networks.GRAPH_DENSITY
    assert numbers["ch6_sim_between_pct"] == pytest.approx(100 * datasheet.strong_edges_between()["simulated"])
    large = main["by_network"].drop(["Default", "Limbic"])
    assert (str(numbers["ch6_real_p_default_lowest"]) == "the lowest") == (main["by_network"]["Default"] < large.min())
    assert numbers["ch6_cmp_main_within_dmn"] == pytest.approx(networks.real_network_matrix("main").loc["Default", "Default"])
    assert "Open Access Data Use Terms" in str(numbers["ch6_real_hcp_terms"])
    assert 0 < numbers["ch6_real_negative_pct"] < 5


def test_the_real_figure_has_alt_text_with_the_data():
    from conftest import assert_alt_texts

    real = networks.real_network_matrix("main")
    simulated = networks.group_network_matrix("control", "baseline")
    figure = networks.plot_real_networks()
    assert_alt_texts({"real vs simulated": (figure, [
        "REAL", "SIMULATED", "no global signal regression", "no real counterpart",
        f"within default mode {real.loc['Default', 'Default']:+.2f}",
        f"within DMN {simulated.loc['DMN', 'DMN']:+.2f}",
        f"DMN–central executive {simulated.loc['DMN', 'central executive']:+.2f}",
        f"HCP main Q {networks.real_graph('main')['modularity']:.2f}",
        f"HCP hold-out Q {networks.real_graph('holdout')['modularity']:.2f}"])})
    assert len(figure._repr_png_()) < 150_000


def test_the_datasheet_states_the_comparison_and_the_terms():
    from conftest import REPO

    values = datasheet.page_numbers()
    table = datasheet.network_structure()
    assert values["about_net_sim_within_dmn"] == pytest.approx(table.loc["within_dmn", "simulated"])
    assert values["about_net_hcp_dmn_ce"] == pytest.approx(table.loc["dmn_ce", "hcp_main"])
    assert "Open Access Data Use Terms" in str(values["about_hcp_terms"])
    # What the page says in words: the simulator is tidier (higher within, anticorrelated between), both
    # have positively coupled task-positive networks.
    for cell in ("within_dmn", "within_sal", "within_ce"):
        assert table.loc[cell, "simulated"] > table.loc[cell, "hcp_main"], cell
    for cell in ("dmn_sal", "dmn_ce"):
        assert table.loc[cell, "simulated"] < 0 < min(table.loc[cell, "hcp_main"], table.loc[cell, "hcp_holdout"]), cell
    assert min(table.loc["sal_ce", ["simulated", "hcp_main", "hcp_holdout"]]) > 0
    page = open(f"{REPO}/book/about-data.md", encoding="utf-8").read()
    for name in values:
        if name.startswith("about_net_") or name == "about_hcp_terms":
            assert f"`{name}" in page, name
    for words in ("Simulated vs real network structure", "BSD-3", "brainspace", "schaefer-labels", "enigma-mdd"):
        assert words in page, words
