"""The printable course (tools/make_pdf.py, tools/printable.py): handouts, the student book, the instructor book.

The transformations are checked fast on a small page; the PDFs are printed from the built book by
Debian's Chromium and read back with pypdf. Every string a test says must be absent is first found in
the built pages, so that the test can fail.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dmnlab.course.chapters import CHAPTERS
from tools import printable

#: What the built pages say that a student's print must not: verdicts, worked solutions, and controls.
DEAD_OR_SOLUTION = ("✔ Correct", "Worked solution", "Show the answer", "Show code cell source",
                    "Show code cell content", "Show code cell output")

PAGE = """<html><body><main><article class="bd-article">
<h1>5. A chapter<a class="headerlink" href="#x">#</a></h1>
<div class="exercise admonition"><p class="admonition-title">Exercise 5</p><p>Compute d_z.</p></div>
<div class="solution dropdown admonition"><p class="admonition-title">Solution to Exercise 5</p><p>d_z is -0.625.</p></div>
<p><strong>Worked solution</strong> (hidden):</p>
<div class="cell tag_hide-cell tag_solution docutils container"><details class="admonition hide above-input">
<summary><p class="collapsed admonition-title">Show code cell content</p></summary>
<div class="cell_input"><pre>answer = 0.3</pre></div></details>
<div class="cell_output"><div role="status"><strong>✔ Correct</strong>: well done.</div></div></div>
<div class="cell tag_hide-input"><details class="admonition hide above-input"><summary>Show code cell source</summary>
<pre>plot()</pre></details><div class="cell_output"><figure><img src="../_images/fig.png" alt="A line chart.">
<figcaption><span class="caption-text">A figure.</span></figcaption></figure></div></div>
<div class="dmnlab-widget" aria-label="A widget"><div class="dmnlab-controls"><label for="w-c0">Comparison arm</label>
<select id="w-c0"><option value="0">saline</option><option value="1" selected>active placebo</option></select><br>
<label for="w-c1">Threshold r ≥</label><input type="range" id="w-c1" min="0" max="1" value="0" data-labels='["0.3", "0.5"]'>
<output for="w-c1" id="w-c1-out">0.3</output></div><img src="../_static/dmnlab-pictures/a.png" alt="State one.">
<p class="dmnlab-desc">State one.</p></div><script>S={}</script>
<div class="dmnlab-quiz"><fieldset><legend>Question 1. Which?</legend>
<div><input type="radio" data-verdict="Not quite"> <label>Wrong one</label></div>
<div><input type="radio" data-verdict="Right"> <label>Right one</label></div>
<p class="dmnlab-quiz-feedback"></p><details><summary>Show the answer</summary><p>Right one. Because.</p></details>
</fieldset></div>
<details class="sd-dropdown deep-dive"><summary class="sd-summary-title"><span class="sd-summary-text">Deep dive: more</span>
<span class="sd-summary-state-marker"><svg></svg></span></summary><div><p>Deep text.</p></div></details>
<p>See the <a href="glossary.html#term-d">glossary</a> and <a href="elsewhere.html">a page not printed</a>.</p>
<div class="dmnlab-finish"><button>I finished this chapter</button></div>
</article></main></body></html>"""


def _prepared(tmp_path, edition):
    page = tmp_path / "book" / "05-x.html"
    page.parent.mkdir(exist_ok=True)
    page.write_text(PAGE, encoding="utf-8")
    return page, printable.prepare(printable.read_article(page), page, edition)


def test_the_student_print_has_no_solution_verdict_answer_or_dead_control(tmp_path):
    _, article = _prepared(tmp_path, "student")
    text = " ".join(article.get_text(" ").split())
    for absent in DEAD_OR_SOLUTION + ("-0.625", "answer = 0.3", "Right one. Because", "I finished", "plot()"):
        assert absent not in text, absent
    assert not article.select("details, summary, button, select, input[type=range], script, .headerlink")
    assert "Compute d_z." in text and "Deep text." in text and "Deep dive: more" in text
    assert "Shown here: Comparison arm: active placebo; Threshold r ≥ 0.3." in text
    assert article.find("img", alt="A line chart.")["src"].startswith("file://")


def test_the_instructor_print_has_the_solutions_verdicts_and_quiz_keys_open(tmp_path):
    _, article = _prepared(tmp_path, "instructor")
    text = " ".join(article.get_text(" ").split())
    for present in ("-0.625", "answer = 0.3", "✔ Correct", "Key: Right one. Because.", "Worked solution"):
        assert present in text, present
    for absent in ("Show code cell", "Show the answer", "(hidden)", "plot()"):
        assert absent not in text, absent
    assert not article.select("details, summary, button")


def test_links_to_printed_pages_stay_inside_the_document_and_others_become_text(tmp_path):
    page, article = _prepared(tmp_path, "student")
    glossary = (page.parent / "glossary.html").resolve()
    printable.link_inside(article, page, {glossary: "part-glossary"}, {"term-d"})
    assert article.find("a", string="glossary")["href"] == "#term-d"
    assert article.find("a", string="a page not printed") is None and "a page not printed" in article.get_text()


def test_the_contents_list_keeps_its_layout_when_the_numbers_arrive():
    entries = [printable.Entry("1. One", "a"), printable.Entry("Lab 1", "b", level=1)]
    before = printable.contents_html(entries)
    after = printable.contents_html(entries, {"a": 3, "b": 17})
    assert before.count("000") == 2 and ">3<" in after and ">17<" in after
    assert re.sub(r">\d+<", "><", before) == re.sub(r">\d+<", "><", after.replace(">3<", ">000<"))


def test_a_guide_renders_with_its_tables_and_without_front_matter_or_roles(tmp_path):
    guide = tmp_path / "01-guide.md"
    guide.write_text("---\nchapter: 1\n---\n# Guide\n\nA {term}`paired design <paired>` here.\n\n"
                     "| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8")
    out = printable.guide_html(guide)
    assert "<h1>Guide</h1>" in out and "<table>" in out and "paired design here" in out and "chapter: 1" not in out


def test_the_handout_figure_is_the_one_an_exercise_refers_to():
    soup = BeautifulSoup('<article><figure><img alt="first"></figure><div class="exercise"><a href="#fig-b">Fig. 2</a>'
                         '</div><figure id="fig-b"><img alt="second"></figure></article>', "html.parser")
    assert printable.key_figure(soup).img["alt"] == "second"
    soup.select_one("div.exercise a").decompose()
    assert printable.key_figure(soup).img["alt"] == "first"


# --- the PDFs, printed from the built book ----------------------------------------------------------
@pytest.fixture(scope="module")
def pdfs(built_book):
    assert built_book["returncode"] == 0
    from tools import make_pdf

    return make_pdf.build(verbose=False)


@functools.lru_cache(maxsize=None)
def _pages(path) -> tuple[str, ...]:
    from pypdf import PdfReader

    return tuple(unicodedata.normalize("NFKC", page.extract_text() or "") for page in PdfReader(str(path)).pages)


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


@functools.lru_cache(maxsize=None)
def _built(name: str) -> BeautifulSoup:
    # read only: tests that change a page copy it first
    html_dir = Path(printable.HTML_DIR)
    return BeautifulSoup((html_dir / f"{name}.html").read_text("utf-8"), "html.parser")


def _bare(text: str) -> str:
    """``text`` without white space (lines wrap anywhere in a PDF, and code spans are spaced in HTML)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


SOLUTIONS = "div.solution section, div.cell.tag_solution .cell_input"


def _solution_lines(soups) -> list[str]:
    """Distinctive snippets (no white space) of the built pages' solutions (page "work it" solutions,
    lab worked solutions), from single paragraphs or code blocks; only those that appear nowhere else
    in these pages."""
    snippets, rest = [], []
    for soup in soups:
        for box in soup.select(SOLUTIONS):
            for block in box.find_all(["p", "pre"]):
                text = _bare(block.get_text(" "))
                snippets += [text[start:start + 40] for start in (0, len(text) // 2) if len(text) > 60]
        other = BeautifulSoup(str(soup), "html.parser")
        for box in other.select("div.solution, div.cell.tag_solution"):
            box.decompose()
        rest.append(_bare(other.get_text(" ")))
    rest = "".join(rest)
    return [snippet for snippet in snippets if snippet not in rest]


def _alt_texts(path) -> list[str]:
    """The alternative texts in a tagged PDF's structure tree (what a screen reader reads for a picture)."""
    from pypdf import PdfReader

    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(str(path)).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.slow
@pytest.mark.browser
def test_a_handout_per_session_of_two_to_four_pages_without_solutions(pdfs):
    handouts = pdfs["handouts"]
    assert [p.name for p in handouts] == [f"{chapter.stem}.pdf" for chapter in CHAPTERS]
    for chapter, path in zip(CHAPTERS, handouts):
        pages = _pages(path)
        assert 2 <= len(pages) <= 4, (path.name, len(pages))
        text = _bare("".join(pages))
        soup = _built(chapter.page)
        question = soup.select_one(".chapter-question p:not(.admonition-title)").get_text(" ")
        bottom = soup.select_one(".bottom-line p:not(.admonition-title)").get_text(" ")
        section = next(h for h in soup.find_all("h2") if "Seminar discussion" in h.get_text()).find_parent("section")
        discussion = [p.get_text(" ") for p in section.find_all(["p", "li"]) if len(p.get_text()) > 40]
        for expected in [question, bottom, *discussion, "not medical advice"]:
            assert _bare(expected)[:80] in text, (path.name, expected[:60])
        solutions = _solution_lines([soup])
        assert solutions, chapter.page       # the page has a solution to leave out
        for line in solutions + list(DEAD_OR_SOLUTION):
            assert _bare(line) not in text, (path.name, line)
        figure = printable.key_figure(soup.select_one("article"))
        alt = figure.find("img")["alt"]
        assert _bare(alt)[:80] in text and alt in _alt_texts(path), path.name   # printed, and tagged for screen readers


@pytest.mark.slow
@pytest.mark.browser
def test_the_student_book_has_no_solution_verdict_or_dead_control(pdfs):
    pages = _pages(pdfs["student"])
    text = _flat(" ".join(pages))
    built = [_built(name) for chapter in CHAPTERS for name in (chapter.page, chapter.lab)]
    built_text = " ".join(soup.get_text(" ") for soup in built)
    for string in DEAD_OR_SOLUTION:
        assert string in built_text, string           # the built pages do hold it
        assert string not in text, string
    solutions = _solution_lines(built)
    assert len(solutions) > 50
    bare = _bare(text)
    leaked = [line for line in solutions if line in bare]
    assert not leaked, leaked[:5]
    first = _flat(pages[0])
    assert printable.TITLE in first and "not medical advice" in first and "Student edition" in first
    widgets = sum(len(soup.select(".dmnlab-widget")) for soup in built)
    assert text.count("Shown here:") >= widgets > 20  # each widget names the state it shows
    assert "Interactive in the online book" in text
    assert f"page 3 of {len(pages)}" in pages[2]


def _contents(pages: list[str]) -> str:
    """The text of the pages after the cover: the contents list comes first."""
    assert pages[1].lstrip().startswith("Contents")
    return _flat(" ".join(pages[1:4]))


def _check_contents(pages: list[str], titles: list[str]) -> None:
    contents = _contents(pages)
    for title in titles:
        match = re.search(re.escape(_flat(title)) + r" (\d+)\b", contents)
        assert match, f"no page number for {title!r} in the contents"
        number = int(match.group(1))
        assert 2 < number <= len(pages), (title, number)
        top = _bare(pages[number - 1])[:400]
        assert _bare(title) in top, f"{title!r} is not at the top of page {number}"


@pytest.mark.slow
@pytest.mark.browser
def test_the_contents_lists_every_chapter_and_lab_on_the_right_page(pdfs):
    pages = _pages(pdfs["student"])
    titles = [printable.heading_text(_built(name).select_one("article h1")).rstrip("#").strip()
              for chapter in CHAPTERS for name in (chapter.page, chapter.lab)]
    assert all(title.startswith(f"Lab {n}") for n, title in zip(range(1, 9), titles[1::2]))
    _check_contents(pages, titles + ["About the data", "Glossary", "References"])
    contents = _contents(pages)
    assert contents.count("Contents") == 1 and "My progress" not in contents   # no second, site contents


@pytest.mark.slow
@pytest.mark.browser
def test_the_instructor_book_has_solutions_verdicts_quiz_keys_and_the_guides(pdfs):
    pages = _pages(pdfs["instructor"])
    text = _flat(" ".join(pages))
    for present in ("✔ Correct", "Worked solution"):
        assert present in text, present
    assert "Instructor edition" in _flat(pages[0])
    quiz_questions = sum(len(_built(chapter.page).select(".dmnlab-quiz fieldset")) for chapter in CHAPTERS)
    assert text.count("Key:") == quiz_questions > 30, (text.count("Key:"), quiz_questions)
    solutions = _solution_lines([_built(name) for chapter in CHAPTERS for name in (chapter.page, chapter.lab)])
    bare = _bare(text)
    missing = [line for line in solutions if line not in bare]
    assert len(solutions) > 50 and not missing, missing[:5]
    for chapter in CHAPTERS:
        guide = chapter.guide_path().read_text("utf-8")
        if "## Graded assessment" not in guide:
            continue
        answer = re.search(r"\*\*Model answer\.\*\*\s+(.{60})", guide.split("## Graded assessment", 1)[1], re.DOTALL)
        assert answer and _bare(re.sub(r"[*`]", "", answer.group(1))) in bare, chapter.stem
    guides = [re.search(r"^# (.+)$", path.read_text("utf-8"), re.MULTILINE).group(1)
              for path in [chapter.guide_path() for chapter in CHAPTERS]
              + [printable.REPO / "book" / "instructor" / name for name in ("grading.md", "hub.md")]]
    _check_contents(pages, guides)
