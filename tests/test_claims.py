"""Every sentence about a computed result has a code cell beside it that proves it.

The rule (README, "Writing a notebook"): a markdown cell that states a computed fact ("lower",
"finite", "crosses at step k", "N times faster", a printed value) tags the claim with an HTML
comment, invisible when the notebook is rendered:

    The flawed run's loss stays below the correct one until step 37. <!-- claim: crossing -->

and one of the next few code cells starts a line with `# claim: crossing`, computes the value,
prints it and asserts it, so that nbval fails the day the sentence stops being true. A
markdown cell that uses a claim word without stating a computed fact says so, with a reason:
`<!-- not-a-claim: a definition, nothing is computed -->`.

The rule reaches explanations too: a sentence that gives a CAUSE for a computed effect
("because", "that is why", "comes from", "due to", ...) is tagged `<!-- cause: name -->`, and one
of the next few code cells starts a line with `# cause: name` and runs an experiment that could
refute it: it removes (or changes) the supposed cause, shows the effect goes (or stays), and
says in a line `# without the cause: ...` what it took away. A causal word that explains no
computed effect (a definition, a derivation) says so: `<!-- not-a-cause: a derivation -->`.
"""

import json
import re

import pytest
from editions import ALL_STEP_NOTEBOOKS, notebook_name

# Both editions: the Korean notebooks carry the English ones' markers (tests/test_korean.py),
# and a decimal number in Korean prose is a claim as much as in English.
NOTEBOOKS = ALL_STEP_NOTEBOOKS
CLAIM_TAG = re.compile(r"<!--\s*claim:\s*([a-z0-9-]+)\s*-->")
NOT_A_CLAIM_TAG = re.compile(r"<!--\s*not-a-claim:\s*(\S[^>]*?)\s*-->")
CODE_CLAIM = re.compile(r"^#\s*claim:\s*([a-z0-9-]+)\s*$", re.MULTILINE)
# Words that usually state a computed result; a decimal number outside $math$ is one too.
CLAIM_WORDS = re.compile(
    r"\b(faster|slower|times as|lower|higher|below|above|finite|overflows?|underflows?|"
    r"crosses|overtakes|smaller than|larger than|more than|less than|never|exactly)\b",
    re.IGNORECASE,
)
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", re.DOTALL)
CODE_SPAN = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
CAUSE_TAG = re.compile(r"<!--\s*cause:\s*([a-z0-9-]+)\s*-->")
NOT_A_CAUSE_TAG = re.compile(r"<!--\s*not-a-cause:\s*(\S[^>]*?)\s*-->")
CODE_CAUSE = re.compile(r"^#\s*cause:\s*([a-z0-9-]+)\s*$", re.MULTILINE)
WITHOUT_THE_CAUSE = re.compile(r"^\s*#\s*without the cause:\s*\S", re.MULTILINE)
# Words that give a reason. "so" alone is left out: it mostly means "therefore" between two
# computed facts, each tagged as a claim already.
CAUSE_WORDS = re.compile(
    r"\b(because|that is why|which is why|comes? from|due to|caused by|causes?|the reason)\b",
    re.IGNORECASE,
)
# How many cells after the markdown cell the proving code cell may stand.
REACH = 4


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell):
    return "".join(cell["source"])


def _prose(text):
    """The markdown without math, code, link targets and HTML comments: the sentences."""
    for pattern in (MATH, CODE_SPAN, LINK_TARGET, re.compile(r"<!--.*?-->", re.DOTALL)):
        text = pattern.sub(" ", text)
    return text


def _tagged_with_their_cells(cells, prose_tag, code_tag):
    """(name, markdown cell index, the code cell within REACH marked `# <kind>: name` or None)
    for every `<!-- <kind>: name -->` in the markdown."""
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        for name in prose_tag.findall(_source(cell)):
            nearby = [c for c in cells[index + 1 : index + 1 + REACH] if c["cell_type"] == "code"]
            proof = [c for c in nearby if name in code_tag.findall(_source(c))]
            yield name, index, proof[0] if proof else None


def _marked_without_a_tag(cells, prose_tag, code_tag):
    """The names that code cells mark (`# <kind>: name`) and no markdown cell tags."""
    tagged, marked = set(), set()
    for cell in cells:
        if cell["cell_type"] == "markdown":
            tagged.update(prose_tag.findall(_source(cell)))
        else:
            marked.update(code_tag.findall(_source(cell)))
    return marked - tagged


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_name)
def test_every_tagged_claim_is_proven_by_a_code_cell_beside_it(path):
    problems = []
    for claim, index, proof in _tagged_with_their_cells(_cells(path), CLAIM_TAG, CODE_CLAIM):
        if proof is None:
            problems.append(f"claim {claim!r} (cell {index}): no `# claim: {claim}` cell")
        elif "assert" not in _source(proof) or not proof["outputs"]:
            problems.append(f"claim {claim!r}: its cell must assert AND print the value")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_name)
def test_every_proving_cell_belongs_to_a_claim(path):
    stray = _marked_without_a_tag(_cells(path), CLAIM_TAG, CODE_CLAIM)
    assert not stray, f"`# claim:` cells without a claim in the prose: {stray}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_name)
def test_claim_words_in_prose_are_tagged(path):
    """A markdown cell whose sentences use a claim word or a decimal number is either tagged
    with the claims it makes or says why it makes none."""
    untagged = []
    for index, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        source = _source(cell)
        if CLAIM_TAG.search(source) or NOT_A_CLAIM_TAG.search(source):
            continue
        prose = _prose(source)
        found = CLAIM_WORDS.findall(prose) + DECIMAL.findall(prose)
        if found:
            untagged.append(f"cell {index}: {sorted(set(found))}")
    assert not untagged, (
        "markdown cells that look like they state computed facts, with no "
        "<!-- claim: id --> or <!-- not-a-claim: reason --> tag:\n" + "\n".join(untagged)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_name)
def test_every_stated_cause_is_tested_by_an_experiment_beside_it(path):
    problems = []
    for cause, index, proof in _tagged_with_their_cells(_cells(path), CAUSE_TAG, CODE_CAUSE):
        if proof is None:
            problems.append(f"cause {cause!r} (cell {index}): no `# cause: {cause}` cell")
            continue
        if "assert" not in _source(proof) or not proof["outputs"]:
            problems.append(f"cause {cause!r}: its cell must assert AND print the outcome")
        if not WITHOUT_THE_CAUSE.search(_source(proof)):
            problems.append(
                f"cause {cause!r}: its cell must remove the cause and say so "
                "in a `# without the cause: ...` line"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_name)
def test_every_experiment_belongs_to_a_stated_cause(path):
    stray = _marked_without_a_tag(_cells(path), CAUSE_TAG, CODE_CAUSE)
    assert not stray, f"`# cause:` cells without a cause in the prose: {stray}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_name)
def test_causal_sentences_are_tagged(path):
    """A markdown cell that gives a reason ("because", "comes from", ...) either tags the cause
    it states, with an experiment beside it, or says why it states none."""
    untagged = []
    for index, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        source = _source(cell)
        if CAUSE_TAG.search(source) or NOT_A_CAUSE_TAG.search(source):
            continue
        found = CAUSE_WORDS.findall(_prose(source))
        if found:
            untagged.append(f"cell {index} ({cell.get('id')}): {sorted(set(found))}")
    assert not untagged, (
        "markdown cells that give a cause, with no <!-- cause: id --> or "
        "<!-- not-a-cause: reason --> tag:\n" + "\n".join(untagged)
    )
