"""Max and average pooling over the last two axes.

Pooling slides a window like a convolution but, instead of weights, takes the
maximum or the mean of each window, for every channel separately.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnnbook._validate import as_array, as_pair, result_dtype
from cnnbook.arithmetic import geometry_2d

__all__ = ["avg_pool2d", "max_pool2d", "max_pool2d_argmax"]


def _pool_windows(x, kernel_size, stride, padding, fill):
    """The windows ``(..., Ho, Wo, kh, kw)`` of ``x`` padded with ``fill``, and their geometry."""
    x = as_array(x, "x", ndim=(2, 3, 4, 5, 6))
    kh, kw = as_pair(kernel_size, "kernel_size", minimum=1)
    ph, pw = as_pair(padding, "padding", minimum=0)
    if ph > kh // 2 or pw > kw // 2:
        raise ValueError(
            f"padding must be at most half the window per side, got padding=({ph}, {pw}) "
            f"for kernel_size=({kh}, {kw})"
        )
    g = geometry_2d(x.shape, (kh, kw), stride=(kh, kw) if stride is None else stride, padding=(ph, pw))
    x = x.astype(result_dtype(x), copy=False)
    pad = [(0, 0)] * (x.ndim - 2) + [(ph, ph), (pw, pw)]
    xp = np.pad(x, pad, constant_values=fill)
    win = sliding_window_view(xp, (kh, kw), axis=(-2, -1))
    return win[..., : (g.ho - 1) * g.sh + 1 : g.sh, : (g.wo - 1) * g.sw + 1 : g.sw, :, :], g


def max_pool2d(x, kernel_size, *, stride=None, padding=0):
    """Maximum of each window over the last two axes.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
        Any leading axes (channels, batch) are pooled independently.
    kernel_size : int or (int, int)
    stride : int or (int, int), optional
        Defaults to ``kernel_size`` (non-overlapping windows).
    padding : int or (int, int), default 0
        Per side, at most half the window; padded positions hold ``-inf``, so they
        never win the maximum.

    Returns
    -------
    ndarray, shape (..., Ho, Wo)
        Sizes from :func:`cnnbook.arithmetic.output_size`; float32 stays float32,
        other inputs give float64.

    Examples
    --------
    >>> x = np.array([[1, 2, 0, 1],
    ...               [3, 4, 1, 0],
    ...               [0, 0, 5, 6],
    ...               [1, 0, 7, 8]])
    >>> max_pool2d(x, 2)
    array([[4., 1.],
           [1., 8.]])
    """
    return _pool_windows(x, kernel_size, stride, padding, -np.inf)[0].max(axis=(-2, -1))


def avg_pool2d(x, kernel_size, *, stride=None, padding=0):
    """Mean of each window over the last two axes.

    Zero padding *counts* in the average (every window is divided by ``kh * kw``), as
    in PyTorch's default ``count_include_pad=True``, so windows that overlap the border
    are pulled towards zero.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
    kernel_size : int or (int, int)
    stride : int or (int, int), optional
        Defaults to ``kernel_size``.
    padding : int or (int, int), default 0
        Zeros per side, at most half the window.

    Returns
    -------
    ndarray, shape (..., Ho, Wo)

    Examples
    --------
    >>> avg_pool2d(np.arange(16.0).reshape(4, 4), 2)
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    return _pool_windows(x, kernel_size, stride, padding, 0.0)[0].mean(axis=(-2, -1))


def max_pool2d_argmax(x, kernel_size, *, stride=None, padding=0):
    """Max pooling, and where in the input each window's maximum sits.

    The one place the book finds the winner of a pooling window: the backward pass of
    :class:`cnnbook.nn.MaxPool2d` sends each gradient there, and the pooling view marks
    it.  On a tie the first position in reading order wins (as ``argmax`` picks);
    padding (``-inf``) never wins.

    Parameters
    ----------
    x, kernel_size, stride, padding
        As for :func:`max_pool2d`.

    Returns
    -------
    out : ndarray, shape (..., Ho, Wo)
        ``max_pool2d(x, kernel_size, stride=stride, padding=padding)``.
    rows, cols : ndarray of int, shape (..., Ho, Wo)
        Input row and column of each window's maximum.

    Examples
    --------
    >>> x = np.array([[1, 5, 0, 0], [2, 3, 0, 9]])
    >>> out, rows, cols = max_pool2d_argmax(x, 2)
    >>> out.tolist(), rows.tolist(), cols.tolist()
    ([[5.0, 9.0]], [[0, 1]], [[1, 3]])
    """
    win, g = _pool_windows(x, kernel_size, stride, padding, -np.inf)
    flat = win.reshape(*win.shape[:-2], g.kh * g.kw)
    arg = flat.argmax(axis=-1)  # which tap of each window won
    out = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
    a, b = np.divmod(arg, g.kw)
    rows = np.arange(g.ho)[:, None] * g.sh + a - g.top
    cols = np.arange(g.wo)[None, :] * g.sw + b - g.left
    return out, rows, cols
