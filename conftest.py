"""Project-wide pytest hooks: the course's time budget, and the summary of a test run.

Each notebook must execute in under NOTEBOOK_BUDGET_SECONDS under nbval (its kernel's start
included): a slower one fails the run, so that validating the course on every change stays
quick. The summary lists each notebook's time and, after the browser test, its screenshots and
kernel memory.
"""

import sys
from collections import defaultdict

import pytest

NOTEBOOK_BUDGET_SECONDS = 5.0
_notebook_seconds = defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):  # an nbval cell: setup (kernel start), call and teardown
        _notebook_seconds[path] += report.duration


def _over_budget():
    return {path: seconds for path, seconds in _notebook_seconds.items()
            if seconds > NOTEBOOK_BUDGET_SECONDS}


def pytest_sessionfinish(session):
    if _over_budget() and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _notebook_seconds:
        terminalreporter.section("notebook execution times (nbval)")
        for path, seconds in sorted(_notebook_seconds.items()):
            flag = "  OVER BUDGET" if seconds > NOTEBOOK_BUDGET_SECONDS else ""
            terminalreporter.write_line(f"{path:<45} {seconds:5.1f} s{flag}")
        if _over_budget():
            terminalreporter.write_line(
                f"FAILED: notebooks must execute in under {NOTEBOOK_BUDGET_SECONDS:g} s: "
                f"{', '.join(sorted(_over_budget()))}", red=True)
    browser_test = sys.modules.get("test_browser")
    if browser_test is not None and browser_test.REPORT:
        terminalreporter.section("JupyterLab in Chromium")
        terminalreporter.write_line(f"screenshots: {browser_test.ARTIFACTS}")
        for name, (status, memory) in sorted(browser_test.REPORT.items()):
            shown = "n/a" if memory is None else f"{memory:6.0f} MB"
            terminalreporter.write_line(f"{name:<32} {status:<7} kernel peak memory {shown}")
