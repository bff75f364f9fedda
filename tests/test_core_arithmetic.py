"""Output sizes, padding amounts and receptive fields (cnnbook.arithmetic)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnnbook import (
    Layer,
    ReceptiveField,
    correlate1d,
    effective_kernel_size,
    output_size,
    padding_amounts,
    receptive_field,
)


small = st.integers(1, 12)


# --- output_size -------------------------------------------------------------------


@given(n=st.integers(1, 40), k=st.integers(1, 8), s=st.integers(1, 5), p=st.integers(0, 5), d=st.integers(1, 4))
def test_output_size_is_the_conv_arithmetic_formula(n, k, s, p, d):
    # Dumoulin & Visin: o = floor((i + 2p - k - (k-1)(d-1)) / s) + 1
    expected = math.floor((n + 2 * p - k - (k - 1) * (d - 1)) / s) + 1
    if n + 2 * p < d * (k - 1) + 1:
        with pytest.raises(ValueError, match="does not fit"):
            output_size(n, k, stride=s, padding=p, dilation=d)
    else:
        assert output_size(n, k, stride=s, padding=p, dilation=d) == expected


@given(n=st.integers(1, 40), k=st.integers(1, 8), s=st.integers(1, 5), before=st.integers(0, 5),
       after=st.integers(0, 5), d=st.integers(1, 4))
def test_output_size_counts_the_windows_that_fit(n, k, s, before, after, d):
    # brute force: slide a window of span k_eff over the padded input, step s
    span = d * (k - 1) + 1
    count = sum(1 for start in range(0, n + before + after, s) if start + span <= n + before + after)
    if count == 0:
        with pytest.raises(ValueError):
            output_size(n, k, stride=s, padding=(before, after), dilation=d)
    else:
        assert output_size(n, k, stride=s, padding=(before, after), dilation=d) == count


@given(n=st.integers(1, 40), k=st.integers(1, 8), s=st.integers(1, 5), d=st.integers(1, 4))
def test_same_padding_gives_ceil_n_over_stride(n, k, s, d):
    assert output_size(n, k, stride=s, padding="same", dilation=d) == -(-n // s)
    before, after = padding_amounts("same", k, dilation=d)
    assert before + after == effective_kernel_size(k, d) - 1
    assert after - before in (0, 1)  # an even span puts the extra zero after


@given(n=st.integers(1, 40), k=st.integers(1, 8), d=st.integers(1, 4))
def test_full_padding_gives_n_plus_span_minus_one(n, k, d):
    assert output_size(n, k, padding="full", dilation=d) == n + effective_kernel_size(k, d) - 1


def test_effective_kernel_size_values():
    assert [effective_kernel_size(3, d) for d in (1, 2, 3, 4)] == [3, 5, 7, 9]
    assert effective_kernel_size(1, 7) == 1


# --- receptive_field ---------------------------------------------------------------


def test_empty_stack_sees_one_pixel():
    assert receptive_field([]) == ReceptiveField(1, 1, 0)
    assert receptive_field(iter(())) == (1, 1, 0)


@given(k=st.integers(1, 9), s=st.integers(1, 4), p=st.integers(0, 4), d=st.integers(1, 4))
def test_single_layer_sees_its_effective_kernel(k, s, p, d):
    assert receptive_field([Layer(k, s, p, d)]) == (effective_kernel_size(k, d), s, p)
    assert receptive_field([(k, s, p, d)]) == receptive_field([Layer(k, s, p, d)])


@st.composite
def layer_stacks(draw, max_layers=4):
    n = draw(st.integers(0, max_layers))
    return [
        Layer(draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(0, 2)), draw(st.integers(1, 2)))
        for _ in range(n)
    ]


def _forward(x, layers):
    """Run a 1D stack of all-ones convolutions (positive, so nothing cancels)."""
    for layer in layers:
        x = correlate1d(x, np.ones(layer.kernel_size), padding=layer.padding,
                        stride=layer.stride, dilation=layer.dilation)
    return x


@given(layer_stacks())
def test_receptive_field_matches_perturbation(layers):
    rf = receptive_field(layers)
    n = rf.padding + rf.size + 2 * rf.stride + 1
    # influence[i, u] > 0  <=>  changing input i changes output u
    influence = np.array([_forward(np.eye(n)[i], layers) for i in range(n)])
    checked = 0
    for u in range(influence.shape[1]):
        first = u * rf.stride - rf.padding
        last = first + rf.size - 1
        seen = np.flatnonzero(influence[:, u] > 0)
        if first >= 0 and last <= n - 1:
            # a unit whose field lies inside the input: its extent is exactly [first, last]
            # (dilation or stride can leave holes in between, the extent has none)
            assert (seen.min(), seen.max()) == (first, last)
            checked += 1
        else:
            assert seen.size == 0 or (seen.min() >= first and seen.max() <= last)
    assert checked >= 1


# Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks",
# Distill 2019, Table 1 (TF-slim models; "SAME" padding of a stride-1 k x k layer is
# (k - 1) / 2, "VALID" is 0).
ALEXNET_V2 = [
    (11, 4, 0),  # conv1, VALID
    (3, 2, 0),   # pool1
    (5, 1, 2),   # conv2, SAME
    (3, 2, 0),   # pool2
    (3, 1, 1),   # conv3
    (3, 1, 1),   # conv4
    (3, 1, 1),   # conv5
    (3, 2, 0),   # pool5
]
VGG_16 = (
    [(3, 1, 1)] * 2 + [(2, 2, 0)]
    + [(3, 1, 1)] * 2 + [(2, 2, 0)]
    + [(3, 1, 1)] * 3 + [(2, 2, 0)]
    + [(3, 1, 1)] * 3 + [(2, 2, 0)]
    + [(3, 1, 1)] * 3 + [(2, 2, 0)]
)


def test_alexnet_matches_distill_table():
    assert receptive_field(ALEXNET_V2) == ReceptiveField(size=195, stride=32, padding=64)


def test_vgg16_matches_distill_table():
    assert receptive_field(VGG_16) == ReceptiveField(size=212, stride=32, padding=90)


def test_receptive_field_accepts_rows_of_an_integer_table():
    table = np.array([[3, 1, 1, 1], [2, 2, 0, 1]])
    assert receptive_field(table) == receptive_field([(3, 1, 1, 1), (2, 2, 0, 1)])


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), np.nan, np.float32("inf")])
@pytest.mark.parametrize("field", range(4))
def test_receptive_field_refuses_non_finite(bad, field):
    layer = [3, 1, 0, 1]
    layer[field] = bad
    with pytest.raises(ValueError, match=r"layers\[0\]"):
        receptive_field([tuple(layer)])
    with pytest.raises(ValueError, match=r"layers\[0\]"):
        receptive_field([Layer(*layer)])


@pytest.mark.parametrize(
    "layers, error, words",
    [
        (None, TypeError, "layers"),
        (3, TypeError, "layers"),
        ("3x3", TypeError, "layers"),
        ([3], TypeError, r"layers\[0\]"),
        ([()], TypeError, r"layers\[0\]"),
        ([(3, 1, 0, 1, 9)], TypeError, r"layers\[0\]"),
        ([(3.0,)], TypeError, "kernel_size"),
        ([(0,)], ValueError, "kernel_size"),
        ([(3, 0)], ValueError, "stride"),
        ([(3, 1, -1)], ValueError, "padding"),
        ([(3, 1, 0, 0)], ValueError, "dilation"),
        ([(3, 1), ("2", 2)], TypeError, r"layers\[1\]"),
    ],
)
def test_receptive_field_bad_input(layers, error, words):
    with pytest.raises(error, match=words):
        receptive_field(layers)
