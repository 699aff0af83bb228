"""The course's grader: a teacher's tool, kept out of helpers (the learner's math).

scripts/grade_exercises.py is its command. The checks of helpers.exercises run here, in the
grader's trusted process; each submission's code runs in a sandboxed kernel of its own
(sandbox.py, kernel.py), and only plain values come back (wire.py, proxy.py). grade.py grades
one submission, classroom.py a whole class in parallel.

This package imports nothing at import time: the sandboxed kernel imports grading.sandbox_side
and grading.wire from it, and nothing else.
"""
