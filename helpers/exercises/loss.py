"""The exercise of notebook 03_loss: the cross-entropy of one sample."""

import numpy as np

from helpers.exercises.core import (
    _call,
    _compare,
    _lesson_problem,
    _rng,
    _run_check,
    _scalar,
)
from helpers.model import (
    cross_entropy,
    logits,
    softmax,
)

# --- 2. the cross-entropy of one sample -----------------------------------------------------


def check_sample_loss(learner_loss):
    """Exercise: `sample_loss(pred, Y)`, pred (1, C) probabilities, Y (1, C) one-hot -> the
    cross-entropy -log(probability of the target class), a number. Catches: the missing minus,
    log10, -log summed over every class, the most probable class used instead of the target."""

    def body():
        rng = _rng(2)
        X, Y, W, B = _lesson_problem()
        cases = [("the lesson's pred and Y", softmax(logits(X, W, B), axis=0).T, Y)]
        for n_classes, target in [(3, 0), (3, 1), (4, 2), (2, 1), (5, 4)]:
            z = rng.normal(size=(1, n_classes)) * 2
            z[0, target] -= 1.0  # the target is rarely the most probable class
            cases.append(
                (
                    f"a random sample with {n_classes} classes",
                    softmax(z, axis=1),
                    np.eye(n_classes)[[target]],
                )
            )
        for case, pred, Y in cases:
            output, _ = _call(learner_loss, (pred, Y), case)
            loss = _scalar(output, "the loss")
            expected = cross_entropy(np.log(pred).T, Y)  # log pred are logits of pred
            p_target = float(pred[0, np.argmax(Y)])
            mistakes = [
                ("sign", (-expected,), "the loss is MINUS the log of the target's probability."),
                (
                    "log10",
                    (-np.log10(p_target),),
                    "use the natural logarithm np.log, not np.log10.",
                ),
                (
                    "all_classes",
                    (-float(np.sum(np.log(pred))),),
                    "only the target class counts: pick its probability with the one-hot Y "
                    "(pred * Y), then take -log.",
                ),
                (
                    "most_probable",
                    (-float(np.log(pred.max())),),
                    "use the probability of the TARGET class (where Y is 1), not the largest one.",
                ),
            ]
            _compare((np.float64(loss),), (np.float64(expected),), ["the loss"], case, mistakes)
        return "Checked 6 samples: the lesson's and random ones with 2 to 5 classes."

    return _run_check("sample_loss", body)
