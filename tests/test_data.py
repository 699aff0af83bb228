"""The shipped iris files and their loader."""

import csv
import hashlib
import os
import re
import threading

import numpy as np
import pytest

import helpers as h

TRAINING_ROWS = [*range(0, 10), *range(50, 60), *range(100, 110)]  # rows 1-10, 51-60, 101-110


def _documented_checksums():
    readme = (h.DATA_DIR / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"\| `([\w.]+\.csv)` \| `([0-9a-f]{64})` \|", readme))


def test_checksums_match_the_data_readme():
    checksums = _documented_checksums()
    assert set(checksums) == {"iris.csv", "iris_tiny_onehot.csv"}
    for name, expected in checksums.items():
        assert hashlib.sha256(h.data_path(name).read_bytes()).hexdigest() == expected, name


def test_full_file_has_150_rows_50_per_species_in_the_standard_order():
    X, Y = h.load_iris_csv(h.data_path("iris.csv"))
    assert X.shape == (150, 4) and Y.shape == (150, 3)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    np.testing.assert_array_equal(Y.argmax(axis=1), np.repeat([0, 1, 2], 50))
    # Fisher's first flower of each species, as printed in every copy of the data
    np.testing.assert_array_equal(
        X[[0, 50, 100]], [[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4], [6.3, 3.3, 6.0, 2.5]]
    )
    # the well-known column means (cm): 5.843, 3.057, 3.758, 1.199
    np.testing.assert_allclose(X.mean(axis=0), [5.8433, 3.0573, 3.758, 1.1993], atol=5e-5)


def test_tiny_file_is_rows_1_10_51_60_101_110_of_the_full_file():
    X_all, Y_all = h.load_iris_csv(h.data_path("iris.csv"))
    X, Y = h.load_iris_csv(h.data_path("iris_tiny_onehot.csv"))
    np.testing.assert_array_equal(X, X_all[TRAINING_ROWS])
    np.testing.assert_array_equal(Y, Y_all[TRAINING_ROWS])
    with h.data_path("iris_tiny_onehot.csv").open() as file, h.data_path("iris.csv").open() as full:
        tiny_rows, full_rows = list(csv.reader(file))[1:], list(csv.reader(full))[1:]
    assert [row[:4] for row in tiny_rows] == [full_rows[i][:4] for i in TRAINING_ROWS]


HEADER = "sepal_length,sepal_width,petal_length,petal_width,species\n"
ONE_HOT = "sepal_length,sepal_width,petal_length,petal_width,setosa,versicolor,virginica\n"


def _assert_refused(tmp_path, text, message):
    """Loading a file holding `text` raises a ValueError that starts with the path and says
    `message`."""
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        h.load_iris_csv(path)
    assert str(error.value).startswith(str(path)), str(error.value)
    assert message in str(error.value), str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected a header and data rows, got an empty file"),
        (HEADER, "expected data rows after the header, got none"),
        ("a,b,c,d,e\n5.1,3.5,1.4,0.2,setosa\n", "line 1: expected the header"),
        (HEADER + "5.1,3.5,1.4,setosa\n", "line 2: expected 5 columns, got 4"),
        (
            HEADER + "5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,setosa,x\n",
            "line 3: expected 5 columns, got 6",
        ),
        (HEADER + "5.1,3.5,abc,0.2,setosa\n", "line 2: petal_length expected a number, got 'abc'"),
        (HEADER + "5.1,3.5,nan,0.2,setosa\n", "line 2: petal_length expected a finite number"),
        (
            HEADER + "5.1,3.5,1.4,0.2,setosa\n5.1,3.5,1.4,0.2,rose\n",
            "line 3: species expected one of ('setosa', 'versicolor', 'virginica'), got 'rose'",
        ),
        (ONE_HOT + "5.1,3.5,1.4,0.2,1,0,1\n", "line 2: expected a one-hot row"),
        (
            ONE_HOT + "5.1,3.5,1.4,0.2,1,0,0\n5.1,3.5,1.4,0.2,0,0,0\n",
            "line 3: expected a one-hot row",
        ),
        (ONE_HOT + "5.1,3.5,1.4,0.2,0.5,0.5,0\n", "line 2: expected a one-hot row"),
        (ONE_HOT + "5.1,3.5,1.4,0.2,1,0\n", "line 2: expected 7 columns, got 6"),
    ],
)
def test_bad_files_raise_a_clear_value_error(tmp_path, text, message):
    _assert_refused(tmp_path, text, message)


def test_a_missing_file_names_its_path(tmp_path):
    missing = tmp_path / "no_such.csv"
    with pytest.raises(ValueError, match="path: expected an existing iris CSV file") as error:
        h.load_iris_csv(missing)
    assert str(missing) in str(error.value)


def test_both_layouts_give_the_same_arrays(tmp_path):
    species = tmp_path / "species.csv"
    species.write_text(HEADER + "5.1,3.5,1.4,0.2,setosa\n6.3,3.3,6.0,2.5,virginica\n")
    one_hot = tmp_path / "one_hot.csv"
    one_hot.write_text(ONE_HOT + "5.1,3.5,1.4,0.2,1,0,0\n6.3,3.3,6.0,2.5,0,0,1\n")
    for a, b in zip(h.load_iris_csv(species), h.load_iris_csv(one_hot), strict=True):
        np.testing.assert_array_equal(a, b)


# --- issue 9: what the loader used to let through, or report badly ---


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + "5.1,,1.4,0.2,setosa\n", "line 2: sepal_width expected a number, got ''"),
        (HEADER + "5_1,3.5,1.4,0.2,setosa\n", "line 2: sepal_length expected a number, got '5_1'"),
        (
            HEADER + "5.1,3.5,1.4,\uff10.\uff12,setosa\n",  # full-width 0.2
            "line 2: petal_width expected a number, got '\uff10.\uff12'",
        ),
        (HEADER + "5.1,3.5,1.4,\u0660,setosa\n", "line 2: petal_width expected a number"),
        (HEADER + "5.1,3.5,1.4,0x1,setosa\n", "line 2: petal_width expected a number"),
        (HEADER + "5.1,3.5,1.4,1e999,setosa\n", "line 2: petal_width expected a finite number"),
        (HEADER + "5.1,3.5,-inf,0.2,setosa\n", "line 2: petal_length expected a finite number"),
        (HEADER + "5.1,3.5,1.4,0.2,\n", "line 2: species expected one of"),
        (HEADER + "5.1,3.5,1.4,0.2,  \n", "line 2: species expected one of"),
        (ONE_HOT + "5.1,3.5,1.4,0.2,1,0,2\n", "line 2: expected a one-hot row"),
        (ONE_HOT + "5.1,3.5,1.4,0.2,1,0,\n", "line 2: expected a one-hot row"),
        (ONE_HOT + "5.1,3.5,1.4,0.2,1.0,0,0\n", "line 2: expected a one-hot row"),
        (HEADER + "5.1,3.5,1.4,0.2,setosa\n\n", "line 3: expected 5 columns, got 0"),
        (HEADER + '5.1,3.5,1.4,0.2,"set\nosa"\n', "line 3: species expected one of"),
    ],
)
def test_values_a_plain_float_call_would_accept_are_refused(tmp_path, text, message):
    _assert_refused(tmp_path, text, message)


def test_signs_exponents_and_spaces_are_plain_numbers(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + " 5.1 ,+3.5,14e-1,.2, setosa\n6.,3.3E0,6.0,2.5,virginica\n")
    X, Y = h.load_iris_csv(path)
    np.testing.assert_array_equal(X, [[5.1, 3.5, 1.4, 0.2], [6.0, 3.3, 6.0, 2.5]])
    np.testing.assert_array_equal(Y, [[1, 0, 0], [0, 0, 1]])


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    """Spreadsheet programs write one; the header after it is the usual one."""
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "5.1,3.5,1.4,0.2,setosa\n").encode())
    X, Y = h.load_iris_csv(path)
    np.testing.assert_array_equal(X, [[5.1, 3.5, 1.4, 0.2]])
    np.testing.assert_array_equal(Y, [[1, 0, 0]])


def test_a_byte_order_mark_after_line_1_is_an_error(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes((HEADER + "\ufeff5.1,3.5,1.4,0.2,setosa\n").encode())
    with pytest.raises(ValueError, match="line 2: sepal_length expected a number"):
        h.load_iris_csv(path)


def test_bytes_that_are_not_utf8_name_the_path_and_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (HEADER + "5.1,3.5,1.4,0.2,setosa\n").encode() + b"5.1,3.5,1.4,0.2,s\xe9tosa\n"
    )
    with pytest.raises(ValueError) as error:
        h.load_iris_csv(path)
    assert str(error.value) == (
        f"{path} line 3: expected UTF-8 text, got the byte b'\\xe9' at byte 18 of the line"
    )


def test_the_first_bad_line_is_reported_not_a_later_one(tmp_path):
    """Line 3 is bad and the last line is not UTF-8: a reader that decodes the whole file
    before it looks at the rows reports the wrong problem."""
    rows = "".join("5.1,3.5,1.4,0.2,setosa\n" for _ in range(1000))
    path = tmp_path / "late.csv"
    path.write_bytes(
        (HEADER + "5.1,3.5,1.4,0.2,setosa\n5.1,x,1.4,0.2,setosa\n" + rows).encode() + b"\xff\n"
    )
    with pytest.raises(ValueError, match="line 3: sepal_width expected a number, got 'x'"):
        h.load_iris_csv(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe (POSIX)")
def test_a_bad_line_is_reported_before_the_end_of_the_file_is_read(tmp_path):
    """The file is a pipe whose writer has sent a header and a bad line and keeps it open:
    a loader that reads the whole file first would wait for the end; a streaming one stops
    at line 2. (The writer's wait has a bound only so that a wrong loader fails instead of
    hanging; with the right one the verdict comes from what was read, not from a clock.)"""
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    loader_done = threading.Event()
    end_of_file_sent = []

    def writer():
        try:
            with open(pipe, "w", encoding="utf-8") as file:  # waits for a reader
                file.write(HEADER + "5.1,3.5,abc,0.2,setosa\n")
                file.flush()
                end_of_file_sent.append(not loader_done.wait(timeout=60))
        except BrokenPipeError:  # the reader left before the writer was done
            pass

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        with pytest.raises(ValueError, match="line 2: petal_length expected a number"):
            h.load_iris_csv(pipe)
    finally:
        loader_done.set()
        if not end_of_file_sent:  # a loader that never opened the pipe: free the writer
            os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
        thread.join()
    assert end_of_file_sent == [False]


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(ValueError, match="path: expected an existing iris CSV file"):
        h.load_iris_csv(tmp_path)
