"""Keep the message catalogs of helpers (what the exercise checks tell a learner) in step.

    python scripts/update_catalogs.py           # extract, update the .po files, compile the .mo
    python scripts/update_catalogs.py --check   # exit 1 and say what is missing or stale

Babel does the work (the standard gettext steps: extract, update, compile): every string passed
to `_` in helpers/ and in scripts/grading/ (the grader's reasons in a learner's feedback, e.g.
"could not be graded: ...") is a message; helpers/locale/ko/LC_MESSAGES/helpers.po holds its Korean
translation, helpers.mo the compiled catalog that `helpers.use_language("ko")` loads. After
adding or changing a message, run the update, translate the entries it marks (empty or fuzzy),
and run it again to compile.
"""

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "helpers"
# The folders whose `_("...")` strings are messages: the checks', and the grader's feedback.
SOURCES = (PACKAGE, ROOT / "scripts" / "grading")
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "helpers"
TRANSLATED_LANGUAGES = ("ko",)
HEADER = (
    "# What the exercise checks of helpers say to a learner, translated: made by\n"
    "# scripts/update_catalogs.py (Babel); translate the empty and fuzzy entries.\n"
)
# A fixed date, and no line numbers in the .po: the catalog changes only when a message does.
CREATED = datetime(2026, 12, 3, tzinfo=UTC)


def extracted_catalog():
    """A template catalog of every `_("...")` message in SOURCES (no translations)."""
    template = Catalog(
        project="softmax-from-scratch",
        version="1.0",
        copyright_holder="the course's authors",
        domain=DOMAIN,
        creation_date=CREATED,
        fuzzy=False,
    )
    for folder in SOURCES:
        found = extract_from_dir(folder, method_map=[("**.py", "python")], keywords={"_": None})
        place = folder.relative_to(ROOT).as_posix()
        for filename, lineno, message, _comments, context in found:
            template.add(message, locations=[(f"{place}/{filename}", lineno)], context=context)
    return template


def po_path(language):
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_bytes(catalog):
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def po_bytes(catalog):
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def read_catalog(language):
    path = po_path(language)
    if not path.exists():
        return Catalog(
            locale=language,
            domain=DOMAIN,
            fuzzy=False,
            project="softmax-from-scratch",
            version="1.0",
            copyright_holder="the course's authors",
            header_comment=HEADER,
        )
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def problems(language, template):
    """What is wrong with the language's catalog: missing, untranslated, fuzzy, stale, .mo."""
    catalog = read_catalog(language)
    found = []
    wanted = {message.id for message in template if message.id}
    have = {message.id for message in catalog if message.id}
    found += [f"{language}: no entry for {msgid!r}" for msgid in sorted(wanted - have)]
    found += [f"{language}: entry no longer used: {msgid!r}" for msgid in sorted(have - wanted)]
    for message in catalog:
        if not message.id or message.id not in wanted:
            continue
        if not message.string:
            found.append(f"{language}: not translated: {message.id!r}")
        elif message.fuzzy:
            found.append(f"{language}: stale (fuzzy) translation of {message.id!r}")
    mo = po_path(language).with_suffix(".mo")
    if not found and (not mo.exists() or mo.read_bytes() != mo_bytes(catalog)):
        found.append(f"{language}: {mo.relative_to(ROOT)} is not compiled from its .po")
    return found


def update(language, template):
    """Merge the template into the language's catalog, write the .po, compile the .mo."""
    catalog = read_catalog(language)
    catalog.update(template, no_fuzzy_matching=False)
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(po_bytes(catalog))
    catalog = read_catalog(language)  # the file as written: obsolete entries dropped
    path.with_suffix(".mo").write_bytes(mo_bytes(catalog))
    return sum(1 for message in catalog if message.id and (not message.string or message.fuzzy))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args(argv)
    template = extracted_catalog()
    if args.check:
        found = [
            problem for language in TRANSLATED_LANGUAGES for problem in problems(language, template)
        ]
        print("\n".join(found) or "the message catalogs are in step")
        return 1 if found else 0
    for language in TRANSLATED_LANGUAGES:
        left = update(language, template)
        print(f"{po_path(language).relative_to(ROOT)}: {left} entries to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
