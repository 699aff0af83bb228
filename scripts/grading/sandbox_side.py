"""The grader's side INSIDE the sandboxed kernel: it serves the learner's functions.

Nothing here is trusted: the learner's code runs in the same kernel and may change any of it.
That can only change the values that the learner's own functions appear to return, which the
learner could have returned anyway; the verdict is computed in the grader's process.

install() wraps the public functions of `helpers` so that a call of one of them from inside a
served call is recorded (by name). serve() calls one function of the notebook's namespace on
arguments that arrive as wire-encoded JSON and sends back, as one display message of MIME type
MIME, what it returned (or raised), the arguments as they are after the call, and the helpers
called.
"""

import functools
import sys

from grading import wire

MIME = "application/x-course-grader+json"
_state = {"depth": 0, "calls": [], "recording": False}


def _recorded(name, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _state["recording"] and _state["depth"] == 0 and name not in _state["calls"]:
            _state["calls"].append(name)
        _state["depth"] += 1
        try:
            return function(*args, **kwargs)
        finally:
            _state["depth"] -= 1

    return wrapper


def install():
    """Wrap every public function of helpers (in helpers and in its defining module)."""
    import helpers

    for name in getattr(helpers, "__all__", []):
        function = getattr(helpers, name, None)
        if not callable(function) or isinstance(function, type):
            continue
        wrapper = _recorded(name, function)
        setattr(helpers, name, wrapper)
        module = sys.modules.get(getattr(function, "__module__", ""))
        if module is not None and getattr(module, name, None) is function:
            setattr(module, name, wrapper)


def _namespace():
    return get_ipython().user_ns  # noqa: F821 -- IPython's builtin inside the kernel


def _send(nonce, reply):
    from IPython.display import display

    reply["nonce"] = nonce
    display({MIME: wire.dumps(reply)}, raw=True)


def describe(name, nonce):
    """Send whether `name` is defined in the notebook, and if so whether it is callable, and
    (if not callable) its value."""
    namespace = _namespace()
    if name not in namespace:
        reply = {"defined": False}
    elif callable(namespace[name]):
        reply = {"defined": True, "callable": True}
    else:
        reply = {"defined": True, "callable": False, "value": wire.encode(namespace[name])}
    _send(nonce, reply)


def serve(name, payload, nonce):
    """Call the notebook's `name` on the decoded arguments of `payload` (wire JSON)."""
    args = [wire.decode(a) for a in wire.loads(payload)]
    function = _namespace().get(name)
    _state.update(calls=[], depth=0, recording=True)
    try:
        output = function(*args)
    except BaseException as error:  # KeyboardInterrupt (an interrupt) too: it is reported
        reply = {"raised": wire.encode_exception(error)}
    else:
        reply = {"returned": wire.encode(output)}
    finally:
        _state["recording"] = False
    reply["args_after"] = [wire.encode(a) for a in args]
    reply["helpers_called"] = list(_state["calls"])
    _send(nonce, reply)
