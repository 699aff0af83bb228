"""A hostile class (tests/hostile.py) graded by scripts/grade_exercises.py: every submission gets
the score an honest grader gives it, the grading ends within the grader's own limits, and the
machine is left as it was (no file outside, nothing in a neighbour's folder, no process, no
connection, no secret in the report).

The class is graded once (a module fixture), in a subprocess, under bubblewrap. The learner
whose cell never ends is graded apart, in a class of one under a short notebook limit: within
the class's limit it would keep a core busy for all of it (150 s), and its verdict is the same
whichever cell the limit stops.
"""

import csv
import os
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from hostile import EXERCISES, attacks

ROOT = Path(__file__).resolve().parent.parent
GRADE = ROOT / "scripts" / "grade_exercises.py"
sys.path.insert(0, str(ROOT / "scripts"))
from grading import sandbox  # noqa: E402

CALL_TIMEOUT, NOTEBOOK_TIMEOUT, WORKERS = 3, 150, 2
ENDLESS, ENDLESS_TIMEOUT = "hang_in_cell", 10  # graded alone, with this notebook limit (s)
SECRET = "grader-test-secret-6a1f"
TOKEN = "987654321"  # the fork's `sleep TOKEN`
LEARNERS = sorted(attacks("o", "n", 1, TOKEN))


def require_sandbox():
    """Skip (fail under CI=true) where bubblewrap cannot make a sandbox."""
    try:
        sandbox.check_available()
    except sandbox.SandboxUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must grade in the sandbox: {error}")
        pytest.skip(f"no sandbox here: {error}")


def _tree(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _leftovers(temp):
    """Processes left behind: the fork's `sleep TOKEN`, or a kernel of a scratch folder."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        words = process.info["cmdline"] or []
        if TOKEN in words or any(str(temp) in word for word in words):
            found.append(words)
    return found


def _grade(submissions, grades, env, notebook_timeout, workers):
    """Grade the class in `submissions` into the CSV `grades`: (the run, its CSV's rows)."""
    command = [sys.executable, str(GRADE), str(submissions), "--csv", str(grades)]
    command += ["--call-timeout", str(CALL_TIMEOUT), "--notebook-timeout", str(notebook_timeout)]
    command += ["--workers", str(workers), "--memory-mb", "2048"]
    # The budget is the grader's own: each notebook within its limit, `workers` at a time.
    count = sum(1 for _ in submissions.rglob("*.ipynb"))
    budget = notebook_timeout * count / workers + 120
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=budget, check=False
    )
    with grades.open(encoding="utf-8") as file:
        return result, list(csv.DictReader(file))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the hostile class; return what the test needs to know of the run."""
    require_sandbox()
    from hostile import add_ungradable, make_class

    base = tmp_path_factory.mktemp("hostile")
    outside, submissions, endless, temp = (
        base / "outside.txt",
        base / "class",
        base / "endless",
        base / "tmp",
    )
    temp.mkdir()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    port = listener.getsockname()[1]
    others = [learner for learner in LEARNERS if learner != ENDLESS]
    expected = make_class(submissions, outside, port, TOKEN, others)
    expected.update(add_ungradable(submissions))
    expected_endless = make_class(endless, outside, port, TOKEN, [ENDLESS])
    before = {folder: _tree(folder) for folder in (submissions, endless)}
    env = {**os.environ, "GRADER_TEST_SECRET": SECRET, "TMPDIR": str(temp)}
    result, rows = _grade(submissions, base / "grades.csv", env, NOTEBOOK_TIMEOUT, WORKERS)
    endless_result, endless_rows = _grade(endless, base / "endless.csv", env, ENDLESS_TIMEOUT, 1)
    try:
        listener.accept()
        connected = True
    except BlockingIOError:
        connected = False
    listener.close()
    return {
        "result": result,
        "endless_result": endless_result,
        "rows": rows + endless_rows,
        "class": expected,
        "expected": {**expected, **expected_endless},
        "before": before,
        "after": {folder: _tree(folder) for folder in (submissions, endless)},
        "outside": [p for p in (outside, Path(f"{outside}.sh")) if p.exists()],
        "temp": sorted(p.name for p in temp.iterdir()),
        "connected": connected,
        "leftovers": _leftovers(temp),
    }


def _rows_of(graded, submission):
    return {row["exercise"]: row for row in graded["rows"] if row["submission"] == submission}


@pytest.mark.parametrize("learner", LEARNERS)
def test_a_hostile_submission_gets_the_honest_score(graded, learner):
    submission = f"{learner}/04_backward.ipynb"
    points, failure = graded["expected"][submission]
    rows = _rows_of(graded, submission)
    assert [rows[name]["score"] for name in EXERCISES] == [str(p) for p in points], rows
    statuses = {row["status"] for row in rows.values()}
    assert statuses == {"failed" if failure else "graded"}
    if failure:
        assert all(failure in row["feedback"] for row in rows.values()), rows


@pytest.mark.parametrize(
    "submission", ["unreadable/04_backward.ipynb", "no_assignment/homework.ipynb"]
)
def test_what_cannot_be_graded_gets_a_row_with_the_reason_and_0(graded, submission):
    points, failure = graded["expected"][submission]
    rows = list(_rows_of(graded, submission).values())
    assert rows and all(row["score"] == "0" and row["status"] == "failed" for row in rows)
    assert all(failure in row["feedback"] for row in rows), rows


def test_the_whole_class_is_graded_and_summarised(graded):
    result = graded["result"]
    assert result.returncode == 1, result.stderr  # some submissions could not be graded
    assert {row["submission"] for row in graded["rows"]} == set(graded["expected"])
    failed = sum(1 for _, failure in graded["class"].values() if failure)
    graded_count = len(graded["class"]) - failed
    assert f"graded {graded_count}, could not grade {failed}" in result.stdout
    endless = graded["endless_result"]
    assert endless.returncode == 1 and "graded 0, could not grade 1" in endless.stdout, endless
    assert f"took longer than {ENDLESS_TIMEOUT:g} s" in endless.stdout, endless.stdout


def test_a_call_that_overruns_is_reported_as_a_timeout(graded):
    for learner in ("hang_in_call", "hang_ignoring_interrupts"):
        feedback = _rows_of(graded, f"{learner}/04_backward.ipynb")["logit_gradient"]["feedback"]
        assert "TimeoutError" in feedback and f"{CALL_TIMEOUT:g} s" in feedback, feedback


def test_the_sandbox_shows_no_environment_and_no_other_process(graded):
    feedback = _rows_of(graded, "reads_environment/04_backward.ipynb")["logit_gradient"]["feedback"]
    # the function raised ValueError(f"secret=... processes=N") inside the sandbox
    assert "ValueError: secret=None processes=" in feedback, feedback
    processes = int(feedback.split("processes=")[1].split()[0].rstrip(".,"))
    assert processes <= 3  # bubblewrap's init, the kernel (and its own helper): not the host's
    assert SECRET not in graded["result"].stdout + graded["result"].stderr
    assert all(SECRET not in value for row in graded["rows"] for value in row.values())


def test_the_machine_is_left_as_it_was(graded):
    assert graded["after"] == graded["before"]  # nothing written into any learner's folder
    assert graded["outside"] == []  # nor outside every submission
    assert graded["temp"] == []  # every scratch folder removed
    assert graded["connected"] is False  # no connection reached the host
    assert graded["leftovers"] == []  # the fork and every kernel died with their sandbox


def test_an_allocation_past_the_memory_limit_raises_memory_error(graded):
    feedback = _rows_of(graded, "allocates_too_much/04_backward.ipynb")["logit_gradient"]
    assert "MemoryError" in feedback["feedback"], feedback  # 3 GiB asked, 2048 MiB allowed
