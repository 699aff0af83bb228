"""The memory check of tests/nbval_memory.py proves itself: under nbval with that plugin, a
notebook whose kernel holds more than the limit fails, naming itself and its peak, and a small
one passes with its peak reported."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbval_memory import MEMORY_LIMIT_MB, REPORT_KEY, peak_memory_mb

ROOT = Path(__file__).resolve().parent.parent


def _notebook(path, megabytes):
    """A notebook whose one cell fills `megabytes` MB of memory (every page touched)."""
    cell = nbformat.v4.new_code_cell(
        f"import numpy as np\nblock = np.ones({megabytes} * 2**20 // 8)\nprint(block.size)"
    )
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output("stream", text=f"{megabytes * 2**20 // 8}\n")]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)


@pytest.mark.skipif(peak_memory_mb(1) is None, reason="no /proc: peak memory is not measured")
def test_a_notebook_over_the_limit_fails_and_a_small_one_passes(tmp_path):
    _notebook(tmp_path / "heavy.ipynb", MEMORY_LIMIT_MB + 200)
    _notebook(tmp_path / "light.ipynb", 50)
    command = [sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:cacheprovider"]
    command += ["-p", "tests.nbval_memory", "--nbval", "--nbval-current-env", "-rE"]
    result = subprocess.run(
        [*command, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert "2 passed, 1 error" in out, out[-3000:]  # both cells ran; heavy errs at teardown
    teardown_errors = [line for line in out.splitlines() if "ERROR at teardown of" in line]
    assert len(teardown_errors) == 1 and "heavy.ipynb::Cell 0" in teardown_errors[0], out[-3000:]
    assert "heavy.ipynb: the kernel's peak memory was 1" in out, out[-3000:]  # 1 2xx MB
    assert "light.ipynb" not in out.split("short test summary info")[-1], out[-3000:]


def test_the_summary_reads_the_plugin_s_reports():
    """The root conftest.py collects the peaks under the plugin's own key."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    assert conftest.KERNEL_MEMORY == REPORT_KEY
