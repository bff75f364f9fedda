"""Views of 1D signals: one step of a cross-correlation, and moving-average smoothing.

See :mod:`cnnbook.views` for the two shapes of drawing (views and ``draw_*`` functions).
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_array, as_int
from cnnbook.arithmetic import output_size, padding_amounts
from cnnbook.correlation import correlate1d
from cnnbook.kernels import box1d
from cnnbook.views._style import FADED, HIGHLIGHT, INK, LINE, MUTED, NEGATIVE, POSITIVE, as_figure, figure_or_new, signed_colours


__all__ = [
    "CorrelationStepView",
    "SmoothingView",
    "draw_correlation_step",
    "draw_smoothing",
]


def _fmt(v):
    return f"{v:.3g}" if v >= 0 else f"({v:.3g})"


class CorrelationStepView:
    """Three stacked panels for one step of a 1D cross-correlation.

    Top: the (padded) signal with the window and the kernel's weights over it.
    Middle: the products of each tap with the sample under it.  Bottom: the output,
    computed up to the current position.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    x : array_like, shape (n,)
    kernel : array_like, shape (k,)
    padding : {"valid", "same", "full"} or int, default "valid"
        Zeros per side (a string as in :func:`cnnbook.correlate1d`).
    stride : int, default 1
        How far the window jumps between outputs.
    """

    def __init__(self, fig, x, kernel, *, padding="valid", stride=1):
        self.x = as_array(x, "x", ndim=1).astype(float)
        self.kernel = as_array(kernel, "kernel", ndim=1).astype(float)
        self.output = correlate1d(self.x, self.kernel, padding=padding, stride=stride)
        self.stride = int(stride)
        self.before, after = padding_amounts(padding, len(self.kernel))
        self.padded = np.pad(self.x, (self.before, after))
        k, n_pad = len(self.kernel), len(self.padded)
        pos = np.arange(n_pad) - self.before  # sample index, padding at negative / >= n
        is_pad = (pos < 0) | (pos >= len(self.x))

        self.fig = fig = as_figure(fig)
        ax_sig, ax_prod, ax_out = fig.subplots(3, 1, gridspec_kw={"height_ratios": [1.2, 1, 1]})
        self.axes = (ax_sig, ax_prod, ax_out)
        colours = [MUTED if p else c for p, c in zip(is_pad, signed_colours(self.padded))]
        ax_sig.bar(pos, self.padded, color=colours, width=0.8)
        ax_sig.plot(pos[is_pad], np.zeros(is_pad.sum()), "o", color=MUTED, ms=5)  # the padding zeros
        ax_sig.set_xlabel("sample index", fontsize=8, labelpad=1)
        ax_sig.set_ylabel("value", fontsize=8)
        from matplotlib.patches import Rectangle

        # spans the full height whatever the y limits: x in data, y in axes units
        self.window = Rectangle((-0.5, 0), k, 1, transform=ax_sig.get_xaxis_transform(),
                                color=HIGHLIGHT, alpha=0.35, zorder=0)
        ax_sig.add_patch(self.window)
        top = max(np.abs(self.padded).max(), 1e-12)
        ax_sig.set_ylim(-1.35 * top, 1.6 * top)
        self.weight_text = [
            ax_sig.text(0, 1.3 * top, "", ha="center", va="center", fontsize=8, color=INK)
            for _ in range(k)
        ]
        padded_note = (f"{self.before} zero{'' if self.before == 1 else 's'} before, {after} after: grey dots"
                       if self.before or after else "no padding")
        ax_sig.set_title(f"signal x ({padded_note}); the window carries the kernel's weights", fontsize=9)
        ax_sig.set_xlim(pos[0] - 0.6, pos[-1] + 0.6)

        self.product_bars = ax_prod.bar(np.arange(k), np.zeros(k), width=0.8)
        prod_max = max(np.abs(self.padded).max() * np.abs(self.kernel).max(), 1e-12)
        ax_prod.set_ylim(-1.2 * prod_max, 1.2 * prod_max)
        ax_prod.set_xlim(*ax_sig.get_xlim())
        ax_prod.axhline(0, color="black", lw=0.6)
        ax_prod.set_title("products: weight x sample under it", fontsize=9)
        ax_prod.set_ylabel("product", fontsize=8)
        ax_prod.set_xlabel("sample index", fontsize=8, labelpad=1)
        self.product_title = ax_prod.title

        n_out = len(self.output)
        # each output is drawn under the centre of the window that produced it
        centres = np.arange(n_out) * self.stride - self.before + (k - 1) / 2
        self.output_bars = ax_out.bar(centres, self.output, width=0.8)
        out_max = max(np.abs(self.output).max(), 1e-12)
        ax_out.set_ylim(-1.2 * out_max, 1.2 * out_max)
        ax_out.set_xlim(*ax_sig.get_xlim())
        ax_out.set_xticks(centres, [str(i) for i in range(n_out)])
        ax_out.axhline(0, color="black", lw=0.6)
        ax_out.set_xlabel("output index (each under the centre of its window)")
        ax_out.set_ylabel("output", fontsize=8)
        step = "one value per window position" if self.stride == 1 else f"the window jumps {self.stride} samples"
        ax_out.set_title(f"output so far: sum of the products, {step}", fontsize=9)
        for ax in self.axes:
            ax.tick_params(labelsize=8)
        fig.subplots_adjust(hspace=0.65, left=0.09, right=0.98, top=0.94, bottom=0.1)
        # What update() changes, and what lies over it.  The window spans the top panel
        # (clipped to it) under its bars, padding dots, spines and weight labels; ticks
        # point outwards, away from it.  In the other two panels the bars stay inside
        # the axes, under the zero line only.
        self.dynamic_artists = [
            self.window, *ax_sig.patches, *ax_sig.lines, *ax_sig.spines.values(), *self.weight_text,
            *self.product_bars, ax_prod.lines[-1], self.product_title,
            *self.output_bars, ax_out.lines[-1],
        ]

    @staticmethod
    def n_outputs(x, kernel, padding="valid", stride=1):
        """How many window positions there are (the slider's range)."""
        return output_size(len(x), len(kernel), padding=padding, stride=stride)

    def update(self, position):
        """Show the window at output index ``position``; return the readout HTML."""
        n_out = len(self.output)
        position = as_int(position, "position", minimum=0)
        if position >= n_out:
            raise ValueError(f"position must be between 0 and {n_out - 1}, got {position}")
        k = len(self.kernel)
        first = position * self.stride  # index into the padded signal under the first tap
        start = first - self.before  # the same, as a sample index
        self.window.set_x(start - 0.5)
        samples = self.padded[first : first + k]
        products = samples * self.kernel
        for j, text in enumerate(self.weight_text):
            text.set_x(start + j)
            text.set_text(f"w{j}={self.kernel[j]:.3g}")
        for j, bar in enumerate(self.product_bars):
            bar.set_x(start + j - 0.4)
            bar.set_height(products[j])
            bar.set_color(POSITIVE if products[j] >= 0 else NEGATIVE)
        for i, bar in enumerate(self.output_bars):
            done = i <= position  # outputs not computed yet are not drawn
            bar.set_visible(done)
            bar.set_color(POSITIVE if self.output[i] >= 0 else NEGATIVE)
            bar.set_alpha(1.0 if i == position else 0.75)
        self.product_title.set_text(f"products: weight x sample under it; their sum, out[{position}] = {products.sum():.4g}")
        terms = " + ".join(f"{_fmt(w)}&middot;{_fmt(s)}" for w, s in zip(self.kernel, samples))
        return f"out[{position}] = {terms} = <b>{products.sum():.4g}</b>"


def draw_correlation_step(x, kernel, position, *, padding="valid", stride=1, fig=None):
    """Draw one step of a 1D cross-correlation (see :class:`CorrelationStepView`).

    Returns the view; its ``fig`` is the figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> view = draw_correlation_step([1, 2, 3, 4, 5], [1, 0, -1], 1, fig=Figure())
    >>> len(view.output_bars), view.output.tolist()
    (3, [-2.0, -2.0, -2.0])
    >>> draw_correlation_step([1, 2, 3, 4, 5], [1, 0, -1], 1, padding=1, stride=2, fig=Figure()).output.tolist()
    [-2.0, -2.0, 4.0]
    """
    fig = figure_or_new(fig, (8.0, 5.2))
    view = CorrelationStepView(fig, x, kernel, padding=padding, stride=as_int(stride, "stride", minimum=1))
    view.update(position)
    return view


class SmoothingView:
    """A signal and its moving average, and the clean signal if it is known: one panel.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    """

    def __init__(self, fig):
        self.fig = fig = as_figure(fig)
        self.ax = fig.subplots()
        (self.raw_line,) = self.ax.plot([], [], color=FADED, lw=0.8, label="signal")
        (self.smooth_line,) = self.ax.plot([], [], color=LINE, lw=1.8, label="moving average")
        (self.clean_line,) = self.ax.plot([], [], color="black", lw=0.9, ls="--", label="clean signal")
        self.ax.set_xlabel("time (s)")
        self.ax.set_ylabel("value")
        self.ax.legend(handles=[self.raw_line, self.smooth_line], loc="upper center", ncol=3, fontsize=8)
        self._legend_has_clean = False
        self._shown = None
        fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.16)
        self.axes = (self.ax,)
        # What update() changes (a fast redraw pays about 2x here), and what lies over
        # it: the lines run up to the spines and under the legend; ticks point outwards,
        # away from the lines, and change only with the signal (a new background).
        self._dynamic()

    def _dynamic(self):
        # a new list whenever the legend is made anew, so that the renderer notices
        self.dynamic_artists = [
            self.raw_line, self.smooth_line, self.clean_line, self.ax.title, self.ax.get_legend(),
            *self.ax.spines.values(),
        ]

    def update(self, t, y, width, *, title="", clean=None, margin=None):
        """Smooth ``y`` with a box kernel of ``width`` taps; return the readout HTML.

        With ``clean`` (the signal without its noise, same length as ``y``) the clean
        curve is drawn too, and the readout gives the RMS error of the moving average
        against it, away from the ends: ``margin`` samples at each end are left out
        (default ``width // 2``, where the zero padding enters the window; pass the
        largest width's half to measure every width on the same samples).
        """
        t = as_array(t, "t", ndim=1)
        y = as_array(y, "y", ndim=1)
        if t.shape != y.shape:
            raise ValueError(f"t and y must have the same length, got {t.shape[0]} and {y.shape[0]}")
        width = as_int(width, "width", minimum=1)
        if not isinstance(title, str):
            raise TypeError(f"title must be a str, got {type(title).__name__}")
        if clean is not None:
            clean = as_array(clean, "clean", ndim=1)
            if clean.shape != y.shape:
                raise ValueError(f"clean must have the shape of y {y.shape}, got {clean.shape}")
        if margin is None:
            margin = width // 2
        margin = as_int(margin, "margin", minimum=0)
        if margin < width // 2 or 2 * margin >= len(y):
            raise ValueError(f"margin must be an int from width // 2 = {width // 2} to below half the signal's "
                             f"length {len(y)}, got {margin!r}")
        smooth = correlate1d(y, box1d(width), padding="same")
        self.raw_line.set_data(t, y)
        self.smooth_line.set_data(t, smooth)
        has_clean = clean is not None
        self.clean_line.set_data(t if has_clean else [], clean if has_clean else [])
        if has_clean != self._legend_has_clean:  # the legend lists only the curves shown
            self.ax.get_legend().remove()
            self.ax.legend(handles=[self.raw_line, self.smooth_line, *([self.clean_line] if has_clean else [])],
                           loc="upper center", ncol=3, fontsize=8)
            self._legend_has_clean = has_clean
            self._dynamic()
        if self._shown is not y:  # rescale only when the signal itself changes
            self.ax.set_xlim(t[0], t[-1])
            pad = 0.05 * (y.max() - y.min() + 1e-12)
            # headroom of 0.3 x the range above the data: the one-row legend sits there,
            # over no curve (a spike at the top would otherwise run behind it)
            self.ax.set_ylim(y.min() - pad, y.max() + 6 * pad)
            self._shown = y
        self.ax.set_title(f"{title}: moving average over {width} sample{'s' if width != 1 else ''}", fontsize=10)
        rough_in = np.std(np.diff(y))
        rough_out = np.std(np.diff(smooth))
        text = (
            f"window of {width} sample{'s' if width != 1 else ''}: sample-to-sample jitter (s.d. of differences) "
            + (f"stays at <b>{rough_out:.3f}</b> (no smoothing)" if width == 1
               else f"falls from {rough_in:.3f} to <b>{rough_out:.3f}</b>")
        )
        if has_clean:
            inner = slice(margin, len(y) - margin)
            err_in = np.sqrt(np.mean((y - clean)[inner] ** 2))
            err_out = np.sqrt(np.mean((smooth - clean)[inner] ** 2))
            text += f"; RMS error to the clean signal {err_in:.3f} unsmoothed, <b>{err_out:.3f}</b> smoothed"
        return text


def draw_smoothing(t, y, width, *, title="", clean=None, fig=None):
    """Draw a signal and its ``width``-tap moving average (and ``clean``, if given); return the view.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = np.linspace(0, 1, 50); y = np.sin(6 * t)
    >>> view = draw_smoothing(t, y, 5, fig=Figure())
    >>> len(view.smooth_line.get_ydata())
    50
    """
    fig = figure_or_new(fig, (8.0, 3.6))
    view = SmoothingView(fig)
    view.update(t, y, width, title=title, clean=clean)
    return view
