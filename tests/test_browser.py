"""The course in JupyterLab, the way a learner uses it: a real JupyterLab in headless Chromium
(tests/jupyterlab_session.py says how and why only this much). JupyterLab's own Run All on one
lesson notebook, the English student notebook with a learner's answer typed in, and the check
proving itself on a notebook that raises. tests/test_browser_korean.py, in another pytest-xdist
worker with a JupyterLab server of its own, does the Korean student notebook at the same time.
"""

from pathlib import Path

import pytest
from jupyterlab_session import ARTIFACTS, check_learner_exercise, check_notebook, run_in_lab

pytestmark = pytest.mark.browser

# One lesson, run by JupyterLab itself: 06 draws three figures and trains with PyTorch.
LESSON = Path(__file__).resolve().parent.parent / "notebooks" / "06_training.ipynb"


def test_a_lesson_notebook_runs_in_jupyterlab(lab, browser):
    check_notebook(lab, browser, LESSON)


def test_a_learner_fills_in_an_exercise_and_the_page_says_passed(lab, browser):
    check_learner_exercise(lab, browser, "notebooks")


def test_the_browser_check_detects_a_failing_notebook(lab, browser):
    """The check proves itself: a notebook that raises is reported, and so is the cell after it."""
    result = run_in_lab(lab, browser, "selftest/raises.ipynb", ARTIFACTS / "selftest_raises.png")
    assert result["errors"] == ["cell 1: ZeroDivisionError: division by zero"]
    assert result["not_executed"] == [2]
