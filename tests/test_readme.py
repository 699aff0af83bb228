"""The README points at what exists: every notebook is in its map, every link resolves, and
every "first explained in" heading of the prerequisites starts a heading of that notebook."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _headings(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return {line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")}


def test_every_notebook_is_in_the_map():
    for path in NOTEBOOKS:
        assert f"[{path.stem}](notebooks/{path.name})" in README, f"{path.name} is not in the map"


def test_every_local_link_resolves():
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README):
        if "://" in target:
            continue
        assert (ROOT / target).exists(), f"README links to {target}, which does not exist"


def test_prerequisite_sections_exist():
    rows = re.findall(r"\[\w+\]\(notebooks/(\w+\.ipynb)\), \"([^\"]+)\"", README)
    assert rows, "no prerequisite rows found"
    for name, heading in rows:
        headings = _headings(ROOT / "notebooks" / name)
        assert any(h.startswith(heading) for h in headings), f"{name} has no '{heading}'"
