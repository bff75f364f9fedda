"""Multi-channel convolution layers as one matrix product (im2col).

A convolutional layer with ``K`` filters of shape ``(C, kh, kw)`` applied to a batch
``(N, C, H, W)`` is one matrix product: the filters flattened to a ``(K, C*kh*kw)``
matrix times the *patch matrix* whose columns are the flattened input windows,
``(C*kh*kw, N*Ho*Wo)``.  :func:`im2col` builds the patch matrix, :func:`col2im` is
its adjoint (it adds each column back into the windows it came from, as the backward
pass needs), and :func:`conv2d` puts them together.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnnbook._validate import as_array, as_pair, result_dtype, _describe
from cnnbook.arithmetic import effective_kernel_size, output_size

__all__ = ["col2im", "conv2d", "conv_geometry", "im2col"]


def conv_geometry(shape, kernel_size, *, stride=1, padding=0, dilation=1):
    """Validated geometry of a 2D sliding window over ``(..., H, W)``.

    Returns a dict with ``kh, kw, sh, sw, ph, pw, dh, dw, ho, wo``; raises a
    ``ValueError`` naming the argument when the window does not fit.

    Examples
    --------
    >>> g = conv_geometry((3, 8, 8), 3, padding=1)
    >>> g["ho"], g["wo"]
    (8, 8)
    """
    kh, kw = as_pair(kernel_size, "kernel_size", minimum=1)
    sh, sw = as_pair(stride, "stride", minimum=1)
    ph, pw = as_pair(padding, "padding", minimum=0)
    dh, dw = as_pair(dilation, "dilation", minimum=1)
    H, W = shape[-2], shape[-1]
    ho = output_size(H, kh, stride=sh, padding=ph, dilation=dh)
    wo = output_size(W, kw, stride=sw, padding=pw, dilation=dw)
    return dict(kh=kh, kw=kw, sh=sh, sw=sw, ph=ph, pw=pw, dh=dh, dw=dw, ho=ho, wo=wo)


def _batched(x, name):
    """``x`` as (N, C, H, W) plus whether it came without a batch axis."""
    x = as_array(x, name, ndim=(3, 4))
    if x.ndim == 3:
        return x[None], True
    return x, False


def _windows(x, g):
    """Read-only view (N, C, Ho, Wo, kh, kw) of the padded input's windows."""
    xp = np.pad(x, ((0, 0), (0, 0), (g["ph"], g["ph"]), (g["pw"], g["pw"])))
    khe = effective_kernel_size(g["kh"], g["dh"])
    kwe = effective_kernel_size(g["kw"], g["dw"])
    win = sliding_window_view(xp, (khe, kwe), axis=(2, 3))
    return win[:, :, : (g["ho"] - 1) * g["sh"] + 1 : g["sh"], : (g["wo"] - 1) * g["sw"] + 1 : g["sw"], :: g["dh"], :: g["dw"]]


def im2col(x, kernel_size, *, stride=1, padding=0, dilation=1):
    """Unfold every window of ``x`` into a column of a matrix.

    Parameters
    ----------
    x : array_like, shape (C, H, W) or (N, C, H, W)
    kernel_size : int or (int, int)
    stride, padding, dilation : int or (int, int)
        As in :func:`conv2d`; padding is zeros per side.

    Returns
    -------
    ndarray, shape (C*kh*kw, N*Ho*Wo)
        Row ``c*kh*kw + a*kw + b`` holds input channel ``c`` at kernel offset
        ``(a, b)``; column ``n*Ho*Wo + i*Wo + j`` is the window of output pixel
        ``(i, j)`` of image ``n`` (N = 1 for a 3D input).  The matrix is a copy of
        ``kh*kw`` times the (padded) input's size, the price of doing the convolution as
        one product.

    Examples
    --------
    >>> x = np.arange(2 * 3 * 3.0).reshape(2, 3, 3)   # 2 channels, 3x3
    >>> cols = im2col(x, 2)
    >>> cols.shape                                   # (2*2*2, 2*2)
    (8, 4)
    >>> cols[:, 0]                                   # the top-left 2x2 window
    array([ 0.,  1.,  3.,  4.,  9., 10., 12., 13.])
    """
    x, _ = _batched(x, "x")
    g = conv_geometry(x.shape, kernel_size, stride=stride, padding=padding, dilation=dilation)
    x = x.astype(result_dtype(x), copy=False)
    win = _windows(x, g)  # (N, C, Ho, Wo, kh, kw)
    N, C = x.shape[:2]
    return win.transpose(1, 4, 5, 0, 2, 3).reshape(C * g["kh"] * g["kw"], N * g["ho"] * g["wo"])


def col2im(cols, x_shape, kernel_size, *, stride=1, padding=0, dilation=1):
    """Add the columns of a patch matrix back into an image: the adjoint of :func:`im2col`.

    Overlapping windows *sum*, so ``col2im(im2col(x))`` is not ``x`` but ``x`` times
    the number of windows covering each pixel.  It is the adjoint in the sense
    ``<im2col(x), y> == <x, col2im(y)>`` for all ``x`` and ``y``, which is exactly what
    back-propagation through a convolution needs.

    Parameters
    ----------
    cols : array_like, shape (C*kh*kw, N*Ho*Wo)
    x_shape : tuple
        Shape of the image, ``(C, H, W)`` or ``(N, C, H, W)``.
    kernel_size, stride, padding, dilation
        As given to :func:`im2col`.

    Returns
    -------
    ndarray, shape x_shape

    Examples
    --------
    >>> x = np.ones((1, 3, 3))
    >>> col2im(im2col(x, 2), x.shape, 2)        # how many 2x2 windows cover each pixel
    array([[[1., 2., 1.],
            [2., 4., 2.],
            [1., 2., 1.]]])
    """
    cols = as_array(cols, "cols", ndim=2)
    if not isinstance(x_shape, (tuple, list)) or len(x_shape) not in (3, 4):
        raise ValueError(f"x_shape must be a tuple (C, H, W) or (N, C, H, W), got {_describe(x_shape)}")
    squeeze = len(x_shape) == 3
    shape4 = (1, *x_shape) if squeeze else tuple(x_shape)
    for i, v in enumerate(shape4):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"x_shape must hold positive integers, got {tuple(x_shape)!r}")
    N, C, H, W = shape4
    g = conv_geometry(shape4, kernel_size, stride=stride, padding=padding, dilation=dilation)
    kh, kw, ho, wo = g["kh"], g["kw"], g["ho"], g["wo"]
    expected = (C * kh * kw, N * ho * wo)
    if cols.shape != expected:
        raise ValueError(f"cols must have shape {expected} for x_shape {tuple(x_shape)}, got {cols.shape}")
    dtype = result_dtype(cols)
    c6 = cols.astype(dtype, copy=False).reshape(C, kh, kw, N, ho, wo)
    xp = np.zeros((N, C, H + 2 * g["ph"], W + 2 * g["pw"]), dtype=dtype)
    sh, sw, dh, dw = g["sh"], g["sw"], g["dh"], g["dw"]
    # one strided add per kernel offset: kh*kw vectorised steps instead of N*C*Ho*Wo
    for a in range(kh):
        for b in range(kw):
            r0, c0 = a * dh, b * dw
            xp[:, :, r0 : r0 + sh * (ho - 1) + 1 : sh, c0 : c0 + sw * (wo - 1) + 1 : sw] += c6[:, a, b].transpose(1, 0, 2, 3)
    out = xp[:, :, g["ph"] : g["ph"] + H, g["pw"] : g["pw"] + W]
    return out[0] if squeeze else out


def conv2d(x, weight, bias=None, *, stride=1, padding=0, dilation=1):
    """A convolutional layer's forward pass (cross-correlation, as in PyTorch).

    ``out[n, k] = bias[k] + sum_c correlate2d(x[n, c], weight[k, c])``

    Parameters
    ----------
    x : array_like, shape (N, C, H, W) or (C, H, W)
    weight : array_like, shape (K, C, kh, kw)
    bias : array_like, shape (K,), optional
    stride, padding, dilation : int or (int, int)
        Padding is zeros per side.

    Returns
    -------
    ndarray, shape (N, K, Ho, Wo) or (K, Ho, Wo)
        ``Ho = output_size(H, kh, stride=sh, padding=ph, dilation=dh)``, likewise
        ``Wo``.  float32 if every input is float32, else float64.

    Raises
    ------
    TypeError, ValueError
        Wrong ndim, channel mismatch between ``x`` and ``weight``, bias of the wrong
        length, a kernel larger than the padded input, bad stride/padding/dilation.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 4, 4)          # one channel
    >>> w = np.ones((2, 1, 2, 2)); w[1] *= -1          # two filters
    >>> conv2d(x, w, bias=[0, 100])[:, 0]
    array([[10., 14., 18.],
           [90., 86., 82.]])
    """
    x, squeeze = _batched(x, "x")
    weight = as_array(weight, "weight", ndim=4)
    K, Cw, kh, kw = weight.shape
    if Cw != x.shape[1]:
        raise ValueError(f"weight has {Cw} input channels but x has {x.shape[1]} (x shape {x.shape}, weight shape {weight.shape})")
    arrays = [x, weight]
    if bias is not None:
        bias = as_array(bias, "bias", ndim=1)
        if bias.shape[0] != K:
            raise ValueError(f"bias must have length {K} (one per filter), got {bias.shape[0]}")
        arrays.append(bias)
    dtype = result_dtype(*arrays)
    g = conv_geometry(x.shape, (kh, kw), stride=stride, padding=padding, dilation=dilation)
    N = x.shape[0]
    w2 = weight.astype(dtype, copy=False).reshape(K, -1)
    out = np.empty((N, K, g["ho"] * g["wo"]), dtype=dtype)
    win = _windows(x.astype(dtype, copy=False), g)  # (N, C, Ho, Wo, kh, kw)
    for n in range(N):
        # per image, so the patch matrix stays cache-sized and the product lands in
        # (K, Ho*Wo) order with no transpose afterwards
        cols = win[n].transpose(0, 3, 4, 1, 2).reshape(-1, g["ho"] * g["wo"])
        np.matmul(w2, cols, out=out[n])
    if bias is not None:
        out += bias.astype(dtype, copy=False)[None, :, None]
    out = out.reshape(N, K, g["ho"], g["wo"])
    return out[0] if squeeze else out
