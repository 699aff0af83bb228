"""Project-wide pytest hooks: the summary of a test run.

The summary lists each notebook's execution time under nbval (for information only: no
clock decides pass or fail here; time budgets live in benchmarks/course_cost.py as ratios)
and, after the browser test, its screenshots and kernel memory.
"""

import sys
from collections import defaultdict

# Figures join nbval's comparison: every stored PNG is compared with a fresh render.
pytest_plugins = ["tests.nbval_figures"]

_notebook_seconds = defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):  # an nbval cell: setup (kernel start), call and teardown
        _notebook_seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    if _notebook_seconds:
        terminalreporter.section("notebook execution times (nbval; information, not a test)")
        for path, seconds in sorted(_notebook_seconds.items()):
            terminalreporter.write_line(f"{path:<45} {seconds:5.1f} s")
    site_test = sys.modules.get("test_site_browser")
    if site_test is not None and site_test.AXE_REPORT:
        terminalreporter.section("axe-core on the site (serious and critical ones fail)")
        for name, findings in sorted(site_test.AXE_REPORT.items()):
            terminalreporter.write_line(f"{name:<40} {', '.join(findings) or 'none'}")
    browser_test = sys.modules.get("test_browser")
    if browser_test is not None and browser_test.REPORT:
        terminalreporter.section("JupyterLab in Chromium")
        terminalreporter.write_line(f"screenshots: {browser_test.ARTIFACTS}")
        for name, (status, memory) in sorted(browser_test.REPORT.items()):
            shown = "n/a" if memory is None else f"{memory:6.0f} MB"
            terminalreporter.write_line(f"{name:<32} {status:<7} kernel peak memory {shown}")
