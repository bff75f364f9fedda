"""Bad arguments give a ValueError or TypeError that names the argument, and random
garbage never gets anything else out of a public function."""

import math

import numpy as np
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import cnnbook
from cnnbook import (
    avg_pool2d,
    col2im,
    conv2d,
    convolve1d,
    correlate1d,
    correlate2d,
    effective_kernel_size,
    im2col,
    max_pool2d,
    output_size,
    padding_amounts,
    receptive_field,
)
from cnnbook import reference

x1 = np.ones(6)
img = np.ones((5, 5))
x3 = np.ones((2, 5, 5))
x4 = np.ones((1, 2, 5, 5))
w4 = np.ones((3, 2, 3, 3))

# (call, error type, words the message must contain)
CASES = {
    # wrong number of dimensions
    "correlate1d ndim": (lambda: correlate1d(img, [1, 2]), ValueError, "x must have 1 dimensions"),
    "correlate1d kernel ndim": (lambda: correlate1d(x1, np.ones((2, 2))), ValueError, "kernel must have 1"),
    "correlate2d ndim": (lambda: correlate2d(x1, np.ones((2, 2))), ValueError, "image must have 2"),
    "correlate2d kernel ndim": (lambda: correlate2d(img, [1, 2]), ValueError, "kernel must have 2"),
    "im2col ndim": (lambda: im2col(img, 2), ValueError, "x must have 3 or 4"),
    "conv2d x ndim": (lambda: conv2d(img, w4), ValueError, "x must have 3 or 4"),
    "conv2d weight ndim": (lambda: conv2d(x4, np.ones((2, 3, 3))), ValueError, "weight must have 4"),
    "col2im cols ndim": (lambda: col2im(np.ones(5), (1, 5, 5), 2), ValueError, "cols must have 2"),
    "col2im x_shape": (lambda: col2im(np.ones((4, 16)), (5, 5), 2), ValueError, "x_shape"),
    "col2im x_shape values": (lambda: col2im(np.ones((4, 16)), (1, 0, 5), 2), ValueError, "x_shape"),
    "col2im cols shape": (lambda: col2im(np.ones((4, 15)), (1, 5, 5), 2), ValueError, r"cols must have shape \(4, 16\)"),
    "max_pool2d ndim": (lambda: max_pool2d(x1, 2), ValueError, "x must have"),
    "avg_pool2d ndim": (lambda: avg_pool2d(5.0, 2), ValueError, "x must have"),
    # channels and bias
    "conv2d channel mismatch": (lambda: conv2d(np.ones((1, 3, 5, 5)), w4), ValueError, "input channels"),
    "conv2d bias length": (lambda: conv2d(x4, w4, np.ones(2)), ValueError, "bias must have length 3"),
    "conv2d bias ndim": (lambda: conv2d(x4, w4, np.ones((3, 1))), ValueError, "bias must have 1"),
    # kernel larger than the padded input
    "correlate1d too big": (lambda: correlate1d(x1, np.ones(7)), ValueError, "does not fit"),
    "correlate1d dilated too big": (lambda: correlate1d(x1, np.ones(3), dilation=3), ValueError, "effective size 7"),
    "correlate2d too big": (lambda: correlate2d(img, np.ones((6, 2))), ValueError, "does not fit"),
    "conv2d too big": (lambda: conv2d(x4, np.ones((1, 2, 8, 8)), padding=1), ValueError, "does not fit"),
    "im2col too big": (lambda: im2col(x3, 6), ValueError, "does not fit"),
    "max_pool2d too big": (lambda: max_pool2d(img, 6), ValueError, "does not fit"),
    "output_size too big": (lambda: output_size(4, 5), ValueError, "does not fit"),
    # zero or negative stride / dilation / kernel
    "correlate1d stride 0": (lambda: correlate1d(x1, [1, 1], stride=0), ValueError, "stride must be >= 1"),
    "correlate2d stride -1": (lambda: correlate2d(img, np.ones((2, 2)), stride=-1), ValueError, "stride"),
    "conv2d stride pair 0": (lambda: conv2d(x4, w4, stride=(1, 0)), ValueError, r"stride\[1\]"),
    "conv2d dilation 0": (lambda: conv2d(x4, w4, dilation=0), ValueError, "dilation"),
    "correlate1d dilation -2": (lambda: correlate1d(x1, [1, 1], dilation=-2), ValueError, "dilation"),
    "im2col kernel 0": (lambda: im2col(x3, 0), ValueError, "kernel_size"),
    "max_pool2d kernel -1": (lambda: max_pool2d(img, -1), ValueError, "kernel_size"),
    "avg_pool2d stride 0": (lambda: avg_pool2d(img, 2, stride=0), ValueError, "stride"),
    "output_size kernel 0": (lambda: output_size(5, 0), ValueError, "kernel_size"),
    "output_size n 0": (lambda: output_size(0, 1), ValueError, "n must be"),
    "effective_kernel_size dilation 0": (lambda: effective_kernel_size(3, 0), ValueError, "dilation"),
    # padding
    "correlate1d negative padding": (lambda: correlate1d(x1, [1, 1], padding=-1), ValueError, "padding"),
    "correlate2d negative padding": (lambda: correlate2d(img, np.ones((2, 2)), padding=(0, -1)), ValueError, r"padding\[1\]"),
    "conv2d negative padding": (lambda: conv2d(x4, w4, padding=-1), ValueError, "padding"),
    "max_pool2d negative padding": (lambda: max_pool2d(img, 2, padding=-1), ValueError, "padding"),
    "max_pool2d padding over half": (lambda: max_pool2d(img, 2, padding=2), ValueError, "at most half"),
    "correlate1d unknown string": (lambda: correlate1d(x1, [1, 1], padding="sme"), ValueError, "padding must be one of"),
    "correlate2d unknown string": (lambda: correlate2d(img, np.ones((2, 2)), padding="Same"), ValueError, "padding"),
    "conv2d unknown string": (lambda: conv2d(x4, w4, padding="half"), ValueError, "padding"),
    "padding_amounts unknown string": (lambda: padding_amounts("zeros", 3), ValueError, "padding"),
    "max_pool2d string padding": (lambda: max_pool2d(img, 2, padding="same"), TypeError, "padding"),
    "padding float": (lambda: conv2d(x4, w4, padding=1.0), TypeError, "padding must be an integer"),
    "stride float": (lambda: correlate1d(x1, [1, 1], stride=2.0), TypeError, "stride must be an integer"),
    "stride bool": (lambda: correlate1d(x1, [1, 1], stride=True), TypeError, "stride"),
    "stride triple": (lambda: conv2d(x4, w4, stride=(1, 1, 1)), ValueError, "stride must be an int or a pair"),
    "kernel_size string": (lambda: im2col(x3, "3"), TypeError, "kernel_size"),
    # non-numeric and complex arrays
    "complex x": (lambda: correlate1d(x1 + 1j, [1, 1]), TypeError, "x must be real"),
    "complex weight": (lambda: conv2d(x4, w4 * 1j), TypeError, "weight must be real"),
    "complex bias": (lambda: conv2d(x4, w4, np.ones(3) * 1j), TypeError, "bias must be real"),
    "string x": (lambda: correlate1d("abc", [1]), TypeError, "x must be a numeric array"),
    "string array": (lambda: correlate2d(np.array([["a", "b"]]), np.ones((1, 1))), TypeError, "image"),
    "object array": (lambda: max_pool2d(np.array([[None, 1]], dtype=object), 1), TypeError, "x"),
    "None kernel": (lambda: correlate1d(x1, None), TypeError, "kernel"),
    "ragged list": (lambda: correlate1d([[1, 2], [3]], [1]), TypeError, "x must be a numeric array"),
    "datetime": (lambda: correlate1d(np.arange(3).astype("datetime64[D]"), [1]), TypeError, "x"),
    "empty x": (lambda: correlate1d([], [1]), ValueError, "x must not be empty"),
    "empty weight": (lambda: conv2d(x4, np.ones((0, 2, 3, 3))), ValueError, "weight must not be empty"),
    # NaN / inf in receptive_field
    "receptive_field nan": (lambda: receptive_field([(3, 1, float("nan"))]), ValueError, "non-finite"),
    "receptive_field inf": (lambda: receptive_field([(float("inf"), 1)]), ValueError, "non-finite"),
    "receptive_field not iterable": (lambda: receptive_field(3), TypeError, "layers"),
    # the examples of issue 11, found by trying the drawing and widget half
    "Conv2d geometry not square": (lambda: cnnbook.nn.Conv2d(1, 1, (3, 5), rng=0).geometry, ValueError,
                                   "kernel_size differs"),
}


def _drawing_cases():
    pytest.importorskip("matplotlib")
    pytest.importorskip("ipywidgets")
    from matplotlib.figure import Figure

    from cnnbook.explorers import patch_matrix_explorer, smoothing_explorer
    from cnnbook.views import DilationView, draw_correlation_step, draw_timings

    t = np.linspace(0, 1, 20)
    return {
        "draw_correlation_step float position": (
            lambda: draw_correlation_step(x1, [1, -1], 1.5, fig=Figure()), TypeError, "position must be an integer"),
        "DilationView (3, 5) kernel": (
            lambda: DilationView(Figure(), img, np.ones((3, 5))), ValueError, "kernel must be square"),
        "patch_matrix_explorer float column": (
            lambda: patch_matrix_explorer(x3[:1], np.ones((1, 1, 3, 3)), column=2.7), TypeError, "column"),
        "patch_matrix_explorer column too large": (
            lambda: patch_matrix_explorer(x3[:1], np.ones((1, 1, 3, 3)), column=99), ValueError, "column must be"),
        "smoothing_explorer string width": (
            lambda: smoothing_explorer({"s": (t, t)}, width="5"), TypeError, "width must be an integer"),
        "draw_timings None": (lambda: draw_timings(None, {"a": [1.0]}), TypeError, "sizes"),
    }


@pytest.mark.parametrize("case", ["draw_correlation_step float position", "DilationView (3, 5) kernel",
                                  "patch_matrix_explorer float column", "patch_matrix_explorer column too large",
                                  "smoothing_explorer string width", "draw_timings None"])
def test_drawing_entries_refuse_bad_input_by_name(case):
    call, error, words = _drawing_cases()[case]
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize("case", CASES)
def test_bad_input_raises_naming_the_argument(case):
    call, error, words = CASES[case]
    with pytest.raises(error, match=words):
        call()


def test_validation_errors_are_not_subclasses_of_other_errors():
    # a plain ValueError / TypeError, not an IndexError or numpy's broadcasting error
    for call, error, _ in CASES.values():
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - checking the exact type
            assert type(exc) in (ValueError, TypeError), (call, type(exc))


# --- fuzz --------------------------------------------------------------------------


dtypes = st.sampled_from([np.float64, np.float32, np.float16, np.int64, np.int8, np.uint8, np.bool_,
                          np.complex128, object, "U3", "datetime64[s]"])


@st.composite
def arrays(draw, max_ndim=5):
    ndim = draw(st.integers(0, max_ndim))
    shape = tuple(draw(st.lists(st.integers(0, 5), min_size=ndim, max_size=ndim)))
    dtype = draw(dtypes)
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    values = rng.integers(-3, 4, size=shape)
    if dtype in ("U3", "datetime64[s]") or dtype is object:
        return values.astype(dtype)
    out = values.astype(dtype)
    if draw(st.booleans()) and np.dtype(dtype).kind == "f" and out.size:
        out.flat[0] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    return out


numbers_ = st.one_of(
    st.integers(-3, 7),
    st.integers(-3, 7).map(np.int64),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.booleans(),
    st.sampled_from([np.float64(2.0), 2 + 0j, "2", b"2", None, math.nan]),
)
garbage = st.one_of(
    numbers_,
    st.sampled_from(["valid", "same", "full", "Same", "", "half"]),
    st.lists(numbers_, max_size=5),
    st.tuples(numbers_, numbers_),
    arrays(max_ndim=2),
)


@st.composite
def plausible_arrays(draw, ndim):
    """A numeric array of ``ndim`` dimensions (an int or a tuple of choices)."""
    ndim = ndim if isinstance(ndim, int) else draw(st.sampled_from(ndim))
    shape = tuple(draw(st.lists(st.integers(1, 5), min_size=ndim, max_size=ndim)))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64, np.bool_]))
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    out = rng.integers(-3, 4, size=shape).astype(dtype)
    if draw(st.integers(0, 9)) == 0 and out.dtype.kind == "f":
        out.flat[0] = np.nan
    return out


def mostly(good):
    """``good`` about nine times out of ten, garbage otherwise (``st.one_of`` would
    flatten the many garbage branches and drown ``good``)."""

    @st.composite
    def pick(draw):
        return draw(garbage) if draw(st.integers(0, 9)) == 0 else draw(good)

    return pick()


positive = mostly(st.integers(1, 3))
non_negative = mostly(st.integers(0, 2))
pad_modes = mostly(st.one_of(st.integers(0, 2), st.sampled_from(["valid", "same", "full"])))


def finite(*values):
    for v in values:
        try:
            a = np.asarray(v, dtype=np.float64)
        except (TypeError, ValueError):
            return False
        if not np.isfinite(a).all():
            return False
    return True


def check(fast, naive, *args, **kwargs):
    """Run ``fast``; if it answers, the answer must equal the loop twin's."""
    try:
        out = fast(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        event(f"refused: {type(exc).__name__}")
        return
    event("answered")
    assert isinstance(out, np.ndarray) and out.dtype.kind == "f"
    expected = naive(*args, **kwargs)
    assert out.shape == expected.shape and out.dtype == expected.dtype
    if finite(*args, *[v for v in kwargs.values() if not isinstance(v, str)]):
        np.testing.assert_allclose(out, expected, rtol=1e-3, atol=1e-3)


@given(mostly(plausible_arrays(1)), mostly(plausible_arrays(1)), pad_modes, positive, positive)
def test_fuzz_correlate1d(x, kernel, padding, stride, dilation):
    check(correlate1d, reference.correlate1d_naive, x, kernel, padding=padding, stride=stride, dilation=dilation)


@given(mostly(plausible_arrays(1)), mostly(plausible_arrays(1)), pad_modes)
def test_fuzz_convolve1d(x, kernel, padding):
    check(convolve1d, reference.convolve1d_naive, x, kernel, padding=padding)


@given(mostly(plausible_arrays(2)), mostly(plausible_arrays(2)), pad_modes, positive, positive)
def test_fuzz_correlate2d(image, kernel, padding, stride, dilation):
    check(correlate2d, reference.correlate2d_naive, image, kernel, padding=padding, stride=stride, dilation=dilation)


@given(mostly(plausible_arrays((3, 4))), positive, positive, pad_modes, positive)
def test_fuzz_im2col(x, kernel_size, stride, padding, dilation):
    check(im2col, reference.im2col_naive, x, kernel_size, stride=stride, padding=padding, dilation=dilation)


x_shapes = mostly(st.one_of(
    st.tuples(st.integers(0, 3), st.integers(1, 6), st.integers(1, 6)),
    st.tuples(st.integers(1, 2), st.integers(1, 3), st.integers(0, 6), st.integers(1, 6)),
    st.lists(st.integers(1, 4), min_size=3, max_size=4),
))


@given(mostly(plausible_arrays(2)), x_shapes, positive, positive, pad_modes, positive, st.booleans())
def test_fuzz_col2im(cols, x_shape, kernel_size, stride, padding, dilation, fit):
    valid_shape = isinstance(x_shape, (tuple, list)) and all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in x_shape
    )
    if fit and valid_shape:  # often give cols the right shape, so that the computation is reached
        try:
            shape = im2col(np.ones(x_shape), kernel_size, stride=stride, padding=padding, dilation=dilation).shape
            cols = np.random.default_rng(0).standard_normal(shape)
        except (ValueError, TypeError):
            pass
    check(col2im, reference.col2im_naive, cols, x_shape, kernel_size, stride=stride, padding=padding, dilation=dilation)


@given(mostly(plausible_arrays((3, 4))), mostly(plausible_arrays(4)), st.one_of(st.none(), mostly(plausible_arrays(1))),
       positive, pad_modes, positive)
def test_fuzz_conv2d(x, weight, bias, stride, padding, dilation):
    if isinstance(x, np.ndarray) and isinstance(weight, np.ndarray) and x.ndim in (3, 4) and weight.ndim == 4:
        if x.dtype.kind in "biuf" and weight.dtype.kind in "biuf" and x.size and weight.size:
            # mostly give weight the channels of x, so that the computation is reached
            weight = np.resize(weight, (weight.shape[0], x.shape[-3], *weight.shape[2:]))
    check(conv2d, reference.conv2d_naive, x, weight, bias, stride=stride, padding=padding, dilation=dilation)


@given(mostly(plausible_arrays((2, 3, 4))), positive, st.one_of(st.none(), positive), non_negative)
def test_fuzz_pooling(x, kernel_size, stride, padding):
    check(max_pool2d, reference.max_pool2d_naive, x, kernel_size, stride=stride, padding=padding)
    check(avg_pool2d, reference.avg_pool2d_naive, x, kernel_size, stride=stride, padding=padding)


@given(mostly(st.integers(1, 8)), positive, positive, pad_modes, positive)
def test_fuzz_arithmetic(n, kernel_size, stride, padding, dilation):
    try:
        o = output_size(n, kernel_size, stride=stride, padding=padding, dilation=dilation)
    except (ValueError, TypeError) as exc:
        event(f"refused: {type(exc).__name__}")
    else:
        before, after = padding_amounts(padding, kernel_size, dilation=dilation)
        k_eff = dilation * (kernel_size - 1) + 1
        assert type(o) is int and o == (n + before + after - k_eff) // stride + 1 >= 1
    try:
        k_eff = effective_kernel_size(kernel_size, dilation)
    except (ValueError, TypeError):
        pass
    else:
        assert type(k_eff) is int and k_eff == dilation * (kernel_size - 1) + 1


layer_like = mostly(st.one_of(
    st.tuples(positive),
    st.tuples(positive, positive),
    st.tuples(positive, positive, non_negative),
    st.tuples(positive, positive, non_negative, positive),
    st.builds(cnnbook.Layer, positive, positive, non_negative, positive),
))


@given(mostly(st.lists(layer_like, max_size=4)))
def test_fuzz_receptive_field(layers):
    try:
        rf = receptive_field(layers)
    except (ValueError, TypeError) as exc:
        event(f"refused: {type(exc).__name__}")
        return
    event("answered")
    size, jump, pad = 1, 1, 0
    for layer in layers:
        k, s, p, d = (tuple(layer) + (1, 0, 1)[len(layer) - 1:])[:4]
        size += d * (k - 1) * jump
        pad += p * jump
        jump *= s
    assert rf == (size, jump, pad) and all(type(v) is int for v in rf)


# --- every public callable, discovered ---------------------------------------------
# Walk the package (cnnbook, cnnbook.views.*, cnnbook.explorers.*, ...), take every
# public callable (the __all__ of every public module; classes with their public
# methods), find one valid call from a table of example values keyed by parameter
# name, then replace each argument in turn by each value of GARBAGE.  Accepted: the
# call answers (a valid value, such as a string for a title) or raises a TypeError or
# ValueError whose message names the argument.  A new function is covered without
# editing this test; one whose parameters have new names is still fuzzed with garbage
# in every position, and the table below is where it gets a valid example.

import contextlib  # noqa: E402
import importlib  # noqa: E402
import inspect  # noqa: E402
import pkgutil  # noqa: E402

pytest.importorskip("matplotlib")
pytest.importorskip("ipywidgets")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

GARBAGE = [None, "abc", 1.5, -1, True, math.nan, [], np.array([1j])]


def _figure():
    fig = Figure(figsize=(3, 2), dpi=30)
    FigureCanvasAgg(fig)
    return fig


def _tiny_net():
    from cnnbook.nn import Conv2d, Dense, Flatten, ReLU, Sequential

    return Sequential(Conv2d(1, 2, 3, padding=1, rng=0), ReLU(), Flatten(), Dense(2 * 8 * 8, 10, rng=0))


def _fit(lr, steps):
    return np.zeros((steps, 3, 3)), [1.0] * steps


def _stepper_view(fig):
    from cnnbook.views import CorrelationStepView

    return CorrelationStepView(fig, np.arange(6.0), [1.0, -1.0])


class _make:
    """An example made fresh for every call (figures, networks, parameters)."""

    def __init__(self, factory):
        self.factory = factory


_RNG = np.random.default_rng(0)
_T = np.linspace(0, 1, 30)
# name -> candidate values, tried in order (a callable is called to make a fresh one)
EXAMPLES = {
    "x": [np.arange(8.0), _RNG.random((8, 8)), _RNG.random((1, 6, 6)), _RNG.random((1, 1, 6, 6)), _RNG.random((2, 4))],
    "kernel": [np.array([1.0, 0.0, -1.0]), np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]])],
    "image": [_RNG.random((8, 8)), _RNG.random((1, 8, 8))],
    "weight": [np.ones((2, 1, 3, 3))],
    "kernel_size": [3, 2],
    "cols": [np.ones((9, 16))],
    "x_shape": [(1, 6, 6)],
    "n": [8],
    "layers": [[(3, 1, 1), (2, 2)]],
    "n_inputs": [8],
    "padding": [0],
    "key": ["1.1"],
    "answer": [None],
    "in_channels": [1],
    "out_channels": [2],
    "rng": [0],
    "in_features": [4],
    "out_features": [3],
    "params": [_make(lambda: [cnnbook.Parameter(np.ones(2))])],
    "lr": [0.1],
    "value": [np.ones(2), 1],
    "values": [{"a": np.ones(3)}],
    "description": ["d"],
    "lo": [0],
    "hi": [4],
    "f": [lambda: 0.0],
    "logits": [np.zeros((10, 10))],
    "labels": [np.arange(10)],
    "images": [_RNG.random((10, 1, 8, 8)), _RNG.random((10, 8, 8)), {"a": _RNG.random((8, 8))}],
    "responses": [_RNG.random((10, 4))],
    "unit": [0],
    "net": [_make(_tiny_net)],
    "stages": [[(0, "conv"), (1, "relu")]],
    "t": [_T],
    "y": [np.sin(6 * _T)],
    "width": [5],
    "signals": [{"s": (_T, np.sin(6 * _T))}],
    "position": [1],
    "row": [1],
    "col": [1],
    "column": [1],
    "rate": [2],
    "true_kernel": [np.eye(3)],
    "losses": [[1.0, 0.5, 0.1]],
    "learned": [np.eye(3), np.ones((3, 1, 3, 3))],
    "initial": [np.ones((3, 1, 3, 3))],
    "fit": [_fit],
    "maps": [np.ones((2, 3, 3))],
    "titles": [["a", "b"]],
    "stacks": [{"a": [(3,), (3,)]}],
    "shape": [(1, 8, 8)],
    "kernel_sizes": [[1, 3]],
    "sizes": [[8, 16]],
    "rows": [{"a": _RNG.random((2, 3, 3, 3))}],
    "test_acc": [{"CNN": _RNG.random((3, 2))}],
    "timings": [{"a": [1e-3, 2e-3]}],
    "shifts": [[0, 1]],
    "distances": [{"a": [0.0, 0.5]}],
    "history": [{"loss": [1.0, 0.5]}],
    "ho": [2],
    "wo": [3],
    "epochs": [3],
    "epoch": [1],
    "loss": [0.5],
    "controls": [_make(lambda: {"position": cnnbook.explorers.slider("p", 0, 0, 4)})],
    "view": [_stepper_view],
    "change": [{"owner": None, "new": 1}],
    "fig": [_make(_figure)],
    "ax": [_make(lambda: _figure().subplots())],
    "axes": [_make(lambda: _figure().subplots(1, 2))],
    "name": ["grace_hopper", "eeg"],
    "sigma": [1.0],
    "dilation": [1],
    "level": [1],
    "kind": ["int"],
    "expected": [lambda: 1],
    "hint": ["h"],
}
# records: NamedTuples and dataclasses that hold values (their fields are checked where
# they are used, e.g. receptive_field checks each Layer)
RECORDS = (tuple,)


def _fresh(value):
    return value.factory() if isinstance(value, _make) else value


def _public_modules():
    yield cnnbook
    for info in pkgutil.walk_packages(cnnbook.__path__, "cnnbook."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def _is_record(obj):
    return inspect.isclass(obj) and (issubclass(obj, tuple) or hasattr(obj, "__dataclass_fields__"))


def public_callables():
    """``(qualified name, callable, owner class or None)`` of every public entry."""
    seen = set()
    for module in _public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if not callable(obj) or id(obj) in seen or _is_record(obj):
                continue
            seen.add(id(obj))
            yield f"{module.__name__}.{name}", obj
            if inspect.isclass(obj):
                for klass in obj.__mro__:
                    if not klass.__module__.startswith("cnnbook"):
                        continue
                    for attr, member in vars(klass).items():
                        if not attr.startswith("_") and inspect.isfunction(member) and id(member) not in seen:
                            seen.add(id(member))
                            yield f"{module.__name__}.{name}.{attr}", (obj, attr)


CALLABLES = list(public_callables())


def _parameters(target):
    func = getattr(target[0], target[1]) if isinstance(target, tuple) else target
    params = list(inspect.signature(func).parameters.values())
    return params[1:] if isinstance(target, tuple) else params


def _required(target):
    """Parameters a base call fills: those without a default, and those defaulting to
    None that have an example (a figure, an image dictionary, a layer stack)."""
    return [p for p in _parameters(target) if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
            and (p.default is p.empty or (p.default is None and p.name in EXAMPLES))]


_BASES = {}


def _base_call(target, instance=None):
    """Values of the :func:`_required` parameters for a valid call, or None (remembered:
    once found, a combination is only called again)."""

    key = target if isinstance(target, tuple) else id(target)
    func = getattr(instance, target[1]) if isinstance(target, tuple) else target
    if key in _BASES:
        combo = _BASES[key]
        if combo is not None and isinstance(target, tuple):
            with contextlib.suppress(Exception):
                func(**{p.name: _fresh(v) for p, v in zip(_required(target), combo)})
        return combo
    _BASES[key] = combo = _search(target, func)
    return combo


def _search(target, func):
    import itertools

    required = _required(target)
    choices = [EXAMPLES.get(p.name, [None]) for p in required]
    for combo in itertools.islice(itertools.product(*choices), 64):
        kwargs = {p.name: _fresh(v) for p, v in zip(required, combo)}
        try:
            func(**kwargs)
        except Exception:  # noqa: BLE001 - looking for one combination that works
            continue
        return combo
    return None


@contextlib.contextmanager
def _registry_kept():
    from cnnbook import exercises

    saved = dict(exercises._REGISTRY)
    try:
        yield
    finally:
        exercises._REGISTRY.clear()
        exercises._REGISTRY.update(saved)


def _instance(cls):
    combo = _base_call(cls)
    if combo is None:
        return None
    required = _required(cls)
    obj = cls(**{p.name: _fresh(v) for p, v in zip(required, combo)})
    # call every public method once with valid arguments (forward before backward)
    for attr, member in vars(cls).items():
        if not attr.startswith("_") and inspect.isfunction(member) and attr not in ("batch",):
            _base_call((cls, attr), obj)
    return obj


def fuzz_cases(qualname, target):
    """Every (parameter, garbage) call of ``target``; returns the problems found."""
    import matplotlib.pyplot as plt

    problems, count = [], 0
    if isinstance(target, tuple):
        instance = _instance(target[0])
        if instance is None:
            return [f"{qualname}: no valid instance of {target[0].__name__} from the examples"], 0
        func = getattr(instance, target[1])
        combo = _base_call(target, instance)
    else:
        func, combo = target, _base_call(target)
    params = _parameters(target)
    required = _required(target)
    base = {p.name: v for p, v in zip(required, combo)} if combo is not None else {}
    for p in params:
        if p.kind is p.VAR_KEYWORD:
            continue
        for bad in GARBAGE:
            if bad is None and p.default is None:
                continue  # None is a valid value there
            kwargs = {name: _fresh(v) for name, v in base.items() if name != p.name}
            for q in required:  # a parameter with no example still gets garbage
                if q.default is q.empty:
                    kwargs.setdefault(q.name, GARBAGE[0] if q.name != p.name else bad)
            count += 1
            try:
                if p.kind is p.VAR_POSITIONAL:
                    func(bad, **kwargs)
                else:
                    func(**{**kwargs, p.name: bad})
            except (TypeError, ValueError) as exc:
                named = p.name in str(exc) or any(q.name in str(exc) for q in required if q.name not in base)
                if not named:
                    problems.append(f"{qualname}({p.name}={bad!r}): {type(exc).__name__} not naming it: {exc}")
            except Exception as exc:  # noqa: BLE001 - the point of the test
                problems.append(f"{qualname}({p.name}={bad!r}): {type(exc).__name__}: {exc}")
            finally:
                plt.close("all")
    return problems, count


def test_fuzz_discovers_every_module_and_callable():
    names = {name for name, _ in CALLABLES}
    modules = {name.rsplit(".", 1)[0] for name in names}
    assert {"cnnbook.views", "cnnbook.explorers", "cnnbook.reference", "cnnbook.kernels"} <= modules
    for expected in ("cnnbook.views.draw_pooling", "cnnbook.explorers.pooling_explorer", "cnnbook.conv2d",
                     "cnnbook.views.PoolingView.update", "cnnbook.MaxPool2d.backward", "cnnbook.softmax"):
        assert expected in names
    # every view module's and explorer module's public names are reached through the
    # subpackages, which re-export them all
    import cnnbook.explorers as explorers
    import cnnbook.views as views

    for package in (views, explorers):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            assert set(getattr(module, "__all__", [])) <= set(package.__all__), module.__name__


@pytest.mark.parametrize("qualname, target", CALLABLES, ids=[name for name, _ in CALLABLES])
def test_every_public_callable_refuses_garbage_by_name(qualname, target):
    with _registry_kept():
        problems, count = fuzz_cases(qualname, target)
    assert count > 0 or all(p.kind is p.VAR_KEYWORD for p in _parameters(target))
    assert not problems, "\n".join(problems[:10])


def test_every_draw_function_returns_the_axes_or_an_object_with_fig_and_axes():
    # one convention for the whole package (see cnnbook.views): the Axes of a one-panel
    # drawing, else a view or Panels with ``fig`` and ``axes`` (a tuple of Axes)
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    draws = [(name, obj) for name, obj in CALLABLES if name.rsplit(".", 1)[-1].startswith("draw_")]
    assert len(draws) >= 15
    for name, func in draws:
        combo = _base_call(func)
        assert combo is not None, f"{name}: no valid call from the examples"
        out = func(**{p.name: _fresh(v) for p, v in zip(_required(func), combo)})
        doc = func.__doc__ or ""
        assert "return" in doc.lower(), f"{name}: the docstring does not say what it returns"
        if not isinstance(out, Axes):
            assert isinstance(out.axes, tuple) and out.axes and all(isinstance(a, Axes) for a in out.axes), name
            assert out.fig is out.axes[0].figure, name
        plt.close("all")
    # and every view exposes its axes the same way
    import cnnbook.views as views

    for name, obj in CALLABLES:
        if inspect.isclass(obj) and name.endswith("View"):
            view = obj(**{p.name: _fresh(v) for p, v in zip(_required(obj), _base_call(obj))})
            assert isinstance(view.axes, tuple) and all(isinstance(a, Axes) for a in view.axes), name
            assert view.fig is view.axes[0].figure and hasattr(views, obj.__name__), name
    plt.close("all")
