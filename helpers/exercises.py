"""Your turn: the checks behind the course's exercises, with targeted feedback.

Each `check_*` function takes the learner's function (or answer), runs it on several inputs --
the lesson's sample, random shapes from a fixed seed, extreme logits like 1000 -- and compares
it with the course's reference in `helpers.model` (proven against PyTorch in tests/). It returns
a `Result`: passed, not done yet, or not right yet with what is wrong. A known mistake (the
lesson's Jacobian typo, no max shift, mean instead of sum, W transposed, ...) is recognised by
computing what that mistake would give on the same input and gets its own message.

A check never raises because of the learner's code: an exception, a stub (`...`, None,
NotImplementedError) or a result of the wrong type or shape becomes a Result that did not pass.
Nothing here imports torch or matplotlib; randomness comes from fixed seeds, so a check gives the
same answer on every run.
"""

import textwrap
import warnings
from dataclasses import dataclass

import numpy as np

from helpers.iris import data_path, load_iris_csv
from helpers.lesson import (
    initial_parameters,
    lesson_flawed_jacobian,
    lesson_sample,
    lesson_target,
)
from helpers.model import (
    cross_entropy,
    logits,
    loss_gradient,
    loss_gradient_shortcut,
    softmax,
    softmax_jacobian,
    train,
)

PASSED = "passed"
NOT_DONE = "not done"
WRONG = "wrong"
_HEADLINES = {PASSED: "passed", NOT_DONE: "not done yet", WRONG: "not right yet"}

# Agreement with the reference: float64 arithmetic in another order differs by ~1e-15, a known
# mistake by 1e-3 or far more. Absolute tolerances are scaled by the reference's size.
RTOL = 1e-7
ATOL = 1e-9

# The learning-rate experiment: the rates to try and the number of steps, on the 30 flowers.
RATES = (0.001, 0.002, 0.004, 0.01)
RATE_STEPS = 200


@dataclass(frozen=True)
class Result:
    """The outcome of one check.

    exercise: the exercise's name; status: PASSED, NOT_DONE or WRONG; message: what was checked
    or what is wrong, in a sentence or two; mistake: a short id of the recognised mistake
    ("no_max_shift", "stub", ...) or None.
    """

    exercise: str
    status: str
    message: str
    mistake: str | None = None

    @property
    def passed(self):
        return self.status == PASSED

    def __str__(self):
        return report(self)

    def _repr_pretty_(self, printer, cycle):  # IPython shows a Result as its report
        printer.text(report(self))


def report(result):
    """The 1-3 plain lines a check cell shows for `result` (a Result)."""
    message = result.message
    first_word = message.split(" ", 1)[0]
    if first_word.isalpha() and first_word.islower():  # a word, not code like dL/dW or lr_x
        message = message[:1].upper() + message[1:]
    text = f"{result.exercise}: {_HEADLINES[result.status]}. {message}"
    return textwrap.fill(text, width=100, subsequent_indent="  ", max_lines=3, placeholder=" ...")


class _Verdict(Exception):
    """Raised inside a check to end it with a Result."""

    def __init__(self, status, message, mistake=None):
        super().__init__(message)
        self.status, self.message, self.mistake = status, message, mistake


def _wrong(message, mistake=None):
    return _Verdict(WRONG, message, mistake)


def _run_check(exercise, body):
    """Run `body()` (which returns the pass message or raises _Verdict) and make a Result.

    Warnings and floating-point errors from the learner's code (an overflowing np.exp) are
    silenced: the Result reports them. Any other exception also ends as a Result, never passed.
    """
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return Result(exercise, PASSED, body())
    except _Verdict as verdict:
        return Result(exercise, verdict.status, verdict.message, verdict.mistake)
    except Exception as error:  # e.g. a returned object whose comparison raises
        return Result(
            exercise, NOT_DONE, f"the check could not use your result: {_one_line(error)}"
        )


def _one_line(error):
    text = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
    return text if len(text) <= 90 else text[:87] + "..."


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _call(function, args, case):
    """Call the learner's `function` on copies of `args`; return (output, the copies)."""
    if function is None or function is Ellipsis or not callable(function):
        raise _Verdict(NOT_DONE, f"expected your function, got {function!r}.", "stub")
    copies = tuple(_copy(a) for a in args)
    try:
        output = function(*copies)
    except NotImplementedError:
        raise _Verdict(
            NOT_DONE,
            "it still raises NotImplementedError: replace that line with your code.",
            "stub",
        ) from None
    except Exception as error:
        raise _Verdict(NOT_DONE, f"on {case} it raised {_one_line(error)}", "raised") from None
    if output is None or output is Ellipsis:
        raise _Verdict(
            NOT_DONE,
            "it returns None: replace the ... with your code and return the result.",
            "stub",
        )
    return output, copies


def _array(value, name, shape):
    """`value` as a float64 array of `shape`, or a _Verdict that says what came back."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except Exception:
        raise _wrong(
            f"{name} should be an array of shape {shape}, got {type(value).__name__}.",
            "not_an_array",
        ) from None
    if array.shape != shape:
        hint = ""
        if array.shape == shape[::-1]:
            hint = " (transposed?)"
        raise _wrong(f"{name} has shape {array.shape}, expected {shape}{hint}.", "shape")
    return array


def _outputs(value, names, shapes):
    """Split the learner's result into len(names) arrays of the given shapes."""
    if len(names) == 1:
        return (_array(value, names[0], shapes[0]),)
    if not isinstance(value, tuple | list) or len(value) != len(names):
        raise _wrong(
            f"return {len(names)} things, ({', '.join(names)}); got {_kind(value)}.", "shape"
        )
    return tuple(_array(v, n, s) for v, n, s in zip(value, names, shapes, strict=True))


def _kind(value):
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    shape = getattr(value, "shape", None)
    return f"{type(value).__name__} of shape {shape}" if shape is not None else type(value).__name__


def _close(got, expected):
    """Whether `got` equals `expected` (same shape, finite) to rounding."""
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return False
    scale = max(1.0, float(np.max(np.abs(expected))))
    return bool(np.allclose(got, expected, rtol=RTOL, atol=ATOL * scale))


def _all_close(got, expected):
    return all(_close(g, e) for g, e in zip(got, expected, strict=True))


def _first_difference(got, expected):
    """'entry (i, j) is a, expected b' for the first entry that differs (1-based indices)."""
    scale = max(1.0, float(np.max(np.abs(expected))))
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL * scale) | ~np.isfinite(got)
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    where = ", ".join(str(i + 1) for i in index)
    return f"entry ({where}) is {got[index]:.6g}, expected {expected[index]:.6g}"


def _compare(got, expected, names, case, mistakes, extreme=False):
    """Pass if every output matches; else raise the message of the first matching mistake.

    got, expected: tuples of arrays; mistakes: [(id, outputs of that mistake, message)], where
    the outputs are computed on the same input (None if the mistake cannot be computed there).
    """
    if _all_close(got, expected):
        return
    for mistake, outputs, message in mistakes:
        if outputs is not None and _all_close(got, outputs):
            raise _wrong(message, mistake)
    if any(not np.all(np.isfinite(g)) for g in got):
        if extreme:
            raise _wrong(
                f"on {case} you get nan or inf: np.exp overflows above about 709. Subtract each "
                "column's maximum first (Z - Z.max(axis=0, keepdims=True)).",
                "no_max_shift",
            )
        raise _wrong(f"on {case} your result holds nan or inf.", "not_finite")
    for name, g, e in zip(names, got, expected, strict=True):
        if not _close(g, e):
            right = [n for n, g2, e2 in zip(names, got, expected, strict=True) if _close(g2, e2)]
            also = f" ({', '.join(right)} right)" if right else ""
            raise _wrong(f"on {case}, {name}{also}: {_first_difference(g, e)}.", "values")


def _safely(compute):
    """The outputs of a simulated mistake, or None where it cannot be computed."""
    try:
        outputs = compute()
    except Exception:
        return None
    return tuple(np.asarray(o, dtype=np.float64) for o in outputs)


# --- inputs ---------------------------------------------------------------------------------


def _rng(salt):
    return np.random.default_rng(20220106 + salt)


def _lesson_problem():
    X, Y = lesson_sample(), lesson_target()
    W, B = initial_parameters()
    return X.astype(np.float64), Y.astype(np.float64), W, B


def _random_problem(rng, n_samples, n_features, n_classes, scale=1.0, targets=None):
    X = rng.normal(size=(n_samples, n_features))
    if targets is None:
        targets = rng.integers(0, n_classes, size=n_samples)
    Y = np.eye(n_classes)[targets]
    W = scale * rng.normal(size=(n_classes, n_features))
    B = scale * rng.normal(size=(n_classes, 1))
    return X, Y, W, B


def _problems(salt, sizes, extreme=True):
    """[(description, (X, Y, W, B), is_extreme)]: the lesson's sample, random problems of
    `sizes` (N, D, C), and (if `extreme`) one whose logits are all near 1000."""
    rng = _rng(salt)
    cases = [("the lesson's sample", _lesson_problem(), False)]
    for n, d, c in sizes:
        cases.append(
            (f"a random problem with N={n}, D={d}, C={c}", _random_problem(rng, n, d, c), False)
        )
    if extreme:
        X, Y, W, B = _random_problem(rng, 4, 3, 3)
        cases.append(("logits of about 1000", (X, Y, W, B + 1000.0), True))
    return cases


def _logit_problems(salt, sizes):
    """[(description, Z (C, N) logits, Y (N, C), is_extreme)] of the problems of _problems."""
    return [
        (case, logits(X, W, B), Y, extreme)
        for case, (X, Y, W, B), extreme in _problems(salt, sizes)
    ]


def _naive_softmax(Z, axis):
    exponentials = np.exp(Z)
    return exponentials / exponentials.sum(axis=axis, keepdims=True)


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


# --- 2. the cross-entropy of one sample -----------------------------------------------------


def _scalar(value, name):
    """A float from a number or any array with one entry, or a _Verdict."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except Exception:
        raise _wrong(f"{name} should be a number, got {_kind(value)}.", "not_an_array") from None
    if array.size != 1:
        raise _wrong(f"{name} should be one number, got shape {array.shape}.", "shape")
    return float(array.reshape(()))


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


# --- 10. a learning-rate experiment ----------------------------------------------------------


def _rate_outcomes():
    """{rate: (losses (RATE_STEPS + 1,))} of helpers.train on the 30 flowers, for each of RATES."""
    X, Y = load_iris_csv(data_path("iris_tiny_onehot.csv"))
    W, B = initial_parameters()
    return {rate: train(X, Y, W, B, rate, RATE_STEPS)[2] for rate in RATES}


def check_learning_rate_experiment(learner_falls, largest_safe_rate):
    """Exercise, in two parts. (a) `falls_at_every_step(losses)` -> True when every loss in the
    history is lower than the one before, else False (also for nan or inf). (b) Run
    helpers.train on the 30 flowers from helpers.initial_parameters() for RATE_STEPS steps at
    each rate of RATES, and set `largest_safe_rate` to the largest rate at which the loss falls
    at every step. Catches: the last step (or the first) not compared, a diverged (nan) history
    taken as falling, an answer that is not one of RATES, too large or too small."""

    def body():
        neighbours = "compare every pair of neighbours, np.diff(losses) < 0."
        histories = [  # (case, losses, right answer, hint if the answer is wrong)
            ("a falling history", [5.0, 4.0, 3.5, 3.4], True, "it should be True."),
            ("a history that rises at its last step", [5.0, 4.0, 3.5, 3.6], False, neighbours),
            ("a history that rises at its first step", [5.0, 5.5, 3.5, 3.4], False, neighbours),
            (
                "a history that stays flat once",
                [5.0, 4.0, 4.0, 3.0],
                False,
                "a loss equal to the one before has not fallen: use <, not <=.",
            ),
            (
                "a history that ends in nan",
                [5.0, 4.0, np.nan, np.nan],
                False,
                "a nan loss (training blew up) has not fallen; np.diff(losses) < 0 is False there.",
            ),
            (
                "a history that jumps to inf",
                [5.0, np.inf, 3.0, 2.0],
                False,
                "a loss of inf has not fallen: test np.diff(losses) < 0.",
            ),
            (
                "a long falling history",
                list(np.linspace(100.0, 1.0, 201)),
                True,
                "it should be True.",
            ),
        ]
        for case, losses, expected, hint in histories:
            output, _ = _call(learner_falls, (np.array(losses),), case)
            try:
                answer = bool(output)
            except Exception:
                raise _wrong(
                    f"falls_at_every_step should return True or False, got {_kind(output)}.",
                    "not_a_bool",
                ) from None
            if answer != expected:
                raise _wrong(
                    f"for {case}, your falls_at_every_step returns {answer}; {hint}", "falls"
                )
        outcomes = _rate_outcomes()
        safe = [rate for rate, losses in outcomes.items() if np.all(np.diff(losses) < 0)]
        truth = max(safe)
        rates_text = ", ".join(str(r) for r in RATES)
        if largest_safe_rate is None or largest_safe_rate is Ellipsis:
            raise _Verdict(NOT_DONE, "set largest_safe_rate to your answer.", "stub")
        try:
            answer = float(largest_safe_rate)
        except Exception:
            raise _wrong(
                f"largest_safe_rate should be one of {rates_text}, got {largest_safe_rate!r}.",
                "not_a_rate",
            ) from None
        if not any(np.isclose(answer, rate, rtol=1e-12, atol=0) for rate in RATES):
            raise _wrong(
                f"largest_safe_rate should be one of the rates tried, {rates_text}; "
                f"got {answer:g}.",
                "not_a_rate",
            )
        if answer > truth:
            rises = int(np.sum(~(np.diff(outcomes[min(RATES, key=lambda r: abs(r - answer))]) < 0)))
            raise _wrong(
                f"at learning rate {answer:g} the loss went up in {rises} of {RATE_STEPS} steps.",
                "too_large",
            )
        if answer < truth:
            raise _wrong(
                f"learning rate {answer:g} is safe, but {truth:g} also lowers the loss at every "
                "step.",
                "too_small",
            )
        return (
            f"falls_at_every_step is right, and {truth:g} is the largest safe rate of {rates_text}."
        )

    return _run_check("learning_rate_experiment", body)


# Every exercise's check, by name: the student notebooks and the tests use this table.
CHECKS = {
    "softmax": check_softmax,
    "sample_loss": check_sample_loss,
    "softmax_jacobian": check_softmax_jacobian,
    "chain_rule_gradient": check_chain_rule_gradient,
    "logit_gradient": check_logit_gradient,
    "numerical_gradient": check_numerical_gradient,
    "gradient_step": check_gradient_step,
    "batch_gradient": check_batch_gradient,
    "loss_sum_and_mean": check_loss_sum_and_mean,
    "learning_rate_experiment": check_learning_rate_experiment,
}
