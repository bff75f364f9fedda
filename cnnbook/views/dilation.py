"""Views of dilated (atrous) kernels: their taps, and what they pick up on an image.

See :mod:`cnnbook.views` for the two shapes of drawing (views and ``draw_*`` functions).
"""

from __future__ import annotations

import numpy as np

from cnnbook._cache import Lru
from cnnbook._validate import as_array, as_int
from cnnbook.arithmetic import effective_kernel_size
from cnnbook.correlation import correlate2d
from cnnbook.views._style import ticks_under, DIVERGING, GREY, HOLE, Panels, as_figure, figure_or_new

__all__ = ["DilationView", "dilated_taps", "draw_dilated_kernels", "draw_dilation"]


def dilated_taps(kernel_size, dilation):
    """Boolean mask of a dilated kernel's taps within its effective span.

    Examples
    --------
    >>> dilated_taps(3, 2).astype(int)
    array([[1, 0, 1, 0, 1],
           [0, 0, 0, 0, 0],
           [1, 0, 1, 0, 1],
           [0, 0, 0, 0, 0],
           [1, 0, 1, 0, 1]])
    """
    k = as_int(kernel_size, "kernel_size", minimum=1)
    d = as_int(dilation, "dilation", minimum=1)
    span = effective_kernel_size(k, d)
    mask = np.zeros((span, span), dtype=bool)
    mask[::d, ::d] = True
    return mask


def draw_dilated_kernels(rates=(1, 2, 4), kernel_size=3, *, fig=None):
    """Draw a ``kernel_size`` x ``kernel_size`` kernel dilated by each rate, with its holes.

    Taps are dark squares, holes white; every panel uses the same pixel scale, so the
    growth of the span is visible.  Returns :class:`Panels` (one Axes per rate).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> panels = draw_dilated_kernels((1, 2, 4), fig=Figure())
    >>> [ax.get_title() for ax in panels.axes]
    ['rate 1: 9 weights span 3x3', 'rate 2: 9 weights span 5x5', 'rate 4: 9 weights span 9x9']
    """
    if isinstance(rates, (str, bytes)) or not hasattr(rates, "__iter__"):
        raise TypeError(f"rates must be a sequence of ints, got {type(rates).__name__}")
    rates = [as_int(r, f"rates[{i}]", minimum=1) for i, r in enumerate(rates)]
    if not rates:
        raise ValueError("rates must hold at least one rate")
    kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
    fig = figure_or_new(fig, (3.0 * len(rates), 3.2))
    axes = np.atleast_1d(fig.subplots(1, len(rates)))
    biggest = effective_kernel_size(kernel_size, max(rates))
    for ax, rate in zip(axes, rates):
        mask = dilated_taps(kernel_size, rate)
        span = mask.shape[0]
        ax.imshow(mask, cmap="Greys", vmin=0, vmax=1.4, extent=(-0.5, span - 0.5, span - 0.5, -0.5))
        ax.set_xticks(np.arange(-0.5, span, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, span, 1), minor=True)
        ax.grid(which="minor", color=GREY, lw=0.5)
        ax.tick_params(which="both", length=0, labelsize=7)
        centre = (span - 1) / 2
        ax.set_xlim(centre - biggest / 2, centre + biggest / 2)
        ax.set_ylim(centre + biggest / 2, centre - biggest / 2)
        ax.set_title(f"rate {rate}: {int(mask.sum())} weights span {span}x{span}", fontsize=9)
        ax.set_xlabel("column offset")
    axes[0].set_ylabel("row offset")
    fig.subplots_adjust(left=0.06, right=0.98, top=0.88, bottom=0.14, wspace=0.25)
    return Panels(fig, axes)


class DilationView:
    """A kernel dilated at an adjustable rate, and its response on an image.

    Left: the taps within the largest span offered (holes grey).  Right: the
    ``"same"``-padded correlation of the image with the dilated kernel, on a diverging
    colour map centred on zero.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    image : array_like, shape (H, W)
    kernel : array_like, shape (k, k)
    max_rate : int, default 8
    """

    def __init__(self, fig, image, kernel, *, max_rate=8):
        self.image = as_array(image, "image", ndim=2)
        self.kernel = as_array(kernel, "kernel", ndim=2)
        if self.kernel.shape[0] != self.kernel.shape[1]:
            raise ValueError(f"kernel must be square (k, k), got shape {self.kernel.shape}")
        self.max_rate = as_int(max_rate, "max_rate", minimum=1)
        k = self.kernel.shape[0]
        self.span = effective_kernel_size(k, self.max_rate)
        self.fig = fig = as_figure(fig)
        self.ax_k, self.ax_img, self.ax_out = self.axes = tuple(
            fig.subplots(1, 3, gridspec_kw={"width_ratios": [0.7, 1, 1]}))
        lim = float(np.abs(self.kernel).max()) or 1.0
        self.kernel_im = self.ax_k.imshow(np.full((self.span, self.span), np.nan), cmap=DIVERGING, vmin=-lim, vmax=lim)
        self.ax_k.set_facecolor(HOLE)  # holes are NaN, drawn in this grey; zero weights are white
        self.ax_k.set_title("dilated kernel (grey: holes)", fontsize=9)
        ticks = [0, self.span // 2, self.span - 1]
        self.ax_k.set_xticks(ticks, [str(t - self.span // 2) for t in ticks])
        self.ax_k.set_yticks(ticks, [str(t - self.span // 2) for t in ticks])
        self.ax_k.set_xlabel("column offset")
        self.ax_k.set_ylabel("row offset")
        self.ax_img.imshow(self.image, cmap="gray", vmin=0, vmax=1)
        self.ax_img.set_title("input", fontsize=9)
        self.ax_img.set_axis_off()
        self.out_im = self.ax_out.imshow(np.zeros_like(self.image), cmap=DIVERGING)
        self.ax_out.set_axis_off()
        fig.subplots_adjust(left=0.06, right=0.98, top=0.88, bottom=0.1, wspace=0.15)
        ticks_under(self.ax_k)
        # What update() changes (a fast redraw pays about 1.7x here): the kernel, under its
        # spines, and the response panel whole (its axis is off).
        self.dynamic_artists = [self.kernel_im, *self.ax_k.spines.values(), self.ax_out]
        self._responses = Lru(self.max_rate)  # rate -> (response, colour limit): the image never changes

    def _response(self, rate):
        out = correlate2d(self.image, self.kernel, padding="same", dilation=rate)
        # a percentile, not the maximum: the zero padding's false border edges would set the scale
        return out, float(np.percentile(np.abs(out), 99.5)) or 1.0

    def update(self, rate):
        """Show the kernel dilated by ``rate`` and its response; return the readout."""
        rate = as_int(rate, "rate", minimum=1)
        if rate > self.max_rate:
            raise ValueError(f"rate must be at most max_rate={self.max_rate}, got {rate}")
        k = self.kernel.shape[0]
        span = effective_kernel_size(k, rate)
        grid = np.full((self.span, self.span), np.nan)
        off = (self.span - span) // 2
        grid[off : off + span : rate, off : off + span : rate] = self.kernel
        self.kernel_im.set_data(grid)
        out, lim = self._responses.get(rate, lambda: self._response(rate))
        self.out_im.set_data(out)
        self.out_im.set_clim(-lim, lim)
        self.ax_out.set_title(f"response at rate {rate} (span {span}x{span})", fontsize=9)
        return (f"rate {rate}: the same {self.kernel.size} weights span <b>{span}x{span}</b> pixels; "
                f"output stays {out.shape[0]}x{out.shape[1]}; mean |response| {np.abs(out).mean():.3f}")


def draw_dilation(image, kernel, rate, *, max_rate=8, fig=None):
    """Draw ``kernel`` dilated by ``rate`` and its response on ``image``; return the view.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> view = draw_dilation(np.eye(20), np.ones((3, 3)), 2, max_rate=4, fig=Figure())
    >>> int(np.isfinite(view.kernel_im.get_array()).sum()), view.out_im.get_array().shape
    (9, (20, 20))
    """
    fig = figure_or_new(fig, (10.0, 3.4))
    view = DilationView(fig, image, kernel, max_rate=max_rate)
    view.update(rate)
    return view
