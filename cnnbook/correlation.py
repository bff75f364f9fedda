"""Cross-correlation and convolution of signals (1D) and images (2D).

In deep learning, "convolution" means cross-correlation: the kernel is slid over the
input *without* flipping it.  :func:`correlate1d` and :func:`correlate2d` are that
operation; :func:`convolve1d` is the mathematicians' convolution (kernel flipped),
kept to show the difference.  :func:`correlate1d` multiplies a
:func:`numpy.lib.stride_tricks.sliding_window_view` of the signal by the kernel;
:func:`correlate2d` adds up one shifted view of the image per kernel tap.  Their
plain-loop twins, written for reading, live in :mod:`cnnbook.reference`.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnnbook._validate import as_array, as_int, result_dtype
from cnnbook.arithmetic import effective_kernel_size, geometry_2d, output_size, padding_amounts

__all__ = ["convolve1d", "correlate1d", "correlate2d"]


def correlate1d(x, kernel, *, padding="valid", stride=1, dilation=1):
    """Cross-correlate a 1D signal with a 1D kernel (no flip).

    ``out[i] = sum_j x_padded[i * stride + j * dilation] * kernel[j]``

    Parameters
    ----------
    x : array_like, shape (n,)
        The signal.
    kernel : array_like, shape (k,)
        The weights.
    padding : {"valid", "same", "full"} or int, default "valid"
        Zeros added to the signal: none, enough to keep the length at stride 1
        (an even kernel gets the extra zero after the signal), ``k_eff - 1`` per side,
        or that many per side.
    stride : int, default 1
        Step between windows.  With ``"same"`` and stride ``s`` the result is the
        stride-1 ``"same"`` result subsampled, of length ``ceil(n / s)``.
    dilation : int, default 1
        Spacing between kernel taps; 1 is an ordinary kernel.

    Returns
    -------
    ndarray, shape (o,)
        ``o = output_size(n, k, stride=stride, padding=padding, dilation=dilation)``.
        float32 if both inputs are float32 (or smaller floats), else float64.

    Raises
    ------
    TypeError
        Non-numeric or complex input, non-integer stride or dilation.
    ValueError
        Wrong number of dimensions, empty input, stride or dilation < 1, unknown or
        negative padding, or a kernel that does not fit the padded signal.

    See Also
    --------
    convolve1d : the flipped version.
    cnnbook.reference.correlate1d_naive : the same thing as a plain loop.

    Examples
    --------
    >>> correlate1d([1, 2, 3, 4, 5], [1, 0, -1])
    array([-2., -2., -2.])
    >>> correlate1d([1, 2, 3, 4, 5], [1, 1, 1], padding="same")
    array([ 3.,  6.,  9., 12.,  9.])
    >>> correlate1d([1, 2, 3, 4, 5], [1, 1], stride=2)
    array([3., 7.])
    >>> correlate1d([1, 2, 3, 4, 5], [1, 1], dilation=3)   # pairs 3 apart
    array([5., 7.])
    """
    x = as_array(x, "x", ndim=1)
    kernel = as_array(kernel, "kernel", ndim=1)
    s = as_int(stride, "stride", minimum=1)
    d = as_int(dilation, "dilation", minimum=1)
    k = kernel.shape[0]
    before, after = padding_amounts(padding, k, dilation=d)
    n_out = output_size(x.shape[0], k, stride=s, padding=(before, after), dilation=d)
    dtype = result_dtype(x, kernel)
    xp = np.pad(x.astype(dtype, copy=False), (before, after))
    windows = sliding_window_view(xp, effective_kernel_size(k, d))[::s, ::d]
    return (windows[:n_out] @ kernel.astype(dtype, copy=False)).astype(dtype, copy=False)


def convolve1d(x, kernel, *, padding="valid"):
    """Convolve a 1D signal with a 1D kernel: cross-correlation with the kernel flipped.

    ``out[i] = sum_j x_padded[i + j] * kernel[k - 1 - j]``.  With ``padding="full"``
    convolution is commutative, ``convolve1d(a, b, padding="full") ==
    convolve1d(b, a, padding="full")``, which cross-correlation is not.

    Parameters
    ----------
    x : array_like, shape (n,)
    kernel : array_like, shape (k,)
    padding : {"valid", "same", "full"} or int, default "valid"
        As in :func:`correlate1d`.  ``"same"`` centres the flipped kernel the way
        :func:`numpy.convolve` does.

    Returns
    -------
    ndarray, shape (o,)
        ``n - k + 1`` for "valid", ``n`` for "same", ``n + k - 1`` for "full".

    Raises
    ------
    TypeError, ValueError
        As :func:`correlate1d`; "valid" with ``k > n`` is an error here, where
        :func:`numpy.convolve` would silently swap its arguments.

    Examples
    --------
    >>> convolve1d([1, 2, 3], [0, 1, 0.5], padding="full")
    array([0. , 1. , 2.5, 4. , 1.5])
    >>> convolve1d([0, 1, 0.5], [1, 2, 3], padding="full")
    array([0. , 1. , 2.5, 4. , 1.5])
    """
    kernel = as_array(kernel, "kernel", ndim=1)
    k = kernel.shape[0]
    if isinstance(padding, str) and padding == "same":
        # numpy.convolve centres the *flipped* kernel, so for an even kernel the
        # extra zero goes before the signal, the mirror image of correlate1d.
        total = k - 1
        padding = (total - total // 2, total // 2)
    return correlate1d(x, kernel[::-1], padding=padding)


def correlate2d(image, kernel, *, padding="valid", stride=1, dilation=1):
    """Cross-correlate a 2D image with a 2D kernel (no flip).

    ``out[i, j] = sum_{a,b} image_padded[i*sh + a*dh, j*sw + b*dw] * kernel[a, b]``

    Parameters
    ----------
    image : array_like, shape (H, W)
    kernel : array_like, shape (kh, kw)
    padding : {"valid", "same", "full"}, int or (int, int), default "valid"
        Zeros per side; a pair is ``(ph, pw)``, the same amount above and below, left
        and right.  ``"same"`` keeps ``(H, W)`` at stride 1; an even kernel gets the
        extra row/column of zeros after (below/right of) the image; with stride ``s``
        it is the stride-1 result subsampled, ``ceil(H / sh) x ceil(W / sw)``.
    stride, dilation : int or (int, int), default 1

    Returns
    -------
    ndarray, shape (Ho, Wo)
        Each side from :func:`cnnbook.arithmetic.output_size`.  float32 if both inputs
        are float32, else float64.

    Raises
    ------
    TypeError, ValueError
        As :func:`correlate1d`, per axis.

    Examples
    --------
    >>> img = np.arange(16.0).reshape(4, 4)
    >>> correlate2d(img, np.ones((2, 2)))
    array([[10., 14., 18.],
           [26., 30., 34.],
           [42., 46., 50.]])
    >>> correlate2d(img, np.ones((3, 3)), padding="same").shape
    (4, 4)
    >>> correlate2d(img, np.ones((3, 3)), padding=1, stride=2)
    array([[10., 24.],
           [51., 90.]])
    """
    image = as_array(image, "image", ndim=2)
    kernel = as_array(kernel, "kernel", ndim=2)
    kh, kw = kernel.shape
    g = geometry_2d(image.shape, (kh, kw), stride=stride, padding=padding, dilation=dilation)
    sh, sw, dh, dw, ho, wo = g.sh, g.sw, g.dh, g.dw, g.ho, g.wo
    dtype = result_dtype(image, kernel)
    xp = np.pad(image.astype(dtype, copy=False), ((g.top, g.bottom), (g.left, g.right)))
    weights = kernel.astype(dtype, copy=False)
    out = np.zeros((ho, wo), dtype=dtype)
    # one shifted, strided view of the image per kernel tap, scaled and added: kh*kw
    # whole-image steps, with no (Ho, Wo, kh, kw) copy of the windows as tensordot makes
    for a in range(kh):
        for b in range(kw):
            r, c = a * dh, b * dw
            out += weights[a, b] * xp[r : r + (ho - 1) * sh + 1 : sh, c : c + (wo - 1) * sw + 1 : sw]
    return out
