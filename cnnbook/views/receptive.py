"""Views and drawing functions for receptive fields, padding and stride.

Same two shapes as every module of :mod:`cnnbook.views`: a *view* builds its artists
once and has ``update(...)``, which moves them and returns an HTML readout; a
``draw_*`` function makes a view (on a new figure unless one is given), updates it
once and returns it.  All geometry comes from :mod:`cnnbook.arithmetic`
(``output_size``, ``receptive_field``): nothing here re-derives a size.
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_array, as_int
from cnnbook.arithmetic import Layer, as_layer, output_size, receptive_field
from cnnbook.views._style import (ticks_under, EDGE, HIGHLIGHT, LINE, MUTED, PANEL, POSITIVE, REACHED, Panels, as_figure, as_text,
                                  figure_or_new)

__all__ = [
    "NetworkDiagramView",
    "ReceptiveFieldView",
    "draw_footprints",
    "draw_network_diagram",
    "draw_receptive_field",
    "draw_rf_growth",
    "layer_table",
]

def as_layers(layers, name="layers"):
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__iter__"):
        raise TypeError(f"{name} must be a list of Layer or tuples, got {type(layers).__name__}")
    return [as_layer(item, i) for i, item in enumerate(layers)]


def as_names(names, n_layers):
    """One label per layer: ``names`` checked, or ``"layer 1"``, ``"layer 2"``, ... for None."""
    if names is None:
        return [f"layer {i + 1}" for i in range(n_layers)]
    if isinstance(names, (str, bytes)) or not hasattr(names, "__iter__"):
        raise TypeError(f"names must be a list of str, one per layer, got {type(names).__name__}")
    names = list(names)
    if not all(isinstance(name, str) for name in names):
        raise TypeError(f"names must be a list of str, got {names!r}")
    if len(names) != n_layers:
        raise ValueError(f"names must have one label per layer ({n_layers}), got {len(names)}")
    return names


def layer_table(layers, n):
    """Per-layer geometry of a stack over an input of length ``n``.

    Parameters
    ----------
    layers : list of Layer or tuple
        From input to output.
    n : int
        Input length (one spatial axis).

    Returns
    -------
    rows : list of dict
        One dict per layer that fits, with keys ``layer`` (1-based), ``kernel``,
        ``stride``, ``padding``, ``dilation``, ``out`` (output length), ``rf``
        (receptive field), ``jump`` (effective stride) and ``start`` (effective
        padding).
    error : str or None
        Why the first layer that does not fit fails, else None.

    Examples
    --------
    >>> rows, error = layer_table([(3, 1), (2, 2), (3, 1)], 8)
    >>> [(r["out"], r["rf"], r["jump"]) for r in rows], error
    ([(6, 3, 1), (3, 4, 2), (1, 8, 2)], None)
    >>> rows, error = layer_table([(3,), (7,)], 8)
    >>> len(rows), error
    (1, 'layer 2: kernel of effective size 7 does not fit input of length 6 (padding=(0, 0))')
    """
    layers = as_layers(layers)
    n = as_int(n, "n", minimum=1)
    rows = []
    for i, layer in enumerate(layers):
        try:
            n = output_size(n, layer.kernel_size, stride=layer.stride, padding=layer.padding,
                            dilation=layer.dilation)
        except ValueError as exc:
            return rows, f"layer {i + 1}: {exc}"
        rf = receptive_field(layers[: i + 1])
        rows.append(dict(layer=i + 1, kernel=layer.kernel_size, stride=layer.stride, padding=layer.padding,
                         dilation=layer.dilation, out=n, rf=rf.size, jump=rf.stride, start=rf.padding))
    return rows, None


# ---------------------------------------------------------------------------------
# 1D network diagram: units and connections


def connections(layers, n_inputs):
    """Sizes of every level and, per layer, the (out, in) index pairs it connects."""
    sizes, links = [n_inputs], []
    for layer in layers:
        n_out = output_size(sizes[-1], layer.kernel_size, stride=layer.stride, padding=layer.padding,
                            dilation=layer.dilation)
        pairs = []
        for j in range(n_out):
            for t in range(layer.kernel_size):
                i = j * layer.stride - layer.padding + t * layer.dilation
                if 0 <= i < sizes[-1]:  # taps on padding connect to nothing
                    pairs.append((j, i))
        sizes.append(n_out)
        links.append(pairs)
    return sizes, links


class NetworkDiagramView:
    """A 1D network drawn as units (dots) and connections (lines), input at the bottom.

    Each unit sits above the centre of its receptive field, so the drawing is the
    pyramid the layers make.  :meth:`update` highlights one unit and everything below
    that reaches it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    layers : list of Layer or tuple
    n_inputs : int
    names : list of str, optional
        One label per layer (e.g. ``"conv 3"``); the input level is labelled "input".
    """

    def __init__(self, fig, layers, n_inputs, *, names=None):
        from matplotlib.collections import LineCollection

        self.layers = as_layers(layers)
        if not self.layers:
            raise ValueError("layers must hold at least one layer")
        self.n_inputs = as_int(n_inputs, "n_inputs", minimum=1)
        self.sizes, self.links = connections(self.layers, self.n_inputs)
        self.names = ["input", *as_names(names, len(self.layers))]
        # x of unit j at level l: centre of its receptive field in input coordinates
        self.x = []
        for level, size in enumerate(self.sizes):
            rf = receptive_field(self.layers[:level])
            self.x.append(np.arange(size) * rf.stride - rf.padding + (rf.size - 1) / 2)
        self.fig = fig = as_figure(fig)
        self.ax = ax = fig.subplots()
        self.axes = (ax,)
        segments = [
            [(self.x[level + 1][j], level + 1), (self.x[level][i], level)]
            for level, pairs in enumerate(self.links) for j, i in pairs
        ]
        ax.add_collection(LineCollection(segments, colors=MUTED, linewidths=1.0, zorder=1))
        self.reached_lines = LineCollection([], colors=REACHED, linewidths=2.2, zorder=2)
        ax.add_collection(self.reached_lines)
        xs = np.concatenate(self.x)
        ys = np.concatenate([np.full(size, level) for level, size in enumerate(self.sizes)])
        self.units = ax.scatter(xs, ys, s=180, c=[MUTED] * len(xs), edgecolors=EDGE, zorder=3)
        self._offsets = np.cumsum([0, *self.sizes])
        for i, x in enumerate(self.x[0]):
            ax.text(x, -0.38, f"x{i}", ha="center", va="top", fontsize=8)
        ax.set_yticks(range(len(self.sizes)), [f"{n} ({s})" for n, s in zip(self.names, self.sizes)], fontsize=8)
        ax.set_xticks([])
        ax.set_xlim(xs.min() - 0.8, xs.max() + 0.8)
        ax.set_ylim(-0.8, len(self.sizes) - 0.5)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("input position")
        fig.subplots_adjust(left=0.2, right=0.98, top=0.9, bottom=0.12)
        # What update() changes (a fast redraw pays about 2.3x here), and what lies over
        # it: the highlighted connections and the units (over the grey connections), the
        # title, and the one visible spine.
        self.dynamic_artists = [self.reached_lines, self.units, ax.title, *ax.spines.values()]

    def reach(self, level, unit):
        """Indices, at every level below ``level``, of the units that reach ``unit``.

        Returns a list ``sets`` with ``sets[l]`` the sorted unit indices at level ``l``
        (``sets[level] == [unit]``; ``sets[0]`` are the inputs).
        """
        level = as_int(level, "level", minimum=0)
        if level >= len(self.sizes):
            raise ValueError(f"level must be between 0 and {len(self.sizes) - 1}, got {level}")
        unit = as_int(unit, "unit", minimum=0)
        if unit >= self.sizes[level]:
            raise ValueError(f"unit must be between 0 and {self.sizes[level] - 1} at level {level}, got {unit}")
        sets = [[] for _ in self.sizes]
        sets[level] = [unit]
        for lv in range(level, 0, -1):
            chosen = set(sets[lv])
            sets[lv - 1] = sorted({i for j, i in self.links[lv - 1] if j in chosen})
        return sets

    def update(self, unit, level=None):
        """Highlight unit ``unit`` of ``level`` (default: the top) and what reaches it."""
        level = len(self.sizes) - 1 if level is None else level
        sets = self.reach(level, unit)
        colours = np.array([MUTED] * int(self._offsets[-1]), dtype=object)
        for lv, members in enumerate(sets):
            for j in members:
                colours[self._offsets[lv] + j] = REACHED
        colours[self._offsets[level] + unit] = HIGHLIGHT
        self.units.set_facecolor(list(colours))
        segments = []
        for lv in range(level, 0, -1):
            chosen = set(sets[lv])
            segments += [[(self.x[lv][j], lv), (self.x[lv - 1][i], lv - 1)] for j, i in self.links[lv - 1] if j in chosen]
        self.reached_lines.set_segments(segments)
        inputs = sets[0]
        self.ax.set_title(f"unit {unit} of '{self.names[level]}' is reached by {len(inputs)} of "
                          f"{self.n_inputs} inputs", fontsize=10)
        span = f"x{inputs[0]}..x{inputs[-1]}" if inputs else "none"
        return (f"unit {unit} of <b>{self.names[level]}</b> sees inputs {span}: "
                f"<b>{len(inputs)}</b> of {self.n_inputs} (formula: receptive field "
                f"{receptive_field(self.layers[:level]).size})")


def draw_network_diagram(layers, n_inputs, unit=0, *, level=None, names=None, fig=None):
    """Draw a 1D network's units and connections, highlighting what reaches one unit.

    Returns the view (it has ``fig`` and ``axes``).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> view = draw_network_diagram([(3,), (2, 2), (3,)], 8, 0, fig=Figure())
    >>> view.sizes, view.reach(3, 0)[0]
    ([8, 6, 3, 1], [0, 1, 2, 3, 4, 5, 6, 7])
    """
    fig = figure_or_new(fig, (7.0, 3.6))
    view = NetworkDiagramView(fig, layers, n_inputs, names=names)
    view.update(unit, level)
    return view


# ---------------------------------------------------------------------------------
# 2D receptive field of one output unit, drawn on a photo


def _round_up(value):
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 times a power of ten that is >= ``value`` (> 0).

    Examples
    --------
    >>> _round_up(27.6), _round_up(9), _round_up(101)
    (30.0, 10.0, 150.0)
    """
    scale = 10.0 ** float(np.floor(np.log10(value)))
    return float(min(m * scale for m in (1, 1.5, 2, 3, 4, 5, 6, 8, 10) if m * scale >= value))


def _html_table(rows, error, labels=None):
    head = "".join(f"<th style='padding:0 6px'>{h}</th>" for h in
                   ("layer", "type", "kernel", "stride", "padding", "dilation", "output size", "receptive field",
                    "effective stride"))
    body = ""
    for r in rows:
        kind = labels[r["layer"] - 1] if labels is not None else ""
        cells = (r["layer"], kind, r["kernel"], r["stride"], r["padding"], r["dilation"], r["out"], r["rf"], r["jump"])
        body += "<tr>" + "".join(f"<td style='text-align:right;padding:0 6px'>{c}</td>" for c in cells) + "</tr>"
    note = f"<div style='color:{POSITIVE}'>{error}</div>" if error else ""
    return f"<table><tr>{head}</tr>{body}</table>{note}"


class ReceptiveFieldView:
    """A photo with the receptive field of one output unit, and the growth per layer.

    Left: the image with the chosen unit's receptive field (orange rectangle; the
    part outside the image lies in the padding) and its neighbour's one step later
    (thin cyan, drawn on top), so the effective stride shows as the offset between them.  Right:
    receptive field and effective stride after each layer.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    image : array_like, shape (H, W) or (H, W, 3)
        Values in [0, 1].
    margin : int, default 40
        Pixels of padding area shown around the image.
    """

    def __init__(self, fig, image, *, margin=40):
        from matplotlib.patches import Rectangle
        from matplotlib.ticker import MaxNLocator

        self.image = as_array(image, "image", ndim=(2, 3))
        margin = as_int(margin, "margin", minimum=0)
        self.shape = self.image.shape[:2]
        self.margin = margin
        self.fig = fig = as_figure(fig)
        self.ax_img, self.ax_rf = self.axes = tuple(fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.4, 1]}))
        H, W = self.shape
        self.ax_img.imshow(self.image, cmap="gray", vmin=0, vmax=1, extent=(-0.5, W - 0.5, H - 0.5, -0.5))
        self.ax_img.set_xlim(-0.5 - margin, W - 0.5 + margin)
        self.ax_img.set_ylim(H - 0.5 + margin, -0.5 - margin)
        for axis in (self.ax_img.xaxis, self.ax_img.yaxis, self.ax_rf.yaxis):
            axis.set_major_locator(MaxNLocator(4, integer=True))  # few labels: text is the slow part of a draw
        self.ax_rf.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        self.ax_img.set_xlabel("column (pixels)")
        self.ax_img.set_ylabel("row (pixels)")
        # opaque edges with a dark outline under them, so both squares show on light and dark photos
        # the neighbour shares the unit's top and bottom rows, so it is a thin solid line drawn over
        # the unit's thicker orange one: both stay visible where they overlap
        self.neighbour = Rectangle((0, 0), 1, 1, fill=False, ec="#00e5ff", lw=1.2, zorder=3)
        self.rect = Rectangle((0, 0), 1, 1, fill=True, fc=(1.0, 0.55, 0.0, 0.22), ec="#ff8c00", lw=2.4, zorder=2)
        from matplotlib import patheffects

        for patch in (self.neighbour, self.rect):
            patch.set_path_effects([patheffects.Stroke(linewidth=patch.get_linewidth() + 2, foreground="black"),
                                    patheffects.Normal()])
        self.ax_img.add_patch(self.rect)
        self.ax_img.add_patch(self.neighbour)
        (self.centre,) = self.ax_img.plot([], [], "+", color=REACHED, ms=10, mew=2)
        (self.rf_line,) = self.ax_rf.plot([], [], "o-", color=REACHED, label="receptive field")
        (self.jump_line,) = self.ax_rf.plot([], [], "s--", color=LINE, label="effective stride")
        self.ax_rf.set_xlabel("layer")
        self.ax_rf.set_ylabel("input pixels")
        self.ax_rf.set_title("growth with depth", fontsize=10)
        self.ax_rf.legend(loc="upper left", fontsize=8)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.13, wspace=0.3)
        self.rows = []
        ticks_under(self.ax_img)
        # What update() changes (a fast redraw pays about 2.1x here), and what lies over
        # it: on the image the two rectangles, the centre mark and the title (the
        # rectangles may reach the spines); on the right the two curves, under the legend
        # and spines.  The right panel's limits change only with the number of layers or a
        # round step of the largest receptive field, so most changes reuse a background.
        self.dynamic_artists = [
            self.rect, self.neighbour, self.centre, self.ax_img.title, *self.ax_img.spines.values(),
            self.rf_line, self.jump_line, self.ax_rf.get_legend(), *self.ax_rf.spines.values(),
        ]

    def update(self, layers, row=0, col=0, *, labels=None):
        """Draw the receptive field of output unit ``(row, col)`` of ``layers``.

        A unit index beyond the output map is clipped to its last unit.  Returns the
        readout: an HTML table of output size, receptive field and effective stride per
        layer (plus why a layer does not fit, if one does not); ``labels`` (one string
        per layer, e.g. ``"conv"`` or ``"pool"``) fill its *type* column.
        """
        layers = as_layers(layers)
        if labels is not None:
            labels = [str(label) for label in labels]
            if len(labels) != len(layers):
                raise ValueError(f"labels must have one entry per layer ({len(layers)}), got {len(labels)}")
        H, W = self.shape
        rows_h, error_h = layer_table(layers, H)
        rows_w, error_w = layer_table(layers, W)
        n_ok = min(len(rows_h), len(rows_w))
        error = error_h or error_w
        self.rows = rows_h[:n_ok]
        rf = receptive_field(layers[:n_ok])
        out_h = rows_h[n_ok - 1]["out"] if n_ok else H
        out_w = rows_w[n_ok - 1]["out"] if n_ok else W
        row = min(as_int(row, "row", minimum=0), out_h - 1)
        col = min(as_int(col, "col", minimum=0), out_w - 1)
        top, left = row * rf.stride - rf.padding, col * rf.stride - rf.padding
        self.rect.set_bounds(left - 0.5, top - 0.5, rf.size, rf.size)
        self.neighbour.set_bounds(left + rf.stride - 0.5, top - 0.5, rf.size, rf.size)
        self.neighbour.set_visible(col + 1 < out_w)
        # the photo axes show the image and its margin, widened to take in the whole field
        # and its neighbour when they reach further into the padding (2 pixels of air)
        right = left + rf.size + (rf.stride if col + 1 < out_w else 0)
        self.ax_img.set_xlim(min(-0.5 - self.margin, left - 2.5), max(W - 0.5 + self.margin, right + 1.5))
        self.ax_img.set_ylim(max(H - 0.5 + self.margin, top + rf.size + 1.5), min(-0.5 - self.margin, top - 2.5))
        self.centre.set_data([left + (rf.size - 1) / 2], [top + (rf.size - 1) / 2])
        depth = np.arange(0, n_ok + 1)
        sizes = [1] + [r["rf"] for r in self.rows]
        jumps = [1] + [r["jump"] for r in self.rows]
        self.rf_line.set_data(depth, sizes)
        self.jump_line.set_data(depth, jumps)
        self.ax_rf.set_xlim(-0.3, max(n_ok, 1) + 0.3)
        self.ax_rf.set_ylim(0, _round_up(max(sizes) * 1.15 + 1))
        self.ax_img.set_title(f"output unit ({row}, {col}) of a {out_h}x{out_w} map sees "
                              f"{rf.size}x{rf.size} pixels", fontsize=10)
        inside = (max(0, min(H, top + rf.size) - max(0, top))) * (max(0, min(W, left + rf.size) - max(0, left)))
        fits = ("" if n_ok == len(layers) else "no layer fits: the input itself; " if n_ok == 0
                else f"field up to layer {n_ok}, the last one that fits; ")
        summary = (f"<div>{fits}unit ({row}, {col}): rows {top}..{top + rf.size - 1}, columns "
                   f"{left}..{left + rf.size - 1}; <b>{inside:,}</b> of its {rf.size ** 2:,} pixels lie on the "
                   f"image" + (", the rest in the padding" if inside < rf.size ** 2 else "") + "</div>")
        return summary + _html_table(self.rows, error, labels)


def draw_receptive_field(image, layers, row=0, col=0, *, fig=None):
    """Draw the receptive field of output unit ``(row, col)`` on ``image``.

    Returns the view (it has ``fig`` and ``axes``).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> view = draw_receptive_field(np.zeros((32, 32)), [(3, 1, 1), (2, 2), (3, 1, 1)], 1, 2, fig=Figure())
    >>> [r["rf"] for r in view.rows], view.rect.get_width(), view.rect.get_xy()
    ([3, 4, 8], 8, (0.5, -1.5))
    """
    fig = figure_or_new(fig, (9.0, 4.0))
    view = ReceptiveFieldView(fig, image)
    view.update(layers, row, col)
    return view


def draw_rf_growth(stacks, *, input_size=None, depth=None, fig=None):
    """Receptive field (and, given ``input_size``, output size) against depth.

    Series that coincide stay visible: each stack has its own line style and open
    marker, and the stacks are drawn a little apart along the depth axis.

    Parameters
    ----------
    stacks : dict of str -> list of Layer or tuple
        Named stacks, from input to output.
    input_size : int, optional
        If given, a second panel shows the output length after each layer.
    depth : dict of str -> list of int, optional
        For some stacks, the depth to plot after each layer (one entry per layer,
        non-decreasing), e.g. ``[1, 1, 2, 2]`` for conv, pool, conv, pool when only
        convolutions count; the other stacks use 1, 2, 3, ...
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    Panels
        ``fig``, ``axes`` and ``tables``: the :func:`layer_table` rows of each stack.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = draw_rf_growth({"plain": [(3,)] * 3, "dilated": [(3, 1, 0, 1), (3, 1, 0, 2)]}, fig=Figure()).tables
    >>> [r["rf"] for r in t["plain"]], [r["rf"] for r in t["dilated"]]
    ([3, 5, 7], [3, 7])
    """
    from matplotlib.ticker import MaxNLocator

    if not isinstance(stacks, dict) or not stacks:
        raise TypeError(f"stacks must be a non-empty dict of name -> layers, got {type(stacks).__name__}")
    input_size = None if input_size is None else as_int(input_size, "input_size", minimum=1)
    depth = {} if depth is None else depth
    if not isinstance(depth, dict):
        raise TypeError(f"depth must be a dict of stack name -> list of int, got {type(depth).__name__}")
    unknown = set(depth) - set(stacks)
    if unknown:
        raise ValueError(f"depth names stacks that are not in stacks: {sorted(unknown)}")
    fig = figure_or_new(fig, (9.0, 3.6) if input_size else (5.0, 3.6))
    axes = fig.subplots(1, 2 if input_size else 1)
    axes = np.atleast_1d(axes)
    tables = {}
    n = len(stacks)
    for k, ((name, layers), marker, style) in enumerate(zip(stacks.items(), "osD^v<>", ["-", "--", ":", "-."] * 2)):
        layers = as_layers(layers, f"stacks[{name!r}]")
        rows, error = layer_table(layers, input_size or 10**9)
        if error:
            raise ValueError(f"stacks[{name!r}]: {error}")
        tables[name] = rows
        if name in depth:
            d = np.asarray(depth[name])
            if d.shape != (len(rows),) or np.any(np.diff(np.r_[0, d]) < 0):
                raise ValueError(f"depth[{name!r}] must hold {len(rows)} non-decreasing numbers, got {depth[name]!r}")
        else:
            d = np.arange(1, len(rows) + 1)
        x = np.r_[0, d] + 0.12 * (k - (n - 1) / 2)  # a small offset per stack: coinciding series stay visible
        style_kw = dict(marker=marker, ls=style, mfc="none", mew=1.5, ms=7 - k, label=name)
        axes[0].plot(x, [1] + [r["rf"] for r in rows], **style_kw)
        if input_size:
            axes[1].plot(x, [input_size] + [r["out"] for r in rows], **style_kw)
    axes[0].set_xlabel("depth (layers)")
    axes[0].set_ylabel("receptive field (input pixels)")
    axes[0].set_title("receptive field vs depth", fontsize=10)
    axes[0].legend(fontsize=8)
    axes[0].grid(alpha=0.3)
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if input_size:
        axes[1].set_xlabel("depth (layers)")
        axes[1].set_ylabel("output size (pixels per side)")
        axes[1].set_title(f"resolution, input {input_size} pixels", fontsize=10)
        axes[1].set_ylim(0, input_size * 1.08)
        axes[1].legend(fontsize=8)
        axes[1].grid(alpha=0.3)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.15, wspace=0.3)
    return Panels(fig, axes, tables=tables)


def draw_footprints(maps, titles, *, fig=None, cmap="magma", colorbar=True):
    """Show several 2D maps side by side (e.g. how strongly a unit depends on each pixel).

    Each map is drawn centred on offset 0 (an odd-sized map's middle pixel sits at
    offset 0), on a common pixel scale so that sizes compare, with a colour bar unless
    ``colorbar=False`` (for yes/no maps, whose two values need no scale).  Zeros are
    left out, so they show as the light grey background: in a dependence map they are
    the pixels a unit does not see.  Returns :class:`Panels` (one Axes per map).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> panels = draw_footprints([np.ones((3, 3)), np.ones((5, 5))], ["a", "b"], fig=Figure())
    >>> [ax.get_title() for ax in panels.axes]
    ['a', 'b']
    """
    from matplotlib.ticker import MaxNLocator

    if isinstance(maps, (str, bytes)) or not hasattr(maps, "__iter__"):
        raise TypeError(f"maps must be a list of 2D arrays, got {type(maps).__name__}")
    maps = [as_array(m, f"maps[{i}]", ndim=2) for i, m in enumerate(maps)]
    if not maps:
        raise ValueError("maps must hold at least one map")
    if isinstance(titles, (str, bytes)) or not hasattr(titles, "__iter__"):
        raise TypeError(f"titles must be a list of str, got {type(titles).__name__}")
    titles = [as_text(t, f"titles[{i}]") for i, t in enumerate(titles)]
    if not isinstance(cmap, str):
        raise TypeError(f"cmap must be the name of a colormap, got {type(cmap).__name__}")
    if not isinstance(colorbar, (bool, np.bool_)):
        raise TypeError(f"colorbar must be True or False, got {type(colorbar).__name__}")
    if len(titles) != len(maps):
        raise ValueError(f"titles must have one entry per map ({len(maps)}), got {len(titles)}")
    fig = figure_or_new(fig, (3.2 * len(maps), 3.2))
    axes = np.atleast_1d(fig.subplots(1, len(maps)))
    biggest = max(max(m.shape) for m in maps)
    for ax, m, title in zip(axes, maps, titles):
        h, w = m.shape
        ax.set_facecolor(PANEL)
        shown = np.where(m != 0, m, np.nan)
        vmin = 0.0 if m.min() >= 0 else None  # counts start at 0, so a map of ones is not blank
        im = ax.imshow(shown, cmap=cmap, vmin=vmin, extent=(-(w / 2), w / 2, h / 2, -(h / 2)),
                       interpolation="nearest")
        ax.set_xlim(-biggest / 2, biggest / 2)
        ax.set_ylim(biggest / 2, -biggest / 2)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("column offset")
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if colorbar:
            fig.colorbar(im, ax=ax, shrink=0.75)
    axes[0].set_ylabel("row offset")
    fig.subplots_adjust(left=0.06, right=0.97, top=0.88, bottom=0.14, wspace=0.35)
    return Panels(fig, axes)


# the receptive-field explorer starts from this small VGG-like stack
DEFAULT_STACK = (Layer(3, 1, 1), Layer(3, 1, 1), Layer(2, 2), Layer(3, 1, 1), Layer(3, 1, 1), Layer(2, 2),
                  Layer(3, 1, 1))
