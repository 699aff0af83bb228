"""Softmax regression in NumPy, in the lesson's notation.

X: (N, D) samples as rows.  Y: (N, C) one-hot rows.  W: (C, D).  B: (C, 1).
Z = W X^T + B: (C, N), one column of logits per sample; softmax runs down each column.
The loss is the SUM over samples of -log(probability of the target class).
Every function works in float64 and leaves its arguments unchanged.
"""

import numpy as np

from helpers.checks import (
    as_finite_array,
    as_matrix,
    as_one_hot,
    check_linear_inputs,
    check_model_inputs,
)


def logits(X, W, B):
    """Z = W X^T + B.  X (N, D), W (C, D), B (C, 1) -> Z (C, N)."""
    X, W, B = check_linear_inputs(X, W, B)
    return W @ X.T + B


def softmax(Z, *, axis):
    """exp(Z) / sum(exp(Z)) along `axis` (the class axis); any shape in, same shape out.

    The maximum along `axis` is subtracted first: softmax(z - m) = softmax(z) for any constant
    m, and afterwards the largest exponent is exp(0) = 1, so nothing overflows.
    """
    return _softmax(as_finite_array("Z", Z), axis)


def log_softmax(Z, *, axis):
    """log(softmax(Z)) along `axis` by log-sum-exp; same shape out. Finite even where
    softmax underflows to 0."""
    return _log_softmax(as_finite_array("Z", Z), axis)


def _softmax(Z, axis):
    exponentials = Z - Z.max(axis=axis, keepdims=True)  # a new array: Z stays as it is
    np.exp(exponentials, out=exponentials)  # in place: no second temporary
    exponentials /= exponentials.sum(axis=axis, keepdims=True)
    return exponentials


def _log_softmax(Z, axis):
    shifted = Z - Z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def cross_entropy(Z, Y):
    """Summed cross-entropy from logits.  Z (C, N), Y (N, C) one-hot -> a float.

    -sum over samples of log(softmax of the target class), computed with log_softmax so that
    a confident wrong answer gives a large finite loss instead of -log(0) = inf.
    """
    Z = as_matrix("Z", Z)
    n_classes, n_samples = Z.shape
    Y = as_one_hot("Y", Y, rows=n_samples, cols=n_classes, why=" (Z transposed)")
    return _summed_loss(Z, Y)


def _summed_loss(Z, Y):
    # The one-hot Y^T keeps only the target class's log-probability in each column;
    # + 0.0 turns a loss of -0.0 (a certain, right prediction) into 0.0.
    return float(-np.sum(Y.T * _log_softmax(Z, axis=0))) + 0.0


def softmax_forward(X, Y, W, B):
    """The lesson's forward pass.  X (N, D), Y (N, C), W (C, D), B (C, 1) ->
    (pred (N, C), loss float): pred holds one row of class probabilities per sample, and
    loss is the cross-entropy summed over the N samples."""
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    Z = W @ X.T + B
    pred = _softmax(Z, axis=0).T
    return pred, _summed_loss(Z, Y)


def softmax_jacobian(s):
    """J = diag(s) - s s^T, the derivative of softmax at one sample: s (C,) -> J (C, C).

    J[i, j] = dS_i / dZ_j = s_i (1 - s_i) on the diagonal and -s_i s_j off it.
    """
    s = as_finite_array("s", s, ndim=1)
    return np.diag(s) - np.outer(s, s)


def loss_gradient(X, Y, W, B, jacobian=None):
    """dL/dW (C, D) and dL/dB (C, 1) by the lesson's chain rule, one sample at a time.

    For each sample: dL/dS_t = -1 / S_t for its target class t; dS_t/dZ = J @ y, the column
    of the softmax Jacobian that belongs to t (J is symmetric, so it is also row t);
    dZ/dW = x (the sample row) and dZ/dB = 1. The per-sample products are summed, because the
    loss is summed. `jacobian` (s (C,) -> (C, C)) defaults to `softmax_jacobian`; another one
    can be passed to see what a wrong Jacobian does.
    """
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    # Looked up at call time, so that a test can put a different Jacobian in its place.
    jacobian = softmax_jacobian if jacobian is None else jacobian
    S = _softmax(W @ X.T + B, axis=0)
    dW = np.zeros_like(W)
    dB = np.zeros_like(B)
    for x, y, s in zip(X, Y, S.T, strict=True):
        dL_dS_target = -1.0 / s[np.argmax(y)]
        dS_target_dZ = jacobian(s) @ y
        dL_dZ = dL_dS_target * dS_target_dZ
        dW += np.outer(dL_dZ, x)
        dB += dL_dZ[:, np.newaxis]
    return dW, dB


def loss_gradient_shortcut(X, Y, W, B):
    """dL/dW (C, D) and dL/dB (C, 1) from dL/dZ = S - Y^T (C, N), all samples at once.

    The chain rule through the Jacobian collapses to this: -(1/s_t) (J[:, t]) = s - y.
    """
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    _, dW, dB = _loss_and_gradient(X, np.argmax(Y, axis=1), W, B)
    return dW, dB


def _loss_and_gradient(X, targets, W, B):
    """The summed loss and the shortcut gradient from ONE forward pass, without input checks.

    X (N, D), targets (N,) class indices, W (C, D), B (C, 1) -> (loss, dW (C, D), dB (C, 1)).
    Written for speed: one (C, N) work array, changed in place from logits to dL/dZ, and the
    one-hot Y replaced by indexing with the target classes.
    """
    columns = np.arange(X.shape[0])
    work = W @ X.T  # (C, N) logits; W @ X.T is the fastest layout for NumPy's BLAS here
    work += B
    work -= work.max(axis=0)  # shift each column: exp cannot overflow
    target_logits = work[targets, columns]  # (N,) shifted logit of each true class
    np.exp(work, out=work)
    totals = work.sum(axis=0)  # (N,)
    # -log S_t = log(sum_k exp(z_k)) - z_t, summed over samples (log-sum-exp, stable)
    loss = float(np.log(totals).sum() - target_logits.sum()) + 0.0
    work /= totals  # S, the probabilities
    work[targets, columns] -= 1.0  # dL/dZ = S - Y^T
    return loss, work @ X, work.sum(axis=1, keepdims=True)


def numerical_gradient(X, Y, W, B, eps=1e-5):
    """Central finite differences of the summed loss, in float64:
    dL/dP ~ (L(P + eps) - L(P - eps)) / (2 eps) for every entry P of W and B. The error is
    about eps^2 (the formula's) plus 1e-16 L / eps (rounding); eps = 1e-5 keeps both small.
    X (N, D), Y (N, C), W (C, D), B (C, 1) -> (dW (C, D), dB (C, 1))."""
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    if not (np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps: expected a small positive number, got {eps!r}")

    def loss(W, B):
        return _summed_loss(W @ X.T + B, Y)

    gradients = []
    for param in (W, B):
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            original = param[index]
            param[index] = original + eps
            loss_plus = loss(W, B)
            param[index] = original - eps
            loss_minus = loss(W, B)
            param[index] = original  # W and B are private float64 copies of the caller's
            grad[index] = (loss_plus - loss_minus) / (2 * eps)
        gradients.append(grad)
    return tuple(gradients)


def relative_error(a, b):
    """|a - b| / (|a| + |b|) element by element (0 where both are 0); same shape out."""
    a = as_finite_array("a", a)
    b = as_finite_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"b: expected the shape of a {a.shape}, got shape {b.shape}")
    scale = np.abs(a) + np.abs(b)
    return np.abs(a - b) / np.maximum(scale, np.finfo(np.float64).tiny)


def train(X, Y, W, B, learning_rate, steps, gradient=None):
    """Plain gradient descent: `steps` times W -= lr dL/dW, B -= lr dL/dB.

    X (N, D), Y (N, C), W (C, D), B (C, 1) -> (W (C, D), B (C, 1), losses (steps + 1,)),
    where losses[k] is the summed loss after k steps. By default the gradient is the shortcut
    S - Y^T, computed with the loss from one forward pass per step; `gradient` may be any
    function with the signature of `loss_gradient` (e.g. the lesson's chain rule). The inputs
    are checked once, and not changed: W and B are copied.
    """
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate: expected a positive number, got {learning_rate!r}")
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"steps: expected a whole number >= 0, got {steps!r}")
    W, B = W.copy(), B.copy()  # updated in place below
    targets = np.argmax(Y, axis=1)
    losses = np.empty(steps + 1)
    # An absurd learning rate can overflow W to inf; that is reported below as an error,
    # not as a stream of RuntimeWarnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps):
            if gradient is None:
                losses[step], dW, dB = _loss_and_gradient(X, targets, W, B)
            else:
                losses[step] = _summed_loss(W @ X.T + B, Y)
                dW, dB = gradient(X, Y, W, B)
            W -= learning_rate * dW
            B -= learning_rate * dB
        losses[steps] = _summed_loss(W @ X.T + B, Y)
    if not (np.all(np.isfinite(losses)) and np.all(np.isfinite(W)) and np.all(np.isfinite(B))):
        raise ValueError(
            f"learning_rate: expected a rate at which training stays finite, got "
            f"{learning_rate!r} (W, B or the loss overflowed)"
        )
    return W, B, losses
