"""Wrong answers the checks must reject, beyond the classic mistakes of tests/test_exercises.py:
what the course itself teaches (a column spread by more than 709, a confidently wrong sample,
the max shift per column), what a learner's code may do around the math (change its inputs,
keep state, call the course's own answer, round, work in float32, return lists, raise, exit),
and, for each targeted message, a near miss that must NOT get it.

Also the seam with the grader (scripts/grader/): checks call the learner's function
positionally with copies, twice; SystemExit and every Exception are caught, KeyboardInterrupt
is not; helpers.exercises.core.watching_reference_calls() and record_reference_call(name).
"""

import re
import sys

import numpy as np
import pytest
from test_exercises import (
    _stable_softmax,
    falls_by_pairs,
    jacobian_entry_by_entry,
    torch_gradient,
    torch_logit_gradient,
    torch_loss_sum_and_mean,
    torch_sample_loss,
    torch_sgd_step,
    torch_softmax,
)

import helpers
import helpers.exercises as ex
import helpers.exercises.core as core

# --- softmax --------------------------------------------------------------------------------------


def softmax_min_shift(Z):
    e = np.exp(Z - Z.min(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_mean_shift(Z):
    e = np.exp(Z - Z.mean(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_global_max_shift(Z):
    e = np.exp(Z - Z.max())
    return e / e.sum(axis=0, keepdims=True)


def softmax_by_the_course(Z):
    return helpers.softmax(Z, axis=0)


def softmax_from_log_softmax(Z):
    return np.exp(helpers.log_softmax(Z, axis=0))


def softmax_zeroes_Z_after_use(Z):
    S = _stable_softmax(Z)
    Z[:] = 0.0
    return S


def softmax_float32(Z):
    return _stable_softmax(Z).astype(np.float32)


def softmax_computed_in_float32(Z):
    return _stable_softmax(Z.astype(np.float32)).astype(np.float64)


def softmax_rounded(Z):
    return np.round(_stable_softmax(Z), 6)


def softmax_raises(Z):
    raise ValueError("shapes do not match")


def softmax_exits(Z):
    sys.exit()


def softmax_exits_with_a_code(Z):
    sys.exit(3)


_calls = {"count": 0}


def softmax_drifting(Z):
    """Right on the first call, then a bit more each time: state kept between calls."""
    _calls["count"] += 1
    return _stable_softmax(Z) * (1 + 0.1 * (_calls["count"] % 2 == 0))


def softmax_clipped_exponent(Z):
    e = np.exp(np.clip(Z, -700, 700))
    return e / e.sum(axis=0, keepdims=True)


# --- the loss of one sample -----------------------------------------------------------------------


def loss_padded(pred, Y):
    return float(-np.log(np.sum(pred * Y) + 1e-12))


def loss_summed_over_the_mask(pred, Y):
    return float(-np.sum(Y * np.log(pred)))


def loss_clipped(pred, Y):
    return float(-np.log(np.clip(np.sum(pred * Y), 1e-15, 1.0)))


def loss_by_the_course(pred, Y):
    return helpers.cross_entropy(np.log(pred).T, Y)


def loss_float32(pred, Y):
    return np.float32(-np.log(np.sum(pred * Y)))


def loss_zeroes_pred_after_use(pred, Y):
    loss = -np.log(np.sum(pred * Y))
    pred[:] = 0.0
    return float(loss)


def loss_rounded(pred, Y):
    return round(float(-np.log(np.sum(pred * Y))), 6)


def loss_as_a_1_by_1_array(pred, Y):
    return -np.log(pred @ Y.T)


def loss_as_a_list(pred, Y):
    return [float(-np.log(np.sum(pred * Y)))]


def loss_a_little_off(pred, Y):
    return float(-np.log(np.sum(pred * Y))) + 0.01


# --- the Jacobian ---------------------------------------------------------------------------------


def jacobian_rounded(s):
    return np.round(jacobian_entry_by_entry(s), 6)


def jacobian_11_off_by_rounding(s):
    J = jacobian_entry_by_entry(s)
    J[0, 0] *= 1 + 1e-6
    return J


def jacobian_of_float32(s):
    return jacobian_entry_by_entry(np.asarray(s, dtype=np.float32))


def jacobian_by_the_course(s):
    return helpers.softmax_jacobian(s)


def jacobian_of_the_lesson(s):
    return helpers.lesson_flawed_jacobian(s)


def jacobian_as_lists(s):
    return jacobian_entry_by_entry(s).tolist()


def jacobian_sorts_s(s):
    s.sort()  # changes the caller's s
    return jacobian_entry_by_entry(s)


# --- gradients ------------------------------------------------------------------------------------


def chain_rule_by_the_course(X, Y, W, B):
    return helpers.loss_gradient(X, Y, W, B)


def chain_rule_min_shift(X, Y, W, B):
    z = (W @ X.T + B)[:, 0]
    e = np.exp(z - z.min())
    s = e / e.sum()
    J = np.diag(s) - np.outer(s, s)
    dz = (-1.0 / s[np.argmax(Y[0])]) * (J @ Y[0])
    return np.outer(dz, X[0]), dz[:, None]


def chain_rule_zeroes_X_after_use(X, Y, W, B):
    dW, dB = torch_gradient(X, Y, W, B)
    X[:] = 0.0
    return dW, dB


def logit_gradient_global_max_shift(Z, Y):
    return softmax_global_max_shift(Z) - Y.T


def logit_gradient_min_shift(Z, Y):
    return softmax_min_shift(Z) - Y.T


def logit_gradient_with_helpers_softmax(Z, Y):
    return helpers.softmax(Z, axis=0) - Y.T


def logit_gradient_by_the_course(Z, Y):
    N = Z.shape[1]
    dW, _ = helpers.loss_gradient_shortcut(np.eye(N), Y, Z, np.zeros((Z.shape[0], 1)))
    return dW


def batch_global_max_shift(X, Y, W, B):
    dZ = softmax_global_max_shift(W @ X.T + B) - Y.T
    return dZ @ X, dZ.sum(axis=1, keepdims=True)


def batch_through_the_jacobian(X, Y, W, B):
    """The chain rule per sample, -1/S_t included: inf for a confidently wrong sample."""
    dW, dB = np.zeros_like(W), np.zeros_like(B)
    for x, y in zip(X, Y, strict=True):
        z = W @ x + B[:, 0]
        s = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        dz = (-1.0 / s[np.argmax(y)]) * ((np.diag(s) - np.outer(s, s)) @ y)
        dW += np.outer(dz, x)
        dB += dz[:, None]
    return dW, dB


def batch_by_the_course(X, Y, W, B):
    return helpers.loss_gradient_shortcut(X, Y, W, B)


def batch_by_one_training_step(X, Y, W, B):
    W1, B1, _ = helpers.train(X, Y, W, B, 1.0, 1)
    return W - W1, B - B1


_accumulated = {}


def batch_accumulates_in_a_global(X, Y, W, B):
    """dL/dW added into arrays kept between calls (a classic notebook bug)."""
    dW, dB = torch_gradient(X, Y, W, B)
    key = W.shape
    if key not in _accumulated:
        _accumulated[key] = [np.zeros_like(W), np.zeros_like(B)]
    _accumulated[key][0] += dW
    _accumulated[key][1] += dB
    return _accumulated[key][0].copy(), _accumulated[key][1].copy()


_memo = {}


def batch_memoized_correctly(X, Y, W, B):
    """A cache keyed by the inputs' bytes: state, but the same result on the same input."""
    key = (X.tobytes(), Y.tobytes(), W.tobytes(), B.tobytes(), X.shape, W.shape)
    if key not in _memo:
        _memo[key] = torch_gradient(X, Y, W, B)
    return _memo[key]


def batch_float32(X, Y, W, B):
    dW, dB = torch_gradient(X, Y, W, B)
    return dW.astype(np.float32), dB.astype(np.float32)


def batch_as_lists(X, Y, W, B):
    dW, dB = torch_gradient(X, Y, W, B)
    return dW.tolist(), dB.tolist()


def numerical_by_the_course(X, Y, W, B):
    return helpers.numerical_gradient(X, Y, W, B)


def numerical_as_the_exact_gradient(X, Y, W, B):
    return helpers.loss_gradient_shortcut(X, Y, W, B)


def numerical_with_eps_1e_3(X, Y, W, B):
    from test_exercises import central_differences_flat

    return central_differences_flat(X, Y, W, B, eps=1e-3)


def numerical_float32(X, Y, W, B):
    from test_exercises import central_differences_flat

    dW, dB = central_differences_flat(X, Y, W, B)
    return dW.astype(np.float32), dB.astype(np.float32)


def step_zeroes_W_after_use(W, B, dW, dB, learning_rate):
    new = (W - learning_rate * dW, B - learning_rate * dB)
    W[:] = 0.0
    return new


def step_rounded(W, B, dW, dB, learning_rate):
    return np.round(W - learning_rate * dW, 4), np.round(B - learning_rate * dB, 4)


def step_as_lists(W, B, dW, dB, learning_rate):
    return (W - learning_rate * dW).tolist(), (B - learning_rate * dB).tolist()


# --- the loss summed and averaged -----------------------------------------------------------------


def losses_log_of_stable_softmax(Z, Y):
    losses = -np.log(np.sum(_stable_softmax(Z) * Y.T, axis=0))
    return float(losses.sum()), float(losses.mean())


def losses_summed_over_the_mask(Z, Y):
    """-sum(Y^T log S) of the shifted softmax: nan where a non-target S is 0 (0 * -inf)."""
    losses = -np.sum(Y.T * np.log(_stable_softmax(Z)), axis=0)
    return float(losses.sum()), float(losses.mean())


def losses_global_max_shift(Z, Y):
    losses = -np.log(np.sum(softmax_global_max_shift(Z) * Y.T, axis=0))
    return float(losses.sum()), float(losses.mean())


def losses_by_the_course(Z, Y):
    total = helpers.cross_entropy(Z, Y)
    return total, total / Z.shape[1]


def losses_as_one_array(Z, Y):
    return np.array(torch_loss_sum_and_mean(Z, Y))


def losses_float32(Z, Y):
    total, mean = torch_loss_sum_and_mean(Z, Y)
    return np.float32(total), np.float32(mean)


def losses_as_a_list(Z, Y):
    return list(torch_loss_sum_and_mean(Z, Y))


# --- the learning-rate experiment -----------------------------------------------------------------


def falls_in_the_first_10_steps(losses):
    return bool(np.all(np.diff(losses[:11]) < 0))


def falls_first_and_last_pair_only(losses):
    return bool(losses[1] < losses[0] and losses[-1] < losses[-2])


def falls_with_a_tolerance(losses):
    return bool(np.all(np.diff(losses) < -1e-9))


def falls_rounded(losses):
    return bool(np.all(np.diff(np.round(losses, 6)) < 0))


def falls_returns_the_array(losses):
    return np.diff(losses) < 0


def falls_returns_an_int(losses):
    return int(np.all(np.diff(losses) < 0))


def falls_from_the_start_to_the_end(losses):
    return bool(losses[-1] < losses[0])


# (exercise, learner's function, mistake id, a fragment of the message)
WRONG = [
    ("softmax", softmax_min_shift, "min_shift", "each column's minimum"),
    ("softmax", softmax_mean_shift, "no_max_shift", "own maximum"),
    ("softmax", softmax_global_max_shift, "global_max_shift", "each column's OWN maximum"),
    ("softmax", softmax_by_the_course, "reference_call", "you called helpers.softmax"),
    ("softmax", softmax_from_log_softmax, "reference_call", "you called helpers.log_softmax"),
    ("softmax", softmax_zeroes_Z_after_use, "in_place", "changes its argument Z"),
    ("softmax", softmax_float32, "float32", "S is float32"),
    ("softmax", softmax_computed_in_float32, "close", "close, but off by"),
    ("softmax", softmax_rounded, "rounded", "rounded to 6 decimals"),
    ("softmax", softmax_raises, "raised", "your function raised ValueError: shapes do not"),
    ("softmax", softmax_exits, "raised", "your function raised SystemExit"),
    ("softmax", softmax_exits_with_a_code, "raised", "your function raised SystemExit: 3"),
    ("softmax", softmax_drifting, "state", "two different results"),
    ("softmax", softmax_clipped_exponent, "values", "on logits of about 1000, S: entry"),
    ("sample_loss", loss_padded, "values", "confidently wrong sample"),
    ("sample_loss", loss_summed_over_the_mask, "zero_times_log_zero", "0 * log(0) is nan"),
    ("sample_loss", loss_clipped, "values", "confidently wrong sample"),
    ("sample_loss", loss_by_the_course, "reference_call", "you called helpers.cross_entropy"),
    ("sample_loss", loss_float32, "float32", "the loss is float32"),
    ("sample_loss", loss_zeroes_pred_after_use, "in_place", "changes its argument pred"),
    ("sample_loss", loss_rounded, "rounded", "rounded to 6 decimals"),
    ("sample_loss", loss_a_little_off, "values", "the loss is 1.76984, expected 1.75984"),
    ("softmax_jacobian", jacobian_rounded, "rounded", "J is rounded to 6 decimals"),
    ("softmax_jacobian", jacobian_11_off_by_rounding, "close", "entry (1, 1) is"),
    ("softmax_jacobian", jacobian_of_float32, "float32", "J is float32"),
    ("softmax_jacobian", jacobian_by_the_course, "reference_call", "helpers.softmax_jacobian"),
    ("softmax_jacobian", jacobian_of_the_lesson, "reference_call", "lesson_flawed_jacobian"),
    ("softmax_jacobian", jacobian_sorts_s, "in_place", "changes its argument s"),
    ("chain_rule_gradient", chain_rule_by_the_course, "reference_call", "helpers.loss_gradient"),
    ("chain_rule_gradient", chain_rule_min_shift, "no_max_shift", "spread by 2300"),
    ("chain_rule_gradient", chain_rule_zeroes_X_after_use, "in_place", "its argument X"),
    ("logit_gradient", logit_gradient_global_max_shift, "no_max_shift", "own maximum"),
    ("logit_gradient", logit_gradient_min_shift, "no_max_shift", "own maximum"),
    ("logit_gradient", logit_gradient_by_the_course, "reference_call", "loss_gradient_shortcut"),
    ("numerical_gradient", numerical_by_the_course, "reference_call", "numerical_gradient"),
    ("numerical_gradient", numerical_as_the_exact_gradient, "reference_call", "shortcut"),
    ("numerical_gradient", numerical_with_eps_1e_3, "values", "differs from the exact"),
    ("numerical_gradient", numerical_float32, "float32", "dL/dW is float32"),
    ("gradient_step", step_zeroes_W_after_use, "in_place", "changes its argument W"),
    ("gradient_step", step_rounded, "rounded", "new W is rounded to 4 decimals"),
    ("batch_gradient", batch_global_max_shift, "no_max_shift", "own maximum"),
    ("batch_gradient", batch_through_the_jacobian, "no_max_shift", "S_t = 0 gives inf"),
    ("batch_gradient", batch_by_the_course, "reference_call", "loss_gradient_shortcut"),
    ("batch_gradient", batch_by_one_training_step, "reference_call", "you called helpers.train"),
    ("batch_gradient", batch_accumulates_in_a_global, "state", "keep something between calls"),
    ("batch_gradient", batch_float32, "float32", "dL/dW is float32"),
    ("loss_sum_and_mean", losses_log_of_stable_softmax, "log_of_zero", "-log(0) is inf"),
    ("loss_sum_and_mean", losses_global_max_shift, "no_max_shift", "own maximum"),
    ("loss_sum_and_mean", losses_summed_over_the_mask, "no_max_shift", "log(S) is -inf"),
    ("loss_sum_and_mean", losses_by_the_course, "reference_call", "helpers.cross_entropy"),
    ("loss_sum_and_mean", losses_as_one_array, "shape", "return two numbers"),
    ("loss_sum_and_mean", losses_float32, "float32", "the summed loss is float32"),
    ("learning_rate_experiment", falls_in_the_first_10_steps, "falls", "rises at step 150"),
    ("learning_rate_experiment", falls_first_and_last_pair_only, "falls", "every pair"),
    ("learning_rate_experiment", falls_with_a_tolerance, "falls", "without rounding"),
    ("learning_rate_experiment", falls_rounded, "falls", "without rounding"),
    ("learning_rate_experiment", falls_returns_the_array, "not_a_bool", "True or False"),
    ("learning_rate_experiment", falls_returns_an_int, "not_a_bool", "True or False"),
    ("learning_rate_experiment", falls_from_the_start_to_the_end, "falls", "every pair"),
]


def run(name, function):
    if name == "learning_rate_experiment":
        return ex.check_learning_rate_experiment(function, 0.002)
    return ex.CHECKS[name](function)


@pytest.mark.parametrize(
    ("name", "function", "mistake", "fragment"),
    WRONG,
    ids=[f"{name}-{function.__name__}" for name, function, _, _ in WRONG],
)
def test_a_wrong_answer_is_rejected_with_its_message(name, function, mistake, fragment):
    result = run(name, function)
    assert result.status == ex.WRONG, str(result)
    assert result.mistake == mistake, str(result)
    assert fragment in result.message, str(result)
    assert 1 <= len(str(result).splitlines()) <= 3 and " ..." not in str(result)[-4:], str(result)


# Accepted, as the prompts say: lists, a 1 x 1 array for a number, helpers.softmax where it is
# not the exercise, a cache that gives the same result on the same input.
ACCEPTED = [
    ("sample_loss", loss_as_a_1_by_1_array),
    ("sample_loss", loss_as_a_list),
    ("softmax_jacobian", jacobian_as_lists),
    ("softmax", lambda Z: torch_softmax(Z).tolist()),
    ("logit_gradient", logit_gradient_with_helpers_softmax),
    ("batch_gradient", batch_as_lists),
    ("batch_gradient", batch_memoized_correctly),
    ("gradient_step", step_as_lists),
    ("loss_sum_and_mean", losses_as_a_list),
    ("learning_rate_experiment", lambda losses: np.all(np.diff(losses) < 0)),  # np.bool_
]


@pytest.mark.parametrize(("name", "function"), ACCEPTED, ids=[n for n, _ in ACCEPTED])
def test_an_accepted_form_of_a_right_answer_passes(name, function):
    result = run(name, function)
    assert result.passed, str(result)


# --- near misses: each targeted message, and an answer close to its mistake that must not get it --


def test_the_lessons_typo_is_only_named_where_the_lesson_has_it():
    """Entry (1, 1) of the lesson's Jacobian is right: a rounding error there is not its typo."""
    for near_miss in (jacobian_rounded, jacobian_11_off_by_rounding, jacobian_of_float32):
        result = ex.check_softmax_jacobian(near_miss)
        assert result.mistake != "lesson_typo" and "typo" not in result.message, str(result)


def test_a_float32_result_is_never_told_two_equal_numbers():
    for function in (softmax_computed_in_float32, jacobian_11_off_by_rounding, loss_a_little_off):
        name = {"softmax_computed_in_float32": "softmax", "loss_a_little_off": "sample_loss"}.get(
            function.__name__, "softmax_jacobian"
        )
        result = run(name, function)
        shown = re.search(r"is (-?[0-9.e+-]+), expected (-?[0-9.e+-]+)", result.message)
        assert shown, str(result)
        assert shown.group(1) != shown.group(2), str(result)


def test_a_number_is_not_called_an_entry():
    result = ex.check_sample_loss(loss_a_little_off)
    assert "entry" not in result.message and "()" not in result.message, str(result)


def test_only_the_stub_is_not_done_and_code_that_raises_is_told_what_it_raised():
    stub = ex.check_softmax(lambda Z: (_ for _ in ()).throw(NotImplementedError))
    assert stub.status == ex.NOT_DONE and stub.mistake == "stub"
    raised = ex.check_softmax(softmax_raises)
    assert raised.status == ex.WRONG and "not done" not in str(raised)


def test_keyboard_interrupt_is_not_caught():
    def interrupted(Z):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ex.check_softmax(interrupted)


def test_use_lt_not_le_is_said_only_to_a_function_that_uses_le():
    from test_exercises import falls_with_less_or_equal

    assert "use <, not <=" in run("learning_rate_experiment", falls_with_less_or_equal).message
    for near_miss in (falls_first_and_last_pair_only, falls_in_the_first_10_steps):
        assert "<=" not in run("learning_rate_experiment", near_miss).message


def test_too_small_a_rate_is_told_so_without_the_answer():
    result = ex.check_learning_rate_experiment(falls_by_pairs, 0.001)
    assert result.mistake == "too_small" and "0.002" not in result.message, str(result)


def test_a_global_max_shift_is_not_called_a_min_shift_nor_the_other_way():
    assert ex.check_softmax(softmax_global_max_shift).mistake == "global_max_shift"
    assert ex.check_softmax(softmax_min_shift).mistake == "min_shift"


def test_log_of_zero_is_only_said_where_the_loss_is_inf():
    from test_exercises import losses_no_max_shift

    result = ex.check_loss_sum_and_mean(losses_no_max_shift)  # nan, not inf
    assert result.mistake == "no_max_shift" and "-log(0)" not in result.message, str(result)


def test_rounded_is_only_said_of_a_rounded_result():
    result = ex.check_softmax(lambda Z: torch_softmax(Z) * (1 + 1e-6))
    assert result.mistake == "close" and "rounded to" not in result.message, str(result)
    result = ex.check_softmax(lambda Z: np.round(torch_softmax(Z), 2))
    assert result.mistake == "rounded" and "2 decimals" in result.message, str(result)


def test_in_place_is_not_said_of_a_function_that_changes_its_own_copy():
    def softmax_on_its_copy(Z):
        Z = Z.copy()
        Z -= Z.max(axis=0, keepdims=True)
        np.exp(Z, out=Z)
        Z /= Z.sum(axis=0, keepdims=True)
        return Z

    assert ex.check_softmax(softmax_on_its_copy).passed


def test_a_reference_call_is_only_refused_in_its_own_exercise():
    assert ex.check_logit_gradient(logit_gradient_with_helpers_softmax).passed
    assert ex.check_logit_gradient(torch_logit_gradient).passed  # no call at all


# --- the seam with the grader ---------------------------------------------------------------------


def test_the_check_calls_the_function_twice_positionally_on_copies():
    seen = []

    def recording(Z):
        seen.append(Z)
        return torch_softmax(Z)

    assert ex.check_softmax(recording).passed
    assert len(seen) % 2 == 0 and len(seen) >= 2
    first, second = seen[0], seen[1]
    assert first is not second and np.array_equal(first, second)


def test_watching_reference_calls_sees_the_outermost_reference_calls_only():
    with core.watching_reference_calls() as calls:
        helpers.softmax(np.zeros((3, 1)), axis=0)
        X, Y = helpers.lesson_sample(), helpers.lesson_target()
        W, B = helpers.initial_parameters()
        helpers.loss_gradient_shortcut(X, Y, W, B)
    assert calls == [
        "helpers.softmax",
        "helpers.lesson_sample",
        "helpers.lesson_target",
        "helpers.initial_parameters",
        "helpers.loss_gradient_shortcut",
    ]
    with core.watching_reference_calls() as calls:
        np.exp(1.0)
    assert calls == []


def test_a_call_recorded_by_a_proxy_counts_as_a_call():
    def proxy(Z):  # as the grader's proxy does for a call made in its sandbox
        core.record_reference_call("helpers.softmax")
        return torch_softmax(Z)

    result = ex.check_softmax(proxy)
    assert result.mistake == "reference_call" and "helpers.softmax" in result.message
    core.record_reference_call("helpers.softmax")  # outside any block: recorded nowhere
    assert ex.check_softmax(torch_softmax).passed


def test_watching_restores_the_profiler_it_found():
    def profiler(frame, event, arg):
        pass

    previous = sys.getprofile()
    sys.setprofile(profiler)
    try:
        with core.watching_reference_calls():
            pass
        assert sys.getprofile() is profiler
    finally:
        sys.setprofile(previous)


RIGHT = {
    "softmax": torch_softmax,
    "sample_loss": torch_sample_loss,
    "softmax_jacobian": jacobian_entry_by_entry,
    "gradient_step": torch_sgd_step,
    "loss_sum_and_mean": torch_loss_sum_and_mean,
}


def test_every_message_goes_through_the_one_translation_function(monkeypatch):
    """With `_` marking what it translates, every message a learner reads is marked."""
    monkeypatch.setattr(core, "translation", lambda message: "<<" + message)
    results = [run(name, function) for name, function, _, _ in WRONG]
    results += [run(name, function) for name, function in RIGHT.items()]
    results.append(ex.check_softmax(None))
    for result in results:
        assert result.message.startswith("<<"), result.message
        assert core.report(result).split(": ", 1)[1].split(". ")[0].startswith("<<")


def test_every_sentence_in_the_checks_is_written_inside_the_translation_function():
    """Statically: every string with words and a space in helpers/exercises/ (docstrings and the
    status id "not done" aside) is the argument of `_`, so that a catalog can translate it."""
    import ast
    from pathlib import Path

    untranslated = []
    for path in sorted(Path(core.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text, parent = node.value, parents.get(node)
            if " " not in text or not re.search(r"[A-Za-z]{2}", text):
                continue  # a separator like ", "
            if isinstance(parent, ast.Expr):
                continue  # a docstring
            if isinstance(parent, ast.Call) and getattr(parent.func, "id", None) == "_":
                continue
            if isinstance(parent, ast.Assign) and parent.targets[0].id == "NOT_DONE":
                continue  # Result.status, not a message
            untranslated.append(f"{path.name}:{node.lineno}: {text[:50]!r}")
    assert untranslated == []
