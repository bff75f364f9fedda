"""Shared test settings.

Hypothesis runs a fixed, derandomised number of examples so that a test run is
repeatable and its time predictable on a shared machine; ``HYPOTHESIS_PROFILE=dev``
explores more.  These profiles are the only hypothesis settings: no test module
overrides them.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    # the fuzz tests draw mostly-valid inputs with some garbage: filtering and large
    # draws are expected there
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                 HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --------------------------------------------------------------------------------------
# Browser tests (tests/test_browser.py): one JupyterLab server and one Chromium for the
# whole session.  The server runs with throw-away Jupyter config, data, runtime, settings
# and workspace folders, so that neither the reader's own Jupyter set-up nor an earlier
# run can change what the tests see, and it serves a temporary *copy* of the notebooks:
# running them in the browser (JupyterLab autosaves) never touches the repository.

import json
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "install Debian's Chromium with `sudo apt install chromium`"


def find_chromium():
    """Path of the system's Chromium (never a browser downloaded by Playwright), or None."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def browser_unavailable(reason):
    """Skip, or fail when CNNBOOK_REQUIRE_BROWSER=1 (as CI sets it)."""
    if os.environ.get("CNNBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; CNNBOOK_REQUIRE_BROWSER=1 makes this a failure", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(proc, timeout=15):
    """SIGTERM the process group started with ``start_new_session=True``, then SIGKILL."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_for_server(base_url, token, proc, log_path, timeout):
    """Poll ``/api/status`` until the server answers; fail early if it died."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"the server exited with code {proc.returncode} before answering; its log "
                f"({log_path}) ends with:\n{tail(log_path)}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/api/status?token={token}", timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = exc
        time.sleep(0.5)
    raise RuntimeError(f"no answer from {base_url}/api/status after {timeout} s ({last}); log:\n{tail(log_path)}")


def tail(path, n=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def quiet_jupyter_env(base, env=None):
    """Environment pointing every Jupyter folder at fresh folders under ``base``."""
    env = dict(os.environ if env is None else env)
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"),
    ):
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    # No news or update check (the machine may be offline; the toast covers cells).
    notification = base / "lab-settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text('{"fetchNews": "false", "checkForUpdates": false}\n')
    return env


class JupyterServer:
    """A running Jupyter server: ``url(path)`` adds the token, ``api(path)`` GETs JSON."""

    def __init__(self, base_url, token, root, log):
        self.base_url, self.token, self.root, self.log = base_url, token, root, log

    def url(self, path):
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{sep}token={self.token}"

    def request(self, path, method="GET"):
        req = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    api = request


def make_served_copy(root):
    """Mirror the repository at ``root``: notebooks/ copied, everything else linked."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in REPO_ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in {"notebooks", "__pycache__"}:
            continue
        (root / entry.name).symlink_to(entry)
    shutil.copytree(REPO_ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return root


@pytest.fixture(scope="session")
def chromium_executable():
    path = find_chromium()
    if path is None:
        browser_unavailable(f"no Chromium found (/usr/bin/chromium or `chromium` on PATH): {INSTALL_HINT}")
    return path


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory, chromium_executable):
    """`jupyter lab` from this Python, on 127.0.0.1, a free port and a random token."""
    base = tmp_path_factory.mktemp("jupyter-lab")
    root = make_served_copy(base / "root")
    env = quiet_jupyter_env(base / "jupyter", env=os.environ)
    # Kernels inherit the server's environment: make them import this checkout's cnnbook.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    port, token = free_port(), secrets.token_hex(16)
    log = base / "server.log"
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_server(f"http://127.0.0.1:{port}", token, proc, log, timeout=90)
        yield JupyterServer(f"http://127.0.0.1:{port}", token, root, log)
    finally:
        stop_process_group(proc)


@pytest.fixture(scope="session")
def browser_context(chromium_executable):
    """One headless Chromium and one context (so JupyterLab's scripts are cached)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("Python Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        yield context
        context.close()
        browser.close()
