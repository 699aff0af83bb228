"""What a check is handed instead of the learner's function: a Proxy that calls it in the sandbox.

A check calls the proxy as it would call the learner's function. The proxy sends the arguments
(wire-encoded: JSON and .npy) to the sandboxed kernel, where the learner's function runs, and
gets back only plain values: the result, or the name and message of what it raised (raised here
again as the same built-in exception, so the check reports it as it would in the notebook),
and the arguments as the function left them (copied back into the check's arrays, so that a
check sees a change in place). A call that overruns its time raises TimeoutError.
"""

import importlib

import numpy as np

from grading import wire


def reference_recorder():
    """helpers.exercises.core.record_reference_call if the checks have it, else None."""
    try:
        core = importlib.import_module("helpers.exercises.core")
    except ImportError:
        return None
    return getattr(core, "record_reference_call", None)


class Proxy:
    """Stands for the learner's function `name` in `session` (a kernel.Session)."""

    def __init__(self, session, name, timeout):
        self.session, self.name, self.timeout = session, name, timeout
        self.__name__ = name

    def __repr__(self):
        return f"<your function {self.name}>"

    def __call__(self, *args):
        nonce = self.session.nonce()
        payload = wire.dumps([wire.encode(a) for a in args])
        code = (
            "__import__('grading.sandbox_side').sandbox_side.serve("
            f"{self.name!r}, {payload!r}, {nonce!r})"
        )
        reply = self.session.request(code, nonce, self.timeout)
        after = reply.get("args_after")
        if isinstance(after, list) and len(after) == len(args):
            for given, changed in zip(args, after, strict=True):
                _copy_back(given, wire.decode(changed))
        record = reference_recorder()
        called = reply.get("helpers_called")
        if record is not None and isinstance(called, list):
            for name in called:
                if isinstance(name, str) and name.isidentifier():
                    record(name)
        raised = reply.get("raised")
        if raised is not None:
            raise wire.rebuild_exception(raised if isinstance(raised, dict) else {})
        return wire.decode(reply.get("returned"))


def _copy_back(given, changed):
    """Copy the argument as the learner's function left it into the check's array `given`."""
    if isinstance(given, np.ndarray) and isinstance(changed, np.ndarray):
        if changed.shape == given.shape:
            np.copyto(given, changed, casting="unsafe")


def learner_values(session, names, timeout):
    """What each name (an argument of a check) is in the notebook: a Proxy for a function,
    the value (wire-decoded) for anything else, None where it is not defined."""
    values = []
    for name in names:
        nonce = session.nonce()
        code = f"__import__('grading.sandbox_side').sandbox_side.describe({name!r}, {nonce!r})"
        try:
            reply = session.request(code, nonce, timeout)
        except (TimeoutError, RuntimeError):
            reply = {"defined": False}
        if not reply.get("defined"):
            values.append(None)
        elif reply.get("callable"):
            values.append(Proxy(session, name, timeout))
        else:
            values.append(wire.decode(reply.get("value")))
    return values
