"""The grader (scripts/grading/, scripts/grade_exercises.py) on honest work: only plain values
cross from the sandbox, the proxy behaves as the learner's function would, and the grade of an
honest submission is what its own check cells said. Hostile work: tests/test_grading_hostile.py.
"""

import base64
import csv
import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hostile import EXERCISES
from nbclient import NotebookClient
from test_grading_hostile import require_sandbox

ROOT = Path(__file__).resolve().parent.parent
GRADE = ROOT / "scripts" / "grade_exercises.py"
SUBMISSIONS = ROOT / "tests" / "data" / "submissions"
sys.path.insert(0, str(ROOT / "scripts"))
from grading import wire  # noqa: E402

# --- the wire: plain values only ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, Ellipsis, True, 3, 2.5, float("inf"), "text", [1.0, (2, "a")], (np.eye(2), np.ones(3))],
)
def test_plain_values_cross_unchanged(value):
    back = wire.decode(wire.loads(wire.dumps(wire.encode(value))))
    assert repr(back) == repr(value)
    assert type(back) is type(value)


def test_numpy_scalars_and_arrays_keep_their_dtype_and_shape():
    for value in (np.float64(1.5), np.int32(7), np.zeros((2, 3), dtype=np.float32)):
        back = wire.decode(wire.encode(value))
        assert type(back) is type(value) and np.array_equal(back, value)
        assert np.asarray(back).dtype == np.asarray(value).dtype


def test_anything_else_crosses_as_its_type_name_only():
    for value, name in ((object(), "object"), ({"a": 1}, "dict"), (np.array([None]), "ndarray")):
        back = wire.decode(wire.encode(value))
        assert isinstance(back, wire.Opaque) and back.type_name == name


def test_a_pickled_array_is_never_loaded():
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    data = {"t": "array", "npy": base64.b64encode(buffer.getvalue()).decode()}
    back = wire.decode(data)
    assert isinstance(back, wire.Opaque) and back.type_name == "ndarray"


def test_exceptions_come_back_as_the_same_builtin_class_and_name():
    error = wire.rebuild_exception(wire.encode_exception(NotImplementedError("stub")))
    assert type(error) is NotImplementedError and str(error) == "stub"
    axis = wire.rebuild_exception(wire.encode_exception(np.exceptions.AxisError(2, 1)))
    assert type(axis).__name__ == "AxisError" and isinstance(axis, ValueError)
    for escape in (SystemExit(1), KeyboardInterrupt()):
        rebuilt = wire.rebuild_exception(wire.encode_exception(escape))
        assert isinstance(rebuilt, Exception)  # never one that would stop the grader


# --- the proxy, against a live sandboxed kernel ------------------------------------------------

CELLS = [
    "import numpy as np\nimport helpers\n",
    "def zero_in_place(A):\n    A[:] = 0\n    return A.sum()\n",
    "def uses_reference(Z):\n    return helpers.softmax(Z, axis=0) * 1.0\n",
    "def not_done(Z):\n    raise NotImplementedError\n",
    "rate = 0.004\n",
]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    require_sandbox()
    from grading.grade import Limits
    from grading.kernel import Session

    folder = tmp_path_factory.mktemp("proxy")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nbformat.write(notebook, folder / "tiny.ipynb")
    with Session(CELLS, folder / "scratch", folder / "tiny.ipynb", Limits()) as live:
        yield live


def test_the_kernel_speaks_over_ipc_not_tcp(session):
    connection = json.loads((session.scratch / "kernel.json").read_text())
    assert connection["transport"] == "ipc"
    assert connection["ip"].startswith(str(session.scratch))


def test_names_become_proxies_values_or_none(session):
    from grading.proxy import Proxy, learner_values

    function, rate, missing = learner_values(session, ["zero_in_place", "rate", "missing"], 10)
    assert isinstance(function, Proxy) and rate == 0.004 and missing is None


def test_a_change_in_place_is_copied_back_to_the_caller(session):
    from grading.proxy import Proxy

    A = np.arange(1.0, 5.0)
    assert Proxy(session, "zero_in_place", 10)(A) == 0.0
    assert np.array_equal(A, np.zeros(4))


def test_a_stub_raises_not_implemented_error_here(session):
    from grading.proxy import Proxy

    with pytest.raises(NotImplementedError):
        Proxy(session, "not_done", 10)(np.ones((3, 1)))


def test_a_call_of_the_course_reference_is_recorded(session, monkeypatch):
    from grading.proxy import Proxy

    recorded = []
    core = types.ModuleType("helpers.exercises.core")
    core.record_reference_call = recorded.append
    monkeypatch.setitem(sys.modules, "helpers.exercises.core", core)
    Z = np.array([[1.0], [2.0], [3.0]])
    S = Proxy(session, "uses_reference", 10)(Z)
    assert np.allclose(S, np.exp(Z) / np.exp(Z).sum())
    assert recorded == ["softmax"]
    Proxy(session, "zero_in_place", 10)(np.ones(2))
    assert recorded == ["softmax"]  # no reference called this time


# --- honest submissions: the grade is what their check cells said ------------------------------


def _check_cells_said(path, folder):
    """{exercise: what its check cell printed} when the notebook runs in a plain kernel."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    return {
        cell.id.removesuffix("-check"): " ".join(
            "".join(o.get("text", "") for o in cell.outputs).split()
        )
        for cell in notebook.cells
        if cell.id.endswith("-check")
    }


def _grade(*args, env=None):
    return subprocess.run(
        [sys.executable, str(GRADE), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_honest_grades_equal_the_check_cells_then_resume_grades_only_the_rest(tmp_path):
    require_sandbox()
    grades = tmp_path / "grades.csv"
    result = _grade(SUBMISSIONS, "--csv", grades)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for learner, score in (("alice", "3 / 3"), ("bob", "1 / 3")):
        assert any(line.startswith(f"{learner}/04_backward.ipynb") and line.endswith(score)
                   for line in lines), result.stdout  # fmt: skip
    with grades.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    bob = {r["exercise"]: r for r in rows if r["submission"] == "bob/04_backward.ipynb"}
    assert [bob[e]["score"] for e in EXERCISES] == ["0", "0", "1"]
    assert "the lesson's typo" in bob["softmax_jacobian"]["feedback"]
    assert "the lesson's flawed Jacobian" in bob["chain_rule_gradient"]["feedback"]
    # nothing was written next to the submissions
    assert (
        sorted(p.name for p in SUBMISSIONS.rglob("*") if p.is_file()) == ["04_backward.ipynb"] * 2
    )
    for learner, total in (("alice", 3), ("bob", 1)):
        said = _check_cells_said(SUBMISSIONS / learner / "04_backward.ipynb", tmp_path)
        mine = {r["exercise"]: r for r in rows if r["submission"].startswith(learner + "/")}
        assert set(mine) == set(said) and sum(int(r["score"]) for r in mine.values()) == total
        for exercise, row in mine.items():
            if row["score"] == "1":
                assert said[exercise].startswith(f"{exercise}: passed.")
            else:
                assert row["feedback"] == said[exercise]
    # --resume: keep alice's rows, grade bob again (unconfined: these two are trusted)
    kept = [line for line in grades.read_text().splitlines() if not line.startswith("bob/")]
    grades.write_text("\n".join(kept) + "\n")
    again = _grade(SUBMISSIONS, "--csv", grades, "--resume", "--no-sandbox")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "grading 1 notebook(s)" in again.stdout and "skipped 1" in again.stdout
    with grades.open(encoding="utf-8") as file:
        after = [tuple(row.values()) for row in csv.DictReader(file)]
    assert sorted(after) == sorted(tuple(row.values()) for row in rows)


def test_without_a_sandbox_it_refuses_and_says_why(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # no bwrap on this PATH
    result = _grade(SUBMISSIONS, "--csv", tmp_path / "grades.csv", env=env)
    assert result.returncode == 2
    assert "refusing to grade" in result.stderr and "bubblewrap" in result.stderr
    assert "--no-sandbox" in result.stderr
    assert not (tmp_path / "grades.csv").exists()


def test_a_kernel_that_keeps_dying_fails_the_notebook_through_any_check(tmp_path):
    require_sandbox()
    from grading.grade import Limits
    from grading.kernel import MAX_RESTARTS, NotebookFailed, Session
    from grading.proxy import Proxy

    cells = ["import os\n\n\ndef dies():\n    os._exit(1)\n"]
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "dies.ipynb")

    def a_check(function):  # like helpers.exercises: every Exception becomes a verdict
        try:
            return function()
        except Exception as error:
            return f"raised {type(error).__name__}: {error}"

    with Session(cells, tmp_path / "scratch", tmp_path / "dies.ipynb", Limits()) as session:
        dies = Proxy(session, "dies", 10)
        for _ in range(MAX_RESTARTS):
            assert a_check(dies) == "raised RuntimeError: the kernel died during the call"
        with pytest.raises(NotebookFailed, match=f"restarted {MAX_RESTARTS} times"):
            a_check(dies)
        with pytest.raises(NotebookFailed):  # and every later call too
            a_check(dies)


# --- the submission's language: its edition's, whatever its code does -------------------------

STUDENT = {
    "en": ROOT / "notebooks" / "exercises" / "02_forward.ipynb",
    "ko": ROOT / "notebooks" / "ko" / "exercises" / "02_forward.ipynb",
}
WRONG_SOFTMAX = "def softmax(Z):\n    return np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)\n"
RAISING_SOFTMAX = "def softmax(Z):\n    raise ValueError('no idea')\n"
# What a learner's cell may do to claim another language: none of it counts.
SAYS_ENGLISH = "\nhelpers.use_language('en')\n"
SAYS_KOREAN = (
    "\nhelpers.use_language('ko')\n"
    "import helpers.i18n\n\nhelpers.i18n.current_language = lambda: 'ko'\n"
)


def _wrong_softmax(Z):  # WRONG_SOFTMAX, here
    return np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)


def _raising_softmax(Z):  # RAISING_SOFTMAX, here
    raise ValueError("no idea")


def _submission(folder, name, language, answer, extra="", metadata_language=None):
    """The edition's student notebook 02_forward with `answer` (and `extra` code) as its softmax;
    metadata_language: what its notebook metadata claims (kernelspec and a `language` key)."""
    notebook = nbformat.read(STUDENT[language], as_version=4)
    for cell in notebook.cells:
        if cell.id == "softmax-solution":
            cell.source = answer + extra
    if metadata_language is not None:
        notebook.metadata["language"] = metadata_language
        notebook.metadata["kernelspec"]["language"] = metadata_language
    (folder / name).mkdir(parents=True, exist_ok=True)
    path = folder / name / "02_forward.ipynb"
    nbformat.write(notebook, path)
    return path


def _in_language(language, compute):
    """compute() with helpers.i18n set to `language`, the language restored afterwards."""
    from helpers import i18n

    previous = i18n.current_language()
    i18n.use_language(language)
    try:
        return compute()
    finally:
        i18n.use_language(previous)


def _check_says(language, function):
    """The softmax check's feedback to `function` in `language`, as a row holds it."""
    import helpers.exercises

    return _in_language(
        language, lambda: " ".join(str(helpers.exercises.check_softmax(function)).split())
    )


def _could_not_grade(language, reason):
    """The row's feedback of a submission that could not be graded, in `language`."""
    from helpers import i18n

    return _in_language(
        language,
        lambda: i18n.gettext("could not be graded: {reason}").format(reason=i18n.gettext(reason)),
    )


def _graded(path, limits=None):
    from grading.grade import Limits, grade_submission

    return grade_submission(path, path.parent.name, limits or Limits(notebook_timeout=120))


def test_each_edition_s_student_notebook_is_of_its_language(tmp_path):
    from grading.assignments import language_of

    for language in ("en", "ko"):
        assert language_of(STUDENT[language], "02_forward") == language
        for assignment in ("02_forward", None, "04_backward"):  # the wrong one: the others
            path = _submission(tmp_path, f"{language}-{assignment}", language, WRONG_SOFTMAX)
            assert language_of(path, assignment) == language


def test_the_language_is_not_what_the_submission_claims(tmp_path):
    from grading.assignments import language_of

    for language, claim, extra in (("ko", "en", SAYS_ENGLISH), ("en", "ko", SAYS_KOREAN)):
        path = _submission(tmp_path, language, language, WRONG_SOFTMAX, extra, claim)
        assert language_of(path, "02_forward") == language


def test_an_unclear_or_unreadable_submission_is_english(tmp_path):
    from grading.assignments import language_of

    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "empty.ipynb")
    (tmp_path / "broken.ipynb").write_bytes(b"\x00not a notebook\xff")
    half = {}
    for language in ("en", "ko"):
        cells = nbformat.read(STUDENT[language], as_version=4).cells
        half[language] = [
            nbformat.v4.new_markdown_cell(cell.source)  # a new id: both editions share theirs
            for cell in cells
            if cell.cell_type == "markdown"
        ]
    mixed = half["en"][:3] + half["ko"][:3]  # as many cells of either edition
    nbformat.write(nbformat.v4.new_notebook(cells=mixed), tmp_path / "mixed.ipynb")
    for name in ("empty", "broken", "mixed"):
        assert language_of(tmp_path / f"{name}.ipynb", "02_forward") == "en", name


def test_a_korean_notebook_of_no_assignment_is_told_so_in_korean(tmp_path):
    notebook = nbformat.read(STUDENT["ko"], as_version=4)
    del notebook.metadata["otter"]
    nbformat.write(notebook, tmp_path / "homework.ipynb")
    outcome = _graded(tmp_path / "homework.ipynb")  # no kernel: it has no assignment
    reason = "not a student notebook of this course"
    assert outcome.rows == [("", 0, 0, _could_not_grade("ko", reason))]
    assert outcome.language == "ko" and outcome.assignment is None
    assert outcome.rows[0][3] != _could_not_grade("en", reason)


def test_the_feedback_is_in_the_edition_s_language_whatever_was_graded_before(tmp_path):
    require_sandbox()
    from helpers import i18n

    english = _submission(tmp_path, "en", "en", WRONG_SOFTMAX)
    korean = _submission(tmp_path, "ko", "ko", WRONG_SOFTMAX)
    said = {language: _check_says(language, _wrong_softmax) for language in ("en", "ko")}
    assert said["ko"] != said["en"]
    try:
        for path, language in ((english, "en"), (korean, "ko"), (english, "en")):
            outcome = _graded(path)
            assert outcome.rows == [("softmax", 0, 1, said[language])]
            assert outcome.language == language
            assert i18n.current_language() == "en"  # restored: nothing leaks into the next
        i18n.use_language("ko")  # a grader that happens to speak Korean itself
        assert _graded(english).rows == [("softmax", 0, 1, said["en"])]
        assert i18n.current_language() == "ko"
    finally:
        i18n.use_language("en")


def test_a_korean_submission_that_raises_is_told_so_in_korean(tmp_path):
    require_sandbox()
    outcome = _graded(_submission(tmp_path, "ko", "ko", RAISING_SOFTMAX))
    said = _check_says("ko", _raising_softmax)
    assert outcome.rows == [("softmax", 0, 1, said)]
    assert said != _check_says("en", _raising_softmax)


def test_a_submission_s_own_code_cannot_change_its_language(tmp_path):
    require_sandbox()
    for language, claim, extra in (("ko", "en", SAYS_ENGLISH), ("en", "ko", SAYS_KOREAN)):
        path = _submission(tmp_path, language, language, WRONG_SOFTMAX, extra, claim)
        outcome = _graded(path)
        assert outcome.rows == [("softmax", 0, 1, _check_says(language, _wrong_softmax))]
        assert outcome.language == language


def test_a_korean_notebook_that_fails_is_told_why_in_korean(tmp_path):
    require_sandbox()
    path = _submission(tmp_path, "ko", "ko", "import os\n\nos._exit(1)\n")
    outcome = _graded(path)
    reason = "the kernel died while running the notebook"
    assert outcome.rows == [("softmax", 0, 1, _could_not_grade("ko", reason))]
    assert outcome.language == "ko"
    assert outcome.rows[0][3] != _could_not_grade("en", reason)
