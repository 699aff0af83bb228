"""Project-wide pytest hooks: the summary of a test run.

The summary lists each notebook's execution time under nbval (for information only: no
clock decides pass or fail here; time budgets live in benchmarks/course_cost.py as ratios)
and, after the browser test, its screenshots and kernel memory.

The suite runs in parallel (pytest-xdist, `-n auto --dist loadfile` in pyproject.toml): the
tests run in worker processes and this summary is printed by the controlling one, so what a
worker knows (the browser test's report) travels with each test's report.
"""

import sys
from collections import defaultdict

import pytest

# Figures join nbval's comparison: every stored PNG is compared with a fresh render.
pytest_plugins = ["tests.nbval_figures"]

BROWSER_REPORT = "browser_report"  # the user_properties key that carries test_browser.REPORT

_notebook_seconds = defaultdict(float)
_browser = {"artifacts": None, "report": {}}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In the process that ran the test: attach the browser test's report (notebook name ->
    (status, peak memory in MB)) to the test's report, for the summary."""
    report = yield
    browser_test = sys.modules.get("test_browser")
    if call.when == "call" and browser_test is not None and browser_test.REPORT:
        report.user_properties.append(
            (BROWSER_REPORT, (str(browser_test.ARTIFACTS), dict(browser_test.REPORT)))
        )
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


def pytest_terminal_summary(terminalreporter):
    if _notebook_seconds:
        terminalreporter.section("notebook execution times (nbval; information, not a test)")
        for path, seconds in sorted(_notebook_seconds.items()):
            terminalreporter.write_line(f"{path:<45} {seconds:5.1f} s")
    if _browser["report"]:
        terminalreporter.section("JupyterLab in Chromium")
        terminalreporter.write_line(f"screenshots: {_browser['artifacts']}")
        for name, (status, memory) in sorted(_browser["report"].items()):
            shown = "n/a" if memory is None else f"{memory:6.0f} MB"
            terminalreporter.write_line(f"{name:<32} {status:<7} kernel peak memory {shown}")
