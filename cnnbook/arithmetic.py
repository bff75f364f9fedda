"""Convolution arithmetic: output sizes, padding amounts and receptive fields.

Every routine in :mod:`cnnbook` that slides a window computes its output length with
:func:`output_size` and its padding with :func:`padding_amounts`, so that one formula
serves the whole book::

    o = floor((n + p_before + p_after - k_eff) / s) + 1,   k_eff = d * (k - 1) + 1

With symmetric padding ``p`` per side this is the relationship of Dumoulin & Visin's
*A guide to convolution arithmetic*: ``o = floor((i + 2p - k - (k-1)(d-1)) / s) + 1``.
"""

from __future__ import annotations

import math
import numbers
from typing import Iterable, NamedTuple

import numpy as np

from cnnbook._validate import describe, as_int, as_pair

__all__ = [
    "Layer",
    "ReceptiveField",
    "Geometry2d",
    "effective_kernel_size",
    "geometry_2d",
    "output_size",
    "padding_amounts",
    "padding_amounts_2d",
    "receptive_field",
]

PADDING_MODES = ("valid", "same", "full")


def effective_kernel_size(kernel_size, dilation=1) -> int:
    """Span of a dilated kernel: ``dilation * (kernel_size - 1) + 1``.

    Parameters
    ----------
    kernel_size : int
        Number of taps, >= 1.
    dilation : int, default 1
        Spacing between taps, >= 1; ``dilation=1`` is an ordinary kernel.

    Returns
    -------
    int
        The number of input positions between the first and the last tap, inclusive.

    Raises
    ------
    TypeError, ValueError
        If either argument is not an integer >= 1.

    Examples
    --------
    >>> effective_kernel_size(3)
    3
    >>> effective_kernel_size(3, dilation=2)   # taps at 0, 2, 4
    5
    >>> effective_kernel_size(3, dilation=4)
    9
    """
    k = as_int(kernel_size, "kernel_size", minimum=1)
    d = as_int(dilation, "dilation", minimum=1)
    return d * (k - 1) + 1


def padding_amounts(padding, kernel_size, *, dilation=1) -> tuple[int, int]:
    """Zeros added ``(before, after)`` the input along one axis.

    Parameters
    ----------
    padding : {"valid", "same", "full"} or int or (int, int)
        ``"valid"`` adds none; ``"full"`` adds ``k_eff - 1`` on each side, so every
        partial overlap is computed; ``"same"`` adds ``k_eff - 1`` in total, half
        before and the rest after (an even kernel gets the extra zero *after*), so that
        stride 1 keeps the length.  An int is the amount per side; a pair gives
        ``(before, after)``.
    kernel_size, dilation : int
        The kernel, as in :func:`effective_kernel_size`.

    Returns
    -------
    (int, int)

    Examples
    --------
    >>> padding_amounts("same", 3)
    (1, 1)
    >>> padding_amounts("same", 4)      # even kernel: the extra zero goes after
    (1, 2)
    >>> padding_amounts("full", 3, dilation=2)
    (4, 4)
    >>> padding_amounts(2, 3)
    (2, 2)
    """
    k_eff = effective_kernel_size(kernel_size, dilation)
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0)
        if padding == "same":
            return ((k_eff - 1) // 2, k_eff - 1 - (k_eff - 1) // 2)
        if padding == "full":
            return (k_eff - 1, k_eff - 1)
        raise ValueError(f"padding must be one of {PADDING_MODES}, an int or a pair, got {padding!r}")
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(f"padding must be an int or a pair (before, after), got {padding!r}")
        return (
            as_int(padding[0], "padding[0]", minimum=0),
            as_int(padding[1], "padding[1]", minimum=0),
        )
    p = as_int(padding, "padding", minimum=0)
    return (p, p)


def padding_amounts_2d(padding, kernel_size, *, dilation=1) -> tuple[int, int, int, int]:
    """Zeros added ``(top, bottom, left, right)`` around an image.

    Parameters
    ----------
    padding : {"valid", "same", "full"}, int or (int, int)
        A string applies :func:`padding_amounts` to each axis; an int is the amount on
        every side; a pair ``(ph, pw)`` is ``ph`` above and below, ``pw`` left and right.
    kernel_size, dilation : int or (int, int)

    Returns
    -------
    (int, int, int, int)

    Examples
    --------
    >>> padding_amounts_2d(1, 3)
    (1, 1, 1, 1)
    >>> padding_amounts_2d((2, 0), 3)
    (2, 2, 0, 0)
    >>> padding_amounts_2d("same", (4, 3))     # even height: the extra row goes below
    (1, 2, 1, 1)
    """
    kh, kw = as_pair(kernel_size, "kernel_size", minimum=1)
    dh, dw = as_pair(dilation, "dilation", minimum=1)
    if isinstance(padding, str):
        pad_h = pad_w = padding
    else:
        pad_h, pad_w = as_pair(padding, "padding", minimum=0)
    return (*padding_amounts(pad_h, kh, dilation=dh), *padding_amounts(pad_w, kw, dilation=dw))


def output_size(n, kernel_size, *, stride=1, padding=0, dilation=1) -> int:
    """Length of the output of a sliding window along one axis.

    Parameters
    ----------
    n : int
        Input length, >= 1.
    kernel_size : int
        Number of taps, >= 1.
    stride : int, default 1
        Step between windows, >= 1.
    padding : int, (int, int) or {"valid", "same", "full"}, default 0
        Zeros per side (see :func:`padding_amounts`).
    dilation : int, default 1
        Spacing between taps, >= 1.

    Returns
    -------
    int
        ``floor((n + p_before + p_after - k_eff) / stride) + 1`` with
        ``k_eff = dilation * (kernel_size - 1) + 1``.  For ``padding="same"`` this is
        ``ceil(n / stride)``.

    Raises
    ------
    ValueError
        If the (dilated) kernel does not fit the padded input.

    Examples
    --------
    >>> output_size(8, 3)                      # valid: 8 -> 6
    6
    >>> output_size(8, 3, padding=1)           # "same" for a 3-tap kernel
    8
    >>> output_size(8, 3, stride=2, padding=1)
    4
    >>> output_size(7, 3, padding="same", stride=2)
    4
    >>> output_size(5, 3, dilation=3)
    Traceback (most recent call last):
    ...
    ValueError: kernel of effective size 7 does not fit input of length 5 (padding=(0, 0))
    """
    n = as_int(n, "n", minimum=1)
    k_eff = effective_kernel_size(kernel_size, dilation)
    s = as_int(stride, "stride", minimum=1)
    before, after = padding_amounts(padding, kernel_size, dilation=dilation)
    span = n + before + after
    if k_eff > span:
        raise ValueError(
            f"kernel of effective size {k_eff} does not fit input of length {n} "
            f"(padding=({before}, {after}))"
        )
    return (span - k_eff) // s + 1


class Geometry2d(NamedTuple):
    """A validated 2D sliding window over an ``(..., H, W)`` input: :func:`geometry_2d`.

    ``kh, kw`` kernel, ``sh, sw`` stride, ``dh, dw`` dilation, ``top, bottom, left,
    right`` zeros added on each side, ``ho, wo`` output size.
    """

    kh: int
    kw: int
    sh: int
    sw: int
    dh: int
    dw: int
    top: int
    bottom: int
    left: int
    right: int
    ho: int
    wo: int


def geometry_2d(shape, kernel_size, *, stride=1, padding=0, dilation=1) -> Geometry2d:
    """Validate a 2D window's arguments once and work out its padding and output size.

    Every 2D routine of the book (correlation, im2col, convolution, pooling and their
    loop twins) starts here, so that one function says what a window over an image is.

    Parameters
    ----------
    shape : tuple of int
        Shape of the input; its last two entries are ``(H, W)``.
    kernel_size, stride, dilation : int or (int, int)
    padding : int, (int, int) or {"valid", "same", "full"}
        As in :func:`padding_amounts_2d`.

    Returns
    -------
    Geometry2d

    Raises
    ------
    TypeError, ValueError
        Naming the argument, for a bad value or a window that does not fit.

    Examples
    --------
    >>> g = geometry_2d((3, 8, 8), 3, padding=1)
    >>> g.ho, g.wo
    (8, 8)
    >>> g = geometry_2d((3, 8, 8), 4, padding="same")
    >>> g.top, g.bottom, g.ho
    (1, 2, 8)
    """
    if not isinstance(shape, (tuple, list)) or len(shape) < 2:
        raise TypeError(f"shape must be a tuple of ints ending in (H, W), got {describe(shape)}")
    H = as_int(shape[-2], "shape[-2]", minimum=1)
    W = as_int(shape[-1], "shape[-1]", minimum=1)
    kh, kw = as_pair(kernel_size, "kernel_size", minimum=1)
    sh, sw = as_pair(stride, "stride", minimum=1)
    dh, dw = as_pair(dilation, "dilation", minimum=1)
    top, bottom, left, right = padding_amounts_2d(padding, (kh, kw), dilation=(dh, dw))
    ho = output_size(H, kh, stride=sh, padding=(top, bottom), dilation=dh)
    wo = output_size(W, kw, stride=sw, padding=(left, right), dilation=dw)
    return Geometry2d(kh, kw, sh, sw, dh, dw, top, bottom, left, right, ho, wo)


class Layer(NamedTuple):
    """One sliding-window layer, as far as geometry is concerned.

    An immutable record of ``kernel_size``, ``stride``, ``padding`` (per side, the
    amount *before* the input is what shifts the receptive field) and ``dilation``.
    Convolutions and pooling layers are described alike.

    Examples
    --------
    >>> Layer(3)
    Layer(kernel_size=3, stride=1, padding=0, dilation=1)
    >>> Layer(2, stride=2)          # a 2x2 pooling layer
    Layer(kernel_size=2, stride=2, padding=0, dilation=1)
    """

    kernel_size: int
    stride: int = 1
    padding: int = 0
    dilation: int = 1


class ReceptiveField(NamedTuple):
    """Result of :func:`receptive_field`.

    ``size`` is the receptive field r0 in input pixels, ``stride`` the effective
    stride S0 (input pixels between neighbouring output units) and ``padding`` the
    effective padding P0: output unit ``u`` sees inputs ``u * stride - padding`` to
    ``u * stride - padding + size - 1``.
    """

    size: int
    stride: int
    padding: int


def as_layer(item, index: int) -> Layer:
    if isinstance(item, Layer):
        fields = tuple(item)
    elif isinstance(item, np.ndarray) and item.ndim == 1 and 1 <= item.size <= 4 and item.dtype.kind in "iuf":
        fields = tuple(item.tolist())  # a row of an integer table of layers
    elif isinstance(item, (tuple, list)) and 1 <= len(item) <= 4:
        fields = tuple(item)
    else:
        raise TypeError(
            f"layers[{index}] must be a Layer or a tuple (kernel_size, stride, padding, dilation), "
            f"got {describe(item)}"
        )
    for value in fields:
        if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
            if not math.isfinite(value):
                raise ValueError(f"layers[{index}] contains a non-finite value: {fields!r}")
    layer = Layer(*fields)
    return Layer(
        as_int(layer.kernel_size, f"layers[{index}].kernel_size", minimum=1),
        as_int(layer.stride, f"layers[{index}].stride", minimum=1),
        as_int(layer.padding, f"layers[{index}].padding", minimum=0),
        as_int(layer.dilation, f"layers[{index}].dilation", minimum=1),
    )


def receptive_field(layers: Iterable) -> ReceptiveField:
    """Receptive field, effective stride and effective padding of a stack of layers.

    Uses the closed forms of Araujo, Norris & Sim, *Computing Receptive Fields of
    Convolutional Neural Networks* (Distill, 2019), with ``k_l`` the effective
    (dilated) kernel of layer ``l`` and ``S_{l-1}`` the product of the strides before
    it::

        r0 = 1 + sum_l (k_l - 1) * S_{l-1}
        S0 = prod_l s_l
        P0 = sum_l p_l * S_{l-1}

    Parameters
    ----------
    layers : iterable of Layer or tuple
        From input to output; a tuple is ``(kernel_size, stride, padding, dilation)``
        with the trailing fields optional.

    Returns
    -------
    ReceptiveField
        ``(size, stride, padding)``; an empty stack gives ``(1, 1, 0)``.

    Raises
    ------
    TypeError, ValueError
        For an item that is not a layer, or a non-integer, non-finite or out-of-range
        field.

    Examples
    --------
    >>> receptive_field([])
    ReceptiveField(size=1, stride=1, padding=0)
    >>> receptive_field([Layer(3), Layer(3)])        # two 3x3 see what one 5x5 sees
    ReceptiveField(size=5, stride=1, padding=0)
    >>> receptive_field([(3, 1), (2, 2), (3, 1)])    # conv3 -> pool2 -> conv3
    ReceptiveField(size=8, stride=2, padding=0)
    """
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Iterable):
        raise TypeError(f"layers must be an iterable of Layer or tuples, got {describe(layers)}")
    size, jump, pad = 1, 1, 0
    for index, item in enumerate(layers):
        layer = as_layer(item, index)
        k_eff = effective_kernel_size(layer.kernel_size, layer.dilation)
        size += (k_eff - 1) * jump
        pad += layer.padding * jump
        jump *= layer.stride
    return ReceptiveField(size, jump, pad)
