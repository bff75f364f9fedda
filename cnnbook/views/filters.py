"""Views and drawing functions for images, 2D kernels and what they compute.

The same two shapes as every module of :mod:`cnnbook.views`: a **view** builds its artists once on
a figure and its ``update(...)`` moves them and returns a one-line HTML readout (the
explorers in :mod:`cnnbook.explorers.filters` call it on every control change); a
``draw_*`` function makes a view, updates it once and returns it.  ``show_image`` and
``show_kernel`` draw one panel on an axes, for the chapters' static figures.

Signed arrays (kernels, filter responses) are drawn with the diverging colormap
``RdBu_r`` centred on zero: red positive, blue negative, white zero.

Nothing here changes matplotlib's global settings.
"""

from __future__ import annotations

import hashlib

import numpy as np

from cnnbook._cache import Lru

from cnnbook._validate import as_array, as_int, as_number
from cnnbook.correlation import correlate2d
from cnnbook.views._style import DIVERGING, LINE, WINDOW, as_figure, axes_or_new, figure_or_new, no_ticks

__all__ = [
    "FilterLearningView",
    "KernelView",
    "TileCorrelationView",
    "draw_filter_learning",
    "draw_kernel",
    "draw_tile_correlation",
    "show_image",
    "show_kernel",
]

def _limit(values):
    """Symmetric colour limit for a signed array (never zero)."""
    top = float(np.nanmax(np.abs(values))) if np.size(values) else 0.0
    return top if top > 1e-12 else 1.0


def _text_colour(value, limit):
    # white text on the saturated ends of RdBu_r, black in the pale middle
    return "white" if abs(value) > 0.6 * limit else "black"


def _cell_texts(ax, shape, fontsize):
    rows, cols = shape
    return [[ax.text(j, i, "", ha="center", va="center", fontsize=fontsize) for j in range(cols)] for i in range(rows)]


def show_image(image, ax=None, *, title="", signed=False, limit=None):
    """Draw one image on ``ax``: grey levels, or a signed response centred on zero.

    Parameters
    ----------
    image : array_like, shape (H, W) or (H, W, 3)
        Grey values in [0, 1], an RGB image in [0, 1], or (``signed=True``) any real
        response.
    ax : matplotlib Axes, optional
        Drawn on a new figure if not given.
    title : str
    signed : bool, default False
        Use the diverging colormap with symmetric limits.
    limit : float, optional
        The symmetric colour limit for ``signed``; the largest magnitude by default.

    Returns
    -------
    matplotlib Axes
        The Axes drawn on (``ax``, or one on a new figure).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = show_image(np.eye(4) - 0.5, Figure().subplots(), title="signed", signed=True)
    >>> ax.images[0].get_clim()
    (-0.5, 0.5)
    """
    image = as_array(image, "image", ndim=(2, 3))
    ax = axes_or_new(ax, (4.0, 3.6))
    if signed:
        lim = _limit(image) if limit is None else float(limit)
        ax.imshow(image, cmap=DIVERGING, vmin=-lim, vmax=lim)
    elif image.ndim == 3:
        ax.imshow(np.clip(image, 0.0, 1.0))
    else:
        ax.imshow(image, cmap="gray", vmin=0.0, vmax=1.0)
    ax.set_title(title, fontsize=9)
    no_ticks(ax)
    return ax


def show_kernel(kernel, ax=None, *, title="", values=True, decimals=2):
    """Draw a 2D kernel as coloured cells (diverging, centred on zero), values written in.

    Parameters
    ----------
    kernel : array_like, shape (kh, kw)
    ax : matplotlib Axes, optional
    title : str
    values : bool, default True
        Write each weight in its cell (skipped automatically above 7 x 7, where 8 pt
        digits would not fit a cell).
    decimals : int, default 2

    Returns
    -------
    matplotlib Axes
        The Axes the kernel is drawn on.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = show_kernel([[-1, 0, 1]] * 3, Figure().subplots())
    >>> [t.get_text() for t in ax.texts[:3]]
    ['-1', '0', '1']
    """
    kernel = as_array(kernel, "kernel", ndim=2).astype(float)
    ax = axes_or_new(ax, (2.4, 2.4))
    lim = _limit(kernel)
    ax.imshow(kernel, cmap=DIVERGING, vmin=-lim, vmax=lim)
    if values and max(kernel.shape) <= 7:
        size = 9 if max(kernel.shape) <= 3 else 8  # 8 pt at least
        for (i, j), v in np.ndenumerate(kernel):
            ax.text(j, i, _number(v, decimals), ha="center", va="center", fontsize=size, color=_text_colour(v, lim))
    ax.set_title(title, fontsize=9)
    no_ticks(ax)
    return ax


def _number(v, decimals=2):
    """Short cell label: integers without decimals, others rounded."""
    if abs(v - round(v)) < 1e-9:
        return f"{int(round(v))}"
    return f"{v:.{decimals}f}"


class TileCorrelationView:
    """One tile of a 2D cross-correlation, in four panels.

    Image with the window over it | kernel | the products of each weight with the
    pixel under it (their sum in the title) | the output, filled in up to this tile
    (row by row).  Every cell has its value written in.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    image : array_like, shape (H, W), small (about 8 x 8)
    kernel : array_like, shape (kh, kw)
    """

    def __init__(self, fig, image, kernel):
        self.image = as_array(image, "image", ndim=2).astype(float)
        self.kernel = as_array(kernel, "kernel", ndim=2).astype(float)
        self.output = correlate2d(self.image, self.kernel)
        kh, kw = self.kernel.shape
        self.fig = fig = as_figure(fig)
        ax_img, ax_ker, ax_prod, ax_out = fig.subplots(
            1, 4, gridspec_kw={"width_ratios": [self.image.shape[1], kw + 1, kw + 1, self.output.shape[1]]}
        )
        self.axes = (ax_img, ax_ker, ax_prod, ax_out)
        from matplotlib.patches import Rectangle

        ax_img.imshow(self.image, cmap="gray", vmin=min(0.0, self.image.min()), vmax=max(1.0, self.image.max()))
        mid = 0.5 * (self.image.min() + self.image.max())
        for (i, j), v in np.ndenumerate(self.image):
            ax_img.text(j, i, _number(v, 1), ha="center", va="center", fontsize=8,
                        color="black" if v > mid else "white")
        # over the values and the spines (zorder 3.5), so that a slider move redraws only it
        self.window = Rectangle((-0.5, -0.5), kw, kh, fill=False, edgecolor=WINDOW, lw=2.5, zorder=3.5)
        ax_img.add_patch(self.window)
        ax_img.set_title("image and the window", fontsize=9)

        show_kernel(self.kernel, ax_ker, title="kernel", decimals=1)

        self.prod_limit = _limit(np.abs(self.image).max() * self.kernel)
        self.products = ax_prod.imshow(np.zeros((kh, kw)), cmap=DIVERGING, vmin=-self.prod_limit, vmax=self.prod_limit)
        self.product_texts = _cell_texts(ax_prod, (kh, kw), 8)
        ax_prod.set_title("products", fontsize=9)

        self.out_limit = _limit(self.output)
        self.out_image = ax_out.imshow(np.full(self.output.shape, np.nan), cmap=DIVERGING,
                                       vmin=-self.out_limit, vmax=self.out_limit)
        self.output_texts = _cell_texts(ax_out, self.output.shape, 8)
        self.out_marker = Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor=WINDOW, lw=2.5)
        ax_out.add_patch(self.out_marker)
        ax_out.set_title("output so far", fontsize=9)
        no_ticks(*self.axes)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.86, bottom=0.03, wspace=0.12)
        # What update() changes (a fast redraw pays about 2.4x here): the window, which
        # lies over everything else on the image, and the products and output panels
        # whole (they have no ticks).
        self.dynamic_artists = [self.window, ax_prod, ax_out]

    def update(self, row, col):
        """Show the tile whose output is ``(row, col)``; return the readout HTML."""
        ho, wo = self.output.shape
        row = as_int(row, "row", minimum=0)
        col = as_int(col, "col", minimum=0)
        if row >= ho or col >= wo:
            raise ValueError(f"(row, col) must be within the {ho} x {wo} output, got ({row}, {col})")
        kh, kw = self.kernel.shape
        self.window.set_xy((col - 0.5, row - 0.5))
        patch = self.image[row : row + kh, col : col + kw]
        products = patch * self.kernel
        self.products.set_data(products)
        for (i, j), v in np.ndenumerate(products):
            self.product_texts[i][j].set_text(_number(v, 1))
            self.product_texts[i][j].set_color(_text_colour(v, self.prod_limit))
        total = products.sum()
        self.axes[2].set_title(f"products, sum = {_number(total, 2)}", fontsize=9)
        done = np.arange(ho * wo).reshape(ho, wo) <= row * wo + col  # row by row, like reading
        self.out_image.set_data(np.where(done, self.output, np.nan))
        for (i, j), v in np.ndenumerate(self.output):
            self.output_texts[i][j].set_text(_number(v, 1) if done[i, j] else "")
            self.output_texts[i][j].set_color(_text_colour(v, self.out_limit))
        self.out_marker.set_xy((col - 0.5, row - 0.5))
        return (
            f"out[{row}, {col}] = sum of the {kh * kw} products of the kernel with "
            f"image[{row}:{row + kh}, {col}:{col + kw}] = <b>{_number(total, 3)}</b>"
        )


def draw_tile_correlation(image, kernel, row, col, *, fig=None):
    """Draw one tile of a 2D cross-correlation (see :class:`TileCorrelationView`).

    Returns the view (it has ``fig`` and ``axes``).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> view = draw_tile_correlation(np.eye(4), np.ones((3, 3)), 1, 0, fig=Figure())
    >>> view.output.tolist()
    [[3.0, 2.0], [2.0, 3.0]]
    >>> view.axes[2].get_title()
    'products, sum = 2'
    """
    fig = figure_or_new(fig, (10.0, 2.9))
    view = TileCorrelationView(fig, image, kernel)
    view.update(row, col)
    return view


class KernelView:
    """Input | kernel (values in its cells) | output, for any image and kernel.

    The output is computed with ``padding="same"`` so it lines up with the input.  A
    kernel whose weights sum to zero (an edge or Laplacian kernel) gives a signed
    response, drawn with the diverging colormap; any other kernel gives an image,
    drawn in grey levels clipped to [0, 1].

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    """

    # write kernel values only up to 5 x 5: at 80 dpi smaller labels are unreadable, and
    # each label costs about a millisecond on every control change
    MAX_TEXT = 5

    def __init__(self, fig):
        self.fig = fig = as_figure(fig)
        self.axes = tuple(fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 0.55, 1]}))
        ax_in, ax_k, ax_out = self.axes
        self.input_image = ax_in.imshow(np.zeros((2, 2)), cmap="gray", vmin=0, vmax=1)
        self.kernel_image = ax_k.imshow(np.zeros((3, 3)), cmap=DIVERGING, vmin=-1, vmax=1)
        self.output_image = ax_out.imshow(np.zeros((2, 2)), cmap="gray", vmin=0, vmax=1)
        self.kernel_texts = []
        self.output = None
        self._filtered = Lru(24)  # filtered images: moving back to a setting costs no filtering
        no_ticks(*self.axes)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.88, bottom=0.03, wspace=0.08)

    def update(self, image, kernel, *, name="kernel", image_name="image"):
        """Filter ``image`` (H, W) with ``kernel`` (kh, kw); return the readout HTML."""
        image = as_array(image, "image", ndim=2).astype(float)
        kernel = as_array(kernel, "kernel", ndim=2).astype(float)
        key = (image.shape, hashlib.blake2b(image.tobytes(), digest_size=16).digest(), kernel.shape, kernel.tobytes())
        out = self._filtered.get(key, lambda: correlate2d(image, kernel, padding="same"))
        self.output = out
        ax_in, ax_k, ax_out = self.axes
        self.input_image.set_data(image)
        self.input_image.set_extent((-0.5, image.shape[1] - 0.5, image.shape[0] - 0.5, -0.5))
        ax_in.set_xlim(-0.5, image.shape[1] - 0.5)
        ax_in.set_ylim(image.shape[0] - 0.5, -0.5)
        ax_in.set_title(f"input: {image_name}", fontsize=9)

        kh, kw = kernel.shape
        klim = _limit(kernel)
        self.kernel_image.set_data(kernel)
        self.kernel_image.set_clim(-klim, klim)
        self.kernel_image.set_extent((-0.5, kw - 0.5, kh - 0.5, -0.5))
        ax_k.set_xlim(-0.5, kw - 0.5)
        ax_k.set_ylim(kh - 0.5, -0.5)
        labelled = max(kh, kw) <= self.MAX_TEXT
        if len(self.kernel_texts) != (kh * kw if labelled else 0):  # a new shape: new labels
            for text in self.kernel_texts:
                text.remove()
            size = 10 if max(kh, kw) <= 3 else 8  # 8 pt at least (MAX_TEXT keeps it to 5 x 5)
            self.kernel_texts = [
                ax_k.text(j, i, "", ha="center", va="center", fontsize=size)
                for i in range(kh) for j in range(kw)
            ] if labelled else []
        for text, v in zip(self.kernel_texts, kernel.ravel()):
            text.set_text(_number(v))
            text.set_color(_text_colour(v, klim))
        total = kernel.sum()
        ax_k.set_title(f"{name} ({kh}x{kw}), sum {_number(total)}", fontsize=9)

        signed = abs(total) < 1e-9
        self.output_image.set_data(out)
        self.output_image.set_extent((-0.5, out.shape[1] - 0.5, out.shape[0] - 0.5, -0.5))
        ax_out.set_xlim(-0.5, out.shape[1] - 0.5)
        ax_out.set_ylim(out.shape[0] - 0.5, -0.5)
        if signed:
            # a robust limit: a few extreme pixels would otherwise wash the map out to white
            lim = _limit(np.percentile(np.abs(out), 99))
            self.output_image.set_cmap(DIVERGING)
            self.output_image.set_clim(-lim, lim)
            ax_out.set_title(f"response (red +, blue -)\nsaturates at \u00b1{lim:.2g}, its 99th percentile", fontsize=9)
        else:
            self.output_image.set_cmap("gray")
            self.output_image.set_clim(0.0, 1.0)
            ax_out.set_title("output (clipped to 0..1)", fontsize=9)
        jitter_in = np.abs(np.diff(image, axis=1)).mean()
        jitter_out = np.abs(np.diff(out, axis=1)).mean()
        if signed:
            kind = "a signed response"
        elif abs(total - 1) < 1e-9:
            kind = "an image"
        else:  # neither an average nor a difference: flat regions are scaled by the sum
            kind = f"an image whose flat regions come out {total:.3g} times as bright as in the input (clipped)"
        return (
            f"{name}: weights sum to {total:.3f}, so the output is {kind}; "
            f"output range [{out.min():.3f}, {out.max():.3f}]; mean |neighbour difference| "
            f"{jitter_in:.4f} in, <b>{jitter_out:.4f}</b> out"
        )


def draw_kernel(image, kernel, *, name="kernel", image_name="image", fig=None):
    """Input, kernel and output side by side (see :class:`KernelView`); returns the view.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from cnnbook.kernels import SOBEL_X
    >>> step = np.zeros((6, 6)); step[:, 3:] = 1.0
    >>> view = draw_kernel(step, SOBEL_X, name="Sobel x", fig=Figure())
    >>> view.output_image.get_cmap().name, view.output[2].tolist()
    ('RdBu_r', [0.0, 0.0, 4.0, 4.0, 0.0, -4.0])
    """
    fig = figure_or_new(fig, (9.0, 3.2))
    view = KernelView(fig)
    view.update(image, kernel, name=name, image_name=image_name)
    return view


class FilterLearningView:
    """Training a kernel: the loss curve | the hidden kernel | the learned one.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    true_kernel : array_like, shape (kh, kw)
        The kernel the data were made with (shown for comparison).
    max_steps : int, optional
        If given, the loss axis spans ``0..max_steps`` steps and whole decades of loss,
        so that runs of different lengths and rates compare on one frame (and the
        frame, with its ticks, rarely changes: an explorer redraws only the curve);
        by default it fits each run exactly.
    """

    def __init__(self, fig, true_kernel, *, max_steps=None):
        from matplotlib.ticker import NullLocator

        self.true_kernel = as_array(true_kernel, "true_kernel", ndim=2).astype(float)
        self.max_steps = None if max_steps is None else as_int(max_steps, "max_steps", minimum=1)
        self.fig = fig = as_figure(fig)
        ax_loss, ax_true, ax_learned = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.7, 1, 1]})
        self.axes = (ax_loss, ax_true, ax_learned)
        (self.loss_line,) = ax_loss.semilogy([1], [1], color=LINE, lw=1.5)
        ax_loss.set_xlabel("step")
        ax_loss.set_ylabel("mean squared error")
        ax_loss.grid(True, which="major", alpha=0.3)
        # no minor ticks: over the many decades a run spans they are dozens of marks to
        # place and draw on every update, and say nothing the major ones do not
        ax_loss.yaxis.set_minor_locator(NullLocator())
        self.limit = _limit(self.true_kernel)
        show_kernel(self.true_kernel, ax_true, title="hidden kernel")
        self.learned_image = ax_learned.imshow(np.zeros_like(self.true_kernel), cmap=DIVERGING,
                                               vmin=-self.limit, vmax=self.limit)
        self.learned_texts = _cell_texts(ax_learned, self.true_kernel.shape, 9)
        no_ticks(ax_learned)
        fig.subplots_adjust(left=0.09, right=0.99, top=0.87, bottom=0.17, wspace=0.3)
        # What update() changes, and what lies over it: the curve (under the spines) and
        # the learned kernel's panel whole (no ticks); new loss limits mean a new background.
        self.dynamic_artists = [self.loss_line, ax_loss.title, *ax_loss.spines.values(), ax_learned]

    def update(self, losses, learned, *, lr=None):
        """Show a training run: ``losses`` per step and the ``learned`` kernel."""
        losses = as_array(losses, "losses", ndim=1).astype(float)
        learned = as_array(learned, "learned", ndim=2).astype(float)
        if learned.shape != self.true_kernel.shape:
            raise ValueError(f"learned must have shape {self.true_kernel.shape}, got {learned.shape}")
        steps = np.arange(1, len(losses) + 1)
        shown = np.where(np.isfinite(losses) & (losses > 0), losses, np.nan)
        self.loss_line.set_data(steps, shown)
        ax_loss = self.axes[0]
        finite = shown[np.isfinite(shown)]
        # a diverging run reaches ~1e308, where the log ticks would overflow: cap the axis
        lo, hi = (max(finite.min() * 0.5, 1e-12), min(finite.max(), 1e200) * 2) if finite.size else (None, None)
        if self.max_steps is None:
            ax_loss.set_xlim(0, max(len(losses), 2))
        else:
            ax_loss.set_xlim(0, max(self.max_steps, len(losses), 2))
            if finite.size:  # whole decades
                lo, hi = 10.0 ** np.floor(np.log10(lo)), 10.0 ** np.ceil(np.log10(hi))
        if finite.size:
            ax_loss.set_ylim(lo, hi)
        lr_text = f"learning rate {as_number(lr, 'lr'):.3g}, " if lr is not None else ""
        ax_loss.set_title(f"loss ({lr_text}{len(losses)} steps)", fontsize=9)
        shown_kernel = np.clip(np.nan_to_num(learned, nan=0.0), -self.limit, self.limit)
        self.learned_image.set_data(shown_kernel)
        for (i, j), v in np.ndenumerate(learned):
            # a diverging run's weights: their order of magnitude, and "inf" only if infinite
            label = f"{v:.2f}" if abs(v) < 1e4 else (f"{v:.0e}" if np.isfinite(v) else str(v))
            self.learned_texts[i][j].set_text("0.00" if label == "-0.00" else label)
            self.learned_texts[i][j].set_color(_text_colour(shown_kernel[i, j], self.limit))
        error = np.abs(learned - self.true_kernel).max()
        final = losses[-1] if len(losses) else float("nan")
        # diverging = the loss ends above where it started (a short run at a learning rate
        # just past the boundary has not blown up the weights yet, but its loss grows)
        diverged = not np.isfinite(error) or (len(losses) > 1 and not final <= losses[0])
        self.axes[2].set_title("learned kernel" + (" (diverged)" if diverged else ""), fontsize=9)
        if diverged:
            return (f"the loss grew instead of falling (from {losses[0]:.3g} to {final:.3g}): "
                    "the learning rate is too large")
        return f"final loss {final:.3g}; largest weight error |learned - hidden| = <b>{error:.4f}</b>"


def draw_filter_learning(losses, learned, true_kernel, *, lr=None, fig=None):
    """Loss curve and learned vs hidden kernel (see :class:`FilterLearningView`).

    Returns the view (``fig``, ``axes``; ``loss_line`` is the curve).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> view = draw_filter_learning([1.0, 0.1, 0.01], np.eye(3), np.eye(3), fig=Figure())
    >>> view.loss_line.get_ydata().tolist()
    [1.0, 0.1, 0.01]
    """
    fig = figure_or_new(fig, (9.0, 2.9))
    view = FilterLearningView(fig, true_kernel)
    view.update(losses, learned, lr=lr)
    return view
