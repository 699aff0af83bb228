"""Softmax regression in NumPy, in the lesson's notation.

X: (N, D) samples as rows.  Y: (N, C) one-hot rows.  W: (C, D).  B: (C, 1).
Z = W X^T + B: (C, N), one column of logits per sample; softmax runs down each column.
The loss is the SUM over samples of -log(probability of the target class).
Every function works in float64 and leaves its arguments unchanged. A result that does not
fit in float64 (finite inputs whose product overflows) is a ValueError, never inf or nan.
"""

import numpy as np

from helpers.checks import (
    as_axis,
    as_finite_array,
    as_matrix,
    as_number,
    as_one_hot,
    as_positive_number,
    as_whole_number,
    check_callable,
    check_finite_result,
    check_linear_inputs,
    check_model_inputs,
)

# numerical_gradient's step: below 1e-10 rounding (about 1e-16 L / eps) swamps the difference
# of the two losses; above 0.1 the formula's own error (about eps^2) does.
EPS_RANGE = (1e-10, 0.1)


def logits(X, W, B):
    """Z = W X^T + B.  X (N, D), W (C, D), B (C, 1) -> Z (C, N)."""
    X, W, B = check_linear_inputs(X, W, B)
    return _logits(X, W, B)


def _logits(X, W, B):
    """Z = W X^T + B (C, N) from checked inputs; a ValueError if a product overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        Z = W @ X.T + B
    check_finite_result("X, W, B", Z, "the logits Z = W X^T + B")
    return Z


def softmax(Z, *, axis):
    """exp(Z) / sum(exp(Z)) along `axis` (the class axis); any shape (at least 1-D) in, same
    shape out.

    The maximum along `axis` is subtracted first: softmax(z - m) = softmax(z) for any constant
    m, and afterwards the largest exponent is exp(0) = 1, so nothing overflows.
    """
    Z = as_finite_array("Z", Z, min_ndim=1)
    return _softmax(Z, as_axis(axis, Z.ndim))


def log_softmax(Z, *, axis):
    """log(softmax(Z)) along `axis` by log-sum-exp; any shape (at least 1-D) in, same shape
    out. Finite even where softmax underflows to 0; a ValueError where the log-probability
    itself is beyond float64 (logits that differ by more than 1.8e308)."""
    Z = as_finite_array("Z", Z, min_ndim=1)
    log_S = _log_softmax(Z, as_axis(axis, Z.ndim))
    check_finite_result("Z", log_S, "log_softmax")
    return log_S


def _shifted(Z, axis):
    """Z minus its maximum along `axis`: every value <= 0, the largest exactly 0."""
    # A difference beyond -1.8e308 becomes -inf, and exp(-inf) is exactly 0: no warning.
    with np.errstate(over="ignore"):
        return Z - Z.max(axis=axis, keepdims=True)


def _softmax(Z, axis):
    exponentials = np.exp(_shifted(Z, axis))
    return exponentials / exponentials.sum(axis=axis, keepdims=True)


def _log_softmax(Z, axis):
    shifted = _shifted(Z, axis)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def cross_entropy(Z, Y):
    """Summed cross-entropy from logits.  Z (C, N), Y (N, C) one-hot -> a float.

    -sum over samples of log(softmax of the target class), computed with log_softmax so that
    a confident wrong answer gives a large finite loss instead of -log(0) = inf.
    """
    Z = as_matrix("Z", Z)
    n_classes, n_samples = Z.shape
    Y = as_one_hot("Y", Y, rows=n_samples, cols=n_classes, why=" (Z transposed)")
    return _checked_loss("Z", Z, Y)


def _summed_loss(Z, Y):
    # The one-hot Y^T keeps only the target class's log-probability in each column (chosen,
    # not multiplied: 0 * -inf would be nan where another class's log S is beyond float64);
    # + 0.0 turns a loss of -0.0 (a certain, right prediction) into 0.0.
    with np.errstate(over="ignore", invalid="ignore"):
        return float(-np.sum(np.where(Y.T == 1, _log_softmax(Z, axis=0), 0.0))) + 0.0


def _checked_loss(names, Z, Y):
    """The summed loss of logits Z, with a ValueError naming `names` if it overflows."""
    loss = _summed_loss(Z, Y)
    check_finite_result(names, loss, "the summed loss")
    return loss


def softmax_forward(X, Y, W, B):
    """The lesson's forward pass.  X (N, D), Y (N, C), W (C, D), B (C, 1) ->
    (pred (N, C), loss float): pred holds one row of class probabilities per sample, and
    loss is the cross-entropy summed over the N samples."""
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    Z = _logits(X, W, B)
    pred = _softmax(Z, axis=0).T
    return pred, _checked_loss("X, W, B", Z, Y)


def softmax_jacobian(s):
    """J = diag(s) - s s^T, the derivative of softmax at one sample: s (C,) -> J (C, C).

    J[i, j] = dS_i / dZ_j = s_i (1 - s_i) on the diagonal and -s_i s_j off it.
    """
    s = as_finite_array("s", s, ndim=1)
    with np.errstate(over="ignore"):  # s_i s_j beyond float64 is inf: checked below
        J = np.diag(s) - np.outer(s, s)
    check_finite_result("s", J, "diag(s) - s s^T")
    return J


def loss_gradient(X, Y, W, B, jacobian=None):
    """dL/dW (C, D) and dL/dB (C, 1) by the lesson's chain rule, one sample at a time.

    For each sample: dL/dS_t = -1 / S_t for its target class t; dS_t/dZ = J @ y, the column
    of the softmax Jacobian that belongs to t (J is symmetric, so it is also row t);
    dZ/dW = x (the sample row) and dZ/dB = 1. The per-sample products are summed, because the
    loss is summed. `jacobian` (s (C,) -> (C, C)) defaults to `softmax_jacobian`; another one
    can be passed to see what a wrong Jacobian does.

    A sample predicted confidently wrong (its target logit more than ~709 below the largest)
    has S_t so small that -1 / S_t overflows float64: that is a ValueError saying so. The
    shortcut S - Y (loss_gradient_shortcut) divides by nothing and has no such limit.
    """
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    # Looked up at call time, so that a test can put a different Jacobian in its place.
    jacobian = softmax_jacobian if jacobian is None else jacobian
    check_callable("jacobian", jacobian)
    Z = _logits(X, W, B)
    S = _softmax(Z, axis=0)
    dW = np.zeros_like(W)
    dB = np.zeros_like(B)
    for n, (x, y, s) in enumerate(zip(X, Y, S.T, strict=True)):
        t = np.argmax(y)  # the target class of sample n
        with np.errstate(divide="ignore", over="ignore"):  # checked on the next line
            dL_dS_target = -1.0 / s[t]
        if not np.isfinite(dL_dS_target):  # S_t < 5.6e-309: -1 / S_t is beyond float64
            raise ValueError(_chain_rule_overflow(n, t, Z[:, n], s[t]))
        dS_target_dZ = _jacobian_of(jacobian, s) @ y
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            dL_dZ = dL_dS_target * dS_target_dZ
            dW += np.outer(dL_dZ, x)
            dB += dL_dZ[:, np.newaxis]
    _check_gradient(dW, dB)
    return dW, dB


def _check_gradient(dW, dB):
    check_finite_result("X, W, B", dW, "the gradient dL/dW")
    check_finite_result("X, W, B", dB, "the gradient dL/dB")


def _jacobian_of(jacobian, s):
    """jacobian(s), checked to be a (C, C) array for s (C,)."""
    J = as_finite_array("jacobian", jacobian(s))
    if J.shape != (s.size, s.size):
        raise ValueError(
            f"jacobian: expected a function that returns shape {(s.size, s.size)} "
            f"for {s.size} probabilities, got shape {J.shape}"
        )
    return J


def _chain_rule_overflow(n, t, z, s_t):
    with np.errstate(over="ignore"):
        margin = z.max() - z[t]
    return (
        f"X, W, B: expected predictions the chain rule can divide by, got sample {n} "
        f"predicted confidently wrong: the logit of its target class {t} is {margin:.4g} below "
        f"the largest, so S_t = {s_t:.3g} and dL/dS_t = -1/S_t overflows float64 (it does "
        f"once that margin passes ~709). loss_gradient_shortcut computes dL/dZ = S - Y "
        f"without dividing by S_t and has no such problem."
    )


def loss_gradient_shortcut(X, Y, W, B):
    """dL/dW (C, D) and dL/dB (C, 1) from dL/dZ = S - Y^T (C, N), all samples at once.

    The chain rule through the Jacobian collapses to this: -(1/s_t) (J[:, t]) = s - y.
    """
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    with np.errstate(over="ignore", invalid="ignore"):
        _, dW, dB = _loss_and_gradient(X, np.argmax(Y, axis=1), W, B)
    if not np.all(np.isfinite(dW)):  # (dB, a sum of N entries of S - Y, cannot overflow)
        _logits(X, W, B)  # a ValueError if the logits overflow, the usual cause
        check_finite_result("X, W, B", dW, "the gradient dL/dW")
    return dW, dB


def _loss_and_gradient(X, targets, W, B):
    """The summed loss and the shortcut gradient from ONE forward pass, without input checks.

    X (N, D), targets (N,) class indices, W (C, D), B (C, 1) -> (loss, dW (C, D), dB (C, 1)).
    The training step: softmax_forward and loss_gradient_shortcut in one, with the one-hot Y
    replaced by indexing each sample's target class: Z[targets, samples] is z_t of every sample.
    """
    samples = np.arange(X.shape[0])  # (N,) column indices, paired with `targets`
    # ONE (C, N) array goes through every stage, changed in place (a new array per stage
    # costs time at N = 60000); each new name below is the same memory at a later stage.
    Z = W @ X.T  # logits (W @ X.T is the fastest layout for NumPy's BLAS here) ...
    Z += B  # ... plus the bias
    Z -= Z.max(axis=0)  # shift each column so that its largest logit is 0: exp <= 1
    target_logits = Z[targets, samples]  # (N,) shifted z_t of each sample (a copy)
    exp_Z = np.exp(Z, out=Z)
    totals = exp_Z.sum(axis=0)  # (N,) softmax denominators
    # -log S_t = log(sum_k exp z_k) - z_t for each sample, summed: log-sum-exp, stable
    loss = float(np.log(totals).sum() - target_logits.sum()) + 0.0
    S = np.divide(exp_Z, totals, out=exp_Z)  # the probabilities
    dL_dZ = S
    dL_dZ[targets, samples] -= 1.0  # S - Y^T: minus 1 at each sample's target class
    return loss, dL_dZ @ X, dL_dZ.sum(axis=1, keepdims=True)


def numerical_gradient(X, Y, W, B, eps=1e-5):
    """Central finite differences of the summed loss, in float64:
    dL/dP ~ (L(P + eps) - L(P - eps)) / (2 eps) for every entry P of W and B. The error is
    about eps^2 (the formula's) plus 1e-16 L / eps (rounding); eps = 1e-5 keeps both small.
    eps must lie in [1e-10, 0.1] (EPS_RANGE) and be at least 1000 float64 spacings of every
    entry of W and B (else P + eps rounds to about P). W and B are never written to: the
    steps are taken on private copies.
    X (N, D), Y (N, C), W (C, D), B (C, 1) -> (dW (C, D), dB (C, 1))."""
    X, Y, W, B = check_model_inputs(X, Y, W, B)
    low, high = EPS_RANGE
    eps = as_number("eps", eps, low, high, f"a number in [{low:g}, {high:g}]")
    W, B = W.copy(), B.copy()  # private copies: the caller's arrays stay as they are
    for name, param in (("W", W), ("B", B)):
        _check_step_resolves(name, param, eps)

    def loss():
        return _checked_loss("X, W, B", _logits(X, W, B), Y)

    gradients = []
    for param in (W, B):
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            original = param[index]
            param[index] = original + eps
            loss_plus = loss()
            param[index] = original - eps
            loss_minus = loss()
            param[index] = original
            grad[index] = (loss_plus - loss_minus) / (2 * eps)
        gradients.append(grad)
    return tuple(gradients)


def _check_step_resolves(name, param, eps):
    spacing = np.spacing(np.abs(param))  # the gap to the next float64 of each entry
    if np.any(eps < 1000 * spacing):
        index = tuple(int(i) for i in np.unravel_index(np.argmax(spacing), param.shape))
        raise ValueError(
            f"eps: expected at least 1000 float64 spacings of {name}{list(index)} = "
            f"{param[index]:.3g} (spacing {spacing[index]:.1e}), got {eps:g}"
        )


def relative_error(a, b):
    """|a - b| / (|a| + |b|) element by element (0 where both are 0); a, b and the result
    have one shape, any. Exact scaling by a power of two first, so that nothing overflows
    (1e308 vs -1e308 gives 1) or underflows (1e-310 vs 0 gives 1)."""
    a = as_finite_array("a", a)
    b = as_finite_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"b: expected the shape of a {a.shape}, got shape {b.shape}")
    # Divide both by 2**e, where 2**(e-1) <= max(|a|, |b|) < 2**e: the ratio is unchanged.
    _, exponent = np.frexp(np.maximum(np.abs(a), np.abs(b)))
    a, b = np.ldexp(a, -exponent), np.ldexp(b, -exponent)
    total = np.abs(a) + np.abs(b)
    error = np.divide(np.abs(a - b), total, out=np.zeros_like(total), where=total > 0)
    return error if error.ndim else error[()]  # a NumPy float for two numbers


def safe_learning_rate(X):
    """The learning rate below which every gradient descent step lowers the summed loss, at any
    W and B: 4 / lambda_max(X~^T X~) with X~ = [X, 1] (notebook 9 derives it from the Hessian).

    X (N, D) -> a float. More rows make it smaller: X~^T X~ is a sum over the rows.
    """
    X = as_matrix("X", X)
    X_tilde = np.hstack([X, np.ones((len(X), 1))])  # (N, D + 1): the bias as a fifth feature
    with np.errstate(over="ignore", invalid="ignore"):
        gram = X_tilde.T @ X_tilde  # (D + 1, D + 1)
    check_finite_result("X", gram, "X~^T X~")
    return float(4 / np.linalg.eigvalsh(gram).max())


def train(X, Y, W, B, learning_rate, steps, gradient=None):
    """Plain gradient descent: `steps` times W -= lr dL/dW, B -= lr dL/dB.

    X (N, D), Y (N, C), W (C, D), B (C, 1) -> (W (C, D), B (C, 1), losses (steps + 1,)),
    where losses[k] is the summed loss after k steps. By default the gradient is the shortcut
    S - Y^T, computed with the loss from one forward pass per step; `gradient` may be any
    function with the signature of `loss_gradient` (e.g. the lesson's chain rule). The inputs
    are checked once, and not changed: W and B are copied.
    """
    X, Y, W_start, B_start = check_model_inputs(X, Y, W, B)
    learning_rate = as_positive_number("learning_rate", learning_rate)
    steps = as_whole_number("steps", steps, minimum=0)
    if gradient is not None:
        check_callable("gradient", gradient)
    W, B = W_start.copy(), B_start.copy()  # updated in place below
    targets = np.argmax(Y, axis=1)
    losses = np.full(steps + 1, np.nan)
    # An absurd learning rate can overflow W to inf; that is reported below as an error,
    # not as a stream of RuntimeWarnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps):
            if gradient is None:
                losses[step], dW, dB = _loss_and_gradient(X, targets, W, B)
            elif np.all(np.isfinite(W)) and np.all(np.isfinite(B)):
                losses[step] = _summed_loss(W @ X.T + B, Y)
                dW, dB = _gradient_of(gradient, X, Y, W, B)
            else:
                break  # diverged: a gradient function would only refuse the inf in W or B
            W -= learning_rate * dW
            B -= learning_rate * dB
        losses[steps] = _summed_loss(W @ X.T + B, Y)
    if not (np.all(np.isfinite(losses)) and np.all(np.isfinite(W)) and np.all(np.isfinite(B))):
        _check_start(X, Y, W_start, B_start)  # raises if the start overflows already
        raise ValueError(
            f"learning_rate: expected a rate at which training stays finite, got "
            f"{learning_rate!r} (W, B or the loss overflowed)"
        )
    return W, B, losses


def _check_start(X, Y, W, B):
    """A ValueError naming X, W, B if the logits, the loss or the gradient overflow at W, B:
    before any step, that is the inputs' fault and not the learning rate's."""
    Z = _logits(X, W, B)
    _checked_loss("X, W, B", Z, Y)
    with np.errstate(over="ignore", invalid="ignore"):  # checked on the next line
        _, dW, dB = _loss_and_gradient(X, np.argmax(Y, axis=1), W, B)
    _check_gradient(dW, dB)


def _gradient_of(gradient, X, Y, W, B):
    """gradient(X, Y, W, B), checked to be (dW, dB) of the shapes of W and B."""
    dW, dB = gradient(X, Y, W, B)
    for name, value, shape in (("dW", dW, W.shape), ("dB", dB, B.shape)):
        if np.shape(value) != shape:
            raise ValueError(
                f"gradient: expected a function returning {name} of shape {shape}, "
                f"got shape {np.shape(value)}"
            )
    return dW, dB
