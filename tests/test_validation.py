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
