"""Every notebook in JupyterLab in headless Chromium, second half (tests/test_browser.py runs
the first, in another pytest-xdist worker with a JupyterLab server of its own), and the Korean
student notebook."""

import pytest
from editions import notebook_name
from jupyterlab_session import check_learner_exercise, check_notebook, half

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("notebook", half(1), ids=notebook_name)
def test_notebook_runs_in_jupyterlab(lab, browser, notebook):
    check_notebook(lab, browser, notebook)


def test_a_learner_fills_in_an_exercise_and_the_page_says_passed(lab, browser):
    check_learner_exercise(lab, browser, "notebooks/ko")
