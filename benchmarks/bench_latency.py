#!/usr/bin/env python3
"""Slider latency: from a control's new value to a finished PNG, for every explorer.

    python benchmarks/bench_latency.py            # print the table
    python benchmarks/bench_latency.py --check    # exit 1 if an explorer misses the target

For each interactive explorer in ``cnnbook`` and each of its controls, a control's
``value`` is set (as a slider move does) and the time until the explorer has published
its new PNG (``explorer.image.value``; the update runs synchronously in the observer)
is measured; the median over repeats is printed next to the median time of a *bare*
render measured in the same run: ``imshow`` of the explorer's own picture on a figure of
the same size and dpi, drawn and encoded to PNG, the least any figure-as-PNG widget can
cost.  Target (issue 8): every explorer within 2x of the bare render and none above
150 ms.  The time of ``import cnnbook`` in a fresh interpreter is printed too.

Explorers are discovered, not listed: every public function of ``cnnbook.widgets`` and
of any ``cnnbook.explorers*`` module, and every public function elsewhere in cnnbook
whose docstring says it returns an ``Explorer``.  How to build each one with realistic
data is in ``EXAMPLES`` below: a new explorer without an entry there is reported (and
fails ``--check``) until one is added.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import io
import os
import pkgutil
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's cnnbook, wherever the script is run from

TARGET_RATIO = 2.0
TARGET_MS = 150.0


# ------------------------------------------------------------------ examples
# name (as discovered: "module.function") -> a function building the explorer with the
# kind of data its chapter gives it.  Add one line per new explorer.


def _correlation_stepper():
    import numpy as np
    from cnnbook.widgets import correlation_stepper

    return correlation_stepper(np.array([1.0, 3.0, 2.0, 0.0, -1.0, 2.0, 4.0, 1.0]), np.array([1.0, 0.0, -1.0]),
                               padding="same")


def _smoothing_explorer():
    import numpy as np
    from cnnbook import load_signal
    from cnnbook.widgets import smoothing_explorer

    rng = np.random.default_rng(1)
    t = np.linspace(0, 4, 400)
    noisy = np.sin(2 * np.pi * 0.5 * t) + 0.5 * np.sin(2 * np.pi * 1.5 * t) + rng.normal(scale=0.35, size=t.size)
    eeg, rate = load_signal("eeg", return_rate=True)
    t_eeg = np.arange(eeg.shape[1]) / rate
    return smoothing_explorer({"noisy sine": (t, noisy), "EEG channel 1": (t_eeg, eeg[0]),
                               "EEG channel 2": (t_eeg, eeg[1])}, width=5)


EXAMPLES = {
    "cnnbook.widgets.correlation_stepper": _correlation_stepper,
    "cnnbook.widgets.smoothing_explorer": _smoothing_explorer,
}


# ------------------------------------------------------------------ discovery


def _says_it_returns_an_explorer(fn) -> bool:
    ann = inspect.signature(fn).return_annotation
    if ann is not inspect.Signature.empty and "Explorer" in getattr(ann, "__name__", str(ann)):
        return True
    doc = inspect.getdoc(fn) or ""
    match = re.search(r"^Returns\n-+\n(.*)$", doc, re.M)
    return bool(match and re.search(r"\bExplorer\b", match.group(1)))


def discover_explorers() -> dict:
    import cnnbook

    found = {}
    for info in sorted(pkgutil.iter_modules(cnnbook.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"cnnbook.{info.name}")
        explorer_module = info.name == "widgets" or info.name.startswith("explorers")
        for name, obj in sorted(vars(module).items()):
            if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__:
                continue
            if explorer_module or _says_it_returns_an_explorer(obj):
                found[f"{module.__name__}.{name}"] = obj
    return found


# ------------------------------------------------------------------ measuring


def _next_values(control, n):
    """``n`` successive values a reader could give ``control`` (sliders bounce end to end)."""
    if hasattr(control, "options") and not hasattr(control, "min"):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if len(options) < 2:
            return []
        i = options.index(control.value)
        return [options[(i + k + 1) % len(options)] for k in range(n)]
    if not hasattr(control, "min"):
        return []
    lo, hi, step = control.min, control.max, control.step or 1
    if hi <= lo:
        return []
    values, v, direction = [], control.value, 1
    for _ in range(n):
        if not lo <= v + direction * step <= hi:
            direction = -direction
        v = v + direction * step
        values.append(type(control.value)(round(v, 10)) if isinstance(v, float) else v)
    return values


def time_control(explorer, control, repeats):
    times = []
    for value in _next_values(control, repeats + 3):
        before = explorer.image.value
        start = time.perf_counter()
        control.value = value
        elapsed = time.perf_counter() - start
        assert explorer.image.value is not before, "the explorer did not publish a new PNG"
        times.append(elapsed)
    return statistics.median(times[3:]) if len(times) > 3 else None


def time_bare_render(explorer, repeats):
    """imshow of the explorer's own picture on a same-sized figure, drawn, PNG-encoded."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    canvas = explorer.figure.canvas
    canvas.draw()
    picture = np.asarray(canvas.buffer_rgba()).copy()
    fig = Figure(figsize=explorer.figure.get_size_inches(), dpi=explorer.figure.dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    times = []
    for _ in range(repeats + 3):
        start = time.perf_counter()
        for im in list(ax.images):
            im.remove()
        ax.imshow(picture)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        times.append(time.perf_counter() - start)
    return statistics.median(times[3:]), picture.shape


def import_time(runs=5):
    code = ("import time, sys; t = time.perf_counter(); import cnnbook; t = time.perf_counter() - t; "
            "print(t, ','.join(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        seconds, heavy = (out.stdout.strip().split(" ") + [""])[:2]
        results.append((float(seconds), heavy))
    return statistics.median(r[0] for r in results), results[0][1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=25, help="timed value changes per control (median)")
    parser.add_argument("--check", action="store_true", help="exit 1 if an explorer misses the target")
    args = parser.parse_args(argv)

    seconds, heavy = import_time()
    print(f"import cnnbook (fresh interpreter, median of 5): {1000 * seconds:.0f} ms"
          + (f"; it imported {heavy}!" if heavy else "; neither matplotlib nor ipywidgets imported"))

    explorers = discover_explorers()
    missing = sorted(set(explorers) - set(EXAMPLES))
    header = f"{'explorer':38s} {'control':10s} {'figure px':>10s} {'update ms':>10s} {'bare ms':>8s} {'ratio':>6s}  verdict"
    print(header)
    print("-" * len(header))
    failed = bool(missing)
    for name in sorted(explorers):
        if name not in EXAMPLES:
            continue
        explorer = EXAMPLES[name]()
        bare, shape = time_bare_render(explorer, args.repeats)
        for cname, control in explorer.controls.items():
            update = time_control(explorer, control, args.repeats)
            if update is None:
                continue
            ratio = update / bare
            ok = ratio <= TARGET_RATIO and 1000 * update <= TARGET_MS
            failed |= not ok
            print(f"{name.removeprefix('cnnbook.'):38s} {cname:10s} {f'{shape[1]}x{shape[0]}':>10s} "
                  f"{1000 * update:10.1f} {1000 * bare:8.1f} {ratio:6.2f}  {'ok' if ok else 'OVER TARGET'}")
    for name in missing:
        print(f"{name}: discovered but has no entry in EXAMPLES (benchmarks/bench_latency.py): add one")
    print(f"target: update <= {TARGET_RATIO:g} x bare render and <= {TARGET_MS:g} ms; "
          f"median of {args.repeats} value changes (after 3 warm-up ones)")
    return 1 if (args.check and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
