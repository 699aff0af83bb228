"""The core of the exercise checks: Result, report, calling the learner's function, comparing
with the reference, and the inputs (the lesson's sample, seeded random and extreme problems).

Each `check_*` function (one module per notebook's exercises, beside this one) takes the
learner's function, runs it on several inputs and compares it with the course's reference in
`helpers.model` (proven against PyTorch in tests/). It returns a `Result`: passed, not done yet,
or not right yet with what is wrong. A known mistake is recognised by computing what that
mistake would give on the same input and gets its own message.

How the learner's function is called (`call`): positionally, on COPIES of the inputs, twice
(the numerical-gradient check, whose calls are slow, twice on one input only); afterwards the
copies must be unchanged (else "your function changes its argument ...") and the two results
equal (else state kept between calls). A call into the course's own reference
for the exercise (helpers.softmax in the softmax exercise, ...) is recognised while the
function runs (`watching_reference_calls`). SystemExit and every Exception from the learner's
code end as a Result; only the stub's NotImplementedError (and a body of `...`) is "not done".

Results: lists and tuples of numbers are accepted where an array is asked for (NumPy converts
them); float32 (or float16) results are refused with their own message, because the check
compares to about 1e-7 and single precision holds about 7 digits.

Every message a learner reads goes through `_` (gettext-style, named placeholders), so that
message catalogs can be added later without touching each message.

A check never raises because of the learner's code. Nothing here imports torch or matplotlib;
randomness comes from fixed seeds, so a check gives the same answer on every run.
"""

import contextlib
import sys
import textwrap
import warnings
from dataclasses import dataclass

import numpy as np

import helpers.lesson
import helpers.model
from helpers import i18n
from helpers.lesson import initial_parameters, lesson_sample, lesson_target

PASSED = "passed"
NOT_DONE = "not done"
WRONG = "wrong"

# Agreement with the reference: float64 arithmetic in another order differs by ~1e-15, a known
# mistake by 1e-3 or far more. Absolute tolerances are scaled by the reference's size.
RTOL = 1e-7
ATOL = 1e-9


# What `_` translates with: the catalog of the language that `helpers.use_language` chose
# (helpers/i18n.py; English needs none). A test may swap it to see every message pass through.
translation = i18n.gettext


def _(message):
    """The learner-facing `message` in the learner's language (`helpers.use_language`).

    gettext-style: call it on the template, then fill the named placeholders,
    _("entry {index} is {got}, expected {want}").format(index=..., got=..., want=...)."""
    return translation(message)


def _headline(status):
    return {PASSED: _("passed"), NOT_DONE: _("not done yet"), WRONG: _("not right yet")}[status]


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
    text = f"{result.exercise}: {_headline(result.status)}. {message}"
    return textwrap.fill(text, width=100, subsequent_indent="  ", max_lines=3, placeholder=" ...")


class Verdict(Exception):
    """Raised inside a check to end it with a Result."""

    def __init__(self, status, message, mistake=None):
        super().__init__(message)
        self.status, self.message, self.mistake = status, message, mistake


def wrong(message, mistake=None):
    return Verdict(WRONG, message, mistake)


def run_check(exercise, body):
    """Run `body()` (which returns the pass message or raises Verdict) and make a Result.

    Warnings and floating-point errors from the learner's code (an overflowing np.exp) are
    silenced: the Result reports them. Any other exception (a returned object whose conversion
    raises, or exits) also ends as a Result, never passed.
    """
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return Result(exercise, PASSED, body())
    except Verdict as verdict:
        return Result(exercise, verdict.status, verdict.message, verdict.mistake)
    except (Exception, SystemExit) as error:  # e.g. a returned object whose comparison raises
        message = _("the check could not use your result: {error}").format(error=one_line(error))
        return Result(exercise, WRONG, message, "not_an_array")


def one_line(error):
    text = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
    return text if len(text) <= 90 else text[:87] + "..."


# --- calls into the course's reference ---------------------------------------------------------

_watchers = []  # the lists of every watching_reference_calls() block now open


def record_reference_call(name):
    """Note that the course's reference `name` ("helpers.softmax") was called: every open
    watching_reference_calls() block gets it (the grader reports calls made in its sandbox)."""
    for calls in _watchers:
        calls.append(name)


def _reference_codes():
    """{code object: "helpers.NAME"} of the public functions of helpers.model and helpers.lesson."""
    codes = {}
    for module in (helpers.model, helpers.lesson):
        for name, value in vars(module).items():
            code = getattr(value, "__code__", None)
            if (
                not name.startswith("_")
                and code is not None
                and value.__module__ == module.__name__
            ):
                codes[code] = f"helpers.{name}"
    return codes


_REFERENCE_CODES = _reference_codes()


@contextlib.contextmanager
def watching_reference_calls():
    """A block during which every call into the course's reference functions (helpers.softmax,
    helpers.loss_gradient, ...; the outermost one only, not the calls they make) is recorded:
    yields the list of their names, in order, filled as they happen."""
    calls = []
    inside = []  # the reference frames now running

    def profile(frame, event, arg, codes=_REFERENCE_CODES):  # on every call: kept small
        name = codes.get(frame.f_code)
        if name is not None:
            if event == "call":
                if not inside:
                    record_reference_call(name)
                inside.append(frame)
            elif event == "return" and inside and inside[-1] is frame:
                inside.pop()

    previous = sys.getprofile()
    _watchers.append(calls)
    sys.setprofile(profile)
    try:
        yield calls
    finally:
        sys.setprofile(previous)
        _watchers.remove(calls)


# --- calling the learner's function -----------------------------------------------------------


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _unchanged(given, seen):
    if isinstance(given, np.ndarray):
        return (
            isinstance(seen, np.ndarray)
            and seen.dtype == given.dtype
            and np.array_equal(given, seen, equal_nan=True)
        )
    return given is seen or given == seen


def _plain(output):
    """`output` as nested tuples of float64 arrays, to compare two calls; None if it has none."""
    if isinstance(output, tuple | list) and not _numbers(output):
        return tuple(_plain(item) for item in output)
    try:
        return np.array(output, dtype=np.float64)
    except Exception:
        return None


def _numbers(sequence):
    return all(isinstance(v, int | float | np.number) for v in sequence)


def _same(first, second):
    if isinstance(first, tuple) and isinstance(second, tuple):
        return len(first) == len(second) and all(map(_same, first, second))
    if isinstance(first, np.ndarray) and isinstance(second, np.ndarray):
        return first.shape == second.shape and np.array_equal(first, second, equal_nan=True)
    return first is None and second is None


def call(function, args, names, case, references=(), twice=True):
    """The learner's `function` called on copies of `args` (named `names`), twice (once if not
    `twice`: where one call is slow, a check calls twice on one of its inputs only).

    references: the names of the course's functions that this exercise asks the learner to
    write ("helpers.softmax"); a call into one of them is a Verdict. Returns the first output.
    """
    if function is None or function is Ellipsis or not callable(function):
        message = _("expected your function, got {value}.").format(value=repr(function)[:60])
        raise Verdict(NOT_DONE, message, "stub")
    outputs = []
    for _attempt in range(2 if twice else 1):
        copies = tuple(_copy(a) for a in args)
        with watching_reference_calls() as calls:
            try:
                output = function(*copies)
            except NotImplementedError:
                raise Verdict(
                    NOT_DONE,
                    _("it still raises NotImplementedError: replace that line with your code."),
                    "stub",
                ) from None
            except (Exception, SystemExit) as error:
                message = _("on {case} your function raised {error}").format(
                    case=case, error=one_line(error)
                )
                raise wrong(message, "raised") from None
        called = [name for name in calls if name in references]
        if called:
            raise wrong(
                _("you called {name}, the course's own answer: write it yourself.").format(
                    name=called[0]
                ),
                "reference_call",
            )
        if output is None or output is Ellipsis:
            raise Verdict(
                NOT_DONE,
                _("it returns None: replace the ... with your code and return the result."),
                "stub",
            )
        for name, given, seen in zip(names, args, copies, strict=True):
            if not _unchanged(given, seen):
                raise wrong(
                    _(
                        "your function changes its argument {name} (on {case}): compute on new "
                        "arrays and leave {name} as it was given."
                    ).format(name=name, case=case),
                    "in_place",
                )
        outputs.append(output)
    if twice and not _same(_plain(outputs[0]), _plain(outputs[1])):
        raise wrong(
            _(
                "called twice on {case}, your function returns two different results: does it "
                "keep something between calls (a global, a default argument) or draw random "
                "numbers?"
            ).format(case=case),
            "state",
        )
    return outputs[0]


# --- the learner's results -------------------------------------------------------------------


def kind(value):
    if isinstance(value, tuple | list):
        return _("a {type} of {length}").format(type=type(value).__name__, length=len(value))
    shape = getattr(value, "shape", None)
    if shape is not None:
        return _("{type} of shape {shape}").format(type=type(value).__name__, shape=shape)
    return type(value).__name__


def _float_array(value, name, expected):
    """`value` as a float64 array, refusing single precision and non-numbers."""
    try:
        array = np.asarray(value)
    except Exception:
        array = None
    if array is None or array.dtype.kind not in "biuf":
        raise wrong(
            _("{name} should be {expected}, got {kind}.").format(
                name=name, expected=expected, kind=kind(value)
            ),
            "not_an_array",
        )
    if array.dtype.kind == "f" and array.dtype.itemsize < 8:
        raise wrong(
            _(
                "{name} is {dtype}: single precision holds about 7 digits and the check "
                "compares to about 1e-7. Compute in float64, NumPy's default (no "
                "np.float32 or .astype)."
            ).format(name=name, dtype=array.dtype.name),
            "float32",
        )
    return array.astype(np.float64)


def as_array(value, name, shape):
    """`value` as a float64 array of `shape` (a list of numbers is fine), or a Verdict."""
    expected = _("an array of shape {shape}").format(shape=shape)
    array = _float_array(value, name, expected)
    if array.shape != shape:
        hint = _(" (transposed?)") if array.shape == shape[::-1] and len(shape) == 2 else ""
        raise wrong(
            _("{name} has shape {got}, expected {want}{hint}.").format(
                name=name, got=array.shape, want=shape, hint=hint
            ),
            "shape",
        )
    return array


def as_scalar(value, name):
    """A float64 0-d array from a number or any array with one entry, or a Verdict."""
    array = _float_array(value, name, _("a number"))
    if array.size != 1:
        raise wrong(
            _("{name} should be one number, got shape {shape}.").format(
                name=name, shape=array.shape
            ),
            "shape",
        )
    return array.reshape(())


def outputs(value, names, shapes):
    """Split the learner's result into len(names) arrays of the given shapes."""
    if len(names) == 1:
        return (as_array(value, names[0], shapes[0]),)
    if not isinstance(value, tuple | list) or len(value) != len(names):
        raise wrong(
            _("return {count} things, ({names}); got {kind}.").format(
                count=len(names), names=", ".join(names), kind=kind(value)
            ),
            "shape",
        )
    return tuple(as_array(v, n, s) for v, n, s in zip(value, names, shapes, strict=True))


# --- comparing ---------------------------------------------------------------------------------


def _tolerance(expected):
    return ATOL * max(1.0, float(np.max(np.abs(expected), initial=0.0)))


def close(got, expected):
    """Whether `got` equals `expected` (same shape, finite) to rounding."""
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return False
    return bool(np.allclose(got, expected, rtol=RTOL, atol=_tolerance(expected)))


def all_close(got, expected):
    return all(close(g, e) for g, e in zip(got, expected, strict=True))


def shown(got, want):
    """The two numbers with just enough digits (6 or more) to tell them apart."""
    for digits in range(6, 18):
        a, b = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if a != b:
            return a, b
    return repr(float(got)), repr(float(want))


def difference(name, got, expected, also=""):
    """'name: entry (i, j) is a, expected b' for the first entry that differs (1-based), or
    'name is a, expected b' for a number; `also` follows the name (" (dL/dB right)")."""
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=_tolerance(expected)) | ~np.isfinite(got)
    index = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    a, b = shown(got[index], expected[index])
    if not index:
        return _("{name}{also} is {got}, expected {want}").format(
            name=name, also=also, got=a, want=b
        )
    where = ", ".join(str(i + 1) for i in index)
    return _("{name}{also}: entry ({index}) is {got}, expected {want}").format(
        name=name, also=also, index=where, got=a, want=b
    )


def near_miss(name, got, expected, case):
    """The message for a result that is almost right (rounded, or off by little), or None."""
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    error = float(np.max(np.abs(got - expected), initial=0.0)) / scale
    if not error < 1e-2:
        return None
    for decimals in range(2, 16):
        if np.array_equal(got, np.round(expected, decimals)):
            return wrong(
                _(
                    "on {case}, {name} is rounded to {decimals} decimals: return it as computed, "
                    "unrounded."
                ).format(case=case, name=name, decimals=decimals),
                "rounded",
            )
    if not error < 1e-5:
        return None
    return wrong(
        _(
            "on {case}, {difference}: close, but off by {error:.1e} (relative) where the check "
            "expects 1e-7. Single precision on the way, or a rounded constant?"
        ).format(case=case, difference=difference(name, got, expected), error=error),
        "close",
    )


def compare(got, expected, names, case, mistakes, extreme=False, extreme_message=None):
    """Pass if every output matches; else raise the message of the first matching mistake.

    got, expected: tuples of arrays; mistakes: [(id, outputs of that mistake, message)], where
    the outputs are computed on the same input (None if the mistake cannot be computed there).
    extreme: whether the input is one of the extreme ones, where nan or inf means an overflow
    (extreme_message, a template with {case}, says so in the exercise's terms).
    """
    if all_close(got, expected):
        return
    for mistake, outputs_of_mistake, message in mistakes:
        if outputs_of_mistake is not None and all_close(got, outputs_of_mistake):
            raise wrong(message, mistake)
    if any(not np.all(np.isfinite(g)) for g in got):
        if extreme:
            raise wrong(
                extreme_message.format(case=case)
                if extreme_message
                else _(
                    "on {case} you get nan or inf: np.exp overflows above about 709. Subtract "
                    "each column's own maximum first (Z - Z.max(axis=0, keepdims=True))."
                ).format(case=case),
                "no_max_shift",
            )
        raise wrong(_("on {case} your result holds nan or inf.").format(case=case), "not_finite")
    for name, g, e in zip(names, got, expected, strict=True):
        if not close(g, e):
            near = near_miss(name, g, e, case)
            if near is not None:
                raise near
            right = [n for n, g2, e2 in zip(names, got, expected, strict=True) if close(g2, e2)]
            also = _(" ({names} right)").format(names=", ".join(right)) if right else ""
            raise wrong(
                _("on {case}, {difference}.").format(
                    case=case, difference=difference(name, g, e, also)
                ),
                "values",
            )


def safely(compute):
    """The outputs of a simulated mistake, or None where it cannot be computed."""
    try:
        outputs_of_mistake = compute()
    except Exception:
        return None
    return tuple(np.asarray(o, dtype=np.float64) for o in outputs_of_mistake)


# --- inputs ---------------------------------------------------------------------------------


def rng(salt):
    return np.random.default_rng(20220106 + salt)


def lesson_problem():
    X, Y = lesson_sample(), lesson_target()
    W, B = initial_parameters()
    return X.astype(np.float64), Y.astype(np.float64), W, B


def random_problem(generator, n_samples, n_features, n_classes, scale=1.0, targets=None):
    X = generator.normal(size=(n_samples, n_features))
    if targets is None:
        targets = generator.integers(0, n_classes, size=n_samples)
    Y = np.eye(n_classes)[targets]
    W = scale * generator.normal(size=(n_classes, n_features))
    B = scale * generator.normal(size=(n_classes, 1))
    return X, Y, W, B


# Extreme logits (C = 3), one column per sample, and each sample's target class:
# - all near 1000 (np.exp overflows without the shift),
# - all near -1000 (a shift by the whole array's maximum underflows to 0 / 0),
# - spread by 805, the target the smallest (confidently wrong: loss 805, S_t = 0 in float64),
# - spread by 805, the target in the middle (loss 800; a shift by the minimum overflows),
# - spread by 2300, two near the top (S_t = 0.27; a shift by the mean overflows: 767 above it).
EXTREME_LOGITS = np.array(
    [
        [1000.0, -1000.0, 0.0, 800.0, 800.0],
        [999.0, -1001.0, -800.0, 0.0, 799.0],
        [998.0, -1002.0, 5.0, -5.0, -1500.0],
    ]
)
EXTREME_TARGETS = (0, 2, 1, 1, 1)


def extreme_case():
    """How a check names the input of EXTREME_LOGITS."""
    return _("logits of +-1000, columns spread by up to 2300")


# One sample whose logits spread by more than 709 (by 2300; 767 above their mean) and whose
# target is the largest: every step of the chain rule stays finite (S_t = 0.73), but np.exp
# without the shift by the maximum does not.
EXTREME_RIGHT_LOGITS = np.array([[800.0], [799.0], [-1500.0]])


def problem_with_logits(Z, targets):
    """(X, Y, W, B) whose logits W X^T + B are exactly Z (C, N): X is N x (N + 1), the identity
    and a column of 0.5; W holds Z and a last column; B is 0 except for that column's part."""
    C, N = Z.shape
    X = np.hstack([np.eye(N), np.full((N, 1), 0.5)])
    last = np.linspace(-1.0, 1.0, C)[:, np.newaxis]  # (C, 1): exactly representable halves
    W = np.hstack([Z - 0.5 * last, last])
    B = np.zeros((C, 1))
    Y = np.eye(C)[list(targets)]
    return X, Y, W, B


def problems(salt, sizes, extreme=True):
    """[(description, (X, Y, W, B), is_extreme)]: the lesson's sample, random problems of
    `sizes` (N, D, C), and (if `extreme`) one whose logits are EXTREME_LOGITS."""
    generator = rng(salt)
    cases = [(_("the lesson's sample"), lesson_problem(), False)]
    for n, d, c in sizes:
        cases.append(
            (
                _("a random problem with N={n}, D={d}, C={c}").format(n=n, d=d, c=c),
                random_problem(generator, n, d, c),
                False,
            )
        )
    if extreme:
        cases.append((extreme_case(), extreme_problem(), True))
    return cases


def extreme_problem():
    return problem_with_logits(EXTREME_LOGITS, EXTREME_TARGETS)


def logit_problems(salt, sizes):
    """[(description, Z (C, N) logits, Y (N, C), is_extreme)] of the problems of `problems`."""
    return [
        (case, helpers.model.logits(X, W, B), Y, extreme)
        for case, (X, Y, W, B), extreme in problems(salt, sizes)
    ]
