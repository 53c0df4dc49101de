"""The course's maintainer tools (not learner code; never imported by :mod:`dmnlab`).

Run each from the repository root as ``python -m tools.NAME`` (the Makefile's targets do):

- :mod:`tools.build_book` — the book build (``make book``): parallel execution, cache fingerprint;
- :mod:`tools.make_data` — regenerate ``data/`` from the virtual cohort (``make data``);
- :mod:`tools.make_editions` — student and instructor editions of the labs (``make editions``);
- :mod:`tools.make_pdf` — the printable book and handouts (``make pdf``);
- :mod:`tools.hub_class` — a class of students on a real JupyterHub (``make class``);
- :mod:`tools.labdriver` — JupyterLab + Playwright driver (tests, ``make bench``, ``make class``);
- :mod:`tools.toc` — write ``_toc.yml`` from the chapter registry (:mod:`dmnlab.course.chapters`);
- :mod:`tools.new_chapter` — scaffold a chapter's files from the registry;
- :mod:`tools.bookext` — the Sphinx extension the book build loads (page fixes, pictures, progress).
"""
