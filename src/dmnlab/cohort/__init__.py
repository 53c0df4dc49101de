"""The virtual cohort: a simulated world of controls, depressed patients and ketamine (SIMULATED).

No real patient data can ship with the course, so chapters analyse simulated
participants whose signals and questionnaires follow the directions, and where
known the sizes, that the literature reports. One file per job:

- :mod:`~dmnlab.cohort.signals` — the BOLD-like signal simulator (:func:`simulate_run`);
- :mod:`~dmnlab.cohort.parameters` — every designed effect with its sources (:data:`PARAMETERS`);
- :mod:`~dmnlab.cohort.states` — named states ("depressed", "infusion-responder", …) → simulator parameters;
- :mod:`~dmnlab.cohort.population` — participants, their clinical course and their scan runs;
- :mod:`~dmnlab.cohort.thoughts` — the "sticky thought" model of rumination;
- :mod:`~dmnlab.cohort.questionnaires` — the simulated Ruminative Responses Scale.

The cohort uses :mod:`dmnlab.methods` and :mod:`dmnlab.study`; it never imports a
chapter or a widget. The shipped ``data/`` folder is made from it by ``make data``.
"""
