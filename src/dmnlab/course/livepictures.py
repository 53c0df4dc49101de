"""A live widget's pictures kept in the browser, shown again without asking the kernel.

A live :class:`dmnlab.course.widgets.Explorer` used to send a picture for every move of a
control: a round trip to the kernel (20–30 ms) even for a state it had shown a moment before.
:class:`PictureTree` keeps every picture the kernel has sent in the page instead, in nested
ipywidgets ``Stack`` containers, one level per control, each level's ``selected_index`` linked in
the browser (``jslink``) to its control's ``index``. Moving a control then switches the picture
in the browser alone; the kernel only fills places that have no picture yet, and ahead of the
learner (the states one or two key presses away).

A place not filled yet shows a placeholder of the picture's size ("Drawing the picture…"), never
the picture of another state, so what is shown always matches the controls. Places are filled
as pictures arrive; stacks of the inner levels are made when a picture needs one.

Only standard ipywidgets (``Stack``, ``HTML``, ``jslink``): nothing to install in JupyterLab.
"""
from __future__ import annotations

import html
from typing import Sequence


class PictureTree:
    """Pictures by state (a tuple of control indices), in nested stacks the browser switches.

    Parameters
    ----------
    inputs
        The live selection controls (ipywidgets ``Dropdown``/``SelectionSlider``), in order;
        each has an ``index`` and ``options``.
    size_px
        ``(width, height)`` of a picture in pixels, for the placeholder.
    """

    def __init__(self, inputs: Sequence, size_px: tuple[int, int]):
        import ipywidgets as widgets

        self._widgets = widgets
        self.inputs = list(inputs)
        self.sizes = [len(box.options) for box in self.inputs]
        width, height = (max(1, int(round(v))) for v in size_px)
        self.placeholder = widgets.HTML(
            f'<div class="dmnlab-drawing" style="width:{width}px;max-width:100%;'
            f'aspect-ratio:{width}/{height};display:flex;align-items:center;'
            f'justify-content:center;border:1px dashed currentColor">Drawing the picture…</div>')
        self.links: list = []
        self._stacks: dict[tuple, object] = {}
        self._leaves: dict[tuple, object] = {}
        self.root = self._stack(())

    def _stack(self, prefix: tuple):
        level = len(prefix)
        control = self.inputs[level]
        stack = self._widgets.Stack(children=[self.placeholder] * self.sizes[level],
                                    selected_index=control.index)
        # In the browser: the control's index chooses the child shown (and the new stack starts
        # at the index the control has there, which may be ahead of the kernel's).
        self.links.append(self._widgets.jslink((control, "index"), (stack, "selected_index")))
        self._stacks[prefix] = stack
        return stack

    @staticmethod
    def _place(stack, index: int, child) -> None:
        children = list(stack.children)
        children[index] = child
        stack.children = children

    def __contains__(self, key: tuple) -> bool:
        return tuple(key) in self._leaves

    def __len__(self) -> int:
        return len(self._leaves)

    def put(self, key: tuple, picture_html: str) -> None:
        """Send the picture of state ``key`` to the browser (once; later calls do nothing)."""
        key = tuple(int(k) for k in key)
        if key in self._leaves:
            return
        if len(key) != len(self.sizes) or not all(0 <= k < n for k, n in zip(key, self.sizes)):
            raise ValueError(f"State {key} does not fit controls with {self.sizes} options.")
        parent = self.root
        for level in range(len(key) - 1):
            prefix = key[:level + 1]
            child = self._stacks.get(prefix)
            if child is None:
                child = self._stack(prefix)
                self._place(parent, key[level], child)
            parent = child
        leaf = self._widgets.HTML(picture_html)
        self._leaves[key] = leaf
        self._place(parent, key[-1], leaf)

    def html_of(self, key: tuple) -> str | None:
        """The HTML sent for state ``key`` (``None`` if not sent yet)."""
        leaf = self._leaves.get(tuple(key))
        return None if leaf is None else leaf.value

    def shown(self, key: tuple):
        """What the browser shows when the controls are at ``key``: walks the stacks by the
        indices given (the browser walks them by its controls), returns the leaf widget or the
        placeholder."""
        node = self.root
        for index in key:
            node = node.children[index]
            if node is self.placeholder:
                return node
        return node


def picture_html(image_html: str, description: str) -> str:
    """One state's picture and its description, as one leaf of the tree."""
    return (f'<div class="dmnlab-live-picture">{image_html}'
            f'<p class="dmnlab-desc" style="margin:0 0 0 0.5rem">{html.escape(description)}</p></div>')
