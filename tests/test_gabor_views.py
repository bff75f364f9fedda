"""cnnbook.views.gabor and cnnbook.explorers.gabor: drawing without a browser."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnbook.explorers.gabor import grating_explorer
from cnnbook.gabor import gabor_kernel
from cnnbook.views.gabor import (
    GratingResponseView,
    colour_filter_image,
    draw_colour_filters,
    draw_distributions,
    draw_learning_curves,
)


def test_colour_filter_image_maps_zero_to_grey_and_keeps_signs():
    f = np.random.default_rng(0).standard_normal((3, 5, 5))
    img = colour_filter_image(f)
    assert img.shape == (5, 5, 3) and img.min() >= 0 and img.max() <= 1
    assert np.allclose(colour_filter_image(np.zeros((3, 2, 2))), 0.5)
    assert np.all(np.sign(img - 0.5) == np.sign(f.transpose(1, 2, 0)))
    with pytest.raises(ValueError, match="RGB"):
        colour_filter_image(np.ones((2, 3, 3)))


def test_draw_colour_filters_titles_rows():
    fig = Figure()
    axes = draw_colour_filters({"a": np.ones((4, 3, 5, 5)), "b": np.ones((2, 3, 5, 5))}, fig=fig, title="t")
    assert axes.shape == (2, 4)
    assert axes[0, 0].get_ylabel() == "a" and not axes[1, 3].axison
    with pytest.raises(TypeError, match="rows"):
        draw_colour_filters([])


def test_learning_curves_and_distributions_label_everything():
    ax = Figure().subplots()
    draw_learning_curves([10, 100], {"CNN": [[0.5, 0.9], [0.6, 0.8]]}, ax=ax)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title() and ax.get_legend() is not None
    ax = Figure().subplots()
    draw_distributions({"trained (x)": [0.1, 0.2], "smooth noise": [0.5]}, ax=ax, xlabel="R^2", title="t", reference=0.5)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["smooth noise", "trained (x)"]


def test_grating_view_and_explorer_render():
    fig = Figure(figsize=(10, 3.4))
    view = GratingResponseView(fig)
    phases = np.arange(0, 360, 10.0)
    text = view.update(np.zeros((9, 9)), np.ones((5, 5)) - 0.5, phases, np.cos(np.deg2rad(phases)).clip(0),
                       np.ones(36), 0.0, np.arange(0, 181, 15.0), np.ones(13), np.ones(13), 30.0, f1f0=(1.5, 0.1))
    assert "simple cell" in text and "1.50" in text
    # head room: the legend sits above the curves, not on their peaks
    assert view.ax_time.get_ylim()[1] >= 1.4 * 1.0
    # neither cell responds (e.g. orientation 90 degrees off the preferred one): no ratio of two zeros
    text = view.update(np.zeros((9, 9)), np.ones((5, 5)) - 0.5, phases, np.zeros(36), np.zeros(36), 0.0,
                       np.arange(0, 181, 15.0), np.ones(13), np.ones(13), 120.0, f1f0=(1.57, 0.0))
    assert "simple no response" in text and "complex no response" in text and "1.57" not in text
    k = gabor_kernel(9, theta=0, frequency=0.2, sigma=2)
    explorer = grating_explorer(lambda im: max(float(np.sum(k * im)), 0.0), lambda im: 1.0, k, size=9)
    png = explorer.image.value
    assert png[:4] == b"\x89PNG"
    explorer.controls["phase"].value = 180.0
    assert explorer.image.value != png and "phase 180" in explorer.readout.value
    assert "Jupyter or Binder" in explorer.summary()  # readable where no kernel runs (the bundle's text/plain)
    with pytest.raises(TypeError, match="simple"):
        grating_explorer(None, lambda im: 1.0, k, size=9)
    with pytest.raises(ValueError, match="size"):
        grating_explorer(lambda im: 1.0, lambda im: 1.0, k, size=4)


def test_layering_numerics_draw_nothing_and_views_have_no_widgets():
    import subprocess
    import sys

    for module, banned in (("cnnbook.gabor", ("matplotlib", "ipywidgets")), ("cnnbook.views.gabor", ("ipywidgets",))):
        code = f"import sys, {module}; print([m for m in {banned!r} if m in sys.modules])"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "[]", f"{module} imports {out.strip()}"
