"""Loading the iris CSV files shipped in data/ as X (N, 4) and one-hot Y (N, 3)."""

import csv
from pathlib import Path

import numpy as np

from helpers.lesson import CLASS_NAMES, FEATURE_NAMES

# An installed wheel carries the data inside the package, as helpers/data/ (pyproject.toml
# maps data/ there); in a checkout (helpers installed editable) it is the top-level data/.
_PACKAGED_DATA = Path(__file__).resolve().parent / "data"
DATA_DIR = _PACKAGED_DATA if _PACKAGED_DATA.is_dir() else _PACKAGED_DATA.parent.parent / "data"
SPECIES_HEADER = (*FEATURE_NAMES, "species")
ONE_HOT_HEADER = (*FEATURE_NAMES, *CLASS_NAMES)


def data_path(name):
    """The absolute path of a file in the course's data folder, e.g. data_path("iris.csv").

    That is the checkout's data/ folder, or the copy inside an installed wheel (as in Colab).
    """
    return DATA_DIR / name


def load_iris_csv(path):
    """Read an iris CSV file: X (N, 4) float64 measurements and Y (N, 3) float64 one-hot rows.

    Two layouts are accepted, told apart by the header:
    - `sepal_length,sepal_width,petal_length,petal_width,species` with a species name per row;
    - `sepal_length,...,petal_width,setosa,versicolor,virginica` with one-hot columns.
    Raises ValueError naming the path (and the line, where one is at fault) for a missing or
    empty file, another header, a wrong number of columns, a value that is not a finite number,
    an unknown species, or a one-hot row that is not one-hot.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path: expected an existing iris CSV file, got {str(path)!r}")
    with path.open(newline="", encoding="utf-8") as file:
        lines = list(csv.reader(file))
    if not lines:
        raise ValueError(f"{path}: expected a header and data rows, got an empty file")
    header = tuple(name.strip() for name in lines[0])
    if header not in (SPECIES_HEADER, ONE_HOT_HEADER):
        raise ValueError(
            f"{path} line 1: expected the header {','.join(SPECIES_HEADER)!r} or "
            f"{','.join(ONE_HOT_HEADER)!r}, got {','.join(header)!r}"
        )
    if len(lines) == 1:
        raise ValueError(f"{path}: expected data rows after the header, got none")
    one_hot = header == ONE_HOT_HEADER
    X, Y = [], []
    for line_number, row in enumerate(lines[1:], start=2):
        where = f"{path} line {line_number}"
        if len(row) != len(header):
            raise ValueError(f"{where}: expected {len(header)} columns, got {len(row)}: {row}")
        X.append(
            [_number(where, name, text) for name, text in zip(FEATURE_NAMES, row[:4], strict=True)]
        )
        Y.append(_one_hot_row(where, row[4:]) if one_hot else _species_row(where, row[4]))
    return np.array(X), np.array(Y)


def _number(where, name, text):
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {name} expected a number, got {text!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"{where}: {name} expected a finite number, got {text!r}")
    return value


def _species_row(where, name):
    if name.strip() not in CLASS_NAMES:
        raise ValueError(f"{where}: species expected one of {CLASS_NAMES}, got {name!r}")
    return [1.0 if name.strip() == known else 0.0 for known in CLASS_NAMES]


def _one_hot_row(where, texts):
    if sorted(text.strip() for text in texts) != ["0", "0", "1"]:
        raise ValueError(
            f"{where}: expected a one-hot row (one 1 and two 0s) under "
            f"{','.join(CLASS_NAMES)}, got {','.join(texts)}"
        )
    return [float(text) for text in texts]
