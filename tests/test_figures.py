"""The stored figures are checked: a swapped or blank plot fails, an unchanged one passes."""

import base64
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from nbval_figures import figure_differences

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _figures(path):
    """[(cell index, output index, base64 PNG)] of a stored notebook."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        (cell_index, output_index, output["data"]["image/png"])
        for cell_index, cell in enumerate(cells)
        if cell["cell_type"] == "code"
        for output_index, output in enumerate(cell["outputs"])
        if "image/png" in output.get("data", {})
    ]


WITH_FIGURES = [path for path in NOTEBOOKS if _figures(path)]


def _blank_like(png_base64):
    """A white PNG of the same size as the given one."""
    import matplotlib.image

    height, width = matplotlib.image.imread(io.BytesIO(base64.b64decode(png_base64))).shape[:2]
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _outputs(*pngs):
    return [{"output_type": "display_data", "data": {"image/png": png}} for png in pngs]


def test_some_notebooks_store_figures():
    assert len(WITH_FIGURES) >= 2, [path.name for path in WITH_FIGURES]


@pytest.mark.parametrize("path", WITH_FIGURES, ids=lambda p: p.name)
def test_a_stored_figure_matches_itself_and_nothing_else(path):
    own = _figures(path)[0][2]
    other = next(_figures(p)[0][2] for p in WITH_FIGURES if p != path)
    assert figure_differences(_outputs(own), _outputs(own)) == []
    assert figure_differences(_outputs(own), _outputs(other)), "another plot passed"
    assert figure_differences(_outputs(own), _outputs(_blank_like(own))), "a blank image passed"
    assert figure_differences(_outputs(own), _outputs()) == ["0 figure(s) drawn, 1 stored"]


def _run_nbval(notebook):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.nbval_figures",
            "--nbval",
            "--nbval-current-env",
            "-q",
            str(notebook),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_nbval_fails_a_notebook_whose_stored_figure_was_swapped(tmp_path):
    """End to end: the smallest notebook with a figure, its plot replaced by another
    notebook's plot, fails under nbval with this project's plugin, naming the figure."""
    path = min(WITH_FIGURES, key=lambda p: p.stat().st_size)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell_index, output_index, own = _figures(path)[0]
    other = next(_figures(p)[0][2] for p in WITH_FIGURES if p != path)
    notebook["cells"][cell_index]["outputs"][output_index]["data"]["image/png"] = other
    swapped = tmp_path / path.name
    swapped.write_text(json.dumps(notebook), encoding="utf-8")
    result = _run_nbval(swapped)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "figure 1 differs from the stored one" in result.stdout, result.stdout[-2000:]
