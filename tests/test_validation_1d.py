"""Bad input to the 1D routines is refused with a message naming the argument."""

import numpy as np
import pytest

from cnnbook import convolve1d, correlate1d
from cnnbook.reference import convolve1d_naive, correlate1d_naive

X = np.arange(6.0)
K = np.array([1.0, 0.0, -1.0])

CASES = [
    # (kwargs, error type, words the message must contain)
    (dict(x=np.ones((2, 3)), kernel=K), ValueError, ["x", "1 dimensions", "got 2"]),
    (dict(x=X, kernel=np.ones((3, 1))), ValueError, ["kernel", "1 dimensions"]),
    (dict(x=[], kernel=K), ValueError, ["x", "empty"]),
    (dict(x=X, kernel=[]), ValueError, ["kernel", "empty"]),
    (dict(x=np.array(["a", "b", "c"]), kernel=K), TypeError, ["x", "numeric"]),
    (dict(x=X + 1j, kernel=K), TypeError, ["x", "complex"]),
    (dict(x=X, kernel=[1, None, 2]), TypeError, ["kernel", "numeric"]),
    (dict(x="signal", kernel=K), TypeError, ["x", "numeric"]),
    (dict(x=None, kernel=K), TypeError, ["x"]),
    (dict(x=[1.0, 2.0], kernel=K), ValueError, ["effective size 3", "length 2"]),
    (dict(x=X, kernel=K, stride=0), ValueError, ["stride", ">= 1", "got 0"]),
    (dict(x=X, kernel=K, stride=1.5), TypeError, ["stride", "integer"]),
    (dict(x=X, kernel=K, stride=True), TypeError, ["stride", "integer"]),
    (dict(x=X, kernel=K, dilation=0), ValueError, ["dilation", ">= 1"]),
    (dict(x=X, kernel=K, dilation=-2), ValueError, ["dilation", "got -2"]),
    (dict(x=X, kernel=K, dilation=3), ValueError, ["effective size 7", "length 6"]),
    (dict(x=X, kernel=K, padding="circular"), ValueError, ["padding", "circular"]),
    (dict(x=X, kernel=K, padding=-1), ValueError, ["padding", ">= 0"]),
    (dict(x=X, kernel=K, padding=1.0), TypeError, ["padding", "integer"]),
]


@pytest.mark.parametrize("kwargs, error, words", CASES)
@pytest.mark.parametrize("func", [correlate1d, correlate1d_naive])
def test_correlate1d_rejects(func, kwargs, error, words):
    with pytest.raises(error) as info:
        func(**kwargs)
    for word in words:
        assert word in str(info.value), f"{word!r} not in {str(info.value)!r}"


@pytest.mark.parametrize(
    "kwargs, error, words",
    [c for c in CASES if "stride" not in c[0] and "dilation" not in c[0]],
)
@pytest.mark.parametrize("func", [convolve1d, convolve1d_naive])
def test_convolve1d_rejects(func, kwargs, error, words):
    with pytest.raises(error) as info:
        func(**kwargs)
    for word in words:
        assert word in str(info.value)


def test_valid_mode_does_not_swap_arguments_like_numpy():
    # np.convolve would quietly swap a short signal and a long kernel
    with pytest.raises(ValueError, match="does not fit"):
        convolve1d([1.0, 2.0], [1.0, 2.0, 3.0])
    assert len(convolve1d([1.0, 2.0], [1.0, 2.0, 3.0], padding="full")) == 4


@pytest.mark.parametrize("dtype, expected", [(np.float32, np.float32), (np.float64, np.float64), (np.int64, np.float64), (np.bool_, np.float64)])
def test_dtype_rules(dtype, expected):
    out = correlate1d(np.ones(5, dtype=dtype), np.ones(2, dtype=dtype))
    assert out.dtype == expected
