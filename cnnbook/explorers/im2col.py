"""Explorer for im2col: pick a column of the patch matrix, see the window it holds.

Built on :class:`~cnnbook.explorers.Explorer` and the view
:class:`cnnbook.views.im2col.PatchMatrixView`; a column move only moves outlines, so
an update costs one PNG encode.  A new kernel size, stride or padding changes the
matrices' shapes, so the view is built again.
"""

from __future__ import annotations

from cnnbook._validate import as_array, as_int
from cnnbook.arithmetic import output_size
from cnnbook.explorers._base import Explorer, slider
from cnnbook.views.im2col import PatchMatrixView

__all__ = ["patch_matrix_explorer"]


class _PatchMatrixExplorer(Explorer):
    def __init__(self, x, filters, column, kernel_size, stride, padding, max_stride, max_padding):
        self._x, self._filters = x, filters
        self._geometry = None
        controls = {}
        if callable(filters):
            controls["kernel_size"] = slider("kernel size", kernel_size, 1, min(5, *x.shape[1:]))
        weight = self._weight(kernel_size)
        controls["stride"] = slider("stride", stride, 1, max_stride)
        controls["padding"] = slider("padding", padding, 0, max_padding)
        n_cols = PatchMatrixView.n_columns_for(x, weight, stride=stride, padding=padding)
        controls["column"] = slider("column of the patch matrix", column, 0, n_cols - 1)
        self._kernel_size = kernel_size
        super().__init__(controls, name="Patch matrix explorer", figsize=(8.5, 6.2))

    def _weight(self, kernel_size):
        return self._filters(kernel_size) if callable(self._filters) else self._filters

    def setup(self):
        pass  # the view is built in draw(), once the geometry is known

    def draw(self, column, stride, padding, kernel_size=None):
        kernel_size = self._kernel_size if kernel_size is None else kernel_size
        geometry = (kernel_size, stride, padding)
        if geometry != self._geometry:
            weight = self._weight(kernel_size)
            self._show_view(geometry, lambda fig: PatchMatrixView(fig, self._x, weight, stride=stride,
                                                                  padding=padding))
            self._geometry = geometry
            col = self.controls["column"]
            with self.batch():  # the column slider's range follows the new number of columns
                col.max = self.view.n_columns - 1
                column = min(col.value, col.max)
                col.value = column
        return self.view.update(column)


def patch_matrix_explorer(x, filters, *, column=0, kernel_size=3, stride=1, padding=0, max_stride=3, max_padding=2):
    """Slide along the columns of ``im2col(x)`` and watch each one's window on the image.

    Parameters
    ----------
    x : array_like, shape (C, H, W)
    filters : array_like (K, C, kh, kw), or callable ``kernel_size -> (K, C, k, k)``
        Fixed filters, or a function that makes the filters for a kernel size; only
        the callable gives a kernel-size slider (1 to 5).
    column : int, default 0
        The column shown first.
    kernel_size : int, default 3
        The first kernel size, when ``filters`` is callable.
    stride, padding : int, default 1 and 0
        The first stride and padding (zeros per side).
    max_stride, max_padding : int, default 3 and 2
        The sliders' ranges.

    Returns
    -------
    Explorer
        Its controls are ``kernel_size`` (only for callable ``filters``), ``stride``,
        ``padding`` and ``column``; ``view`` is the
        :class:`~cnnbook.views.im2col.PatchMatrixView`.
    """
    x = as_array(x, "x", ndim=3)
    kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
    stride = as_int(stride, "stride", minimum=1)
    padding = as_int(padding, "padding", minimum=0)
    max_stride = as_int(max_stride, "max_stride", minimum=stride)
    max_padding = as_int(max_padding, "max_padding", minimum=padding)
    column = as_int(column, "column", minimum=0)
    if callable(filters):
        weight = as_array(filters(kernel_size), "filters(kernel_size)", ndim=4)
        if weight.shape[1:] != (x.shape[0], kernel_size, kernel_size):
            raise ValueError(f"filters({kernel_size}) must have shape (K, {x.shape[0]}, {kernel_size}, "
                             f"{kernel_size}), got {weight.shape}")
        if kernel_size > min(5, *x.shape[1:]):
            raise ValueError(f"kernel_size must be at most {min(5, *x.shape[1:])}, got {kernel_size}")
    else:
        filters = as_array(filters, "filters", ndim=4)
        if filters.shape[1] != x.shape[0]:
            raise ValueError(f"filters has {filters.shape[1]} input channels but x has {x.shape[0]}")
        weight = filters
    n_cols = (output_size(x.shape[1], weight.shape[2], stride=stride, padding=padding)
              * output_size(x.shape[2], weight.shape[3], stride=stride, padding=padding))
    if column >= n_cols:
        raise ValueError(f"column must be below the patch matrix's {n_cols} columns, got {column}")
    return _PatchMatrixExplorer(x, filters, column, kernel_size, stride, padding, max_stride, max_padding)
