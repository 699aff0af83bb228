"""Input checks shared by the helpers: every bad input is a ValueError that names the argument.

Each message says which argument was wrong, what was expected and what was given, so that a
learner who passes a 4 x 1 column where a 1 x 4 row belongs reads the fix in the error itself.
"""

import numpy as np


def as_matrix(name, value, rows=None, cols=None, why=""):
    """Return `value` as a finite float64 2-D array, checking its shape.

    Shapes: `value` must be (rows, cols); a None bound accepts any size >= 1. `why` is added
    to a shape error to say where the expected size comes from (e.g. "to match X").
    Raises ValueError naming `name` for a wrong number of dimensions, a wrong shape, an empty
    array, a non-numeric value, or a NaN / infinity.
    """
    array = as_finite_array(name, value, ndim=2)
    if (rows is not None and array.shape[0] != rows) or (
        cols is not None and array.shape[1] != cols
    ):
        raise ValueError(
            f"{name}: expected shape {_shape_text(rows, cols)}{why}, got shape {array.shape}"
        )
    return array


def as_one_hot(name, value, rows=None, cols=None, why=""):
    """Return one-hot rows as float64, shape (rows, cols): every row has a single 1, rest 0."""
    array = as_matrix(name, value, rows, cols, why)
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


def _shape_text(rows, cols):
    return f"({'any' if rows is None else rows}, {'any' if cols is None else cols})"


def as_finite_array(name, value, ndim=None):
    """Return `value` as a finite float64 array (any shape, or exactly `ndim` dimensions)."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name}: expected an array of numbers, got {value!r}") from error
    if ndim is not None and array.ndim != ndim:
        raise ValueError(
            f"{name}: expected a {ndim}-D array, got {array.ndim}-D shape {array.shape}"
        )
    if array.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ValueError(f"{name}: expected finite numbers, got {array[bad]} at index {bad}")
    return array
