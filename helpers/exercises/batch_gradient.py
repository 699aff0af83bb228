"""The exercises of notebook 08_batch_gradient: the batch gradient without a loop, and the
loss summed and averaged."""

import numpy as np

from helpers.exercises.backward import check_gradient, overflow_in_gradient
from helpers.exercises.core import (
    _,
    as_scalar,
    call,
    compare,
    kind,
    logit_problems,
    problems,
    run_check,
    wrong,
)
from helpers.model import cross_entropy

LOSS_REFERENCES = ("helpers.cross_entropy", "helpers.log_softmax", "helpers.softmax_forward")


def check_batch_gradient(learner_gradient):
    """Exercise: `batch_gradient(X, Y, W, B)`, X (N, D), Y (N, C), W (C, D), B (C, 1) ->
    (dL/dW (C, D), dL/dB (C, 1)) of the SUMMED loss, all samples at once: dL/dZ = S - Y^T,
    dL/dW = dL/dZ @ X, dL/dB = its row sums. Catches: the mean instead of the sum, dL/dW
    transposed, dL/dB not summed over samples (or averaged), softmax over the wrong axis, a
    flipped sign, no max shift or a shift by the whole array's maximum."""

    def body():
        sizes = [(5, 4, 3), (30, 4, 3), (7, 2, 5), (4, 4, 4), (3, 6, 2)]
        return check_gradient(learner_gradient, problems(8, sizes), overflow_in_gradient())

    return run_check("batch_gradient", body)


def _overflow_in_loss():
    return _(
        "on {case} you get nan or inf: np.exp overflows unless each column's own maximum m is "
        "subtracted, and log(S) is -inf where S underflows to 0. Compute each loss from the "
        "logits: log(sum_k exp(z_k - m)) - (z_t - m)."
    )


def check_loss_sum_and_mean(learner_losses):
    """Exercise: `loss_sum_and_mean(Z, Y)`, Z (C, N) logits, Y (N, C) one-hot -> (the summed
    loss, the mean loss over the N samples), two numbers. Catches: the mean where the sum
    belongs, the mean over the classes (dividing by C), the missing minus, no max shift, and
    -log(softmax) on a confidently wrong sample (inf where the loss is 805)."""

    def body():
        cases = logit_problems(9, [(5, 4, 3), (8, 2, 4), (2, 3, 5)])
        for case, Z, Y, extreme in cases:
            output = call(learner_losses, (Z, Y), ("Z", "Y"), case, LOSS_REFERENCES)
            if not isinstance(output, tuple | list) or len(output) != 2:
                raise wrong(
                    _("return two numbers, (summed, mean); got {kind}.").format(kind=kind(output)),
                    "shape",
                )
            names = [_("the summed loss"), _("the mean loss")]
            got = (as_scalar(output[0], names[0]), as_scalar(output[1], names[1]))
            total = cross_entropy(Z, Y)
            N, C = Y.shape
            expected = (np.float64(total), np.float64(total / N))
            mistakes = [
                (
                    "sign",
                    (-expected[0], -expected[1]),
                    _("the loss is MINUS the log of the target's probability."),
                ),
                ("swapped", expected[::-1], _("the two are swapped: return (summed, mean).")),
                (
                    "mean_over_classes",
                    (expected[0], np.float64(total / C)),
                    _(
                        "the mean is over the N samples (Y.shape[0] or Z.shape[1]), not the C "
                        "classes."
                    ),
                ),
            ]
            if N > 1:
                mistakes.insert(
                    0,
                    (
                        "mean_instead_of_sum",
                        (expected[1], expected[1]),
                        _(
                            "your 'summed' loss is the mean: add the N per-sample losses up, "
                            "without dividing by N."
                        ),
                    ),
                )
            if np.isposinf(got[0]):
                raise wrong(
                    _(
                        "on {case} your summed loss is inf: a confidently wrong sample's "
                        "probability underflows to 0, and -log(0) is inf. Compute each loss from "
                        "the logits: log(sum_k exp(z_k - m)) - (z_t - m), m the column's maximum."
                    ).format(case=case),
                    "log_of_zero",
                )
            compare(got, expected, names, case, mistakes, extreme, _overflow_in_loss())
        return _(
            "Checked {count} batches: the lesson's sample, random ones, logits of +-1000 "
            "and a confidently wrong sample."
        ).format(count=len(cases))

    return run_check("loss_sum_and_mean", body)
