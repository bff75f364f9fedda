"""Named kernels used throughout the book.

Kernels are written for *cross-correlation* (no flip), so an ``x`` derivative kernel
gives a positive response where the image gets brighter from left to right.  Separable
kernels are built from their 1D parts, which says what they do: a Sobel kernel is a
smoothing ``[1, 2, 1]`` across the edge times a difference ``[-1, 0, 1]`` along it.

Examples
--------
>>> SOBEL_X
array([[-1.,  0.,  1.],
       [-2.,  0.,  2.],
       [-1.,  0.,  1.]])
>>> bool((SOBEL_Y == SOBEL_X.T).all())
True
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import as_int

__all__ = [
    "BOX3",
    "DIFFERENCE",
    "LAPLACIAN",
    "PREWITT_X",
    "PREWITT_Y",
    "SHARPEN",
    "SOBEL_X",
    "SOBEL_Y",
    "box1d",
    "gaussian1d",
    "gaussian2d",
]

#: Central difference in 1D: responds to a rising or falling signal, ignores a flat one.
DIFFERENCE = np.array([-1.0, 0.0, 1.0])

_SMOOTH = np.array([1.0, 2.0, 1.0])
_FLAT = np.array([1.0, 1.0, 1.0])

#: 3x3 mean filter.
BOX3 = np.full((3, 3), 1.0 / 9.0)
#: Horizontal derivative (finds vertical edges), smoothed vertically with [1, 2, 1].
SOBEL_X = np.outer(_SMOOTH, DIFFERENCE)
#: Vertical derivative (finds horizontal edges): the transpose of SOBEL_X.
SOBEL_Y = SOBEL_X.T.copy()
#: Like Sobel, with a flat [1, 1, 1] average across the edge.
PREWITT_X = np.outer(_FLAT, DIFFERENCE)
PREWITT_Y = PREWITT_X.T.copy()
#: Discrete Laplacian: zero on flat and linear regions, large at spots and thin lines.
LAPLACIAN = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
#: Identity plus a negative Laplacian: boosts local contrast; sums to 1.
SHARPEN = np.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]])

for _k in (DIFFERENCE, BOX3, SOBEL_X, SOBEL_Y, PREWITT_X, PREWITT_Y, LAPLACIAN, SHARPEN):
    _k.flags.writeable = False  # module constants: a notebook cannot change them by accident
del _k


def box1d(width) -> np.ndarray:
    """Averaging kernel of ``width`` equal taps that sum to 1.

    Examples
    --------
    >>> box1d(4)
    array([0.25, 0.25, 0.25, 0.25])
    """
    w = as_int(width, "width", minimum=1)
    return np.full(w, 1.0 / w)


def gaussian1d(sigma, size=None) -> np.ndarray:
    """Sampled Gaussian of standard deviation ``sigma``, normalised to sum 1.

    ``size`` defaults to the odd number ``2 * ceil(3 * sigma) + 1``.

    Examples
    --------
    >>> g = gaussian1d(1.0)
    >>> len(g), round(float(g.sum()), 12), int(np.argmax(g))
    (7, 1.0, 3)
    """
    if isinstance(sigma, bool) or not isinstance(sigma, (int, float, np.integer, np.floating)):
        raise TypeError(f"sigma must be a number, got {type(sigma).__name__}")
    if not np.isfinite(sigma) or sigma <= 0:
        raise ValueError(f"sigma must be a positive finite number, got {sigma}")
    n = 2 * int(np.ceil(3 * sigma)) + 1 if size is None else as_int(size, "size", minimum=1)
    t = np.arange(n) - (n - 1) / 2
    g = np.exp(-0.5 * (t / sigma) ** 2)
    return g / g.sum()


def gaussian2d(sigma, size=None) -> np.ndarray:
    """Separable 2D Gaussian: the outer product of two :func:`gaussian1d`.

    Examples
    --------
    >>> gaussian2d(0.8, size=3).round(3)
    array([[0.057, 0.125, 0.057],
           [0.125, 0.272, 0.125],
           [0.057, 0.125, 0.057]])
    """
    g = gaussian1d(sigma, size)
    return np.outer(g, g)
