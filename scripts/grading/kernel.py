"""One submission's kernel: started in the sandbox, spoken to over IPC sockets, never TCP.

A Session runs the submission's code cells in a fresh IPython kernel (ipykernel) and then, on
the grader's request, calls the functions they defined (see sandbox_side.serve). Every wait has
a deadline: the call's, and the whole notebook's. A call that overruns is interrupted; a kernel
that does not answer the interrupt, or dies, is started again and the cells are run again, so
the learner's other functions can still be graded (at most MAX_RESTARTS times).

Every reason it gives (a NotebookFailed, or the TimeoutError / RuntimeError a check reports as
what the learner's function raised) is a learner's message: it goes through `_` (helpers.i18n),
so it is in the language the grader set for this submission (grade.py).
"""

import queue
import secrets
import shutil
import sys
import time
from pathlib import Path
from subprocess import DEVNULL

import zmq
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

from grading import sandbox, wire
from grading.sandbox_side import MIME
from helpers.i18n import gettext as _

MAX_RESTARTS = 3
MAX_MESSAGE = 64 * 2**20  # bytes: a larger message from the kernel ends its connection
GRACE = 5.0  # seconds a kernel has to answer an interrupt
SETUP = (
    "import sys as _s\n_s.path.insert(0, {scripts!r})\n"
    "import grading.sandbox_side as _g\n_g.install()\ndel _s, _g\n"
)


def _died_in_cells():
    return _("the kernel died while running the notebook")


class CallTimeout(Exception):
    """The code did not finish within its time."""


class KernelDied(Exception):
    """The kernel process ended."""


class NotebookFailed(BaseException):
    """The submission cannot be graded (the reason is the message). A BaseException, so that
    it passes through a check (which turns every Exception into a Result) to the grader."""


class Session:
    """The kernel of one submission. cells: the code cells' sources; scratch: an empty folder
    (the only one the kernel may write); notebook: the submission, copied into scratch/work."""

    def __init__(self, cells, scratch, notebook, limits, sandboxed=True):
        self.cells, self.limits, self.sandboxed = list(cells), limits, sandboxed
        self.scratch = Path(scratch)
        self.deadline = time.monotonic() + limits.notebook_timeout
        self.restarts, self.failure = 0, None
        self.km = self.kc = None
        work = self.scratch / "work"
        work.mkdir(parents=True)
        shutil.copyfile(notebook, work / Path(notebook).name)
        for name in sandbox.environment(self.scratch).values():
            if name.startswith(str(self.scratch / "home")):
                Path(name).mkdir(parents=True, exist_ok=True)

    # --- the kernel's life ------------------------------------------------------------------

    def start(self):
        """Start the kernel and run the cells; raise NotebookFailed if that is not possible."""
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        self.km = KernelManager(
            transport="ipc",
            ip=str(self.scratch / "ipc"),
            connection_file=str(self.scratch / "kernel.json"),
        )
        self.km._kernel_spec = KernelSpec(
            argv=sandbox.command(argv, self.scratch, self.limits.memory, self.sandboxed),
            display_name="sandboxed python",
            language="python",
            interrupt_mode="message",
        )
        self.km.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)  # for the sockets made next
        env = sandbox.environment(self.scratch)
        self.km.start_kernel(
            env=env, cwd=str(self.scratch / "work"), stdout=DEVNULL, stderr=DEVNULL, stdin=DEVNULL
        )
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=max(1.0, self._left()))
        except RuntimeError as error:
            raise NotebookFailed(
                _("the kernel did not start: {error}").format(error=error)
            ) from None
        scripts = str(sandbox.GRADING.parent)
        self.execute(SETUP.format(scripts=scripts), self.deadline)
        for source in self.cells:
            self.execute(source, self.deadline)

    def stop(self):
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        self.km = self.kc = None

    def __enter__(self):
        try:
            self.start()
        except CallTimeout:
            self.stop()
            raise NotebookFailed(self._too_long()) from None
        except KernelDied:
            self.stop()
            raise NotebookFailed(_died_in_cells()) from None
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _left(self):
        return self.deadline - time.monotonic()

    def _too_long(self):
        seconds = f"{self.limits.notebook_timeout:g}"
        return _("the notebook took longer than {seconds} s").format(seconds=seconds)

    # --- running code -----------------------------------------------------------------------

    def execute(self, code, deadline):
        """Run `code`; return the grader's messages (MIME) it displayed. Its other output is
        dropped. Raises CallTimeout at `deadline`, KernelDied if the kernel ends."""
        msg_id = self.kc.execute(code, store_history=False, allow_stdin=False)
        replies, idle, found = False, False, []
        while not (replies and idle):
            if time.monotonic() > deadline:
                raise CallTimeout()
            try:
                message = self.kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                message = None
            if message is not None and message["parent_header"].get("msg_id") == msg_id:
                content = message["content"]
                if message["msg_type"] == "display_data" and MIME in content.get("data", {}):
                    found.append(content["data"][MIME])
                idle = idle or content.get("execution_state") == "idle"
            try:
                reply = self.kc.get_shell_msg(timeout=0)
                replies = replies or reply["parent_header"].get("msg_id") == msg_id
            except queue.Empty:
                pass
            if message is None and not self.km.is_alive():
                raise KernelDied()
        return found

    def request(self, code, nonce, timeout):
        """Run the grader's `code` and return its one reply (a dict) with this `nonce`, or
        raise TimeoutError / RuntimeError (the kernel died) for the check to report."""
        if self.failure is None and self._left() <= 0:
            self.failure = self._too_long()
        if self.failure is not None:
            raise NotebookFailed(self.failure)
        deadline = min(time.monotonic() + timeout, self.deadline)
        try:
            found = self.execute(code, deadline)
        except CallTimeout:
            if self._left() <= 0:
                raise NotebookFailed(self._too_long()) from None
            self._recover()
            message = _("the call took longer than {seconds} s").format(seconds=f"{timeout:g}")
            raise TimeoutError(message) from None
        except KernelDied:
            self._restart()
            raise RuntimeError(_("the kernel died during the call")) from None
        for text in reversed(found):
            try:
                data = wire.loads(text)
            except (ValueError, TypeError):
                continue
            if isinstance(data, dict) and data.get("nonce") == nonce:
                return data
        raise RuntimeError(_("the function gave no answer"))

    def _recover(self):
        """After a timeout: interrupt; restart if the kernel does not answer in GRACE s."""
        self.km.interrupt_kernel()
        try:
            self.execute("pass", min(time.monotonic() + GRACE, self.deadline))
        except (CallTimeout, KernelDied):
            self._restart()

    def _restart(self):
        self.stop()
        if self.restarts >= MAX_RESTARTS:
            message = _("the kernel was restarted {count} times; giving up")
            self.failure = message.format(count=MAX_RESTARTS)
            raise NotebookFailed(self.failure)
        self.restarts += 1
        for stale in self.scratch.glob("ipc-*"):
            stale.unlink()
        try:
            self.start()
        except CallTimeout:
            self.failure = self._too_long()
        except KernelDied:
            self.failure = _died_in_cells()
        if self.failure is not None:
            self.stop()
            raise NotebookFailed(self.failure)

    @staticmethod
    def nonce():
        return secrets.token_hex(8)
