"""A learner's progress in the static book, kept in the browser (no server, no cookie).

The build side of ``static/dmnlab-progress.js``:

* every page gets ``<meta name="dmnlab-page">`` (its page name) and the script;
* every chapter page (``book/NN-*``) ends with an "I finished this chapter" toggle button;
* the "My progress" page (``book/progress.md``, which holds the ``#dmnlab-progress`` block)
  gets the list of chapters: title, address, and the names of the self-check questions on the
  chapter page and its lab, read from the executed outputs.

What the script stores, and where, is said on the "My progress" page.
"""
from __future__ import annotations

import html
import json
import re

from dmnlab.course.chapters import CHAPTERS

PROGRESS_PAGE = "book/progress"
#: Each chapter page and its lab, from the chapter registry.
PAGE_LABS = {chapter.page: chapter.lab for chapter in CHAPTERS}
QUIZ_NAME = re.compile(r'<input type="radio" name="(quiz-[0-9a-f]+)"')


def chapter_pages(env) -> list[str]:
    """The chapter pages that this build has, in chapter order (the chapter registry)."""
    return [chapter.page for chapter in CHAPTERS if chapter.page in env.found_docs]


def quiz_names(env, docname: str) -> list[str]:
    """The self-check questions of a page (their radio-group names), in page order."""
    from docutils import nodes

    names: list[str] = []
    for raw in env.get_doctree(docname).findall(nodes.raw):
        for name in QUIZ_NAME.findall(raw.astext()):
            if name not in names:
                names.append(name)
    return names


def _lab_of(env, page: str) -> str | None:
    lab = PAGE_LABS.get(page)
    return lab if lab in env.found_docs else None


def chapters_json(app, pathto) -> str:
    env = app.builder.env
    chapters = []
    for chapter in chapter_pages(env):
        names = quiz_names(env, chapter)
        lab = _lab_of(env, chapter)
        if lab:
            names += [name for name in quiz_names(env, lab) if name not in names]
        title = env.titles[chapter].astext() if chapter in env.titles else chapter
        chapters.append({"page": chapter, "title": title, "url": pathto(chapter), "quiz": names})
    return json.dumps(chapters, ensure_ascii=False)


def _finish_block(pagename: str) -> str:
    return (
        f'<div class="dmnlab-finish" data-chapter="{html.escape(pagename)}">'
        '<button type="button" class="btn dmnlab-finish-button" aria-pressed="false">'
        "I finished this chapter</button> "
        '<span role="status" class="dmnlab-finish-status"></span>'
        '<p class="dmnlab-finish-note">Kept in this browser only, with your answers to the '
        "self-check questions: see <a href=\"{progress}\">My progress</a>.</p></div>"
    )


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    context["metatags"] = context.get("metatags", "") + \
        f'\n<meta name="dmnlab-page" content="{html.escape(pagename)}">'
    pathto = context.get("pathto")
    if pagename in PAGE_LABS and "body" in context and pathto is not None:
        context["body"] += _finish_block(pagename).replace("{progress}", pathto(PROGRESS_PAGE))
    if pagename == PROGRESS_PAGE and "body" in context:
        data = chapters_json(app, pathto).replace("</", "<\\/")
        context["body"] += f"<script>window.DMNLAB_CHAPTERS = {data};</script>"


def setup(app) -> None:
    """Called by :func:`tools.bookext.setup`."""
    app.add_js_file("dmnlab-progress.js")
    app.connect("html-page-context", _page_context)
