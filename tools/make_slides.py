"""One reveal.js deck per chapter, for teaching its seminar session (``make slides``), offline.

Every deck is generated from what the course already has, so nothing is kept twice:

* from the chapter's **built page** (``_build/html/book/<stem>.html``, so every glued number is
  the one the page shows): the question and the bottom line, the safety note, the key figures of
  the core path (up to :data:`MAX_FIGURES`, never one folded into a deep dive or a solution) with
  their alt text and caption, the first state and one contrasting state of each precomputed
  widget with their descriptions, and the seminar discussion questions;
* from the chapter's **instructor guide** (``book/instructor/<NN>-guide.md``), the speaker notes
  (``<aside class="notes">``): the session plan, each discussion question's strong answer, the
  plan's rows for the recap, the widget demo and the wrap-up, whose three take-aways close the
  deck.

What is folded on the page is decided by :func:`tools.wordcount.is_folded`, the same rule that
counts the core path. Pictures are copied next to the decks and reveal.js is vendored from npm
(``tools/slides_static/vendor``, checked against ``node_modules`` by a test), so the folder
``_build/slides`` works from ``file://`` wherever it is moved. Present with the arrow keys; ``S``
opens the speaker notes, ``F`` full screen, ``Esc`` the overview.

    python -m tools.make_slides            # _build/slides/<stem>.html and index.html
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dmnlab.course.chapters import CHAPTERS, Chapter
from tools import wordcount
from tools.printable import ROLE, control_text

REPO = Path(__file__).resolve().parents[1]
HTML_DIR = REPO / "_build" / "html"
OUT = REPO / "_build" / "slides"
STATIC = Path(__file__).resolve().parent / "slides_static"

#: Figure slides per deck: the page's core-path figures, spread over the page when it has more.
MAX_FIGURES = 5
#: Words that mark a picture of simulated data (a figure's caption or alt text, a widget's note or
#: description); "no simulated data" (chapter 8's evidence register) does not.
SIMULATED = re.compile(r"(?<!no )\bsimulated\b", re.IGNORECASE)
#: Inline markup a slide keeps from the page; everything else (links, glossary spans) becomes text.
INLINE_TAGS = ("em", "strong", "code", "sub", "sup", "i", "b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(“\"])")
TAKEAWAYS = re.compile(r"\bthree (?:take-aways|messages)\s*:\s*", re.IGNORECASE)
#: A citation the book writes into a caption ("[Schmaal et al., 2017]"): moved from a slide's heading
#: to the caption under the picture, so that the heading stays short.
CITATION = re.compile(r"\s*\[[^\]]*\d{4}[^\]]*\]")


# --- what the built page gives -----------------------------------------------------------------
@dataclass
class Picture:
    """A figure or a widget state: the image, what it shows, and whether its data are simulated."""

    source: Path | bytes
    alt: str
    heading: str
    text: str = ""           # caption (figures) or the widget's note
    state: str = ""          # the widget's control values ("Seed region: PCC · Threshold: 0.3")
    widget: str = ""         # the widget's title (empty for a figure)

    @property
    def simulated(self) -> bool:
        # A widget's title and note speak of all its states ("real and simulated brains"); a state's
        # description and control values say what this one shows.
        shown = (self.alt, self.state) if self.widget else (self.alt, self.heading, self.text)
        return bool(SIMULATED.search(" ".join(shown)))

    @property
    def file_name(self) -> str:
        if isinstance(self.source, Path):
            return self.source.name
        return hashlib.sha1(self.source).hexdigest()[:20] + ".png"


@dataclass
class Page:
    """What a deck takes from a chapter's built page (inline HTML, escaped)."""

    question: str
    bottom_line: list[str]
    safety: list[str]
    figures: list[Picture]
    widget_states: list[Picture]
    #: discussion question number → its text
    questions: dict[int, str]


def inline_html(node) -> str:
    """``node``'s content as inline HTML: text escaped, only :data:`INLINE_TAGS` kept."""
    from bs4 import Comment, NavigableString

    parts = []
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(html.escape(str(child), quote=False))
        elif child.name in ("script", "style", "button") or "headerlink" in (child.get("class") or []):
            continue
        elif child.name in INLINE_TAGS:
            parts.append(f"<{child.name}>{inline_html(child)}</{child.name}>")
        else:
            parts.append(inline_html(child))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _box_paragraphs(box) -> list[str]:
    """The paragraphs of an admonition, without its title."""
    return [inline_html(p) for p in box.find_all("p") if "admonition-title" not in (p.get("class") or [])]


def _first_sentence(text: str) -> tuple[str, str]:
    parts = SENTENCE_END.split(text, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _resolve(src: str, page_path: Path) -> Path | bytes:
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    return (page_path.parent / src).resolve()


def _figures(article, page_path: Path) -> list[Picture]:
    found = []
    for img in article.find_all("img"):
        if img.find_parent(class_="dmnlab-widget") or wordcount.is_folded(img):
            continue
        alt = (img.get("alt") or "").strip()
        figure = img.find_parent("figure")
        caption = figure.select_one("figcaption .caption-text") if figure else None
        caption = inline_html(caption) if caption else html.escape(alt)
        heading, rest = _first_sentence(caption)
        sources = " ".join(cite.strip() for cite in CITATION.findall(heading))
        heading, rest = CITATION.sub("", heading), f"{rest} {sources}".strip()
        found.append(Picture(_resolve(img["src"], page_path), alt, heading, rest))
    if len(found) <= MAX_FIGURES:
        return found
    # Spread over the page (its story from start to end), first and last included.
    step = (len(found) - 1) / (MAX_FIGURES - 1)
    return [found[int(i * step + 0.5)] for i in range(MAX_FIGURES)]


def _controls(widget) -> list[tuple[str, list[str], int]]:
    """``(label, value labels, index shown first)`` of each control of a static widget."""
    controls = []
    for label in widget.select(".dmnlab-controls label"):
        control = widget.find(id=label["for"])
        if control.name == "select":
            options = control.find_all("option")
            labels = [option.get_text(strip=True) for option in options]
            start = next((i for i, option in enumerate(options) if option.has_attr("selected")), 0)
        else:
            labels, start = json.loads(control["data-labels"]), int(control["value"])
        controls.append((label.get_text(strip=True), labels, start))
    return controls


def _contrast(start: tuple[int, ...], keys: list[tuple[int, ...]]) -> tuple[int, ...]:
    """The state to show beside the first: the first control moved farthest, the others kept."""
    def score(key):
        return (abs(key[0] - start[0]), -sum(a != b for a, b in zip(key[1:], start[1:])), key[0])

    others = [key for key in keys if key != start]
    return max(others, key=score) if others else start


def _widget_states(article, page_path: Path) -> list[Picture]:
    """The first and one contrasting state of every precomputed widget on the core path.

    The pictures and descriptions are the ones :meth:`dmnlab.course.widgets.Explorer.static_html`
    wrote into the widget's script (``S={"i|j": [src, description], ...}``).
    """
    found = []
    for widget in article.select(".dmnlab-widget"):
        if wordcount.is_folded(widget):
            continue
        script = widget.find_next_sibling("script").string
        states = json.JSONDecoder().raw_decode(script, script.index("S=") + 2)[0]
        controls = _controls(widget)
        keys = {tuple(int(i) for i in key.split("|")): value for key, value in states.items()}
        start = tuple(start for *_, start in controls)
        if start not in keys:
            start = next(iter(keys))
        note = widget.select_one(".dmnlab-note")
        title = widget.get("aria-label", "")
        for key in (start, _contrast(start, list(keys))):
            src, description = keys[key]
            state = " · ".join(control_text(label, labels[i]) for (label, labels, _), i in zip(controls, key))
            found.append(Picture(_resolve(src, page_path), description, html.escape(title),
                                 inline_html(note) if note else "", html.escape(state), title))
    return found


def _questions(article) -> dict[int, str]:
    """The seminar discussion questions by number (those in its deep dive too)."""
    heading = next((h for h in article.find_all("h2") if inline_html(h) == "Seminar discussion"), None)
    if heading is None:
        return {}
    section, found = heading.find_parent("section"), {}
    for listing in section.find_all("ol"):
        if listing.find_parent("li"):
            continue
        first = int(listing.get("start", 1))
        for offset, item in enumerate(listing.find_all("li", recursive=False)):
            found[first + offset] = inline_html(item)
    for paragraph in section.find_all("p"):
        number = paragraph.find("strong")
        match = re.fullmatch(r"(\d+)\.", number.get_text(strip=True)) if number else None
        if match and paragraph.contents and paragraph.contents[0] is number:
            number.extract()
            found[int(match.group(1))] = inline_html(paragraph)
    return dict(sorted(found.items()))


def read_page(path: Path) -> Page:
    """What a deck shows, from one chapter's built page."""
    from bs4 import BeautifulSoup

    article = wordcount.article(BeautifulSoup(path.read_text("utf-8"), "html.parser"))
    question = article.select_one(".chapter-question")
    bottom = article.select_one(".bottom-line")
    safety = article.select_one(".dmnlab-safety")
    missing = [name for name, box in (("the question", question), ("the bottom line", bottom),
                                      ("the safety note", safety)) if box is None]
    if missing:
        raise SystemExit(f"{path}: no {', '.join(missing)} (CONTRIBUTING.md, 'The shape of a chapter page')")
    return Page(" ".join(_box_paragraphs(question)), _box_paragraphs(bottom), _box_paragraphs(safety),
                _figures(article, path), _widget_states(article, path), _questions(article))


# --- what the instructor guide gives ------------------------------------------------------------
@dataclass
class Guide:
    """Speaker notes from a chapter's instructor guide (HTML)."""

    session_plan: str = ""
    #: the plan's minute table: (time, block, what the instructor does), Markdown
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    #: discussion question number → what a strong answer makes (HTML)
    answers: dict[int, str] = field(default_factory=dict)
    #: the wrap-up's three take-aways (inline HTML), or none
    takeaways: list[str] = field(default_factory=list)

    def row(self, block: str) -> str:
        """The plan's row for ``block`` (e.g. "Widget demo") as HTML, or ""."""
        for time, name, what in self.rows:
            if name.lower().startswith(block.lower()):
                return f"<p><strong>{markdown_inline(time)}, {markdown_inline(name)}.</strong> {markdown_inline(what)}</p>"
        return ""


def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def markdown(text: str) -> str:
    return _markdown().render(ROLE.sub(r"\1", text))


def markdown_inline(text: str) -> str:
    return _markdown().renderInline(ROLE.sub(r"\1", text.strip()))


def _sections(text: str, level: int) -> list[tuple[str, str]]:
    """``(heading, body)`` of each Markdown heading of ``level`` (``##`` = 2) in ``text``."""
    marker = "#" * level + " "
    parts = re.split(rf"^{re.escape(marker)}(.*)$", text, flags=re.MULTILINE)
    return [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts), 2)]


def _section(text: str, level: int, starts: str) -> str:
    return next((body for heading, body in _sections(text, level) if heading.startswith(starts)), "")


def _table_rows(text: str) -> tuple[list[tuple[str, str, str]], str]:
    """The minute table's rows, and ``text`` without the table.

    The third cell may itself hold ``|`` (``|d|``): only the first two separators split.
    """
    rows, rest = [], []
    for line in text.splitlines():
        if not line.startswith("|"):
            rest.append(line)
            continue
        time, block, what = (line.strip()[1:].removesuffix("|") + "||").split("|", 2)
        if set(time.strip()) <= {"-", ":"} or time.strip().lower() == "time":
            continue
        rows.append((time.strip(), block.strip(), what.strip().strip("|").strip()))
    return rows, "\n".join(rest)


def _answers(section: str) -> dict[int, str]:
    answers = {}
    for heading, body in _sections(section, 3):
        match = re.match(r"(\d+)\.", heading)
        if not match:
            continue
        body = body.split("**Common misconceptions", 1)[0]
        if "**A strong answer" in body:
            body = body[body.index("**A strong answer"):]
        answers[int(match.group(1))] = markdown(body.strip())
    if answers:
        return answers
    # A guide without a heading per question lists them ("1. *Five sentences.* What to listen for").
    for match in re.finditer(r"^(\d+)\.\s+(.*?)(?=^\d+\.\s|\Z)", section, flags=re.MULTILINE | re.DOTALL):
        answers[int(match.group(1))] = markdown(" ".join(match.group(2).split()))
    return answers


def _takeaways(wrap_up: str) -> list[str]:
    match = TAKEAWAYS.search(wrap_up)
    if not match:
        return []
    items = [item.strip() for item in _first_sentence(wrap_up[match.end():])[0].rstrip(".").split(";")]
    if len(items) != 3:
        return []
    return [markdown_inline(re.sub(r"^\W*\w", lambda start: start.group(0).upper(), item) + ".") for item in items]


def read_guide(text: str) -> Guide:
    """Speaker notes from an instructor guide's Markdown (front matter allowed)."""
    if text.startswith("---"):
        text = text.split("---", 2)[2]
    plan = _section(text, 2, "Session plan")
    rows, prose = _table_rows(plan)
    guide = Guide(rows=rows, answers=_answers(_section(text, 2, "Discussion questions")))
    table = "".join(f"<tr><td>{markdown_inline(time)}</td><td>{markdown_inline(block)}</td>"
                    f"<td>{markdown_inline(what)}</td></tr>" for time, block, what in rows)
    guide.session_plan = markdown(prose.strip()) + (
        f"<table><tr><th>Time</th><th>Block</th><th>What the instructor does</th></tr>{table}</table>" if rows else "")
    wrap_up = next((what for _, block, what in rows if block.lower().startswith("wrap-up")), "")
    guide.takeaways = _takeaways(wrap_up)
    return guide


# --- the deck ----------------------------------------------------------------------------------
@dataclass
class Slide:
    kind: str            # title, question, bottom-line, figure, widget, discussion, takeaways
    body: str
    notes: str = ""

    def html(self) -> str:
        notes = f'\n<aside class="notes">{self.notes}</aside>' if self.notes else ""
        return f'<section class="dmnlab-{self.kind}" data-kind="{self.kind}">\n{self.body}{notes}\n</section>'


def _picture_body(picture: Picture, images: str) -> str:
    badge = ('<p class="dmnlab-simulated" role="note">SIMULATED data</p>' if picture.simulated else "")
    state = f'<p class="dmnlab-state">{picture.state}</p>' if picture.state else ""
    text = f'<p class="dmnlab-caption">{picture.text}</p>' if picture.text else ""
    return (f'<div class="dmnlab-frame"><div class="dmnlab-top"><h2>{picture.heading}</h2>{badge}</div>{state}'
            f'<img src="{images}/{picture.file_name}" alt="{html.escape(picture.alt)}">{text}</div>')


def slides(chapter: Chapter, page: Page, guide: Guide, session: int, course: str) -> list[Slide]:
    """The deck of one chapter: title, question, bottom line, figures, widget states, discussion,
    take-aways."""
    images = f"images/{chapter.stem}"
    safety = "".join(f"<p>{paragraph}</p>" for paragraph in page.safety)
    deck = [Slide("title", (f'<p class="dmnlab-session">Session {session} · {html.escape(course)}</p>'
                            f"<h1>{html.escape(chapter.title)}</h1>"
                            f'<div class="dmnlab-safety" role="note"><p><strong>Safety note.</strong></p>{safety}</div>'),
                  content_note(session) + guide.session_plan),
            Slide("question", f"<h2>The question</h2><p class=\"dmnlab-big\">{page.question}</p>",
                  guide.row("Recap")),
            Slide("bottom-line", "<h2>Bottom line</h2>" + "".join(f"<p>{p}</p>" for p in page.bottom_line),
                  guide.row("Recap"))]
    for picture in page.figures:
        deck.append(Slide("figure", _picture_body(picture, images), f"<p>{html.escape(picture.alt)}</p>"))
    for picture in page.widget_states:
        deck.append(Slide("widget", _picture_body(picture, images),
                          f"<p>{html.escape(picture.alt)}</p>{guide.row('Widget demo')}"))
    for number, question in page.questions.items():
        deck.append(Slide("discussion", f"<h2>Discussion question {number}</h2><p class=\"dmnlab-big\">{question}</p>",
                          guide.answers.get(number, "")))
    if guide.takeaways:
        items = "".join(f"<li>{item}</li>" for item in guide.takeaways)
        deck.append(Slide("takeaways", f"<h2>Three take-aways</h2><ol>{items}</ol>", guide.row("Wrap-up")))
    return deck


DECK = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="vendor/reveal.js/reset.css">
<link rel="stylesheet" href="vendor/reveal.js/reveal.css">
<link rel="stylesheet" href="vendor/reveal.js/theme/white.css">
<link rel="stylesheet" href="dmnlab-slides.css">
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="vendor/reveal.js/reveal.js"></script>
<script src="vendor/reveal.js/plugin/notes.js"></script>
<script>
Reveal.initialize({{hash: true, width: 1280, height: 720, margin: 0.03, center: false, transition: "none",
                   slideNumber: "c/t", plugins: [RevealNotes]}});
</script>
</body>
</html>
"""


def render(chapter: Chapter, deck: list[Slide], session: int) -> str:
    """The deck's HTML page."""
    return DECK.format(title=html.escape(f"Session {session}: {chapter.title} (slides)"),
                       slides="\n".join(slide.html() for slide in deck))


INDEX = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{course}: slides</title>
<link rel="stylesheet" href="dmnlab-slides.css">
</head>
<body class="dmnlab-index">
<main>
<h1>{course}: a deck per session</h1>
<p>Generated by <code>make slides</code> from the built book and the instructor guides. Open a deck,
then: arrow keys or space to move, <kbd>S</kbd> for the speaker notes (the session plan and what a
strong answer says), <kbd>F</kbd> for full screen, <kbd>Esc</kbd> for an overview.</p>
<ol>
{items}
</ol>
<div class="dmnlab-safety" role="note"><p><strong>Safety note.</strong></p>{safety}</div>
</main>
</body>
</html>
"""


# --- building ------------------------------------------------------------------------------------
def course_title(root: Path = REPO) -> str:
    import yaml

    return yaml.safe_load((root / "_config.yml").read_text("utf-8"))["title"]


def session_of(chapter: Chapter) -> int:
    """The seminar session that teaches ``chapter`` (:mod:`dmnlab.course.syllabus`)."""
    from dmnlab.course import syllabus

    return next(week.session for week in syllabus.weeks() if week.chapter == chapter)


def content_note(session: int) -> str:
    """The reminder for the sessions that open with a content note (:mod:`dmnlab.course.syllabus`)."""
    from dmnlab.course import syllabus

    if session not in syllabus.CONTENT_NOTE_SESSIONS:
        return ""
    return ("<p><strong>Content note first.</strong> This session opens with the short content note "
            "(book/instructor/grading.md, \"Give a content note\").</p>")


def chapter_page(chapter: Chapter, html_dir: Path) -> Path:
    return html_dir / f"{chapter.page}.html"


def _ensure_built(html_dir: Path) -> None:
    missing = [chapter.stem for chapter in CHAPTERS if not chapter_page(chapter, html_dir).is_file()]
    if missing and html_dir == HTML_DIR:
        from tools import build_book

        print(f"No built page for {', '.join(missing)}: building the book first (make book) ...")
        if build_book.build().returncode != 0:
            raise SystemExit("The book build failed; run `make book` to see why.")
    elif missing:
        raise SystemExit(f"{html_dir}: no built page for {', '.join(missing)}: build the book first (make book)")
    for chapter in CHAPTERS:
        if chapter.page_path().stat().st_mtime > chapter_page(chapter, html_dir).stat().st_mtime:
            print(f"warning: {chapter.page}.md changed after its page was built; run `make book` for "
                  "slides that show the change", file=sys.stderr)


def build(html_dir: Path = HTML_DIR, out: Path = OUT, verbose: bool = True) -> list[Path]:
    """Write a deck per registered chapter and ``index.html`` into ``out``; returns the decks."""
    html_dir, out = Path(html_dir), Path(out)
    _ensure_built(html_dir)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(STATIC, out)
    course, made, items, safety = course_title(), [], [], ""
    for chapter in CHAPTERS:
        page = read_page(chapter_page(chapter, html_dir))
        guide = read_guide(chapter.guide_path().read_text("utf-8"))
        session = session_of(chapter)
        deck = slides(chapter, page, guide, session, course)
        folder = out / "images" / chapter.stem
        folder.mkdir(parents=True, exist_ok=True)
        for picture in [*page.figures, *page.widget_states]:
            target = folder / picture.file_name
            if isinstance(picture.source, Path):
                shutil.copyfile(picture.source, target)
            else:
                target.write_bytes(picture.source)
        target = out / f"{chapter.stem}.html"
        target.write_text(render(chapter, deck, session), encoding="utf-8")
        made.append(target)
        items.append(f'<li><a href="{target.name}">Session {session}: {html.escape(chapter.title)}</a> '
                     f"({len(deck)} slides)</li>")
        safety = safety or "".join(f"<p>{paragraph}</p>" for paragraph in page.safety)
    (out / "index.html").write_text(INDEX.format(course=html.escape(course), items="\n".join(items), safety=safety),
                                    encoding="utf-8")
    if verbose:
        print(f"{len(made)} decks in {out} (open {out / 'index.html'})")
    return made


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=HTML_DIR, help="the built book (default: _build/html)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the decks go (default: _build/slides)")
    args = parser.parse_args(argv)
    build(args.html, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
