"""What each assignment asks: its exercises and the notebook names each exercise's check takes.

Read from the course's own student notebooks (notebooks/exercises/NN_name.ipynb, made by
scripts/make_exercises.py), never from a submission: otter keeps each exercise's test in the
notebook's metadata, e.g.

    def test_learning_rate_experiment(falls_at_every_step, largest_safe_rate):
        result = helpers.exercises.check_learning_rate_experiment(falls_at_every_step, ...)

and the test's arguments are the names, in the learner's notebook, that the check is given.
The test's code is parsed (ast), not run. A submission is matched to its assignment by the
assignment name otter stored in it, or else by the file name.

A submission's cells that are the course's own, unchanged (otter's init cell and the check
cells, `print(check_softmax(softmax))`, in either edition), are not run: they call the learner's
functions in the kernel, where a function that hangs would hang the notebook, and the grader
runs those checks itself. "Unchanged" means the same code to the parser (comments aside).
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent.parent
EXERCISES = ROOT / "notebooks" / "exercises"
EDITIONS = (EXERCISES, ROOT / "notebooks" / "ko" / "exercises")
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


def assignments(folder=EXERCISES):
    """{assignment name ('04_backward'): [Exercise, ...]} of the course's student notebooks."""
    found = {}
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        otter = nbformat.read(path, as_version=4).metadata.get("otter", {})
        tests = otter.get("tests", {})
        found[otter.get("assignment_name", path.stem)] = [
            _exercise(name, source) for name, source in tests.items()
        ]
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
        raise ValueError(f"not a readable notebook: {type(error).__name__}") from None
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
