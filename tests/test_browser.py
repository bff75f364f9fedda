"""The book in a real browser: every notebook run in JupyterLab (and one in Notebook 7).

nbval runs the cells in a kernel without a front end, so it cannot see widgets.  These
tests open each notebook in a real Chromium (Debian's, driven by Playwright), run all
cells, and check what a reader sees: no error or warning output, every widget rendered
(none left at "Loading widget..." or "Error displaying widget"), and for every widget
with a slider, that moving the slider with the keyboard changes the figure and the
readout it drives.

Nothing here is written per chapter.  Each notebook in ``notebooks/`` is a test case,
and what to expect is read from the committed notebook itself: the widget outputs it
stores (one per widget the reader should see).  An explorer's output also stores a
PNG of its figure and a readable plain-text line naming its controls (for viewers
without a kernel); there the browser must show the live explorer, not that picture:
an explorer must show its own image and a readout, both must change when its slider
moves, and neither the stored picture nor the text line may appear in its place.

Fixtures (server, browser) live in ``conftest.py``.  Without Chromium these tests are
skipped (``CNNBOOK_REQUIRE_BROWSER=1`` makes that a failure); on failure a screenshot
is saved under the test's ``tmp_path`` and its path printed.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Chapters also driven in Notebook 7's interface (the same checks, a different front end).
NOTEBOOK7_CHAPTERS = [p for p in NOTEBOOKS if p.name.startswith("01_")] or NOTEBOOKS[-1:]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# JupyterLab's widget renderer is a panel without a data-mime-type attribute (unlike
# rendered text, images and HTML); match either form, and anything holding a widget.
WIDGET_OUTPUT = (f'.jp-OutputArea-output:is([data-mime-type="{WIDGET_MIME}"], '
                 f'.lm-Panel:not([data-mime-type]), :has(.jupyter-widgets))')
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
NOT_RENDERED = ("Loading widget", "Error displaying widget")
BAD_STDERR = re.compile(r"Traceback|Error|Warning")

RUN_TIMEOUT = 90  # seconds for Run All; a chapter must run in < 20 s (HELPER_GUIDE)
WIDGET_TIMEOUT = 20
UPDATE_TIMEOUT = 10


# ------------------------------------------------------------------ expectations


@dataclass
class ExpectedWidget:
    cell: int  # index of the cell in the notebook
    cls: str  # what the stored plain-text line names (a class, or an explorer's name)
    has_slider: bool
    is_explorer: bool
    text: str = ""  # the stored plain-text line


def expected_widgets(path: Path) -> list[ExpectedWidget]:
    """One entry per widget output stored in the committed notebook, in order.

    An explorer stores its picture (``image/png``) beside the widget view, and a plain
    line such as "Pooling explorer, an interactive figure: ... move it with its sliders
    'window', ..."; another widget stores its repr (``HBox(children=(IntSlider(...``)
    or a line of its own.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME not in data:
                continue
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            match = re.match(r"\s*(\w+)\(", text) or re.match(r"\W*(\w+(?: \w+)?)", text)
            cls = match.group(1) if match else "?"
            has_slider = "Slider(" in text or bool(re.search(r"\bsliders?\b", text, re.I))
            found.append(ExpectedWidget(i, cls, has_slider, "image/png" in data, text))
    return found


def code_cells_to_run(path: Path) -> list[int]:
    """Indices (among all cells) of the code cells that have something to run."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [i for i, c in enumerate(nb["cells"])
            if c["cell_type"] == "code" and "".join(c["source"]).strip()]


# ------------------------------------------------------------------ page helpers

CELL_STATE_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')).map(c => ({
    code: c.classList.contains('jp-CodeCell'),
    prompt: ((c.querySelector('.jp-InputPrompt') || {}).textContent || '').trim(),
}))"""

STDERR_JS = f"""() => Array.from(document.querySelectorAll('{STDERR_OUTPUT}')).map(e => e.textContent)"""

WIDGETS_JS = f"""() => Array.from(document.querySelectorAll('{WIDGET_OUTPUT}')).map(e => ({{
    text: e.textContent.slice(0, 200),
    rendered: !!e.querySelector('.jupyter-widgets'),
    sliders: e.querySelectorAll('.widget-slider .noUi-handle').length,
    images: e.querySelectorAll('img').length,
    readouts: e.querySelectorAll('.widget-html').length,
}}))"""

# What a slider move should change, read from one widget output: a hash of every image's
# bytes (fetched from its blob: URL), the HTML readouts' text, and all other text except
# the sliders' own (their value readout changes whatever the kernel does).
SIGNATURE_JS = """async (el) => {
    const hex = (buf) => Array.from(new Uint8Array(buf)).map(b => b.toString(16).padStart(2, '0')).join('');
    const images = [];
    for (const img of el.querySelectorAll('img')) {
        if (!img.src) { images.push(''); continue; }
        const bytes = await (await fetch(img.src)).arrayBuffer();
        images.push(hex(await crypto.subtle.digest('SHA-256', bytes)) + ':' + bytes.byteLength);
    }
    const readouts = Array.from(el.querySelectorAll('.widget-html')).map(h => h.textContent);
    const clone = el.cloneNode(true);
    clone.querySelectorAll('.widget-slider').forEach(s => s.remove());
    return {images, readouts, text: clone.textContent};
}"""


@contextlib.contextmanager
def screenshot_on_failure(page, tmp_path: Path, name: str):
    try:
        yield
    except BaseException:
        shot = tmp_path / f"{name}.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot of the failing page: {shot}")
        raise


def menu_command(page, menu: str, command: str) -> None:
    """Click a top-level menu, then the item that runs ``command`` (same in Lab and Notebook 7)."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^\s*{menu}\s*$")).first.click()
    item = page.locator(f'.lm-Menu-item[data-command="{command}"]').first
    item.wait_for(state="visible")
    item.click()


def wait_until(predicate, timeout: float, what: str, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        ok, last = predicate()
        if ok:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}; last seen: {last}")


def kernel_state(server, rel_path: str):
    sessions = [s for s in server.api("api/sessions") if s.get("path") == rel_path]
    if not sessions or not sessions[0].get("kernel"):
        return None
    return sessions[0]["kernel"].get("execution_state")


def shut_down_kernels(server, rel_path: str) -> None:
    with contextlib.suppress(Exception):
        for s in server.api("api/sessions"):
            if s.get("path") == rel_path:
                server.api(f"api/sessions/{s['id']}", method="DELETE")


def stderr_problems(page) -> list[str]:
    return [t for t in page.evaluate(STDERR_JS) if BAD_STDERR.search(t)]


def run_all_and_wait(page, server, rel_path: str, to_run: list[int]) -> float:
    """Clear outputs, Run All, wait until every code cell has run and the kernel is idle."""
    wait_until(lambda: ((s := kernel_state(server, rel_path)) == "idle", s), 60, "the kernel to start")
    menu_command(page, "Edit", "editmenu:clear-all")
    wait_until(lambda: (not page.locator(".jp-Notebook .jp-OutputArea-output").count(), None), 10,
               "outputs to clear")
    start = time.monotonic()
    menu_command(page, "Run", "runmenu:run-all")

    def finished():
        cells = page.evaluate(CELL_STATE_JS)
        problems = stderr_problems(page)
        if problems:  # a cell raised: Run All stops there, fail now with its text
            raise AssertionError("error output shown:\n" + "\n---\n".join(problems))
        if len(cells) <= max(to_run):
            return False, f"{len(cells)} cells in the page"
        pending = {i: cells[i]["prompt"] for i in to_run if not re.fullmatch(r"\[\d+\]:", cells[i]["prompt"])}
        if pending:
            return False, f"cells not yet run (index: prompt): {pending}"
        state = kernel_state(server, rel_path)
        return state == "idle", f"kernel {state}"

    wait_until(finished, RUN_TIMEOUT, "Run All to finish")
    return time.monotonic() - start


def check_widgets(page, expected: list[ExpectedWidget], path: Path | None = None) -> list:
    """Wait until every expected widget has rendered; return the widget output elements."""

    def rendered():
        seen = page.evaluate(WIDGETS_JS)
        if len(seen) != len(expected):
            return False, f"{len(seen)} widget outputs, expected {len(expected)}"
        bad = [w["text"] for w in seen if not w["rendered"] or any(s in w["text"] for s in NOT_RENDERED)]
        return not bad, f"not rendered: {bad}"

    wait_until(rendered, WIDGET_TIMEOUT, f"{len(expected)} widgets to render")
    seen = page.evaluate(WIDGETS_JS)
    for exp, got in zip(expected, seen):
        where = f"widget {exp.cls} in cell {exp.cell}"
        if exp.has_slider:
            assert got["sliders"] >= 1, f"{where}: the notebook stores a slider but none is shown"
        if exp.is_explorer:
            assert got["images"] == 1, f"{where}: an explorer shows one figure, found {got['images']} images"
            assert got["readouts"] >= 1, f"{where}: an explorer has an HTML readout, none shown"
    check_live_not_picture(page, expected, path)
    return page.locator(WIDGET_OUTPUT).all()


# What a widget's cell shows: each output's mime type, whether it is a widget, its text.
CELL_OUTPUTS_JS = """(i) => {
    const cell = document.querySelectorAll('.jp-Notebook .jp-Cell')[i];
    return Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(e => ({
        mime: e.getAttribute('data-mime-type') || '',
        widget: !!e.querySelector('.jupyter-widgets') || e.classList.contains('jupyter-widgets'),
        text: e.textContent.slice(0, 300),
    }));
}"""


def static_figure_cells(path: Path) -> list[int]:
    """Cells whose stored outputs include a plain figure (a PNG without a widget)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [i for i, c in enumerate(nb["cells"])
            if any("image/png" in o.get("data", {}) and WIDGET_MIME not in o.get("data", {})
                   for o in c.get("outputs", []))]


def check_live_not_picture(page, expected: list[ExpectedWidget], path: Path | None = None) -> None:
    """The kernel sends each explorer's picture and text line too: the front end must
    show the live widget only (its mime ranking puts the widget view first)."""
    figures = static_figure_cells(path) if path is not None else []
    if figures:  # guard the guard: a picture that is shown is seen as one
        seen = page.evaluate(CELL_OUTPUTS_JS, figures[0])
        assert any(o["mime"] == "image/png" for o in seen), f"cell {figures[0]}: its figure is not seen: {seen}"
    for exp in expected:
        outputs = page.evaluate(CELL_OUTPUTS_JS, exp.cell)
        where = f"widget {exp.cls} in cell {exp.cell}"
        assert any(o["widget"] for o in outputs), f"{where}: the live widget is not shown: {outputs}"
        pictures = [o for o in outputs if o["mime"].startswith("image/")]
        assert not pictures, f"{where}: a picture is shown instead of, or beside, the live widget: {pictures}"
        line = exp.text[:40]
        if line and not exp.text.startswith(exp.cls + "("):  # a readable line, not a repr
            shown = [o for o in outputs if line in o["text"]]
            assert not shown, f"{where}: its plain-text line is shown: {shown}"


def press_arrow(page, handle, key: str, value) -> bool:
    """Click the slider's handle (which leaves its value alone), press ``key``; did it move?"""
    handle.click()
    if not handle.evaluate("h => h === document.activeElement"):
        handle.focus()
    assert handle.evaluate("h => h === document.activeElement"), "the slider handle does not take the focus"
    page.keyboard.press(key)
    try:
        wait_until(lambda: (handle.get_attribute("aria-valuenow") != value, None), 2, "the handle to move")
        return True
    except AssertionError:
        return False


def click_track(output, handle, target: float, vmin: float, vmax: float) -> None:
    """Click the slider's track where ``target`` lies (what a reader does with a mouse)."""
    track = output.locator(".widget-slider .noUi-base").first
    track.scroll_into_view_if_needed()  # the swallowed key may have scrolled the notebook
    box = track.bounding_box()
    x = box["x"] + box["width"] * (target - vmin) / (vmax - vmin)
    output.page.mouse.click(x, box["y"] + box["height"] / 2)


def movable_sliders(output) -> list:
    """Slider handles a reader can move: enabled, with more than one value."""
    handles = output.locator(".widget-slider .noUi-handle")
    movable = []
    for i in range(handles.count()):
        handle = handles.nth(i)
        enabled = handle.evaluate("h => !h.closest('[disabled]') && !h.closest('.mod-disabled')")
        if enabled and handle.get_attribute("aria-valuemin") != handle.get_attribute("aria-valuemax"):
            movable.append(handle)
    return movable


SELECTOR_GRACE = 3.0  # seconds a figure may lag behind its readout


def move_slider(page, output, handle, exp: ExpectedWidget, server, rel_path: str, *, allow_mouse=False):
    """ArrowRight (ArrowLeft at the maximum) on one slider; returns (how, what changed).

    With ``allow_mouse``, a front end that swallows the arrow keys (Notebook 7 binds
    them to notebook commands) is reported and the slider is clicked instead.
    """
    handle.scroll_into_view_if_needed()
    value = handle.get_attribute("aria-valuenow")
    vmin, vmax = float(handle.get_attribute("aria-valuemin")), float(handle.get_attribute("aria-valuemax"))
    key = "ArrowLeft" if float(value) >= vmax else "ArrowRight"
    before = output.evaluate(SIGNATURE_JS)
    how = key
    if not press_arrow(page, handle, key, value):
        assert allow_mouse, f"widget {exp.cls} in cell {exp.cell}: {key} on its focused slider handle did not move it"
        # far from the handle, so that the click lands on the track, not on the handle
        target = vmin + 0.75 * (vmax - vmin) if float(value) < (vmin + vmax) / 2 else vmin + 0.25 * (vmax - vmin)
        click_track(output, handle, target, vmin, vmax)
        how = f"a click on the track ({key} did not move the focused handle)"
    where = f"widget {exp.cls} in cell {exp.cell} after {how} on its slider (value {value}, max {vmax})"
    wait_until(lambda: (handle.get_attribute("aria-valuenow") != value, None), UPDATE_TIMEOUT,
               f"{where}: the slider to move")

    def changed():
        now = output.evaluate(SIGNATURE_JS)
        if exp.is_explorer:  # an explorer's figure and readout must both follow
            ok = now["images"] != before["images"] and now["readouts"] != before["readouts"]
        else:  # any widget: something besides the slider itself must change
            ok = now != before
        return ok, {"before": before, "now": now}

    # first the widget must answer; then, for an explorer, the figure must have changed
    # as well as the readout, unless this slider is a selector (which layer to edit,
    # say) that only changes the readout: the figure gets a short grace after it
    def responded():
        now = output.evaluate(SIGNATURE_JS)
        # an explorer answers with a new readout (the kernel sends it with the figure)
        return (now["readouts"] != before["readouts"]) if exp.is_explorer else now != before, now

    wait_until(responded, UPDATE_TIMEOUT, f"{where}: the kernel to answer the move")
    try:
        wait_until(changed, SELECTOR_GRACE, f"{where}: the figure and readout to change")
        ok = True
    except AssertionError:
        ok = False
    wait_until(lambda: ((s := kernel_state(server, rel_path)) == "idle", s), 30, "the kernel to go idle")
    assert not stderr_problems(page), f"{where}: error output:\n" + "\n".join(stderr_problems(page))
    return how, ok


def move_sliders(page, output, exp: ExpectedWidget, server, rel_path: str, *, allow_mouse=False) -> str:
    """Move the widget's sliders in turn until one changes both its figure and readout."""
    for handle in movable_sliders(output):
        how, ok = move_slider(page, output, handle, exp, server, rel_path, allow_mouse=allow_mouse)
        if ok:
            return how
    raise AssertionError(f"widget {exp.cls} in cell {exp.cell}: no slider changed both its figure and its readout")


def drive_notebook(page, server, path: Path, url_prefix: str, tmp_path: Path, capsys, *, allow_mouse=False) -> None:
    rel_path = f"notebooks/{path.name}"
    expected = expected_widgets(path)
    to_run = code_cells_to_run(path)
    timings = {}
    with screenshot_on_failure(page, tmp_path, path.stem):
        t0 = time.monotonic()
        page.goto(server.url(f"{url_prefix}/{rel_path}"))
        page.locator(".jp-Notebook .jp-Cell").first.wait_for()
        timings["open"] = time.monotonic() - t0
        timings["run all"] = run_all_and_wait(page, server, rel_path, to_run)
        t1 = time.monotonic()
        outputs = check_widgets(page, expected, path)
        timings["widgets"] = time.monotonic() - t1
        t2 = time.monotonic()
        moves = []
        for output, exp in zip(outputs, expected):
            if movable_sliders(output):
                moves.append(move_sliders(page, output, exp, server, rel_path, allow_mouse=allow_mouse))
        if any(output.locator(".widget-slider .noUi-handle").count() for output in outputs):
            assert moves, f"{path.name} shows sliders, but none of them can be moved"
        timings["sliders"] = time.monotonic() - t2
        timings["total"] = time.monotonic() - t0
    with capsys.disabled():
        print(f"\n  {'notebook7' if url_prefix == 'notebooks' else 'lab':9s} {path.name}: "
              + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
              + f"; {len(expected)} widgets; sliders moved by: {', '.join(moves) or 'none'}")


@pytest.fixture
def page(browser_context, jupyter_lab):
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(page, jupyter_lab, path, tmp_path, capsys):
    try:
        # A workspace of its own, so that no other notebook is open in the page.
        drive_notebook(page, jupyter_lab, path, f"lab/workspaces/{path.stem}/tree", tmp_path, capsys)
    finally:
        shut_down_kernels(jupyter_lab, f"notebooks/{path.name}")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOK7_CHAPTERS, ids=[p.stem for p in NOTEBOOK7_CHAPTERS])
def test_notebook_in_notebook7(page, jupyter_lab, path, tmp_path, capsys):
    try:
        # Notebook 7 (7.6) runs its command-mode arrow-key shortcuts (ArrowRight: "move
        # to the next heading") even while a slider's handle has the focus, so the key
        # never reaches the slider: there the slider is moved with the mouse instead.
        drive_notebook(page, jupyter_lab, path, "notebooks", tmp_path, capsys, allow_mouse=True)
    finally:
        shut_down_kernels(jupyter_lab, f"notebooks/{path.name}")


def test_expectations_are_read_from_the_notebooks():
    """Guard the guard: the committed notebooks do declare widgets, explorers and sliders."""
    found = {p.name: expected_widgets(p) for p in NOTEBOOKS}
    assert any(w.is_explorer for ws in found.values() for w in ws), found
    assert any(w.has_slider for ws in found.values() for w in ws), found
    # an explorer is recognised by its stored picture, and the line it stores says so
    explorers = [w for ws in found.values() for w in ws if w.is_explorer]
    assert all("an interactive figure: run the notebook in Jupyter or Binder" in w.text for w in explorers), explorers
