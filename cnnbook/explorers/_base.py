"""The explorer base class: a few controls, one figure, one readout.

Every explorer is an :class:`Explorer`: an ``ipywidgets.VBox`` holding its controls,
an ``ipywidgets.Image`` that shows the figure as PNG and an ``ipywidgets.HTML``
readout.  The figure is a plain ``matplotlib.figure.Figure`` drawn by a *view* from
:mod:`cnnbook.views`; a control change calls the view's ``update`` (which moves
existing artists instead of redrawing from scratch) and re-encodes the PNG.  No
pyplot state is touched, so an explorer never leaks a second, static copy of its
figure into the notebook, and it renders the same in JupyterLab, Notebook 7 and
Binder.

Explorers can be driven without a browser: set a control's ``value`` (or call
:meth:`Explorer.refresh`) and read ``explorer.image.value`` (PNG bytes) and
``explorer.readout.value`` (HTML), which is how the tests and the latency benchmark
use them.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cnnbook.views._style import PngRenderer

__all__ = ["Explorer", "slider"]


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
            self._renderer = PngRenderer(self.figure, dynamic)
            self._renderer.dynamic_source = dynamic
        return self._renderer.render()

    def _on_change(self, change):
        self.refresh()


def slider(description, value, lo, hi, step=1, **kw):
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="320px")
    if isinstance(step, int) and isinstance(value, int):
        return widgets.IntSlider(value=value, min=lo, max=hi, step=step, description=description,
                                 continuous_update=True, style=style, layout=layout, **kw)
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               continuous_update=True, style=style, layout=layout, **kw)
