"""The Korean documents say what the English ones say: README.ko.md follows README.md, and
TEACHING.ko.md follows TEACHING.md, section by section.

Kept in step by this test, not by care. For each pair of documents:
- the same sections in the same order (`## ` headings), besides the Korean-only glossary;
- in each pair of sections, the same numbers in the prose (as scripts/sync_korean.py compares a
  notebook's markdown: numbers of two or more digits or with a decimal point, code, math and
  link targets aside), except in the README's section on the Korean edition, which says more
  in Korean (the Hangul font) than in English;
- the same commands (every fenced or indented code block, comments aside, with the Korean
  edition's `notebooks/ko/` read as `notebooks/`);
- the same local links, each to its own edition's file (`notebooks/X` -> `notebooks/ko/X`,
  `TEACHING.md` -> `TEACHING.ko.md`, the rest the same file), the language links of the first
  lines aside (each document links the other edition there; tests/test_readme.py checks them).
"""

import collections
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("sync_korean", ROOT / "scripts" / "sync_korean.py")
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)

PAIRS = {"README.md": "README.ko.md", "TEACHING.md": "TEACHING.ko.md"}
KOREAN_ONLY_SECTIONS = {"용어집"}  # the glossary: Korean terms against the English ones
# Sections whose numbers differ on purpose: the README's section on the Korean edition.
NUMBERS_DIFFER = {"한국어판: the Korean edition"}
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
LANGUAGE_LINES = 4  # the title, the language links (and a blank line, badges may follow)
INDENTED = re.compile(r"(?:^(?: {4}|\t)\S.*\n?)+", re.MULTILINE)


def _sections(text):
    """[(heading, body)]: the part before the first `## ` heading, then each section."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return [("", parts[0])] + list(zip(parts[1::2], parts[2::2], strict=True))


def _paired_sections(english_name):
    english = _sections((ROOT / english_name).read_text(encoding="utf-8"))
    korean = [
        section
        for section in _sections((ROOT / PAIRS[english_name]).read_text(encoding="utf-8"))
        if section[0] not in KOREAN_ONLY_SECTIONS
    ]
    assert len(english) == len(korean), (
        f"{PAIRS[english_name]} has {len(korean) - 1} sections (besides "
        f"{sorted(KOREAN_ONLY_SECTIONS)}), {english_name} {len(english) - 1}: "
        f"{[h for h, _ in english[1:]]} against {[h for h, _ in korean[1:]]}"
    )
    return list(zip(english, korean, strict=True))


def _numbers(text):
    prose = sync.HIDDEN_FROM_PROSE.sub(" ", text)
    return collections.Counter(n for n in sync.PROSE_NUMBER.findall(prose) if len(n) > 1)


def _commands(text):
    """Every code block's lines, comments and blank lines aside, `notebooks/ko/` as `notebooks/`."""
    blocks = FENCED.findall(text) + INDENTED.findall(FENCED.sub("", text))
    lines = []
    for block in blocks:
        for line in block.splitlines():
            code = re.sub(r"\s+#.*$", "", line).strip().replace("notebooks/ko/", "notebooks/")
            if code and not code.startswith("#"):
                lines.append(code)
    return lines


def _korean_target(target):
    """Where the Korean document links instead of the English `target`."""
    if target.startswith("notebooks/") and not target.startswith("notebooks/ko/"):
        korean = "notebooks/ko/" + target.removeprefix("notebooks/")
        if (ROOT / korean).exists():
            return korean
    if target in PAIRS:
        return PAIRS[target]
    other = {korean: english for english, korean in PAIRS.items()}  # the language link
    return other.get(target, target)


@pytest.mark.parametrize("english_name", PAIRS)
def test_the_korean_document_has_the_same_sections(english_name):
    _paired_sections(english_name)


@pytest.mark.parametrize("english_name", PAIRS)
def test_each_section_gives_the_same_numbers(english_name):
    problems = []
    for (e_heading, e_body), (k_heading, k_body) in _paired_sections(english_name):
        if e_heading in NUMBERS_DIFFER:
            continue
        missing = sorted((_numbers(e_body) - _numbers(k_body)).elements())
        extra = sorted((_numbers(k_body) - _numbers(e_body)).elements())
        if missing or extra:
            problems.append(f"'{e_heading}' / '{k_heading}': missing {missing}, extra {extra}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("english_name", PAIRS)
def test_the_same_commands(english_name):
    english = _commands((ROOT / english_name).read_text(encoding="utf-8"))
    korean = _commands((ROOT / PAIRS[english_name]).read_text(encoding="utf-8"))
    assert english == korean


@pytest.mark.parametrize("english_name", PAIRS)
def test_the_same_local_links_each_to_its_own_edition(english_name):
    def local(text):
        return collections.Counter(t for t in LINK.findall(text) if "://" not in t)

    def body(name):  # without the title and the language line under it
        return "\n".join((ROOT / name).read_text(encoding="utf-8").splitlines()[LANGUAGE_LINES:])

    english = body(english_name)
    korean = local(body(PAIRS[english_name]))
    expected = collections.Counter(_korean_target(t) for t in local(english).elements())
    # The glossary links its terms' notebooks: those are the Korean document's own.
    glossary = "".join(
        text
        for heading, text in _sections((ROOT / PAIRS[english_name]).read_text("utf-8"))
        if heading in KOREAN_ONLY_SECTIONS
    )
    korean -= local(glossary)
    assert sorted((expected - korean).elements()) == [], "links missing in the Korean document"
    assert sorted((korean - expected).elements()) == [], "links only the Korean document has"
    for target in korean:
        assert (ROOT / target).exists(), f"{PAIRS[english_name]} links to {target}: missing"


def test_the_comparison_catches_a_missing_number_and_a_missing_section():
    """The checks above can fail: a Korean text that drops a number, or a section, is caught."""
    english = "intro\n## A\nrises at 1.34 x the bound, 30 rows\n## B\nmore\n"
    korean = "소개\n## 가\n30행\n"
    assert _numbers("rises at 1.34 x the bound, 30 rows") - _numbers("30행") == {"1.34": 1}
    assert len(_sections(english)) != len(_sections(korean))
    assert _commands("    python x.py --csv f.csv   # 채점\n") == ["python x.py --csv f.csv"]
