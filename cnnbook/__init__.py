"""cnnbook: the small numpy package behind an interactive textbook on CNNs.

It holds what the book's chapters share: the sliding-window operations the chapters
teach (each with a plain-loop twin in :mod:`cnnbook.reference`), named kernels, a small
neural-network library with hand-written backward passes (:mod:`cnnbook.nn`), the
book's data and self-check exercises.  Two subpackages, imported only when needed, hold
the pictures: :mod:`cnnbook.views` (drawing, with matplotlib) and
:mod:`cnnbook.explorers` (interactive widgets, with ipywidgets), one module per topic
with the same topic names on both sides (``signals``, ``filters``, ``im2col``,
``pooling``, ``receptive``, ``dilation``, ``network``).  ``import cnnbook`` imports
numpy and nothing heavier.

Layout: numerics at the top level (:mod:`~cnnbook.arithmetic`,
:mod:`~cnnbook.correlation`, :mod:`~cnnbook.convolution`, :mod:`~cnnbook.pooling`,
:mod:`~cnnbook.nn`, :mod:`~cnnbook.kernels`, :mod:`~cnnbook.reference`) import no view,
explorer, matplotlib or ipywidgets; views import no explorer and no ipywidgets; no
module imports a private (``_x``) name of another (``tests/test_layering.py``).

Conventions, used everywhere in the book
-----------------------------------------
* "Convolution" in deep learning means **cross-correlation**: the kernel slides over
  the input without being flipped.  :func:`convolve1d` (flipped) exists to show the
  difference.
* **Padding counts per side**: ``padding=1`` adds one zero before *and* one after
  along each axis.
* **``dilation=1`` is an ordinary kernel**; dilation ``d`` leaves ``d - 1`` gaps
  between taps.  Stride 1 is the default.
* **Shapes follow PyTorch**: a batch is ``(N, C, H, W)``, weights are
  ``(K, C, kh, kw)``; a single image is ``(H, W)`` or ``(C, H, W)``.
* float32 inputs give float32 results; integer inputs are computed in float64.

Examples
--------
>>> import cnnbook
>>> cnnbook.correlate1d([1, 2, 3, 4], [1, -1])
array([-1., -1., -1.])
>>> cnnbook.output_size(8, 3)
6
"""

from cnnbook.arithmetic import (
    Layer,
    ReceptiveField,
    effective_kernel_size,
    output_size,
    padding_amounts,
    receptive_field,
)
from cnnbook.convolution import col2im, conv2d, im2col
from cnnbook.correlation import convolve1d, correlate1d, correlate2d
from cnnbook.data import load_digits, load_image, load_signal
from cnnbook.exercises import check
from cnnbook.nn import (
    SGD,
    Adam,
    Conv2d,
    Dense,
    Flatten,
    MaxPool2d,
    Parameter,
    ReLU,
    Sequential,
    SoftmaxCrossEntropy,
    numerical_gradient,
    softmax,
)
from cnnbook.pooling import avg_pool2d, max_pool2d
from cnnbook import kernels, reference

__version__ = "0.1.0"

__all__ = [
    "Adam",
    "avg_pool2d",
    "check",
    "col2im",
    "conv2d",
    "Conv2d",
    "convolve1d",
    "correlate1d",
    "correlate2d",
    "Dense",
    "effective_kernel_size",
    "Flatten",
    "im2col",
    "kernels",
    "Layer",
    "load_digits",
    "load_image",
    "load_signal",
    "max_pool2d",
    "MaxPool2d",
    "numerical_gradient",
    "output_size",
    "padding_amounts",
    "Parameter",
    "receptive_field",
    "ReceptiveField",
    "reference",
    "ReLU",
    "Sequential",
    "SGD",
    "softmax",
    "SoftmaxCrossEntropy",
]
