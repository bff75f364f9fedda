"""The web edition: Jupyter Book 1 builds the stored notebooks into a site, offline.

The book is built once per test session, into a temporary folder, with the same
command that README.md gives ("Working on the book"): warnings are errors, so a broken
link between chapters, a missing image or an unknown reference fails the build, and
the notebooks are not re-executed.  The site is then served on a loopback
``http.server`` and every chapter page opened in Chromium (Playwright, the same
browser as tests/test_browser.py; requests leaving the machine are refused).  Pages
are discovered from ``notebooks/``: a new chapter is checked as soon as it is in the
table of contents (and the table of contents is checked against ``notebooks/``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO_ROOT, browser_unavailable

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def readme_build_command() -> list[str]:
    """The command README.md gives to build the web edition (after <!-- web-command -->)."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- web-command -->", 1)[1].split("```", 2)[1]
    return shlex.split(block.split("\n", 1)[1].strip())


BUILD_COMMAND = readme_build_command()
assert BUILD_COMMAND[:3] == ["jupyter-book", "build", "."], BUILD_COMMAND
BUILD_FLAGS = BUILD_COMMAND[3:]
BUILD_BUDGET = 60  # seconds; "well under a minute"
RAW_REPR = re.compile(r"Explorer\(children=|\w+\(children=\(|IntProgress\(|VBox\(|HBox\(")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)")
STOPWORDS = {"and", "the", "from", "with", "into", "time", "one", "own", "its", "small", "putting"}


def _require_jupyter_book():
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        browser_unavailable("Jupyter Book is not installed: pip install -e '.[test,web]'")


def build_book(source: Path, out: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run the README's build command on ``source``, writing into ``out``/_build/html."""
    cmd = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
           "build", str(source), "--path-output", str(out), *BUILD_FLAGS]
    start = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": ""}, timeout=300)
    return done, time.monotonic() - start


def notebook_title(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError(f"{path.name} has no '# ' title")


def explorer_pictures(path: Path) -> list[tuple[int, str]]:
    """(cell index, sha256 of the PNG) of every stored explorer output: Jupyter Book
    names an output image by the sha256 of its bytes."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data and "image/png" in data:
                png = base64.b64decode("".join(data["image/png"]))
                found.append((i, hashlib.sha256(png).hexdigest()))
    return found


def search_word(title: str) -> str:
    """A word of the chapter's title for the search box: the longest that is not common."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", title) if w.lower() not in STOPWORDS and len(w) > 3]
    return max(words, key=len)


@pytest.fixture(scope="session")
def web_edition(tmp_path_factory):
    """The site built once, its build time, and a loopback server for it."""
    _require_jupyter_book()
    out = tmp_path_factory.mktemp("web-edition")
    done, seconds = build_book(REPO_ROOT, out)
    assert done.returncode == 0, f"the web edition does not build:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    html = out / "_build" / "html"
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"html": html, "seconds": seconds, "url": f"http://127.0.0.1:{server.server_port}/", "log": done.stdout}
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # the browser leaving a page closes connections mid-file; nothing to report
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def page_url(site, path: Path) -> str:
    return site["url"] + f"notebooks/{path.stem}.html"


# ------------------------------------------------------------------ the index


def test_index_says_how_to_read_the_book():
    """Four ways to read it, with what each shows; Binder's badge and link; the README's command."""
    nb = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    binder = re.search(r"\]\((https://mybinder\.org/v2/gh/[^)]+)\)", readme).group(1)
    assert f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder})" in prose, "the index has no Binder badge"
    setup = re.search(r"<!-- setup-command -->\s*```(?:bash|sh)?\n(.*?)\n```", readme, re.S).group(1)
    assert setup in prose, "the index does not give the README's set-up command as written"
    for words in ("web edition", "GitHub", "Binder", "picture", "cannot move"):
        assert words in prose, f"the index does not mention {words!r}"
    for wrong in ("blank", "reinstall"):
        assert wrong not in prose.lower(), f"the index still says {wrong!r}"


# ------------------------------------------------------------------ the build


def test_toc_lists_every_notebook_in_chapter_order():
    yaml = pytest.importorskip("yaml")
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text())
    listed = [toc["root"]]
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        listed += [entry["file"] for entry in part["chapters"]]
    notebooks = [f"notebooks/{p.stem}" for p in NOTEBOOKS]
    in_toc = [f for f in listed if f.startswith("notebooks/")]
    assert in_toc == notebooks, (f"_toc.yml lists {in_toc}; notebooks/ holds {notebooks}: add each chapter "
                                 "to _toc.yml, in chapter order")
    for entry in listed:
        assert any((REPO_ROOT / f"{entry}{ext}").is_file() for ext in (".ipynb", ".md")), f"_toc.yml: no file {entry}"


def test_build_treats_warnings_as_errors():
    assert "--warningiserror" in BUILD_FLAGS or "-W" in BUILD_FLAGS, BUILD_COMMAND
    assert "--nitpick" in BUILD_FLAGS or "-n" in BUILD_FLAGS, BUILD_COMMAND


def test_build_is_quick_and_complete(web_edition, capsys):
    html = web_edition["html"]
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html") if not p.is_relative_to(html / "_static"))
    for path in NOTEBOOKS:
        assert f"notebooks/{path.stem}.html" in pages, f"{path.name} was not built"
    for page in ("book/conventions.html", "book/licence.html", "search.html", "searchindex.js"):
        assert (html / page).is_file(), f"the site has no {page}"
    assert "build succeeded" in web_edition["log"]
    size = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    with capsys.disabled():
        print(f"\n  web edition: {len(pages)} pages ({len(NOTEBOOKS)} notebooks) built in "
              f"{web_edition['seconds']:.1f} s, site {size / 1e6:.1f} MB")
    assert web_edition["seconds"] < BUILD_BUDGET, f"the build took {web_edition['seconds']:.0f} s"


def test_conventions_and_licence_pages(web_edition):
    conventions = (web_edition["html"] / "book" / "conventions.html").read_text(encoding="utf-8")
    assert "cross-correlation" in conventions and "Padding counts per side" in conventions
    licence = (web_edition["html"] / "book" / "licence.html").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Permission is hereby granted" in licence
    assert "grace_hopper.jpg" in licence, "the data licences are listed too"


def test_launch_buttons_open_binder(web_edition):
    page = (web_edition["html"] / "notebooks" / f"{NOTEBOOKS[1].stem}.html").read_text(encoding="utf-8")
    launch = re.findall(r'href="(https://mybinder\.org/v2/gh/[^"]+)"', page)
    assert launch, "no launch button to Binder"
    assert any(f"notebooks/{NOTEBOOKS[1].name}" in urllib.parse.unquote(url) for url in launch), launch


def test_broken_links_missing_images_and_unknown_references_fail_the_build(tmp_path):
    """The same configuration on a two-page book with one of each mistake."""
    _require_jupyter_book()
    src = tmp_path / "book"
    (src / "notebooks").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "_config.yml", src / "_config.yml")
    (src / "_toc.yml").write_text("format: jb-book\nroot: notebooks/00_a\nchapters:\n  - file: notebooks/01_b\n")
    (src / "notebooks" / "00_a.md").write_text(
        "# A\n\nOn to [chapter b](01_b.md) and [a chapter that is not there](02_gone.ipynb).\n\n"
        "![a figure](missing.png)\n\nSee {ref}`no-such-label`.\n")
    (src / "notebooks" / "01_b.md").write_text("# B\n\nBack to [the index](00_a.md).\n")
    done, _ = build_book(src, tmp_path / "out")
    log = done.stdout + done.stderr
    assert done.returncode != 0, "a book with a broken link, a missing image and an unknown reference built"
    assert "02_gone.ipynb" in log and "cross-reference target not found" in log
    assert "image file not readable" in log and "missing.png" in log
    assert "no-such-label" in log


# ------------------------------------------------------------------ every page in Chromium

IMAGES_JS = """async () => {
    const imgs = Array.from(document.images);
    imgs.forEach(i => { i.loading = 'eager'; });
    await Promise.all(imgs.map(i => (i.complete && i.naturalWidth) ? null : new Promise(r => {
        i.addEventListener('load', r); i.addEventListener('error', r); setTimeout(r, 5000); })));
    return imgs.map(i => ({src: i.currentSrc || i.src, width: i.naturalWidth,
                           output: !!i.closest('.cell_output')}));
}"""

OUTPUTS_JS = "() => Array.from(document.querySelectorAll('.cell_output')).map(e => e.innerText)"


@pytest.fixture
def site_page(browser_context, web_edition):
    page = browser_context.new_page()
    refused = []

    def only_loopback(route):
        url = route.request.url
        if url.startswith(web_edition["url"]) or url.startswith("data:"):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", only_loopback)
    page.refused = refused
    yield page
    page.close()


def resolves(url: str) -> bool:
    try:
        with urllib.request.urlopen(url.split("#")[0], timeout=10) as r:
            return r.status == 200
    except urllib.error.URLError:
        return False


@pytest.mark.browser
@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[p.stem for p in NOTEBOOKS])
def test_chapter_page(site_page, web_edition, index, capsys):
    path = NOTEBOOKS[index]
    page = site_page
    url = page_url(web_edition, path)
    page.goto(url)
    title = notebook_title(path)

    # the chapter's title, as its heading and in the window title
    heading = page.locator("article h1, main h1").first.inner_text()
    assert heading.replace("#", "").strip() == title, f"{path.name}: heading {heading!r}, notebook title {title!r}"
    assert title in page.title()
    # the banner on every page: what a page without a kernel cannot do, and where to go
    banner = page.locator(".bd-header-announcement").inner_text()
    assert "pictures" in banner and "Binder" in banner, f"{path.name}: banner {banner!r}"

    # every image of the site loaded; the only images from elsewhere are Binder badges
    images = page.evaluate(IMAGES_JS)
    local = [i for i in images if i["src"].startswith(web_edition["url"]) or i["src"].startswith("data:")]
    broken = [i["src"] for i in local if not i["width"]]
    assert not broken, f"{path.name}: images that did not load: {broken}"
    remote = [i["src"] for i in images if i not in local]
    assert all(src.startswith("https://mybinder.org/") for src in remote), f"{path.name}: remote images {remote}"

    # every explorer shows its picture, in an output
    shown = {i["src"].rsplit("/", 1)[-1] for i in local if i["output"] and i["width"]}
    pictures = explorer_pictures(path)
    for cell, sha in pictures:
        assert f"{sha}.png" in shown, f"{path.name}: the explorer of cell {cell} shows no picture"

    # no raw widget repr in any output, and no traceback anywhere
    for text in page.evaluate(OUTPUTS_JS):
        match = RAW_REPR.search(text)
        assert match is None, f"{path.name}: an output shows a raw repr: {text[:300]!r}"
    body = page.locator("body").inner_text()
    assert not TRACEBACK.search(body), f"{path.name}: the page shows a traceback"
    errors = page.locator(".cell_output .traceback, .cell_output .stderr").count()
    assert not errors, f"{path.name}: {errors} error or stderr outputs are shown"

    # previous and next chapter, and the index, are linked and resolve
    pages = [page_url(web_edition, p) for p in NOTEBOOKS]
    prev_link = page.locator("a.left-prev")
    next_link = page.locator("a.right-next")
    if index > 0:
        href = urllib.parse.urljoin(url, prev_link.first.get_attribute("href"))
        assert href.split("#")[0] == pages[index - 1], f"{path.name}: 'previous' goes to {href}"
    else:
        assert not prev_link.count()
    if index + 1 < len(NOTEBOOKS):
        href = urllib.parse.urljoin(url, next_link.first.get_attribute("href"))
        assert href.split("#")[0] == pages[index + 1], f"{path.name}: 'next' goes to {href}"
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    internal = {h.split("#")[0] for h in hrefs if h.startswith(web_edition["url"])}
    if index > 0:
        assert pages[0] in internal, f"{path.name} does not link to the index"
    dead = sorted(h for h in internal if not resolves(h))
    assert not dead, f"{path.name}: links that do not resolve: {dead}"

    # search finds the chapter by a word of its title
    word = search_word(title)
    page.goto(web_edition["url"] + f"search.html?q={urllib.parse.quote(word)}")
    target = f"notebooks/{path.stem}.html"
    results = page.locator(f'#search-results a[href*="{target}"]')
    results.first.wait_for(timeout=15_000)
    with capsys.disabled():
        print(f"\n  web {path.stem}: {len(pictures)} explorer pictures, {len(local)} images, "
              f"{len(internal)} internal links, search '{word}' finds it; refused {len(page.refused)} remote requests")
