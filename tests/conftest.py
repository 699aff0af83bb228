"""Shared fixtures: seeded random problems of any size, in float64."""

import sys

import numpy as np
import pytest


def random_problem(rng, n_samples, n_features, n_classes, scale=1.0):
    """A random X (N, D), one-hot Y (N, C), W (C, D), B (C, 1), all float64."""
    X = rng.normal(size=(n_samples, n_features))
    Y = np.eye(n_classes)[rng.integers(0, n_classes, size=n_samples)]
    W = scale * rng.normal(size=(n_classes, n_features))
    B = scale * rng.normal(size=(n_classes, 1))
    return X, Y, W, B


# (N, D, C): one sample as in the lesson, a small batch, more classes than features, and so on.
PROBLEM_SIZES = [(1, 4, 3), (5, 4, 3), (30, 4, 3), (7, 2, 5), (3, 6, 2), (12, 10, 7)]


@pytest.fixture
def rng():
    return np.random.default_rng(20220106)


def pytest_terminal_summary(terminalreporter):
    """After a run with the browser tests: where the screenshots are, and each kernel's peak
    memory (the figures the README quotes)."""
    browser_test = sys.modules.get("test_browser")
    if browser_test is None or not browser_test.REPORT:
        return
    terminalreporter.section("JupyterLab in Chromium")
    terminalreporter.write_line(f"screenshots: {browser_test.ARTIFACTS}")
    for name, (status, memory) in sorted(browser_test.REPORT.items()):
        shown = "n/a" if memory is None else f"{memory:6.0f} MB"
        terminalreporter.write_line(f"{name:<32} {status:<7} kernel peak memory {shown}")
