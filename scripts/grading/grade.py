"""Grade one submission: its code in a sandboxed kernel, the checks here, in the grader.

grade_submission() runs in a worker process of its own (see classroom.py). It starts the
submission's kernel (kernel.Session), asks it what each name that a check takes is (a Proxy for
a function), and calls helpers.exercises.CHECKS[exercise] with those: the verdict is computed
here, from plain values, by the course's own checks, where the submission cannot reach them.
Each exercise is worth 1 point: 1 if its check's Result passed, else 0, with the Result's
message as the feedback.

The feedback is in the submission's language, its edition's (assignments.language_of: decided
from the course's student notebooks, never by the submission's code): the checks, and the
grader's own reasons ("could not be graded: ...", kernel.py's), run with that language set by
helpers.use_language in this process, and the language before is set again afterwards, so one
submission's language never reaches another's feedback. The score does not depend on it.
"""

import tempfile
from dataclasses import dataclass, field

from grading.assignments import (
    assignment_of,
    assignments,
    code_cells,
    course_cells,
    language_of,
)
from grading.kernel import NotebookFailed, Session
from grading.proxy import learner_values
from helpers import i18n
from helpers.i18n import gettext as _


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
    could not be graded (then every score is 0), or None; language: that of the feedback."""

    submission: str
    assignment: str | None
    rows: list = field(default_factory=list)
    failure: str | None = None
    language: str = "en"

    @property
    def score(self):
        return sum(row[1] for row in self.rows)

    @property
    def possible(self):
        return sum(row[2] for row in self.rows)


def _failed(shown, assignment, exercises, reason, language):
    text = _("could not be graded: {reason}").format(reason=reason)
    rows = [(exercise.name, 0, 1, text) for exercise in exercises] or [("", 0, 0, text)]
    return Outcome(shown, assignment, rows, reason, language)


def grade_submission(path, shown, limits, sandboxed=True):
    """The Outcome of the submission at `path` (`shown`: its name in the report), its feedback
    in the submission's language."""
    known = assignments()
    assignment = assignment_of(path, known)
    language = language_of(path, assignment)
    before = i18n.current_language()
    i18n.use_language(language)
    try:
        return _grade(path, shown, limits, sandboxed, assignment, known, language)
    finally:
        i18n.use_language(before)


def _grade(path, shown, limits, sandboxed, assignment, known, language):
    from helpers.exercises import CHECKS

    if assignment is None:
        reason = _("not a student notebook of this course")
        return _failed(shown, None, [], reason, language)
    exercises = known[assignment]
    try:
        cells = code_cells(path, course_cells())
    except ValueError as error:
        return _failed(shown, assignment, exercises, str(error), language)
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
            return _failed(shown, assignment, exercises, str(error), language)
    return Outcome(shown, assignment, rows, language=language)


def _one_line(text):
    return " ".join(text.split())
