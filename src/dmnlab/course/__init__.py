"""Teaching machinery: what turns science code into a course, with no science of its own.

- :mod:`~dmnlab.course.widgets` — widgets that are live in Jupyter and precomputed in the book;
- :mod:`~dmnlab.course.checks` — feedback on exercise answers (never raises);
- :mod:`~dmnlab.course.quiz` — self-check questions for the static pages;
- :mod:`~dmnlab.course.plotting` — figures with alt text, the glass brain, colour-blind-safe colours;
- :mod:`~dmnlab.course.errors` — learner-facing errors shown as one clear message;
- :mod:`~dmnlab.course.sphinxext` — the Sphinx extension the book build loads.

Only :mod:`dmnlab.study` (regions and colours) lies beneath it.
"""
