"""Grade one submission: its code in a sandboxed kernel, the checks here, in the grader.

grade_submission() runs in a worker process of its own (see classroom.py). It starts the
submission's kernel (kernel.Session), asks it what each name that a check takes is (a Proxy for
a function), and calls helpers.exercises.CHECKS[exercise] with those: the verdict is computed
here, from plain values, by the course's own checks, where the submission cannot reach them.
Each exercise is worth 1 point: 1 if its check's Result passed, else 0, with the Result's
message as the feedback.
"""

import tempfile
from dataclasses import dataclass, field

from grading.assignments import assignment_of, assignments, code_cells, course_cells
from grading.kernel import NotebookFailed, Session
from grading.proxy import learner_values


@dataclass(frozen=True)
class Limits:
    """call_timeout: seconds for one call of a learner's function; notebook_timeout: seconds
    for everything one submission does (its cells, every call, restarts); memory: bytes of
    address space of its kernel."""

    call_timeout: float = 10.0
    notebook_timeout: float = 300.0
    memory: int = 4 * 2**30


@dataclass
class Outcome:
    """One submission's grade. rows: [(exercise, score, max score, feedback)]; failure: why it
    could not be graded (then every score is 0), or None."""

    submission: str
    assignment: str | None
    rows: list = field(default_factory=list)
    failure: str | None = None

    @property
    def score(self):
        return sum(row[1] for row in self.rows)

    @property
    def possible(self):
        return sum(row[2] for row in self.rows)


def _failed(shown, assignment, exercises, reason):
    text = f"could not be graded: {reason}"
    rows = [(exercise.name, 0, 1, text) for exercise in exercises] or [("", 0, 0, text)]
    return Outcome(shown, assignment, rows, reason)


def grade_submission(path, shown, limits, sandboxed=True):
    """The Outcome of the submission at `path` (`shown`: its name in the report)."""
    from helpers.exercises import CHECKS

    known = assignments()
    assignment = assignment_of(path, known)
    if assignment is None:
        return _failed(shown, None, [], "not a student notebook of this course")
    exercises = known[assignment]
    try:
        cells = code_cells(path, course_cells())
    except ValueError as error:
        return _failed(shown, assignment, exercises, str(error))
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        try:
            with Session(cells, scratch, path, limits, sandboxed) as session:
                rows = []
                for exercise in exercises:
                    values = learner_values(session, exercise.arguments, limits.call_timeout)
                    result = CHECKS[exercise.name](*values)
                    feedback = "" if result.passed else str(result)
                    rows.append((exercise.name, int(result.passed), 1, _one_line(feedback)))
        except NotebookFailed as error:
            return _failed(shown, assignment, exercises, str(error))
    return Outcome(shown, assignment, rows)


def _one_line(text):
    return " ".join(text.split())
