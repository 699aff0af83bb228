"""Make the student notebooks in notebooks/exercises/ from the step notebooks, with otter-grader.

    python scripts/make_exercises.py                  # every step notebook that has exercises
    python scripts/make_exercises.py notebooks/04_backward.ipynb
    python scripts/make_exercises.py --out DIR        # write elsewhere (the tests compare)
    python scripts/make_exercises.py --no-run-tests   # skip grading the solutions (faster)

Both editions: notebooks/NN_*.ipynb -> notebooks/exercises/, and the Korean step notebooks
notebooks/ko/NN_*.ipynb -> notebooks/ko/exercises/ (with --out DIR: DIR/ and DIR/ko/).

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
grades with the checks themselves (scripts/grading/), and a teacher who wants the zip (for
Gradescope) runs `otter assign` on the step notebook.
"""

import argparse
import contextlib
import gettext
import io
import re
import sys
import tempfile
from pathlib import Path

import nbformat
import sync_course_links  # beside this script: the badge and Colab cell every notebook gets
from sync_korean import STAMP_KEY, shown_path  # beside this script: the Korean edition's

from helpers import i18n

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KOREAN = NOTEBOOKS / "ko"  # the Korean edition, kept in step by scripts/sync_korean.py
INIT_CELL_ID = "otter-init"
NOTE_CELL_ID = "exercise-note"
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[a-z0-9_]+\.ipynb)(#[^)]*)?\)")


# The note below the title of a student notebook, in each edition.
EXERCISE_NOTE = (
    "**The exercise version of [{stem}](../{name}).** Write your code in each *Your turn* cell "
    "and run the check after it: it says *passed*, or what is not right yet. The solutions are "
    "in [the lesson's notebook](../{name}). The cell below lets a teacher grade this notebook "
    "with otter-grader; the checks do not need it.\n\n"
    "This notebook is made by `python scripts/make_exercises.py` from the lesson's: edit that "
    "one, not this one."
)
EXERCISE_NOTE_KO = (
    "**[{stem}](../{name})의 연습 문제판이다.** *직접 해 보기* 셀마다 코드를 쓰고 바로 뒤의 확인 "
    "셀을 실행하자. 확인 셀은 *{passed}*라고 하거나, 아직 무엇이 맞지 않는지를 알려 준다."
    " 풀이는 [이 단원의 노트북](../{name})에 있다. 아래 셀은 교사가 otter-grader로 "
    "이 노트북을 채점할 때 쓰는 것으로, 확인 셀은 그것 없이도 돌아간다.\n\n"
    "이 노트북은 `python scripts/make_exercises.py`가 단원의 노트북에서 만든다. 고칠 것이 "
    "있으면 이 노트북이 아니라 단원의 노트북을 고친다."
)


# The checks' own Korean words (helpers' message catalog), so that the note says what they print.
KOREAN_CHECKS = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["ko"])


class SolutionFailsItsCheck(Exception):
    """A solution in a step notebook does not pass its own exercise's check."""


def has_exercises(path):
    """Whether the notebook at `path` holds otter's raw `# ASSIGNMENT CONFIG` cell."""
    notebook = nbformat.read(path, as_version=4)
    return any(
        cell.cell_type == "raw" and re.match(r"#\s+assignment\s+config", cell.source, re.I)
        for cell in notebook.cells
    )


def step_notebooks(folder=NOTEBOOKS):
    """The step notebooks (NN_name.ipynb in `folder`) that have exercises, in order."""
    return [path for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")) if has_exercises(path)]


def is_korean(master):
    return master.parent.name == KOREAN.name


def exercise_folder(master, out=None):
    """Where the student version of `master` goes: its edition's exercises/ folder, or with
    `out` (the stand-in for notebooks/exercises/) out/ for English and out/ko/ for Korean."""
    if out is None:
        return master.parent / "exercises"
    return out / KOREAN.name if is_korean(master) else out


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


def student_links(text, stems):
    """The markdown `text` with each link to another notebook made to work from exercises/.

    stems: the names (without .ipynb) of every student notebook (see student_stems)."""
    return NOTEBOOK_LINK.sub(
        lambda m: f"]({_link_target(m.group(1), stems)}{m.group(2) or ''})", text
    )


def student_stems(master):
    """The names (without .ipynb) of the student notebooks beside the one made from `master`."""
    return {path.stem for path in step_notebooks(master.parent)} | {master.stem}


def student_notebook(otter_student, master, stems):
    """The stable student notebook made from otter's student version `otter_student`.

    master: the step notebook; stems: the names (without .ipynb) of every student notebook,
    for the links (see student_stems)."""
    notebook = nbformat.read(otter_student, as_version=4)
    cells = list(notebook.cells)
    init = cells.pop(0)
    if "otter.Notebook(" not in init.source:
        raise ValueError(f"{otter_student}: expected otter's init cell first, got {init.source!r}")
    init.id = INIT_CELL_ID
    # otter writes `import otter` and the next line without the blank line ruff wants between
    init.source = re.sub(r"^(import otter)\n(?!\n)", r"\1\n\n", init.source, flags=re.M)
    note = nbformat.v4.new_markdown_cell(
        (EXERCISE_NOTE_KO if is_korean(master) else EXERCISE_NOTE).format(
            stem=master.stem, name=master.name, passed=KOREAN_CHECKS.gettext("passed")
        )
    )
    note.id = NOTE_CELL_ID
    title = cells.pop(0)
    if not (title.cell_type == "markdown" and title.source.startswith("# ")):
        raise ValueError(f"{master.name}: expected the title cell first")
    for cell in cells + [title]:
        if cell.cell_type == "markdown":
            cell.source = student_links(cell.source, stems)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop(STAMP_KEY, None)  # the Korean edition's bookkeeping, not the learner's
    notebook.cells = [title, note, init, *cells]
    nbformat.validate(notebook)
    return notebook


def make(masters, out=None, run_tests=True):
    """Write the student version of every notebook in `masters` into its edition's exercises
    folder (see exercise_folder)."""
    written = []
    for master in masters:
        folder = exercise_folder(master, out)
        folder.mkdir(parents=True, exist_ok=True)
        stems = student_stems(master)
        with tempfile.TemporaryDirectory(prefix="otter-assign-") as scratch:
            result = Path(scratch) / "dist"
            otter_assign(master, result, run_tests=run_tests)
            notebook = student_notebook(result / "student" / master.name, master, stems)
        # The badge and the Colab cell, as sync_course_links.py gives every notebook, with the
        # links of the notebook's place in the repository (whatever --out is).
        repository, package = sync_course_links.course_settings()
        edition = KOREAN if is_korean(master) else NOTEBOOKS
        home = edition / "exercises" / master.name  # its place in the repository
        sync_course_links.with_links(notebook, home, repository, package)
        target = folder / master.name
        nbformat.write(notebook, target)
        written.append(target)
        checked = "its solutions pass their checks" if run_tests else "solutions not run"
        print(f"{shown_path(master)} -> {shown_path(target)} ({checked})", flush=True)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="step notebooks (default: every notebooks/NN_*.ipynb and notebooks/ko/NN_*.ipynb "
        "with an ASSIGNMENT CONFIG)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="instead of notebooks/exercises (English) and notebooks/ko/exercises (Korean): "
        "OUT and OUT/ko",
    )
    parser.add_argument(
        "--no-run-tests",
        action="store_true",
        help="do not grade the solution notebooks against their own checks",
    )
    args = parser.parse_args(argv)
    masters = [path.resolve() for path in args.notebooks] or [
        *step_notebooks(NOTEBOOKS),
        *step_notebooks(KOREAN),
    ]
    missing = [path for path in masters if not has_exercises(path)]
    if missing:
        parser.error(f"no ASSIGNMENT CONFIG cell in {', '.join(map(str, missing))}")
    try:
        out = args.out.resolve() if args.out else None
        written = make(masters, out, run_tests=not args.no_run_tests)
    except SolutionFailsItsCheck as error:
        print(f"error: a solution fails its own check\n{error}", file=sys.stderr)
        return 1
    if not args.notebooks:  # the whole set: a student notebook whose lesson has none is stale
        folders = {target.parent for target in written}
        present = {path for folder in folders for path in folder.glob("*.ipynb")}
        for stale in sorted(present - set(written)):
            stale.unlink()
            print(f"removed {stale.name}: its step notebook has no exercises", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
