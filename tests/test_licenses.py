"""Others may reuse the course: the code is MIT, the prose, figures and notebooks CC BY 4.0 (the
license texts are in the repository), both READMEs say which covers what, the iris data keep
their own terms in data/README.md, and CITATION.cff (Citation File Format 1.2.0, what GitHub's
"Cite this repository" reads) parses and names the licenses."""

import datetime
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REPOSITORY = PYPROJECT["tool"]["course"]["repository"]
LICENSE_FILES = {"MIT": ROOT / "LICENSE", "CC-BY-4.0": ROOT / "LICENSES" / "CC-BY-4.0.txt"}
# Each text's own title and a sentence of its grant, as the official texts word them.
LICENSE_WORDING = {
    "MIT": ["MIT License", "Permission is hereby granted, free of charge, to any person"],
    "CC-BY-4.0": [
        "Creative Commons Attribution 4.0 International Public License",
        "Section 3 – License Conditions.",
        "Section 8 – Interpretation.",
    ],
}
READMES = {"en": ROOT / "README.md", "ko": ROOT / "README.ko.md"}
LICENSE_HEADING = {"en": "## License", "ko": "## 라이선스"}
# The keys Citation File Format 1.2.0 defines at the top level, and those it requires.
CFF_KEYS = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type",
    "url", "version",
}  # fmt: skip
CFF_REQUIRED = {"cff-version", "message", "title", "authors"}


@pytest.mark.parametrize("spdx", LICENSE_FILES)
def test_each_license_text_is_there_in_full(spdx):
    text = LICENSE_FILES[spdx].read_text(encoding="utf-8")
    for words in LICENSE_WORDING[spdx]:
        assert words in text, f"{LICENSE_FILES[spdx].name}: {words!r} missing"
    if spdx == "MIT":
        assert re.search(r"^Copyright \(c\) \d{4} \S", text, re.MULTILINE), "no copyright line"


def _section(edition):
    """The README's license section: from its heading to the next heading of that level."""
    text = READMES[edition].read_text(encoding="utf-8")
    heading = LICENSE_HEADING[edition]
    assert f"\n{heading}\n" in text, f"{READMES[edition].name}: no '{heading}' section"
    return text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("edition", READMES)
def test_the_readme_says_which_license_covers_what(edition):
    section = _section(edition)
    for path in LICENSE_FILES.values():
        assert f"]({path.relative_to(ROOT).as_posix()})" in section, f"no link to {path.name}"
    assert "MIT" in section and "CC BY 4.0" in section
    assert "](data/README.md)" in section  # the data's own terms
    code, content = ("helpers/", "notebooks/") if edition == "en" else ("helpers/", "노트북")
    mit, cc = section.index("MIT"), section.index("CC BY 4.0")
    assert code in section[mit : mit + 400], "the MIT sentence does not name the code"
    assert content in section[cc : cc + 400], "the CC BY sentence does not name the notebooks"


def test_the_iris_data_keep_their_own_terms():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "doi:10.24432/C56C76" in text and "CC BY 4.0" in text
    assert "## Terms of use" in text


def test_citation_cff_parses_and_names_the_licenses():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert CFF_REQUIRED <= set(cff), f"missing: {CFF_REQUIRED - set(cff)}"
    assert set(cff) <= CFF_KEYS, f"not CFF 1.2.0 keys: {set(cff) - CFF_KEYS}"
    assert cff.get("type", "software") in {"software", "dataset"}
    assert isinstance(cff["authors"], list) and cff["authors"]
    for author in cff["authors"]:
        assert author.get("name") or author.get("family-names"), author
    assert sorted(cff["license"]) == sorted(LICENSE_FILES)  # SPDX identifiers, both
    assert cff["repository-code"] == f"https://github.com/{REPOSITORY}"
    assert cff["version"] == PYPROJECT["project"]["version"]
    assert isinstance(cff["date-released"], datetime.date)  # YAML reads YYYY-MM-DD as a date


def test_the_wheel_metadata_names_the_licenses():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"  # the code, and the iris data it carries
    assert sorted(project["license-files"]) == sorted(
        path.relative_to(ROOT).as_posix() for path in LICENSE_FILES.values()
    )
