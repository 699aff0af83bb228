"""Fixtures shared by the unit tests."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    """A seeded generator: every random test input is the same on every run."""
    return np.random.default_rng(20220106)
