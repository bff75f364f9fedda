"""The explorers' fast redraw gives the same picture as a full draw.

:class:`cnnbook.plotting.PngRenderer` redraws only a view's ``dynamic_artists`` over a
cached background.  For every explorer in cnnbook built on such a view, after every kind
of control change, the PNG it publishes must decode to exactly the pixels of a full
``savefig`` of the same figure.
"""

import io

import numpy as np
import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("ipywidgets")

from PIL import Image  # noqa: E402

from cnnbook import load_signal  # noqa: E402
from cnnbook.widgets import correlation_stepper, smoothing_explorer  # noqa: E402


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def full_draw(explorer):
    buffer = io.BytesIO()
    explorer.figure.savefig(buffer, format="png")
    return buffer.getvalue()


def assert_same_as_full_draw(explorer):
    fast = explorer.image.value
    assert np.array_equal(pixels(fast), pixels(full_draw(explorer)))


def walk(explorer, control, values):
    for value in values:
        explorer.controls[control].value = value
        assert_same_as_full_draw(explorer)


def test_correlation_stepper_fast_redraw_is_exact():
    x = np.array([1.0, 3.0, 2.0, 0.0, -1.0, 2.0, 4.0, 1.0])
    explorer = correlation_stepper(x, np.array([1.0, 0.0, -1.0]), padding="same")
    assert explorer.view.dynamic_artists
    assert_same_as_full_draw(explorer)
    walk(explorer, "position", [1, 2, 7, 3, 0])


def test_smoothing_explorer_fast_redraw_is_exact():
    eeg, rate = load_signal("eeg", return_rate=True)
    t = np.arange(eeg.shape[1]) / rate
    sine_t = np.linspace(0, 4, 400)
    sine = np.sin(2 * np.pi * 0.5 * sine_t) + np.random.default_rng(0).normal(scale=0.35, size=400)
    explorer = smoothing_explorer({"sine": (sine_t, sine), "eeg 1": (t, eeg[0]), "eeg 2": (t, eeg[1])})
    assert explorer.view.dynamic_artists
    walk(explorer, "width", [6, 1, 41, 9])
    walk(explorer, "name", ["eeg 1", "eeg 2", "sine"])  # new limits: a new background
    walk(explorer, "width", [3, 2])
