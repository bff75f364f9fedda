"""Drawing for chapter 9's measurements: learning curves, colour filters, distributions, cells.

Pure drawing functions (``draw_*(..., fig=None)`` or ``ax=None``) and one view class,
:class:`GratingResponseView`, that the grating explorer updates.  Nothing here trains
or fits: the numbers arrive as arguments (see :mod:`cnnbook.gabor`).
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_array, as_int, as_number
from cnnbook.views._style import (LINE, NEGATIVE, POSITIVE, Panels, as_figure, as_text,
                                  axes_or_new, figure_or_new, ticks_under)  # POSITIVE/NEGATIVE: signs only

__all__ = [
    "METHOD_COLOURS",
    "GratingResponseView",
    "colour_filter_image",
    "draw_colour_filters",
    "draw_distributions",
    "draw_learning_curves",
]

#: One colour per method or series, the same in every figure of the chapter.
METHOD_COLOURS = {
    "CNN": "#1b7837",
    "dense, small": "#762a83",
    "dense, large": "#e08214",
    "trained": "#1b7837",
    "random start": "#7f7f7f",
    "smooth noise": "#2166ac",
    "random-colour blobs": "#d6604d",
    "photos' principal components": "#8073ac",
    "photo patches": "#bf812d",
    "shuffled labels": "#4d4d4d",
    "simple cell": "#b2182b",
    "complex cell": "#35978f",
}


def colour_filter_image(f):
    """An RGB filter ``(3, k, k)`` as an image ``(k, k, 3)`` in [0, 1], grey meaning zero.

    Scaled symmetrically: the largest absolute weight of the filter maps to 0 or 1, so a
    positive weight brightens its channel and a negative one darkens it, as in the
    usual pictures of AlexNet's first layer.

    Examples
    --------
    >>> f = np.zeros((3, 2, 2)); f[0, 0, 0] = 2.0; f[1, 1, 1] = -1.0
    >>> colour_filter_image(f)[0, 0].tolist(), colour_filter_image(f)[1, 1].tolist()
    ([1.0, 0.5, 0.5], [0.5, 0.25, 0.5])
    """
    f = as_array(f, "f", ndim=3)
    if f.shape[0] != 3:
        raise ValueError(f"f must be an RGB filter of shape (3, k, k), got {f.shape}")
    peak = np.abs(f).max()
    scale = 1.0 if peak == 0 else 0.5 / peak
    return 0.5 + scale * f.transpose(1, 2, 0)


def draw_colour_filters(rows, *, ncols=None, fig=None, title=""):
    """One row of colour filters per entry of ``rows`` (a dict: row name -> (K, 3, k, k)).

    Returns :class:`Panels` (its grid of Axes has shape ``(len(rows), ncols)``).
    """
    if not isinstance(rows, dict) or not rows:
        raise TypeError(f"rows must be a non-empty dict of name -> filters (K, 3, k, k), got {type(rows).__name__}")
    arrays = {name: as_array(v, f"rows[{name!r}]", ndim=4) for name, v in rows.items()}
    ncols = max(len(v) for v in arrays.values()) if ncols is None else as_int(ncols, "ncols", minimum=1)
    title = as_text(title, "title")
    fig = figure_or_new(fig, (min(0.62 * ncols + 1.6, 12.0), 0.75 * len(rows) + 0.5))
    axes = fig.subplots(len(rows), ncols, squeeze=False)
    for r, (name, filters) in enumerate(arrays.items()):
        for c in range(ncols):
            ax = axes[r, c]
            ax.set_xticks([])
            ax.set_yticks([])
            if c < len(filters):
                ax.imshow(colour_filter_image(filters[c]), interpolation="nearest")
            else:
                ax.axis("off")
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    return Panels(fig, axes)


def draw_learning_curves(sizes, test_acc, *, ax=None, title="test accuracy against training-set size"):
    """Mean test accuracy (line) and its range over seeds (band) for each model.

    Parameters
    ----------
    sizes : 1D array_like
        Training-set sizes (x axis, logarithmic).
    test_acc : dict of str -> array_like, shape (seeds, len(sizes))

    Returns
    -------
    matplotlib.axes.Axes
        The one panel drawn on.
    """
    sizes = as_array(sizes, "sizes", ndim=1)
    if not isinstance(test_acc, dict) or not test_acc:
        raise TypeError(f"test_acc must be a non-empty dict of name -> accuracies, got {type(test_acc).__name__}")
    title = as_text(title, "title")
    ax = axes_or_new(ax, (6.0, 3.6))
    for name, acc in test_acc.items():
        acc = 100 * as_array(acc, f"test_acc[{name!r}]", ndim=2)
        colour = METHOD_COLOURS.get(name, LINE)
        ax.fill_between(sizes, acc.min(0), acc.max(0), color=colour, alpha=0.2, lw=0)
        ax.plot(sizes, acc.mean(0), "o-", color=colour, label=f"{name} (band: min-max over {len(acc)} seeds)", ms=4)
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(int(s)) for s in sizes])
    ax.minorticks_off()
    ax.set_xlabel("training images (log scale)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def draw_distributions(values, *, ax=None, xlabel="", title="", reference=None):
    """One horizontal strip of dots per named set of numbers, with its median marked.

    Parameters
    ----------
    values : dict of str -> 1D array_like
        Name -> one number per filter.  The name's part before " (" picks the colour
        from :data:`METHOD_COLOURS`.
    reference : float, optional
        A vertical dashed line (e.g. the average for random filters).

    Returns
    -------
    matplotlib.axes.Axes
        The one panel drawn on.
    """
    if not isinstance(values, dict) or not values:
        raise TypeError(f"values must be a non-empty dict of name -> 1D array, got {type(values).__name__}")
    xlabel, title = as_text(xlabel, "xlabel"), as_text(title, "title")
    if reference is not None:
        reference = as_number(reference, "reference")
    ax = axes_or_new(ax, (6.0, 0.45 * len(values) + 1.0))
    rng = np.random.default_rng(0)  # vertical jitter only, so that dots do not hide each other
    names = list(values)
    for i, name in enumerate(names):
        v = as_array(values[name], f"values[{name!r}]", ndim=1)
        colour = METHOD_COLOURS.get(name.split(" (")[0], LINE)
        y = len(names) - 1 - i + rng.uniform(-0.18, 0.18, len(v))
        ax.scatter(v, y, s=10, color=colour, alpha=0.6, lw=0)
        ax.plot([np.median(v)] * 2, [len(names) - 1 - i - 0.3, len(names) - 1 - i + 0.3], color="k", lw=2)
    if reference is not None:
        ax.axvline(reference, color="k", ls="--", lw=0.8)
    ax.set_yticks(range(len(names)), names[::-1], fontsize=8)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return ax


def _round_up(value):
    """``value`` rounded up to 1, 1.5, 2, 3, 5 or 7 times a power of ten (1.0 for no value)."""
    if not value > 0:
        return 1.0
    scale = 10.0 ** np.floor(np.log10(value))
    return float(scale * next(m for m in (1, 1.5, 2, 3, 5, 7, 10) if m * scale >= value))


class GratingResponseView:
    """The grating on top of the filter, and both cells' responses as the grating drifts.

    Three panels: the stimulus (grating, with the simple cell's filter outlined as its
    positive and negative contours), the two responses against the grating's phase
    (a full drift cycle) with the current phase marked, and both against orientation.

    ``update(image, kernel, phases, simple, complex_, phase, orientations, tuning_simple,
    tuning_complex, orientation, f1f0=None, reference=None)`` redraws for new values and returns a
    readout; a cell whose mean response is below 1 % of its tuning peak, or of ``reference``
    (its peak at a grating it prefers), is reported as not responding.
    """

    def __init__(self, fig):
        self.fig = fig = as_figure(fig)
        self.ax_img, self.ax_time, self.ax_ori = self.axes = tuple(
            fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1.4, 1.4]}))
        # the artists are made once and moved by update(); the layout is fixed once, so a
        # control change costs one draw
        self.image = self.ax_img.imshow(np.zeros((2, 2)), cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
        self.ax_img.set_xlabel("column (pixels)")
        self.ax_img.set_ylabel("row (pixels)")
        self._contoured = None  # the kernel whose contours are drawn
        self._tops = (0.0, 0.0)  # the largest responses shown so far, in time and against orientation
        self.lines, self.markers = {}, {}
        for a, xlabel, title, ticks in (
            (self.ax_time, "grating phase (degrees; drifting = time)", "response as the grating drifts",
             np.arange(0, 361, 90)),
            (self.ax_ori, "grating orientation (degrees)", "mean response against orientation", np.arange(0, 181, 45)),
        ):
            (simple_line,) = a.plot([], [], color=METHOD_COLOURS["simple cell"], label="simple cell (one filter + ReLU)")
            (complex_line,) = a.plot([], [], color=METHOD_COLOURS["complex cell"], ls="--",
                                     label="complex cell (max over phases)")
            self.lines[a] = (simple_line, complex_line)
            self.markers[a] = a.axvline(0, color="k", lw=0.8, ls=":")
            a.set_xlabel(xlabel)
            a.set_ylabel("response (a.u.)")
            a.set_title(title, fontsize=9)
            a.set_xticks(ticks)
            a.set_xlim(ticks[0], ticks[-1])
            a.grid(alpha=0.3)
        self.ax_time.legend(fontsize=8, loc="upper center")
        self.ax_img.set_title("grating: 0 deg, phase 0 deg\n(contours: the filter, red +, blue -)", fontsize=9)
        fig.subplots_adjust(left=0.06, right=0.975, bottom=0.17, top=0.84, wspace=0.32)  # fixed: any figure size
        ticks_under(*self.axes)  # tick marks under the redrawn contents, as in a full draw

    @property
    def dynamic_artists(self):
        """What update() changes, and what lies over it (for the cached-background renderer).

        The y limits are rounded up to a few steps, so most changes reuse a background.
        """
        moving = [self.image, *self.ax_img.collections, self.ax_img.title, *self.ax_img.spines.values()]
        for a in (self.ax_time, self.ax_ori):
            moving += [*self.lines[a], self.markers[a], *a.spines.values()]
        return moving + [self.ax_time.get_legend()]

    def update(self, image, kernel, phases, simple, complex_, phase, orientations, tuning_simple, tuning_complex,
               orientation, f1f0=None, reference=None):
        image = as_array(image, "image", ndim=2)
        kernel = as_array(kernel, "kernel", ndim=2)
        phases, simple, complex_ = (as_array(v, n, ndim=1) for v, n in
                                    ((phases, "phases"), (simple, "simple"), (complex_, "complex_")))
        orientations, tuning_simple, tuning_complex = (as_array(v, n, ndim=1) for v, n in (
            (orientations, "orientations"), (tuning_simple, "tuning_simple"), (tuning_complex, "tuning_complex")))
        phase, orientation = as_number(phase, "phase"), as_number(orientation, "orientation")
        if f1f0 is not None:
            f1f0 = as_array(f1f0, "f1f0", ndim=1)
        reference = (0.0, 0.0) if reference is None else as_array(reference, "reference", ndim=1)
        if len(reference) != 2:
            raise ValueError(f"reference must be two numbers (simple, complex), got {len(reference)}")
        ax = self.ax_img
        self.image.set_data(image)
        self.image.set_extent((-0.5, image.shape[1] - 0.5, image.shape[0] - 0.5, -0.5))
        if self._contoured is None or not np.array_equal(self._contoured, kernel) or ax.get_xlim()[1] != image.shape[1] - 0.5:
            for artist in list(ax.collections):
                artist.remove()
            k = kernel.shape[0]
            off = (image.shape[0] - k) / 2
            extent = (off - 0.5, off + k - 0.5, off + k - 0.5, off - 0.5)
            lim = np.abs(kernel).max()
            ax.contour(kernel, levels=[-0.3 * lim, 0.3 * lim], colors=[NEGATIVE, POSITIVE], extent=extent,
                       origin="upper", linewidths=1.2)
            ax.set_xlim(-0.5, image.shape[1] - 0.5)
            ax.set_ylim(image.shape[0] - 0.5, -0.5)
            self._contoured = kernel.copy()
        ax.set_title(f"grating: {orientation:.0f} deg, phase {phase:.0f} deg\n(contours: the filter, red +, blue -)",
                     fontsize=9)
        for a, x, ys, marker in ((self.ax_time, phases, (simple, complex_), phase),
                                 (self.ax_ori, orientations, (tuning_simple, tuning_complex), orientation)):
            for line, y in zip(self.lines[a], ys):
                line.set_data(x, y)
            self.markers[a].set_xdata([marker, marker])
        # head room above the curves, so that the legend covers none of their peaks
        # the scale only grows (the largest response seen so far): weaker gratings look weaker,
        # and most changes keep the limits, so they reuse a cached background
        self._tops = (max(self._tops[0], float(np.max(simple)), float(np.max(complex_))),
                      max(self._tops[1], float(np.max(tuning_simple)), float(np.max(tuning_complex))))
        self.ax_time.set_ylim(0, _round_up(1.45 * self._tops[0]))
        self.ax_ori.set_ylim(0, _round_up(1.1 * self._tops[1]))
        text = f"at phase {phase:.0f} deg: simple cell {np.interp(phase, phases, simple):.2f}, " \
               f"complex cell {np.interp(phase, phases, complex_):.2f}"
        if f1f0 is not None:
            # a ratio of two near-zeros says nothing: a cell whose mean response over the cycle is below 1 % of
            # the peak of its orientation tuning curve, or of ``reference`` (its peak at a grating it prefers,
            # so that a frequency at which the whole tuning curve is near zero counts too), is not responding
            parts = []
            for name, value, cycle, tuning, ref in (("simple", f1f0[0], simple, tuning_simple, reference[0]),
                                                    ("complex", f1f0[1], complex_, tuning_complex, reference[1])):
                silent = (np.mean(cycle) <= 0.01 * max(float(np.max(tuning)), float(ref), 0.0)
                          or not np.any(cycle > 0))
                parts.append(f"{name} no response" if silent or not np.isfinite(value) else f"{name} {value:.2f}")
            text += "; F1/F0 over a drift cycle: " + ", ".join(parts)
        return text
