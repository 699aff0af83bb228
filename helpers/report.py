"""Text tables for the notebooks' comparisons. They return strings: the notebook prints them.

Differences at the level of rounding (1e-16) can change in their last digit from one CPU or
BLAS build to another, so values below `floor` are shown as "< floor": the stored outputs stay
the same on every machine while the pass/fail verdict still uses the exact value.
"""

import numpy as np


def format_bound(value, floor):
    """`value` as text with 2 significant digits, or "< floor" when it is below `floor`."""
    return f"< {floor:.0e}" if value < floor else f"{value:.2e}"


def comparison_table(pairs, tolerance, floor=1e-13):
    """Compare named arrays with their references.

    pairs: {name: (ours, reference)}, each pair of one shape. Returns (text, all_ok): a table
    with one row per name (name | max abs diff | ok at `tolerance`) and whether every row is
    within `tolerance`.
    """
    if not (np.isfinite(tolerance) and tolerance > 0):
        raise ValueError(f"tolerance: expected a positive number, got {tolerance!r}")
    lines = [f"{'name':<14} {'max abs diff':>14}   within {tolerance:.0e}"]
    all_ok = True
    for name, (ours, reference) in pairs.items():
        ours, reference = np.asarray(ours, dtype=np.float64), np.asarray(reference, np.float64)
        if ours.shape != reference.shape:
            raise ValueError(
                f"pairs[{name!r}]: expected two arrays of one shape, "
                f"got {ours.shape} and {reference.shape}"
            )
        difference = float(np.max(np.abs(ours - reference)))
        ok = difference <= tolerance  # False for nan as well
        all_ok = all_ok and ok
        lines.append(f"{name:<14} {format_bound(difference, floor):>14}   {'ok' if ok else 'FAIL'}")
    return "\n".join(lines), all_ok
