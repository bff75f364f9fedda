"""Explorer for pooling: kernel size, stride, padding and shift sliders over a choice of inputs.

Built on :class:`~cnnbook.explorers.Explorer` and the view
:class:`cnnbook.views.pooling.PoolingView`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from cnnbook._validate import as_array, as_int
from cnnbook.explorers._base import Explorer, slider
from cnnbook.pooling import avg_pool2d, max_pool2d
from cnnbook.views.pooling import PoolingView

__all__ = ["pooling_explorer"]


class _PoolingExplorer(Explorer):
    def __init__(self, images, kernel_size, stride, padding, max_kernel_size, max_shift):
        self._images = images
        controls = {
            "kernel_size": slider("kernel size", kernel_size, 1, max_kernel_size),
            "stride": slider("stride", stride, 1, max_kernel_size),
            "padding": slider("padding", padding, 0, kernel_size // 2),
            "name": widgets.Dropdown(options=list(images), value=next(iter(images)), description="input"),
        }
        if max_shift:
            controls["shift"] = slider("content shift (pixels left)", 0, 0, max_shift)
        super().__init__(controls, view=PoolingView, figsize=(8.0, 3.2))

    def react(self, change):
        # pooling allows at most half a window of padding; keep the slider honest
        if change["owner"] is self.controls["kernel_size"]:
            self.controls["padding"].max = change["new"] // 2

    @staticmethod
    def shifted(x, shift):
        """``x`` with its content moved ``shift`` pixels to the left (zeros enter on the right).

        As in the chapter's shift experiment: the crop window moves right, so the content
        moves left.
        """
        if shift == 0:
            return x
        out = np.zeros_like(x)
        out[:, :-shift] = x[:, shift:]
        return out

    def draw(self, kernel_size, stride, padding, name, shift=0):
        x = self._images[name]
        if "shift" not in self.controls:
            return self.view.update(x, kernel_size, stride=stride, padding=padding, title=name)
        moved = self.shifted(x, shift)
        text = self.view.update(moved, kernel_size, stride=stride, padding=padding, title=f"{name}, shifted {shift}")
        changed = []
        for pool in (max_pool2d, avg_pool2d):
            before = pool(x, kernel_size, stride=stride, padding=padding)
            after = pool(moved, kernel_size, stride=stride, padding=padding)
            changed.append((int((~np.isclose(before, after)).sum()), before.size))
        (n_max, total), (n_avg, _) = changed
        readout = (f"{text}<br>content shifted {shift} px left: {n_max} of {total} max-pooled and "
                   f"{n_avg} of {total} average-pooled values differ from the unshifted")
        first = -(-padding // stride)                                       # ceil(p / s)
        last = (x.shape[1] - shift - kernel_size + padding) // stride       # window ends < W - shift
        if shift and shift % stride == 0 and last >= first:
            # a shift by whole strides moves the pooled map by whole cells: compare it so, on
            # the output columns whose windows lie inside the moved content (no padding on the
            # left, where the content that left used to be; none of the zeros that entered)
            cells = shift // stride
            before = max_pool2d(x, kernel_size, stride=stride, padding=padding)
            after = max_pool2d(moved, kernel_size, stride=stride, padding=padding)
            same = np.isclose(after[:, first:last + 1], before[:, first + cells:last + 1 + cells])
            trailing = after.shape[1] - 1 - last
            edges = []
            if first:
                edges.append("the first column sees padding" if first == 1 else f"the first {first} columns see padding")
            edges.append("the last column sees the zeros that entered" if trailing == 1
                         else f"the last {trailing} columns see the zeros that entered")
            readout += (f"; but moved back by {shift}/{stride} = {cells} cell{'s' if cells > 1 else ''}, "
                        f"{int(same.sum())} of {same.size} max-pooled values equal the unshifted map's "
                        f"({', '.join(edges)})")
        return readout


def pooling_explorer(images, *, kernel_size=2, stride=2, padding=0, max_kernel_size=6, max_shift=0):
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
    max_shift : int, default 0
        If positive, a ``shift`` slider (0 to ``max_shift``) moves the input's content
        that many pixels to the left (zeros enter on the right), as when a crop window
        moves right; the readout counts the pooled values that differ, position by
        position, from the unshifted input's, and for a shift by whole strides also
        compares the pooled map moved back by shift/stride cells, on the output columns
        whose windows see neither padding nor the zeros that entered.

    Returns
    -------
    Explorer
        Controls ``kernel_size``, ``stride``, ``padding``, ``name`` (the input) and,
        with ``max_shift``, ``shift``.
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
    max_shift = as_int(max_shift, "max_shift", minimum=0)
    if max_shift >= min(min(x.shape) for x in checked.values()):
        raise ValueError(f"max_shift must be smaller than every input's sides, got {max_shift}")
    return _PoolingExplorer(checked, int(kernel_size), int(stride), int(padding), max_kernel_size, max_shift)
