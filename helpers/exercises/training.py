"""The exercise of notebook 06_training: one gradient descent step."""

from helpers.exercises.core import _, call, compare, lesson_problem, outputs, rng, run_check
from helpers.model import loss_gradient_shortcut

REFERENCES = ("helpers.train",)


def check_gradient_step(learner_step):
    """Exercise: `gradient_step(W, B, dW, dB, learning_rate)` -> (new W, new B) with
    W - learning_rate * dW and B - learning_rate * dB, leaving W and B unchanged. Catches: the
    sign flip (a step up the gradient), the learning rate left out, W and B changed in place,
    helpers.train called."""

    def body():
        generator = rng(7)
        X, Y, W, B = lesson_problem()
        cases = [(_("the lesson's first step"), W, B, *loss_gradient_shortcut(X, Y, W, B), 0.001)]
        for c, d, rate in [(3, 4, 0.1), (4, 2, 0.5), (2, 5, 0.01)]:
            cases.append(
                (
                    _("random W ({c} x {d}) at learning rate {rate}").format(c=c, d=d, rate=rate),
                    generator.normal(size=(c, d)),
                    generator.normal(size=(c, 1)),
                    generator.normal(size=(c, d)),
                    generator.normal(size=(c, 1)),
                    rate,
                )
            )
        names = ("W", "B", "dW", "dB", "learning_rate")
        for case, W, B, dW, dB, rate in cases:
            output = call(learner_step, (W, B, dW, dB, rate), names, case, REFERENCES)
            W_new, B_new = outputs(output, [_("new W"), _("new B")], [W.shape, B.shape])
            mistakes = [
                (
                    "sign",
                    (W + rate * dW, B + rate * dB),
                    _("the step goes UP the gradient: subtract it, W - learning_rate * dW."),
                ),
                (
                    "no_learning_rate",
                    (W - dW, B - dB),
                    _("multiply the gradient by the learning rate: W - learning_rate * dW."),
                ),
            ]
            expected = (W - rate * dW, B - rate * dB)
            compare((W_new, B_new), expected, [_("new W"), _("new B")], case, mistakes)
        return _(
            "Checked {count} steps: the lesson's first and random ones at other rates."
        ).format(count=len(cases))

    return run_check("gradient_step", body)
