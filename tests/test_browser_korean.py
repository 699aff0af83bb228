"""The Korean student notebook in JupyterLab in headless Chromium (tests/jupyterlab_session.py):
a learner's answer typed in, and the page says 통과 ("passed"). tests/test_browser.py runs the
English part in another pytest-xdist worker, with a JupyterLab server of its own."""

import pytest
from jupyterlab_session import check_learner_exercise

pytestmark = pytest.mark.browser


def test_a_learner_fills_in_an_exercise_and_the_page_says_passed(lab, browser):
    check_learner_exercise(lab, browser, "notebooks/ko")
