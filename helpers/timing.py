"""Timing for the speed lessons and the benchmark: wall-clock time, nothing printed."""

import statistics
import time

from helpers.checks import as_whole_number, check_callable


def median_seconds(function, repeats=5, warmups=1):
    """The median wall-clock time of function(), in seconds, over `repeats` (>= 1) calls that
    follow `warmups` (>= 0) untimed calls (the first call often pays for caches and memory
    allocation). repeats and warmups: Python or NumPy integers."""
    check_callable("function", function)
    repeats = as_whole_number("repeats", repeats, minimum=1)
    warmups = as_whole_number("warmups", warmups, minimum=0)
    for _ in range(warmups):
        function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
