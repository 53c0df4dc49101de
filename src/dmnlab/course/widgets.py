"""One widget, two lives: live in JupyterLab, precomputed in the static book.

A chapter module builds a matplotlib figure once and writes an ``update``
function that changes the figure's artists in place (marker sizes, line data,
colours, text). :class:`Explorer` wires that function to controls:

* **Live** (a notebook with a kernel): ipywidgets controls. Each change calls
  ``update`` and re-renders only the artists that change on top of a cached
  background (matplotlib "blitting"), then sends the picture as a PNG with alt
  text. Every picture sent stays in the page (:class:`dmnlab.course.livepictures.PictureTree`:
  stacks the browser switches by the controls' indices), so returning to a state needs
  neither the kernel nor rendering; and while the kernel is otherwise idle, the states not
  yet shown are rendered in the background, one at a time (every control has finitely many
  values): those one or two key presses away are also sent to the page, so that later moves
  find their picture there.
* **Static** (the published book, no kernel): every combination of control
  values is rendered in advance; the page gets plain HTML controls (a
  ``<select>`` or a range slider, both keyboard-usable) and a few lines of
  inline JavaScript that swap the picture and its alt text. No CDN, no kernel.

Which one a notebook shows is decided when the widget is displayed: static
when the environment variable ``DMNLAB_STATIC_WIDGETS`` is ``1`` (the book
build sets it, see :mod:`dmnlab.course.sphinxext`), live otherwise.

Example
-------
>>> explorer = Explorer(figure, update, [Control("seed", "Seed region", ["PCC", "mPFC"])],
...                     describe=lambda seed: f"Connections of the {seed}")  # doctest: +SKIP
>>> explorer  # displays the widget  # doctest: +SKIP
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import itertools
import json
import os
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .errors import CourseInputError

STATIC_ENV = "DMNLAB_STATIC_WIDGETS"
#: Live widgets render at most this many states ahead, in the background.
PRERENDER_LIMIT = 256
PRERENDER_START_S = 0.5
PRERENDER_GAP_S = 0.02
#: Between two neighbours (the states a key press reaches): none. Messages that have arrived (a
#: control's move) are still handled between two drawings: the kernel's event loop polls first.
PRERENDER_NEAR_GAP_S = 0.0
#: States farther than two steps from the one shown are rendered with this many times the gap.
PRERENDER_FAR_FACTOR = 5
#: ... and only when no live widget's control has moved for this long: the kernel is one for all
#: the widgets of a notebook, and a learner's moves need the neighbours of *their* widget drawn.
PRERENDER_QUIET_S = 1.0
_last_move = [float("-inf")]          # time.monotonic() of the last move of any live control


def _running_loop():
    """The event loop running in this thread (a Jupyter kernel's), or ``None`` (plain Python)."""
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class WidgetValueError(CourseInputError, ValueError):
    """A control was given a value it does not offer."""


def static_mode() -> bool:
    """True when widgets should render as precomputed static HTML."""
    return os.environ.get(STATIC_ENV, "") == "1"


@dataclass
class Control:
    """One control of an :class:`Explorer`.

    Parameters
    ----------
    name
        Keyword passed to the ``update`` function.
    description
        Visible label.
    options
        The values offered, or ``(label, value)`` pairs.
    value
        Initial value (default: the first option).
    kind
        ``"slider"`` for ordered values, ``"dropdown"`` for categories.
    static_options
        A subset of values to precompute for the static book (default: all).
    """

    name: str
    description: str
    options: Sequence[Any]
    value: Any = None
    kind: str = "dropdown"
    static_options: Sequence[Any] | None = None

    def __post_init__(self):
        pairs = [opt if isinstance(opt, tuple) and len(opt) == 2 else (str(opt), opt)
                 for opt in self.options]
        self.labels = [str(label) for label, _ in pairs]
        self.values = [value for _, value in pairs]
        if not self.values:
            raise ValueError(f"Control {self.name!r} has no options.")
        if self.value is None:
            self.value = self.values[0]
        if self.kind not in ("slider", "dropdown"):
            raise ValueError(f"Control {self.name!r}: kind must be 'slider' or 'dropdown'.")
        self.index_of(self.value)
        if self.static_options is None:
            self.static_values = list(self.values)
        else:
            self.static_values = [self.values[self.index_of(v)] for v in self.static_options]
            if self.value not in self.static_values:
                self.static_values.insert(0, self.value)

    def index_of(self, value) -> int:
        """Index of ``value`` among the options; a clear error if it is not one."""
        for index, candidate in enumerate(self.values):
            if _same(candidate, value):
                return index
        shown = ", ".join(repr(v) for v in self.values[:12])
        raise WidgetValueError(
            f"{self.description}: {value!r} is not one of the offered values ({shown}"
            f"{', …' if len(self.values) > 12 else ''})."
        )

    def label_of(self, value) -> str:
        return self.labels[self.index_of(value)]


def _same(a, b) -> bool:
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        return bool(np.isclose(float(a), float(b)))
    return a == b


class Explorer:
    """A figure with controls; live in Jupyter, precomputed in the static book.

    Parameters
    ----------
    figure
        A matplotlib figure made once (use :func:`dmnlab.course.plotting.new_figure`).
    update
        ``update(**values)``: change the figure's artists for these control values.
        Axis limits must not depend on the values (the background is reused).
    controls
        The controls, in display order.
    describe
        ``describe(**values) -> str``: the alt text of the picture for these values.
    dynamic_artists
        Artists that ``update`` changes. If given, only they are redrawn on an
        update (fast); if ``None``, the whole figure is redrawn.
    title
        Short name of the widget (its accessible group label).
    note
        One line shown under the static widget (e.g. "Simulated data").
    """

    def __init__(self, figure, update: Callable[..., Any], controls: Sequence[Control],
                 describe: Callable[..., str], dynamic_artists=None, title: str = "",
                 note: str = ""):
        self._figure = figure
        self._stale = False          # the figure lags behind ``values`` (see ``figure``)
        self._update = update
        self.controls = list(controls)
        self.describe = describe
        self.title = title
        self.note = note
        self.values = {control.name: control.value for control in self.controls}
        self.timings_ms: list[float] = []
        self._dynamic = list(dynamic_artists) if dynamic_artists is not None else None
        self._background = None
        self._live = None
        self._live_cache: dict[tuple, str] = {}       # state -> its picture's HTML (kernel side)
        self._prerender_queue: list[dict] | None = None
        self._prerender_step = None                    # schedules the next background step
        if self._dynamic is not None:
            for artist in self._dynamic:
                artist.set_animated(True)
        self._update(**self.values)

    @property
    def figure(self):
        """The matplotlib figure, showing the current values.

        A live widget that returns to a state it has shown takes the picture from its cache
        and leaves the figure's artists alone; they are brought up to date here, when the
        figure itself is asked for.
        """
        if self._stale:
            self._apply(self.values)
        return self._figure

    def _apply(self, values: dict) -> None:
        self._update(**values)
        self._stale = False

    # -- rendering -----------------------------------------------------------------
    def _draw(self) -> np.ndarray:
        canvas = self.figure.canvas
        if self._dynamic is None:
            canvas.draw()
        else:
            if self._background is None:
                canvas.draw()  # animated artists are left out of this pass
                self._background = canvas.copy_from_bbox(self.figure.bbox)
            canvas.restore_region(self._background)
            for artist in self._dynamic:
                if artist.get_visible():
                    self.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def render_png(self, optimize: bool = False, palette: bool = False) -> bytes:
        """The figure as it is now, as PNG bytes.

        ``palette``: 64 colours, fast compression (a live picture: a third of the bytes of a
        full-colour PNG and quicker to make). ``optimize``: 64 colours, smallest file (slow;
        the static book).
        """
        from PIL import Image

        pixels = self._draw()
        image = Image.fromarray(pixels[..., :3].copy())
        buffer = io.BytesIO()
        if optimize or palette:
            image = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        if optimize:
            image.save(buffer, format="PNG", optimize=True)
        else:
            image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

    def set(self, **values) -> None:
        """Change control values, update the figure and (if live) the picture.

        Raises :class:`WidgetValueError` with a readable message for a value that
        is not offered; the figure is left as it was.
        """
        unknown = [name for name in values if name not in self.values]
        if unknown:
            raise WidgetValueError(
                f"Unknown control(s) {unknown}; this widget has {list(self.values)}."
            )
        by_name = {control.name: control for control in self.controls}
        checked = {name: by_name[name].values[by_name[name].index_of(value)]
                   for name, value in values.items()}
        start = time.perf_counter()
        self.values.update(checked)
        if self._live is not None and self._state_key(self.values) in self._live_cache:
            self._stale = True           # the picture is ready; the artists can wait
        else:
            self._apply(self.values)
        if self._live is not None:
            _last_move[0] = time.monotonic()
            self._show_live()
            if self._prerender_step is not None:
                self._prerender_step()            # the new state's neighbours go to the page next
        self.timings_ms.append((time.perf_counter() - start) * 1000)

    # -- live (ipywidgets) ----------------------------------------------------------
    def _image_html(self, png: bytes, alt: str) -> str:
        data = base64.b64encode(png).decode("ascii")
        return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
                f'style="max-width:100%;height:auto">')

    def _state_key(self, values: dict) -> tuple:
        return tuple(control.index_of(values[control.name]) for control in self.controls)

    def _picture(self) -> str:
        """The picture (with its description) of the current values, rendered once per state."""
        from .livepictures import picture_html

        key = self._state_key(self.values)
        if key not in self._live_cache:
            alt = self.describe(**self.values)
            self._live_cache[key] = picture_html(self._image_html(self.render_png(palette=True), alt), alt)
        return self._live_cache[key]

    def _show_live(self) -> None:
        """Send the current state's picture to the page, if it is not there yet (the browser has
        already switched to its place: it shows the picture as soon as it arrives)."""
        self._live["tree"].put(self._state_key(self.values), self._picture())

    def shown_html(self) -> str:
        """The HTML the page shows for the current values (a placeholder until its picture is
        sent); live widgets only."""
        self.live_widget()
        return self._live["tree"].shown(self._state_key(self.values)).value

    def _prerender_soon(self) -> None:
        """Render the states not shown yet, one per turn of the kernel's event loop.

        Only inside a running event loop (a Jupyter kernel); a control change between two
        steps is handled first. The states one or two key presses from the one shown are also
        sent to the page; the others are kept in the kernel until they are asked for. The figure
        is put back to the current values at the end.
        """
        loop = _running_loop()
        if loop is None:
            return   # plain Python (tests, scripts): nothing renders ahead
        names = [control.name for control in self.controls]
        states = [dict(zip(names, combo))
                  for combo in itertools.product(*(control.values for control in self.controls))]
        self._prerender_queue = states[:PRERENDER_LIMIT]
        pending = []                     # the handle of the step scheduled, if any

        def step() -> None:
            pending.clear()
            queue = self._prerender_queue
            while queue and self._state_key(queue[0]) in self._live_cache:
                queue.pop(0)
            # The states a key press reaches next first (one or two steps from the one shown); the
            # others after, with longer pauses, so that a move rarely waits for a drawing ahead.
            state, send, gap = self._next_neighbour(), True, PRERENDER_NEAR_GAP_S
            if state is not None and state in queue:
                queue.remove(state)
            if state is None:
                if not queue:
                    return       # all drawn: a later move schedules a step again (``set``)
                quiet = time.monotonic() - _last_move[0]
                if quiet < PRERENDER_QUIET_S:    # a learner is moving a control: wait
                    schedule(PRERENDER_QUIET_S - quiet)
                    return
                state, send, gap = queue.pop(0), False, PRERENDER_GAP_S * PRERENDER_FAR_FACTOR
            key = self._state_key(state)
            if key in self._live_cache:
                self._live["tree"].put(key, self._live_cache[key])
            else:
                current = dict(self.values)
                self.values = dict(state)
                try:
                    self._apply(self.values)
                    self._picture()
                    if send:
                        self._live["tree"].put(key, self._live_cache[key])
                finally:
                    self.values = current
                    self._stale = True           # the artists show ``state``, not the values
            schedule(gap)

        def schedule(delay: float = 0.0) -> None:
            """Run ``step`` in ``delay`` s, or sooner if it was already due sooner: a move brings
            forward a step that waits for quiet, so its neighbours are not left to that wait."""
            if loop.is_closed():
                return
            if pending:
                if pending[0].when() <= loop.time() + delay:
                    return
                pending.pop().cancel()
            pending.append(loop.call_later(delay, step))

        self._prerender_step = lambda: schedule(PRERENDER_NEAR_GAP_S)
        schedule(PRERENDER_START_S)

    def _next_neighbour(self) -> dict | None:
        """A state one (then two) steps of one control away from the current values whose
        picture the page does not have yet; ``None`` if there is none."""
        current = self._state_key(self.values)
        tree = self._live["tree"] if self._live is not None else self._live_cache
        for distance in (1, 2):
            for position, control in enumerate(self.controls):
                for index in (current[position] + distance, current[position] - distance):
                    if not 0 <= index < len(control.values):
                        continue
                    key = current[:position] + (index,) + current[position + 1:]
                    if key not in tree:
                        return {c.name: c.values[k] for c, k in zip(self.controls, key)}
        return None

    def live_widget(self):
        """The ipywidgets box (built once)."""
        if self._live is not None:
            return self._live["box"]
        import ipywidgets as widgets

        from .livepictures import PictureTree

        home_loop, home_thread = _running_loop(), threading.get_ident()
        inputs = []
        for control in self.controls:
            options = list(zip(control.labels, control.values))
            common = dict(options=options, value=control.value, description=control.description,
                          style={"description_width": "initial"},
                          layout=widgets.Layout(width="min(100%, 28rem)"))
            if control.kind == "slider":
                box = widgets.SelectionSlider(continuous_update=True, **common)
            else:
                box = widgets.Dropdown(**common)

            def on_change(change, name=control.name):
                if change["name"] != "value":
                    return
                move = functools.partial(self.set, **{name: change["new"]})
                if home_loop is None or home_loop.is_closed() or threading.get_ident() == home_thread:
                    move()
                else:
                    # ipykernel 7 may handle a widget's message in a subshell's thread: the figure is
                    # drawn on the kernel's main thread only, where the render-ahead runs (matplotlib
                    # is not thread-safe, and that loop would not wake for a step scheduled elsewhere)
                    home_loop.call_soon_threadsafe(move)

            box.observe(on_change, names="value")
            inputs.append(box)
        figure = self._figure
        tree = PictureTree(inputs, tuple(figure.get_size_inches() * figure.get_dpi()))
        header = widgets.HTML(f"<strong>{html.escape(self.title)}</strong>") if self.title else None
        parts = [part for part in (header, *inputs, tree.root) if part is not None]
        box = widgets.VBox(parts)
        self._live = {"box": box, "tree": tree, "inputs": inputs}
        self._show_live()
        self._prerender_soon()
        return box

    @property
    def inputs(self):
        """The live ipywidgets controls, by control name."""
        self.live_widget()
        return {control.name: box for control, box in zip(self.controls, self._live["inputs"])}

    # -- static (book) --------------------------------------------------------------
    def static_states(self):
        """Every combination of static control values, as dicts."""
        names = [control.name for control in self.controls]
        for combo in itertools.product(*(control.static_values for control in self.controls)):
            yield dict(zip(names, combo))

    def static_html(self, dpi: int = 90) -> str:
        """Self-contained HTML: controls, precomputed pictures, inline JavaScript.

        Pictures are rendered at ``dpi`` with a reduced palette to keep pages light. Every state
        is rendered twice: as laid out (wide) and with its panels stacked for a phone
        (:class:`dmnlab.course.plotting.NarrowLayout`); a ``<picture>`` shows the narrow one on
        screens up to ``NARROW_SCREEN`` wide, and only the one shown is fetched.
        """
        initial = dict(self.values)
        states, narrow_states = {}, {}
        screen_dpi = self.figure.get_dpi()
        self.figure.set_dpi(dpi)
        self._background = None
        narrow = _NarrowRenderer(self)
        try:
            for state in self.static_states():
                self.values.update(state)
                self._apply(self.values)
                key = "|".join(str(control.static_values.index(state[control.name]))
                               for control in self.controls)
                png = self.render_png(optimize=True)
                states[key] = [_data_uri(png), self.describe(**self.values)]
                narrow_states[key] = _data_uri(narrow.render_png())
        finally:
            self.values.update(initial)
            self._apply(self.values)
            self.figure.set_dpi(screen_dpi)
            self._background = None
        uid = "dmnlab-" + hashlib.sha1(
            (self.title + json.dumps(sorted(states))).encode()).hexdigest()[:10]
        start_key = "|".join(str(control.static_values.index(initial[control.name]))
                             for control in self.controls)
        controls_html = [_control_html(f"{uid}-c{number}", control, initial[control.name])
                         for number, control in enumerate(self.controls)]
        (src, alt), narrow_src = states[start_key], narrow_states[start_key]
        note = f'<p class="dmnlab-note">{html.escape(self.note)}</p>' if self.note else ""
        script = (
            "(function(){"
            f"var id={json.dumps(uid)},n={len(self.controls)},S={json.dumps(states)},N={json.dumps(narrow_states)};"
            "var img=document.getElementById(id+'-img'),desc=document.getElementById(id+'-desc'),"
            "src=document.getElementById(id+'-narrow'),live=document.getElementById(id+'-live'),"
            f"phone=window.matchMedia({json.dumps(NARROW_MEDIA)});"
            "function ix(c){return c.type==='range'?+c.value:c.selectedIndex;}"
            "function show(){var k=[];for(var i=0;i<n;i++){var c=document.getElementById(id+'-c'+i);"
            "k.push(ix(c));if(c.type==='range'){var l=JSON.parse(c.dataset.labels)[+c.value];"
            "c.setAttribute('aria-valuetext',l);document.getElementById(id+'-c'+i+'-out').textContent=l;}}"
            # 'input' and 'change' both call show(): announce a new description once.
            "var s=S[k.join('|')];if(s){src.srcset=N[k.join('|')];img.src=s[0];img.alt=s[1];desc.textContent=s[1];"
            "if(live.textContent!==s[1])live.textContent=s[1];}}"
            # When a control is about to be used, fetch the pictures one step away (the book
            # keeps them as files, so nothing is loaded before a reader reaches the widget),
            # in the rendition this screen shows.
            "var got={};function near(i){var k=[];for(var j=0;j<n;j++)"
            "k.push(ix(document.getElementById(id+'-c'+j)));"
            "[-1,1].forEach(function(d){var m=k.slice();m[i]+=d;var s=S[m.join('|')];"
            "var u=s&&(phone.matches?N[m.join('|')]:s[0]);if(u&&!got[u]){got[u]=1;(new Image()).src=u;}});}"
            "for(var i=0;i<n;i++){var c=document.getElementById(id+'-c'+i);"
            "c.addEventListener('input',show);c.addEventListener('change',show);"
            "(function(i){['focus','pointerenter','input'].forEach(function(e){"
            "c.addEventListener(e,function(){near(i);});});})(i);}})();"
        )
        return (
            f'<div class="dmnlab-widget" id="{uid}" role="group" '
            f'aria-label="{html.escape(self.title or "interactive figure")}">'
            f'<div class="dmnlab-controls">{"".join(controls_html)}</div>'
            f'<picture><source id="{uid}-narrow" media="{NARROW_MEDIA}" srcset="{narrow_src}">'
            f'<img id="{uid}-img" src="{src}" alt="{html.escape(alt)}" style="max-width:100%;height:auto">'
            f'</picture>'
            # The visible description repeats the alt text: hidden from screen readers (they
            # read the alt), and a change is announced once, by the (visually hidden) live region.
            f'<p id="{uid}-desc" class="dmnlab-desc" aria-hidden="true">{html.escape(alt)}</p>'
            f'<div id="{uid}-live" class="dmnlab-live" aria-live="polite"></div>'
            f"{note}</div><script>{script}</script>"
        )

    # -- display -------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"{self.title or 'Explorer'}: {self.describe(**self.values)}"
        if static_mode():
            return {"text/html": self.static_html(), "text/plain": text}
        bundle = self.live_widget()._repr_mimebundle_(include=include, exclude=exclude)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle or {})
        bundle["text/plain"] = text
        return bundle

    def __repr__(self) -> str:
        return f"<Explorer {self.title!r} {self.values}>"


# -- static (book) helpers --------------------------------------------------------------------
#: Screens up to this width show a static widget's narrow rendition (panels stacked).
NARROW_MEDIA = "(max-width: 600px)"


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _control_html(cid: str, control: Control, value) -> str:
    """One static control with its label (its own line; the label goes above it on a phone)."""
    labels = [control.label_of(v) for v in control.static_values]
    start = control.static_values.index(value)
    label = f'<label for="{cid}">{html.escape(control.description)}</label> '
    if control.kind == "slider":
        body = (f'<span class="dmnlab-slider"><input type="range" id="{cid}" min="0" '
                f'max="{len(labels) - 1}" step="1" value="{start}" '
                f'aria-valuetext="{html.escape(labels[start])}" '
                f"data-labels='{html.escape(json.dumps(labels))}'> "
                # The slider itself speaks its value (aria-valuetext): the visible copy is hidden
                # from screen readers, and <output>'s implicit live region is off.
                f'<output for="{cid}" id="{cid}-out" aria-hidden="true" aria-live="off">'
                f'{html.escape(labels[start])}</output></span>')
    else:
        # No value attribute: an option's value is then its text, which is what a screen reader
        # says for the select (the script keys by selectedIndex).
        options = "".join(f'<option{" selected" if i == start else ""}>{html.escape(text)}</option>'
                          for i, text in enumerate(labels))
        body = f'<select id="{cid}">{options}</select>'
    return f'<div class="dmnlab-control">{label}{body}</div>'


class _NarrowRenderer:
    """The narrow rendition of an :class:`Explorer`'s current state, as PNG bytes.

    The figure is laid out narrow, drawn, and put back (the wide pictures are drawn in between).
    Its static parts are drawn once per layout and reused, as the wide pictures do. A widget whose
    figure needs a phone layout of its own (e.g. one picture of a cortex drawn again) gives the
    explorer a ``narrow_layout``, used as ``with layout:``; otherwise :class:`NarrowLayout` stacks
    its panels.
    """

    def __init__(self, explorer: Explorer):
        from .plotting import NarrowLayout

        self.explorer = explorer
        self.layout = getattr(explorer, "narrow_layout", None) or NarrowLayout(explorer.figure)
        self.backgrounds: dict = {}

    def render_png(self) -> bytes:
        explorer = self.explorer
        wide_background = explorer._background
        with self.layout:
            figure = explorer.figure
            shape = tuple(round(float(v), 4) for ax in figure.axes for v in ax.get_position().bounds)
            key = (tuple(figure.get_size_inches().round(3)), shape)
            explorer._background = self.backgrounds.get(key)
            try:
                png = explorer.render_png(optimize=True)
            finally:
                if explorer._background is not None:
                    self.backgrounds[key] = explorer._background
                explorer._background = wide_background
        return png
