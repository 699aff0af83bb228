"""The exercises of notebook 04_backward: the Jacobian entry by entry, the chain rule for one
sample, and the shortcut dL/dZ = S - Y^T. `check_gradient` is shared with 08_batch_gradient."""

import numpy as np

from helpers.exercises.core import (
    EXTREME_RIGHT_LOGITS,
    RTOL,
    _,
    call,
    close,
    compare,
    lesson_problem,
    logit_problems,
    near_miss,
    outputs,
    problem_with_logits,
    random_problem,
    rng,
    run_check,
    safely,
    wrong,
)
from helpers.lesson import lesson_flawed_jacobian
from helpers.model import logits, loss_gradient, loss_gradient_shortcut, softmax, softmax_jacobian

JACOBIAN_REFERENCES = ("helpers.softmax_jacobian", "helpers.lesson_flawed_jacobian")
GRADIENT_REFERENCES = (
    "helpers.loss_gradient",
    "helpers.loss_gradient_shortcut",
    "helpers.numerical_gradient",
    "helpers.train",
)


def overflow_in_gradient():
    """The message for nan or inf on inputs with a confidently wrong sample (08's batch)."""
    return _(
        "on {case} you get nan or inf: without each column's own maximum subtracted, np.exp "
        "overflows; through -1/S_t, a confidently wrong sample's S_t = 0 gives inf. Use "
        "dL/dZ = S - Y^T."
    )


# --- the 3 x 3 softmax Jacobian, entry by entry -------------------------------------------------


def check_softmax_jacobian(learner_jacobian):
    """Exercise: `softmax_jacobian(s)`, s (3,) probabilities -> J (3, 3), J[i, j] = dS_i/dz_j:
    s_i (1 - s_i) on the diagonal, -s_i s_j off it. Catches: the lesson's typo (a diagonal
    entry written s2 (1 - s1)), any other wrong entry by position, the missing minus off the
    diagonal, a rounded result."""

    def body():
        generator = rng(3)
        X, _Y, W, B = lesson_problem()
        cases = [(_("the lesson's s"), softmax(logits(X, W, B), axis=0)[:, 0])]
        for k in range(4):
            cases.append(
                (
                    _("random probabilities #{number}").format(number=k + 1),
                    softmax(generator.normal(size=3) * 2, axis=0),
                )
            )
        for case, s in cases:
            output = call(learner_jacobian, (s,), ("s",), case, JACOBIAN_REFERENCES)
            (J,) = outputs(output, ["J"], [(3, 3)])
            expected = softmax_jacobian(s)
            if close(J, expected):
                continue
            flawed = lesson_flawed_jacobian(s)
            wrong_entries = ~np.isclose(J, expected, rtol=RTOL, atol=0)
            typo = [
                i
                for i in range(3)
                if wrong_entries[i, i]
                and not np.isclose(flawed[i, i], expected[i, i], rtol=1e-3, atol=0)
                and np.isclose(J[i, i], flawed[i, i], rtol=RTOL, atol=0)
            ]
            if typo:
                entries = _(" and ").join(f"({i + 1}, {i + 1})" for i in typo)
                template = (
                    _(
                        "entry {entries} is s2(1 - s1), the lesson's typo: a diagonal entry J_ii "
                        "is s_i(1 - s_i)."
                    )
                    if len(typo) == 1
                    else _(
                        "entries {entries} are s2(1 - s1), the lesson's typo: a diagonal "
                        "entry J_ii is s_i(1 - s_i)."
                    )
                )
                raise wrong(template.format(entries=entries), "lesson_typo")
            off = ~np.eye(3, dtype=bool)
            if np.all(np.isclose(J[off], -expected[off], rtol=RTOL, atol=0)):
                raise wrong(
                    _(
                        "the off-diagonal entries have the wrong sign: J[i, j] = -s_i s_j for "
                        "i != j."
                    ),
                    "sign",
                )
            if np.all(np.isfinite(J)):
                near = near_miss("J", J, expected, case)
                if near is not None:
                    raise near
            entries = ", ".join(f"({i + 1}, {j + 1})" for i, j in np.argwhere(wrong_entries))
            raise wrong(
                _(
                    "on {case} these entries are wrong: {entries}. J[i, j] = s_i(1 - s_i) if "
                    "i == j, else -s_i s_j."
                ).format(case=case, entries=entries),
                "values",
            )
        return _(
            "Checked all 9 entries on {count} probability vectors, the lesson's first."
        ).format(count=len(cases))

    return run_check("softmax_jacobian", body)


# --- dL/dW and dL/dB (the chain rule for one sample; the batch in 08) ----------------------------


def gradient_mistakes(X, Y, W, B, dW, dB):
    """The gradients that known mistakes give on this problem, with their messages."""
    N = X.shape[0]
    Z = logits(X, W, B)
    mistakes = [
        (
            "sign",
            (-dW, -dB),
            _(
                "the sign is flipped: dL/dZ = S - Y^T (prediction minus target), and "
                "dL/dS_t = -1/S_t."
            ),
        ),
        (
            "w_transposed_values",
            (dW.T, dB) if dW.shape[0] == dW.shape[1] else None,
            _("dL/dW is transposed: it has the shape of W (C x D), dL/dZ @ X."),
        ),
    ]
    if N > 1:
        mistakes += [
            (
                "mean_instead_of_sum",
                (dW / N, dB / N),
                _(
                    "you divide by N (the mean): the course's loss is the SUM over samples, so "
                    "its gradient is the sum too."
                ),
            ),
            (
                "bias_not_summed",
                (dW, softmax(Z, axis=0)[:, :1] - Y[:1].T),
                _(
                    "dL/dB is the first sample's dL/dZ only: sum dL/dZ over all the samples "
                    "(.sum(axis=1, keepdims=True))."
                ),
            ),
            (
                "bias_mean",
                (dW, dB / N),
                _(
                    "dL/dB is averaged over the samples: SUM dL/dZ over them "
                    "(.sum(axis=1, keepdims=True))."
                ),
            ),
        ]
    if W.shape[0] == 3:
        mistakes.append(
            (
                "lesson_typo",
                safely(lambda: loss_gradient(X, Y, W, B, jacobian=lesson_flawed_jacobian)),
                _(
                    "this is the gradient through the lesson's flawed Jacobian: its diagonal "
                    "entry is s_i(1 - s_i), not s2(1 - s1)."
                ),
            )
        )
    S_rows = safely(lambda: (softmax(Z, axis=1),))
    if S_rows is not None:
        dZ = S_rows[0] - Y.T
        mistakes.append(
            (
                "wrong_axis",
                (dZ @ X, dZ.sum(axis=1, keepdims=True)),
                _(
                    "softmax over the wrong axis: Z is C x N, one column per sample, so softmax "
                    "runs down each column (axis=0)."
                ),
            )
        )
    return mistakes


def check_gradient(learner_gradient, problems, extreme_message=None):
    """Check `learner_gradient(X, Y, W, B) -> (dL/dW, dL/dB)` on `problems`; extreme_message:
    what nan or inf on an extreme problem means (compare's default: an overflow in np.exp)."""
    for case, (X, Y, W, B), extreme in problems:
        output = call(
            learner_gradient, (X, Y, W, B), ("X", "Y", "W", "B"), case, GRADIENT_REFERENCES
        )
        C, D = W.shape
        if isinstance(output, tuple | list) and len(output) == 2:
            dW_shape = np.shape(output[0]) if hasattr(output[0], "shape") else None
            if dW_shape == (D, C) and C != D:
                raise wrong(
                    _(
                        "dL/dW has shape {got}, the transpose of W {want}: use dL/dZ @ X "
                        "(C x N times N x D), not X^T @ dL/dZ^T."
                    ).format(got=(D, C), want=(C, D)),
                    "w_transposed",
                )
            dB_shape = np.shape(output[1]) if hasattr(output[1], "shape") else None
            if dB_shape == (C, X.shape[0]) and X.shape[0] > 1:
                raise wrong(
                    _(
                        "dL/dB has shape {got}, one column per sample: sum them, "
                        "dL/dZ.sum(axis=1, keepdims=True) is C x 1 like B."
                    ).format(got=dB_shape),
                    "bias_not_summed",
                )
        dW, dB = outputs(output, ["dL/dW", "dL/dB"], [(C, D), (C, 1)])
        expected = loss_gradient_shortcut(X, Y, W, B)
        mistakes = gradient_mistakes(X, Y, W, B, *expected)
        compare((dW, dB), expected, ["dL/dW", "dL/dB"], case, mistakes, extreme, extreme_message)
    return _(
        "Checked {count} problems: the lesson's sample, random ones and extreme logits (of "
        "about 1000, or spread by 2300)."
    ).format(count=len(problems))


def check_chain_rule_gradient(learner_gradient):
    """Exercise: `chain_rule_gradient(X, Y, W, B)` for ONE sample, X (1, D), Y (1, 3), W (3, D),
    B (3, 1) -> (dL/dW (3, D), dL/dB (3, 1)) through dL/dS_t, the Jacobian and dZ/dW. Catches:
    the lesson's Jacobian typo, a flipped sign, dL/dW transposed, no max shift (logits of 1000,
    and logits spread by 2300 with the target the largest, where S_t = 0.73)."""

    def body():
        generator = rng(4)
        problems = [(_("the lesson's sample"), lesson_problem(), False)]
        for d, target in [(4, 0), (4, 1), (2, 2), (5, 2), (3, 0)]:
            problem = random_problem(generator, 1, d, 3, targets=[target])
            problems.append(
                (
                    _("a random sample with D={d}, target class {target}").format(
                        d=d, target=target + 1
                    ),
                    problem,
                    False,
                )
            )
        X, Y, W, B = random_problem(generator, 1, 4, 3, targets=[2])
        problems.append((_("logits of about 1000"), (X, Y, W, B + 1000.0), True))
        problems.append(
            (
                _("logits spread by 2300, the target the largest"),
                problem_with_logits(EXTREME_RIGHT_LOGITS, [0]),
                True,
            )
        )
        return check_gradient(learner_gradient, problems)

    return run_check("chain_rule_gradient", body)


# --- the S - Y shortcut ---------------------------------------------------------------------------


def check_logit_gradient(learner_shortcut):
    """Exercise: `logit_gradient(Z, Y)`, Z (C, N) logits, Y (N, C) one-hot -> dL/dZ (C, N) =
    softmax(Z) - Y^T. Catches: S - Y without the transpose (a 3 x 3 by broadcasting), Y - S,
    the logits used in place of S, no max shift or a shift by the whole array's maximum
    (logits of +-1000 and columns spread by up to 2300). helpers.softmax may be used."""

    def body():
        problems = logit_problems(5, [(1, 4, 3), (5, 4, 3), (6, 2, 4)])
        for case, Z, Y, extreme in problems:
            output = call(learner_shortcut, (Z, Y), ("Z", "Y"), case, GRADIENT_REFERENCES)
            S = softmax(Z, axis=0)
            if np.shape(output) == (Z.shape[0], Z.shape[0]) and Z.shape[1] == 1:
                if close(np.asarray(output, dtype=np.float64), S - Y):
                    raise wrong(
                        _(
                            "S - Y broadcasts the C x 1 column S against the 1 x C row Y into a "
                            "C x C matrix: transpose Y, S - Y.T."
                        ),
                        "y_not_transposed",
                    )
            (dZ,) = outputs(output, ["dL/dZ"], [Z.shape])
            mistakes = [
                (
                    "sign",
                    (Y.T - S,),
                    _("the sign is flipped: dL/dZ = S - Y^T, prediction minus target."),
                ),
                (
                    "logits_not_probabilities",
                    (Z - Y.T,),
                    _("subtract Y^T from the probabilities S = softmax(Z), not from the logits Z."),
                ),
                (
                    "wrong_axis",
                    safely(lambda Z=Z, Y=Y: (softmax(Z, axis=1) - Y.T,)),
                    _("softmax over the wrong axis: each column of Z is one sample (axis=0)."),
                ),
            ]
            compare((dZ,), (S - Y.T,), ["dL/dZ"], case, mistakes, extreme)
        return _(
            "Checked {count} inputs: the lesson's sample, random batches, logits of +-1000 "
            "and columns spread by up to 2300."
        ).format(count=len(problems))

    return run_check("logit_gradient", body)
