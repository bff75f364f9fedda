"""2D views draw on a plain Figure, and update() moves their artists: no browser needed."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cnnbook import correlate2d
from cnnbook.kernels import BOX3, LAPLACIAN, SOBEL_X, SOBEL_Y, gaussian2d
from cnnbook.views.filters import (
    FilterLearningView,
    KernelView,
    TileCorrelationView,
    draw_filter_learning,
    draw_kernel,
    draw_tile_correlation,
    show_image,
    show_kernel,
)


def figure():
    fig = Figure(dpi=40)
    FigureCanvasAgg(fig)
    return fig


def square():
    img = np.zeros((8, 8))
    img[2:6, 2:6] = 1.0
    return img


def render(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


class TestTileCorrelationView:
    def test_output_is_the_correlation_and_fills_row_by_row(self):
        view = TileCorrelationView(figure(), square(), SOBEL_X)
        assert np.array_equal(view.output, correlate2d(square(), SOBEL_X))
        view.update(1, 2)
        shown = np.ma.masked_invalid(view.out_image.get_array())
        filled = ~np.ma.getmaskarray(shown)
        assert filled.sum() == 6 + 3  # the whole first row and three of the second
        assert filled[0].all() and filled[1, :3].all() and not filled[1, 3:].any()
        assert view.output_texts[1][2].get_text() != "" and view.output_texts[1][3].get_text() == ""

    def test_products_and_sum_match_the_tile(self):
        view = TileCorrelationView(figure(), square(), SOBEL_X)
        readout = view.update(3, 0)
        patch = square()[3:6, 0:3]
        assert np.array_equal(np.asarray(view.products.get_array()), patch * SOBEL_X)
        assert "<b>4</b>" in readout and "image[3:6, 0:3]" in readout
        assert view.axes[2].get_title() == "products, sum = 4"
        assert [t.get_text() for t in view.product_texts[1]] == ["0", "0", "2"]

    def test_update_moves_the_window_and_changes_the_picture(self):
        fig = figure()
        view = TileCorrelationView(fig, square(), SOBEL_X)
        view.update(0, 0)
        before, xy = render(fig), view.window.get_xy()
        view.update(4, 5)
        assert view.window.get_xy() != xy and view.window.get_xy() == (4.5, 3.5)
        assert not np.array_equal(render(fig), before)

    def test_out_of_range_tile_is_refused(self):
        view = TileCorrelationView(figure(), square(), SOBEL_X)
        with pytest.raises(ValueError, match="6 x 6"):
            view.update(6, 0)
        with pytest.raises(TypeError, match="row"):
            view.update(1.5, 0)

    def test_draw_function_returns_an_updated_view(self):
        view = draw_tile_correlation(square(), BOX3, 2, 2, fig=figure())
        assert view.window.get_xy() == (1.5, 1.5)


class TestKernelView:
    def test_edge_kernel_gives_a_signed_response_centred_on_zero(self):
        view = KernelView(figure())
        readout = view.update(square(), SOBEL_X, name="Sobel x")
        assert view.output_image.get_cmap().name == "RdBu_r"
        lo, hi = view.output_image.get_clim()
        assert -lo == hi > 0
        assert "signed response" in readout
        assert np.array_equal(view.output, correlate2d(square(), SOBEL_X, padding="same"))
        assert [t.get_text() for t in view.kernel_texts[:3]] == ["-1", "0", "1"]

    def test_smoothing_kernel_gives_a_grey_image_and_less_jitter(self):
        rng = np.random.default_rng(0)
        noise = rng.uniform(size=(30, 30))
        view = KernelView(figure())
        readout = view.update(noise, BOX3, name="box")
        assert view.output_image.get_cmap().name == "gray"
        assert view.output_image.get_clim() == (0.0, 1.0)
        assert np.abs(np.diff(view.output, axis=1)).mean() < np.abs(np.diff(noise, axis=1)).mean()
        assert "image" in readout

    def test_update_switches_kernels_images_and_sizes(self):
        fig = figure()
        view = KernelView(fig)
        first = view.update(square(), SOBEL_X)
        picture = render(fig)
        second = view.update(np.ones((20, 12)) * 0.5, gaussian2d(1.5), name="Gaussian")
        assert first != second
        assert view.kernel_image.get_array().shape == (11, 11)
        assert len(view.kernel_texts) == 0  # 11 x 11 is too big to label
        assert view.input_image.get_array().shape == (20, 12)
        assert view.axes[0].get_xlim() == (-0.5, 11.5)
        assert not np.array_equal(render(fig), picture)
        view.update(square(), LAPLACIAN)
        assert len(view.kernel_texts) == 9 and len(view.axes[1].texts) == 9  # old labels removed

    def test_draw_kernel(self):
        view = draw_kernel(square(), SOBEL_Y, fig=figure(), name="Sobel y")
        assert "Sobel y" in view.axes[1].get_title()

    def test_bad_input_is_refused(self):
        with pytest.raises(ValueError, match="image"):
            KernelView(figure()).update(np.zeros((3, 3, 3)), SOBEL_X)


class TestFilterLearningView:
    def test_update_shows_the_loss_curve_and_the_learned_kernel(self):
        fig = figure()
        view = FilterLearningView(fig, SOBEL_X)
        r1 = view.update([4.0, 1.0], np.zeros((3, 3)), lr=0.1)
        picture = render(fig)
        r2 = view.update([4.0, 1.0, 0.1, 0.01], SOBEL_X + 0.001, lr=0.2)
        assert r1 != r2 and "0.0010" in r2
        assert list(view.loss_line.get_ydata()) == [4.0, 1.0, 0.1, 0.01]
        assert view.learned_texts[1][2].get_text() == "2.00"
        assert "0.2" in view.axes[0].get_title()
        assert not np.array_equal(render(fig), picture)

    def test_diverged_training_is_reported(self):
        view = FilterLearningView(figure(), SOBEL_X)
        readout = view.update([1.0, 1e10, np.inf], np.full((3, 3), np.nan))
        assert "too large" in readout
        assert "diverged" in view.axes[2].get_title()

    def test_learned_kernel_of_the_wrong_shape_is_refused(self):
        with pytest.raises(ValueError, match="learned"):
            draw_filter_learning([1.0], np.zeros((2, 2)), SOBEL_X, fig=figure())


def test_show_image_and_show_kernel_draw_on_given_axes():
    ax = figure().subplots()
    assert show_image(np.zeros((4, 4, 3)), ax, title="rgb") is ax and ax.get_title() == "rgb"
    ax = figure().subplots()
    show_image(np.array([[-2.0, 1.0]]), ax, signed=True)
    assert ax.images[0].get_clim() == (-2.0, 2.0)
    ax = figure().subplots()
    show_kernel(gaussian2d(0.8, size=3), ax, decimals=3)
    assert ax.texts[4].get_text() == "0.272"
    ax = figure().subplots()
    show_kernel(np.zeros((11, 11)), ax)
    assert len(ax.texts) == 0
