"""Explorers of a small trained network, and the live progress bar of a training loop."""

from __future__ import annotations

import time
import uuid

import ipywidgets as widgets
import numpy as np

from cnnbook._validate import as_array, as_int, as_number
from cnnbook.explorers._base import Explorer, slider
from cnnbook.views.network import FeatureMapsView, TopInputsView, as_net, as_stages

__all__ = ["TrainingProgress", "feature_maps_explorer", "top_inputs_explorer"]


def top_inputs_explorer(images, responses, labels, *, n=12, unit=0):
    """A slider picks a unit; shows the inputs that excite it most.

    Parameters as for :class:`TopInputsView`; ``unit`` is the one shown first.

    Returns
    -------
    Explorer
    """
    units = as_array(responses, "responses", ndim=2).shape[1]
    unit = as_int(unit, "unit", minimum=0)
    if unit >= units:
        raise ValueError(f"unit must be < {units} (the number of units), got {unit}")
    return Explorer({"unit": slider("unit", unit, 0, units - 1)},
                    name="Top inputs explorer", view=lambda fig: TopInputsView(fig, images, responses, labels, n=n), figsize=(8.0, 2.4))


class _FeatureMapsExplorer(Explorer):
    def __init__(self, net, images, labels, stages):
        self._images, self._labels = images, labels
        guesses = net.forward(images).argmax(axis=1)
        # which test images each choice of the "digits" menu keeps
        self._subsets = {"all": np.arange(len(images)), "misclassified": np.flatnonzero(guesses != labels)}
        for c in np.unique(labels).astype(int):
            self._subsets[f"class {c}"] = np.flatnonzero(labels == c)
        options = [(f"{name} ({len(idx)})", name) for name, idx in self._subsets.items() if len(idx)]
        controls = {
            "digits": widgets.Dropdown(options=options, value="all", description="digits"),
            "index": slider("image", 0, 0, len(images) - 1),
        }
        super().__init__(controls, name="Feature maps explorer", view=lambda fig: FeatureMapsView(fig, net, stages),
                         figsize=(8.0, 0.7 * (len(stages) + 1) + 0.4))

    def react(self, change):
        if change["owner"] is self.controls["digits"]:  # the slider runs over the chosen digits
            self.controls["index"].value = 0
            self.controls["index"].max = len(self._subsets[change["new"]]) - 1

    def draw(self, digits, index):
        chosen = self._subsets[digits]
        i = int(chosen[min(index, len(chosen) - 1)])
        readout = self.view.update(self._images[i], self._labels[i])
        return f"<div>test image {i} ({index + 1} of {len(chosen)} in '{digits}')</div>" + readout


def feature_maps_explorer(net, images, labels, stages):
    """Pick an image (all, only the misclassified ones, or one class); see its feature maps.

    Parameters
    ----------
    net : cnnbook.nn.Sequential
    images : array_like, shape (N, 1, H, W)
    labels : array_like, shape (N,)
    stages : list of (int, str)
        As for :class:`FeatureMapsView`.

    Returns
    -------
    Explorer
        Controls ``digits`` (which images the slider runs over: ``"all"``,
        ``"misclassified"`` or ``"class k"``) and ``index`` (position in that list).
    """
    net, stages = as_net(net), as_stages(stages)
    images = as_array(images, "images", ndim=4)
    labels = as_array(labels, "labels", ndim=1)
    if len(labels) != len(images):
        raise ValueError(f"labels must have one entry per image ({len(images)}), got {len(labels)}")
    return _FeatureMapsExplorer(net, images, labels, list(stages))


class TrainingProgress(widgets.HBox):
    """A live progress bar for a training loop: epochs done, loss and accuracy.

    Call :meth:`update` after each epoch; :attr:`text` holds the current line, so a
    loop can be followed (and tested) without a browser.  Displayed, the bar's
    plain-text form is :attr:`summary`, and after the last epoch the output is replaced
    by the finished bar, whose plain text says how many epochs ran and how long they
    took: a notebook viewed where no kernel runs shows that line, not a widget repr.

    Parameters
    ----------
    epochs : int
        Number of epochs the bar counts to.

    Examples
    --------
    >>> bar = TrainingProgress(3)
    >>> bar.update(1, loss=0.51234, train_acc=0.9, test_acc=0.875)
    >>> bar.bar.value, bar.text
    (1, 'epoch 1/3: loss 0.512, training accuracy 90.0%, test accuracy 87.5%')
    >>> bar.summary
    'training: epoch 1/3: loss 0.512, training accuracy 90.0%, test accuracy 87.5%'
    """

    def __init__(self, epochs):
        self.epochs = as_int(epochs, "epochs", minimum=1)
        self.bar = widgets.IntProgress(value=0, min=0, max=self.epochs, description="training",
                                       layout=widgets.Layout(width="260px"))
        self.label = widgets.HTML(value="")
        super().__init__(children=[self.bar, self.label])
        self._start = time.perf_counter()
        self._seconds = None  # set by the last epoch's update
        self._display_ids = []

    @property
    def text(self):
        return self.label.value

    @property
    def summary(self):
        """The bar as one plain line: progress so far, or what the finished run took."""
        if self._seconds is not None:
            line = f"trained {self.epochs} epoch{'s' if self.epochs > 1 else ''} in {self._seconds:.1f} s"
            return f"{line}; last {self.text}" if self.text else line
        return f"training: {self.text}" if self.text else f"training: 0/{self.epochs} epochs done"

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.summary
        return data

    def _ipython_display_(self):
        # displayed under an id, so that the last update can replace the stored output
        from IPython.display import display

        self._start = time.perf_counter()
        self._display_ids.append(uuid.uuid4().hex)
        display(self._repr_mimebundle_(), raw=True, display_id=self._display_ids[-1])

    def update(self, epoch, *, loss, train_acc=None, test_acc=None):
        """Show that ``epoch`` (1-based) is done, with its loss and accuracies."""
        self.bar.value = as_int(epoch, "epoch", minimum=0)
        loss = as_number(loss, "loss")
        train_acc = None if train_acc is None else as_number(train_acc, "train_acc")
        test_acc = None if test_acc is None else as_number(test_acc, "test_acc")
        parts = [f"epoch {epoch}/{self.epochs}: loss {loss:.3f}"]
        if train_acc is not None:
            parts.append(f"training accuracy {100 * train_acc:.1f}%")
        if test_acc is not None:
            parts.append(f"test accuracy {100 * test_acc:.1f}%")
        self.label.value = ", ".join(parts)
        if epoch >= self.epochs:
            self.bar.bar_style = "success"
            self._seconds = time.perf_counter() - self._start
            if self._display_ids:
                from IPython.display import update_display

                for display_id in self._display_ids:
                    update_display(self._repr_mimebundle_(), raw=True, display_id=display_id)
