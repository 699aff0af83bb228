"""The core of the exercise checks: Result, report, calling the learner's function, comparing
with the reference, and the inputs (the lesson's sample, seeded random problems).

Each `check_*` function (one module per notebook's exercises, beside this one) takes the
learner's function, runs it on several inputs and compares it with the course's reference in
`helpers.model` (proven against PyTorch in tests/). It returns a `Result`: passed, not done yet,
or not right yet with what is wrong. A known mistake is recognised by computing what that
mistake would give on the same input and gets its own message.

A check never raises because of the learner's code. Nothing here imports torch or matplotlib;
randomness comes from fixed seeds, so a check gives the same answer on every run.
"""

import textwrap
import warnings
from dataclasses import dataclass

import numpy as np

from helpers.lesson import initial_parameters, lesson_sample, lesson_target
from helpers.model import logits

PASSED = "passed"
NOT_DONE = "not done"
WRONG = "wrong"
_HEADLINES = {PASSED: "passed", NOT_DONE: "not done yet", WRONG: "not right yet"}

# Agreement with the reference: float64 arithmetic in another order differs by ~1e-15, a known
# mistake by 1e-3 or far more. Absolute tolerances are scaled by the reference's size.
RTOL = 1e-7
ATOL = 1e-9


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


def _scalar(value, name):
    """A float from a number or any array with one entry, or a _Verdict."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except Exception:
        raise _wrong(f"{name} should be a number, got {_kind(value)}.", "not_an_array") from None
    if array.size != 1:
        raise _wrong(f"{name} should be one number, got shape {array.shape}.", "shape")
    return float(array.reshape(()))
