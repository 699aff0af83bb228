"""The exercises of notebook 04_backward: the Jacobian, the chain rule, the shortcut."""

import numpy as np

from helpers.exercises.core import (
    ATOL,
    RTOL,
    _call,
    _close,
    _compare,
    _lesson_problem,
    _logit_problems,
    _outputs,
    _random_problem,
    _rng,
    _run_check,
    _safely,
    _wrong,
)
from helpers.lesson import lesson_flawed_jacobian
from helpers.model import (
    logits,
    loss_gradient,
    loss_gradient_shortcut,
    softmax,
    softmax_jacobian,
)

# --- 3. the 3 x 3 softmax Jacobian, entry by entry -------------------------------------------


def check_softmax_jacobian(learner_jacobian):
    """Exercise: `softmax_jacobian(s)`, s (3,) probabilities -> J (3, 3), J[i, j] = dS_i/dz_j:
    s_i (1 - s_i) on the diagonal, -s_i s_j off it. Catches: the lesson's typo (a diagonal
    entry written s2 (1 - s1)), any other wrong entry by position, the missing minus off the
    diagonal."""

    def body():
        rng = _rng(3)
        X, _, W, B = _lesson_problem()
        cases = [("the lesson's s", softmax(logits(X, W, B), axis=0)[:, 0])]
        for k in range(4):
            cases.append(
                (f"random probabilities #{k + 1}", softmax(rng.normal(size=3) * 2, axis=0))
            )
        for case, s in cases:
            output, _ = _call(learner_jacobian, (s,), case)
            (J,) = _outputs(output, ["J"], [(3, 3)])
            expected = softmax_jacobian(s)
            if _close(J, expected):
                continue
            flawed = lesson_flawed_jacobian(s)
            scale = ATOL * max(1.0, float(np.max(np.abs(expected))))
            wrong = ~np.isclose(J, expected, rtol=RTOL, atol=scale)
            typo = [i for i in range(3) if wrong[i, i] and np.isclose(J[i, i], flawed[i, i])]
            if typo:
                entries = " and ".join(f"({i + 1}, {i + 1})" for i in typo)
                noun, verb = ("entry", "is") if len(typo) == 1 else ("entries", "are")
                raise _wrong(
                    f"{noun} {entries} {verb} s2(1 - s1), the lesson's typo: a diagonal entry "
                    "J_ii is s_i(1 - s_i).",
                    "lesson_typo",
                )
            off = ~np.eye(3, dtype=bool)
            if np.all(np.isclose(J[off], -expected[off], rtol=RTOL, atol=scale)):
                raise _wrong(
                    "the off-diagonal entries have the wrong sign: J[i, j] = -s_i s_j for i != j.",
                    "sign",
                )
            entries = ", ".join(f"({i + 1}, {j + 1})" for i, j in np.argwhere(wrong))
            raise _wrong(
                f"on {case} these entries are wrong: {entries}. J[i, j] = s_i(1 - s_i) if "
                "i == j, else -s_i s_j.",
                "values",
            )
        return "Checked all 9 entries on 5 probability vectors, the lesson's first."

    return _run_check("softmax_jacobian", body)


# --- 4. dL/dW and dL/dB by the chain rule (one sample) ----------------------------------------


def _gradient_mistakes(X, Y, W, B, dW, dB, samples_summed=True):
    """The gradients that known mistakes give on this problem, with their messages."""
    N = X.shape[0]
    Z = logits(X, W, B)
    mistakes = [
        (
            "sign",
            (-dW, -dB),
            "the sign is flipped: dL/dZ = S - Y^T (prediction minus target), and dL/dS_t = -1/S_t.",
        ),
        (
            "w_transposed_values",
            (dW.T, dB) if dW.shape[0] == dW.shape[1] else None,
            "dL/dW is transposed: it has the shape of W (C x D), dL/dZ @ X.",
        ),
    ]
    if X.shape[0] > 1 and samples_summed:
        mistakes += [
            (
                "mean_instead_of_sum",
                (dW / N, dB / N),
                "you divide by N (the mean): the course's loss is the SUM over samples, so its "
                "gradient is the sum too.",
            ),
            (
                "bias_not_summed",
                (dW, softmax(Z, axis=0)[:, :1] - Y[:1].T),
                "dL/dB is the first sample's dL/dZ only: sum dL/dZ over all the samples "
                "(.sum(axis=1, keepdims=True)).",
            ),
            (
                "bias_mean",
                (dW, dB / N),
                "dL/dB is averaged over the samples: SUM dL/dZ over them "
                "(.sum(axis=1, keepdims=True)).",
            ),
        ]
    if W.shape[0] == 3:
        mistakes.append(
            (
                "lesson_typo",
                _safely(lambda: loss_gradient(X, Y, W, B, jacobian=lesson_flawed_jacobian)),
                "this is the gradient through the lesson's flawed Jacobian: its diagonal entry "
                "is s_i(1 - s_i), not s2(1 - s1).",
            )
        )
    S_rows = _safely(lambda: (softmax(Z, axis=1),))
    if S_rows is not None:
        dZ = S_rows[0] - Y.T
        mistakes.append(
            (
                "wrong_axis",
                (dZ @ X, dZ.sum(axis=1, keepdims=True)),
                "softmax over the wrong axis: Z is C x N, one column per sample, so softmax "
                "runs down each column (axis=0).",
            )
        )
    return mistakes


def _check_gradient(learner_gradient, problems):
    for case, (X, Y, W, B), extreme in problems:
        output, seen = _call(learner_gradient, (X, Y, W, B), case)
        C, D = W.shape
        if isinstance(output, tuple | list) and len(output) == 2:
            dW_shape = np.shape(output[0]) if hasattr(output[0], "shape") else None
            if dW_shape == (D, C) and C != D:
                raise _wrong(
                    f"dL/dW has shape {(D, C)}, the transpose of W {(C, D)}: use dL/dZ @ X "
                    "(C x N times N x D), not X^T @ dL/dZ^T.",
                    "w_transposed",
                )
            dB_shape = np.shape(output[1]) if hasattr(output[1], "shape") else None
            if dB_shape == (C, X.shape[0]) and X.shape[0] > 1:
                raise _wrong(
                    f"dL/dB has shape {dB_shape}, one column per sample: sum them, "
                    "dL/dZ.sum(axis=1, keepdims=True) is C x 1 like B.",
                    "bias_not_summed",
                )
        dW, dB = _outputs(output, ["dL/dW", "dL/dB"], [(C, D), (C, 1)])
        for name, given, kept in (("X", X, seen[0]), ("W", W, seen[2]), ("B", B, seen[3])):
            if not np.array_equal(given, kept):
                raise _wrong(
                    f"your function changes its argument {name}; leave it as it is.", "in_place"
                )
        expected = loss_gradient_shortcut(X, Y, W, B)
        mistakes = _gradient_mistakes(X, Y, W, B, *expected)
        _compare((dW, dB), expected, ["dL/dW", "dL/dB"], case, mistakes, extreme)
    return f"Checked {len(problems)} problems: the lesson's sample, random ones, logits of 1000."


def check_chain_rule_gradient(learner_gradient):
    """Exercise: `chain_rule_gradient(X, Y, W, B)` for ONE sample, X (1, D), Y (1, 3), W (3, D),
    B (3, 1) -> (dL/dW (3, D), dL/dB (3, 1)) through dL/dS_t, the Jacobian and dZ/dW. Catches:
    the lesson's Jacobian typo, a flipped sign, dL/dW transposed, no max shift."""

    def body():
        rng = _rng(4)
        problems = [("the lesson's sample", _lesson_problem(), False)]
        for d, target in [(4, 0), (4, 1), (2, 2), (5, 2), (3, 0)]:
            problem = _random_problem(rng, 1, d, 3, targets=[target])
            problems.append(
                (f"a random sample with D={d}, target class {target + 1}", problem, False)
            )
        X, Y, W, B = _random_problem(rng, 1, 4, 3, targets=[2])
        problems.append(("logits of about 1000", (X, Y, W, B + 1000.0), True))
        return _check_gradient(learner_gradient, problems)

    return _run_check("chain_rule_gradient", body)


# --- 5. the S - Y shortcut ------------------------------------------------------------------


def check_logit_gradient(learner_shortcut):
    """Exercise: `logit_gradient(Z, Y)`, Z (C, N) logits, Y (N, C) one-hot -> dL/dZ (C, N) =
    softmax(Z) - Y^T. Catches: S - Y without the transpose (a 3 x 3 by broadcasting), Y - S,
    the logits used in place of S, no max shift."""

    def body():
        for case, Z, Y, extreme in _logit_problems(5, [(1, 4, 3), (5, 4, 3), (6, 2, 4)]):
            output, _ = _call(learner_shortcut, (Z, Y), case)
            S = softmax(Z, axis=0)
            if np.shape(output) == (Z.shape[0], Z.shape[0]) and Z.shape[1] == 1:
                if _close(np.asarray(output, dtype=np.float64), S - Y):
                    raise _wrong(
                        "S - Y broadcasts the C x 1 column S against the 1 x C row Y into a "
                        "C x C matrix: transpose Y, S - Y.T.",
                        "y_not_transposed",
                    )
            (dZ,) = _outputs(output, ["dL/dZ"], [Z.shape])
            mistakes = [
                (
                    "sign",
                    (Y.T - S,),
                    "the sign is flipped: dL/dZ = S - Y^T, prediction minus target.",
                ),
                (
                    "logits_not_probabilities",
                    (Z - Y.T,),
                    "subtract Y^T from the probabilities S = softmax(Z), not from the logits Z.",
                ),
                (
                    "wrong_axis",
                    _safely(lambda Z=Z, Y=Y: (softmax(Z, axis=1) - Y.T,)),
                    "softmax over the wrong axis: each column of Z is one sample (axis=0).",
                ),
            ]
            _compare((dZ,), (S - Y.T,), ["dL/dZ"], case, mistakes, extreme)
        return "Checked 5 inputs: the lesson's sample, random batches, logits of 1000."

    return _run_check("logit_gradient", body)
