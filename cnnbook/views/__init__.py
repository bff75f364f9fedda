"""Drawing modules (no widgets): each draws one topic's figures.

This branch adds only :mod:`cnnbook.views.gabor`; the other topics are merged in by
the package reorganisation.
"""

from cnnbook.views.gabor import (
    METHOD_COLOURS,
    GratingResponseView,
    colour_filter_image,
    draw_colour_filters,
    draw_distributions,
    draw_learning_curves,
)

__all__ = [
    "METHOD_COLOURS",
    "GratingResponseView",
    "colour_filter_image",
    "draw_colour_filters",
    "draw_distributions",
    "draw_learning_curves",
]
