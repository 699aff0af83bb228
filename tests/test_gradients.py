"""Gradients three ways (Jacobian chain rule, shortcut, finite differences) against autograd."""

import functools

import numpy as np
import pytest
import torch
from problems import PROBLEM_SIZES, random_problem
from torch_reference import torch_loss_and_gradients, torch_sgd_trajectory

import helpers as h
import helpers.model


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_softmax_jacobian_matches_torch_autograd(rng, n_classes):
    z = rng.normal(size=n_classes)
    expected = torch.autograd.functional.jacobian(
        lambda t: torch.softmax(t, dim=0), torch.from_numpy(z)
    ).numpy()
    J = h.softmax_jacobian(h.softmax(z, axis=0))
    assert J.shape == (n_classes, n_classes)
    np.testing.assert_allclose(J, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(J, J.T, rtol=0, atol=0)
    np.testing.assert_allclose(J.sum(axis=0), 0.0, rtol=0, atol=1e-15)  # softmax sums to 1


@pytest.mark.parametrize("size", PROBLEM_SIZES)
@pytest.mark.parametrize("gradient", [h.loss_gradient, h.loss_gradient_shortcut])
def test_gradients_match_torch_autograd(rng, size, gradient):
    X, Y, W, B = random_problem(rng, *size)
    loss, dW_t, dB_t = torch_loss_and_gradients(X, Y, W, B)
    dW, dB = gradient(X, Y, W, B)
    assert dW.shape == W.shape and dB.shape == B.shape
    np.testing.assert_allclose(dW, dW_t, rtol=0, atol=1e-12)
    np.testing.assert_allclose(dB, dB_t, rtol=0, atol=1e-12)
    assert h.softmax_forward(X, Y, W, B)[1] == pytest.approx(loss, rel=1e-13)


@pytest.mark.parametrize("size", PROBLEM_SIZES)
def test_jacobian_chain_rule_equals_the_shortcut(rng, size):
    X, Y, W, B = random_problem(rng, *size, scale=3.0)
    for by_chain, by_shortcut in zip(
        h.loss_gradient(X, Y, W, B), h.loss_gradient_shortcut(X, Y, W, B), strict=True
    ):
        np.testing.assert_allclose(by_chain, by_shortcut, rtol=0, atol=1e-13)


@pytest.mark.parametrize("size", PROBLEM_SIZES)
def test_finite_differences_agree(rng, size):
    X, Y, W, B = random_problem(rng, *size)
    analytic = h.loss_gradient(X, Y, W, B)
    numeric = h.numerical_gradient(X, Y, W, B)
    for a, n in zip(analytic, numeric, strict=True):
        assert h.relative_error(a, n).max() < 1e-7


def test_the_lessons_flawed_jacobian_is_caught(rng, monkeypatch):
    """Put the lesson's Jacobian in place of the right one: the gradient checks must fail."""
    X, Y, W, B = random_problem(rng, 4, 4, 3)
    _, dW_t, dB_t = torch_loss_and_gradients(X, Y, W, B)
    numeric_dW, _ = h.numerical_gradient(X, Y, W, B)
    monkeypatch.setattr(helpers.model, "softmax_jacobian", h.lesson_flawed_jacobian)
    dW, dB = h.loss_gradient(X, Y, W, B)
    assert np.abs(dW - dW_t).max() > 1e-3
    assert np.abs(dB - dB_t).max() > 1e-3
    assert h.relative_error(dW, numeric_dW).max() > 1e-3
    monkeypatch.undo()
    np.testing.assert_allclose(h.loss_gradient(X, Y, W, B)[0], dW_t, rtol=0, atol=1e-12)


def test_flawed_jacobian_differs_only_on_two_diagonal_entries(rng):
    s = h.softmax(rng.normal(size=3), axis=0)
    difference = h.lesson_flawed_jacobian(s) - h.softmax_jacobian(s)
    wrong = np.argwhere(np.abs(difference) > 0)
    assert wrong.tolist() == [[1, 1], [2, 2]]
    assert difference[1, 1] == pytest.approx(s[1] * (1 - s[0]) - s[1] * (1 - s[1]), abs=1e-16)
    assert difference[2, 2] == pytest.approx(s[1] * (1 - s[0]) - s[2] * (1 - s[2]), abs=1e-16)


@pytest.mark.parametrize("size", [(1, 4, 3), (30, 4, 3), (8, 5, 4)])
def test_training_follows_the_torch_sgd_trajectory(rng, size):
    X, Y, W, B = random_problem(rng, *size)
    W_np, B_np, losses_np = h.train(X, Y, W, B, learning_rate=0.01, steps=100)
    W_t, B_t, losses_t = torch_sgd_trajectory(X, Y, W, B, learning_rate=0.01, steps=100)
    np.testing.assert_allclose(losses_np, losses_t, rtol=1e-12, atol=0)
    np.testing.assert_allclose(W_np, W_t, rtol=0, atol=1e-10)
    np.testing.assert_allclose(B_np, B_t, rtol=0, atol=1e-10)
    assert losses_np[-1] < losses_np[0]


def test_training_leaves_its_arguments_unchanged(rng):
    X, Y, W, B = random_problem(rng, 5, 4, 3)
    copies = [a.copy() for a in (X, Y, W, B)]
    h.train(X, Y, W, B, learning_rate=0.1, steps=3)
    h.numerical_gradient(X, Y, W, B)
    for original, copy in zip((X, Y, W, B), copies, strict=True):
        np.testing.assert_array_equal(original, copy)


def test_zero_steps_return_the_start(rng):
    X, Y, W, B = random_problem(rng, 2, 4, 3)
    W_out, B_out, losses = h.train(X, Y, W, B, learning_rate=0.1, steps=0)
    np.testing.assert_array_equal(W_out, W)
    np.testing.assert_array_equal(B_out, B)
    assert losses.shape == (1,)


def test_train_accepts_any_gradient_function(rng):
    X, Y, W, B = random_problem(rng, 3, 4, 3)
    flawed = functools.partial(h.loss_gradient, jacobian=h.lesson_flawed_jacobian)
    W_right, _, _ = h.train(X, Y, W, B, 0.01, 10)
    W_flawed, _, _ = h.train(X, Y, W, B, 0.01, 10, gradient=flawed)
    assert np.abs(W_right - W_flawed).max() > 1e-4


def test_comparison_table_passes_and_fails_at_its_tolerance():
    text, ok = h.comparison_table(
        {"same": (np.ones(3), np.ones(3) + 1e-15), "close": (np.zeros(2), np.array([0.0, 5e-13]))},
        tolerance=1e-12,
    )
    assert ok
    assert text.splitlines()[1].split() == ["same", "<", "1e-13", "ok"]
    assert text.splitlines()[2].split() == ["close", "5.00e-13", "ok"]
    text, ok = h.comparison_table({"far": (np.zeros(2), np.array([0.0, 2e-12]))}, 1e-12)
    assert not ok and text.splitlines()[1].split() == ["far", "2.00e-12", "FAIL"]
    _, ok = h.comparison_table({"nan": (np.array([np.nan]), np.array([0.0]))}, 1e-12)
    assert not ok
