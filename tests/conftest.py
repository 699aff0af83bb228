"""Fixtures and settings shared by the unit tests."""

import os

import numpy as np
import pytest
from hypothesis import settings

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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))


@pytest.fixture
def rng():
    """A seeded generator: every random test input is the same on every run."""
    return np.random.default_rng(20220106)
