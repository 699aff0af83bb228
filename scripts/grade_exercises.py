"""Grade a class's exercise notebooks with otter-grader, without Docker: one command.

    python scripts/grade_exercises.py SUBMISSIONS_DIR
    python scripts/grade_exercises.py SUBMISSIONS_DIR --csv grades.csv

SUBMISSIONS_DIR holds the learners' student notebooks (notebooks/exercises/NN_name.ipynb,
filled in), in any layout: one folder per learner (alice/04_backward.ipynb), or names like
alice_04_backward.ipynb. Each one is matched to its step notebook by the assignment name otter
stored in its metadata (or else by the step notebook's name in the file name).

For every step notebook needed, the autograder is made from it by `otter assign` in a
temporary folder (the same as scripts/make_exercises.py, without running the solutions). Then
each submission is run top to bottom in a fresh kernel and graded by otter's own grader
(`otter.api.grade_submission`, otter run's non-Docker mode) in THIS Python environment: install
the course's requirements.txt first. Each exercise is worth 1 point and is graded by the same
check the learner ran in the notebook (helpers/exercises.py).

Prints one line per submission with its score and, under it, the check's message for every
exercise that did not pass; --csv also writes one row per submission and exercise. Nothing is
written next to the submissions. The exit status is 1 when a submission could not be graded
(or none was found), else 0, whatever the scores.
"""

import argparse
import contextlib
import csv
import io
import re
import sys
import tempfile
from pathlib import Path

import nbformat
from make_exercises import otter_assign, step_notebooks

CSV_COLUMNS = ["submission", "notebook", "exercise", "score", "max_score", "feedback"]
ASSERTION = re.compile(r"^AssertionError: (.*)", re.MULTILINE | re.DOTALL)


def assignment_of(path, stems):
    """The step notebook's name (e.g. '04_backward') a submission belongs to, or None."""
    try:
        notebook = nbformat.read(path, as_version=4)
        name = notebook.metadata.get("otter", {}).get("assignment_name")
    except Exception:  # not a readable notebook: try its file name
        name = None
    if name in stems:
        return name
    matches = [stem for stem in stems if stem in path.stem]
    return matches[0] if len(matches) == 1 else None


def feedback(test_file):
    """The check's own message (its Result, see helpers/exercises.py) from otter's result."""
    messages = []
    for case in test_file.test_case_results:
        if case.passed:
            continue
        found = ASSERTION.search(case.message or "")
        text = found.group(1) if found else (case.message or "").strip().splitlines()[-1]
        messages.append(" ".join(text.split()))
    return " ".join(messages)


def grade(submission, autograder):
    """[(exercise, score, max score, feedback)] of one submission, or raise RuntimeError."""
    import otter.api  # imported here: otter takes a second to import

    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        results = otter.api.grade_submission(str(submission), str(autograder), quiet=True)
    if results.catastrophic_error is not None:
        raise RuntimeError(str(results.catastrophic_error))
    rows = []
    for name, test_file in results.results.items():
        if name == "Public Tests":
            continue
        rows.append((name, test_file.score, test_file.possible, feedback(test_file)))
    return rows


def _points(value):
    return f"{value:g}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path, help="a folder of filled-in student notebooks")
    parser.add_argument("--csv", type=Path, help="also write the grades to this CSV file")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"not a folder: {args.submissions}")
    masters = {path.stem: path for path in step_notebooks()}
    submissions = sorted(
        path for path in args.submissions.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
    )
    if not submissions:
        print(f"no notebooks in {args.submissions}", file=sys.stderr)
        return 1
    failed = 0
    rows = []
    print(f"grading {len(submissions)} notebook(s) in {args.submissions} with otter-grader")
    with tempfile.TemporaryDirectory(prefix="grade-exercises-") as scratch:
        autograders = {}
        for submission in submissions:
            shown = submission.relative_to(args.submissions).as_posix()
            stem = assignment_of(submission, masters)
            if stem is None:
                print(f"{shown:<40} not a student notebook of this course: skipped")
                failed += 1
                continue
            if stem not in autograders:
                result = Path(scratch) / stem
                otter_assign(masters[stem], result, run_tests=False)
                autograders[stem] = next((result / "autograder").glob("*.zip"))
            try:
                graded = grade(submission, autograders[stem])
            except Exception as error:
                print(f"{shown:<40} {stem:<20} could not be graded: {error}")
                failed += 1
                continue
            total = sum(score for _, score, _, _ in graded)
            possible = sum(maximum for _, _, maximum, _ in graded)
            print(f"{shown:<40} {stem:<20} {_points(total)} / {_points(possible)}")
            for exercise, score, maximum, message in graded:
                rows.append([shown, stem, exercise, _points(score), _points(maximum), message])
                if score < maximum:
                    print(f"    {exercise:<26} {_points(score)} / {_points(maximum)}  {message}")
    if args.csv:
        with args.csv.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(rows)
        print(f"wrote {len(rows)} rows to {args.csv}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
