#!/usr/bin/env python3
"""Slider latency: from a control's new value to a finished PNG, for every explorer.

    python benchmarks/bench_latency.py            # print the table
    python benchmarks/bench_latency.py --check    # exit 1 if an explorer misses the target

For each interactive explorer in ``cnnbook`` and each of its controls, a control's
``value`` is set (as a slider move does) and the time until the explorer has published
its new PNG (``explorer.image.value``; the update runs synchronously in the observer)
is measured; the median over repeats is printed next to the median time of a *bare*
render measured in the same run: ``imshow`` of the explorer's own picture (as that
control left it: a photograph costs more to encode than a drawing of a few lines) on a
figure of the same size and dpi, drawn and encoded to PNG, the least any figure-as-PNG
widget can cost (printed for comparison).  Target (issue 11): every control of every
explorer at most 100 ms median from the new value to the finished PNG.  The time of
``import cnnbook`` in a fresh interpreter is printed too.

Explorers are discovered, not listed: every public function of a
``cnnbook.explorers`` module, and every public function elsewhere in cnnbook
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

TARGET_MS = 100.0  # median, from a control's new value to the finished PNG


# ------------------------------------------------------------------ examples
# name (as discovered: "module.function") -> a function building the explorer with the
# kind of data its chapter gives it.  Add one line per new explorer.  A builder may also
# return ``(explorer, extras)``, where ``extras`` may hold
#   "setup":   control name -> f(explorer), run (untimed) before that control is timed,
#              e.g. to pick the kernel that a sigma slider acts on;
#   "values":  control name -> f(explorer, n) -> n values to give it (for controls such
#              as text boxes, which have no range to walk);
#   "actions": row name -> f(explorer, k), the k-th press of buttons, timed like a control.


def _correlation_stepper():
    import numpy as np
    from cnnbook.explorers import correlation_stepper

    return correlation_stepper(np.array([1.0, 3.0, 2.0, 0.0, -1.0, 2.0, 4.0, 1.0]), np.array([1.0, 0.0, -1.0]),
                               padding="same")


def _smoothing_explorer():
    import numpy as np
    from cnnbook import load_signal
    from cnnbook.explorers import smoothing_explorer

    rng = np.random.default_rng(1)
    t = np.linspace(0, 4, 400)
    noisy = np.sin(2 * np.pi * 0.5 * t) + 0.5 * np.sin(2 * np.pi * 1.5 * t) + rng.normal(scale=0.35, size=t.size)
    eeg, rate = load_signal("eeg", return_rate=True)
    t_eeg = np.arange(eeg.shape[1]) / rate
    return smoothing_explorer({"noisy sine": (t, noisy), "EEG channel 1": (t_eeg, eeg[0]),
                               "EEG channel 2": (t_eeg, eeg[1])}, width=5)


def _tile_correlation_explorer():
    import numpy as np
    from cnnbook.explorers.filters import tile_correlation_explorer
    from cnnbook.kernels import PREWITT_X

    toy = np.zeros((8, 8))
    toy[1:6, 3:7] = 1.0  # chapter 02's bright rectangle
    return tile_correlation_explorer(toy, PREWITT_X)


def _kernel_explorer():
    from cnnbook.explorers.filters import OWN_IMAGE, kernel_explorer

    explorer = kernel_explorer()  # the book's photographs at 200 px, as in chapter 02
    photos = [str(ROOT / "data" / name) for name in ("grace_hopper.jpg", "chelsea.png")]

    def use(kernel_name):
        def prepare(ex):
            ex.controls["kernel_name"].value = kernel_name
        return prepare

    def own_image(ex):
        ex.controls["image_name"].value = OWN_IMAGE
        ex.controls["path"].value = photos[0]

    def entry_values(ex, n):  # none of them is a default entry, so each one is a change
        return ([0.5, -1.5, 2.5, -0.5] * n)[:n]

    setup = {"sigma": use("Gaussian (sigma slider)"), "path": own_image,
             **{f"k{i}{j}": use("custom (edit the 3x3 entries)") for i in range(3) for j in range(3)}}
    values = {"path": lambda ex, n: [photos[(k + 1) % 2] for k in range(n)],
              **{f"k{i}{j}": entry_values for i in range(3) for j in range(3)}}
    return explorer, {"setup": setup, "values": values}


def _filter_learning_explorer():
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view
    from cnnbook import correlate2d, load_image
    from cnnbook.explorers.filters import filter_learning_explorer

    # chapter 03's experiment: learn a hidden 3x3 kernel from 8 patches of 32x32
    photo = load_image("grace_hopper", gray=True, size=200)
    hidden = np.array([[0.0, 1.0, 2.0], [-1.0, 0.0, 1.0], [-2.0, -1.0, 0.0]])
    rng = np.random.default_rng(0)
    corners = zip(rng.integers(0, photo.shape[0] - 32, 8), rng.integers(0, photo.shape[1] - 32, 8))
    inputs = np.stack([photo[r : r + 32, c : c + 32] for r, c in corners])
    inputs = (inputs - inputs.mean()) / inputs.std()
    y = np.stack([correlate2d(x, hidden) for x in inputs]).ravel()
    windows = np.concatenate([sliding_window_view(x, (3, 3)).reshape(-1, 9) for x in inputs])

    noise_draw = np.random.default_rng(1).standard_normal(y.shape)

    def fit(lr, steps, noise=0.0):  # as chapter 03: noisy targets for the noise slider
        y_used = y + noise * y.std() * noise_draw
        w = np.zeros(9)
        kernels, losses = [], []
        for _ in range(steps):
            error = windows @ w - y_used
            losses.append(np.mean(error**2))
            w = w - lr * 2 * windows.T @ error / len(y)
            kernels.append(w.reshape(3, 3))
        return np.array(kernels), losses

    return filter_learning_explorer(fit, hidden, lr=0.1, steps=200, lr_range=(0.01, 10**-0.5),
                                    noise_levels=[0.0, 0.1, 0.3, 1.0])


def _patch_matrix_explorer():
    import numpy as np
    from cnnbook.explorers import patch_matrix_explorer
    from cnnbook.kernels import BOX3, SOBEL_X, SOBEL_Y

    toy = np.zeros((3, 8, 8))  # chapter 04's RGB toy: blue background, red square, yellow stripe
    toy[2] = 0.6
    toy[:, 2:6, 1:4] = [[[1.0]], [[0.1]], [[0.1]]]
    toy[:2, :, 6] = 1.0
    toy[2, :, 6] = 0.4
    zero = np.zeros((3, 3))
    weights = np.stack([np.stack([SOBEL_X] * 3) / 3, np.stack([SOBEL_Y] * 3) / 3,
                        np.stack([BOX3, -BOX3, zero]), np.stack([BOX3] * 3) / 3])
    def make_filters(k):  # chapter 04's filters at kernel size k: adds the kernel-size slider
        if k == 3:
            return weights
        ramp = np.tile(np.linspace(-1, 1, k), (k, 1)) / k
        box = np.full((k, k), 1 / k**2)
        return np.stack([np.stack([ramp] * 3) / 3, np.stack([ramp.T] * 3) / 3,
                         np.stack([box, -box, np.zeros((k, k))]), np.stack([box] * 3) / 3])

    return patch_matrix_explorer(toy, make_filters, column=14)


def _pooling_explorer():
    import numpy as np
    from cnnbook import conv2d, load_image
    from cnnbook.explorers import pooling_explorer
    from cnnbook.kernels import SOBEL_X

    toy = np.array([[0, 1, 0, 0, 2, 1, 0, 0], [1, 9, 2, 0, 1, 0, 0, 1], [0, 2, 1, 0, 0, 0, 7, 0],
                    [0, 0, 0, 3, 0, 0, 1, 0], [4, 0, 0, 0, 6, 5, 0, 0], [0, 0, 1, 0, 5, 6, 0, 2],
                    [0, 3, 0, 0, 0, 0, 0, 0], [1, 0, 0, 2, 0, 0, 8, 1]], dtype=float)
    photo = load_image("grace_hopper", gray=True, size=72)
    feature = np.maximum(conv2d(photo[None], SOBEL_X[None, None])[0], 0)  # chapter 05's edge map

    def big_window(ex):
        ex.controls["kernel_size"].value = 4  # so that the padding slider has a range (0..2)

    explorer = pooling_explorer({"toy": toy, "edge map of the photo": feature}, kernel_size=2, stride=2,
                                max_shift=3)  # as chapter 05: with its content-shift slider
    return explorer, {"setup": {"padding": big_window}}


def _network_diagram_explorer():
    from cnnbook import Layer
    from cnnbook.explorers import network_diagram_explorer

    explorer = network_diagram_explorer([Layer(3), Layer(2, stride=2), Layer(3)], 8,
                                        names=["conv 3", "pool 2", "conv 3"])

    def first_layer(ex):  # the top layer has a single unit: choose among the first layer's six
        ex.controls["level"].value = 1

    return explorer, {"setup": {"unit": first_layer}}


def _receptive_field_explorer():
    from cnnbook import Layer, load_image
    from cnnbook.explorers import receptive_field_explorer

    portrait = load_image("grace_hopper", size=224)  # chapter 06: colour portrait, VGG-like stack
    vgg_like = [Layer(3, 1, 1), Layer(3, 1, 1), Layer(2, 2), Layer(3, 1, 1), Layer(3, 1, 1), Layer(2, 2),
                Layer(3, 1, 1)]
    explorer = receptive_field_explorer(portrait, vgg_like)

    def add_or_remove(ex, k):  # the buttons, alternately: add a layer, remove it again
        (ex.add_layer if k % 2 == 0 else ex.remove_layer)()

    return explorer, {"actions": {"add/remove": add_or_remove}}


def _dilation_explorer():
    from cnnbook import load_image
    from cnnbook.explorers import dilation_explorer
    from cnnbook.kernels import SOBEL_X

    return dilation_explorer(load_image("chelsea", gray=True, size=240), SOBEL_X, max_rate=8)


def _digits_net():
    """Chapter 08's network (untrained: a forward pass costs the same) and its test digits."""
    from cnnbook import Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential, load_digits

    _, _, x_test, y_test = load_digits()
    rng = __import__("numpy").random.default_rng(0)
    net = Sequential(Conv2d(1, 8, 3, padding=1, rng=rng), ReLU(), MaxPool2d(2), Conv2d(8, 16, 3, padding=1, rng=rng),
                     ReLU(), MaxPool2d(2), Flatten(), Dense(64, 10, rng=rng))
    return net, x_test, y_test


def _feature_maps_explorer():
    from cnnbook.explorers import feature_maps_explorer

    net, x_test, y_test = _digits_net()
    stages = [(0, "conv 1"), (1, "ReLU"), (2, "pool"), (3, "conv 2"), (4, "ReLU"), (5, "pool")]
    return feature_maps_explorer(net, x_test, y_test, stages)


def _top_inputs_explorer():
    from cnnbook.explorers import top_inputs_explorer

    net, x_test, y_test = _digits_net()
    responses = net.activations(x_test)[4].max(axis=(2, 3))  # (360 digits, 16 units)
    return top_inputs_explorer(x_test, responses, y_test, unit=0)


def _grating_explorer():
    import numpy as np
    from cnnbook.explorers import grating_explorer
    from cnnbook.gabor import gabor_kernel

    # chapter 09: a simple cell (one Gabor filter, ReLU) and a complex cell (max over four phases)
    size, theta0, f0, sigma0 = 21, 30.0, 0.15, 3.0
    filters = {p: gabor_kernel(size, theta=theta0, frequency=f0, sigma=sigma0, phase=p) for p in (0, 90, 180, 270)}

    def simple_cell(image):
        return max(float(np.sum(filters[0] * image)), 0.0)

    def complex_cell(image):
        return max(max(float(np.sum(k * image)), 0.0) for k in filters.values())

    return grating_explorer(simple_cell, complex_cell, filters[0], size=size, theta=theta0, frequency=f0)


EXAMPLES = {
    "cnnbook.explorers.signals.correlation_stepper": _correlation_stepper,
    "cnnbook.explorers.signals.smoothing_explorer": _smoothing_explorer,
    "cnnbook.explorers.filters.tile_correlation_explorer": _tile_correlation_explorer,
    "cnnbook.explorers.filters.kernel_explorer": _kernel_explorer,
    "cnnbook.explorers.filters.filter_learning_explorer": _filter_learning_explorer,
    "cnnbook.explorers.im2col.patch_matrix_explorer": _patch_matrix_explorer,
    "cnnbook.explorers.pooling.pooling_explorer": _pooling_explorer,
    "cnnbook.explorers.receptive.network_diagram_explorer": _network_diagram_explorer,
    "cnnbook.explorers.receptive.receptive_field_explorer": _receptive_field_explorer,
    "cnnbook.explorers.dilation.dilation_explorer": _dilation_explorer,
    "cnnbook.explorers.network.feature_maps_explorer": _feature_maps_explorer,
    "cnnbook.explorers.network.top_inputs_explorer": _top_inputs_explorer,
    "cnnbook.explorers.gabor.grating_explorer": _grating_explorer,
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
    for info in sorted(pkgutil.walk_packages(cnnbook.__path__, "cnnbook."), key=lambda i: i.name):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        explorer_module = info.name.startswith("cnnbook.explorers.")
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
    if hasattr(control, "base"):  # a log slider: min, max and step are exponents
        import math

        exponent = math.log(control.value, control.base)
        lo, hi, step = control.min, control.max, control.step
        values, v, direction = [], round(exponent / step) * step, 1
        for _ in range(n):
            if not lo <= v + direction * step <= hi + 1e-9:
                direction = -direction
            v = v + direction * step
            values.append(float(control.base ** round(v, 10)))
        return values
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


def _timed(explorer, act):
    before = explorer.image.value
    start = time.perf_counter()
    act()
    elapsed = time.perf_counter() - start
    assert explorer.image.value is not before, "the explorer did not publish a new PNG"
    return elapsed


def time_control(explorer, control, repeats, values=None):
    values = _next_values(control, repeats + 3) if values is None else values
    times = [_timed(explorer, lambda v=v: setattr(control, "value", v)) for v in values]
    return statistics.median(times[3:]) if len(times) > 3 else None


def time_action(explorer, action, repeats):
    times = [_timed(explorer, lambda k=k: action(explorer, k)) for k in range(repeats + 3)]
    return statistics.median(times[3:])


def time_bare_render(explorer, repeats):
    """imshow of the explorer's picture (as published) on a same-sized figure, drawn, PNG-encoded."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    picture = np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGBA"))
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
    parser.add_argument("--only", default="", help="time only the explorers whose name contains this")
    args = parser.parse_args(argv)

    seconds, heavy = import_time()
    print(f"import cnnbook (fresh interpreter, median of 5): {1000 * seconds:.0f} ms"
          + (f"; it imported {heavy}!" if heavy else "; neither matplotlib nor ipywidgets imported"))

    explorers = discover_explorers()
    missing = sorted(set(explorers) - set(EXAMPLES))
    width = max([38, *(len(n.removeprefix("cnnbook.")) for n in explorers)])
    header = f"{'explorer':{width}s} {'control':12s} {'figure px':>10s} {'update ms':>10s} {'bare ms':>8s} {'ratio':>6s}  verdict"
    print(header)
    print("-" * len(header))
    failed = bool(missing)
    for name in sorted(explorers):
        if name not in EXAMPLES or args.only not in name:
            continue
        built = EXAMPLES[name]()
        explorer, extras = built if isinstance(built, tuple) else (built, {})
        rows = []
        for cname, control in explorer.controls.items():
            if cname in extras.get("setup", {}):
                extras["setup"][cname](explorer)
            given = extras.get("values", {}).get(cname)
            values = None if given is None else given(explorer, args.repeats + 3)
            update = time_control(explorer, control, args.repeats, values)
            rows.append((cname, update, *(time_bare_render(explorer, args.repeats) if update else (None, None))))
        for aname, action in extras.get("actions", {}).items():
            rows.append((aname, time_action(explorer, action, args.repeats), *time_bare_render(explorer, args.repeats)))
        for cname, update, bare, shape in rows:
            if update is None:
                continue
            ratio = update / bare
            ok = 1000 * update <= TARGET_MS
            failed |= not ok
            print(f"{name.removeprefix('cnnbook.'):{width}s} {cname:12s} {f'{shape[1]}x{shape[0]}':>10s} "
                  f"{1000 * update:10.1f} {1000 * bare:8.1f} {ratio:6.2f}  {'ok' if ok else 'OVER TARGET'}",
                  flush=True)
    for name in missing:
        print(f"{name}: discovered but has no entry in EXAMPLES (benchmarks/bench_latency.py): add one")
    print(f"target: every control's update <= {TARGET_MS:g} ms (median of {args.repeats} value changes, "
          f"after 3 warm-up ones); the bare render and the ratio are for comparison")
    return 1 if (args.check and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
