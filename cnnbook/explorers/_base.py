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

Where no kernel runs (a notebook on GitHub or nbviewer, the web edition) a widget is
only its stored output, so an explorer's output also carries a PNG of its figure as it
was and a readable plain-text line (:meth:`Explorer._repr_mimebundle_`); JupyterLab
and Notebook 7 prefer the widget view and show the live explorer instead.
"""

from __future__ import annotations

import base64
import contextlib
import html
import re

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cnnbook._cache import Lru
from cnnbook._validate import as_int, as_number
from cnnbook.views._style import PngRenderer, as_figsize

__all__ = ["Explorer", "slider"]


class Explorer(widgets.VBox):
    """Base class: controls on top, the figure, a readout line below.

    Either give ``view`` (a function of the figure that returns the view) and the
    explorer calls ``view.update(**values)`` on every change, or subclass and create
    ``self.view`` in :meth:`setup` and return the readout HTML from :meth:`draw`.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        Named controls; :meth:`draw` receives their values as keyword arguments.
    view : callable, optional
        ``view(figure)`` builds the view drawn in the explorer's figure.
    name : str, optional
        What the explorer is called in its plain-text form (:meth:`summary`), e.g.
        ``"Correlation stepper"``; by default it is made from the class name.
    figsize : (float, float)
        Figure size in inches.
    dpi : int
        Resolution of the PNG; 80 keeps redraws fast and notebooks small.
    """

    def __init__(self, controls, *, view=None, name=None, figsize=(8.0, 4.0), dpi=80):
        if not isinstance(controls, dict) or not all(
                isinstance(k, str) and isinstance(c, widgets.ValueWidget) for k, c in controls.items()):
            raise TypeError(f"controls must be a dict of name -> ipywidgets control, got {type(controls).__name__}")
        if view is not None and not callable(view):
            raise TypeError(f"view must be a function of the figure, got {type(view).__name__}")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise TypeError(f"name must be a non-empty str, got {name!r}")
        figsize = as_figsize(figsize)
        dpi = as_int(dpi, "dpi", minimum=10)
        self.controls = dict(controls)
        self._make_view = view
        self.name = name or re.sub(r"(?<!^)(?=[A-Z])", " ", type(self).__name__.lstrip("_")).capitalize()
        self._quiet = False
        self._renderer = None
        self._built = None  # geometry -> [figure, view, renderer], see _show_view
        self._entry = None
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

    def setup(self):
        """Create ``self.view`` (controls exist, nothing has been drawn yet)."""
        if self._make_view is None:  # pragma: no cover - a subclass without a view
            raise NotImplementedError("give view= or override setup()")
        self.view = self._make_view(self.figure)

    def draw(self, **values) -> str:
        """Update the view for the controls' ``values``; return the readout HTML."""
        return self.view.update(**values)

    def react(self, change):
        """Adjust controls that depend on ``change`` (inside :meth:`batch`: no redraw).

        ``change`` is the dict ipywidgets passes to an observer (``owner``, ``new``, ...).
        """
        if not isinstance(change, dict):
            raise TypeError(f"change must be the dict ipywidgets passes to an observer, got {type(change).__name__}")

    @contextlib.contextmanager
    def batch(self):
        """Set any number of controls inside this block without a redraw for each."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Redraw the figure for the current control values and publish it."""
        self.readout.value = self.draw(**self.values())
        self.image.value = self._png()

    max_views = 8  # built views kept per explorer, for controls that rebuild the view

    def _show_view(self, key, build) -> bool:
        """Show the view built for ``key`` by ``build(figure)``, building it if it is new.

        For controls that change the view's layout (a padding, a kernel): each geometry
        gets its own figure, view and PNG renderer, and the last :attr:`max_views` of
        them are kept, so returning to a geometry costs an update, not a build.  Returns
        True if the view was built now.
        """
        if self._built is None:
            self._built = Lru(self.max_views)
        built = key not in self._built
        size, dpi = self.figure.get_size_inches().copy(), self.figure.dpi

        def make():
            # the first view uses the figure the explorer was made with
            figure = self.figure if self._entry is None else Figure(figsize=size, dpi=dpi)
            if figure.canvas is None or not isinstance(figure.canvas, FigureCanvasAgg):  # pragma: no cover
                FigureCanvasAgg(figure)
            return [figure, build(figure), None]

        self._entry = self._built.get(key, make)
        self.figure, self.view, self._renderer = self._entry
        return built

    def _png(self) -> bytes:
        # A view that lists its dynamic_artists gets only those redrawn on top of a
        # cached background (same picture, faster); others a full draw (PngRenderer
        # without dynamic artists: the bytes of savefig's PNG, with less overhead).
        dynamic = PngRenderer.ordered(self.figure, getattr(self.view, "dynamic_artists", None) or ())
        if self._renderer is None or self._renderer.dynamic != dynamic:
            self._renderer = PngRenderer(self.figure, dynamic)
            if self._entry is not None and self._entry[0] is self.figure:
                self._entry[2] = self._renderer
        return self._renderer.render()

    def _on_change(self, change):
        if self._quiet:
            return
        with self.batch():
            self.react(change)
        self.refresh()

    # -- where no kernel runs: a picture and a line of text besides the live widget

    # by the control's class name; ToggleButtons is a toggle, so "Toggle" comes before "Button"
    _CONTROL_KINDS = (("Slider", "slider"), ("Dropdown", "menu"), ("Text", "box"), ("Toggle", "toggle"),
                      ("Button", "button"), ("Checkbox", "checkbox"))

    def summary(self) -> str:
        """One readable line: what this explorer is, its controls, what it shows now.

        It is the plain-text form of the explorer's output, for viewers that show
        neither the widget nor the picture.

        Examples
        --------
        >>> from cnnbook.explorers import correlation_stepper
        >>> explorer = correlation_stepper([1.0, 2.0, 3.0, 4.0], [1.0, -1.0])
        >>> print(explorer.summary())  # doctest: +ELLIPSIS
        Correlation stepper, an interactive figure: run the notebook in Jupyter or Binder to move it with its slider...
        """
        kinds = {}
        # the named controls, and any buttons the explorer shows besides them
        buttons = [w for row in self.children if isinstance(row, widgets.HBox) for w in row.children
                   if isinstance(w, widgets.Button) and w not in self.controls.values()]
        for control in [*self.controls.values(), *buttons]:
            kind = next((k for part, k in self._CONTROL_KINDS if part in type(control).__name__), "control")
            kinds.setdefault(kind, []).append(getattr(control, "description", "") or "")
        parts = []
        for kind, names in kinds.items():
            named = [f"'{n}'" for n in names if n]
            if len(names) > len(named):
                named.append(f"{len(names) - len(named)} unlabelled")
            plural = "es" if kind.endswith("x") else "s"
            listed = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
            parts.append(f"its {kind}{plural if len(names) > 1 else ''} {listed}")
        # the readout as plain text; a table in it (a list of layers, say) is left out
        readout = re.sub(r"<table.*?</table>", " ", self.readout.value, flags=re.S)
        readout = re.sub(r"\s*(<br\s*/?>|</div>|</p>)\s*", "; ", readout)  # a line break, kept as a break
        readout = html.unescape(re.sub(r"<[^>]+>", "", readout))  # tags only mark up words: drop them whole
        readout = " ".join(readout.split()).strip("; ")
        if len(readout) > 400:
            readout = readout[:399].rstrip() + "\u2026"
        controls = (", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]) if parts else "its controls"
        line = (f"{self.name}, an interactive figure: run the notebook in Jupyter or Binder "
                f"to move it with {controls}.")
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


def slider(description, value, lo, hi, step=1, **kw):
    """A slider with the book's look: an ``IntSlider`` for int ``value`` and ``step``,
    else a ``FloatSlider``; it updates continuously while dragged.

    Examples
    --------
    >>> s = slider("stride", 2, 1, 4)
    >>> type(s).__name__, s.value, (s.min, s.max)
    ('IntSlider', 2, (1, 4))
    """
    if not isinstance(description, str):
        raise TypeError(f"description must be a str, got {type(description).__name__}")
    v, a, b, d = (as_number(x, name) for x, name in ((value, "value"), (lo, "lo"), (hi, "hi"), (step, "step")))
    if not a <= v <= b:
        raise ValueError(f"value must lie between lo={a:g} and hi={b:g}, got {v:g}")
    if d <= 0:
        raise ValueError(f"step must be > 0, got {d:g}")
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="320px")
    if isinstance(step, int) and isinstance(value, int):
        return widgets.IntSlider(value=value, min=int(lo), max=int(hi), step=step, description=description,
                                 continuous_update=True, style=style, layout=layout, **kw)
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               continuous_update=True, style=style, layout=layout, **kw)
