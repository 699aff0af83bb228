"""Keep every link to the course's GitHub repository, and the site's table of contents, in step.

    python scripts/sync_course_links.py           # apply: rewrite what is out of step
    python scripts/sync_course_links.py --check   # change nothing; exit 1 if out of step

The repository's owner/name is written in ONE place, `[tool.course] repository` in
pyproject.toml. From it this script sets
- README.md, README.ko.md and CITATION.cff: the Binder badge, and any Colab link, site
  address, link into the repository on GitHub or `git+https` install line;
- notebooks/_config.yml and notebooks/ko/_config.yml: each site's repository URL (its GitHub
  button and launch buttons);
- every notebook under notebooks/ (subfolders too, e.g. ko/ and exercises/): the same links
  in its markdown cells, an "Open in Colab" badge on the line after the title of its first
  cell, and a first code cell that installs the course in Colab only (guarded by
  `"google.colab" in sys.modules`: anywhere else it does nothing and prints nothing;
  `--no-deps`, so Colab's own torch and NumPy stay);
- notebooks/_toc.yml and notebooks/ko/_toc.yml: the two books' tables of contents, generated
  from the notebooks present, one part per folder.
Running it twice changes nothing. After it adds the install cell, run
`python scripts/refresh_notebooks.py` so that the stored execution counts follow.
"""

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
README = ROOT / "README.md"
README_KO = ROOT / "README.ko.md"  # the Korean edition's README
CITATION = ROOT / "CITATION.cff"  # "Cite this repository": its repository-code and url
NOTEBOOKS = ROOT / "notebooks"
CONFIG = NOTEBOOKS / "_config.yml"
TOC = NOTEBOOKS / "_toc.yml"
# The site's two books: the English one (notebooks/) and the Korean one (notebooks/ko/).
BOOKS = {"en": NOTEBOOKS, "ko": NOTEBOOKS / "ko"}
BRANCH = "main"
NOT_CONTENT = {"_build", ".ipynb_checkpoints"}
# The caption of each folder's part of its book's table of contents (else the folder's name).
CAPTIONS = {
    ".": "The course",
    "exercises": "Exercises",
    "ko": "과정",
    "ko/exercises": "연습 문제",
}
REPOSITORY = r"[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+"
OWNER_NAME = re.compile(rf"{REPOSITORY}")

INSTALL_CELL_ID = "colab-install"
# The install cell's first two lines, a comment, in each edition's language.
INSTALL_CELL_COMMENT = {
    "en": "# Open in Colab: this cell installs the course's helpers (with the iris data) there.\n"
    "# Anywhere else (JupyterLab, Binder, the tests) it does nothing and prints nothing.",
    "ko": "# Colab에서 열었을 때: 이 셀이 과정의 helpers(아이리스 데이터 포함)를 설치한다.\n"
    "# 그 밖의 곳(JupyterLab, Binder, 테스트)에서는 아무것도 하지 않고 아무것도 출력하지 않는다.",
}
INSTALL_CELL_MARKS = tuple(text.partition(":")[0] + ":" for text in INSTALL_CELL_COMMENT.values())
INSTALL_CELL = """\
{comment}
import sys

if "google.colab" in sys.modules:
    import importlib
    import subprocess

    url = "git+https://github.com/{repository}@{branch}"
    font = "koreanize-matplotlib=={font}"  # {font_comment}
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    subprocess.run([*pip, f"{package} @ {{url}}", font], check=True){extra}
    importlib.invalidate_caches()"""
FONT_COMMENT = {
    "en": "NanumGothic, the Hangul font of the Korean labels",
    "ko": "한글 라벨을 그리는 글꼴 NanumGothic",
}
# The student notebooks (notebooks/exercises/) also import otter-grader, which Colab lacks.
EXERCISE_EXTRA = """
    # {comment}
    subprocess.run([*pip[:-1], "otter-grader=={otter}"], check=True)"""
EXERCISE_COMMENT = {
    "en": "The exercise notebooks grade with otter-grader (the version requirements.txt pins).",
    "ko": "연습 문제 노트북은 otter-grader로 채점한다(requirements.txt가 고정한 버전).",
}
BADGE = re.compile(r"\[!\[Open In Colab\]\([^)\s]*\)\]\([^)\s]*\)\n*")
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"

# Where README.md names the repository (the group "repository" is replaced).
NAMED = rf"(?P<repository>{REPOSITORY})"
LINKS = [
    re.compile(rf"https://mybinder\.org/v2/gh/{NAMED}/"),
    re.compile(rf"https://colab\.research\.google\.com/github/{NAMED}/"),
    re.compile(rf"git\+https://github\.com/{NAMED}\b"),
]
CONFIG_URL = re.compile(rf"^(  url: https://github\.com/){NAMED}$", re.MULTILINE)


def course_settings():
    """(owner/name, the installable package's name) from pyproject.toml."""
    pyproject = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    repository = pyproject["tool"]["course"]["repository"]
    if not OWNER_NAME.fullmatch(repository):
        raise SystemExit(f"[tool.course] repository: expected 'owner/name', got {repository!r}")
    return repository, pyproject["project"]["name"]


def pages_url(repository):
    owner, name = repository.split("/")
    return f"https://{owner.lower()}.github.io/{name}/"


def colab_url(repository, notebook):
    path = notebook.relative_to(ROOT).as_posix()
    return f"https://colab.research.google.com/github/{repository}/blob/{BRANCH}/{path}"


def install_cell_source(repository, package, exercises=False, language="en"):
    """The Colab install cell; `exercises`: the notebook also needs otter-grader; `language`:
    "en" or "ko", the language of its comments (the code is the same)."""
    extra = ""
    if exercises:
        otter = pinned_version("otter-grader")
        extra = EXERCISE_EXTRA.format(comment=EXERCISE_COMMENT[language], otter=otter)
    return INSTALL_CELL.format(
        comment=INSTALL_CELL_COMMENT[language],
        repository=repository,
        branch=BRANCH,
        font=pinned_version("koreanize-matplotlib"),
        font_comment=FONT_COMMENT[language],
        package=package,
        extra=extra,
    )


def pinned_version(name):
    """The version requirements.txt pins for the package `name`."""
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.split("==")[0].strip().lower() == name:
            return line.split("==")[1].strip()
    raise SystemExit(f"requirements.txt: expected a pin of {name}")


def notebook_paths():
    paths = sorted(NOTEBOOKS.rglob("*.ipynb"))
    return [p for p in paths if not NOT_CONTENT & set(p.relative_to(NOTEBOOKS).parts)]


def synced_links(text, repository, previous=()):
    """The text with every link above pointing at `repository`, and so the site's address
    https://owner.github.io/name/ and any https://github.com/owner/name link, for each
    owner/name those links or `previous` named before (another project's are left alone)."""
    named = {repository, *previous}

    def replace(match):
        named.add(match.group("repository"))
        start, end = match.span("repository")
        whole = match.group(0)
        return whole[: start - match.start()] + repository + whole[end - match.start() :]

    for pattern in LINKS:
        text = pattern.sub(replace, text)
    for old in named:
        text = re.sub(re.escape(pages_url(old)), pages_url(repository), text, flags=re.IGNORECASE)
        text = re.sub(
            rf"https://github\.com/{re.escape(old)}(?![\w.-])",
            f"https://github.com/{repository}",
            text,
            flags=re.IGNORECASE,
        )
    return text


def synced_config(text, repository):
    if not CONFIG_URL.search(text):
        raise SystemExit(f"{CONFIG}: expected a line '  url: https://github.com/owner/name'")
    return CONFIG_URL.sub(rf"\g<1>{repository}", text)


def _book_of(folder):
    """ "ko" for notebooks/ko and its subfolders (a path below notebooks/), else "en"."""
    return "ko" if folder == "ko" or folder.startswith("ko/") else "en"


def toc_text(book="en"):
    """The _toc.yml of `book` ("en": notebooks/, "ko": notebooks/ko/): its intro.md (the
    README) first, then one part per folder of notebooks, the book's own folder first, each in
    file-name order; paths relative to the book's folder."""
    folders = {}
    for path in notebook_paths():
        relative = path.relative_to(NOTEBOOKS)
        folder = relative.parent.as_posix()
        if _book_of(folder) == book:
            folders.setdefault(folder, []).append(path.relative_to(BOOKS[book]).with_suffix(""))
    top = "." if book == "en" else book
    lines = [
        "# Generated by scripts/sync_course_links.py from the notebooks present: do not edit.",
        "format: jb-book",
        "root: intro",
        "parts:",
    ]
    for folder in sorted(folders, key=lambda name: (name != top, name)):
        lines += [f"  - caption: {CAPTIONS.get(folder, folder)}", "    chapters:"]
        lines += [f"      - file: {name.as_posix()}" for name in folders[folder]]
    return "\n".join(lines) + "\n"


def synced_notebook(path, repository, package, previous=()):
    """The notebook's JSON text with the badge and the install cell in place, and its other
    links to the repository (as in README.md) following `repository`."""
    text = path.read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    before = json.loads(text)
    with_links(notebook, path, repository, package, previous)
    after = nbformat.writes(notebook)
    if json.loads(after) == before:
        return text
    return after if after.endswith("\n") else after + "\n"


def with_links(notebook, path, repository, package, previous=()):
    """Put the badge and the install cell into `notebook` (an nbformat node, changed in place)
    whose place in the repository is `path`; return it."""
    title = notebook.cells[0] if notebook.cells else None
    if title is None or title.cell_type != "markdown" or not title.source.startswith("# "):
        raise SystemExit(f"{path}: expected a first markdown cell starting with '# ' (the title)")
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = synced_links(cell.source, repository, previous)
    heading, _, rest = title.source.partition("\n")
    rest = BADGE.sub("", rest.lstrip("\n"), count=1)
    badge = f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(repository, path)})"
    title.source = f"{heading}\n\n{badge}" + (f"\n\n{rest}" if rest else "")

    parts = path.relative_to(NOTEBOOKS).parts
    language = "ko" if "ko" in parts else "en"
    source = install_cell_source(repository, package, "exercises" in parts, language)
    found = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        and (cell.get("id") == INSTALL_CELL_ID or cell.source.startswith(INSTALL_CELL_MARKS))
    ]
    if found == [1]:
        cell = notebook.cells[1]
    else:
        for index in reversed(found):
            del notebook.cells[index]
        cell = nbformat.v4.new_code_cell()
        notebook.cells.insert(1, cell)
    cell.source = source
    cell.id = INSTALL_CELL_ID
    # remove-cell: the site shows the lesson, not the Colab plumbing.
    cell.metadata = {**cell.metadata, "tags": ["remove-cell"]}
    nbformat.validate(notebook)
    return notebook


def planned_files():
    """{path: the text it should have} for every file this script keeps in step."""
    repository, package = course_settings()
    config = CONFIG.read_text(encoding="utf-8")
    previous = [match.group("repository") for match in CONFIG_URL.finditer(config)]
    planned = {
        README: synced_links(README.read_text(encoding="utf-8"), repository, previous),
        README_KO: synced_links(README_KO.read_text(encoding="utf-8"), repository, previous),
        CITATION: synced_links(CITATION.read_text(encoding="utf-8"), repository, previous),
        CONFIG: synced_config(config, repository),
    }
    korean_config = BOOKS["ko"] / "_config.yml"
    planned[korean_config] = synced_config(korean_config.read_text(encoding="utf-8"), repository)
    for book, folder in BOOKS.items():
        planned[folder / "_toc.yml"] = toc_text(book)
    for path in notebook_paths():
        planned[path] = synced_notebook(path, repository, package, previous)
    return planned


def out_of_step():
    """The files whose text differs from what this script would write."""
    return [
        path
        for path, text in planned_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is out of step"
    )
    check = parser.parse_args(argv).check
    stale = out_of_step()
    for path in stale:
        print(f"{'out of step' if check else 'updated'}: {path.relative_to(ROOT)}")
    if check:
        if stale:
            print("run `python scripts/sync_course_links.py`", file=sys.stderr)
        return 1 if stale else 0
    planned = planned_files()
    for path in stale:
        path.write_text(planned[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
