"""dmnlab: the code behind the course "The Default Mode Network, Depression and Ketamine".

Modules, from data to chapters:

- :mod:`dmnlab.nodes` — the course's regions (MNI coordinates from nilearn atlases) and networks;
- :mod:`dmnlab.data` — checked reading of the files in ``data/``;
- :mod:`dmnlab.simulate` — the simulator of BOLD-like signals (SIMULATED DATA);
- :mod:`dmnlab.connectivity` — correlation matrices, seed maps, network summaries;
- :mod:`dmnlab.plotting` — ``plot_*`` functions returning matplotlib figures;
- :mod:`dmnlab.widgets` — widgets that are live in Jupyter and precomputed in the book;
- :mod:`dmnlab.checks` — feedback on exercise answers;
- :mod:`dmnlab.cohort` — the virtual cohort (SIMULATED participants) and its loaders;
- :mod:`dmnlab.glm`, :mod:`dmnlab.stats` — task GLMs; effect sizes, permutation tests, power;
- :mod:`dmnlab.quiz` — self-check questions for the static pages;
- one module per chapter: :mod:`dmnlab.anatomy` (1), :mod:`dmnlab.healthy` (2),
  :mod:`dmnlab.depression` (3).

Importing the package is cheap; nilearn is imported only when a brain is drawn.
"""

__version__ = "0.1.0"

from .errors import install_notebook_handler as _install_notebook_handler

_install_notebook_handler()

SAFETY_NOTE = (
    "Educational material, not medical advice. Anyone considering ketamine or any other "
    "treatment for depression should talk to a qualified clinician."
)
