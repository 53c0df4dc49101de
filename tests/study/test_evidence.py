"""The evidence register: every appraised claim complete, sourced, and rendered on its chapter's page."""
import re

import pytest

from conftest import REPO
from dmnlab.course.chapters import CHAPTERS
from dmnlab.course.evidence import evidence_box
from dmnlab.study import evidence

BIB = f"{REPO}/book/references.bib"


def _bibliography() -> dict:
    from pybtex.database import parse_file

    return parse_file(BIB).entries


def test_every_claim_is_complete_and_in_the_registers_vocabulary():
    problems = [problem for claim in evidence.register() for problem in claim.problems()]
    assert not problems, "\n".join(problems)


def test_claim_ids_are_unique():
    ids = [claim.id for claim in evidence.register()]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_every_source_is_a_bibliography_entry_with_a_doi_or_pmid():
    entries = _bibliography()
    problems = []
    for claim in evidence.register():
        for key in claim.sources:
            if key not in entries:
                problems.append(f"{claim.id}: {key} is not in references.bib")
            elif not {"doi", "pmid"} & {field.lower() for field in entries[key].fields}:
                problems.append(f"{claim.id}: {key} has no DOI or PMID")
        cited = set(re.findall(r"\{cite:[pt]\}`([^`]+)`", claim.summary))
        cited = {key.strip() for group in cited for key in group.split(",")}
        if not cited <= set(claim.sources):
            problems.append(f"{claim.id}: the summary cites {sorted(cited - set(claim.sources))}, not in its sources")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_every_chapter_renders_its_evidence_box_from_the_register(chapter):
    rows = evidence.claims(chapter.stem)
    assert len(rows) >= 3, "a chapter appraises at least three claims"
    page = chapter.page_path().read_text(encoding="utf-8")
    assert f'evidence_box("{chapter.stem}")' in page, "render the box: evidence_box(...) in a remove-input cell"
    assert ":::{admonition} Critical appraisal" not in page, "the box comes from the register, not the page"
    markdown = evidence_box(chapter.stem).markdown()
    for row in rows:
        assert row.claim in markdown and row.n in markdown


def test_an_incomplete_row_is_caught(tmp_path):
    path = tmp_path / "09-test.toml"
    path.write_text('[[claim]]\nid = "x"\nclaim = "A claim"\nverdict = "probably"\nwho = ["mice"]\nn = ""\n'
                    'when = ["24 h"]\ndesign = ["open-label"]\nsummary = "text"\nsources = []\nladder = "animals"\n')
    (claim,) = evidence.read_register(path)
    problems = " ".join(claim.problems())
    for expected in ("no n", "verdict 'probably'", "who 'mice'", "no sources"):
        assert expected in problems
    path.write_text('[[claim]]\nid = "x"\n')
    with pytest.raises(ValueError, match="missing"):
        evidence.read_register(path)
