"""helpers.use_korean_font(): Hangul in the Korean edition's figures renders (no missing-glyph
warning, which filterwarnings=error would make an error), and English figures stay exactly as
they were. Each drawing runs in a fresh Python, so matplotlib's settings start as a learner's."""

import subprocess
import sys
import textwrap
import types

import pytest

import helpers
import helpers.fonts


def _draw(title, use_font):
    """The PNG bytes of a small figure titled `title`, drawn in a fresh Python with warnings
    as errors; (returncode, stderr, png)."""
    script = textwrap.dedent(
        f"""
        import io, sys, warnings
        warnings.simplefilter("error")
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import helpers
        if {use_font!r}:
            helpers.use_korean_font()
            helpers.use_korean_font()  # twice: changes nothing
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([0, 1], [1, -1])
        ax.set_title({title!r})
        ax.set_xlabel("step −1")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={{"Software": None}})
        assert "koreanize_matplotlib" not in sys.modules  # its font file only, not its import
        sys.stdout.buffer.write(buffer.getvalue())
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    return result.returncode, result.stderr.decode(), result.stdout


def test_hangul_renders_without_a_missing_glyph_warning():
    returncode, stderr, png = _draw("훈련 전 예측 (정답: virginica) Sₜ", use_font=True)
    assert returncode == 0, stderr
    assert png.startswith(b"\x89PNG")


def test_without_the_font_hangul_is_a_missing_glyph_error():
    """What the helper prevents: DejaVu Sans alone has no Hangul."""
    returncode, stderr, _ = _draw("훈련 전 예측", use_font=False)
    assert returncode != 0 and "missing from font(s) DejaVu Sans" in stderr, stderr


def test_english_figures_are_drawn_exactly_as_without_it():
    with_font = _draw("Loss after each step (true class: virginica)", use_font=True)
    without = _draw("Loss after each step (true class: virginica)", use_font=False)
    assert with_font[0] == without[0] == 0, with_font[1] + without[1]
    assert with_font[2] == without[2]


def test_the_font_comes_from_the_pinned_package():
    path = helpers.fonts.korean_font_path()
    assert path.name == "NanumGothic.ttf" and path.parent.parent.name == "koreanize_matplotlib"


def test_a_missing_font_package_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(helpers.fonts.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match=r"koreanize-matplotlib==0\.1\.1"):
        helpers.use_korean_font()


# --- the same, in this process (what mutation testing can see) ------------------------------


def test_in_process_the_font_list_is_dejavu_then_nanumgothic_and_hangul_draws():
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context():
        helpers.use_korean_font()
        helpers.use_korean_font()  # twice: the font is registered once
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "NanumGothic"]
        registered = [f for f in font_manager.fontManager.ttflist if f.name == "NanumGothic"]
        assert [f.fname for f in registered] == [str(helpers.fonts.korean_font_path())]
        figure = Figure(figsize=(2, 1))
        FigureCanvasAgg(figure)
        figure.suptitle("훈련 전 예측")  # a missing glyph would warn: an error in this suite
        figure.canvas.draw()
    assert matplotlib.rcParams["font.family"] != ["DejaVu Sans", "NanumGothic"]  # restored


def test_the_missing_package_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(helpers.fonts.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError) as raised:
        helpers.fonts.korean_font_path()
    assert str(raised.value) == (
        "the Korean figures need the font in the package koreanize-matplotlib: "
        "python -m pip install -r requirements.txt (or koreanize-matplotlib==0.1.1)"
    )


def test_a_package_without_its_font_file_is_a_clear_error(monkeypatch, tmp_path):
    """A koreanize-matplotlib whose fonts/ folder lacks NanumGothic.ttf (a broken install)."""
    spec = types.SimpleNamespace(submodule_search_locations=[str(tmp_path)])
    monkeypatch.setattr(helpers.fonts.importlib.util, "find_spec", lambda name: spec)
    with pytest.raises(ImportError) as raised:
        helpers.fonts.korean_font_path()
    expected = tmp_path / "fonts" / "NanumGothic.ttf"
    assert str(raised.value) == (
        f"koreanize-matplotlib is installed but has no font file at {expected}"
    )
