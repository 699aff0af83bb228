"""The exercise of notebook 03_loss: the cross-entropy of one sample."""

import numpy as np

from helpers.exercises.core import (
    _,
    as_scalar,
    call,
    compare,
    lesson_problem,
    rng,
    run_check,
    wrong,
)
from helpers.model import logits, softmax

REFERENCES = ("helpers.cross_entropy", "helpers.softmax_forward", "helpers.log_softmax")


def check_sample_loss(learner_loss):
    """Exercise: `sample_loss(pred, Y)`, pred (1, C) probabilities, Y (1, C) one-hot -> the
    cross-entropy -log(probability of the target class), a number. Catches: the missing minus,
    log10, -log summed over every class, the most probable class used instead of the target,
    a probability clipped or padded (a confidently wrong sample: S_t = 1e-300, loss 690.8), and
    -sum(Y log pred), which is nan where a probability is 0 (a certain, right sample)."""

    def body():
        generator = rng(2)
        X, Y, W, B = lesson_problem()
        cases = [(_("the lesson's pred and Y"), softmax(logits(X, W, B), axis=0).T, Y)]
        for n_classes, target in [(3, 0), (3, 1), (4, 2), (2, 1), (5, 4)]:
            z = generator.normal(size=(1, n_classes)) * 2
            z[0, target] -= 1.0  # the target is rarely the most probable class
            cases.append(
                (
                    _("a random sample with {count} classes").format(count=n_classes),
                    softmax(z, axis=1),
                    np.eye(n_classes)[[target]],
                )
            )
        cases.append(
            (
                _("a confidently wrong sample (target probability 1e-300)"),
                np.array([[0.7, 0.3, 1e-300]]),
                np.array([[0.0, 0.0, 1.0]]),
            )
        )
        cases.append(
            (
                _("a certain, right sample (pred = [[1, 0, 0]])"),
                np.array([[1.0, 0.0, 0.0]]),
                np.array([[1.0, 0.0, 0.0]]),
            )
        )
        for case, pred, Y in cases:
            output = call(learner_loss, (pred, Y), ("pred", "Y"), case, REFERENCES)
            loss = as_scalar(output, _("the loss"))
            p_target = float(pred[0, np.argmax(Y)])
            expected = np.float64(-np.log(p_target))
            mistakes = [
                ("sign", (-expected,), _("the loss is MINUS the log of the target's probability.")),
                (
                    "log10",
                    (np.float64(-np.log10(p_target)),),
                    _("use the natural logarithm np.log, not np.log10."),
                ),
                (
                    "all_classes",
                    (np.float64(-np.sum(np.log(pred))),),
                    _(
                        "only the target class counts: pick its probability with the one-hot Y "
                        "(pred * Y), then take -log."
                    ),
                ),
                (
                    "most_probable",
                    (np.float64(-np.log(pred.max())),),
                    _(
                        "use the probability of the TARGET class (where Y is 1), not the "
                        "largest one."
                    ),
                ),
            ]
            if np.isnan(loss) and np.any(pred == 0):
                raise wrong(
                    _(
                        "on {case} you get nan: where a probability is 0, 0 * log(0) is nan. "
                        "Pick the target's probability first (np.sum(pred * Y)), then take -log "
                        "of that one number."
                    ).format(case=case),
                    "zero_times_log_zero",
                )
            compare((loss,), (expected,), [_("the loss")], case, mistakes)
        return _(
            "Checked {count} samples: the lesson's, random ones with 2 to 5 classes, a "
            "confidently wrong one and a certain one."
        ).format(count=len(cases))

    return run_check("sample_loss", body)
