"""The course's two editions, English (notebooks/) and Korean (notebooks/ko/): where their step
notebooks are, for the tests that read every notebook of both."""

import re
from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
EDITIONS = {"en": NOTEBOOK_DIR, "ko": NOTEBOOK_DIR / "ko"}
# A Hangul syllable: Korean text as a page or a cell shows it.
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# The heading of each notebook's closing summary, in each edition.
SUMMARY_HEADING = {"en": "## Summary", "ko": "## 정리"}


def step_notebooks(edition):
    """The edition's step notebooks, NN_name.ipynb, in order."""
    return sorted(EDITIONS[edition].glob("[0-9][0-9]_*.ipynb"))


def edition_of(path):
    """ "ko" for a notebook under notebooks/ko/, else "en"."""
    return "ko" if "ko" in path.relative_to(NOTEBOOK_DIR).parts else "en"


def notebook_name(path):
    """The notebook's path below notebooks/, e.g. "ko/02_forward.ipynb": the test ids."""
    return path.relative_to(NOTEBOOK_DIR).as_posix()


ALL_STEP_NOTEBOOKS = [path for edition in EDITIONS for path in step_notebooks(edition)]
