"""Numbers and words for a page's prose, computed from the data at build time.

A chapter's ``page_numbers()`` returns ``{name: value}``; the page's first (hidden) cell is
one line, ``glue_all(chapter.page_numbers())``, and the prose quotes each value with
``{glue:text}`\\`name:.2f\\``. Words that depend on a number ("small", "excludes zero",
"p = 0.003") are :class:`Words`, so that they appear without quotes. One wording per idea:
every page that calls an effect "small" uses :func:`effect_size_word`.
"""
from __future__ import annotations

import math


class Words:
    """Plain words glued into the text (a ``str`` would be shown with its quotes)."""

    def __init__(self, text: str):
        self.text = str(text)

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        return isinstance(other, Words) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def plain(value):
    """A value as the page should see it: NumPy scalars become Python numbers, words stay words."""
    if isinstance(value, Words):
        return value
    return value.item() if hasattr(value, "item") else value


def glue_all(numbers: dict) -> None:
    """Glue every ``{name: value}`` for the page's prose (myst-nb), without displaying it."""
    from myst_nb import glue

    for name, value in numbers.items():
        glue(name, plain(value), display=False)


def effect_size_word(d: float) -> str:
    """Cohen's words for a standardised difference (d, g, d_z): |d| below 0.2 negligible, about 0.2
    small, 0.5 medium, 0.8 large."""
    size = abs(float(d))
    if size < 0.2:
        return "negligible"
    if size < 0.5:
        return "small"
    if size < 0.8:
        return "medium"
    return "large"


def correlation_size_word(r: float) -> str:
    """Cohen's words for a correlation: |r| below 0.1 negligible, about 0.1 small, 0.3 moderate, 0.5 large."""
    size = abs(float(r))
    if size < 0.1:
        return "negligible"
    if size < 0.3:
        return "small"
    if size < 0.5:
        return "moderate"
    return "large"


def p_words(p: float) -> Words:
    """A p-value as text; very small ones in powers of ten, so that two of them can be compared."""
    p = float(p)
    if p >= 0.001:
        return Words(f"p = {p:.3f}")
    if p < 1e-300:
        return Words("p < 10⁻³⁰⁰")
    exponent = int(math.floor(math.log10(p)))
    superscript = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return Words(f"p = {p / 10 ** exponent:.1f} × 10{str(exponent).translate(superscript)}")


def excludes_zero(low: float, high: float) -> bool:
    """Whether an interval lies wholly on one side of zero."""
    return bool(low > 0 or high < 0)


def interval_words(low: float, high: float) -> Words:
    """"excludes zero" or "includes zero" for an interval."""
    return Words("excludes zero" if excludes_zero(low, high) else "includes zero")


def zero_word(low: float, high: float) -> Words:
    """"excludes" or "includes" (zero), for a sentence that names zero itself."""
    return Words("excludes" if excludes_zero(low, high) else "includes")


def sign_word(value: float, negative: str, positive: str) -> Words:
    """One of two words by the sign of a value ("fell"/"rose", "negative"/"positive")."""
    return Words(negative if value < 0 else positive)
