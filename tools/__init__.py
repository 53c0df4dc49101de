"""The course's maintainer tools (not learner code; never imported by :mod:`dmnlab`).

Run each from the repository root as ``python -m tools.NAME`` (the Makefile's targets do):

- :mod:`tools.build_book` — the book build (``make book``): parallel execution, cache fingerprint;
- :mod:`tools.make_data` — regenerate ``data/`` from the virtual cohort (``make data``);
- :mod:`tools.make_editions` — student and instructor editions of the labs (``make editions``);
- :mod:`tools.make_pdf` — handouts, the student book and the instructor book as PDFs (``make pdf``);
  :mod:`tools.printable` makes the built pages printable for them;
- :mod:`tools.make_slides` — a reveal.js deck per session from the built book (``make slides``);
- :mod:`tools.student_release` — the student release for nbgitpuller (``make release``);
- :mod:`tools.seminar` — the graded seminar: a term's assignments and their grading (``make term``, ``make grade``);
- :mod:`tools.hub_class` — a class of students on a real JupyterHub (``make class``, the graded class test);
- :mod:`tools.labdriver` — JupyterLab + Playwright driver (tests, ``make bench``, ``make class``);
- :mod:`tools.toc` — write ``_toc.yml`` from the chapter registry (:mod:`dmnlab.course.chapters`);
- :mod:`tools.new_chapter` — scaffold a chapter's files from the registry;
- :mod:`tools.bookext` — the Sphinx extension the book build loads (page fixes, pictures, progress).
"""
