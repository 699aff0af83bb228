"""Grade a class's exercise notebooks safely: one command, one sandbox per submission.

    python scripts/grade_exercises.py SUBMISSIONS_DIR --csv grades.csv
    python scripts/grade_exercises.py SUBMISSIONS_DIR --csv grades.csv --resume
    python scripts/grade_exercises.py SUBMISSIONS_DIR --workers 4 --call-timeout 20

SUBMISSIONS_DIR holds the learners' student notebooks (notebooks/exercises/NN_name.ipynb or
notebooks/ko/exercises/..., filled in), in any layout: one folder per learner
(alice/04_backward.ipynb), or names like alice_04_backward.ipynb. Each one is matched to its
assignment by the assignment name otter stored in it (or else by its file name).

Each submission runs top to bottom in a fresh kernel of its own, inside a bubblewrap sandbox
(no network, a read-only filesystem, a scratch copy of that one notebook as the only writable
place, a minimal environment; see scripts/grading/sandbox.py), within time and memory limits.
The checks (helpers.exercises.CHECKS, the ones the learner ran in the notebook) run here, in
this process: they call the learner's functions through a proxy, and only plain values come
back. Each exercise is worth 1 point. A submission that times out, kills its kernel, cannot be
read or is not of this course gets a row with the reason and 0, and grading goes on.

Prints one line per submission with its score and the check's message for every exercise not
passed, then a summary (graded, could not grade, mean score per exercise). --csv writes one row
per submission and exercise as each submission is done, so an interrupted run keeps what it
graded and --resume skips it. Nothing is written next to the submissions. The exit status is 1
when a submission could not be graded (or none was found), else 0, whatever the scores.
Without bubblewrap it refuses to grade, unless --no-sandbox: only for notebooks you trust.
"""

import argparse
import os
import sys
from pathlib import Path

from grading import sandbox
from grading.classroom import find_submissions, grade_class
from grading.grade import Limits

DEFAULTS = Limits()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path, help="a folder of filled-in student notebooks")
    parser.add_argument("--csv", type=Path, help="write the grades to this CSV file")
    parser.add_argument(
        "--resume", action="store_true", help="skip submissions already in --csv, append the rest"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="submissions graded at once (default: one per core, %(default)s here)",
    )
    parser.add_argument(
        "--call-timeout",
        type=float,
        default=DEFAULTS.call_timeout,
        help="seconds one call of a learner's function may take (default %(default)g)",
    )
    parser.add_argument(
        "--notebook-timeout",
        type=float,
        default=DEFAULTS.notebook_timeout,
        help="seconds one submission may take, cells and checks (default %(default)g)",
    )
    parser.add_argument(
        "--memory-mb",
        type=int,
        default=DEFAULTS.memory // 2**20,
        help="address space of one submission's kernel, MiB (default %(default)d)",
    )
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run the submissions without bubblewrap: ONLY for notebooks you trust",
    )
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"not a folder: {args.submissions}")
    if args.resume and args.csv is None:
        parser.error("--resume needs --csv (the file of the grades so far)")
    if args.workers < 1 or args.call_timeout <= 0 or args.notebook_timeout <= 0:
        parser.error("--workers, --call-timeout and --notebook-timeout must be positive")
    return args


def main(argv=None):
    args = parse_args(argv)
    if not args.no_sandbox:
        try:
            sandbox.check_available()
        except sandbox.SandboxUnavailable as error:
            print(
                f"refusing to grade: no sandbox ({error}). Install bubblewrap, or pass "
                "--no-sandbox to run the submissions unconfined (only for notebooks you trust).",
                file=sys.stderr,
            )
            return 2
    if not find_submissions(args.submissions):
        print(f"no notebooks in {args.submissions}", file=sys.stderr)
        return 1
    if args.no_sandbox:
        print("warning: --no-sandbox: the submissions run unconfined", file=sys.stderr)
    limits = Limits(args.call_timeout, args.notebook_timeout, args.memory_mb * 2**20)
    outcomes = grade_class(
        args.submissions, limits, args.csv, args.workers, not args.no_sandbox, args.resume
    )
    if args.csv:
        print(f"wrote the grades to {args.csv}")
    return 1 if any(outcome.failure for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
