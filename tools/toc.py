"""Write ``_toc.yml`` from the chapter registry (:mod:`dmnlab.course.chapters`).

    python -m tools.toc           # write _toc.yml
    python -m tools.toc --check   # exit 1 if _toc.yml is not what the registry gives

Jupyter Book reads ``_toc.yml``; the course reads the registry. This keeps them one list.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dmnlab.course import chapters

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, do not write")
    parser.add_argument("--root", type=Path, default=REPO, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    path = args.root / "_toc.yml"
    text = chapters.render_toc()
    if args.check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            print(f"{path} differs from the chapter registry: run `python -m tools.toc`.", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
