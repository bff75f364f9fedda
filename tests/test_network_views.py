"""The network views and explorers draw the right things, without a browser."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnbook.nn import Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential
from cnnbook.explorers import TrainingProgress, feature_maps_explorer, top_inputs_explorer
from cnnbook.views.network import (
    FeatureMapsView,
    TopInputsView,
    draw_digit_grid,
    draw_feature_maps,
    draw_filter_pairs,
    draw_top_inputs,
    draw_training_curves,
    mosaic,
    top_inputs,
)

PNG = b"\x89PNG"
STAGES = [(0, "conv"), (1, "relu"), (2, "pool")]


@pytest.fixture(scope="module")
def net():
    rng = np.random.default_rng(0)
    return Sequential(Conv2d(1, 4, 3, padding=1, rng=rng), ReLU(), MaxPool2d(2), Flatten(), Dense(4 * 4 * 4, 10, rng=rng))


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(1)
    return rng.random((30, 1, 8, 8)), np.arange(30) % 10


def test_digit_grid():
    images = np.random.default_rng(0).random((7, 1, 8, 8))
    axes = draw_digit_grid(images, [3, 1, 4, 1, 5, 9, 2], ncols=4, title="t", fig=Figure())
    assert len(axes) == 7 and [a.get_title() for a in axes][:3] == ["3", "1", "4"]
    np.testing.assert_array_equal(axes[2].images[0].get_array(), images[2, 0])
    with pytest.raises(ValueError, match="one entry per image"):
        draw_digit_grid(images, [1, 2], fig=Figure())
    with pytest.raises(ValueError, match="one channel"):
        draw_digit_grid(np.zeros((2, 3, 8, 8)), [1, 2], fig=Figure())


def test_training_curves():
    history = {"loss": [2.0, 1.0, 0.5], "train_acc": [0.5, 0.8, 0.9], "test_acc": [0.4, 0.7, 0.85]}
    ax_loss, ax_acc = draw_training_curves(history, fig=Figure())
    np.testing.assert_allclose(ax_loss.lines[0].get_ydata(), [2.0, 1.0, 0.5])
    np.testing.assert_allclose(ax_acc.lines[1].get_ydata(), [40, 70, 85])
    assert ax_loss.get_xlabel() == "epoch" and ax_acc.get_title()
    with pytest.raises(TypeError, match="loss"):
        draw_training_curves({"acc": [1]}, fig=Figure())


def test_filter_pairs_share_a_symmetric_scale_per_column():
    rng = np.random.default_rng(2)
    initial, learned = rng.standard_normal((3, 1, 3, 3)), rng.standard_normal((3, 1, 3, 3))
    refs = rng.standard_normal((3, 3, 3)) * 100
    axes = draw_filter_pairs(initial, learned, references=refs, reference_names=["a", "b", "c"], title="x", fig=Figure())
    assert axes.shape == (3, 3)
    for k in range(3):
        lim = max(np.abs(initial[k]).max(), np.abs(learned[k]).max())
        for row in range(3):
            im = axes[row, k].images[0]
            assert im.get_clim() == pytest.approx((-lim, lim))
            assert im.get_cmap().name == "RdBu_r"
        # the reference is rescaled to the column's range, its pattern kept
        shown = axes[2, k].images[0].get_array()
        np.testing.assert_allclose(shown, refs[k] * lim / np.abs(refs[k]).max())
    assert axes[2, 1].get_xlabel() == "b"
    with pytest.raises(ValueError, match="same shape"):
        draw_filter_pairs(initial, learned[:2], fig=Figure())
    with pytest.raises(ValueError, match="references"):
        draw_filter_pairs(initial, learned, references=refs[:2], fig=Figure())


def test_filter_pairs_can_scale_each_image_on_its_own():
    rng = np.random.default_rng(3)
    initial, learned = rng.standard_normal((2, 1, 3, 3)), 0.01 * rng.standard_normal((2, 1, 3, 3))
    refs = rng.standard_normal((2, 3, 3))
    axes = draw_filter_pairs(initial, learned, references=refs, scale="each", fig=Figure())
    for k in range(2):
        for row, shown in enumerate((initial[k, 0], learned[k, 0], learned[k, 0])):
            lim = np.abs(shown).max()  # the reference row takes the learned filter's scale
            assert axes[row, k].images[0].get_clim() == pytest.approx((-lim, lim))
    with pytest.raises(ValueError, match="scale"):
        draw_filter_pairs(initial, learned, scale="row", fig=Figure())


def test_feature_maps_show_each_stage(net, digits):
    images, labels = digits
    view = draw_feature_maps(net, images[3], STAGES, label=labels[3], fig=Figure())
    acts = net.activations(images[3][None])
    for (index, _), im in zip(STAGES, view.rows):
        out = acts[index][0]
        shown = im.get_array()
        for c in range(out.shape[0]):  # channel c sits at columns c*(W+1) .. c*(W+1)+W-1
            np.testing.assert_array_equal(shown[:, c * (out.shape[2] + 1) : c * (out.shape[2] + 1) + out.shape[2]], out[c])
        assert np.ma.getmaskarray(shown)[:, out.shape[2]].all()  # the gap is blank (NaN, masked)
    # conv output is signed (diverging, centred), ReLU output is not
    assert view.rows[0].get_cmap().name == "RdBu_r"
    lo, hi = view.rows[0].get_clim()
    assert lo == -hi
    assert view.rows[1].get_cmap().name == "magma" and view.rows[1].get_clim()[0] == 0
    guess = int(acts[-1][0].argmax())
    readout = view.update(images[3], labels[3])
    assert f"<b>{guess}</b>" in readout and f"true label {labels[3]}" in readout
    heights = [bar.get_height() for bar in view.prob_bars]
    assert sum(heights) == pytest.approx(1.0)


def test_feature_maps_explorer_redraws_on_slider(net, digits):
    images, labels = digits
    explorer = feature_maps_explorer(net, images, labels, STAGES)
    first_png = bytes(explorer.image.value)
    assert first_png.startswith(PNG)
    explorer.controls["index"].value = 5
    assert bytes(explorer.image.value) != first_png
    assert f"true label {labels[5]}" in explorer.readout.value
    assert explorer.controls["index"].max == len(images) - 1
    with pytest.raises(ValueError, match="one entry per image"):
        feature_maps_explorer(net, images, labels[:3], STAGES)


def test_top_inputs_order_and_ties():
    r = np.array([[1.0, 0.0], [3.0, 5.0], [3.0, 5.0], [2.0, 1.0]])
    assert top_inputs(r, 0, 3).tolist() == [1, 2, 3]
    assert top_inputs(r, 1, 10).tolist() == [1, 2, 3, 0]
    with pytest.raises(ValueError, match="unit must be < 2"):
        top_inputs(r, 2, 1)
    with pytest.raises(ValueError, match="n must be"):
        top_inputs(r, 0, 0)


def test_top_inputs_view(digits):
    images, labels = digits
    responses = np.zeros((30, 3))
    responses[:, 1] = np.arange(30)  # unit 1 likes the last images best
    view = draw_top_inputs(images, responses, labels, 1, n=4, fig=Figure())
    shown = view.tiles.get_array()  # two rows of two 8x8 tiles, gaps of 2 between, 3 between rows
    corners = [(0, 0), (0, 10), (11, 0), (11, 10)]
    for (r, c), i in zip(corners, [29, 28, 27, 26]):
        np.testing.assert_array_equal(shown[r : r + 8, c : c + 8], images[i, 0])
    assert [t.get_text() for t in view.tile_text][:2] == [f"{labels[29]}: 29.00", f"{labels[28]}: 28.00"]
    means = [bar.get_height() for bar in view.class_bars]
    assert means == pytest.approx([np.mean(np.arange(30)[labels == c]) for c in range(10)])
    assert "dead" in view.update(0)  # unit 0 never responds
    assert "of its top 4" in view.update(1)
    with pytest.raises(ValueError, match="same length"):
        TopInputsView(Figure(), images, responses[:5], labels)


def test_top_inputs_explorer(digits):
    images, labels = digits
    responses = np.random.default_rng(3).random((30, 5))
    explorer = top_inputs_explorer(images, responses, labels, unit=2)
    assert explorer.controls["unit"].max == 4 and "unit 2" in explorer.readout.value
    png = bytes(explorer.image.value)
    explorer.controls["unit"].value = 4
    assert "unit 4" in explorer.readout.value and bytes(explorer.image.value) != png


def test_training_progress():
    bar = TrainingProgress(2)
    bar.update(1, loss=1.23456, test_acc=0.5)
    assert bar.bar.value == 1 and bar.text == "epoch 1/2: loss 1.235, test accuracy 50.0%"
    assert bar.bar.bar_style == ""
    bar.update(2, loss=0.5, train_acc=0.9, test_acc=0.8)
    assert bar.bar.value == 2 and bar.bar.bar_style == "success"
    with pytest.raises(ValueError, match="epochs"):
        TrainingProgress(0)


def test_views_work_on_a_given_figure_without_pyplot(net, digits):
    images, _ = digits
    fig = Figure()
    view = FeatureMapsView(fig, net, STAGES)
    view.update(images[0])
    assert view.fig is fig and len(fig.axes) == 2 + len(STAGES)


def test_mosaic():
    maps = np.arange(12.0).reshape(3, 2, 2)
    m = mosaic(maps, gap=2)
    assert m.shape == (2, 3 * 4 - 2)
    np.testing.assert_array_equal(m[:, 4:6], maps[1])
    assert np.isnan(m[:, 2:4]).all()
