"""Every hand-written backward pass agrees with centred finite differences.

The loss used for a layer check is ``sum(out * r)`` with a fixed random ``r``, so
dLoss/dOut is ``r`` and every output entry matters with its own weight.  Inputs are
small random float64 arrays; the relative error allowed is 1e-6.
"""

import numpy as np
import pytest

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

TOL = 1e-6


def rel_error(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)


def check_layer(layer, x, rng):
    """Compare backward with finite differences, for the input and every parameter."""
    out = layer.forward(x)
    r = rng.standard_normal(out.shape)

    def loss():
        return float(np.sum(layer.forward(x) * r))

    layer.forward(x)
    dx = layer.backward(r)
    analytic = {"x": dx, **{p.name: p.grad.copy() for p in layer.parameters()}}
    numeric = {"x": numerical_gradient(loss, x)}
    for p in layer.parameters():
        numeric[p.name] = numerical_gradient(loss, p.value)
    for name in analytic:
        assert analytic[name].shape == numeric[name].shape
        err = rel_error(analytic[name], numeric[name])
        assert err < TOL, f"{type(layer).__name__}: gradient of {name} off by relative error {err:.2e}"


@pytest.mark.parametrize(
    "shape, k, kernel, stride, padding",
    [
        ((2, 3, 6, 5), 4, 3, 1, 0),
        ((1, 2, 7, 7), 3, 3, 2, 1),
        ((2, 1, 5, 6), 2, (2, 3), (1, 2), (1, 0)),
        ((3, 2, 4, 4), 5, 1, 1, 0),
    ],
)
def test_conv2d_gradients(shape, k, kernel, stride, padding):
    rng = np.random.default_rng(1)
    layer = Conv2d(shape[1], k, kernel, stride=stride, padding=padding, rng=rng)
    layer.bias.value[:] = rng.standard_normal(k)
    check_layer(layer, rng.standard_normal(shape), rng)


def test_conv2d_matches_the_loop_reference():
    from cnnbook import conv2d

    rng = np.random.default_rng(2)
    layer = Conv2d(3, 4, 3, stride=2, padding=1, rng=rng)
    layer.bias.value[:] = rng.standard_normal(4)
    x = rng.standard_normal((2, 3, 9, 8))
    want = conv2d(x, layer.weight.value, layer.bias.value, stride=2, padding=1)
    np.testing.assert_allclose(layer.forward(x), want, rtol=1e-12, atol=1e-12)


def test_relu_gradients():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 2, 4, 4))
    x[np.abs(x) < 1e-3] = 0.5  # keep away from the kink, where the derivative jumps
    check_layer(ReLU(), x, rng)


@pytest.mark.parametrize("kernel, stride", [(2, None), (3, 1), ((2, 3), (2, 1)), (3, 2)])
def test_maxpool_gradients(kernel, stride):
    rng = np.random.default_rng(4)
    # distinct values, so that no window has a tie a small step could flip
    x = rng.permutation(2 * 3 * 7 * 7).reshape(2, 3, 7, 7) / 10.0
    check_layer(MaxPool2d(kernel, stride=stride), x, rng)


def test_maxpool_matches_cnnbook_max_pool2d():
    from cnnbook import max_pool2d

    x = np.random.default_rng(5).standard_normal((2, 3, 9, 8))
    for kernel, stride in [(2, None), (3, 2), (3, 1)]:
        got = MaxPool2d(kernel, stride=stride).forward(x)
        np.testing.assert_array_equal(got, max_pool2d(x, kernel, stride=stride))


def test_flatten_gradients():
    rng = np.random.default_rng(6)
    check_layer(Flatten(), rng.standard_normal((2, 3, 2, 2)), rng)


def test_dense_gradients():
    rng = np.random.default_rng(7)
    layer = Dense(5, 3, rng=rng)
    layer.bias.value[:] = rng.standard_normal(3)
    check_layer(layer, rng.standard_normal((4, 5)), rng)


def test_loss_gradient_and_value():
    rng = np.random.default_rng(8)
    logits = rng.standard_normal((6, 5)) * 3
    labels = rng.integers(0, 5, 6)
    loss_fn = SoftmaxCrossEntropy()
    loss = loss_fn.forward(logits, labels)
    p = softmax(logits)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(6), labels])), rel=1e-12)
    grad = loss_fn.backward()
    numeric = numerical_gradient(lambda: loss_fn.forward(logits, labels), logits)
    assert rel_error(grad, numeric) < TOL


def test_loss_is_stable_for_huge_logits():
    loss = SoftmaxCrossEntropy().forward(np.array([[1e4, 0.0], [0.0, 1e4]]), [0, 0])
    assert np.isfinite(loss) and loss == pytest.approx(1e4 / 2)


def small_network(rng, dtype=np.float64):
    return Sequential(
        Conv2d(1, 3, 3, padding=1, rng=rng, dtype=dtype),
        ReLU(),
        MaxPool2d(2),
        Conv2d(3, 4, 3, padding=1, rng=rng, dtype=dtype),
        ReLU(),
        MaxPool2d(2),
        Flatten(),
        Dense(4 * 2 * 2, 5, rng=rng, dtype=dtype),
    )


def test_sequential_end_to_end_gradients():
    """Loss through the whole network vs finite differences, for input and every parameter."""
    rng = np.random.default_rng(9)
    net = small_network(rng)
    for name, p in net.named_parameters():
        if name.endswith("bias"):
            p.value[:] = 0.1 * rng.standard_normal(p.shape)
    x = rng.standard_normal((3, 1, 8, 8))
    labels = np.array([0, 3, 4])
    loss_fn = SoftmaxCrossEntropy()

    def loss():
        return loss_fn.forward(net.forward(x), labels)

    loss()
    dx = net.backward(loss_fn.backward())
    assert rel_error(dx, numerical_gradient(loss, x)) < TOL
    for name, p in net.named_parameters():
        grad = p.grad.copy()
        err = rel_error(grad, numerical_gradient(loss, p.value))
        assert err < TOL, f"{name}: relative error {err:.2e}"


def test_training_reduces_the_loss_and_is_deterministic():
    def run():
        rng = np.random.default_rng(10)
        net = small_network(rng)
        x = rng.standard_normal((20, 1, 8, 8))
        y = rng.integers(0, 5, 20)
        loss_fn = SoftmaxCrossEntropy()
        opt = SGD(net.parameters(), lr=0.05, momentum=0.9)
        losses = []
        for _ in range(30):
            losses.append(loss_fn.forward(net.forward(x), y))
            net.backward(loss_fn.backward())
            opt.step()
        return losses

    first, second = run(), run()
    assert first == second
    assert first[-1] < 0.5 * first[0]


def test_adam_reduces_the_loss():
    rng = np.random.default_rng(11)
    net = Sequential(Dense(4, 8, rng=rng), ReLU(), Dense(8, 3, rng=rng))
    x, y = rng.standard_normal((30, 4)), rng.integers(0, 3, 30)
    loss_fn, opt = SoftmaxCrossEntropy(), Adam(net.parameters(), lr=0.02)
    start = loss_fn.forward(net.forward(x), y)
    for _ in range(100):
        loss_fn.forward(net.forward(x), y)
        net.backward(loss_fn.backward())
        opt.step()
    assert loss_fn.forward(net.forward(x), y) < 0.5 * start


@pytest.mark.parametrize("make_optimizer", [
    lambda params, wd: SGD(params, lr=0.1, momentum=0.9, weight_decay=wd),
    lambda params, wd: Adam(params, lr=0.05, weight_decay=wd),
], ids=["SGD", "Adam"])
def test_weight_decay_is_an_l2_penalty_on_the_loss(make_optimizer):
    """Steps with weight_decay=wd match steps without it on the finite-difference
    gradient of loss + 0.5 * wd * (sum of every parameter squared)."""
    wd = 0.3
    x = np.random.default_rng(12).standard_normal((4, 1, 8, 8))
    labels = np.array([0, 1, 4, 2])
    decayed, penalised = small_network(np.random.default_rng(13)), small_network(np.random.default_rng(13))
    opt_decayed = make_optimizer(decayed.parameters(), wd)
    opt_penalised = make_optimizer(penalised.parameters(), 0.0)
    loss_fn = SoftmaxCrossEntropy()

    def penalised_loss():
        l2 = sum(float(np.sum(p.value**2)) for p in penalised.parameters())
        return loss_fn.forward(penalised.forward(x), labels) + 0.5 * wd * l2

    for _ in range(3):  # several steps, so that momentum and Adam's running means take part
        loss_fn.forward(decayed.forward(x), labels)
        decayed.backward(loss_fn.backward())
        opt_decayed.step()
        for p in penalised.parameters():
            p.grad = numerical_gradient(penalised_loss, p.value)
        opt_penalised.step()
        for (name, a), (_, b) in zip(decayed.named_parameters(), penalised.named_parameters()):
            err = rel_error(a.value, b.value)
            assert err < TOL, f"{name}: relative error {err:.2e}"
    # and the decay did something: without it the weights would differ
    plain = small_network(np.random.default_rng(13))
    opt_plain = make_optimizer(plain.parameters(), 0.0)
    for _ in range(3):
        loss_fn.forward(plain.forward(x), labels)
        plain.backward(loss_fn.backward())
        opt_plain.step()
    assert rel_error(plain[0].weight.value, decayed[0].weight.value) > 1e-3


def test_float32_network_stays_float32():
    rng = np.random.default_rng(12)
    net = small_network(rng, dtype=np.float32)
    out = net.forward(rng.standard_normal((2, 1, 8, 8)))
    assert out.dtype == np.float32
    loss_fn = SoftmaxCrossEntropy()
    loss_fn.forward(out, [0, 1])
    net.backward(loss_fn.backward().astype(np.float32))
    assert all(p.value.dtype == np.float32 and p.grad.dtype == np.float32 for p in net.parameters())


def test_he_initialisation_scale_and_seeding():
    a = Conv2d(16, 64, 3, rng=np.random.default_rng(0))
    b = Conv2d(16, 64, 3, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(a.weight.value, b.weight.value)
    assert a.weight.value.std() == pytest.approx(np.sqrt(2 / (16 * 9)), rel=0.05)
    assert np.all(a.bias.value == 0)
    assert Dense(200, 100, rng=1).weight.value.std() == pytest.approx(np.sqrt(2 / 200), rel=0.05)


def test_shapes_and_names():
    net = small_network(np.random.default_rng(13))
    acts = net.activations(np.zeros((2, 1, 8, 8)))
    assert [a.shape for a in acts] == [
        (2, 3, 8, 8), (2, 3, 8, 8), (2, 3, 4, 4), (2, 4, 4, 4), (2, 4, 4, 4), (2, 4, 2, 2), (2, 16), (2, 5)
    ]
    assert [name for name, _ in net.named_parameters()] == ["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias"]
    assert [p.name for p in net.parameters()] == ["weight", "bias"] * 3  # parameters are not renamed
    assert "Conv2d(1, 3" in repr(net)


@pytest.mark.parametrize(
    "make, exc, match",
    [
        (lambda: Conv2d(0, 3, 3, rng=0), ValueError, "in_channels"),
        (lambda: Conv2d(1, 3, 3, rng=None), TypeError, "rng"),
        (lambda: Conv2d(1, 3, 3.0, rng=0), TypeError, "kernel_size"),
        (lambda: Conv2d(1, 3, 3, rng=0, dtype=np.int64), TypeError, "dtype"),
        (lambda: Dense(3, -1, rng=0), ValueError, "out_features"),
        (lambda: MaxPool2d(0), ValueError, "kernel_size"),
        (lambda: Sequential(ReLU(), "relu"), TypeError, r"layers\[1\]"),
        (lambda: SGD([], lr=0.1), TypeError, "params"),
        (lambda: SGD([Parameter(np.zeros(2))], lr=-1), ValueError, "lr"),
        (lambda: SGD([Parameter(np.zeros(2))], lr=0.1, momentum=1.0), ValueError, "momentum"),
        (lambda: Adam([Parameter(np.zeros(2))], betas=0.9), TypeError, "betas"),
        (lambda: SGD([Parameter(np.zeros(2))], lr=0.1, weight_decay=-0.1), ValueError, "weight_decay"),
        (lambda: Adam([Parameter(np.zeros(2))], weight_decay="0.1"), TypeError, "weight_decay"),
    ],
)
def test_bad_construction(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_bad_inputs():
    conv = Conv2d(2, 3, 3, rng=0)
    with pytest.raises(ValueError, match="channels"):
        conv.forward(np.zeros((1, 3, 5, 5)))
    with pytest.raises(ValueError, match="dimensions"):
        conv.forward(np.zeros((2, 5, 5)))
    with pytest.raises(ValueError, match="does not fit"):
        conv.forward(np.zeros((1, 2, 2, 2)))
    with pytest.raises(TypeError, match="x"):
        conv.forward("image")
    with pytest.raises(RuntimeError, match="before forward"):
        Conv2d(2, 3, 3, rng=0).backward(np.zeros((1, 3, 3, 3)))
    conv.forward(np.zeros((1, 2, 5, 5)))
    with pytest.raises(ValueError, match="output's shape"):
        conv.backward(np.zeros((1, 3, 4, 4)))
    with pytest.raises(ValueError, match="features"):
        Dense(4, 2, rng=0).forward(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="does not fit"):
        MaxPool2d(3).forward(np.zeros((1, 1, 2, 2)))
    loss_fn = SoftmaxCrossEntropy()
    with pytest.raises(RuntimeError, match="before forward"):
        loss_fn.backward()
    with pytest.raises(ValueError, match="labels must lie"):
        loss_fn.forward(np.zeros((2, 3)), [0, 3])
    with pytest.raises(ValueError, match="one entry per row"):
        loss_fn.forward(np.zeros((2, 3)), [0])
    with pytest.raises(TypeError, match="integers"):
        loss_fn.forward(np.zeros((2, 3)), [0.0, 1.0])
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda: 0.0, np.zeros(3, dtype=np.float32))
