"""The course site's own Sphinx extension (both editions' _config.yml load it):

- A README link to a file of the repository that is not a page of the site (LICENSE,
  data/README.md) becomes a link to that file on GitHub, so the front page has no dead link;
  a link to a notebook of the other edition becomes a link to that page of the other site.
- An image from another host (the Binder and Colab badges) is shown as its alt text: every
  page loads only what the site itself serves, and the badge's link stays.
- The footer of every page, in the edition's language (Sphinx's `language`): the licenses,
  the source and how to cite, from the repository URL the config already has.
- Every page links to the same page in the other edition (`course_edition` in the config:
  where the other edition's site and sources are, relative to this one, and its language).
- In Korean: the theme's interface strings that Sphinx's Korean catalog lacks, from
  locale/ko/LC_MESSAGES/*.po (compiled with Babel at build time), and Korean tooltips for the
  two buttons whose text the theme hard-codes, and for the two landmarks whose labels it
  hard-codes (templates/ko/); and Korean strings for sphinx-copybutton's buttons.
"""

from pathlib import Path

from babel.messages import mofile, pofile
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # the repository: notebooks/_ext/ is two below
SOURCE_SUFFIXES = (".ipynb", ".md")
# The footer of each edition; {repo} is the repository's URL, {branch} its branch.
FOOTER = {
    "en": (
        '<p>The code of this course is under the <a href="{repo}/blob/{branch}/LICENSE">MIT '
        'License</a>; its prose, figures and notebooks are under <a href="{repo}/blob/{branch}/'
        'LICENSES/CC-BY-4.0.txt">CC BY 4.0</a>. Source: <a href="{repo}">{shown}</a>. '
        'How to cite: <a href="{repo}/blob/{branch}/CITATION.cff">CITATION.cff</a> '
        '(GitHub: "Cite this repository").</p>'
    ),
    "ko": (
        '<p>이 과정의 코드는 <a href="{repo}/blob/{branch}/LICENSE">MIT License</a>를, 글과 '
        '그림과 노트북은 <a href="{repo}/blob/{branch}/LICENSES/CC-BY-4.0.txt">CC BY 4.0</a>을 '
        '따른다. 소스: <a href="{repo}">{shown}</a>. 인용 방법: '
        '<a href="{repo}/blob/{branch}/CITATION.cff">CITATION.cff</a> '
        '(GitHub의 "Cite this repository").</p>'
    ),
}
SEARCH_TEXT = {"en": "Search this book...", "ko": "이 책에서 검색..."}
# The link to the other edition, by the language it leads to: its word in that language (marked
# with its lang), its tooltip in the language of the page that shows it.
LANGUAGE_LINK = {
    "ko": {"label": "한국어", "title": "Read this page in Korean"},
    "en": {"label": "English", "title": "이 페이지를 영어로 읽기"},
}
# sphinx-copybutton's script picks its buttons' strings (tooltip, label, "copied") from a table
# by the page's lang, which has no Korean, else English: the Korean site's copy gets an entry.
COPYBUTTON_TABLE = "const messages = {"
COPYBUTTON_KOREAN = """
  'ko': {
    'copy': '복사',
    'copy_to_clipboard': '클립보드에 복사',
    'copy_success': '복사했다!',
    'copy_failure': '복사하지 못했다',
  },"""


def _language(config):
    return config.language if config.language in FOOTER else "en"


def _up(docname):
    """From the page of `docname` to the site's root, e.g. "../" for exercises/02_forward."""
    return "../" * docname.count("/")


def _other_page(app, docname):
    """The other edition's page for `docname` (a path from this site's root), or None."""
    other_root = app.config.course_edition["other_root"]
    other_sources = (Path(app.srcdir) / other_root).resolve()
    if any((other_sources / (docname + suffix)).is_file() for suffix in SOURCE_SUFFIXES):
        return other_root + docname + ".html"
    return None


def _github_file_url(config, path):
    options = config.html_theme_options
    url, branch = options["repository_url"], options.get("repository_branch", "main")
    return f"{url}/blob/{branch}/{path}"


class CourseLinks(SphinxPostTransform):
    """Runs before MyST's resolver (priority 9), which would warn about these links."""

    default_priority = 8

    def run(self, **kwargs):
        for node in list(self.document.findall(pending_xref)):
            if node.get("reftype") != "myst":
                continue
            url = self._url(node)
            if url:
                link = nodes.reference("", "", refuri=url)
                link["classes"].append("external" if "://" in url else "internal")
                link.extend(child.deepcopy() for child in node.children)
                node.replace_self(link)

    def _url(self, node):
        target = node["reftarget"]
        if node.get("refdomain") == "doc" and target not in self.env.all_docs:
            sources = Path(self.app.srcdir).resolve()
            other = (Path(self.app.srcdir) / self.config.course_edition["other_root"]).resolve()
            path = (sources / target).resolve()
            if path.is_relative_to(other):
                page = _other_page(self.app, path.relative_to(other).as_posix())
                anchor = f"#{node['reftargetid']}" if node.get("reftargetid") else ""
                return _up(node["refdoc"]) + page + anchor if page else None
            return None
        target = target.split("#", 1)[0]
        if not node.get("refdomain") and target and (ROOT / target).is_file():
            return _github_file_url(self.config, target)
        return None


class NoForeignImages(SphinxPostTransform):
    default_priority = 8

    def run(self, **kwargs):
        for node in list(self.document.findall(nodes.image)):
            if "://" in node["uri"] or node["uri"].startswith("//"):
                text = node.get("alt") or node["uri"]
                node.replace_self(nodes.inline(text, text, classes=["badge-text"]))


def _korean_catalogs(app):
    """Compile locale/ko/LC_MESSAGES/*.po into the build folder and add each behind the
    catalog of its domain (Sphinx's own Korean strings come first)."""
    compiled = Path(app.doctreedir).parent / "course_locale"
    for po_path in sorted((HERE / "locale" / "ko" / "LC_MESSAGES").glob("*.po")):
        with po_path.open("rb") as source:
            catalog = pofile.read_po(source, locale="ko")
        mo_path = compiled / "ko" / "LC_MESSAGES" / (po_path.stem + ".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with mo_path.open("wb") as target:
            mofile.write_mo(target, catalog)
        app.add_message_catalog(po_path.stem, str(compiled))


def _korean_copybutton(app, exception):
    """Add the Korean entry to the copy of sphinx-copybutton's script the build wrote."""
    script = Path(app.outdir) / "_static" / "copybutton.js"
    if exception is not None or not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    if COPYBUTTON_TABLE not in text:
        raise ExtensionError(f"{script}: no {COPYBUTTON_TABLE!r} to add Korean strings to")
    if "'ko':" not in text:
        text = text.replace(COPYBUTTON_TABLE, COPYBUTTON_TABLE + COPYBUTTON_KOREAN, 1)
        script.write_text(text, encoding="utf-8")


def _configure(app, config):
    language = _language(config)
    options = config.html_theme_options
    repo = options["repository_url"]
    options["extra_footer"] = FOOTER[language].format(
        repo=repo,
        branch=options.get("repository_branch", "main"),
        shown=repo.removeprefix("https://"),
    )
    options["footer_content_items"] = ["extra-footer.html"]  # no "By <author>" line
    options["search_bar_text"] = SEARCH_TEXT[language]
    options["article_header_end"] = ["language-link.html", "article-header-buttons.html"]
    config.templates_path = [str(HERE / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]
    if language == "ko":
        config.templates_path.insert(0, str(HERE / "templates" / "ko"))
        _korean_catalogs(app)
        app.connect("build-finished", _korean_copybutton)


def _language_link(app, pagename, templatename, context, doctree):
    other_language = app.config.course_edition["other_language"]
    page = _other_page(app, pagename)
    context["course_language_link"] = page and {
        "href": _up(pagename) + page,
        "lang": other_language,
        **LANGUAGE_LINK[other_language],
    }


def setup(app):
    # other_root: the other edition's site (and sources) relative to this one's root;
    # other_language: its language.
    app.add_config_value("course_edition", {"other_root": "", "other_language": "en"}, "html")
    app.connect("config-inited", _configure)
    app.add_css_file("course_site.css")
    app.connect("html-page-context", _language_link)
    app.add_post_transform(CourseLinks)
    app.add_post_transform(NoForeignImages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
