"""What an explorer leaves in a notebook: the live widget, its picture and a readable line.

A displayed explorer's output bundle is what every viewer picks from: JupyterLab and
Notebook 7 show the widget view, static renderings (nbconvert, GitHub, the web
edition) the PNG, text-only viewers the plain text.  The PNG must be the figure the
explorer shows (not a second drawing that could differ), and the text must read as a
sentence, not as a widget repr.
"""

import base64
import io
import re

import numpy as np
import pytest

from cnnbook.explorers.network import TrainingProgress
from cnnbook.explorers import correlation_stepper, smoothing_explorer

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RAW_REPR = re.compile(r"\w+\(children=|IntProgress\(|VBox\(|HBox\(|Layout\(")


def full_draw_png(figure):
    """The figure drawn from scratch by savefig: what the view draws, independently of any cache."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


@pytest.fixture(params=["correlation_stepper", "smoothing_explorer"])
def explorer(request):
    rng = np.random.default_rng(0)
    if request.param == "correlation_stepper":
        return correlation_stepper(rng.normal(size=12), [1.0, 0.0, -1.0])
    t = np.arange(60.0)
    return smoothing_explorer({"noisy sine": (t, np.sin(t / 6) + rng.normal(0, 0.3, 60)),
                               "steps": (t, (t > 30).astype(float))}, width=5)


def test_bundle_holds_widget_view_picture_and_readable_text(explorer):
    data = explorer._repr_mimebundle_()
    assert data[WIDGET_MIME]["model_id"] == explorer.model_id
    png = base64.b64decode(data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    text = data["text/plain"]
    assert not RAW_REPR.search(text), f"plain text is a widget repr: {text!r}"
    assert "Jupyter or Binder" in text and "interactive figure" in text
    for control in explorer.controls.values():  # names what the reader would move
        assert f"'{control.description}'" in text
    readout = re.sub(r"<[^>]+>", "", explorer.readout.value)
    assert readout.split()[0] in text, "the line says what the picture shows (the readout)"


def test_picture_is_what_the_view_draws_and_follows_the_controls(explorer):
    png = base64.b64decode(explorer._repr_mimebundle_()["image/png"])
    assert png == bytes(explorer.image.value), "the PNG is the one the explorer already shows"
    assert png == full_draw_png(explorer.figure), "the PNG is what a full draw of the view gives"
    control = next(iter(explorer.controls.values()))
    control.value = control.max if hasattr(control, "max") else control.options[-1]
    moved = base64.b64decode(explorer._repr_mimebundle_()["image/png"])
    assert moved != png, "after a control moved, the bundle shows the new view"
    assert moved == bytes(explorer.image.value) == full_draw_png(explorer.figure)


def test_live_front_ends_rank_the_widget_first(explorer):
    """JupyterLab's widget renderer has rank 0, ahead of images (rank 90 and more): the
    bundle must not carry a type that outranks it (text/html, JavaScript)."""
    assert set(explorer._repr_mimebundle_()) == {WIDGET_MIME, "image/png", "text/plain"}


class _Recorder:
    def __init__(self):
        self.calls = []

    def display(self, obj, raw=False, display_id=None):
        self.calls.append(("display", obj, display_id))

    def update_display(self, obj, raw=False, display_id=None):
        self.calls.append(("update", obj, display_id))


def test_training_progress_leaves_a_final_line(monkeypatch):
    import IPython.display

    recorder = _Recorder()
    monkeypatch.setattr(IPython.display, "display", recorder.display)
    monkeypatch.setattr(IPython.display, "update_display", recorder.update_display)
    bar = TrainingProgress(2)
    bar._ipython_display_()
    (kind, shown, display_id), = recorder.calls
    assert kind == "display" and WIDGET_MIME in shown and shown["text/plain"] == "training: 0/2 epochs done"
    bar.update(1, loss=0.7, test_acc=0.5)
    assert len(recorder.calls) == 1, "only the last epoch replaces the output"
    bar.update(2, loss=0.25, train_acc=0.9, test_acc=0.8)
    kind, final, same_id = recorder.calls[-1]
    assert kind == "update" and same_id == display_id
    assert re.fullmatch(r"trained 2 epochs in \d+\.\d s; last epoch 2/2: loss 0\.250, training accuracy 90\.0%, "
                        r"test accuracy 80\.0%", final["text/plain"]), final["text/plain"]
    assert final[WIDGET_MIME]["model_id"] == bar.model_id
    assert not RAW_REPR.search(final["text/plain"])
