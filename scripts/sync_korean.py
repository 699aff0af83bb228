"""Keep the Korean edition (notebooks/ko/) in step with the English notebooks.

    python scripts/sync_korean.py --check                    # every pair; exit 1 on a problem
    python scripts/sync_korean.py --check notebooks/ko/04_backward.ipynb
    python scripts/sync_korean.py --stamp notebooks/ko/04_backward.ipynb CELL_ID [CELL_ID ...]
    python scripts/sync_korean.py --new notebooks/10_new_step.ipynb   # start a translation

Each English step notebook notebooks/NN_name.ipynb has a Korean one, notebooks/ko/NN_name.ipynb,
with the same cells in the same order (same ids, types and tags). What must match, cell by cell:
- code cells: the same code. Comments are set aside, and so is a string literal the Korean cell
  has translated (it holds Hangul: a docstring, a plot label); every other string must be equal,
  so what a cell prints is the same;
- markdown cells: the same math (display math in order, inline math as a multiset), the same
  numbers in the prose (those of two or more digits or with a decimal point: 0.00281, 100) and
  the same claim and cause markers (<!-- claim: id -->, <!-- not-a-claim: ... -->,
  <!-- cause: id -->, <!-- not-a-cause: ... -->);
- raw cells (otter-grader's): the same first line and the same YAML (comments aside);
- stored outputs: the same numbers (stream, text/plain, errors: the words around them are in
  the reader's language) and the same number of figures;
- the one line of code only the Korean notebooks with exercise checks or comparison tables
  (helpers.comparison_table) have, once: `helpers.use_language("ko")` (their messages in Korean);
- figures' alt text (cell metadata mystnb.image.alt): a Korean cell has it, in Korean, exactly
  when the English cell has it;
- up to date: each Korean cell carries, in its metadata, a hash of the English source it was
  translated from (and of the English alt text, in a figure cell). After an English edit the
  hash no longer matches, and --check names the Korean cell to re-translate (its source or its
  alt text); after re-translating it, --stamp records the new English source and alt text.
The Colab install cell (id colab-install) is written by sync_course_links.py in both editions and
is not stamped. The student notebooks (notebooks/ko/exercises/) are made by make_exercises.py
from the Korean step notebooks, so they follow.
"""

import argparse
import ast
import collections
import hashlib
import re
import shutil
import sys
from pathlib import Path

import nbformat
import yaml
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "notebooks"
KOREAN = ENGLISH / "ko"
STAMP_KEY = "translated_from"  # cell metadata: {"sha256": the English source's hash (16 hex)}
ALT_STAMP_KEY = "alt_sha256"  # and, in a figure cell, the English alt text's hash
MANAGED_CELL_IDS = {"colab-install"}  # written by scripts/sync_course_links.py in both editions
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
BADGE_LINE = re.compile(r"^\[!\[Open In Colab\]\(.*$\n?", re.MULTILINE)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
# Inline math may wrap onto the next line of the source (DOTALL); spans are compared with
# their whitespace collapsed, since a translation wraps its lines elsewhere.
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.DOTALL)
CODE_SPAN = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
# A number in the prose with two or more digits or a decimal point (a measured value, a step, a
# size) must carry over; one-digit counts may turn into Korean words ("Factor 1" -> 첫째 인수).
PROSE_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
HIDDEN_FROM_PROSE = re.compile(
    r"\$\$.*?\$\$|\$[^$]*?\$|```.*?```|`[^`\n]*`|\]\([^)]*\)|<!--.*?-->", re.S
)
CLAIM_MARKER = re.compile(
    r"<!--\s*(claim|not-a-claim|cause|not-a-cause)\s*:\s*(.*?)\s*-->", re.DOTALL
)


# The one line of code only the Korean edition has (in the notebooks with exercise checks).
LANGUAGE_LINE = 'helpers.use_language("ko")'
LANGUAGE_LINE_AST = ast.dump(ast.parse(LANGUAGE_LINE).body[0])
# A number in a printed output: what both editions must print alike (a full stop after it is
# the sentence's, not a decimal point).
OUTPUT_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|nan|inf")


def english_notebooks():
    """The English step notebooks, notebooks/NN_name.ipynb, in order."""
    return sorted(ENGLISH.glob("[0-9][0-9]_*.ipynb"))


def korean_path(english):
    return KOREAN / english.name


def english_path(korean):
    return ENGLISH / korean.name


def source_hash(source):
    """The hash a Korean cell stores of its English cell's source (the Colab badge line, which
    sync_course_links.py writes per edition, left out)."""
    return hashlib.sha256(BADGE_LINE.sub("", source).encode("utf-8")).hexdigest()[:16]


def alt_text(cell):
    """The text alternative a figure cell gives the site (metadata mystnb.image.alt), or None."""
    return cell.metadata.get("mystnb", {}).get("image", {}).get("alt")


def stamp_of(english_cell):
    """What a Korean cell stores of the English cell it was translated from: the source's hash
    and, for a figure cell with alt text, the alt text's hash (the alt text is translated too,
    and an edit of it alone must make the Korean cell stale)."""
    stamp = {"sha256": source_hash(english_cell.source)}
    if (alt := alt_text(english_cell)) is not None:
        stamp[ALT_STAMP_KEY] = hashlib.sha256(alt.encode("utf-8")).hexdigest()[:16]
    return stamp


def _label(path, index, cell):
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    first = first if len(first) <= 60 else first[:57] + "..."
    return f"{shown_path(path)} cell {index} (id {cell.id}, {first!r})"


def shown_path(path):
    """The path as the report shows it: relative to the repository when it is inside."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _python(source):
    """The cell's source as a Python AST (IPython's % and ! syntax turned into calls)."""
    return ast.parse(TransformerManager().transform_cell(source))


def _translated(korean_text):
    return bool(HANGUL.search(korean_text))


def _first_difference(english, korean):
    """None if the two ASTs are the same code (translated strings aside), else the pair of
    line numbers (English, Korean) nearest to the first difference."""

    def lines(e, k):
        return (getattr(e, "lineno", None), getattr(k, "lineno", None))

    if type(english) is not type(korean):
        return lines(english, korean)
    if isinstance(english, ast.Constant):
        if english.value == korean.value or (
            isinstance(english.value, str)
            and isinstance(korean.value, str)
            and _translated(korean.value)
        ):
            return None
        return lines(english, korean)
    if isinstance(english, ast.JoinedStr) and any(
        isinstance(part, ast.Constant) and _translated(part.value) for part in korean.values
    ):
        # A translated f-string may move its {fields}, and a field may hold a translated
        # string itself ({'예' if same else '아니요'}): each English field pairs with its own
        # Korean field that is the same code, translations aside.
        def fields(node):
            return [part for part in node.values if not isinstance(part, ast.Constant)]

        paired = _pair_fields(fields(english), fields(korean))
        return None if paired else lines(english, korean)
    for (_, e_value), (_, k_value) in zip(
        ast.iter_fields(english), ast.iter_fields(korean), strict=True
    ):
        e_items = e_value if isinstance(e_value, list) else [e_value]
        k_items = k_value if isinstance(k_value, list) else [k_value]
        for e_item, k_item in zip(e_items, k_items, strict=False):  # the common part first
            if isinstance(e_item, ast.AST):
                found = _first_difference(e_item, k_item)
                if found is not None:
                    fallback = lines(english, korean)
                    return tuple(
                        a if a is not None else b for a, b in zip(found, fallback, strict=True)
                    )
            elif e_item != k_item:
                return lines(english, korean)
        if len(e_items) != len(k_items):  # a statement (or argument...) only one side has
            shorter = min(len(e_items), len(k_items))
            e_at = e_items[min(shorter, len(e_items) - 1)] if e_items else english
            k_at = k_items[min(shorter, len(k_items) - 1)] if k_items else korean
            found = lines(e_at, k_at)
            fallback = lines(english, korean)
            return tuple(a if a is not None else b for a, b in zip(found, fallback, strict=True))
    return None


def _pair_fields(english_fields, korean_fields):
    """Whether every English f-string field pairs with a distinct Korean field that is the same
    code (translated strings aside), and no Korean field is left over. A field list is short,
    so every assignment is tried (backtracking): a greedy pairing could take a field another
    English field needed."""
    if len(english_fields) != len(korean_fields):
        return False
    if not english_fields:
        return True
    first, rest = english_fields[0], english_fields[1:]
    return any(
        _first_difference(first, candidate) is None
        and _pair_fields(rest, korean_fields[:index] + korean_fields[index + 1 :])
        for index, candidate in enumerate(korean_fields)
    )


def _is_language_line(node):
    return ast.dump(node) == LANGUAGE_LINE_AST


def language_lines(notebook):
    """How many times the notebook's code cells run `helpers.use_language("ko")`."""
    count = 0
    for cell in notebook.cells:
        if cell.cell_type == "code":
            try:
                count += sum(_is_language_line(node) for node in _python(cell.source).body)
            except SyntaxError:
                pass
    return count


# What prints helpers' translated messages (helpers/locale/): the exercise checks and the
# comparison tables. A notebook that uses one runs the language line.
TRANSLATED_HELPERS = ("helpers.exercises", "helpers.comparison_table")


def _prints_translated_messages(notebook):
    return any(
        cell.cell_type == "code" and any(name in cell.source for name in TRANSLATED_HELPERS)
        for cell in notebook.cells
    )


def _code_problem(english, korean):
    try:
        e_tree = _python(english.source)
    except SyntaxError as error:
        return f"the English cell does not parse ({error.msg})"
    try:
        k_tree = _python(korean.source)
    except SyntaxError as error:
        return f"does not parse: {error.msg} (line {error.lineno})"
    # The one line a Korean notebook adds: the checks' messages in Korean.
    k_tree.body = [node for node in k_tree.body if not _is_language_line(node)]
    found = _first_difference(e_tree, k_tree)
    if found is None:
        return None
    e_line, k_line = (n or 1 for n in found)
    e_text = english.source.splitlines()[e_line - 1].strip() if english.source else ""
    k_text = korean.source.splitlines()[k_line - 1].strip() if korean.source else ""
    return (
        "the code differs from the English cell's (comments and translated strings aside): "
        f"English line {e_line} `{e_text}`, Korean line {k_line} `{k_text}`"
    )


def _math(markdown):
    text = CODE_SPAN.sub("", markdown)
    display = [" ".join(m.split()) for m in DISPLAY_MATH.findall(text)]
    inline = INLINE_MATH.findall(DISPLAY_MATH.sub("", text))
    inline = collections.Counter(" ".join(m.split()) for m in inline)
    return display, inline


def _markdown_problems(english, korean):
    found = []
    e_display, e_inline = _math(english.source)
    k_display, k_inline = _math(korean.source)
    if e_display != k_display:
        found.append(f"display math differs: English {e_display}, Korean {k_display}")
    if e_inline != k_inline:
        missing = sorted((e_inline - k_inline).elements())
        extra = sorted((k_inline - e_inline).elements())
        found.append(f"inline math differs: missing {missing}, not in English {extra}")

    def numbers(text):
        prose = HIDDEN_FROM_PROSE.sub(" ", text)
        return collections.Counter(n for n in PROSE_NUMBER.findall(prose) if len(n) > 1)

    if numbers(english.source) != numbers(korean.source):
        missing = sorted((numbers(english.source) - numbers(korean.source)).elements())
        extra = sorted((numbers(korean.source) - numbers(english.source)).elements())
        found.append(f"numbers in the prose differ: missing {missing}, not in English {extra}")

    def markers(text):
        return [
            (kind, reason if kind in ("claim", "cause") else "")
            for kind, reason in CLAIM_MARKER.findall(text)
        ]

    if markers(english.source) != markers(korean.source):
        found.append(
            f"claim markers differ: English {markers(english.source)}, "
            f"Korean {markers(korean.source)}"
        )
    return found


def _raw_problem(english, korean):
    def parsed(source):
        first, _, rest = source.partition("\n")
        return first.strip(), yaml.safe_load(rest)

    if parsed(english.source) != parsed(korean.source):
        return "the raw cell (otter-grader's) differs from the English one"
    return None


def _numbers(text):
    """The numbers a text holds, as a multiset: a translated sentence may reorder them."""
    return sorted(OUTPUT_NUMBER.findall(text))


def _text_outputs(cell):
    """A code cell's stored outputs as the numbers they print (the words around them are
    the reader's language), with each output's kind; figures counted but not compared."""
    texts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            texts.append((output.name, _numbers(output.text)))
        elif output.output_type == "error":
            texts.append(("error", output.ename, _numbers(output.evalue)))
        else:
            data = output.get("data", {})
            texts.append(
                (output.output_type, _numbers(data.get("text/plain", "")), "image/png" in data)
            )
    return texts


def pair_problems(english_file, korean_file, stamps=True):
    """Every way the Korean notebook is out of step with the English one, each naming the
    Korean cell (path, index, id, first line). `stamps`: also report stale translations."""
    if not korean_file.exists():
        return [
            f"{shown_path(korean_file)}: missing (the Korean edition of "
            f"{english_file.name}; start it with --new {english_file.relative_to(ROOT)})"
        ]
    english = nbformat.read(english_file, as_version=4)
    korean = nbformat.read(korean_file, as_version=4)
    e_shape = [(cell.id, cell.cell_type) for cell in english.cells]
    k_shape = [(cell.id, cell.cell_type) for cell in korean.cells]
    if e_shape != k_shape:
        index = next(
            (i for i, (e, k) in enumerate(zip(e_shape, k_shape, strict=False)) if e != k),
            min(len(e_shape), len(k_shape)),
        )
        e_at = e_shape[index] if index < len(e_shape) else "nothing"
        k_at = k_shape[index] if index < len(k_shape) else "nothing"
        return [
            f"{shown_path(korean_file)}: the cells are not the English "
            f"cells in the same order: at cell {index} English has {e_at}, Korean has {k_at} "
            f"({len(e_shape)} English cells, {len(k_shape)} Korean)"
        ]
    found = []
    wanted = 1 if _prints_translated_messages(english) else 0
    if language_lines(korean) != wanted:
        found.append(
            f"{shown_path(korean_file)}: runs `{LANGUAGE_LINE}` {language_lines(korean)} times; "
            + (
                "once, before its first check or comparison table"
                if wanted
                else "never: it has no exercise checks or comparison tables"
            )
        )
    for index, (e_cell, k_cell) in enumerate(zip(english.cells, korean.cells, strict=True)):
        label = _label(korean_file, index, k_cell)
        problems = []
        if e_cell.metadata.get("tags", []) != k_cell.metadata.get("tags", []):
            problems.append(f"tags differ: English {e_cell.metadata.get('tags', [])}")
        if e_cell.cell_type == "code":
            problems.append(_code_problem(e_cell, k_cell))
            if _text_outputs(e_cell) != _text_outputs(k_cell):
                problems.append("its stored outputs differ from the English cell's")
        elif e_cell.cell_type == "markdown":
            problems.extend(_markdown_problems(e_cell, k_cell))
        else:
            problems.append(_raw_problem(e_cell, k_cell))
        problems.extend(_alt_problems(e_cell, k_cell))
        if stamps and e_cell.id not in MANAGED_CELL_IDS:
            problems.extend(_stamp_problems(english_file, index, e_cell, k_cell))
        found += [f"{label}: {problem}" for problem in problems if problem]
    return found


def _alt_problems(english, korean):
    """A Korean figure cell gives alt text, in Korean, exactly when the English cell does."""
    e_alt, k_alt = alt_text(english), alt_text(korean)
    if e_alt is not None and k_alt is None:
        return [f"no alt text (mystnb.image.alt), the English cell has one: {e_alt!r}"]
    if e_alt is None and k_alt is not None:
        return ["has alt text (mystnb.image.alt), the English cell has none"]
    if k_alt is not None and not _translated(k_alt):
        return [f"its alt text is not in Korean: {k_alt!r}"]
    return []


def _stamp_problems(english_file, index, english, korean):
    """Whether the Korean cell's stamp is the English cell's source and alt text as they are."""
    stamp, wanted = korean.metadata.get(STAMP_KEY, {}), stamp_of(english)
    if "sha256" not in stamp:
        return ["not stamped: translate it, then run --stamp"]
    found = []
    if stamp["sha256"] != wanted["sha256"]:
        found.append(
            "translated from an older English source: the English cell "
            f"({english_file.name} cell {index}) has changed since; re-translate it, "
            "then run --stamp with this cell's id. The English cell now reads:\n"
            + "\n".join(f"      | {line}" for line in english.source.splitlines())
        )
    if stamp.get(ALT_STAMP_KEY) != wanted.get(ALT_STAMP_KEY):
        found.append(
            "alt text translated from an older English alt text (or never stamped): the English "
            f"cell's alt text ({english_file.name} cell {index}) has changed since; re-translate "
            "the alt text (mystnb.image.alt), then run --stamp with this cell's id. "
            f"The English alt text now reads: {alt_text(english)!r}"
        )
    return found


def all_problems(korean_files=None, stamps=True):
    """Problems of the given Korean notebooks (default: every English notebook's pair, and any
    Korean step notebook without an English one)."""
    if korean_files is None:
        pairs = [(english, korean_path(english)) for english in english_notebooks()]
        orphans = sorted(set(KOREAN.glob("[0-9][0-9]_*.ipynb")) - {k for _, k in pairs})
        found = [f"{shown_path(path)}: no English notebook {path.name}" for path in orphans]
    else:
        pairs = [(english_path(korean), korean) for korean in korean_files]
        found = []
    for english, korean in pairs:
        found += pair_problems(english, korean, stamps)
    return found


def stamp_cells(english_file, korean_file, cell_ids):
    """Record, in the named cells of the Korean notebook, the English source they now follow."""
    english = {cell.id: cell for cell in nbformat.read(english_file, as_version=4).cells}
    korean = nbformat.read(korean_file, as_version=4)
    by_id = {cell.id: cell for cell in korean.cells}
    unknown = [cell_id for cell_id in cell_ids if cell_id not in by_id or cell_id not in english]
    if unknown:
        raise SystemExit(f"{korean_file}: no cell with id {', '.join(unknown)} in both editions")
    for cell_id in cell_ids:
        by_id[cell_id].metadata[STAMP_KEY] = stamp_of(english[cell_id])
    nbformat.write(korean, korean_file)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", nargs="*", type=Path, metavar="KO_NOTEBOOK")
    action.add_argument("--stamp", nargs="+", metavar=("KO_NOTEBOOK", "CELL_ID"))
    action.add_argument("--new", type=Path, metavar="EN_NOTEBOOK")
    args = parser.parse_args(argv)
    if args.new:
        target = korean_path(args.new.resolve())
        if target.exists():
            parser.error(f"{target} exists already")
        shutil.copyfile(args.new, target)
        print(f"copied to {target.relative_to(ROOT)}: translate it, then --stamp its cells")
        return 0
    if args.stamp:
        if len(args.stamp) < 2:
            parser.error("--stamp KO_NOTEBOOK CELL_ID [CELL_ID ...]")
        korean = Path(args.stamp[0]).resolve()
        stamp_cells(english_path(korean), korean, args.stamp[1:])
        print(f"stamped {len(args.stamp) - 1} cell(s) of {args.stamp[0]}")
        return 0
    found = all_problems([path.resolve() for path in args.check] or None)
    for problem in found:
        print(problem)
    print(f"{len(found)} problem(s)" if found else "the Korean edition is in step")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
