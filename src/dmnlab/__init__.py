"""dmnlab: the code behind the course "The Default Mode Network, Depression and Ketamine".

The package has layers; imports only run downward (``tests/structure/test_architecture.py``
checks it):

1. **Chapters** — one small package per chapter, which the notebooks and pages import:
   :mod:`dmnlab.anatomy` (1), :mod:`dmnlab.healthy` (2), :mod:`dmnlab.depression` (3),
   :mod:`dmnlab.rumination` (4), :mod:`dmnlab.ketamine` (5), :mod:`dmnlab.networks` (6),
   :mod:`dmnlab.clinic` (7); the list is :data:`dmnlab.course.chapters.CHAPTERS`. A chapter never
   imports another chapter.
2. **Shared** — :mod:`dmnlab.shared`: what two chapters need from the layers below.
3. **Science beneath the chapters**
   - :mod:`dmnlab.cohort` — the virtual cohort (SIMULATED participants, signals, parameters);
   - :mod:`dmnlab.methods` — connectivity, HRF and GLM, statistics, sample entropy, graphs, prediction;
   - :mod:`dmnlab.datasets` — checked ``load_*`` of ``data/``, the real HCP data, optional ``fetch_*``.
4. **Teaching machinery** — :mod:`dmnlab.course`: widgets, checkers, quiz, plotting, palette,
   panels, page prose, errors, the chapter list.
5. **Foundations** — :mod:`dmnlab.study`: the regions, the scanning protocol and the study's rules.

Importing the package is cheap; nilearn is imported only when a brain is drawn. The book's
Sphinx extension and the maintainer tools live outside the package (``tools/``).
"""

__version__ = "0.1.0"

from .course.errors import install_notebook_handler as _install_notebook_handler

_install_notebook_handler()

SAFETY_NOTE = (
    "Educational material, not medical advice. Anyone considering ketamine or any other "
    "treatment for depression should talk to a qualified clinician."
)
