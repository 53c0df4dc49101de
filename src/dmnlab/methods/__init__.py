"""Analysis methods any chapter uses, on plain tables and arrays (no widgets, no chapters).

- :mod:`~dmnlab.methods.connectivity` — correlation matrices, seed maps, network averages;
- :mod:`~dmnlab.methods.hrf` — the haemodynamic response and task regressors;
- :mod:`~dmnlab.methods.glm` — task GLMs (nilearn design matrices, least squares);
- :mod:`~dmnlab.methods.stats` — effect sizes, permutation tests, power, reliability;
- :mod:`~dmnlab.methods.complexity` — sample entropy;
- :mod:`~dmnlab.methods.graphs` — graphs from correlation matrices, modularity and participation (networkx);
- :mod:`~dmnlab.methods.prediction` — cross-validated prediction with scikit-learn (honest, leaky, leave-one-site-out).

nilearn and scikit-learn are imported inside the functions that use them.
"""
