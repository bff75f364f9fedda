"""Explorer for im2col: pick a column of the patch matrix, see the window it holds.

Built on :class:`~cnnbook.explorers.Explorer` and the view
:class:`cnnbook.views.im2col.PatchMatrixView`; every slider move only moves outlines,
so an update costs one PNG encode.
"""

from __future__ import annotations

from cnnbook._validate import as_array, as_int
from cnnbook.explorers._base import Explorer, slider
from cnnbook.views.im2col import PatchMatrixView

__all__ = ["patch_matrix_explorer"]


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
        :class:`~cnnbook.views.im2col.PatchMatrixView`.
    """
    x = as_array(x, "x", ndim=3)
    weight = as_array(weight, "weight", ndim=4)
    n_cols = PatchMatrixView.n_columns_for(x, weight)
    column = as_int(column, "column", minimum=0)
    if column >= n_cols:
        raise ValueError(f"column must be between 0 and {n_cols - 1} (the patch matrix has {n_cols}), got {column}")
    return Explorer({"column": slider("column of the patch matrix", column, 0, n_cols - 1)},
                    name="Patch matrix explorer", view=lambda fig: PatchMatrixView(fig, x, weight), figsize=(8.5, 6.2))
