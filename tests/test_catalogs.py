"""The exercise checks speak the learner's language: every message has a current Korean entry."""

import re
import string
import sys
from pathlib import Path

import numpy as np
import pytest
from babel.messages.catalog import Catalog
from editions import HANGUL

import helpers
import helpers.exercises
from helpers import i18n

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import update_catalogs  # a script, not a package


def test_every_message_of_helpers_has_a_current_korean_translation():
    template = update_catalogs.extracted_catalog()
    assert len(template) > 20, "the checks' messages were not found by the extraction"
    assert update_catalogs.problems("ko", template) == []


def test_the_catalog_check_names_a_message_without_translation():
    template = update_catalogs.extracted_catalog()
    template.add("a message nobody has translated yet: {value}")
    found = update_catalogs.problems("ko", template)
    assert found == ["ko: no entry for 'a message nobody has translated yet: {value}'"]


def test_the_catalog_check_names_an_entry_no_longer_used():
    template = Catalog(domain="helpers")
    for message in update_catalogs.extracted_catalog():
        if message.id:
            template.add(message.id)
    dropped = sorted(message.id for message in template if message.id)[0]
    del template[dropped]
    found = update_catalogs.problems("ko", template)
    assert found == [f"ko: entry no longer used: {dropped!r}"]


def test_every_korean_message_keeps_its_placeholders_and_is_in_hangul():
    catalog = update_catalogs.read_catalog("ko")
    for message in catalog:
        if not message.id:
            continue
        assert HANGUL.search(message.string), f"not Korean: {message.string!r}"
        english = set(_placeholders(message.id))
        assert set(_placeholders(message.string)) == english, message.id


def _placeholders(text):
    return [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]


def _not_done(Z):
    raise NotImplementedError


def _wrong_softmax(Z):
    return np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)  # rows, not columns


@pytest.mark.parametrize("learner", [_not_done, _wrong_softmax], ids=["stub", "wrong-axis"])
def test_use_language_switches_what_the_checks_say(learner):
    english = helpers.exercises.report(helpers.exercises.check_softmax(learner))
    helpers.use_language("ko")
    try:
        korean = helpers.exercises.report(helpers.exercises.check_softmax(learner))
    finally:
        helpers.use_language("en")
    assert not HANGUL.search(english), english
    assert HANGUL.search(korean), korean
    assert _numbers(korean) == _numbers(english), (english, korean)


def _numbers(text):
    return sorted(re.findall(r"\d+(?:\.\d+)?", text))


def test_use_language_refuses_a_language_it_does_not_have():
    with pytest.raises(ValueError, match=r"language must be one of \('en', 'ko'\), got 'fr'"):
        helpers.use_language("fr")
    assert i18n.current_language() == "en"


def test_use_language_switches_the_comparison_tables_words_and_puts_the_name_last():
    """In Korean the name is the table's last column: a Hangul name is wider than its letters,
    so a column after it would not line up; the numbers and verdicts stay in their columns."""
    pairs = {"dL/dW": (np.zeros(2), np.array([0.0, 2.5e-13])), "마지막 W": ([0.0], [1.0])}
    english, _ = helpers.comparison_table(pairs, 1e-12)
    helpers.use_language("ko")
    try:
        korean, _ = helpers.comparison_table(pairs, 1e-12)
    finally:
        helpers.use_language("en")
    assert english.splitlines()[0] == "name             max abs diff   within 1e-12"
    assert korean.splitlines() == [
        "최대 절대 차이   1e-12 이내   이름",
        "      2.50e-13   통과         dL/dW",
        "      1.00e+00   실패         마지막 W",
    ]
