"""The study's foundations: the regions the course measures and the scanning protocol.

- :mod:`~dmnlab.study.nodes` — the 17 regions ("nodes"), their networks, colours and
  atlas sources;
- :mod:`~dmnlab.study.protocol` — TR, run lengths, tasks, sessions, groups and sites,
  the task's block design, and the label every simulated product carries.

Plain constants and small tables, imported by every layer above; this layer imports
nothing else from :mod:`dmnlab`.
"""
