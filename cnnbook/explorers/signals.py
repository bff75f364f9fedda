"""Explorers of 1D signals: a cross-correlation step by step, and moving-average smoothing.

Built on :class:`~cnnbook.explorers.Explorer` and the views of
:mod:`cnnbook.views.signals`.
"""

from __future__ import annotations

import ipywidgets as widgets

from cnnbook._validate import as_array, as_int
from cnnbook.arithmetic import output_size
from cnnbook.explorers._base import Explorer, slider
from cnnbook.views.signals import CorrelationStepView, SmoothingView

__all__ = ["correlation_stepper", "smoothing_explorer"]


def correlation_stepper(x, kernel, *, padding="valid"):
    """Slide ``kernel`` along ``x`` one step at a time with a slider.

    Shows the window over the signal, the products of each tap with the sample under
    it, and the output growing as the window moves; the readout writes out the sum.

    Parameters
    ----------
    x : array_like, shape (n,)
    kernel : array_like, shape (k,)
    padding : {"valid", "same", "full"} or int

    Returns
    -------
    Explorer
    """
    x = as_array(x, "x", ndim=1)
    kernel = as_array(kernel, "kernel", ndim=1)
    n_out = output_size(len(x), len(kernel), padding=padding)
    return Explorer({"position": slider("window position", 0, 0, n_out - 1)},
                    name="Correlation stepper", view=lambda fig: CorrelationStepView(fig, x, kernel, padding=padding), figsize=(8.0, 5.2))


class _SmoothingExplorer(Explorer):
    def __init__(self, signals, width, max_width):
        self._signals = signals
        controls = {
            "width": slider("window width", width, 1, max_width),
            "name": widgets.Dropdown(options=list(signals), value=next(iter(signals)), description="signal"),
        }
        super().__init__(controls, figsize=(8.0, 3.6))

    def setup(self):
        self.view = SmoothingView(self.figure)

    def draw(self, width, name):
        t, y = self._signals[name]
        return self.view.update(t, y, width, title=name)


def smoothing_explorer(signals, *, width=5, max_width=41):
    """Smooth one of several signals with a box (moving-average) kernel of adjustable width.

    Parameters
    ----------
    signals : dict of str -> (t, y)
        Named signals: sample times and values, both 1D of equal length.
    width : int, default 5
        Initial window width.
    max_width : int, default 41
        Largest width the slider offers.

    Returns
    -------
    Explorer
    """
    if not isinstance(signals, dict) or not signals:
        raise TypeError(f"signals must be a non-empty dict of name -> (t, y), got {type(signals).__name__}")
    checked = {}
    for name, pair in signals.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"signals[{name!r}] must be a pair (t, y), got {type(pair).__name__}")
        t = as_array(pair[0], f"signals[{name!r}][0]", ndim=1)
        y = as_array(pair[1], f"signals[{name!r}][1]", ndim=1)
        if t.shape != y.shape:
            raise ValueError(f"signals[{name!r}]: t and y must have the same length, got {t.shape[0]} and {y.shape[0]}")
        checked[name] = (t, y)
    max_width = as_int(max_width, "max_width", minimum=1)
    width = as_int(width, "width", minimum=1)
    if width > max_width:
        raise ValueError(f"width must be between 1 and max_width={max_width}, got {width}")
    return _SmoothingExplorer(checked, width, max_width)
