"""Binder's environment.yml and pyproject.toml must describe the same book."""

import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
# conda-forge names that differ from PyPI's
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def runtime_requirements():
    return {Requirement(r).name.lower(): Requirement(r).specifier for r in pyproject()["project"]["dependencies"]}


def conda_requirements():
    text = (ROOT / "environment.yml").read_text()
    deps, pip_block = {}, []
    text = text.split("\ndependencies:", 1)[1]
    for line in text.splitlines():
        m = re.match(r"^  - ([A-Za-z0-9_.-]+)\s*([<>=!~].*)?$", line)
        if m:
            name = CONDA_TO_PYPI.get(m.group(1), m.group(1)).lower()
            deps[name] = (m.group(2) or "").strip()
        m = re.match(r"^      - (.+)$", line)
        if m:
            pip_block.append(m.group(1).strip())
    return deps, pip_block


def test_same_runtime_packages():
    deps, _ = conda_requirements()
    conda = set(deps) - {"python", "pip"}
    assert conda == set(runtime_requirements()), (
        f"only in environment.yml: {conda - set(runtime_requirements())}; "
        f"only in pyproject.toml: {set(runtime_requirements()) - conda}"
    )


@pytest.mark.parametrize("name", sorted(runtime_requirements()))
def test_bounds_compatible_and_bounded_above(name):
    py_spec = runtime_requirements()[name]
    conda_spec = SpecifierSet(conda_requirements()[0][name].replace(" ", ""))
    assert any(s.operator == "<" for s in py_spec), f"{name} has no upper bound in pyproject.toml: {py_spec}"
    assert any(s.operator == ">=" for s in py_spec), f"{name} has no lower bound in pyproject.toml: {py_spec}"
    # the same bounds, so that Binder and pip solve to the same release lines
    assert conda_spec == py_spec, f"{name}: environment.yml says {conda_spec}, pyproject.toml says {py_spec}"


def test_binder_installs_the_package_and_uses_python_312():
    deps, pip_block = conda_requirements()
    assert deps["python"] == "=3.12"
    assert "-e ." in pip_block


def test_python_floor_and_test_extra():
    project = pyproject()["project"]
    assert SpecifierSet(project["requires-python"]).contains("3.10")
    extras = {Requirement(r).name.lower() for r in project["optional-dependencies"]["test"]}
    assert {"pytest", "nbval", "hypothesis", "playwright"} <= extras


def test_no_exact_pins():
    extras = pyproject()["project"]["optional-dependencies"]
    for req in pyproject()["project"]["dependencies"] + [r for reqs in extras.values() for r in reqs]:
        assert "==" not in req, f"exact pin in {req}: use a range"


def test_web_extra_builds_with_jupyter_book_1():
    """The web edition's packages, each a range bounded above (Jupyter Book 2 cannot build offline)."""
    web = {Requirement(r).name.lower(): Requirement(r).specifier for r in pyproject()["project"]["optional-dependencies"]["web"]}
    assert {"jupyter-book", "sphinx-book-theme", "myst-nb"} <= set(web)
    assert not web["jupyter-book"].contains("2.0.0") and web["jupyter-book"].contains("1.0.4")
    for name, spec in web.items():
        assert any(s.operator == "<" for s in spec) and any(s.operator == ">=" for s in spec), f"{name}: {spec}"


def test_test_command_installs_the_web_extra():
    """The README's test command runs the web-edition tests, so it installs their packages."""
    readme = (ROOT / "README.md").read_text()
    command = readme.split("<!-- test-command -->", 1)[1].split("```", 2)[1]
    assert re.search(r"pip install -e \"?\.\[[^\]]*\bweb\b", command), command
