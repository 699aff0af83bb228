"""Project-wide pytest hooks: the summary of a test run.

The summary lists each notebook's execution time under nbval (for information only: no
clock decides pass or fail here; time budgets live in benchmarks/course_cost.py as ratios),
axe-core's findings per page of the site (tests/test_site_browser.py) and, after the browser
test, its screenshots and kernel memory.

The suite runs in parallel (pytest-xdist, `-n auto --dist loadfile` in pyproject.toml): the
tests run in worker processes and this summary is printed by the controlling one, so what a
worker knows (the browser test's and the axe audit's reports) travels with each test's report.
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

# Figures join nbval's comparison: every stored PNG is compared with a fresh render.
pytest_plugins = ["tests.nbval_figures"]

BROWSER_REPORT = "browser_report"  # the user_properties key: jupyterlab_session.REPORT
AXE_REPORT = "axe_report"  # ... and the one that carries test_site_browser.AXE_REPORT

_notebook_seconds = defaultdict(float)
_browser = {"artifacts": None, "report": {}}
_axe = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In the process that ran the test: attach the browser test's report (notebook name ->
    (status, peak memory in MB)) and axe's findings (page -> findings) to the test's report,
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
        if key == BROWSER_REPORT:
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
    if _axe:
        terminalreporter.section("axe-core on the site (serious and critical ones fail)")
        for name, findings in sorted(_axe.items()):
            terminalreporter.write_line(f"{name:<40} {', '.join(findings) or 'none'}")
    if _browser["report"]:
        terminalreporter.section("JupyterLab in Chromium")
        terminalreporter.write_line(f"screenshots: {_browser['artifacts']}")
        for name, (status, memory) in sorted(_browser["report"].items()):
            shown = "n/a" if memory is None else f"{memory:6.0f} MB"
            terminalreporter.write_line(f"{name:<32} {status:<7} kernel peak memory {shown}")
