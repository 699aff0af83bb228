"""Project-wide pytest hooks: the summary of a test run.

The summary lists each notebook's execution time under nbval (for information only: no
clock decides pass or fail here; time budgets live in benchmarks/course_cost.py as ratios) and
its kernel's peak memory (tests/nbval_memory.py, which fails a notebook over the limit),
axe-core's findings per page of the site (tests/test_site_browser.py) and, after the browser
test, what it ran and its screenshots.

The suite runs in parallel (pytest-xdist, `-n auto --dist loadfile` in pyproject.toml): the
tests run in worker processes and this summary is printed by the controlling one, so what a
worker knows (the kernels' memory, the browser test's and the axe audit's reports) travels with
each test's report.
"""

import os
import sys
from collections import defaultdict

import pytest

# One thread per worker for OpenMP (PyTorch's and OpenBLAS's pools): the suite already runs one
# worker per core, and two pools of two threads on two cores spin against each other. With the
# machine busy, a PyTorch step on the notebooks' tiny tensors took 7 ms with 2 threads and 0.9 ms
# with 1. Set before any worker or kernel starts, so that every kernel inherits it.
os.environ.setdefault("OMP_NUM_THREADS", "1")

# Figures join nbval's comparison: every stored PNG is compared with a fresh render; and each
# notebook's kernel is weighed after its last cell.
pytest_plugins = ["tests.nbval_figures", "tests.nbval_memory"]
KERNEL_MEMORY = "kernel_memory"  # tests/nbval_memory.py's REPORT_KEY (tests/test_nbval_memory.py)

BROWSER_REPORT = "browser_report"  # the user_properties key: jupyterlab_session.REPORT
AXE_REPORT = "axe_report"  # ... and the one that carries test_site_browser.AXE_REPORT

_notebook_seconds = defaultdict(float)
_kernel_memory = {}
_browser = {"artifacts": None, "report": {}}
_axe = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In the process that ran the test: attach the browser test's report (notebook name ->
    status) and axe's findings (page -> findings) to the test's report,
    for the summary."""
    report = yield
    if call.when != "call":
        return report
    browser_test = sys.modules.get("jupyterlab_session")  # the browser test's shared module
    if browser_test is not None and browser_test.REPORT:
        report.user_properties.append(
            (BROWSER_REPORT, (str(browser_test.ARTIFACTS), dict(browser_test.REPORT)))
        )
    site_test = sys.modules.get("test_site_browser")
    if site_test is not None and site_test.AXE_REPORT:
        report.user_properties.append((AXE_REPORT, dict(site_test.AXE_REPORT)))
    return report


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):  # an nbval cell: setup (kernel start), call and teardown
        _notebook_seconds[path] += report.duration
    for key, value in report.user_properties:
        if key == KERNEL_MEMORY:
            notebook, megabytes = value
            _kernel_memory[notebook] = megabytes
        elif key == BROWSER_REPORT:
            artifacts, notebooks = value
            _browser["artifacts"] = artifacts
            _browser["report"].update(notebooks)
        elif key == AXE_REPORT:
            _axe.update(value)


def pytest_terminal_summary(terminalreporter):
    if _notebook_seconds:
        terminalreporter.section("notebook execution times (nbval; information, not a test)")
        for path, seconds in sorted(_notebook_seconds.items()):
            terminalreporter.write_line(f"{path:<45} {seconds:5.1f} s")
    if _kernel_memory:
        terminalreporter.section(
            "kernel peak memory under nbval (tests/nbval_memory.py fails one over its limit)"
        )
        for path, megabytes in sorted(_kernel_memory.items()):
            terminalreporter.write_line(f"{path:<45} {megabytes:5.0f} MB")
    if _axe:
        terminalreporter.section("axe-core on the site (serious and critical ones fail)")
        for name, findings in sorted(_axe.items()):
            terminalreporter.write_line(f"{name:<40} {', '.join(findings) or 'none'}")
    if _browser["report"]:
        terminalreporter.section("JupyterLab in Chromium")
        terminalreporter.write_line(f"screenshots: {_browser['artifacts']}")
        for name, status in sorted(_browser["report"].items()):
            terminalreporter.write_line(f"{name:<40} {status}")
