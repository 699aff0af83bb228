"""The Korean edition (notebooks/ko/) is in step with the English notebooks, cell by cell
(scripts/sync_korean.py), and the check that says so fails, naming the Korean cell, when one
edition changes without the other."""

import copy
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from editions import HANGUL, NOTEBOOK_DIR, notebook_name, step_notebooks

ROOT = NOTEBOOK_DIR.parent
SCRIPT = ROOT / "scripts" / "sync_korean.py"
_spec = importlib.util.spec_from_file_location("sync_korean", SCRIPT)
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)

ENGLISH = step_notebooks("en")


def test_every_english_notebook_has_a_korean_one_and_no_other():
    assert [path.name for path in step_notebooks("ko")] == [path.name for path in ENGLISH]


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name)
def test_the_korean_notebook_is_in_step_with_the_english_one(english):
    problems = sync.pair_problems(english, sync.korean_path(english))
    assert not problems, "\n".join(problems) + (
        "\n(see scripts/sync_korean.py: re-translate the named cells, then --stamp them)"
    )


def _prose_words(markdown):
    """The words of a markdown text outside math, code, links' targets and HTML comments."""
    return re.findall(r"[A-Za-z]{3,}", sync.HIDDEN_FROM_PROSE.sub(" ", markdown))


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name)
def test_every_korean_markdown_cell_is_translated(english):
    """A Korean markdown cell whose English cell has sentences holds Hangul: nothing was left
    in English by mistake."""
    korean = nbformat.read(sync.korean_path(english), as_version=4)
    left = [
        f"cell {index} (id {k_cell.id})"
        for index, (e_cell, k_cell) in enumerate(
            zip(nbformat.read(english, as_version=4).cells, korean.cells, strict=True)
        )
        if e_cell.cell_type == "markdown"
        and len(_prose_words(e_cell.source)) >= 4
        and not HANGUL.search(k_cell.source)
    ]
    assert not left, f"{notebook_name(sync.korean_path(english))}: not translated: {left}"


# --- the check itself: it fails, and names the Korean cell, for each kind of drift -----------


def _pair(tmp_path, english_cells, korean_cells=None, stamped=True):
    """An English and a Korean notebook in tmp_path, the Korean cells stamped with the English
    sources (as after a translation), outputs as given."""
    korean_cells = copy.deepcopy(english_cells) if korean_cells is None else korean_cells
    paths = []
    for folder, cells in (("en", english_cells), ("ko", korean_cells)):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = cells
        path = tmp_path / folder / "01_tiny.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, path)
        paths.append(path)
    if stamped:
        ids = [cell.id for cell in korean_cells]
        for cell_id in ids:
            english = next(cell for cell in english_cells if cell.id == cell_id)
            cell = next(cell for cell in korean_cells if cell.id == cell_id)
            cell.metadata[sync.STAMP_KEY] = {"sha256": sync.source_hash(english.source)}
        notebook = nbformat.read(paths[1], as_version=4)
        notebook.cells = korean_cells
        nbformat.write(notebook, paths[1])
    return paths


def _markdown(source, cell_id):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    return cell


def _code(source, cell_id, text=None):
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id
    if text is not None:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return cell


ENGLISH_CELLS = [
    # inline math wrapped onto the next line, as English prose wraps (Korean wraps elsewhere)
    _markdown("# 1. Tiny\n\nThe loss is $L =\n-\\log S_t$. <!-- claim: tiny -->", "title"),
    _code(
        '# claim: tiny\nloss = 0.5  # the loss\nassert loss < 1\nprint(f"loss {loss:.2f}")\n'
        'ax.set_title(f"Loss at step {loss:.1f}")',
        "proof",
        "loss 0.50\n",
    ),
]
KOREAN_CELLS = [
    _markdown("# 1. 작은 예\n\n오차는 $L = -\\log S_t$이다. <!-- claim: tiny -->", "title"),
    _code(
        '# claim: tiny\nloss = 0.5  # 오차\nassert loss < 1\nprint(f"loss {loss:.2f}")\n'
        'ax.set_title(f"{loss:.1f} 스텝에서의 오차")',
        "proof",
        "loss 0.50\n",
    ),
]


def _problems(tmp_path, english_cells=ENGLISH_CELLS, korean_cells=KOREAN_CELLS):
    english, korean = _pair(tmp_path, copy.deepcopy(english_cells), copy.deepcopy(korean_cells))
    return sync.pair_problems(english, korean)


def test_a_faithful_translation_passes(tmp_path):
    """Comments, a plot label (an f-string whose field moved) and prose translated; code,
    printed text, math and markers kept."""
    assert _problems(tmp_path) == []


def _edited(cells, index, old, new):
    cells = copy.deepcopy(cells)
    assert old in cells[index].source
    cells[index].source = cells[index].source.replace(old, new)
    return cells


@pytest.mark.parametrize(
    ("index", "old", "new", "expected"),
    [
        (1, "loss = 0.5", "loss = 0.25", "the code differs"),
        (1, "assert loss < 1", "assert loss <= 1", "the code differs"),
        (1, 'print(f"loss', 'print(f"오차', None),  # a translated print with another number
        (0, "$L = -\\log S_t$", "$L = \\log S_t$", "inline math differs"),
        (1, "assert loss < 1\n", "assert loss < 1\nloss = 1\n", "Korean line 4 `loss = 1`"),
        (0, " <!-- claim: tiny -->", "", "claim markers differ"),
        (
            0,
            "오차는",
            "12 스텝 뒤 오차는",
            "numbers in the prose differ: missing [], not in English ['12']",
        ),
    ],
)
def test_a_change_to_the_korean_code_math_or_markers_is_named(tmp_path, index, old, new, expected):
    korean = _edited(KOREAN_CELLS, index, old, new)
    if expected is None:  # the output, refreshed, prints another number: simulate that
        korean[1].outputs[0].text = "오차 0.51\n"
        expected = "its stored outputs differ"
    problems = _problems(tmp_path, korean_cells=korean)
    assert problems and all(f"id {korean[index].id}" in p for p in problems), problems
    assert any(expected in problem for problem in problems), problems


def test_an_english_edit_makes_the_korean_cell_stale_and_names_it(tmp_path):
    english, korean = _pair(tmp_path, copy.deepcopy(ENGLISH_CELLS), copy.deepcopy(KOREAN_CELLS))
    assert sync.pair_problems(english, korean) == []
    notebook = nbformat.read(english, as_version=4)
    notebook.cells[0].source += "\n\nA new English sentence."
    nbformat.write(notebook, english)
    (problem,) = sync.pair_problems(english, korean)
    assert "cell 0 (id title, '# 1. 작은 예')" in problem
    assert "translated from an older English source" in problem
    assert "A new English sentence." in problem  # what to translate, shown
    assert sync.pair_problems(english, korean, stamps=False) == []


def test_an_english_comment_edit_makes_the_korean_code_cell_stale(tmp_path):
    english, korean = _pair(tmp_path, copy.deepcopy(ENGLISH_CELLS), copy.deepcopy(KOREAN_CELLS))
    notebook = nbformat.read(english, as_version=4)
    notebook.cells[1].source = notebook.cells[1].source.replace("# the loss", "# the summed loss")
    nbformat.write(notebook, english)
    (problem,) = sync.pair_problems(english, korean)
    assert "id proof" in problem and "translated from an older English source" in problem


def test_stamping_after_re_translating_clears_the_problem(tmp_path):
    english, korean = _pair(tmp_path, copy.deepcopy(ENGLISH_CELLS), copy.deepcopy(KOREAN_CELLS))
    notebook = nbformat.read(english, as_version=4)
    notebook.cells[0].source += "\n\nA new English sentence."
    nbformat.write(notebook, english)
    sync.stamp_cells(english, korean, ["title"])
    assert sync.pair_problems(english, korean) == []


def test_a_missing_moved_or_retyped_cell_is_named(tmp_path):
    reordered = list(reversed(copy.deepcopy(KOREAN_CELLS)))
    (problem,) = _problems(tmp_path, korean_cells=reordered)
    assert "not the English cells in the same order: at cell 0" in problem
    (problem,) = _problems(tmp_path / "b", korean_cells=copy.deepcopy(KOREAN_CELLS[:1]))
    assert "2 English cells, 1 Korean" in problem


def test_an_unstamped_cell_is_named(tmp_path):
    english, korean = _pair(
        tmp_path, copy.deepcopy(ENGLISH_CELLS), copy.deepcopy(KOREAN_CELLS), stamped=False
    )
    problems = sync.pair_problems(english, korean)
    assert len(problems) == 2 and all("not stamped" in p for p in problems)


def test_the_command_line_check_fails_and_names_the_cell(tmp_path):
    """The command a maintainer runs, on the repository's own notebooks with one English
    markdown cell edited (in a copy of notebooks/): exit 1 and the Korean cell named."""
    copy_root = tmp_path / "repo"
    (copy_root / "scripts").mkdir(parents=True)
    (copy_root / "scripts" / "sync_korean.py").write_bytes(SCRIPT.read_bytes())
    notebooks = copy_root / "notebooks"
    (notebooks / "ko").mkdir(parents=True)
    for english in ENGLISH:
        (notebooks / english.name).write_bytes(english.read_bytes())
        (notebooks / "ko" / english.name).write_bytes(sync.korean_path(english).read_bytes())
    command = [sys.executable, str(copy_root / "scripts" / "sync_korean.py"), "--check"]
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0
    edited = notebooks / "03_loss.ipynb"
    notebook = json.loads(edited.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"][1:] if c["cell_type"] == "markdown")
    cell["source"] = ["An English edit.\n", *cell["source"]]
    edited.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"notebooks/ko/03_loss.ipynb cell {notebook['cells'].index(cell)} (id {cell['id']}" in (
        result.stdout
    )
    assert "1 problem(s)" in result.stdout


def test_korean_cells_of_the_check_are_labelled_with_a_path_a_maintainer_can_open():
    english = ENGLISH[0]
    problems = sync.pair_problems(english, Path("/nonexistent/ko") / english.name)
    assert problems == [
        f"/nonexistent/ko/{english.name}: missing (the Korean edition of {english.name}; "
        f"start it with --new notebooks/{english.name})"
    ]


# --- one word for one thing in the Korean prose (issue 20) ------------------------------------
# 오차 is the loss (the glossary's 오차 (손실)) and nothing else; a notebook is
# "노트북 N", and "N단계" names only a section of 02_forward, in its heading
# ("1단계: 로짓"); the rest are 번역투 that a Korean author would not write.
# Each entry: what the prose must not say -> what to say instead.
ONE_WAY = {
    r"상대 오차": "상대 차이 (오차 is the loss)",
    r"반올림 오차": "반올림 잡음 (오차 is the loss)",
    r"허용 오차": "허용치 (오차 is the loss)",
    r"근사 오차": "근사의 차이 (오차 is the loss)",
    r"평균 오차": "평균한 오차, 오차의 평균 (the mean of the loss, not a 'mean error')",
    r"유한 차분": "중앙 차분 (what the notebooks compute)",
    r"오버플로우": "오버플로 (the glossary's word)",
    r"혼동행렬|오차 행렬": "혼동 행렬 (the glossary's word)",
    r"테스트 ?셋": "테스트 세트 (the glossary's word)",
    r"반정부호": "준정부호 (the glossary's 양의 준정부호)",
    r"안정한": "안정적인 (one word)",
    r"지나치기": "오버슈팅",
    # 손실 only where the word is given as the textbooks' name for 오차: "오차 (손실)" in the
    # glossary, "오차를 흔히 손실이라고 부른다" in 03.
    r"(?<!\()손실(?!이라고)": "오차 (the course's word for the loss)",
    r"글자 그대로": "say what is meant (번역투 'literally')",
    r"밟": "스텝을 가다, 한 스텝 (번역투 'take a step')",
    r"우리": "이 과정의, 이 (번역투 'our', 'we')",
    r"\d+단계(?!:)": "노트북 N (N단계 names only 02's sections, in their headings)",
    r"다:": "a full stop (an English-style colon after a sentence)",
}
ONE_WAY_PATTERN = re.compile("|".join(f"(?:{pattern})" for pattern in ONE_WAY))
# Cells that other changes (the exercise prompts with the checks, and the cells named in issue 20's
# other parts) were rewriting while these words were fixed: emptied as those land.
# (notebook, cell id) -> the phrases the cell still holds.
PENDING_ONE_WAY = {}


def one_way_problems(text):
    """The phrases of ONE_WAY in a markdown text's prose (outside math, code, link targets and
    comments, lines joined so that a phrase wrapped onto the next line counts), in order."""
    prose = " ".join(sync.HIDDEN_FROM_PROSE.sub(" ", text).split())
    return [match.group(0) for match in ONE_WAY_PATTERN.finditer(prose)]


def _korean_one_way_problems():
    """{(notebook, cell id): phrases} for every Korean markdown cell, figure's alt text and
    README.ko.md."""
    found = {}
    for korean in step_notebooks("ko"):
        for cell in nbformat.read(korean, as_version=4).cells:
            text = cell.source if cell.cell_type == "markdown" else sync.alt_text(cell) or ""
            if hits := one_way_problems(text):
                found[(korean.stem, cell.id)] = hits
    if hits := one_way_problems((ROOT / "README.ko.md").read_text(encoding="utf-8")):
        found[("README.ko.md", "")] = hits
    return found


def test_one_way_problems_finds_each_phrase_and_nothing_else():
    sample = (
        "상대\n오차가 $10^{-7}$ 미만이다(반올림 오차). 우리 샘플을 (4단계) `허용 오차` 본다: "
        "스텝을 밟는다. <!-- 평균 오차 --> [안정한](안정한.ipynb)"
    )
    # the link's text is prose, its target is not: one 안정한
    assert one_way_problems(sample) == [
        "상대 오차",
        "반올림 오차",
        "우리",
        "4단계",
        "다:",
        "밟",
        "안정한",
    ]
    fine = (
        "## 1단계: 로짓\n\n오차(loss)가 줄어든다. 합한 오차와 오차의 평균, 상대 차이, 반올림 잡음, "
        "허용치 1e-12. 노트북 4에서 본다. 안정적인 소프트맥스. 다음과 같다.\n\n$$a: b$$"
    )
    assert one_way_problems(fine) == []


def test_the_korean_prose_says_each_thing_one_way():
    found = _korean_one_way_problems()
    left = {key: hits for key, hits in found.items() if key not in PENDING_ONE_WAY}
    assert not left, "\n".join(
        f"{name} {cell_id}: {hit!r} -> {ONE_WAY[next(p for p in ONE_WAY if re.fullmatch(p, hit))]}"
        for (name, cell_id), hits in left.items()
        for hit in hits
    )


def test_the_pending_cells_still_need_the_fix():
    """An entry of PENDING_ONE_WAY whose cell is fixed (or gone) is removed, so that the list
    only shrinks."""
    found = _korean_one_way_problems()
    stale = [key for key in PENDING_ONE_WAY if found.get(key) != PENDING_ONE_WAY[key]]
    assert not stale, f"fixed or changed, remove from PENDING_ONE_WAY (or update it): {stale}"


def test_a_printed_sentence_in_korean_passes_when_it_prints_the_same_numbers(tmp_path):
    korean = _edited(
        KOREAN_CELLS, 1, 'print(f"loss {loss:.2f}")', 'print(f"오차는 {loss:.2f}이다")'
    )
    korean[1].outputs[0].text = "오차는 0.50이다\n"
    assert _problems(tmp_path, korean_cells=korean) == []


CHECKING_CELLS = [
    _markdown("# 1. Tiny\n\nWrite softmax.", "title"),
    _code("import helpers\nimport helpers.exercises", "setup"),
]


def _with_language_lines(count, cells=CHECKING_CELLS):
    korean = copy.deepcopy(cells)
    korean[0].source = "# 1. 작은 예\n\n소프트맥스를 작성하자."
    korean[1].source += "".join(f"\n{sync.LANGUAGE_LINE}  # 한국어로" for _ in range(count))
    return korean


def test_a_notebook_with_checks_runs_the_language_line_once(tmp_path):
    english, korean = _pair(tmp_path, copy.deepcopy(CHECKING_CELLS), _with_language_lines(1))
    assert sync.pair_problems(english, korean) == []


@pytest.mark.parametrize("count", [0, 2])
def test_the_language_line_missing_or_repeated_is_named(tmp_path, count):
    english, korean = _pair(tmp_path, copy.deepcopy(CHECKING_CELLS), _with_language_lines(count))
    (problem,) = sync.pair_problems(english, korean)
    once = "once, before its first check or comparison table"
    assert f'runs `helpers.use_language("ko")` {count} times; {once}' in problem


def test_the_language_line_in_a_notebook_without_checks_is_named(tmp_path):
    plain = [CHECKING_CELLS[0], _code("import helpers", "setup")]
    english, korean = _pair(tmp_path, copy.deepcopy(plain), _with_language_lines(1, plain))
    (problem,) = sync.pair_problems(english, korean)
    assert "1 times; never: it has no exercise checks or comparison tables" in problem


def test_only_the_language_line_is_allowed_as_extra_code(tmp_path):
    korean = _with_language_lines(1)
    korean[1].source += '\nhelpers.use_language("en")'
    english, korean_path = _pair(tmp_path, copy.deepcopy(CHECKING_CELLS), korean)
    problems = sync.pair_problems(english, korean_path)
    assert any("the code differs" in problem for problem in problems), problems


def test_a_full_stop_after_a_number_is_not_a_decimal_point():
    assert sync._numbers("checked 2300. Then 0.5 and 1e-7, -1000") == sorted(
        ["2300", "0.5", "1e-7", "-1000"]
    )


@pytest.mark.parametrize(
    "english",
    [path for path in sync.english_notebooks() if "helpers.exercises" in path.read_text()],
    ids=lambda path: path.name,
)
def test_the_checks_answer_in_korean_in_the_korean_notebooks(english):
    """Every stored check output of a Korean notebook is in Korean (helpers.use_language)."""
    korean = nbformat.read(sync.korean_path(english), as_version=4)
    checks = [
        cell
        for cell in korean.cells
        if cell.cell_type == "code" and "from helpers.exercises import check_" in cell.source
    ]
    assert checks
    for cell in checks:
        printed = "".join(output.get("text", "") for output in cell.outputs)
        assert HANGUL.search(printed), (cell.id, printed)


# --- a translated f-string: its {fields} may move, and may hold translated strings themselves --


def _code_differs(english_source, korean_source):
    """The check's verdict on two code cells: None when they are the same code."""
    return sync._code_problem(_code(english_source, "c"), _code(korean_source, "c"))


ENGLISH_FIELDS = "print(f\"same: {'yes' if same else 'no'}, rows {n}\")"


@pytest.mark.parametrize(
    "korean",
    [
        "print(f\"같다: {'예' if same else '아니요'}, 행 {n}개\")",  # a field holds a translation
        "print(f\"{n}개 행에서 같다: {'예' if same else '아니요'}\")",  # and the fields moved
        "print(f\"같다: {'yes' if same else 'no'}, 행 {n}개\")",  # a field left as it was
    ],
)
def test_a_translated_f_string_field_passes(korean):
    assert _code_differs(ENGLISH_FIELDS, korean) is None


@pytest.mark.parametrize(
    "korean",
    [
        "print(f\"같다: {'예' if equal else '아니요'}, 행 {n}개\")",  # another variable
        "print(f\"같다: {'예' if not same else '아니요'}, 행 {n}개\")",  # another condition
        "print(f\"같다: {'예' if same else '아니요'}, 행 {m}개\")",  # another field
        "print(f\"같다: {'예' if same else '아니요'}, 행 {n!r}개\")",  # another conversion
        "print(f\"같다: {'예' if same else '아니요'}, 행 {n:3d}개\")",  # another format
        "print(f\"같다: {'예' if same else '아니요'}\")",  # a field dropped
        "print(f\"같다: {'예' if same else '아니요'}, 행 {n}개 {n}\")",  # a field added
        "print(f\"같다: {'예' if same else '아니요'}, {'예' if same else '아니요'}개\")",  # twice
    ],
)
def test_a_changed_f_string_field_is_named(korean):
    problem = _code_differs(ENGLISH_FIELDS, korean)
    assert problem and "the code differs" in problem, problem


# --- what a Korean notebook prints is Korean (issue 20): code, names and numbers aside ---------
# An ASCII word of two or more letters in a Korean notebook's stored output (stream and
# text/plain; figures and intended errors aside) must be one of these; a word a learner has to
# read as English prose is never here. A word with "_" or "." in it (sepal_length, S_t,
# helpers.loss_gradient, np.errstate, torch.float32, .grad) is code and passes.
PRINTED_ASCII_WORDS = {
    # libraries and their types and values
    *("NumPy", "PyTorch", "float64", "float32", "int32", "dtype", "True", "False", "None"),
    *("nan", "inf"),
    # PyTorch's names the notebooks call: loss.backward(), optim.SGD(lr=...)
    *("backward", "lr"),
    # the course's package, and its variables and parameters as the code names them
    # (learning_rate = ..., steps = ..., pred, np.random.randn)
    *("helpers", "pred", "loss", "steps", "randn"),
    # math: derivatives, functions and symbols written in ASCII (eta is η, Lambda is Λ)
    *("dL", "dW", "dB", "dZ", "dS", "log", "ln", "exp", "sum", "max", "softmax", "eta", "Lambda"),
    # the iris data: the species' Latin names and the unit of its measurements
    *("setosa", "versicolor", "virginica", "cm"),
}
# Cells whose output is code: (notebook, cell id) -> why.
PRINTS_CODE = {
    ("04_backward", "0e797f81"): "prints the source of helpers.lesson_flawed_jacobian",
}
ASCII_WORD = re.compile(r"(?<![A-Za-z0-9_.])\.?[A-Za-z][A-Za-z0-9_.]*")


def _printed_texts(cell):
    """The text a code cell's stored outputs show a reader: streams and text/plain of outputs
    that are not figures (a figure's text/plain is `<Figure size ...>`, which nobody sees)."""
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            yield output.text
        elif output.output_type in ("execute_result", "display_data"):
            data = output.get("data", {})
            if "image/png" not in data:
                yield data.get("text/plain", "")


def english_words_printed(text):
    """The ASCII words of `text` that are neither code nor in PRINTED_ASCII_WORDS, in order."""
    words = []
    for match in ASCII_WORD.finditer(text):
        word = match.group(0).rstrip(".")  # a full stop after a word is the sentence's
        if "_" in word or "." in word or sum(c.isalpha() for c in word) < 2:
            continue
        if word not in PRINTED_ASCII_WORDS:
            words.append(word)
    return words


def test_english_words_printed_finds_prose_and_passes_code():
    text = "name   max abs diff   ok\nloop, S - Y: yes. helpers.loss_gradient와 np.errstate, S_t"
    assert english_words_printed(text) == ["name", "abs", "diff", "ok", "loop", "yes"]
    assert english_words_printed("W_leaf.grad: None, dL/dW < 1e-13, float64, 2Z의 pred") == []


def test_every_korean_notebook_prints_korean():
    found = []
    for korean in step_notebooks("ko"):
        for cell in nbformat.read(korean, as_version=4).cells:
            if cell.cell_type != "code" or (korean.stem, cell.id) in PRINTS_CODE:
                continue
            words = [word for text in _printed_texts(cell) for word in english_words_printed(text)]
            if words:
                found.append(f"{notebook_name(korean)} cell {cell.id}: {sorted(set(words))}")
    assert not found, "English printed in the Korean edition:\n" + "\n".join(found)


# --- a figure's alt text is translated too, and its stamp covers the English alt text ---------


def _figure(source, cell_id, alt):
    cell = _code(source, cell_id)
    if alt is not None:
        cell.metadata["mystnb"] = {"image": {"alt": alt}}
    return cell


FIGURE_SOURCE = "plt.plot([1, 2])\nplt.show()"
ENGLISH_ALT = "A line rising from 1 to 2: the loss of two steps, drawn as one straight segment."
KOREAN_ALT = "1에서 2로 오르는 직선: 두 스텝의 오차를 선분 하나로 그린 그래프."


def _figure_pair(tmp_path, korean_alt=KOREAN_ALT):
    english = [_figure(FIGURE_SOURCE, "plot", ENGLISH_ALT)]
    korean = [_figure(FIGURE_SOURCE, "plot", korean_alt)]
    for cell in korean:
        cell.metadata[sync.STAMP_KEY] = sync.stamp_of(english[0])
    return _pair(tmp_path, english, korean, stamped=False)


def test_a_translated_figure_with_its_alt_text_stamped_passes(tmp_path):
    assert sync.pair_problems(*_figure_pair(tmp_path)) == []


@pytest.mark.parametrize(
    ("korean_alt", "expected"),
    [
        (None, "no alt text (mystnb.image.alt), the English cell has one"),
        (ENGLISH_ALT, "its alt text is not in Korean"),
    ],
    ids=["missing", "english"],
)
def test_a_korean_figure_without_korean_alt_text_is_named(tmp_path, korean_alt, expected):
    problems = sync.pair_problems(*_figure_pair(tmp_path, korean_alt))
    assert any("id plot" in p and expected in p for p in problems), problems


def test_alt_text_only_the_korean_cell_has_is_named(tmp_path):
    english = [_figure(FIGURE_SOURCE, "plot", None)]
    korean = [_figure(FIGURE_SOURCE, "plot", KOREAN_ALT)]
    (problem,) = sync.pair_problems(*_pair(tmp_path, english, korean))
    assert "id plot" in problem and "the English cell has none" in problem


def test_an_alt_text_stamped_before_alt_stamps_existed_is_named(tmp_path):
    """A stamp of the source alone (as every stamp was before the alt text was stamped) does not
    vouch for the alt text: the cell is named until it is stamped again."""
    english, korean = _figure_pair(tmp_path)
    notebook = nbformat.read(korean, as_version=4)
    del notebook.cells[0].metadata[sync.STAMP_KEY][sync.ALT_STAMP_KEY]
    nbformat.write(notebook, korean)
    (problem,) = sync.pair_problems(english, korean)
    assert "id plot" in problem and "alt text translated from an older English alt text" in problem
    sync.stamp_cells(english, korean, ["plot"])
    assert sync.pair_problems(english, korean) == []


def test_an_edit_of_the_english_alt_text_alone_makes_check_fail_naming_the_cell(tmp_path):
    """The command a maintainer runs, on a copy of a real notebook pair: only the English alt
    text of a figure edited -> exit 1, the Korean cell named, the new alt text shown; after
    --stamp it passes again."""
    english_file = next(
        path
        for path in ENGLISH
        if any(sync.alt_text(c) for c in nbformat.read(path, as_version=4).cells)
    )
    copy_root = tmp_path / "repo"
    (copy_root / "scripts").mkdir(parents=True)
    script = copy_root / "scripts" / "sync_korean.py"
    script.write_bytes(SCRIPT.read_bytes())
    (copy_root / "notebooks" / "ko").mkdir(parents=True)
    english_copy = copy_root / "notebooks" / english_file.name
    korean_copy = copy_root / "notebooks" / "ko" / english_file.name
    english_copy.write_bytes(english_file.read_bytes())
    korean_copy.write_bytes(sync.korean_path(english_file).read_bytes())
    command = [sys.executable, str(script), "--check", str(korean_copy)]
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0
    notebook = nbformat.read(english_copy, as_version=4)
    index, cell = next((i, c) for i, c in enumerate(notebook.cells) if sync.alt_text(c))
    cell.metadata["mystnb"]["image"]["alt"] += " An English edit."
    nbformat.write(notebook, english_copy)
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    (problem,) = result.stdout.splitlines()[:-1]
    assert f"cell {index} (id {cell.id}" in problem and "alt text" in problem
    assert "An English edit." in problem
    assert "translated from an older English source" not in problem  # the source is unchanged
    stamp = [sys.executable, str(script), "--stamp", str(korean_copy), cell.id]
    subprocess.run(stamp, check=True, capture_output=True)
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0


def test_a_notebook_with_a_comparison_table_runs_the_language_line_once(tmp_path):
    """helpers.comparison_table speaks the reader's language too: a Korean notebook that prints
    one, and has no exercise checks, runs the language line once as well."""
    tables = [
        CHECKING_CELLS[0],
        _code("import helpers\ntext, ok = helpers.comparison_table({}, 1e-12)", "setup"),
    ]
    english, korean = _pair(tmp_path, copy.deepcopy(tables), _with_language_lines(1, tables))
    assert sync.pair_problems(english, korean) == []
    english, korean = _pair(tmp_path / "b", copy.deepcopy(tables), _with_language_lines(0, tables))
    (problem,) = sync.pair_problems(english, korean)
    assert "0 times; once, before its first check or comparison table" in problem
