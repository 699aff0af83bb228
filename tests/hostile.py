"""A class of hostile submissions, made from the student notebook 04_backward (three exercises).

make_class(folder, ...) writes one learner's folder per attack: the course's student notebook
with alice's right answers (tests/data/submissions/alice) or known wrong ones filled in, and
the attack added as answer code. EXPECTED says what an honest grader gives each one: the
points of each exercise as the submission's functions deserve them, whatever the attack does.
"""

import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
STUDENT = ROOT / "notebooks" / "exercises" / "04_backward.ipynb"
ALICE = ROOT / "tests" / "data" / "submissions" / "alice" / "04_backward.ipynb"
EXERCISES = ("softmax_jacobian", "chain_rule_gradient", "logit_gradient")

# Known wrong answers: the lesson's Jacobian typo, zero gradients, Z - Y (not S - Y^T).
WRONG = {
    "softmax_jacobian": """
        def softmax_jacobian(s):
            s1, s2, s3 = s
            return np.array([[s1 * (1 - s1), -s1 * s2, -s1 * s3],
                             [-s2 * s1, s2 * (1 - s1), -s2 * s3],
                             [-s3 * s1, -s3 * s2, s2 * (1 - s1)]])
        """,
    "chain_rule_gradient": """
        def chain_rule_gradient(X, Y, W, B):
            return np.zeros_like(W), np.zeros_like(B)
        """,
    "logit_gradient": """
        def logit_gradient(Z, Y):
            return Z - Y.T
        """,
}

TAMPER_CHECKS = """
    import helpers.exercises as ex

    def passes(*args, **kwargs):
        return ex.Result("any", ex.PASSED, "passed")

    for name in list(ex.CHECKS):
        ex.CHECKS[name] = passes
        setattr(ex, "check_" + name, passes)
    """
TAMPER_RESULT = """
    import helpers.exercises as ex

    ex.Result.passed = property(lambda self: True)
    ex.Result.__str__ = lambda self: self.exercise + ": passed."
    """
TAMPER_OTTER = """
    import otter.test_files.abstract_test as abstract_test

    abstract_test.TestFile.passed_all = property(lambda self: True)
    abstract_test.TestFile.score = property(lambda self: self.possible)
    abstract_test.TestFile.grade = property(lambda self: 1.0)
    """


def _function(name, body):
    """A learner's function `name` (of the exercise's signature) that runs `body`, then
    returns alice's right answer (her function, kept as _right_NAME)."""
    signature = {
        "softmax_jacobian": "s",
        "chain_rule_gradient": "X, Y, W, B",
        "logit_gradient": "Z, Y",
    }[name]
    body = textwrap.indent(textwrap.dedent(body).strip(), "    ")
    right = f"_right_{name}"
    head = f"{right} = {name}\n\n\ndef {name}({signature}):\n"
    return f"{head}{body}\n    return {right}({signature})\n"


def attacks(outside, neighbour, port, token):
    """{learner: (answers, extra code, expected points per exercise, failure or None)}.

    answers: "right" (alice's) or "wrong" (WRONG); extra code runs in an answer cell after the
    last answer; outside: a file outside every submission; neighbour: a file in another
    learner's folder; port: a TCP port the test listens on; token: marks the fork's process."""
    everything = 3 * [1]
    writes = f"""
        import os, pathlib, subprocess
        for target in [{str(outside)!r}, {str(neighbour)!r}]:
            try:
                pathlib.Path(target).write_text("written by a submission")
            except OSError:
                pass
        os.system("touch {outside}.sh 2>/dev/null")
        """
    environ = """
        import os
        seen = sorted(p for p in os.listdir("/proc") if p.isdigit())
        raise ValueError(f"secret={os.environ.get('GRADER_TEST_SECRET')} processes={len(seen)}")
        """
    connect = f"""
        import socket
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
        except OSError:
            pass
        """
    fork = f"""
        import os
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", "{token}"])
        """
    stubborn = """
        import signal
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        while True:
            pass
        """
    return {
        "tamper_checks": ("wrong", TAMPER_CHECKS, [0, 0, 0], None),
        "tamper_result": ("wrong", TAMPER_RESULT, [0, 0, 0], None),
        "tamper_otter": ("wrong", TAMPER_OTTER, [0, 0, 0], None),
        "hang_in_call": ("right", _function("logit_gradient", "while True: pass"), [1, 1, 0], None),
        "hang_ignoring_interrupts": (
            "right",
            _function("logit_gradient", stubborn),
            [1, 1, 0],
            None,
        ),
        "hang_in_cell": ("right", "while True:\n    pass\n", [0, 0, 0], "took longer"),
        "exit_in_call": (
            "right",
            _function("logit_gradient", "import os\nos._exit(1)"),
            [1, 1, 0],
            None,
        ),
        "exit_in_cell": ("right", "import os\n\nos._exit(1)\n", [0, 0, 0], "kernel died"),
        "fork_outlives_call": ("right", _function("softmax_jacobian", fork), everything, None),
        "writes_outside": ("right", writes, everything, None),
        "reads_environment": ("right", _function("logit_gradient", environ), [1, 1, 0], None),
        "opens_connection": ("right", _function("softmax_jacobian", connect), everything, None),
        "prints_megabytes": (
            "right",
            "print('x' * 20_000_000)\n" + _function("logit_gradient", "print('y' * 5_000_000)"),
            everything,
            None,
        ),
        "allocates_too_much": (
            "right",
            _function("logit_gradient", "np.ones(3 * 2**30 // 8)"),
            [1, 1, 0],
            None,
        ),
    }


def _answers(kind):
    if kind == "wrong":
        return {name: textwrap.dedent(source).strip() + "\n" for name, source in WRONG.items()}
    alice = nbformat.read(ALICE, as_version=4)
    return {c.id.removesuffix("-solution"): c.source for c in alice.cells if "-solution" in c.id}


def submission(kind, extra):
    """The student notebook with the answers of `kind` and `extra` code after the last one."""
    notebook = nbformat.read(STUDENT, as_version=4)
    answers = _answers(kind)
    for cell in notebook.cells:
        name = cell.id.removesuffix("-solution")
        if cell.id.endswith("-solution") and name in answers:
            cell.source = answers[name]
            if name == EXERCISES[-1]:
                cell.source += "\n\n" + textwrap.dedent(extra).strip() + "\n"
    return notebook


def make_class(folder, outside, port, token, learners=None):
    """Write the attacks named in `learners` (default: every one) into `folder`, one learner's
    folder each; return {submission: (expected points, failure)}."""
    folder = Path(folder)
    neighbour = folder / "tamper_checks" / "planted.txt"
    expected = {}
    for learner, (kind, extra, points, failure) in attacks(outside, neighbour, port, token).items():
        if learners is not None and learner not in learners:
            continue
        (folder / learner).mkdir(parents=True)
        nbformat.write(submission(kind, extra), folder / learner / "04_backward.ipynb")
        expected[f"{learner}/04_backward.ipynb"] = (points, failure)
    return expected


def add_ungradable(folder):
    """Write an unreadable file and a notebook of no assignment, which cannot be graded, into
    `folder`; return their {submission: (expected points, failure)}."""
    folder = Path(folder)
    (folder / "unreadable").mkdir(parents=True)
    (folder / "unreadable" / "04_backward.ipynb").write_bytes(b"\x00not a notebook\xff")
    (folder / "no_assignment").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), folder / "no_assignment" / "homework.ipynb")
    return {
        "unreadable/04_backward.ipynb": ([0, 0, 0], "not a readable notebook"),
        "no_assignment/homework.ipynb": (None, "not a student notebook of this course"),
    }
