"""NumPy helpers for the softmax-regression course: the math the notebooks share.

Importing helpers imports NumPy only (no torch, no matplotlib), so it is quick and light.
"""

from helpers.lesson import (
    CLASS_NAMES,
    FEATURE_NAMES,
    LEARNING_RATE,
    PUBLISHED,
    SEED,
    STEPS,
    initial_parameters,
    lesson_flawed_jacobian,
    lesson_sample,
    lesson_target,
    printed_like_lesson,
)
from helpers.model import (
    cross_entropy,
    log_softmax,
    logits,
    loss_gradient,
    loss_gradient_shortcut,
    numerical_gradient,
    relative_error,
    softmax,
    softmax_forward,
    softmax_jacobian,
    train,
)
from helpers.report import comparison_table, format_bound

__all__ = [
    "CLASS_NAMES",
    "FEATURE_NAMES",
    "LEARNING_RATE",
    "PUBLISHED",
    "SEED",
    "STEPS",
    "comparison_table",
    "cross_entropy",
    "format_bound",
    "initial_parameters",
    "lesson_flawed_jacobian",
    "lesson_sample",
    "lesson_target",
    "log_softmax",
    "logits",
    "loss_gradient",
    "loss_gradient_shortcut",
    "numerical_gradient",
    "printed_like_lesson",
    "relative_error",
    "softmax",
    "softmax_forward",
    "softmax_jacobian",
    "train",
]
