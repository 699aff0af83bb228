"""The exercise of notebook 09_learning_rate: the largest safe rate, by experiment."""

import numpy as np

from helpers.exercises.core import (
    NOT_DONE,
    _call,
    _kind,
    _run_check,
    _Verdict,
    _wrong,
)
from helpers.iris import data_path, load_iris_csv
from helpers.lesson import initial_parameters
from helpers.model import (
    train,
)

# The learning-rate experiment: the rates to try and the number of steps, on the 30 flowers.
RATES = (0.001, 0.002, 0.004, 0.01)
RATE_STEPS = 200

# --- 10. a learning-rate experiment ----------------------------------------------------------


def _rate_outcomes():
    """{rate: (losses (RATE_STEPS + 1,))} of helpers.train on the 30 flowers, for each of RATES."""
    X, Y = load_iris_csv(data_path("iris_tiny_onehot.csv"))
    W, B = initial_parameters()
    return {rate: train(X, Y, W, B, rate, RATE_STEPS)[2] for rate in RATES}


def check_learning_rate_experiment(learner_falls, largest_safe_rate):
    """Exercise, in two parts. (a) `falls_at_every_step(losses)` -> True when every loss in the
    history is lower than the one before, else False (also for nan or inf). (b) Run
    helpers.train on the 30 flowers from helpers.initial_parameters() for RATE_STEPS steps at
    each rate of RATES, and set `largest_safe_rate` to the largest rate at which the loss falls
    at every step. Catches: the last step (or the first) not compared, a diverged (nan) history
    taken as falling, an answer that is not one of RATES, too large or too small."""

    def body():
        neighbours = "compare every pair of neighbours, np.diff(losses) < 0."
        histories = [  # (case, losses, right answer, hint if the answer is wrong)
            ("a falling history", [5.0, 4.0, 3.5, 3.4], True, "it should be True."),
            ("a history that rises at its last step", [5.0, 4.0, 3.5, 3.6], False, neighbours),
            ("a history that rises at its first step", [5.0, 5.5, 3.5, 3.4], False, neighbours),
            (
                "a history that stays flat once",
                [5.0, 4.0, 4.0, 3.0],
                False,
                "a loss equal to the one before has not fallen: use <, not <=.",
            ),
            (
                "a history that ends in nan",
                [5.0, 4.0, np.nan, np.nan],
                False,
                "a nan loss (training blew up) has not fallen; np.diff(losses) < 0 is False there.",
            ),
            (
                "a history that jumps to inf",
                [5.0, np.inf, 3.0, 2.0],
                False,
                "a loss of inf has not fallen: test np.diff(losses) < 0.",
            ),
            (
                "a long falling history",
                list(np.linspace(100.0, 1.0, 201)),
                True,
                "it should be True.",
            ),
        ]
        for case, losses, expected, hint in histories:
            output, _ = _call(learner_falls, (np.array(losses),), case)
            try:
                answer = bool(output)
            except Exception:
                raise _wrong(
                    f"falls_at_every_step should return True or False, got {_kind(output)}.",
                    "not_a_bool",
                ) from None
            if answer != expected:
                raise _wrong(
                    f"for {case}, your falls_at_every_step returns {answer}; {hint}", "falls"
                )
        outcomes = _rate_outcomes()
        safe = [rate for rate, losses in outcomes.items() if np.all(np.diff(losses) < 0)]
        truth = max(safe)
        rates_text = ", ".join(str(r) for r in RATES)
        if largest_safe_rate is None or largest_safe_rate is Ellipsis:
            raise _Verdict(NOT_DONE, "set largest_safe_rate to your answer.", "stub")
        try:
            answer = float(largest_safe_rate)
        except Exception:
            raise _wrong(
                f"largest_safe_rate should be one of {rates_text}, got {largest_safe_rate!r}.",
                "not_a_rate",
            ) from None
        if not any(np.isclose(answer, rate, rtol=1e-12, atol=0) for rate in RATES):
            raise _wrong(
                f"largest_safe_rate should be one of the rates tried, {rates_text}; "
                f"got {answer:g}.",
                "not_a_rate",
            )
        if answer > truth:
            rises = int(np.sum(~(np.diff(outcomes[min(RATES, key=lambda r: abs(r - answer))]) < 0)))
            raise _wrong(
                f"at learning rate {answer:g} the loss went up in {rises} of {RATE_STEPS} steps.",
                "too_large",
            )
        if answer < truth:
            raise _wrong(
                f"learning rate {answer:g} is safe, but {truth:g} also lowers the loss at every "
                "step.",
                "too_small",
            )
        return (
            f"falls_at_every_step is right, and {truth:g} is the largest safe rate of {rates_text}."
        )

    return _run_check("learning_rate_experiment", body)
