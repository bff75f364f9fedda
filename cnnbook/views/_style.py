"""What every drawing module shares: the book's colours, figures and the fast PNG renderer.

Two shapes of drawing live in :mod:`cnnbook.views` (see its docstring for what each
returns):

* a **view** is a small class that builds its artists once on a figure and has an
  ``update(...)`` method that moves them (set data, heights, colours) and returns a
  one-line HTML readout; the interactive explorers in :mod:`cnnbook.explorers` call
  ``update`` on every control change;
* a **draw function** (``draw_*``) draws once, for static figures and tests.

A view whose full draw is clearly slower than its moving parts (at least 1.5x: about
4-6x for the correlation stepper, pooling and the patch matrix, 2-3x for most others)
lists, in ``dynamic_artists``, what its ``update`` changes, preferably whole Axes (a
panel without ticks costs no more whole), together with every artist drawn over it:
:class:`PngRenderer` then draws the rest of the figure once, keeps those pixels, and on
each update redraws only the listed artists on top of them, which gives the same
picture faster (axis ticks and labels are most of the cost of a matplotlib draw).  A
view that would gain less than 1.5x (the kernel view: its panels all change) draws in
full and lists nothing.

Nothing here changes matplotlib's global settings.
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_number

__all__ = ["Panels", "PngRenderer", "new_figure", "no_ticks", "ticks_under"]

#: The book's colours, defined once.  Signed maps use the diverging colormap
#: DIVERGING with symmetric limits, so that zero is white.
DIVERGING = "RdBu_r"
POSITIVE = "#b2182b"  # red for positive values, DIVERGING's positive end
NEGATIVE = "#2166ac"  # blue for negative ones, its negative end
LINE = "#2166ac"  # a plain curve that carries no sign
INK = "#444444"  # dark text and curves that are not data of a sign
EDGE = "#333333"  # outlines of markers
GREY = "#999999"  # a secondary curve, a reference, a grid line
FADED = "#bbbbbb"  # bars not chosen; pooling's padding cells
MUTED = "#c8c8c8"  # padding, not-yet-computed values
HOLE = "#d9d9d9"  # the holes of a dilated kernel
PANEL = "#e6e6e6"  # the background of a panel whose zeros are left out
HIGHLIGHT = "#f4a582"  # the current window (filled)
OUTLINE = "#ff8c00"  # the current window (outlined)
WINDOW = "#e66101"  # the current window over a written-in grid of values
REACHED = "#d6604d"  # units and connections that reach the chosen unit


def as_figsize(figsize):
    """``figsize`` as a pair of positive inches, else an error naming ``figsize``."""
    if not isinstance(figsize, (tuple, list)) or len(figsize) != 2:
        raise TypeError(f"figsize must be a pair (width, height) in inches, got {figsize!r}")
    pair = tuple(as_number(v, "figsize") for v in figsize)
    if min(pair) <= 0:
        raise ValueError(f"figsize must be positive, got {figsize!r}")
    return pair


def new_figure(figsize=(8.0, 4.0)):
    """A new pyplot figure (shown inline by Jupyter), for the ``draw_*`` functions."""
    import matplotlib.pyplot as plt

    return plt.figure(figsize=as_figsize(figsize))


def figure_or_new(fig, figsize):
    """``fig`` if it is a matplotlib Figure (or SubFigure), a new one of ``figsize`` if it is None."""
    if fig is None:
        return new_figure(figsize)
    return as_figure(fig)


def as_figure(fig):
    """``fig`` if it is a matplotlib Figure or SubFigure, else a ``TypeError`` naming ``fig``."""
    from matplotlib.figure import FigureBase

    if not isinstance(fig, FigureBase):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    return fig


def axes_or_new(ax, figsize):
    """``ax`` if it is a matplotlib Axes, one on a new figure of ``figsize`` if it is None."""
    from matplotlib.axes import Axes

    if ax is None:
        return new_figure(figsize).subplots()
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def as_series(xs, series, x_name, series_name):
    """``xs`` as a 1D array and ``series`` (a dict of name -> one value per x) checked."""
    from cnnbook._validate import as_array

    xs = as_array(xs, x_name, ndim=1)
    if not isinstance(series, dict) or not series:
        raise TypeError(f"{series_name} must be a non-empty dict of name -> values, got {type(series).__name__}")
    checked = {str(name): as_array(v, f"{series_name}[{name!r}]", ndim=1) for name, v in series.items()}
    for name, v in checked.items():
        if len(v) != len(xs):
            raise ValueError(f"{series_name}[{name!r}] must have one entry per {x_name} value ({len(xs)}), got {len(v)}")
    return xs, checked


def as_text(value, name):
    """``value`` if it is a str, else a ``TypeError`` naming ``name``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def _check_axes(axes):
    from matplotlib.axes import Axes

    for i, ax in enumerate(axes):
        if not isinstance(ax, Axes):
            raise TypeError(f"axes[{i}] must be a matplotlib Axes, got {type(ax).__name__}")


def no_ticks(*axes):
    """Remove the ticks (and their labels) of every axes given: for pictures, not plots."""
    _check_axes(axes)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])


class Panels:
    """What a multi-panel ``draw_*`` function returns when it builds no view.

    Like a view it has ``fig`` and ``axes`` (a tuple of every Axes drawn on, in
    reading order); any further results are attributes.  It indexes, unpacks and has
    the ``shape`` of the grid of Axes it was made from, so ``ax_a, ax_b = draw_...()``
    and ``panels[0, 1]`` work as on the Axes themselves.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); panels = Panels(fig, fig.subplots(2, 3), note="x")
    >>> len(panels.axes), panels.shape, panels[1, 2] is panels.axes[-1], panels.note
    (6, (2, 3), True, 'x')
    """

    def __init__(self, fig, axes, **results):
        self.fig = as_figure(fig)
        if isinstance(axes, (str, bytes)) or not hasattr(axes, "__iter__"):
            raise TypeError(f"axes must be a sequence or array of Axes, got {type(axes).__name__}")
        grid = np.empty(np.shape(axes), dtype=object)
        grid[...] = axes if isinstance(axes, np.ndarray) else list(axes)
        _check_axes(grid.ravel())
        self._grid = grid
        self.axes = tuple(grid.ravel())
        self.__dict__.update(results)

    @property
    def shape(self):
        return self._grid.shape

    def __iter__(self):
        return iter(self._grid)

    def __len__(self):
        return len(self._grid)

    def __getitem__(self, index):
        return self._grid[index]


def signed_colours(values):
    return [POSITIVE if v >= 0 else NEGATIVE for v in np.ravel(values)]


def ticks_under(*axes):
    """Draw the tick marks of ``axes`` before (under) everything in them.

    A tick mark touches the pixel just inside the spine; drawn under the panel's
    contents, it lets a view redraw those contents over a cached background (see
    :class:`PngRenderer`) without redrawing the ticks and their labels.  The only
    visible change: content reaching the edge covers that one pixel of each tick.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots(); ticks_under(ax)
    >>> ax.xaxis.get_zorder(), ax.yaxis.get_zorder()
    (-1, -1)
    """
    _check_axes(axes)
    for ax in axes:
        ax.xaxis.set_zorder(-1)
        ax.yaxis.set_zorder(-1)


class PngRenderer:
    """Encode a figure as PNG, redrawing only its dynamic artists when it can.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure with an Agg canvas.
    dynamic_artists : sequence of Artist, optional
        The artists that change between renders, and every artist drawn over them
        (they are redrawn on top of a cached background, in their usual order: by
        axes, then by zorder).  An ``Axes`` may be listed whole (for a panel whose
        limits, and so ticks, change with every update): it is then redrawn with all
        its contents, and none of its artists may be listed besides.  Without dynamic
        artists every render is a full draw.

    Notes
    -----
    The background (the figure without the dynamic artists) is drawn again whenever the
    figure's size, dpi or the limits of any axes not listed whole change; the last few
    are kept, so that a control switching between a few sets of limits stays fast.
    Static artists that change in any other way must be listed as dynamic.

    Examples
    --------
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1), dpi=50); _ = FigureCanvasAgg(fig)
    >>> ax = fig.subplots(); (line,) = ax.plot([0, 1], [0, 1])
    >>> renderer = PngRenderer(fig, [line])
    >>> renderer.render()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """

    def __init__(self, fig, dynamic_artists=()):
        from matplotlib.artist import Artist

        self.fig = as_figure(fig)
        if isinstance(dynamic_artists, (str, bytes)) or not hasattr(dynamic_artists, "__iter__") or not all(
                isinstance(a, Artist) for a in dynamic_artists):
            raise TypeError(f"dynamic_artists must be a sequence of matplotlib Artists, got {dynamic_artists!r}")
        self.dynamic = self.ordered(fig, dynamic_artists)
        self._backgrounds = {}  # state -> pixels; a few, for controls that switch limits

    @staticmethod
    def ordered(fig, artists):
        """``artists`` once each, in drawing order: by axes, then by zorder."""
        axes = list(fig.axes)

        def order(artist):
            ax = artist if artist in axes else getattr(artist, "axes", None)
            return (axes.index(ax) if ax in axes else len(axes), artist.get_zorder())

        # stable: equal zorders keep the view's order
        return sorted(dict.fromkeys(artists), key=order)

    max_backgrounds = 8

    def _state(self):
        dynamic = set(self.dynamic)
        limits = tuple((*ax.get_xlim(), *ax.get_ylim()) for ax in self.fig.axes if ax not in dynamic)
        # where each axes sits: an axes of fixed aspect moves and shrinks with its limits
        boxes = tuple(tuple(ax.get_position().bounds) for ax in self.fig.axes)
        return (tuple(self.fig.get_size_inches()), self.fig.dpi, limits, boxes)

    def render(self) -> bytes:
        """Draw the figure and return it as PNG bytes (same bytes as ``savefig``'s PNG)."""
        import io

        from matplotlib.image import imsave

        canvas = self.fig.canvas
        if not self.dynamic:
            canvas.draw()
        else:
            for ax in self.fig.axes:
                if ax.get_axes_locator() is None:  # as Axes.draw does first: fit the box to the aspect
                    ax.apply_aspect()
            state = self._state()
            background = self._backgrounds.get(state)
            if background is None:
                from matplotlib.image import AxesImage

                # animated artists are left out of a full draw (but still laid out, so
                # titles keep their places); images are also hidden, because matplotlib
                # before 3.11 draws animated images anyway, which would leave the old
                # picture in the background
                was = [(a.get_animated(), a.get_visible()) for a in self.dynamic]
                for a in self.dynamic:
                    a.set_animated(True)
                    if isinstance(a, AxesImage):
                        a.set_visible(False)
                try:
                    canvas.draw()
                    background = canvas.copy_from_bbox(self.fig.bbox)
                finally:
                    for a, (animated, visible) in zip(self.dynamic, was):
                        a.set_animated(animated)
                        a.set_visible(visible)
                if len(self._backgrounds) >= self.max_backgrounds:
                    self._backgrounds.pop(next(iter(self._backgrounds)))
                self._backgrounds[state] = background
            else:
                canvas.restore_region(background)
            renderer = canvas.get_renderer()
            for artist in self.dynamic:
                artist.draw(renderer)
        buffer = io.BytesIO()
        # exactly what Figure.savefig(format="png") does after drawing (default metadata)
        imsave(buffer, canvas.buffer_rgba(), format="png", origin="upper", dpi=self.fig.dpi)
        return buffer.getvalue()
