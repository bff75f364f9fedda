"""Explorer for pooling: window, stride, padding and shift sliders over a choice of inputs.

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
    def __init__(self, images, window, stride, padding, max_window, max_shift):
        self._images = images
        self._syncing = False
        controls = {
            "window": slider("window", window, 1, max_window),
            "stride": slider("stride", stride, 1, max_window),
            "padding": slider("padding", padding, 0, window // 2),
            "name": widgets.Dropdown(options=list(images), value=next(iter(images)), description="input"),
        }
        if max_shift:
            controls["shift"] = slider("content shift (pixels left)", 0, 0, max_shift)
        super().__init__(controls, figsize=(8.0, 3.2))

    def setup(self):
        self.view = PoolingView(self.figure)

    def _on_change(self, change):
        if not self._syncing:  # a slider we adjust from draw() must not redraw twice
            super()._on_change(change)

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

    def draw(self, window, stride, padding, name, shift=0):
        # pooling allows at most half a window of padding; keep the slider honest
        padding_slider = self.controls["padding"]
        self._syncing = True
        try:
            padding_slider.max = window // 2
            padding = padding_slider.value
        finally:
            self._syncing = False
        x = self._images[name]
        if "shift" not in self.controls:
            return self.view.update(x, window, stride, padding, title=name)
        moved = self.shifted(x, shift)
        text = self.view.update(moved, window, stride, padding, title=f"{name}, shifted {shift}")
        changed = []
        for pool in (max_pool2d, avg_pool2d):
            before = pool(x, window, stride=stride, padding=padding)
            after = pool(moved, window, stride=stride, padding=padding)
            changed.append((int((~np.isclose(before, after)).sum()), before.size))
        (n_max, total), (n_avg, _) = changed
        readout = (f"{text}<br>content shifted {shift} px left: {n_max} of {total} max-pooled and "
                   f"{n_avg} of {total} average-pooled values differ, position by position, from the "
                   f"unshifted input's")
        if shift and shift % stride == 0 and shift // stride < before.shape[1]:
            # a shift by whole strides moves the pooled map by whole cells: compare it so
            cells = shift // stride
            before = max_pool2d(x, window, stride=stride, padding=padding)
            after = max_pool2d(moved, window, stride=stride, padding=padding)
            same = np.isclose(after[:, : after.shape[1] - cells], before[:, cells:])
            readout += (f"; but moved back by {shift}/{stride} = {cells} cell{'s' if cells > 1 else ''}, "
                        f"{int(same.sum())} of {same.size} max-pooled values equal the unshifted map's "
                        + ("(the last column now sees" if cells == 1 else f"(the last {cells} columns now see")
                        + " the zeros that entered)")
        return readout


def pooling_explorer(images, *, window=2, stride=2, padding=0, max_window=6, max_shift=0):
    """Max and average pooling side by side, with sliders for window, stride and padding.

    Parameters
    ----------
    images : dict of str -> array_like (H, W)
        Named 2D inputs offered in a dropdown (e.g. a toy image and a feature map).
    window, stride, padding : int
        Initial settings; padding is limited to half the window, as in PyTorch.
    max_window : int, default 6
        Largest window and stride the sliders offer; every input must be at least
        this large.
    max_shift : int, default 0
        If positive, a ``shift`` slider (0 to ``max_shift``) moves the input's content
        that many pixels to the left (zeros enter on the right), as when a crop window
        moves right; the readout counts the pooled values that differ, position by
        position, from the unshifted input's, and for a shift by whole strides also
        compares the pooled map moved back by shift/stride cells.

    Returns
    -------
    Explorer
    """
    if not isinstance(images, dict) or not images:
        raise TypeError(f"images must be a non-empty dict of name -> 2D array, got {type(images).__name__}")
    checked = {}
    for name, x in images.items():
        x = as_array(x, f"images[{name!r}]", ndim=2)
        if min(x.shape) < max_window:
            raise ValueError(f"images[{name!r}] has shape {x.shape}, smaller than max_window={max_window}")
        checked[name] = x.astype(float)
    for value, label in ((window, "window"), (stride, "stride")):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= max_window:
            raise ValueError(f"{label} must be an int between 1 and max_window={max_window}, got {value!r}")
    if not isinstance(padding, int) or isinstance(padding, bool) or not 0 <= padding <= window // 2:
        raise ValueError(f"padding must be an int between 0 and window // 2 = {window // 2}, got {padding!r}")
    max_shift = as_int(max_shift, "max_shift", minimum=0)
    if max_shift >= min(min(x.shape) for x in checked.values()):
        raise ValueError(f"max_shift must be smaller than every input's sides, got {max_shift}")
    return _PoolingExplorer(checked, window, stride, padding, int(max_window), max_shift)
