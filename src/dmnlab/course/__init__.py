"""Teaching machinery: what turns science code into a course, with no science of its own.

- :mod:`~dmnlab.course.widgets` — widgets that are live in Jupyter and precomputed in the book;
- :mod:`~dmnlab.course.checks` — feedback on exercise answers (never raises);
- :mod:`~dmnlab.course.quiz` — self-check questions for the static pages;
- :mod:`~dmnlab.course.plotting` — figures with alt text, the glass brain, readable text colours;
- :mod:`~dmnlab.course.palette` — every colour of the course, by meaning (colour-blind-safe);
- :mod:`~dmnlab.course.panels` — figure panels several chapters' widgets share;
- :mod:`~dmnlab.course.prose` — numbers and words for a page's prose (``glue_all``, effect-size words);
- :mod:`~dmnlab.course.errors` — learner-facing errors shown as one clear message;
- :mod:`~dmnlab.course.chapters` — the one list of chapters that the build, tests and tools read.

Only :mod:`dmnlab.study` (regions and colours) lies beneath it. The Sphinx extension that the
book build loads is not learner code: it lives in ``tools/bookext``.
"""
