"""The course's two editions, English (notebooks/) and Korean (notebooks/ko/): where their step
notebooks are, for the tests that read every notebook of both, and what a page of the Korean
site may show in English."""

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

# What a reader is shown besides an element's text: a tooltip (the theme's, Bootstrap's,
# sphinx-copybutton's), a label a screen reader says, a placeholder, an alternative text.
SHOWN_ATTRIBUTES = (
    "title", "aria-label", "aria-description", "placeholder", "alt", "data-bs-title",
    "data-tooltip",
)  # fmt: skip
# What a Korean page may show in Latin letters: names (of the libraries, services, licenses and
# files), file types and keys; is_english() sets them aside before it looks for English words.
NAMES = re.compile(
    r"\b(?:NumPy|PyTorch|Python|JupyterLab|Jupyter|Binder|Colab|GitHub|MathJax|Ctrl|PDF"
    r"|MIT License|CC BY \d\.\d|CITATION\.cff)\b|\S*\.(?:ipynb|md|pdf)\b|\S+\.com/\S*"
)


def is_english(text):
    """Whether a string a page shows is English: a Latin word in it and no Hangul, names aside."""
    return not HANGUL.search(text) and re.search(r"[A-Za-z]{2,}", NAMES.sub(" ", text)) is not None
