"""The lesson's printed numbers, reproduced from its setup (they were computed by its author)."""

import functools

import numpy as np

import helpers as h


def _results(W, B):
    pred, loss = h.softmax_forward(h.lesson_sample(), h.lesson_target(), W, B)
    return {"pred": pred, "loss": np.array([[loss]]), "W": W, "B": B}


def _printed(results):
    return {name: h.printed_like_lesson(value) for name, value in results.items()}


def test_before_training_every_printed_digit_equals_the_lesson():
    W, B = h.initial_parameters()
    assert _printed(_results(W, B)) == h.PUBLISHED["before"]


def test_the_lessons_after_numbers_come_from_its_flawed_jacobian():
    W, B = h.initial_parameters()
    flawed = functools.partial(h.loss_gradient, jacobian=h.lesson_flawed_jacobian)
    W, B, _ = h.train(
        h.lesson_sample(), h.lesson_target(), W, B, h.LEARNING_RATE, h.STEPS, gradient=flawed
    )
    assert _printed(_results(W, B)) == h.PUBLISHED["after"]


def test_the_correct_gradient_does_not_give_the_lessons_after_numbers():
    W, B = h.initial_parameters()
    W, B, losses = h.train(h.lesson_sample(), h.lesson_target(), W, B, h.LEARNING_RATE, h.STEPS)
    printed = _printed(_results(W, B))
    assert all(printed[name] != h.PUBLISHED["after"][name] for name in printed)
    assert losses[-1] < float(h.PUBLISHED["after"]["loss"].strip("[]"))


def test_the_float32_sample_matters_for_the_eighth_digit():
    W, B = h.initial_parameters()
    float64_sample = np.array([[1.2, 2.4, 3.6, 1.8]])
    pred, _ = h.softmax_forward(float64_sample, h.lesson_target(), W, B)
    assert h.printed_like_lesson(pred) != h.PUBLISHED["before"]["pred"]


def test_initial_parameters_use_no_global_random_state():
    np.random.seed(1)
    expected_next = np.random.rand()
    np.random.seed(1)
    h.initial_parameters()
    assert np.random.rand() == expected_next


def test_the_flawed_run_leads_until_step_66_then_the_correct_one_is_lower():
    """07_results: the lesson's flawed gradient lowers the loss faster at first (its target row
    is stretched by a factor above 1), and the correct run overtakes it at step 67."""
    W, B = h.initial_parameters()
    X, Y = h.lesson_sample(), h.lesson_target()
    flawed = functools.partial(h.loss_gradient, jacobian=h.lesson_flawed_jacobian)
    _, _, correct_losses = h.train(X, Y, W, B, h.LEARNING_RATE, h.STEPS)
    _, _, flawed_losses = h.train(X, Y, W, B, h.LEARNING_RATE, h.STEPS, gradient=flawed)
    flawed_below = flawed_losses[1:] < correct_losses[1:]  # after steps 1..100
    assert flawed_below[:66].all() and not flawed_below[66:].any()
    flawed_drop = flawed_losses[:-1] - flawed_losses[1:]
    correct_drop = correct_losses[:-1] - correct_losses[1:]
    assert (flawed_drop[:19] > correct_drop[:19]).all()
    assert (flawed_drop[19:] < correct_drop[19:]).all()
