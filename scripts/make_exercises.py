"""Make the student notebooks in notebooks/exercises/ from the step notebooks, with otter-grader.

    python scripts/make_exercises.py                  # every step notebook that has exercises
    python scripts/make_exercises.py notebooks/04_backward.ipynb
    python scripts/make_exercises.py --out DIR        # write elsewhere (the tests compare)
    python scripts/make_exercises.py --no-run-tests   # skip grading the solutions (faster)

A step notebook has exercises when it holds otter-grader's raw `# ASSIGNMENT CONFIG` cell. The
step notebook is the one source: it holds the solutions and, in raw cells, where each exercise
begins and ends. For each one `otter assign` runs in a temporary folder and writes the student
version (solutions replaced by `...`, outputs removed, the tests moved into the notebook's
metadata) and an autograder; it then grades the solution notebook with that autograder and
stops with an error unless every exercise passes its own check.

The student version is then made stable, so that running this twice changes nothing:
- otter's init cell (`grader = otter.Notebook(...)`), which otter puts above the title, moves
  just below it, with a fixed cell id (and formatted as ruff wants), after a note that says
  what this notebook is;
- a link to another notebook points to that notebook's student version if there is one, and
  to the lesson's notebook (`../`) if not;
- no outputs and no execution counts are stored: learners open the notebooks as they are.
The autograder (a zip with a timestamp in its name) is not kept: scripts/grade_exercises.py
makes it again from the step notebook when a teacher grades.
"""

import argparse
import contextlib
import io
import re
import sys
import tempfile
from pathlib import Path

import nbformat
import sync_course_links  # beside this script: the badge and Colab cell every notebook gets

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = NOTEBOOKS / "exercises"
INIT_CELL_ID = "otter-init"
NOTE_CELL_ID = "exercise-note"
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[a-z0-9_]+\.ipynb)(#[^)]*)?\)")


class SolutionFailsItsCheck(Exception):
    """A solution in a step notebook does not pass its own exercise's check."""


def has_exercises(path):
    """Whether the notebook at `path` holds otter's raw `# ASSIGNMENT CONFIG` cell."""
    notebook = nbformat.read(path, as_version=4)
    return any(
        cell.cell_type == "raw" and re.match(r"#\s+assignment\s+config", cell.source, re.I)
        for cell in notebook.cells
    )


def step_notebooks():
    """The step notebooks (notebooks/NN_name.ipynb) that have exercises, in order."""
    return [path for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) if has_exercises(path)]


def otter_assign(master, result, run_tests=True):
    """Run `otter assign` on `master` into the folder `result` (student/ and autograder/).

    otter's own messages are kept back and shown only when it fails. Raises
    SolutionFailsItsCheck when a solution fails its own check (otter's test run)."""
    import otter.assign  # imported here: otter takes a second to import

    messages = io.StringIO()
    try:
        with contextlib.redirect_stdout(messages), contextlib.redirect_stderr(messages):
            otter.assign.main(str(master), str(result), no_run_tests=not run_tests, no_pdfs=True)
    except RuntimeError as error:
        if "autograder tests failed" in str(error):
            raise SolutionFailsItsCheck(f"{master.name}: {error}") from None
        raise RuntimeError(f"otter assign {master.name} failed:\n{messages.getvalue()}") from error


def _link_target(target, stems):
    """A link from a student notebook: to the student version if there is one, else to ../."""
    return target if Path(target).stem in stems else f"../{target}"


def student_notebook(otter_student, master, stems):
    """The stable student notebook made from otter's student version `otter_student`.

    master: the step notebook; stems: the names (without .ipynb) of every student notebook,
    for the links."""
    notebook = nbformat.read(otter_student, as_version=4)
    cells = list(notebook.cells)
    init = cells.pop(0)
    if "otter.Notebook(" not in init.source:
        raise ValueError(f"{otter_student}: expected otter's init cell first, got {init.source!r}")
    init.id = INIT_CELL_ID
    # otter writes `import otter` and the next line without the blank line ruff wants between
    init.source = re.sub(r"^(import otter)\n(?!\n)", r"\1\n\n", init.source, flags=re.M)
    note = nbformat.v4.new_markdown_cell(
        f"**The exercise version of [{master.stem}](../{master.name}).** Write your code in each "
        "*Your turn* cell and run the check after it: it says *passed*, or what is not right "
        f"yet. The solutions are in [the lesson's notebook](../{master.name}). The cell below "
        "lets a teacher grade this notebook with otter-grader; the checks do not need it.\n\n"
        "This notebook is made by `python scripts/make_exercises.py` from the lesson's: edit "
        "that one, not this one."
    )
    note.id = NOTE_CELL_ID
    title = cells.pop(0)
    if not (title.cell_type == "markdown" and title.source.startswith("# ")):
        raise ValueError(f"{master.name}: expected the title cell first")
    for cell in cells + [title]:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(
                lambda m: f"]({_link_target(m.group(1), stems)}{m.group(2) or ''})", cell.source
            )
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.cells = [title, note, init, *cells]
    nbformat.validate(notebook)
    return notebook


def make(masters, out, run_tests=True):
    """Write the student version of every notebook in `masters` into the folder `out`."""
    out.mkdir(parents=True, exist_ok=True)
    stems = {master.stem for master in step_notebooks()} | {master.stem for master in masters}
    written = []
    for master in masters:
        with tempfile.TemporaryDirectory(prefix="otter-assign-") as scratch:
            result = Path(scratch) / "dist"
            otter_assign(master, result, run_tests=run_tests)
            notebook = student_notebook(result / "student" / master.name, master, stems)
        # The badge and the Colab cell, as sync_course_links.py gives every notebook, with the
        # links of the notebook's place in the repository (whatever --out is).
        repository, package = sync_course_links.course_settings()
        sync_course_links.with_links(notebook, EXERCISES / master.name, repository, package)
        target = out / master.name
        nbformat.write(notebook, target)
        written.append(target)
        checked = "its solutions pass their checks" if run_tests else "solutions not run"
        print(f"{master.name} -> {target.relative_to(out.parent)} ({checked})", flush=True)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="step notebooks (default: every notebooks/NN_*.ipynb with an ASSIGNMENT CONFIG)",
    )
    parser.add_argument("--out", type=Path, default=EXERCISES, help="default: notebooks/exercises")
    parser.add_argument(
        "--no-run-tests",
        action="store_true",
        help="do not grade the solution notebooks against their own checks",
    )
    args = parser.parse_args(argv)
    masters = [path.resolve() for path in args.notebooks] or step_notebooks()
    missing = [path for path in masters if not has_exercises(path)]
    if missing:
        parser.error(f"no ASSIGNMENT CONFIG cell in {', '.join(map(str, missing))}")
    try:
        written = make(masters, args.out.resolve(), run_tests=not args.no_run_tests)
    except SolutionFailsItsCheck as error:
        print(f"error: a solution fails its own check\n{error}", file=sys.stderr)
        return 1
    if not args.notebooks:  # the whole set: a student notebook whose lesson has none is stale
        for stale in sorted(set(args.out.resolve().glob("*.ipynb")) - set(written)):
            stale.unlink()
            print(f"removed {stale.name}: its step notebook has no exercises", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
