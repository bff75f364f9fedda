"""2D correlation, im2col/col2im, conv2d and pooling against their loop twins,
scipy.signal and each other, on random shapes, strides, paddings and dilations."""

import numpy as np
import pytest
import scipy.signal
from hypothesis import assume, given
from hypothesis import strategies as st

import cnnbook.convolution
from cnnbook import (
    avg_pool2d,
    col2im,
    conv2d,
    correlate2d,
    im2col,
    max_pool2d,
    output_size,
)
from cnnbook.arithmetic import effective_kernel_size, padding_amounts_2d
from cnnbook.reference import (
    avg_pool2d_naive,
    col2im_naive,
    conv2d_naive,
    correlate2d_naive,
    im2col_naive,
    max_pool2d_naive,
)



def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)


@st.composite
def geometries(draw, max_kernel=3, strings=True):
    """kernel, stride, dilation, padding and an image size (H, W) the window fits."""
    kh, kw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
    stride = draw(st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    dilation = draw(st.one_of(st.integers(1, 2), st.tuples(st.integers(1, 2), st.integers(1, 2))))
    paddings = [st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2))]
    if strings:
        paddings.append(st.sampled_from(["valid", "same", "full"]))
    padding = draw(st.one_of(*paddings))
    top, bottom, left, right = padding_amounts_2d(padding, (kh, kw), dilation=dilation)
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else dilation
    H = max(1, effective_kernel_size(kh, dh) - top - bottom) + draw(st.integers(0, 5))
    W = max(1, effective_kernel_size(kw, dw) - left - right) + draw(st.integers(0, 5))
    return dict(kernel=(kh, kw), stride=stride, padding=padding, dilation=dilation, H=H, W=W)


def expected_hw(g):
    kh, kw = g["kernel"]
    top, bottom, left, right = padding_amounts_2d(g["padding"], (kh, kw), dilation=g["dilation"])
    sh, sw = (g["stride"],) * 2 if isinstance(g["stride"], int) else g["stride"]
    dh, dw = (g["dilation"],) * 2 if isinstance(g["dilation"], int) else g["dilation"]
    return (
        output_size(g["H"], kh, stride=sh, padding=(top, bottom), dilation=dh),
        output_size(g["W"], kw, stride=sw, padding=(left, right), dilation=dw),
    )


def args(g):
    return dict(stride=g["stride"], padding=g["padding"], dilation=g["dilation"])


seeds = st.integers(0, 2**32 - 1)


# --- correlate2d -------------------------------------------------------------------


@given(geometries(max_kernel=4), seeds)
def test_correlate2d_matches_naive(g, seed):
    rng = np.random.default_rng(seed)
    image = rng.standard_normal((g["H"], g["W"]))
    kernel = rng.standard_normal(g["kernel"])
    out = correlate2d(image, kernel, **args(g))
    assert out.shape == expected_hw(g)
    close(out, correlate2d_naive(image, kernel, **args(g)))


@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 5), st.integers(1, 5),
       st.sampled_from(["valid", "same", "full"]), seeds)
def test_correlate2d_matches_scipy(H, W, kh, kw, mode, seed):
    # scipy's "same" also puts the extra row/column of an even kernel after the image
    assume(mode != "valid" or (kh <= H and kw <= W))  # scipy would swap the arguments
    rng = np.random.default_rng(seed)
    image, kernel = rng.standard_normal((H, W)), rng.standard_normal((kh, kw))
    close(correlate2d(image, kernel, padding=mode), scipy.signal.correlate2d(image, kernel, mode=mode))


@given(geometries(max_kernel=4, strings=False), seeds)
def test_correlate2d_stride_subsamples_and_dilation_spreads_the_kernel(g, seed):
    rng = np.random.default_rng(seed)
    image, kernel = rng.standard_normal((g["H"], g["W"])), rng.standard_normal(g["kernel"])
    sh, sw = (g["stride"],) * 2 if isinstance(g["stride"], int) else g["stride"]
    dh, dw = (g["dilation"],) * 2 if isinstance(g["dilation"], int) else g["dilation"]
    spread = np.zeros((effective_kernel_size(kernel.shape[0], dh), effective_kernel_size(kernel.shape[1], dw)))
    spread[::dh, ::dw] = kernel  # the dilated kernel, written out with its zeros
    dense = correlate2d(image, spread, padding=g["padding"])
    close(correlate2d(image, kernel, **args(g)), dense[::sh, ::sw])


def test_same_padding_with_stride_is_the_subsampled_stride_one_result():
    image = np.arange(49.0).reshape(7, 7)
    for k in (2, 3, 4):
        kernel = np.arange(k * k, dtype=float).reshape(k, k)
        full = correlate2d(image, kernel, padding="same")
        close(correlate2d(image, kernel, padding="same", stride=2), full[::2, ::2])
        assert correlate2d(image, kernel, padding="same", stride=3).shape == (3, 3)


# --- conv2d ------------------------------------------------------------------------


def conv_inputs(g, seed, batch=True):
    rng = np.random.default_rng(seed)
    N, C, K = rng.integers(1, 3), rng.integers(1, 3), rng.integers(1, 3)
    shape = (N, C, g["H"], g["W"]) if batch else (C, g["H"], g["W"])
    x = rng.standard_normal(shape)
    w = rng.standard_normal((K, C, *g["kernel"]))
    b = rng.standard_normal(K)
    return x, w, b


@given(geometries(), seeds, st.booleans(), st.booleans())
def test_conv2d_matches_naive(g, seed, batch, with_bias):
    x, w, b = conv_inputs(g, seed, batch)
    b = b if with_bias else None
    out = conv2d(x, w, b, **args(g))
    assert out.shape == x.shape[:-3] + (w.shape[0], *expected_hw(g))
    close(out, conv2d_naive(x, w, b, **args(g)))


@given(geometries(), seeds)
def test_conv2d_is_a_sum_of_per_channel_correlations(g, seed):
    x, w, b = conv_inputs(g, seed)
    out = conv2d(x, w, b, **args(g))
    N, C = x.shape[:2]
    for n in range(N):
        for k in range(w.shape[0]):
            expected = b[k] + sum(correlate2d(x[n, c], w[k, c], **args(g)) for c in range(C))
            close(out[n, k], expected)


@given(geometries(), seeds)
def test_im2col_then_matmul_is_conv2d(g, seed):
    x, w, _ = conv_inputs(g, seed)
    N, K = x.shape[0], w.shape[0]
    ho, wo = expected_hw(g)
    cols = im2col(x, g["kernel"], **args(g))
    assert cols.shape == (x.shape[1] * g["kernel"][0] * g["kernel"][1], N * ho * wo)
    product = (w.reshape(K, -1) @ cols).reshape(K, N, ho, wo).transpose(1, 0, 2, 3)
    close(product, conv2d(x, w, **args(g)))


@given(geometries(), seeds)
def test_im2col_and_col2im_match_naive(g, seed):
    x, _, _ = conv_inputs(g, seed, batch=seed % 2 == 0)
    cols = im2col(x, g["kernel"], **args(g))
    close(cols, im2col_naive(x, g["kernel"], **args(g)))
    y = np.random.default_rng(seed + 1).standard_normal(cols.shape)
    back = col2im(y, x.shape, g["kernel"], **args(g))
    assert back.shape == x.shape
    close(back, col2im_naive(y, x.shape, g["kernel"], **args(g)))


@given(geometries(), seeds)
def test_col2im_is_the_adjoint_of_im2col(g, seed):
    x, _, _ = conv_inputs(g, seed)
    cols = im2col(x, g["kernel"], **args(g))
    y = np.random.default_rng(seed + 1).standard_normal(cols.shape)
    lhs = np.vdot(cols, y)
    rhs = np.vdot(x, col2im(y, x.shape, g["kernel"], **args(g)))
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9, atol=1e-9)


def test_conv2d_in_bands_of_rows_equals_whole_images(monkeypatch):
    # a tiny patch budget forces the banded path used for huge images
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 3, 11, 9)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(4)
    expected = conv2d_naive(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2))
    monkeypatch.setattr(cnnbook.convolution, "_PATCH_BYTES", 3 * 3 * 2 * 8 * 9 * 2)
    close(conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2)), expected)


@pytest.mark.parametrize("group_bytes", [1, 2 * 18 * 25 * 8, 2**25])
def test_conv2d_any_grouping_of_images_gives_the_same_result(monkeypatch, group_bytes):
    # one image per product, two per product with a ragged last group, all at once
    monkeypatch.setattr(cnnbook.convolution, "_GROUP_BYTES", group_bytes)
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((5, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3))
    close(conv2d(x, w, padding=1), conv2d_naive(x, w, padding=1))


def test_conv2d_on_non_contiguous_views():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((5, 6, 3, 2)).transpose(3, 2, 1, 0)  # (2, 3, 6, 5), strided
    w = rng.standard_normal((3, 3, 2, 2))[:, :, ::-1]
    close(conv2d(x, w, padding=1, stride=2), conv2d_naive(np.ascontiguousarray(x), np.ascontiguousarray(w), padding=1, stride=2))


# --- pooling -----------------------------------------------------------------------


@st.composite
def pool_geometries(draw):
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = draw(st.one_of(st.none(), st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    ph, pw = draw(st.integers(0, kh // 2)), draw(st.integers(0, kw // 2))
    padding = draw(st.sampled_from([(ph, pw), ph])) if ph <= kw // 2 else (ph, pw)
    top, left = (padding, padding) if isinstance(padding, int) else padding
    H = max(1, kh - 2 * top) + draw(st.integers(0, 5))
    W = max(1, kw - 2 * left) + draw(st.integers(0, 5))
    lead = draw(st.lists(st.integers(1, 3), max_size=2))
    return dict(kernel=(kh, kw), stride=stride, padding=padding, shape=(*lead, H, W))


@given(pool_geometries(), seeds)
def test_pooling_matches_naive(g, seed):
    x = np.random.default_rng(seed).standard_normal(g["shape"])
    kw_args = dict(stride=g["stride"], padding=g["padding"])
    for fast, naive in [(max_pool2d, max_pool2d_naive), (avg_pool2d, avg_pool2d_naive)]:
        out = fast(x, g["kernel"], **kw_args)
        stride = g["kernel"] if g["stride"] is None else g["stride"]
        sh, sw = (stride,) * 2 if isinstance(stride, int) else stride
        ph, pw = (g["padding"],) * 2 if isinstance(g["padding"], int) else g["padding"]
        assert out.shape == x.shape[:-2] + (
            output_size(x.shape[-2], g["kernel"][0], stride=sh, padding=ph),
            output_size(x.shape[-1], g["kernel"][1], stride=sw, padding=pw),
        )
        close(out, naive(x, g["kernel"], **kw_args))


def test_max_pool_pads_with_minus_infinity_and_avg_pool_counts_zeros():
    x = -np.ones((4, 4))
    assert (max_pool2d(x, 3, stride=1, padding=1) == -1).all()  # padding never wins
    avg = avg_pool2d(np.ones((4, 4)), 3, stride=1, padding=1)
    assert avg[0, 0] == pytest.approx(4 / 9)  # 5 of the 9 taps are padding zeros
    assert avg[0, 1] == pytest.approx(6 / 9)
    assert avg[1, 1] == 1


def test_pool_stride_defaults_to_kernel():
    x = np.arange(36.0).reshape(6, 6)
    close(max_pool2d(x, 3), max_pool2d(x, 3, stride=3))
    close(avg_pool2d(x, (2, 3)), avg_pool2d(x, (2, 3), stride=(2, 3)))


# --- dtypes ------------------------------------------------------------------------

ROUTINES = {
    "correlate2d": lambda a: correlate2d(a[0, 0], a[0, 0, :2, :2]),
    "im2col": lambda a: im2col(a, 2),
    "col2im": lambda a: col2im(im2col(a, 2), a.shape, 2),
    "conv2d": lambda a: conv2d(a, a[:, :, :2, :2]),
    "max_pool2d": lambda a: max_pool2d(a, 2),
    "avg_pool2d": lambda a: avg_pool2d(a, 2, padding=1),
}


@pytest.mark.parametrize("name", ROUTINES)
@pytest.mark.parametrize(
    "dtype, expected",
    [
        (np.float32, np.float32),
        (np.float64, np.float64),
        (np.float16, np.float32),
        (np.int64, np.float64),
        (np.int8, np.float64),
        (np.uint8, np.float64),
        (np.bool_, np.float64),
    ],
)
def test_dtype_rules(name, dtype, expected):
    a = (np.arange(2 * 2 * 4 * 4) % 5).astype(dtype).reshape(2, 2, 4, 4)
    out = ROUTINES[name](a)
    assert out.dtype == expected
    ref = ROUTINES[name](a.astype(np.float64))
    np.testing.assert_allclose(out, ref, rtol=1e-3 if expected == np.float32 else 1e-12)


def test_mixed_precision_promotes_to_float64():
    x32 = np.ones((1, 2, 4, 4), np.float32)
    w32 = np.ones((3, 2, 2, 2), np.float32)
    assert conv2d(x32, w32).dtype == np.float32
    assert conv2d(x32, w32, np.zeros(3, np.float32)).dtype == np.float32
    assert conv2d(x32, w32.astype(np.float64)).dtype == np.float64
    assert conv2d(x32, w32, np.zeros(3)).dtype == np.float64  # a float64 bias wins
    # an integer operand means float64, as documented ("float32 if both are float32")
    assert correlate2d(x32[0, 0], np.ones((2, 2), np.int64)).dtype == np.float64
    assert correlate2d(x32[0, 0], np.ones((2, 2), np.float32)).dtype == np.float32
