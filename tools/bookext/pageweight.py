"""Pages that load fast on a phone (issue 26, item 7), applied to the built HTML at the end of the build.

Lighthouse (mobile, simulated slow 4G; ``make bench``, ``benchmarks/bench_lighthouse.py``) scored the
first pages a reader opens 65–73 with the theme as it comes. Each step below answers one of the
things it named; all are applied to the files the ``html`` builder wrote (``build-finished``), and
each is idempotent, because Sphinx rewrites only the pages that changed.

* **Icons without web fonts.** The theme draws its icons with two Font Awesome web fonts (267 KB)
  declared in its stylesheet. Every ``<i class="fa-…">`` / ``<span class="fa-…">`` of the theme's
  templates gets the icon as inline SVG (``aria-hidden``: the button or link around it carries the
  name, as before); the icons the stylesheets draw in ``::before``/``::after`` (admonition titles,
  the download and external-link marks) become CSS masks of the same SVG; the ``@font-face`` rules
  and the 1,900 glyph rules go. The shapes come from the theme's own ``fontawesome.js``
  (Font Awesome Free, CC BY 4.0), which pages no longer load (``templates/static/webpack-macros.html``).
* **The search index only where searching.** The theme loads ``searchindex.js`` (116 KB),
  ``searchtools.js`` and ``language_data.js`` on every page for a search-as-you-type it has switched
  off; the search dialog sends the query to ``search.html``, which loads them itself.
* **Stylesheets.** The theme's stylesheet (397 KB) loses the rules no page can use: those naming a class
  that occurs in no built page and no script (the idea of PurgeCSS, with tinycss2), except the classes
  scripts make up (``_DYNAMIC``); 149 KB remain. ``styles/theme.css``, an ``@import`` of Sphinx's
  ``basic.css`` (a second round trip before anything is drawn), becomes that file's used rules. The
  extensions' stylesheets the pages link (myst-nb's 43 KB, sphinx-design's 55 KB, Pygments', the
  toggle and copy buttons') lose their unused rules the same way, from the copy Sphinx wrote (kept
  beside the doctrees, for a later build that does not copy it again); the course's ``dmnlab.css``
  stays as written.
* **Scripts do not hold up the first paint.** The theme's and extensions' scripts in ``<head>`` are
  ``defer``: they all wait for the document anyway (``DOMContentLoaded`` or ``readyState``). Only
  ``documentation_options.js`` stays as it is: inline scripts set its fields while the page parses.
* **Pictures.** Every ``<img>`` with a local file gets its ``width`` and ``height`` (no layout shift), and
  so does every ``<source>`` of a ``<picture>`` (a widget's narrow picture for phones has its own shape).
  A picture near the top of the article (less than ``EARLY_CHARS`` characters of text before it) may be
  the largest thing on the first screen: it loads eagerly, the first such one with
  ``fetchpriority="high"``. Every other picture is ``loading="lazy" decoding="async"``: on the first
  pages the largest contentful paint is a paragraph of text (measured in chromium on a phone and a
  desktop), each first picture at least 2,000 px (phone) or 1,300 px (desktop) below the top, and a
  picture fetched with the page competes with the stylesheets for a phone's bandwidth: Lighthouse
  counted it in the LCP (2.1–2.6 s, where the first paint of the text came at 1.7 s). A PNG of the
  book's figures also comes as lossless WebP (same pixels, 40–60 % fewer bytes) in
  ``<picture><source type="image/webp">`` with the ``<img>`` (PNG, alt text) as the fallback. A
  widget's picture stays a PNG: its script swaps ``img.src``, which a ``<source>`` would override.
* **A phone's picture of every wide figure.** A course figure drawn for the book carries its phone
  rendition (panels stacked, text at its drawn size; :func:`dmnlab.course.narrowlayout.narrow_png`) in
  a PNG text field. :func:`split_renditions` moves it into a file of its own beside the figure
  (``X.png`` -> ``X.narrow.png``, the field dropped from ``X.png``), and the ``<picture>`` offers it,
  as WebP and PNG, to screens up to 600 px wide (``NARROW_MEDIA``, as a widget's narrow picture).
  Only the picture a screen shows is fetched.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

#: Font Awesome's modifier classes; any other ``fa-*`` class names the icon.
_MODIFIERS = {"fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-xs", "fa-sm", "fa-fw", "fa-1x",
              "fa-2x", "fa-3x", "fa-spin", "fa-classic", "fa-inverse"}
#: ``name:[width,height,[aliases],"code","path"]`` in fontawesome.js.
_FA_ICON = re.compile(r'(?:"([\w-]+)"|([A-Za-z_$][\w$]*)):\[(\d+),(\d+),\[[^\]]*\],"([0-9a-f]+)","([^"]+)"\]')
_FA_PACK = re.compile(r'd\("(fab|far|fas)",')
_ICON_TAG = re.compile(r'<(i|span)\b([^>]*?)\sclass="([^"]*\bfa-[^"]*)"([^>]*)>\s*</\1>')


def font_awesome(js_path: Path) -> dict:
    """``{(pack, name or code): (width, height, path)}`` from the theme's ``fontawesome.js``.

    ``pack`` is ``fas``, ``far`` or ``fab``; each icon is found by its name and by its code point.
    """
    js = Path(js_path).read_text("utf-8")
    packs = [(m.start(), m.group(1)) for m in _FA_PACK.finditer(js)]
    icons = {}
    for match in _FA_ICON.finditer(js):
        pack = next((name for start, name in packs if start > match.start()), "fas")
        name = match.group(1) or match.group(2)
        entry = (int(match.group(3)), int(match.group(4)), match.group(6))
        icons.setdefault((pack, name), entry)
        icons.setdefault((pack, match.group(5)), entry)
    return icons


def _pack_of(classes: list[str]) -> str:
    if "fab" in classes or "fa-brands" in classes:
        return "fab"
    return "far" if ("far" in classes or "fa-regular" in classes) else "fas"


def svg_icon(width: int, height: int, path: str) -> str:
    """An inline SVG icon one ``em`` high, hidden from assistive technology."""
    return (f'<svg class="dmnlab-icon" viewBox="0 0 {width} {height}" width="{width / height:.3g}em" '
            f'height="1em" aria-hidden="true"><path fill="currentColor" d="{path}"/></svg>')


def inline_icons(html: str, icons: dict) -> str:
    """Each empty Font Awesome ``<i>``/``<span>`` with its icon drawn inside as SVG."""
    def replace(match: re.Match) -> str:
        classes = match.group(3).split()
        names = [c.removeprefix("fa-") for c in classes if c.startswith("fa-") and c not in _MODIFIERS]
        icon = next((icons[(_pack_of(classes), n)] for n in names if (_pack_of(classes), n) in icons), None)
        if icon is None:
            return match.group(0)
        tag, before, after = match.group(1), match.group(2), match.group(4)
        hidden = "" if "aria-hidden" in before + after else ' aria-hidden="true"'
        return f'<{tag}{before} class="{match.group(3)}"{after}{hidden}>{svg_icon(*icon)}</{tag}>'

    return _ICON_TAG.sub(replace, html)


# --- stylesheets --------------------------------------------------------------------------
_GLYPH_RULE = re.compile(r'(?:\.fa-[\w-]+:{1,2}(?:before|after),?)+\{content:"[^"]*"\}')
_FONT_FACE = re.compile(r'@font-face\{[^}]*Font Awesome[^}]*\}')
_ICON_VAR = re.compile(r'(--pst-icon-[\w-]+|--pst-breadcrumb-divider):"\\?([^"]*)"')
_ICON_CONTENT = re.compile(r'content:var\((--pst-icon-[\w-]+|--pst-breadcrumb-divider)\)')
_ICON_FONT = re.compile(r'font:var\(--fa-font-(?:solid|regular|brands)\)')
_LITERAL_GLYPH = re.compile(r'content:"\\(f[0-9a-f]{3})";font-family:Font Awesome\\ 6 (?:Free|Brands)(?:;font-weight:\d+)?')
_MASK_BOX = ("background-color:currentColor;display:inline-block;width:1em;height:1em;vertical-align:-.125em;"
             "-webkit-mask-repeat:no-repeat;mask-repeat:no-repeat;-webkit-mask-position:center;"
             "mask-position:center;-webkit-mask-size:contain;mask-size:contain")


def _mask_url(icon) -> str:
    width, height, path = icon
    return (f"url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} "
            f"{height}'%3E%3Cpath d='{path}'/%3E%3C/svg%3E\")")


def _code(value: str) -> str:
    """The code point of a CSS ``content`` string: ``f185`` (escaped) or the character itself."""
    return value if re.fullmatch(r"f[0-9a-f]{3}", value) else (f"{ord(value):x}" if len(value) == 1 else value)


def css_without_icon_font(css: str, icons: dict) -> str:
    """A theme stylesheet with Font Awesome's font and glyph rules gone, its pseudo-element icons as masks."""
    css = _FONT_FACE.sub("", _GLYPH_RULE.sub("", css))

    def variable(match: re.Match) -> str:
        icon = icons.get(("fas", _code(match.group(2))))
        return f"{match.group(1)}:{_mask_url(icon)}" if icon else match.group(0)

    def literal(match: re.Match) -> str:
        icon = icons.get(("fas", match.group(1)))
        return f'content:"";-webkit-mask-image:{_mask_url(icon)};mask-image:{_mask_url(icon)};{_MASK_BOX}' \
            if icon else match.group(0)

    css = _ICON_VAR.sub(variable, css)
    css = _ICON_CONTENT.sub(r'content:"";-webkit-mask-image:var(\1);mask-image:var(\1)', css)
    css = _ICON_FONT.sub(_MASK_BOX, css)
    return _LITERAL_GLYPH.sub(literal, css)


_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any)\(")
_TOKEN = re.compile(r"[\w-]+")


def _strip_functional(selector: str) -> str:
    """``selector`` without the arguments of ``:not()``, ``:is()``, ``:has()``…: what is left must all match."""
    out, depth, i = [], 0, 0
    while i < len(selector):
        match = _FUNCTIONAL.match(selector, i) if depth == 0 else None
        if match:
            depth, i = 1, match.end()
            continue
        char = selector[i]
        if depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        else:
            out.append(char)
        i += 1
    return "".join(out)


#: Classes that scripts make up at run time (Bootstrap's tooltips and dropdowns, the theme's states):
#: rules that name them are always kept.
_DYNAMIC = re.compile(r"^(?:bs-|tooltip|popover|modal|offcanvas|dropdown|collaps|show|fade|pst-|bd-|theme-|"
                      r"search|navbar|nav-|active|disabled|sidebar|header|toc|hide|scroll|dark|light)")


def selector_used(selector: str, tokens: set) -> bool:
    """Whether every class a selector requires occurs as a word in the book's pages or scripts."""
    return all(name in tokens or _DYNAMIC.match(name)
               for name in _CLASS.findall(_strip_functional(selector)))


def unused_rules_removed(css: str, tokens: set) -> str:
    """``css`` without the style rules none of whose selectors can match (the PurgeCSS idea: a class no page
    or script names is never in the document). At-rules other than media/supports/layer/container are kept."""
    import tinycss2

    def keep(rules) -> list:
        kept = []
        for rule in rules:
            if rule.type == "qualified-rule":
                if any(selector_used(s, tokens) for s in _split_selectors(tinycss2.serialize(rule.prelude))):
                    kept.append(rule)
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer", "container") \
                    and rule.content is not None:
                inner = keep(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    rule.content = [token for r in inner for token in (r, tinycss2.ast.WhitespaceToken(0, 0, "\n"))]
                    kept.append(rule)
            elif rule.type != "comment" and rule.type != "whitespace":
                kept.append(rule)
        return kept

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(tinycss2.serialize([rule]) for rule in keep(rules)) + "\n"


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside ``:is(a, b)``)."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current.append(char)
    parts.append("".join(current))
    return parts


def book_tokens(outdir: Path) -> set:
    """Every word in the built pages and in the scripts they load: the class names that can occur."""
    tokens = set()
    for path in list(outdir.rglob("*.html")) + list((outdir / "_static").rglob("*.js")):
        if path.name == "fontawesome.js":
            continue
        tokens.update(_TOKEN.findall(path.read_text("utf-8", errors="replace")))
    return tokens


#: First line of a stylesheet this module trimmed.
_TRIMMED = "/* unused rules removed by tools/bookext/pageweight.py */\n"
_LINKED_CSS = re.compile(r'<link rel="stylesheet" type="text/css" href="([^"?]+\.css)(?:\?[^"]*)?"')
#: Stylesheets left as they are: the course's own.
_OWN_CSS = {"dmnlab.css"}


def linked_stylesheets(html: str, page: Path, static: Path) -> set:
    """The extensions' stylesheets (files directly in ``static``) that a page links."""
    found = set()
    for href in _LINKED_CSS.findall(html):
        path = (page.parent / unquote(href)).resolve()
        if path.parent == static.resolve() and path.name not in _OWN_CSS and path.is_file():
            found.add(path)
    return found


def trim_stylesheet(sheet: Path, tokens: set, originals: Path) -> None:
    """``sheet`` without its unused rules, made from the file as Sphinx copied it (kept in ``originals``)."""
    text = sheet.read_text("utf-8")
    kept = originals / sheet.name
    if text.startswith(_TRIMMED):  # trimmed by an earlier build; Sphinx did not copy it again
        if not kept.is_file():
            return
        text = kept.read_text("utf-8")
    else:
        originals.mkdir(parents=True, exist_ok=True)
        kept.write_text(text, "utf-8")
    sheet.write_text(_TRIMMED + unused_rules_removed(text, tokens), "utf-8")


# --- pages ----------------------------------------------------------------------------------
_SEARCH_SCRIPTS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
                             r'searchindex\.js)"></script>')
_HEAD_SCRIPT = re.compile(r'<script ((?:data-[\w-]+="[^"]*" )*)src="([^"]+)"></script>')


def drop_search_scripts(html: str) -> str:
    return _SEARCH_SCRIPTS.sub("", html)


def defer_scripts(html: str) -> str:
    """Head scripts ``defer``, except ``documentation_options.js`` (inline scripts use it at once)."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html

    def replace(match: re.Match) -> str:
        if "documentation_options.js" in match.group(2):
            return match.group(0)
        return f'<script {match.group(1)}defer src="{match.group(2)}"></script>'

    return _HEAD_SCRIPT.sub(replace, html[:head_end]) + html[head_end:]


_IMG = re.compile(r"<img\b[^>]*>")
#: Characters of article text after which a picture is below the first screen of a phone (390 px wide:
#: about 1 px of height per character) and of a 1280 × 900 desktop (about 0.6 px, under a 200 px header).
EARLY_CHARS = 1500
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_ATTR = re.compile(r'\s([\w-]+)="([^"]*)"')
_ARTICLE = re.compile(r'<article class="bd-article"')
_CSS_WIDTH = re.compile(r"(?:^|;)\s*width\s*:")
_WEBP_SOURCE = re.compile(r'<source\b[^>]*>\s*$')   # a picture made already (a page Sphinx did not rewrite)


def _size(path: Path):
    from PIL import Image

    try:
        with Image.open(path) as picture:
            return picture.size
    except (OSError, ValueError):
        return None


def webp_for(png: Path) -> Path | None:
    """A lossless WebP beside ``png`` (written once), or None if it would not be smaller."""
    from PIL import Image

    target = png.with_suffix(".webp")
    if target.is_file() and target.stat().st_mtime >= png.stat().st_mtime:
        return target if target.stat().st_size < png.stat().st_size else None
    try:
        with Image.open(png) as picture:
            picture.save(target, "WEBP", lossless=True, method=4)
    except (OSError, ValueError):
        target.unlink(missing_ok=True)
        return None
    return target if target.stat().st_size < png.stat().st_size else None


def _picture(img: str, src: str, local: Path) -> str:
    """``img`` (a local PNG) in a ``<picture>`` with its WebP and, if it has one, its phone rendition's
    WebP and PNG for narrow screens (the first ``<source>`` that matches is the one shown)."""
    from dmnlab.course.widgets import NARROW_MEDIA

    base = src.rsplit(".png", 1)[0]
    sources = []
    narrow = local.with_name(local.stem + NARROW_SUFFIX)
    if narrow.is_file():
        if webp_for(narrow):
            sources.append(f'<source media="{NARROW_MEDIA}" type="image/webp" srcset="{base}.narrow.webp">')
        sources.append(f'<source media="{NARROW_MEDIA}" srcset="{base}{NARROW_SUFFIX}">')
    if webp_for(local):
        sources.append(f'<source type="image/webp" srcset="{base}.webp">')
    return f'<picture>{"".join(sources)}{img}</picture>' if sources else img


#: A figure's phone rendition, beside it: ``X.png`` -> ``X.narrow.png``.
NARROW_SUFFIX = ".narrow.png"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunks(data: bytes):
    """``(type, payload, raw chunk bytes)`` of each chunk of a PNG file's bytes."""
    import struct

    at = len(_PNG_SIGNATURE)
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind = data[at + 4:at + 8]
        yield kind, data[at + 8:at + 8 + length], data[at:at + 12 + length]
        at += 12 + length


def split_renditions(images: Path) -> int:
    """Move every figure's phone rendition out of its PNG text field into ``X.narrow.png``; the figure's
    PNG keeps every other byte (its pixels, its alt text). Returns how many were moved; a second call
    finds none (the field is gone)."""
    import base64
    import binascii

    from dmnlab.course.narrowlayout import NARROW_PNG_KEY

    key = NARROW_PNG_KEY.encode("latin-1") + b"\0"
    moved = 0
    for png in sorted(images.glob("*.png")) if images.is_dir() else ():
        data = png.read_bytes()
        if key not in data or not data.startswith(_PNG_SIGNATURE):
            continue
        kept, rendition = [], None
        for kind, payload, raw in _png_chunks(data):
            if kind == b"tEXt" and payload.startswith(key):
                try:
                    rendition = base64.b64decode(payload[len(key):], validate=True)
                except binascii.Error:
                    rendition = None
                continue
            kept.append(raw)
        if rendition is None or not rendition.startswith(_PNG_SIGNATURE):
            continue
        png.with_name(png.stem + NARROW_SUFFIX).write_bytes(rendition)
        png.write_bytes(_PNG_SIGNATURE + b"".join(kept))
        moved += 1
    return moved


def text_length(html: str) -> int:
    """The characters of text in a piece of HTML (tags dropped, runs of white space as one)."""
    return len(_SPACE.sub(" ", _TAG.sub(" ", html)).strip())


def tune_images(html: str, page: Path) -> str:
    """Sizes, lazy loading and WebP sources for the ``<img>`` of one page (see the module's docstring)."""
    article = _ARTICLE.search(html)
    start = article.start() if article else len(html)
    out, last, high_done, chars, counted = [], 0, False, 0, start
    for match in _IMG.finditer(html):
        tag = match.group(0)
        attrs = dict(_ATTR.findall(tag))
        src = attrs.get("src", "")
        in_article = match.start() > start
        local = None if src.startswith(("data:", "http:", "https:")) or not src else \
            (page.parent / unquote(src.split("?")[0])).resolve()
        new = tag
        if local and "width" not in attrs and "height" not in attrs and not _CSS_WIDTH.search(attrs.get("style", "")):
            size = _size(local) if local.is_file() else None
            if size:
                new = new[:-1].rstrip("/").rstrip() + f' width="{size[0]}" height="{size[1]}">'
        if in_article:
            chars += text_length(html[counted:match.start()])
            counted = match.start()
        early = in_article and chars < EARLY_CHARS
        if "loading" not in attrs and "fetchpriority" not in attrs:
            if early and not high_done:
                new = new[:-1].rstrip("/").rstrip() + ' fetchpriority="high">'
            elif not early:
                new = new[:-1].rstrip("/").rstrip() + ' loading="lazy" decoding="async">'
        high_done = high_done or early
        already = _WEBP_SOURCE.search(html, max(0, match.start() - 400), match.start())
        if (local and in_article and local.suffix == ".png" and local.is_file()
                and not attrs.get("id", "").startswith("dmnlab-") and not already):
            new = _picture(new, src, local)
        out.append(html[last:match.start()])
        out.append(new)
        last = match.end()
    out.append(html[last:])
    return "".join(out)


_SOURCE = re.compile(r'<source\b[^>]*\ssrcset="([^",\s]+)"[^>]*>')


def size_sources(html: str, page: Path) -> str:
    """Each ``<source>`` of one local picture with that picture's ``width`` and ``height``: a widget offers
    phones a narrower picture of another shape than its ``<img>``, whose size alone would leave the
    wrong space until the picture arrives (a layout shift)."""
    def replace(match: re.Match) -> str:
        tag, src = match.group(0), match.group(1)
        attrs = dict(_ATTR.findall(tag))
        if "width" in attrs or "height" in attrs or src.startswith(("data:", "http:", "https:")):
            return tag
        local = (page.parent / unquote(src.split("?")[0])).resolve()
        size = _size(local) if local.is_file() else None
        return tag[:-1].rstrip("/").rstrip() + f' width="{size[0]}" height="{size[1]}">' if size else tag

    return _SOURCE.sub(replace, html)


def lighten_page(html: str, page: Path, icons: dict, search_page: bool = False) -> str:
    """Every step of the module's docstring on one built page."""
    html = inline_icons(html, icons)
    if not search_page:
        html = defer_scripts(drop_search_scripts(html))
    return size_sources(tune_images(html, page), page)


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    js = outdir / "_static" / "scripts" / "fontawesome.js"
    icons = font_awesome(js) if js.is_file() else {}
    split_renditions(outdir / "_images")      # before the pages: their <picture>s look for X.narrow.png
    sheets = set()
    for page in outdir.rglob("*.html"):
        relative = page.relative_to(outdir).as_posix()
        if relative.startswith(("_static/", "_sources/", "_images/")):
            continue
        text = page.read_text("utf-8")
        new = lighten_page(text, page, icons, search_page=relative == "search.html")
        if new != text:
            page.write_text(new, "utf-8")
        sheets |= linked_stylesheets(new, page, outdir / "_static")
    tokens = book_tokens(outdir)
    for sheet in sorted(sheets):
        trim_stylesheet(sheet, tokens, Path(app.doctreedir) / "pageweight-originals")
    for name, original in theme_stylesheets().items():
        sheet = outdir / "_static" / "styles" / name
        if sheet.is_file() and original.is_file() and icons:
            # from the theme's own file each time: Sphinx may not copy it again on a partial build
            css = css_without_icon_font(original.read_text("utf-8"), icons)
            sheet.write_text(unused_rules_removed(css, tokens), "utf-8")
    basic = outdir / "_static" / "basic.css"
    if basic.is_file():
        # styles/theme.css is only ``@import "../basic.css"``: one more round trip before the first paint
        rebased = re.sub(r"url\((?![\"']?(?:data:|/|https?:))[\"']?([^)\"']+)[\"']?\)", r'url("../\1")',
                         basic.read_text("utf-8"))
        (outdir / "_static" / "styles" / "theme.css").write_text(unused_rules_removed(rebased, tokens), "utf-8")


def theme_stylesheets() -> dict:
    """``{file name: path}`` of the two theme stylesheets as the installed themes ship them."""
    import pydata_sphinx_theme
    import sphinx_book_theme

    return {"pydata-sphinx-theme.css": Path(pydata_sphinx_theme.__file__).parent
            / "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css",
            "sphinx-book-theme.css": Path(sphinx_book_theme.__file__).parent
            / "theme/sphinx_book_theme/static/styles/sphinx-book-theme.css"}


def setup(app) -> None:
    """Called by :func:`tools.bookext.setup`."""
    # late (900): after the themes' own build-finished handlers (pydata-sphinx-theme rewrites pygments.css)
    app.connect("build-finished", _build_finished, priority=900)
