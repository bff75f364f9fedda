"""The explorers' fast redraw gives the same picture as a full draw.

:class:`cnnbook.views.PngRenderer` redraws only a view's ``dynamic_artists`` over a
cached background.  The views where that pays keep it (about 4x or more for the
correlation stepper, pooling and the patch matrix, about 2x for the tile, dilation,
feature-map, top-input, network-diagram and receptive-field views); for each of their
explorers, after every kind of control change, the PNG it publishes must decode to
exactly the pixels of a full ``savefig`` of the same figure.
"""

import io

import numpy as np
import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("ipywidgets")

from PIL import Image  # noqa: E402

from cnnbook import load_signal  # noqa: E402
from cnnbook.explorers import correlation_stepper, smoothing_explorer  # noqa: E402


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



def test_tile_correlation_explorer_fast_redraw_is_exact():
    from cnnbook.explorers.filters import tile_correlation_explorer
    from cnnbook.kernels import PREWITT_X

    toy = np.zeros((8, 8))
    toy[1:6, 3:7] = 1.0
    explorer = tile_correlation_explorer(toy, PREWITT_X)
    assert explorer.view.dynamic_artists
    assert_same_as_full_draw(explorer)
    walk(explorer, "row", [1, 5, 2])
    walk(explorer, "col", [3, 0, 5])


def test_network_diagram_explorer_fast_redraw_is_exact():
    from cnnbook import Layer
    from cnnbook.explorers import network_diagram_explorer

    explorer = network_diagram_explorer([Layer(3), Layer(2, stride=2), Layer(3)], 8)
    assert explorer.view.dynamic_artists
    walk(explorer, "level", [1, 2])
    walk(explorer, "unit", [2, 0])
    walk(explorer, "level", [3])


def test_receptive_field_explorer_fast_redraw_is_exact():
    from cnnbook.explorers import receptive_field_explorer

    image = np.random.default_rng(0).uniform(size=(40, 48, 3))
    explorer = receptive_field_explorer(image)
    assert explorer.view.dynamic_artists
    walk(explorer, "row", [0, 4])
    walk(explorer, "col", [5, 1])
    walk(explorer, "kernel", [5, 11, 1])  # 11 does not fit: the table says so
    walk(explorer, "layer", [2, 7])
    walk(explorer, "stride", [2, 1])
    walk(explorer, "padding", [3, 0])
    walk(explorer, "dilation", [2, 1])
    for press in (explorer.add_layer, explorer.add_layer, explorer.remove_layer):
        press()
        assert_same_as_full_draw(explorer)


def test_dilation_explorer_fast_redraw_is_exact():
    from cnnbook.explorers import dilation_explorer

    explorer = dilation_explorer(np.random.default_rng(0).uniform(size=(40, 40)), max_rate=4)
    assert explorer.view.dynamic_artists
    walk(explorer, "rate", [2, 4, 1, 2])


def tiny_net_and_digits():
    from cnnbook.nn import Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential

    rng = np.random.default_rng(0)
    net = Sequential(Conv2d(1, 2, 3, padding=1, rng=rng), ReLU(), MaxPool2d(2), Conv2d(2, 3, 3, padding=1, rng=rng),
                     ReLU(), MaxPool2d(2), Flatten(), Dense(3 * 2 * 2, 10, rng=rng))
    images = rng.uniform(size=(30, 1, 8, 8))
    return net, images, np.arange(30) % 10


def test_feature_maps_explorer_fast_redraw_is_exact():
    from cnnbook.explorers import feature_maps_explorer

    net, images, labels = tiny_net_and_digits()
    stages = [(0, "conv 1"), (1, "ReLU"), (2, "pool"), (3, "conv 2"), (4, "ReLU"), (5, "pool")]  # as chapter 08
    explorer = feature_maps_explorer(net, images, labels, stages)
    assert explorer.view.dynamic_artists
    walk(explorer, "index", [1, 29, 5])


def test_top_inputs_explorer_fast_redraw_is_exact():
    from cnnbook.explorers import top_inputs_explorer

    net, images, labels = tiny_net_and_digits()
    responses = np.random.default_rng(1).uniform(size=(30, 5))
    responses[:, 3] = 0.0  # a dead unit
    explorer = top_inputs_explorer(images, responses, labels, n=8)
    assert explorer.view.dynamic_artists
    walk(explorer, "unit", [1, 3, 4, 0])


def test_filter_learning_explorer_fast_redraw_is_exact():
    from cnnbook.explorers.filters import filter_learning_explorer

    hidden = np.array([[0.0, 1.0], [-1.0, 0.5]])
    windows = np.random.default_rng(0).normal(size=(200, 4))
    y = windows @ hidden.ravel()

    def fit(lr, steps):
        w, kernels, losses = np.zeros(4), [], []
        for _ in range(steps):
            error = windows @ w - y
            losses.append(np.mean(error**2))
            w = w - lr * 2 * windows.T @ error / len(y)
            kernels.append(w.reshape(2, 2))
        return np.array(kernels), losses

    explorer = filter_learning_explorer(fit, hidden, lr=0.1, steps=50, max_steps=100)
    assert explorer.view.dynamic_artists
    walk(explorer, "steps", [80, 3, 100])
    walk(explorer, "lr", [0.01, 3.0, 0.3])  # 3.0 diverges: the loss axis is capped
    walk(explorer, "steps", [60])


def test_only_the_views_where_it_pays_keep_the_fast_path():
    # the cached background pays about 4x or more for the correlation stepper, pooling
    # and the patch matrix, 1.7-3x for the others; the kernel view gains nothing from it
    # (about 1x) and draws in full, listing no dynamic artists
    import inspect

    import cnnbook.views as views

    fast = {"CorrelationStepView", "PoolingView", "PatchMatrixView", "TileCorrelationView", "DilationView",
            "FeatureMapsView", "TopInputsView", "NetworkDiagramView", "ReceptiveFieldView", "FilterLearningView",
            "SmoothingView", "GratingResponseView"}
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


def test_grating_explorer_fast_redraw_is_exact():
    # about 4x: the three panels' ticks are most of a full draw, and the y scale only grows
    from cnnbook.explorers import grating_explorer
    from cnnbook.gabor import gabor_kernel

    k = gabor_kernel(9, theta=0, frequency=0.2, sigma=2)

    def simple(im):
        return max(float(np.sum(k * im[6:15, 6:15])), 0.0)

    def complex_(im):
        return max(max(float(np.sum(gabor_kernel(9, theta=0, frequency=0.2, sigma=2, phase=p) * im[6:15, 6:15])), 0.0)
                   for p in (0, 90, 180, 270))

    explorer = grating_explorer(simple, complex_, k, size=21)
    assert_same_as_full_draw(explorer)
    for name, value in (("phase", 90.0), ("orientation", 45.0), ("frequency", 0.3), ("phase", 180.0),
                        ("orientation", 0.0), ("frequency", 0.1)):
        explorer.controls[name].value = value
        assert_same_as_full_draw(explorer)
