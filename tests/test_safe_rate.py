"""helpers.safe_learning_rate: the rate 4 / lambda_max(X~^T X~) under which every step of
gradient descent lowers the summed loss (notebook 9 derives it). Checked against an SVD, against
the Hessian PyTorch computes, and on the inputs it must refuse."""

import re

import numpy as np
import pytest
import torch
from problems import PROBLEM_SIZES, random_problem

import helpers as h


def _bound_by_svd(X):
    """4 / sigma_max([X, 1])^2: the same number as 4 / lambda_max(X~^T X~), by another route."""
    X_tilde = np.hstack([X, np.ones((len(X), 1))])
    return 4 / np.linalg.svd(X_tilde, compute_uv=False)[0] ** 2


def _torch_hessian_top_eigenvalue(X, Y, W, B):
    """lambda_max of the Hessian of the summed loss w.r.t. [W, B], by PyTorch autograd."""
    X_t = torch.tensor(X)
    targets = torch.tensor(np.argmax(Y, axis=1))

    def loss(flat):
        W_t = flat[: W.size].reshape(W.shape)
        B_t = flat[W.size :].reshape(B.shape)
        logits = W_t @ X_t.T + B_t
        return torch.nn.functional.cross_entropy(logits.T, targets, reduction="sum")

    start = torch.tensor(np.concatenate([W.ravel(), B.ravel()]))
    hessian = torch.autograd.functional.hessian(loss, start).numpy()
    return float(np.linalg.eigvalsh(hessian).max())


@pytest.mark.parametrize("size", PROBLEM_SIZES, ids=str)
def test_equals_the_bound_computed_by_svd(rng, size):
    X, _, _, _ = random_problem(rng, *size)
    assert np.isclose(h.safe_learning_rate(X), _bound_by_svd(X), rtol=1e-12, atol=0)


@pytest.mark.parametrize("size", PROBLEM_SIZES, ids=str)
def test_the_hessian_never_curves_more_than_two_over_the_rate(rng, size):
    """The bound's reason: lambda_max(H) <= 2 / rate at ANY weights, here random and large."""
    X, Y, _, _ = random_problem(rng, *size)
    rate = h.safe_learning_rate(X)
    for scale in (0.0, 1.0, 5.0):
        _, _, W, B = random_problem(rng, *size, scale=scale)
        assert _torch_hessian_top_eigenvalue(X, Y, W, B) <= 2 / rate * (1 + 1e-12)


def test_below_the_bound_the_loss_falls_at_every_step_and_far_above_it_does_not():
    X, Y = h.load_iris_csv(h.data_path("iris_tiny_onehot.csv"))
    W, B = h.initial_parameters()
    rate = h.safe_learning_rate(X)
    assert f"{rate:.5f}" == "0.00210"
    _, _, losses = h.train(X, Y, W, B, 0.999 * rate, 300)
    assert np.all(np.diff(losses) < 0)
    _, _, losses = h.train(X, Y, W, B, 5 * rate, 300)
    assert np.any(np.diff(losses) > 0)


def test_more_rows_give_a_smaller_rate(rng):
    X, _, _, _ = random_problem(rng, 20, 4, 3)
    assert h.safe_learning_rate(np.vstack([X, X])) == pytest.approx(h.safe_learning_rate(X) / 2)


def test_leaves_its_argument_unchanged(rng):
    X, _, _, _ = random_problem(rng, 6, 3, 2)
    kept = X.copy()
    h.safe_learning_rate(X)
    assert np.array_equal(X, kept)


@pytest.mark.parametrize(
    ("X", "message"),
    [
        (np.ones(4), "X: expected a 2-D array, got 1-D shape (4,)"),
        (np.ones((0, 4)), "X: expected a non-empty array"),
        (np.array([[1.0, np.nan]]), "X: expected finite numbers, got nan"),
        ("rows", "X: expected an array of numbers"),
        (np.full((2, 2), 1e200), "X: expected inputs that keep X~^T X~ within float64"),
    ],
)
def test_bad_input_is_a_value_error_that_names_X(X, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        h.safe_learning_rate(X)
