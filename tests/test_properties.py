"""Property tests (hypothesis) of the NumPy math against PyTorch, with extreme values.

Each test draws arrays whose entries range from 0 and subnormals (5e-324) through logits of
about 1e3 (where a naive exp overflows) to +-1.8e308, the largest float64. The rule checked is
the course's standard: the result agrees with PyTorch (or with exact rational arithmetic), or
it is a ValueError, and then only where the true result is beyond float64 or the lesson's
chain rule cannot divide by S_t. The settings (no deadline, derandomized, no example database)
come from the "course" profile in tests/conftest.py.
"""

from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays
from torch_reference import torch_loss_and_gradients

import helpers as h

# Values a test would not think of: signed zeros, subnormals, the overflow points of exp and
# of -1/S_t, and the ends of float64.
SPECIAL = [0.0, -0.0, 5e-324, -1e-310, 2.2e-308, 709.8, -745.2, 1e3, 1e200, -1e308, 1.7e308]
LOGIT = st.one_of(
    st.floats(-10.0, 10.0),
    st.floats(-1e3, 1e3),
    st.floats(allow_nan=False, allow_infinity=False),  # all of float64
    st.sampled_from(SPECIAL),
)
# For X, W and B: large enough for margins far past 709, small enough that W X^T + B and
# (S - Y) X stay finite, so that NumPy and PyTorch are compared on answers both can give.
ENTRY = st.one_of(
    st.floats(-3.0, 3.0), st.floats(-300.0, 300.0), st.sampled_from([0.0, 5e-324, 1e-310, 1e100])
)


def _logit_arrays(min_dims=1, max_dims=2):
    shapes = array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=5)
    return arrays(np.float64, shapes, elements=LOGIT)


@given(Z=_logit_arrays(), data=st.data())
def test_softmax_is_torch_softmax(Z, data):
    axis = data.draw(st.integers(-Z.ndim, Z.ndim - 1), label="axis")
    S = h.softmax(Z, axis=axis)
    expected = torch.softmax(torch.from_numpy(Z), dim=axis).numpy()
    np.testing.assert_allclose(S, expected, rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(S.sum(axis=axis), 1.0, rtol=0, atol=1e-14)
    assert np.all((S >= 0) & (S <= 1))


@given(Z=_logit_arrays(), data=st.data())
def test_log_softmax_is_torch_log_softmax_or_says_it_is_beyond_float64(Z, data):
    axis = data.draw(st.integers(-Z.ndim, Z.ndim - 1), label="axis")
    expected = torch.log_softmax(torch.from_numpy(Z), dim=axis).numpy()
    if not np.all(np.isfinite(expected)):  # a log-probability below -1.8e308
        with pytest.raises(ValueError, match="^Z: expected inputs that keep log_softmax within"):
            h.log_softmax(Z, axis=axis)
        return
    np.testing.assert_allclose(h.log_softmax(Z, axis=axis), expected, rtol=1e-13, atol=1e-14)


@given(Z=_logit_arrays(min_dims=2), data=st.data())
def test_cross_entropy_is_torchs_summed_cross_entropy(Z, data):
    n_classes, n_samples = Z.shape
    targets = data.draw(
        arrays(np.int64, n_samples, elements=st.integers(0, n_classes - 1)), label="targets"
    )
    Y = np.eye(n_classes)[targets]
    expected = torch.nn.functional.cross_entropy(
        torch.from_numpy(Z.T), torch.from_numpy(targets), reduction="sum"
    ).item()
    try:
        loss = h.cross_entropy(Z, Y)
    except ValueError as error:
        assert str(error).startswith("Z: expected inputs that keep the summed loss within")
        assert expected > 1e308  # torch's is inf too, or at the very edge of float64
        return
    assert loss == pytest.approx(expected, rel=1e-13, abs=1e-14)
    assert loss >= 0.0


@st.composite
def problems(draw):
    """X (N, D), one-hot Y (N, C), W (C, D), B (C, 1) with extreme entries."""
    n, d, c = draw(st.integers(1, 6)), draw(st.integers(1, 4)), draw(st.integers(2, 4))
    X = draw(arrays(np.float64, (n, d), elements=ENTRY), label="X")
    Y = np.eye(c)[draw(arrays(np.int64, n, elements=st.integers(0, c - 1)), label="targets")]
    W = draw(arrays(np.float64, (c, d), elements=ENTRY), label="W")
    B = draw(arrays(np.float64, (c, 1), elements=ENTRY), label="B")
    return X, Y, W, B


def _gradient_tolerance(X, W, B):
    """What rounding allows: logits are off by ~1e-16 of |W| |X|^T + |B| (the summation order
    of the two libraries differs), S by as much, dL/dW by that times the summed |X|."""
    logit_scale = (np.abs(W) @ np.abs(X).T + np.abs(B)).max()
    return 1e-14 * (1.0 + logit_scale) * (1.0 + np.abs(X).sum(axis=0).max())


@given(problem=problems())
def test_the_shortcut_gradient_is_torch_autograd(problem):
    X, Y, W, B = problem
    loss_t, dW_t, dB_t = torch_loss_and_gradients(X, Y, W, B)
    assume(np.all(np.isfinite(dW_t)) and np.all(np.isfinite(dB_t)))
    dW, dB = h.loss_gradient_shortcut(X, Y, W, B)
    tolerance = _gradient_tolerance(X, W, B)
    np.testing.assert_allclose(dW, dW_t, rtol=0, atol=tolerance)
    np.testing.assert_allclose(dB, dB_t, rtol=0, atol=tolerance)
    assert h.softmax_forward(X, Y, W, B)[1] == pytest.approx(loss_t, rel=1e-12, abs=1e-12)


@given(problem=problems())
def test_the_chain_rule_is_torch_autograd_or_says_why_not(problem):
    X, Y, W, B = problem
    _, dW_t, dB_t = torch_loss_and_gradients(X, Y, W, B)
    assume(np.all(np.isfinite(dW_t)) and np.all(np.isfinite(dB_t)))
    try:
        dW, dB = h.loss_gradient(X, Y, W, B)
    except ValueError as error:
        assert "loss_gradient_shortcut" in str(error)
        # only where a sample's target logit is ~709 or more below its largest
        Z = W @ X.T + B
        margins = Z.max(axis=0) - Z[np.argmax(Y, axis=1), np.arange(len(X))]
        assert margins.max() > 708
        return
    tolerance = _gradient_tolerance(X, W, B)
    np.testing.assert_allclose(dW, dW_t, rtol=0, atol=tolerance)
    np.testing.assert_allclose(dB, dB_t, rtol=0, atol=tolerance)


FLOAT = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e-300, 1e-300),
    st.sampled_from(SPECIAL),
)


@given(a=FLOAT, b=FLOAT)
def test_relative_error_is_exact_rational_arithmetic_and_torchs_where_it_can(a, b):
    result = h.relative_error([a], [b])[0]
    a_q, b_q = Fraction(a), Fraction(b)  # exact rationals: no overflow, no rounding
    exact = 0.0 if a == b == 0 else float(abs(a_q - b_q) / (abs(a_q) + abs(b_q)))
    assert result == pytest.approx(exact, rel=4.5e-16, abs=0)
    assert 0.0 <= result <= 1.0
    # PyTorch's naive formula, where neither the sum overflows nor the terms are subnormal
    a_t, b_t = torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)
    naive = (torch.abs(a_t - b_t) / (torch.abs(a_t) + torch.abs(b_t))).item()
    if 1e-290 < abs(a) + abs(b) < 1e307 and all(x == 0 or abs(x) > 1e-290 for x in (a, b)):
        assert result == pytest.approx(naive, rel=4.5e-16, abs=0)
