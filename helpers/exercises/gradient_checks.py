"""The exercise of notebook 05_gradient_checks: the central-difference loop."""

import numpy as np

from helpers.exercises.core import (
    _call,
    _outputs,
    _problems,
    _run_check,
    _wrong,
)
from helpers.model import (
    cross_entropy,
    logits,
    loss_gradient_shortcut,
)

# --- 6. the central-difference loop ----------------------------------------------------------


def _loss_of(X, Y):
    return lambda W, B: cross_entropy(logits(X, W, B), Y)


def _differences(X, Y, W, B, eps, kind):
    """Finite differences of the summed loss: kind 'forward' or 'no_restore' (both wrong)."""
    loss = _loss_of(X, Y)
    W, B = W.copy(), B.copy()
    gradients = []
    for param in (W, B):
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            original = param[index]
            if kind == "forward":
                base = loss(W, B)
                param[index] = original + eps
                grad[index] = (loss(W, B) - base) / eps
                param[index] = original
            else:  # "no_restore": nudged up, then down, never put back
                param[index] = original + eps
                plus = loss(W, B)
                param[index] = original - eps
                grad[index] = (plus - loss(W, B)) / (2 * eps)
        gradients.append(grad)
    return tuple(gradients)


def check_numerical_gradient(learner_numerical):
    """Exercise: `numerical_gradient(X, Y, W, B, eps=1e-5)` -> (dL/dW (C, D), dL/dB (C, 1)) by
    central differences (L(p + eps) - L(p - eps)) / (2 eps) of the summed loss, for every entry
    of W and B. Catches: dividing by eps instead of 2 eps, forward differences, a parameter not
    put back after its nudge, W or B of the caller changed."""

    def body():
        eps = 1e-5
        problems = _problems(6, [(3, 4, 3), (2, 2, 4)], extreme=False)
        for case, (X, Y, W, B), _ in problems:
            output, (_, _, W_seen, B_seen) = _call(learner_numerical, (X, Y, W, B), case)
            C, D = W.shape
            dW, dB = _outputs(output, ["dL/dW", "dL/dB"], [(C, D), (C, 1)])
            expected = loss_gradient_shortcut(X, Y, W, B)
            if not (
                np.allclose(W_seen, W, rtol=0, atol=1e-12)
                and np.allclose(B_seen, B, rtol=0, atol=1e-12)
            ):
                raise _wrong(
                    "your function leaves W or B changed: put every entry back to its original "
                    "value after nudging it.",
                    "not_restored",
                )
            got = (dW, dB)
            if all(
                np.allclose(g, e, rtol=0, atol=1e-7) for g, e in zip(got, expected, strict=True)
            ):
                continue
            candidates = [
                (
                    "half_step",
                    tuple(2 * e for e in expected),
                    "divide by 2 eps, not eps: the two points are 2 eps apart.",
                ),
                (
                    "forward_difference",
                    _differences(X, Y, W, B, eps, "forward"),
                    "these are forward differences, (L(p + eps) - L(p)) / eps, with an error of "
                    "order eps; central ones, (L(p + eps) - L(p - eps)) / (2 eps), err by eps^2.",
                ),
                (
                    "no_restore",
                    _differences(X, Y, W, B, eps, "no_restore"),
                    "put each parameter back after nudging it: the later entries are measured at a "
                    "moved point.",
                ),
            ]
            for mistake, outputs, message in candidates:
                if all(
                    np.allclose(g, o, rtol=0, atol=1e-8) for g, o in zip(got, outputs, strict=True)
                ):
                    raise _wrong(message, mistake)
            names = ("dL/dW", "dL/dB")
            for name, g, e in zip(names, got, expected, strict=True):
                if not np.allclose(g, e, rtol=0, atol=1e-7):
                    error = float(np.max(np.abs(g - e)))
                    raise _wrong(
                        f"on {case}, {name} differs from the exact gradient by up to {error:.1e} "
                        "(central differences with eps = 1e-5 come within 1e-7).",
                        "values",
                    )
        return "Checked 3 problems against the exact gradient (to 1e-7)."

    return _run_check("numerical_gradient", body)
