"""Project-level checks: lint, the import rule, the pins, and the refresh command."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    """ruff lints helpers, tests, scripts and the notebooks (it reads .ipynb itself), and
    finds no `# noqa` comment that silences nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--extend-select", "RUF100", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    """`ruff format` leaves every file as it is (run `ruff format .` to fix)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_helpers_imports_neither_torch_nor_matplotlib():
    code = (
        "import sys, helpers; print(sorted(m for m in ('torch', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "notebooks",
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_helpers_is_imported_from_this_checkout_from_any_directory(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import helpers; print(helpers.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(result.stdout.strip()).resolve() == ROOT / "helpers" / "__init__.py"


def _requirement_lines(path):
    lines = [line.strip() for line in path.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _pins(path):
    """{normalised name: version without a local label like +cpu} of a requirements file."""
    pins = {}
    for line in _requirement_lines(path):
        if line.startswith("-"):
            continue
        name, version = line.split("==")
        pins[name.lower().replace("_", "-")] = version.split("+")[0]
    return pins


def test_requirements_pin_every_package_exactly():
    requirements = _requirement_lines(ROOT / "requirements.txt")
    assert "-e ." in requirements
    pins = [line for line in requirements if line != "-e ."]
    for pin in pins:
        assert "==" in pin and not any(c in pin for c in "<>~*,;"), f"not an exact pin: {pin}"
    names = {pin.split("==")[0].lower() for pin in pins}
    for needed in (
        "numpy",
        "torch",
        "matplotlib",
        "jupyterlab",
        "ipykernel",
        "nbval",
        "pytest",
        "ruff",
        "nbclient",
        "nbformat",
    ):
        assert needed in names, f"{needed} is not pinned"
    assert "torch==2.13.0" in pins


def test_binder_pins_the_same_versions_as_the_root_requirements():
    binder = ROOT / "binder" / "requirements.txt"
    assert _pins(binder) == _pins(ROOT / "requirements.txt")
    lines = _requirement_lines(binder)
    assert "-e ." in lines
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lines
    assert "torch==2.13.0+cpu" in lines  # the CPU-only build
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_installed_packages_have_no_broken_requirements():
    """`pip check` in the course's environment: every installed package's requirements are met
    (e.g. the pinned `notebook` fits the pinned `jupyterlab`, as Binder's image needs)."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_nbformat_builds_no_iri_parser():
    """jsonschema imports rfc3987-syntax when it is installed, and that builds a Lark parser
    for every IRI rule (1.4 s here) in every process that imports nbformat: each kernel that
    imports otter, each pytest worker, Jupyter, the site build. jsonschema 4.23.0 (pinned)
    does not ask for it; a pin file regenerated with a newer one would bring it back."""
    code = "import sys, nbformat; print('rfc3987_syntax' in sys.modules, 'lark' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"], result.stdout + result.stderr
    for path in (ROOT / "requirements.txt", ROOT / "binder" / "requirements.txt"):
        assert not {"rfc3987-syntax", "lark"} & _pins(path).keys(), path


def test_notebook_is_pinned_to_fit_jupyterlab():
    """repo2docker's own environment brings `notebook`; ours must replace it with one that
    accepts our jupyterlab, in both requirements files."""
    for path in (ROOT / "requirements.txt", ROOT / "binder" / "requirements.txt"):
        assert "notebook" in _pins(path), f"{path}: notebook is not pinned"


def test_github_workflow_runs_the_ci_script():
    """GitHub's CI and the project's CI are the same script, so they cannot drift apart."""
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "run: bash .ci/run" in workflow
    assert "permissions:\n  contents: read" in workflow
    ci_script = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest ||" in ci_script and "trap 'rm -rf" in ci_script
