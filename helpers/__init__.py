"""NumPy helpers for the softmax-regression course: the math the notebooks share.

Importing helpers imports NumPy only (no torch, no matplotlib), so it is quick and light.
"""

from helpers.fonts import use_korean_font
from helpers.i18n import use_language
from helpers.iris import DATA_DIR, data_path, load_iris_csv
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
    safe_learning_rate,
    softmax,
    softmax_forward,
    softmax_jacobian,
    train,
)
from helpers.report import comparison_table, format_bound
from helpers.timing import median_seconds

__all__ = [
    "CLASS_NAMES",
    "DATA_DIR",
    "FEATURE_NAMES",
    "LEARNING_RATE",
    "PUBLISHED",
    "SEED",
    "STEPS",
    "comparison_table",
    "cross_entropy",
    "data_path",
    "format_bound",
    "initial_parameters",
    "lesson_flawed_jacobian",
    "lesson_sample",
    "lesson_target",
    "load_iris_csv",
    "log_softmax",
    "logits",
    "loss_gradient",
    "loss_gradient_shortcut",
    "median_seconds",
    "numerical_gradient",
    "printed_like_lesson",
    "relative_error",
    "safe_learning_rate",
    "softmax",
    "softmax_forward",
    "softmax_jacobian",
    "train",
    "use_korean_font",
    "use_language",
]
