"""correlate1d and convolve1d against numpy, scipy.signal and their loop twins."""

import numpy as np
import pytest
import scipy.signal
from hypothesis import assume, given
from hypothesis import strategies as st

from cnnbook import convolve1d, correlate1d
from cnnbook.arithmetic import effective_kernel_size
from cnnbook.reference import convolve1d_naive, correlate1d_naive


seeds = st.integers(0, 2**32 - 1)


def signals(n, k, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(n), rng.standard_normal(k)


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)


@given(st.integers(1, 30), st.integers(1, 8), st.sampled_from(["valid", "full"]), seeds)
def test_valid_and_full_match_numpy_and_scipy(n, k, mode, seed):
    assume(mode == "full" or k <= n)  # numpy would swap the arguments of a too-long kernel
    x, w = signals(n, k, seed)
    out = correlate1d(x, w, padding=mode)
    close(out, np.correlate(x, w, mode))
    close(out, scipy.signal.correlate(x, w, mode=mode, method="direct"))
    conv = convolve1d(x, w, padding=mode)
    close(conv, np.convolve(x, w, mode))
    close(conv, scipy.signal.convolve(x, w, mode=mode, method="direct"))


@given(st.integers(1, 30), st.integers(0, 4), seeds)
def test_same_matches_numpy_and_scipy_for_odd_kernels(n, half, seed):
    k = 2 * half + 1
    assume(k <= n)  # numpy's "same" has length max(n, k)
    x, w = signals(n, k, seed)
    close(correlate1d(x, w, padding="same"), np.correlate(x, w, "same"))
    close(correlate1d(x, w, padding="same"), scipy.signal.correlate(x, w, mode="same", method="direct"))
    close(convolve1d(x, w, padding="same"), np.convolve(x, w, "same"))


@given(st.integers(2, 30), st.integers(1, 4), seeds)
def test_same_for_even_kernels_puts_the_extra_zero_after(n, half, seed):
    # Even kernel, k - 1 zeros to share: we (like PyTorch) put the extra one after the
    # signal, numpy and scipy.signal.correlate put it before, so our result is theirs
    # shifted one step to the left, and our last value sees the zero they do not have.
    k = 2 * half
    assume(k <= n)
    x, w = signals(n, k, seed)
    ours = correlate1d(x, w, padding="same")
    theirs = np.correlate(x, w, "same")
    close(ours[:-1], theirs[1:])
    close(theirs, scipy.signal.correlate(x, w, mode="same", method="direct"))
    full = np.correlate(x, w, "full")
    close(ours, full[k // 2 : k // 2 + n])  # before = (k - 1) // 2 = k/2 - 1 zeros
    # convolve1d's "same" follows numpy.convolve for every kernel
    close(convolve1d(x, w, padding="same"), np.convolve(x, w, "same"))


@given(st.integers(1, 30), st.integers(1, 6), st.integers(1, 4), st.integers(1, 3),
       st.one_of(st.sampled_from(["valid", "same", "full"]), st.integers(0, 4)), seeds)
def test_stride_subsamples_and_dilation_spreads_the_kernel(n, k, s, d, padding, seed):
    x, w = signals(n, k, seed)
    spread = np.zeros(effective_kernel_size(k, d))
    spread[::d] = w  # the dilated kernel with its d - 1 zeros between taps
    try:
        dense = correlate1d(x, spread, padding=padding)
    except ValueError:
        with pytest.raises(ValueError):
            correlate1d(x, w, padding=padding, stride=s, dilation=d)
        return
    out = correlate1d(x, w, padding=padding, stride=s, dilation=d)
    close(out, dense[::s])
    close(out, correlate1d_naive(x, w, padding=padding, stride=s, dilation=d))


@given(st.integers(1, 20), st.integers(1, 8), st.one_of(st.sampled_from(["valid", "same", "full"]), st.integers(0, 3)), seeds)
def test_convolve1d_matches_naive_and_is_correlation_with_a_flipped_kernel(n, k, padding, seed):
    x, w = signals(n, k, seed)
    try:
        out = convolve1d(x, w, padding=padding)
    except ValueError:
        return
    close(out, convolve1d_naive(x, w, padding=padding))
    if padding != "same":  # "same" centres the flipped kernel instead
        close(out, correlate1d(x, w[::-1], padding=padding))


@given(st.integers(1, 20), st.integers(1, 20), seeds)
def test_full_convolution_is_commutative_correlation_is_not(n, m, seed):
    a, b = signals(n, m, seed)
    close(convolve1d(a, b, padding="full"), convolve1d(b, a, padding="full"))
    # correlation swaps into its mirror image instead: corr(b, a) = reversed corr(a, b)
    close(correlate1d(b, a, padding="full"), correlate1d(a, b, padding="full")[::-1])


def test_correlation_is_not_commutative_on_an_example():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.5])
    assert not np.allclose(correlate1d(a, b, padding="full"), correlate1d(b, a, padding="full"))
    assert np.allclose(convolve1d(a, b, padding="full"), convolve1d(b, a, padding="full"))


@given(st.integers(1, 20), st.integers(1, 6), st.integers(1, 3), st.integers(1, 3), st.sampled_from(["valid", "same", "full"]), seeds)
def test_correlate1d_shape_and_dtype(n, k, s, d, padding, seed):
    x, w = signals(n, k, seed)
    try:
        out = correlate1d(x.astype(np.float32), w.astype(np.float32), padding=padding, stride=s, dilation=d)
    except ValueError:
        return
    assert out.dtype == np.float32
    assert correlate1d(np.arange(n), np.ones(k, int), padding=padding, stride=s, dilation=d).dtype == np.float64
    if padding == "same":
        assert out.shape == (-(-n // s),)
