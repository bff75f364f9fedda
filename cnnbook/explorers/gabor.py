"""The grating explorer: drive a simple and a complex cell with a grating, live."""

from __future__ import annotations

import numpy as np

from cnnbook._cache import Lru
from cnnbook._validate import as_array, as_int
from cnnbook.gabor import cell_responses, grating
from cnnbook.views.gabor import GratingResponseView
from cnnbook.explorers._base import Explorer, slider

__all__ = ["grating_explorer"]


class _GratingExplorer(Explorer):
    ORIENTATIONS = np.arange(0.0, 180.1, 15.0)

    def __init__(self, simple, complex_, kernel, size, theta, frequency):
        self._cells, self._kernel, self._size = (simple, complex_), kernel, size
        # each cell's peak tuning at the starting grating: the fixed scale against which a
        # cell counts as silent, whatever the frequency the reader moves to
        start = cell_responses(simple, complex_, size=size, theta=theta, frequency=frequency,
                               orientations=self.ORIENTATIONS)
        self._reference = (float(np.max(start["tuning_simple"])), float(np.max(start["tuning_complex"])))
        controls = {
            "orientation": slider("orientation (deg)", float(theta), 0.0, 180.0, 7.5),
            "frequency": slider("spatial frequency (cycles/pixel)", float(frequency), 0.05, 0.45, 0.025),
            "phase": slider("phase (deg)", 0.0, 0.0, 350.0, 10.0),
        }
        super().__init__(controls, figsize=(10.0, 3.4))

    def setup(self):
        self._responses = Lru(16)
        self.view = GratingResponseView(self.figure)

    def draw(self, orientation, frequency, phase):
        # the responses depend on orientation and frequency, not on the phase shown: a phase
        # change (and a return to a recent grating) reuses them
        r = self._responses.get((orientation, frequency), lambda: cell_responses(
            *self._cells, size=self._size, theta=orientation, frequency=frequency,
            orientations=self.ORIENTATIONS))
        image = grating(self._size, theta=orientation, frequency=frequency, phase=phase)
        return self.view.update(image, self._kernel, r["phases"], r["simple"], r["complex"], phase,
                                r["orientations"], r["tuning_simple"], r["tuning_complex"], orientation,
                                f1f0=r["f1f0"], reference=self._reference)


def grating_explorer(simple, complex_, kernel, *, size, theta=0.0, frequency=0.15):
    """Sliders for a grating's orientation, spatial frequency and phase; both cells respond live.

    Parameters
    ----------
    simple, complex_ : callable
        Image ``(size, size)`` -> response (see :func:`cell_responses`).
    kernel : array_like, shape (k, k)
        The simple cell's filter, drawn as contours over the grating (centred).
    size : int
        Side of the grating, pixels (>= k).
    theta, frequency : float
        Initial orientation (degrees) and frequency (cycles per pixel).

    Returns
    -------
    Explorer
    """
    kernel = as_array(kernel, "kernel", ndim=2)
    size = as_int(size, "size", minimum=kernel.shape[0])
    for name, fn in (("simple", simple), ("complex_", complex_)):
        if not callable(fn):
            raise TypeError(f"{name} must be a function image -> response, got {type(fn).__name__}")
    return _GratingExplorer(simple, complex_, kernel, size, theta, frequency)
