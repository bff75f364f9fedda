"""Explorers of 1D signals: a cross-correlation step by step, and moving-average smoothing.

Built on :class:`~cnnbook.explorers.Explorer` and the views of
:mod:`cnnbook.views.signals`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from cnnbook._validate import as_array, as_int
from cnnbook.explorers._base import Explorer, slider
from cnnbook.views.signals import CorrelationStepView, SmoothingView

__all__ = ["correlation_stepper", "smoothing_explorer"]


class _CorrelationStepper(Explorer):
    def __init__(self, x, kernel, padding, stride):
        self._x, self._kernel = x, kernel
        k = len(kernel)
        # zeros per side: 0 is "valid", k - 1 is "full"; an odd kernel's "same" is (k - 1) / 2
        options = []
        for p in range(k):
            note = " (valid)" if p == 0 else " (full)" if p == k - 1 else " (same)" if 2 * p == k - 1 else ""
            options.append((f"{p}{note}", p))
        if k % 2 == 0:
            options.append(("same (uneven)", "same"))
        named = {"valid": 0, "full": k - 1, "same": (k - 1) // 2 if k % 2 else "same"}
        padding = named.get(padding, padding) if isinstance(padding, str) else padding
        n_out = CorrelationStepView.n_outputs(x, kernel, padding, stride)
        controls = {
            "position": slider("window position", 0, 0, n_out - 1),
            "padding": widgets.Dropdown(options=options, value=padding, description="padding per side",
                                        style={"description_width": "initial"}),
            "stride": slider("stride", stride, 1, max(1, min(4, len(x)))),
        }
        super().__init__(controls, name="Correlation stepper", figsize=(8.0, 5.2))

    def setup(self):
        self._geometry = None

    def draw(self, position, padding, stride):
        if self._geometry != (padding, stride):  # new padding or stride: a new view
            self._show_view((padding, stride), lambda fig: CorrelationStepView(
                fig, self._x, self._kernel, padding=padding, stride=stride))
            self._geometry = (padding, stride)
            n_out = len(self.view.output)
            with self.batch():  # a range clamped here does not redraw twice
                self.controls["position"].max = n_out - 1
                position = min(position, n_out - 1)
                self.controls["position"].value = position
        return self.view.update(position)


def correlation_stepper(x, kernel, *, padding="valid", stride=1):
    """Slide ``kernel`` along ``x`` one step at a time with a slider.

    Shows the window over the signal, the products of each tap with the sample under
    it, and the output growing as the window moves; the readout writes out the sum.
    Two more controls set the zero padding (per side) and the stride.

    Parameters
    ----------
    x : array_like, shape (n,)
    kernel : array_like, shape (k,)
    padding : {"valid", "same", "full"} or int, default "valid"
        Initial zeros per side (an int from 0 to k - 1, or a name).
    stride : int, default 1
        Initial stride (the slider goes from 1 to 4).

    Returns
    -------
    Explorer
        Controls ``position``, ``padding`` and ``stride``.
    """
    x = as_array(x, "x", ndim=1)
    kernel = as_array(kernel, "kernel", ndim=1)
    k = len(kernel)
    if isinstance(padding, str):
        if padding not in ("valid", "same", "full"):
            raise ValueError(f"padding must be 'valid', 'same', 'full' or an int from 0 to {k - 1}, got {padding!r}")
    elif isinstance(padding, bool) or not isinstance(padding, (int, np.integer)):
        raise TypeError(f"padding must be 'valid', 'same', 'full' or an int, got {type(padding).__name__}")
    elif not 0 <= padding < k:
        raise ValueError(f"padding must be 'valid', 'same', 'full' or an int from 0 to {k - 1}, got {padding!r}")
    stride = as_int(stride, "stride", minimum=1)
    if stride > 4:
        raise ValueError(f"stride must be an int from 1 to 4, got {stride!r}")
    if k > len(x):
        raise ValueError(f"kernel of length {k} does not fit signal of length {len(x)}")
    return _CorrelationStepper(x, kernel, padding if isinstance(padding, str) else int(padding), int(stride))


class _SmoothingExplorer(Explorer):
    def __init__(self, signals, width, max_width):
        self._signals = signals
        self._margin = max_width // 2  # the error is measured on the same samples for every width
        controls = {
            # odd widths only: an even box has no centre tap, so its mean sits half a sample off
            "width": slider("window width", width, 1, max_width, step=2),
            "name": widgets.Dropdown(options=list(signals), value=next(iter(signals)), description="signal"),
        }
        super().__init__(controls, name="Smoothing explorer", figsize=(8.0, 3.6))

    def setup(self):
        self.view = SmoothingView(self.figure)

    def draw(self, width, name):
        t, y, clean = self._signals[name]
        margin = min(self._margin, (len(y) - 1) // 2)
        return self.view.update(t, y, width, title=name, clean=clean, margin=max(margin, width // 2))


def smoothing_explorer(signals, *, width=5, max_width=41):
    """Smooth one of several signals with a box (moving-average) kernel of adjustable width.

    Parameters
    ----------
    signals : dict of str -> (t, y) or (t, y, clean)
        Named signals: sample times and values, both 1D of equal length, and
        optionally the clean signal (without noise) of the same length; where it is
        given it is drawn too and the readout gives the RMS error to it.
    width : int, default 5
        Initial window width; odd (the slider offers odd widths only).
    max_width : int, default 41
        Largest width the slider offers; odd.

    Returns
    -------
    Explorer
    """
    if not isinstance(signals, dict) or not signals:
        raise TypeError(f"signals must be a non-empty dict of name -> (t, y), got {type(signals).__name__}")
    checked = {}
    for name, pair in signals.items():
        if not isinstance(pair, (tuple, list)) or len(pair) not in (2, 3):
            raise TypeError(f"signals[{name!r}] must be a pair (t, y) or a triple (t, y, clean), got "
                            f"{type(pair).__name__}{'' if not isinstance(pair, (tuple, list)) else f' of {len(pair)}'}")
        t = as_array(pair[0], f"signals[{name!r}][0]", ndim=1)
        y = as_array(pair[1], f"signals[{name!r}][1]", ndim=1)
        if t.shape != y.shape:
            raise ValueError(f"signals[{name!r}]: t and y must have the same length, got {t.shape[0]} and {y.shape[0]}")
        clean = None
        if len(pair) == 3:
            clean = as_array(pair[2], f"signals[{name!r}][2]", ndim=1)
            if clean.shape != y.shape:
                raise ValueError(f"signals[{name!r}]: clean must have the length of y ({y.shape[0]}), "
                                 f"got {clean.shape[0]}")
        checked[name] = (t, y, clean)
    max_width = as_int(max_width, "max_width", minimum=1)
    width = as_int(width, "width", minimum=1)
    if max_width % 2 == 0:
        raise ValueError(f"max_width must be an odd positive int, got {max_width!r}")
    if not width <= max_width or width % 2 == 0:
        raise ValueError(f"width must be an odd int between 1 and max_width={max_width}, got {width!r}")
    return _SmoothingExplorer(checked, int(width), int(max_width))
