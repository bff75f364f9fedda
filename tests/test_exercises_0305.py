"""Exercises of chapters 03-05: answer keys against independent computations, and the
coding exercises' checks (hidden cases, first differing case, classic-mistake hints)."""

import inspect

import numpy as np
import pytest

from cnnbook import check
from cnnbook.exercises import _REGISTRY, EX_3_3_ERR, EX_3_3_X, EX_5_1_INPUT


def key_of(key):
    return _REGISTRY[key].expected()


def cases_of(key):
    """The hidden cases of a coding exercise, as ``check`` makes them."""
    return _REGISTRY[key].cases(np.random.default_rng(12345))


# --- answer keys, each computed here another way -------------------------------------

def test_3_1_and_3_2_by_hand():
    assert key_of("3.1") == 16 * 75 + 16 == 1216
    assert key_of("3.2") == 30 * 30 * 27 == 24_300


def test_3_3_by_the_definition():
    x, err = EX_3_3_X, EX_3_3_ERR
    grad = [[sum(err[i, j] * x[i + a, j + b] for i in range(2) for j in range(2)) for b in range(2)] for a in range(2)]
    np.testing.assert_array_equal(key_of("3.3"), grad)


def test_4_keys_by_hand():
    assert key_of("4.1") == 32 * 32                        # padding 2 keeps 32x32 for a 5x5 kernel
    assert list(key_of("4.2")) == [144, 7 * 7]             # (15 - 3) // 2 + 1 = 7
    assert key_of("4.3") == 576 * 3136 * 4


def test_5_keys_by_hand():
    expected = [[max(EX_5_1_INPUT[r:r + 2, c:c + 2].ravel()) for c in range(0, 6, 2)] for r in range(0, 4, 2)]
    np.testing.assert_array_equal(key_of("5.1"), expected)
    assert key_of("5.2") == 56
    assert key_of("5.3") == 32 * 16 * 16 * 10 + 10


# --- reference solutions of the coding exercises against plain loops ------------------

def loops_kernel_gradient(x, err):
    kh, kw = x.shape[0] - err.shape[0] + 1, x.shape[1] - err.shape[1] + 1
    out = np.zeros((kh, kw))
    for a in range(kh):
        for b in range(kw):
            out[a, b] = np.sum(err * x[a:a + err.shape[0], b:b + err.shape[1]])
    return out


def loops_im2col(x, k, stride, padding):
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    ho = (xp.shape[1] - k) // stride + 1
    wo = (xp.shape[2] - k) // stride + 1
    cols = [xp[:, i * stride:i * stride + k, j * stride:j * stride + k].ravel() for i in range(ho) for j in range(wo)]
    return np.array(cols).T


def loops_maxpool_backward(x, grad, k, stride):
    out = np.zeros_like(x, dtype=float)
    for i in range(grad.shape[0]):
        for j in range(grad.shape[1]):
            window = x[i * stride:i * stride + k, j * stride:j * stride + k]
            a, b = np.unravel_index(np.argmax(window), window.shape)
            out[i * stride + a, j * stride + b] += grad[i, j]
    return out


CORRECT = {"3.4": loops_kernel_gradient, "4.4": loops_im2col, "5.4": loops_maxpool_backward}


@pytest.mark.parametrize("key", sorted(CORRECT))
def test_an_independent_correct_function_passes(key):
    result = check(key, CORRECT[key])
    assert result, repr(result)
    assert "every hidden case" in repr(result)


@pytest.mark.parametrize("key", sorted(CORRECT))
def test_the_reference_agrees_with_loops_on_every_case(key):
    ref = key_of(key)
    for case in cases_of(key):
        np.testing.assert_allclose(ref(*case), CORRECT[key](*case))


def test_the_cases_cover_stride_padding_and_overlap():
    cases_4 = cases_of("4.4")
    assert any(s > 1 for _, _, s, _ in cases_4) and any(p > 0 for _, _, _, p in cases_4)
    cases_5 = cases_of("5.4")
    assert any(s < k for _, _, k, s in cases_5)   # overlapping windows: gradients must add


@pytest.mark.parametrize("key", sorted(CORRECT))
def test_a_wrong_function_gets_the_first_differing_case_not_the_code(key):
    def wrong(*args):
        return np.asarray(CORRECT[key](*args)) * 2.0

    message = repr(check(key, wrong))
    assert message.startswith(f"Exercise {key}: on the input (")
    assert "it should return" in message and "but returned" in message and "Hint" in message
    # the reference code is never shown
    source = inspect.getsource(_REGISTRY[key].expected()._function)
    assert "def " not in message and source.splitlines()[-1].strip() not in message


def test_a_raising_or_empty_function_is_reported_politely():
    def broken(x, err):
        raise IndexError("oops")

    assert "raised IndexError: oops" in repr(check("3.4", broken))
    assert "returns None" in repr(check("3.4", lambda x, err: None))
    assert "expected a function" in repr(check("3.4", [[1, 2], [3, 4]]))


@pytest.mark.parametrize("key, mistake, words", [
    ("3.4", lambda x, e: loops_kernel_gradient(x, e).T, "transposed"),
    ("3.4", lambda x, e: loops_kernel_gradient(x, e)[::-1, ::-1], "flipped"),
    ("4.4", lambda x, k, s, p: loops_im2col(x, k, s, p).T, "transposed"),
    ("4.4", lambda x, k, s, p: loops_im2col(x, k, 1, p)[:, ::s], "down as well as across"),
    ("5.4", lambda x, g, k, s: loops_avg_backward(x, g, k, s), "average"),
    ("5.4", lambda x, g, k, s: loops_overwrite_backward(x, g, k, s), "overlap"),
])
def test_classic_mistakes_get_their_own_hint(key, mistake, words):
    message = repr(check(key, mistake))
    assert "Hint" in message and words in message, message


def loops_avg_backward(x, grad, k, stride):
    out = np.zeros_like(x, dtype=float)
    for i in range(grad.shape[0]):
        for j in range(grad.shape[1]):
            out[i * stride:i * stride + k, j * stride:j * stride + k] += grad[i, j] / (k * k)
    return out


def loops_overwrite_backward(x, grad, k, stride):
    out = np.zeros_like(x, dtype=float)
    for i in range(grad.shape[0]):
        for j in range(grad.shape[1]):
            window = x[i * stride:i * stride + k, j * stride:j * stride + k]
            a, b = np.unravel_index(np.argmax(window), window.shape)
            out[i * stride + a, j * stride + b] = grad[i, j]
    return out


def test_im2col_channel_order_mistake_is_recognised():
    def channel_last(x, k, s, p):
        cols = loops_im2col(x, k, s, p)
        c = x.shape[0]
        return cols.reshape(c, k * k, -1).transpose(1, 0, 2).reshape(c * k * k, -1)

    assert "channel first" in repr(check("4.4", channel_last))


@pytest.mark.parametrize("key, wrong, words", [
    ("3.3", lambda: np.asarray(key_of("3.3")).T, "transposed"),
    ("3.3", lambda: np.asarray(key_of("3.3"))[::-1, ::-1], "flipped"),
    ("3.1", lambda: 16 * 75, "biases"),
    ("4.2", lambda: [49, 144], "swapped"),
    ("4.3", lambda: 576 * 3136, "4 bytes"),
    ("5.1", lambda: np.asarray(key_of("5.1")).T, "transposed"),
    ("5.2", lambda: 55, "left out the padding"),
    ("5.3", lambda: 32 * (32 // 4) ** 2 * 10 + 10, "for 32x32 inputs"),   # the chapter's own 32x32 network
])
def test_array_and_number_mistakes_get_their_own_hint(key, wrong, words):
    message = repr(check(key, wrong()))
    assert not check(key, wrong()) and words in message, message


def test_5_1_hint_speaks_of_windows_not_blocks_of_2x3():
    hint = _REGISTRY["5.1"].hint
    assert "2x3 blocks" not in hint and "2 rows by 2 columns" in hint


def test_rounded_answers_are_accepted():
    assert check("3.3", np.asarray(key_of("3.3")) + 1e-9)
    assert check("5.1", np.asarray(key_of("5.1"), dtype=np.float32))
