"""Text tables for the notebooks' comparisons. They return strings: the notebook prints them.

Differences at the level of rounding (1e-16) can change in their last digit from one CPU or
BLAS build to another, so values below `floor` are shown as "< floor": the stored outputs stay
the same on every machine while the pass/fail verdict still uses the exact value.
"""

from collections.abc import Mapping

import numpy as np

from helpers.checks import as_positive_number, as_real_array, as_real_number
from helpers.i18n import gettext as _


def format_bound(value, floor):
    """`value` (a real number; nan and inf print as such) as text with 2 significant digits,
    or "< floor" when it is below `floor` (a positive number)."""
    value = as_real_number("value", value)
    floor = as_positive_number("floor", floor)
    return f"< {floor:.0e}" if value < floor else f"{value:.2e}"


def comparison_table(pairs, tolerance, floor=1e-13):
    """Compare named arrays with their references.

    pairs: {name (str): (ours, reference)}, each pair two non-empty arrays of one shape
    (NaN and infinity allowed: they fail). Returns (text, all_ok): a table with one row per
    name (name | max abs diff | ok at `tolerance`; in the language of helpers.use_language,
    the Korean table with the name last) and whether every row is within `tolerance`.
    tolerance and floor: positive numbers.
    """
    tolerance = as_positive_number("tolerance", tolerance)
    floor = as_positive_number("floor", floor)
    if not isinstance(pairs, Mapping):
        raise ValueError(f"pairs: expected a dict {{name: (ours, reference)}}, got {pairs!r:.60}")
    # The table's words are the reader's language (helpers.use_language); a translation may
    # put the name last, where a name in a wider script cannot push the columns out of line.
    lines = [
        _("name             max abs diff   within {tolerance}").format(tolerance=f"{tolerance:.0e}")
    ]
    all_ok = True
    for name, pair in pairs.items():
        difference = _max_abs_difference(name, pair)
        ok = difference <= tolerance  # False for nan as well
        all_ok = all_ok and ok
        row = (
            _("{name:<14} {difference:>14}   ok") if ok else _("{name:<14} {difference:>14}   FAIL")
        )
        lines.append(row.format(name=name, difference=format_bound(difference, floor)))
    return "\n".join(lines), all_ok


def _max_abs_difference(name, pair):
    """max |ours - reference| of one entry of `pairs`, after checking it; nan if either holds
    a nan, inf where they differ beyond float64."""
    where = f"pairs[{name!r}]"
    if not isinstance(name, str):
        raise ValueError(f"pairs: expected names that are strings, got {name!r}")
    if not (isinstance(pair, tuple | list) and len(pair) == 2):
        raise ValueError(f"{where}: expected a pair (ours, reference), got {pair!r:.60}")
    ours, reference = (as_real_array(where, array) for array in pair)
    if ours.shape != reference.shape:
        raise ValueError(
            f"{where}: expected two arrays of one shape, got {ours.shape} and {reference.shape}"
        )
    if ours.size == 0:
        raise ValueError(f"{where}: expected non-empty arrays, got shape {ours.shape}")
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf is nan: a FAIL
        return float(np.max(np.abs(ours - reference)))
