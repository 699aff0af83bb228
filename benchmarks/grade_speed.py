"""How fast the grader grades a class, and what its workers buy: ratios from one run.

    python benchmarks/grade_speed.py                # a class of 8 notebooks, 1 worker, then N
    python benchmarks/grade_speed.py --copies 8 --workers 4

The class: COPIES copies of each sample submission in tests/data/submissions/ (alice, 3/3, and
bob, 1/3), graded by scripts/grade_exercises.py's code in this process, in the sandbox (or
with --no-sandbox), first with one worker, then with N (default: one per core). Prints the
notebooks graded per minute of each run and the speed-up of N workers over one, and checks
the target: the speed-up is at least TARGET x N (the rest goes to the parts that do not run in
parallel: starting the workers, the slowest last notebook). Every grade must be the samples'
own (3/3 and 1/3), or the run fails.
"""

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from grading.classroom import grade_class  # noqa: E402
from grading.grade import Limits  # noqa: E402

SAMPLES = ROOT / "tests" / "data" / "submissions"
EXPECTED = {"alice": 3, "bob": 1}
TARGET = 0.6  # speed-up of N workers >= TARGET * N


def make_class(folder, copies):
    """COPIES learners per sample: alice_1/04_backward.ipynb, bob_1/..., ..."""
    for sample, _ in EXPECTED.items():
        for index in range(1, copies + 1):
            target = Path(folder) / f"{sample}_{index}"
            target.mkdir(parents=True)
            shutil.copyfile(SAMPLES / sample / "04_backward.ipynb", target / "04_backward.ipynb")


def timed_run(folder, workers, sandboxed):
    """(notebooks per minute, outcomes) of grading `folder` with `workers` workers."""
    quiet = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(quiet):
        outcomes = grade_class(folder, Limits(), workers=workers, sandboxed=sandboxed)
    seconds = time.perf_counter() - start
    for outcome in outcomes:
        sample = outcome.submission.split("_")[0]
        if outcome.failure or outcome.score != EXPECTED[sample]:
            raise SystemExit(f"wrong grade: {outcome}")
    return 60.0 * len(outcomes) / seconds, outcomes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of each sample (default 4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-sandbox", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="grade-speed-") as folder:
        make_class(folder, args.copies)
        count = args.copies * len(EXPECTED)
        one, _ = timed_run(folder, 1, not args.no_sandbox)
        many, _ = timed_run(folder, args.workers, not args.no_sandbox)
    speedup = many / one
    print(f"a class of {count} notebooks (04_backward), sandboxed: {not args.no_sandbox}")
    print(f"1 worker:  {one:6.1f} notebooks per minute")
    print(f"{args.workers} workers: {many:6.1f} notebooks per minute")
    print(f"speed-up of {args.workers} workers over 1: {speedup:.2f}x")
    if args.workers > 1:
        ok = speedup >= TARGET * args.workers
        verdict = "PASS" if ok else "FAIL"
        goal = TARGET * args.workers
        print(f"target: speed-up >= {TARGET} x {args.workers} = {goal:.1f}: {verdict}")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
