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

from cnnbook._validate import as_array, as_batch, as_image_shape, result_dtype
from cnnbook.arithmetic import geometry_2d

__all__ = ["col2im", "conv2d", "im2col"]

# the grouping rule of conv2d (see its Notes)
_GROUP_BYTES = 32 * 2**20
_MIN_COLUMNS = 2048
_PATCH_BYTES = 64 * 2**20


def _inside(offset, before, n, stride, n_out, lo=0, hi=None):
    """Output indices ``i`` in ``[lo, hi)`` whose tap ``i*stride + offset - before``
    falls inside an input of length ``n`` (not in the padding), as a range ``(i0, i1)``."""
    hi = n_out if hi is None else hi
    i0 = max(lo, -((offset - before) // stride))  # ceil((before - offset) / stride)
    i1 = min(hi, (n - 1 + before - offset) // stride + 1)
    return i0, max(i0, i1)


def _tap_rectangles(g, H, W, rows):
    """For each kernel offset ``(a, b)``: the rectangle of output pixels (within the band
    of output rows ``rows``) whose tap lands inside the image, and where it starts."""
    r_lo, r_hi = rows
    for a in range(g.kh):
        i0, i1 = _inside(a * g.dh, g.top, H, g.sh, g.ho, r_lo, r_hi)
        for b in range(g.kw):
            j0, j1 = _inside(b * g.dw, g.left, W, g.sw, g.wo)
            r0 = i0 * g.sh + a * g.dh - g.top  # first input row / column used
            c0 = j0 * g.sw + b * g.dw - g.left
            yield a, b, i0 - r_lo, i1 - r_lo, j0, j1, r0, c0


def _fill_windows(x, g, dst, rows=None):
    """Copy the windows of ``x`` (N, C, H, W) into ``dst[a, b]`` of shape
    (N, C, rows, Wo), one strided copy per kernel offset; taps in the padding get 0.

    This is im2col without ``np.pad`` and without a 6-D transpose: each copy moves a
    whole (N, C, Ho, Wo) block, so Python loops over ``kh*kw`` offsets only.
    """
    H, W = x.shape[-2:]
    rows = (0, g.ho) if rows is None else rows
    n_rows = rows[1] - rows[0]
    sh, sw = g.sh, g.sw
    # With a stride, split the input once into its sh*sw phases (every sh-th row from
    # row p, every sw-th column from column q): each tap then reads a contiguous block
    # of one phase instead of a strided block of x, which copies several times faster.
    phases = [[np.ascontiguousarray(x[..., p::sh, q::sw]) for q in range(sw)] for p in range(sh)]
    for a, b, i0, i1, j0, j1, r0, c0 in _tap_rectangles(g, H, W, rows):
        block = dst[a, b]
        if i1 <= i0 or j1 <= j0:
            block[...] = 0
            continue
        phase = phases[r0 % sh][c0 % sw]
        block[..., i0:i1, j0:j1] = phase[..., r0 // sh : r0 // sh + i1 - i0, c0 // sw : c0 // sw + j1 - j0]
        # zero the strips whose taps fall in the padding (the buffer may be reused)
        block[..., :i0, :] = 0
        block[..., i1:n_rows, :] = 0
        block[..., i0:i1, :j0] = 0
        block[..., i0:i1, j1:] = 0


def im2col(x, kernel_size, *, stride=1, padding=0, dilation=1):
    """Unfold every window of ``x`` into a column of a matrix.

    Parameters
    ----------
    x : array_like, shape (C, H, W) or (N, C, H, W)
    kernel_size : int or (int, int)
    stride, dilation : int or (int, int)
    padding : int, (int, int) or {"valid", "same", "full"}
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
    x, _ = as_batch(x, "x")
    g = geometry_2d(x.shape, kernel_size, stride=stride, padding=padding, dilation=dilation)
    x = x.astype(result_dtype(x), copy=False)
    N, C = x.shape[:2]
    kh, kw, ho, wo = g.kh, g.kw, g.ho, g.wo
    cols = np.empty((C, kh, kw, N, ho, wo), dtype=x.dtype)
    _fill_windows(x, g, cols.transpose(1, 2, 3, 0, 4, 5))
    return cols.reshape(C * kh * kw, N * ho * wo)


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
        As given to :func:`im2col`.  Taps that :func:`im2col` read from the padding are
        dropped.

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
    shape4, squeeze = as_image_shape(x_shape, "x_shape")
    N, C, H, W = shape4
    g = geometry_2d(shape4, kernel_size, stride=stride, padding=padding, dilation=dilation)
    kh, kw, ho, wo = g.kh, g.kw, g.ho, g.wo
    expected = (C * kh * kw, N * ho * wo)
    if cols.shape != expected:
        raise ValueError(f"cols must have shape {expected} for x_shape {tuple(x_shape)}, got {cols.shape}")
    dtype = result_dtype(cols)
    c6 = cols.astype(dtype, copy=False).reshape(C, kh, kw, N, ho, wo)
    out = np.zeros((N, C, H, W), dtype=dtype)
    sh, sw = g.sh, g.sw
    # one strided add per kernel offset (kh*kw vectorised steps, not N*C*Ho*Wo); taps
    # that fell in the padding are dropped, which is what the adjoint of padding does
    for a, b, i0, i1, j0, j1, r0, c0 in _tap_rectangles(g, H, W, (0, ho)):
        if i1 > i0 and j1 > j0:
            out[:, :, r0 : r0 + sh * (i1 - i0 - 1) + 1 : sh, c0 : c0 + sw * (j1 - j0 - 1) + 1 : sw] += (
                c6[:, a, b, :, i0:i1, j0:j1].transpose(1, 0, 2, 3)
            )
    return out[0] if squeeze else out


def conv2d(x, weight, bias=None, *, stride=1, padding=0, dilation=1):
    """A convolutional layer's forward pass (cross-correlation, as in PyTorch).

    ``out[n, k] = bias[k] + sum_c correlate2d(x[n, c], weight[k, c])``

    Parameters
    ----------
    x : array_like, shape (N, C, H, W) or (C, H, W)
    weight : array_like, shape (K, C, kh, kw)
    bias : array_like, shape (K,), optional
    stride, dilation : int or (int, int), default 1
    padding : int, (int, int) or {"valid", "same", "full"}, default 0
        Zeros per side: an int on every side, ``(ph, pw)`` above and below / left and
        right.  ``"same"`` adds ``k_eff - 1`` zeros per axis, half before and the rest
        after, so an even kernel gets the extra row (column) below (right of) the
        image, as PyTorch does.  With stride ``s > 1`` (which PyTorch refuses) "same"
        gives the stride-1 result subsampled, ``ceil(H / sh) x ceil(W / sw)``; note
        that TensorFlow's "SAME" pads only what the last window needs and may place the
        windows differently.  ``"full"`` adds ``k_eff - 1`` on every side.

    Returns
    -------
    ndarray, shape (N, K, Ho, Wo) or (K, Ho, Wo)
        ``Ho = output_size(H, kh, stride=sh, padding=(top, bottom), dilation=dh)``,
        likewise ``Wo``.  float32 if every input is float32 (or a smaller float);
        any integer or boolean input, or any float64 input, gives float64.

    Notes
    -----
    The layer is done as matrix products of the filters, flattened to
    ``(K, kh*kw*C)``, with patch matrices built by ``kh*kw`` strided copies into a
    reused buffer (no padded copy, no 6-D transpose).  A product needs wide operands to
    run at speed, but beyond that one image per product is faster (its patch matrix
    stays small and the result lands in place), so images are taken in groups of
    ``ceil(2048 / (Ho*Wo))`` (at least 2048 columns per product; one image when
    ``Ho*Wo >= 2048``), fewer if a group's patch matrix would pass 32 MB.  An image
    whose patch matrix alone passes 64 MB is done in bands of output rows.  The extra
    memory is therefore at most about 64 MB plus the output.

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
    x, squeeze = as_batch(x, "x")
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
    g = geometry_2d(x.shape, (kh, kw), stride=stride, padding=padding, dilation=dilation)
    x = x.astype(dtype, copy=False)
    N, C = x.shape[:2]
    ho, wo = g.ho, g.wo
    # filters as rows ordered (a, b, c), to match patches built one offset at a time
    w2 = weight.astype(dtype, copy=False).transpose(0, 2, 3, 1).reshape(K, kh * kw * C)
    out = np.empty((N, K, ho * wo), dtype=dtype)
    column_bytes = kh * kw * C * dtype.itemsize
    if ho * wo * column_bytes > _PATCH_BYTES:
        # a huge image: bands of output rows, one image at a time
        band = max(1, _PATCH_BYTES // (wo * column_bytes))
        patch = np.empty((kh, kw, 1, C, band, wo), dtype=dtype)
        for n in range(N):
            for r_lo in range(0, ho, band):
                r_hi = min(ho, r_lo + band)
                view = patch[:, :, :, :, : r_hi - r_lo]
                _fill_windows(x[n : n + 1], g, view, rows=(r_lo, r_hi))
                out[n, :, r_lo * wo : r_hi * wo] = w2 @ view.reshape(kh * kw * C, -1)
    else:
        # whole images, in groups (see the Notes)
        wanted = -(-_MIN_COLUMNS // (ho * wo))
        group = max(1, min(N, wanted, _GROUP_BYTES // (ho * wo * column_bytes)))
        patch = np.empty((kh, kw, C, group, ho, wo), dtype=dtype)
        for n0 in range(0, N, group):
            m = min(group, N - n0)
            view = patch[:, :, :, :m]
            _fill_windows(x[n0 : n0 + m], g, view.transpose(0, 1, 3, 2, 4, 5))
            # rows (a, b, c) x columns (n, i, j); for one image the product lands in
            # out[n] as (K, Ho*Wo), with no transpose afterwards
            cols = view.reshape(kh * kw * C, m * ho * wo)
            if m == 1:
                np.matmul(w2, cols, out=out[n0])
            else:
                out[n0 : n0 + m] = (w2 @ cols).reshape(K, m, ho * wo).transpose(1, 0, 2)
    if bias is not None:
        out += bias.astype(dtype, copy=False)[None, :, None]
    out = out.reshape(N, K, ho, wo)
    return out[0] if squeeze else out
