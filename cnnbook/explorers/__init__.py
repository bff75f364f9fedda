"""Interactive explorers: one module per topic, the same topics as :mod:`cnnbook.views`.

Every explorer is an :class:`Explorer` (an ``ipywidgets.VBox``): its controls, the
figure of a view from :mod:`cnnbook.views` shown as PNG, and a one-line readout.
They can be driven without a browser: set a control's ``value`` and read
``explorer.image.value`` (PNG bytes) and ``explorer.readout.value`` (HTML).

Most explorers are a plain ``Explorer(controls, view=lambda fig: SomeView(fig, ...))``:
on every control change it calls ``view.update(**values)``.  A subclass overrides
``draw`` only to turn control values into the view's arguments, and ``react`` to
re-range dependent controls (inside :meth:`Explorer.batch`, so one action costs one
redraw).
"""

from __future__ import annotations

from cnnbook.explorers._base import (
    Explorer,
    slider,
)
from cnnbook.explorers.signals import (
    correlation_stepper,
    smoothing_explorer,
)
from cnnbook.explorers.filters import (
    KERNEL_CHOICES,
    filter_learning_explorer,
    kernel_explorer,
    tile_correlation_explorer,
)
from cnnbook.explorers.im2col import (
    patch_matrix_explorer,
)
from cnnbook.explorers.pooling import (
    pooling_explorer,
)
from cnnbook.explorers.receptive import (
    network_diagram_explorer,
    receptive_field_explorer,
)
from cnnbook.explorers.dilation import (
    dilation_explorer,
)
from cnnbook.explorers.network import (
    TrainingProgress,
    feature_maps_explorer,
    top_inputs_explorer,
)
from cnnbook.explorers.gabor import (
    grating_explorer,
)

__all__ = [
    "Explorer",
    "KERNEL_CHOICES",
    "TrainingProgress",
    "correlation_stepper",
    "dilation_explorer",
    "feature_maps_explorer",
    "filter_learning_explorer",
    "grating_explorer",
    "kernel_explorer",
    "network_diagram_explorer",
    "patch_matrix_explorer",
    "pooling_explorer",
    "receptive_field_explorer",
    "slider",
    "smoothing_explorer",
    "tile_correlation_explorer",
    "top_inputs_explorer",
]
