"""Re-execute notebooks in place and store their outputs: the ONLY way outputs are made.

    python scripts/refresh_notebooks.py                      # every notebook, both editions
    python scripts/refresh_notebooks.py notebooks/03_loss.ipynb

Each notebook runs top to bottom in a fresh `python3` kernel whose working directory is the
notebook's folder (as in JupyterLab and under nbval). Volatile metadata (cell timings, the
exact Python version, jupytext's layout hints) is stripped, consecutive stream outputs are
merged into one, and cells marked `# NBVAL_IGNORE_OUTPUT` (timings, which
differ on every run) are stored without output, so running this twice leaves `git status`
clean.
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
IGNORED_OUTPUT_MARK = "# NBVAL_IGNORE_OUTPUT"
# Cell metadata that editors and converters add and that says nothing about the lesson.
VOLATILE_CELL_METADATA = ("execution", "lines_to_next_cell")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def refresh(path):
    """Execute the notebook at `path` in a fresh kernel and write it back, outputs included."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = KERNELSPEC
    NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    # A print can reach the notebook as one stream output or as several, depending on when
    # the kernel flushed: merge consecutive ones so that the stored form is always the same.
    notebook, _ = CoalesceStreamsPreprocessor().preprocess(notebook, {})
    for cell in notebook.cells:
        for key in VOLATILE_CELL_METADATA:  # cell timings; jupytext's layout hints
            cell.metadata.pop(key, None)
        if cell.cell_type == "code" and IGNORED_OUTPUT_MARK in cell.source:
            cell.outputs = []  # a timing: different on every run, so not stored
    notebook.metadata.get("language_info", {}).pop("version", None)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to refresh (default: notebooks/*.ipynb and notebooks/ko/*.ipynb)",
    )
    paths = parser.parse_args(argv).notebooks or [
        *sorted(NOTEBOOKS.glob("*.ipynb")),
        *sorted((NOTEBOOKS / "ko").glob("*.ipynb")),  # the Korean edition
    ]
    if not paths:
        parser.error(f"no notebooks found in {NOTEBOOKS}")
    for path in paths:
        print(f"refreshing {path.parent.name}/{path.name} ...", flush=True)
        refresh(path.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
