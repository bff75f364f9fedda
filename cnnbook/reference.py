"""Plain-loop twins of the fast routines, written to be read, used by the tests.

Each function here computes exactly what its fast namesake computes, one output
element at a time, with no numpy tricks beyond indexing.  They are slow on purpose:
the tests compare the fast versions against them on random shapes.
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_array, as_int, as_pair, result_dtype
from cnnbook.arithmetic import output_size, padding_amounts

__all__ = ["convolve1d_naive", "correlate1d_naive", "correlate2d_naive"]


def correlate1d_naive(x, kernel, *, padding="valid", stride=1, dilation=1):
    """Loop version of :func:`cnnbook.correlate1d` (same arguments, same result).

    Examples
    --------
    >>> correlate1d_naive([1, 2, 3, 4, 5], [1, 0, -1])
    array([-2., -2., -2.])
    """
    x = as_array(x, "x", ndim=1)
    kernel = as_array(kernel, "kernel", ndim=1)
    s = as_int(stride, "stride", minimum=1)
    d = as_int(dilation, "dilation", minimum=1)
    n, k = len(x), len(kernel)
    before, after = padding_amounts(padding, k, dilation=d)
    n_out = output_size(n, k, stride=s, padding=(before, after), dilation=d)
    out = np.zeros(n_out, dtype=result_dtype(x, kernel))
    for i in range(n_out):
        total = 0.0
        for j in range(k):
            pos = i * s + j * d - before  # position in the unpadded signal
            if 0 <= pos < n:  # outside it the padding is zero
                total += x[pos] * kernel[j]
        out[i] = total
    return out


def convolve1d_naive(x, kernel, *, padding="valid"):
    """Loop version of :func:`cnnbook.convolve1d`: the textbook sum with a flipped index.

    ``out[i] = sum_j x[i - j] * kernel[j]`` over the fully padded signal, then cropped
    to the requested mode.

    Examples
    --------
    >>> convolve1d_naive([1, 2, 3], [0, 1, 0.5], padding="full")
    array([0. , 1. , 2.5, 4. , 1.5])
    """
    x = as_array(x, "x", ndim=1)
    kernel = as_array(kernel, "kernel", ndim=1)
    n, k = len(x), len(kernel)
    full = np.zeros(n + k - 1, dtype=result_dtype(x, kernel))
    for i in range(n + k - 1):
        for j in range(k):
            if 0 <= i - j < n:
                full[i] += x[i - j] * kernel[j]
    if isinstance(padding, str) and padding == "full":
        return full
    if isinstance(padding, str) and padding == "same":
        start = (k - 1) // 2
        return full[start : start + n]
    if isinstance(padding, str) and padding == "valid":
        if k > n:
            raise ValueError(f"kernel of effective size {k} does not fit input of length {n} (padding=(0, 0))")
        return full[k - 1 : n]
    before, after = padding_amounts(padding, k)
    padded = np.concatenate([np.zeros(before), np.asarray(x, dtype=float), np.zeros(after)])
    return convolve1d_naive(padded, kernel, padding="valid").astype(full.dtype)


def correlate2d_naive(image, kernel, *, padding="valid", stride=1, dilation=1):
    """Loop version of :func:`cnnbook.correlate2d` (same arguments, same result).

    Examples
    --------
    >>> correlate2d_naive(np.arange(16.0).reshape(4, 4), np.ones((2, 2)))[0]
    array([10., 14., 18.])
    """
    image = as_array(image, "image", ndim=2)
    kernel = as_array(kernel, "kernel", ndim=2)
    sh, sw = as_pair(stride, "stride", minimum=1)
    dh, dw = as_pair(dilation, "dilation", minimum=1)
    H, W = image.shape
    kh, kw = kernel.shape
    if isinstance(padding, (tuple, list)):
        pad_h, pad_w = padding
    else:
        pad_h = pad_w = padding
    top, bottom = padding_amounts(pad_h, kh, dilation=dh)
    left, right = padding_amounts(pad_w, kw, dilation=dw)
    ho = output_size(H, kh, stride=sh, padding=(top, bottom), dilation=dh)
    wo = output_size(W, kw, stride=sw, padding=(left, right), dilation=dw)
    out = np.zeros((ho, wo), dtype=result_dtype(image, kernel))
    for i in range(ho):
        for j in range(wo):
            total = 0.0
            for a in range(kh):
                for b in range(kw):
                    r = i * sh + a * dh - top
                    c = j * sw + b * dw - left
                    if 0 <= r < H and 0 <= c < W:
                        total += image[r, c] * kernel[a, b]
            out[i, j] = total
    return out
