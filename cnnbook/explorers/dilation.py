"""The dilation explorer: a slider sets the rate of a dilated kernel on a photograph."""

from __future__ import annotations

from cnnbook._validate import as_array, as_int
from cnnbook.arithmetic import output_size
from cnnbook.explorers._base import Explorer, slider
from cnnbook.kernels import SOBEL_X
from cnnbook.views.dilation import DilationView

__all__ = ["dilation_explorer"]


def dilation_explorer(image, kernel=SOBEL_X, *, max_rate=8):
    """Apply ``kernel`` to a grayscale ``image`` at an adjustable dilation rate.

    Parameters
    ----------
    image : array_like, shape (H, W)
    kernel : array_like, shape (k, k), default ``SOBEL_X``
    max_rate : int, default 8

    Returns
    -------
    Explorer
        Control ``rate``.
    """
    image = as_array(image, "image", ndim=2)
    kernel = as_array(kernel, "kernel", ndim=2)
    max_rate = as_int(max_rate, "max_rate", minimum=1)
    if kernel.shape[0] != kernel.shape[1]:
        raise ValueError(f"kernel must be square (k, k), got shape {kernel.shape}")
    for n in image.shape:
        output_size(n, kernel.shape[0], padding="same", dilation=max_rate)
    return Explorer({"rate": slider("dilation rate", 1, 1, max_rate)},
                    name="Dilation explorer", view=lambda fig: DilationView(fig, image, kernel, max_rate=max_rate), figsize=(10.0, 3.4))
