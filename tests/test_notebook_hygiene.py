"""The committed notebooks are what a fresh, top-to-bottom run produces, and tidy.

nbval proves the stored outputs reproduce; these checks catch what it cannot see:
cells run out of order or twice, stored errors and warnings, machine paths, the wrong
kernel, bloated figures and broken navigation between chapters.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
CHAPTERS = [p for p in PATHS if not p.name.startswith("00_")]
MAX_BYTES = 1_500_000
# home folders, temp and work folders, Windows drives: none belongs in a notebook
MACHINE_PATH = re.compile(r"(/(?:root|home/[\w.-]+|Users/[\w.-]+|tmp|work|mnt|opt|var/folders)/)|([A-Z]:\\\\)")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_is_an_index_and_chapters():
    assert PATHS and PATHS[0].name.startswith("00_"), "notebooks/00_*.ipynb (the index) is missing"
    assert CHAPTERS, "no chapter notebooks found"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
class TestEachNotebook:
    def test_executed_once_top_to_bottom(self, path):
        counts = [c.get("execution_count") for c in code_cells(load(path))]
        assert counts == list(range(1, len(counts) + 1)), (
            f"{path.name}: execution counts {counts} are not 1..n; re-run it with tools/run_notebooks.py"
        )

    def test_no_error_outputs(self, path):
        for i, cell in enumerate(code_cells(load(path))):
            for out in cell.get("outputs", []):
                assert out["output_type"] != "error", f"{path.name}: code cell {i} stores an error: {out.get('ename')}"

    def test_no_warnings_printed(self, path):
        for i, cell in enumerate(code_cells(load(path))):
            for out in cell.get("outputs", []):
                if out["output_type"] == "stream" and out.get("name") == "stderr":
                    text = "".join(out.get("text", ""))
                    assert "Warning" not in text, (
                        f"{path.name}: code cell {i} prints a warning: {text[:200]}"
                    )

    def test_no_machine_paths(self, path):
        match = MACHINE_PATH.search(path.read_text(encoding="utf-8"))
        assert match is None, f"{path.name} contains a machine path: {match.group(0)!r}"

    def test_generic_python3_kernel(self, path):
        assert load(path)["metadata"]["kernelspec"]["name"] == "python3"

    def test_size_budget(self, path):
        size = path.stat().st_size
        assert size < MAX_BYTES, f"{path.name} is {size / 1e6:.2f} MB, over the {MAX_BYTES / 1e6} MB budget"

    def test_widget_cells_ignore_output(self, path):
        """A cell that shows a widget must not be compared by nbval (model ids vary)."""
        for i, cell in enumerate(code_cells(load(path))):
            shows_widget = any(
                "application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in cell.get("outputs", [])
            )
            if shows_widget:
                assert "".join(cell["source"]).lstrip().startswith("# NBVAL_IGNORE_OUTPUT"), (
                    f"{path.name}: code cell {i} shows a widget but does not start with # NBVAL_IGNORE_OUTPUT"
                )


def _links(nb):
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return set(re.findall(r"\]\(([^)#\s]+\.ipynb)", text))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_chapter_links_to_index_and_next(path):
    links = _links(load(path))
    index = PATHS[0].name
    assert index in links, f"{path.name} does not link back to {index}"
    later = [p for p in PATHS if p.name > path.name]
    if later:
        assert later[0].name in links, f"{path.name} does not link on to {later[0].name}"
    for link in links:
        assert (NOTEBOOKS / link).is_file(), f"{path.name} links to {link}, which does not exist"


def test_index_links_every_chapter():
    links = _links(load(PATHS[0]))
    missing = [p.name for p in CHAPTERS if p.name not in links]
    assert not missing, f"the index does not link to {missing}"
