"""The READMEs point at what exists: README.md (English) and README.ko.md (the Korean edition)
each map every notebook of their edition, every local link resolves, every "first explained in"
heading of the prerequisites starts a heading of that notebook, the two link to each other, and
the Korean glossary's terms are the words its notebooks use."""

import json
import re
import tomllib
from pathlib import Path

import pytest
from editions import step_notebooks

ROOT = Path(__file__).resolve().parent.parent
READMES = {"en": ROOT / "README.md", "ko": ROOT / "README.ko.md"}
FOLDER = {"en": "notebooks", "ko": "notebooks/ko"}
REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["course"][
    "repository"
]
TEST_COMMAND = "python -m pip install -r requirements.txt && python -m pytest"


def _text(edition):
    return READMES[edition].read_text(encoding="utf-8")


def _markdown(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _headings(path):
    return {
        line.lstrip("#").strip() for line in _markdown(path).splitlines() if line.startswith("#")
    }


@pytest.mark.parametrize("edition", READMES)
def test_every_notebook_is_in_the_map(edition):
    for path in step_notebooks(edition):
        link = f"[{path.stem}]({FOLDER[edition]}/{path.name})"
        assert link in _text(edition), f"{path.name} is not in {READMES[edition].name}'s map"


@pytest.mark.parametrize("edition", READMES)
def test_every_local_link_resolves(edition):
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", _text(edition)):
        if "://" in target:
            continue
        assert (ROOT / target).exists(), f"{READMES[edition].name} links to {target}: missing"


@pytest.mark.parametrize("edition", READMES)
def test_prerequisite_sections_exist(edition):
    rows = re.findall(r"\[\w+\]\((notebooks/(?:ko/)?\w+\.ipynb)\), \"([^\"]+)\"", _text(edition))
    assert len(rows) >= 8, "no prerequisite rows found"
    for name, heading in rows:
        assert name.startswith(FOLDER[edition] + "/") and "/ko/" not in name.removeprefix(
            FOLDER[edition]
        ), f"{name}: a notebook of the other edition"
        headings = _headings(ROOT / name)
        assert any(h.startswith(heading) for h in headings), f"{name} has no '{heading}'"


@pytest.mark.parametrize("edition", READMES)
def test_the_readme_gives_the_test_command(edition):
    assert TEST_COMMAND in _text(edition)


def test_the_two_readmes_link_each_other_at_the_top():
    english_top = "\n".join(_text("en").splitlines()[:4])
    korean_top = "\n".join(_text("ko").splitlines()[:4])
    assert f"https://github.com/{REPOSITORY}/blob/main/README.ko.md" in english_top
    assert f"https://github.com/{REPOSITORY}/blob/main/README.md" in korean_top


def test_the_korean_binder_and_colab_badges_open_the_korean_first_notebook():
    target = "notebooks/ko/01_data_definition.ipynb"
    assert f"https://mybinder.org/v2/gh/{REPOSITORY}/main?urlpath=lab/tree/{target}" in _text("ko")
    assert f"https://colab.research.google.com/github/{REPOSITORY}/blob/main/{target}" in _text(
        "ko"
    )


def _glossary():
    """The rows of README.ko.md's glossary: (Korean terms, English, notebook path)."""
    section = _text("ko").split("## 용어집", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        link = re.fullmatch(r"\[\w+\]\((notebooks/ko/\w+\.ipynb)\)", cells[-1]) if cells else None
        if len(cells) == 4 and link:
            terms = re.split(r", | \(|\)", cells[0])
            rows.append(([term for term in terms if term], cells[1], ROOT / link.group(1)))
    return rows


def test_the_glossary_has_a_row_per_term_and_each_term_is_used_where_it_is_introduced():
    rows = _glossary()
    assert len(rows) >= 25, rows
    missing = [
        f"{term} ({english}) not in {path.name}"
        for terms, english, path in rows
        for term in terms
        if term not in " ".join(_markdown(path).split())  # a term may wrap onto the next line
    ]
    assert not missing, "\n".join(missing)


# Terms a learner meets beyond the lesson's own words (issue 20), and the words that say what 오차
# (the loss) must not: each has a row.
GLOSSARY_TERMS = {
    "외적": "outer product",
    "정확도": "accuracy",
    "혼동 행렬": "confusion matrix",
    "크로네커 곱": "Kronecker product",
    "몫의 미분법": "quotient rule",
    "로그 소프트맥스": "log-softmax",
    "양의 준정부호": "positive semidefinite",
    "곡률": "curvature",
    "오버플로": "overflow",
    "테스트 세트": "test set",
    "상대 차이": "relative error",
    "반올림 잡음": "rounding error",
    "허용치": "tolerance",
}


def test_the_glossary_has_the_terms_a_learner_meets():
    rows = {term: english for terms, english, _ in _glossary() for term in terms}
    missing = {
        term: english for term, english in GLOSSARY_TERMS.items() if rows.get(term) != english
    }
    assert not missing, f"no glossary row (Korean | English) for {missing}"


def test_the_glossary_says_what_n_is():
    """배치 | batch | N: N is the number of rows in the batch, and the row says so."""
    section = _text("ko").split("## 용어집", 1)[1]
    (row,) = [line for line in section.splitlines() if line.startswith("| 배치 |")]
    assert "$N$ (배치 크기" in row, row
