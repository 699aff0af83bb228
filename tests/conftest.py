"""Fixtures and settings shared by the unit tests."""

import os

import numpy as np
import pytest
from hypothesis import Phase, settings
from jupyterlab_session import chromium_browser, lab_server
from site_build import build_site_once

# Property tests (hypothesis): no wall clock decides a test (deadline=None), every run tries
# the same examples (derandomize=True: the examples follow from the test's source), and
# nothing is written to a .hypothesis/ example database. HYPOTHESIS_PROFILE=thorough runs
# ten times as many examples, for a deeper search by hand.
settings.register_profile(
    "course", deadline=None, derandomize=True, database=None, max_examples=100
)
settings.register_profile(
    "thorough", deadline=None, derandomize=True, database=None, max_examples=1000
)
# Under mutation testing a failing example need not be shrunk to its simplest form (that
# search can take minutes per mutant): a failure is all mutmut needs to know.
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=100,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def pytest_configure(config):
    """Load the profile named by --hypothesis-profile (mutmut passes "mutation"), else by
    HYPOTHESIS_PROFILE, else "course"; before any test module is imported, because @given
    reads the settings when it decorates a test."""
    chosen = config.getoption("hypothesis_profile", None)
    settings.load_profile(chosen or os.environ.get("HYPOTHESIS_PROFILE", "course"))


@pytest.fixture
def rng():
    """A seeded generator: every random test input is the same on every run."""
    return np.random.default_rng(20220106)


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id):
    """The course's web site, built once per session, for every worker (tests/site_build.py):
    (the folder of its HTML, the build's output, its seconds)."""
    return build_site_once(tmp_path_factory, worker_id)


# The browser test's JupyterLab and Chromium (tests/jupyterlab_session.py): one of each per test
# file, so each of its two files, in a worker of its own, has its own server.
@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    yield from lab_server(tmp_path_factory)


@pytest.fixture(scope="module")
def browser(lab):
    yield from chromium_browser()
