"""The exercise of notebook 06_training: one gradient descent step."""

import numpy as np

from helpers.exercises.core import (
    _call,
    _compare,
    _lesson_problem,
    _outputs,
    _rng,
    _run_check,
    _wrong,
)
from helpers.model import (
    loss_gradient_shortcut,
)

# --- 7. one gradient descent step ------------------------------------------------------------


def check_gradient_step(learner_step):
    """Exercise: `gradient_step(W, B, dW, dB, learning_rate)` -> (new W, new B) with
    W - learning_rate * dW and B - learning_rate * dB, leaving W and B unchanged. Catches: the
    sign flip (a step up the gradient), the learning rate left out, W and B changed in place."""

    def body():
        rng = _rng(7)
        X, Y, W, B = _lesson_problem()
        cases = [("the lesson's first step", W, B, *loss_gradient_shortcut(X, Y, W, B), 0.001)]
        for c, d, rate in [(3, 4, 0.1), (4, 2, 0.5), (2, 5, 0.01)]:
            cases.append(
                (
                    f"random W ({c} x {d}) at learning rate {rate}",
                    rng.normal(size=(c, d)),
                    rng.normal(size=(c, 1)),
                    rng.normal(size=(c, d)),
                    rng.normal(size=(c, 1)),
                    rate,
                )
            )
        for case, W, B, dW, dB, rate in cases:
            output, (W_seen, B_seen, _, _, _) = _call(learner_step, (W, B, dW, dB, rate), case)
            W_new, B_new = _outputs(output, ["new W", "new B"], [W.shape, B.shape])
            if not (np.array_equal(W_seen, W) and np.array_equal(B_seen, B)):
                raise _wrong(
                    "your function changes the W and B it was given (W -= ...): return new "
                    "arrays, W - learning_rate * dW.",
                    "in_place",
                )
            mistakes = [
                (
                    "sign",
                    (W + rate * dW, B + rate * dB),
                    "the step goes UP the gradient: subtract it, W - learning_rate * dW.",
                ),
                (
                    "no_learning_rate",
                    (W - dW, B - dB),
                    "multiply the gradient by the learning rate: W - learning_rate * dW.",
                ),
            ]
            expected = (W - rate * dW, B - rate * dB)
            _compare((W_new, B_new), expected, ["new W", "new B"], case, mistakes)
        return "Checked 4 steps: the lesson's first and random ones at other rates."

    return _run_check("gradient_step", body)
