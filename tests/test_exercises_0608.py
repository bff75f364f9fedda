"""Chapters 06-08 exercises: answer keys against independent computations, coding checks
on hidden cases, and the classic-mistake hints."""

import math

import numpy as np
import pytest

from cnnbook import check
from cnnbook.exercises import _REGISTRY


def expected(key):
    return _REGISTRY[key].expected()


# -- answer keys, each computed another way ------------------------------------------

def test_6_1_by_walking_the_layers():
    r, jump = 1, 1
    for k, s in [(5, 1), (2, 2), (3, 1), (3, 2)]:
        r += (k - 1) * jump
        jump *= s
    assert r == 14 == expected("6.1")


def test_6_2_by_the_floor_formula():
    n = (224 + 2 * 3 - 7) // 2 + 1
    n = (n + 2 * 1 - 3) // 2 + 1
    assert n == 56 == expected("6.2")


def test_6_3_from_real_layers():
    from cnnbook.nn import Conv2d

    counted = Conv2d(32, 64, 3, rng=0).weight.value.size + Conv2d(64, 64, 3, rng=0).weight.value.size
    assert counted == 55_296 == expected("6.3")


def test_7_1_and_7_2_by_hand():
    assert expected("7.1") == 1 + 2 * (1 + 2 + 4 + 8 + 16) == 63
    assert expected("7.2") == len(range(0, 4 * 3 + 1)) == 13


def test_7_3_by_a_one_hot_sent_backwards():
    from cnnbook import correlate2d

    f = np.ones((1, 1))
    for d in (2, 2, 4):
        f = correlate2d(f, np.ones((3, 3)), padding="full", dilation=d)
    assert (f > 0).sum() == 81 == expected("7.3")


def test_8_1_by_hand():
    assert expected("8.1") == (16 * 25 + 16) + (32 * 16 * 9 + 32) + (32 * 4 * 10 + 10) == 6346


def test_8_2_by_hand():
    want = np.array([[1, 0, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0], [3, 0, 0, 4]], dtype=float)
    np.testing.assert_array_equal(expected("8.2"), want)


def test_8_3_by_the_softmax():
    p1 = 1 / (math.exp(2) + 2)
    assert math.isclose(expected("8.3"), p1 - 1, rel_tol=1e-12)


# -- rounded answers and classic mistakes --------------------------------------------

@pytest.mark.parametrize("answer", [-0.8935, -0.89349, -0.89, -0.894])
def test_8_3_accepts_rounded_answers(answer):
    assert check("8.3", answer)


def test_8_3_hints_do_not_spell_out_the_answer():
    assert "sign" in repr(check("8.3", 0.8935))
    assert "probability of class 1" in repr(check("8.3", 0.1065))
    assert "index 0" in repr(check("8.3", 0.787))
    generic = repr(check("8.3", 3.0))
    assert "p[1] - 1" not in generic and "one_hot" not in generic


def test_6_3_and_7_3_hints():
    assert "64 input channels" in repr(check("6.3", 2 * 3 * 3 * 32 * 64))
    assert "whole receptive field" in repr(check("7.3", 17 * 17))
    assert "one axis" in repr(check("7.3", 9))


# -- coding exercises: correct functions pass, wrong ones get the first differing case --

def rf_correct(layers):
    r, j, p_total = 1, 1, 0
    for k, s, p in layers:
        r, p_total, j = r + (k - 1) * j, p_total + p * j, j * s
    return r, j, p_total


def dilated_correct(x, w, d):
    n = len(x) - d * (len(w) - 1)
    return np.array([sum(w[t] * x[i + t * d] for t in range(len(w))) for i in range(n)])


def dense_correct(x, weight, grad_out):
    return grad_out @ weight, grad_out.T @ x


@pytest.mark.parametrize("key, fn", [("6.4", rf_correct), ("7.4", dilated_correct), ("8.4", dense_correct)])
def test_correct_functions_pass(key, fn):
    assert check(key, fn)


def test_6_4_reports_the_case_and_the_own_stride_mistake():
    def own_stride(layers):
        r, j, p_total = 1, 1, 0
        for k, s, p in layers:
            j *= s
            r, p_total = r + (k - 1) * j, p_total + p * j
        return r, j, p_total

    text = repr(check("6.4", own_stride))
    assert "on the input (" in text and "it should return" in text and "but returned" in text
    assert "own stride" in text
    assert "def " not in text and "receptive_field(" not in text  # never the reference code


def test_6_4_padding_mistake():
    def unscaled(layers):
        r, j, p_total = 1, 1, 0
        for k, s, p in layers:
            r, p_total, j = r + (k - 1) * j, p_total + p, j * s
        return r, j, p_total

    assert "scale it by the jump" in repr(check("6.4", unscaled))


def test_7_4_convolution_and_stride_mistakes():
    def convolution(x, w, d):
        return dilated_correct(x, np.asarray(w)[::-1], d)

    def strided(x, w, d):
        return np.correlate(x, w, mode="valid")[::d]

    assert "convolution" in repr(check("7.4", convolution))
    assert "stride" in repr(check("7.4", strided))


def test_8_4_transposed_weight_gradient():
    text = repr(check("8.4", lambda x, w, g: (g @ w, x.T @ g)))
    assert "transposed" in text and "it should return" in text


def test_8_4_reader_errors_are_reported_not_raised():
    def broken(x, weight, grad_out):
        raise RuntimeError("not yet")

    text = repr(check("8.4", broken))
    assert not check("8.4", broken) and "RuntimeError" in text and "Hint" in text


def test_coding_exercises_reject_non_functions():
    for key in ("6.4", "7.4", "8.4"):
        assert "expected a function" in repr(check(key, 3))


def test_unwritten_functions_are_told_so():
    assert "returns None" in repr(check("6.4", lambda layers: None))
    assert "returns None" in repr(check("8.4", lambda x, w, g: (None, None)))


def test_8_2_hints_recognise_transposed_and_spread_gradients():
    from cnnbook import check

    right = [[1, 0, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0], [3, 0, 0, 4]]
    assert check("8.2", right)
    transposed = [[1, 0, 0, 0], [0, 0, 3, 0], [0, 0, 0, 0], [2, 0, 0, 4]]
    assert not check("8.2", transposed) and "window (i, j)" in str(check("8.2", transposed))
    spread = np.kron([[1, 2], [3, 4]], np.ones((2, 2)))
    for wrong in (spread, spread / 4):
        result = check("8.2", wrong)
        assert not result and "all four" in str(result)
    other = check("8.2", np.eye(4))
    assert not other and "maximum" in str(other)
    assert "shape" in str(check("8.2", [1, 2, 3]))
