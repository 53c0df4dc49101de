"""The graded seminar (tools/seminar): a term from a roster, per-student cohorts, the graded final
generated from lab 8, its hidden tests, grading into a gradebook, and keys that stay private.

Fast tests check the pieces; the ``slow`` ones run nbgrader for real: the reference solution passes
its own hidden tests on several students' cohorts, and five sample submissions of known quality get
exactly the expected points. (The same class through a real JupyterHub's exchange:
tests/book/test_hub.py.)
"""
import ast
import csv
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from conftest import HTML_DIR, REPO
from dmnlab.course import assessment
from dmnlab.course.assignment import assigned_seed, find_assignment, try_answer, write_seed_file
from dmnlab.course.errors import CourseInputError
from tools.seminar import final, keys, samples
from tools.seminar.term import SeminarError, new_term, read_roster

#: Text that only the instructor's side may hold.
KEY_MARKERS = ("BEGIN HIDDEN TESTS", "dmnlab_keys", "BEGIN SOLUTION", "passed the hidden tests",
               "return float(j * d), float(j * d - z * se)", "upper = r[np.triu_indices(len(regions), k=1)]")
STUDENTS = ["ana", "ben", "cai", "dee", "eli"]


def _roster(folder: Path, ids=STUDENTS) -> Path:
    path = folder / "roster.csv"
    path.write_text("student_id,first_name\n" + "".join(f"{i},{i.title()}\n" for i in ids), "utf-8")
    return path


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    folder = tmp_path_factory.mktemp("term")
    return new_term(_roster(folder), folder / "course", "dmn-test", secret="a-fixed-test-secret")


# --- the roster and the seeds ----------------------------------------------------------------------
def test_a_roster_is_checked_with_clear_messages(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id\nana\nana\nb c\n", "utf-8")
    with pytest.raises(SeminarError, match="appears twice.*not a usable id"):
        read_roster(bad)
    bad.write_text("name\nana\n", "utf-8")
    with pytest.raises(SeminarError, match="student_id column"):
        read_roster(bad)
    with pytest.raises(SeminarError, match="does not exist"):
        read_roster(tmp_path / "missing.csv")


def test_the_command_line_says_what_is_wrong_without_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tools.seminar", "new-term", "--roster", str(tmp_path / "no.csv"),
                           "--course", str(tmp_path / "c")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "tools.seminar", "grade", "--course", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2 and "term.toml" in done.stderr and "Traceback" not in done.stderr


def test_seeds_are_per_student_per_term_and_reproducible():
    first = {s: keys.seed_for("secret-1", s) for s in STUDENTS}
    assert first == {s: keys.seed_for("secret-1", s) for s in STUDENTS}
    assert len(set(first.values())) == len(STUDENTS)
    assert all(0 <= seed < 2 ** 32 for seed in first.values())
    assert all(keys.seed_for("secret-2", s) != first[s] for s in STUDENTS)


# --- the learner's side: which cohort ----------------------------------------------------------------
def test_a_notebook_finds_its_assigned_cohort(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DMNLAB_COHORT_SEED", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert find_assignment(tmp_path) is None
    assert assigned_seed(8, tmp_path) == 8 and "Self-study" in capsys.readouterr().out
    with pytest.raises(CourseInputError, match="No assigned cohort"):
        assigned_seed(None, tmp_path)
    (tmp_path / "cohorts.csv").write_text("student,seed\nana,11\nben,12\n", "utf-8")
    monkeypatch.setenv("JUPYTERHUB_USER", "ben")
    assert assigned_seed(8, tmp_path) == 12 and "for ben" in capsys.readouterr().out
    monkeypatch.setenv("JUPYTERHUB_USER", "zoe")
    with pytest.raises(CourseInputError, match="no row for the hub user 'zoe'"):
        assigned_seed(8, tmp_path)
    (tmp_path / "cohort.toml").write_text('student = "ana"\nseed = 11\n', "utf-8")
    assert assigned_seed(8, tmp_path) == 11   # the one-student file wins over the class table
    (tmp_path / "cohort.toml").write_text("seed = 'eleven'\n", "utf-8")
    with pytest.raises(CourseInputError, match="whole number"):
        assigned_seed(8, tmp_path)
    monkeypatch.setenv("DMNLAB_COHORT_SEED", "99")
    assert assigned_seed(8, tmp_path) == 99


def test_the_shape_check_never_raises_and_never_judges_the_value(capsys):
    def broken():
        raise ValueError("boom")

    assert try_answer("x", lambda: None) is False
    assert try_answer("x", broken) is False and "ValueError: boom" in capsys.readouterr().out
    assert try_answer("r", lambda: 1.5, expect="correlation") is False
    assert try_answer("r", lambda: 0.3, expect="correlation") is True
    assert try_answer("g", lambda: (0.5, 0.6, 0.9), expect="triple") is False
    assert try_answer("dz", lambda: (0.5, -0.1, 0.2), expect="three") is True
    assert try_answer("s", lambda: pd.Series([0.1, 0.2]), expect="series") is True
    assert "right form" in capsys.readouterr().out


# --- the graded notebook, from lab 8 ----------------------------------------------------------------
def test_the_graded_final_is_generated_from_lab_8():
    notebook = final.graded_source()
    text = "\n\n".join(cell.source for cell in notebook.cells)
    paragraphs = final.lab_paragraphs()
    thinks = [p for p in paragraphs if p.startswith("**Think!**")]
    assert thinks and all(p in text for p in thinks)
    data = next(p for p in paragraphs if p.startswith("**Data:**"))
    assert data.split(", and the checkers")[0] in text and data.split("*your* cohort")[-1] in text
    sections = [p for p in paragraphs if p.startswith("## ") and not p.startswith("## 0.")]
    assert len(sections) == 6 and all(p in text for p in sections)   # parts 1-5 and the closing Think!
    assert assessment.rubric_table() in text
    assert "checkers compute" not in text   # the graded edition has no checkers that give answers
    # each Think! follows the part it follows in the lab (8.2's interval prompt after part 2)
    order = [c.metadata["nbgrader"]["grade_id"] for c in notebook.cells]
    assert order.index("think_2_1") > order.index("hedges_values") and "think_1_1" not in order
    # the lab prints the same rubric
    assert assessment.rubric_table() in "".join(paragraphs)


def test_the_graded_final_carries_the_parts_and_points_of_the_scheme():
    notebook = final.graded_source()
    graded = {cell.metadata["nbgrader"]["grade_id"]: cell.metadata["nbgrader"].get("points")
              for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")}
    assert graded == {part.grade_id: part.points for part in assessment.FINAL_PARTS}
    assert sum(graded.values()) == 100
    assert sum(c.weight for c in assessment.GRADING_SCHEME) == 100
    assert assessment.rubric_points() == graded["appraisal"]


def test_the_graded_set_up_imports_only_the_cohort_loader_from_the_course():
    setup = next(c for c in final.graded_source().cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    course = set()
    for node in ast.walk(ast.parse(setup.source)):
        if isinstance(node, ast.ImportFrom) and node.module.startswith("dmnlab"):
            course |= {alias.name for alias in node.names}
        if isinstance(node, ast.Import):
            assert not any(alias.name.startswith("dmnlab") for alias in node.names)
    assert course == set(keys.ALLOWED_COURSE_NAMES)


# --- the hidden tests' pieces -----------------------------------------------------------------------
def test_course_calls_are_found_directly_through_helpers_and_closures():
    import dmnlab.methods.stats as course_stats
    from dmnlab.methods.connectivity import fisher_mean

    namespace = {"np": np, "course_stats": course_stats, "fisher_mean": fisher_mean}
    exec("def own(a, b):\n    return np.mean(a) - np.mean(b)\n"
         "def direct(a, b):\n    return course_stats.hedges_g(a, b).g\n"
         "def helper(r):\n    return fisher_mean(r)\n"
         "def indirect(a, b):\n    return helper([0.1, 0.2])\n"
         "def outer():\n    f = fisher_mean\n    def inner(x):\n        return f(x)\n    return inner\n", namespace)
    assert keys.course_calls(namespace["own"]) == []
    assert "dmnlab.methods.stats" in keys.course_calls(namespace["direct"])
    assert keys.course_calls(namespace["indirect"]) == ["fisher_mean"]
    assert keys.course_calls(namespace["outer"]()) == ["fisher_mean"]


def test_notebook_shortcuts_are_found_in_names_and_cells():
    import dmnlab.synthesis as synthesis

    assert keys.notebook_shortcuts({"In": ["", "x = 1"], "np": np}) == []
    assert keys.notebook_shortcuts({"In": [f"# {keys.OWN_CELL_MARKER}\nfrom dmnlab.synthesis import capstone_cohort"],
                                    "capstone_cohort": synthesis.capstone_cohort}) == []
    found = keys.notebook_shortcuts({"In": ["", "import dmnlab.synthesis as s"], "s": synthesis})
    assert found == ["`s`", "cell [1] mentions dmnlab"]


def test_the_references_are_the_course_methods():
    from dmnlab.methods.stats import hedges_g

    rng = np.random.default_rng(0)
    a, b = rng.normal(0.5, 1, 20), rng.normal(0, 1, 25)
    assert keys.ref_hedges(a, b) == pytest.approx((hedges_g(a, b).g, hedges_g(a, b).ci_low, hedges_g(a, b).ci_high))


# --- a term's folders: what students get holds no key ------------------------------------------------
def test_a_term_folder_keeps_its_secret_and_its_keys_to_itself(term):
    assert (term.root / "term.toml").stat().st_mode & 0o077 == 0
    assert term.root.stat().st_mode & 0o077 == 0   # nobody but the instructor can enter the folder
    assert (term.root / "dmnlab_keys.py").read_text("utf-8") == (Path(keys.__file__)).read_text("utf-8")
    secret = term.settings["secret"]
    handed_out = [p for folder in ("release", "assignments") for p in (term.root / folder).rglob("*") if p.is_file()]
    assert len(handed_out) == 3 + 3 * len(STUDENTS)
    for path in handed_out:
        text = path.read_text("utf-8")
        assert secret not in text, path
        for marker in KEY_MARKERS:
            assert marker not in text, (path, marker)
    source = (term.root / "source" / "final" / "final.ipynb").read_text("utf-8")
    private = source + (term.root / "dmnlab_keys.py").read_text("utf-8")
    assert all(marker in private for marker in KEY_MARKERS)   # the markers are real: the private side has them


def test_every_student_is_handed_their_own_cohort(term):
    with (term.root / "release" / "final" / "cohorts.csv").open(encoding="utf-8") as handle:
        table = {row["student"]: int(row["seed"]) for row in csv.DictReader(handle)}
    assert table == term.seeds() and len(set(table.values())) == len(STUDENTS)
    for student, seed in table.items():
        found = find_assignment(term.root / "assignments" / student / "final")
        assert (found.student, found.seed) == (student, seed)


def test_the_published_book_holds_no_key():
    if not os.path.isdir(HTML_DIR):
        pytest.skip("the book is not built (make book); the slow suite builds it")
    for path in Path(HTML_DIR).rglob("*.html"):
        text = path.read_text("utf-8", errors="replace")
        for marker in KEY_MARKERS:
            assert marker not in text, (path, marker)


def test_the_student_install_holds_no_key_and_no_solution(tmp_path):
    """The wheel the hub guide installs for students: the course package only."""
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                           "-w", str(tmp_path), REPO], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = tmp_path.glob("dmnlab-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert all(name.startswith(("dmnlab/", "dmnlab-")) for name in names), names
        assert not [n for n in names if n.endswith(".ipynb") or "seminar" in n or "keys" in n]
        for name in names:
            text = archive.read(name).decode("utf-8", errors="replace")
            for marker in KEY_MARKERS:
                assert marker not in text, (name, marker)


# --- nbgrader for real -------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_reference_solution_passes_its_hidden_tests_on_every_students_cohort(term):
    from nbclient import NotebookClient

    source = nbformat.read(term.root / "source" / "final" / "final.ipynb", as_version=4)
    for student in STUDENTS[:3]:
        folder = term.root / "autograded" / student / "final"   # where nbgrader runs it
        folder.mkdir(parents=True, exist_ok=True)
        write_seed_file(folder, student, term.seed(student))
        notebook = nbformat.from_dict(json.loads(json.dumps(source)))
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
        printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert f"seed {term.seed(student)}" in printed
        passed = [line for line in printed.splitlines() if "passed the hidden tests" in line]
        assert len(passed) == sum(p.autograded for p in assessment.FINAL_PARTS), printed[-3000:]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_one_command_grades_a_folder_of_submissions_into_the_expected_gradebook(term, tmp_path):
    kinds = samples.write_samples(term, tmp_path / "submissions")
    (tmp_path / "submissions" / "stranger.ipynb").write_text("{}", "utf-8")
    done = subprocess.run([sys.executable, "-m", "tools.seminar", "grade", "--course", str(term.root),
                           "--submissions", str(tmp_path / "submissions")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "stranger (not on the roster)" in done.stdout
    with (term.root / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(STUDENTS)
    for student, kind in kinds.items():
        assert float(rows[student]["autograded"]) == samples.EXPECTED[kind], (student, kind, rows[student])
        summary = (term.root / "feedback" / student / "final" / "summary.md").read_text("utf-8")
        assert (term.root / "feedback" / student / "final" / "final.html").is_file()
        if kind == "copy":
            assert "differs from your cohort's" in summary
        if kind == "shortcuts":
            assert summary.count("uses the course package") == 8
    assert rows["cai"]["status"] == "appraisal to mark" and rows["cai"]["appraisal"] == ""


def test_the_grading_guides_worked_example_shows_what_the_grader_gives():
    text = Path(REPO, "book", "instructor", "grading.md").read_text("utf-8")
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| ") and " | complete" in line
            or line.startswith("| ") and "appraisal to mark" in line]
    kinds = samples.kinds_for(STUDENTS)
    shown = {cells[0].strip(): float(cells[-2]) for cells in rows}
    assert shown == {student: samples.EXPECTED[kind] for student, kind in kinds.items()}
    for cells in rows:
        items = [float(c) for c in cells[2:-2]]
        assert sum(items) == float(cells[-2])


def _student_namespace(code: str) -> dict:
    from scipy import special, stats  # noqa: F401 - the student's code uses them

    namespace = {"np": np, "pd": pd, "special": special, "stats": stats}
    exec(code, namespace)
    return namespace


def test_the_hidden_function_tests_accept_right_answers_and_name_wrong_ones():
    source = final.graded_source()
    exact = next(c.source for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_2")
    exact = re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", exact.split("\n\n\ng, low, high")[0], flags=re.MULTILINE)
    keys.grade("hedges_function", _student_namespace(exact))
    approximate = exact.replace("j = np.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / np.sqrt(df / 2)",
                                "j = 1 - 3 / (4 * df - 1)")
    assert approximate != exact
    keys.grade("hedges_function", _student_namespace(approximate))
    with pytest.raises(AssertionError, match="hedges_g_ci on unseen groups"):
        keys.grade("hedges_function", _student_namespace(exact.replace("j * d", "d")))
    plain = ("def within_network(run, regions):\n    r = np.corrcoef(run[list(regions)].to_numpy(), rowvar=False)\n"
             "    return float(r[np.triu_indices(len(regions), 1)].mean())\n")
    with pytest.raises(AssertionError, match="plain mean of r"):
        keys.grade("within_function", _student_namespace(plain))
