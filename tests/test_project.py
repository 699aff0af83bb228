"""Project-level checks: lint, the import rule, the pins, and the refresh command."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    """ruff lints helpers, tests, scripts and the notebooks (it reads .ipynb itself)."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_helpers_imports_neither_torch_nor_matplotlib():
    code = ("import sys, helpers; "
            "print(sorted(m for m in ('torch', 'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "notebooks",
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_helpers_is_imported_from_this_checkout_from_any_directory(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import helpers; print(helpers.__file__)"],
                            cwd=tmp_path, capture_output=True, text=True, check=True)
    assert Path(result.stdout.strip()).resolve() == ROOT / "helpers" / "__init__.py"


def test_requirements_pin_every_package_exactly():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    requirements = [line for line in lines if line and not line.startswith("#")]
    assert "-e ." in requirements
    pins = [line for line in requirements if line != "-e ."]
    for pin in pins:
        assert "==" in pin and not any(c in pin for c in "<>~*,;"), f"not an exact pin: {pin}"
    names = {pin.split("==")[0].lower() for pin in pins}
    for needed in ("numpy", "torch", "matplotlib", "jupyterlab", "ipykernel", "nbval",
                   "pytest", "ruff", "nbclient", "nbformat"):
        assert needed in names, f"{needed} is not pinned"
    assert "torch==2.13.0" in pins
