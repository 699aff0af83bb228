"""The solutions of the exercises, as the step notebooks hold them (English edition; the Korean
code is the same, tests/test_korean.py): each exercise's function, compiled from the code of
its `NAME-solution` cell, for the tests of the checks (tests/test_check_mutants.py)."""

import ast
import json
from pathlib import Path

import numpy as np

import helpers
import helpers.exercises as ex

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# exercise -> (its notebook, the function the learner writes)
SOLUTIONS = {
    "softmax": ("02_forward", "softmax"),
    "sample_loss": ("03_loss", "sample_loss"),
    "softmax_jacobian": ("04_backward", "softmax_jacobian"),
    "chain_rule_gradient": ("04_backward", "chain_rule_gradient"),
    "logit_gradient": ("04_backward", "logit_gradient"),
    "numerical_gradient": ("05_gradient_checks", "numerical_gradient"),
    "gradient_step": ("06_training", "gradient_step"),
    "batch_gradient": ("08_batch_gradient", "batch_gradient"),
    "loss_sum_and_mean": ("08_batch_gradient", "loss_sum_and_mean"),
    "learning_rate_experiment": ("09_learning_rate", "falls_at_every_step"),
}


def solution_tree(name):
    """The ast.FunctionDef of exercise `name`'s solution, from its notebook's solution cell."""
    stem, function = SOLUTIONS[name]
    cells = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if c.get("id") == f"{name}-solution"]
    module = ast.parse("".join(cell["source"]))
    (node,) = [n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == function]
    return node


def compile_function(node, name="solution"):
    """The function of the ast.FunctionDef `node`, with np and helpers in its globals."""
    module = ast.fix_missing_locations(ast.Module(body=[node], type_ignores=[]))
    namespace = {"np": np, "helpers": helpers}
    exec(compile(module, f"<{name}>", "exec"), namespace)
    return namespace[node.name]


def run_check(name, function):
    """The check's Result for `function`; the learning-rate exercise's rate is the right one."""
    if name == "learning_rate_experiment":
        return ex.check_learning_rate_experiment(function, 0.002)
    return ex.CHECKS[name](function)
