"""Seeded random problems of any size, in float64, for the unit tests."""

import numpy as np


def random_problem(rng, n_samples, n_features, n_classes, scale=1.0):
    """A random X (N, D), one-hot Y (N, C), W (C, D), B (C, 1), all float64."""
    X = rng.normal(size=(n_samples, n_features))
    Y = np.eye(n_classes)[rng.integers(0, n_classes, size=n_samples)]
    W = scale * rng.normal(size=(n_classes, n_features))
    B = scale * rng.normal(size=(n_classes, 1))
    return X, Y, W, B


# (N, D, C): one sample as in the lesson, a small batch, more classes than features, and so on.
PROBLEM_SIZES = [(1, 4, 3), (5, 4, 3), (30, 4, 3), (7, 2, 5), (3, 6, 2), (12, 10, 7)]
