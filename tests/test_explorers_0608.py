"""Chapters 06-08's explorer and view additions: presets, layer labels, unit jumps,
the digit filter of the feature-map explorer, the growth plot's depth and offsets."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnbook import Layer
from cnnbook.explorers import feature_maps_explorer, receptive_field_explorer
from cnnbook.nn import Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential
from cnnbook.views import draw_footprints, draw_rf_growth

PNG = b"\x89PNG"


def photo(h=64, w=64):
    return np.random.default_rng(0).random((h, w))


def test_presets_lift_the_layer_cap_and_label_layers():
    long = [Layer(3, 1, 1)] * 20 + [Layer(2, 2)]
    ex = receptive_field_explorer(photo(), [Layer(3, 1, 1), Layer(2, 2)],
                                  presets={"long": (long, ["conv"] * 20 + ["pool"])})
    assert ex.max_layers == 25 and ex.labels == ["conv", "pool"]
    ex.controls["preset"].value = "long"
    assert len(ex.layers) == 21 and ex.controls["layer"].max == 21
    assert "<td style='text-align:right;padding:0 6px'>pool</td>" in ex.readout.value
    ex.controls["preset"].value = "start"
    assert len(ex.layers) == 2 and bytes(ex.image.value).startswith(PNG)


def test_kind_toggle_labels_the_edited_layer_and_add_copies_it():
    ex = receptive_field_explorer(photo(), [Layer(3, 1, 1), Layer(3, 1, 1)])
    ex.controls["kind"].value = "pool"
    assert ex.labels == ["conv", "pool"]
    ex.add_layer()
    assert ex.labels == ["conv", "pool", "pool"] and "(pool)" in ex.readout.value
    ex.remove_layer()
    assert len(ex.labels) == len(ex.layers) == 2


def test_jump_buttons_move_the_unit():
    ex = receptive_field_explorer(photo(64, 48), [Layer(3, 1, 1), Layer(2, 2)])
    ex.jump_buttons["corner"].click()
    assert (ex.controls["row"].value, ex.controls["col"].value) == (0, 0)
    assert "unit (0, 0)" in ex.readout.value
    ex.jump_buttons["centre"].click()
    assert (ex.controls["row"].value, ex.controls["col"].value) == (15, 11)  # of a 32x24 map
    with pytest.raises(ValueError, match="where"):
        ex.jump_to("left")


def test_receptive_field_explorer_validates_new_arguments():
    with pytest.raises(TypeError, match="presets"):
        receptive_field_explorer(photo(), presets=[1])
    with pytest.raises(TypeError, match=r"presets\['a'\]"):
        receptive_field_explorer(photo(), presets={"a": [Layer(3)]})
    with pytest.raises(ValueError, match="labels must have one entry per layer"):
        receptive_field_explorer(photo(), [Layer(3)], labels=["conv", "pool"])
    with pytest.raises(TypeError, match="labels"):
        receptive_field_explorer(photo(), [Layer(3)], labels="conv")


@pytest.fixture(scope="module")
def net():
    rng = np.random.default_rng(0)
    return Sequential(Conv2d(1, 4, 3, padding=1, rng=rng), ReLU(), MaxPool2d(2), Flatten(), Dense(4 * 4 * 4, 10, rng=rng))


def test_feature_maps_explorer_filters_misclassified_and_class(net):
    rng = np.random.default_rng(1)
    images, labels = rng.random((30, 1, 8, 8)), np.arange(30) % 10
    ex = feature_maps_explorer(net, images, labels, [(0, "conv"), (2, "pool")])
    wrong = np.flatnonzero(net.forward(images).argmax(axis=1) != labels)
    assert len(ex._subsets["misclassified"]) == len(wrong) > 0
    ex.controls["digits"].value = "misclassified"
    assert ex.controls["index"].max == len(wrong) - 1 and ex.controls["index"].value == 0
    assert f"test image {wrong[0]} " in ex.readout.value
    ex.controls["digits"].value = "class 3"
    ex.controls["index"].value = 2
    assert "test image 23 " in ex.readout.value  # the third 3: images 3, 13, 23


def test_rf_growth_depth_and_visible_offsets():
    fig = Figure()
    stacks = {"a": [Layer(3, 1, 1)] * 2, "b": [Layer(3, 1, 1), Layer(2, 2)]}
    draw_rf_growth(stacks, input_size=16, depth={"b": [1, 1]}, fig=fig)
    line_a, line_b = fig.axes[0].get_lines()[:2]
    assert line_a.get_linestyle() != line_b.get_linestyle()
    assert np.allclose(np.diff(line_b.get_xdata()), [1, 0])  # the pool adds no depth
    assert not np.allclose(line_a.get_xdata()[:2], line_b.get_xdata()[:2])  # drawn a little apart
    with pytest.raises(ValueError, match="non-decreasing"):
        draw_rf_growth(stacks, depth={"b": [2, 1]}, fig=Figure())
    with pytest.raises(ValueError, match="not in stacks"):
        draw_rf_growth(stacks, depth={"c": [1]}, fig=Figure())
    with pytest.raises(TypeError, match="depth"):
        draw_rf_growth(stacks, depth=[1, 2], fig=Figure())


def test_footprints_without_colour_bars_are_centred():
    fig = Figure()
    axes = draw_footprints([np.ones((3, 3)), np.ones((5, 5))], ["a", "b"], fig=fig, colorbar=False)
    assert len(fig.axes) == 2  # no colour-bar axes
    assert axes[0].images[0].get_extent() == [-1.5, 1.5, 1.5, -1.5]  # middle pixel at offset 0
    with pytest.raises(TypeError, match="colorbar"):
        draw_footprints([np.ones((3, 3))], ["a"], fig=Figure(), colorbar="no")
