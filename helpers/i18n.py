"""The language of what helpers say to a learner: English, or Korean for the Korean edition.

Every learner-facing sentence of `helpers.exercises` goes through its `_`, which looks it up in the
message catalog of the chosen language (gettext `.mo` files under helpers/locale/, made from
the `.po` files by Babel: `python scripts/update_catalogs.py`). The Korean notebooks choose
their language with one line, `helpers.use_language("ko")`; English needs no line.
"""

import gettext as _gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "helpers"
LANGUAGES = ("en", "ko")

_translation = _gettext.NullTranslations()
_language = "en"


def use_language(language):
    """Make the checks answer in `language` ("en" or "ko") from now on, in this process."""
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    if language == "en":
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    _language = language


def current_language():
    """The language the checks answer in: "en" or "ko"."""
    return _language


def gettext(message):
    """`message` (an English msgid, with named {placeholders}) in the current language."""
    return _translation.gettext(message)
