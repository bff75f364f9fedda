"""The chapter 01 views and explorers work without a browser."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnbook.views import draw_correlation_step, draw_smoothing
from cnnbook.explorers import correlation_stepper, smoothing_explorer

X = np.array([1.0, 3.0, 2.0, 0.0, -1.0, 2.0, 4.0, 1.0])
W = np.array([1.0, 0.0, -1.0])


def test_correlation_step_view_shows_products_and_partial_output():
    view = draw_correlation_step(X, W, 2, fig=Figure())
    heights = [bar.get_height() for bar in view.product_bars]
    assert heights == pytest.approx([2.0, 0.0, 1.0])  # x[2:5] * w
    assert view.window.get_x() == pytest.approx(1.5)
    readout = view.update(4)
    assert "out[4]" in readout and "<b>-5</b>" in readout
    # outputs after the current position are not drawn yet; the current one stands out
    assert [bar.get_visible() for bar in view.output_bars] == [True] * 5 + [False]
    alphas = [bar.get_alpha() for bar in view.output_bars]
    assert alphas[4] == 1.0 and alphas[3] < 1.0
    assert "out[4] = -5" in view.product_title.get_text()  # the sum is written in the figure


def test_correlation_step_view_with_padding_marks_zeros():
    view = draw_correlation_step(X, W, 0, padding="same", fig=Figure())
    assert len(view.output_bars) == len(X)
    assert view.update(0).endswith("<b>-3</b>")  # 0*1 + 1*0 + 3*(-1)
    with pytest.raises(ValueError, match="position"):
        view.update(len(X))


def test_smoothing_view_reduces_jitter():
    rng = np.random.default_rng(0)
    t = np.linspace(0, 1, 200)
    y = np.sin(6 * t) + rng.normal(scale=0.3, size=t.size)
    view = draw_smoothing(t, y, 1, fig=Figure())
    assert np.allclose(view.smooth_line.get_ydata(), y)
    view.update(t, y, 9)
    assert np.std(np.diff(view.smooth_line.get_ydata())) < 0.3 * np.std(np.diff(y))


def test_correlation_stepper_slider_changes_figure_and_readout():
    explorer = correlation_stepper(X, W)
    png, text = bytes(explorer.image.value), explorer.readout.value
    assert png.startswith(b"\x89PNG")
    explorer.controls["position"].value = 3
    assert bytes(explorer.image.value) != png
    assert explorer.readout.value != text and "out[3]" in explorer.readout.value
    assert explorer.controls["position"].max == len(X) - len(W)


def test_smoothing_explorer_width_and_signal_switch():
    t = np.linspace(0, 1, 100)
    explorer = smoothing_explorer({"a": (t, np.sin(9 * t)), "b": (t, np.cos(3 * t))}, width=3)
    png, text = bytes(explorer.image.value), explorer.readout.value
    explorer.controls["width"].value = 11
    assert bytes(explorer.image.value) != png and explorer.readout.value != text and "11 samples" in explorer.readout.value
    png = bytes(explorer.image.value)
    explorer.controls["name"].value = "b"
    assert bytes(explorer.image.value) != png


@pytest.mark.parametrize(
    "signals, error",
    [({}, TypeError), ([1, 2], TypeError), ({"a": (np.ones(3), np.ones(4))}, ValueError), ({"a": np.ones(3)}, TypeError)],
)
def test_smoothing_explorer_rejects_bad_signals(signals, error):
    with pytest.raises(error):
        smoothing_explorer(signals)


def test_correlation_stepper_rejects_bad_input():
    with pytest.raises(ValueError, match="x"):
        correlation_stepper(np.ones((2, 2)), W)
