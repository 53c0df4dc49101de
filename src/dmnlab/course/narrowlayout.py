"""A figure laid out again for a narrow screen: its panels stacked, then the wide layout back.

:class:`NarrowLayout` gives :meth:`dmnlab.course.widgets.Explorer.static_html` the pictures a phone
shows (issue 26): the same figure, the same text sizes, one panel per row. Re-exported by
:mod:`dmnlab.course.plotting`. :func:`narrow_png` does the same for a static figure of the book
(:class:`dmnlab.course.plotting.CourseFigure`), or draws the figure's own ``phone_figure`` (a diagram, a
cortex), and offers the picture only if it passes the checks of :mod:`dmnlab.course.picturecheck`.
"""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter

#: Width (inches) of a figure's narrow rendition: at the static book's 90 dpi, 351 pixels, about
#: the width a 390-pixel-wide phone gives a widget, so the picture is shown at its drawn size.
NARROW_WIDTH = 3.9


def _inches(bbox, dpi):
    return [bbox.x0 / dpi, bbox.y0 / dpi, bbox.x1 / dpi, bbox.y1 / dpi]


def _union(boxes):
    boxes = [b for b in boxes if b is not None and np.all(np.isfinite(b))]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _inside(inner, outer, slack=0.05) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _distance(point, box) -> float:
    dx = max(box[0] - point[0], 0, point[0] - box[2])
    dy = max(box[1] - point[1], 0, point[1] - box[3])
    return float(np.hypot(dx, dy))


def _wrap(text: str, width_in: float, fontsize: float) -> str:
    """``text`` with its lines wrapped to about ``width_in`` inches (a character ≈ 0.6 em)."""
    import textwrap

    chars = max(12, int(width_in * 72 / (0.6 * fontsize)))
    return "\n".join(textwrap.fill(line, chars) if len(line) > chars else line
                     for line in text.split("\n"))


def _set_columns(legend, count: int) -> None:
    """Show a legend's entries in ``count`` columns (matplotlib sets them only when it makes a legend):
    the same entries regrouped, filled column by column as matplotlib does."""
    from matplotlib.offsetbox import VPacker

    box = legend._legend_handle_box
    columns = box.get_children()
    items = [item for column in columns for item in column.get_children()]
    box._children = [VPacker(pad=0, sep=columns[0].sep, align=columns[0].align, children=[items[i] for i in chunk])
                     for chunk in np.array_split(np.arange(len(items)), count) if len(chunk)]
    legend._ncols = count
    legend.stale = True


def _columns_of(legend) -> tuple:
    """What :func:`_set_columns` changes, to put back with :func:`_put_columns`."""
    return list(legend._legend_handle_box.get_children()), legend._ncols


def _put_columns(legend, saved: tuple) -> None:
    legend._legend_handle_box._children, legend._ncols = list(saved[0]), saved[1]
    legend.stale = True


class _Panel:
    """One panel of a figure: an Axes with what belongs to it (colourbars, insets, nilearn views,
    the figure texts beside it), and how it moves from the wide layout to the narrow one."""

    def __init__(self, axes, box):
        self.axes = [axes]
        self.box = box            # the main Axes' box, inches (x0, y0, x1, y1)
        self.colorbars = []       # (axes, box)
        self.insets = []          # (axes, box)
        self.displays = []        # nilearn displays: objects with a ``rect`` in figure fractions
        self.texts = []           # figure texts drawn in or beside the panel
        self.below = []           # figure texts that go under the panel when narrow
        self.above = []           # long figure texts over the panel: lines above it when narrow
        self.new_box = None

    @staticmethod
    def _map(v, low, high, new_low, new_high):
        """``v`` from [low, high] to [new_low, new_high]; outside it, moved by the same offset."""
        if v < low:
            return new_low + (v - low)
        if v > high:
            return new_high + (v - high)
        return new_low + (v - low) * (new_high - new_low) / max(high - low, 1e-9)

    def map_x(self, x):
        return self._map(x, self.box[0], self.box[2], self.new_box[0], self.new_box[2])

    def map_y(self, y):
        return self._map(y, self.box[1], self.box[3], self.new_box[1], self.new_box[3])

    def map_box(self, box):
        return [self.map_x(box[0]), self.map_y(box[1]), self.map_x(box[2]), self.map_y(box[3])]


class NarrowLayout:
    """A figure's panels stacked one above another for a narrow screen, and back.

    ``with NarrowLayout(figure): ...`` gives the figure ``width`` inches and moves every panel (an
    Axes with its colourbars, insets, nilearn glass-brain views and the figure texts beside it) into
    a row of its own, top to bottom in reading order. Text keeps its size in points; a panel keeps
    its room for tick labels and titles; an Axes with a fixed aspect (a matrix, a brain) shrinks
    as a whole, others keep their height. Figure texts above (below) every panel become lines at
    the top (bottom), wrapped to the width; a text beside a panel goes under it, and so do a legend
    under it (in as few columns as fit) and a wide note or legend in its corner (wider than
    CORNER_NOTE of the Axes, it would cover the data). Axis labels and y tick labels in words too
    long for the narrow Axes are wrapped. Leaving the block restores the wide layout exactly, so a
    widget can render each state twice. A widget that needs a phone layout of its own gives its
    explorer a ``narrow_layout`` instead (:class:`dmnlab.course.widgets._NarrowRenderer`).

    Used by :meth:`dmnlab.course.widgets.Explorer.static_html` for the pictures a phone shows.
    """

    #: The narrowest an Axes gets (inches); a panel with wider labels widens the figure instead.
    MIN_AXES = 1.6
    #: The share of the width y tick labels in words may take; longer ones are wrapped.
    TICK_WORDS = 0.4
    #: A note (or legend) in a corner of an Axes wider than this share of the narrow Axes goes under it.
    CORNER_NOTE = 0.4

    def __init__(self, figure, width: float = NARROW_WIDTH, margin: float = 0.08, gap: float = 0.15):
        self.figure = figure
        self.width = width
        self.margin = margin
        self.gap = gap
        self._saved = None

    # -- what there is -------------------------------------------------------------------
    def _save(self, renderer):
        figure = self.figure
        texts = [t for t in figure.texts if t.get_visible() and t.get_text().strip()
                 and t.get_transform() == figure.transFigure]
        displays = {}
        for ax in figure.axes:
            owner = getattr(ax.get_axes_locator(), "__self__", None)
            if owner is not None and len(getattr(owner, "rect", ()) or ()) == 4:
                displays[id(owner)] = owner
        # Texts and legends an Axes draws beside itself (outside its box, left or right), and notes
        # in a corner of it that would cover much of it when narrow: they go under it.
        beside = []
        for ax in figure.axes:
            if not ax.get_visible() or ax.get_axes_locator() is not None:
                continue
            box = ax.get_window_extent(renderer)
            # the Axes' narrow width: the figure's less the room its tick labels take on the left
            tight = ax.get_tightbbox(renderer)
            left_room = max(0.55 * figure.dpi, box.x0 - tight.x0 + 0.1 * figure.dpi if tight is not None else 0)
            note_width = self.CORNER_NOTE * ((self.width - 2 * self.margin) * figure.dpi - left_room)
            for child in [*ax.texts, *([ax.get_legend()] if ax.get_legend() else [])]:
                extent = child.get_window_extent(renderer) if child.get_visible() else None
                if extent is None:
                    continue
                centre = (extent.x0 + extent.x1) / 2
                legend = child is ax.get_legend()
                # a word that labels a data point (an annotation in data coordinates) stays by its point
                labels_point = getattr(child, "xycoords", None) == "data"
                corner_note = (not labels_point and extent.width > note_width and box.y0 <= extent.y0 and extent.y1 <= box.y1
                               and (legend or child.get_text().strip() and child.get_horizontalalignment() != "center"))
                under = legend and extent.y1 <= box.y0      # a legend under its panel: lines, as wide as fit
                over = legend and extent.y1 > box.y1 + 2 and extent.width > note_width    # a wide one on top of it
                if not box.x0 <= centre <= box.x1 or corner_note or under or over:
                    beside.append(child)
        return {
            "beside": beside,
            "axes_texts": [(t, t.get_transform(), t.get_position(), t.get_text(), t.get_horizontalalignment())
                           for t in beside if not hasattr(t, "set_bbox_to_anchor")],
            "size": figure.get_size_inches().copy(),
            "positions": [(ax, ax.get_position(original=True).frozen(),
                           ax.get_position(original=False).frozen()) for ax in figure.axes],
            "texts": [(t, t.get_position(), t.get_text(), t.get_horizontalalignment()) for t in texts],
            "legends": [(legend, legend._bbox_to_anchor, legend._loc, _columns_of(legend))
                        for legend in [*figure.legends, *(b for b in beside if hasattr(b, "set_bbox_to_anchor"))]],
            "displays": [(d, tuple(d.rect)) for d in displays.values()],
        }

    def _panels(self, saved, renderer):
        figure = self.figure
        width, height = saved["size"]
        dpi = figure.dpi
        driven = {ax for ax in figure.axes
                  if any(getattr(ax.get_axes_locator(), "__self__", None) is d for d, _ in saved["displays"])}

        axes = [ax for ax in figure.axes if ax.get_visible() and ax not in driven]
        colorbars = [ax for ax in axes if ax.get_label() == "<colorbar>" or getattr(ax, "_colorbar", None)]

        def box(ax):
            # An Axes with a fixed aspect is drawn in its active box (what apply_aspect leaves).
            p = ax.get_position(original=ax in colorbars)
            return [p.x0 * width, p.y0 * height, p.x1 * width, p.y1 * height]

        for ax in axes:
            if ax not in colorbars:
                ax.apply_aspect()
        mains = [ax for ax in axes if ax not in colorbars]
        tops = [ax for ax in mains if not any(other is not ax and _inside(box(ax), box(other), 0.01)
                                              and not _inside(box(other), box(ax), 0.01)
                                              for other in mains)]
        panels = [_Panel(ax, box(ax)) for ax in tops]
        if not panels:
            return [], [], []
        for ax in mains:
            if ax not in tops:
                owner = next(p for p in panels if _inside(box(ax), p.box, 0.01))
                owner.insets.append((ax, box(ax)))
                owner.axes.append(ax)
        for ax in colorbars:
            b = box(ax)

            def closeness(panel, b=b):
                overlap = min(b[3], panel.box[3]) - max(b[1], panel.box[1])
                gap = max(panel.box[0] - b[2], b[0] - panel.box[2], 0)
                return (overlap <= 0, gap)

            owner = min(panels, key=closeness)
            owner.colorbars.append((ax, b))
            owner.axes.append(ax)
        for display, rect in saved["displays"]:
            b = [rect[0] * width, rect[1] * height, rect[2] * width, rect[3] * height]
            owner = min(panels, key=lambda p, b=b: _distance(((b[0] + b[2]) / 2, (b[1] + b[3]) / 2), p.box))
            owner.displays.append((display, b))
            owner.axes += [ax for ax in driven
                           if getattr(ax.get_axes_locator(), "__self__", None) is display]
        for child in saved["beside"]:
            owner = next((p for p in panels if child.axes in p.axes), None)
            if owner is not None:
                owner.below.append(child)
        top = max(p.box[3] for p in panels)
        bottom = min(p.box[1] for p in panels)
        header, footer = [], []
        items = [(t, _inches(t.get_window_extent(renderer), dpi)) for t, *_ in saved["texts"]
                 if t not in saved["beside"]]
        items += [(legend, _inches(legend.get_window_extent(renderer), dpi)) for legend, *_ in saved["legends"]
                  if legend not in saved["beside"]]
        for item, extent in items:
            centre = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
            if extent[1] >= top - 0.02:
                header.append(item)
            elif extent[3] <= bottom + 0.02:
                footer.append(item)
            else:
                owner = min(panels, key=lambda p, c=centre: _distance(c, p.box))
                beside = (centre[0] < owner.box[0] or centre[0] > owner.box[2]
                          or hasattr(item, "set_bbox_to_anchor"))     # a legend goes under its panel
                if extent[2] - extent[0] > 0.6 * self.width and extent[1] >= owner.box[3] - 0.05:
                    owner.above.append(item)                          # a long title: its own lines
                else:
                    (owner.below if beside else owner.texts).append(item)
        panels.sort(key=lambda p: (-round(p.box[3], 1), p.box[0]))
        return panels, header, footer

    # -- moving things ---------------------------------------------------------------------
    def _place_lines(self, items, top, renderer):
        """Put texts/legends as lines from ``top`` (inches) down; returns the new bottom."""
        dpi = self.figure.dpi
        rows = []
        for item in sorted(items, key=lambda i: -i.get_window_extent(renderer).y1):
            extent = item.get_window_extent(renderer)
            if rows and abs(rows[-1][0] - extent.y1 / dpi) < 0.05:
                rows[-1][1].append(item)
            else:
                rows.append((extent.y1 / dpi, [item]))
        for _, row in rows:
            row.sort(key=lambda i: i.get_window_extent(renderer).x0)
            share = (self._w - 2 * self.margin) / len(row)
            tallest = 0.0
            for n, item in enumerate(row):
                left = self.margin + n * share
                if hasattr(item, "set_bbox_to_anchor"):        # a legend: its upper left corner
                    self._anchors[item] = (left, top)
                    item.set_bbox_to_anchor((left / self._w, top / self.figure.get_figheight()),
                                            transform=self.figure.transFigure)
                    item._loc = 2
                    while item.get_window_extent(renderer).width / dpi > share and item._ncols > 1:
                        _set_columns(item, (item._ncols + 1) // 2)
                    tallest = max(tallest, item.get_window_extent(renderer).height / dpi)
                    continue
                item.set_transform(self.figure.transFigure)
                item.set_text(_wrap(item.get_text(), share - 0.05, item.get_fontsize()))
                item.set_horizontalalignment("left")
                item.set_position((left / self._w, 0))
                box = _inches(item.get_window_extent(renderer), dpi)
                shift = top - box[3]
                item.set_position((left / self._w, shift / self.figure.get_figheight()))
                tallest = max(tallest, box[3] - box[1])
            top -= tallest + 0.04
        return top

    def _fit_to_width(self, saved, renderer):
        """Axis labels and y tick labels in words wider than the narrow figure gives them: wrapped; x tick
        labels that would collide under the narrow Axes: slanted
        (put back by :meth:`restore`; titles and x labels are fitted to their narrow Axes in :meth:`apply`)."""
        dpi = self.figure.dpi
        room = self.width - 2 * self.margin
        saved["labels"], saved["formatters"] = [], []
        for ax in self.figure.axes:
            if not ax.get_visible():
                continue
            # A panel beside another with the same y scale shows no y numbers (sharey); stacked, each needs its own.
            shared = len(ax.get_shared_y_axes().get_siblings(ax)) > 1
            if shared and ax.axison and not ax.yaxis._major_tick_kw.get("label1On", True):
                saved.setdefault("unhidden", []).append(ax)
                ax.tick_params(axis="y", labelleft=True)
            # Words as y tick labels (a list of claims, of regions) take at most TICK_WORDS of the width.
            formatter = ax.yaxis.get_major_formatter()
            labels = [t for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
            rows = np.diff(sorted(t.get_window_extent(renderer).y0 for t in labels)) if len(labels) > 1 else [np.inf]
            two_lines = labels and min(rows) / dpi >= 2.3 * labels[0].get_fontsize() / 72
            if labels and two_lines and max(t.get_window_extent(renderer).width for t in labels) / dpi > self.TICK_WORDS * room:
                saved["formatters"].append((ax.yaxis, formatter))
                ax.yaxis.set_major_formatter(FuncFormatter(
                    lambda value, position, formatter=formatter, size=labels[0].get_fontsize():
                    _wrap(formatter(value, position), self.TICK_WORDS * room, size)))
            # x tick labels that would run into each other under the narrower Axes: one line each, slanted.
            ticks = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
            if len(ticks) > 1 and not ticks[0].get_rotation():
                tight = ax.get_tightbbox(renderer)
                narrow_w = room - max(ax.bbox.x0 - tight.x0, 0) / dpi - 0.1
                spacing = min(np.diff(sorted((t.get_window_extent(renderer).x0 + t.get_window_extent(renderer).x1) / 2
                                             for t in ticks))) / dpi * narrow_w / (ax.bbox.width / dpi)
                if max(t.get_window_extent(renderer).width for t in ticks) / dpi > 0.95 * spacing:
                    formatter = ax.xaxis.get_major_formatter()
                    saved["formatters"].append((ax.xaxis, formatter))
                    saved.setdefault("slanted", []).append((ax, ticks[0].get_horizontalalignment(),
                                                            ticks[0].get_rotation_mode()))
                    ax.xaxis.set_major_formatter(FuncFormatter(
                        lambda value, position, formatter=formatter: " ".join(formatter(value, position).split())))
                    ax.tick_params(axis="x", labelrotation=35)
                    for label in ax.get_xticklabels():
                        label.set_horizontalalignment("right")
                        label.set_rotation_mode("anchor")
            # An x label no longer than the figure less a y label's room; a y label no taller than its Axes.
            extent = ax.xaxis.label.get_window_extent(renderer)
            for label, size, length in ((ax.xaxis.label, extent.width, room - 0.5),
                                        (ax.yaxis.label, ax.yaxis.label.get_window_extent(renderer).height,
                                         ax.bbox.height / dpi)):
                if label.get_visible() and label.get_text() and size / dpi > length:
                    saved["labels"].append((label, label.get_text()))
                    label.set_text(_wrap(label.get_text(), length, label.get_fontsize()))

    def _measure(self, panel, saved, renderer):
        """The room a panel needs around its Axes: tick labels, titles, colourbars, its texts."""
        dpi = self.figure.dpi
        extents = []
        for ax in panel.axes:
            extra = [a for a in ax.get_default_bbox_extra_artists() if a not in saved["beside"]]
            tight = ax.get_tightbbox(renderer, bbox_extra_artists=extra)
            if tight is not None:
                extents.append(_inches(tight, dpi))
        extents += [_inches(t.get_window_extent(renderer), dpi) for t in panel.texts]
        outer = _union(extents + [panel.box])
        x0, y0, x1, y1 = panel.box
        panel.pads = [max(x0 - outer[0], 0), max(y0 - outer[1], 0),
                      max(outer[2] - x1, 0), max(outer[3] - y1, 0)]

    def _size(self, panel):
        """A panel's narrow size: the figure's width less its pads; its height kept, unless its aspect is fixed."""
        x0, y0, x1, y1 = panel.box
        new_w = self._w - 2 * self.margin - panel.pads[0] - panel.pads[2]
        scale = new_w / (x1 - x0)
        fixed = panel.displays or panel.axes[0].get_aspect() != "auto"
        panel.new_size = (new_w, (y1 - y0) * (min(scale, 1.0) if fixed else 1.0))
        left = self.margin + panel.pads[0]
        panel.new_box = [left, 0.0, left + new_w, 1.0]      # its x for now; y once stacked

    def __enter__(self):
        self.apply()
        return self

    def __exit__(self, *exc):
        self.restore()

    def apply(self) -> None:
        """Lay the figure out narrow (its current state; call :meth:`restore` after rendering)."""
        figure = self.figure
        renderer = figure.canvas.get_renderer()
        saved = self._saved = self._save(renderer)
        self._anchors = {}
        dpi = figure.dpi
        self._fit_to_width(saved, renderer)
        panels, header, footer = self._panels(saved, renderer)
        if not panels:
            return
        for panel in panels:
            self._measure(panel, saved, renderer)
        # Wider than ``width`` only if a panel's labels leave its Axes less than MIN_AXES.
        lines = [*header, *footer, *(t for p in panels for t in p.below + p.above)]
        for legend in (item for item in lines if hasattr(item, "set_bbox_to_anchor")):    # as few columns as fit
            while legend._ncols > 1 and legend.get_window_extent(renderer).width / dpi > self.width - 2 * self.margin:
                _set_columns(legend, legend._ncols - 1)
        legends = [item.get_window_extent(renderer).width / dpi for item in lines if hasattr(item, "set_bbox_to_anchor")]
        self._w = max([self.width] + [2 * self.margin + p.pads[0] + p.pads[2] + self.MIN_AXES for p in panels]
                      + [2 * self.margin + w for w in legends])
        for panel in panels:
            self._size(panel)
            moved = False
            for t in list(panel.texts):
                e = _inches(t.get_window_extent(renderer), dpi)
                x0_new = panel.map_x(e[0]) if t.get_horizontalalignment() == "left" else \
                    panel.map_x(e[2]) - (e[2] - e[0]) if t.get_horizontalalignment() == "right" else \
                    panel.map_x((e[0] + e[2]) / 2) - (e[2] - e[0]) / 2
                if x0_new < 0.02 or x0_new + (e[2] - e[0]) > self._w - 0.02:
                    panel.texts.remove(t)
                    panel.below.append(t)
                    moved = True
            # An x label centred under the narrow Axes, inside the figure.
            # Its x label and centred title centred over the narrow Axes, a left title from its left
            # edge: each inside the figure.
            ax = panel.axes[0]
            left, right = panel.new_box[0], panel.new_box[2]
            centred = right - left + 2 * min(left, self._w - right) - 0.1
            for label, allowed in ((ax.xaxis.label, centred), (ax.title, centred),
                                   (ax._left_title, self._w - left - self.margin), (ax._right_title, right - self.margin)):
                if not label.get_visible() or not label.get_text() or label.get_window_extent(renderer).width / dpi <= allowed:
                    continue
                if not any(saved_label is label for saved_label, _ in saved["labels"]):
                    saved["labels"].append((label, label.get_text()))
                text = next(text for saved_label, text in saved["labels"] if saved_label is label)
                for share in (1.0, 0.9, 0.8, 0.7):      # a character is about 0.6 em: narrower until it fits
                    label.set_text(_wrap(text, share * allowed, label.get_fontsize()))
                    if label.get_window_extent(renderer).width / dpi <= allowed:
                        break
                moved = True
            if moved:      # a text that no longer fits beside the panel leaves its room there too
                self._measure(panel, saved, renderer)
                self._size(panel)
        # The narrow figure: header lines, the panels one per row, the lines under them, the footer.
        figure.set_size_inches(self._w, 50.0, forward=False)
        tall = 50.0
        cursor = tall - self.margin
        cursor = self._place_lines(header, cursor, renderer) if header else cursor
        for panel in panels:
            if panel.above:
                cursor = self._place_lines(panel.above, cursor, renderer)
            left = self.margin + panel.pads[0]
            top = cursor - panel.pads[3]
            w, h = panel.new_size
            panel.new_box = [left, top - h, left + w, top]
            cursor = top - h - panel.pads[1]
            if panel.below:
                cursor = self._place_lines(panel.below, cursor - 0.05, renderer)
            cursor -= self.gap
        cursor = self._place_lines(footer, cursor, renderer) if footer else cursor + self.gap
        used = tall - cursor + self.margin
        drop = tall - used            # everything moves down by this once the figure is cut to size
        figure.set_size_inches(self._w, used, forward=False)

        def fraction(box):
            return [box[0] / self._w, (box[1] - drop) / used,
                    (box[2] - box[0]) / self._w, (box[3] - box[1]) / used]

        for panel in panels:
            panel.axes[0].set_position(fraction(panel.new_box))
            for ax, b in panel.colorbars + panel.insets:
                ax.set_position(fraction(panel.map_box(b)))
            for display, b in panel.displays:
                x0, y0, w, h = fraction(panel.map_box(b))
                display.rect = (x0, y0, x0 + w, y0 + h)
            for t in panel.texts:
                x, y = t.get_position()
                t.set_position(((panel.map_x(x * saved["size"][0])) / self._w,
                                (panel.map_y(y * saved["size"][1]) - drop) / used))
        for t in [*header, *footer, *(t for p in panels for t in p.below + p.above)]:
            if t in self._anchors:
                left, top = self._anchors[t]
                t.set_bbox_to_anchor((left / self._w, (top - drop) / used), transform=figure.transFigure)
            else:
                x, y = t.get_position()
                t.set_position((x, (y * tall - drop) / used))
        # Where a full draw would put each Axes (nilearn's views and colourbars follow their
        # locators), so that drawing single artists on a saved background lands in the right place.
        for ax in figure.axes:
            locator = ax.get_axes_locator()
            ax.apply_aspect(locator(ax, renderer) if locator else None)

    def restore(self) -> None:
        """Put the wide layout back as it was."""
        saved, self._saved = self._saved, None
        if saved is None:
            return
        self.figure.set_size_inches(*saved["size"], forward=False)
        for ax, original, active in saved["positions"]:
            ax.set_position(original, which="original")
            ax.set_position(active, which="active")
        for text, position, content, align in saved["texts"]:
            text.set_position(position)
            text.set_text(content)
            text.set_horizontalalignment(align)
        for text, transform, position, content, align in saved["axes_texts"]:
            text.set_transform(transform)
            text.set_position(position)
            text.set_text(content)
            text.set_horizontalalignment(align)
        for legend, anchor, loc, columns in saved["legends"]:
            legend._bbox_to_anchor, legend._loc = anchor, loc
            _put_columns(legend, columns)
        for display, rect in saved["displays"]:
            display.rect = rect
        for label, text in saved.get("labels", ()):
            label.set_text(text)
        for axis, formatter in saved.get("formatters", ()):
            axis.set_major_formatter(formatter)
        for ax in saved.get("unhidden", ()):
            ax.tick_params(axis="y", labelleft=False)
        for ax, align, mode in saved.get("slanted", ()):
            ax.tick_params(axis="x", labelrotation=0)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment(align)
                label.set_rotation_mode(mode)


# -- a static figure's phone rendition (the book) ----------------------------------------------
#: PNG text fields of a course figure drawn for the book: its phone rendition (base64 PNG), or why it
#: has none (the checks of :mod:`dmnlab.course.picturecheck` it failed). The book build moves the
#: rendition into a file of its own (``tools.bookext.pageweight``).
NARROW_PNG_KEY = "dmnlab-narrow"
NARROW_PROBLEMS_KEY = "dmnlab-narrow-problems"
#: A figure at most this wide (inches) is shown on a phone near its drawn size: it needs no rendition.
NARROW_NEEDED_ABOVE = 1.2 * NARROW_WIDTH


def narrow_png(figure, dpi: int = 90, **savefig) -> tuple[bytes | None, list[str]]:
    """``(png, [])``: ``figure`` laid out for a phone and drawn at ``dpi``, if that picture passes every check
    of :func:`dmnlab.course.picturecheck.picture_problems`; otherwise ``(None, problems)``. The layout is
    the figure's own phone figure if it has one (``figure.phone_figure``, a function that draws it: a diagram
    whose text sits at fixed places), else :class:`NarrowLayout`. The figure's own layout and dpi are put
    back either way. ``savefig`` goes to :meth:`matplotlib.figure.Figure.savefig` (background, metadata)."""
    own = getattr(figure, "phone_figure", None)
    if own is not None:
        try:
            return _checked_png(own(), dpi, savefig)
        except Exception as error:       # noqa: BLE001 - a broken phone figure leaves the wide picture
            return None, [f"the phone figure failed: {type(error).__name__}: {error}"]
    screen_dpi = figure.get_dpi()
    figure.set_dpi(dpi)
    try:
        with NarrowLayout(figure):
            return _checked_png(figure, dpi, savefig)
    except Exception as error:       # noqa: BLE001 - a figure the layout cannot handle keeps its wide picture
        return None, [f"the narrow layout failed: {type(error).__name__}: {error}"]
    finally:
        figure.set_dpi(screen_dpi)


def _checked_png(figure, dpi: int, savefig: dict) -> tuple[bytes | None, list[str]]:
    """``figure`` drawn at ``dpi`` if it passes the picture checks, else ``(None, problems)``."""
    import io

    from .picturecheck import picture_problems

    figure.set_dpi(dpi)
    problems = picture_problems(figure)
    if problems:
        return None, problems
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", **savefig)
    return buffer.getvalue(), []
