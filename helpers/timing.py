"""Timing for the speed lessons and the benchmark: wall-clock time, nothing printed."""

import statistics
import time


def median_seconds(function, repeats=5, warmups=1):
    """The median wall-clock time of function(), in seconds, over `repeats` calls that follow
    `warmups` untimed calls (the first call often pays for caches and memory allocation)."""
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats: expected a whole number >= 1, got {repeats!r}")
    for _ in range(warmups):
        function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
