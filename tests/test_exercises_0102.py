"""Chapters 01-02's exercises: answer keys against independent computations, the coding
exercises' checks, and the classic-mistake hints."""

import numpy as np
import pytest
from scipy import signal

from cnnbook import check
from cnnbook.exercises import _REGISTRY


def key(k):
    return np.asarray(_REGISTRY[k].expected(), dtype=float)


def test_answer_keys_against_independent_computations():
    assert key("1.1").tolist() == [2 - 0, 0 - 1, 1 - 3, 3 - 1]
    assert int(key("1.2")) == (100 + 2 * 2 - 7) // 3 + 1 == 33
    assert np.allclose(key("1.3"), np.convolve([1, 2, 3], [1, 1, 0], "full"))
    image = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]])
    assert np.allclose(key("2.1"), image[:3, :3] - image[1:, 1:])
    assert int(key("2.2")) == 24 * 24 * 25
    assert _REGISTRY["2.3"].expected() == "C"


# the four kernels exactly as the exercise 2.3 prompt in notebooks/02_filters_2d.ipynb lists them
KERNELS_2_3 = {
    "A": [[0, 0, -1], [0, 0, 0], [1, 0, 0]],
    "B": [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]],
    "C": [[1, 0, -1], [0, 0, 0], [-1, 0, 1]],
    "D": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
}


def test_exercise_2_3_key_is_the_only_kernel_blind_to_both_steps_but_not_to_the_diagonal():
    step = np.zeros((6, 6))
    step[3:] = 1.0  # a horizontal edge
    rows, cols = np.indices((6, 6))
    diagonal = (rows > cols).astype(float)

    def answers(k, image):
        return np.abs(signal.correlate2d(image, np.array(k, float), "valid")).max() > 1e-12

    fit = {n for n, k in KERNELS_2_3.items()
           if not answers(k, step) and not answers(k, step.T) and answers(k, diagonal)}
    assert fit == {_REGISTRY["2.3"].expected()}


def test_exercise_2_3_kernels_are_not_the_kernel_explorers():
    """The prompt says none of the four appears earlier: not as the custom default, nor in the menu."""
    from cnnbook.explorers import kernel_explorer

    e = kernel_explorer({"flat": np.zeros((8, 8))}, size=8)
    default = [[e.controls[f"k{i}{j}"].value for j in range(3)] for i in range(3)]
    for name, k in KERNELS_2_3.items():
        assert not np.array_equal(default, k), f"kernel {name} is the kernel explorer's custom default"
    from cnnbook import kernels

    for name in ("SOBEL_X", "SOBEL_Y", "PREWITT_X", "PREWITT_Y", "LAPLACIAN", "SHARPEN"):
        assert all(not np.array_equal(getattr(kernels, name), k) for k in KERNELS_2_3.values()), name


def test_exercise_2_3_prompt_lists_the_tested_kernels():
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "02_filters_2d.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"])
    for name, k in KERNELS_2_3.items():
        assert f"{name} = {k}" in text  # the prompt shows the same matrices the test checks


def test_a_mistake_is_named_only_if_it_explains_every_case():
    # a row-only flip coincides with the full flip on 3 x 1 kernels, but not on the others
    result = repr(check("2.4", lambda im, k: loop_same2d(im, k[::-1, :])))
    assert "flipped in both directions" not in result and _REGISTRY["2.4"].hint in result


def loop_correlate1d(x, w, padding, stride):
    xp = np.concatenate([np.zeros(padding), x, np.zeros(padding)])
    return np.array([np.dot(xp[i:i + len(w)], w) for i in range(0, len(xp) - len(w) + 1, stride)])


def loop_same2d(image, kernel):
    return signal.correlate2d(image, kernel, mode="same")  # odd kernels: scipy centres them as "same" does


def test_coding_exercises_reference_agrees_with_independent_code():
    rng = np.random.default_rng(0)
    ref1, ref2 = _REGISTRY["1.4"].expected(), _REGISTRY["2.4"].expected()
    for args in _REGISTRY["1.4"].cases(rng):
        assert np.allclose(ref1(*args), loop_correlate1d(*args))
    for image, kernel in _REGISTRY["2.4"].cases(rng):
        assert np.allclose(ref2(image, kernel), loop_same2d(image, kernel))
    shapes = {k.shape for _, k in _REGISTRY["2.4"].cases(rng)}
    assert any(h != w for h, w in shapes)  # some cases are not square, so a transpose shows


def test_coding_exercise_accepts_a_correct_function():
    assert check("1.4", loop_correlate1d)
    assert check("2.4", loop_same2d)


@pytest.mark.parametrize(
    "wrong, phrase",
    [
        (lambda x, w, p, s: loop_correlate1d(x, w[::-1], p, s), "convolution"),
        (lambda x, w, p, s: loop_correlate1d(x, w, p, 1), "ignores the stride"),
        (lambda x, w, p, s: loop_correlate1d(x, w, 0, s), "adds no zeros"),
        (lambda x, w, p, s: loop_correlate1d(np.concatenate([np.zeros(p), x]), w, 0, s), "per side"),
    ],
)
def test_exercise_1_4_reports_first_case_and_recognises_the_mistake(wrong, phrase):
    result = check("1.4", wrong)
    text = repr(result)
    assert not result and phrase in text
    assert "on the input (" in text and "it should return" in text and "but returned" in text
    assert "correlate1d" not in text and "def " not in text  # never the reference code


@pytest.mark.parametrize(
    "wrong, phrase",
    [
        (lambda im, k: loop_same2d(im, k[::-1, ::-1]), "convolution"),
        (lambda im, k: loop_same2d(im, k.T), "transposed"),
        (lambda im, k: signal.correlate2d(im, k, "valid"), "valid"),
        # rows and columns of the padding mixed up: kw // 2 rows, kh // 2 columns
        (lambda im, k: signal.correlate2d(np.pad(im, ((k.shape[1] // 2,) * 2, (k.shape[0] // 2,) * 2)), k, "valid"),
         "width for the rows"),
        (lambda im, k: loop_same2d(im, k).T, "output is transposed"),
    ],
)
def test_exercise_2_4_reports_first_case_and_recognises_the_mistake(wrong, phrase):
    result = check("2.4", wrong)
    assert not result and phrase in repr(result) and "but returned" in repr(result)
    assert "correlate2d" not in repr(result)


def test_first_differing_case_is_reported_with_its_values():
    def off_by_one_at_stride_3(x, w, p, s):
        out = loop_correlate1d(x, w, p, s)
        return out + (s == 3)

    rng = np.random.default_rng(12345)  # the check's own hidden cases
    first = next(args for args in _REGISTRY["1.4"].cases(rng) if args[3] == 3)
    text = repr(check("1.4", off_by_one_at_stride_3))
    assert f", {first[2]}, 3)" in text  # the input shown is the first case with stride 3
    assert np.array2string(np.round(loop_correlate1d(*first), 4), separator=", ") in text


def test_a_function_that_raises_or_is_not_a_function_gets_a_sentence():
    def broken(x, w, p, s):
        raise IndexError("out of range")

    assert "raised IndexError" in repr(check("1.4", broken))
    assert "expected a function" in repr(check("2.4", [[1, 2]]))


@pytest.mark.parametrize(
    "ex, answer, phrase",
    [
        ("1.3", [0, 1, 3, 5, 3], "cross-correlation"),
        ("1.2", (100 - 7) // 3 + 1, "EACH side"),
        ("1.2", 100 + 2 * 2 - 7 + 1, "stride 1"),
        ("1.2", -(-(100 + 2 * 2 - 7) // 3) + 1, "rounds DOWN"),
        ("2.1", -(np.array([[1, 2, 0], [0, 1, 3], [2, 0, 1]]) - np.array([[1, 3, 1], [0, 1, 0], [1, 0, 2]])), "flipped"),
        ("2.2", 28 * 28 * 5 * 5, "one output per input pixel"),
        ("1.1", [-2, 1, 2, -2], "flipped the kernel"),
        ("2.1", (np.array([[1, 2, 0], [0, 1, 3], [2, 0, 1]]) - np.array([[1, 3, 1], [0, 1, 0], [1, 0, 2]])).T, "transposed"),
        ("2.3", "A", "answers it"),
        ("2.3", "B", "as well"),
        ("2.3", "D", "lights it up"),
    ],
)
def test_classic_mistake_hints(ex, answer, phrase):
    result = check(ex, answer)
    assert not result and phrase in repr(result)


def test_other_wrong_answers_get_the_generic_hint():
    assert _REGISTRY["1.3"].hint in repr(check("1.3", [1, 3, 5, 3, 1]))
