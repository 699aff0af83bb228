"""What the browser test's two files (tests/test_browser.py, tests/test_browser_korean.py)
share: a real JupyterLab in headless Chromium, and the checks run in it.

nbval already runs every notebook's code, and tests/nbval_memory.py weighs every kernel, so the
browser test runs only what JupyterLab alone can show: its own Run All on one lesson notebook
(06, with three figures and PyTorch), a learner typing an answer into a student notebook and
the page saying "passed" (in each edition), and a notebook that raises, to prove the check.
The suite gives each test file to one pytest-xdist worker (`--dist loadfile`): the English and
the Korean file run at once, each against a JupyterLab server of its own (the fixtures `lab`
and `browser` in tests/conftest.py are module-scoped).

A JupyterLab server is started on 127.0.0.1 (free port, random token; its state and runtime
folders in the worker's own temporary folder) over a COPY of notebooks/ (so nothing the browser
saves can touch the stored outputs). A notebook is opened in Chromium, run with JupyterLab's
own `notebook:run-all-cells` command, and judged from JupyterLab's notebook model (JupyterLab
renders only the cells in view, so the page itself would not show them all). In a student
notebook (notebooks/exercises/, made from the step notebooks) a learner's answer to its
exercise is typed into the notebook model, and its check's "passed" is read from the page.
(tests/test_exercise_notebooks.py runs every student notebook unsolved in a kernel of its own.)
A screenshot of each notebook is saved in artifacts/browser/ (or $BROWSER_ARTIFACTS); the
summary at the end of the run lists them.

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM_PATH) and the playwright package
(no browser download). Without them the tests are skipped, except under CI=true, where a
missing browser is a failure. Deselect with: python -m pytest -m "not browser".
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
from browsers import launch_chromium, require_browser
from editions import notebook_name

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / "artifacts" / "browser"))
REPORT = {}  # notebook name -> "ok" or "FAILED"; printed by conftest's summary


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _EarlyExit(RuntimeError):
    pass


class LabServer:
    """A JupyterLab server on loopback over `root`, stopped (with its kernels) by stop()."""

    def __init__(self, root, attempts=3):
        self.root, self.token = root, secrets.token_hex(16)
        for attempt in range(attempts):
            try:
                self._start(root.parent / f"jupyterlab-{attempt}.log")
                return
            except _EarlyExit:  # e.g. the port was taken in between: another port
                if attempt + 1 == attempts:
                    raise

    def _start(self, log_path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        state = self.root.parent / "lab-state"
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--expose-app-in-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                f"--LabApp.workspaces_dir={state / 'workspaces'}",
                f"--LabApp.user_settings_dir={state / 'settings'}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],  # CI runs as root
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # Its own runtime folder (connection files), apart from the other worker's server.
            env={**os.environ, "JUPYTER_RUNTIME_DIR": str(state / "runtime")},
        )
        try:
            self._wait_until_up(timeout=90)
        except BaseException:
            self.stop()
            raise

    def api(self, path, method="GET"):
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def _wait_until_up(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise _EarlyExit(f"jupyter lab exited early; see {self.log.name}")
            try:
                self.api("status")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"jupyter lab did not answer in {timeout} s; see {self.log.name}")

    def stop(self):
        """SIGTERM to the whole process group (server and kernels), then SIGKILL if needed."""
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()


def _write_raising_notebook(path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("1 / 0"),
        nbformat.v4.new_code_cell("print('never reached')"),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def lab_server(tmp_path_factory):
    """The `lab` fixture: a JupyterLab server over a copy of notebooks/ (and a notebook that
    raises, selftest/raises.ipynb), in a new temporary folder; stopped at the end."""
    require_browser()
    root = tmp_path_factory.mktemp("lab") / "root"
    shutil.copytree(
        ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    _write_raising_notebook(root / "selftest" / "raises.ipynb")
    # No "get Jupyter news?" pop-up over the screenshots.
    settings = root.parent / "lab-state" / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    server = LabServer(root)
    try:
        yield server
    finally:
        server.stop()


def chromium_browser():
    """The `browser` fixture: headless Chromium, closed at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


# Runs in the page: the open notebook's kernel state, read from JupyterLab's own objects.
KERNEL_STATE_JS = """(path) => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!widget || !widget.context || widget.context.path !== path) return null;
  const kernel = widget.sessionContext.session && widget.sessionContext.session.kernel;
  return kernel ? {status: kernel.status, id: kernel.id} : null;
}"""
RUN_ALL_JS = "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
# Every cell of the notebook MODEL (not the rendered page): type, execution count, errors.
READ_MODEL_JS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  const result = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    const errors = cell.outputs.toJSON().filter(o => o.output_type === 'error')
                                        .map(o => o.ename + ': ' + o.evalue);
    result.push({index: i, count: cell.executionCount, errors: errors});
  }
  return result;
}"""


def _open(lab, browser, relative_path):
    """A new page with `relative_path` open in JupyterLab: (page, its idle kernel's state)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{lab.url}/lab/tree/{relative_path}?reset&token={lab.token}")
        state = page.wait_for_function(
            f"() => {{ const s = ({KERNEL_STATE_JS})({json.dumps(relative_path)});"
            " return s && s.status === 'idle' ? s : null; }",
            timeout=120_000,
        ).json_value()
    except BaseException:
        page.close()
        raise
    return page, state


def _run_all(page, relative_path):
    """Run every cell of the open notebook, wait for its kernel, and return the model's cells."""
    page.evaluate(RUN_ALL_JS)
    page.wait_for_function(
        f"() => {{ const s = ({KERNEL_STATE_JS})({json.dumps(relative_path)});"
        " return s && s.status === 'idle'; }",
        timeout=300_000,
    )
    return page.evaluate(READ_MODEL_JS)


def run_in_lab(lab, browser, relative_path, screenshot):
    """Open `relative_path` in JupyterLab, run all cells, and return what the model says."""
    page, state = _open(lab, browser, relative_path)
    try:
        cells = _run_all(page, relative_path)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
        lab.api(f"kernels/{state['id']}", method="DELETE")
    finally:
        page.close()
    return {
        "errors": [f"cell {c['index']}: {e}" for c in cells for e in c["errors"]],
        "not_executed": [c["index"] for c in cells if c["count"] is None],
        "code_cells": len(cells),
    }


def check_notebook(lab, browser, notebook):
    """Open `notebook` (a path under notebooks/) in JupyterLab and run it; fail on an error or
    a cell not run."""
    name = notebook_name(notebook)  # e.g. 06_training.ipynb
    screenshot = ARTIFACTS / (name.removesuffix(".ipynb").replace("/", "_") + ".png")
    result = run_in_lab(lab, browser, f"notebooks/{name}", screenshot)
    REPORT[name] = "ok" if not result["errors"] and not result["not_executed"] else "FAILED"
    assert result["code_cells"] > 0
    assert not result["errors"], result["errors"]
    assert not result["not_executed"], f"cells not executed: {result['not_executed']}"


# A learner's answer, typed into the cell the way the editor does it: through the cell's shared
# model (what JupyterLab saves and runs). Returns the cell's index, or -1.
SET_SOURCE_JS = """([id, source]) => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    if (cells.get(i).id === id) { cells.get(i).sharedModel.setSource(source); return i; }
  }
  return -1;
}"""
FIND_CELL_JS = """(id) => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  for (let i = 0; i < cells.length; i++) { if (cells.get(i).id === id) return i; }
  return -1;
}"""
# Bring cell `index` into view (JupyterLab renders only the cells in view) and make it active.
SHOW_CELL_JS = """async (index) => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  notebook.activeCellIndex = index;
  await notebook.scrollToItem(index, 'center');
}"""
LEARNERS_SOFTMAX = """def softmax(Z):
    shifted = Z - Z.max(axis=0, keepdims=True)
    return np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)"""


def _run_all_and_read_feedback(page, path, check_index):
    """Run every cell; return the errors and unexecuted cells, and the check's output text as
    the page renders it (not as the model holds it)."""
    cells = _run_all(page, path)
    problems = [c for c in cells if c["errors"] or c["count"] is None]
    page.evaluate(SHOW_CELL_JS, check_index)
    feedback = page.locator(".jp-OutputArea-output").filter(has_text=re.compile("^softmax: "))
    feedback.wait_for(state="visible", timeout=30_000)
    return problems, feedback.inner_text()


HEADLINES = {"en": ("not done yet", "passed"), "ko": ("아직 작성하지 않음", "통과")}


def check_learner_exercise(lab, browser, folder):
    """Open the student notebook of step 2 of the edition in `folder` and run it: the page says
    "not done yet" under the softmax check. Write a softmax into the empty cell through the
    notebook model, run it again, and the page says "passed"."""
    path = f"{folder}/exercises/02_forward.ipynb"
    page, state = _open(lab, browser, path)
    try:
        check_index = page.evaluate(FIND_CELL_JS, "softmax-check")
        assert check_index >= 0
        problems, before = _run_all_and_read_feedback(page, path, check_index)
        assert not problems, problems
        assert page.evaluate(SET_SOURCE_JS, ["softmax-solution", LEARNERS_SOFTMAX]) >= 0
        problems, after = _run_all_and_read_feedback(page, path, check_index)
        assert not problems, problems
        shown = path.removeprefix("notebooks/").removesuffix(".ipynb").replace("/", "_")
        page.screenshot(path=str(ARTIFACTS / f"{shown}_passed.png"))
        lab.api(f"kernels/{state['id']}", method="DELETE")
    finally:
        page.close()
    # Each edition's checks speak its language (the Korean ones: helpers.use_language("ko")).
    not_done, passed = HEADLINES["ko" if folder.endswith("/ko") else "en"]
    REPORT[path.removeprefix("notebooks/")] = (
        "ok" if after.startswith(f"softmax: {passed}.") else "FAILED"
    )
    assert before.startswith(f"softmax: {not_done}."), before
    assert after.startswith(f"softmax: {passed}."), after
