"""Signal complexity: sample entropy (Richman & Moorman 2000)."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

pd = lazy.load("pandas")


def sample_entropy(x, m: int = 2, r: float = 0.2):
    """Sample entropy of a signal: how unpredictable it is (Richman & Moorman 2000).

    The negative log of the conditional probability that two stretches of
    ``m`` points that match (every point within tolerance) still match when
    extended to ``m + 1`` points. Regular, repetitive signals score low;
    irregular ones score high. Self-matches are excluded and the first
    ``N − m`` templates are used for both lengths.

    Parameters
    ----------
    x
        A 1-D signal, or a 2-D ``(time, signals)`` array or DataFrame (one
        value per column).
    m
        Template length (points).
    r
        Tolerance as a fraction of the signal's standard deviation.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Sample entropy (dimensionless, ≥ 0); ``inf`` if no template of length
        ``m + 1`` matches, ``nan`` if none of length ``m`` does.

    Examples
    --------
    >>> t = np.arange(300)
    >>> bool(sample_entropy(np.sin(t / 5)) < sample_entropy(np.random.default_rng(0).standard_normal(300)))
    True
    """
    if isinstance(x, pd.DataFrame):
        return pd.Series([sample_entropy(x[c].to_numpy(), m, r) for c in x.columns],
                         index=x.columns, name="sample entropy")
    values = np.asarray(x, dtype=float)
    if values.ndim == 2:
        return np.array([sample_entropy(values[:, i], m, r) for i in range(values.shape[1])])
    if values.ndim != 1:
        raise ValueError(f"Expected a 1-D or 2-D signal; got shape {values.shape}.")
    if m < 1 or values.size < m + 2:
        raise ValueError(f"Need m ≥ 1 and at least m + 2 = {m + 2} points; got m={m}, {values.size} points.")
    tolerance = r * values.std()
    windows = np.lib.stride_tricks.sliding_window_view(values, m + 1)  # N − m templates
    count = windows.shape[0]
    matches_m = matches_m1 = 0
    block = 512  # bounds memory to block × N distances
    columns = np.arange(count)
    for start in range(0, count, block):
        rows = windows[start:start + block]
        dist = np.zeros((rows.shape[0], count))
        for k in range(m):
            np.maximum(dist, np.abs(rows[:, k, None] - windows[None, :, k]), out=dist)
        upper = columns[None, :] > np.arange(start, start + rows.shape[0])[:, None]
        close_m = (dist <= tolerance) & upper
        close_m1 = close_m & (np.abs(rows[:, m, None] - windows[None, :, m]) <= tolerance)
        matches_m += int(close_m.sum())
        matches_m1 += int(close_m1.sum())
    if matches_m == 0:
        return float("nan")
    if matches_m1 == 0:
        return float("inf")
    return float(-np.log(matches_m1 / matches_m))


