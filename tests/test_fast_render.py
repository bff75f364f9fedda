"""The explorers' fast redraw gives the same picture as a full draw.

:class:`cnnbook.views.PngRenderer` redraws only a view's ``dynamic_artists`` over a
cached background.  Three views keep that path, where it pays (about 4x: the
correlation stepper, pooling, the patch matrix); for each of their explorers, after
every kind of control change, the PNG it publishes must decode to exactly the pixels of
a full ``savefig`` of the same figure.
"""

import io

import numpy as np
import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("ipywidgets")

from PIL import Image  # noqa: E402

from cnnbook.explorers import correlation_stepper  # noqa: E402


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def full_draw(explorer):
    buffer = io.BytesIO()
    explorer.figure.savefig(buffer, format="png")
    return buffer.getvalue()


def assert_same_as_full_draw(explorer):
    fast, full = pixels(explorer.image.value), pixels(full_draw(explorer))
    assert fast.shape == full.shape
    differ = np.argwhere((fast != full).any(axis=-1))
    if differ.size:
        (r0, c0), (r1, c1) = differ.min(axis=0), differ.max(axis=0)
        raise AssertionError(f"{len(differ)} pixels differ (rows {r0}..{r1}, columns {c0}..{c1}) "
                             f"after {explorer.values()}")


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


def test_patch_matrix_explorer_fast_redraw_is_exact():
    from cnnbook.explorers import patch_matrix_explorer

    x = np.random.default_rng(0).uniform(size=(3, 6, 6))
    explorer = patch_matrix_explorer(x, np.ones((2, 3, 3, 3)), column=4)
    assert explorer.view.dynamic_artists
    walk(explorer, "column", [0, 15, 7])


def test_pooling_explorer_fast_redraw_is_exact():
    from cnnbook.explorers import pooling_explorer

    rng = np.random.default_rng(0)
    explorer = pooling_explorer({"small": rng.uniform(size=(8, 8)), "big": rng.uniform(size=(30, 24))})
    assert explorer.view.dynamic_artists
    walk(explorer, "kernel_size", [3, 4, 1, 4])
    walk(explorer, "stride", [1, 3])
    walk(explorer, "padding", [2, 1, 0])
    walk(explorer, "name", ["big", "small", "big"])



def test_only_the_views_where_it_pays_keep_the_fast_path():
    # the cached background pays about 4x for these three; every other view gains
    # less than 1.5x from it and draws in full, listing no dynamic artists
    import inspect

    import cnnbook.views as views

    fast = {"CorrelationStepView", "PoolingView", "PatchMatrixView"}
    classes = [name for name, obj in vars(views).items() if inspect.isclass(obj) and name.endswith("View")]
    assert fast <= set(classes) and len(classes) > len(fast)
    for name in classes:
        source = inspect.getsource(getattr(views, name))
        assert ("dynamic_artists" in source) == (name in fast), name


def test_renderer_redraws_an_axes_listed_whole_with_its_new_ticks():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from cnnbook.views import PngRenderer

    fig = Figure(figsize=(4, 2), dpi=50)
    FigureCanvasAgg(fig)
    still, moving = fig.subplots(1, 2)
    still.imshow(np.eye(4))
    (line,) = moving.plot([0, 1], [0, 1])
    renderer = PngRenderer(fig, [moving])
    for top in (1, 10, 1000, 10):  # new limits each time: new ticks, same background
        line.set_data([0, top], [0, top])
        moving.set_xlim(0, top)
        moving.set_ylim(0, top)
        fast = pixels(renderer.render())
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        assert np.array_equal(fast, pixels(buffer.getvalue()))
    assert len(renderer._backgrounds) == 1
