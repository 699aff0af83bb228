"""The walls around one submission's kernel: bubblewrap, resource limits, a minimal environment.

The kernel's command is  python -c LIMITS ... bwrap OPTIONS ... python -m ipykernel_launcher:
the resource limits (address space, file size, core dumps) are set first and inherited by
everything the submission starts. Under bubblewrap (Linux) the kernel sees:
- no network (a network namespace of its own: not even the host's loopback), no other process
  (a pid namespace: /proc shows only the sandbox), no capabilities;
- the Python installation, the virtual environment and the course's helpers/, data/ and
  scripts/grading/ read-only; /usr read-only; an empty /tmp of its own; nothing else of the
  host: not $HOME, not the other submissions, not /etc;
- one writable folder, `scratch`: a copy of the submission and the kernel's IPC sockets;
- an environment of a few variables (ENVIRONMENT), none of the grader's.
When the grader's process dies, so does the sandbox (--die-with-parent); when the kernel is
shut down, every process it started dies with its pid namespace.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GRADING = Path(__file__).resolve().parent
SHARED = [ROOT / "helpers", ROOT / "data", GRADING]  # what the kernel may read of the course

LIMITS = (
    "import os, resource, sys\n"
    "memory, size = int(sys.argv[1]), int(sys.argv[2])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (memory, memory))\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "os.execvp(sys.argv[3], sys.argv[3:])\n"
)
FILE_SIZE = 256 * 2**20  # the largest file a submission may write, bytes


class SandboxUnavailable(Exception):
    """bubblewrap is missing or cannot make a sandbox on this machine."""


def environment(scratch):
    """The kernel's whole environment: a few variables, all pointing into `scratch`."""
    home = Path(scratch) / "home"
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "PYTHONNOUSERSITE": "1",
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",
    }


def _python_trees():
    """The folders the kernel's Python needs: the venv, the base installation, their real
    locations (a venv's python is a symlink into the base one)."""
    trees = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    trees |= {tree.resolve() for tree in trees}
    trees.add(Path(sys.executable).resolve().parent.parent)
    return sorted(trees)


def bwrap_options(scratch, env):
    """bubblewrap's options: see the module's docstring."""
    options = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    options += ["--ro-bind", "/usr", "/usr"]
    for link in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / link
        if path.is_symlink():
            options += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            options += ["--ro-bind", str(path), str(path)]
    options += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for tree in [*_python_trees(), *SHARED]:
        if tree.is_dir() and not str(tree).startswith("/usr/"):
            options += ["--ro-bind", str(tree), str(tree)]
    options += ["--bind", str(scratch), str(scratch), "--chdir", str(Path(scratch) / "work")]
    options += ["--clearenv"]
    for name, value in env.items():
        options += ["--setenv", name, value]
    return options


def command(argv, scratch, memory, sandboxed=True):
    """The full command that runs `argv` (the kernel) within the limits and the sandbox."""
    env = environment(scratch)
    limits = [sys.executable, "-c", LIMITS, str(memory), str(FILE_SIZE)]
    if not sandboxed:
        return [*limits, *argv]
    return [*limits, shutil.which("bwrap") or "bwrap", *bwrap_options(scratch, env), *argv]


def check_available():
    """Raise SandboxUnavailable (with the reason) unless bubblewrap works here."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"bubblewrap needs Linux; this is {sys.platform}")
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed: on Debian/Ubuntu, apt-get install bubblewrap"
        )
    probe = [bwrap, "--unshare-all", "--die-with-parent", "--cap-drop", "ALL"]
    probe += ["--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"]
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SandboxUnavailable(f"bwrap could not run: {error}") from None
    if result.returncode != 0:
        why = result.stderr.strip().splitlines()[-1:] or [f"exit status {result.returncode}"]
        raise SandboxUnavailable(f"bwrap cannot make a sandbox here: {why[0]}")
