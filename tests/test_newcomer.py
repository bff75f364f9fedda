"""A newcomer's first run: the README's set-up command, exactly as written, in a fresh copy.

The repository's tracked files are copied to a temporary folder, and the fenced command
after ``<!-- setup-command -->`` in README.md is run there with bash, unchanged: it
creates ``.venv``, installs the book into it and starts ``jupyter lab`` at the index.
Reading the command from the README means README and test cannot drift apart.

The command's last step starts a server that runs until stopped, so the command runs in
the background.  Port, token, no browser and (we may be root) allow-root are given to
that server through a throw-away ``JUPYTER_CONFIG_DIR`` holding a
``jupyter_server_config.py``, never by editing the command.  The test then asks the
server for the index notebook, as a browser would, and finally stops the server and
everything the command started (its whole process group).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO_ROOT, free_port, quiet_jupyter_env, stop_process_group, tail, wait_for_server

INDEX = "notebooks/00_index.ipynb"
INSTALL_TIMEOUT = 900  # seconds: a fresh venv and `pip install -e .` (pip's cache helps)


def setup_command(readme: Path) -> str:
    """The fenced bash line after ``<!-- setup-command -->``."""
    match = re.search(r"<!-- setup-command -->\s*```(?:bash|sh)?\n(.*?)\n```", readme.read_text(encoding="utf-8"), re.S)
    assert match, "README.md has no fenced command after <!-- setup-command -->"
    return match.group(1).strip()


def copy_tracked_files(dest: Path) -> None:
    """Copy what a clone would hold: git's tracked files (or the tree minus .git/.venv)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True).stdout
        files = [f for f in listed.decode().split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        files = None
    if not files:
        shutil.copytree(REPO_ROOT, dest, symlinks=True,
                        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis"))
        return
    for name in files:
        src = REPO_ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def newcomer_env(base: Path, port: int, token: str) -> dict:
    """The environment of someone who has never seen the book: no venv, no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"} and not k.startswith("CONDA")}
    ours = {str(Path(sys.prefix) / "bin"), str(Path(sys.executable).parent)}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p not in ours)
    env = quiet_jupyter_env(base, env)
    (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.py").write_text(
        "# written by tests/test_newcomer.py: the server the README starts, made testable\n"
        "c.ServerApp.ip = '127.0.0.1'\n"
        f"c.ServerApp.port = {port}\n"
        "c.ServerApp.port_retries = 0\n"
        f"c.IdentityProvider.token = {token!r}\n"
        "c.ServerApp.open_browser = False\n"
        "c.ServerApp.allow_root = True\n"
    )
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def served_path(jupyter_command: str, clone: Path) -> str:
    """Where the server shows the index, relative to the folder it serves.

    Given a notebook file (``jupyter lab notebooks/00_index.ipynb``), Jupyter serves that
    file's folder and opens the file; given nothing or a folder, it serves the folder.
    """
    args = [a for a in jupyter_command.split()[2:] if not a.startswith("-")]
    target = clone / args[0] if args else clone
    root = target.parent if target.is_file() else target
    return (clone / INDEX).relative_to(root).as_posix()


def get(url: str):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.read()


@pytest.mark.slow
def test_readme_setup_command_serves_the_index(tmp_path):
    command = setup_command(REPO_ROOT / "README.md")
    last = command.split("&&")[-1].strip()
    assert last.startswith("jupyter lab"), f"the set-up command should end by starting JupyterLab, got {last!r}"
    assert INDEX in last, f"the set-up command should open {INDEX}, got {last!r}"

    clone = tmp_path / "cnnbook"
    clone.mkdir()
    copy_tracked_files(clone)
    assert (clone / INDEX).is_file() and (clone / "pyproject.toml").is_file()

    port, token = free_port(), secrets.token_hex(16)
    env = newcomer_env(tmp_path / "jupyter", port, token)
    log = tmp_path / "setup.log"
    print(f"\nrunning the README's set-up command in {clone}:\n  {command}\nlog: {log}")
    with open(log, "wb") as out:
        proc = subprocess.Popen(["bash", "-c", command], cwd=clone, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(base, token, proc, log, timeout=INSTALL_TIMEOUT)

        served = served_path(last, clone)
        status, body = get(f"{base}/api/contents/{served}?token={token}")
        assert status == 200
        model = json.loads(body)
        assert model["type"] == "notebook" and model["path"] == served
        assert model["content"]["cells"], "the index notebook came back without cells"
        assert model["content"]["metadata"]["kernelspec"]["name"] == "python3"

        status, body = get(f"{base}/lab/tree/{served}?token={token}")
        assert status == 200 and b"JupyterLab" in body

        # The server and the book both come from the new .venv, not from this test's Python.
        venv_python = clone / ".venv" / "bin" / "python"
        assert (clone / ".venv" / "bin" / "jupyter-lab").exists()
        where = subprocess.run(
            [str(venv_python), "-c", "import cnnbook, cnnbook.views, cnnbook.explorers; print(cnnbook.__file__)"],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
        ).stdout.strip()
        assert Path(where).resolve().is_relative_to(clone.resolve()), where
    except BaseException:
        print(f"set-up log ({log}) ends with:\n{tail(log)}")
        raise
    finally:
        stop_process_group(proc)
    assert proc.poll() is not None, "the server did not stop"
