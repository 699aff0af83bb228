"""Gradients three ways (Jacobian chain rule, shortcut, finite differences) against autograd."""

import functools
from fractions import Fraction

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


# --- issue 9: mutants that used to die only through stored notebook outputs, or not at all ---


def test_numerical_gradients_default_step_is_the_accurate_one(rng):
    """With features of size 10 the loss curves sharply, and the formula's error (about
    eps^2 / 6 times the third derivative) of eps = 1e-4 reaches 5e-9 of the gradient; the
    default eps = 1e-5 keeps it near 1e-10 (measured: 7.5e-11)."""
    X, Y, W, B = random_problem(rng, 8, 4, 3)
    X = 10 * X
    _, dW_t, dB_t = torch_loss_and_gradients(X, Y, W, B)

    def error(dW):
        return np.abs(dW - dW_t).max() / np.abs(dW_t).max()

    dW, dB = h.numerical_gradient(X, Y, W, B)
    assert error(dW) < 5e-10
    np.testing.assert_allclose(dB, dB_t, rtol=0, atol=5e-10 * np.abs(dB_t).max())
    assert error(h.numerical_gradient(X, Y, W, B, eps=1e-4)[0]) > 2e-9  # told apart


@pytest.mark.parametrize("gradient", [None, h.loss_gradient, h.loss_gradient_shortcut])
def test_training_from_logits_near_1000_follows_torch(gradient):
    """The training step must shift each column by its maximum, as softmax does: without the
    shift exp(1000) is inf and the step is nan."""
    X = np.array([[10.0, 0.0], [0.0, 10.0], [5.0, 5.0]])  # (3, 2)
    Y = np.eye(2)[[0, 1, 1]]
    W = np.array([[100.0, -10.0], [90.0, 0.0]])  # logits up to 1000
    B = np.array([[5.0], [-5.0]])
    W_np, B_np, losses_np = h.train(X, Y, W, B, learning_rate=0.01, steps=20, gradient=gradient)
    W_t, B_t, losses_t = torch_sgd_trajectory(X, Y, W, B, learning_rate=0.01, steps=20)
    np.testing.assert_allclose(losses_np, losses_t, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(W_np, W_t, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(B_np, B_t, rtol=1e-12, atol=1e-12)
    assert np.abs(W @ X.T + B).max() > 1000  # exp of that overflows float64


def _exact_relative_error(a, b):
    """|a - b| / (|a| + |b|) in exact rational arithmetic, rounded once to float."""
    a, b = Fraction(a), Fraction(b)
    return 0.0 if a == b == 0 else float(abs(a - b) / (abs(a) + abs(b)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1e308, -1e308),  # |a| + |b| overflows: was nan
        (1e308, 1.7e308),  # was 0.0
        (1e-310, 0.0),  # subnormal: was 0.0045
        (0.0, 2.2e-309),  # was 0.1
        (5e-324, -5e-324),  # the smallest subnormals
        (0.0, 0.0),  # 0 / 0 is defined as 0
        (-0.0, 0.0),
        (1.0, 1.0 + 2**-52),
        (3.0, -1.0),
        (1.7976931348623157e308, 5e-324),
    ],
)
def test_relative_error_is_exact_at_the_extremes(a, b):
    expected = _exact_relative_error(a, b)  # two roundings (a sum, a quotient): 2 ulp
    assert h.relative_error(a, b) == pytest.approx(expected, rel=4.5e-16, abs=0)
    np.testing.assert_allclose(h.relative_error([a, b], [b, a]), expected, rtol=4.5e-16, atol=0)


def test_relative_error_keeps_the_shape():
    a = np.arange(6.0).reshape(2, 3)
    errors = h.relative_error(a, a + 1)
    assert errors.shape == (2, 3)
    assert errors[0, 0] == 1.0 and errors[1, 2] == pytest.approx(1 / 11, rel=1e-15)


def test_a_difference_equal_to_the_tolerance_passes():
    step = 2.0**-20  # exact in binary: the difference is exactly the tolerance
    text, ok = h.comparison_table({"edge": (np.array([1.0]), np.array([1.0 + step]))}, step)
    assert ok and text.splitlines()[1].split()[-1] == "ok"
    text, ok = h.comparison_table({"over": (np.array([1.0]), np.array([1.0 + 2 * step]))}, step)
    assert not ok and text.splitlines()[1].split()[-1] == "FAIL"


def test_comparison_table_with_infinities_fails_without_a_warning():
    _, ok = h.comparison_table({"inf": (np.array([np.inf]), np.array([np.inf]))}, 1e-9)
    assert not ok
    text, ok = h.comparison_table({"far": ([1.7e308], [-1.7e308])}, 1e-9)
    assert not ok and text.splitlines()[1].split() == ["far", "inf", "FAIL"]


def test_format_bound_shows_two_digits_or_the_floor():
    assert h.format_bound(1.2345e-7, 1e-9) == "1.23e-07"
    assert h.format_bound(1e-9, 1e-9) == "1.00e-09"  # at the floor: shown
    assert h.format_bound(9.9e-10, 1e-9) == "< 1e-09"
    assert h.format_bound(float("nan"), 1e-9) == "nan"
