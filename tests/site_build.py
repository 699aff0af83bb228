"""The course's web site, built once per test session with the README's command,
`python scripts/build_site.py` (both editions; -W: every Sphinx warning fails the build), into a
temporary folder, for the tests that read its HTML (tests/test_site.py) and the one that opens
it in Chromium (tests/test_site_browser.py)."""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_COMMAND = "python scripts/build_site.py"  # the README's command (and the workflow's)


def build_site(output):
    """Build the site into the folder `output`: (the folder of the whole site's HTML, the
    build's output, its seconds); the build must succeed with no warning."""
    started = time.perf_counter()
    command = [sys.executable, "scripts/build_site.py", "--output", str(output)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the site's build failed (warnings are errors):\n{log}"
    return Path(output) / "html", log, seconds
