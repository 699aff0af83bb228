"""Plain values across the sandbox's wall: JSON, with arrays as .npy bytes (no pickle).

Both sides use this module: the sandbox encodes what the learner's function returned, the grader
decodes it. Decoding never runs code: JSON, and np.load(..., allow_pickle=False) of numeric
arrays. Anything that is not a number, a string, None, ..., a list/tuple of those or a numeric
array crosses as an Opaque stand-in that keeps only its type's name, so a check can still say
"got dict".
"""

import base64
import builtins
import io
import json

import numpy as np

KINDS = "biufc"  # numpy dtype kinds that cross: bool, int, uint, float, complex
MAX_TEXT = 300  # characters kept of a string or an exception's message
MAX_DEPTH = 8


class Opaque:
    """A value of a type that does not cross; only the type's name does."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


def encode(value, depth=0):
    """A JSON-able description of `value` (see decode)."""
    if value is None or value is Ellipsis:
        return {"t": "none" if value is None else "ellipsis"}
    if isinstance(value, bool | int | float | str) and not isinstance(value, np.generic):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**62:
            value = float(value)
        if isinstance(value, str):
            value = value[:MAX_TEXT]
        return {"t": type(value).__name__, "v": value}
    if isinstance(value, np.ndarray | np.generic) and value.dtype.kind in KINDS:
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(value), allow_pickle=False)
        kind = "scalar" if isinstance(value, np.generic) else "array"
        return {"t": kind, "npy": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if isinstance(value, list | tuple) and depth < MAX_DEPTH:
        return {"t": type(value).__name__, "items": [encode(v, depth + 1) for v in value]}
    return {"t": "opaque", "type": type(value).__name__[:MAX_TEXT]}


def decode(data, depth=0):
    """The value that `data` (from encode) describes; Opaque for anything unexpected."""
    if not isinstance(data, dict) or depth > MAX_DEPTH:
        return Opaque("unknown")
    kind = data.get("t")
    if kind == "none":
        return None
    if kind == "ellipsis":
        return Ellipsis
    if kind in ("bool", "int", "float", "str"):
        value = data.get("v")
        expected = {"bool": bool, "int": int, "float": float | int, "str": str}[kind]
        if isinstance(value, expected) and (kind != "int" or not isinstance(value, bool)):
            return float(value) if kind == "float" else value
        return Opaque(kind)
    if kind in ("array", "scalar"):
        try:
            raw = base64.b64decode(data["npy"], validate=True)
            array = np.load(io.BytesIO(raw), allow_pickle=False)
        except Exception:
            return Opaque("ndarray")
        if array.dtype.kind not in KINDS:
            return Opaque("ndarray")
        return array[()] if kind == "scalar" else array
    if kind in ("list", "tuple") and isinstance(data.get("items"), list):
        items = [decode(item, depth + 1) for item in data["items"]]
        return tuple(items) if kind == "tuple" else items
    return Opaque(str(data.get("type", "unknown"))[:MAX_TEXT])


def encode_exception(error):
    """The exception's type name, its first built-in base class and its message."""
    builtin = next(
        (c.__name__ for c in type(error).__mro__ if getattr(builtins, c.__name__, None) is c),
        "Exception",
    )
    return {"type": type(error).__name__[:80], "builtin": builtin, "message": str(error)[:MAX_TEXT]}


def rebuild_exception(data):
    """An exception to raise in the grader for `data` (from encode_exception): of the same
    built-in class (NotImplementedError stays NotImplementedError), named as the learner's was.
    Never a KeyboardInterrupt or SystemExit: only subclasses of Exception."""
    base = getattr(builtins, str(data.get("builtin")), None)
    if not (isinstance(base, type) and issubclass(base, Exception)):
        base = RuntimeError
    name = str(data.get("type") or base.__name__)
    message = str(data.get("message", ""))[:MAX_TEXT]
    if name == base.__name__ or not name.isidentifier():
        return base(message)
    return type(name, (base,), {})(message)


def dumps(data):
    return json.dumps(data, allow_nan=True)


def loads(text):
    return json.loads(text)
