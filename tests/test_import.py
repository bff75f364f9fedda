"""`import cnnbook` stays light: no plotting or widget library behind a reader's back."""

import subprocess
import sys


def test_import_does_not_pull_in_matplotlib_or_ipywidgets():
    code = (
        "import sys, cnnbook; "
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'scipy', 'PIL') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"import cnnbook imported {result.stdout.strip()}"


def test_drawing_leaves_matplotlib_settings_alone():
    # every module of the package, found by walking it (views and explorers included),
    # imported and its examples run (which draws every view), in a fresh interpreter
    code = (
        "import doctest, importlib, pkgutil, matplotlib as mpl; mpl.use('Agg'); before = dict(mpl.rcParams)\n"
        "import cnnbook\n"
        "names = [i.name for i in pkgutil.walk_packages(cnnbook.__path__, 'cnnbook.')]\n"
        "drawing = [n for n in names if n.split('.')[1] in ('views', 'explorers')]\n"
        "failed = 0\n"
        "for name in names:\n"
        "    module = importlib.import_module(name)\n"
        "    if name in drawing:\n"
        "        failed += doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed\n"
        "changed = sorted(k for k in before if mpl.rcParams[k] != before[k])\n"
        "print(len(drawing), failed, changed)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    n_drawing, failed, changed = result.stdout.strip().split(" ", 2)
    assert int(n_drawing) >= 16 and failed == "0", result.stdout + result.stderr
    assert changed == "[]", f"drawing changed rcParams {changed}"


def test_public_names_are_documented():
    import cnnbook

    for name in cnnbook.__all__:
        obj = getattr(cnnbook, name)
        assert obj.__doc__ and len(obj.__doc__.strip()) > 20, f"cnnbook.{name} has no docstring"
