"""A live widget's pictures kept in the page: stacks switched by the controls in the browser.

The browser half (jslink switching a stack without the kernel) is tested in a real JupyterLab by
tests/book/test_live_pictures.py; here, the kernel half: what is sent, where it is put, and that
every stack is linked to the control that chooses its child.
"""
from __future__ import annotations

import asyncio

import ipywidgets
import pytest

from dmnlab import anatomy
from dmnlab.course import widgets
from dmnlab.course.livepictures import PictureTree
from dmnlab.study.nodes import build_node_table


def _tree(sizes=(3, 2)):
    inputs = [ipywidgets.Dropdown(options=[f"o{i}" for i in range(n)]) for n in sizes]
    return inputs, PictureTree(inputs, (400, 300))


def unlinked_stacks(tree: PictureTree) -> list[tuple]:
    """Stacks whose child the browser could not choose: not jslinked from their level's
    control ``index`` to their ``selected_index``."""
    linked = {(id(link.source[0]), link.source[1], id(link.target[0]), link.target[1])
              for link in tree.links}
    return [prefix for prefix, stack in tree._stacks.items()
            if (id(tree.inputs[len(prefix)]), "index", id(stack), "selected_index") not in linked]


def test_a_picture_sent_goes_where_the_controls_point():
    inputs, tree = _tree()
    assert tree.shown((1, 0)) is tree.placeholder           # nothing sent yet
    tree.put((1, 0), "<p>one-zero</p>")
    assert tree.shown((1, 0)).value == "<p>one-zero</p>"
    assert tree.html_of((1, 0)) == "<p>one-zero</p>" and (1, 0) in tree and len(tree) == 1
    for other in [(0, 0), (1, 1), (2, 0)]:
        assert tree.shown(other) is tree.placeholder and other not in tree
    tree.put((1, 0), "<p>again</p>")                         # sent once: later calls do nothing
    assert tree.shown((1, 0)).value == "<p>one-zero</p>"
    tree.put((1, 1), "<p>one-one</p>")
    assert tree.root.children[1].children[1].value == "<p>one-one</p>"
    assert len(tree._stacks) == 2                            # the root and the stack under option 1


def test_every_stack_is_linked_to_its_control_in_the_browser():
    inputs, tree = _tree((4, 3, 2))
    for key in [(0, 0, 0), (3, 2, 1), (3, 0, 1)]:
        tree.put(key, f"<p>{key}</p>")
    assert len(tree._stacks) == 1 + 2 + 3
    assert unlinked_stacks(tree) == []
    assert all(link._model_name == "LinkModel" for link in tree.links)   # jslink: in the browser


def test_the_link_check_can_fail():
    """Companion: a stack made without its link is found."""
    inputs, tree = _tree((4, 3))
    tree.put((2, 1), "<p>x</p>")
    tree.links.pop()
    assert unlinked_stacks(tree) == [(2,)]


def test_a_new_stack_starts_where_its_control_is():
    inputs, tree = _tree((3, 4))
    inputs[1].index = 2
    tree.put((0, 2), "<p>x</p>")
    assert tree._stacks[(0,)].selected_index == 2


def test_a_state_outside_the_controls_gets_a_clear_message():
    inputs, tree = _tree((3, 2))
    with pytest.raises(ValueError, match=r"State \(3, 0\) does not fit controls with \[3, 2\] options"):
        tree.put((3, 0), "x")
    with pytest.raises(ValueError, match="does not fit"):
        tree.put((1,), "x")


def test_the_placeholder_has_the_pictures_shape_and_says_so():
    inputs, tree = _tree()
    text = tree.placeholder.value
    assert "Drawing the picture" in text and "aspect-ratio:400/300" in text and "width:400px" in text
    assert "<img" not in text                   # never a picture of another state


def test_an_explorer_sends_the_states_a_key_press_reaches_and_keeps_the_rest(monkeypatch):
    """In a kernel: the neighbours (one and two steps away) of the state shown are sent to the
    page; the others are drawn but kept in the kernel until they are chosen, then sent without
    drawing again."""
    monkeypatch.setattr(widgets, "PRERENDER_START_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_GAP_S", 0.0)
    explorer = anatomy.region_explorer(build_node_table())
    regions = explorer.controls[0].values
    assert len(regions) >= 7

    async def in_a_kernel(until):
        explorer.live_widget()
        for _ in range(400):
            await asyncio.sleep(0.01)
            if until():
                break

    asyncio.run(in_a_kernel(lambda: len(explorer._live_cache) == len(regions)))
    tree = explorer._live["tree"]
    assert sorted(key[0] for key in tree._leaves) == [0, 1, 2]      # shown, one and two steps
    assert len(explorer._live_cache) == len(regions)                # the rest drawn, kept
    rendered = []
    explorer.render_png = lambda *a, **k: rendered.append(1) or b""
    explorer.inputs["region"].value = regions[-1]                   # far: sent, not drawn again
    assert (len(regions) - 1,) in tree and rendered == []
    assert explorer.shown_html() == explorer._live_cache[(len(regions) - 1,)]
    assert "<img" in explorer.shown_html() and "dmnlab-desc" in explorer.shown_html()


def test_far_states_wait_while_a_learner_moves_any_widget(monkeypatch):
    """The kernel is one for all widgets: while a control moves, no widget draws far ahead (its
    neighbours still are); far drawing resumes when the controls have been still for a while."""
    monkeypatch.setattr(widgets, "PRERENDER_START_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_GAP_S", 0.0)
    monkeypatch.setattr(widgets, "PRERENDER_QUIET_S", 0.3)
    nodes = build_node_table()
    used, other = anatomy.region_explorer(nodes), anatomy.region_explorer(nodes)
    counts = {}

    async def in_a_kernel():
        used.live_widget()
        other.live_widget()
        for _ in range(200):                  # both have sent their neighbours
            await asyncio.sleep(0.005)
            if len(used._live["tree"]) == 3 and len(other._live["tree"]) == 3:
                break
        used.set(region=used.controls[0].values[1])       # the learner moves a control
        drawn = len(other._live_cache)
        await asyncio.sleep(0.15)
        counts["while moving"] = len(other._live_cache) - drawn
        await asyncio.sleep(0.4)
        counts["after"] = len(other._live_cache) - drawn
        counts["used neighbours"] = len(used._live["tree"])

    asyncio.run(in_a_kernel())
    assert counts["while moving"] == 0, counts
    assert counts["after"] > 0, counts
    assert counts["used neighbours"] == 4, counts          # index 3 sent: two steps from 1
