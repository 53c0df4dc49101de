"""Data access: reading what ships in ``data/`` and, optionally, downloading real data.

nilearn's convention: ``load_*`` reads files that ship with the course, ``fetch_*``
downloads.

- :mod:`~dmnlab.datasets.files` — checked reading: checksums, data dictionaries, one
  clear :class:`~dmnlab.datasets.files.DataFileError` for a damaged file;
- :mod:`~dmnlab.datasets.loaders` — every ``load_*`` of a ``data/`` file;
- :mod:`~dmnlab.datasets.real` — the optional real-data section (``fetch_*``), which
  falls back to the shipped simulated data when offline.
"""
