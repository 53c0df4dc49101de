"""What two or more chapters need from the cohort, the data and the methods.

The layer between the chapters and the science below them: a chapter may not import
another chapter, so what they share lives here, once.

- :mod:`~dmnlab.shared.examples` — the example participant's run that chapters 1 and 6 open with;
- :mod:`~dmnlab.shared.groups` — patients vs controls on one measure (Hedges' g, its interval and a
  permutation test), one signature for every chapter.

Constants of the study (response, remission, session days, the simulated-data note) are in
:mod:`dmnlab.study.protocol`; colours in :mod:`dmnlab.course.palette`; figure panels in
:mod:`dmnlab.course.panels`; words and numbers for pages in :mod:`dmnlab.course.prose`.
"""
