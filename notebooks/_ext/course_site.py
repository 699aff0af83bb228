"""The course site's own Sphinx extension (both editions' _config.yml load it):

- A README link to a file of the repository that is not a page of the site (LICENSE,
  data/README.md) becomes a link to that file on GitHub, so the front page has no dead link.
- An image from another host (the Binder and Colab badges) is shown as its alt text: every
  page loads only what the site itself serves, and the badge's link stays.
- The footer of every page, in the edition's language (Sphinx's `language`): the licenses,
  the source and how to cite, from the repository URL the config already has; the theme's
  own English "Search this book..." placeholder in the edition's language too.
"""

from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

ROOT = Path(__file__).resolve().parents[2]  # the repository: notebooks/_ext/ is two below


def _github_file_url(config, path):
    options = config.html_theme_options
    url, branch = options["repository_url"], options.get("repository_branch", "main")
    return f"{url}/blob/{branch}/{path}"


class RepositoryFileLinks(SphinxPostTransform):
    """Runs before MyST's resolver (priority 9), which would warn about these links."""

    default_priority = 8

    def run(self, **kwargs):
        from sphinx.addnodes import pending_xref

        for node in list(self.document.findall(pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain"):
                continue
            target = node["reftarget"].split("#", 1)[0]
            if target and (ROOT / target).is_file():
                link = nodes.reference("", "", refuri=_github_file_url(self.config, target))
                link["classes"].append("external")
                link.extend(child.deepcopy() for child in node.children)
                node.replace_self(link)


class NoForeignImages(SphinxPostTransform):
    default_priority = 8

    def run(self, **kwargs):
        for node in list(self.document.findall(nodes.image)):
            if "://" in node["uri"] or node["uri"].startswith("//"):
                text = node.get("alt") or node["uri"]
                node.replace_self(nodes.inline(text, text, classes=["badge-text"]))


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


def _configure(app, config):
    language = config.language if config.language in FOOTER else "en"
    options = config.html_theme_options
    repo = options["repository_url"]
    options["extra_footer"] = FOOTER[language].format(
        repo=repo,
        branch=options.get("repository_branch", "main"),
        shown=repo.removeprefix("https://"),
    )
    options["footer_content_items"] = ["extra-footer.html"]  # no "By <author>" line
    options["search_bar_text"] = SEARCH_TEXT[language]


def setup(app):
    app.connect("config-inited", _configure)
    app.add_post_transform(RepositoryFileLinks)
    app.add_post_transform(NoForeignImages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
