"""The source lesson's setup, its flawed Jacobian and its published numbers.

The lesson (a NumPy deep-learning series, lesson 8) trains on one iris sample. Its numbers are
kept here so that every notebook starts from exactly the same place and can be compared with
what the lesson printed.
"""

import functools

import numpy as np

from helpers.checks import as_finite_array, as_whole_number, check_finite_result

SEED = 220106
LEARNING_RATE = 0.001
STEPS = 100
CLASS_NAMES = ("setosa", "versicolor", "virginica")
FEATURE_NAMES = ("sepal_length", "sepal_width", "petal_length", "petal_width")


def lesson_sample():
    """The lesson's one iris sample as a (1, 4) float32 row.

    float32 as in the lesson: 1.2 has no exact binary form, and its float32 neighbour differs
    from the float64 one in the 8th digit of the results, so the lesson's numbers need it.
    """
    return np.array([[1.2, 2.4, 3.6, 1.8]], dtype=np.float32)


def lesson_target():
    """The lesson's one-hot target, class 3 (virginica): a (1, 3) int32 row."""
    return np.array([[0, 0, 1]], dtype=np.int32)


def initial_parameters(seed=SEED, n_classes=3, n_features=4):
    """W (n_classes, n_features) and B (n_classes, 1) drawn as the lesson draws them.

    The lesson calls np.random.seed(seed), then randn(3, 4) for W, then randn(3, 1) for B. A
    private RandomState with the same seed draws the same numbers without touching NumPy's
    global generator. seed: 0 <= seed < 2**32; n_classes, n_features: >= 1.
    """
    seed = as_whole_number("seed", seed, minimum=0)
    if seed >= 2**32:
        raise ValueError(f"seed: expected a whole number < 2**32 (NumPy's RandomState), got {seed}")
    n_classes = as_whole_number("n_classes", n_classes, minimum=1)
    n_features = as_whole_number("n_features", n_features, minimum=1)
    rng = np.random.RandomState(seed)
    W = rng.randn(n_classes, n_features)
    B = rng.randn(n_classes, 1)
    return W, B


def lesson_flawed_jacobian(s):
    """The lesson's softmax Jacobian, with its two wrong diagonal entries: s (3,) -> (3, 3).

    Entry (2, 2) should be s2 (1 - s2) and entry (3, 3) should be s3 (1 - s3); the lesson
    writes s2 (1 - s1) for both. Kept to reproduce the lesson's "after" numbers.
    """
    s1, s2, s3 = as_finite_array("s", s, ndim=1)
    return np.array(
        [
            [s1 * (1 - s1), -s1 * s2, -s1 * s3],
            [-s1 * s2, s2 * (1 - s1), -s2 * s3],  # should be s2 * (1 - s2)
            [-s1 * s3, -s2 * s3, s2 * (1 - s1)],  # should be s3 * (1 - s3)
        ]
    )


def _checked_lesson_jacobian(jacobian):
    """Add to the lesson's Jacobian the checks it lacks (its code stays verbatim, because
    notebook 04 prints it with inspect.getsource, which shows the unwrapped function): s must
    be 3 finite numbers, and their products must not overflow float64."""

    @functools.wraps(jacobian)
    def checked(s):
        s = as_finite_array("s", s, ndim=1)
        if s.shape != (3,):
            raise ValueError(f"s: expected the lesson's 3 probabilities, shape (3,), got {s.shape}")
        with np.errstate(over="ignore", invalid="ignore"):  # checked on the next line
            J = jacobian(s)
        check_finite_result("s", J, "the products of s")
        return J

    return checked


lesson_flawed_jacobian = _checked_lesson_jacobian(lesson_flawed_jacobian)


# What the lesson printed (NumPy's default format), copied from its text. The published
# "after" numbers come from lesson_flawed_jacobian, not from the correct gradient.
PUBLISHED = {
    "before": {
        "pred": "[[0.42185561 0.4060726 0.17207179]]",
        "loss": "[[1.7598435]]",
        "W": "[[ 0.77008731 -1.62624216 0.65101361 -1.09693664] "
        "[-0.23589309 -0.66088299 -0.06840472 -0.26426033] "
        "[ 0.84554461 -0.78046195 -0.56530934 -1.00184115]]",
        "B": "[[1.03851627] [0.98178811] [2.22893421]]",
    },
    "after": {
        "pred": "[[0.19477982 0.19114482 0.61407536]]",
        "loss": "[[0.48763762]]",
        "W": "[[ 0.73505999 -1.6962968 0.54593166 -1.14947762] "
        "[-0.26997158 -0.72903998 -0.17064019 -0.31537807] "
        "[ 0.91109103 -0.64936912 -0.3686701 -0.90352153]]",
        "B": "[[1.00932684] [0.95338937] [2.28355623]]",
    },
}


def printed_like_lesson(array):
    """The text NumPy's default print gives `array`, on one line with single spaces: the form
    in which the lesson's numbers are stored in PUBLISHED."""
    with np.printoptions(precision=8, floatmode="maxprec", suppress=False):
        return " ".join(str(np.asarray(array)).split())
