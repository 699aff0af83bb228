"""The exercise of notebook 09_learning_rate: the largest safe rate, found by experiment."""

import functools

import numpy as np

from helpers.exercises.core import NOT_DONE, Verdict, _, call, kind, run_check, wrong
from helpers.iris import data_path, load_iris_csv
from helpers.lesson import initial_parameters
from helpers.model import train

# The learning-rate experiment: the rates to try and the number of steps, on the 30 flowers.
RATES = (0.001, 0.002, 0.004, 0.01)
RATE_STEPS = 200


@functools.cache
def _rate_outcomes():
    """{rate: losses (RATE_STEPS + 1,)} of helpers.train on the 30 flowers, for each of RATES."""
    X, Y = load_iris_csv(data_path("iris_tiny_onehot.csv"))
    W, B = initial_parameters()
    return {rate: train(X, Y, W, B, rate, RATE_STEPS)[2] for rate in RATES}


def _rises_at(losses, step):
    """A falling history of len(losses) with a rise at `step` (1-based: losses[step] up)."""
    history = np.array(losses, dtype=np.float64)
    history[step] = history[step - 1] + 0.5
    return history


def _histories():
    """[(case, losses, right answer, hint if the learner's answer is wrong)]."""
    neighbours = _("compare every pair of neighbours: np.all(np.diff(losses) < 0).")
    long_falling = np.linspace(100.0, 1.0, RATE_STEPS + 1)
    tiny = 1.0 - 1e-12 * np.arange(50)
    tiny_rise = tiny.copy()
    tiny_rise[30] = tiny_rise[29] + 1e-12
    return [
        (_("a falling history"), [5.0, 4.0, 3.5, 3.4], True, _("it should be True.")),
        (_("a falling history of two losses"), [3.0, 2.0], True, _("it should be True.")),
        (_("a history that rises at its last step"), [5.0, 4.0, 3.5, 3.6], False, neighbours),
        (_("a history that rises at its first step"), [5.0, 5.5, 3.5, 3.4], False, neighbours),
        (_("a history that rises in the middle"), [5.0, 4.0, 4.5, 3.0], False, neighbours),
        (
            _("a history of 200 steps that rises at step 150 only"),
            _rises_at(long_falling, 150),
            False,
            neighbours,
        ),
        (_("a long falling history"), long_falling, True, _("it should be True.")),
        (
            _("a history that falls by 1e-12 at every step"),
            tiny,
            True,
            _(
                "every step is lower, if only by 1e-12: compare the losses as they are, without "
                "rounding or a tolerance."
            ),
        ),
        (
            _("a history that rises by 1e-12 once"),
            tiny_rise,
            False,
            _(
                "a rise of 1e-12 is still a rise: compare the losses as they are, without rounding "
                "or a tolerance."
            ),
        ),
        (
            _("a history that stays flat once"),
            [5.0, 4.0, 4.0, 3.0],
            False,
            _("a loss equal to the one before has not fallen: use <, not <=."),
        ),
        (
            _("a history that ends in nan"),
            [5.0, 4.0, np.nan, np.nan],
            False,
            _("a nan loss (training blew up) has not fallen; np.diff(losses) < 0 is False there."),
        ),
        (
            _("a history that jumps to inf"),
            [5.0, np.inf, 3.0, 2.0],
            False,
            _("a loss of inf has not fallen: test np.diff(losses) < 0."),
        ),
    ]


def _answer(learner_falls, case, losses):
    output = call(learner_falls, (np.array(losses, dtype=np.float64),), ("losses",), case)
    if not isinstance(output, bool | np.bool_):
        raise wrong(
            _("falls_at_every_step should return True or False, got {kind}.").format(
                kind=kind(output)
            ),
            "not_a_bool",
        )
    return bool(output)


def check_learning_rate_experiment(learner_falls, largest_safe_rate):
    """Exercise, in two parts. (a) `falls_at_every_step(losses)` -> True when every loss in the
    history is lower than the one before, else False (also for nan or inf). (b) Run
    helpers.train on the 30 flowers from helpers.initial_parameters() for RATE_STEPS steps at
    each rate of RATES, and set `largest_safe_rate` to the largest rate at which the loss falls
    at every step. Catches: a pair of neighbours not compared (the first, the last, one in the
    middle, any after the first few), <= for <, a tolerance or rounding, a diverged (nan)
    history taken as falling, an answer that is not one of RATES, too large or too small."""

    def body():
        for case, losses, expected, hint in _histories():
            answer = _answer(learner_falls, case, losses)
            if answer != expected:
                raise wrong(
                    _("for {case}, your falls_at_every_step returns {answer}; {hint}").format(
                        case=case, answer=answer, hint=hint
                    ),
                    "falls",
                )
        outcomes = _rate_outcomes()
        for rate, losses in outcomes.items():
            expected = bool(np.all(np.diff(losses) < 0))
            case = _("the training run at rate {rate:g}").format(rate=rate)
            if _answer(learner_falls, case, losses) != expected:
                raise wrong(
                    _(
                        "for {case}, your falls_at_every_step returns {answer}; compare every "
                        "pair of neighbours: np.all(np.diff(losses) < 0)."
                    ).format(case=case, answer=not expected),
                    "falls",
                )
        safe = [rate for rate, losses in outcomes.items() if np.all(np.diff(losses) < 0)]
        truth = max(safe)
        rates_text = ", ".join(str(r) for r in RATES)
        if largest_safe_rate is None or largest_safe_rate is Ellipsis:
            raise Verdict(NOT_DONE, _("set largest_safe_rate to your answer."), "stub")
        try:
            answer = float(largest_safe_rate)
        except (Exception, SystemExit):
            raise wrong(
                _("largest_safe_rate should be one of {rates}, got {value}.").format(
                    rates=rates_text, value=repr(largest_safe_rate)[:40]
                ),
                "not_a_rate",
            ) from None
        matches = [rate for rate in RATES if np.isclose(answer, rate, rtol=1e-6, atol=0)]
        if not matches:
            raise wrong(
                _(
                    "largest_safe_rate should be one of the rates tried, {rates}; got {value:g}."
                ).format(rates=rates_text, value=answer),
                "not_a_rate",
            )
        (rate,) = matches
        if rate > truth:
            rises = int(np.sum(~(np.diff(outcomes[rate]) < 0)))
            raise wrong(
                _("at learning rate {rate:g} the loss went up in {rises} of {steps} steps.").format(
                    rate=rate, rises=rises, steps=RATE_STEPS
                ),
                "too_large",
            )
        if rate < truth:
            raise wrong(
                _(
                    "at learning rate {rate:g} the loss does fall at every step, but it is not the "
                    "largest such rate of the four: run the others too."
                ).format(rate=rate),
                "too_small",
            )
        return _(
            "falls_at_every_step is right, and {rate:g} is the largest safe rate of {rates}."
        ).format(rate=truth, rates=rates_text)

    return run_check("learning_rate_experiment", body)
