"""Self-checks: right answers pass, wrong ones get a hint, odd ones never raise.

Every answer key is checked against an *independent* computation: worked out here by
hand (with the arithmetic in the comment) or with plain numpy, never with the cnnbook
function the key itself calls, so that a wrong key fails.
"""

import math

import numpy as np
import pytest

from cnnbook import check
from cnnbook.exercises import EX_5_1_INPUT, exercise_keys

_2_1_IMAGE = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]], dtype=float)
_3_3_X = np.array([[1, 0, 2], [0, 1, 1], [3, 1, 0]], dtype=float)
_3_3_ERR = np.array([[1, -1], [0, 2]], dtype=float)
_8_2 = np.zeros((4, 4))
_8_2[0, 0], _8_2[1, 2], _8_2[3, 0], _8_2[3, 3] = 1, 2, 3, 4  # each window's max gets its gradient

# chapter 2.3's four kernels, as the prompt prints them; the answer is the one that is
# exactly zero on a horizontal and a vertical step but not on a diagonal one
_2_3_KERNELS = {
    "A": [[0, 0, -1], [0, 0, 0], [1, 0, 0]],
    "B": [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]],
    "C": [[1, 0, -1], [0, 0, 0], [-1, 0, 1]],
    "D": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
}


def _valid_correlation(image, kernel):
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    kh, kw = kernel.shape
    return np.array([[np.sum(image[i:i + kh, j:j + kw] * kernel) for j in range(image.shape[1] - kw + 1)]
                     for i in range(image.shape[0] - kh + 1)])


def _2_3_answer():
    horizontal = np.repeat([[0.0], [1.0]], 3, axis=0) * np.ones((6, 6))
    diagonal = np.tril(np.ones((6, 6)), -1)
    for name, k in _2_3_KERNELS.items():
        straight = [np.abs(_valid_correlation(img, k)).max() for img in (horizontal, horizontal.T)]
        if max(straight) == 0 and np.abs(_valid_correlation(diagonal, k)).max() > 0:
            return name


# coding exercises: each reference is checked against plain loops written in the tests
# (those of chapters 3-5 live beside their own tests)
from test_exercises_0305 import loops_im2col, loops_kernel_gradient, loops_maxpool_backward  # noqa: E402
def _loops_correlate1d(x, kernel, padding, stride):
    xp = np.concatenate([np.zeros(padding), np.asarray(x, float), np.zeros(padding)])
    k = len(kernel)
    return np.array([np.dot(xp[i:i + k], kernel) for i in range(0, len(xp) - k + 1, stride)])


def _loops_same_correlate2d(image, kernel):
    kh, kw = np.shape(kernel)
    padded = np.pad(np.asarray(image, float), ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    return _valid_correlation(padded, kernel)








def _loops_receptive_field(layers):
    """(size, effective stride, effective padding) walking up (kernel, stride, padding) layers."""
    size, jump, padding = 1, 1, 0
    for k, s, p in layers:
        size += (k - 1) * jump
        padding += p * jump
        jump *= s
    return size, jump, padding


def _loops_dilated_correlate1d(x, w, d):
    span = d * (len(w) - 1) + 1
    return np.array([sum(w[j] * x[i + j * d] for j in range(len(w))) for i in range(len(x) - span + 1)])


def _exact_dense_backward(x, weight, grad_out):
    return grad_out @ weight, grad_out.T @ x  # out = x @ weight.T


INDEPENDENT = {
    "1.1": [2 - 0, 0 - 1, 1 - 3, 3 - 1],  # x[i] - x[i + 1]
    "1.2": (100 + 2 * 2 - 7) // 3 + 1,  # 33
    "1.3": np.convolve([1, 2, 3], [1, 1, 0]),  # numpy's own full convolution
    "2.1": _2_1_IMAGE[:-1, :-1] - _2_1_IMAGE[1:, 1:],
    "2.2": (28 - 5 + 1) ** 2 * 5 * 5,  # 14400
    "2.3": _2_3_answer(),
    "1.4": _loops_correlate1d,
    "2.4": _loops_same_correlate2d,
    "3.4": loops_kernel_gradient,
    "4.4": loops_im2col,
    "5.4": loops_maxpool_backward,
    "6.4": _loops_receptive_field,
    "7.4": _loops_dilated_correlate1d,
    "8.4": _exact_dense_backward,
    "3.1": 16 * (3 * 5 * 5 + 1),  # 1216
    "3.2": (32 - 3 + 1) ** 2 * 3 * 3 * 3,  # 24300
    "3.3": [[sum(_3_3_ERR[i, j] * _3_3_X[i + a, j + b] for i in range(2) for j in range(2)) for b in range(2)]
            for a in range(2)],
    "4.1": 32 * 32,  # padding 2 keeps 32 x 32 for a 5 x 5 kernel
    "4.2": [16 * 3 * 3, ((15 - 3) // 2 + 1) ** 2],  # [144, 49]
    "4.3": 64 * 3 * 3 * 56 * 56 * 4,  # 7225344
    "5.1": EX_5_1_INPUT.reshape(2, 2, 3, 2).max(axis=(1, 3)),  # [[4, 2, 5], [2, 6, 7]]
    "5.2": (112 + 2 - 3) // 2 + 1,  # 56
    "5.3": 32 * 16 * 16 * 10 + 10,  # 64 -> 32 -> 16 per side, 32 channels, 10 classes
    "6.1": 1 + 4 * 1 + 1 * 1 + 2 * 2 + 2 * 2,  # 14
    "6.2": ((224 + 6 - 7) // 2 + 1 + 2 - 3) // 2 + 1,  # 112, then 56
    "6.3": 3 * 3 * 32 * 64 + 3 * 3 * 64 * 64,  # two 3x3 layers, 32 -> 64 -> 64 channels: 55296
    "7.1": 1 + 2 * (1 + 2 + 4 + 8 + 16),  # 63
    "7.2": 3 * (5 - 1) + 1,  # 13
    "7.3": len({a + b + c for a in (-2, 0, 2) for b in (-2, 0, 2) for c in (-4, 0, 4)}) ** 2,  # 9 offsets: 81
    "8.1": (16 * 1 * 25 + 16) + (32 * 16 * 9 + 32) + (32 * 2 * 2 * 10 + 10),  # 6346
    "8.2": _8_2,
    "8.3": 1 / (math.e**2 + 2) - 1,  # softmax([2, 0, 0])[1] - 1
}

# the classic mistake of each kind of exercise, which must be refused with a hint
CLASSIC = {
    "1.2": 100 - 7 + 1,  # no stride, no padding
    "2.2": (28 - 5 + 1) ** 2,  # outputs, not multiplications
    "5.2": (112 - 3) // 2 + 1,  # padding forgotten
    "6.1": 5 + 2 + 3 + 3 - 3,  # kernels added up, strides ignored
    "7.2": 5 * 3,  # taps times rate
}


def test_every_key_of_chapters_1_to_8_has_an_independent_answer():
    keys = [k for k in exercise_keys() if k.split(".")[0] in {str(c) for c in range(1, 9)}]
    assert set(INDEPENDENT) <= set(exercise_keys())
    missing = sorted(set(keys) - set(INDEPENDENT))
    assert not missing, f"no independent answer for {missing}"


@pytest.mark.parametrize("key", sorted(INDEPENDENT))
def test_independent_answer_is_accepted(key):
    result = check(key, INDEPENDENT[key])
    assert result, f"exercise {key}: the independently computed answer is refused: {result!r}"


@pytest.mark.parametrize("key", sorted(CLASSIC))
def test_classic_mistake_gets_a_hint_not_the_answer(key):
    result = check(key, CLASSIC[key])
    assert not result and "Hint" in repr(result)
    assert str(INDEPENDENT[key]) not in repr(result)


def test_wrong_arrays_and_choices_are_refused():
    assert not check("1.1", np.asarray(INDEPENDENT["1.1"]) + 1)
    assert "Hint" in repr(check("1.1", [2, -1, -2]))  # one output short: the shape hint
    assert not check("2.3", "B") and "Hint" in repr(check("2.3", "B"))
    assert check("2.3", " c ")  # case and spaces do not matter
    assert not check("8.3", INDEPENDENT["8.3"] + 0.01)


def test_rounded_answers_within_the_tolerance_pass():
    assert check("8.3", round(INDEPENDENT["8.3"], 7))
    assert check("1.2", 33.0)  # a whole number given as a float


@pytest.mark.parametrize("key, answer, words", [
    ("1.2", None, "no answer yet"),
    ("1.2", "thirty", "expected a whole number"),
    ("1.2", 32.5, "expected a whole number"),
    ("1.2", True, "expected a whole number"),
    ("8.3", [0.1], "expected a number"),
    ("1.1", [[1, 2], [3]], "expected a list or array of numbers"),
    ("1.1", np.array([1j, 2j]), "expected a list or array of numbers"),
    ("1.1", {"a": 1}, "expected"),
    ("2.3", 3, "as a string"),
    ("2.3", "sobel_y", "expected one of"),
])
def test_odd_answers_are_explained_not_raised(key, answer, words):
    result = check(key, answer)
    assert not result and repr(result).startswith(f"Exercise {key}") and words in repr(result)


def test_unknown_key_is_explained():
    result = check("99.9", 1)
    assert not result and "no exercise" in repr(result)
    assert not check(None, 1) and "no exercise" in repr(check(None, 1))
