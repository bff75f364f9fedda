#!/usr/bin/env python3
"""Re-execute the book's notebooks in place, top to bottom, each in a fresh kernel.

    python tools/run_notebooks.py                 # every notebook in notebooks/
    python tools/run_notebooks.py notebooks/01_correlation_1d.ipynb

Each notebook runs with the generic ``python3`` kernel and its own folder as the
working directory, exactly as a reader (and nbval) runs it.  Afterwards the outputs are
made reproducible: widget model ids (random UUIDs) are replaced by ids derived from the
notebook's name and the widget's position, saved widget state and timing metadata are
dropped.  Re-running on an unchanged tree therefore leaves ``git diff`` empty apart
from figure bytes.  The time each notebook took is printed; a notebook that raises
stops the run with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def normalise(nb, name: str) -> None:
    """Make a freshly executed notebook's outputs independent of the run."""
    nb.metadata.pop("widgets", None)
    counter = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is not None:
                view["model_id"] = uuid.uuid5(uuid.NAMESPACE_URL, f"cnnbook/{name}/{counter}").hex
                counter += 1


def run(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    normalise(nb, path.name)
    nbformat.write(nb, path)
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all of notebooks/)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    total = 0.0
    for path in paths:
        try:
            elapsed = run(path.resolve(), args.timeout)
        except CellExecutionError as exc:
            print(f"FAILED {path}:\n{exc}", file=sys.stderr)
            return 1
        total += elapsed
        size = path.stat().st_size / 1e6
        print(f"{path.name:32s} {elapsed:6.1f} s  {size:5.2f} MB", flush=True)
    print(f"{'total':32s} {total:6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
