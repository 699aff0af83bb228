"""The exercise checks (helpers.exercises) judged on learners' answers.

Every right answer here is written independently of helpers.model (PyTorch autograd, or a
plainly different formulation) and must pass; every known wrong answer is written out by hand
and must be rejected with its own targeted message; stubs say "not done yet"; broken learner
code never makes a check raise.
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch_reference import torch_sgd_trajectory

import helpers
import helpers.exercises as ex

ROOT = Path(__file__).resolve().parent.parent


def _t(array):
    return torch.tensor(np.asarray(array, dtype=np.float64))


def _targets(Y):
    return torch.tensor(np.argmax(Y, axis=1))


# --- right answers, written without helpers.model --------------------------------------------


def torch_softmax(Z):
    return torch.softmax(_t(Z), dim=0).numpy()


def torch_sample_loss(pred, Y):
    return F.nll_loss(torch.log(_t(pred)), _targets(Y), reduction="sum").item()


def jacobian_entry_by_entry(s):
    s1, s2, s3 = s
    return np.array(
        [
            [s1 * (1 - s1), -s1 * s2, -s1 * s3],
            [-s2 * s1, s2 * (1 - s2), -s2 * s3],
            [-s3 * s1, -s3 * s2, s3 * (1 - s3)],
        ]
    )


def torch_jacobian(s):
    # softmax(log s) = s, so the Jacobian of softmax at the logits log(s)
    z = torch.log(_t(s))
    return torch.autograd.functional.jacobian(lambda t: torch.softmax(t, dim=0), z).numpy()


def torch_gradient(X, Y, W, B):
    W_t, B_t = _t(W).requires_grad_(), _t(B).requires_grad_()
    Z = W_t @ _t(X).T + B_t
    F.cross_entropy(Z.T, _targets(Y), reduction="sum").backward()
    return W_t.grad.numpy(), B_t.grad.numpy()


def chain_rule_as_notebook_04_writes_it(X, Y, W, B):
    """One sample, the notebook's own steps: dL/dS_t, J @ Y^T, then the outer product."""
    Z = W @ X.T + B
    s = (np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum())[:, 0]
    dL_dS_target = -1.0 / s[int(np.argmax(Y[0]))]
    dS_target_dZ = (np.diag(s) - np.outer(s, s)) @ Y.T
    return dL_dS_target * (dS_target_dZ @ X), dL_dS_target * dS_target_dZ


def gradient_by_loop_of_the_shortcut(X, Y, W, B):
    """One sample at a time, dL/dz = s - y (the loop through the Jacobian's -1/S_t is inf for a
    confidently wrong sample, where S_t is 0 in float64: the check has one)."""
    dL_dW, dL_dB = np.zeros_like(W), np.zeros_like(B)
    for x, y in zip(X, Y, strict=True):
        z = W @ x + B[:, 0]
        s = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        dL_dz = s - y
        dL_dW += np.outer(dL_dz, x)
        dL_dB += dL_dz[:, np.newaxis]
    return dL_dW, dL_dB


def torch_logit_gradient(Z, Y):
    Z_t = _t(Z).requires_grad_()
    F.cross_entropy(Z_t.T, _targets(Y), reduction="sum").backward()
    return Z_t.grad.numpy()


def _summed_loss_lse(X, Y, W, B):
    """The summed loss by log-sum-exp over rows (samples as rows, not columns)."""
    logits = X @ W.T + B.T  # (N, C)
    return float(np.sum(np.logaddexp.reduce(logits, axis=1) - np.sum(logits * Y, axis=1)))


def central_differences_flat(X, Y, W, B, eps=1e-5):
    """All parameters in one flat vector, nudged along the unit vectors of np.eye."""
    theta = np.concatenate([W.ravel(), B.ravel()])

    def loss(t):
        return _summed_loss_lse(X, Y, t[: W.size].reshape(W.shape), t[W.size :].reshape(B.shape))

    grad = np.array(
        [(loss(theta + eps * e) - loss(theta - eps * e)) / (2 * eps) for e in np.eye(theta.size)]
    )
    return grad[: W.size].reshape(W.shape), grad[W.size :].reshape(B.shape)


def torch_sgd_step(W, B, dW, dB, learning_rate):
    params = [_t(W).requires_grad_(), _t(B).requires_grad_()]
    params[0].grad, params[1].grad = _t(dW), _t(dB)
    torch.optim.SGD(params, lr=learning_rate).step()
    return params[0].detach().numpy(), params[1].detach().numpy()


def torch_loss_sum_and_mean(Z, Y):
    logits, targets = _t(Z).T, _targets(Y)
    return (
        F.cross_entropy(logits, targets, reduction="sum").item(),
        F.cross_entropy(logits, targets, reduction="mean").item(),
    )


def falls_by_pairs(losses):
    return all(later < earlier for earlier, later in zip(losses, losses[1:], strict=False))


def torch_largest_safe_rate():
    X, Y = helpers.load_iris_csv(helpers.data_path("iris_tiny_onehot.csv"))
    W, B = helpers.initial_parameters()
    safe = []
    for rate in ex.RATES:
        _, _, losses = torch_sgd_trajectory(X, Y, W, B, rate, ex.RATE_STEPS)
        if falls_by_pairs(list(losses)):
            safe.append(rate)
    return max(safe)


RIGHT_ANSWERS = {
    "softmax": [torch_softmax],
    "sample_loss": [torch_sample_loss],
    "softmax_jacobian": [jacobian_entry_by_entry, torch_jacobian],
    "chain_rule_gradient": [torch_gradient, chain_rule_as_notebook_04_writes_it],
    "logit_gradient": [torch_logit_gradient],
    "numerical_gradient": [central_differences_flat],
    "gradient_step": [torch_sgd_step],
    "batch_gradient": [torch_gradient, gradient_by_loop_of_the_shortcut],
    "loss_sum_and_mean": [torch_loss_sum_and_mean],
    "learning_rate_experiment": [falls_by_pairs],
}


def run_check(name, function, answer=None):
    """Call the check of exercise `name`; the learning-rate one also takes the rate answer."""
    if name == "learning_rate_experiment":
        return ex.check_learning_rate_experiment(function, answer)
    return ex.CHECKS[name](function)


@pytest.fixture(scope="module")
def safe_rate():
    return torch_largest_safe_rate()


def test_every_exercise_has_a_right_answer_here():
    assert set(RIGHT_ANSWERS) == set(ex.CHECKS)


@pytest.mark.parametrize(
    ("name", "function"),
    [(name, f) for name, functions in RIGHT_ANSWERS.items() for f in functions],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_a_right_answer_written_independently_passes(name, function, safe_rate):
    result = run_check(name, function, safe_rate)
    assert result.passed, str(result)
    assert result.status == ex.PASSED and result.mistake is None
    assert str(result).startswith(f"{name}: passed.")


def test_the_largest_safe_rate_found_by_pytorch_is_0_002(safe_rate):
    assert safe_rate == 0.002  # as notebook 09 says: 0.002 is just below the safe bound


# --- known wrong answers ---------------------------------------------------------------------


def _stable_softmax(Z, axis=0):
    e = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_no_max_shift(Z):
    return np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)


def softmax_wrong_axis(Z):
    return _stable_softmax(Z, axis=1)


def softmax_shift_by_global_max(Z):
    e = np.exp(Z - np.max(Z))
    return e / e.sum(axis=0, keepdims=True)


def softmax_whole_array(Z):
    e = np.exp(Z - Z.max())
    return e / e.sum()


def softmax_in_place(Z):
    Z -= Z.max(axis=0, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=0, keepdims=True)
    return Z


def softmax_rows_returned(Z):
    return _stable_softmax(Z).T


def loss_without_minus(pred, Y):
    return np.log(np.sum(pred * Y))


def loss_log10(pred, Y):
    return -np.log10(np.sum(pred * Y))


def loss_over_all_classes(pred, Y):
    return -np.sum(np.log(pred))


def loss_of_most_probable(pred, Y):
    return -np.log(pred.max())


def jacobian_lesson_typo(s):
    s1, s2, s3 = s
    return np.array(
        [
            [s1 * (1 - s1), -s1 * s2, -s1 * s3],
            [-s1 * s2, s2 * (1 - s1), -s2 * s3],
            [-s1 * s3, -s2 * s3, s2 * (1 - s1)],
        ]
    )


def jacobian_typo_in_33_only(s):
    J = jacobian_entry_by_entry(s)
    J[2, 2] = s[1] * (1 - s[0])
    return J


def jacobian_typo_in_22_only(s):
    J = jacobian_entry_by_entry(s)
    J[1, 1] = s[1] * (1 - s[0])
    return J


def jacobian_plus_off_diagonal(s):
    return np.diag(s) + np.outer(s, s) - 2 * np.diag(s * s)


def jacobian_squares_on_diagonal(s):
    return np.diag(s**2) - np.outer(s, s) + np.diag(s**2)


def _chain_rule(X, Y, W, B, jacobian):
    dW, dB = np.zeros_like(W), np.zeros_like(B)
    for x, y in zip(X, Y, strict=True):
        z = W @ x + B[:, 0]
        s = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        dz = (-1.0 / s[np.argmax(y)]) * (jacobian(s) @ y)
        dW += np.outer(dz, x)
        dB += dz[:, None]
    return dW, dB


def chain_rule_with_lesson_typo(X, Y, W, B):
    return _chain_rule(X, Y, W, B, jacobian_lesson_typo)


def chain_rule_sign_flipped(X, Y, W, B):
    dW, dB = _chain_rule(X, Y, W, B, jacobian_entry_by_entry)
    return -dW, -dB


def chain_rule_w_transposed(X, Y, W, B):
    dW, dB = _chain_rule(X, Y, W, B, jacobian_entry_by_entry)
    return dW.T, dB


def chain_rule_no_max_shift(X, Y, W, B):
    z = (W @ X.T + B)[:, 0]
    s = np.exp(z) / np.exp(z).sum()
    dz = (-1.0 / s[np.argmax(Y[0])]) * (jacobian_entry_by_entry(s) @ Y[0])
    return np.outer(dz, X[0]), dz[:, None]


def chain_rule_without_dL_dS(X, Y, W, B):
    z = (W @ X.T + B)[:, 0]
    s = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    dz = jacobian_entry_by_entry(s) @ Y[0]
    return np.outer(dz, X[0]), dz[:, None]


def logit_gradient_y_not_transposed(Z, Y):
    return _stable_softmax(Z) - Y


def logit_gradient_sign(Z, Y):
    return Y.T - _stable_softmax(Z)


def logit_gradient_from_logits(Z, Y):
    return Z - Y.T


def logit_gradient_no_max_shift(Z, Y):
    return softmax_no_max_shift(Z) - Y.T


def logit_gradient_wrong_axis(Z, Y):
    return _stable_softmax(Z, axis=1) - Y.T


def _numerical(X, Y, W, B, eps, divide_by, forward=False, restore=True, copy=True):
    W, B = (W.copy(), B.copy()) if copy else (W, B)
    grads = []
    for P in (W, B):
        g = np.zeros_like(P)
        for i in np.ndindex(P.shape):
            old = P[i]
            if forward:
                base = _summed_loss_lse(X, Y, W, B)
                P[i] = old + eps
                g[i] = (_summed_loss_lse(X, Y, W, B) - base) / divide_by
            else:
                P[i] = old + eps
                plus = _summed_loss_lse(X, Y, W, B)
                P[i] = old - eps
                g[i] = (plus - _summed_loss_lse(X, Y, W, B)) / divide_by
            if restore:
                P[i] = old
        grads.append(g)
    return tuple(grads)


def numerical_divides_by_eps(X, Y, W, B, eps=1e-5):
    return _numerical(X, Y, W, B, eps, divide_by=eps)


def numerical_forward_difference(X, Y, W, B, eps=1e-5):
    return _numerical(X, Y, W, B, eps, divide_by=eps, forward=True)


def numerical_not_restored_on_a_copy(X, Y, W, B, eps=1e-5):
    return _numerical(X, Y, W, B, eps, divide_by=2 * eps, restore=False)


def numerical_not_restored_in_place(X, Y, W, B, eps=1e-5):
    return _numerical(X, Y, W, B, eps, divide_by=2 * eps, restore=False, copy=False)


def numerical_eps_too_large(X, Y, W, B, eps=1e-1):
    return _numerical(X, Y, W, B, eps, divide_by=2 * eps)


def step_sign_flipped(W, B, dW, dB, learning_rate):
    return W + learning_rate * dW, B + learning_rate * dB


def step_without_learning_rate(W, B, dW, dB, learning_rate):
    return W - dW, B - dB


def step_in_place(W, B, dW, dB, learning_rate):
    W -= learning_rate * dW
    B -= learning_rate * dB
    return W, B


def step_bias_not_updated(W, B, dW, dB, learning_rate):
    return W - learning_rate * dW, B


def _dZ(X, Y, W, B, axis=0):
    return _stable_softmax(W @ X.T + B, axis=axis) - Y.T


def batch_mean_instead_of_sum(X, Y, W, B):
    dZ = _dZ(X, Y, W, B)
    return dZ @ X / len(X), dZ.sum(axis=1, keepdims=True) / len(X)


def batch_w_transposed(X, Y, W, B):
    dZ = _dZ(X, Y, W, B)
    return X.T @ dZ.T, dZ.sum(axis=1, keepdims=True)


def batch_bias_not_summed(X, Y, W, B):
    dZ = _dZ(X, Y, W, B)
    return dZ @ X, dZ


def batch_bias_averaged(X, Y, W, B):
    dZ = _dZ(X, Y, W, B)
    return dZ @ X, dZ.mean(axis=1, keepdims=True)


def batch_bias_first_sample_only(X, Y, W, B):
    dZ = _dZ(X, Y, W, B)
    return dZ @ X, dZ[:, :1]


def batch_wrong_axis(X, Y, W, B):
    dZ = _dZ(X, Y, W, B, axis=1)
    return dZ @ X, dZ.sum(axis=1, keepdims=True)


def batch_sign_flipped(X, Y, W, B):
    dZ = -_dZ(X, Y, W, B)
    return dZ @ X, dZ.sum(axis=1, keepdims=True)


def batch_no_max_shift(X, Y, W, B):
    dZ = softmax_no_max_shift(W @ X.T + B) - Y.T
    return dZ @ X, dZ.sum(axis=1, keepdims=True)


def _per_sample_losses(Z, Y):
    return -np.log(np.sum(_stable_softmax(Z) * Y.T, axis=0))


def losses_mean_instead_of_sum(Z, Y):
    mean = _per_sample_losses(Z, Y).mean()
    return mean, mean


def losses_mean_over_classes(Z, Y):
    losses = _per_sample_losses(Z, Y)
    return losses.sum(), losses.sum() / Z.shape[0]


def losses_swapped(Z, Y):
    losses = _per_sample_losses(Z, Y)
    return losses.mean(), losses.sum()


def losses_without_minus(Z, Y):
    losses = -_per_sample_losses(Z, Y)
    return losses.sum(), losses.mean()


def losses_no_max_shift(Z, Y):
    losses = -np.log(np.sum(softmax_no_max_shift(Z) * Y.T, axis=0))
    return losses.sum(), losses.mean()


def falls_with_less_or_equal(losses):
    return bool(np.all(np.diff(losses) <= 0))


def falls_skipping_the_last_pair(losses):
    return all(losses[k + 1] < losses[k] for k in range(len(losses) - 2))


def falls_unless_a_step_rises_or_stays(losses):
    return not np.any(np.diff(losses) >= 0)  # nan >= 0 is False: a nan history "falls"


# (exercise, learner's function, mistake id, a fragment of the targeted message)
WRONG_ANSWERS = [
    ("softmax", softmax_no_max_shift, "no_max_shift", "Subtract each column's own maximum"),
    ("softmax", softmax_wrong_axis, "wrong_axis", "softmax over the wrong axis"),
    ("softmax", softmax_shift_by_global_max, "global_max_shift", "each column's OWN maximum"),
    ("softmax", softmax_whole_array, "whole_array", "normalise over the whole array"),
    ("softmax", softmax_in_place, "in_place", "changes its argument Z"),
    ("softmax", softmax_rows_returned, "shape", "(transposed?)"),
    ("sample_loss", loss_without_minus, "sign", "MINUS the log"),
    ("sample_loss", loss_log10, "log10", "not np.log10"),
    ("sample_loss", loss_over_all_classes, "all_classes", "only the target class counts"),
    ("sample_loss", loss_of_most_probable, "most_probable", "TARGET class"),
    ("softmax_jacobian", jacobian_lesson_typo, "lesson_typo", "entries (2, 2) and (3, 3) are"),
    ("softmax_jacobian", jacobian_typo_in_33_only, "lesson_typo", "entry (3, 3) is s2(1 - s1)"),
    ("softmax_jacobian", jacobian_typo_in_22_only, "lesson_typo", "entry (2, 2) is s2(1 - s1)"),
    ("softmax_jacobian", jacobian_plus_off_diagonal, "sign", "-s_i s_j for i != j"),
    ("softmax_jacobian", jacobian_squares_on_diagonal, "values", "these entries are wrong: (1, 1)"),
    ("chain_rule_gradient", chain_rule_with_lesson_typo, "lesson_typo", "lesson's flawed Jacobian"),
    ("chain_rule_gradient", chain_rule_sign_flipped, "sign", "the sign is flipped"),
    ("chain_rule_gradient", chain_rule_w_transposed, "w_transposed", "the transpose of W"),
    ("chain_rule_gradient", chain_rule_no_max_shift, "no_max_shift", "logits of about 1000"),
    ("chain_rule_gradient", chain_rule_without_dL_dS, "values", "dL/dW"),
    ("logit_gradient", logit_gradient_y_not_transposed, "y_not_transposed", "S - Y.T"),
    ("logit_gradient", logit_gradient_sign, "sign", "the sign is flipped"),
    (
        "logit_gradient",
        logit_gradient_from_logits,
        "logits_not_probabilities",
        "not from the logits",
    ),
    ("logit_gradient", logit_gradient_no_max_shift, "no_max_shift", "np.exp overflows"),
    ("logit_gradient", logit_gradient_wrong_axis, "wrong_axis", "the wrong axis"),
    ("numerical_gradient", numerical_divides_by_eps, "half_step", "divide by 2 eps, not eps"),
    (
        "numerical_gradient",
        numerical_forward_difference,
        "forward_difference",
        "forward differences",
    ),
    (
        "numerical_gradient",
        numerical_not_restored_on_a_copy,
        "no_restore",
        "put each parameter back",
    ),
    (
        "numerical_gradient",
        numerical_not_restored_in_place,
        "not_restored",
        "leaves W or B changed",
    ),
    ("numerical_gradient", numerical_eps_too_large, "values", "differs from the exact gradient"),
    ("gradient_step", step_sign_flipped, "sign", "goes UP the gradient"),
    ("gradient_step", step_without_learning_rate, "no_learning_rate", "by the learning rate"),
    ("gradient_step", step_in_place, "in_place", "changes its argument W"),
    ("gradient_step", step_bias_not_updated, "values", "new B (new W right)"),
    ("batch_gradient", batch_mean_instead_of_sum, "mean_instead_of_sum", "SUM over samples"),
    ("batch_gradient", batch_w_transposed, "w_transposed", "the transpose of W"),
    ("batch_gradient", batch_bias_not_summed, "bias_not_summed", "one column per sample"),
    ("batch_gradient", batch_bias_averaged, "bias_mean", "dL/dB is averaged"),
    ("batch_gradient", batch_bias_first_sample_only, "bias_not_summed", "first sample's"),
    ("batch_gradient", batch_wrong_axis, "wrong_axis", "softmax over the wrong axis"),
    ("batch_gradient", batch_sign_flipped, "sign", "the sign is flipped"),
    ("batch_gradient", batch_no_max_shift, "no_max_shift", "np.exp overflows"),
    ("loss_sum_and_mean", losses_mean_instead_of_sum, "mean_instead_of_sum", "is the mean"),
    ("loss_sum_and_mean", losses_mean_over_classes, "mean_over_classes", "not the C classes"),
    ("loss_sum_and_mean", losses_swapped, "swapped", "the two are swapped"),
    ("loss_sum_and_mean", losses_without_minus, "sign", "MINUS the log"),
    ("loss_sum_and_mean", losses_no_max_shift, "no_max_shift", "np.exp overflows"),
    ("learning_rate_experiment", falls_with_less_or_equal, "falls", "use <, not <="),
    ("learning_rate_experiment", falls_skipping_the_last_pair, "falls", "rises at its last step"),
    ("learning_rate_experiment", falls_unless_a_step_rises_or_stays, "falls", "ends in nan"),
]


@pytest.mark.parametrize(
    ("name", "function", "mistake", "fragment"),
    WRONG_ANSWERS,
    ids=[f"{name}-{function.__name__}" for name, function, _, _ in WRONG_ANSWERS],
)
def test_a_known_wrong_answer_is_rejected_with_its_message(
    name, function, mistake, fragment, safe_rate
):
    result = run_check(name, function, safe_rate)
    assert not result.passed
    assert result.status == ex.WRONG
    assert result.mistake == mistake, str(result)
    assert fragment in result.message, str(result)


def test_the_listed_mistakes_of_issue_11_each_have_a_targeted_message():
    """The issue's list: each mistake id appears among the wrong answers tested above."""
    tested = {mistake for _, _, mistake, _ in WRONG_ANSWERS}
    for listed in (
        "lesson_typo",
        "no_max_shift",
        "mean_instead_of_sum",
        "w_transposed",
        "bias_not_summed",
        "wrong_axis",
        "sign",
    ):
        assert listed in tested


@pytest.mark.parametrize(
    ("answer", "mistake", "fragment"),
    [
        (0.004, "too_large", "the loss went up in"),
        (0.01, "too_large", "the loss went up in"),
        (0.001, "too_small", "not the largest such rate"),
        (0.003, "not_a_rate", "one of the rates tried"),
        ("fast", "not_a_rate", "should be one of"),
    ],
)
def test_a_wrong_learning_rate_answer_is_rejected(answer, mistake, fragment):
    result = ex.check_learning_rate_experiment(falls_by_pairs, answer)
    assert not result.passed and result.mistake == mistake, str(result)
    assert fragment in result.message


# --- unfinished and broken learner code --------------------------------------------------------


def stub_with_ellipsis(*args):
    """What the student notebook holds: the body replaced by `...`."""
    ...


def stub_raising(*args):
    raise NotImplementedError


@pytest.mark.parametrize("name", sorted(ex.CHECKS))
@pytest.mark.parametrize("stub", [stub_with_ellipsis, stub_raising, None, ...])
def test_a_stub_is_not_done_yet(name, stub):
    result = run_check(name, stub, 0.002)
    assert not result.passed
    assert result.status == ex.NOT_DONE and result.mistake == "stub"
    assert str(result).startswith(f"{name}: not done yet.")


def test_an_unanswered_rate_is_not_done_yet():
    result = ex.check_learning_rate_experiment(falls_by_pairs, ...)
    assert result.status == ex.NOT_DONE and result.mistake == "stub"


class Unconvertible:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array here")

    def __bool__(self):
        raise RuntimeError("no truth value here")


def generator_function(*args):
    yield 1


GARBAGE = {
    "raises ValueError": lambda *args: (_ for _ in ()).throw(ValueError("oops")),
    "raises KeyError": lambda *args: {}["missing"],
    "wrong signature": lambda: 1.0,
    "returns a string": lambda *args: "an answer",
    "returns a number": lambda *args: 0.5,
    "returns an empty array": lambda *args: np.array([]),
    "returns three things": lambda *args: (1, 2, 3),
    "returns nan": lambda *args: np.full((3, 3), np.nan),
    "returns an unconvertible object": lambda *args: Unconvertible(),
    "returns a tuple of unconvertibles": lambda *args: (Unconvertible(), Unconvertible()),
    "returns a generator": generator_function,
    "returns a tensor that requires grad": lambda *args: torch.ones(3, 1, requires_grad=True),
    "returns an object dtype array": lambda *args: np.array([None, "a"], dtype=object),
    "recurses forever": lambda *args: GARBAGE["recurses forever"](*args),
}


@pytest.mark.parametrize("name", sorted(ex.CHECKS))
@pytest.mark.parametrize("garbage", sorted(GARBAGE))
def test_broken_learner_code_never_crashes_a_check_nor_passes(name, garbage):
    result = run_check(name, GARBAGE[garbage], 0.002)
    assert isinstance(result, ex.Result)
    assert not result.passed
    assert result.status in (ex.NOT_DONE, ex.WRONG)
    assert 1 <= len(str(result).splitlines()) <= 3


def test_an_exception_in_learner_code_is_reported_as_raised_with_its_name():
    result = ex.check_softmax(lambda Z: Z / 0 if False else [][0])
    assert result.status == ex.WRONG and result.mistake == "raised"
    assert "your function raised IndexError" in result.message
    assert "the lesson's logits" in result.message


# --- the report --------------------------------------------------------------------------------


def _every_result(safe_rate):
    for name, functions in RIGHT_ANSWERS.items():
        yield run_check(name, functions[0], safe_rate)
        yield run_check(name, stub_with_ellipsis, safe_rate)
    for name, function, _, _ in WRONG_ANSWERS:
        yield run_check(name, function, safe_rate)


def test_every_report_is_one_to_three_plain_lines(safe_rate):
    for result in _every_result(safe_rate):
        lines = str(result).splitlines()
        assert 1 <= len(lines) <= 3, str(result)
        assert all(len(line) <= 100 for line in lines), str(result)
        assert ex.report(result) == str(result)
        assert str(result).startswith(f"{result.exercise}: ")
        assert " ..." not in lines[-1][-4:], f"cut short: {result}"


def test_ipython_shows_a_result_as_its_report():
    result = ex.check_softmax(torch_softmax)
    shown = []

    class Printer:
        def text(self, text):
            shown.append(text)

    result._repr_pretty_(Printer(), cycle=False)
    assert shown == [str(result)]


def test_checks_are_deterministic(safe_rate):
    assert list(_every_result(safe_rate)) == list(_every_result(safe_rate))


def test_a_check_leaves_numpys_error_state_and_warnings_as_they_were():
    before = np.geterr()
    ex.check_softmax(softmax_no_max_shift)  # overflows inside
    assert np.geterr() == before
    with pytest.warns(RuntimeWarning):  # pytest turns warnings into errors: they still work
        np.exp(np.array([1000.0]))


def test_importing_helpers_exercises_imports_neither_torch_nor_matplotlib():
    code = (
        "import sys, helpers.exercises; "
        "print(sorted(m for m in ('torch', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_right_answer_off_by_a_little_does_not_pass():
    """A wrong answer must never pass: 1e-5 relative is far above rounding."""
    result = ex.check_softmax(lambda Z: torch_softmax(Z) * (1 + 1e-5))
    assert not result.passed and result.mistake == "close", str(result)
    result = ex.check_softmax(lambda Z: torch_softmax(Z) * (1 + 1e-3))
    assert not result.passed and result.mistake == "values", str(result)
