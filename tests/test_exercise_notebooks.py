"""The exercises in the notebooks: the step notebooks hold them in otter-grader's format, the
student notebooks in notebooks/exercises/ are generated from them, hold no solution, run clean
while unsolved. (The teacher's grading command is tested in tests/test_grading.py.)

The checks themselves (right answers pass, every known wrong answer is rejected with its
message) are tested in tests/test_exercises.py; here they are tied to the notebooks. otter is
run in subprocesses only: `import otter` raises a DeprecationWarning that pytest's
filterwarnings=error would turn into an error.
"""

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from editions import edition_of
from nbclient import NotebookClient

import helpers.exercises as ex

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = NOTEBOOKS / "exercises"
MAKE = ROOT / "scripts" / "make_exercises.py"
OTTER_BOUNDARY = ("QUESTION", "SOLUTION", "TESTS", "PROMPT")
sys.path.insert(0, str(ROOT / "scripts"))  # make_exercises.py imports the scripts beside it
import make_exercises  # noqa: E402
import sync_korean as sync  # noqa: E402


def _read(path):
    return nbformat.read(path, as_version=4)


def _is_config(cell):
    return cell.cell_type == "raw" and cell.source.startswith("# ASSIGNMENT CONFIG")


def _boundary(cell):
    """('BEGIN' or 'END', 'QUESTION'/'SOLUTION'/...) for otter's raw block cells, else None."""
    if cell.cell_type != "raw":
        return None
    words = cell.source.split("\n", 1)[0].split()
    if len(words) == 3 and words[0] == "#" and words[1] in ("BEGIN", "END"):
        return words[1], words[2]
    return None


def _masters(folder):
    return [
        path for path in sorted(folder.glob("*.ipynb")) if any(map(_is_config, _read(path).cells))
    ]


MASTERS = _masters(NOTEBOOKS)
KO_MASTERS = _masters(NOTEBOOKS / "ko")  # the Korean edition's step notebooks with exercises
ALL_MASTERS = MASTERS + KO_MASTERS


def _name(path):
    return path.relative_to(NOTEBOOKS).as_posix()


def _student(master):
    """The student notebook made from `master`, in its edition's exercises/ folder."""
    return master.parent / "exercises" / master.name


def questions(notebook):
    """{exercise name: its question config} of a step notebook, in order."""
    found = {}
    for cell in notebook.cells:
        if _boundary(cell) == ("BEGIN", "QUESTION"):
            config = yaml.safe_load(cell.source)
            found[config["name"]] = config
    return found


EXERCISE_NOTEBOOK = {name: path.stem for path in MASTERS for name in questions(_read(path))}


def _solution_lines(notebook):
    """The code lines that only the solutions hold (inside `# BEGIN/END SOLUTION`, or ending in
    `# SOLUTION`), minus lines the lesson also shows outside any solution."""
    inside, outside = set(), set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        in_block = False
        for line in cell.source.splitlines():
            text = line.strip()
            if text.startswith("# BEGIN SOLUTION"):
                in_block = True
            elif text == "# END SOLUTION":
                in_block = False
            elif in_block or text.endswith("# SOLUTION"):
                inside.add(text)
            elif text:
                outside.add(text)
    return {line for line in inside - outside if len(line) > 3}


def leaked_solution_lines(master, student):
    """The solution lines of `master` found anywhere in `student` (cells and metadata)."""
    text = json.dumps(student, sort_keys=True)
    lines = {line.strip() for cell in student.cells for line in cell.source.splitlines()}
    leaks = sorted(line for line in _solution_lines(master) if line in lines)
    markers = [
        marker for marker in ("BEGIN SOLUTION", "END SOLUTION", "# SOLUTION") if marker in text
    ]
    return leaks + markers


def _make(*args, check=True):
    return subprocess.run(
        [sys.executable, str(MAKE), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
    )


# --- the step notebooks: where the exercises live ---------------------------------------------


def test_the_exercises_are_in_their_notebooks():
    expected = {
        "02_forward": ["softmax"],
        "03_loss": ["sample_loss"],
        "04_backward": ["softmax_jacobian", "chain_rule_gradient", "logit_gradient"],
        "05_gradient_checks": ["numerical_gradient"],
        "06_training": ["gradient_step"],
        "08_batch_gradient": ["batch_gradient", "loss_sum_and_mean"],
        "09_learning_rate": ["learning_rate_experiment"],
    }
    assert {path.stem: list(questions(_read(path))) for path in MASTERS} == expected
    assert {path.stem: list(questions(_read(path))) for path in KO_MASTERS} == expected
    assert set(EXERCISE_NOTEBOOK) <= set(ex.CHECKS)


@pytest.mark.parametrize("path", ALL_MASTERS, ids=_name)
def test_each_exercise_is_a_well_formed_otter_question(path):
    """Title, the Colab cell, then the ASSIGNMENT CONFIG; each question: prompt, solution
    between its raw BEGIN/END SOLUTION cells (without them otter leaves the solution in the
    student version), a test that calls the check, then a check cell that prints "passed" here."""
    cells = _read(path).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert cells[1].id == "colab-install"  # scripts/sync_course_links.py puts it there
    assert _is_config(cells[2])
    config = yaml.safe_load(cells[2].source)
    assert config["name"] == path.stem and config["init_cell"] is True
    assert config["tests"] == {"files": False, "ok_format": False}
    for cell in cells[3:]:
        if cell.cell_type == "raw":
            assert _boundary(cell) and _boundary(cell)[1] in OTTER_BOUNDARY, cell.source
    for name, question in questions(_read(path)).items():
        assert question == {"name": name, "points": 1, "check_cell": False}
        start = next(i for i, c in enumerate(cells) if c.get("id") == f"{name}-begin-question")
        block = cells[start : start + 10]
        kinds = [_boundary(c) or c.cell_type for c in block]
        assert kinds == [
            ("BEGIN", "QUESTION"),
            "markdown",
            ("BEGIN", "SOLUTION"),
            "code",
            ("END", "SOLUTION"),
            ("BEGIN", "TESTS"),
            "code",
            ("END", "TESTS"),
            ("END", "QUESTION"),
            "code",
        ], name
        prompt, solution, test, check = block[1], block[3], block[6], block[9]
        your_turn = {"en": "## Your turn: ", "ko": "## 직접 해 보기: "}[edition_of(path)]
        assert prompt.source.startswith(your_turn), prompt.source[:40]
        assert "# BEGIN SOLUTION" in solution.source and "# END SOLUTION" in solution.source
        assert f"helpers.exercises.check_{name}(" in test.source
        assert "assert result.passed, str(result)" in test.source
        assert f"print(check_{name}(" in check.source
        shown = "".join(output.get("text", "") for output in check.outputs)
        passed = {"en": "passed", "ko": "통과"}[edition_of(path)]  # helpers.use_language("ko")
        assert shown.startswith(f"{name}: {passed}."), shown


def test_every_exercise_has_right_and_wrong_answers_tested_in_test_exercises():
    """tests/test_exercises.py feeds each check right answers written independently and every
    known wrong answer; each exercise of the notebooks is among them."""
    import test_exercises

    wrong = {name for name, _, _, _ in test_exercises.WRONG_ANSWERS}
    for name in EXERCISE_NOTEBOOK:
        assert test_exercises.RIGHT_ANSWERS[name], name
        assert name in wrong, name


# --- the student notebooks ----------------------------------------------------------------


def test_regenerating_the_student_notebooks_changes_nothing(tmp_path):
    """Both editions: --out DIR writes the English student notebooks to DIR, the Korean ones
    to DIR/ko."""
    result = _make("--out", tmp_path, "--no-run-tests")
    for masters, made, stored_in in [
        (MASTERS, tmp_path, EXERCISES),
        (KO_MASTERS, tmp_path / "ko", NOTEBOOKS / "ko" / "exercises"),
    ]:
        generated = sorted(p.name for p in made.glob("*.ipynb"))
        stored = sorted(p.name for p in stored_in.glob("*.ipynb"))
        assert generated == stored == [f"{path.stem}.ipynb" for path in masters], result.stdout
        for name in stored:
            assert (made / name).read_bytes() == (stored_in / name).read_bytes(), (
                f"{_name(stored_in / name)} is out of date: run `python scripts/make_exercises.py`"
            )


@pytest.mark.parametrize("path", ALL_MASTERS, ids=_name)
def test_no_student_notebook_holds_solution_code(path):
    student = _read(_student(path))
    assert _solution_lines(_read(path)), "found no solution lines to look for"
    assert leaked_solution_lines(_read(path), student) == []
    for name in questions(_read(path)):
        stub = next(c for c in student.cells if c.get("id") == f"{name}-solution")
        assert "otter_answer_cell" in stub.metadata["tags"]
        assert stub.source.rstrip().endswith("..."), stub.source


@pytest.mark.parametrize("path", ALL_MASTERS, ids=_name)
def test_student_notebooks_are_stored_clean(path):
    student = _read(_student(path))
    master = _read(path)
    assert student.metadata["kernelspec"]["name"] == "python3"
    assert student.metadata["otter"]["assignment_name"] == path.stem
    assert set(student.metadata["otter"]["tests"]) == set(questions(master))
    assert student.cells[0].id == master.cells[0].id  # the title, its links made to resolve
    assert student.cells[0].source.startswith("# ")
    assert [c.id for c in student.cells[1:4]] == ["colab-install", "exercise-note", "otter-init"]
    assert "otter.Notebook(" in student.cells[3].source
    assert not [c for c in student.cells if c.cell_type == "raw"]
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    ids = [cell.id for cell in student.cells]
    assert len(ids) == len(set(ids))
    for cell in student.cells:  # every link to another notebook resolves from exercises/
        if cell.cell_type == "markdown":
            for target in _notebook_links(cell.source):
                assert (_student(path).parent / target).resolve().exists(), target


def _notebook_links(text):
    """The local notebook links of a markdown text (not the Colab badge's web address)."""
    return [t for t in re.findall(r"\]\(([^)#\s]+\.ipynb)", text) if "://" not in t]


def _is_check(cell):
    return cell.cell_type == "code" and cell.get("id", "").endswith("-check")


def _is_answer(cell):
    return "otter_answer_cell" in cell.metadata.get("tags", [])


def lesson_tail(notebook):
    """The index of the first cell after the last check cell of the student notebook
    `notebook`: from there on every cell is the step notebook's own (lesson_tail_problems)."""
    return max(index for index, cell in enumerate(notebook.cells) if _is_check(cell)) + 1


def _parse(source):
    """(the Python tree of a cell's source, the words of its IPython lines). A `%...` or `!...`
    line becomes `pass` and a `%%` cell is not parsed; every word of them counts as a name
    used, since a magic's argument may be code (`%timeit softmax(Z)`)."""
    if source.lstrip().startswith("%%"):
        return ast.Module(body=[], type_ignores=[]), set(re.findall(r"[A-Za-z_]\w*", source))
    lines, words = [], set()
    for line in source.splitlines():
        if line.lstrip().startswith(("%", "!")):
            words |= set(re.findall(r"[A-Za-z_]\w*", line))
            line = line[: len(line) - len(line.lstrip())] + "pass"
        lines.append(line)
    return ast.parse("\n".join(lines)), words


def _bound_name(node):
    """The name `node` binds in the scope it is in (def, class, import, a target), else None."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.alias):
        return (node.asname or node.name).split(".")[0]
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return node.id
    return None


OWN_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _top_level_names(source):
    """The names a cell binds at top level (not inside its functions, classes, lambdas and
    comprehensions, their own scopes), with every word of its magic lines."""
    tree, names = _parse(source)
    nodes = list(ast.iter_child_nodes(tree))
    while nodes:
        node = nodes.pop()
        names.add(_bound_name(node))
        if not isinstance(node, OWN_SCOPES):
            nodes.extend(ast.iter_child_nodes(node))
    return names - {None}


def _names_used(source):
    """Every name a cell mentions, at any depth: read, bound, a parameter or a magic's word."""
    tree, names = _parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        else:
            names.add(_bound_name(node))
    return names - {None}


def lesson_tail_problems(master_path, student_path):
    """What is wrong with the cells after the last check cell of the student notebook at
    `student_path`, made from the step notebook at `master_path`: [] when each is the step
    notebook's cell of the same id and source (markdown: with its links made to work from
    exercises/, as make_exercises.py does) and uses no name that an answer (the stub or the
    step notebook's solution) or a check cell defines; else one sentence per problem."""
    master, student = _read(master_path), _read(student_path)
    shown = f"{student_path.parent.name}/{student_path.name}"
    ours = {cell.id: cell for cell in master.cells}
    stems = make_exercises.student_stems(master_path)
    defined = {}  # name: the id of the answer or check cell that defines it
    for cell in student.cells:
        if _is_answer(cell) or _is_check(cell):
            # with the step notebook's solution: names a learner's answer may define too
            solution = ours[cell.id].source if cell.id in ours else ""
            for name in _top_level_names(cell.source) | _top_level_names(solution):
                defined.setdefault(name, cell.id)
    problems = []
    for cell in student.cells[lesson_tail(student) :]:
        if _is_answer(cell) or _is_check(cell):
            problems.append(f"{shown}: cell {cell.id} is an answer or a check")
        lesson = ours.get(cell.id)
        if lesson is None or lesson.cell_type != cell.cell_type:
            problems.append(f"{shown}: cell {cell.id} is no {cell.cell_type} cell of the lesson's")
            continue
        source = lesson.source
        if cell.cell_type == "markdown":
            source = make_exercises.student_links(source, stems)
        if cell.source != source:
            problems.append(f"{shown}: cell {cell.id} differs from {master_path.name}'s")
        if cell.cell_type == "code":
            for name in sorted(_names_used(cell.source) & defined.keys()):
                problems.append(f"{shown}: cell {cell.id} uses {name}, from cell {defined[name]}")
    return problems


@pytest.mark.parametrize("path", MASTERS, ids=_name)
def test_the_cells_after_the_last_check_are_the_lessons_own_and_use_no_answer(path):
    """What lets the next test leave those cells out: nbval runs them in the step notebook,
    and nothing a learner writes can change what they do."""
    assert lesson_tail_problems(path, _student(path)) == []


def _tiny_pair(folder, student_later, lesson_later, later_is_answer=False):
    """(a step notebook, its student notebook) with one exercise, softmax, written to `folder`
    and `folder`/exercises: the same cells but the answer, then one later cell, its source
    `student_later` in the student notebook and `lesson_later` in the step notebook."""
    code, md = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    check = "from helpers.exercises import check_softmax\n\nprint(check_softmax(softmax))"
    tags = {"tags": ["otter_answer_cell"]}
    paths = []
    for answer, later, where in [
        ("def softmax(Z):\n    ...", student_later, folder / "exercises"),
        ("def softmax(Z):\n    return np.exp(Z) / np.exp(Z).sum(axis=0)", lesson_later, folder),
    ]:
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [
            md("# 0. Tiny", id="title"),
            code("import numpy as np", id="setup"),
            code(answer, id="softmax-solution", metadata=tags),
            code(check, id="softmax-check"),
            code(later, id="later", metadata=tags if later_is_answer else {}),
        ]
        where.mkdir(exist_ok=True)
        nbformat.write(notebook, where / "00_tiny.ipynb")
        paths.append(where / "00_tiny.ipynb")
    return paths[1], paths[0]


@pytest.mark.parametrize(
    "student_later, lesson_later, later_is_answer, expected",
    [
        ("print(np.exp(1.0))", "print(np.exp(1.0))", False, []),
        (
            "print(softmax(np.zeros((3, 1))))",
            "print(softmax(np.zeros((3, 1))))",
            False,
            ["exercises/00_tiny.ipynb: cell later uses softmax, from cell softmax-solution"],
        ),
        (
            "%timeit check_softmax(None)",
            "%timeit check_softmax(None)",
            False,
            ["exercises/00_tiny.ipynb: cell later uses check_softmax, from cell softmax-check"],
        ),
        (
            "print(np.exp(2.0))",
            "print(np.exp(1.0))",
            False,
            ["exercises/00_tiny.ipynb: cell later differs from 00_tiny.ipynb's"],
        ),
        (
            "x = 1",
            "x = 1",
            True,
            [
                "exercises/00_tiny.ipynb: cell later is an answer or a check",
                "exercises/00_tiny.ipynb: cell later uses x, from cell later",
            ],
        ),
    ],
    ids=["the-lessons-own", "calls-the-answer", "a-magic-calls-the-check", "differs", "an-answer"],
)
def test_the_tail_check_reports_a_later_cell_that_uses_an_answer_or_differs(
    tmp_path, student_later, lesson_later, later_is_answer, expected
):
    master, student = _tiny_pair(tmp_path, student_later, lesson_later, later_is_answer)
    assert lesson_tail_problems(master, student) == expected


def _run_copy(student, tmp_path):
    """Run a copy of the student notebook `student`, up to and including its last check cell,
    in a fresh kernel (its own folder, for otter's .OTTER_LOG); return it, run.

    The cells after it are the step notebook's own, which nbval runs there, and they use
    nothing a learner writes (lesson_tail_problems, tested above): running them here would
    prove nothing new."""
    folder = tmp_path / "exercises"
    shutil.copytree(student.parent, folder)
    notebook = _read(folder / student.name)
    notebook.cells = notebook.cells[: lesson_tail(notebook)]
    NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    return notebook


@pytest.mark.parametrize("path", KO_MASTERS, ids=_name)
def test_a_korean_student_notebook_runs_the_english_ones_code(path):
    """Cell for cell the same code, tags and (no) outputs as the English student notebook, as
    scripts/sync_korean.py --check compares a pair: running the English one (next test, up to
    its last check; nbval runs the rest in both step notebooks) runs this code, so the Korean
    one is not run again."""
    english = _student(NOTEBOOKS / path.name)
    assert sync.pair_problems(english, _student(path), stamps=False) == []


# English only: each Korean student notebook holds the same code (the test above).
@pytest.mark.parametrize("path", MASTERS, ids=_name)
def test_a_student_notebook_runs_unsolved_and_every_check_says_not_done(path, tmp_path):
    notebook = _run_copy(_student(path), tmp_path)
    problems = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        if cell.execution_count is None:
            problems.append(f"cell {index} not executed")
        for output in cell.outputs:
            if output["output_type"] == "error":
                problems.append(f"cell {index}: {output['ename']}: {output['evalue']}")
            if output.get("name") == "stderr":
                problems.append(f"cell {index} wrote to stderr: {output['text']}")
    assert not problems, "\n".join(problems)
    for name in questions(_read(path)):
        check = next(c for c in notebook.cells if c.get("id") == f"{name}-check")
        shown = "".join(output.get("text", "") for output in check.outputs)
        assert shown.startswith(f"{name}: not done yet."), shown


# --- make_exercises.py stops on a wrong solution; the leak check catches a leak ------------------


TINY_SOLUTION = '''def softmax(Z):
    """Softmax down each column."""
    # BEGIN SOLUTION
    return np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)  # no max shift: wrong at 1000
    # END SOLUTION'''


def _tiny_master(folder, solution_cells=True):
    """A step notebook with one exercise, softmax, whose solution forgets the max shift."""
    path = folder / "00_tiny.ipynb"
    raw, md = nbformat.v4.new_raw_cell, nbformat.v4.new_markdown_cell
    code = nbformat.v4.new_code_cell
    solution = [code(TINY_SOLUTION)]
    if solution_cells:
        solution = [raw("# BEGIN SOLUTION"), *solution, raw("# END SOLUTION")]
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [
        md("# 0. Tiny"),
        raw(
            "# ASSIGNMENT CONFIG\nname: 00_tiny\ninit_cell: true\ncheck_all_cell: false\n"
            "export_cell: false\nrun_tests: true\ntests:\n  files: false\n  ok_format: false\n"
            "generate: true"
        ),
        code("import numpy as np"),
        raw("# BEGIN QUESTION\nname: softmax\npoints: 1\ncheck_cell: false"),
        md("## Your turn: softmax"),
        *solution,
        raw("# BEGIN TESTS"),
        code(
            "def test_softmax(softmax):\n    import helpers.exercises\n\n"
            "    result = helpers.exercises.check_softmax(softmax)\n"
            "    assert result.passed, str(result)\n\n\ntest_softmax(softmax)"
        ),
        raw("# END TESTS"),
        raw("# END QUESTION"),
    ]
    nbformat.write(notebook, path)
    return path


def test_make_exercises_fails_when_a_solution_fails_its_own_check(tmp_path):
    master = _tiny_master(tmp_path)
    result = _make(master, "--out", tmp_path / "out", check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "a solution fails its own check" in result.stderr
    assert "softmax" in result.stderr and "np.exp overflows" in result.stderr
    assert not (tmp_path / "out" / "00_tiny.ipynb").exists()


def test_the_leak_check_catches_a_solution_without_its_raw_cells(tmp_path):
    """Without the raw BEGIN/END SOLUTION cells otter keeps the solution in the student
    version, silently: the check used above must see it."""
    master = _tiny_master(tmp_path, solution_cells=False)
    _make(master, "--out", tmp_path / "out", "--no-run-tests")
    student = _read(tmp_path / "out" / "00_tiny.ipynb")
    leaks = leaked_solution_lines(_read(master), student)
    assert (
        "return np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)  # no max shift: wrong at 1000"
        in leaks
    )
