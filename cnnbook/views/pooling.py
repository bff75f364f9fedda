"""Pictures of pooling: windows over an input, and the max- and average-pooled maps.

:class:`PoolingView` draws an input (with its padding), the first windows and, for
each window, where its maximum sits; beside it the max-pooled and the average-pooled
output.  ``update(x, kernel_size, stride=..., padding=...)`` redraws for new settings by changing
the existing artists; :func:`draw_pooling` is the static version.
:func:`draw_shift_distances` plots how much a map changes when its input shifts.

Nothing here changes matplotlib's global settings.
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_array, as_int
from cnnbook.arithmetic import output_size
from cnnbook.views._style import as_series, FADED, OUTLINE, as_figure, as_text, axes_or_new, figure_or_new, ticks_under
from cnnbook.pooling import avg_pool2d, max_pool2d_argmax

__all__ = ["PoolingView", "draw_pooling", "draw_shift_distances", "max_positions"]

#: Windows are outlined and argmax dots drawn only up to this many outputs; beyond it
#: they would hide the image.
MAX_MARKED = 400

#: Cell values are written in the panels only up to this many input cells (a toy
#: image); on a real feature map they would be unreadable.
MAX_LABELLED = 144


def _window_marks(x, kernel_size, stride, padding):
    """Where each window's maximum sits, split by kind.

    Returns ``(unique, tied, flat)``: ``unique`` and ``tied`` are (rows, cols) arrays
    of input positions (a window whose maximum is one cell; every cell of a window
    whose maximum appears 2+ times but not everywhere), ``flat`` a boolean (Ho, Wo)
    array of windows whose real cells are all equal (e.g. all zero).
    """
    from numpy.lib.stride_tricks import sliding_window_view

    ho = output_size(x.shape[0], kernel_size, stride=stride, padding=padding)
    wo = output_size(x.shape[1], kernel_size, stride=stride, padding=padding)
    xp = np.pad(x, padding, constant_values=-np.inf)
    win = sliding_window_view(xp, (kernel_size, kernel_size))[: (ho - 1) * stride + 1 : stride, : (wo - 1) * stride + 1 : stride]
    top = win.max(axis=(2, 3), keepdims=True)
    hit = win == top
    real = np.isfinite(win)
    count = hit.sum(axis=(2, 3))
    flat = count == real.sum(axis=(2, 3))
    i, j, a, b = np.nonzero(hit & ~flat[:, :, None, None])
    rows, cols = i * stride + a - padding, j * stride + b - padding
    single = (count[i, j] == 1)
    return (rows[single], cols[single]), (rows[~single], cols[~single]), flat


def max_positions(x, kernel_size, *, stride=None, padding=0):
    """Row and column (in input coordinates) of the maximum of every pooling window.

    Returns
    -------
    rows, cols : ndarray of int, shape (Ho * Wo,)
        From :func:`cnnbook.pooling.max_pool2d_argmax`: padded positions never win.

    Examples
    --------
    >>> x = np.array([[1, 5, 0, 0], [2, 3, 0, 9]])
    >>> max_positions(x, 2, stride=2)
    (array([0, 1]), array([1, 3]))
    """
    _, rows, cols = max_pool2d_argmax(as_array(x, "x", ndim=2), kernel_size, stride=stride, padding=padding)
    return rows.ravel(), cols.ravel()


class PoolingView:
    """Three panels: the input with its windows, the max-pooled and the average-pooled map.

    On the input, grey cells are padding, the solid box is the first window and the
    dashed boxes are its neighbours one stride to the right and one stride down; a dot
    marks the maximum of every window (when there are at most ``MAX_MARKED``), a ring
    each of a window's tied maxima (max pooling's value is the same; the backward pass
    of :class:`cnnbook.nn.MaxPool2d` credits the first in row-major order), and a
    window whose cells are all equal (e.g. all zero) gets no mark.  Small inputs (at
    most ``MAX_LABELLED`` cells) have their values written in every panel.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    cmap : str, default "viridis"
    """

    def __init__(self, fig, *, cmap="viridis"):
        from matplotlib.patches import Rectangle

        cmap = as_text(cmap, "cmap")
        self.fig = fig = as_figure(fig)
        gs = fig.add_gridspec(1, 3, width_ratios=[1.6, 1, 1], wspace=0.25, left=0.04, right=0.98, top=0.88, bottom=0.15)
        self.ax_in, self.ax_max, self.ax_avg = self.axes = tuple(fig.add_subplot(g) for g in gs)
        empty = np.zeros((1, 1))
        self.im_in = self.ax_in.imshow(empty, cmap=cmap, interpolation="nearest")
        self.im_max = self.ax_max.imshow(empty, cmap=cmap, interpolation="nearest")
        self.im_avg = self.ax_avg.imshow(empty, cmap=cmap, interpolation="nearest")
        self.cmap = self.im_in.get_cmap().with_extremes(bad=FADED)  # padding is NaN, drawn grey
        for im in (self.im_in, self.im_max, self.im_avg):
            im.set_cmap(self.cmap)
        self.first = Rectangle((0, 0), 1, 1, fill=False, ec=OUTLINE, lw=2.5)
        self.right = Rectangle((0, 0), 1, 1, fill=False, ec=OUTLINE, lw=1.5, ls="--")
        self.below = Rectangle((0, 0), 1, 1, fill=False, ec=OUTLINE, lw=1.5, ls="--")
        for r in (self.first, self.right, self.below):
            self.ax_in.add_patch(r)
        # the dot sits in the cell's top-right corner, so that the cell's value stays readable
        self.dots = self.ax_in.scatter([], [], s=12, c="red", marker="o", edgecolors="white", linewidths=0.5,
                                       label="maximum")
        self.rings = self.ax_in.scatter([], [], s=150, facecolors="none", edgecolors="red", linewidths=1.2,
                                        label="tied maximum")
        # Cell values: one collection of glyph outlines per panel, drawn in a single call
        # (a Text artist per cell cost about 1 ms each, hundreds of ms per update).  The
        # outlines are sized in points and placed at the cells' centres.
        from matplotlib.collections import PathCollection
        from matplotlib.transforms import Affine2D

        points = Affine2D().scale(1 / 72) + fig.dpi_scale_trans  # follows set_dpi
        self.value_marks = {ax: ax.add_collection(PathCollection([], offsets=np.empty((0, 2)), transform=points,
                                                                 offset_transform=ax.transData, linewidths=0,
                                                                 zorder=3))
                            for ax in (self.ax_in, self.ax_max, self.ax_avg)}
        #: the values written in each panel, in reading order (empty when not written)
        self.labels = {ax: [] for ax in self.value_marks}
        self._glyphs = {}  # label -> its outline, centred on (0, 0)
        self.note = fig.text(0.02, 0.005, "", fontsize=8, va="bottom")
        self.out_box_max = Rectangle((-0.5, -0.5), 1, 1, fill=False, ec=OUTLINE, lw=2)
        self.out_box_avg = Rectangle((-0.5, -0.5), 1, 1, fill=False, ec=OUTLINE, lw=2)
        self.ax_max.add_patch(self.out_box_max)
        self.ax_avg.add_patch(self.out_box_avg)
        from matplotlib.ticker import MaxNLocator

        for ax in (self.ax_in, self.ax_max, self.ax_avg):
            ax.tick_params(labelsize=8)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # cell indices: whole numbers only
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ticks_under(self.ax_in, self.ax_max, self.ax_avg)
        self._shown = None
        # What update() changes, and what lies over it: every panel's image, what is drawn
        # on it, its title and spines (ticks point outwards); new limits (a new padding or
        # output size) mean a new background, of which the last few are kept.
        self.dynamic_artists = [
            self.im_in, self.first, self.right, self.below, self.dots, self.rings,
            self.im_max, self.out_box_max, self.im_avg, self.out_box_avg,
            *self.value_marks.values(), self.note,
            *(a for ax in (self.ax_in, self.ax_max, self.ax_avg) for a in (ax.title, *ax.spines.values())),
        ]

    def _glyph(self, text):
        """The outline of ``text`` at 8 pt, centred on (0, 0), made once per label."""
        path = self._glyphs.get(text)
        if path is None:
            from matplotlib.font_manager import FontProperties
            from matplotlib.path import Path
            from matplotlib.textpath import TextPath

            raw = TextPath((0, 0), text, size=8, prop=FontProperties(size=8))
            box = raw.get_extents()
            path = self._glyphs[text] = Path(raw.vertices - [box.x0 + box.width / 2, box.y0 + box.height / 2],
                                             raw.codes)
        return path

    def update(self, x, kernel_size, *, stride=None, padding=0, title="input"):
        """Pool ``x`` (2D) with the given settings, redraw, and return the readout HTML.

        ``stride`` defaults to ``kernel_size``; ``padding`` is per side, at most half the
        window.
        """
        x = as_array(x, "x", ndim=2).astype(float)
        kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
        stride = kernel_size if stride is None else as_int(stride, "stride", minimum=1)
        padding = as_int(padding, "padding", minimum=0)
        title = as_text(title, "title")
        H, W = x.shape
        mx, _, _ = max_pool2d_argmax(x, kernel_size, stride=stride, padding=padding)  # validates the fit
        av = avg_pool2d(x, kernel_size, stride=stride, padding=padding)
        ho, wo = mx.shape
        padded = np.pad(x, padding, constant_values=np.nan)
        p = padding
        self.im_in.set_data(padded)
        self.im_in.set_extent((-p - 0.5, W + p - 0.5, H + p - 0.5, -p - 0.5))
        if self._shown is not x:  # one colour scale for all panels, set when the input changes
            lo, hi = float(x.min()), float(x.max())
            for im in (self.im_in, self.im_max, self.im_avg):
                im.set_clim(lo, hi if hi > lo else lo + 1)
            self._shown = x
        self.ax_in.set_xlim(-p - 0.5, W + p - 0.5)
        self.ax_in.set_ylim(H + p - 0.5, -p - 0.5)
        origin = -p - 0.5
        for rect, (di, dj) in ((self.first, (0, 0)), (self.right, (0, 1)), (self.below, (1, 0))):
            rect.set_bounds(origin + dj * stride, origin + di * stride, kernel_size, kernel_size)
            rect.set_visible(di < ho and dj < wo)
        if ho * wo <= MAX_MARKED:
            (rows, cols), (t_rows, t_cols), flat = _window_marks(x, kernel_size, stride, padding)
            self.dots.set_offsets(np.column_stack([cols + 0.3, rows - 0.3]))
            self.rings.set_offsets(np.column_stack([t_cols, t_rows]))
            self.note.set_text(
                f"dot: the maximum of a window; ring: tied maxima ({len(t_rows)} cells); "
                f"{int(flat.sum())} of {flat.size} windows have all cells equal (no mark)"
            )
        else:
            self.dots.set_offsets(np.empty((0, 2)))
            self.rings.set_offsets(np.empty((0, 2)))
            self.note.set_text("")
        lo, hi = self.im_in.get_clim()
        shown = H * W <= MAX_LABELLED
        for ax, values in ((self.ax_in, x), (self.ax_max, mx), (self.ax_avg, av)):
            marks = self.value_marks[ax]
            if not shown:
                self.labels[ax] = []
                marks.set_paths([])
                marks.set_offsets(np.empty((0, 2)))
                continue
            texts = [f"{v:.3g}" for v in values.ravel()]
            rows, cols = np.indices(values.shape)
            marks.set_paths([self._glyph(t) for t in texts])
            marks.set_offsets(np.column_stack([cols.ravel(), rows.ravel()]).astype(float))
            # dark text on the colormap's bright end, white on its dark end
            bright = (values.ravel() - lo) / ((hi - lo) or 1) > 0.6
            marks.set_facecolor(np.where(bright[:, None], [[0.0, 0.0, 0.0, 1.0]], [[1.0, 1.0, 1.0, 1.0]]))
            self.labels[ax] = texts
        for im, ax, out in ((self.im_max, self.ax_max, mx), (self.im_avg, self.ax_avg, av)):
            im.set_data(out)
            im.set_extent((-0.5, wo - 0.5, ho - 0.5, -0.5))
            ax.set_xlim(-0.5, wo - 0.5)
            ax.set_ylim(ho - 0.5, -0.5)
        self.ax_in.set_title(f"{title}: {H}x{W}, padding {p}" + (" (grey)" if p else ""), fontsize=9)
        self.ax_max.set_title(f"max pool {kernel_size}x{kernel_size}, stride {stride}: {ho}x{wo}", fontsize=9)
        self.ax_avg.set_title(f"average pool: {ho}x{wo}", fontsize=9)
        kept = ho * wo / (H * W)
        return (
            f"{H}x{W} = {H * W} values &rarr; {ho}x{wo} = <b>{ho * wo}</b> values "
            f"({100 * kept:.1f}% kept); first window's max {mx[0, 0]:.3f}, mean {av[0, 0]:.3f}"
        )


def draw_pooling(x, kernel_size, *, stride=None, padding=0, title="input", fig=None):
    """Draw max and average pooling of ``x`` (see :class:`PoolingView`); return the view.

    ``stride`` defaults to ``kernel_size``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> view = draw_pooling(np.arange(16.0).reshape(4, 4), 2, fig=Figure())
    >>> view.im_max.get_array().tolist()
    [[5.0, 7.0], [13.0, 15.0]]
    """
    fig = figure_or_new(fig, (8.0, 3.2))
    view = PoolingView(fig)
    view.update(x, kernel_size, stride=stride, padding=padding, title=title)
    return view


def draw_shift_distances(shifts, distances, *, ax=None, title=""):
    """Plot normalised distance against shift (pixels), one line per kind of map.

    Parameters
    ----------
    shifts : sequence of int
    distances : dict of str -> sequence of float

    Returns
    -------
    matplotlib Axes
        The plot of distance against shift.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = draw_shift_distances([0, 1], {"conv": [0, 0.5]}, ax=Figure().subplots())
    >>> ax.get_xlabel()
    'shift of the input (pixels)'
    """
    shifts, distances = as_series(shifts, distances, "shifts", "distances")
    title = as_text(title, "title")
    ax = axes_or_new(ax, (5.0, 3.4))
    for name, d in distances.items():
        ax.plot(shifts, d, "o-", label=name)
    ax.set_xticks(list(shifts))
    ax.set_xlabel("shift of the input (pixels)")
    ax.set_ylabel("normalised distance to the unshifted map")
    ax.set_title(title, fontsize=10)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return ax
