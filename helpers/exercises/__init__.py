"""Your turn: the checks behind the course's exercises, with targeted feedback.

Laid out as the notebooks are: `core` (Result, report, calling the learner's function,
comparing, the inputs) and one module per notebook's exercises: `forward` (02), `loss` (03),
`backward` (04), `gradient_checks` (05), `training` (06), `batch_gradient` (08) and
`learning_rate` (09). Every check is importable from here, and `CHECKS` names them all.
"""

from helpers.exercises.backward import (
    check_chain_rule_gradient,
    check_logit_gradient,
    check_softmax_jacobian,
)
from helpers.exercises.batch_gradient import check_batch_gradient, check_loss_sum_and_mean
from helpers.exercises.core import ATOL, NOT_DONE, PASSED, RTOL, WRONG, Result, report
from helpers.exercises.forward import check_softmax
from helpers.exercises.gradient_checks import check_numerical_gradient
from helpers.exercises.learning_rate import (
    RATE_STEPS,
    RATES,
    check_learning_rate_experiment,
)
from helpers.exercises.loss import check_sample_loss
from helpers.exercises.training import check_gradient_step

# Every exercise's check, by name: the student notebooks, the grader and the tests use this table.
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

__all__ = [
    "ATOL",
    "CHECKS",
    "NOT_DONE",
    "PASSED",
    "RATES",
    "RATE_STEPS",
    "RTOL",
    "WRONG",
    "Result",
    "check_batch_gradient",
    "check_chain_rule_gradient",
    "check_gradient_step",
    "check_learning_rate_experiment",
    "check_logit_gradient",
    "check_loss_sum_and_mean",
    "check_numerical_gradient",
    "check_sample_loss",
    "check_softmax",
    "check_softmax_jacobian",
    "report",
]
