"""Loading the iris CSV files shipped in data/ as X (N, 4) and one-hot Y (N, 3)."""

import csv
import re
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
    The file is UTF-8 (a byte-order mark, as spreadsheet programs write, is allowed) and is
    read line by line, so a bad line is reported as soon as it is read. A number is written
    with ASCII digits: an optional sign, digits with an optional point, an optional exponent.
    Raises ValueError naming the path (and the line, where one is at fault) for a missing or
    empty file, bytes that are not UTF-8, another header, a wrong number of columns, a value
    that is not a finite number (empty, `5_1`, full-width digits, nan), an unknown or empty
    species, or a one-hot row that is not one 1 and two 0s.
    """
    path = _existing_file(path)
    X, Y = [], []
    with path.open("rb") as file:
        rows = csv.reader(_utf8_lines(path, file))
        try:
            header = _header(path, rows)
            for row in rows:
                x, y = _data_row(f"{path} line {rows.line_num}", row, header)
                X.append(x)
                Y.append(y)
        except csv.Error as error:
            raise ValueError(f"{path} line {rows.line_num}: expected CSV, got {error}") from None
    if not X:
        raise ValueError(f"{path}: expected data rows after the header, got none")
    return np.array(X), np.array(Y)


def _data_row(where, row, header):
    """One row of text -> (4 measurements, 3 one-hot numbers); `where` is "path line n"."""
    if len(row) != len(header):
        raise ValueError(f"{where}: expected {len(header)} columns, got {len(row)}: {row}")
    x = [_number(where, FEATURE_NAMES[i], row[i]) for i in range(4)]
    y = _one_hot_row(where, row[4:]) if header == ONE_HOT_HEADER else _species_row(where, row[4])
    return x, y


def _existing_file(path):
    try:
        path = Path(path)
    except TypeError:
        raise ValueError(f"path: expected a file path (str or Path), got {path!r:.60}") from None
    if not path.exists() or path.is_dir():
        raise ValueError(f"path: expected an existing iris CSV file, got {str(path)!r}")
    return path


def _utf8_lines(path, file):
    """Decode the lines of a binary file one at a time; a UTF-8 BOM on line 1 is dropped."""
    for line_number, line in enumerate(file, start=1):
        try:
            yield line.decode("utf-8-sig" if line_number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(
                f"{path} line {line_number}: expected UTF-8 text, got the byte "
                f"{line[error.start : error.start + 1]!r} at byte {error.start + 1} of the line"
            ) from None


def _header(path, rows):
    first = next(rows, None)
    if first is None:
        raise ValueError(f"{path}: expected a header and data rows, got an empty file")
    header = tuple(name.strip() for name in first)
    if header not in (SPECIES_HEADER, ONE_HOT_HEADER):
        raise ValueError(
            f"{path} line 1: expected the header {','.join(SPECIES_HEADER)!r} or "
            f"{','.join(ONE_HOT_HEADER)!r}, got {','.join(header)!r}"
        )
    return header


# A plain decimal number in ASCII: float() alone would also take 5_1, full-width digits, nan.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)  # what float() takes


def _number(where, name, text):
    if not _DECIMAL.fullmatch(text.strip()):
        if _NOT_FINITE.fullmatch(text.strip()):
            raise ValueError(f"{where}: {name} expected a finite number, got {text!r}")
        raise ValueError(f"{where}: {name} expected a number, got {text!r}")
    value = float(text)
    if not np.isfinite(value):  # 1e999
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
