"""Explorers for receptive fields: a network diagram in 1D, a layer stack on a photo.

Each one is an :class:`~cnnbook.explorers.Explorer`: controls, one figure drawn by a
view from :mod:`cnnbook.views.receptive`, and a readout.  The receptive-field
explorer also has *add layer* / *remove layer* buttons; controls whose range depends
on others (the unit index, the layer being edited) are re-ranged inside
:meth:`Explorer.batch`, so one user action costs one redraw.
"""

from __future__ import annotations

import ipywidgets as widgets

from cnnbook._validate import as_array, as_int
from cnnbook.arithmetic import Layer
from cnnbook.explorers._base import Explorer, slider
from cnnbook.views.receptive import (DEFAULT_STACK, NetworkDiagramView, ReceptiveFieldView, as_layers, as_names,
                                     connections, layer_table)

__all__ = ["network_diagram_explorer", "receptive_field_explorer"]


class _NetworkDiagramExplorer(Explorer):
    def __init__(self, layers, n_inputs, names):
        sizes, _ = connections(layers, n_inputs)
        self._sizes = sizes
        levels = [(name, i + 1) for i, name in enumerate(names)]
        controls = {
            "level": widgets.Dropdown(options=levels, value=len(layers), description="layer"),
            "unit": slider("output unit", 0, 0, sizes[-1] - 1),
        }
        super().__init__(controls, view=lambda fig: NetworkDiagramView(fig, layers, n_inputs, names=names),
                         figsize=(7.0, 3.6))

    def react(self, change):
        if change["owner"] is self.controls["level"]:
            unit = self.controls["unit"]
            unit.max = self._sizes[change["new"]] - 1
            unit.value = min(unit.value, unit.max)

    def draw(self, level, unit):
        # a layer with a single unit leaves nothing to choose
        self.controls["unit"].disabled = self.controls["unit"].max == 0
        return self.view.update(unit, level)


def network_diagram_explorer(layers, n_inputs, *, names=None):
    """Choose a unit of a 1D network and see every input that reaches it.

    Parameters
    ----------
    layers : list of Layer or tuple
        From input to output, e.g. ``[Layer(3), Layer(2, stride=2), Layer(3)]``.
    n_inputs : int
    names : list of str, optional
        One label per layer.

    Returns
    -------
    Explorer
        Controls ``level`` (which layer's unit) and ``unit`` (its index).
    """
    layers = as_layers(layers)
    n_inputs = as_int(n_inputs, "n_inputs", minimum=1)
    if not layers:
        raise ValueError("layers must hold at least one layer")
    names = as_names(names, len(layers))
    connections(layers, n_inputs)  # raises if a layer does not fit
    return _NetworkDiagramExplorer(layers, n_inputs, names)


class _ReceptiveFieldExplorer(Explorer):
    FIELDS = ("kernel", "stride", "padding", "dilation")

    def __init__(self, image, layers, labels, max_layers, presets):
        self._image = image
        self.layers = list(layers)
        self.labels = list(labels)
        self.max_layers = max_layers
        self.presets = {"start": (list(layers), list(labels)), **presets}
        first = self.layers[-1]
        controls = {
            "preset": widgets.Dropdown(options=list(self.presets), value="start", description="network"),
            "layer": slider("edit layer", len(self.layers), 1, len(self.layers)),
            "kind": widgets.ToggleButtons(options=["conv", "pool"], value=self._kind(self.labels[-1]),
                                          description="type", style={"button_width": "60px"}),
            "kernel": slider("kernel", first.kernel_size, 1, 11),
            "stride": slider("stride", first.stride, 1, 4),
            "padding": slider("padding", first.padding, 0, 8),
            "dilation": slider("dilation", first.dilation, 1, 8),
            "row": slider("output unit row", 0, 0, 1),
            "col": slider("output unit column", 0, 0, 1),
        }
        self.add_button = widgets.Button(description="add layer", icon="plus")
        self.remove_button = widgets.Button(description="remove layer", icon="minus")
        # ipywidgets' Image has no click events: buttons jump to the units one would click on
        self.jump_buttons = {where: widgets.Button(description=f"{where} unit") for where in ("centre", "corner")}
        super().__init__(controls, figsize=(9.0, 4.0))
        self.add_button.on_click(self.add_layer)
        self.remove_button.on_click(self.remove_layer)
        for where, button in self.jump_buttons.items():
            button.on_click(lambda _button, where=where: self.jump_to(where))
        self.children = [self.children[0], widgets.HBox([self.add_button, self.remove_button, *self.jump_buttons.values()]),
                         *self.children[1:]]

    def setup(self):
        # before the first (and only) draw of the constructor: observers are not attached yet
        self._range_units(centre=True)
        self.view = ReceptiveFieldView(self.figure, self._image)

    @staticmethod
    def _kind(label):
        return "pool" if "pool" in str(label) else "conv"

    # -- state <-> controls
    def _show_layer(self, index):
        layer = self.layers[index]
        for name, value in zip(self.FIELDS, layer):
            self.controls[name].value = value
        self.controls["kind"].value = self._kind(self.labels[index])

    def load_preset(self, name):
        """Replace the stack by the preset ``name`` and look at its centre unit."""
        with self.batch():
            self._load(name)
        self.refresh()

    def _load(self, name):
        layers, labels = self.presets[name]
        self.layers, self.labels = list(layers), list(labels)
        self.controls["layer"].max = max(len(self.layers), 1)
        self.controls["layer"].value = len(self.layers)
        self._show_layer(len(self.layers) - 1)
        self._range_units(centre=True)

    def _range_units(self, centre=False):
        """Re-range the unit sliders to the output map of the layers that fit."""
        H, W = self._image.shape[:2]
        rows_h, _ = layer_table(self.layers, H)
        rows_w, _ = layer_table(self.layers, W)
        n_ok = min(len(rows_h), len(rows_w))
        out_h = rows_h[n_ok - 1]["out"] if n_ok else H
        out_w = rows_w[n_ok - 1]["out"] if n_ok else W
        for name, n in (("row", out_h), ("col", out_w)):
            control = self.controls[name]
            control.max = max(n - 1, 0)
            control.value = (n - 1) // 2 if centre else min(control.value, control.max)

    def jump_to(self, where):
        """Choose the centre unit (``"centre"``) or the top-left one (``"corner"``)."""
        if where not in ("centre", "corner"):
            raise ValueError(f"where must be 'centre' or 'corner', got {where!r}")
        with self.batch():
            for name in ("row", "col"):
                unit = self.controls[name]
                unit.value = unit.max // 2 if where == "centre" else 0
        self.refresh()

    def react(self, change):
        owner = change["owner"]
        if owner is self.controls["preset"]:
            self._load(change["new"])
        elif owner is self.controls["kind"]:
            self.labels[self.controls["layer"].value - 1] = change["new"]
        elif owner is self.controls["layer"]:
            self._show_layer(change["new"] - 1)
        elif any(owner is self.controls[name] for name in self.FIELDS):
            index = self.controls["layer"].value - 1
            self.layers[index] = Layer(*(self.controls[name].value for name in self.FIELDS))
            self._range_units()

    # -- buttons
    def add_layer(self, _button=None):
        """Insert a copy of the layer being edited after it, and edit the copy."""
        if len(self.layers) >= self.max_layers:
            return
        index = self.controls["layer"].value
        with self.batch():
            self.layers.insert(index, self.layers[index - 1])
            self.labels.insert(index, self.labels[index - 1])
            self.controls["layer"].max = len(self.layers)
            self.controls["layer"].value = index + 1
            self._show_layer(index)
            self._range_units()
        self.refresh()

    def remove_layer(self, _button=None):
        """Remove the layer being edited (one layer always stays)."""
        if len(self.layers) <= 1:
            return
        index = self.controls["layer"].value - 1
        with self.batch():
            del self.layers[index]
            del self.labels[index]
            new = min(index, len(self.layers) - 1)
            self.controls["layer"].value = new + 1
            self.controls["layer"].max = len(self.layers)
            self._show_layer(new)
            self._range_units()
        self.refresh()

    def draw(self, preset, layer, kind, kernel, stride, padding, dilation, row, col):
        readout = self.view.update(self.layers, row, col, labels=self.labels)
        return f"<div>{len(self.layers)} layers; editing layer {layer} ({self.labels[layer - 1]})</div>" + readout


def receptive_field_explorer(image, layers=None, *, labels=None, presets=None, max_layers=None):
    """Build a stack of layers and see the receptive field of one output unit on a photo.

    Controls: a *network* menu loads a preset stack; the layer to edit, its type (conv
    or pool, a label) and its kernel, stride, padding and dilation; *add layer* inserts
    a copy of it, *remove layer* deletes it; two sliders choose the output unit, and
    *centre unit* / *corner unit* jump to the middle or the top-left unit (clicks on
    the photo would need ipyevents or ipympl, which are not dependencies of the book;
    the buttons stand in).  The readout is a table of type, output size, receptive field
    and effective stride per layer.

    Parameters
    ----------
    image : array_like, shape (H, W) or (H, W, 3)
        Values in [0, 1], e.g. ``load_image("grace_hopper", size=224)``.
    layers : list of Layer or tuple, optional
        The starting stack; default a small VGG-like stack (3x3 convs with padding 1,
        2x2 pools with stride 2).
    labels : list of str, optional
        One label per starting layer (``"conv"`` or ``"pool"``); by default a layer
        with stride equal to its kernel size and no padding is called a pool.
    presets : dict of str -> (layers, labels), optional
        Further stacks the *network* menu offers (e.g. published networks).
    max_layers : int, optional
        How many layers *add layer* may reach; default 12, or the longest preset
        plus 4.

    Returns
    -------
    Explorer
        With extra attributes ``layers`` and ``labels`` (the current stack),
        ``add_button``, ``remove_button``, ``jump_buttons`` (``"centre"``,
        ``"corner"``) and the methods ``load_preset(name)`` and ``jump_to(where)``.
    """
    image = as_array(image, "image", ndim=(2, 3))
    layers = as_layers(DEFAULT_STACK if layers is None else layers)
    labels = _labels(layers, labels, "labels")
    if presets is None:
        presets = {}
    if not isinstance(presets, dict):
        raise TypeError(f"presets must be a dict of name -> (layers, labels), got {type(presets).__name__}")
    checked = {}
    for name, value in presets.items():
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise TypeError(f"presets[{name!r}] must be a pair (layers, labels), got {type(value).__name__}")
        stack = as_layers(value[0], f"presets[{name!r}] layers")
        if not stack:
            raise ValueError(f"presets[{name!r}] must hold at least one layer")
        checked[str(name)] = (stack, _labels(stack, value[1], f"presets[{name!r}] labels"))
    longest = max([12, *(len(stack) + 4 for stack, _ in checked.values())])
    max_layers = longest if max_layers is None else as_int(max_layers, "max_layers", minimum=1)
    if not 1 <= len(layers) <= max_layers:
        raise ValueError(f"layers must hold between 1 and max_layers={max_layers} layers, got {len(layers)}")
    return _ReceptiveFieldExplorer(image, layers, labels, max_layers, checked)


def _labels(layers, labels, name):
    if labels is None:
        return ["pool" if (layer.stride == layer.kernel_size and layer.padding == 0 and layer.kernel_size > 1)
                else "conv" for layer in layers]
    if isinstance(labels, str) or not hasattr(labels, "__iter__"):
        raise TypeError(f"{name} must be a list of str, got {type(labels).__name__}")
    labels = [str(label) for label in labels]
    if len(labels) != len(layers):
        raise ValueError(f"{name} must have one entry per layer ({len(layers)}), got {len(labels)}")
    return labels


