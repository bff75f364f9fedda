"""The stored notebooks read well where no kernel runs: nbconvert's HTML (nbviewer's engine).

nbviewer, and most static viewers, render a notebook's stored outputs with nbconvert's
HTML exporter.  There every explorer must show its picture (the PNG stored beside the
widget view) and no output may be a raw widget repr or a traceback.  Which outputs are
explorers is read from the committed notebooks, so a new chapter is checked as is.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# what a reader must never see in place of an output
RAW_REPR = re.compile(r"Explorer\(children=|\w+\(children=\(|IntProgress\(|VBox\(|HBox\(|Traceback \(most recent")


def widget_outputs(path: Path) -> list[dict]:
    """Every stored output that holds a widget view, in order, with its cell index."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            if WIDGET_MIME in output.get("data", {}):
                data = output["data"]
                text = data.get("text/plain", "")
                found.append({"cell": i, "png": "".join(data.get("image/png", "")).replace("\n", ""),
                              "text": "".join(text) if isinstance(text, list) else text})
    return found


def explorer_pictures(path: Path) -> list[dict]:
    return [w for w in widget_outputs(path) if w["png"]]


class _Outputs(HTMLParser):
    """Text and image sources inside nbconvert's output areas (not the code, not the prose)."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # > 0 inside an output area
        self.text, self.images = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            if tag not in {"img", "br", "hr", "input", "meta", "link"}:
                self.depth += 1
        elif tag == "div" and "jp-OutputArea-output" in (attrs.get("class") or "").split():
            self.depth = 1
        if tag == "img" and self.depth:
            self.images.append(attrs.get("src", ""))

    def handle_endtag(self, tag):
        if self.depth and tag not in {"img", "br", "hr", "input", "meta", "link"}:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


@pytest.fixture(scope="module")
def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter()  # the "lab" template, as nbviewer uses


def render(exporter, path):
    import nbformat

    body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
    parser = _Outputs()
    parser.feed(body)
    return parser


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_nbconvert_html_shows_pictures_and_no_raw_reprs(exporter, path):
    page = render(exporter, path)
    shown = {src.removeprefix("data:image/png;base64,") for src in page.images}
    for picture in explorer_pictures(path):
        assert picture["png"] in shown, f"{path.name}: the explorer in cell {picture['cell']} shows no picture"
    text = "".join(page.text)
    match = RAW_REPR.search(text)
    assert match is None, f"{path.name}: an output shows a raw repr or traceback: ...{text[max(0, match.start() - 80):match.end() + 80]}..."
    for widget in widget_outputs(path):
        if not widget["png"]:  # a widget without a picture shows its plain-text line
            assert widget["text"] in text, f"{path.name}: cell {widget['cell']} does not show its text line"


def test_every_explorer_leaves_a_picture(capsys):
    """Every stored widget output is either an explorer with its picture or a readable line."""
    counted = 0
    for path in NOTEBOOKS:
        for widget in widget_outputs(path):
            assert not RAW_REPR.search(widget["text"]), f"{path.name} cell {widget['cell']}: {widget['text'][:120]}"
            counted += bool(widget["png"])
    assert counted, "no explorer pictures are stored: re-run the notebooks with tools/run_notebooks.py"
    with capsys.disabled():
        print(f"\n  nbconvert: {counted} explorer pictures in {len(NOTEBOOKS)} notebooks")
