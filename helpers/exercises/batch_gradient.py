"""The exercises of notebook 08_batch_gradient: the batch gradient, the loss summed and averaged."""

import numpy as np

from helpers.exercises.backward import _check_gradient
from helpers.exercises.core import (
    _call,
    _compare,
    _kind,
    _logit_problems,
    _problems,
    _run_check,
    _scalar,
    _wrong,
)
from helpers.model import (
    cross_entropy,
)

# --- 8. the vectorized batch gradient --------------------------------------------------------


def check_batch_gradient(learner_gradient):
    """Exercise: `batch_gradient(X, Y, W, B)`, X (N, D), Y (N, C), W (C, D), B (C, 1) ->
    (dL/dW (C, D), dL/dB (C, 1)) of the SUMMED loss, all samples at once: dL/dZ = S - Y^T,
    dL/dW = dL/dZ @ X, dL/dB = its row sums. Catches: the mean instead of the sum, dL/dW
    transposed, dL/dB not summed over samples (or averaged), softmax over the wrong axis, a
    flipped sign, no max shift."""

    def body():
        sizes = [(5, 4, 3), (30, 4, 3), (7, 2, 5), (4, 4, 4), (3, 6, 2)]
        problems = _problems(8, sizes)
        return _check_gradient(learner_gradient, problems)

    return _run_check("batch_gradient", body)


# --- 9. the loss, summed and averaged --------------------------------------------------------


def check_loss_sum_and_mean(learner_losses):
    """Exercise: `loss_sum_and_mean(Z, Y)`, Z (C, N) logits, Y (N, C) one-hot -> (the summed
    loss, the mean loss over the N samples), two numbers. Catches: the mean where the sum
    belongs, the mean over the classes (dividing by C), the missing minus, no max shift."""

    def body():
        for case, Z, Y, extreme in _logit_problems(9, [(5, 4, 3), (8, 2, 4), (2, 3, 5)]):
            output, _ = _call(learner_losses, (Z, Y), case)
            if not isinstance(output, tuple | list) or len(output) != 2:
                raise _wrong(f"return two numbers, (summed, mean); got {_kind(output)}.", "shape")
            got = (
                np.float64(_scalar(output[0], "the summed loss")),
                np.float64(_scalar(output[1], "the mean loss")),
            )
            total = cross_entropy(Z, Y)
            N, C = Y.shape
            expected = (np.float64(total), np.float64(total / N))
            mistakes = [
                (
                    "sign",
                    (-expected[0], -expected[1]),
                    "the loss is MINUS the log of the target's probability.",
                ),
                ("swapped", expected[::-1], "the two are swapped: return (summed, mean)."),
                (
                    "mean_over_classes",
                    (expected[0], np.float64(total / C)),
                    "the mean is over the N samples (Y.shape[0] or Z.shape[1]), not the C classes.",
                ),
            ]
            if N > 1:
                mistakes.insert(
                    0,
                    (
                        "mean_instead_of_sum",
                        (expected[1], expected[1]),
                        "your 'summed' loss is the mean: add the N per-sample losses up, without "
                        "dividing by N.",
                    ),
                )
            _compare(got, expected, ["the summed loss", "the mean loss"], case, mistakes, extreme)
        return "Checked 5 batches: the lesson's sample, random ones, logits of 1000."

    return _run_check("loss_sum_and_mean", body)
