"""The controls chapters 01-02 added to their explorers: padding and stride in the 1D
stepper, the clean signal and odd widths in the smoothing explorer, the transposed
kernel in the tile explorer, and the validation of each new argument."""

import numpy as np
import pytest

from cnnbook import correlate1d, correlate2d
from cnnbook.explorers import correlation_stepper, smoothing_explorer, tile_correlation_explorer
from cnnbook.kernels import PREWITT_X, box1d

X = np.array([1.0, 3.0, 2.0, 0.0, -1.0, 2.0, 4.0, 1.0])
W = np.array([1.0, 0.0, -1.0])


def test_stepper_padding_and_stride_change_the_computation():
    e = correlation_stepper(X, W, padding="same")
    assert e.controls["padding"].value == 1 and e.controls["position"].max == 7
    e.controls["stride"].value = 2
    e.controls["padding"].value = 2
    expected = correlate1d(X, W, padding=2, stride=2)
    assert e.controls["position"].max == len(expected) - 1 == 4
    for position in range(len(expected)):
        e.controls["position"].value = position
        assert f"<b>{expected[position]:.4g}</b>" in e.readout.value
    # a position beyond the new range is clamped, not an error
    e.controls["padding"].value = 0
    e.controls["stride"].value = 1
    e.controls["position"].value = 5
    e.controls["stride"].value = 3
    assert e.controls["position"].value == e.controls["position"].max == 1


def test_stepper_offers_uneven_same_for_even_kernels():
    e = correlation_stepper(X, [1.0, 2.0, 3.0, 4.0], padding="same")
    assert e.controls["padding"].value == "same"
    assert [v for _, v in e.controls["padding"].options] == [0, 1, 2, 3, "same"]


@pytest.mark.parametrize("kw, error", [(dict(padding=3), ValueError), (dict(padding="wide"), ValueError),
                                       (dict(padding=1.0), TypeError), (dict(stride=0), ValueError),
                                       (dict(stride=5), ValueError), (dict(stride=True), TypeError)])
def test_stepper_rejects_bad_arguments_naming_them(kw, error):
    name = next(iter(kw))
    with pytest.raises(error, match=name):
        correlation_stepper(X, W, **kw)


def test_smoothing_explorer_reports_error_to_the_clean_signal():
    rng = np.random.default_rng(1)
    t = np.linspace(0, 4, 400)
    clean = np.sin(2 * np.pi * 0.5 * t)
    noisy = clean + rng.normal(scale=0.35, size=t.size)
    e = smoothing_explorer({"sine": (t, noisy, clean), "no clean": (t, noisy)}, width=5)
    assert e.controls["width"].step == 2 and e.controls["width"].min == 1
    errors = {}
    inner = slice(41 // 2, len(t) - 41 // 2)  # the same samples for every width (max_width 41)
    unsmoothed = np.sqrt(np.mean((noisy - clean)[inner] ** 2))
    for width in (1, 15, 41):
        e.controls["width"].value = width
        want = np.sqrt(np.mean((correlate1d(noisy, box1d(width), padding="same") - clean)[inner] ** 2))
        assert f"<b>{want:.3f}</b> smoothed" in e.readout.value
        assert f"{unsmoothed:.3f} unsmoothed" in e.readout.value  # does not drift with the slider
        assert ("stays at" in e.readout.value and "no smoothing" in e.readout.value) == (width == 1)
        assert ("falls from" in e.readout.value) == (width > 1)
        errors[width] = want
    assert errors[15] < errors[1] and errors[15] < errors[41]  # the readout can show over-smoothing
    e.controls["name"].value = "no clean"
    assert "clean" not in e.readout.value
    assert len(e.view.clean_line.get_xdata()) == 0


@pytest.mark.parametrize("kw", [dict(width=4), dict(max_width=40), dict(width=0)])
def test_smoothing_explorer_wants_odd_widths(kw):
    t = np.arange(10.0)
    with pytest.raises(ValueError, match="width"):
        smoothing_explorer({"a": (t, t)}, **kw)


def test_smoothing_explorer_checks_the_clean_signal():
    t = np.arange(10.0)
    with pytest.raises(ValueError, match="clean"):
        smoothing_explorer({"a": (t, t, t[:5])})
    with pytest.raises(TypeError, match="triple"):
        smoothing_explorer({"a": (t, t, t, t)})


def test_tile_explorer_switches_to_the_transposed_kernel():
    toy = np.zeros((8, 8))
    toy[1:6, 3:7] = 1.0
    e = tile_correlation_explorer(toy, PREWITT_X)
    assert list(e.controls["kernel_name"].options) == ["as given", "transposed"]
    e.controls["kernel_name"].value = "transposed"
    assert np.allclose(e.view.output, correlate2d(toy, PREWITT_X.T))
    e.controls["row"].value, e.controls["col"].value = 0, 3
    assert "<b>3</b>" in e.readout.value  # the top side of the rectangle now responds


def test_tile_explorer_with_named_kernels_of_other_shapes_clamps_the_sliders():
    e = tile_correlation_explorer(np.zeros((6, 6)), {"wide": np.ones((1, 3)), "tall": np.ones((3, 1))})
    e.controls["col"].value = 5  # out of range for "wide" (max 3), clamped by the slider
    e.controls["row"].value = 5
    e.controls["kernel_name"].value = "tall"
    assert e.controls["row"].max == 3 and e.controls["row"].value == 3 and e.controls["col"].max == 5


def test_tile_explorer_rejects_bad_kernels():
    with pytest.raises(ValueError, match="kernel"):
        tile_correlation_explorer(np.zeros((4, 4)), {})
    with pytest.raises(ValueError, match="does not fit"):
        tile_correlation_explorer(np.zeros((4, 4)), {"big": np.ones((5, 1))})


def _same_as_full_draw(explorer):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    explorer.figure.savefig(buffer, format="png")
    fast = np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGBA"))
    full = np.asarray(Image.open(buffer).convert("RGBA"))
    return fast.shape == full.shape and not (fast != full).any()


def test_new_controls_redraw_exactly():
    e = correlation_stepper(X, W, padding="same")
    for control, value in [("stride", 2), ("position", 3), ("padding", 0), ("padding", 2), ("stride", 1),
                           ("position", 9)]:
        e.controls[control].value = value
        assert _same_as_full_draw(e), (control, value)
    toy = np.zeros((8, 8))
    toy[1:6, 3:7] = 1.0
    e = tile_correlation_explorer(toy, PREWITT_X)
    for control, value in [("row", 2), ("kernel_name", "transposed"), ("col", 4), ("kernel_name", "as given")]:
        e.controls[control].value = value
        assert _same_as_full_draw(e), (control, value)
    t = np.linspace(0, 1, 100)
    e = smoothing_explorer({"clean known": (t, np.sin(6 * t) + 0.1, np.sin(6 * t)), "plain": (t, np.cos(t))})
    for control, value in [("width", 9), ("name", "plain"), ("width", 3), ("name", "clean known")]:
        e.controls[control].value = value
        assert _same_as_full_draw(e), (control, value)


@pytest.mark.parametrize(
    "kernel, phrase",
    [
        (np.full((3, 3), 1 / 9), "the output is an image;"),
        (np.array([[0, 0, 0], [-1, 0, 1], [0, 0, 0]], float), "the output is a signed response;"),
        (np.ones((3, 3)), "flat regions come out 9 times as bright"),
    ],
)
def test_kernel_view_readout_names_what_the_sum_does(kernel, phrase):
    from matplotlib.figure import Figure

    from cnnbook.views import draw_kernel

    view = draw_kernel(np.linspace(0, 1, 64).reshape(8, 8), kernel, fig=Figure())
    assert phrase in view.update(np.linspace(0, 1, 64).reshape(8, 8), kernel)
