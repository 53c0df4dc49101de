"""Chapter 6 (networks): graph methods against networkx and hand-worked graphs, the network
matrix against plain NumPy, the shipped SIMULATED cohort against its design, widgets headless,
and every checker on right answers, named mistakes, wrong types and None."""
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from dmnlab import networks
from dmnlab.methods import graphs, stats
from dmnlab.study.nodes import NETWORKS, NODE_LABELS, NODE_NETWORK


@pytest.fixture(scope="module")
def table():
    return networks.network_table()


@pytest.fixture(scope="module")
def bold():
    return networks.example_timeseries()


@pytest.fixture(scope="module")
def group_matrix():
    return networks.group_node_matrix("control")


def _random_correlation(n=17, seed=0):
    rng = np.random.default_rng(seed)
    signals = rng.standard_normal((200, n)) + rng.standard_normal((200, 1)) * 0.5
    return np.corrcoef(signals, rowvar=False)


# --- methods: thresholds ------------------------------------------------------------------------
def test_absolute_threshold_keeps_only_pairs_above_the_value():
    matrix = _random_correlation()
    kept = graphs.threshold_matrix(matrix, 0.2)
    off = ~np.eye(17, dtype=bool)
    assert np.array_equal(kept[off] > 0, matrix[off] > 0.2)
    assert np.allclose(kept[kept > 0], matrix[kept > 0]) and np.allclose(np.diag(kept), 0)
    assert np.allclose(kept, kept.T)


def test_proportional_threshold_keeps_the_strongest_share():
    matrix = _random_correlation(seed=1)
    kept = graphs.threshold_matrix(matrix, 0.2, "proportional")
    upper = kept[np.triu_indices(17, 1)]
    assert (upper > 0).sum() == round(0.2 * 136)
    weakest_kept = upper[upper > 0].min()
    dropped = matrix[np.triu_indices(17, 1)][upper == 0]
    assert (dropped <= weakest_kept).all()


def test_negative_correlations_are_never_edges():
    matrix = np.array([[1.0, -0.8, 0.3], [-0.8, 1.0, 0.1], [0.3, 0.1, 1.0]])
    assert graphs.threshold_matrix(matrix, 0.0)[0, 1] == 0
    assert graphs.threshold_matrix(matrix, 1.0, "proportional")[0, 1] == 0


@pytest.mark.parametrize("bad, message", [
    (dict(matrix=np.ones((3, 4)), threshold=0.1), "square"),
    (dict(matrix=np.array([[1, 0.2], [0.5, 1]]), threshold=0.1), "symmetric"),
    (dict(matrix=np.eye(3), threshold=1.5), "between 0 and 1"),
    (dict(matrix=np.eye(3), threshold=0.0, rule="proportional"), "share"),
    (dict(matrix=np.eye(3), threshold=0.1, rule="fixed"), "Unknown threshold rule"),
])
def test_bad_threshold_input_is_explained(bad, message):
    with pytest.raises(ValueError, match=message):
        graphs.threshold_matrix(**bad)


# --- methods: modularity and participation ------------------------------------------------------
def test_modularity_matches_networkx_directly(group_matrix):
    for threshold in (0.1, 0.3):
        values = group_matrix.to_numpy()
        reference = nx.Graph()
        reference.add_nodes_from(NODE_LABELS)
        for i in range(17):
            for j in range(i + 1, 17):
                if values[i, j] > threshold:
                    reference.add_edge(NODE_LABELS[i], NODE_LABELS[j], weight=values[i, j])
        partition = [{label for label in NODE_LABELS if NODE_NETWORK[label] == net} for net in NETWORKS]
        expected = nx.community.modularity(reference, partition, weight="weight")
        graph = graphs.matrix_to_graph(group_matrix, threshold)
        assert graphs.modularity(graph) == pytest.approx(expected)
        assert graph.number_of_edges() == reference.number_of_edges()


def test_modularity_matches_the_plain_formula():
    """Q = Σ_c [W_c / m − (s_c / 2m)²]: W_c the weight inside module c, s_c its total strength."""
    matrix = _random_correlation(8, seed=2)
    kept = graphs.threshold_matrix(matrix, 0.05)
    modules = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    m = kept.sum() / 2
    strength = kept.sum(axis=1)
    plain = sum(kept[np.ix_(modules == c, modules == c)].sum() / 2 / m - (strength[modules == c].sum() / (2 * m)) ** 2
                for c in range(3))
    graph = graphs.matrix_to_graph(matrix, 0.05, labels=list(range(8)))
    partition = {node: int(modules[node]) for node in range(8)}
    assert graphs.modularity(graph, partition) == pytest.approx(plain)


def test_participation_of_a_hand_made_graph():
    # hub: one edge into each of three modules → P = 1 − 3 · (1/3)² = 2/3; leaves: P = 0.
    graph = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c")])
    partition = {"hub": "A", "a": "A", "b": "B", "c": "C"}
    result = graphs.participation_coefficient(graph, partition)
    assert result["hub"] == pytest.approx(2 / 3)
    assert result["a"] == result["b"] == result["c"] == 0.0
    # Weighted: 3 of the hub's strength stays in its module, 1 leaves → 1 − (0.75² + 0.25²) = 0.375.
    weighted = nx.Graph()
    weighted.add_edge("hub", "a", weight=3.0)
    weighted.add_edge("hub", "b", weight=1.0)
    assert graphs.participation_coefficient(weighted, partition | {"c": "C"})["hub"] == pytest.approx(0.375)
    assert graphs.participation_coefficient(weighted, partition, weight=None)["hub"] == pytest.approx(0.5)
    # An isolated node connects nothing: P = 0 by convention; the mean counts it.
    weighted.add_node("c")
    assert graphs.participation_coefficient(weighted, partition)["c"] == 0.0
    assert graphs.mean_participation(weighted, partition) == pytest.approx(0.375 / 4)


def test_partition_errors_and_empty_graphs():
    graph = nx.Graph([("PCC", "mPFC")])
    graph.add_node("extra")
    with pytest.raises(ValueError, match="No network known"):
        graphs.modularity(graph)
    with pytest.raises(ValueError, match="exactly one module"):
        graphs.modularity(graph, [{"PCC"}, {"mPFC"}])
    empty = graphs.matrix_to_graph(np.eye(17), 0.5)
    assert np.isnan(graphs.modularity(empty)) and graphs.mean_participation(empty) == 0.0


def test_threshold_moves_both_measures(group_matrix):
    lenient = graphs.graph_measures(group_matrix, 0.1)
    strict = graphs.graph_measures(group_matrix, 0.3)
    assert lenient["n_edges"] > strict["n_edges"]
    assert lenient["participation"] > strict["participation"]
    assert lenient["modularity"] < strict["modularity"]


# --- chapter science ----------------------------------------------------------------------------
def test_network_matrix_matches_plain_numpy(bold):
    corr = np.corrcoef(bold[list(NODE_LABELS)].to_numpy().T)
    members = {net: [i for i, label in enumerate(NODE_LABELS) if NODE_NETWORK[label] == net] for net in NETWORKS}
    expected = np.zeros((4, 4))
    for a, first in enumerate(NETWORKS):
        for b, second in enumerate(NETWORKS):
            values = [corr[i, j] for i in members[first] for j in members[second] if i < j] if a == b else \
                [corr[i, j] for i in members[first] for j in members[second]]
            expected[a, b] = np.tanh(np.mean(np.arctanh(values)))
    result = networks.network_matrix(bold)
    assert list(result.index) == list(NETWORKS)
    assert np.allclose(result.to_numpy(), expected)
    # Columns in another order give the same matrix.
    assert np.allclose(networks.network_matrix(bold[list(NODE_LABELS)[::-1]]).to_numpy(), expected)


def test_network_table_covers_every_run(table):
    assert len(table) == 96 + 60 * 4
    assert (table.loc[table.group == "control", "session"] == "baseline").all()
    assert table.groupby("session", observed=True).size().to_dict() == {
        "baseline": 96, "infusion": 60, "24h": 60, "day7": 60, "day14": 60}
    assert table[list(networks.MEASURE_LABELS)].notna().all().all()
    assert "Simulated" in table.attrs["simulated"]


def test_shipped_cohort_shows_the_designed_directions(table):
    """The cohort's design: within-DMN and within-CE a little lower, the DMN–task-positive
    anticorrelation a little weaker (less negative), all small effects."""
    within_dmn = networks.compare_groups(table, "within_dmn", 2000)["effect"]
    within_ce = networks.compare_groups(table, "within_ce", 2000)["effect"]
    dmn_tp = networks.compare_groups(table, "dmn_task_positive", 2000)
    assert within_dmn.g < 0 and within_ce.g < 0
    assert dmn_tp["effect"].g > 0 and dmn_tp["mean_controls"] < dmn_tp["mean_patients"] < 0
    for effect in (within_dmn, within_ce, dmn_tp["effect"]):
        assert abs(effect.g) < 0.5 and effect.ci_low < 0 < effect.ci_high  # small, uncertain
    # The infusion raises between-network connectivity (a modelling choice) and lowers within-DMN.
    before, during = (networks.group_network_matrix("depressed", s).to_numpy() for s in ("baseline", "infusion"))
    off_diagonal = ~np.eye(4, dtype=bool)
    assert (during[off_diagonal] > before[off_diagonal]).all() and during[0, 0] < before[0, 0]


def test_group_comparison_uses_hedges_g(table):
    baseline = table[table.session == "baseline"]
    result = networks.compare_groups(table, "within_ce", 2000)
    expected = stats.hedges_g(baseline.loc[baseline.group == "depressed", "within_ce"],
                              baseline.loc[baseline.group == "control", "within_ce"])
    assert result["effect"].g == pytest.approx(expected.g)
    assert (result["n_patients"], result["n_controls"]) == (60, 36)
    # The one signature of every chapter: no table means the chapter's own, at baseline.
    default = networks.compare_groups(n_permutations=200)
    assert default["measure"] == "dmn_task_positive" and default["n_patients"] == 60
    assert default["p_permutation"] == default["permutation"].p_value
    assert default["effect"].g == pytest.approx(networks.compare_groups(table, n_permutations=200)["effect"].g)


def test_large_design_cohort_agrees_with_the_design():
    design = networks.design_check()
    assert design.loc["within_dmn", "g"] < 0 < design.loc["dmn_task_positive", "g"]
    assert (design["g"].abs() < 0.5).all()  # nothing large was built in
    assert design.attrs["n_per_group"] == 1000


def test_threshold_curves_show_the_trade_off():
    absolute = networks.threshold_curves("absolute")
    proportional = networks.threshold_curves("proportional")
    assert absolute["participation_controls"].is_monotonic_decreasing
    assert proportional["participation_controls"].is_monotonic_increasing
    # Same number of edges in everyone — unless a run has fewer positive pairs than the share asks for.
    sparse = proportional[proportional["threshold"] <= 0.3]
    assert (sparse["edges_controls"] == sparse["edges_patients"]).all()
    assert absolute["edges_controls"].iloc[0] > absolute["edges_controls"].iloc[-1]


def test_page_words_follow_the_data():
    """The page's words about the threshold curves are computed, not written in: whether the modularity
    difference changes sign, and whether the patients keep more or fewer edges at r > 0.2."""
    numbers = networks.page_numbers()
    changes = numbers["ch6_q_g_min"] < 0 < numbers["ch6_q_g_max"]
    assert (str(numbers["ch6_q_sign"]) == "it changes sign") == changes
    absolute = networks.threshold_curves("absolute").set_index("threshold")
    assert numbers["ch6_edges_patients"] == pytest.approx(absolute.loc[0.2, "edges_patients"])
    word = str(numbers["ch6_edges_word"])
    assert word == ("more" if numbers["ch6_edges_patients"] > numbers["ch6_edges_controls"] else
                    "fewer" if numbers["ch6_edges_patients"] < numbers["ch6_edges_controls"] else "as many")


# --- widgets ------------------------------------------------------------------------------------
def test_network_matrix_widget_follows_its_controls():
    from dmnlab.course.chapters import chapter

    assert set(chapter("networks").widget_factories()) == {"network_matrix_explorer", "graph_explorer"}
    explorer = networks.network_matrix_explorer()
    explorer.live_widget()
    left, right = explorer.panel.images
    baseline_difference = np.array(right.get_array()).copy()
    explorer.inputs["session"].value = "infusion"
    during = np.array(right.get_array())
    assert during[0, 2] > baseline_difference[0, 2]  # DMN–central executive rises during the infusion
    assert "infusion" in explorer.shown_html()
    explorer.inputs["group"].value = "control"
    assert np.allclose(np.array(right.get_array()), 0)
    text = explorer.shown_html()
    assert "baseline only" in text and "controls" in text
    assert np.allclose(np.array(left.get_array()), networks.group_network_matrix("control").to_numpy())


def test_graph_widget_follows_its_controls():
    explorer = networks.graph_explorer()
    explorer.live_widget()
    edges = explorer.panel.brain.edge_artists[0]
    bars = explorer.panel.bars

    def shown():
        return int((np.asarray(edges.get_linewidths()) > 0).sum())

    # The explorer opens at a threshold where edges leave their networks: the participation chart is not empty.
    assert explorer.inputs["threshold"].value == networks.GRAPH_START_THRESHOLD == 0.1
    lenient = shown()
    assert lenient == networks.group_graph("controls", 0.1)["measures"]["n_edges"]
    assert max(bar.get_height() for bar in bars) > 0.3
    text = explorer.shown_html()
    measures = networks.group_graph("controls", 0.1)["measures"]
    assert "above 0.1" in text and f"{measures['modularity']:.2f}" in text
    explorer.inputs["threshold"].value = 0.3
    assert shown() < lenient and max(bar.get_height() for bar in bars) == 0  # at r > 0.3 no edge leaves its network
    explorer.inputs["group"].value = "patients, infusion"
    assert "during the infusion" in explorer.shown_html()


def test_figures_have_alt_text_with_the_data():
    from conftest import assert_alt_texts

    differences = networks.group_differences()
    curves = networks.threshold_curves("absolute")
    assert_alt_texts({
        "forest": (networks.plot_group_differences(), [f"{differences.loc['within_dmn', 'g']:+.2f}"]),
        "curves": (networks.plot_threshold_curves(), [f"{curves['modularity_controls'].iloc[0]:.2f}"]),
        "triple network": (networks.plot_triple_network(), ["Salience network", "anterior insula (L, R)",
                                                            "switches", "verdict: debated", "verdict: overstated"]),
    })


def test_the_triple_network_diagram_reads_its_verdicts_from_the_register():
    from dmnlab.study.evidence import register

    verdicts = {claim.id: claim.verdict for claim in register()}
    read = networks.triple_network_verdicts()
    assert set(read) == {number for number, *_ in networks.TRIPLE_NETWORK_HYPOTHESES}
    for number, where, text, claim in networks.TRIPLE_NETWORK_HYPOTHESES:
        assert read[number] == verdicts[claim]
        assert set(where) - {"switch"} <= set(NETWORKS)
    figure = networks.plot_triple_network()
    texts = " ".join(text.get_text() for ax in figure.axes for text in ax.texts)
    for number, _, text, _ in networks.TRIPLE_NETWORK_HYPOTHESES:
        assert f"{number}  {text}: {read[number]}" in texts
    styles = {line.get_linestyle() for ax in figure.axes for line in ax.lines}
    assert {"--", ":"} <= styles  # debated and overstated links are drawn in their own line styles


def test_the_followed_patient_is_placed_among_the_groups(table):
    from dmnlab.shared.patient import THREAD_PATIENT

    placed = networks.participant_among_groups(THREAD_PATIENT)
    baseline = table[table["session"] == "baseline"]
    controls = baseline.loc[baseline["group"] == "control", "participation"]
    value = float(baseline.loc[baseline["participant_id"] == THREAD_PATIENT, "participation"].iloc[0])
    assert placed.loc["participation", "value"] == pytest.approx(value)
    assert placed.loc["participation", "controls"] == pytest.approx(controls.mean())
    assert placed.loc["participation", "controls_below"] == pytest.approx((controls < value).mean())
    numbers = networks.page_numbers()
    share = placed.loc["participation", "controls_below"]
    word = str(numbers["ch6_pt_p_above_word"])
    assert word == ("every control's" if share == 1 else "no control's" if share == 0 else f"{100 * share:.0f}% of controls'")
    with pytest.raises(Exception, match="no baseline scan"):
        networks.participant_among_groups("sub-999")


# --- checkers -----------------------------------------------------------------------------------
def test_network_matrix_checker(bold):
    right = networks.network_matrix(bold)
    assert networks.check_network_matrix(right, bold).correct
    assert networks.check_network_matrix(right.to_numpy(), bold).correct
    variants = networks._exercises._network_variants(bold)
    assert "Fisher" in networks.check_network_matrix(variants["plain"], bold).hint
    assert "itself" in networks.check_network_matrix(variants["diagonal_plain"], bold).message
    assert "itself" in networks.check_network_matrix(variants["diagonal_fisher"], bold).message
    assert "17 × 17" in networks.check_network_matrix(bold.corr(), bold).message
    assert "shape" in networks.check_network_matrix(np.zeros((3, 3)), bold).message
    assert "alphabetical" in networks.check_network_matrix(right.loc[sorted(NETWORKS), sorted(NETWORKS)].to_numpy(),
                                                           bold).message
    assert "no answer yet" in networks.check_network_matrix(None, bold).message
    assert not networks.check_network_matrix("a matrix", bold).correct


def test_modularity_checker(group_matrix):
    right = graphs.modularity(graphs.matrix_to_graph(group_matrix, 0.2))
    assert networks.check_modularity(right, group_matrix, 0.2).correct
    wrong_threshold = graphs.modularity(graphs.matrix_to_graph(group_matrix, 0.3))
    assert "r > 0.3" in networks.check_modularity(wrong_threshold, group_matrix, 0.2).hint
    binary = graphs.modularity(graphs.matrix_to_graph(group_matrix, 0.2), weight=None)
    if abs(binary - right) > 0.002:
        assert "binary" in networks.check_modularity(binary, group_matrix, 0.2).hint
    greedy = networks._exercises._greedy_partition(group_matrix, 0.2)
    detected = graphs.modularity(graphs.matrix_to_graph(group_matrix, 0.2), greedy)
    if abs(detected - right) > 0.002:
        assert "algorithm" in networks.check_modularity(detected, group_matrix, 0.2).hint
    assert "one module" in networks.check_modularity(0.0, group_matrix, 0.2).hint
    assert "no answer yet" in networks.check_modularity(None, group_matrix, 0.2).message
    assert "single number" in networks.check_modularity([0.1, 0.2], group_matrix, 0.2).message


def test_participation_checker(group_matrix):
    graph = graphs.matrix_to_graph(group_matrix, 0.2)
    per_node = graphs.participation_coefficient(graph)
    assert networks.check_participation(float(np.mean(list(per_node.values()))), group_matrix, 0.2).correct
    assert networks.check_participation(per_node, group_matrix, 0.2).correct
    assert networks.check_participation(pd.Series(per_node), group_matrix, 0.2).correct
    broken = dict(per_node, PCC=per_node["PCC"] + 0.3)
    assert "PCC" in networks.check_participation(broken, group_matrix, 0.2).message
    lenient = graphs.mean_participation(graphs.matrix_to_graph(group_matrix, 0.1))
    assert "r > 0.1" in networks.check_participation(lenient, group_matrix, 0.2).hint
    binary = graphs.mean_participation(graph, weight=None)
    if abs(binary - np.mean(list(per_node.values()))) > 0.002:
        assert "binary" in networks.check_participation(binary, group_matrix, 0.2).hint
    assert "square" in networks.check_participation(0.0, group_matrix, 0.2).hint
    assert "no answer yet" in networks.check_participation(None, group_matrix, 0.2).message
    assert not networks.check_participation("high", group_matrix, 0.2).correct


def test_group_effect_checker(table):
    """All patients (patients="all"): the right answer in its three forms and each named mistake."""
    baseline = table[table.session == "baseline"]
    patients = baseline.loc[baseline.group == "depressed", "dmn_task_positive"]
    controls = baseline.loc[baseline.group == "control", "dmn_task_positive"]
    effect = stats.hedges_g(patients, controls)

    def check(answer):
        return networks.check_group_effect(answer, table, patients="all")

    assert check(effect).correct
    assert check((effect.g, effect.ci_low, effect.ci_high)).correct
    assert check({"g": effect.g, "ci_low": effect.ci_low, "ci_high": effect.ci_high}).correct
    assert "Cohen's d" in check((effect.d, effect.ci_low, effect.ci_high)).hint
    swapped = stats.hedges_g(controls, patients)
    assert "swapped" in check(swapped).hint
    n = len(controls)
    change = patients.to_numpy()[:n] - controls.to_numpy()[:n]
    d_z = change.mean() / change.std(ddof=1)
    assert "independent" in check((d_z, 0.0, 0.5)).hint
    paired = stats.paired_effect(controls.to_numpy(), patients.to_numpy()[:n])
    assert "paired" in check(paired).message
    assert "interval" in check((effect.g, -1.0, 1.0)).message
    assert "with* its interval" in check(effect.g).message
    assert "no answer yet" in check(None).message
    assert not check("big").correct


def test_group_effect_checker_for_the_unmedicated_patients(table):
    """Exercise 6.5 compares the unmedicated patients with the controls (the page quotes all patients):
    the page's comparison, the medicated patients and the two patient groups are named mistakes."""
    baseline = table[table.session == "baseline"]
    values = {name: baseline.loc[(baseline.group == "depressed") & (baseline.medication == medication),
                                 "dmn_task_positive"] for name, medication in (("none", "none"),
                                                                                ("antidepressant", "antidepressant"))}
    everyone = baseline.loc[baseline.group == "depressed", "dmn_task_positive"]
    controls = baseline.loc[baseline.group == "control", "dmn_task_positive"]
    effect = stats.hedges_g(values["none"], controls)
    right = networks.check_group_effect(effect, table)   # unmedicated by default: the exercise
    assert right.correct and f"{len(values['none'])} unmedicated patients" in right.message
    assert networks.check_group_effect(effect, table, patients="unmedicated").correct
    all_patients = networks.check_group_effect(stats.hedges_g(everyone, controls), table)
    assert not all_patients.correct and "all patients" in all_patients.hint
    medicated = networks.check_group_effect(stats.hedges_g(values["antidepressant"], controls), table)
    assert not medicated.correct and "medicated patients" in medicated.hint
    inside = networks.check_group_effect(stats.hedges_g(values["none"], values["antidepressant"]), table)
    assert not inside.correct and "two patient groups" in inside.hint
    assert "wrong sign" in networks.check_group_effect(stats.hedges_g(controls, values["none"]), table).hint
    assert "knows no patient group" in networks.check_group_effect(effect, table, patients="young").message


# --- exercise 6.3: the participation coefficient written by the learner --------------------------
def _participation(weights, networks_):
    """A right implementation, as a learner would write it."""
    w = np.array(weights, dtype=float)
    np.fill_diagonal(w, 0)
    labels = np.array(networks_)
    result = []
    for row in w:
        k = row.sum()
        result.append(0.0 if k == 0 else 1 - sum((row[labels == s].sum() / k) ** 2 for s in set(networks_)))
    return result


def _no_square(weights, networks_):
    w = np.array(weights, dtype=float)
    np.fill_diagonal(w, 0)
    labels = np.array(networks_)
    return [0.0 if row.sum() == 0 else 1 - sum(row[labels == s].sum() / row.sum() for s in set(networks_))
            for row in w]


def _edges_not_weights(weights, networks_):
    return _participation((np.asarray(weights) != 0).astype(float), networks_)


def _with_self_loops(weights, networks_):
    w = np.array(weights, dtype=float)
    labels = np.array(networks_)
    return [1 - sum((row[labels == s].sum() / row.sum()) ** 2 for s in set(networks_)) for row in w]


def test_participation_function_checker_tells_right_from_three_typical_mistakes():
    right = networks.check_participation_function(_participation)
    assert right.correct and "0.75" in right.message
    for function, named in ((_no_square, "square"), (_edges_not_weights, "counts edges"),
                            (_with_self_loops, "diagonal")):
        feedback = networks.check_participation_function(function)
        assert not feedback.correct, function.__name__
        assert named in feedback.message, (function.__name__, feedback)


def test_participation_function_checker_edge_cases_and_odd_answers():
    def no_guard(weights, networks_):
        w = np.array(weights, dtype=float)
        np.fill_diagonal(w, 0)
        labels = np.array(networks_)
        with np.errstate(invalid="ignore", divide="ignore"):
            return [1 - sum((row[labels == s].sum() / row.sum()) ** 2 for s in set(networks_)) for row in w]

    def in_place(weights, networks_):
        np.fill_diagonal(weights, 0)
        return _participation(weights, networks_)

    assert "NaN" in networks.check_participation_function(no_guard).message
    assert "changes the weights" in networks.check_participation_function(in_place).message
    assert "returns None" in networks.check_participation_function(lambda w, n: None).message
    assert "one number" in networks.check_participation_function(lambda w, n: 0.2).message
    assert networks.check_participation_function(lambda w, n: dict(enumerate(_participation(w, n)))).correct
    assert "no answer yet" in networks.check_participation_function(None).message
    broken = networks.check_participation_function(lambda w, n: [0.1] * len(w))
    assert not broken.correct and "the toy graph" in broken.message
    raised = networks.check_participation_function(lambda w: w)
    assert not raised.correct and "raised TypeError" in raised.message
    from conftest import ODD_ANSWERS

    for odd in ODD_ANSWERS:
        feedback = networks.check_participation_function(odd)
        assert not feedback.correct and feedback.message


def test_participation_function_hints_come_in_steps():
    from dmnlab.course import checks

    checks.ATTEMPTS.pop("6.3", None)
    hints = [networks.check_participation_function(_no_square).hint for _ in range(3)]
    assert "Square each network's share" in hints[0] and "Method:" not in hints[0]
    assert "Method:" in hints[1] and "Code:" not in hints[1]
    assert "Method:" in hints[2] and "Code:" in hints[2]
    checks.ATTEMPTS.pop("6.3", None)


def test_every_checker_of_the_lab_gives_hints_in_steps(bold, group_matrix, table):
    from dmnlab.course import checks

    calls = {"6.1": lambda: networks.check_network_matrix(np.zeros((4, 4)), bold),
             "6.2": lambda: networks.check_modularity(0.9, group_matrix),
             "6.3": lambda: networks.check_participation_function(lambda w, n: [0.1] * len(w)),
             "6.4": lambda: networks.check_participation(0.9, group_matrix),
             "6.5": lambda: networks.check_group_effect((0.9, 0.5, 1.3), table)}
    for number, call in calls.items():
        checks.ATTEMPTS.pop(number, None)
        first, second, third = (call().hint for _ in range(3))
        assert "Method:" not in first and "Method:" in second and "Code:" in third, number
        checks.ATTEMPTS.pop(number, None)


def test_the_reference_is_the_course_participation_coefficient(group_matrix):
    """participation_of_weights (the checker's answer) equals methods.graphs on the lab's graph, and the
    worked example's numbers are the ones the lab's Markdown cell shows."""
    weights = np.where(group_matrix > 0.15, group_matrix, 0.0)
    labels = [NODE_NETWORK[label] for label in group_matrix.columns]
    course = graphs.participation_coefficient(graphs.matrix_to_graph(group_matrix, 0.15))
    assert networks.participation_of_weights(weights, labels) == pytest.approx([course[n] for n in group_matrix.columns])
    assert _participation(weights, labels) == pytest.approx([course[n] for n in group_matrix.columns])
    toy_weights, toy_networks = networks._exercises._toy_graph()
    assert networks.participation_of_weights(toy_weights, toy_networks) == pytest.approx([0.375, 0.0, 0.5, 0.0])
    for seed in range(5):
        matrix = _random_correlation(seed=seed)
        kept = np.where(matrix > 0.1, matrix, 0.0)
        reference = graphs.participation_coefficient(graphs.matrix_to_graph(matrix, 0.1))
        assert networks.participation_of_weights(kept, [NODE_NETWORK[n] for n in NODE_LABELS]) == pytest.approx(
            [reference[n] for n in NODE_LABELS])


def test_participation_checker_takes_the_learners_array_and_names_the_diagonal(group_matrix):
    weights = np.where(group_matrix > networks.EXERCISE_THRESHOLD, group_matrix, 0.0)
    labels = [NODE_NETWORK[label] for label in group_matrix.columns]
    values = _participation(weights, labels)
    assert networks.check_participation(values, group_matrix).correct
    assert networks.check_participation(np.asarray(values), group_matrix).correct
    assert networks.check_participation(float(np.mean(values)), group_matrix).correct
    loops = float(np.mean(_with_self_loops(weights, labels)))
    assert "diagonal" in networks.check_participation(loops, group_matrix).hint


def test_nothing_is_answered_before_it_is_asked(group_matrix, table):
    """Issue 21: the lab's answers are not on the page or in a widget. Exercises 6.2 and 6.4 use a threshold
    the graph explorer does not offer; exercise 6.5 compares a subset the page does not quote."""
    assert networks.EXERCISE_THRESHOLD not in networks.THRESHOLDS
    numbers = networks.page_numbers()
    quoted = {round(value, 2) for value in numbers.values() if isinstance(value, float)}
    q = graphs.modularity(graphs.matrix_to_graph(group_matrix, networks.EXERCISE_THRESHOLD))
    p = graphs.mean_participation(graphs.matrix_to_graph(group_matrix, networks.EXERCISE_THRESHOLD))
    baseline = table[table.session == "baseline"]
    effect = stats.hedges_g(baseline.loc[(baseline.group == "depressed") & (baseline.medication == "none"),
                                         "dmn_task_positive"],
                            baseline.loc[baseline.group == "control", "dmn_task_positive"])
    for answer in (q, p, effect.g):
        assert round(answer, 2) not in quoted, answer
    # The page's own g (all patients) does not pass the lab's checker.
    assert not networks.check_group_effect((numbers["ch6_g_dmn_task_positive"], numbers["ch6_lo_dmn_task_positive"],
                                            numbers["ch6_hi_dmn_task_positive"]), table).correct
