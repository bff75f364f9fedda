"""A small neural-network library: layers that know their own gradients.

Every layer has the same small shape, as in micrograd's ``nn.py``:

* ``forward(x)`` computes the output and keeps what the backward pass will need;
* ``backward(grad)`` receives dLoss/dOutput, stores dLoss/dParameter in each
  parameter's ``grad`` and returns dLoss/dInput;
* ``parameters()`` lists the layer's :class:`Parameter` objects (value and grad).

There is no autograd: each ``backward`` is written out by hand, a few lines long, and
``tests/test_nn.py`` checks every one against centred finite differences
(:func:`numerical_gradient`).  :class:`Sequential` chains layers, :class:`SGD` (with
momentum) and :class:`Adam` update the parameters, and
:class:`SoftmaxCrossEntropy` turns class scores into a loss.

Shapes follow PyTorch: images ``(N, C, H, W)``, convolution weights
``(K, C, kh, kw)``, dense weights ``(out_features, in_features)``.  A layer computes
in the dtype it was built with (float64 by default, float32 on request); inputs are
cast to it.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> net = Sequential(Conv2d(1, 4, 3, padding=1, rng=rng), ReLU(), MaxPool2d(2),
...                  Flatten(), Dense(4 * 4 * 4, 10, rng=rng))
>>> x = rng.random((5, 1, 8, 8))
>>> net.forward(x).shape
(5, 10)
>>> loss_fn = SoftmaxCrossEntropy()
>>> loss = loss_fn.forward(net.forward(x), [0, 1, 2, 3, 4])
>>> net.backward(loss_fn.backward()).shape      # dLoss/dInput
(5, 1, 8, 8)
>>> [name for name, p in net.named_parameters()]
['0.weight', '0.bias', '4.weight', '4.bias']
"""

from __future__ import annotations

import numpy as np

from cnnbook._validate import describe, as_array, as_float_dtype, as_int, as_pair
from cnnbook.arithmetic import Layer, geometry_2d
from cnnbook.convolution import col2im, im2col
from cnnbook.pooling import max_pool2d_argmax

__all__ = [
    "Adam",
    "Conv2d",
    "Dense",
    "Flatten",
    "MaxPool2d",
    "Parameter",
    "ReLU",
    "SGD",
    "Sequential",
    "SoftmaxCrossEntropy",
    "numerical_gradient",
    "softmax",
]


def _as_rng(rng):
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"rng must be a Generator or a seed >= 0, got {rng}")
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy Generator (np.random.default_rng(seed)) or an int seed, got {describe(rng)}")


def _square_layer(module, kernel_size, stride, padding):
    for name, pair in (("kernel_size", kernel_size), ("stride", stride), ("padding", padding)):
        if pair[0] != pair[1]:
            raise ValueError(f"{module!r} has no one-axis geometry: its {name} differs between the axes, {pair}")
    return Layer(kernel_size[0], stride[0], padding[0])


class Parameter:
    """A trainable array and the gradient of the loss with respect to it.

    ``value`` is updated in place by the optimisers; ``grad`` is overwritten by every
    ``backward`` (it starts as zeros).
    """

    def __init__(self, value, name=""):
        self.value = value
        self.grad = np.zeros_like(value)
        self.name = name

    @property
    def shape(self):
        return self.value.shape

    def __repr__(self):
        return f"Parameter({self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"


class _Module:
    """What every layer shares: parameters, a cache check and a readable repr."""

    _out_shape = None

    def parameters(self):
        return [v for v in vars(self).values() if isinstance(v, Parameter)]

    def __call__(self, x):
        return self.forward(x)

    def _check_grad(self, grad):
        if self._out_shape is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward")
        grad = as_array(grad, "grad")
        if grad.shape != self._out_shape:
            raise ValueError(f"grad must have the output's shape {self._out_shape}, got {grad.shape}")
        return grad


class Conv2d(_Module):
    """A convolutional layer (cross-correlation, as in PyTorch), built on im2col.

    ``forward`` unfolds the input's windows into a patch matrix ``cols`` of shape
    ``(C*kh*kw, N*Ho*Wo)`` (:func:`cnnbook.im2col`) and computes all outputs as one
    product ``W @ cols``.  ``backward`` is the same product read backwards:
    ``dW = dOut @ cols.T``, and ``dcols = W.T @ dOut`` folded back into an image by
    :func:`cnnbook.col2im`, the adjoint of im2col (overlapping windows add up).

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride, padding : int or (int, int), default 1 and 0
        Padding is zeros, per side.
    rng : numpy.random.Generator or int
        Source of the initial weights: He initialisation, normal with standard
        deviation ``sqrt(2 / (in_channels * kh * kw))``, which keeps the scale of the
        signal roughly constant through ReLU layers.  Biases start at zero.
    dtype : float64 or float32, default float64

    Attributes
    ----------
    weight : Parameter, shape (out_channels, in_channels, kh, kw)
    bias : Parameter, shape (out_channels,)

    Examples
    --------
    >>> conv = Conv2d(3, 8, 3, padding=1, rng=0)
    >>> conv.weight.shape, conv.bias.shape
    ((8, 3, 3, 3), (8,))
    >>> conv.forward(np.zeros((2, 3, 10, 10))).shape
    (2, 8, 10, 10)
    """

    def __init__(self, in_channels, out_channels, kernel_size, *, stride=1, padding=0, rng, dtype=np.float64):
        c = as_int(in_channels, "in_channels", minimum=1)
        k = as_int(out_channels, "out_channels", minimum=1)
        self.kernel_size = as_pair(kernel_size, "kernel_size", minimum=1)
        self.stride = as_pair(stride, "stride", minimum=1)
        self.padding = as_pair(padding, "padding", minimum=0)
        self.dtype = as_float_dtype(dtype)
        kh, kw = self.kernel_size
        std = np.sqrt(2.0 / (c * kh * kw))
        w = _as_rng(rng).standard_normal((k, c, kh, kw)) * std
        self.weight = Parameter(w.astype(self.dtype), "weight")
        self.bias = Parameter(np.zeros(k, dtype=self.dtype), "bias")

    @property
    def geometry(self):
        """The layer as a :class:`cnnbook.Layer` (for :func:`cnnbook.receptive_field`).

        The receptive-field arithmetic is per axis, so only a layer whose kernel,
        stride and padding are the same along both axes has one; any other raises a
        ``ValueError``.
        """
        return _square_layer(self, self.kernel_size, self.stride, self.padding)

    def forward(self, x):
        x = as_array(x, "x", ndim=4)
        K, C = self.weight.shape[:2]
        if x.shape[1] != C:
            raise ValueError(f"x must have {C} channels (x.shape[1]), got shape {x.shape}")
        x = x.astype(self.dtype, copy=False)
        kw = dict(stride=self.stride, padding=self.padding)
        self._cols = im2col(x, self.kernel_size, **kw)  # (C*kh*kw, N*Ho*Wo)
        N = x.shape[0]
        g = geometry_2d(x.shape, self.kernel_size, **kw)
        ho, wo = g.ho, g.wo
        out = self.weight.value.reshape(K, -1) @ self._cols + self.bias.value[:, None]
        self._x_shape = x.shape
        # im2col's columns run image by image, so (K, N, Ho, Wo) -> (N, K, Ho, Wo)
        out = out.reshape(K, N, ho, wo).transpose(1, 0, 2, 3)
        self._out_shape = out.shape
        return out

    def backward(self, grad):
        grad = self._check_grad(grad)
        K = self.weight.shape[0]
        g = grad.transpose(1, 0, 2, 3).reshape(K, -1)  # (K, N*Ho*Wo), matching the columns
        self.weight.grad = (g @ self._cols.T).reshape(self.weight.shape).astype(self.dtype, copy=False)
        self.bias.grad = g.sum(axis=1).astype(self.dtype, copy=False)
        dcols = self.weight.value.reshape(K, -1).T @ g
        return col2im(dcols, self._x_shape, self.kernel_size, stride=self.stride, padding=self.padding)

    def __repr__(self):
        K, C, kh, kw = self.weight.shape
        return f"Conv2d({C}, {K}, kernel_size={(kh, kw)}, stride={self.stride}, padding={self.padding})"


class ReLU(_Module):
    """``max(0, x)``, elementwise; the gradient passes where the input was positive.

    Examples
    --------
    >>> relu = ReLU()
    >>> relu.forward(np.array([[-1.0, 2.0]]))
    array([[0., 2.]])
    >>> relu.backward(np.array([[5.0, 5.0]]))
    array([[0., 5.]])
    """

    def forward(self, x):
        x = as_array(x, "x")
        if x.dtype.kind != "f":
            x = x.astype(np.float64)
        self._mask = x > 0
        self._out_shape = x.shape
        return np.where(self._mask, x, x.dtype.type(0))

    def backward(self, grad):
        grad = self._check_grad(grad)
        return grad * self._mask

    def __repr__(self):
        return "ReLU()"


class MaxPool2d(_Module):
    """Max pooling over ``(N, C, H, W)``, remembering which input won each window.

    The backward pass sends each output's gradient to the one input that was the
    maximum of its window (the first one on a tie, as ``argmax`` picks); every other
    input gets zero.  Where windows overlap (stride < kernel), gradients add up.

    Parameters
    ----------
    kernel_size : int or (int, int)
    stride : int or (int, int), optional
        Defaults to ``kernel_size``.  No padding.

    Examples
    --------
    >>> pool = MaxPool2d(2)
    >>> x = np.array([[[[1.0, 2, 0, 1], [3, 4, 1, 0], [0, 0, 5, 6], [1, 0, 7, 8]]]])
    >>> pool.forward(x)[0, 0]
    array([[4., 1.],
           [1., 8.]])
    >>> pool.backward(np.ones((1, 1, 2, 2)))[0, 0]
    array([[0., 0., 1., 0.],
           [0., 1., 0., 0.],
           [0., 0., 0., 0.],
           [0., 0., 0., 1.]])
    """

    def __init__(self, kernel_size, *, stride=None):
        self.kernel_size = as_pair(kernel_size, "kernel_size", minimum=1)
        self.stride = self.kernel_size if stride is None else as_pair(stride, "stride", minimum=1)

    @property
    def geometry(self):
        """The layer as a :class:`cnnbook.Layer` (square windows only, as for :class:`Conv2d`)."""
        return _square_layer(self, self.kernel_size, self.stride, (0, 0))

    def forward(self, x):
        x = as_array(x, "x", ndim=4)
        if x.dtype.kind != "f":
            x = x.astype(np.float64)
        N, C, H, W = x.shape
        out, rows, cols = max_pool2d_argmax(x, self.kernel_size, stride=self.stride)
        # the winner's flat index into (N, C, H, W), kept for the backward pass
        base = (np.arange(N)[:, None] * C + np.arange(C)[None, :]) * (H * W)
        self._index = (base[:, :, None, None] + rows * W + cols).ravel()
        self._x_shape = x.shape
        self._out_shape = out.shape
        return out

    def backward(self, grad):
        grad = self._check_grad(grad)
        size = int(np.prod(self._x_shape))
        # bincount adds, so overlapping windows that share a winner get both gradients
        dx = np.bincount(self._index, weights=grad.ravel(), minlength=size)
        return dx.astype(grad.dtype if grad.dtype.kind == "f" else np.float64, copy=False).reshape(self._x_shape)

    def __repr__(self):
        return f"MaxPool2d(kernel_size={self.kernel_size}, stride={self.stride})"


class Flatten(_Module):
    """``(N, C, H, W)`` (or any ``(N, ...)``) to ``(N, C*H*W)``; backward reshapes back.

    Examples
    --------
    >>> Flatten().forward(np.zeros((2, 3, 4, 4))).shape
    (2, 48)
    """

    def forward(self, x):
        x = as_array(x, "x", ndim=(2, 3, 4, 5))
        self._x_shape = x.shape
        out = x.reshape(x.shape[0], -1)
        self._out_shape = out.shape
        return out

    def backward(self, grad):
        return self._check_grad(grad).reshape(self._x_shape)

    def __repr__(self):
        return "Flatten()"


class Dense(_Module):
    """A fully connected layer: ``out = x @ weight.T + bias``.

    Parameters
    ----------
    in_features, out_features : int
    rng : numpy.random.Generator or int
        He initialisation: normal, standard deviation ``sqrt(2 / in_features)``.
        Biases start at zero.
    dtype : float64 or float32, default float64

    Attributes
    ----------
    weight : Parameter, shape (out_features, in_features)
    bias : Parameter, shape (out_features,)

    Examples
    --------
    >>> dense = Dense(3, 2, rng=0)
    >>> dense.forward(np.ones((4, 3))).shape
    (4, 2)
    >>> dense.backward(np.ones((4, 2))).shape, dense.weight.grad.shape
    ((4, 3), (2, 3))
    """

    def __init__(self, in_features, out_features, *, rng, dtype=np.float64):
        n_in = as_int(in_features, "in_features", minimum=1)
        n_out = as_int(out_features, "out_features", minimum=1)
        self.dtype = as_float_dtype(dtype)
        w = _as_rng(rng).standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
        self.weight = Parameter(w.astype(self.dtype), "weight")
        self.bias = Parameter(np.zeros(n_out, dtype=self.dtype), "bias")

    def forward(self, x):
        x = as_array(x, "x", ndim=2)
        if x.shape[1] != self.weight.shape[1]:
            raise ValueError(f"x must have {self.weight.shape[1]} features (x.shape[1]), got shape {x.shape}")
        self._x = x.astype(self.dtype, copy=False)
        out = self._x @ self.weight.value.T + self.bias.value
        self._out_shape = out.shape
        return out

    def backward(self, grad):
        grad = self._check_grad(grad)
        self.weight.grad = (grad.T @ self._x).astype(self.dtype, copy=False)
        self.bias.grad = grad.sum(axis=0).astype(self.dtype, copy=False)
        return grad @ self.weight.value

    def __repr__(self):
        n_out, n_in = self.weight.shape
        return f"Dense({n_in}, {n_out})"


def softmax(logits):
    """Softmax over the last axis, shifted by the maximum so that ``exp`` cannot overflow.

    Examples
    --------
    >>> softmax(np.array([[0.0, 0.0], [1000.0, 0.0]]))
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    logits = as_array(logits, "logits")
    logits = logits.astype(np.float64) if logits.dtype.kind != "f" else logits
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class SoftmaxCrossEntropy:
    """Mean cross-entropy of the softmax of class scores against integer labels.

    ``loss = mean_n( -log softmax(logits[n])[labels[n]] )``; its gradient with respect
    to the logits is the famous ``(softmax - one_hot) / N``.

    Examples
    --------
    >>> loss_fn = SoftmaxCrossEntropy()
    >>> round(loss_fn.forward(np.zeros((2, 4)), [1, 3]), 6)    # uniform guess: log 4
    1.386294
    >>> loss_fn.backward()
    array([[ 0.125, -0.375,  0.125,  0.125],
           [ 0.125,  0.125,  0.125, -0.375]])
    """

    def forward(self, logits, labels):
        logits = as_array(logits, "logits", ndim=2)
        labels = as_array(labels, "labels", ndim=1)
        if labels.dtype.kind not in "iu":
            raise TypeError(f"labels must be integers (class indices), got dtype {labels.dtype}")
        N, K = logits.shape
        if labels.shape[0] != N:
            raise ValueError(f"labels must have one entry per row of logits ({N}), got {labels.shape[0]}")
        if labels.min() < 0 or labels.max() >= K:
            raise ValueError(f"labels must lie in 0..{K - 1} for {K} classes, got values {labels.min()}..{labels.max()}")
        logits = logits.astype(np.float64) if logits.dtype.kind != "f" else logits
        z = logits - logits.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # log-softmax, stable
        self._p = np.exp(log_p)
        self._labels = labels
        return float(-log_p[np.arange(N), labels].mean())

    def backward(self):
        """dLoss/dLogits, shape (N, K)."""
        if not hasattr(self, "_p"):
            raise RuntimeError("SoftmaxCrossEntropy.backward called before forward")
        grad = self._p.copy()
        grad[np.arange(len(grad)), self._labels] -= 1
        return grad / len(grad)

    def __call__(self, logits, labels):
        return self.forward(logits, labels)


class Sequential(_Module):
    """Layers applied one after the other; backward runs them in reverse.

    Parameters
    ----------
    *layers
        Objects with ``forward``, ``backward`` and ``parameters``.

    Examples
    --------
    >>> net = Sequential(Dense(4, 3, rng=0), ReLU(), Dense(3, 2, rng=1))
    >>> len(net), net[1]
    (3, ReLU())
    >>> [a.shape for a in net.activations(np.ones((5, 4)))]
    [(5, 3), (5, 3), (5, 2)]
    """

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not all(callable(getattr(layer, m, None)) for m in ("forward", "backward", "parameters")):
                raise TypeError(f"layers[{i}] must have forward, backward and parameters methods, got {describe(layer)}")
        self.layers = list(layers)

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def activations(self, x):
        """Every layer's output for input ``x``, in order (the last is ``forward(x)``)."""
        out = []
        for layer in self.layers:
            x = layer.forward(x)
            out.append(x)
        return out

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def named_parameters(self):
        """``(name, Parameter)`` pairs, named ``"<layer index>.<weight|bias>"``."""
        return [(f"{i}.{p.name}", p) for i, layer in enumerate(self.layers) for p in layer.parameters()]

    def __repr__(self):
        inner = ",\n".join(f"  ({i}) {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential(\n{inner}\n)"


def _as_params(params):
    if isinstance(params, (str, bytes)) or not hasattr(params, "__iter__"):
        raise TypeError(f"params must be a non-empty list of Parameter (e.g. model.parameters()), got {describe(params)}")
    params = list(params)
    if not params or not all(isinstance(p, Parameter) for p in params):
        raise TypeError("params must be a non-empty list of Parameter (e.g. model.parameters())")
    return params


def _as_rate(value, name, *, upper=None):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (upper is not None and value >= upper):
        bound = f" and < {upper}" if upper is not None else ""
        raise ValueError(f"{name} must be finite, >= 0{bound}, got {value}")
    return value


class SGD:
    """Stochastic gradient descent with momentum, updating parameters in place.

    ``v = momentum * v + grad``; ``value -= lr * v`` (PyTorch's form).  With
    ``momentum=0`` it is plain gradient descent.

    Parameters
    ----------
    params : list of Parameter
    lr : float
        Learning rate (> 0).
    momentum : float, default 0.9
        In [0, 1).
    weight_decay : float, default 0
        L2 regularisation: adds ``weight_decay * value`` to each gradient, which is
        the gradient of ``0.5 * weight_decay * sum(value**2)`` added to the loss.
        Every step then also shrinks every weight a little towards zero, so the
        parts of the weights that do not help the loss fade away.

    Examples
    --------
    >>> p = Parameter(np.array([1.0]))
    >>> opt = SGD([p], lr=0.1, momentum=0.0)
    >>> p.grad[:] = 2.0
    >>> opt.step(); p.value
    array([0.8])

    With weight decay and a zero gradient, a weight shrinks by ``lr * weight_decay``
    of itself per step:

    >>> q = Parameter(np.array([1.0]))
    >>> opt = SGD([q], lr=0.1, momentum=0.0, weight_decay=0.5)
    >>> opt.step(); q.value
    array([0.95])
    """

    def __init__(self, params, lr, *, momentum=0.9, weight_decay=0.0):
        self.params = _as_params(params)
        self.lr = _as_rate(lr, "lr")
        if self.lr == 0:
            raise ValueError("lr must be > 0, got 0.0")
        self.momentum = _as_rate(momentum, "momentum", upper=1.0)
        self.weight_decay = _as_rate(weight_decay, "weight_decay")
        self._velocity = [np.zeros_like(p.value) for p in self.params]

    def step(self):
        """Move every parameter one step against its gradient."""
        for p, v in zip(self.params, self._velocity):
            g = p.grad + self.weight_decay * p.value if self.weight_decay else p.grad
            v *= self.momentum
            v += g
            p.value -= self.lr * v


class Adam:
    """Adam: per-parameter step sizes from running means of the gradient and its square.

    Parameters
    ----------
    params : list of Parameter
    lr : float, default 0.001
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
        L2 regularisation, as in :class:`SGD` (and PyTorch's ``Adam``): adds
        ``weight_decay * value`` to each gradient before the running means see it,
        the same as adding ``0.5 * weight_decay * sum(value**2)`` to the loss.

    Examples
    --------
    >>> p = Parameter(np.array([1.0, -1.0]))
    >>> opt = Adam([p], lr=0.1)
    >>> p.grad[:] = [3.0, -0.001]
    >>> opt.step(); np.round(p.value, 4)   # the first step moves every entry by about lr
    array([ 0.9, -0.9])
    """

    def __init__(self, params, lr=0.001, *, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        self.params = _as_params(params)
        self.lr = _as_rate(lr, "lr")
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2), got {describe(betas)}")
        self.beta1 = _as_rate(betas[0], "betas[0]", upper=1.0)
        self.beta2 = _as_rate(betas[1], "betas[1]", upper=1.0)
        self.eps = _as_rate(eps, "eps")
        self.weight_decay = _as_rate(weight_decay, "weight_decay")
        self._m = [np.zeros_like(p.value) for p in self.params]
        self._v = [np.zeros_like(p.value) for p in self.params]
        self._t = 0

    def step(self):
        """Move every parameter one Adam step."""
        self._t += 1
        c1 = 1 - self.beta1**self._t  # bias corrections: m and v start at zero
        c2 = 1 - self.beta2**self._t
        for p, m, v in zip(self.params, self._m, self._v):
            g = p.grad + self.weight_decay * p.value if self.weight_decay else p.grad
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g**2
            p.value -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def numerical_gradient(f, x, *, eps=1e-6):
    """Centred finite-difference gradient of a scalar function, entry by entry.

    ``grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``, with an error of order
    ``eps**2``.  ``x`` is changed in place and restored, so it may be a parameter's
    value that ``f`` reads.  Costs two calls of ``f`` per entry: use it on small
    arrays, to check hand-written backward passes.

    Parameters
    ----------
    f : callable
        ``f()`` returns a float; it must read ``x`` (it takes no arguments).
    x : ndarray of float64
    eps : float, default 1e-6

    Returns
    -------
    ndarray, shape x.shape

    Examples
    --------
    >>> x = np.array([1.0, 2.0])
    >>> np.round(numerical_gradient(lambda: float((x**2).sum()), x), 6)
    array([2., 4.])
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(f"x must be a float64 ndarray (float32 is too coarse for finite differences), got {describe(x)}")
    if not callable(f):
        raise TypeError(f"f must be callable, got {describe(f)}")
    eps = _as_rate(eps, "eps")
    if eps == 0:
        raise ValueError("eps must be > 0, got 0.0")
    grad = np.zeros_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so that it can be changed in place")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        g[i] = (up - down) / (2 * eps)
    return grad
