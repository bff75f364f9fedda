"""Argument checks shared by every public function.

Each check is one line at a public entry point and raises a ``TypeError`` (wrong kind
of thing) or ``ValueError`` (right kind, wrong value) whose message names the
argument, what was expected and what arrived.  Nothing here is public API.
"""

from __future__ import annotations

import numbers
import operator

import numpy as np

__all__ = [
    "as_array",
    "as_batch",
    "as_float_dtype",
    "as_image_shape",
    "as_int",
    "as_number",
    "as_pair",
    "result_dtype",
]


def describe(value) -> str:
    """A short description of ``value`` for error messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def as_array(value, name: str, *, ndim=None, allow_empty: bool = False) -> np.ndarray:
    """Return ``value`` as a real numeric ndarray, or raise naming ``name``.

    Booleans and integers are accepted (and later computed in float64); complex,
    string and object data are refused with a ``TypeError``.  ``ndim`` is an int or a
    tuple of allowed ints.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a numeric array, got {describe(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested lists, odd objects
        raise TypeError(f"{name} must be a numeric array, got {describe(value)}: {exc}") from None
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            wanted = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name} must have {wanted} dimensions, got {arr.ndim} (shape {arr.shape})")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr


def as_batch(value, name: str = "x"):
    """``value`` as an ``(N, C, H, W)`` array, and whether it came without the batch axis."""
    arr = as_array(value, name, ndim=(3, 4))
    return (arr[None], True) if arr.ndim == 3 else (arr, False)


def as_image_shape(value, name: str = "x_shape"):
    """A shape ``(C, H, W)`` or ``(N, C, H, W)`` as ``(N, C, H, W)``, and whether N was added."""
    if not isinstance(value, (tuple, list)) or len(value) not in (3, 4):
        raise ValueError(f"{name} must be a tuple (C, H, W) or (N, C, H, W), got {describe(value)}")
    for v in value:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Integral) or v < 1:
            raise ValueError(f"{name} must hold positive integers, got {tuple(value)!r}")
    shape = tuple(int(v) for v in value)
    return ((1, *shape), True) if len(shape) == 3 else (shape, False)


def result_dtype(*arrays: np.ndarray) -> np.dtype:
    """The floating dtype a computation on ``arrays`` returns.

    float32 stays float32, float64 wins over float32, and integer or boolean inputs
    are computed in float64 (half precision is promoted to float32).
    """
    dtype = np.result_type(*arrays)
    if dtype.kind != "f":
        return np.dtype(np.float64)
    if dtype.itemsize < 4:
        return np.dtype(np.float32)
    return dtype


def as_int(value, name: str, *, minimum: int | None = None) -> int:
    """Return ``value`` as a Python int, or raise naming ``name``.

    Integers (including numpy integers) are accepted; floats, booleans and strings are
    refused with a ``TypeError`` even when they hold a whole number, because a stride
    of ``2.0`` usually means a computation went wrong upstream.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {describe(value)}")
    value = operator.index(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def as_number(value, name: str) -> float:
    """Return a finite real number as a float, or raise naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def as_pair(value, name: str, *, minimum: int | None = None) -> tuple[int, int]:
    """Return an int or a pair of ints as ``(h, w)``, or raise naming ``name``."""
    if isinstance(value, (tuple, list, np.ndarray)):
        items = list(np.asarray(value, dtype=object).ravel()) if isinstance(value, np.ndarray) else list(value)
        if len(items) != 2:
            raise ValueError(f"{name} must be an int or a pair (h, w), got {len(items)} values: {value!r}")
        return (
            as_int(items[0], f"{name}[0]", minimum=minimum),
            as_int(items[1], f"{name}[1]", minimum=minimum),
        )
    v = as_int(value, name, minimum=minimum)
    return (v, v)


def as_float_dtype(dtype, name: str = "dtype") -> np.dtype:
    """Return ``dtype`` as float32 or float64, or raise naming ``name``."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be float32 or float64, got {dtype!r}") from None
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"{name} must be float32 or float64, got {dt}")
    return dt
