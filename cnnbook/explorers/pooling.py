"""Explorer for pooling: kernel size, stride and padding sliders over a choice of inputs.

Built on :class:`~cnnbook.explorers.Explorer` and the view
:class:`cnnbook.views.pooling.PoolingView`.
"""

from __future__ import annotations

import ipywidgets as widgets

from cnnbook._validate import as_array, as_int
from cnnbook.explorers._base import Explorer, slider
from cnnbook.views.pooling import PoolingView

__all__ = ["pooling_explorer"]


class _PoolingExplorer(Explorer):
    def __init__(self, images, kernel_size, stride, padding, max_kernel_size):
        self._images = images
        controls = {
            "kernel_size": slider("kernel size", kernel_size, 1, max_kernel_size),
            "stride": slider("stride", stride, 1, max_kernel_size),
            "padding": slider("padding", padding, 0, kernel_size // 2),
            "name": widgets.Dropdown(options=list(images), value=next(iter(images)), description="input"),
        }
        super().__init__(controls, view=PoolingView, figsize=(8.0, 3.2))

    def react(self, change):
        # pooling allows at most half a window of padding; keep the slider honest
        if change["owner"] is self.controls["kernel_size"]:
            self.controls["padding"].max = change["new"] // 2

    def draw(self, kernel_size, stride, padding, name):
        return self.view.update(self._images[name], kernel_size, stride=stride, padding=padding, title=name)


def pooling_explorer(images, *, kernel_size=2, stride=2, padding=0, max_kernel_size=6):
    """Max and average pooling side by side, with sliders for kernel size, stride and padding.

    Parameters
    ----------
    images : dict of str -> array_like (H, W)
        Named 2D inputs offered in a dropdown (e.g. a toy image and a feature map).
    kernel_size, stride, padding : int
        Initial settings; padding is limited to half the window, as in PyTorch.
    max_kernel_size : int, default 6
        Largest kernel size and stride the sliders offer; every input must be at least
        this large.

    Returns
    -------
    Explorer
        Controls ``kernel_size``, ``stride``, ``padding`` and ``name`` (the input).
    """
    if not isinstance(images, dict) or not images:
        raise TypeError(f"images must be a non-empty dict of name -> 2D array, got {type(images).__name__}")
    max_kernel_size = as_int(max_kernel_size, "max_kernel_size", minimum=1)
    checked = {}
    for name, x in images.items():
        x = as_array(x, f"images[{name!r}]", ndim=2)
        if min(x.shape) < max_kernel_size:
            raise ValueError(f"images[{name!r}] has shape {x.shape}, smaller than max_kernel_size={max_kernel_size}")
        checked[name] = x.astype(float)
    for value, label in ((kernel_size, "kernel_size"), (stride, "stride")):
        if as_int(value, label, minimum=1) > max_kernel_size:
            raise ValueError(f"{label} must be between 1 and max_kernel_size={max_kernel_size}, got {value!r}")
    if as_int(padding, "padding", minimum=0) > kernel_size // 2:
        raise ValueError(f"padding must be between 0 and kernel_size // 2 = {kernel_size // 2}, got {padding!r}")
    return _PoolingExplorer(checked, kernel_size, stride, padding, max_kernel_size)
