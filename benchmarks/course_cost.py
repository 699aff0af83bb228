"""What the course costs to run, as ratios that a slow or busy machine does not change.

    python benchmarks/course_cost.py              # 3 runs of each notebook, then the suite
    python benchmarks/course_cost.py --repeats 1  # quicker, noisier
    python benchmarks/course_cost.py --no-suite   # without the whole suite (about 2 min)

No test of the suite looks at a clock: a learner's laptop, Binder or a busy CI runner can be 5x
slower than the machine a budget was written on. The budgets live here instead, each measured
against a yardstick taken in the same run on the same machine:

- each notebook, executed top to bottom in a fresh kernel (as nbval and the refresh command
  do), over an EMPTY notebook (a fresh kernel that runs `import numpy`);
- `import helpers` in a fresh interpreter over `import numpy` in a fresh interpreter;
- the whole nbval run of notebooks/ (`python -m pytest notebooks`) over the empty notebook;
- the whole test suite (`python -m pytest`, as a learner or CI runs it: both cores, the browser
  test included where Chromium is) over the empty notebook. It runs once (it takes minutes),
  with an empty notebook measured right before and right after it among the yardstick's runs.

Every time is the median of --repeats runs, the runs of the different things interleaved so that
a burst of load falls on all of them alike. It prints a table and one line per target, `met` or
`MISSED`; it exits 0 either way (it is a report, not a test).
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
# Budgets, as ratios to the yardsticks above.
NOTEBOOK_BUDGET = 6.0  # a notebook may cost 6 empty notebooks (kernel start + import numpy)
IMPORT_BUDGET = 1.5  # `import helpers` may cost 1.5 x `import numpy`
# The whole nbval run may cost 40 empty notebooks per edition (English, and Korean since
# notebooks/ko/: the same code, so the same cost).
NBVAL_BUDGET = 80.0
# The whole `python -m pytest` may cost 250 empty notebooks.
SUITE_BUDGET = 250.0


def notebooks():
    """The notebooks nbval runs: every .ipynb under notebooks/, except checkpoints, the site's
    build and the student notebooks (stored without outputs; tests run them unsolved)."""
    skipped = {".ipynb_checkpoints", "_build", "exercises"}
    return sorted(path for path in NOTEBOOK_DIR.rglob("*.ipynb") if not skipped & set(path.parts))


def run_notebook(notebook, folder):
    """Seconds to execute `notebook` (an nbformat node) in a fresh python3 kernel, kernel
    start included, with `folder` as its working directory."""
    start = time.perf_counter()
    NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(folder)}}
    ).execute()
    return time.perf_counter() - start


def empty_notebook_seconds():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import numpy")])
    return run_notebook(notebook, NOTEBOOK_DIR)


def notebook_seconds(path):
    return run_notebook(nbformat.read(path, as_version=4), path.parent)


def import_seconds(module):
    """Seconds that `import module` takes in a fresh interpreter (measured inside it)."""
    code = (
        "import time; start = time.perf_counter(); import "
        f"{module}; print(time.perf_counter() - start)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(result.stdout)


def nbval_seconds():
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "notebooks"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - start


def suite_seconds():
    """(seconds, exit code, pytest's one-line reasons of what failed) of the whole
    `python -m pytest`, with the project's own settings."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    failed = [line for line in result.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return seconds, result.returncode, failed


def verdict(name, ratio, budget):
    ok = ratio <= budget
    print(f"{'met   ' if ok else 'MISSED'} {name}: {ratio:.2f} (budget {budget:g})")
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--no-suite", action="store_true", help="skip the whole `python -m pytest` (minutes)"
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats: expected a whole number >= 1, got {args.repeats}")

    paths = notebooks()
    times = {"empty": [], "numpy": [], "helpers": [], **{path: [] for path in paths}}
    for _ in range(args.repeats):  # interleaved: a burst of load hits every measurement
        times["empty"].append(empty_notebook_seconds())
        for path in paths:
            times[path].append(notebook_seconds(path))
        for _ in range(3):
            times["numpy"].append(import_seconds("numpy"))
            times["helpers"].append(import_seconds("helpers"))
    nbval = nbval_seconds()
    suite = None
    if not args.no_suite:
        times["empty"].append(empty_notebook_seconds())  # right before the suite ...
        suite = suite_seconds()
        times["empty"].append(empty_notebook_seconds())  # ... and right after it
    median = {key: statistics.median(values) for key, values in times.items()}
    empty = median["empty"]

    print(f"empty notebook (fresh kernel + import numpy): {empty:.2f} s (the yardstick)")
    print(f"{'notebook':<48} {'seconds':>8} {'x empty':>8}")
    for path in paths:
        print(f"{str(path.relative_to(ROOT)):<48} {median[path]:8.2f} {median[path] / empty:8.2f}")
    print(f"import numpy {median['numpy']:.3f} s, import helpers {median['helpers']:.3f} s")
    print(f"whole nbval run (python -m pytest notebooks): {nbval:.1f} s")
    if suite is not None:
        print(f"whole suite (python -m pytest): {suite[0]:.1f} s, exit code {suite[1]}")
        for line in suite[2]:  # what failed, so that a failing run says why
            print(f"  {line}")
    print()
    slowest = max(paths, key=lambda path: median[path])
    results = [
        verdict(
            f"slowest notebook ({slowest.name}) / empty notebook",
            median[slowest] / empty,
            NOTEBOOK_BUDGET,
        ),
        verdict(
            "import helpers / import numpy", median["helpers"] / median["numpy"], IMPORT_BUDGET
        ),
        verdict("whole nbval run / empty notebook", nbval / empty, NBVAL_BUDGET),
    ]
    if suite is not None:
        results.append(verdict("whole suite / empty notebook", suite[0] / empty, SUITE_BUDGET))
    print(f"{sum(results)} of {len(results)} budgets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
