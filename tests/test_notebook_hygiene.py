"""The stored notebooks, read as JSON (no kernel): executed in order, clean, and linked."""

import json
import re

import pytest
from editions import (
    ALL_STEP_NOTEBOOKS,
    EDITIONS,
    SUMMARY_HEADING,
    edition_of,
    notebook_name,
    step_notebooks,
)

MACHINE_PATH = re.compile(r"(/home/|/root/|/tmp/|C:\\\\Users|C:\\Users)")


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _code_cells(notebook):
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_there_are_notebooks(edition):
    assert step_notebooks(edition), f"no notebooks in {EDITIONS[edition]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_notebooks_are_numbered_without_gaps(edition):
    names = sorted(path.name for path in EDITIONS[edition].glob("*.ipynb"))
    for name in names:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", name), f"{name}: expected NN_name.ipynb"
    numbers = [int(name[:2]) for name in names]
    assert numbers == list(range(1, len(names) + 1)), names


@pytest.mark.parametrize("path", ALL_STEP_NOTEBOOKS, ids=notebook_name)
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
        siblings = step_notebooks(edition_of(path))  # the same edition's notebooks
        position = siblings.index(path)
        if position > 0:
            assert f"({siblings[position - 1].name})" in first, "no link to the previous one"
        if position + 1 < len(siblings):
            assert f"({siblings[position + 1].name})" in first, "no link to the next one"

    def test_ends_with_a_summary(self, path):
        last_markdown = [c for c in _load(path)["cells"] if c["cell_type"] == "markdown"][-1]
        heading = SUMMARY_HEADING[edition_of(path)]
        assert heading in "".join(last_markdown["source"]), f"no {heading!r} at the end"

    def test_plotting_cells_end_with_plt_show(self, path):
        for cell in _code_cells(_load(path)):
            source = "".join(cell["source"]).strip()
            if "plt.subplots" in source or "plt.figure" in source:
                assert source.endswith("plt.show()"), source[-80:]


def _short_title(path):
    """A notebook's title without "# " and cut at the first colon: "3. Loss", "3. 오차(loss)"."""
    first_line = "".join(_load(path)["cells"][0]["source"]).split("\n", 1)[0]
    return first_line.removeprefix("# ").split(":", 1)[0].strip()


@pytest.mark.parametrize("path", ALL_STEP_NOTEBOOKS, ids=notebook_name)
def test_a_numbered_link_to_another_notebook_uses_its_title(path):
    """`[3. Loss](03_loss.ipynb)`: the same words as the title of the notebook it opens, in
    either edition, so that a learner recognises where a link leads."""
    wrong = []
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        links = re.findall(r"\[([^\]]+)\]\((\d\d_[a-z0-9_]+\.ipynb)\)", "".join(cell["source"]))
        for text, target in links:
            text = " ".join(text.split())
            expected = _short_title(path.parent / target)
            if re.match(r"\d+\. ", text) and text != expected:
                wrong.append(f"[{text}]({target}): expected [{expected}]")
    assert not wrong, "\n".join(wrong)


# One sitting: a notebook's prose (markdown without math, code, link targets and comments) stays
# under this many words. English words only: the Korean edition follows the English cell by cell.
MAX_PROSE_WORDS = 1500
_NOT_PROSE = re.compile(
    r"<!--.*?-->|\$\$.*?\$\$|\$[^$\n]*\$|```.*?```|`[^`\n]*`|\]\([^)]*\)", re.DOTALL
)


def prose_words(notebook):
    """How many words of prose the notebook's markdown cells hold."""
    return sum(
        len(_NOT_PROSE.sub(" ", "".join(cell["source"])).split())
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
    )


def test_prose_words_counts_words_outside_math_code_and_comments():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["Two words $a + b$ `code x` <!-- tag: x -->"]},
            {"cell_type": "markdown", "source": ["[three more](link/target.ipynb) words\n"]},
            {"cell_type": "code", "source": ["not prose at all"]},
        ]
    }
    assert prose_words(notebook) == 5


@pytest.mark.parametrize("path", step_notebooks("en"), ids=notebook_name)
def test_a_notebook_is_one_sitting(path):
    words = prose_words(_load(path))
    assert words <= MAX_PROSE_WORDS, (
        f"{path.name} has {words} words of prose, more than one sitting ({MAX_PROSE_WORDS}): "
        "split it where the idea changes"
    )
