"""Widgets, headless: changing a control changes the figure's artists and the picture."""
import re
import time

import numpy as np
import pytest

from dmnlab import anatomy
from dmnlab.cohort.signals import simulate_run
from dmnlab.course import widgets
from dmnlab.course.plotting import new_figure
from dmnlab.study.nodes import build_node_table


@pytest.fixture(scope="module")
def nodes():
    return build_node_table()


@pytest.fixture(scope="module")
def rest():
    return simulate_run(seed=5)


def _image_src(explorer):
    return re.search(r'src="([^"]+)"', explorer.shown_html()).group(1)


def test_region_explorer_highlights_the_chosen_region(nodes):
    explorer = anatomy.region_explorer(nodes)
    explorer.live_widget()
    scatter = explorer.brain.node_artists[0]
    labels = list(nodes["label"])
    before = scatter.get_sizes().copy()
    assert before[labels.index("PCC")] > before[labels.index("mPFC")]
    src_before = _image_src(explorer)
    explorer.inputs["region"].value = "mPFC"  # as if the learner chose it
    after = scatter.get_sizes()
    assert after[labels.index("mPFC")] > after[labels.index("PCC")]
    assert _image_src(explorer) != src_before
    assert "medial prefrontal" in explorer.shown_html()


def test_seed_explorer_edges_and_bars_follow_the_controls(nodes, rest):
    explorer = anatomy.seed_explorer(rest, nodes)
    explorer.live_widget()
    edges = explorer.brain.edge_artists[0]
    bars = explorer.bars
    shown_low = int((np.asarray(edges.get_linewidths()) > 0).sum())
    heights_pcc = [bar.get_height() for bar in bars]
    explorer.inputs["threshold"].value = 0.5
    shown_high = int((np.asarray(edges.get_linewidths()) > 0).sum())
    assert shown_high < shown_low
    explorer.inputs["seed"].value = "DLPFC_R"
    heights_dlpfc = [bar.get_height() for bar in bars]
    assert not np.allclose(heights_pcc, heights_dlpfc)
    expected = rest.corr().loc["DLPFC_R", "PCC"]
    assert heights_dlpfc[list(rest.columns).index("PCC")] == pytest.approx(expected)
    assert len(explorer.timings_ms) == 2


def test_bad_values_get_a_clear_message(nodes):
    explorer = anatomy.region_explorer(nodes)
    with pytest.raises(widgets.WidgetValueError, match="Region: 'V1' is not one of the offered values"):
        explorer.set(region="V1")
    with pytest.raises(widgets.WidgetValueError, match="Unknown control"):
        explorer.set(colour="red")
    assert explorer.values["region"] == "PCC"


def test_static_html_has_one_picture_per_state_and_keyboard_controls(nodes, rest, monkeypatch):
    explorer = anatomy.seed_explorer(rest, nodes, seeds=("PCC", "mPFC"), thresholds=(0.0, 0.2, 0.4))
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    html = bundle["text/html"]
    # states (0.0 left out) + the initial <img>, each wide and narrow (<source>)
    assert html.count("data:image/png;base64,") == 2 * (2 * 2 + 1)
    assert html.count("<option") == 2
    assert "<select" in html and 'type="range"' in html and "<label for=" in html
    assert 'aria-live="polite"' in html and "alt=" in html
    assert "http" not in html.replace("https://", "").split("<script>")[1]  # no external script
    assert explorer.values == {"seed": "PCC", "threshold": 0.2}  # state restored after precomputing


def test_live_bundle_is_a_widget_view(nodes, monkeypatch):
    explorer = anatomy.region_explorer(nodes)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Region explorer" in bundle["text/plain"]


def test_blitting_gives_the_same_picture_as_a_full_redraw():
    figure = new_figure(3, 2)
    ax = figure.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    (line,) = ax.plot([0, 1], [0, 0])

    def update(height):
        line.set_ydata([height, height])

    control = widgets.Control("height", "Height", [0.2, 0.8], kind="slider")
    fast = widgets.Explorer(figure, update, [control], lambda height: f"line at {height}",
                            dynamic_artists=[line])
    fast.set(height=0.8)
    blitted = fast._draw().copy()
    line.set_animated(False)
    figure.canvas.draw()
    full = np.asarray(figure.canvas.buffer_rgba())
    differing = (np.abs(blitted.astype(int) - full.astype(int)).max(axis=2) > 8).mean()
    assert differing < 0.001  # only anti-aliasing at the line's edge may differ
    line_row = int(round((1 - 0.8 * 0.77 - 0.11) * blitted.shape[0]))
    assert (blitted[line_row - 3: line_row + 3, 150, :3] < 200).any()  # the line is drawn


def test_control_validation():
    with pytest.raises(ValueError, match="no options"):
        widgets.Control("x", "X", [])
    with pytest.raises(widgets.WidgetValueError):
        widgets.Control("x", "X", [1, 2], value=3)
    control = widgets.Control("x", "X", [0.1, 0.2, 0.30000000000000004])
    assert control.index_of(0.3) == 2


def _counting_renders(explorer):
    calls = []
    original = explorer.render_png

    def render_png(*args, **kwargs):
        calls.append(dict(explorer.values))
        return original(*args, **kwargs)

    explorer.render_png = render_png
    return calls


def test_a_state_already_shown_is_not_rendered_again(nodes):
    explorer = anatomy.region_explorer(nodes)
    calls = _counting_renders(explorer)
    explorer.live_widget()                       # PCC: rendered
    first = _image_src(explorer)
    explorer.inputs["region"].value = "mPFC"     # rendered
    explorer.inputs["region"].value = "PCC"      # shown before: from the cache
    assert [c["region"] for c in calls] == ["PCC", "mPFC"]
    assert _image_src(explorer) == first
    sizes = explorer.figure.axes and explorer.brain.node_artists[0].get_sizes()   # the figure catches up
    labels = list(nodes["label"])
    assert sizes[labels.index("PCC")] > sizes[labels.index("mPFC")]
    assert "posterior cingulate" in explorer.shown_html()


def test_states_are_rendered_ahead_while_the_event_loop_is_idle(nodes, monkeypatch):
    """In a kernel (a running event loop) every state is rendered in the background, one per
    turn, and the figure is put back to the current values afterwards."""
    import asyncio

    monkeypatch.setattr(widgets, "PRERENDER_START_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_GAP_S", 0.0)
    explorer = anatomy.region_explorer(nodes)
    calls = _counting_renders(explorer)
    regions = explorer.controls[0].values
    sizes_shown = {}

    async def in_a_kernel():
        explorer.live_widget()
        sizes_shown["start"] = explorer.brain.node_artists[0].get_sizes().copy()
        for _ in range(200):
            await asyncio.sleep(0.01)
            if len(explorer._live_cache) == len(regions) and not explorer._prerender_queue:
                break

    asyncio.run(in_a_kernel())
    assert len(explorer._live_cache) == len(regions)
    assert sorted(c["region"] for c in calls) == sorted(regions)     # each exactly once
    assert explorer.values["region"] == "PCC"
    explorer.figure                      # asking for the figure brings its artists up to date
    assert np.array_equal(explorer.brain.node_artists[0].get_sizes(), sizes_shown["start"])
    calls.clear()
    explorer.inputs["region"].value = regions[-1]                     # ready: no rendering
    assert calls == []


def _sent(explorer) -> set:
    """The states (one control) whose pictures the page has."""
    return {(i,) for i in range(len(explorer.controls[0].values)) if (i,) in explorer._live["tree"]}


def test_a_move_brings_its_neighbours_forward_while_far_states_wait(nodes, monkeypatch):
    """Far states wait until no control has moved for PRERENDER_QUIET_S; a move meanwhile must not
    wait with them: the states one and two key presses from the new one are sent at once."""
    import asyncio
    import time

    monkeypatch.setattr(widgets, "PRERENDER_START_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_GAP_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_QUIET_S", 30.0)
    explorer = anatomy.region_explorer(nodes)
    regions = explorer.controls[0].values
    sent = {}

    async def in_a_kernel():
        explorer.live_widget()
        widgets._last_move[0] = time.monotonic()       # another widget has just moved
        start = regions.index(explorer.values["region"])
        await asyncio.sleep(0.3)                       # the neighbours are drawn; far states wait
        sent["before"] = _sent(explorer)
        target = start + 2 if start + 4 < len(regions) else start - 2
        explorer.inputs["region"].value = regions[target]   # a move to a state already sent
        await asyncio.sleep(0.3)
        sent["after"] = _sent(explorer)
        sent["target"] = target

    monkeypatch.setattr(widgets, "_last_move", [float("-inf")])
    asyncio.run(in_a_kernel())
    target = sent["target"]
    assert len(sent["before"]) < len(regions), "far states were drawn without waiting for quiet"
    reach = {(i,) for i in range(target - 2, target + 3) if 0 <= i < len(regions)}
    assert reach <= sent["after"], f"after the move to {target}, states {sorted(reach - sent['after'])} were not sent"


def test_a_move_from_another_thread_is_drawn_on_the_kernels_thread(nodes, monkeypatch):
    """ipykernel 7 may handle a widget's message in a subshell thread: the move is handed to the
    kernel's main thread (where the render-ahead draws), which wakes for it and sends its picture."""
    import asyncio
    import threading

    monkeypatch.setattr(widgets, "PRERENDER_START_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_QUIET_S", 30.0)   # far states wait: the loop sleeps long
    monkeypatch.setattr(widgets, "_last_move", [float("-inf")])
    explorer = anatomy.region_explorer(nodes)
    regions = explorer.controls[0].values
    drawn_on = []
    original = explorer.render_png

    def render_png(*args, **kwargs):
        drawn_on.append(threading.get_ident())
        return original(*args, **kwargs)

    explorer.render_png = render_png
    seen = {}

    async def in_a_kernel():
        explorer.live_widget()
        widgets._last_move[0] = time.monotonic()
        await asyncio.sleep(0.3)
        target = regions[(regions.index(explorer.values["region"]) + 5) % len(regions)]   # not sent yet
        subshell = threading.Thread(target=lambda: setattr(explorer.inputs["region"], "value", target))
        subshell.start()
        subshell.join()
        seen["moved_at_once"] = explorer.values["region"] == target
        await asyncio.sleep(0.3)
        seen["target"], seen["value"] = target, explorer.values["region"]
        seen["sent"] = (regions.index(target),) in explorer._live["tree"]

    main = threading.get_ident()
    asyncio.run(in_a_kernel())
    assert not seen["moved_at_once"], "the move was applied in the other thread"
    assert seen["value"] == seen["target"] and seen["sent"], "the kernel's thread did not draw the move"
    assert set(drawn_on) == {main}, "a picture was drawn outside the kernel's thread"


def test_nothing_is_rendered_ahead_outside_an_event_loop(nodes):
    explorer = anatomy.region_explorer(nodes)
    explorer.live_widget()
    assert explorer._prerender_queue is None and len(explorer._live_cache) == 1



def _first_rendered(explorer, n: int) -> list:
    """The control indices of the first ``n`` pictures rendered in a kernel (the shown one first)."""
    import asyncio

    regions = explorer.controls[0].values
    calls = _counting_renders(explorer)

    async def in_a_kernel():
        explorer.live_widget()
        for _ in range(200):
            await asyncio.sleep(0.01)
            if len(calls) >= n:
                break

    asyncio.run(in_a_kernel())
    return [regions.index(c["region"]) for c in calls[:n]]


def _reaches_neighbours_first(order: list) -> bool:
    return order[0] == 5 and sorted(order[1:3]) == [4, 6] and sorted(order[3:5]) == [3, 7]


def test_the_states_a_key_press_reaches_are_rendered_ahead_first(nodes, monkeypatch):
    """One step away, then two, before the rest: a keyboard move finds its picture ready."""
    monkeypatch.setattr(widgets, "PRERENDER_START_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_GAP_S", 0.0)
    explorer = anatomy.region_explorer(nodes)
    explorer.set(region=explorer.controls[0].values[5])
    order = _first_rendered(explorer, 5)
    assert _reaches_neighbours_first(order), order


def test_the_neighbour_order_check_can_fail(nodes, monkeypatch):
    """Companion: without the neighbours first, the background follows the list from the top."""
    monkeypatch.setattr(widgets, "PRERENDER_START_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_GAP_S", 0.0)
    monkeypatch.setattr(widgets.Explorer, "_next_neighbour", lambda self: None)
    explorer = anatomy.region_explorer(nodes)
    explorer.set(region=explorer.controls[0].values[5])
    order = _first_rendered(explorer, 5)
    assert order[:3] == [5, 0, 1] and not _reaches_neighbours_first(order), order
