"""The evidence register: every appraised claim of the course, in one machine-readable place.

One TOML file per chapter (``study/evidence/NN-<slug>.toml``), a ``[[claim]]`` table per claim:

```toml
[[claim]]
id = "ketamine-within-dmn-acute"          # unique across the course
claim = "Ketamine lowers within-DMN connectivity"   # the popular claim, in a few words
verdict = "overstated"                    # solid | debated | overstated
who = ["healthy volunteers"]              # animals | healthy volunteers | patients
n = "17 (crossover); 20"                  # sample sizes of the studies behind it
when = ["24 h"]                           # during the drug | 24 h | days | weeks | months | not applicable
design = ["crossover vs saline"]          # see DESIGNS
summary = "What the studies found, in MyST: {cite:p}`scheidegger2012` …"
sources = ["scheidegger2012"]             # references.bib keys (each with a DOI or PMID)
ladder = "healthy volunteers"             # the strongest evidence behind it (LADDER), for chapter 8
```

Each chapter page renders its "How strong is the evidence?" box from its rows
(:func:`dmnlab.course.evidence.evidence_box`); ``tests/study/test_evidence.py`` checks that
every row is complete and every source resolves to a ``references.bib`` entry with a DOI or PMID.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).with_name("evidence")

VERDICTS = ("solid", "debated", "overstated")
WHO = ("animals", "healthy volunteers", "patients", "cells")
WHEN = ("during the drug", "hours", "24 h", "days", "weeks", "months", "years", "not applicable")
DESIGNS = (
    "RCT vs saline", "RCT vs active placebo", "RCT vs sham", "RCT vs usual care", "RCT vs other treatment",
    "crossover vs saline", "crossover vs active placebo", "crossover",
    "open-label", "case series", "cross-sectional", "case-control", "longitudinal cohort",
    "meta-analysis", "mega-analysis", "systematic review", "narrative review", "secondary analysis",
    "animal experiment", "modelling", "regulatory review",
)
#: The rungs of the evidence ladder (chapter 8), weakest first.
LADDER = (
    "animals", "healthy volunteers", "patients, observational", "patients, open-label",
    "patients, RCT vs saline or sham", "patients, RCT vs active placebo", "replicated in large samples",
)
FIELDS = ("id", "claim", "verdict", "who", "n", "when", "design", "summary", "sources", "ladder")


@dataclass(frozen=True)
class Claim:
    """One appraised claim (see the module docstring for the fields)."""

    id: str
    chapter: str
    claim: str
    verdict: str
    who: tuple[str, ...]
    n: str
    when: tuple[str, ...]
    design: tuple[str, ...]
    summary: str
    sources: tuple[str, ...]
    ladder: str

    def problems(self) -> list[str]:
        """What is missing or outside the register's vocabulary (empty when the row is complete)."""
        found = []
        for name in ("claim", "n", "summary"):
            if not str(getattr(self, name)).strip():
                found.append(f"{self.id}: no {name}")
        if self.verdict not in VERDICTS:
            found.append(f"{self.id}: verdict {self.verdict!r} is not one of {VERDICTS}")
        for name, allowed in (("who", WHO), ("when", WHEN), ("design", DESIGNS)):
            values = getattr(self, name)
            if not values:
                found.append(f"{self.id}: no {name}")
            found += [f"{self.id}: {name} {value!r} is not one of {allowed}" for value in values if value not in allowed]
        if self.ladder not in LADDER:
            found.append(f"{self.id}: ladder {self.ladder!r} is not one of {LADDER}")
        if not self.sources:
            found.append(f"{self.id}: no sources")
        return found


def _as_tuple(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else ((value,) if value else ())


def read_register(path: Path) -> list[Claim]:
    """The claims of one register file (a clear error for a row with missing or unknown fields)."""
    with open(path, "rb") as handle:
        rows = tomllib.load(handle).get("claim", [])
    claims = []
    for number, row in enumerate(rows, start=1):
        missing = [name for name in FIELDS if name not in row]
        unknown = sorted(set(row) - set(FIELDS))
        if missing or unknown:
            raise ValueError(f"{path.name}, claim {number} ({row.get('id', '?')}): "
                             f"missing {missing}, unknown {unknown}")
        claims.append(Claim(
            id=row["id"], chapter=path.stem, claim=row["claim"], verdict=row["verdict"],
            who=_as_tuple(row["who"]), n=str(row["n"]), when=_as_tuple(row["when"]),
            design=_as_tuple(row["design"]), summary=row["summary"].strip(),
            sources=_as_tuple(row["sources"]), ladder=row["ladder"]))
    return claims


@lru_cache(maxsize=1)
def register() -> tuple[Claim, ...]:
    """Every claim of the course, chapter by chapter."""
    return tuple(claim for path in sorted(FOLDER.glob("*.toml")) for claim in read_register(path))


def claims(chapter: str) -> list[Claim]:
    """The claims of one chapter, by its stem (``05-ketamine``) or its number."""
    key = f"{chapter:02d}-" if isinstance(chapter, int) else chapter
    return [claim for claim in register() if claim.chapter == key or claim.chapter.startswith(str(key))]
