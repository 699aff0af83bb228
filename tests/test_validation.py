"""Bad input is a ValueError that names the argument, what was expected and what was given."""

import numpy as np
import pytest

import helpers as h

GOOD = {
    "X": np.ones((2, 4)),
    "Y": np.array([[0, 0, 1], [1, 0, 0]]),
    "W": np.zeros((3, 4)),
    "B": np.zeros((3, 1)),
}
MODEL_FUNCTIONS = [
    h.softmax_forward,
    h.loss_gradient,
    h.loss_gradient_shortcut,
    h.numerical_gradient,
]


def _with(**changes):
    arrays = dict(GOOD, **changes)
    return arrays["X"], arrays["Y"], arrays["W"], arrays["B"]


BAD_INPUTS = [
    # (what changes, the start of the message, words that must appear in it)
    ({"X": np.ones(4)}, "X: expected a 2-D array", ["got 1-D shape (4,)"]),
    (
        {"X": np.ones((4, 2))},
        "W: expected shape (any, 2) to match the 2 features of X",
        ["got shape (3, 4)"],
    ),
    ({"X": np.ones((0, 4)), "Y": np.ones((0, 3))}, "X: expected a non-empty array", ["(0, 4)"]),
    ({"X": [[1, 2, "a", 4], [1, 2, 3, 4]]}, "X: expected an array of numbers", ["'a'"]),
    ({"W": np.zeros((3, 5))}, "W: expected shape (any, 4)", ["got shape (3, 5)"]),
    ({"B": np.zeros(3)}, "B: expected a 2-D array", ["got 1-D shape (3,)"]),
    ({"B": np.zeros((1, 3))}, "B: expected shape (3, 1)", ["got shape (1, 3)"]),
    ({"Y": np.array([[0, 0, 1]])}, "Y: expected shape (2, 3)", ["got shape (1, 3)"]),
    (
        {"Y": np.array([[0, 1, 1], [1, 0, 0]])},
        "Y: expected one-hot rows",
        ["row 0 = [0.0, 1.0, 1.0]"],
    ),
    ({"Y": np.array([[0, 0, 0], [1, 0, 0]])}, "Y: expected one-hot rows", ["row 0"]),
    ({"Y": np.array([[0, 0, 1], [0.5, 0.5, 0]])}, "Y: expected one-hot rows", ["row 1"]),
    (
        {"X": np.array([[1, 2, np.nan, 4], [1, 2, 3, 4]])},
        "X: expected finite numbers",
        ["nan", "(0, 2)"],
    ),
    ({"W": np.full((3, 4), np.inf)}, "W: expected finite numbers", ["inf", "(0, 0)"]),
    ({"B": np.array([[0.0], [-np.inf], [0.0]])}, "B: expected finite numbers", ["-inf"]),
    ({"Y": np.array([[0, 0, np.nan], [1, 0, 0]])}, "Y: expected finite numbers", ["nan"]),
]


@pytest.mark.parametrize("function", MODEL_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("changes", "start", "details"), BAD_INPUTS)
def test_bad_model_input_raises_a_clear_value_error(function, changes, start, details):
    with pytest.raises(ValueError) as error:
        function(*_with(**changes))
    message = str(error.value)
    assert message.startswith(start), message
    for detail in details:
        assert detail in message, message


def test_good_input_passes():
    for function in MODEL_FUNCTIONS:
        function(*_with())


@pytest.mark.parametrize(
    ("call", "start"),
    [
        (lambda: h.softmax([[1.0, np.nan]], axis=0), "Z: expected finite numbers"),
        (lambda: h.softmax([], axis=0), "Z: expected a non-empty array"),
        (lambda: h.log_softmax([[np.inf]], axis=0), "Z: expected finite numbers"),
        (lambda: h.softmax_jacobian(np.ones((3, 1)) / 3), "s: expected a 1-D array"),
        (lambda: h.softmax_jacobian([0.5, np.nan]), "s: expected finite numbers"),
        (lambda: h.cross_entropy(np.zeros((3, 2)), np.eye(3)[:1]), "Y: expected shape (2, 3)"),
        (lambda: h.cross_entropy(np.zeros(3), np.eye(3)[:1]), "Z: expected a 2-D array"),
        (
            lambda: h.logits(np.ones((1, 4)), np.ones((3, 4)), np.ones((3,))),
            "B: expected a 2-D array",
        ),
        (lambda: h.relative_error(np.ones(3), np.ones(4)), "b: expected the shape of a (3,)"),
        (
            lambda: h.train(*_with(), learning_rate=-0.1, steps=1),
            "learning_rate: expected a positive number, got -0.1",
        ),
        (
            lambda: h.train(*_with(), learning_rate=float("nan"), steps=1),
            "learning_rate: expected a positive number, got nan",
        ),
        (
            lambda: h.train(*_with(), learning_rate=0.1, steps=2.5),
            "steps: expected a whole number >= 0, got 2.5",
        ),
        (
            lambda: h.train(*_with(), learning_rate=0.1, steps=-1),
            "steps: expected a whole number >= 0, got -1",
        ),
        (
            lambda: h.train(
                h.lesson_sample(),
                h.lesson_target(),
                *h.initial_parameters(),
                learning_rate=1e308,
                steps=3,
            ),
            "learning_rate: expected a rate at which training stays finite, got 1e+308",
        ),
        (
            lambda: h.median_seconds(lambda: None, repeats=0),
            "repeats: expected a whole number >= 1, got 0",
        ),
        (
            lambda: h.comparison_table({"a": (np.ones(2), np.ones(3))}, tolerance=1e-9),
            "pairs['a']: expected two arrays of one shape, got (2,) and (3,)",
        ),
        (lambda: h.comparison_table({}, tolerance=0), "tolerance: expected a positive number"),
        (
            lambda: h.numerical_gradient(*_with(), eps=0.0),
            "eps: expected a number in [1e-10, 0.1], got 0.0",
        ),
    ],
)
def test_other_bad_arguments_raise_a_clear_value_error(call, start):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(start), str(error.value)


# --- issue 9: no silent wrong answer; each case below was observed on the old helpers ---

ONE_SAMPLE = (np.ones((1, 4)), np.eye(3)[[2]], np.zeros((3, 4)), np.zeros((3, 1)))


def _message(call):
    with pytest.raises(ValueError) as error:
        call()
    return str(error.value)


@pytest.mark.parametrize(
    ("call", "start"),
    [
        (lambda: h.softmax([1 + 2j, 0], axis=0), "Z: expected real numbers, got complex"),
        (lambda: h.log_softmax([1 + 2j, 0], axis=0), "Z: expected real numbers, got complex"),
        (lambda: h.relative_error([1 + 1j], [1 - 1j]), "a: expected real numbers, got complex"),
        (lambda: h.relative_error([1.0], [1 - 1j]), "b: expected real numbers, got complex"),
        (
            lambda: h.comparison_table({"z": ([1 + 1j], [1 - 1j])}, 1e-9),
            "pairs['z']: expected real numbers, got complex",
        ),
        (
            lambda: h.softmax_forward(np.ones((1, 4)) * 1j, *ONE_SAMPLE[1:]),
            "X: expected real numbers, got complex",
        ),
        (lambda: h.softmax(["1", "2"], axis=0), "Z: expected an array of numbers, got ['1', '2']"),
        (lambda: h.softmax([None, 1.0], axis=0), "Z: expected an array of numbers"),
        (lambda: h.softmax([True, False], axis=0), "Z: expected numbers, got booleans"),
        (lambda: h.softmax([10**400, 0], axis=0), "Z: expected numbers that fit in float64"),
        (lambda: h.softmax(np.float64(3.0), axis=0), "Z: expected at least a 1-D array, got 0-D"),
        (lambda: h.log_softmax(3.0, axis=0), "Z: expected at least a 1-D array, got 0-D"),
        (lambda: h.softmax([[1.0, 2.0]], axis=2), "axis: expected an axis of a 2-D array, got 2"),
        (lambda: h.softmax([[1.0, 2.0]], axis=-3), "axis: expected an axis of a 2-D array"),
        (lambda: h.softmax([[1.0, 2.0]], axis=True), "axis: expected an integer, got True"),
        (lambda: h.softmax([[1.0, 2.0]], axis=None), "axis: expected an integer, got None"),
        (lambda: h.softmax_jacobian(5.0), "s: expected a 1-D array, got 0-D"),
        (
            lambda: h.lesson_flawed_jacobian([0.1, 0.2, 0.3, 0.4]),
            "s: expected the lesson's 3 probabilities, shape (3,), got (4,)",
        ),
        (lambda: h.lesson_flawed_jacobian(0.5), "s: expected a 1-D array, got 0-D"),
        (
            lambda: h.initial_parameters(n_classes=0),
            "n_classes: expected a whole number >= 1, got 0",
        ),
        (
            lambda: h.initial_parameters(n_features=0),
            "n_features: expected a whole number >= 1, got 0",
        ),
        (lambda: h.initial_parameters(n_classes=2.0), "n_classes: expected a whole number"),
        (lambda: h.initial_parameters(seed=-1), "seed: expected a whole number >= 0, got -1"),
        (lambda: h.initial_parameters(seed=2**32), "seed: expected a whole number < 2**32"),
        (lambda: h.initial_parameters(seed=True), "seed: expected a whole number >= 0, got True"),
        (
            lambda: h.comparison_table({"e": (np.ones(0), np.ones(0))}, 1e-9),
            "pairs['e']: expected non-empty arrays, got shape (0,)",
        ),
        (lambda: h.comparison_table([("a", (1, 1))], 1e-9), "pairs: expected a dict"),
        (lambda: h.comparison_table({"a": (1.0,)}, 1e-9), "pairs['a']: expected a pair"),
        (lambda: h.comparison_table({"a": 1.0}, 1e-9), "pairs['a']: expected a pair"),
        (lambda: h.comparison_table({3: (1.0, 1.0)}, 1e-9), "pairs: expected names that are"),
        (lambda: h.comparison_table({}, tolerance=True), "tolerance: expected a positive number"),
        (lambda: h.comparison_table({}, tolerance="1e-9"), "tolerance: expected a positive"),
        (lambda: h.comparison_table({}, np.array([1e-9])), "tolerance: expected a positive"),
        (lambda: h.comparison_table({}, 1e-9, floor=0.0), "floor: expected a positive number"),
        (lambda: h.format_bound(1e-3, floor=-1.0), "floor: expected a positive number"),
        (lambda: h.format_bound("0.1", floor=1e-9), "value: expected a real number, got '0.1'"),
        (lambda: h.format_bound(True, floor=1e-9), "value: expected a real number, got True"),
        (
            lambda: h.median_seconds(lambda: None, warmups=-1),
            "warmups: expected a whole number >= 0, got -1",
        ),
        (lambda: h.median_seconds(lambda: None, warmups=1.5), "warmups: expected a whole number"),
        (lambda: h.median_seconds(lambda: None, repeats=True), "repeats: expected a whole number"),
        (lambda: h.median_seconds(42), "function: expected a function, got 42"),
        (lambda: h.train(*ONE_SAMPLE, learning_rate=True, steps=1), "learning_rate: expected a"),
        (lambda: h.train(*ONE_SAMPLE, learning_rate="0.1", steps=1), "learning_rate: expected a"),
        (lambda: h.train(*ONE_SAMPLE, np.array([0.1, 0.2]), 1), "learning_rate: expected a"),
        (lambda: h.train(*ONE_SAMPLE, 0.1 + 0j, 1), "learning_rate: expected a positive number"),
        (lambda: h.train(*ONE_SAMPLE, 10**400, 1), "learning_rate: expected a positive number"),
        (lambda: h.train(*ONE_SAMPLE, 0.1, steps=True), "steps: expected a whole number >= 0"),
        (lambda: h.train(*ONE_SAMPLE, 0.1, steps="3"), "steps: expected a whole number >= 0"),
        (lambda: h.train(*ONE_SAMPLE, 0.1, 1, gradient=3), "gradient: expected a function"),
        (
            lambda: h.train(*ONE_SAMPLE, 0.1, 1, gradient=lambda X, Y, W, B: (0.0, B)),
            "gradient: expected a function returning dW of shape (3, 4), got shape ()",
        ),
        (
            lambda: h.train(*ONE_SAMPLE, 0.1, 1, gradient=lambda X, Y, W, B: (W, B[:, 0])),
            "gradient: expected a function returning dB of shape (3, 1), got shape (3,)",
        ),
        (lambda: h.numerical_gradient(*ONE_SAMPLE, eps=True), "eps: expected a number in"),
        (lambda: h.numerical_gradient(*ONE_SAMPLE, eps="1e-5"), "eps: expected a number in"),
        (lambda: h.numerical_gradient(*ONE_SAMPLE, eps=1e-300), "eps: expected a number in"),
        (lambda: h.numerical_gradient(*ONE_SAMPLE, eps=1e300), "eps: expected a number in"),
        (lambda: h.numerical_gradient(*ONE_SAMPLE, eps=0.11), "eps: expected a number in"),
        (lambda: h.numerical_gradient(*ONE_SAMPLE, eps=9e-11), "eps: expected a number in"),
        (
            lambda: h.numerical_gradient(*ONE_SAMPLE[:2], np.full((3, 4), 1e8), ONE_SAMPLE[3]),
            "eps: expected at least 1000 float64 spacings of W[0, 0] = 1e+08",
        ),
        (
            lambda: h.numerical_gradient(*ONE_SAMPLE[:3], np.array([[0.0], [0.0], [-1e9]])),
            "eps: expected at least 1000 float64 spacings of B[2, 0] = -1e+09",
        ),
        (
            lambda: h.loss_gradient(*ONE_SAMPLE, jacobian="J"),
            "jacobian: expected a function, got 'J'",
        ),
        (
            lambda: h.loss_gradient(*ONE_SAMPLE, jacobian=lambda s: np.eye(2)),
            "jacobian: expected a function that returns shape (3, 3) for 3 probabilities",
        ),
        (lambda: h.load_iris_csv(42), "path: expected a file path (str or Path), got 42"),
    ],
)
def test_issue_9_bad_arguments_raise_a_clear_value_error(call, start):
    message = _message(call)
    assert message.startswith(start), message


def test_scalars_may_be_numpy_numbers():
    timed = h.median_seconds(lambda: None, repeats=np.int64(3), warmups=np.int64(0))
    assert timed >= 0.0
    W, B, losses = h.train(*ONE_SAMPLE, learning_rate=np.float32(0.5), steps=np.int64(2))
    assert losses.shape == (3,)
    assert h.initial_parameters(seed=np.int64(7))[0].shape == (3, 4)
    assert h.comparison_table({"a": (1.0, 1.0)}, np.float64(1e-9))[1]


def test_median_seconds_calls_warmups_then_repeats():
    calls = []
    h.median_seconds(lambda: calls.append(1), repeats=3, warmups=2)
    assert len(calls) == 5
    calls.clear()
    h.median_seconds(lambda: calls.append(1), repeats=1, warmups=0)
    assert len(calls) == 1


BIG = 1e200  # finite, but 1e200 * 1e200 is beyond float64


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.logits(np.full((1, 4), BIG), np.full((3, 4), BIG), np.zeros((3, 1))),
        lambda: h.softmax_forward(
            np.full((1, 4), BIG), ONE_SAMPLE[1], np.full((3, 4), BIG), *ONE_SAMPLE[3:]
        ),
        lambda: h.loss_gradient(
            np.full((1, 4), BIG), ONE_SAMPLE[1], np.full((3, 4), BIG), *ONE_SAMPLE[3:]
        ),
        lambda: h.loss_gradient_shortcut(
            np.full((1, 4), BIG), ONE_SAMPLE[1], np.full((3, 4), BIG), *ONE_SAMPLE[3:]
        ),
        lambda: h.numerical_gradient(
            np.full((1, 4), 1e308), ONE_SAMPLE[1], np.ones((3, 4)), *ONE_SAMPLE[3:]
        ),
        lambda: h.train(
            np.full((1, 4), BIG), ONE_SAMPLE[1], np.full((3, 4), BIG), ONE_SAMPLE[3], 0.1, 0
        ),
        lambda: h.train(
            np.full((1, 4), BIG), ONE_SAMPLE[1], np.full((3, 4), BIG), ONE_SAMPLE[3], 1e-300, 5
        ),
    ],
)
def test_overflowing_products_name_the_inputs_not_the_learning_rate(call):
    message = _message(call)
    assert message.startswith("X, W, B: expected inputs that keep"), message
    assert "within float64" in message


def test_an_overflowing_loss_or_gradient_is_an_error_not_inf():
    # logits 1e308 and -1e308: each is finite, the loss (their difference) is not
    Z = np.array([[1e308], [-1e308]])
    message = _message(lambda: h.cross_entropy(Z, [[0, 1]]))
    assert message.startswith("Z: expected inputs that keep the summed loss within float64")
    message = _message(lambda: h.log_softmax(Z, axis=0))
    assert message.startswith("Z: expected inputs that keep log_softmax within float64")
    # two samples whose feature is 1e308: S - Y is fine, (S - Y) X sums past float64
    X, Y = np.full((2, 1), 1e308), np.array([[1, 0], [1, 0]])
    W = np.array([[0.0], [1.0]])  # both samples confidently class 1: dL/dZ = [-1, 1] each
    message = _message(lambda: h.loss_gradient_shortcut(X, Y, W, np.zeros((2, 1))))
    assert message.startswith("X, W, B: expected inputs that keep the gradient dL/dW within")
    message = _message(lambda: h.softmax_jacobian([1e200, 0.5]))
    assert message.startswith("s: expected inputs that keep diag(s) - s s^T within float64")
    message = _message(lambda: h.lesson_flawed_jacobian([1e200, 1e200, 0.5]))
    assert message.startswith("s: expected inputs that keep the products of s within float64")


def test_a_divergent_rate_is_blamed_only_when_the_start_is_finite():
    X, Y, W, B = h.lesson_sample(), h.lesson_target(), *h.initial_parameters()
    message = _message(lambda: h.train(X, Y, W, B, learning_rate=1e308, steps=3))
    assert message.startswith("learning_rate: expected a rate at which training stays finite")
    message = _message(
        lambda: h.train(X, Y, W, B, learning_rate=1e308, steps=3, gradient=h.loss_gradient)
    )
    assert message.startswith("learning_rate: expected a rate at which training stays finite")


def test_the_chain_rule_refuses_a_confidently_wrong_prediction_and_says_why():
    """The issue's example: margin 800, S_t = exp(-800) = 0, -1/S_t overflows."""
    X, Y, W, B = np.array([[1.0]]), np.array([[1, 0]]), np.array([[0.0], [800.0]]), np.zeros((2, 1))
    message = _message(lambda: h.loss_gradient(X, Y, W, B))
    assert message.startswith("X, W, B: expected predictions the chain rule can divide by")
    for words in ("sample 0", "target class 0 is 800 below", "-1/S_t overflows", "~709"):
        assert words in message, message
    assert "loss_gradient_shortcut" in message and "no such problem" in message
    # the shortcut has no such limit: dL/dZ = S - Y = [0 - 1, 1 - 0]
    dW, dB = h.loss_gradient_shortcut(X, Y, W, B)
    np.testing.assert_array_equal(dW, [[-1.0], [1.0]])
    np.testing.assert_array_equal(dB, [[-1.0], [1.0]])
    assert h.cross_entropy(W @ X.T + B, Y) == 800.0


@pytest.mark.parametrize("margin", [700.0, 708.0, 709.5])
def test_the_chain_rule_is_right_just_below_its_overflow(margin):
    """S_t = exp(-margin) is tiny but -1/S_t is finite: the chain rule still gives S - Y."""
    X, Y, W, B = (
        np.array([[1.0]]),
        np.array([[1, 0]]),
        np.array([[0.0], [margin]]),
        np.zeros((2, 1)),
    )
    for by_chain, expected in zip(h.loss_gradient(X, Y, W, B), ([[-1.0], [1.0]],) * 2, strict=True):
        np.testing.assert_allclose(by_chain, expected, rtol=0, atol=1e-15)


def test_numerical_gradient_never_writes_into_the_callers_arrays():
    X, Y = h.lesson_sample(), h.lesson_target()
    W, B = h.initial_parameters()
    W.flags.writeable = False  # any write, even one undone later, would raise here
    B.flags.writeable = False
    dW, dB = h.numerical_gradient(X, Y, W, B)
    np.testing.assert_allclose(dW, h.loss_gradient_shortcut(X, Y, W, B)[0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(dB, h.loss_gradient_shortcut(X, Y, W, B)[1], rtol=0, atol=1e-9)


@pytest.mark.parametrize("eps", [1e-10, 0.1])
def test_numerical_gradient_accepts_the_ends_of_its_eps_range(eps):
    X, Y, W, B = ONE_SAMPLE
    dW, _ = h.numerical_gradient(X, Y, W, B, eps=eps)
    # L is linear-plus-curved in each entry; even at the ends the estimate is near S - Y
    np.testing.assert_allclose(dW, h.loss_gradient_shortcut(X, Y, W, B)[0], rtol=0, atol=1e-2)
