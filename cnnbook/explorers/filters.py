"""Interactive explorers for 2D filtering: tile by tile, a gallery of kernels, learning one.

Each is an :class:`~cnnbook.explorers.Explorer` (controls, one PNG figure, a readout)
around a view from :mod:`cnnbook.views.filters`.
"""

from __future__ import annotations

import os
from typing import Callable

import ipywidgets as widgets
import numpy as np

from cnnbook import kernels
from cnnbook._cache import Lru
from cnnbook._validate import as_array, as_int, as_number
from cnnbook.arithmetic import output_size
from cnnbook.data import IMAGES, load_image
from cnnbook.explorers._base import Explorer, slider
from cnnbook.views.filters import FilterLearningView, KernelView, TileCorrelationView

__all__ = ["KERNEL_CHOICES", "filter_learning_explorer", "kernel_explorer", "tile_correlation_explorer"]


class _TileCorrelationExplorer(Explorer):
    def __init__(self, image, choices):
        self._image, self._choices = image, choices
        first = next(iter(choices.values()))
        ho, wo = (output_size(n, k) for n, k in zip(image.shape, first.shape))
        controls = {
            "row": slider("output row", 0, 0, ho - 1),
            "col": slider("output column", 0, 0, wo - 1),
            "kernel_name": widgets.Dropdown(options=list(choices), value=next(iter(choices)), description="kernel",
                                            style={"description_width": "initial"}),
        }
        super().__init__(controls, name="Tile correlation explorer", figsize=(10.0, 2.9))

    def setup(self):
        self._shown = None

    def draw(self, row, col, kernel_name):
        if self._shown != kernel_name:  # another kernel: a new view (its output may have another shape)
            kernel = self._choices[kernel_name]
            self._show_view(kernel_name, lambda fig: TileCorrelationView(fig, self._image, kernel))
            self._shown = kernel_name
            ho, wo = self.view.output.shape
            with self.batch():  # ranges clamped here do not redraw twice
                self.controls["row"].max, self.controls["col"].max = ho - 1, wo - 1
                row, col = min(row, ho - 1), min(col, wo - 1)
                self.controls["row"].value, self.controls["col"].value = row, col
        return self.view.update(row, col)


def tile_correlation_explorer(image, kernel):
    """Compute a 2D cross-correlation one tile at a time, chosen with two sliders.

    Shows the window over the image, the kernel, the products of each weight with the
    pixel under it and their sum, and the output filled in up to the chosen tile.  A
    dropdown switches between kernels: the one given and its transpose, or the
    kernels of a dict.

    Parameters
    ----------
    image : array_like, shape (H, W)
        Small (about 8 x 8), so that every value can be written in its cell.
    kernel : array_like, shape (kh, kw), or dict of str -> array_like (kh, kw)
        Not larger than the image.  An array offers "as given" and "transposed"; a
        dict offers its kernels by name (the first is shown first).

    Returns
    -------
    Explorer
        Controls ``row`` and ``col`` (the output position) and ``kernel_name``.
    """
    image = as_array(image, "image", ndim=2).astype(float)
    if isinstance(kernel, dict):
        if not kernel:
            raise ValueError("kernel must be an array or a non-empty dict of name -> 2D array, got an empty dict")
        choices = {str(name): as_array(k, f"kernel[{name!r}]", ndim=2).astype(float) for name, k in kernel.items()}
    else:
        k = as_array(kernel, "kernel", ndim=2).astype(float)
        choices = {"as given": k, "transposed": k.T.copy()}
    for name, k in choices.items():
        if k.shape[0] > image.shape[0] or k.shape[1] > image.shape[1]:
            raise ValueError(f"kernel {name!r} of shape {k.shape} does not fit image of shape {image.shape}")
    return _TileCorrelationExplorer(image, choices)


#: The kernel explorer's dropdown: name -> kernel, or a function of sigma.
KERNEL_CHOICES = {
    "box 3x3": lambda sigma: kernels.BOX3,
    "Gaussian (sigma slider)": lambda sigma: kernels.gaussian2d(sigma),
    "sharpen": lambda sigma: kernels.SHARPEN,
    "Sobel x (vertical edges)": lambda sigma: kernels.SOBEL_X,
    "Sobel y (horizontal edges)": lambda sigma: kernels.SOBEL_Y,
    "Prewitt x": lambda sigma: kernels.PREWITT_X,
    "Prewitt y": lambda sigma: kernels.PREWITT_Y,
    "Laplacian": lambda sigma: kernels.LAPLACIAN,
    "custom (edit the 3x3 entries)": None,
}

OWN_IMAGE = "your own image (path below)"


class _KernelExplorer(Explorer):
    def __init__(self, images, size, kernel):
        self._images = images
        self._size = size
        self._own = Lru(4)  # (path, file's modification time) -> the reader's image, loaded once
        style = {"description_width": "initial"}
        entries = {
            f"k{i}{j}": widgets.FloatText(value=float(kernel[i, j]), step=0.5, layout=widgets.Layout(width="70px"))
            for i in range(3)
            for j in range(3)
        }
        controls = {
            "kernel_name": widgets.Dropdown(options=list(KERNEL_CHOICES), value="Sobel x (vertical edges)",
                                            description="kernel", style=style),
            "sigma": slider("Gaussian sigma", 1.0, 0.4, 2.0, step=0.1),
            "image_name": widgets.Dropdown(options=[*images, OWN_IMAGE], value=next(iter(images)),
                                           description="image", style=style),
            "path": widgets.Text(value="", placeholder="path/to/your/picture.jpg", description="your image",
                                 continuous_update=False, style=style, layout=widgets.Layout(width="420px")),
            **entries,
        }
        super().__init__(controls, figsize=(9.0, 3.2))
        # lay the nine entries out as a 3x3 grid under the other controls
        top = [widgets.HBox([controls["kernel_name"], controls["sigma"]]),
               widgets.HBox([controls["image_name"], controls["path"]])]
        grid = widgets.GridBox(list(entries.values()),
                               layout=widgets.Layout(grid_template_columns="repeat(3, 76px)", grid_gap="2px"))
        custom = widgets.HBox([widgets.HTML("custom kernel:&nbsp;"), grid])
        self.children = [*top, custom, self.image, self.readout]

    def setup(self):
        self.view = KernelView(self.figure)

    def _image(self, image_name, path):
        if image_name != OWN_IMAGE:
            return self._images[image_name], image_name, ""
        if not path.strip():
            name = next(iter(self._images))
            return self._images[name], name, f" (type the path of an image file in the box; showing {name})"
        try:
            key = (path, os.stat(path.strip()).st_mtime_ns)  # a file saved again is read again
        except OSError:
            key = (path, None)  # load_image says what is wrong
        try:
            return self._own.get(key, lambda: load_image(path.strip(), gray=True, size=self._size)), "your image", ""
        except (ValueError, TypeError) as exc:
            name = next(iter(self._images))
            return self._images[name], name, f" (could not use {path!r}: {exc})"

    def draw(self, kernel_name, sigma, image_name, path, **entries):
        make = KERNEL_CHOICES[kernel_name]
        # grey out the controls that cannot act on the chosen kernel
        self.controls["sigma"].disabled = not kernel_name.startswith("Gaussian")
        for i in range(3):
            for j in range(3):
                self.controls[f"k{i}{j}"].disabled = make is not None
        if make is None:
            kernel = np.array([[entries[f"k{i}{j}"] for j in range(3)] for i in range(3)], dtype=float)
        else:
            kernel = make(sigma)
        image, shown_name, note = self._image(image_name, path)
        label = f"Gaussian, sigma {sigma:.1f}" if kernel_name.startswith("Gaussian") else kernel_name.split(" (")[0]
        readout = self.view.update(image, kernel, name=label, image_name=shown_name)
        return readout + note


def kernel_explorer(images=None, *, size=200, custom=None):
    """Try the classic kernels (and your own) on photographs.

    A dropdown picks the kernel (box, Gaussian with a sigma slider, sharpen, Sobel,
    Prewitt, Laplacian, or "custom", which uses the nine editable entries); another
    picks the image, including the reader's own image file (its path goes in the text
    box).  The figure shows input | kernel with its values | output.

    Parameters
    ----------
    images : dict of str -> array (H, W), optional
        Grey images in [0, 1] to choose from; by default the book's photographs
        (``cnnbook.data.IMAGES``) in grey at ``size``.
    size : int, default 200
        Longer side, in pixels, of the book's photographs and of the reader's image
        (small keeps every update quick).
    custom : array_like, shape (3, 3), optional
        Initial values of the editable entries (default: ``[[2, 1, 0], [1, 0, -1], [0, -1, -2]]``, a
        diagonal Sobel kernel, bright where the image is brighter to the upper left).

    Returns
    -------
    Explorer
        Controls ``kernel_name``, ``sigma``, ``image_name``, ``path`` and ``k00`` ..
        ``k22``.
    """
    size = as_int(size, "size", minimum=8)
    if images is None:
        images = {name: load_image(name, gray=True, size=size) for name in IMAGES}
    if not isinstance(images, dict) or not images:
        raise TypeError(f"images must be a non-empty dict of name -> 2D array, got {type(images).__name__}")
    checked = {str(name): as_array(img, f"images[{name!r}]", ndim=2).astype(float) for name, img in images.items()}
    if custom is None:
        custom = np.array([[2.0, 1.0, 0.0], [1.0, 0.0, -1.0], [0.0, -1.0, -2.0]])
    custom = as_array(custom, "custom", ndim=2)
    if custom.shape != (3, 3):
        raise ValueError(f"custom must be a 3x3 kernel, got shape {custom.shape}")
    return _KernelExplorer(checked, size, custom)


class _FilterLearningExplorer(Explorer):
    def __init__(self, fit, true_kernel, lr, steps, max_steps, lr_range=(1e-3, 10**0.5), noise_levels=None):
        self._fit, self._true, self._max_steps = fit, true_kernel, max_steps
        self._runs = Lru(64)  # (lr, noise) -> (kernels, losses) of a max_steps run: going back to one is instant
        lo, hi = np.log10(lr_range[0]), np.log10(lr_range[1])
        controls = {
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=lo, max=hi, step=0.05,
                                         description="learning rate",
                                         continuous_update=False, style={"description_width": "initial"},
                                         layout=widgets.Layout(width="320px"), readout_format=".3g"),
            "steps": slider("steps", steps, 1, max_steps),
        }
        if noise_levels is not None:
            controls["noise"] = widgets.SelectionSlider(
                options=list(noise_levels), value=noise_levels[0], description="target noise",
                continuous_update=False, style={"description_width": "initial"}, layout=widgets.Layout(width="320px"))
        super().__init__(controls, figsize=(9.0, 2.9))

    def setup(self):
        self.view = FilterLearningView(self.figure, self._true, max_steps=self._max_steps)

    def _run(self, lr, noise=None):
        """The whole max_steps run for ``lr`` (and ``noise``): a shorter run is its beginning."""
        return self._runs.get((lr, noise), lambda: self._fit_checked(lr, noise))

    def _fit_checked(self, lr, noise):
        with np.errstate(over="ignore", invalid="ignore"):
            if noise is None:
                kernels, losses = self._fit(lr, self._max_steps)
            else:
                kernels, losses = self._fit(lr, self._max_steps, noise)
        kernels = np.asarray(kernels, dtype=float)
        if kernels.shape != (self._max_steps, *self._true.shape) or len(losses) != self._max_steps:
            raise ValueError(
                f"fit(lr, steps) must return (kernels, losses) with kernels of shape "
                f"(steps, {self._true.shape[0]}, {self._true.shape[1]}) and one loss per step; for "
                f"steps={self._max_steps} it returned kernels of shape {kernels.shape} and {len(losses)} losses"
            )
        return kernels, np.asarray(losses, dtype=float)

    def draw(self, lr, steps, noise=None):
        kernels, losses = self._run(lr, noise)
        text = self.view.update(losses[:steps], kernels[steps - 1], lr=lr)
        return text if noise is None else f"{text}; target noise {noise}"


def filter_learning_explorer(fit: Callable, true_kernel, *, lr=0.1, steps=100, max_steps=400,
                             lr_range=(1e-3, 10**0.5), noise_levels=None):
    """Re-run a kernel-learning experiment for a chosen learning rate and number of steps.

    The training itself is the reader's: ``fit(lr, steps)`` must return
    ``(kernels, losses)``, the kernel after each step and the loss before it.  The
    explorer runs ``fit(lr, max_steps)`` once for each learning rate it is shown, and
    moving the ``steps`` slider only shows an earlier point of that run (gradient descent
    from a fixed start is deterministic, so ``steps`` steps are the beginning of
    ``max_steps``); it shows the loss curve and the learned kernel next to the hidden one.
    ``fit`` should give the same result for the same arguments (seed any randomness).

    Parameters
    ----------
    fit : callable ``(lr: float, steps: int) -> (ndarray (steps, kh, kw), sequence of float)``
        Should be quick (well under a second for ``max_steps``).
    true_kernel : array_like, shape (kh, kw)
    lr : float, default 0.1
    steps, max_steps : int, default 100 and 400
    lr_range : (float, float), default (0.001, about 3.16)
        The learning-rate slider's range (log scale); ``lr`` must lie inside it.
    noise_levels : sequence of float, optional
        If given, a "target noise" slider offers these values and the explorer calls
        ``fit(lr, steps, noise)`` instead.

    Returns
    -------
    Explorer
        Controls ``lr`` (log slider over ``lr_range``), ``steps`` and, with
        ``noise_levels``, ``noise``.
    """
    if not callable(fit):
        raise TypeError(f"fit must be a function fit(lr, steps) -> (kernels, losses), got {type(fit).__name__}")
    true_kernel = as_array(true_kernel, "true_kernel", ndim=2).astype(float)
    max_steps = as_int(max_steps, "max_steps", minimum=1)
    steps = as_int(steps, "steps", minimum=1)
    if steps > max_steps:
        raise ValueError(f"steps must be between 1 and max_steps={max_steps}, got {steps}")
    lr = as_number(lr, "lr")
    if not lr > 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    bounds = as_array(lr_range, "lr_range", ndim=1).astype(float)
    if bounds.shape != (2,):
        raise ValueError(f"lr_range must be two positive numbers (low, high), got {lr_range!r}")
    lo, hi = bounds.tolist()
    if not 0 < lo < hi or not lo <= lr <= hi:
        raise ValueError(f"lr_range must satisfy 0 < low <= lr={lr!r} <= high, got {lr_range!r}")
    if noise_levels is not None:
        noise_levels = as_array(noise_levels, "noise_levels", ndim=1).astype(float).tolist()
        if not noise_levels or min(noise_levels) < 0:
            raise ValueError(f"noise_levels must be a non-empty sequence of numbers >= 0, got {noise_levels!r}")
    return _FilterLearningExplorer(fit, true_kernel, lr, steps, max_steps, (lo, hi), noise_levels)
