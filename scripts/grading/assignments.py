"""What each assignment asks: its exercises and the notebook names each exercise's check takes.

Read from the course's own student notebooks (notebooks/exercises/NN_name.ipynb, made by
scripts/make_exercises.py), never from a submission: otter keeps each exercise's test in the
notebook's metadata, e.g.

    def test_learning_rate_experiment(falls_at_every_step, largest_safe_rate):
        result = helpers.exercises.check_learning_rate_experiment(falls_at_every_step, ...)

and the test's arguments are the names, in the learner's notebook, that the check is given.
The test's code is parsed (ast), not run. A submission is matched to its assignment by the
assignment name otter stored in it, or else by the file name.

A submission's language (what its feedback is written in) is its edition's, decided by the
course, never by the submission's code or by what its metadata claims: both editions' student
notebooks have the same otter metadata, kernelspec and code, so none of those can tell them
apart. Their prose can: each edition's student notebook of that assignment (of any assignment
when it matches none) has cells whose text the other edition's lacks (the markdown, the Korean
comments and strings). The submission is of the edition with more of those cells among its own,
unchanged; no such cell, as many of either, or an unreadable notebook: English (LANGUAGES[0]).
A learner who edits a few cells keeps the edition; a cell calling `helpers.use_language` only
runs in the sandbox, and counts as one cell like any other.

A submission's cells that are the course's own, unchanged (otter's init cell and the check
cells, `print(check_softmax(softmax))`, in either edition), are not run: they call the learner's
functions in the kernel, where a function that hangs would hang the notebook, and the grader
runs those checks itself. "Unchanged" means the same code to the parser (comments aside).
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers.i18n import gettext as _

ROOT = Path(__file__).resolve().parent.parent.parent
EXERCISES = ROOT / "notebooks" / "exercises"
# Each language's student notebooks (helpers.i18n.LANGUAGES); the first is the fallback.
LANGUAGES = {"en": EXERCISES, "ko": ROOT / "notebooks" / "ko" / "exercises"}
EDITIONS = tuple(LANGUAGES.values())
INIT_CELL_ID = "otter-init"  # as scripts/make_exercises.py names it


@dataclass(frozen=True)
class Exercise:
    """name: the exercise (a key of helpers.exercises.CHECKS); arguments: the names in the
    learner's notebook that its check is called with, in order."""

    name: str
    arguments: tuple


def _exercise(name, test_source):
    tree = ast.parse(test_source)
    tests = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if len(tests) != 1:
        raise ValueError(f"exercise {name}: expected one test function, got {len(tests)}")
    arguments = tuple(arg.arg for arg in tests[0].args.args)
    return Exercise(name, arguments)


def _student_notebooks(folder):
    """(assignment name, notebook) of each student notebook in `folder`, in file order."""
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        yield notebook.metadata.get("otter", {}).get("assignment_name", path.stem), notebook


def assignments(folder=EXERCISES):
    """{assignment name ('04_backward'): [Exercise, ...]} of the course's student notebooks."""
    found = {}
    for name, notebook in _student_notebooks(folder):
        tests = notebook.metadata.get("otter", {}).get("tests", {})
        found[name] = [_exercise(test, source) for test, source in tests.items()]
    return found


def _code(source):
    """The code of `source` as the parser sees it (no comments, no layout), or None."""
    try:
        return ast.dump(ast.parse(source))
    except (SyntaxError, ValueError):
        return None


def course_cells(folders=EDITIONS):
    """The parsed code of the course's init and check cells of every student notebook."""
    found = set()
    for folder in folders:
        for path in folder.glob("[0-9][0-9]_*.ipynb"):
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type == "code" and (
                    cell.id == INIT_CELL_ID or cell.id.endswith("-check")
                ):
                    found.add(_code(cell.source))
    found.discard(None)
    return found


def code_cells(path, skip=frozenset()):
    """The sources of the code cells of the notebook at `path`, in order, less those whose
    code is in `skip` (see course_cells). Raises ValueError (with the reason) if it is not a
    readable notebook."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:
        reason = _("not a readable notebook: {error}").format(error=type(error).__name__)
        raise ValueError(reason) from None
    return [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code" and _code(cell.source) not in skip
    ]


def assignment_of(path, names):
    """The assignment (one of `names`) that the submission at `path` belongs to, or None."""
    try:
        notebook = nbformat.read(path, as_version=4)
        name = notebook.metadata.get("otter", {}).get("assignment_name")
    except Exception:  # not a readable notebook: try its file name
        name = None
    if name in names:
        return name
    matches = [stem for stem in names if stem in Path(path).stem]
    return matches[0] if len(matches) == 1 else None


def _texts(cells):
    """The non-empty sources of `cells`, stripped: a cell's text, whatever its kind or id."""
    texts = {cell.get("source") for cell in cells}
    return {text.strip() for text in texts if isinstance(text, str) and text.strip()}


def language_of(path, assignment=None):
    """The language of the submission at `path` (a key of LANGUAGES): that of the edition whose
    student notebook of `assignment` (None: of any assignment) has more of its own cells in the
    submission, unchanged; the first language when that is unclear (see the module's text)."""
    fallback = next(iter(LANGUAGES))
    try:
        theirs = _texts(nbformat.read(path, as_version=4).cells)
    except Exception:  # not a readable notebook
        return fallback
    course = {
        language: _texts(
            cell
            for name, notebook in _student_notebooks(folder)
            if assignment is None or name == assignment
            for cell in notebook.cells
        )
        for language, folder in LANGUAGES.items()
    }
    shared = {}  # language: how many cells only its edition has are in the submission
    for language, texts in course.items():
        others = set().union(*(t for other, t in course.items() if other != language))
        shared[language] = len(theirs & (texts - others))
    best = max(shared.values())
    winners = [language for language, count in shared.items() if count == best]
    return winners[0] if best > 0 and len(winners) == 1 else fallback
