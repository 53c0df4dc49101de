"""The course's one palette: every colour by what it means.

Colour-blind-safe Okabe–Ito colours (Okabe & Ito 2008) for categories and the ColorBrewer
diverging map for signed values. A chapter names a colour by its meaning
(``palette.PATIENT``, ``palette.NEGATIVE``), never by its hex code: then a group, a sign or a
network has the same colour on every page (``tests/structure/test_architecture.py`` refuses hex codes
anywhere else in the package).
"""
from __future__ import annotations

from ..study.nodes import NETWORK_COLOURS

#: The Okabe–Ito colours by name.
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

#: Networks (defined with the nodes in :mod:`dmnlab.study.nodes`, the lowest layer that needs them).
NETWORK = NETWORK_COLOURS

#: Groups of participants.
CONTROL = BLUE
PATIENT = VERMILLION
#: Patients after ketamine, by their MADRS course at 24 h.
RESPONDER = BLUE
NON_RESPONDER = ORANGE
#: A third category beside two groups (e.g. a subgroup of patients).
ACCENT = ORANGE
#: A sequence of five categories (subgroups, studies), in a fixed order.
CATEGORIES = (VERMILLION, ORANGE, BLUE, BLUISH_GREEN, REDDISH_PURPLE)

#: Signed values: one meaning across the course (a negative value is blue, a positive one vermillion).
NEGATIVE = BLUE
POSITIVE = VERMILLION
#: Bars or cells that do not pass a threshold.
INACTIVE = "0.85"
#: An amount that has no sign, group or network (e.g. one bar of sample entropy): neutral, so that it
#: is not read as positive (vermillion) or negative (blue).
UNSIGNED = "0.45"
#: Diverging, colour-blind-safe map for correlations and other signed values (blue negative, red positive).
DIVERGING_CMAP = "RdBu_r"

#: Simulated studies against the truth.
TRUTH = BLUISH_GREEN
LEAKY = VERMILLION
#: Results that kept the test data out of the model (against the leaky ones).
HONEST = BLUE
SIGNIFICANT = BLUE
NOT_SIGNIFICANT = "#BBBBBB"

#: Task-positive regions and signals (against the DMN's blue).
TASK_POSITIVE = VERMILLION
#: Rumination models: ruminative thoughts against other thoughts.
RUMINATIVE = VERMILLION
OTHER_THOUGHT = SKY_BLUE
#: Edges between two networks (neutral).
BETWEEN = "#444444"
#: A simple signal line and its tolerance band (sample entropy).
SIGNAL = BLUE
BAND = ORANGE
#: Confusion-matrix cells: right and wrong calls.
CELL_RIGHT = "#E8F1FA"
CELL_WRONG = "#FBE6D8"

#: Feedback boxes of the checkers and the quiz (HTML): background, border, text.
FEEDBACK_RIGHT = ("#e8f4ea", BLUISH_GREEN)
FEEDBACK_NOT_YET = ("#fdf1e3", VERMILLION)
FEEDBACK_RIGHT_TEXT = "#006d4f"
FEEDBACK_WRONG_TEXT = "#a0400b"
