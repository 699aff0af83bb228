"""The exercise of notebook 02_forward: softmax with the max shift."""

import numpy as np

from helpers.exercises.core import (
    _call,
    _compare,
    _lesson_problem,
    _outputs,
    _rng,
    _run_check,
    _safely,
    _wrong,
)
from helpers.model import (
    logits,
    softmax,
)

# --- 1. softmax with the max shift ----------------------------------------------------------


def check_softmax(learner_softmax):
    """Exercise: `softmax(Z)`, Z (C, N) logits -> S (C, N), softmax down each column (axis 0),
    with each column's maximum subtracted first. Catches: softmax over the wrong axis or the
    whole array, no max shift (nan at logits of 1000), the shift by the whole array's maximum,
    changing Z in place."""

    def body():
        rng = _rng(1)
        X, _, W, B = _lesson_problem()
        cases = [("the lesson's logits Z (3 x 1)", logits(X, W, B), False)]
        for shape in [(3, 5), (4, 2), (2, 7), (3, 3)]:
            cases.append((f"random logits of shape {shape}", rng.normal(size=shape) * 3, False))
        cases.append(("logits of about 1000", rng.normal(size=(3, 4)) + 1000.0, True))
        mixed = np.array([[1000.0, -1000.0], [999.0, -1001.0], [998.0, -1002.0]])
        cases.append(("logits 1000 in one column and -1000 in the other", mixed, True))
        for case, Z, extreme in cases:
            output, (Z_seen,) = _call(learner_softmax, (Z,), case)
            (S,) = _outputs(output, ["S"], [Z.shape])
            if not np.array_equal(Z_seen, Z):
                raise _wrong(
                    "your function changes Z in place; compute on a new array "
                    "(Z - Z.max(axis=0, keepdims=True) makes one).",
                    "in_place",
                )
            if case.startswith("logits 1000 in one column") and not np.all(np.isfinite(S)):
                if np.all(np.isfinite(S[:, 0])):  # the column at 1000 right, the other nan
                    raise _wrong(
                        f"on {case} you get nan: subtract each column's OWN maximum "
                        "(Z.max(axis=0, keepdims=True)), not the maximum of the whole array.",
                        "global_max_shift",
                    )
            mistakes = [
                (
                    "wrong_axis",
                    _safely(lambda Z=Z: (softmax(Z, axis=1),)),
                    "softmax over the wrong axis: each COLUMN of Z (one sample) must sum to 1; "
                    "use axis=0 with keepdims=True.",
                ),
                (
                    "whole_array",
                    _safely(lambda Z=Z: (softmax(Z.ravel(), axis=0).reshape(Z.shape),)),
                    "you normalise over the whole array: divide each column by its own sum "
                    "(.sum(axis=0, keepdims=True)).",
                ),
            ]
            _compare((S,), (softmax(Z, axis=0),), ["S"], case, mistakes, extreme)
        return "Checked 7 inputs: the lesson's logits, random shapes, logits of 1000."

    return _run_check("softmax", body)
