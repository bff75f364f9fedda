"""The pooling pictures and explorer, without a browser."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnbook import avg_pool2d, max_pool2d
from cnnbook.views.pooling import PoolingView, draw_pooling, draw_shift_distances, max_positions

RNG = np.random.default_rng(1)
X = RNG.random((9, 10))


@pytest.mark.parametrize("window, stride, padding", [(2, 2, 0), (3, 2, 1), (3, 1, 0), (1, 1, 0)])
def test_max_positions_hold_the_window_maxima(window, stride, padding):
    rows, cols = max_positions(X, window, stride=stride, padding=padding)
    expected = max_pool2d(X, window, stride=stride, padding=padding).ravel()
    np.testing.assert_array_equal(X[rows, cols], expected)


def test_view_shows_both_poolings_and_the_padding():
    view = draw_pooling(X, 3, stride=2, padding=1, fig=Figure())
    np.testing.assert_array_equal(view.im_max.get_array(), max_pool2d(X, 3, stride=2, padding=1))
    np.testing.assert_allclose(view.im_avg.get_array(), avg_pool2d(X, 3, stride=2, padding=1))
    shown = np.ma.getdata(view.im_in.get_array())
    assert shown.shape == (11, 12) and np.isnan(shown[0]).all()
    assert view.first.get_xy() == (-1.5, -1.5) and view.first.get_width() == 3
    assert view.right.get_x() == 0.5  # one stride to the right


def test_update_changes_output_shape_and_readout():
    view = PoolingView(Figure())
    text2 = view.update(X, 2, stride=2)
    text3 = view.update(X, 3, stride=3)
    assert view.im_max.get_array().shape == (3, 3)
    assert "90 values" in text2 and "&rarr; 4x5" in text2
    assert "&rarr; 3x3" in text3


def test_many_outputs_hide_the_argmax_dots():
    big = RNG.random((60, 60))
    view = draw_pooling(big, 2, stride=1, fig=Figure())
    assert len(view.dots.get_offsets()) == 0
    view.update(big, 4, stride=4)
    assert len(view.dots.get_offsets()) == 15 * 15


def test_bad_settings_are_reported():
    view = PoolingView(Figure())
    with pytest.raises(ValueError, match="padding"):
        view.update(X, 2, stride=2, padding=2)
    with pytest.raises(TypeError, match="kernel_size"):
        view.update(X, 2.0, stride=2)


def test_draw_shift_distances_has_one_line_per_map():
    ax = draw_shift_distances([0, 1, 2], {"conv": [0, 1, 1.2], "pooled": [0, 0.4, 0.6]}, ax=Figure().subplots())
    assert len(ax.get_lines()) == 2


def test_explorer_is_driven_by_its_controls():
    from cnnbook.explorers import pooling_explorer

    explorer = pooling_explorer({"toy": X, "other": RNG.random((12, 12))}, kernel_size=2, stride=2)
    png, text = bytes(explorer.image.value), explorer.readout.value
    assert png.startswith(b"\x89PNG") and "&rarr; 4x5" in text
    explorer.controls["kernel_size"].value = 4
    explorer.controls["padding"].value = 2
    assert bytes(explorer.image.value) != png and "padding 2" in explorer.view.ax_in.get_title()
    # shrinking the window clamps the padding to half of it
    explorer.controls["kernel_size"].value = 2
    assert explorer.controls["padding"].value == 1 and explorer.controls["padding"].max == 1
    assert "padding 1" in explorer.view.ax_in.get_title()
    before = explorer.readout.value
    explorer.controls["name"].value = "other"
    assert explorer.readout.value != before and "144 values" in explorer.readout.value


def test_explorer_rejects_bad_inputs():
    from cnnbook.explorers import pooling_explorer

    with pytest.raises(TypeError):
        pooling_explorer([X])
    with pytest.raises(ValueError, match="padding"):
        pooling_explorer({"toy": X}, kernel_size=2, padding=2)
    with pytest.raises(ValueError, match="smaller than max_kernel_size"):
        pooling_explorer({"tiny": np.ones((3, 3))})


def test_toy_view_marks_ties_and_flat_windows_and_writes_values():
    x = np.array([[0, 0, 6, 6], [0, 0, 1, 2], [3, 1, 0, 0], [0, 0, 0, 9]], dtype=float)
    view = draw_pooling(x, 2, fig=Figure())
    dots = view.dots.get_offsets()
    rings = view.rings.get_offsets()
    assert len(dots) == 2            # the windows with a single maximum: the 3 and the 9
    assert len(rings) == 2           # the two tied 6s
    assert "1 of 4 windows have all cells equal" in view.note.get_text()
    shown = view.labels[view.ax_in]
    assert len(shown) == 16 and shown[3] == "6"
    assert len(view.value_marks[view.ax_in].get_paths()) == 16     # one outline per written value
    assert view.labels[view.ax_max] == ["0", "6", "3", "9"]
    assert all(float(t).is_integer() for t in view.ax_max.get_xticks() if -0.5 <= t <= 1.5)


def test_explorer_shift_control_counts_changed_values():
    from cnnbook.explorers import pooling_explorer

    x = np.zeros((8, 8))
    x[2, 5] = 1.0
    explorer = pooling_explorer({"dot": x}, kernel_size=2, stride=2, max_shift=3)
    explorer.controls["shift"].value = 1
    assert "px left: 0 of 16 max-pooled" in explorer.readout.value   # column 5 -> 4: the same window
    assert "moved back" not in explorer.readout.value                # 1 is not a whole stride
    explorer.controls["shift"].value = 2
    assert "2 of 16 max-pooled" in explorer.readout.value      # it moved to the window on the left
    assert "= 1 cell, 12 of 12 max-pooled values equal" in explorer.readout.value
    assert explorer.view.labels[explorer.view.ax_in][2 * 8 + 3] == "1"   # the content moved left
    # with padding the first output column sees padding where the content that left used to be
    rng = np.random.default_rng(1)
    y = rng.standard_normal((8, 8))
    explorer = pooling_explorer({"noise": y}, kernel_size=3, stride=1, padding=1, max_shift=3)
    explorer.controls["shift"].value = 1
    assert "= 1 cell, 40 of 40 max-pooled values equal" in explorer.readout.value
    assert "the first column sees padding, the last 2 columns see the zeros" in explorer.readout.value
    with pytest.raises(ValueError, match="max_shift"):
        pooling_explorer({"dot": x}, max_shift=8)
