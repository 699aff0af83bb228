"""A font with Hangul for the figures, so the Korean edition's plot labels render.

matplotlib's default font, DejaVu Sans, has no Hangul. NanumGothic comes with the PyPI
package koreanize-matplotlib (pinned in requirements.txt); only its font file is used.
"""

import importlib.util
from pathlib import Path

FONT_PACKAGE = "koreanize_matplotlib"
FONT_NAME = "NanumGothic"
FIRST_FONT = "DejaVu Sans"


def korean_font_path():
    """The path of NanumGothic.ttf inside the installed koreanize-matplotlib.

    The package is located without importing it: importing it would change matplotlib's
    settings (it makes NanumGothic the first font) and warns under Python 3.12+."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "the Korean figures need the font in the package koreanize-matplotlib: "
            "python -m pip install -r requirements.txt (or koreanize-matplotlib==0.1.1)"
        )
    path = Path(spec.submodule_search_locations[0]) / "fonts" / f"{FONT_NAME}.ttf"
    if not path.is_file():
        raise ImportError(f"koreanize-matplotlib is installed but has no font file at {path}")
    return path


def use_korean_font():
    """Put NanumGothic after DejaVu Sans in matplotlib's font list, for every figure after.

    matplotlib draws each character with the first font in the list that has it: English
    text and numbers stay in DejaVu Sans, exactly as before, and Hangul falls back to
    NanumGothic. (Mathtext, text between $ signs, has no such fallback: a label that holds
    Hangul writes its symbols in plain Unicode, e.g. "Sₜ".) Calling it again changes nothing."""
    import matplotlib  # here, not at the top: `import helpers` stays free of matplotlib
    from matplotlib import font_manager

    path = korean_font_path()
    if FONT_NAME not in {font.name for font in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams["font.family"] = [FIRST_FONT, FONT_NAME]
