"""``python -m tools.seminar new-term|release|grade`` (``make term`` / ``make grade``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .grade import grade, table
from .samples import EXPECTED, write_samples
from .term import SeminarError, Term, new_term, release


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.seminar",
                                     description="The graded seminar: a term's assignments and their grading.")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("new-term", help="a private course folder with every student's assignment")
    make.add_argument("--roster", type=Path, required=True, help="CSV with a student_id column (hub user names)")
    make.add_argument("--course", type=Path, required=True, help="the new course folder (kept private)")
    make.add_argument("--course-id", default="dmn-seminar", help="nbgrader's course id (default dmn-seminar)")
    make.add_argument("--exchange", type=Path, help="the hub's nbgrader exchange folder (default: nbgrader's)")
    put = commands.add_parser("release", help="put the assignment into the hub's exchange")
    put.add_argument("--course", type=Path, required=True)
    demo = commands.add_parser("samples", help="sample submissions of known quality (a worked example)")
    demo.add_argument("--course", type=Path, required=True)
    demo.add_argument("--out", type=Path, required=True)
    mark = commands.add_parser("grade", help="autograde submissions into gradebook.csv and feedback")
    mark.add_argument("--course", type=Path, required=True)
    where = mark.add_mutually_exclusive_group()
    where.add_argument("--submissions", type=Path, help="a folder with one notebook per student id")
    where.add_argument("--collect", action="store_true", help="collect from the hub's exchange first")
    args = parser.parse_args(argv)
    try:
        if args.command == "new-term":
            term = new_term(args.roster, args.course, args.course_id, args.exchange)
            students = term.students()
            print(f"Term {term.course_id} in {term.root}: {len(students)} students.\n"
                  f"  release for the hub's exchange: {term.root / 'release'} "
                  f"(then: python -m tools.seminar release --course {term.root})\n"
                  f"  one folder per student:         {term.root / 'assignments'}\n"
                  "Keep the course folder private: it holds the term's secret and the keys.")
        elif args.command == "release":
            release(Term(args.course.resolve()))
            print("Released: students fetch it from the Assignments tab or with nbgrader fetch_assignment.")
        elif args.command == "samples":
            kinds = write_samples(Term(args.course.resolve()), args.out)
            for student, kind in kinds.items():
                print(f"{student}: {kind} (should get {EXPECTED[kind]} autograded points)")
        else:
            term = Term(args.course.resolve())
            path, rows, notes = grade(term, args.submissions, args.collect)
            print(table(rows))
            for note in notes:
                print(f"left out: {note}")
            print(f"\nGradebook: {path}\nFeedback:  {term.root / 'feedback'}/<student>/final/ (final.html, summary.md)")
    except SeminarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
