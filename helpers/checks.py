"""Input checks shared by the helpers: every bad input is a ValueError that names the argument.

Each message says which argument was wrong, what was expected and what was given, so that a
learner who passes a 4 x 1 column where a 1 x 4 row belongs reads the fix in the error itself.
The same goes for a result that does not fit in float64 (finite inputs whose product
overflows): a ValueError that names the inputs, never a silent inf or nan.
"""

import numbers

import numpy as np

LARGEST = float(np.finfo(np.float64).max)  # 1.8e308: anything larger is inf in float64
_REAL_KINDS = "iuf"  # NumPy dtype kinds of real numbers: signed, unsigned, floating
_ONE_HOT_KINDS = "biuf"  # one-hot rows may also be booleans


def as_finite_array(name, value, ndim=None, min_ndim=0, kinds=_REAL_KINDS):
    """Return `value` as a finite float64 array: any shape, or exactly `ndim` dimensions, or
    at least `min_ndim`. Raises ValueError naming `name` for anything else: not numbers
    (strings, None), complex numbers, booleans, an integer too large for float64, a wrong
    number of dimensions, an empty array, a NaN or an infinity."""
    array = as_real_array(name, value, kinds)
    if (ndim is not None and array.ndim != ndim) or array.ndim < min_ndim:
        wanted = f"a {ndim}-D array" if ndim is not None else f"at least a {min_ndim}-D array"
        raise ValueError(f"{name}: expected {wanted}, got {array.ndim}-D shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {array.shape}")
    check_finite(name, array, "finite numbers")
    return array


def as_real_array(name, value, kinds=_REAL_KINDS):
    """Return `value` as a float64 array of any shape; NaN and infinity are allowed here.
    Raises ValueError naming `name` when `value` is not real numbers (see as_finite_array)."""
    raw = value if isinstance(value, np.ndarray) else _asarray(name, value, dtype=None)
    kind = raw.dtype.kind
    if kind == "c":
        raise ValueError(f"{name}: expected real numbers, got complex numbers ({raw.dtype})")
    if kind == "b" and "b" not in kinds:
        raise ValueError(f"{name}: expected numbers, got booleans")
    if kind not in kinds + "bO" or (kind == "O" and not all(map(_is_real, raw.flat))):
        raise ValueError(f"{name}: expected an array of numbers, got {_shown(value)}")
    return _asarray(name, raw, dtype=np.float64)


def _is_real(value):
    """True for one real number that is not a bool (None or a string would become nan)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _asarray(name, value, dtype):
    try:
        return np.asarray(value, dtype=dtype)
    except OverflowError:
        raise ValueError(
            f"{name}: expected numbers that fit in float64 (|x| <= {LARGEST:.1e}), "
            f"got an integer too large"
        ) from None
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name}: expected an array of numbers, got {_shown(value)}") from error


def check_finite(name, array, expected):
    """Raise ValueError naming `name` if `array` holds a NaN or an infinity."""
    if not np.all(np.isfinite(array)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        where = f" at index {bad}" if bad else ""
        raise ValueError(f"{name}: expected {expected}, got {np.asarray(array)[bad]}{where}")


def check_finite_result(names, result, quantity):
    """Raise ValueError if `result`, computed from finite `names`, overflowed to inf or nan.

    Example: check_finite_result("X, W, B", Z, "the logits Z = W X^T + B").
    """
    check_finite(
        names, result, f"inputs that keep {quantity} within float64 (|x| <= {LARGEST:.1e})"
    )


def as_matrix(name, value, rows=None, cols=None, why="", kinds=_REAL_KINDS):
    """Return `value` as a finite float64 2-D array, checking its shape.

    Shapes: `value` must be (rows, cols); a None bound accepts any size >= 1. `why` is added
    to a shape error to say where the expected size comes from (e.g. "to match X").
    """
    array = as_finite_array(name, value, ndim=2, kinds=kinds)
    if (rows is not None and array.shape[0] != rows) or (
        cols is not None and array.shape[1] != cols
    ):
        raise ValueError(
            f"{name}: expected shape {_shape_text(rows, cols)}{why}, got shape {array.shape}"
        )
    return array


def as_one_hot(name, value, rows=None, cols=None, why=""):
    """Return one-hot rows as float64, shape (rows, cols): every row has a single 1, rest 0.
    Numbers or booleans are accepted."""
    array = as_matrix(name, value, rows, cols, why, kinds=_ONE_HOT_KINDS)
    is_binary = np.all((array == 0) | (array == 1), axis=1)
    has_one_hot = is_binary & (array.sum(axis=1) == 1)
    if not np.all(has_one_hot):
        row = int(np.flatnonzero(~has_one_hot)[0])
        raise ValueError(
            f"{name}: expected one-hot rows (a single 1, the rest 0), "
            f"got row {row} = {array[row].tolist()}"
        )
    return array


def check_linear_inputs(X, W, B):
    """Check X, W and B of Z = W X^T + B and return them as float64.

    Shapes: X (N, D), W (C, D), B (C, 1). N and D come from X, C from W.
    """
    X = as_matrix("X", X)
    n_features = X.shape[1]
    W = as_matrix("W", W, cols=n_features, why=f" to match the {n_features} features of X")
    B = as_matrix("B", B, rows=W.shape[0], cols=1, why=" (a column, one bias per row of W)")
    return X, W, B


def check_model_inputs(X, Y, W, B):
    """Check the lesson's four arrays together and return them as float64.

    Shapes: X (N, D), Y (N, C) one-hot, W (C, D), B (C, 1). N and D come from X, C from W.
    """
    X, W, B = check_linear_inputs(X, W, B)
    n_samples, n_classes = X.shape[0], W.shape[0]
    why = f" ({n_samples} samples of X by {n_classes} classes of W)"
    Y = as_one_hot("Y", Y, rows=n_samples, cols=n_classes, why=why)
    return X, Y, W, B


def as_real_number(name, value, expected="a real number"):
    """Return `value`, one real number (a Python or NumPy int or float, not a bool, not an
    array), as a float; nan and inf are let through. `expected` is said in the error."""
    if not _is_real(value):
        raise ValueError(f"{name}: expected {expected}, got {_shown(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name}: expected {expected}, got an integer too large") from None


def as_number(name, value, low, high, expected):
    """Return `value`, one real number (see as_real_number), as a float with
    low <= value <= high. `expected` says what is wanted, e.g. "a positive number"."""
    number = as_real_number(name, value, expected)
    if not low <= number <= high:  # also False for nan
        raise ValueError(f"{name}: expected {expected}, got {_shown(value)}")
    return number


def as_positive_number(name, value):
    """Return `value` as a float: a real, finite number > 0 (see as_number)."""
    return as_number(name, value, np.nextafter(0.0, 1.0), LARGEST, "a positive number")


def as_whole_number(name, value, minimum):
    """Return `value`, a Python or NumPy integer (not a bool) >= minimum, as an int."""
    if (
        isinstance(value, bool | np.bool_)
        or not isinstance(value, numbers.Integral)
        or value < minimum
    ):
        raise ValueError(f"{name}: expected a whole number >= {minimum}, got {_shown(value)}")
    return int(value)


def as_axis(axis, ndim):
    """Return `axis` as an int that indexes an array of `ndim` dimensions (-ndim <= axis < ndim)."""
    if isinstance(axis, bool | np.bool_) or not isinstance(axis, numbers.Integral):
        raise ValueError(f"axis: expected an integer, got {_shown(axis)}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis: expected an axis of a {ndim}-D array, got {axis}")
    return int(axis)


def check_callable(name, value):
    """Raise ValueError naming `name` unless `value` can be called."""
    if not callable(value):
        raise ValueError(f"{name}: expected a function, got {_shown(value)}")


def _shape_text(rows, cols):
    return f"({'any' if rows is None else rows}, {'any' if cols is None else cols})"


def _shown(value, limit=60):
    """repr(value), cut to `limit` characters (an int like 10**400 has 401 digits)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
