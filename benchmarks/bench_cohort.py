"""Speed of the virtual cohort: one participant's rest run (live widgets) and all of data/.

``run()`` returns ``(name, value, unit)`` tuples for ``benchmarks/bench.py``; run
this file directly to print them. Targets: one rest run ≤ 50 ms (a widget
redraw); the whole of ``data/`` in well under a minute.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _time_rest_run(repeats: int = 200) -> list[float]:
    from dmnlab.cohort import population

    participant = population.random_participant("depressed", "teaching", seed=0)
    population.simulate_participant(participant)  # warm-up (imports, caches)
    times = []
    for repeat in range(repeats):
        start = time.perf_counter()
        population.simulate_participant(participant, "infusion", seed=repeat)
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def _time_state_run(repeats: int = 200) -> list[float]:
    """The widget path: a named state's parameters, then one rest run."""
    from dmnlab.cohort import states
    from dmnlab.cohort.signals import simulate_run
    from dmnlab.study import protocol

    times = []
    for repeat in range(repeats):
        start = time.perf_counter()
        simulate_run(states.state_parameters("infusion-responder", "teaching"), protocol.REST_VOLUMES,
                     seed=repeat)
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def _time_build() -> tuple[float, float]:
    """Seconds for `python -m tools.make_data --out TMP` (a fresh process, as `make data`) and MB written."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "data"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tools.make_data", "--out", str(out)],
                       check=True, capture_output=True)
        seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    return seconds, size


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run() -> list[tuple[str, float, str]]:
    """Benchmark results as ``(name, value, unit)``."""
    rest = _time_rest_run()
    state = _time_state_run()
    seconds, size = _time_build()
    return [
        ("cohort: one participant's rest run, median", statistics.median(rest), "ms"),
        ("cohort: one participant's rest run, p95", _p95(rest), "ms"),
        ("cohort: state_parameters + simulate_run, median", statistics.median(state), "ms"),
        ("cohort: build all of data/ (make data)", seconds, "s"),
        ("cohort: size of data/", size, "MB"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:50s} {value:8.2f} {unit}")
