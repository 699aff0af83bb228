"""How long each exercise check takes on a right answer (its notebook's solution): the budget is
50 ms a check, on this machine, so that a learner's check cell answers at once and the mutation
test (tests/test_check_mutants.py, about 180 checks) stays fast.

    python benchmarks/check_speed.py

Prints one line per check: the median of 7 runs after one warm-up, and whether it is within
the budget. The learning-rate check trains at 4 rates once per process and keeps the losses
(they never change): its first call, which pays for that, is timed on a line of its own.
A benchmark, not a test: no wall clock decides a test.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from exercise_solutions import SOLUTIONS, compile_function, run_check, solution_tree

import helpers
from helpers.exercises import learning_rate

BUDGET = 0.050  # seconds per check


def main():
    print(f"{'check':<26} {'median ms':>10}  budget {BUDGET * 1000:.0f} ms")
    over = 0
    for name in SOLUTIONS:
        function = compile_function(solution_tree(name))
        assert run_check(name, function).passed, name
        seconds = helpers.median_seconds(lambda n=name, f=function: run_check(n, f), repeats=7)
        met = seconds < BUDGET
        over += not met
        print(f"{name:<26} {seconds * 1000:>10.1f}  {'met' if met else 'MISSED'}")
    name = "learning_rate_experiment"
    function = compile_function(solution_tree(name))

    def first_call():
        learning_rate._rate_outcomes.cache_clear()
        run_check(name, function)

    seconds = helpers.median_seconds(first_call, repeats=7)
    met = seconds < BUDGET
    over += not met
    print(f"{'  (its first call)':<26} {seconds * 1000:>10.1f}  {'met' if met else 'MISSED'}")
    print(f"{len(SOLUTIONS) + 1 - over} of {len(SOLUTIONS) + 1} within the budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
