"""The course's web site, built once per test session with the README's command,
`python scripts/build_site.py` (both editions; -W: every Sphinx warning fails the build), into a
temporary folder, for the tests that read its HTML (tests/test_site.py) and the one that opens
it in Chromium (tests/test_site_browser.py). Under pytest-xdist those two files may run in
different workers: the first to ask builds it, and the other waits for it and reads the same
folder (a file lock in the folder that the workers' temporary folders share)."""

import json
import subprocess
import sys
import time
from pathlib import Path

from filelock import FileLock

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


def build_site_once(tmp_path_factory, worker_id):
    """build_site's (folder, output, seconds), built once per test session whichever workers
    ask: `worker_id` is pytest-xdist's ("master" without workers)."""
    if worker_id == "master":
        return build_site(tmp_path_factory.mktemp("site"))
    shared = tmp_path_factory.getbasetemp().parent / "site"  # the session's, for every worker
    record = shared / "build.json"
    with FileLock(str(shared) + ".lock"):
        if not record.exists():
            html, log, seconds = build_site(shared)
            record.write_text(json.dumps({"html": str(html), "log": log, "seconds": seconds}))
    built = json.loads(record.read_text())
    return Path(built["html"]), built["log"], built["seconds"]
