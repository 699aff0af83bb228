"""Unit tests written to kill mutants of helpers/ that the other unit tests let live.

Mutation testing (mutmut, configured in pyproject.toml under [tool.mutmut]; unit tests only):

    python -m mutmut run        # about 11 minutes on 2 busy cores; results kept in mutants/
    python -m mutmut results    # the mutants that survived (none but those in MUTATION.md)

tests/MUTATION.md has the score and every equivalent mutant with the reason it cannot be killed.
Most tests here pin an error message word for word: the message is part of the interface
(it tells a learner what to fix), so a mutant that garbles it is a real defect.
"""

import re
import time
import warnings

import numpy as np
import pytest
import torch

import helpers as h
from helpers import checks

HEADER = "sepal_length,sepal_width,petal_length,petal_width,species\n"
ONE_HOT = "sepal_length,sepal_width,petal_length,petal_width,setosa,versicolor,virginica\n"


def _message(call):
    with pytest.raises(ValueError) as error:
        call()
    return str(error.value)


def _message_without_warnings(call):
    """The ValueError's message, with every warning an error: a RuntimeWarning (or a
    FloatingPointError) that escapes an np.errstate fails the test, whatever pytest's
    filterwarnings setting is."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="warn", under="ignore"):  # NumPy's defaults, whatever the caller's
            return _message(call)


def test_the_comparison_tables_text_word_for_word():
    text, ok = h.comparison_table({"dL/dW": (np.zeros(2), np.array([0.0, 2.5e-13]))}, 1e-12)
    assert ok
    assert text == (
        "name             max abs diff   within 1e-12\ndL/dW                2.50e-13   ok"
    )


def test_the_lesson_target_is_int32_as_in_the_lesson():
    target = h.lesson_target()
    assert target.dtype == np.int32 and target.tolist() == [[0, 0, 1]]


def test_printed_like_lesson_ignores_the_callers_print_options():
    """NumPy's defaults: 8 digits, scientific notation when the values span many orders."""
    values = np.array([[1e-10, 1.123456789123]])
    with np.printoptions(precision=3, suppress=True, floatmode="fixed"):
        assert h.printed_like_lesson(values) == "[[1.00000000e-10 1.12345679e+00]]"
        assert h.printed_like_lesson(np.array([0.5, 0.25])) == "[0.5 0.25]"


def test_loader_messages_word_for_word(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n")
    assert _message(lambda: h.load_iris_csv(path)) == (
        f"{path} line 1: expected the header "
        "'sepal_length,sepal_width,petal_length,petal_width,species' or "
        "'sepal_length,sepal_width,petal_length,petal_width,setosa,versicolor,virginica', "
        "got 'a,b'"
    )
    path.write_text(ONE_HOT + "5.1,3.5,1.4,0.2,1,1,0\n")
    assert _message(lambda: h.load_iris_csv(path)) == (
        f"{path} line 2: expected a one-hot row (one 1 and two 0s) under "
        "setosa,versicolor,virginica, got 1,1,0"
    )


@pytest.mark.parametrize("text", ["nan", "-nan", "+inf", "-Infinity", "INF"])
def test_every_spelling_of_nan_and_inf_is_not_finite(tmp_path, text):
    path = tmp_path / "x.csv"
    path.write_text(HEADER + f"5.1,3.5,1.4,{text},setosa\n")
    assert _message(lambda: h.load_iris_csv(path)) == (
        f"{path} line 2: petal_width expected a finite number, got '{text}'"
    )


def test_a_csv_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(HEADER + "5.1,3.5,1.4,0.2," + "x" * 200_000 + "\n")  # past csv's limit
    assert _message(lambda: h.load_iris_csv(path)) == (
        f"{path} line 2: expected CSV, got field larger than field limit (131072)"
    )


def test_median_seconds_by_a_fake_clock(monkeypatch):
    """No wall clock: the clock reads 0, 1, 3, 6, 10, ...: the calls take 1, 2, 3, 4, ..."""
    readings = iter(k * (k + 1) / 2 for k in range(100))
    monkeypatch.setattr(time, "perf_counter", lambda: next(readings))
    calls = []
    # default: one warm-up, then five timed calls of 1, 2, 3, 4, 5 "seconds" (each call
    # reads the clock twice: 0 -> 1, 3 -> 6, 10 -> 15, ...: 1, 3, 5, 7, 9)
    assert h.median_seconds(lambda: calls.append(1)) == 5.0
    assert len(calls) == 6


def test_shape_texts_and_long_values_in_messages():
    assert _message(lambda: checks.as_matrix("Q", np.ones((2, 3)), rows=3)) == (
        "Q: expected shape (3, any), got shape (2, 3)"
    )
    assert _message(lambda: checks.as_matrix("Q", np.ones((2, 3)), cols=2)) == (
        "Q: expected shape (any, 2), got shape (2, 3)"
    )
    long = [0.1] * 100
    assert _message(lambda: h.train(*_one_sample(), learning_rate=long, steps=1)) == (
        f"learning_rate: expected a positive number, got {repr(long)[:57]}..."
    )
    short = "x" * 58  # its repr, with quotes, is exactly 60 characters: shown whole
    assert _message(lambda: h.train(*_one_sample(), learning_rate=short, steps=1)) == (
        f"learning_rate: expected a positive number, got {short!r}"
    )


def _one_sample():
    return np.ones((1, 4)), np.eye(3)[[2]], np.zeros((3, 4)), np.zeros((3, 1))


def test_train_names_what_overflowed_at_the_start():
    X, Y = np.array([[1.0]]), np.array([[0, 1]])
    W, B = np.array([[1e308], [-1e308]]), np.zeros((2, 1))  # loss 2e308: beyond float64
    assert _message(lambda: h.train(X, Y, W, B, learning_rate=0.1, steps=0)) == (
        "X, W, B: expected inputs that keep the summed loss within float64 "
        "(|x| <= 1.8e+308), got inf"
    )
    # loss 3 ln 2, but dL/dW[0] = (S - Y)[0] X = (-0.5)(-1.5e308) + 2 (0.5)(1.5e308): beyond
    # float64 (with every target taken as class 0 it would be a finite -0.75e308)
    X, Y = np.array([[-1.5e308], [1.5e308], [1.5e308]]), np.array([[1, 0], [0, 1], [0, 1]])
    W = np.zeros((2, 1))
    message = _message(lambda: h.train(X, Y, W, B, learning_rate=1e-300, steps=1))
    assert message == (
        "X, W, B: expected inputs that keep the gradient dL/dW within float64 "
        "(|x| <= 1.8e+308), got inf at index (0, 0)"
    )


def test_numerical_gradient_names_an_overflowing_loss():
    X, Y = np.array([[1e308]]), np.array([[0, 1]])
    W, B = np.array([[1.0], [-1.0]]), np.zeros((2, 1))  # logits +-1e308: the loss is 2e308
    assert _message(lambda: h.numerical_gradient(X, Y, W, B)) == (
        "X, W, B: expected inputs that keep the summed loss within float64 "
        "(|x| <= 1.8e+308), got inf"
    )


def test_eps_may_be_exactly_1000_spacings():
    W = np.array([[0.0], [0.0]])
    B = np.array([[0.0], [2.0**20]])  # its spacing is 2**-32: eps = 1000 x that is allowed
    eps = 1000 * 2.0**-32
    X, Y = np.array([[1.0]]), np.array([[1, 0]])
    dW, dB = h.numerical_gradient(X, Y, W, B, eps=eps)
    np.testing.assert_allclose(dB, h.loss_gradient_shortcut(X, Y, W, B)[1], rtol=0, atol=1e-3)
    assert _message(lambda: h.numerical_gradient(X, Y, W, B, eps=eps * 0.999)).startswith(
        "eps: expected at least 1000 float64 spacings of B[1, 0] = 1.05e+06"
    )


def test_cross_entropy_says_y_is_z_transposed():
    assert _message(lambda: h.cross_entropy(np.zeros((3, 2)), np.eye(3)[:1])) == (
        "Y: expected shape (2, 3) (Z transposed), got shape (1, 3)"
    )


def test_softmax_forward_gives_one_row_of_probabilities_per_sample(rng):
    X, W, B = rng.normal(size=(4, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 1))
    Y = np.eye(5)[[0, 3, 1, 4]]
    pred, _ = h.softmax_forward(X, Y, W, B)
    expected = torch.softmax(torch.from_numpy(X @ W.T + B.T), dim=1).numpy()
    np.testing.assert_allclose(pred, expected, rtol=1e-13, atol=0)


def test_softmax_forward_names_an_overflowing_loss():
    X, Y = np.array([[1e308]]), np.array([[0, 1]])
    W, B = np.array([[1.0], [-1.0]]), np.zeros((2, 1))
    assert _message(lambda: h.softmax_forward(X, Y, W, B)) == (
        "X, W, B: expected inputs that keep the summed loss within float64 "
        "(|x| <= 1.8e+308), got inf"
    )


def test_the_chain_rules_error_states_the_margin():
    X, Y = np.array([[1.0]]), np.array([[1, 0]])
    B = np.array([[100.0], [900.0]])
    assert "target class 0 is 800 below the largest" in _message(
        lambda: h.loss_gradient(X, Y, np.zeros((2, 1)), B)
    )
    W = np.array([[-1e308], [1e308]])  # a margin of 2e308: shown as inf, without a warning
    assert "target class 0 is inf below the largest" in _message(
        lambda: h.loss_gradient(X, Y, W, np.zeros((2, 1)))
    )


def test_relative_error_is_zero_where_both_are_zero_whatever_memory_held():
    for n in (10, 1000, 100_000):
        garbage = np.full(n, 7.0)  # freed below: the next array of this size may reuse it
        del garbage
        assert not h.relative_error(np.zeros(n), np.zeros(n)).any()


def test_relative_error_of_two_numbers_is_a_numpy_float():
    error = h.relative_error(1.0, 3.0)
    assert isinstance(error, np.float64) and error == 0.5


def test_the_chain_rule_names_an_overflowing_db_and_a_bad_jacobian():
    X, Y = np.array([[1e-10], [1e-10]]), np.array([[1, 0], [1, 0]])
    W, B = np.zeros((2, 1)), np.zeros((2, 1))  # S = [0.5, 0.5]: -1/S_t = -2 for both samples

    def huge(s):
        return np.full((2, 2), 0.5e308)  # dL/dZ = -1e308 per sample: their sum is beyond

    assert _message(lambda: h.loss_gradient(X, Y, W, B, jacobian=huge)) == (
        "X, W, B: expected inputs that keep the gradient dL/dB within float64 "
        "(|x| <= 1.8e+308), got -inf at index (0, 0)"
    )
    assert _message(
        lambda: h.loss_gradient(X, Y, W, B, jacobian=lambda s: np.full((2, 2), np.nan))
    ) == ("jacobian: expected finite numbers, got nan at index (0, 0)")


def test_shape_messages_say_where_the_size_comes_from():
    X, Y, W, B = _one_sample()
    assert _message(lambda: h.logits(X, W, np.zeros((1, 3)))) == (
        "B: expected shape (3, 1) (a column, one bias per row of W), got shape (1, 3)"
    )
    assert _message(lambda: h.softmax_forward(X, np.eye(3)[[0, 1]], W, B)) == (
        "Y: expected shape (1, 3) (1 samples of X by 3 classes of W), got shape (2, 3)"
    )
    assert _message(lambda: h.logits(np.full((1, 4), 1e200), np.full((3, 4), 1e200), B)) == (
        "X, W, B: expected inputs that keep the logits Z = W X^T + B within float64 "
        "(|x| <= 1.8e+308), got inf at index (0, 0)"
    )
    assert _message(lambda: h.softmax([[1.0, 2.0], [3.0]], axis=0)) == (
        "Z: expected an array of numbers, got [[1.0, 2.0], [3.0]]"
    )


def test_a_certain_right_prediction_trains_with_a_loss_of_plus_zero():
    X, Y = np.array([[1.0]]), np.array([[1, 0]])
    W, B = np.array([[1000.0], [0.0]]), np.zeros((2, 1))
    _, _, losses = h.train(X, Y, W, B, learning_rate=0.1, steps=2)
    assert [np.copysign(1.0, loss) for loss in losses] == [1.0, 1.0, 1.0]
    assert not losses.any()


def test_logits_of_plus_and_minus_inf_products_are_an_error_not_a_warning():
    """W X^T = 1e309 - 1e309: both products overflow, their sum is inf - inf (nan where the
    dot product adds the two terms, inf where a fused multiply-add rounds only once, as some
    BLAS kernels do). Either way the documented ValueError, and no RuntimeWarning "invalid
    value encountered in matmul" (kills _logits' np.errstate without invalid="ignore")."""
    X, W, B = np.array([[10.0, 10.0]]), np.array([[1e308, -1e308]]), np.zeros((1, 1))
    message = _message_without_warnings(lambda: h.logits(X, W, B))
    assert re.fullmatch(
        re.escape(
            "X, W, B: expected inputs that keep the logits Z = W X^T + B within float64 "
            "(|x| <= 1.8e+308), got "
        )
        + r"(nan|-?inf) at index \(0, 0\)",
        message,
    ), message


def test_the_chain_rule_on_a_subnormal_target_probability_is_an_error_not_a_warning():
    """A margin of 710: S_t = exp(-710) = 4.48e-309 is subnormal but not 0, so -1/S_t
    overflows (rather than dividing by zero): the documented ValueError, and no RuntimeWarning
    "overflow encountered in scalar divide" (kills loss_gradient's np.errstate without
    over="ignore"; the margin of 800 elsewhere gives S_t = 0, a division by zero)."""
    X, Y = np.array([[1.0]]), np.array([[1, 0]])
    W, B = np.zeros((2, 1)), np.array([[0.0], [710.0]])
    assert _message_without_warnings(lambda: h.loss_gradient(X, Y, W, B)) == (
        "X, W, B: expected predictions the chain rule can divide by, got sample 0 predicted "
        "confidently wrong: the logit of its target class 0 is 710 below the largest, so "
        "S_t = 4.48e-309 and dL/dS_t = -1/S_t overflows float64 (it does once that margin "
        "passes ~709). loss_gradient_shortcut computes dL/dZ = S - Y without dividing by S_t "
        "and has no such problem."
    )
    # one step less: S_t = exp(-709) = 1.2e-308, -1/S_t = -8.2e307 is finite, as is the gradient
    dW, dB = h.loss_gradient(X, Y, W, np.array([[0.0], [709.0]]))
    assert dW.tolist() == [[-1.0], [1.0]] and dB.tolist() == [[-1.0], [1.0]]


def test_a_jacobian_whose_products_give_inf_minus_inf_is_an_error_not_a_warning():
    """dL/dZ = -2 J[:, t] = [-inf, +inf] (overflow); times x = 0 that is -inf * 0 = nan, and
    two samples with opposite columns sum to inf - inf = nan: the documented ValueError, and no
    RuntimeWarning "invalid value encountered" (kills loss_gradient's np.errstate without
    invalid="ignore" around the sums)."""
    J = np.array([[1e308, -1e308], [-1e308, 1e308]])  # finite, symmetric, (2, 2): accepted
    W, B = np.zeros((2, 1)), np.zeros((2, 1))  # S = [0.5, 0.5]: -1/S_t = -2
    expected = (
        "X, W, B: expected inputs that keep the gradient dL/dW within float64 "
        "(|x| <= 1.8e+308), got nan at index (0, 0)"
    )
    for X, Y in [
        (np.array([[0.0]]), np.array([[1, 0]])),  # -inf * 0 in the outer product
        (np.array([[1e-10], [1e-10]]), np.array([[1, 0], [0, 1]])),  # -inf + inf in the sum
    ]:
        assert (
            _message_without_warnings(
                lambda X=X, Y=Y: h.loss_gradient(X, Y, W, B, jacobian=lambda s: J)
            )
            == expected
        )


def test_the_shortcut_needs_no_finite_losing_logit():
    """A logit beyond -1.8e308 (W X^T = -1e309) has exp = 0 exactly: S - Y is exact and finite,
    so loss_gradient_shortcut returns it (it checks the logits only when dL/dW is not finite;
    kills the mutant that always checks them). The chain rule refuses the same inputs."""
    X, W, B = np.array([[1e308]]), np.array([[1.0], [-10.0]]), np.zeros((2, 1))
    for Y, dZ in [(np.array([[1, 0]]), [0.0, 0.0]), (np.array([[0, 1]]), [1.0, -1.0])]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            dW, dB = h.loss_gradient_shortcut(X, Y, W, B)
        assert dW.tolist() == [[dZ[0] * 1e308], [dZ[1] * 1e308]]
        assert dB.tolist() == [[dZ[0]], [dZ[1]]]
        assert _message(lambda Y=Y: h.loss_gradient(X, Y, W, B)) == (
            "X, W, B: expected inputs that keep the logits Z = W X^T + B within float64 "
            "(|x| <= 1.8e+308), got -inf at index (1, 0)"
        )


def test_train_names_a_gradient_whose_partial_sums_overflow_at_the_start():
    """7 samples x = 1.7e308, W = B = 0 (S = [0.5, 0.5]), four of class 1 and three of class 0:
    dL/dW[0] sums four terms +0.85e308 and three -0.85e308. Its exact value 0.85e308 fits,
    but partial sums pass float64 (+inf, and -inf where a BLAS kernel sums in several lanes:
    inf - inf = nan). train's first step diverges and _check_start blames the inputs with the
    documented ValueError, not a RuntimeWarning "invalid value encountered in matmul" (kills
    _check_start's np.errstate without invalid="ignore")."""
    X, Y = np.full((7, 1), 1.7e308), np.eye(2)[[1, 1, 1, 1, 0, 0, 0]]
    W, B = np.zeros((2, 1)), np.zeros((2, 1))
    message = _message_without_warnings(lambda: h.train(X, Y, W, B, learning_rate=0.1, steps=1))
    assert re.fullmatch(
        re.escape(
            "X, W, B: expected inputs that keep the gradient dL/dW within float64 "
            "(|x| <= 1.8e+308), got "
        )
        + r"(nan|-?inf) at index \(0, 0\)",
        message,
    ), message


def test_as_one_hot_adds_nothing_to_a_shape_message_by_default():
    """checks.as_one_hot's `why` defaults to "" (kills the mutant whose default is "XXXX")."""
    assert _message(lambda: checks.as_one_hot("Y", np.eye(3), rows=2)) == (
        "Y: expected shape (2, any), got shape (3, 3)"
    )
    assert _message(lambda: checks.as_one_hot("Y", [[1, 1, 0]])) == (
        "Y: expected one-hot rows (a single 1, the rest 0), got row 0 = [1.0, 1.0, 0.0]"
    )
