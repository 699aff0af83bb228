"""A pytest plugin that weighs each notebook's kernel under nbval, where every notebook of both
editions already runs: its peak resident memory must stay under what a Binder session gives.

After the last cell of a notebook, before nbval stops its kernel, the kernel process's peak
resident memory (Linux's VmHWM, in /proc) is read. Over MEMORY_LIMIT_MB, the last cell's
teardown fails, naming the notebook and its peak. Each peak travels with the teardown's report
(user property "kernel_memory": (notebook, MB)); the root conftest.py prints them at the end of
the run. Where /proc is missing (not Linux) nothing is measured.

Loaded by the root conftest.py (`pytest_plugins`); a test can load it with
`-p tests.nbval_memory`.
"""

from pathlib import Path

import pytest
from nbval.plugin import IPyNbFile

MEMORY_LIMIT_MB = 1024  # mybinder.org gives a session 1-2 GB
REPORT_KEY = "kernel_memory"


def peak_memory_mb(pid):
    """The peak resident memory (VmHWM) of process `pid`, in MB; None where /proc is missing."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _kernel_pid(notebook):
    """The process id of nbval's kernel for `notebook` (a collector), or None."""
    if not isinstance(notebook, IPyNbFile):
        return None
    kernel = notebook.kernel  # nbval's RunningKernel, while the notebook runs
    if kernel is None or not kernel.is_alive():
        return None
    return kernel.km.provisioner.pid


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    notebook = item.parent
    last_cell = nextitem is None or nextitem.parent is not notebook
    pid = _kernel_pid(notebook) if last_cell else None
    peak = None if pid is None else peak_memory_mb(pid)  # read before nbval stops the kernel
    result = yield
    if peak is not None:
        name = item.nodeid.split("::")[0]
        item.user_properties.append((REPORT_KEY, (name, peak)))
        if peak >= MEMORY_LIMIT_MB:
            pytest.fail(
                f"{name}: the kernel's peak memory was {peak:.0f} MB; a Binder session gives "
                f"1-2 GB, so each notebook must stay under {MEMORY_LIMIT_MB} MB",
                pytrace=False,
            )
    return result
