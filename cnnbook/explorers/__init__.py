"""Interactive explorers (ipywidgets): thin controls around one view each.

This branch adds only :mod:`cnnbook.explorers.gabor`; the other topics are merged in by
the package reorganisation.
"""

from cnnbook.explorers.gabor import grating_explorer

__all__ = ["grating_explorer"]
