"""A (virtual) screen reader in an open Playwright page: what it speaks for a precomputed widget
and a self-check question, and what it announces after a change.

Guidepup's Virtual Screen Reader (npm ``@guidepup/virtual-screen-reader``, ``package-lock.json``)
builds the accessibility tree from the DOM (ACCNAME, HTML-AAM, WAI-ARIA) and speaks each item as
a screen reader would ("slider, Event duration, ..., current value 10 s"); a change to a live
region is logged as ``"polite: <text>"``. Its browser build is an ES module: it is imported from a
``blob:`` URL made in the page, so nothing is served or fetched.

The virtual reader moves through the page (``next``) and focuses a control; the key that changes
the value is pressed with Playwright's (trusted) keyboard, as the simulator's own synthetic key
events cannot move a native slider or select in a real browser. Used by ``test_screenreader.py``.
"""
from __future__ import annotations

import os

import pytest

from conftest import REPO

VIRTUAL_SCREEN_READER = os.path.join(REPO, "node_modules", "@guidepup", "virtual-screen-reader",
                                     "lib", "esm", "index.browser.js")
#: At most this many items are read in one widget or question (a guard against a loop).
MAX_ITEMS = 400

LOAD_JS = """async (source) => {
    if (window.virtual) return;
    const url = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
    window.virtual = (await import(url)).virtual;
    URL.revokeObjectURL(url);
}"""

#: Start on ``container`` and read it from its start to its end: the spoken phrases.
READ_JS = """async ([container, limit]) => {
    const v = window.virtual;
    await v.start({container});
    const first = await v.lastSpokenPhrase();
    for (let i = 0; i < limit; i++) {
        await v.next();
        if (await v.lastSpokenPhrase() === 'end of ' + first) break;
    }
    const log = await v.spokenPhraseLog();
    await v.stop();
    return log;
}"""

#: Start on ``container`` and move to its ``index``-th control (select, input): the phrases read.
#: The reader then focuses the control (``virtual.press``, as a user starts interacting).
TO_CONTROL_JS = """async ([container, control, limit]) => {
    const v = window.virtual;
    await v.start({container});
    for (let i = 0; i < limit; i++) {
        const phrase = await v.lastSpokenPhrase();
        if (/^(slider|combobox|listbox|spinbutton|radio), /.test(phrase) && document.activeElement !== control) {
            await v.press('Shift');          // focuses the item under the reader's cursor
            if (document.activeElement === control) break;
        }
        await v.next();
    }
    return {log: await v.spokenPhraseLog(), focused: document.activeElement === control};
}"""

#: The announcements since ``since`` items of the log, once the reader has had a few turns.
ANNOUNCED_JS = """async (since) => {
    const v = window.virtual;
    const turn = () => new Promise(resolve => setTimeout(resolve, 25));
    let log = [];
    for (let i = 0; i < 40; i++) {
        await turn();
        log = await v.spokenPhraseLog();
        if (log.slice(since).some(p => /^(polite|assertive): /.test(p))) break;
    }
    for (let i = 0; i < 4; i++) await turn();   // a second announcement of the same change
    return (await v.spokenPhraseLog()).slice(since);
}"""


CONTROL_JS = """(c) => {
    const label = c.labels && c.labels.length ? c.labels[0]
        : (c.previousElementSibling && c.previousElementSibling.tagName === 'LABEL' ? c.previousElementSibling : null);
    const select = c.tagName === 'SELECT';
    return {id: c.id, tag: c.tagName.toLowerCase(), label: label ? label.textContent.trim() : '',
            associated: !!(c.labels && c.labels.length),
            value: select ? (c.selectedOptions[0] || {}).text || '' : (c.getAttribute('aria-valuetext') || c.value),
            index: select ? c.selectedIndex : +c.value, last: select ? c.options.length - 1 : +c.max};
}"""


def start(page) -> None:
    """Load the virtual screen reader into ``page`` (as ``window.virtual``)."""
    if not os.path.isfile(VIRTUAL_SCREEN_READER):
        pytest.fail(f"{VIRTUAL_SCREEN_READER} is missing: run `make npm` (npm ci; `make test` does it).")
    with open(VIRTUAL_SCREEN_READER, encoding="utf-8") as handle:
        page.evaluate(LOAD_JS, handle.read())


def read(locator) -> list[str]:
    """What the reader speaks going through ``locator``'s element from start to end."""
    return locator.evaluate("(el, limit) => (" + READ_JS + ")([el, limit])", MAX_ITEMS)


def _role_phrase(control: dict) -> str:
    return "slider" if control["tag"] == "input" else "combobox"


def _key(control: dict) -> str:
    forward = control["index"] < control["last"]
    if control["tag"] == "select":
        return "ArrowDown" if forward else "ArrowUp"
    return "ArrowRight" if forward else "ArrowLeft"


def widget_problems(page, widget) -> tuple[list[str], list[str]]:
    """Read a precomputed widget, then change each control with the reader on it.

    Returns the problems found and everything spoken (for the report).
    """
    problems: list[str] = []
    name = widget.get_attribute("aria-label") or widget.get_attribute("id")
    widget.scroll_into_view_if_needed()
    picture = widget.locator("img").first
    alt = picture.get_attribute("alt") or ""
    spoken = read(widget)
    log = [f"[read {name}]"] + spoken
    if f"image, {alt}" not in spoken:
        problems.append(f"{name}: the picture is not read with its alt text (want 'image, {alt[:60]}...')")
    repeats = sum(alt in phrase for phrase in spoken)
    if alt and repeats > 1:
        problems.append(f"{name}: the picture's description is read {repeats} times in a row "
                        "(alt text and a visible copy that is not hidden from screen readers)")
    controls = widget.locator("select, input")
    if controls.count() == 0:
        problems.append(f"{name}: no controls")
    for c in range(controls.count()):
        element = controls.nth(c)
        control = element.evaluate(CONTROL_JS)
        where = f"{name}, control {control['label'] or control['id']!r}"
        role = _role_phrase(control)
        named = [p for p in spoken if p.startswith(f"{role}, {control['label']},")]
        if not control["associated"]:
            problems.append(f"{where}: no <label> is associated with it")
        if not named:
            said = [p[:80] for p in spoken if p.startswith(role + ",")]
            problems.append(f"{where}: not read as a {role} named {control['label']!r} (read: {said})")
        elif not any(control["value"] in p for p in named):
            problems.append(f"{where}: read as {named[0][:90]!r}, without its value {control['value']!r}")
        if control["tag"] == "input" and control["value"] in spoken:
            problems.append(f"{where}: its value {control['value']!r} is read a second time on its own")
        # Change it with the reader on it: the new picture's alt text is announced, once.
        moved = widget.evaluate("(w, args) => (" + TO_CONTROL_JS + ")([w, args[0], args[1]])",
                                [element.element_handle(), MAX_ITEMS])
        if not moved["focused"]:
            problems.append(f"{where}: the reader could not reach and focus it")
            continue
        before_alt = picture.get_attribute("alt")
        key = _key(control)
        since = len(moved["log"])
        page.keyboard.press(key)
        announced = page.evaluate(ANNOUNCED_JS, since)
        page.evaluate("() => window.virtual.stop()")
        after = element.evaluate(CONTROL_JS)
        new_alt = picture.get_attribute("alt") or ""
        reread = [p for p in read(widget) if p.startswith(f"{role}, {control['label']},")][:1]
        log += [f"[{where}: reader on it, {key}]"] + moved["log"][-1:] + announced + [f"[read again] {p}" for p in reread]
        if after["index"] == control["index"]:
            problems.append(f"{where}: {key} did not change it")
            continue
        if new_alt == before_alt:
            problems.append(f"{where}: {key} did not change the picture's alt text")
        live = [p for p in announced if p.startswith(("polite: ", "assertive: "))]
        wanted = f"polite: {new_alt}"
        if wanted not in live:
            problems.append(f"{where}: the change was not announced: no live region spoke the new alt "
                            f"text {new_alt[:60]!r} (announced: {[p[:60] for p in live]})")
        elif live.count(wanted) > 1:
            problems.append(f"{where}: the new alt text was announced {live.count(wanted)} times")
        others = [p[:70] for p in live if p != wanted]
        if others:
            problems.append(f"{where}: also announced {others} (want only the new alt text)")
        if not reread or after["value"] not in reread[0]:
            problems.append(f"{where}: read again after the change as {reread}, "
                            f"without its new value {after['value']!r}")
    return problems, log


QUESTION_JS = """(fieldset) => ({
    legend: fieldset.querySelector('legend').textContent.trim(),
    options: Array.from(fieldset.querySelectorAll('input[type=radio]')).map(r =>
        ({label: r.labels.length ? r.labels[0].textContent.trim() : '', verdict: r.dataset.verdict}))})"""

#: Move the reader to the ``index``-th radio button and choose it (the reader's default action).
CHOOSE_JS = """async ([fieldset, index, limit]) => {
    const v = window.virtual;
    await v.start({container: fieldset});
    let seen = -1;
    for (let i = 0; i < limit; i++) {
        if ((await v.lastSpokenPhrase()).startsWith('radio, ') && ++seen === index) break;
        await v.next();
    }
    const since = (await v.spokenPhraseLog()).length;
    await v.act();
    const turn = () => new Promise(resolve => setTimeout(resolve, 25));
    for (let i = 0; i < 40 && (await v.spokenPhraseLog()).length === since; i++) await turn();
    for (let i = 0; i < 4; i++) await turn();
    const log = await v.spokenPhraseLog();
    await v.stop();
    return {reached: seen === index, log, announced: log.slice(since)};
}"""


def question_problems(page, fieldset) -> tuple[list[str], list[str]]:
    """Read a self-check question, then choose each option with the reader: feedback is announced."""
    problems: list[str] = []
    fieldset.scroll_into_view_if_needed()
    question = fieldset.evaluate(QUESTION_JS)
    name = question["legend"][:50]
    spoken = read(fieldset)
    log = [f"[read {name}]"] + spoken
    if not spoken or spoken[0] != f"group, {question['legend']}":
        problems.append(f"{name!r}: not read as a group named by its legend (first: {spoken[:1]})")
    for i, option in enumerate(question["options"]):
        if not any(p.startswith(f"radio, {option['label']},") for p in spoken):
            problems.append(f"{name!r}: option {i + 1} is not read as a radio button named "
                            f"{option['label'][:50]!r}")
        chosen = fieldset.evaluate("(f, args) => (" + CHOOSE_JS + ")([f, args[0], args[1]])", [i, MAX_ITEMS])
        log += [f"[choose option {i + 1}]"] + chosen["announced"]
        feedback = fieldset.locator(".dmnlab-quiz-feedback").text_content().strip()
        live = [p for p in chosen["announced"] if p.startswith(("polite: ", "assertive: "))]
        if not chosen["reached"]:
            problems.append(f"{name!r}: the reader did not reach option {i + 1}")
        elif live != [f"polite: {feedback}"] or not feedback.startswith(option["verdict"]):
            problems.append(f"{name!r}: choosing option {i + 1} ({option['verdict']}) announced "
                            f"{[p[:70] for p in live]} (feedback on the page: {feedback[:70]!r})")
    return problems, log
