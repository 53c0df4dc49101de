"""Figure panels that several chapters' widgets share.

A panel draws its artists once and then changes them in place (fast enough for a widget:
:class:`dmnlab.course.widgets.Explorer` needs its ``artists()``). Chapters bring the science
(what was simulated, which colour means what); the panel brings the drawing.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from .palette import TRUTH

plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)


class StudyHistogram:
    """Histogram of what many simulated studies report, against the true value.

    Parameters
    ----------
    figure
        The figure to draw in (a title is placed at its top).
    bins
        Bin edges of the histogram (also its x range).
    truth, truth_label
        The true value (a vertical line in :data:`~dmnlab.course.palette.TRUTH`) and its legend label.
    xlabel, ylabel
        Axis labels.
    y_max
        Top of the y axis; taller bars are cut there (the axis stays fixed as a widget moves).
    reference
        A thin black vertical line (e.g. 0 for a correlation, 0.5 for chance AUC).
    marker_label
        If given, a dashed movable line (:meth:`show`'s ``marker``) with this legend label.
    reference_width
        Width of the reference line.
    rect, text_position, legend_fontsize, text_fontsize, tick_size
        Layout: the axes' rectangle; the summary text's x (data), y (fraction of ``y_max``) and
        horizontal alignment; font sizes of the legend, the summary text and the tick labels.
    """

    def __init__(self, figure, bins, truth: float, truth_label: str, xlabel: str, ylabel: str, y_max: float,
                 reference: float = 0.0, reference_width: float = 0.6, marker_label: str | None = None,
                 rect=(0.10, 0.16, 0.86, 0.70), text_position=(0.98, 0.95, "right"),
                 legend_fontsize: float = 8.5, text_fontsize: float = 8.5, tick_size: float | None = None):
        self.bins = np.asarray(bins, dtype=float)
        self.y_max = y_max
        self.ax = figure.add_axes(list(rect))
        centres = (self.bins[:-1] + self.bins[1:]) / 2
        self.bars = self.ax.bar(centres, np.zeros(len(centres)), width=self.bins[1] - self.bins[0],
                                color="0.6", edgecolor="white", linewidth=0.4)
        self.ax.axvline(truth, color=TRUTH, linewidth=2.2, label=truth_label)
        self.ax.axvline(reference, color="black", linewidth=reference_width)
        self.marker = (self.ax.axvline(reference, color="black", linestyle="--", linewidth=1.4, label=marker_label)
                       if marker_label is not None else None)
        self.ax.set_xlim(self.bins[0], self.bins[-1])
        self.ax.set_ylim(0, y_max)
        self.ax.set_xlabel(xlabel, fontsize=8.5)
        self.ax.set_ylabel(ylabel, fontsize=8.5)
        self.ax.legend(loc="upper left", frameon=False, fontsize=legend_fontsize)
        plotting.tidy_axes(self.ax, tick_size)
        x, y, align = text_position
        self.text = self.ax.text(x, y * y_max, "", ha=align, va="top", fontsize=text_fontsize)
        self.title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def show(self, values, colours, text: str, title: str, marker: float | None = None) -> None:
        """Draw the histogram of ``values``. ``colours`` is one colour for all bars or a function of
        ``(bin index, count)`` giving each bar's colour."""
        counts, _ = np.histogram(np.asarray(values, dtype=float), bins=self.bins)
        for index, (bar, count) in enumerate(zip(self.bars, counts)):
            bar.set_height(min(count, self.y_max))
            bar.set_facecolor(colours(index, count) if callable(colours) else colours)
        if self.marker is not None and marker is not None:
            self.marker.set_xdata([marker] * 2)
        self.text.set_text(text)
        self.title.set_text(title)

    def artists(self) -> list:
        """The artists :meth:`show` changes (for a widget's ``dynamic_artists``)."""
        return [*self.bars, *([self.marker] if self.marker is not None else []), self.text, self.title]
