"""The package's layers, read from the imports of every module (with ``ast``).

* numerics (the modules at the top level of ``cnnbook/``) import no view or explorer
  module, no matplotlib and no ipywidgets;
* views (``cnnbook/views/``) import no ipywidgets and no explorer;
* no module imports a private name (``_x``) of another module, nor reaches one through
  an imported module (``module._x``).

Imports inside functions count as much as those at the top of a module.  Modules are
found by walking the folders, so a new one is checked without editing this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cnnbook"


def modules():
    """``(dotted name, path)`` of every module of the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def layer(name):
    parts = name.split(".")
    if len(parts) > 1 and parts[1] in ("views", "explorers"):
        return parts[1]
    return "numerics"


def imports(name, path):
    """``(imported module, imported names, line)`` for every import in the module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative import
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            yield module, [alias.name for alias in node.names], node.lineno


def private_attribute_uses(path):
    """``module._x`` where ``module`` was bound by ``import cnnbook...`` (line, text)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("cnnbook"):
                    bound.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cnnbook"):
            for alias in node.names:  # from cnnbook import kernels: a module
                bound.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
            if node.attr.startswith("_") and not node.attr.startswith("__"):
                yield node.lineno, f"{node.value.id}.{node.attr}"


MODULES = list(modules())
FORBIDDEN = {
    "numerics": ("cnnbook.views", "cnnbook.explorers", "matplotlib", "ipywidgets"),
    "views": ("cnnbook.explorers", "ipywidgets"),
    "explorers": (),
}


def test_the_walk_finds_every_layer():
    layers = {layer(name) for name, _ in MODULES}
    assert layers == {"numerics", "views", "explorers"}
    assert len(MODULES) > 20


@pytest.mark.parametrize("name, path", MODULES, ids=[name for name, _ in MODULES])
def test_module_respects_the_layers(name, path):
    bad = []
    for module, names, line in imports(name, path):
        for prefix in FORBIDDEN[layer(name)]:
            if module == prefix or module.startswith(prefix + "."):
                bad.append(f"line {line}: imports {module}")
            for item in names:  # from cnnbook import views
                full = f"{module}.{item}"
                if full == prefix or full.startswith(prefix + "."):
                    bad.append(f"line {line}: imports {full}")
    assert not bad, f"{name} ({layer(name)}) breaks the layering: " + "; ".join(bad)


@pytest.mark.parametrize("name, path", MODULES, ids=[name for name, _ in MODULES])
def test_module_imports_no_private_name_of_another(name, path):
    bad = [
        f"line {line}: from {module} import {item}"
        for module, names, line in imports(name, path)
        if module.startswith("cnnbook") and module != name
        for item in names
        if item.startswith("_") and not item.startswith("__")
    ]
    bad += [f"line {line}: {text}" for line, text in private_attribute_uses(path)]
    assert not bad, f"{name} uses private names of other modules: " + "; ".join(bad)


def test_the_checks_catch_what_they_should(tmp_path):
    # the test's own parser on a module that breaks every rule
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import matplotlib.pyplot as plt\n"
        "from cnnbook import kernels\n"
        "from cnnbook.convolution import _fill_windows\n"
        "def f():\n"
        "    from cnnbook.views.pooling import PoolingView\n"
        "    return kernels._private\n"
    )
    found = list(imports("cnnbook.bad", bad))
    assert ("matplotlib.pyplot", [], 1) in found and ("cnnbook.views.pooling", ["PoolingView"], 5) in found
    assert ("cnnbook.convolution", ["_fill_windows"], 3) in found
    assert list(private_attribute_uses(bad)) == [(6, "kernels._private")]
