"""2D explorers driven the way a reader drives them: by setting control values."""

import numpy as np
import pytest
from PIL import Image

from cnnbook.explorers.filters import (
    KERNEL_CHOICES,
    OWN_IMAGE,
    filter_learning_explorer,
    kernel_explorer,
    tile_correlation_explorer,
)
from cnnbook.kernels import SOBEL_X


def square():
    img = np.zeros((8, 8))
    img[2:6, 2:6] = 1.0
    return img


def small_images():
    rng = np.random.default_rng(0)
    return {"square": np.kron(square(), np.ones((3, 3))), "noise": rng.uniform(size=(24, 24))}


def test_tile_explorer_sliders_move_the_tile():
    explorer = tile_correlation_explorer(square(), SOBEL_X)
    assert explorer.controls["row"].max == 5 and explorer.controls["col"].max == 5
    png, readout = explorer.image.value, explorer.readout.value
    assert bytes(png).startswith(b"\x89PNG") and "out[0, 0]" in readout
    explorer.controls["row"].value = 3
    assert "out[3, 0]" in explorer.readout.value and explorer.image.value != png
    png = explorer.image.value
    explorer.controls["col"].value = 4
    assert "out[3, 4]" in explorer.readout.value and explorer.image.value != png


def test_tile_explorer_refuses_a_kernel_bigger_than_the_image():
    with pytest.raises(ValueError, match="does not fit"):
        tile_correlation_explorer(np.zeros((2, 2)), SOBEL_X)


def test_kernel_explorer_offers_every_classic_kernel():
    explorer = kernel_explorer(small_images())
    options = explorer.controls["kernel_name"].options
    for word in ["box", "Gaussian", "sharpen", "Sobel x", "Sobel y", "Prewitt", "Laplacian", "custom"]:
        assert any(word in o for o in options), word
    seen = set()
    for name in KERNEL_CHOICES:
        explorer.controls["kernel_name"].value = name
        seen.add((explorer.image.value, explorer.readout.value))
    assert len(seen) == len(KERNEL_CHOICES)  # every kernel draws something different


def test_kernel_explorer_sigma_and_custom_entries():
    explorer = kernel_explorer(small_images())
    explorer.controls["kernel_name"].value = "Gaussian (sigma slider)"
    before = explorer.readout.value, explorer.image.value
    explorer.controls["sigma"].value = 2.0
    assert "sigma 2.0" in explorer.readout.value and explorer.image.value != before[1]
    assert explorer.view.kernel_image.get_array().shape == (13, 13)

    explorer.controls["kernel_name"].value = "custom (edit the 3x3 entries)"
    png = explorer.image.value
    for name in ["k00", "k01", "k02", "k10", "k12", "k20", "k21", "k22"]:
        explorer.controls[name].value = 0.0
    explorer.controls["k11"].value = 1.0  # the identity kernel
    assert explorer.image.value != png
    assert np.allclose(explorer.view.output, small_images()["square"])
    assert "sum to 1.000" in explorer.readout.value


def test_kernel_explorer_switches_images_including_the_readers_own(tmp_path):
    explorer = kernel_explorer(small_images(), size=40)
    png = explorer.image.value
    explorer.controls["image_name"].value = "noise"
    assert explorer.image.value != png and "noise" in explorer.view.axes[0].get_title()

    explorer.controls["image_name"].value = OWN_IMAGE
    assert "type the path" in explorer.readout.value  # nothing typed yet: says what to do

    explorer.controls["path"].value = str(tmp_path / "missing.png")
    assert "could not use" in explorer.readout.value  # a bad path is explained, not raised

    pixels = np.zeros((50, 80), dtype=np.uint8)
    pixels[:, 40:] = 255
    Image.fromarray(pixels).save(tmp_path / "mine.png")
    explorer.controls["path"].value = str(tmp_path / "mine.png")
    assert "your image" in explorer.view.axes[0].get_title()
    assert explorer.view.output.shape == (25, 40)  # resized to the explorer's size
    assert "could not" not in explorer.readout.value


def test_kernel_explorer_defaults_to_the_books_photographs():
    explorer = kernel_explorer(size=48)
    assert set(explorer.controls["image_name"].options) >= {"grace_hopper", "chelsea", "coffee", OWN_IMAGE}
    assert max(explorer.view.output.shape) == 48


def test_kernel_explorer_argument_checks():
    with pytest.raises(TypeError, match="images"):
        kernel_explorer({})
    with pytest.raises(ValueError, match="custom"):
        kernel_explorer(small_images(), custom=np.ones((2, 2)))


def _fit_for_tests(lr, steps):
    # a stand-in for the notebook's training: closer to SOBEL_X with more steps and larger lr
    losses = [float(np.exp(-lr * s)) for s in range(1, steps + 1)]
    kernels = np.array([SOBEL_X * (1 - loss) for loss in losses])
    return kernels, losses


def test_filter_learning_explorer_runs_fit_once_per_learning_rate():
    calls = []

    def fit(lr, steps):
        calls.append((lr, steps))
        return _fit_for_tests(lr, steps)

    explorer = filter_learning_explorer(fit, SOBEL_X, lr=0.1, steps=20, max_steps=300)
    assert calls == [(0.1, 300)]  # the whole run, once
    png, readout = bytes(explorer.image.value), explorer.readout.value
    explorer.controls["steps"].value = 200
    assert calls == [(0.1, 300)]  # more steps: a later point of the same run
    assert bytes(explorer.image.value) != png and explorer.readout.value != readout
    assert len(explorer.view.loss_line.get_xdata()) == 200
    # the kernel shown is the one after 200 steps, exactly what fit(0.1, 200) ends with
    kernels, _ = _fit_for_tests(0.1, 200)
    assert np.allclose(explorer.view.learned_image.get_array(), kernels[-1])
    explorer.controls["lr"].value = 0.01
    assert calls[-1][0] == pytest.approx(0.01) and calls[-1][1] == 300
    explorer.controls["lr"].value = 0.1
    assert len(calls) == 2  # remembered


def test_filter_learning_explorer_checks_what_fit_returns():
    def old_style(lr, steps):  # (final kernel, losses) instead of a kernel per step
        return SOBEL_X, [1.0] * steps

    with pytest.raises(ValueError, match="kernels of shape"):
        filter_learning_explorer(old_style, SOBEL_X, steps=5, max_steps=10)


def test_filter_learning_explorer_reports_divergence():
    def exploding(lr, steps):
        return np.full((steps, 3, 3), np.inf), [10.0**s for s in range(steps)]

    explorer = filter_learning_explorer(exploding, SOBEL_X, steps=5, max_steps=20)
    assert "too large" in explorer.readout.value


def test_filter_learning_explorer_argument_checks():
    with pytest.raises(TypeError, match="fit"):
        filter_learning_explorer("fit", SOBEL_X)
    with pytest.raises(ValueError, match="steps"):
        filter_learning_explorer(_fit_for_tests, SOBEL_X, steps=0)
    with pytest.raises(ValueError, match="lr"):
        filter_learning_explorer(_fit_for_tests, SOBEL_X, lr=-1.0)


def test_filter_learning_explorer_lr_range_and_noise():
    calls = []

    def fit(lr, steps, noise=0.0):
        calls.append((lr, noise))
        return _fit_for_tests(lr, steps)

    explorer = filter_learning_explorer(fit, SOBEL_X, lr=0.1, steps=5, max_steps=20, lr_range=(0.01, 0.3),
                                        noise_levels=[0.0, 0.5])
    lr = explorer.controls["lr"]
    assert lr.min == pytest.approx(-2) and lr.max == pytest.approx(np.log10(0.3))
    explorer.controls["noise"].value = 0.5
    assert calls[-1] == (0.1, 0.5) and "noise 0.5" in explorer.readout.value
    with pytest.raises(ValueError, match="lr_range"):
        filter_learning_explorer(fit, SOBEL_X, lr=1.0, lr_range=(0.01, 0.3))
    with pytest.raises(ValueError, match="noise_levels"):
        filter_learning_explorer(fit, SOBEL_X, noise_levels=[-1.0])
