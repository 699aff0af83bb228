"""Mutation testing of the exercises' solutions: a check must reject every wrong variant of
its own solution, not only the mistakes someone thought of.

Each exercise's solution (the function in its notebook's solution cell, tests/
exercise_solutions.py) is mutated one place at a time by mutmut-style operators on its AST:
arithmetic and comparison operators, numbers, `axis` and `keepdims`, max/min and sum/mean,
indices, transposes, unary minus, and a dropped term (one side of a + or -). The check must
reject every mutant except the equivalent ones listed in EQUIVALENT, each with its reason
(also in tests/CHECK_MUTATION.md, with the score per exercise that CONTRIBUTING.md gives).
"""

import ast
import copy
from pathlib import Path

import pytest
from exercise_solutions import SOLUTIONS, compile_function, run_check, solution_tree

ROOT = Path(__file__).resolve().parent.parent
ARITHMETIC = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.MatMult: ast.Mult,
    ast.Pow: ast.Mult,
}
COMPARISON = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
}
# Functions and methods swapped for a neighbour (np.max -> np.min, x.sum() -> x.mean(), ...).
NAMES = {
    "max": ["min"],
    "min": ["max"],
    "sum": ["mean"],
    "mean": ["sum"],
    "exp": ["log"],
    "log": ["exp", "log10"],
    "all": ["any"],
    "any": ["all"],
    "argmax": ["argmin"],
    "zeros_like": ["ones_like"],
    "float": ["int"],
}


def _is_docstring(node, parents):
    parent = parents.get(node)
    return isinstance(parent, ast.Expr) and isinstance(node.value, str)


def mutation_sites(tree):
    """[(node, description, replacement function)]: every single-place mutation of `tree`.

    The replacement function takes a deep copy's matching node and returns its replacement
    (or mutates it in place and returns it)."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    sites = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
            new = ARITHMETIC[type(node.op)]
            sites.append((node, f"{type(node.op).__name__} -> {new.__name__}", _set_op(new)))
            if isinstance(node.op, ast.Add | ast.Sub):
                sites.append((node, "drop the right term", lambda n: n.left))
                sites.append((node, "drop the left term", _right_only))
        elif isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in COMPARISON:
                    new = COMPARISON[type(op)]
                    sites.append(
                        (node, f"{type(op).__name__} -> {new.__name__}", _set_compare(k, new))
                    )
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            sites.append((node, "drop the unary minus", lambda n: n.operand))
        elif isinstance(node, ast.Constant) and not _is_docstring(node, parents):
            value = node.value
            if isinstance(value, bool):
                sites.append((node, f"{value} -> {not value}", _set_value(not value)))
            elif isinstance(value, int | float):
                sites.append((node, f"{value!r} -> {value + 1!r}", _set_value(value + 1)))
                if value != 0:
                    sites.append((node, f"{value!r} -> 0", _set_value(type(value)(0))))
        elif isinstance(node, ast.Attribute):
            if node.attr == "T":
                sites.append((node, "drop .T", lambda n: n.value))
            for new in NAMES.get(node.attr, []):
                sites.append((node, f".{node.attr} -> .{new}", _set_attr(new)))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            for new in NAMES.get(node.id, []):
                sites.append((node, f"{node.id} -> {new}", _set_name(new)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "copy" and not node.args:
                sites.append((node, "drop .copy()", lambda n: n.func.value))
        elif isinstance(node, ast.keyword) and node.arg == "keepdims":
            sites.append((node, "drop keepdims", None))
        elif isinstance(node, ast.Subscript):
            sites.append((node, "drop the index", lambda n: n.value))
    return sites


def _set_op(new):
    def replace(node):
        node.op = new()
        return node

    return replace


def _set_compare(k, new):
    def replace(node):
        node.ops[k] = new()
        return node

    return replace


def _set_value(value):
    def replace(node):
        node.value = value
        return node

    return replace


def _right_only(node):
    if isinstance(node.op, ast.Sub):
        return ast.UnaryOp(op=ast.USub(), operand=node.right)
    return node.right


def _set_attr(new):
    def replace(node):
        node.attr = new
        return node

    return replace


def _set_name(new):
    def replace(node):
        node.id = new
        return node

    return replace


class _Replace(ast.NodeTransformer):
    def __init__(self, target, replacement):
        self.target, self.replacement = target, replacement

    def visit(self, node):
        if node is self.target:
            return self.replacement(node)
        return self.generic_visit(node)


def _drop_keyword(tree, target):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and target in node.keywords:
            node.keywords.remove(target)
            return tree
    raise AssertionError("keyword not found")


def mutants(name):
    """[(id, mutated FunctionDef)] of exercise `name`'s solution; an id names the line (in
    the solution cell) and the change."""
    tree = solution_tree(name)
    found = []
    for index, (node, description, replacement) in enumerate(mutation_sites(tree)):
        mutated = copy.deepcopy(tree)
        # the node at the same position in the copy
        (twin,) = [n for k, n in enumerate(_sites_nodes(mutated)) if k == index]
        if replacement is None:
            mutated = _drop_keyword(mutated, twin)
        else:
            mutated = _Replace(twin, replacement).visit(mutated)
        segment = ast.unparse(node) if not isinstance(node, ast.keyword) else "keepdims=True"
        mutant_id = f"{name}: line {node.lineno}: {segment[:60]}: {description}"
        found.append((mutant_id, mutated))
    return found


def _sites_nodes(tree):
    return [node for node, _, _ in mutation_sites(tree)]


# Mutants that compute the same function on every input a learner's code can get (or that a
# check cannot tell apart), each with its reason; tests/CHECK_MUTATION.md lists them too.
KEEPDIMS = (
    "a reduction over axis 0 of a C x N array gives N values, which NumPy broadcasts along the "
    "last axis, back onto their columns: keepdims changes nothing"
)
ONE_SAMPLE_ARGMAX = (
    "np.argmax of the 1 x 3 Y is the flat index of its 1, the same as that of its row Y[0]"
)
OUTER = "(3 x 1) * (1 x D) broadcasts to the outer product, which is what (3 x 1) @ (1 x D) is"
RESTORED = (
    "every entry is put back to its original value after its nudge, so the caller's W and B "
    "end as they began even without the copy"
)
OVERWRITTEN = "every entry of grad is assigned before it is read: its initial values never count"
EQUIVALENT = {
    "softmax: line 4: keepdims=True: drop keepdims": KEEPDIMS,
    "softmax: line 4: True: True -> False": KEEPDIMS,
    "softmax: line 6: keepdims=True: drop keepdims": KEEPDIMS,
    "softmax: line 6: True: True -> False": KEEPDIMS,
    "logit_gradient: line 4: keepdims=True: drop keepdims": KEEPDIMS,
    "logit_gradient: line 4: True: True -> False": KEEPDIMS,
    "logit_gradient: line 5: keepdims=True: drop keepdims": KEEPDIMS,
    "logit_gradient: line 5: True: True -> False": KEEPDIMS,
    "batch_gradient: line 5: keepdims=True: drop keepdims": KEEPDIMS,
    "batch_gradient: line 5: True: True -> False": KEEPDIMS,
    "batch_gradient: line 6: keepdims=True: drop keepdims": KEEPDIMS,
    "batch_gradient: line 6: True: True -> False": KEEPDIMS,
    "loss_sum_and_mean: line 4: keepdims=True: drop keepdims": KEEPDIMS,
    "loss_sum_and_mean: line 4: True: True -> False": KEEPDIMS,
    "loss_sum_and_mean: line 5: keepdims=True: drop keepdims": KEEPDIMS,
    "loss_sum_and_mean: line 5: True: True -> False": KEEPDIMS,
    "chain_rule_gradient: line 7: Y[0]: drop the index": ONE_SAMPLE_ARGMAX,
    "chain_rule_gradient: line 10: dS_target_dZ @ X: MatMult -> Mult": OUTER,
    "numerical_gradient: line 6: W.copy(): drop .copy()": RESTORED,
    "numerical_gradient: line 6: B.copy(): drop .copy()": RESTORED,
    "numerical_gradient: line 9: np.zeros_like: .zeros_like -> .ones_like": OVERWRITTEN,
}


def _survivors(name):
    survivors = []
    for mutant_id, tree in mutants(name):
        try:
            function = compile_function(tree, mutant_id)
        except Exception:  # e.g. a dropped index that leaves invalid code: not a mutant
            continue
        if run_check(name, function).passed:
            survivors.append(mutant_id)
    return survivors


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_the_solution_itself_passes_its_check(name):
    result = run_check(name, compile_function(solution_tree(name)))
    assert result.passed, str(result)


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_every_non_equivalent_mutant_of_the_solution_is_rejected(name):
    survivors = _survivors(name)
    listed = sorted(m for m in EQUIVALENT if m.startswith(f"{name}: "))
    assert sorted(survivors) == listed


def score_rows():
    """The score per exercise, as CONTRIBUTING.md and tests/CHECK_MUTATION.md give it:
    | `exercise` | notebook | mutants | rejected | equivalent |."""
    rows = []
    for name, (notebook, _) in SOLUTIONS.items():
        count = len(mutants(name))
        equivalent = len([m for m in EQUIVALENT if m.startswith(f"{name}: ")])
        rows.append(f"| `{name}` | {notebook} | {count} | {count - equivalent} | {equivalent} |")
    return rows


@pytest.mark.parametrize("document", ["CONTRIBUTING.md", "tests/CHECK_MUTATION.md"])
def test_the_documents_give_the_score_per_exercise(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    for row in score_rows():
        assert row in text, row


def test_check_mutation_md_lists_every_equivalent_mutant_with_its_reason():
    text = (ROOT / "tests" / "CHECK_MUTATION.md").read_text(encoding="utf-8")
    for mutant, reason in EQUIVALENT.items():
        assert f"`{mutant}`" in text, mutant
        assert reason in " ".join(text.split()), reason
