"""Every notebook, opened and run the way a learner does: a real JupyterLab in headless Chromium
(tests/jupyterlab_session.py says how), first half. The second half of each edition's notebooks
is in tests/test_browser_second_half.py, so that another pytest-xdist worker, with a JupyterLab
server of its own, runs it at the same time. This half also runs the English student notebook
and proves the check on a notebook that raises.
"""

import pytest
from editions import ALL_STEP_NOTEBOOKS, notebook_name
from jupyterlab_session import (
    ARTIFACTS,
    check_learner_exercise,
    check_notebook,
    half,
    run_in_lab,
)

pytestmark = pytest.mark.browser


def test_the_two_halves_take_every_notebook_once():
    assert sorted(half(0) + half(1)) == sorted(ALL_STEP_NOTEBOOKS)
    assert half(0) and half(1) and not set(half(0)) & set(half(1))


@pytest.mark.parametrize("notebook", half(0), ids=notebook_name)
def test_notebook_runs_in_jupyterlab(lab, browser, notebook):
    check_notebook(lab, browser, notebook)


def test_a_learner_fills_in_an_exercise_and_the_page_says_passed(lab, browser):
    check_learner_exercise(lab, browser, "notebooks")


def test_the_browser_check_detects_a_failing_notebook(lab, browser):
    """The check proves itself: a notebook that raises is reported, and so is the cell after it."""
    result = run_in_lab(lab, browser, "selftest/raises.ipynb", ARTIFACTS / "selftest_raises.png")
    assert result["errors"] == ["cell 1: ZeroDivisionError: division by zero"]
    assert result["not_executed"] == [2]
