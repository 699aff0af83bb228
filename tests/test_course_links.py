"""One owner/name for the repository, followed by the Binder badge, the Colab badges, the Colab
install cell of every notebook and the site's configuration (scripts/sync_course_links.py)."""

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
from editions import edition_of
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "sync_course_links.py"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REPOSITORY = PYPROJECT["tool"]["course"]["repository"]
PACKAGE = PYPROJECT["project"]["name"]

_spec = importlib.util.spec_from_file_location("sync_course_links", SCRIPT)
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)
NOTEBOOKS = sync.notebook_paths()
NOT_COPIED = (
    ".git",
    ".*_cache",
    ".venv",
    "build",
    "artifacts",
    "_build",
    "__pycache__",
    "*.egg-info",
)


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_everything_follows_the_one_owner_name():
    """README, the site's configuration and table of contents, and every notebook are as the
    script would write them from pyproject.toml's [tool.course] repository."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_binder_badge_names_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"https://mybinder.org/v2/gh/{REPOSITORY}/main?" in readme


def test_a_fork_changes_every_link_by_changing_one_line():
    fork = "a-teacher/softmax-course"
    readme = sync.synced_links((ROOT / "README.md").read_text(encoding="utf-8"), fork)
    config = sync.synced_config((ROOT / "notebooks" / "_config.yml").read_text("utf-8"), fork)
    texts = [readme, config] + [sync.synced_notebook(path, fork, PACKAGE) for path in NOTEBOOKS]
    for text in texts:
        assert REPOSITORY not in text and sync.pages_url(REPOSITORY) not in text
    assert f"https://mybinder.org/v2/gh/{fork}/main?" in readme
    assert "url: https://github.com/a-teacher/softmax-course" in config
    # a link into the repository follows; another project's links are left alone
    text = f"[data](https://github.com/{REPOSITORY}/blob/main/data/README.md)"
    assert sync.synced_links(text, fork, previous=[REPOSITORY]) == text.replace(REPOSITORY, fork)
    other = "https://numpy.github.io/numpy/ and https://github.com/pytorch/pytorch"
    assert sync.synced_links(other, fork, previous=[REPOSITORY]) == other


def test_the_site_address_follows_too():
    """The address of the site the configuration named before, whatever the owner's case."""
    text = f"Read it at {sync.pages_url(REPOSITORY)}."
    fork_text = sync.synced_links(text, "A-Teacher/course", previous=[REPOSITORY])
    assert fork_text == "Read it at https://a-teacher.github.io/course/."


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(sync.NOTEBOOKS).as_posix())
def test_the_title_cell_has_a_colab_badge_for_this_very_notebook(path):
    title = "".join(_cells(path)[0]["source"])
    url = f"https://colab.research.google.com/github/{REPOSITORY}/blob/main/"
    url += path.relative_to(ROOT).as_posix()
    assert (
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"
        in (title)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(sync.NOTEBOOKS).as_posix())
def test_the_first_code_cell_installs_the_course_in_colab_and_is_stored_without_output(path):
    code = [cell for cell in _cells(path) if cell["cell_type"] == "code"]
    first = code[0]
    assert first["id"] == "colab-install"
    exercises = "exercises" in path.parts  # student notebooks need otter-grader in Colab too
    language = edition_of(path)  # the Korean edition's comments in Korean
    expected = sync.install_cell_source(REPOSITORY, PACKAGE, exercises, language)
    assert "".join(first["source"]) == expected
    assert first["outputs"] == []
    assert "remove-cell" in first["metadata"]["tags"]  # not shown on the site


def _run_install_cell(monkeypatch, in_colab):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(sync.install_cell_source(REPOSITORY, PACKAGE), "install-cell", "exec"), {})
    return calls


def test_the_install_cell_does_nothing_outside_colab(monkeypatch, capsys):
    assert _run_install_cell(monkeypatch, in_colab=False) == []
    assert capsys.readouterr() == ("", "")


def test_in_colab_the_install_cell_pip_installs_the_package_and_the_font_from_github(
    monkeypatch,
):
    (call,) = _run_install_cell(monkeypatch, in_colab=True)
    (command,), options = call
    requirement = f"{PACKAGE} @ git+https://github.com/{REPOSITORY}@main"
    font = f"koreanize-matplotlib=={sync.pinned_version('koreanize-matplotlib')}"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    assert command == [*pip, requirement, font]  # the font needs only matplotlib, which Colab has
    assert options == {"check": True}
    parsed = Requirement(requirement)  # what pip parses: a valid direct reference
    assert (parsed.name, parsed.url) == (PACKAGE, f"git+https://github.com/{REPOSITORY}@main")
    # --no-deps: Colab's own torch, NumPy and matplotlib stay; the package needs nothing else.
    assert PYPROJECT["project"]["dependencies"] == ["numpy"]
    assert not re.search(r"\btorch\b", sync.install_cell_source(REPOSITORY, PACKAGE))


def test_in_a_fork_one_edited_line_and_the_script_leave_no_trace_of_the_old_owner(tmp_path):
    """A copy of the repository, its [tool.course] repository changed, the script run: the
    old owner/name is then written nowhere (so nothing else hard-codes it), and --check passes."""
    fork = tmp_path / "fork"
    shutil.copytree(ROOT, fork, ignore=shutil.ignore_patterns(*NOT_COPIED))
    pyproject = fork / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert text.count(f'repository = "{REPOSITORY}"') == 1
    pyproject.write_text(text.replace(REPOSITORY, "a-teacher/softmax-course"), encoding="utf-8")
    script = fork / "scripts" / "sync_course_links.py"
    subprocess.run([sys.executable, str(script)], cwd=fork, check=True, capture_output=True)
    subprocess.run([sys.executable, str(script), "--check"], cwd=fork, check=True)
    old_site = sync.pages_url(REPOSITORY).lower()
    for path in fork.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            assert REPOSITORY.lower().encode() not in content, path
            assert old_site.encode() not in content, path


def test_in_colab_an_exercise_notebook_also_installs_the_pinned_otter_grader(monkeypatch):
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append(args[0]))
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    calls = []
    source = sync.install_cell_source(REPOSITORY, PACKAGE, exercises=True)
    exec(compile(source, "install-cell", "exec"), {})
    assert len(calls) == 2 and "--no-deps" in calls[0]
    assert calls[1][-1] == f"otter-grader=={sync.pinned_version('otter-grader')}"
    assert "--no-deps" not in calls[1]  # otter's own dependencies come with it
    assert (
        "otter-grader==" + sync.pinned_version("otter-grader")
        in (ROOT / "requirements.txt").read_text()
    )
