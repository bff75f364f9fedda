"""Explorer for im2col: pick a column of the patch matrix, see the window it holds.

Built on :class:`cnnbook.widgets.Explorer` and the view
:class:`cnnbook.im2col_views.PatchMatrixView`; every slider move only moves outlines,
so an update costs one PNG encode.
"""

from __future__ import annotations

from cnnbook._validate import as_array
from cnnbook.im2col_views import PatchMatrixView
from cnnbook.widgets import Explorer, _slider

__all__ = ["patch_matrix_explorer"]


class _PatchMatrixExplorer(Explorer):
    def __init__(self, x, weight, column):
        self._x, self._weight = x, weight
        n_cols = PatchMatrixView.n_columns_for(x, weight)
        super().__init__({"column": _slider("column of the patch matrix", column, 0, n_cols - 1)}, figsize=(8.5, 6.2))

    def setup(self):
        self.view = PatchMatrixView(self.figure, self._x, self._weight)

    def draw(self, column):
        return self.view.update(column)


def patch_matrix_explorer(x, weight, *, column=0):
    """Slide along the columns of ``im2col(x)`` and watch each one's window on the image.

    Parameters
    ----------
    x : array_like, shape (C, H, W)
    weight : array_like, shape (K, C, kh, kw)
    column : int, default 0
        The column shown first.

    Returns
    -------
    Explorer
        Its ``controls["column"]`` is the slider; ``view`` is the
        :class:`~cnnbook.im2col_views.PatchMatrixView`.
    """
    x = as_array(x, "x", ndim=3)
    weight = as_array(weight, "weight", ndim=4)
    return _PatchMatrixExplorer(x, weight, int(column))
