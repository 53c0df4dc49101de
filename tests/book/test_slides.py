"""The session decks (``make slides``, tools/make_slides.py): one reveal.js deck per chapter.

Fast: the parsing of a small built page and guide (a real precomputed widget, externalised as the
book build does). Slow: the decks of the built book, opened from ``file://`` in Chromium — they
load, advance, have the number of slides their sources imply, speaker notes, alt text on every
picture, no overflow at 1280 x 720, and no request that leaves ``file://``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dmnlab.course.chapters import CHAPTERS
from support.axe import FAILING_IMPACTS, axe_violations, describe
from tools import make_slides

# --- a small built page and guide -----------------------------------------------------------------
GUIDE = """---
chapter: 9
title: "A test chapter"
---

# Instructor guide

## Session plan (90 minutes)

**Before class (students).** Read the page.

| Time | Block | What the instructor does |
|---|---|---|
| 0–10 min | Recap and reading check | Ask: "What is *d*?" |
| 35–45 min (10) | Widget demo | Move the slider to 0.9; effects below |d| = 0.2 vanish. |
| 85–90 min (5) | Wrap-up | Three messages: size matters; "pairing" helps *and* costs; real data are noisy (|d| = 0.14). Preview chapter 10. |

## Discussion questions: expected answers and common misconceptions

### 1. "Why?"

**A strong answer makes these points.**
- Because of the {term}`effect size <effect size>`.

**Common misconceptions.**
- *"Never."* Address: sometimes.

### 2. "How?"

**For.** One thing. **Against.** Another.

**Common misconceptions.**
- A misconception the notes leave out.

## Debate card
"""


def _widget_html() -> str:
    """A real precomputed widget (two controls), as :meth:`Explorer.static_html` writes it."""
    from dmnlab.course import widgets
    from dmnlab.course.plotting import new_figure
    from dmnlab.study.protocol import SIMULATED_NOTE

    figure = new_figure(6, 3)
    ax = figure.add_subplot()
    (line,) = ax.plot([0, 1], [0.5, 0.5])
    ax.set(ylim=(0, 1), title="A line to move", xlabel="time (s)", ylabel="height")   # pictures the build moves out

    def update(height, mode):
        line.set_ydata([height, height])
        line.set_linestyle("-" if mode == "solid" else "--")

    controls = [widgets.Control("height", "Height", [0.1, 0.5, 0.9], value=0.5, kind="slider"),
                widgets.Control("mode", "Line", ["solid", "dashed"])]
    explorer = widgets.Explorer(figure, update, controls,
                                lambda height, mode: f"A {mode} line of simulated data at {height}.",
                                title="Line explorer", note=SIMULATED_NOTE)
    return explorer.static_html()


def _figure(number: int, alt: str, caption: str) -> str:
    return (f'<figure class="align-default"><img alt="{alt}" src="../_images/fig{number}.png">'
            f'<figcaption><p><span class="caption-number">Fig. {number} </span><span class="caption-text">'
            f'{caption}</span><a class="headerlink" href="#f{number}">#</a></p></figcaption></figure>')


def fake_page(figures: int = 3) -> str:
    core = "".join(_figure(n, f"Plot {n} of simulated data." if n == 1 else f"Plot {n}, real data.",
                           f"Caption {n}, first sentence. Then more.") for n in range(1, figures + 1))
    return f"""<html><body><main><article class="bd-article"><section id="t">
<h1>9. A test chapter<a class="headerlink" href="#t">#</a></h1>
<div class="admonition chapter-question"><p class="admonition-title">The question</p><p>Does it work?</p></div>
<div class="admonition bottom-line"><p class="admonition-title">Bottom line</p>
<p>It works in <a class="reference internal" href="glossary.html#term-rats"><span class="xref std std-term">rats</span></a>,
<em>not</em> in people.</p><p>Second paragraph.</p></div>
<div class="admonition tip"><p class="admonition-title">In this chapter</p><p>Objectives.</p></div>
{core}
<details class="sd-sphinx-override deep-dive"><summary>Deep dive: more</summary>{_figure(90, "Deep.", "Deep dive figure.")}</details>
<div class="admonition dropdown solution"><p class="admonition-title">Solution</p>{_figure(91, "Answer.", "A solution.")}</div>
<div class="cell_output"><div class="output text_html">{_widget_html()}</div></div>
<section id="seminar-discussion"><h2>Seminar discussion<a class="headerlink" href="#seminar-discussion">#</a></h2>
<ol><li><p>Why does <em>it</em> work?</p></li><li><p>How would you test it?</p></li></ol>
<details class="deep-dive"><summary>Deep dive: one more question</summary>
<p><strong>3.</strong> What would change your mind?</p><p><em>Set-up (5 minutes).</em> Split into two teams.</p></details>
</section>
<div class="admonition warning dmnlab-safety"><p class="admonition-title">Safety note</p>
<p>Educational material, not medical advice.</p></div>
</section></article></main></body></html>"""


@pytest.fixture
def built_page(tmp_path):
    """A built page as the book build leaves it: widget pictures moved out into files."""
    from tools.bookext import pagepictures

    book = tmp_path / "html"
    (book / "book").mkdir(parents=True)
    (book / "_images").mkdir()
    for number in (1, 2, 3, 4, 5, 6, 7, 90, 91):
        (book / "_images" / f"fig{number}.png").write_bytes(b"png")
    page = book / "book" / "09-test.html"

    def write(figures=3):
        body = pagepictures.externalise(fake_page(figures), book, lambda path: "../" + path)
        page.write_text(body, encoding="utf-8")
        return page

    return write


def test_the_page_gives_question_bottom_line_core_figures_widget_states_and_questions(built_page):
    page = make_slides.read_page(built_page())
    assert page.question == "Does it work?"
    assert page.bottom_line == ["It works in rats, <em>not</em> in people.", "Second paragraph."]
    assert page.safety == ["Educational material, not medical advice."]
    # Core-path figures only: not the deep dive's, not the solution's.
    assert [picture.heading for picture in page.figures] == [f"Caption {n}, first sentence." for n in (1, 2, 3)]
    assert [picture.text for picture in page.figures] == ["Then more."] * 3
    assert [picture.simulated for picture in page.figures] == [True, False, False]
    assert all(isinstance(p.source, Path) and p.source.is_file() for p in page.figures)
    # The widget: its first state, then the first control moved farthest (0.5 → 0.9, the later of two
    # equally far), the other kept; with their descriptions.
    first, contrast = page.widget_states
    assert first.alt == "A solid line of simulated data at 0.5." and first.state == "Height: 0.5 · Line: solid"
    assert contrast.alt == "A solid line of simulated data at 0.9." and contrast.state == "Height: 0.9 · Line: solid"
    assert first.widget == "Line explorer" and "Simulated data" in first.text and first.simulated
    assert first.source != contrast.source
    assert all(isinstance(p.source, Path) and p.source.is_file() for p in page.widget_states)
    # A small picture the build leaves inline (a data: URI) is decoded and copied like the others.
    assert make_slides._resolve("data:image/png;base64,iVBORw0KGgo=", Path("x.html")) == b"\x89PNG\r\n\x1a\n"
    # Numbered questions, in the section and in its deep dive; the debate's set-up is not one.
    assert page.questions == {1: "Why does <em>it</em> work?", 2: "How would you test it?",
                              3: "What would change your mind?"}


def test_a_page_with_many_figures_shows_five_spread_over_it(built_page):
    page = make_slides.read_page(built_page(figures=7))
    assert make_slides.MAX_FIGURES == 5
    assert [picture.source.name for picture in page.figures] == ["fig1.png", "fig3.png", "fig4.png", "fig6.png",
                                                                 "fig7.png"]


def test_the_guide_gives_the_session_plan_the_strong_answers_and_three_takeaways():
    guide = make_slides.read_guide(GUIDE)
    assert [block for _, block, _ in guide.rows] == ["Recap and reading check", "Widget demo", "Wrap-up"]
    assert "effects below |d| = 0.2 vanish" in guide.rows[1][2]          # a | inside a cell is kept
    assert "<table>" in guide.session_plan and "Before class (students)." in guide.session_plan
    assert guide.takeaways == ["Size matters.", "&quot;Pairing&quot; helps <em>and</em> costs.",
                               "Real data are noisy (|d| = 0.14)."]
    assert "Because of the effect size." in guide.answers[1] and "{term}" not in guide.answers[1]
    assert "Never" not in guide.answers[1]                                   # misconceptions are left out
    assert "<strong>For.</strong>" in guide.answers[2] and "misconception" not in guide.answers[2]
    assert "Move the slider" in guide.row("Widget demo") and guide.row("Debate") == ""


def test_the_deck_has_every_part_in_order(built_page):
    chapter = CHAPTERS[0]
    deck = make_slides.slides(chapter, make_slides.read_page(built_page()), make_slides.read_guide(GUIDE), 9, "Course")
    assert [slide.kind for slide in deck] == (["title", "question", "bottom-line"] + ["figure"] * 3 + ["widget"] * 2
                                              + ["discussion"] * 3 + ["takeaways"])
    html = make_slides.render(chapter, deck, 9)
    assert "Session 9 · Course" in html and "not medical advice" in html
    assert html.count('<aside class="notes">') == len(deck) - 1          # question 3 has no guide entry
    assert html.count("SIMULATED data</p>") == 3                         # figure 1 and both widget states
    assert re.findall(r"<h2>Discussion question (\d)", html) == ["1", "2", "3"]
    assert "Because of the effect size" in html and "Three take-aways" in html
    bare = make_slides.slides(chapter, make_slides.read_page(built_page()), make_slides.read_guide(""), 9, "C")
    assert bare[-1].kind == "discussion" and not bare[0].notes           # no guide: no notes, no take-aways


# --- the decks of the built book ---------------------------------------------------------------
def _source_questions(chapter) -> list[int]:
    """The discussion questions' numbers, read from the page's Markdown (not from the built page)."""
    text = chapter.page_path().read_text("utf-8").split("\n## Seminar discussion", 1)[1].split("\n## ", 1)[0]
    return sorted({int(n) for n in re.findall(r"^(?:\s*|\*\*)(\d+)\.(?:\*\*)?\s", text, flags=re.MULTILINE)})


def _expected_slides(chapter, html_dir) -> int:
    """What the sources imply: title, question, bottom line, 2-5 figures, two states per widget,
    the discussion questions, and a take-aways slide if the guide's wrap-up has them."""
    from bs4 import BeautifulSoup

    article = BeautifulSoup(make_slides.chapter_page(chapter, html_dir).read_text("utf-8"), "html.parser").article
    figures = [img for img in article.select("figure img") if not img.find_parent(["details"])
               and not img.find_parent(class_="dropdown")]
    widgets = [w for w in article.select(".dmnlab-widget") if not w.find_parent("details")]
    assert 2 <= len(figures), f"{chapter.stem}: fewer than two figures on the core path"
    guide = chapter.guide_path().read_text("utf-8")
    takeaways = bool(re.search(r"three (take-aways|messages):", guide, flags=re.IGNORECASE))
    return 3 + min(len(figures), 5) + 2 * len(widgets) + len(_source_questions(chapter)) + takeaways


@pytest.fixture(scope="module")
def decks(book_html, tmp_path_factory):
    """The decks, built into a folder of their own (they must not need the book's folder)."""
    out = tmp_path_factory.mktemp("slides")
    made = make_slides.build(Path(book_html), out, verbose=False)
    return out, made


@pytest.mark.slow
def test_a_deck_per_chapter_and_an_index(decks):
    out, made = decks
    assert [path.name for path in made] == [f"{chapter.stem}.html" for chapter in CHAPTERS]
    index = (out / "index.html").read_text("utf-8")
    assert all(f'href="{path.name}"' in index for path in made) and "not medical advice" in index


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_a_deck_refers_only_to_files_beside_it(decks, chapter):
    out, _ = decks
    text = (out / f"{chapter.stem}.html").read_text("utf-8")
    for address in re.findall(r'(?:src|href)="([^"#]+)"', text):
        assert "://" not in address and not address.startswith(("/", "data:")), address
        target = (out / address).resolve()
        assert target.is_relative_to(out.resolve()) and target.is_file(), f"{chapter.stem}: {address}"


VIEWPORT = {"width": 1280, "height": 720}
#: For each slide: does anything stick out of it (text that does not fit at 1280 x 720)?
OVERFLOW_JS = """() => {
  const out = [];
  Reveal.getSlides().forEach((slide, i) => {
    Reveal.slide(i);
    const box = slide.getBoundingClientRect();
    for (const element of slide.querySelectorAll('*')) {
      if (element.closest('aside')) continue;
      const r = element.getBoundingClientRect();
      if (r.width && (r.bottom > box.bottom + 1 || r.right > box.right + 1 || r.top < box.top - 1))
        out.push(i + ': ' + element.tagName + ' ' + (element.textContent || '').slice(0, 60));
    }
  });
  Reveal.slide(0);
  return out;
}"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_a_deck_loads_offline_and_advances_with_notes_and_alt_text(browser, decks, book_html, chapter):
    out, _ = decks
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    try:
        page.goto((out / f"{chapter.stem}.html").as_uri(), wait_until="load")
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=20_000)
        total = page.evaluate("Reveal.getTotalSlides()")
        assert total == _expected_slides(chapter, Path(book_html)), f"{chapter.stem}: {total} slides"
        assert page.evaluate("Reveal.getIndices().h") == 0
        page.keyboard.press("ArrowRight")
        assert page.evaluate("Reveal.getIndices().h") == 1, "the right arrow key does not advance"
        page.evaluate("Reveal.next()")
        assert page.evaluate("Reveal.getIndices().h") == 2
        kinds = page.evaluate("Reveal.getSlides().map(s => s.dataset.kind)")
        notes = page.evaluate("Reveal.getSlides().map(s => (s.querySelector('aside.notes') || {}).textContent || '')")
        assert kinds[0] == "title" and re.search(r"\d+ min", notes[0]), "no session plan in the title's notes"
        assert all(note.strip() for kind, note in zip(kinds, notes) if kind == "discussion"), (
            "a discussion question without the guide's strong answer in its speaker notes")
        images = page.evaluate("[...document.images].map(i => [i.getAttribute('alt') || '', i.naturalWidth])")
        assert images and all(alt.strip() for alt, _ in images), "an image without alt text"
        assert all(width > 0 for _, width in images), "an image that does not load"
        assert page.evaluate(OVERFLOW_JS) == [], "text that does not fit its slide at 1280 x 720"
        page.wait_for_timeout(300)
        assert [url for url in requests if not url.startswith(("file://", "data:"))] == [], "a request left file://"
        assert problems == []
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", ["index", *(chapter.stem for chapter in CHAPTERS)])
def test_no_serious_accessibility_violation_on_any_slide(browser, decks, name):
    """WCAG 2.1 AA (axe-core), slide by slide: reveal.js hides the slides not shown."""
    out, _ = decks
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto((out / f"{name}.html").as_uri(), wait_until="load")
        report = []
        slides = 1
        if name != "index":
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=20_000)
            slides = page.evaluate("Reveal.getTotalSlides()")
        for index in range(slides):
            if name != "index":
                page.evaluate(f"Reveal.slide({index})")
            failing = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
            if failing:
                report.append(f"slide {index + 1}: {describe(failing)}")
        assert not report, f"{name}.html:\n" + "\n".join(report)
    finally:
        page.close()
