"""Pictures of im2col: the patch matrix, the product, and what the trick costs.

* :class:`PatchMatrixView` draws a small multi-channel image, its patch matrix (one
  column per window, colour-coded by where the window sits), the flattened filters
  and their product, reshaped back to one map per filter.  ``update(column)`` picks a
  column and outlines its window on the image; :func:`draw_patch_matrix` is the static
  version.
* :func:`draw_timings` plots a benchmark (seconds against a size) on log axes.
* :func:`draw_im2col_memory` plots the patch matrix's size in MB against the kernel size.

Nothing here changes matplotlib's global settings.
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_array, as_image_shape, as_int
from cnnbook.arithmetic import geometry_2d, output_size
from cnnbook.convolution import im2col
from cnnbook.views._style import (DIVERGING, GREY, MUTED, OUTLINE, as_figure, as_series, as_text,
                                  axes_or_new, figure_or_new, no_ticks, ticks_under)

__all__ = [
    "METHOD_STYLES",
    "PatchMatrixView",
    "column_colours",
    "draw_im2col_memory",
    "draw_patch_matrix",
    "draw_timings",
    "im2col_bytes",
]

#: One colour and marker per convolution method, by name, for every timing figure of
#: the book: a method keeps its look when another is left out.  Unknown names get grey.
METHOD_STYLES = {
    "loops": (GREY, "o"),
    "windows": ("#1f77b4", "s"),
    "im2col": ("#d62728", "D"),
    "scipy.signal": ("#2ca02c", "^"),
    "FFT": ("#9467bd", "v"),
    "torch": ("#ff7f0e", "P"),
}

#: One display colour per input channel: a row of the patch matrix that reads channel
#: ``c`` is drawn in ``CHANNEL_COLOURS[c]`` (R, G, B for a colour image, grey after).
CHANNEL_COLOURS = np.array([[1.0, 0.15, 0.1], [0.1, 0.8, 0.2], [0.2, 0.35, 1.0]])


def column_colours(ho, wo):
    """One RGB colour per output position, row-major: the code that ties a column of
    the patch matrix to the spot on the image its window covers.

    Hue follows the column of the output grid and lightness its row, so neighbouring
    windows get similar colours.

    Returns
    -------
    ndarray, shape (ho * wo, 3)

    Examples
    --------
    >>> column_colours(2, 3).shape
    (6, 3)
    """
    from matplotlib.colors import hsv_to_rgb

    ho, wo = as_int(ho, "ho", minimum=1), as_int(wo, "wo", minimum=1)
    i, j = np.divmod(np.arange(ho * wo), wo)
    hue = 0.8 * j / max(wo - 1, 1)
    value = 1.0 - 0.55 * i / max(ho - 1, 1)
    return hsv_to_rgb(np.stack([hue, np.full_like(hue, 0.85), value], axis=1))


def _channel_tinted(cols, channels):
    """Patch-matrix values drawn in the colour of the channel each row reads."""
    rows = cols.shape[0] // channels
    lo, hi = cols.min(), cols.max()
    v = (cols - lo) / (hi - lo if hi > lo else 1.0)
    tint = np.ones((cols.shape[0], 3)) * 0.85
    tint[: min(channels, 3) * rows] = np.repeat(CHANNEL_COLOURS[: min(channels, 3)], rows, axis=0)
    return v[:, :, None] * tint[:, None, :]


def _row_scaled(m):
    """Each row divided by its largest magnitude (all-zero rows stay zero)."""
    top = np.abs(m).max(axis=1, keepdims=True)
    return m / np.where(top > 0, top, 1.0)


class PatchMatrixView:
    """A convolution layer as one matrix product, drawn.

    Top left: the input image, with a coloured dot at the centre of every window.
    Top right: the patch matrix ``im2col(x)``, shape ``(C*kh*kw, Ho*Wo)``; each row is
    drawn in the colour of the channel it reads, and a strip above it repeats the
    dots' colours, so a column's colour says where on the image it came from.
    Middle: the filters flattened to a ``(K, C*kh*kw)`` matrix (left) and the product,
    ``(K, Ho*Wo)`` (right).  Bottom: each row of the product reshaped to a map.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    x : array_like, shape (C, H, W)
        Values in [0, 1] display best; a 3-channel input is shown as colour.
    weight : array_like, shape (K, C, kh, kw)
    stride, padding : int, default 1 and 0
        Keyword-only.  Padding (zeros per side) is drawn grey around the image.
    """

    def __init__(self, fig, x, weight, *, stride=1, padding=0):
        self.x = as_array(x, "x", ndim=3).astype(float)
        self.weight = as_array(weight, "weight", ndim=4).astype(float)
        self.stride = as_int(stride, "stride", minimum=1)
        self.padding = as_int(padding, "padding", minimum=0)
        K, C, kh, kw = self.weight.shape
        if C != self.x.shape[0]:
            raise ValueError(f"weight has {C} input channels but x has {self.x.shape[0]}")
        self.kh, self.kw = kh, kw
        s, p = self.stride, self.padding
        self.ho = output_size(self.x.shape[1], kh, stride=s, padding=p)  # raises if the kernel does not fit
        self.wo = output_size(self.x.shape[2], kw, stride=s, padding=p)
        self.cols = im2col(self.x, (kh, kw), stride=s, padding=p)
        self.w2 = self.weight.reshape(K, -1)
        self.product = self.w2 @ self.cols
        self.maps = self.product.reshape(K, self.ho, self.wo)
        n_cols = self.cols.shape[1]
        from matplotlib.patches import Rectangle

        self.fig = fig = as_figure(fig)
        rows_p = self.cols.shape[0]
        # fixed proportions (those of a 27 x 36 patch matrix and 4 filters): every matrix
        # panel stretches to fit (aspect "auto"), so any kernel size, stride or padding
        # keeps a readable layout
        gs = fig.add_gridspec(
            4, 2, width_ratios=[27, 36], height_ratios=[27, 6, 0.1, 6.75],
            hspace=0.3, wspace=0.08, left=0.07, right=0.99, top=0.95, bottom=0.02,
        )
        ax_img = fig.add_subplot(gs[0, 0])
        sub = gs[0, 1].subgridspec(2, 1, height_ratios=[1.2, rows_p], hspace=0.03)
        ax_strip = fig.add_subplot(sub[0])
        ax_p = fig.add_subplot(sub[1])
        ax_w = fig.add_subplot(gs[1, 0])
        ax_o = fig.add_subplot(gs[1, 1])
        ax_maps = [fig.add_subplot(s) for s in gs[3, :].subgridspec(1, K, wspace=0.3)]
        self.ax_image, self.ax_strip, self.ax_patches, self.ax_weights, self.ax_product = ax_img, ax_strip, ax_p, ax_w, ax_o
        self.ax_maps = tuple(ax_maps)
        self.axes = (ax_img, ax_strip, ax_p, ax_w, ax_o, *ax_maps)

        colours = column_colours(self.ho, self.wo)
        shown = self.x.transpose(1, 2, 0) if C == 3 else self.x.mean(axis=0)
        H, W = self.x.shape[1:]
        ax_img.imshow(np.clip(shown, 0, 1), cmap=None if C == 3 else "gray", vmin=0, vmax=1, interpolation="nearest")
        if p:  # the zero padding, grey, around the image
            ax_img.add_patch(Rectangle((-p - 0.5, -p - 0.5), W + 2 * p, H + 2 * p, color=MUTED, zorder=-2))
            ax_img.set_xlim(-p - 0.5, W + p - 0.5)
            ax_img.set_ylim(H + p - 0.5, -p - 0.5)
        ci, cj = np.divmod(np.arange(n_cols), self.wo)
        self.dots = ax_img.scatter(cj * s - p + (kw - 1) / 2, ci * s - p + (kh - 1) / 2, c=colours, s=14,
                                   edgecolors="white", linewidths=0.4)
        self.window = Rectangle((-p - 0.5, -p - 0.5), kw, kh, fill=False, ec=OUTLINE, lw=2.5)
        ax_img.add_patch(self.window)
        extra = f"; stride {s}" + (f", padding {p} (grey)" if p else "")
        ax_img.set_title(f"input {C}x{H}x{W}{extra}; dot = window centre", fontsize=9)
        # integer ticks on the image's rows and columns: the readout names them
        step = 1 if max(H, W) <= 12 else int(np.ceil(max(H, W) / 8))
        ax_img.set_xticks(range(0, W, step))
        ax_img.set_yticks(range(0, H, step))
        ax_img.tick_params(labelsize=8, length=2, pad=1)

        ax_strip.imshow(colours[None], aspect="auto", interpolation="nearest")
        ax_strip.set_axis_off()
        ax_strip.set_title(f"patch matrix im2col(x): {rows_p} x {n_cols} (one column per window)", fontsize=9)
        ax_p.imshow(_channel_tinted(self.cols, C), aspect="auto", interpolation="nearest")
        per = kh * kw
        for c in range(1, C):
            ax_p.axhline(c * per - 0.5, color="white", lw=0.8)
        ax_p.set_yticks([c * per + (per - 1) / 2 for c in range(C)])
        ax_p.set_yticklabels(["R", "G", "B"][:C] if C == 3 else [f"ch{c}" for c in range(C)], fontsize=8)
        ax_p.set_xticks([])
        self.col_box_p = Rectangle((-0.5, -0.5), 1, rows_p, fill=False, ec=OUTLINE, lw=2)
        self.col_box_strip = Rectangle((-0.5, -0.5), 1, 1, fill=False, ec=OUTLINE, lw=2)
        ax_p.add_patch(self.col_box_p)
        ax_strip.add_patch(self.col_box_strip)

        # each row scaled on its own, so a gentle filter is as visible as a strong one
        ax_w.imshow(_row_scaled(self.w2), cmap=DIVERGING, vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
        for c in range(1, C):
            ax_w.axvline(c * per - 0.5, color="black", lw=0.6)
        ax_w.set_yticks(range(K))
        ax_w.set_yticklabels([f"filter {k}" for k in range(K)], fontsize=8)
        ax_w.set_xticks([])
        ax_w.set_title(f"weights W: {K} x {rows_p} (each row / its max |w|)", fontsize=9)

        ax_o.imshow(_row_scaled(self.product), cmap=DIVERGING, vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
        ax_o.set_yticks([])
        ax_o.set_xticks([])
        ax_o.set_title(f"W @ im2col(x): {K} x {n_cols} (each row / its max)", fontsize=9)
        self.col_box_o = Rectangle((-0.5, -0.5), 1, K, fill=False, ec=OUTLINE, lw=2)
        ax_o.add_patch(self.col_box_o)

        self.map_marks = []
        for k, ax in enumerate(ax_maps):
            m = max(np.abs(self.maps[k]).max(), 1e-12)
            ax.imshow(self.maps[k], cmap=DIVERGING, vmin=-m, vmax=m, interpolation="nearest")
            ax.set_title(f"row {k} -> map {self.ho}x{self.wo}", fontsize=8)
            no_ticks(ax)
            mark = Rectangle((-0.5, -0.5), 1, 1, fill=False, ec=OUTLINE, lw=2)
            ax.add_patch(mark)
            self.map_marks.append(mark)
        self.n_columns = n_cols
        ticks_under(ax_img, ax_p, ax_w)
        # What update() changes, and what lies over it: on the image the dots and the
        # window (under the spines' frame: ticks are off but spines are drawn); in the
        # patch matrix the column box (under the channel separators and spines); the
        # strip's box; the product's box; the marks on the maps.
        self.dynamic_artists = [
            self.dots, self.window, *ax_img.spines.values(),
            self.col_box_strip,
            self.col_box_p, *ax_p.lines, *ax_p.spines.values(),
            self.col_box_o, *ax_o.spines.values(),
            *(a for ax, mark in zip(ax_maps, self.map_marks) for a in (mark, *ax.spines.values())),
        ]

    @staticmethod
    def n_columns_for(x, weight, *, stride=1, padding=0):
        """How many columns the patch matrix of ``x`` has for ``weight`` (the slider's range)."""
        _, _, kh, kw = as_array(weight, "weight", ndim=4).shape
        _, H, W = as_array(x, "x", ndim=3).shape
        stride = as_int(stride, "stride", minimum=1)
        padding = as_int(padding, "padding", minimum=0)
        return output_size(H, kh, stride=stride, padding=padding) * output_size(W, kw, stride=stride, padding=padding)

    def update(self, column):
        """Highlight ``column`` of the patch matrix and its window; return the readout HTML."""
        column = as_int(column, "column", minimum=0)
        if column >= self.n_columns:
            raise ValueError(f"column must be between 0 and {self.n_columns - 1}, got {column}")
        i, j = divmod(int(column), self.wo)
        top, left = i * self.stride - self.padding, j * self.stride - self.padding  # window's first pixel
        self.window.set_xy((left - 0.5, top - 0.5))
        for box in (self.col_box_p, self.col_box_strip, self.col_box_o):
            box.set_x(column - 0.5)
        for mark in self.map_marks:
            mark.set_xy((j - 0.5, i - 0.5))
        sizes = np.full(self.n_columns, 14.0)
        sizes[column] = 70.0
        self.dots.set_sizes(sizes)
        values = ", ".join(f"{v + 0.0:.2f}" for v in self.product[:, column].round(2))  # no "-0.00"
        return (
            f"column {column} = output pixel (row {i}, col {j}): the {self.kh}x{self.kw} window at image rows "
            f"{top} to {top + self.kh - 1}, columns {left} to {left + self.kw - 1}"
            + (" (negative or past the edge: padding)" if self.padding else "")
            + f", all {self.x.shape[0]} channels; "
            f"the filters give <b>[{values}]</b>"
        )


def draw_patch_matrix(x, weight, column=0, *, stride=1, padding=0, fig=None):
    """Draw the im2col picture of ``x`` and ``weight`` (see :class:`PatchMatrixView`).

    Returns the view; its ``fig`` is the figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> x = np.random.default_rng(0).random((3, 5, 5))
    >>> view = draw_patch_matrix(x, np.ones((2, 3, 3, 3)), 4, fig=Figure())
    >>> view.cols.shape, view.maps.shape
    ((27, 9), (2, 3, 3))
    """
    fig = figure_or_new(fig, (8.5, 7.0))
    view = PatchMatrixView(fig, x, weight, stride=stride, padding=padding)
    view.update(column)
    return view


def draw_timings(sizes, timings, *, xlabel="size", title="", ax=None):
    """Plot seconds against a size on log-log axes, one line per method.

    Parameters
    ----------
    sizes : sequence of int
        The x values shared by every method.
    timings : dict of str -> sequence of float
        Seconds per call for each method; ``nan`` (not measured) leaves a gap.
    xlabel, title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        The log-log plot.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = draw_timings([8, 16], {"a": [1e-3, 4e-3], "b": [2e-3, float("nan")]}, ax=Figure().subplots())
    >>> len(ax.get_lines())
    2
    >>> ax = draw_timings([8], {"im2col": [1e-3]}, ax=Figure().subplots())
    >>> ax.get_lines()[0].get_color() == METHOD_STYLES["im2col"][0]
    True

    Each method is drawn in its colour and marker from :data:`METHOD_STYLES`.
    """
    sizes, timings = as_series(sizes, timings, "sizes", "timings")
    xlabel, title = as_text(xlabel, "xlabel"), as_text(title, "title")
    ax = axes_or_new(ax, (5.0, 3.6))
    for name, secs in timings.items():
        colour, marker = METHOD_STYLES.get(name, (GREY, "x"))
        ax.plot(sizes, np.asarray(secs, dtype=float) * 1e3, marker=marker, color=colour, ms=4, label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(list(sizes))
    ax.set_xticklabels([f"{s:g}" for s in sizes])
    ax.minorticks_off()
    ax.set_xlabel(xlabel)
    ax.set_ylabel("time per call (ms)")
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def im2col_bytes(shape, kernel_size, *, padding=0, itemsize=8):
    """Bytes of the patch matrix of an input ``(C, H, W)``: ``C*kh*kw * Ho*Wo * itemsize``.

    Examples
    --------
    >>> im2col_bytes((3, 32, 32), 3, padding=1)      # 27 rows x 1024 columns x 8 bytes
    221184
    """
    if not isinstance(shape, (tuple, list)) or len(shape) != 3:
        raise ValueError(f"shape must be a tuple (C, H, W), got {shape!r}")
    (_, C, _, _), _ = as_image_shape(shape, "shape")
    g = geometry_2d(shape, kernel_size, padding=padding)
    return C * g.kh * g.kw * g.ho * g.wo * as_int(itemsize, "itemsize", minimum=1)


def draw_im2col_memory(shape, kernel_sizes, *, batch=1, itemsize=4, ax=None):
    """Plot the patch matrix's size in MB against the kernel size, with "same" padding.

    One line per channel count in ``shape[0]`` (an int or a sequence of ints), for a
    batch of ``batch`` images of ``shape[1] x shape[2]``; a dashed line with the same
    (open) marker marks the input itself. All lines are black, a colour no method of
    :data:`METHOD_STYLES` uses.  With "same" padding the patch matrix is exactly
    ``k*k`` times the input.

    Parameters
    ----------
    shape : (int or sequence of int, int, int)
        Channels (one line per value), height, width.
    kernel_sizes : sequence of int
    batch : int, default 1
    itemsize : int, default 4
        Bytes per value (4 for float32).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        The plot of memory against kernel size.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = draw_im2col_memory((64, 56, 56), [1, 3], ax=Figure().subplots())
    >>> [round(float(v), 2) for v in ax.get_lines()[0].get_ydata()]  # 0.8 MB of float32, then 9x that
    [0.8, 7.23]
    """
    if not isinstance(shape, (tuple, list)) or len(shape) != 3:
        raise ValueError(f"shape must be (channels, height, width), got {shape!r}")
    channels, H, W = shape
    channels = [channels] if np.ndim(channels) == 0 else list(channels)
    ks = [as_int(k, f"kernel_sizes[{i}]", minimum=1) for i, k in enumerate(as_array(kernel_sizes, "kernel_sizes", ndim=1).tolist())]
    batch = as_int(batch, "batch", minimum=1)
    itemsize = as_int(itemsize, "itemsize", minimum=1)
    ax = axes_or_new(ax, (5.0, 3.6))
    # every line is im2col: one colour that no method of METHOD_STYLES uses (black), the
    # channel counts told apart by marker, the input by a dashed line with open markers
    markers = ["o", "s", "^", "D", "v"]
    for n, c in enumerate(channels):
        marker = markers[n % len(markers)]
        mb = [batch * im2col_bytes((int(c), H, W), k, padding=k // 2, itemsize=itemsize) / 1e6 for k in ks]
        ax.plot(ks, mb, "-", marker=marker, color="black", label=f"patch matrix, {c} channels")
        ax.plot(ks, [batch * int(c) * H * W * itemsize / 1e6] * len(ks), "--", marker=marker, color="black",
                fillstyle="none", lw=1, label=f"input, {c} channels")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(ks)
    ax.set_xticklabels([str(k) for k in ks])
    ax.minorticks_off()
    ax.set_xlabel("kernel size k (k x k, 'same' padding)")
    ax.set_ylabel("memory (MB)")
    ax.set_title(f"the price of im2col: batch of {batch}, {H}x{W}, {8 * itemsize}-bit floats", fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return ax
