"""Views of a small trained network: filters, feature maps, the inputs a unit likes.

Drawing helpers for a :class:`cnnbook.nn.Sequential` network on small images, in the
book's two shapes (see :mod:`cnnbook.views`): *views* build their artists once and
``update`` them, returning a one-line HTML readout; ``draw_*`` functions draw once
and return what they drew.  The explorers that wrap them, and the training progress
bar, are in :mod:`cnnbook.explorers.network`.
"""

from __future__ import annotations

import html

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from cnnbook._validate import as_array, as_int
from cnnbook.nn import softmax
from cnnbook.views._style import ticks_under, DIVERGING, FADED, GREY, INK, LINE, POSITIVE, Panels, as_figure, as_text, figure_or_new, no_ticks

__all__ = [
    "FeatureMapsView",
    "TopInputsView",
    "draw_digit_grid",
    "draw_feature_maps",
    "draw_filter_pairs",
    "draw_top_inputs",
    "draw_training_curves",
    "mosaic",
    "top_inputs",
]

UNSIGNED = "magma"  # for values >= 0 (after ReLU or pooling)
DIGIT = "gray_r"  # ink dark on white, as the digits were written


def _images(images, name):
    """``(N, 1, H, W)`` or ``(N, H, W)`` -> ``(N, H, W)``."""
    images = as_array(images, name, ndim=(3, 4))
    if images.ndim == 4:
        if images.shape[1] != 1:
            raise ValueError(f"{name} must have one channel, got shape {images.shape}")
        images = images[:, 0]
    return images


def as_net(net):
    """``net`` if it is a network with ``activations`` (a :class:`cnnbook.nn.Sequential`)."""
    if not callable(getattr(net, "activations", None)):
        raise TypeError(f"net must be a cnnbook.nn.Sequential (with activations), got {type(net).__name__}")
    return net


def as_stages(stages):
    """``stages`` as a list of ``(layer index, name)``."""
    if isinstance(stages, (str, bytes)) or not hasattr(stages, "__iter__"):
        raise TypeError(f"stages must be a list of (layer index, name), got {type(stages).__name__}")
    stages = list(stages)
    for i, stage in enumerate(stages):
        if not (isinstance(stage, (tuple, list)) and len(stage) == 2 and isinstance(stage[1], str)):
            raise TypeError(f"stages[{i}] must be a pair (layer index, name), got {stage!r}")
        as_int(stage[0], f"stages[{i}][0]", minimum=0)
    if not stages:
        raise ValueError("stages must name at least one layer")
    return stages


def draw_digit_grid(images, labels, *, ncols=10, title="", fig=None):
    """Small images in a grid, each titled with its label.

    Parameters
    ----------
    images : array_like, shape (N, H, W) or (N, 1, H, W)
    labels : array_like, shape (N,)
    ncols : int, default 10
    title : str
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    Panels
        One Axes per image.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> axes = draw_digit_grid(np.zeros((12, 8, 8)), np.arange(12) % 10, ncols=6, fig=Figure())
    >>> len(axes), axes[7].get_title()
    (12, '7')
    """
    images = _images(images, "images")
    labels = as_array(labels, "labels", ndim=1)
    if len(labels) != len(images):
        raise ValueError(f"labels must have one entry per image ({len(images)}), got {len(labels)}")
    ncols = as_int(ncols, "ncols", minimum=1)
    nrows = -(-len(images) // ncols)
    fig = figure_or_new(fig, (0.75 * ncols, 0.85 * nrows + 0.3))
    grid = fig.subplots(nrows, ncols, squeeze=False)
    axes = []
    for i, ax in enumerate(grid.ravel()):
        no_ticks(ax)
        if i >= len(images):
            ax.set_visible(False)
            continue
        ax.imshow(images[i], cmap=DIGIT, vmin=0, vmax=max(float(images.max()), 1e-12))
        ax.set_title(f"{labels[i]}", fontsize=8, pad=2)
        axes.append(ax)
    if title:
        fig.suptitle(as_text(title, "title"), fontsize=10)
    return Panels(fig, axes)


def draw_training_curves(history, *, fig=None):
    """Loss and accuracy per epoch, side by side.

    Parameters
    ----------
    history : dict of str -> list
        ``"loss"`` (mean training loss per epoch) and any of ``"train_acc"``,
        ``"test_acc"`` (fractions), one entry per epoch.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    Panels
        The loss and the accuracy Axes.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax_loss, ax_acc = draw_training_curves({"loss": [2.0, 1.0], "test_acc": [0.5, 0.8]}, fig=Figure())
    >>> ax_acc.get_ylabel()
    'accuracy (%)'
    """
    if not isinstance(history, dict) or "loss" not in history:
        raise TypeError("history must be a dict with at least a 'loss' list")
    fig = figure_or_new(fig, (8.0, 2.8))
    ax_loss, ax_acc = fig.subplots(1, 2)
    epochs = np.arange(1, len(history["loss"]) + 1)
    ax_loss.plot(epochs, history["loss"], "o-", ms=3, color=INK)
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("mean training loss")
    ax_loss.set_yscale("log")
    # plain labels at 1, 2, 5 x 10^k instead of crowded log-minor ones (2x10^0, 6x10^-1, ...)
    ax_loss.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))
    ax_loss.yaxis.set_minor_formatter(NullFormatter())
    ax_loss.set_title("cross-entropy loss", fontsize=10)
    for key, colour, label in (("train_acc", LINE, "training set"), ("test_acc", POSITIVE, "test set")):
        if key in history:
            ax_acc.plot(epochs, 100 * np.asarray(history[key]), "o-", ms=3, color=colour, label=label)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy (%)")
    ax_acc.set_title("accuracy", fontsize=10)
    if ax_acc.get_lines():
        ax_acc.legend(fontsize=8, loc="lower right")
    ax_acc.grid(alpha=0.3)
    for ax in (ax_loss, ax_acc):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no "epoch 2.5"
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.17, top=0.88, wspace=0.3)
    return Panels(fig, (ax_loss, ax_acc))


def draw_filter_pairs(initial, learned, *, references=None, reference_names=None, scale="column", title="",
                      fig=None):
    """First-layer filters before and after training: one column per filter.

    Colours are ``RdBu_r`` on a symmetric scale (zero is white).  With
    ``scale="column"`` each column shares one scale, so the sizes of a filter's
    versions can be compared by eye; with ``scale="each"`` every image gets its own,
    so that a filter that shrank (under weight decay, say) still shows its pattern.
    An optional third row shows, for each filter, a hand-made kernel to compare it
    with (scaled to the range of the learned filter's colour scale).

    Parameters
    ----------
    initial, learned : array_like, shape (K, 1, kh, kw) or (K, kh, kw)
    references : array_like, shape (K, kh, kw), optional
        One kernel per filter, for a third row.
    reference_names : list of str, optional
        A title for each reference kernel.
    scale : {"column", "each"}, default "column"
        One colour scale per column, or one per image.
    title : str
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    Panels
        Of shape (2, K), or (3, K) with ``references``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> w = np.random.default_rng(0).standard_normal((4, 1, 3, 3))
    >>> draw_filter_pairs(w, 2 * w, fig=Figure()).shape
    (2, 4)
    >>> draw_filter_pairs(w, w, references=w[:, 0], reference_names=list("abcd"), fig=Figure()).shape
    (3, 4)
    >>> axes = draw_filter_pairs(w, w / 10, scale="each", fig=Figure())
    >>> axes[0, 0].images[0].get_clim() == tuple(10 * c for c in axes[1, 0].images[0].get_clim())
    True
    """
    if scale not in ("column", "each"):
        raise ValueError(f'scale must be "column" or "each", got {scale!r}')
    initial = _images(initial, "initial")
    learned = _images(learned, "learned")
    if initial.shape != learned.shape:
        raise ValueError(f"initial and learned must have the same shape, got {initial.shape} and {learned.shape}")
    rows = [initial, learned]
    if references is not None:
        references = as_array(references, "references", ndim=3)
        if references.shape != learned.shape:
            raise ValueError(f"references must have shape {learned.shape}, got {references.shape}")
        rows.append(references)
    K = len(initial)
    fig = figure_or_new(fig, (1.0 * K + 0.8, 1.3 * len(rows)))
    axes = fig.subplots(len(rows), K, squeeze=False)
    for k in range(K):
        lim = max(np.abs(initial[k]).max(), np.abs(learned[k]).max(), 1e-12)
        for row, kernels in enumerate(rows):
            w = kernels[k]
            if scale == "each":
                lim = max(np.abs(learned[k] if row == 2 else w).max(), 1e-12)
            if row == 2:  # a hand-made kernel has its own units: match the filter's range
                w = w * lim / max(np.abs(w).max(), 1e-12)
            axes[row, k].imshow(w, cmap=DIVERGING, vmin=-lim, vmax=lim)
            no_ticks(axes[row, k])
        axes[0, k].set_title(f"filter {k}", fontsize=8)
        if references is not None and reference_names is not None:
            axes[2, k].set_xlabel(str(reference_names[k]), fontsize=7)
    axes[0, 0].set_ylabel("initial\n(random)", fontsize=8)
    axes[1, 0].set_ylabel("learned", fontsize=8)
    if references is not None:
        axes[2, 0].set_ylabel("closest\nhand-made", fontsize=8)
    if title:
        fig.suptitle(as_text(title, "title"), fontsize=9)
    fig.subplots_adjust(left=0.08, right=0.99, top=0.9, bottom=0.08 if references is not None else 0.03,
                        wspace=0.15, hspace=0.15)
    return Panels(fig, axes)


def mosaic(maps, gap=1):
    """Channels ``(C, H, W)`` side by side in one ``(H, C*(W+gap) - gap)`` image.

    The gaps hold NaN, which ``imshow`` leaves blank, so that one image (and one
    axes) shows a whole layer: far faster to draw than one axes per channel.

    Examples
    --------
    >>> mosaic(np.ones((2, 1, 2)))
    array([[ 1.,  1., nan,  1.,  1.]])
    """
    maps = as_array(maps, "maps", ndim=3)
    gap = as_int(gap, "gap", minimum=0)
    C, H, W = maps.shape
    out = np.full((H, C * (W + gap) - gap), np.nan)
    for c in range(C):
        out[:, c * (W + gap) : c * (W + gap) + W] = maps[c]
    return out


class FeatureMapsView:
    """Every channel of chosen layers' outputs for one input image, one row per layer.

    The first row shows the input and a bar chart of the class probabilities; each
    further row shows the channels of one layer's output side by side (a
    :func:`mosaic`): signed maps (before a ReLU) in ``RdBu_r`` centred on zero,
    non-negative maps in ``magma``, one colour scale per row.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    net : cnnbook.nn.Sequential
    stages : list of (int, str)
        ``(layer index, name)`` of each layer whose output is shown; its output must be
        ``(N, C, H, W)``.
    """

    def __init__(self, fig, net, stages):
        self.fig = fig = as_figure(fig)
        self.net, self.stages = as_net(net), as_stages(stages)
        grid = fig.add_gridspec(len(self.stages) + 1, 12, hspace=0.6, wspace=0.3)
        self.ax_input = fig.add_subplot(grid[0, 0])
        no_ticks(self.ax_input)
        self.input_image = self.ax_input.imshow(np.zeros((2, 2)), cmap=DIGIT, vmin=0, vmax=1)
        self.ax_input.set_title("input", fontsize=8)
        self.ax_probs = fig.add_subplot(grid[0, 2:])
        self.prob_bars = self.ax_probs.bar(np.arange(10), np.zeros(10), color=GREY)
        self.ax_probs.set_ylim(0, 1)
        self.ax_probs.set_xticks(np.arange(10))
        self.ax_probs.tick_params(labelsize=7)
        self.ax_probs.set_ylabel("probability", fontsize=8)
        self.rows = []
        for row, (index, name) in enumerate(self.stages, start=1):
            ax = fig.add_subplot(grid[row, :])
            ax.set_anchor("W")  # rows of different widths line up on the left
            no_ticks(ax)
            ax.set_ylabel(name, fontsize=8, rotation=0, ha="right", va="center")
            for side in ax.spines.values():
                side.set_visible(False)
            self.rows.append(ax.imshow(np.zeros((2, 2)), cmap=DIVERGING, vmin=-1, vmax=1, aspect="equal"))
        fig.subplots_adjust(left=0.08, right=0.99, top=0.95, bottom=0.02)
        self.axes = (self.ax_input, self.ax_probs, *(im.axes for im in self.rows))
        ticks_under(self.ax_probs)
        # What update() changes (a fast redraw pays about 2.8x here): the input and the
        # feature-map rows whole (no ticks), the bars with their title and spines.
        self.dynamic_artists = [
            self.ax_input, *self.prob_bars, self.ax_probs.title, *self.ax_probs.spines.values(),
            *(im.axes for im in self.rows),
        ]

    def update(self, image, label=None):
        """Show the feature maps of ``image`` (shape ``(1, H, W)``); return the readout."""
        image = as_array(image, "image", ndim=3)
        acts = self.net.activations(image[None])
        probs = softmax(acts[-1][0])
        self.input_image.set_data(image[0])
        self.input_image.set_extent((-0.5, image.shape[2] - 0.5, image.shape[1] - 0.5, -0.5))
        guess = int(probs.argmax())
        for k, bar in enumerate(self.prob_bars):
            bar.set_height(probs[k])
            bar.set_color(LINE if k == guess else FADED)
        self.ax_probs.set_title(f"probability of each class (0-9): the network says {guess}", fontsize=8)
        for (index, name), im in zip(self.stages, self.rows):
            out = acts[index][0]
            signed = bool((out < 0).any())
            lim = max(float(np.abs(out).max()), 1e-12)
            tiles = mosaic(out)
            im.set_data(tiles)
            im.set_extent((-0.5, tiles.shape[1] - 0.5, tiles.shape[0] - 0.5, -0.5))
            im.axes.set_xlim(-0.5, tiles.shape[1] - 0.5)
            im.axes.set_ylim(tiles.shape[0] - 0.5, -0.5)
            im.set_cmap(DIVERGING if signed else UNSIGNED)
            im.set_clim(-lim if signed else 0, lim)
            im.axes.set_title(f"{out.shape[0]} channels of {out.shape[1]} x {out.shape[2]}", fontsize=7, pad=2,
                              loc="left")
        truth = "" if label is None else f" (true label {html.escape(str(label))})"
        return f"the network says <b>{guess}</b> with probability {probs[guess]:.2f}{truth}"


def draw_feature_maps(net, image, stages, *, label=None, fig=None):
    """Draw the feature maps of one image once (see :class:`FeatureMapsView`).

    Returns the view (``fig``, ``axes``; ``rows`` holds one image per stage).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from cnnbook.nn import Conv2d, Dense, Flatten, ReLU, Sequential
    >>> net = Sequential(Conv2d(1, 3, 3, padding=1, rng=0), ReLU(), Flatten(), Dense(3 * 8 * 8, 10, rng=0))
    >>> view = draw_feature_maps(net, np.ones((1, 8, 8)), [(0, "conv"), (1, "relu")], fig=Figure())
    >>> view.rows[0].get_array().shape     # 3 maps of 8x8 side by side, 1-pixel gaps
    (8, 26)
    """
    stages = as_stages(stages)
    fig = figure_or_new(fig, (8.0, 0.7 * (len(stages) + 1) + 0.4))
    view = FeatureMapsView(fig, net, stages)
    view.update(image, label)
    return view


def top_inputs(responses, unit, n):
    """Indices of the ``n`` inputs with the largest response of ``unit``, largest first.

    Ties keep the original order (a stable sort), so the answer is reproducible.

    Parameters
    ----------
    responses : array_like, shape (N, U)
        One response per input and unit.
    unit : int
    n : int

    Returns
    -------
    ndarray of int, shape (min(n, N),)

    Examples
    --------
    >>> top_inputs([[0.0, 1.0], [3.0, 2.0], [2.0, 2.0]], 1, 2)
    array([1, 2])
    """
    responses = as_array(responses, "responses", ndim=2)
    unit = as_int(unit, "unit", minimum=0)
    if unit >= responses.shape[1]:
        raise ValueError(f"unit must be < {responses.shape[1]} (the number of units), got {unit}")
    n = as_int(n, "n", minimum=1)
    return np.argsort(-responses[:, unit], kind="stable")[:n]


class TopInputsView:
    """The inputs that most activate one unit, and its mean response per class.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    images : array_like, shape (N, 1, H, W) or (N, H, W)
    responses : array_like, shape (N, U)
        The response of every unit to every image (for a convolutional channel, for
        example the largest value of its map).
    labels : array_like of int, shape (N,)
    n : int, default 12
        How many top inputs to show (in two rows).

    Notes
    -----
    The mean responses per class share one scale for all units, so that units compare.
    """

    def __init__(self, fig, images, responses, labels, *, n=12):
        self.images = _images(images, "images")
        self.responses = as_array(responses, "responses", ndim=2)
        self.labels = as_array(labels, "labels", ndim=1).astype(int)
        N = len(self.images)
        if self.responses.shape[0] != N or len(self.labels) != N:
            raise ValueError(
                f"images, responses and labels must have the same length, got {N}, "
                f"{self.responses.shape[0]} and {len(self.labels)}"
            )
        self.n = min(as_int(n, "n", minimum=1), N)
        self.classes = np.arange(int(self.labels.max()) + 1)
        self.fig = fig = as_figure(fig)
        self.ncols = -(-self.n // 2)
        grid = fig.add_gridspec(1, self.ncols + 5, wspace=0.15)
        # all tiles in one image (two rows of a mosaic), with a text label above each:
        # one axes instead of n keeps a slider move fast
        self.ax_tiles = fig.add_subplot(grid[0, : self.ncols])
        no_ticks(self.ax_tiles)
        for side in self.ax_tiles.spines.values():
            side.set_visible(False)
        self.vmax = max(float(self.images.max()), 1e-12)
        self.tiles = self.ax_tiles.imshow(self._tile_image(np.arange(self.n)), cmap=DIGIT, vmin=0, vmax=self.vmax)
        H, W = self.images.shape[1:]
        self.tile_text = [
            self.ax_tiles.text((i % self.ncols) * (W + 2) + W / 2 - 0.5, (i // self.ncols) * (H + 3) - 0.7, "",
                               ha="center", va="bottom", fontsize=7)
            for i in range(self.n)
        ]
        self.ax_class = fig.add_subplot(grid[0, self.ncols + 1 :])
        self.class_bars = self.ax_class.bar(self.classes, np.zeros(len(self.classes)), color=GREY)
        self.ax_class.set_xticks(self.classes)
        self.ax_class.set_xlabel("class of the input", fontsize=8)
        self.ax_class.set_ylabel("mean response", fontsize=8)
        self.ax_class.tick_params(labelsize=7)
        # mean response per class of every unit, on one scale for all units (so that
        # units compare, and a new unit changes no ticks)
        self.class_means = np.array([
            self.responses[self.labels == c].mean(axis=0) if np.any(self.labels == c)
            else np.zeros(self.responses.shape[1]) for c in self.classes
        ])
        self.ax_class.set_ylim(0, max(float(self.class_means.max()) * 1.15, 1e-12))
        fig.subplots_adjust(left=0.02, right=0.98, top=0.84, bottom=0.17)
        self.axes = (self.ax_tiles, self.ax_class)
        ticks_under(self.ax_class)
        # What update() changes (a fast redraw pays about 2.4x here): the tiles whole (no
        # ticks), the class bars with their title and spines.
        self.dynamic_artists = [self.ax_tiles, *self.class_bars, self.ax_class.title, *self.ax_class.spines.values()]
        # the unit's number is in the class panel's title: this one never changes
        fig.suptitle(f"the {self.n} test inputs that excite the chosen unit most (label: response)", fontsize=9,
                     x=0.3)

    def _tile_image(self, indices):
        """The images ``indices`` in two rows of a mosaic (blank where there are fewer)."""
        H, W = self.images.shape[1:]
        rows = []
        for r in range(2):
            chunk = np.full((self.ncols, H, W), np.nan)
            part = self.images[indices[r * self.ncols : (r + 1) * self.ncols]]
            chunk[: len(part)] = part
            rows.append(mosaic(chunk, gap=2))
        gap = np.full((3, rows[0].shape[1]), np.nan)  # room for the labels of the second row
        return np.vstack([rows[0], gap, rows[1]])

    def update(self, unit):
        """Show the top inputs of ``unit``; return the readout HTML."""
        top = top_inputs(self.responses, unit, self.n)
        r = self.responses[:, unit]
        self.tiles.set_data(self._tile_image(top))
        for text, i in zip(self.tile_text, top):
            text.set_text(f"{self.labels[i]}: {r[i]:.2f}")
        means = self.class_means[:, unit]
        best = int(means.argmax())
        for c, bar in zip(self.classes, self.class_bars):
            bar.set_height(means[c])
            bar.set_color(POSITIVE if c == best else FADED)
        self.ax_class.set_title(f"unit {unit}: mean response per class", fontsize=9)
        counts = np.bincount(self.labels[top], minlength=len(self.classes))
        mode = int(counts.argmax())
        if r.max() <= 0:
            return f"unit {unit} never responds to these inputs (a <b>dead</b> unit: its ReLU is always off)"
        return (
            f"unit {unit}: <b>{counts[mode]} of its top {self.n}</b> inputs are {mode}s; "
            f"on average it responds most to {best}s"
        )


def draw_top_inputs(images, responses, labels, unit, *, n=12, fig=None):
    """Draw the top inputs of one unit once (see :class:`TopInputsView`).

    Returns the view (it has ``fig`` and ``axes``).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> rng = np.random.default_rng(0)
    >>> view = draw_top_inputs(rng.random((30, 8, 8)), rng.random((30, 4)), np.arange(30) % 10, 2, fig=Figure())
    >>> view.tiles.get_array().shape       # two rows of six 8x8 digits, with gaps
    (19, 58)
    """
    fig = figure_or_new(fig, (8.0, 2.4))
    view = TopInputsView(fig, images, responses, labels, n=n)
    view.update(unit)
    return view


