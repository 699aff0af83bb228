"""The course installed as a normal (non-editable) wheel, as `pip install git+...` does in Colab.

The iris data travel inside the wheel: pyproject.toml maps the canonical data/ folder into the
package as helpers/data/ at build time (no second copy in the repository that could drift), and
helpers.data_path() looks there first. These tests build the wheel offline from a clean copy of
the checkout, install it into a fresh virtual environment outside the repository, and run every
notebook that loads data by name from a temporary folder that holds only that notebook, up to
the last cell that loads data: what only the wheel can show (helpers and the data found inside
it). The cells after it run the same helpers code, which the wheel carries byte for byte (a test
below), and nbval runs them in full; the Korean notebooks hold the same code as the English ones
(scripts/sync_korean.py --check), so running them here too would prove nothing new.

The fresh environment gets the wheel and nothing else of the course; the third-party packages
(NumPy, PyTorch, matplotlib, ipykernel) are borrowed from this environment through a .pth file.
Python adds such a path to sys.path without reading the .pth files inside it, so the editable
install of helpers in this environment cannot leak in, and a cell appended to each run proves it.
"""

import filecmp
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOK_DIR = ROOT / "notebooks"
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "artifacts",
    "_build",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
)
IGNORED_OUTPUT_MARK = "# NBVAL_IGNORE_OUTPUT"
PROBE = (
    "import sys\n"
    "import helpers\n"
    "print(helpers.__file__)\n"
    'print(helpers.data_path("iris.csv"))\n'
    "print(sys.executable)"
)
RUNNER = """
import sys

import nbformat
from nbclient import NotebookClient

notebook = nbformat.read(sys.argv[1], as_version=4)
notebook.cells.append(nbformat.v4.new_code_cell(sys.argv[2]))
NotebookClient(notebook, kernel_name="python3", timeout=600).execute()
sys.stdout.write(nbformat.writes(notebook))
"""


def _notebooks():
    paths = sorted(NOTEBOOK_DIR.rglob("*.ipynb"))
    return [p for p in paths if not {"_build", ".ipynb_checkpoints"} & set(p.parts)]


def _code_sources(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


# The student notebooks (notebooks/exercises/) load the same data as their lessons, and also
# need otter-grader, which this bare environment lacks: their lessons stand for them here. The
# Korean notebooks run the English ones' code: the English ones stand for them.
NOTEBOOKS_THAT_LOAD_DATA = [
    path
    for path in _notebooks()
    if not {"exercises", "ko"} & set(path.relative_to(NOTEBOOK_DIR).parts)
    and any("data_path(" in source for source in _code_sources(path))
]


def _up_to_the_last_data_cell(path):
    """The notebook at `path` (JSON), its cells cut after the last code cell that loads data."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    last = max(
        index
        for index, cell in enumerate(cells)
        if cell["cell_type"] == "code" and "data_path(" in "".join(cell["source"])
    )
    notebook["cells"] = cells[: last + 1]
    return notebook


def _run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel, built offline (no index, no build isolation) from a clean copy of the tree:
    building in the checkout would leave build/ and *.egg-info behind, and a stale build/lib
    could put files into the wheel that data/ no longer has."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--wheel-dir", str(work / "dist"), str(source)],
        cwd=work,
    )
    (built,) = (work / "dist").glob("*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_python(wheel, tmp_path_factory):
    """The python of a new virtual environment outside the repository with only the wheel
    installed; other packages come from this environment (see the module's docstring)."""
    work = tmp_path_factory.mktemp("fresh")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install"]
        + ["--no-deps", "--no-index", "--quiet", str(wheel)]
    )
    fresh_site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).strip()
    )
    borrowed = dict.fromkeys(sysconfig.get_path(key) for key in ("purelib", "platlib"))
    (fresh_site / "course_test_borrowed_packages.pth").write_text("\n".join(borrowed) + "\n")
    # The kernel the notebooks run in is this python, named explicitly: a `python3` kernel spec
    # in the user's or the system's Jupyter folders cannot take its place.
    kernel = work / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (the installed wheel)",
        "language": "python",
    }
    (kernel / "kernel.json").write_text(json.dumps(spec))
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(
        PYTHONNOUSERSITE="1",
        JUPYTER_PATH=str(work / "jupyter"),
        JUPYTER_DATA_DIR=str(work / "jupyter_data"),
    )
    return python, env


def test_the_wheel_carries_the_data_files_byte_for_byte(wheel):
    data_files = sorted(path.name for path in DATA.iterdir() if path.suffix == ".csv")
    assert "iris.csv" in data_files
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        packaged = sorted(
            name.removeprefix("helpers/data/") for name in names if name.endswith(".csv")
        )
        assert packaged == data_files, "every data/*.csv, and only those, as helpers/data/*.csv"
        for name in [*data_files, "README.md"]:  # the README: provenance, licence, checksums
            assert archive.read(f"helpers/data/{name}") == (DATA / name).read_bytes(), name
    top_level = {name.split("/")[0] for name in names}
    assert {name for name in top_level if not name.endswith(".dist-info")} == {"helpers"}


def test_the_wheel_carries_the_helpers_code_byte_for_byte(wheel):
    """So the notebooks' cells after their data are loaded compute on the wheel exactly what
    they compute under nbval, from the checkout: the wheel tests need not run them again."""
    sources = sorted(path.name for path in (ROOT / "helpers").glob("*.py"))
    with zipfile.ZipFile(wheel) as archive:
        packaged = sorted(
            name.removeprefix("helpers/")
            for name in archive.namelist()
            if name.startswith("helpers/") and name.count("/") == 1 and name.endswith(".py")
        )
        assert packaged == sources
        for name in sources:
            assert archive.read(f"helpers/{name}") == (ROOT / "helpers" / name).read_bytes(), name


def test_only_the_english_notebooks_run_on_the_wheel_and_each_up_to_its_data():
    names = [path.relative_to(NOTEBOOK_DIR).as_posix() for path in NOTEBOOKS_THAT_LOAD_DATA]
    assert "01_data_definition.ipynb" in names and not [n for n in names if "/" in n], names
    for path in NOTEBOOKS_THAT_LOAD_DATA:
        kept = _up_to_the_last_data_cell(path)["cells"]
        cut = json.loads(path.read_text(encoding="utf-8"))["cells"][len(kept) :]
        assert "data_path(" in "".join(kept[-1]["source"]), path.name
        assert not [c for c in cut if "data_path(" in "".join(c["source"])], path.name


def test_in_the_checkout_the_data_are_the_top_level_data_folder():
    import helpers

    assert helpers.DATA_DIR == DATA
    assert not (ROOT / "helpers" / "data").exists(), "helpers/data/ exists only inside a wheel"
    assert filecmp.cmp(helpers.data_path("iris.csv"), DATA / "iris.csv", shallow=False)


def test_the_installed_wheel_finds_its_data_outside_the_repository(fresh_python, tmp_path):
    python, env = fresh_python
    lines = _run([str(python), "-c", PROBE], cwd=tmp_path, env=env).splitlines()
    helpers_file, iris, _ = map(Path, lines)
    venv = python.parent.parent
    assert venv in helpers_file.parents, f"helpers imported from {helpers_file}, not the wheel"
    assert venv in iris.parents and iris.read_bytes() == (DATA / "iris.csv").read_bytes()


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def _comparable(outputs):
    """Stored and fresh outputs side by side: text only (images differ by renderer), and
    consecutive prints to one stream merged (as scripts/refresh_notebooks.py stores them)."""
    shown = []
    for output in outputs:
        if output["output_type"] == "stream":
            text = _text(output["text"])
            if shown and isinstance(shown[-1], tuple) and shown[-1][0] == output["name"]:
                shown[-1] = (output["name"], shown[-1][1] + text)
            else:
                shown.append((output["name"], text))
        elif output["output_type"] in ("execute_result", "display_data"):
            data = output["data"]
            shown.append({key: _text(data[key]) for key in data if not key.startswith("image/")})
        else:
            shown.append((output["output_type"], output.get("ename"), output.get("evalue")))
    return shown


@pytest.mark.skipif(not NOTEBOOKS_THAT_LOAD_DATA, reason="no notebook calls helpers.data_path")
@pytest.mark.parametrize(
    "path", NOTEBOOKS_THAT_LOAD_DATA, ids=lambda p: p.relative_to(NOTEBOOK_DIR).as_posix()
)
def test_a_notebook_that_loads_data_runs_on_the_installed_wheel(fresh_python, path, tmp_path):
    python, env = fresh_python
    alone = tmp_path / "alone"
    alone.mkdir()
    notebook = _up_to_the_last_data_cell(path)
    (alone / path.name).write_text(json.dumps(notebook), encoding="utf-8")
    runner = tmp_path / "run_notebook.py"
    runner.write_text(RUNNER)
    executed = json.loads(_run([str(python), str(runner), path.name, PROBE], cwd=alone, env=env))
    # stdout only: a fresh environment's first matplotlib import may say on stderr that it is
    # building its font cache.
    (printed,) = [o for o in executed["cells"][-1]["outputs"] if o.get("name") == "stdout"]
    probe = "".join(printed["text"]).splitlines()
    helpers_file, iris, kernel_python = map(Path, probe)
    venv = python.parent.parent
    assert venv in helpers_file.parents, f"the kernel imported helpers from {helpers_file}"
    assert venv in iris.parents and kernel_python == python
    stored = notebook["cells"]
    fresh = executed["cells"][:-1]
    assert len(fresh) == len(stored)
    for index, (old, new) in enumerate(zip(stored, fresh, strict=True)):
        if old["cell_type"] != "code" or IGNORED_OUTPUT_MARK in "".join(old["source"]):
            continue
        assert _comparable(new["outputs"]) == _comparable(old["outputs"]), f"cell {index}"
