"""The stored notebooks, read as JSON (no kernel): executed in order, clean, and linked."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
MACHINE_PATH = re.compile(r"(/home/|/root/|/tmp/|C:\\\\Users|C:\\Users)")


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _code_cells(notebook):
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


def test_notebooks_are_numbered_without_gaps():
    names = [path.name for path in NOTEBOOKS]
    for name in names:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", name), f"{name}: expected NN_name.ipynb"
    numbers = [int(name[:2]) for name in names]
    assert numbers == list(range(1, len(names) + 1)), names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
class TestStoredNotebook:
    def test_every_code_cell_was_executed_in_order(self, path):
        counts = [cell["execution_count"] for cell in _code_cells(_load(path))]
        assert counts == list(range(1, len(counts) + 1)), (
            f"execution counts {counts}: run `python scripts/refresh_notebooks.py`"
        )

    def test_no_error_or_stderr_output(self, path):
        for index, cell in enumerate(_load(path)["cells"]):
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error", f"cell {index}: {output.get('ename')}"
                assert output.get("name") != "stderr", f"cell {index}: {output.get('text')}"

    def test_cells_with_ignored_output_are_stored_without_it(self, path):
        for cell in _code_cells(_load(path)):
            if "# NBVAL_IGNORE_OUTPUT" in "".join(cell["source"]):
                assert cell["outputs"] == [], "a timing output was stored: refresh the notebook"

    def test_kernelspec_is_python3(self, path):
        assert _load(path)["metadata"]["kernelspec"]["name"] == "python3"

    def test_no_machine_paths_in_outputs(self, path):
        for index, cell in enumerate(_load(path)["cells"]):
            for output in cell.get("outputs", []):
                text = json.dumps(output)
                assert not MACHINE_PATH.search(text), f"cell {index} shows a machine path"

    def test_no_volatile_metadata(self, path):
        notebook = _load(path)
        assert "version" not in notebook["metadata"].get("language_info", {})
        for cell in notebook["cells"]:
            assert "execution" not in cell["metadata"], "cell timings: use the refresh command"
            assert "lines_to_next_cell" not in cell["metadata"], "jupytext metadata: refresh"

    def test_consecutive_stream_outputs_are_merged(self, path):
        """One print is stored as one stream output, however the kernel happened to flush it:
        otherwise a refresh can split an output in two and leave git dirty."""
        for index, cell in enumerate(_code_cells(_load(path))):
            outputs = cell["outputs"]
            for before, after in zip(outputs, outputs[1:], strict=False):
                split = before["output_type"] == after["output_type"] == "stream" and (
                    before["name"] == after["name"]
                )
                assert not split, f"code cell {index}: a split stream output; refresh it"

    def test_helpers_come_from_the_installed_package(self, path):
        for cell in _code_cells(_load(path)):
            source = "".join(cell["source"])
            assert "sys.path" not in source and "chdir" not in source

    def test_opens_with_a_title_and_links_to_its_neighbours(self, path):
        cells = _load(path)["cells"]
        first = "".join(cells[0]["source"])
        assert cells[0]["cell_type"] == "markdown" and first.startswith("# "), path.name
        position = NOTEBOOKS.index(path)
        if position > 0:
            assert f"({NOTEBOOKS[position - 1].name})" in first, "no link to the previous one"
        if position + 1 < len(NOTEBOOKS):
            assert f"({NOTEBOOKS[position + 1].name})" in first, "no link to the next one"

    def test_ends_with_a_summary(self, path):
        last_markdown = [c for c in _load(path)["cells"] if c["cell_type"] == "markdown"][-1]
        assert "## Summary" in "".join(last_markdown["source"])

    def test_plotting_cells_end_with_plt_show(self, path):
        for cell in _code_cells(_load(path)):
            source = "".join(cell["source"]).strip()
            if "plt.subplots" in source or "plt.figure" in source:
                assert source.endswith("plt.show()"), source[-80:]
