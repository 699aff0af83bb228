"""The exercise of notebook 05_gradient_checks: the central-difference loop."""

import numpy as np

from helpers.exercises.backward import GRADIENT_REFERENCES
from helpers.exercises.core import (
    EXTREME_LOGITS,
    EXTREME_TARGETS,
    Verdict,
    _,
    call,
    outputs,
    problem_with_logits,
    problems,
    run_check,
    wrong,
)
from helpers.model import cross_entropy, logits, loss_gradient_shortcut

EPS = 1e-5
# Central differences with eps = 1e-5 come within about 1e-8 of the exact gradient here (the
# eps^2 term and rounding); a known mistake (eps, forward differences) is off by 1e-6 or more.
TOLERANCE = 1e-7


def _loss_of(X, Y):
    return lambda W, B: cross_entropy(logits(X, W, B), Y)


def _differences(X, Y, W, B, eps, kind):
    """Finite differences of the summed loss: kind 'forward' or 'no_restore' (both wrong)."""
    loss = _loss_of(X, Y)
    W, B = W.copy(), B.copy()
    gradients = []
    for param in (W, B):
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            original = param[index]
            if kind == "forward":
                base = loss(W, B)
                param[index] = original + eps
                grad[index] = (loss(W, B) - base) / eps
                param[index] = original
            else:  # "no_restore": nudged up, then down, never put back
                param[index] = original + eps
                plus = loss(W, B)
                param[index] = original - eps
                grad[index] = (plus - loss(W, B)) / (2 * eps)
        gradients.append(grad)
    return tuple(gradients)


def _agree(got, want, tolerance):
    return all(np.allclose(g, w, rtol=0, atol=tolerance) for g, w in zip(got, want, strict=True))


def check_numerical_gradient(learner_numerical):
    """Exercise: `numerical_gradient(X, Y, W, B)` -> (dL/dW (C, D), dL/dB (C, 1)) by central
    differences (L(p + eps) - L(p - eps)) / (2 eps) with eps = 1e-5 of the summed loss, for
    every entry of W and B. Catches: dividing by eps instead of 2 eps, forward differences, a
    parameter not put back after its nudge, W or B of the caller changed, the exact gradient
    (helpers.loss_gradient_shortcut) or helpers.numerical_gradient called."""

    def body():
        cases = problems(6, [(3, 2, 2)], extreme=False)  # 15, 6 and 12 parameters
        # the two confidently wrong samples of the extreme logits (12 parameters, not 18)
        Z, targets = EXTREME_LOGITS[:, 2:4], EXTREME_TARGETS[2:4]
        cases.append((_("logits spread by 805"), problem_with_logits(Z, targets), False))
        for number, (case, (X, Y, W, B), _extreme_case) in enumerate(cases):
            try:
                names = ("X", "Y", "W", "B")
                args = (learner_numerical, (X, Y, W, B), names, case, GRADIENT_REFERENCES)
                # twice on the smallest problem only: each call computes 2 losses a parameter
                output = call(*args, twice=number == 1)
            except Verdict as verdict:
                if verdict.mistake == "in_place":
                    raise wrong(
                        _(
                            "your function leaves W or B changed: put every entry back to its "
                            "original value after nudging it, or nudge a copy."
                        ),
                        "not_restored",
                    ) from None
                raise
            C, D = W.shape
            got = outputs(output, ["dL/dW", "dL/dB"], [(C, D), (C, 1)])
            expected = loss_gradient_shortcut(X, Y, W, B)
            if _agree(got, expected, TOLERANCE):
                continue
            candidates = [
                (
                    "half_step",
                    tuple(2 * e for e in expected),
                    _("divide by 2 eps, not eps: the two points are 2 eps apart."),
                ),
                (
                    "forward_difference",
                    _differences(X, Y, W, B, EPS, "forward"),
                    _(
                        "these are forward differences, (L(p + eps) - L(p)) / eps, with an error "
                        "of order eps; central ones, (L(p + eps) - L(p - eps)) / (2 eps), err by "
                        "eps^2."
                    ),
                ),
                (
                    "no_restore",
                    _differences(X, Y, W, B, EPS, "no_restore"),
                    _(
                        "put each parameter back after nudging it: the later entries are measured "
                        "at a moved point."
                    ),
                ),
            ]
            for mistake, outputs_of_mistake, message in candidates:
                if _agree(got, outputs_of_mistake, TOLERANCE / 10):
                    raise wrong(message, mistake)
            for name, g, e in zip(("dL/dW", "dL/dB"), got, expected, strict=True):
                if not np.allclose(g, e, rtol=0, atol=TOLERANCE):
                    error = float(np.max(np.abs(g - e))) if np.all(np.isfinite(g)) else np.inf
                    raise wrong(
                        _(
                            "on {case}, {name} differs from the exact gradient by up to "
                            "{error:.1e} (central differences with eps = 1e-5 come within 1e-7)."
                        ).format(case=case, name=name, error=error),
                        "values",
                    )
        return _("Checked {count} problems against the exact gradient (to 1e-7).").format(
            count=len(cases)
        )

    return run_check("numerical_gradient", body)
