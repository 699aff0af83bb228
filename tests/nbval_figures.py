"""A pytest plugin that adds figures to nbval's comparison.

nbval compares a cell's text outputs with the stored ones but skips images, so a stored plot
could be swapped for another one (or a blank image) and every test would still pass. This
plugin runs after nbval has executed a cell: each PNG the fresh kernel drew is compared with
the PNG stored in the notebook, in order, by matplotlib's own `compare_images` (root mean square
of the pixel difference, on a 0-255 scale). A missing, extra, resized or changed figure fails
the cell. Notebooks draw with matplotlib's bundled DejaVu fonts at fixed figure sizes, so a
fresh render on another machine with the pinned matplotlib gives the same pixels.

Loaded by the root conftest.py (`pytest_plugins`); a test can load it with
`-p tests.nbval_figures`.
"""

import base64
import tempfile
from pathlib import Path

import pytest

# RMS on a 0-255 scale: 0 for identical pixels; a different plot or a blank image is far above.
FIGURE_TOLERANCE = 1.0


def _pngs(outputs):
    """The base64 PNG payloads of a cell's outputs, in order."""
    found = []
    for output in outputs:
        data = output.get("data", {}) if hasattr(output, "get") else {}
        if "image/png" in data:
            found.append(data["image/png"])
    return found


def figure_differences(stored_outputs, fresh_outputs, tolerance=FIGURE_TOLERANCE):
    """Compare the PNGs of two output lists; return a list of problems (empty when they agree)."""
    from matplotlib.testing.compare import compare_images

    stored, fresh = _pngs(stored_outputs), _pngs(fresh_outputs)
    if len(stored) != len(fresh):
        return [f"{len(fresh)} figure(s) drawn, {len(stored)} stored"]
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        for number, (old, new) in enumerate(zip(stored, fresh, strict=True), start=1):
            expected = Path(folder, f"stored_{number}.png")
            actual = Path(folder, f"fresh_{number}.png")
            expected.write_bytes(base64.b64decode(old))
            actual.write_bytes(base64.b64decode(new))
            try:
                result = compare_images(str(expected), str(actual), tol=tolerance)
            except Exception as error:  # e.g. a different image size
                result = str(error)
            if result is not None:
                problems.append(f"figure {number} differs from the stored one: {result}")
    return problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    cell = getattr(item, "cell", None)
    fresh = getattr(item, "test_outputs", None)
    if cell is None or fresh is None or not item.options.get("check", True):
        return result
    problems = figure_differences(cell.outputs, fresh)
    if problems:
        pytest.fail(f"{item.name}: " + "; ".join(problems), pytrace=False)
    return result
