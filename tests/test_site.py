"""The course's web site: Jupyter Book 1.x renders the STORED notebooks (nothing is executed).

The site is built once, into a temporary folder, with the README's build command (in a
subprocess, with -W: every Sphinx warning fails the build), and its HTML is then read back:
a page per notebook in the table of contents' order, the README as the front page, every
internal link and anchor resolves, every figure file exists, the math is math.
"""

import json
import posixpath
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import site_build
import yaml
from editions import EDITIONS, HANGUL, SHOWN_ATTRIBUTES, edition_of, is_english, step_notebooks
from site_build import BUILD_COMMAND

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
RAW_MATH = re.compile(r"\$|\\\(|\\\[")  # a $ left in the text (math not parsed), a bare \( \[
SKIPPED_TEXT = {"script", "style", "pre", "code", "kbd", "samp"}


def _notebooks():
    paths = sorted(NOTEBOOK_DIR.rglob("*.ipynb"))
    return [p for p in paths if not {"_build", ".ipynb_checkpoints"} & set(p.parts)]


NOTEBOOKS = _notebooks()


def _page_name(notebook):
    return notebook.relative_to(NOTEBOOK_DIR).with_suffix(".html").as_posix()


def _cells(notebook):
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


class Page(HTMLParser):
    """What the tests need from one HTML page: ids, links, images, math, visible text."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.ids, self.links, self.images, self.alts = set(), [], [], []
        self.math, self.scripts, self.text = 0, [], []
        self.resources = []  # what the browser loads with the page: scripts, styles, images
        self.footer_links, self._in_footer = [], False
        self.lang = None
        self.classes = {}  # class name -> [href of that <a>]
        self._skipping = []  # the open elements whose text is not prose
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        classes = (attrs.get("class") or "").split()
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "footer":
            self._in_footer = True
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
            if self._in_footer:
                self.footer_links.append(attrs["href"])
            for name in classes:
                self.classes.setdefault(name, []).append(attrs["href"])
        if tag == "link" and attrs.get("href"):
            self.links.append(attrs["href"])
            if {"stylesheet", "preload", "icon", "prefetch"} & set(attrs.get("rel", "").split()):
                self.resources.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
            self.links.append(attrs["src"])
            self.resources.append(attrs["src"])
        if tag in ("img", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "img":
            self.images.append(attrs.get("src", ""))
            self.alts.append(attrs.get("alt"))
        if "math" in classes:
            self.math += 1
        if tag in SKIPPED_TEXT or "math" in classes or self._skipping:
            if tag not in ("br", "img", "input", "link", "meta", "hr"):
                self._skipping.append(tag)

    def handle_endtag(self, tag):
        if tag == "footer":
            self._in_footer = False
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.text.append(data)


def _is_local(url):
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("//"))


@pytest.fixture(scope="module")
def pages(site):
    html, _, _ = site
    paths = [path for path in html.rglob("*.html") if "_static" not in path.parts]  # templates
    return {path.relative_to(html).as_posix(): Page(path) for path in paths}


def test_the_build_is_clean_and_executes_nothing(site):
    html, log, seconds = site
    assert "WARNING" not in log and "Executing" not in log, log
    size = sum(path.stat().st_size for path in html.rglob("*") if path.is_file())
    print(f"site built in {seconds:.1f} s, {size / 1e6:.1f} MB in {html}")


class _WorkerTemp:
    """A worker's tmp_path_factory as pytest-xdist lays them out: each worker's base folder
    inside the one folder of the session."""

    def __init__(self, session, worker):
        self.base = session / worker

    def getbasetemp(self):
        return self.base

    def mktemp(self, name):
        (self.base / name).mkdir(parents=True)
        return self.base / name


def test_the_workers_of_one_session_share_one_build(tmp_path, monkeypatch):
    """build_site_once builds for the first worker that asks and hands every other the same
    folder, output and seconds; without workers it builds for the one process."""
    builds = []

    def fake_build(output):
        builds.append(output)
        (output / "html").mkdir(parents=True)
        return output / "html", f"build {len(builds)}", 1.5

    monkeypatch.setattr(site_build, "build_site", fake_build)
    first = site_build.build_site_once(_WorkerTemp(tmp_path, "gw0"), "gw0")
    second = site_build.build_site_once(_WorkerTemp(tmp_path, "gw1"), "gw1")
    assert len(builds) == 1 and first == second == (builds[0] / "html", "build 1", 1.5)
    alone = site_build.build_site_once(_WorkerTemp(tmp_path, "alone"), "master")
    assert len(builds) == 2 and alone == (builds[1] / "html", "build 2", 1.5)


# A stand-in for `jupyter-book build BOOK --path-output OUT ...`: it marks that it started, waits
# (up to 30 s) for the other edition's build to start too, then writes a page naming its book,
# or fails for the book that FAKE_BUILD_FAILS names.
FAKE_JUPYTER_BOOK = r"""
import os, sys, time
from pathlib import Path
book, out = sys.argv[2], Path(sys.argv[4])
out.mkdir(parents=True, exist_ok=True)
(out / "started").write_text(book)
other = out.parent / ("ko" if book == "notebooks" else "en") / "started"
for _ in range(300):
    if other.exists():
        break
    time.sleep(0.1)
else:
    sys.exit(f"{book}: the other edition's build never started")
print("built", book)
if os.environ.get("FAKE_BUILD_FAILS") == book:
    sys.exit(1)
(out / "_build" / "html").mkdir(parents=True)
(out / "_build" / "html" / "index.html").write_text(book)
"""


def _build_site_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_site", ROOT / "scripts" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_both_editions_build_at_once_and_a_failed_one_is_named(tmp_path, monkeypatch, capsys):
    """scripts/build_site.py starts the Korean build while the English one runs (each build
    above waits for the other to start), prints their outputs English first, puts the Korean
    site in ko/, and names the edition whose build failed."""
    build_site = _build_site_script()
    monkeypatch.setattr(build_site, "JUPYTER_BOOK", [sys.executable, "-c", FAKE_JUPYTER_BOOK])
    site = build_site.build(tmp_path / "ok")
    printed = capsys.readouterr().out
    assert (site / "index.html").read_text() == "notebooks"
    assert (site / "ko" / "index.html").read_text() == "notebooks/ko"
    assert 0 <= printed.index("built notebooks\n") < printed.index("built notebooks/ko\n")
    monkeypatch.setenv("FAKE_BUILD_FAILS", "notebooks/ko")
    with pytest.raises(SystemExit) as failed:
        build_site.build(tmp_path / "failing")
    assert str(failed.value).startswith("notebooks/ko: the build failed")


# The site's two books: (its folder below notebooks/, where its pages are in the site).
BOOKS = {"en": (NOTEBOOK_DIR, ""), "ko": (NOTEBOOK_DIR / "ko", "ko/")}


def _toc(book):
    folder, _ = BOOKS[book]
    return yaml.safe_load((folder / "_toc.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("book", BOOKS)
def test_each_table_of_contents_lists_exactly_its_notebooks(book):
    folder, _ = BOOKS[book]
    toc = _toc(book)
    assert toc["root"] == "intro" and (folder / "intro.md").is_file()
    listed = [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    present = [
        path.relative_to(folder).with_suffix("").as_posix()
        for path in NOTEBOOKS
        if edition_of(path) == book
    ]
    assert sorted(listed) == sorted(present), "run `python scripts/sync_course_links.py`"
    assert len(set(listed)) == len(listed)


@pytest.mark.parametrize("book", BOOKS)
def test_execution_is_off_and_the_language_is_set(book):
    folder, _ = BOOKS[book]
    config = yaml.safe_load((folder / "_config.yml").read_text(encoding="utf-8"))
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["sphinx"]["config"].get("language", "en") == book
    assert bool(HANGUL.search(config["title"])) == (book == "ko")
    captions = [part["caption"] for part in _toc(book)["parts"]]
    assert all(bool(HANGUL.search(caption)) == (book == "ko") for caption in captions), captions


@pytest.mark.parametrize(
    "notebook", NOTEBOOKS, ids=lambda p: p.relative_to(NOTEBOOK_DIR).with_suffix("").as_posix()
)
def test_a_page_per_notebook_with_its_title_its_figures_and_no_colab_plumbing(pages, notebook):
    page = pages[_page_name(notebook)]
    title = "".join(_cells(notebook)[0]["source"]).splitlines()[0].removeprefix("# ")
    text = " ".join(" ".join(page.text).split())
    assert title in text.replace("\u2019", "'"), f"{notebook.name}: title {title!r} missing"
    stored_figures = sum(
        "image/png" in output.get("data", {})
        for cell in _cells(notebook)
        for output in cell.get("outputs", [])
    )
    figures = [src for src in page.images if _is_local(src) and "_images/" in src]
    assert len(figures) == stored_figures, f"{notebook.name}: figures on the page"
    assert "google.colab" not in page.path.read_text(encoding="utf-8")


def test_the_front_page_is_the_readme_and_links_every_notebook_it_names(site, pages):
    html, _, _ = site
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    heading = readme.splitlines()[0].removeprefix("# ")
    front = pages["intro.html"]
    assert heading in " ".join(front.text)
    assert 'url=intro.html"' in (html / "index.html").read_text(encoding="utf-8")
    for name in re.findall(r"\]\(notebooks/([\w/]+)\.ipynb\)", readme):
        assert f"{name}.html" in front.links, f"README links {name}; the front page does not"
    assert readme.count("\n|---") <= front.path.read_text(encoding="utf-8").count("<table")
    korean = (ROOT / "README.ko.md").read_text(encoding="utf-8")
    assert korean.splitlines()[0].removeprefix("# ") in " ".join(pages["ko/intro.html"].text)
    assert 'url=intro.html"' in (html / "ko" / "index.html").read_text(encoding="utf-8")


def _joined(folder, href):
    """A page's relative link as a path from the site's root, e.g. ko/02_forward.html."""
    return posixpath.normpath((folder / href).as_posix())


@pytest.mark.parametrize("book", BOOKS)
def test_previous_and_next_follow_the_table_of_contents(pages, book):
    _, prefix = BOOKS[book]
    toc = _toc(book)
    order = [f"{prefix}intro.html"] + [
        f"{prefix}{chapter['file']}.html" for part in toc["parts"] for chapter in part["chapters"]
    ]
    for position, name in enumerate(order):
        page, folder = pages[name], Path(name).parent
        previous = page.classes.get("left-prev", [])
        following = page.classes.get("right-next", [])
        if position > 0:
            assert [_joined(folder, p) for p in previous] == [order[position - 1]], name
        else:
            assert not previous, name  # nothing before the book's front page
        if position + 1 < len(order):
            assert [_joined(folder, n) for n in following] == [order[position + 1]], name
        else:
            assert not following, name  # the book ends: no "next" into the other edition


CONTENT_PAGES = [
    "intro.html",
    *(_page_name(path) for path in NOTEBOOKS if edition_of(path) == "en"),
]


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_each_page_links_to_the_same_page_in_the_other_language(pages, name):
    english, korean = pages[name], pages[f"ko/{name}"]
    assert english.lang == "en" and korean.lang == "ko"
    there = english.classes.get("course-language-link", [])
    back = korean.classes.get("course-language-link", [])
    assert [_joined(Path(name).parent, href) for href in there] == [f"ko/{name}"]
    assert [_joined(Path(f"ko/{name}").parent, href) for href in back] == [name]


def test_every_page_has_the_lang_of_its_edition(pages):
    for name, page in pages.items():
        if name.endswith("index.html"):  # the redirect to intro.html
            continue
        assert page.lang == ("ko" if name.startswith("ko/") else "en"), name


# Elements without an end tag: nothing is open inside them.
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}  # fmt: skip


class ShownStrings(HTMLParser):
    """Every string a page shows, with the language of the element that shows it: the text
    outside the article (the lesson's own text is the notebook's, checked by
    tests/test_korean.py) and outside code and math, and the SHOWN_ATTRIBUTES of every element,
    the article's included (e.g. the heading links' tooltips)."""

    def __init__(self, path):
        super().__init__()
        self.strings = []  # (language, where, text)
        self._open = []  # (tag, language, whether its text is not shown as prose)
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang, quiet = self._open[-1][1:] if self._open else (None, False)
        lang = attrs.get("lang") or lang
        classes = (attrs.get("class") or "").split()
        quiet = quiet or tag in SKIPPED_TEXT or tag == "article" or "math" in classes
        for key in SHOWN_ATTRIBUTES:
            if (attrs.get(key) or "").strip():
                self.strings.append((lang, f"{tag} {key}", attrs[key].strip()))
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, lang, quiet))

    def handle_startendtag(self, tag, attrs):  # <path ... />: nothing opens
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self._open.pop()

    def handle_endtag(self, tag):
        tags = [open_tag for open_tag, _, _ in self._open]
        if tag in tags:  # close it, and whatever was left open inside it
            del self._open[len(tags) - 1 - tags[::-1].index(tag) :]

    def handle_data(self, data):
        lang, quiet = self._open[-1][1:] if self._open else (None, False)
        if not quiet and data.strip():
            self.strings.append((lang, "text", " ".join(data.split())))


def _english_strings(page, language):
    return [
        f"{where}: {text!r}"
        for lang, where, text in ShownStrings(page.path).strings
        if lang == language and is_english(text)
    ]


KOREAN_PAGES = [f"ko/{name}" for name in (*CONTENT_PAGES, "search.html", "genindex.html")]


@pytest.mark.parametrize("name", KOREAN_PAGES)
def test_every_string_a_korean_page_shows_or_says_is_korean(pages, name):
    """The theme's buttons, tooltips, landmarks' labels and links, the footer, the heading
    links: nothing in English on a Korean page (names aside, and the link to the English
    edition, whose word "English" is marked lang="en")."""
    left = _english_strings(pages[name], "ko")
    assert not left, f"{name}: English shown on a Korean page:\n" + "\n".join(sorted(set(left)))
    # The check can fail: the same page in English shows the theme's English strings.
    english_page = pages[name.removeprefix("ko/")]
    assert len(set(_english_strings(english_page, "en"))) >= 15


def test_every_internal_link_anchor_and_image_resolves(site, pages):
    html, _, _ = site
    broken = []
    for name, page in pages.items():
        for url in [*page.links, *page.images]:
            if not _is_local(url) or url in ("", "#"):
                continue
            parts = urlsplit(url)
            target = (page.path.parent / unquote(parts.path)).resolve() if parts.path else page.path
            if not target.is_file() or target.stat().st_size == 0:
                broken.append(f"{name}: {url} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target.relative_to(html).as_posix()].ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name}: {url} (no such anchor)")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("name", ["intro.html", "ko/intro.html", *map(_page_name, NOTEBOOKS)])
def test_math_is_rendered_as_math_not_left_as_text(pages, name):
    page = pages[name]
    text = " ".join(page.text)
    raw = [text[max(0, m.start() - 40) : m.end() + 40] for m in RAW_MATH.finditer(text)]
    assert not raw, f"{name}: math left as text, e.g. {raw[:3]}"
    readmes = {"intro.html": "README.md", "ko/intro.html": "README.ko.md"}  # the intro pages
    source = (
        (ROOT / readmes[name]).read_text(encoding="utf-8")
        if name in readmes
        else "".join(
            "".join(cell["source"])
            for cell in _cells(NOTEBOOK_DIR / name.replace(".html", ".ipynb"))
            if cell["cell_type"] == "markdown"
        )
    )
    if "$" in source:
        assert page.math > 0, f"{name}: no math element"
        mathjax = [src for src in page.scripts if "mathjax" in src.lower()]
        assert mathjax, f"{name}: no MathJax"
        # MathJax from the site itself (sphinx-mathjax-offline), not from a CDN; the link test
        # below checks that the file is there.
        assert all(_is_local(src) and "_static/mathjax/" in src for src in mathjax), mathjax


def test_no_page_loads_anything_from_another_host(pages):
    """Offline, or on a network that blocks a CDN, every page looks the same: its scripts,
    styles, fonts and images all come from the site (tests/test_site_browser.py also watches
    the requests a browser makes)."""
    foreign = [f"{name}: {url}" for name, page in pages.items() for url in page.resources]
    foreign = [entry for entry in foreign if not _is_local(entry.split(": ", 1)[1])]
    assert not foreign, "\n".join(foreign[:20])


def _figure_alts(notebook):
    """The alt text each stored figure's cell gives (myst-nb reads cell metadata
    mystnb.image.alt), one entry per figure, None where a cell gives none."""
    return [
        cell["metadata"].get("mystnb", {}).get("image", {}).get("alt")
        for cell in _cells(notebook)
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


NOT_A_DESCRIPTION = re.compile(r"^\W*(figure|fig|image|plot|chart|graph|그림)?\W*\d*\W*$", re.I)


@pytest.mark.parametrize(
    "notebook", NOTEBOOKS, ids=lambda p: p.relative_to(NOTEBOOK_DIR).with_suffix("").as_posix()
)
def test_every_figure_has_a_text_alternative_that_says_what_it_shows(pages, notebook):
    """Each stored figure's alt text (cell metadata) is a sentence in the edition's language
    that says what the plot shows, not a file name or "figure 1", and the page carries it."""
    page = pages[_page_name(notebook)]
    expected = _figure_alts(notebook)
    shown = [alt for src, alt in zip(page.images, page.alts, strict=True) if "_images/" in src]
    assert shown == expected, f"{notebook.name}: the page's figures and their alt texts"
    korean = edition_of(notebook) == "ko"
    for alt in expected:
        assert alt and not NOT_A_DESCRIPTION.match(alt) and len(alt) >= 60, alt
        assert "_images/" not in alt and ".png" not in alt, alt
        assert bool(HANGUL.search(alt)) == korean, f"{notebook.name}: alt not in its language"


def test_the_two_editions_describe_the_same_figures():
    for english in step_notebooks("en"):
        korean = EDITIONS["ko"] / english.name
        assert [alt is None for alt in _figure_alts(english)] == [
            alt is None for alt in _figure_alts(korean)
        ], english.name


def test_every_page_has_a_footer_with_the_licenses_the_source_and_how_to_cite(pages):
    config = yaml.safe_load((NOTEBOOK_DIR / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"]
    wanted = [f"{repo}/blob/main/LICENSE", f"{repo}/blob/main/LICENSES/CC-BY-4.0.txt", repo]
    wanted.append(f"{repo}/blob/main/CITATION.cff")
    for name, page in pages.items():
        if name.endswith("index.html"):  # the redirect to intro.html
            continue
        assert all(url in page.footer_links for url in wanted), f"{name}: {page.footer_links}"
        assert "course's authors" not in page.path.read_text(encoding="utf-8"), name


# The oldest majors that run on Node 24 (Node 20 actions are retired); newer ones pass too.
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}


def test_the_pages_workflow_builds_with_this_command_and_least_permissions():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    steps = build["steps"] + deploy["steps"]
    used = [step["uses"].split("@") for step in steps if "uses" in step]
    assert {action for action, _ in used} == set(NODE24_MAJORS)
    for action, version in used:
        assert int(version.removeprefix("v")) >= NODE24_MAJORS[action], f"{action}@{version}"
    commands = "\n".join(step.get("run", "") for step in build["steps"])
    assert BUILD_COMMAND in commands  # the command the test builds: both editions
    assert "torch" not in commands and "-r requirements.txt" not in commands
    assert "--constraint" in commands  # the versions requirements.txt pins
    (upload,) = [step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", "")]
    assert upload["with"]["path"] == "build/site/html"
