"""Plain-loop twins of the fast routines, written to be read, used by the tests.

Each function here computes exactly what its fast namesake computes, one output
element at a time, with no numpy tricks beyond indexing.  They are slow on purpose:
the tests compare the fast versions against them on random shapes.
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_array, as_batch, as_image_shape, as_int, result_dtype
from cnnbook.arithmetic import geometry_2d, output_size, padding_amounts

__all__ = [
    "avg_pool2d_naive",
    "col2im_naive",
    "conv2d_naive",
    "convolve1d_naive",
    "correlate1d_naive",
    "correlate2d_naive",
    "im2col_naive",
    "max_pool2d_naive",
]


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
    H, W = image.shape
    kh, kw = kernel.shape
    (kh, kw), (sh, sw), (dh, dw), (top, left), (ho, wo) = _geometry(H, W, (kh, kw), stride, padding, dilation)
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


def _geometry(H, W, kernel_size, stride, padding, dilation):
    """Kernel, stride, dilation, padding before each axis, and output size (Ho, Wo)."""
    g = geometry_2d((H, W), kernel_size, stride=stride, padding=padding, dilation=dilation)
    return (g.kh, g.kw), (g.sh, g.sw), (g.dh, g.dw), (g.top, g.left), (g.ho, g.wo)


def _window_taps(N, C, H, W, kernel_size, stride, padding, dilation):
    """Every tap of every window that falls inside the image: ``(row, column, n, c, r, q)``.

    ``row, column`` index the patch matrix (row ``c*kh*kw + a*kw + b`` for channel ``c``
    at kernel offset ``(a, b)``; column ``n*Ho*Wo + i*Wo + j`` for output pixel
    ``(i, j)`` of image ``n``); ``(r, q)`` is the input pixel the tap reads.  Taps in the
    padding are left out (they read zeros).  Also returns the patch matrix's shape.
    """
    (kh, kw), (sh, sw), (dh, dw), (top, left), (ho, wo) = _geometry(H, W, kernel_size, stride, padding, dilation)
    taps = []
    for n in range(N):
        for i in range(ho):
            for j in range(wo):
                column = n * ho * wo + i * wo + j
                for c in range(C):
                    for a in range(kh):
                        for b in range(kw):
                            r = i * sh + a * dh - top  # input row and column of this tap
                            q = j * sw + b * dw - left
                            if 0 <= r < H and 0 <= q < W:  # else it is padding: 0
                                taps.append((c * kh * kw + a * kw + b, column, n, c, r, q))
    return taps, (C * kh * kw, N * ho * wo)


def im2col_naive(x, kernel_size, *, stride=1, padding=0, dilation=1):
    """Loop version of :func:`cnnbook.im2col`: one window at a time becomes one column.

    Examples
    --------
    >>> x = np.arange(2 * 3 * 3.0).reshape(2, 3, 3)
    >>> im2col_naive(x, 2)[:, 0]
    array([ 0.,  1.,  3.,  4.,  9., 10., 12., 13.])
    """
    x, _ = as_batch(x, "x")
    taps, shape = _window_taps(*x.shape, kernel_size, stride, padding, dilation)
    cols = np.zeros(shape, dtype=result_dtype(x))
    for row, column, n, c, r, q in taps:
        cols[row, column] = x[n, c, r, q]
    return cols


def col2im_naive(cols, x_shape, kernel_size, *, stride=1, padding=0, dilation=1):
    """Loop version of :func:`cnnbook.col2im`: every column entry is added back to
    the pixel it was read from (entries read from the padding are dropped).

    Examples
    --------
    >>> col2im_naive(np.ones((4, 4)), (1, 3, 3), 2)[0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    cols = as_array(cols, "cols", ndim=2)
    shape4, squeeze = as_image_shape(x_shape, "x_shape")
    taps, shape = _window_taps(*shape4, kernel_size, stride, padding, dilation)
    if cols.shape != shape:
        raise ValueError(f"cols must have shape {shape} for x_shape {tuple(x_shape)}, got {cols.shape}")
    out = np.zeros(shape4, dtype=result_dtype(cols))
    for row, column, n, c, r, q in taps:
        out[n, c, r, q] += cols[row, column]
    return out[0] if squeeze else out


def conv2d_naive(x, weight, bias=None, *, stride=1, padding=0, dilation=1):
    """Loop version of :func:`cnnbook.conv2d`: seven nested loops, one multiply-add each.

    Examples
    --------
    >>> x = np.ones((2, 1, 3, 3))                    # two images of one channel
    >>> conv2d_naive(x, np.ones((1, 1, 2, 2)), bias=[0.5])[:, 0, 0]
    array([[4.5, 4.5],
           [4.5, 4.5]])
    """
    x, squeeze = as_batch(x, "x")
    weight = as_array(weight, "weight", ndim=4)
    N, C, H, W = x.shape
    K = weight.shape[0]
    (kh, kw), (sh, sw), (dh, dw), (top, left), (ho, wo) = _geometry(H, W, weight.shape[2:], stride, padding, dilation)
    arrays = [x, weight] if bias is None else [x, weight, as_array(bias, "bias", ndim=1)]
    out = np.zeros((N, K, ho, wo), dtype=result_dtype(*arrays))
    for n in range(N):
        for k in range(K):
            for i in range(ho):
                for j in range(wo):
                    total = 0.0 if bias is None else float(bias[k])
                    for c in range(C):
                        for a in range(kh):
                            for b in range(kw):
                                r = i * sh + a * dh - top
                                q = j * sw + b * dw - left
                                if 0 <= r < H and 0 <= q < W:
                                    total += x[n, c, r, q] * weight[k, c, a, b]
                    out[n, k, i, j] = total
    return out[0] if squeeze else out


def _pool_naive(x, kernel_size, stride, padding, reduce):
    x = as_array(x, "x", ndim=(2, 3, 4, 5, 6))
    H, W = x.shape[-2:]
    stride = kernel_size if stride is None else stride
    (kh, kw), (sh, sw), _, (ph, pw), (ho, wo) = _geometry(H, W, kernel_size, stride, padding, 1)
    out = np.zeros(x.shape[:-2] + (ho, wo), dtype=result_dtype(x))
    for lead in np.ndindex(*x.shape[:-2]):  # every channel / image separately
        for i in range(ho):
            for j in range(wo):
                window = []  # the window's values; None where it covers padding
                for a in range(kh):
                    for b in range(kw):
                        r, q = i * sh + a - ph, j * sw + b - pw
                        window.append(x[lead + (r, q)] if 0 <= r < H and 0 <= q < W else None)
                out[lead + (i, j)] = reduce(window)
    return out


def max_pool2d_naive(x, kernel_size, *, stride=None, padding=0):
    """Loop version of :func:`cnnbook.max_pool2d`; padding never wins the maximum.

    Examples
    --------
    >>> max_pool2d_naive(np.arange(16.0).reshape(4, 4), 2)
    array([[ 5.,  7.],
           [13., 15.]])
    """
    return _pool_naive(x, kernel_size, stride, padding, lambda w: max(v for v in w if v is not None))


def avg_pool2d_naive(x, kernel_size, *, stride=None, padding=0):
    """Loop version of :func:`cnnbook.avg_pool2d`; padding counts as zeros in the mean.

    Examples
    --------
    >>> avg_pool2d_naive(np.arange(9.0).reshape(3, 3), 2, stride=1)
    array([[2., 3.],
           [5., 6.]])
    """
    return _pool_naive(x, kernel_size, stride, padding, lambda w: sum(0.0 if v is None else v for v in w) / len(w))
