"""Interactive explorers: a few controls, one figure, one readout.

Every explorer is an :class:`Explorer`: an ``ipywidgets.VBox`` holding its controls,
an ``ipywidgets.Image`` that shows the figure as PNG and an ``ipywidgets.HTML``
readout.  The figure is a plain ``matplotlib.figure.Figure`` drawn by a *view* from
:mod:`cnnbook.plotting`; a control change calls the view's ``update`` (which moves
existing artists instead of redrawing from scratch) and re-encodes the PNG.  No
pyplot state is touched, so an explorer never leaks a second, static copy of its
figure into the notebook, and it renders the same in JupyterLab, Notebook 7 and
Binder.

Explorers can be driven without a browser: set a control's ``value`` (or call
:meth:`Explorer.refresh`) and read ``explorer.image.value`` (PNG bytes) and
``explorer.readout.value`` (HTML), which is how the tests and the latency benchmark
use them.

Where no kernel runs (a notebook on GitHub or nbviewer, the web edition) a widget is
only its stored output, so an explorer's output also carries a PNG of its figure as it
was and a readable plain-text line (:meth:`Explorer._repr_mimebundle_`); JupyterLab
and Notebook 7 prefer the widget view and show the live explorer instead.
"""

from __future__ import annotations

import base64
import html
import io
import re

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cnnbook import plotting
from cnnbook._validate import as_array

__all__ = ["Explorer", "correlation_stepper", "smoothing_explorer"]


class Explorer(widgets.VBox):
    """Base class: controls on top, the figure, a readout line below.

    Subclasses create ``self.view`` (a plotting view drawing into ``self.figure``) in
    :meth:`setup` and return the readout HTML from :meth:`draw`.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        Named controls; :meth:`draw` receives their values as keyword arguments.
    figsize : (float, float)
        Figure size in inches.
    dpi : int
        Resolution of the PNG; 80 keeps redraws fast and notebooks small.
    """

    def __init__(self, controls, *, figsize=(8.0, 4.0), dpi=80):
        self.controls = dict(controls)
        self.figure = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.figure)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.readout = widgets.HTML()
        self.setup()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        rows = [widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))]
        super().__init__(children=[*rows, self.image, self.readout])
        self.refresh()

    def setup(self):  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def draw(self, **values) -> str:  # pragma: no cover
        raise NotImplementedError

    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Redraw the figure for the current control values and publish it."""
        self.readout.value = self.draw(**self.values())
        self.image.value = self._png()

    def _png(self) -> bytes:
        # A view that lists its dynamic_artists gets only those redrawn on top of a
        # cached background (same picture, several times faster); others a full draw.
        dynamic = getattr(getattr(self, "view", None), "dynamic_artists", None)
        if not dynamic:
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="png")
            return buffer.getvalue()
        if getattr(self, "_renderer", None) is None or self._renderer.dynamic_source is not dynamic:
            self._renderer = plotting.PngRenderer(self.figure, dynamic)
            self._renderer.dynamic_source = dynamic
        return self._renderer.render()

    def _on_change(self, change):
        self.refresh()

    # -- where no kernel runs: a picture and a line of text besides the live widget

    _CONTROL_KINDS = (("Slider", "slider"), ("Dropdown", "menu"), ("Text", "box"), ("Button", "button"),
                      ("Checkbox", "checkbox"), ("Toggle", "toggle"))

    def summary(self) -> str:
        """One readable line: what this explorer is, its controls, what it shows now.

        It is the plain-text form of the explorer's output, for viewers that show
        neither the widget nor the picture.

        Examples
        --------
        >>> from cnnbook.widgets import correlation_stepper
        >>> explorer = correlation_stepper([1.0, 2.0, 3.0, 4.0], [1.0, -1.0])
        >>> print(explorer.summary())  # doctest: +NORMALIZE_WHITESPACE
        Correlation stepper, here a picture of its current figure: run the notebook in Jupyter
        or Binder to move it with its slider 'window position'. Shown: out[0] = 1·1 + (-1)·2 = -1
        """
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(self).__name__.lstrip("_")).lower()
        kinds = {}
        for control in self.controls.values():
            kind = next((k for part, k in self._CONTROL_KINDS if part in type(control).__name__), "control")
            kinds.setdefault(kind, []).append(getattr(control, "description", "") or "")
        parts = []
        for kind, names in kinds.items():
            named = [f"'{n}'" for n in names if n]
            if len(names) > len(named):
                named.append(f"{len(names) - len(named)}{' more' if named else ''}")
            plural = "es" if kind.endswith("x") else "s"
            listed = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
            parts.append(f"its {kind}{plural if len(names) > 1 else ''} {listed}")
        # the readout as plain text; a table in it (a list of layers, say) is left out
        readout = re.sub(r"<table.*?</table>", " ", self.readout.value, flags=re.S)
        readout = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", readout)).split())
        if len(readout) > 240:
            readout = readout[:239].rstrip() + "…"
        controls = (", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]) if parts else "its controls"
        line = (f"{name[0].upper()}{name[1:]}, here a picture of its current figure: run the notebook "
                f"in Jupyter or Binder to move it with {controls}.")
        return f"{line} Shown: {readout}" if readout else line

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, plus the figure as PNG and :meth:`summary` as plain text.

        Live front ends (JupyterLab, Notebook 7) rank the widget view first and show
        the explorer itself; static renderings (nbconvert, GitHub, the web edition)
        show the PNG, which is the very image the explorer's figure shows
        (``self.image.value``): nothing is drawn again.
        """
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.summary()
        if self.image.value:
            data["image/png"] = base64.b64encode(bytes(self.image.value)).decode("ascii")
        return data


def _slider(description, value, lo, hi, step=1, **kw):
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="320px")
    if isinstance(step, int) and isinstance(value, int):
        return widgets.IntSlider(value=value, min=lo, max=hi, step=step, description=description,
                                 continuous_update=True, style=style, layout=layout, **kw)
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               continuous_update=True, style=style, layout=layout, **kw)


class _CorrelationStepper(Explorer):
    def __init__(self, x, kernel, padding):
        self._x, self._kernel, self._padding = x, kernel, padding
        n_out = plotting.CorrelationStepView.n_outputs(x, kernel, padding)
        super().__init__({"position": _slider("window position", 0, 0, n_out - 1)}, figsize=(8.0, 5.2))

    def setup(self):
        self.view = plotting.CorrelationStepView(self.figure, self._x, self._kernel, padding=self._padding)

    def draw(self, position):
        return self.view.update(position)


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
    return _CorrelationStepper(x, kernel, padding)


class _SmoothingExplorer(Explorer):
    def __init__(self, signals, width, max_width):
        self._signals = signals
        controls = {
            "width": _slider("window width", width, 1, max_width),
            "name": widgets.Dropdown(options=list(signals), value=next(iter(signals)), description="signal"),
        }
        super().__init__(controls, figsize=(8.0, 3.6))

    def setup(self):
        self.view = plotting.SmoothingView(self.figure)

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
    if not isinstance(width, (int, np.integer)) or isinstance(width, bool) or not 1 <= width <= max_width:
        raise ValueError(f"width must be an int between 1 and max_width={max_width}, got {width!r}")
    return _SmoothingExplorer(checked, int(width), int(max_width))
