"""Views of a small trained network: filters, feature maps, the inputs a unit likes.

Drawing helpers for a :class:`cnnbook.nn.Sequential` network on small images, in the
book's two shapes (see :mod:`cnnbook.plotting`): *views* build their artists once and
``update`` them, returning a one-line HTML readout; ``draw_*`` functions draw once
and return what they drew.  The explorers at the end wrap views in a slider
(:class:`cnnbook.widgets.Explorer`), and :class:`TrainingProgress` is the live
progress bar of a training loop.  Like every drawing module, this one imports
matplotlib and ipywidgets; ``import cnnbook`` does not.
"""

from __future__ import annotations

import html
import time
import uuid

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from cnnbook._validate import as_array, as_int
from cnnbook.plotting import DIVERGING, new_figure, ticks_under
from cnnbook.widgets import Explorer, _slider

__all__ = [
    "FeatureMapsView",
    "TopInputsView",
    "TrainingProgress",
    "draw_digit_grid",
    "draw_feature_maps",
    "draw_filter_pairs",
    "draw_top_inputs",
    "draw_training_curves",
    "feature_maps_explorer",
    "mosaic",
    "top_inputs",
    "top_inputs_explorer",
]

UNSIGNED = "magma"  # for values >= 0 (after ReLU or pooling)
DIGIT = "gray_r"  # ink dark on white, as the digits were written


def _bare(ax):
    ax.set_xticks([])
    ax.set_yticks([])


def _images(images, name):
    """``(N, 1, H, W)`` or ``(N, H, W)`` -> ``(N, H, W)``."""
    images = as_array(images, name, ndim=(3, 4))
    if images.ndim == 4:
        if images.shape[1] != 1:
            raise ValueError(f"{name} must have one channel, got shape {images.shape}")
        images = images[:, 0]
    return images


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
    list of Axes, one per image

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
    fig = new_figure((0.75 * ncols, 0.85 * nrows + 0.3)) if fig is None else fig
    grid = fig.subplots(nrows, ncols, squeeze=False)
    axes = []
    for i, ax in enumerate(grid.ravel()):
        _bare(ax)
        if i >= len(images):
            ax.set_visible(False)
            continue
        ax.imshow(images[i], cmap=DIGIT, vmin=0, vmax=max(float(images.max()), 1e-12))
        ax.set_title(f"{labels[i]}", fontsize=8, pad=2)
        axes.append(ax)
    if title:
        fig.suptitle(title, fontsize=10)
    return axes


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
    (Axes, Axes)

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax_loss, ax_acc = draw_training_curves({"loss": [2.0, 1.0], "test_acc": [0.5, 0.8]}, fig=Figure())
    >>> ax_acc.get_ylabel()
    'accuracy (%)'
    """
    if not isinstance(history, dict) or "loss" not in history:
        raise TypeError("history must be a dict with at least a 'loss' list")
    fig = new_figure((8.0, 2.8)) if fig is None else fig
    ax_loss, ax_acc = fig.subplots(1, 2)
    epochs = np.arange(1, len(history["loss"]) + 1)
    ax_loss.plot(epochs, history["loss"], "o-", ms=3, color="#444444")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("mean training loss")
    ax_loss.set_yscale("log")
    ax_loss.set_title("cross-entropy loss", fontsize=10)
    for key, colour, label in (("train_acc", "#2166ac", "training set"), ("test_acc", "#b2182b", "test set")):
        if key in history:
            ax_acc.plot(epochs, 100 * np.asarray(history[key]), "o-", ms=3, color=colour, label=label)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy (%)")
    ax_acc.set_title("accuracy", fontsize=10)
    ax_acc.legend(fontsize=8, loc="lower right")
    ax_acc.grid(alpha=0.3)
    for ax in (ax_loss, ax_acc):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no "epoch 2.5"
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.17, top=0.88, wspace=0.3)
    return ax_loss, ax_acc


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
    ndarray of Axes, shape (2, K), or (3, K) with ``references``

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
    fig = new_figure((1.0 * K + 0.8, 1.3 * len(rows))) if fig is None else fig
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
            _bare(axes[row, k])
        axes[0, k].set_title(f"filter {k}", fontsize=8)
        if references is not None and reference_names is not None:
            axes[2, k].set_xlabel(str(reference_names[k]), fontsize=7)
    axes[0, 0].set_ylabel("initial\n(random)", fontsize=8)
    axes[1, 0].set_ylabel("learned", fontsize=8)
    if references is not None:
        axes[2, 0].set_ylabel("closest\nhand-made", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.subplots_adjust(left=0.08, right=0.99, top=0.9, bottom=0.08 if references is not None else 0.03,
                        wspace=0.15, hspace=0.15)
    return axes


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
        self.fig, self.net, self.stages = fig, net, list(stages)
        grid = fig.add_gridspec(len(self.stages) + 1, 12, hspace=0.6, wspace=0.3)
        self.ax_input = fig.add_subplot(grid[0, 0])
        _bare(self.ax_input)
        self.input_image = self.ax_input.imshow(np.zeros((2, 2)), cmap=DIGIT, vmin=0, vmax=1)
        self.ax_input.set_title("input", fontsize=8)
        self.ax_probs = fig.add_subplot(grid[0, 2:])
        self.prob_bars = self.ax_probs.bar(np.arange(10), np.zeros(10), color="#999999")
        self.ax_probs.set_ylim(0, 1)
        self.ax_probs.set_xticks(np.arange(10))
        self.ax_probs.tick_params(labelsize=7)
        self.ax_probs.set_ylabel("probability", fontsize=8)
        self.rows = []
        for row, (index, name) in enumerate(self.stages, start=1):
            ax = fig.add_subplot(grid[row, :])
            ax.set_anchor("W")  # rows of different widths line up on the left
            _bare(ax)
            ax.set_ylabel(name, fontsize=8, rotation=0, ha="right", va="center")
            for side in ax.spines.values():
                side.set_visible(False)
            self.rows.append(ax.imshow(np.zeros((2, 2)), cmap=DIVERGING, vmin=-1, vmax=1, aspect="equal"))
        fig.subplots_adjust(left=0.08, right=0.99, top=0.95, bottom=0.02)
        ticks_under(self.ax_probs)
        # What update() changes, and what lies over it (for a fast redraw in an explorer)
        self.dynamic_artists = [
            self.input_image, *self.ax_input.spines.values(),
            *self.prob_bars, self.ax_probs.title, *self.ax_probs.spines.values(),
            *(a for im in self.rows for a in (im, im.axes.title)),
        ]

    def update(self, image, label=None):
        """Show the feature maps of ``image`` (shape ``(1, H, W)``); return the readout."""
        image = as_array(image, "image", ndim=3)
        acts = self.net.activations(image[None])
        probs = np.exp(acts[-1][0] - acts[-1][0].max())
        probs /= probs.sum()
        self.input_image.set_data(image[0])
        self.input_image.set_extent((-0.5, image.shape[2] - 0.5, image.shape[1] - 0.5, -0.5))
        guess = int(probs.argmax())
        for k, bar in enumerate(self.prob_bars):
            bar.set_height(probs[k])
            bar.set_color("#2166ac" if k == guess else "#bbbbbb")
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

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from cnnbook.nn import Conv2d, Dense, Flatten, ReLU, Sequential
    >>> net = Sequential(Conv2d(1, 3, 3, padding=1, rng=0), ReLU(), Flatten(), Dense(3 * 8 * 8, 10, rng=0))
    >>> view = draw_feature_maps(net, np.ones((1, 8, 8)), [(0, "conv"), (1, "relu")], fig=Figure())
    >>> view.rows[0].get_array().shape     # 3 maps of 8x8 side by side, 1-pixel gaps
    (8, 26)
    """
    fig = new_figure((8.0, 0.7 * (len(stages) + 1) + 0.4)) if fig is None else fig
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
        self.fig = fig
        self.ncols = -(-self.n // 2)
        grid = fig.add_gridspec(1, self.ncols + 5, wspace=0.15)
        # all tiles in one image (two rows of a mosaic), with a text label above each:
        # one axes instead of n keeps a slider move fast
        self.ax_tiles = fig.add_subplot(grid[0, : self.ncols])
        _bare(self.ax_tiles)
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
        self.class_bars = self.ax_class.bar(self.classes, np.zeros(len(self.classes)), color="#999999")
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
        ticks_under(self.ax_class)
        # the unit's number is in the class panel's title: this one never changes
        fig.suptitle(f"the {self.n} test inputs that excite the chosen unit most (label: response)", fontsize=9,
                     x=0.3)
        # What update() changes, and what lies over it (for a fast redraw in an explorer)
        self.dynamic_artists = [
            self.tiles, *self.tile_text, *self.class_bars, self.ax_class.title, *self.ax_class.spines.values(),
        ]

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
            bar.set_color("#b2182b" if c == best else "#bbbbbb")
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

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> rng = np.random.default_rng(0)
    >>> view = draw_top_inputs(rng.random((30, 8, 8)), rng.random((30, 4)), np.arange(30) % 10, 2, fig=Figure())
    >>> view.tiles.get_array().shape       # two rows of six 8x8 digits, with gaps
    (19, 58)
    """
    fig = new_figure((8.0, 2.4)) if fig is None else fig
    view = TopInputsView(fig, images, responses, labels, n=n)
    view.update(unit)
    return view


class _TopInputsExplorer(Explorer):
    def __init__(self, images, responses, labels, n, unit):
        self._args = (images, responses, labels, n)
        units = as_array(responses, "responses", ndim=2).shape[1]
        super().__init__({"unit": _slider("unit", unit, 0, units - 1)}, figsize=(8.0, 2.4))

    def setup(self):
        images, responses, labels, n = self._args
        self.view = TopInputsView(self.figure, images, responses, labels, n=n)

    def draw(self, unit):
        return self.view.update(unit)


def top_inputs_explorer(images, responses, labels, *, n=12, unit=0):
    """A slider picks a unit; shows the inputs that excite it most.

    Parameters as for :class:`TopInputsView`; ``unit`` is the one shown first.

    Returns
    -------
    Explorer
    """
    return _TopInputsExplorer(images, responses, labels, n, as_int(unit, "unit", minimum=0))


class _FeatureMapsExplorer(Explorer):
    def __init__(self, net, images, labels, stages):
        self._net, self._images, self._labels, self._stages = net, images, labels, stages
        super().__init__({"index": _slider("test image", 0, 0, len(images) - 1)},
                         figsize=(8.0, 0.7 * (len(stages) + 1) + 0.4))

    def setup(self):
        self.view = FeatureMapsView(self.figure, self._net, self._stages)

    def draw(self, index):
        return self.view.update(self._images[index], self._labels[index])


def feature_maps_explorer(net, images, labels, stages):
    """A slider picks an image; shows its feature maps at each stage.

    Parameters
    ----------
    net : cnnbook.nn.Sequential
    images : array_like, shape (N, 1, H, W)
    labels : array_like, shape (N,)
    stages : list of (int, str)
        As for :class:`FeatureMapsView`.

    Returns
    -------
    Explorer
    """
    images = as_array(images, "images", ndim=4)
    labels = as_array(labels, "labels", ndim=1)
    if len(labels) != len(images):
        raise ValueError(f"labels must have one entry per image ({len(images)}), got {len(labels)}")
    return _FeatureMapsExplorer(net, images, labels, list(stages))


class TrainingProgress(widgets.HBox):
    """A live progress bar for a training loop: epochs done, loss and accuracy.

    Call :meth:`update` after each epoch; :attr:`text` holds the current line, so a
    loop can be followed (and tested) without a browser.  Displayed, the bar's
    plain-text form is :attr:`summary`, and after the last epoch the output is replaced
    by the finished bar, whose plain text says how many epochs ran and how long they
    took: a notebook viewed where no kernel runs shows that line, not a widget repr.

    Parameters
    ----------
    epochs : int
        Number of epochs the bar counts to.

    Examples
    --------
    >>> bar = TrainingProgress(3)
    >>> bar.update(1, loss=0.51234, train_acc=0.9, test_acc=0.875)
    >>> bar.bar.value, bar.text
    (1, 'epoch 1/3: loss 0.512, training accuracy 90.0%, test accuracy 87.5%')
    >>> bar.summary
    'training: epoch 1/3: loss 0.512, training accuracy 90.0%, test accuracy 87.5%'
    """

    def __init__(self, epochs):
        self.epochs = as_int(epochs, "epochs", minimum=1)
        self.bar = widgets.IntProgress(value=0, min=0, max=self.epochs, description="training",
                                       layout=widgets.Layout(width="260px"))
        self.label = widgets.HTML(value="")
        super().__init__(children=[self.bar, self.label])
        self._start = time.perf_counter()
        self._seconds = None  # set by the last epoch's update
        self._display_ids = []

    @property
    def text(self):
        return self.label.value

    @property
    def summary(self):
        """The bar as one plain line: progress so far, or what the finished run took."""
        if self._seconds is not None:
            line = f"trained {self.epochs} epoch{'s' if self.epochs > 1 else ''} in {self._seconds:.1f} s"
            return f"{line}; last {self.text}" if self.text else line
        return f"training: {self.text}" if self.text else f"training: 0/{self.epochs} epochs done"

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.summary
        return data

    def _ipython_display_(self):
        # displayed under an id, so that the last update can replace the stored output
        from IPython.display import display

        self._start = time.perf_counter()
        self._display_ids.append(uuid.uuid4().hex)
        display(self._repr_mimebundle_(), raw=True, display_id=self._display_ids[-1])

    def update(self, epoch, *, loss, train_acc=None, test_acc=None):
        """Show that ``epoch`` (1-based) is done, with its loss and accuracies."""
        self.bar.value = as_int(epoch, "epoch", minimum=0)
        parts = [f"epoch {epoch}/{self.epochs}: loss {loss:.3f}"]
        if train_acc is not None:
            parts.append(f"training accuracy {100 * train_acc:.1f}%")
        if test_acc is not None:
            parts.append(f"test accuracy {100 * test_acc:.1f}%")
        self.label.value = ", ".join(parts)
        if epoch >= self.epochs:
            self.bar.bar_style = "success"
            self._seconds = time.perf_counter() - self._start
            if self._display_ids:
                from IPython.display import update_display

                for display_id in self._display_ids:
                    update_display(self._repr_mimebundle_(), raw=True, display_id=display_id)
