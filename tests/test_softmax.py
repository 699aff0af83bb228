"""Softmax, log-softmax and the cross-entropy: properties that must hold for any input."""

import math
import warnings

import numpy as np
import pytest
import torch

import helpers as h


@pytest.mark.parametrize("axis", [0, 1])
def test_softmax_sums_to_one_along_the_axis(rng, axis):
    Z = rng.normal(scale=5.0, size=(6, 9))
    S = h.softmax(Z, axis=axis)
    assert S.shape == Z.shape
    assert np.all(S > 0)
    np.testing.assert_allclose(S.sum(axis=axis), 1.0, rtol=0, atol=1e-15)


def test_softmax_requires_an_explicit_axis(rng):
    with pytest.raises(TypeError):
        h.softmax(rng.normal(size=(3, 2)))  # axis is keyword-only and has no default


def test_softmax_is_shift_invariant(rng):
    Z = rng.normal(size=(3, 5))
    shift = rng.normal(size=(1, 5)) * 100  # a different constant for each column
    np.testing.assert_allclose(
        h.softmax(Z + shift, axis=0), h.softmax(Z, axis=0), rtol=1e-12, atol=0
    )


def test_softmax_matches_the_textbook_formula_and_torch(rng):
    Z = rng.normal(size=(3, 8))
    textbook = np.exp(Z) / np.exp(Z).sum(axis=0)
    np.testing.assert_allclose(h.softmax(Z, axis=0), textbook, rtol=1e-14, atol=0)
    expected = torch.softmax(torch.from_numpy(Z), dim=0).numpy()
    np.testing.assert_allclose(h.softmax(Z, axis=0), expected, rtol=1e-14, atol=0)


@pytest.mark.parametrize("big", [1000.0, -1000.0])
def test_large_logits_give_no_overflow_nan_or_warning(big):
    Z = np.array([[big], [big - 1.0], [big - 3.0]])
    # underflow to 0 is harmless and silent by default; overflow, nan and 0/0 are not
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        S = h.softmax(Z, axis=0)
        log_S = h.log_softmax(Z, axis=0)
    assert np.all(np.isfinite(S)) and np.all(np.isfinite(log_S))
    np.testing.assert_allclose(S.sum(axis=0), 1.0, rtol=0, atol=1e-15)
    # the two largest logits differ by 1: their probabilities by a factor e, whatever `big` is
    assert S[0, 0] / S[1, 0] == pytest.approx(math.e, rel=1e-12)
    expected = torch.log_softmax(torch.from_numpy(Z), dim=0).numpy()
    np.testing.assert_allclose(log_S, expected, rtol=1e-14, atol=0)


def test_naive_softmax_does_overflow_at_1000():
    """The reason for the shift: without it, exp(1000) is inf and softmax is nan."""
    Z = np.array([[1000.0], [999.0], [0.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(Z) / np.exp(Z).sum(axis=0)
    assert np.isnan(naive[0, 0])
    assert np.all(np.isfinite(h.softmax(Z, axis=0)))


def test_cross_entropy_is_the_summed_negative_log_target_probability(rng):
    Z = rng.normal(size=(3, 6))
    Y = np.eye(3)[[0, 2, 1, 1, 0, 2]]
    S = np.exp(Z) / np.exp(Z).sum(axis=0)
    by_hand = -sum(math.log(S[t, n]) for n, t in enumerate(Y.argmax(axis=1)))
    assert h.cross_entropy(Z, Y) == pytest.approx(by_hand, rel=1e-14)
    torch_sum = torch.nn.functional.cross_entropy(
        torch.from_numpy(Z.T), torch.from_numpy(Y.argmax(axis=1)), reduction="sum"
    )
    assert h.cross_entropy(Z, Y) == pytest.approx(torch_sum.item(), rel=1e-14)


def test_cross_entropy_stays_finite_when_the_target_probability_underflows():
    Z = np.array([[800.0], [0.0], [-800.0]])
    Y = np.array([[0, 0, 1]])
    assert h.cross_entropy(Z, Y) == pytest.approx(1600.0, rel=1e-15)


def test_initial_loss_of_a_uniform_model_is_log_of_the_class_count():
    Z = np.zeros((3, 4))
    Y = np.eye(3)[[0, 1, 2, 0]]
    assert h.cross_entropy(Z, Y) == pytest.approx(4 * math.log(3), rel=1e-15)


# --- issue 9: mutants that used to survive the suite ---


def test_logits_are_w_x_transposed_plus_b(rng):
    X, W, B = rng.normal(size=(5, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 1))
    by_loops = [
        [sum(W[c, d] * X[n, d] for d in range(4)) + B[c, 0] for n in range(5)] for c in range(3)
    ]
    Z = h.logits(X, W, B)
    assert Z.shape == (3, 5)
    np.testing.assert_allclose(Z, by_loops, rtol=1e-14, atol=1e-14)
    linear = torch.nn.functional.linear(
        torch.from_numpy(X), torch.from_numpy(W), torch.from_numpy(B[:, 0])
    )
    np.testing.assert_allclose(Z, linear.numpy().T, rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_log_softmax_runs_along_its_axis(rng, axis):
    Z = rng.normal(scale=3.0, size=(4, 6))
    expected = torch.log_softmax(torch.from_numpy(Z), dim=axis).numpy()
    np.testing.assert_allclose(h.log_softmax(Z, axis=axis), expected, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(np.exp(h.log_softmax(Z, axis=axis)).sum(axis=axis), 1.0, atol=1e-14)


@pytest.mark.parametrize("function", [h.softmax, h.log_softmax])
def test_each_column_is_shifted_by_its_own_maximum(function):
    """A global shift would send the second column to exp(-1000) = 0: 0 / 0 = nan."""
    Z = np.array([[1000.0, 0.0], [999.0, -1.0], [997.0, -3.0]])
    reference = torch.softmax if function is h.softmax else torch.log_softmax
    expected = reference(torch.from_numpy(Z), dim=0).numpy()
    np.testing.assert_allclose(function(Z, axis=0), expected, rtol=1e-14, atol=0)
    np.testing.assert_allclose(function(Z.T, axis=1), expected.T, rtol=1e-14, atol=0)


def test_softmax_of_logits_beyond_each_others_range_is_exact():
    """1.7e308 - (-1.7e308) is beyond float64: the shifted logit is -inf, exp of it 0."""
    np.testing.assert_array_equal(h.softmax([1.7e308, -1.7e308], axis=0), [1.0, 0.0])
    np.testing.assert_array_equal(h.softmax([-1.7e308, 1.7e308, 1.7e308], axis=0), [0, 0.5, 0.5])


def test_softmax_of_a_vector_and_of_python_ints():
    np.testing.assert_allclose(h.softmax([0, 0], axis=0), [0.5, 0.5], rtol=0, atol=0)
    np.testing.assert_allclose(h.softmax([2**70, 2**70], axis=-1), [0.5, 0.5], rtol=0, atol=0)


def test_cross_entropy_of_a_certain_right_answer_is_plus_zero():
    loss = h.cross_entropy(np.array([[1000.0], [0.0]]), [[1, 0]])
    assert loss == 0.0 and math.copysign(1.0, loss) == 1.0


def test_one_hot_rows_may_be_booleans():
    Z = np.array([[1.0, 2.0], [0.5, -1.0]])
    as_bool = h.cross_entropy(Z, np.array([[True, False], [False, True]]))
    assert as_bool == h.cross_entropy(Z, np.array([[1, 0], [0, 1]]))
