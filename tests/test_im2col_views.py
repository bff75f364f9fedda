"""The im2col pictures and explorer, without a browser."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnbook import conv2d, im2col, output_size
from cnnbook.views.im2col import (
    PatchMatrixView,
    column_colours,
    draw_im2col_memory,
    draw_patch_matrix,
    draw_timings,
    im2col_bytes,
)

RNG = np.random.default_rng(0)
X = RNG.random((3, 6, 7))
W = RNG.standard_normal((4, 3, 3, 3))


def test_view_matrices_are_im2col_and_the_product_is_the_convolution():
    view = draw_patch_matrix(X, W, 0, fig=Figure())
    assert view.cols.shape == (27, 4 * 5)
    np.testing.assert_array_equal(view.cols, im2col(X, 3))
    np.testing.assert_allclose(view.maps, conv2d(X, W))
    assert len(view.ax_maps) == 4


@pytest.mark.parametrize("column", [0, 7, 19])
def test_update_outlines_the_window_of_the_column(column):
    view = draw_patch_matrix(X, W, column, fig=Figure())
    i, j = divmod(column, 5)
    assert view.window.get_xy() == (j - 0.5, i - 0.5)
    assert view.col_box_p.get_x() == column - 0.5
    # the highlighted column really holds that window, channel by channel
    np.testing.assert_array_equal(view.cols[:, column], X[:, i : i + 3, j : j + 3].ravel())
    assert view.dots.get_sizes()[column] > view.dots.get_sizes()[(column + 1) % 20]


def test_update_rejects_a_column_out_of_range():
    view = PatchMatrixView(Figure(), X, W)
    with pytest.raises(ValueError, match="column must be between 0 and 19"):
        view.update(20)


def test_channel_mismatch_is_reported():
    with pytest.raises(ValueError, match="2 input channels"):
        PatchMatrixView(Figure(), X, W[:, :2])


def test_column_colours_are_distinct_per_column():
    colours = column_colours(4, 5)
    assert colours.shape == (20, 3)
    assert len({tuple(c) for c in np.round(colours, 6)}) == 20


def test_draw_timings_leaves_gaps_for_missing_measurements():
    ax = draw_timings([8, 16, 32], {"a": [1e-3, 2e-3, 4e-3], "b": [1e-4, np.nan, 1e-3]}, ax=Figure().subplots())
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert np.isnan(ax.get_lines()[1].get_ydata()[1])


def test_im2col_bytes_matches_the_real_matrix():
    x = RNG.random((2, 9, 11))
    for k, p in [(3, 0), (3, 1), (5, 2)]:
        assert im2col_bytes(x.shape, k, padding=p) == im2col(x, k, padding=p).nbytes


def test_memory_plot_grows_as_k_squared():
    ax = draw_im2col_memory((3, 32, 32), [1, 3, 5, 7], ax=Figure().subplots())
    patch, input_line = ax.get_lines()[:2]
    # MB of the patch matrix: k*k times the input (the dashed line), float32
    np.testing.assert_allclose(patch.get_ydata() / input_line.get_ydata()[0], [1, 9, 25, 49])
    assert np.isclose(input_line.get_ydata()[0], 3 * 32 * 32 * 4 / 1e6)


def test_memory_plot_one_line_per_channel_count_and_batch():
    ax = draw_im2col_memory(([16, 64], 8, 8), [3], batch=10, ax=Figure().subplots())
    lines = ax.get_lines()
    assert len(lines) == 4
    assert np.isclose(lines[2].get_ydata()[0], 10 * 64 * 9 * 64 * 4 / 1e6)


def test_timings_colour_follows_the_method_name():
    from cnnbook.views.im2col import METHOD_STYLES

    a = draw_timings([8, 16], {"loops": [1, 2], "im2col": [1, 2]}, ax=Figure().subplots())
    b = draw_timings([8, 16], {"im2col": [1, 2]}, ax=Figure().subplots())
    assert a.get_lines()[1].get_color() == b.get_lines()[0].get_color() == METHOD_STYLES["im2col"][0]
    assert a.get_lines()[1].get_marker() == b.get_lines()[0].get_marker()


def test_patch_matrix_view_with_stride_and_padding():
    view = draw_patch_matrix(X, W, 0, stride=2, padding=1, fig=Figure())
    assert view.cols.shape == (W.shape[1] * 9, output_size(X.shape[1], 3, stride=2, padding=1)
                               * output_size(X.shape[2], 3, stride=2, padding=1))
    assert "past the edge: padding" in view.update(view.n_columns - 1)
    # without padding no window touches padding, and the readout does not speak of it
    assert "padding" not in draw_patch_matrix(X, W, 0, fig=Figure()).update(0)
    # the window of column 0 starts one pixel outside the image (padding 1)
    view.update(0)
    assert view.window.get_xy() == (-1.5, -1.5)


def test_explorer_kernel_stride_padding_controls():
    from cnnbook.explorers import patch_matrix_explorer

    def filters(k):
        return np.ones((2, X.shape[0], k, k))

    explorer = patch_matrix_explorer(X, filters, column=3)
    assert set(explorer.controls) == {"kernel_size", "stride", "padding", "column"}
    explorer.controls["stride"].value = 2
    assert explorer.controls["column"].max == explorer.view.n_columns - 1
    explorer.controls["kernel_size"].value = 2
    assert explorer.view.weight.shape[2:] == (2, 2)
    explorer.controls["padding"].value = 1
    assert explorer.view.padding == 1 and "column" in explorer.readout.value
    with pytest.raises(ValueError, match="column"):
        patch_matrix_explorer(X, W, column=10_000)


def test_explorer_is_driven_by_its_slider():
    from cnnbook.explorers import patch_matrix_explorer

    explorer = patch_matrix_explorer(X, W, column=0)
    png, text = bytes(explorer.image.value), explorer.readout.value
    assert png.startswith(b"\x89PNG") and "column 0" in text
    explorer.controls["column"].value = 13
    assert bytes(explorer.image.value) != png
    assert "column 13" in explorer.readout.value and "row 2, col 3" in explorer.readout.value
    assert explorer.controls["column"].max == 19
