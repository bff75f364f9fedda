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


def test_import_leaves_matplotlib_settings_alone():
    code = (
        "import matplotlib as mpl; before = dict(mpl.rcParams); "
        "import cnnbook, cnnbook.views, cnnbook.explorers; "
        "print(sorted(k for k in before if mpl.rcParams[k] != before[k]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_public_names_are_documented():
    import cnnbook

    for name in cnnbook.__all__:
        obj = getattr(cnnbook, name)
        assert obj.__doc__ and len(obj.__doc__.strip()) > 20, f"cnnbook.{name} has no docstring"
