"""The course's web site, built once per test session with the README's command into a
temporary folder (in a subprocess; -W: every Sphinx warning fails the build), for the tests
that read its HTML (tests/test_site.py) and the one that opens it in Chromium
(tests/test_site_browser.py)."""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_ARGS = ["build", "notebooks", "--path-output", "build/site", "-W", "--keep-going"]
JUPYTER_BOOK = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]


def build_site(output):
    """Build the site into the folder `output`: (the folder of the built HTML, the build's
    output, its seconds); the build must succeed with no warning."""
    args = [*BUILD_ARGS]
    args[args.index("build/site")] = str(output)
    started = time.perf_counter()
    result = subprocess.run([*JUPYTER_BOOK, *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the site's build failed (warnings are errors):\n{log}"
    return output / "_build" / "html", log, seconds
