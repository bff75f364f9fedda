"""Drawing: one module per topic, each with *views* and ``draw_*`` functions.

========================  =====================================================
:mod:`~.signals`          1D cross-correlation step by step; smoothing a signal
:mod:`~.filters`          images, 2D kernels, tile-by-tile correlation, a learned kernel
:mod:`~.im2col`           the patch matrix, timings and memory of im2col
:mod:`~.pooling`          max and average pooling; distances after a shift
:mod:`~.receptive`        network diagrams, receptive fields on a photo, footprints
:mod:`~.dilation`         dilated kernels and their responses
:mod:`~.network`          a trained network's filters, feature maps and top inputs
:mod:`~.gabor`            Gabor filters, gratings and the cells they drive; colour filters
========================  =====================================================

A **view** is a class that builds its artists once on a matplotlib figure; its
``update(...)`` moves them and returns a one-line HTML readout (the explorers of
:mod:`cnnbook.explorers` call it on every control change).  Every view has ``fig`` and
``axes`` (a tuple of its Axes).

A **draw function** (``draw_*``) draws once, on a new figure unless ``fig`` (or ``ax``)
is given, and returns, in one convention for the whole package: the **Axes** when it
draws one panel; otherwise an object with ``fig`` and ``axes``: the **view** it made
and updated once, or :class:`Panels` for a static figure of several panels (with any
further results as attributes, e.g. ``draw_rf_growth(...).tables``).  In every drawing
function ``stride`` and ``padding`` are keyword-only, as in the numerics, and a
window's size is ``kernel_size``.

Importing this package imports matplotlib (not pyplot's global state: nothing here
changes ``rcParams``) and never ipywidgets.
"""

from __future__ import annotations

from cnnbook.views._style import (
    Panels,
    PngRenderer,
    new_figure,
    no_ticks,
    ticks_under,
)
from cnnbook.views.signals import (
    CorrelationStepView,
    SmoothingView,
    draw_correlation_step,
    draw_smoothing,
)
from cnnbook.views.filters import (
    FilterLearningView,
    KernelView,
    TileCorrelationView,
    draw_filter_learning,
    draw_kernel,
    draw_tile_correlation,
    show_image,
    show_kernel,
)
from cnnbook.views.im2col import (
    METHOD_STYLES,
    PatchMatrixView,
    column_colours,
    draw_im2col_memory,
    draw_patch_matrix,
    draw_timings,
    im2col_bytes,
)
from cnnbook.views.pooling import (
    PoolingView,
    draw_pooling,
    draw_shift_distances,
    max_positions,
)
from cnnbook.views.receptive import (
    NetworkDiagramView,
    ReceptiveFieldView,
    draw_footprints,
    draw_network_diagram,
    draw_receptive_field,
    draw_rf_growth,
    layer_table,
)
from cnnbook.views.dilation import (
    DilationView,
    dilated_taps,
    draw_dilated_kernels,
    draw_dilation,
)
from cnnbook.views.network import (
    FeatureMapsView,
    TopInputsView,
    draw_digit_grid,
    draw_feature_maps,
    draw_filter_pairs,
    draw_top_inputs,
    draw_training_curves,
    mosaic,
    top_inputs,
)
from cnnbook.views.gabor import (
    GratingResponseView,
    METHOD_COLOURS,
    colour_filter_image,
    draw_colour_filters,
    draw_distributions,
    draw_learning_curves,
)

__all__ = [
    "CorrelationStepView",
    "DilationView",
    "FeatureMapsView",
    "FilterLearningView",
    "GratingResponseView",
    "KernelView",
    "METHOD_COLOURS",
    "METHOD_STYLES",
    "NetworkDiagramView",
    "Panels",
    "PatchMatrixView",
    "PngRenderer",
    "PoolingView",
    "ReceptiveFieldView",
    "SmoothingView",
    "TileCorrelationView",
    "TopInputsView",
    "colour_filter_image",
    "column_colours",
    "dilated_taps",
    "draw_colour_filters",
    "draw_correlation_step",
    "draw_digit_grid",
    "draw_dilated_kernels",
    "draw_dilation",
    "draw_distributions",
    "draw_feature_maps",
    "draw_filter_learning",
    "draw_filter_pairs",
    "draw_footprints",
    "draw_im2col_memory",
    "draw_kernel",
    "draw_learning_curves",
    "draw_network_diagram",
    "draw_patch_matrix",
    "draw_pooling",
    "draw_receptive_field",
    "draw_rf_growth",
    "draw_shift_distances",
    "draw_smoothing",
    "draw_tile_correlation",
    "draw_timings",
    "draw_top_inputs",
    "draw_training_curves",
    "im2col_bytes",
    "layer_table",
    "max_positions",
    "mosaic",
    "new_figure",
    "no_ticks",
    "show_image",
    "show_kernel",
    "ticks_under",
    "top_inputs",
]
