"""The exercise of notebook 02_forward: softmax with the max shift."""

import numpy as np

from helpers.exercises.core import (
    EXTREME_LOGITS,
    _,
    call,
    compare,
    extreme_case,
    lesson_problem,
    outputs,
    rng,
    run_check,
    safely,
    wrong,
)
from helpers.model import logits, softmax

REFERENCES = ("helpers.softmax", "helpers.log_softmax", "helpers.softmax_forward")


def check_softmax(learner_softmax):
    """Exercise: `softmax(Z)`, Z (C, N) logits -> S (C, N), softmax down each column (axis 0),
    with each column's maximum subtracted first. Catches: softmax over the wrong axis or the
    whole array, no max shift, a shift by the whole array's maximum or by each column's
    minimum or mean (nan on a column spread by more than 709), changing Z, helpers.softmax
    called."""

    def body():
        generator = rng(1)
        X, _Y, W, B = lesson_problem()
        cases = [(_("the lesson's logits Z (3 x 1)"), logits(X, W, B), False)]
        for shape in [(3, 5), (4, 2), (2, 7), (3, 3)]:
            cases.append(
                (
                    _("random logits of shape {shape}").format(shape=shape),
                    generator.normal(size=shape) * 3,
                    False,
                )
            )
        cases.append((_("logits of about 1000"), generator.normal(size=(3, 4)) + 1000.0, True))
        cases.append((extreme_case(), EXTREME_LOGITS, True))
        for case, Z, extreme in cases:
            output = call(learner_softmax, (Z,), ("Z",), case, REFERENCES)
            (S,) = outputs(output, ["S"], [Z.shape])
            expected = softmax(Z, axis=0)
            if extreme and not np.all(np.isfinite(S)):
                if np.array_equal(S, _shifted_softmax(Z, Z.max()), equal_nan=True):
                    raise wrong(
                        _(
                            "on {case} you get nan: subtract each column's OWN maximum "
                            "(Z.max(axis=0, keepdims=True)), not the maximum of the whole array."
                        ).format(case=case),
                        "global_max_shift",
                    )
                shift = Z.min(axis=0, keepdims=True)
                if np.array_equal(S, _shifted_softmax(Z, shift), equal_nan=True):
                    raise wrong(
                        _(
                            "on {case} you get nan: you subtract each column's minimum, and "
                            "np.exp of what is left overflows. Subtract the MAXIMUM, so that "
                            "every exponent is at most 0."
                        ).format(case=case),
                        "min_shift",
                    )
            mistakes = [
                (
                    "wrong_axis",
                    safely(lambda Z=Z: (softmax(Z, axis=1),)),
                    _(
                        "softmax over the wrong axis: each COLUMN of Z (one sample) must sum to "
                        "1; use axis=0 with keepdims=True."
                    ),
                ),
                (
                    "whole_array",
                    safely(lambda Z=Z: (softmax(Z.ravel(), axis=0).reshape(Z.shape),)),
                    _(
                        "you normalise over the whole array: divide each column by its own sum "
                        "(.sum(axis=0, keepdims=True))."
                    ),
                ),
            ]
            compare((S,), (expected,), ["S"], case, mistakes, extreme)
        return _(
            "Checked {count} inputs: the lesson's logits, random shapes, logits of 1000 and "
            "columns spread by up to 2300."
        ).format(count=len(cases))

    return run_check("softmax", body)


def _shifted_softmax(Z, shift):
    exponentials = np.exp(Z - shift)
    return exponentials / exponentials.sum(axis=0, keepdims=True)
