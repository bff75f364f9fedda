"""Self-check exercises: ``check("1.1", answer)`` says right or wrong, with a hint.

Each exercise is registered with a key (chapter.number, as printed in the book), the
kind of answer it expects and a hint.  :func:`check` never raises at the reader and
never prints the answer: an answer of the wrong type or shape gets a polite sentence
saying what was expected.

Adding an exercise is one call to :func:`register` below the others.  A coding
exercise (kind ``"function"``) registers the reference function, a generator of hidden
random cases and the classic mistakes it recognises; :func:`check` runs the reader's
function on the cases and reports the first one where it differs (input, expected, got),
never the reference code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["CheckResult", "check", "exercise_keys", "register"]


@dataclass(frozen=True)
class _Exercise:
    key: str
    kind: str  # "array", "number", "int", "choice" or "function"
    expected: Callable[[], object]  # computed when checked: the answer is not stored as text
    hint: str
    choices: tuple = ()
    cases: Callable | None = None  # "function" only: rng -> list of argument tuples
    mistakes: tuple = ()  # "function" only: (wrong function, hint) pairs, the classic mistakes


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check` returns: true when the answer is right; shows its message."""

    key: str
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.correct else "#b35900"
        return f'<div style="color:{colour}; font-weight:600">{self.message}</div>'


_REGISTRY: dict[str, _Exercise] = {}


def register(key: str, kind: str, expected: Callable[[], object], hint: str, choices=(), *, cases=None,
             mistakes=()) -> None:
    """Add an exercise; ``expected`` is a function returning the right answer.

    For ``kind="function"``, ``expected()`` returns the reference function, ``cases(rng)``
    the hidden argument tuples, and ``mistakes`` lists ``(wrong_function, hint)`` pairs.
    """
    if kind not in ("array", "number", "int", "choice", "function"):
        raise ValueError(f"kind must be 'array', 'number', 'int', 'choice' or 'function', got {kind!r}")
    if key in _REGISTRY:
        raise ValueError(f"exercise {key!r} is registered twice")
    if (kind == "function") != (cases is not None):
        raise ValueError("cases must be given for kind='function', and only for it")
    _REGISTRY[key] = _Exercise(key, kind, expected, hint, tuple(choices), cases, tuple(mistakes))


#: Hidden cases are drawn from this seed: the same cases every time, not shown in the book.
_CASE_SEED = 20260101


def _show(value):
    if isinstance(value, np.ndarray):
        return np.array2string(np.round(value, 4), separator=", ", threshold=200, max_line_width=100)
    if isinstance(value, (float, np.floating)):
        return "0" if abs(value) < 1e-12 else f"{float(value):.6g}"
    return repr(value)


def _close(got, want):
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    want = np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-6, atol=1e-9))


def _check_function(ex, answer):
    if not callable(answer):
        return _wrong(ex.key, f"expected a function (def ...), got a {type(answer).__name__}.")
    reference = ex.expected()
    cases = ex.cases(np.random.default_rng(_CASE_SEED))
    for i, args in enumerate(cases):
        want = reference(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
        try:
            got = answer(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
        except Exception as exc:  # the reader's code: report, never raise
            return _wrong(ex.key, f"your function raised {type(exc).__name__}: {exc} on hidden case {i + 1} of "
                                  f"{len(cases)}, with arguments {', '.join(_show(a) for a in args)}. Hint: {ex.hint}")
        if got is None:
            return _wrong(ex.key, "your function returned None: write its body (it must return the answer) and run "
                                  "the cell again.")
        if not _close(got, want):
            hint = ex.hint
            for wrong, mistake_hint in ex.mistakes:  # a classic mistake explains every case
                if all(_close(answer(*a), wrong(*a)) for a in cases if _finite(wrong, a)):
                    hint = mistake_hint
                    break
            return _wrong(ex.key, f"hidden case {i + 1} of {len(cases)} differs. Arguments: "
                                  f"{', '.join(_show(a) for a in args)}; expected {_show(want)}, got {_show(got)}. "
                                  f"Hint: {hint}")
    return CheckResult(ex.key, True, f"Exercise {ex.key}: correct on all {len(cases)} hidden cases, well done.")


def _finite(fn, args):
    try:
        return bool(np.all(np.isfinite(np.asarray(fn(*args), dtype=float))))
    except Exception:
        return False


def exercise_keys() -> list[str]:
    """Keys of every registered exercise, in the book's order.

    Examples
    --------
    >>> exercise_keys()[:3]
    ['1.1', '1.2', '1.3']
    """
    def order(key):
        return tuple(int(p) if p.isdigit() else p for p in key.split("."))

    return sorted(_REGISTRY, key=order)


def _wrong(key, text):
    return CheckResult(key, False, f"Exercise {key}: {text}")


def check(key, answer) -> CheckResult:
    """Check the reader's ``answer`` to exercise ``key``.

    Parameters
    ----------
    key : str
        The exercise's number as printed in the book, e.g. ``"1.2"``.
    answer : object
        A number, a list/array of numbers or a choice, as the exercise asks.  ``None``
        (the placeholder in the notebooks) means "not answered yet".

    Returns
    -------
    CheckResult
        Truthy if correct.  It displays as one sentence: right, or wrong with a hint
        (never the answer itself).

    Examples
    --------
    >>> check("1.2", None)
    Exercise 1.2: no answer yet. Replace None with your answer and run the cell again.
    >>> check("1.2", "thirty")
    Exercise 1.2: expected a whole number, got a str ('thirty').
    >>> bool(check("1.2", 1))
    False
    """
    if key not in _REGISTRY:
        return CheckResult(str(key), False, f"There is no exercise {key!r}; the exercises are {', '.join(exercise_keys())}.")
    ex = _REGISTRY[key]
    if answer is None:
        return _wrong(key, "no answer yet. Replace None with your answer and run the cell again.")
    if ex.kind == "function":
        return _check_function(ex, answer)
    expected = ex.expected()
    if ex.kind == "choice":
        if not isinstance(answer, str):
            return _wrong(key, f"expected one of {', '.join(map(repr, ex.choices))} as a string, got a {type(answer).__name__}.")
        if answer.strip().lower() not in [c.lower() for c in ex.choices]:
            return _wrong(key, f"expected one of {', '.join(map(repr, ex.choices))}, got {answer!r}.")
        ok = answer.strip().lower() == str(expected).lower()
    elif ex.kind == "int":
        if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, np.integer, float, np.floating)):
            return _wrong(key, f"expected a whole number, got a {type(answer).__name__} ({answer!r}).")
        if not float(answer).is_integer():
            return _wrong(key, f"expected a whole number, got {answer!r}.")
        ok = int(answer) == int(expected)
    elif ex.kind == "number":
        if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, np.integer, float, np.floating)):
            return _wrong(key, f"expected a number, got a {type(answer).__name__} ({answer!r}).")
        ok = math.isclose(float(answer), float(expected), rel_tol=1e-6, abs_tol=1e-9)
    else:  # array
        try:
            arr = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _wrong(key, f"expected a list or array of numbers, got a {type(answer).__name__}.")
        want = np.asarray(expected, dtype=float)
        if arr.shape != want.shape:
            return _wrong(key, f"expected an array of shape {want.shape}, got shape {arr.shape}. Hint: {ex.hint}")
        ok = bool(np.allclose(arr, want, rtol=1e-6, atol=1e-9))
    if ok:
        return CheckResult(key, True, f"Exercise {key}: correct, well done.")
    return _wrong(key, f"not quite. Hint: {ex.hint}")


# ---------------------------------------------------------------------------------
# Chapter 1: cross-correlation and convolution in 1D


def _ex_1_1():
    from cnnbook.correlation import correlate1d

    return correlate1d([2, 0, 1, 3, 1], [1, -1])


def _ex_1_2():
    from cnnbook.arithmetic import output_size

    return output_size(100, 7, stride=3, padding=2)


def _ex_1_3():
    from cnnbook.correlation import convolve1d

    return convolve1d([1, 2, 3], [1, 1, 0], padding="full")


register(
    "1.1",
    "array",
    _ex_1_1,
    "each output is x[i] * 1 + x[i + 1] * (-1); a 5-sample signal and a 2-tap kernel give 5 - 2 + 1 outputs.",
)
register(
    "1.2",
    "int",
    _ex_1_2,
    "pad first (the signal grows by 2 on each side), count where a 7-tap window fits, then keep every third position starting at 0.",
)
register(
    "1.3",
    "array",
    _ex_1_3,
    "flip the kernel, pad the signal with len(kernel) - 1 zeros on each side, then slide and sum as in cross-correlation.",
)


# ---------------------------------------------------------------------------------
# Chapter 2: 2D filters and edges


def _ex_2_1():
    from cnnbook.correlation import correlate2d

    image = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]])
    return correlate2d(image, [[1, 0], [0, -1]])


def _ex_2_2():
    from cnnbook.arithmetic import output_size

    # a 28 x 28 image, a 5 x 5 kernel, no padding: outputs times taps
    return output_size(28, 5) ** 2 * 5 * 5


register(
    "2.1",
    "array",
    _ex_2_1,
    "the output is 3 x 3; each value is the top-left pixel of a 2 x 2 tile minus its bottom-right pixel.",
)
register(
    "2.2",
    "int",
    _ex_2_2,
    "count the output pixels first (how many positions does a 5-wide window have along 28 pixels?), then multiply by the taps per output.",
)
register(
    "2.3",
    "choice",
    lambda: "sobel_y",
    "a horizontal edge is a change from one row to the next: which kernel takes differences between rows?",
    choices=("box", "sobel_x", "sobel_y", "laplacian"),
)


# ---------------------------------------------------------------------------------
# Chapter 3: from dense to convolutional layers


def _ex_3_1():
    # 16 filters of 5 x 5 over 3 input channels, one bias each
    return 16 * (3 * 5 * 5 + 1)


def _ex_3_2():
    from cnnbook.arithmetic import output_size

    # a locally connected layer: every output pixel of one 3 x 3 map over a 32 x 32 RGB
    # image has its own 3 * 3 * 3 weights (no bias)
    return output_size(32, 3) ** 2 * 3 * 3 * 3


def _ex_3_3():
    from cnnbook.correlation import correlate2d

    x = np.array([[1, 0, 2], [0, 1, 1], [3, 1, 0]])
    err = np.array([[1, -1], [0, 2]])
    return correlate2d(x, err)


register(
    "3.1",
    "int",
    _ex_3_1,
    "each filter has one weight per input channel and kernel position, plus one bias.",
)
register(
    "3.2",
    "int",
    _ex_3_2,
    "count the output positions of a valid 3 x 3 window on 32 x 32, then give each its own 3 x 3 x 3 weights.",
)
register(
    "3.3",
    "array",
    _ex_3_3,
    "the gradient with respect to w[a, b] is the sum over output positions (i, j) of err[i, j] * x[i + a, j + b].",
)


# ---------------------------------------------------------------------------------
# Chapter 4: im2col, convolution as one matrix multiply


def _ex_4_1():
    from cnnbook.arithmetic import output_size

    # a 3x32x32 input, 5x5 kernels, stride 1, padding 2: one column per output pixel
    return output_size(32, 5, padding=2) ** 2


def _ex_4_2():
    from cnnbook.arithmetic import output_size

    # 16 input channels, 3x3 kernels, stride 2, no padding, on 15x15: (rows, columns)
    side = output_size(15, 3, stride=2)
    return [16 * 3 * 3, side * side]


def _ex_4_3():
    from cnnbook.arithmetic import output_size

    # float32 patch matrix of a 64x56x56 input, 3x3 kernel, padding 1, in bytes
    side = output_size(56, 3, padding=1)
    return 64 * 3 * 3 * side * side * 4


register(
    "4.1",
    "int",
    _ex_4_1,
    "there is one column per output pixel; find the output height and width with output_size (padding counts per side).",
)
register(
    "4.2",
    "array",
    _ex_4_2,
    "rows: one per weight of one filter (channels x kernel height x kernel width); columns: output height x output width at stride 2.",
)
register(
    "4.3",
    "int",
    _ex_4_3,
    "rows x columns x 4 bytes; with padding 1 a 3x3 kernel keeps the 56x56 size, so each pixel is copied once per kernel tap.",
)


# ---------------------------------------------------------------------------------
# Chapter 5: pooling

#: The 4x6 input of exercise 5.1 (printed in the notebook).
EX_5_1_INPUT = np.array(
    [
        [1, 3, 0, 2, 5, 1],
        [4, 2, 1, 0, 2, 2],
        [0, 1, 6, 1, 0, 3],
        [2, 2, 3, 4, 1, 7],
    ],
    dtype=float,
)


def _ex_5_1():
    from cnnbook.pooling import max_pool2d

    return max_pool2d(EX_5_1_INPUT, 2)


def _ex_5_2():
    from cnnbook.arithmetic import output_size

    # 3x3 max pooling, stride 2, padding 1 on a 112x112 map (as in ResNet's stem)
    return output_size(112, 3, stride=2, padding=1)


def _ex_5_3():
    from cnnbook.arithmetic import output_size

    # 3x64x64 -> conv 3x3 pad 1 (16) -> pool 2 -> conv 3x3 pad 1 (32) -> pool 2 -> dense 10
    side = output_size(output_size(64, 2, stride=2), 2, stride=2)
    return 32 * side * side * 10 + 10


register(
    "5.1",
    "array",
    _ex_5_1,
    "2x2 windows with stride 2 do not overlap: split the 4x6 input into 2x3 blocks and keep the largest value of each.",
)
register(
    "5.2",
    "int",
    _ex_5_2,
    "use output_size with kernel 3, stride 2 and padding 1 per side; pooling follows the same formula as convolution.",
)
register(
    "5.3",
    "int",
    _ex_5_3,
    "convolutions with padding 1 keep the size and each pooling halves it; the dense layer has one weight per input value per class, plus one bias per class.",
)


# ---------------------------------------------------------------------------------
# Chapter 6: receptive fields, padding and stride


def _ex_6_1():
    from cnnbook.arithmetic import receptive_field

    return receptive_field([(5, 1), (2, 2), (3, 1), (3, 2)]).size


def _ex_6_2():
    from cnnbook.arithmetic import output_size

    return output_size(output_size(224, 7, stride=2, padding=3), 3, stride=2, padding=1)


def _ex_6_3():
    channels = 64
    return 49 * channels * channels - 3 * 9 * channels * channels


register(
    "6.1",
    "int",
    _ex_6_1,
    "start from 1; each layer adds (kernel - 1) times the product of the strides of the layers *before* it.",
)
register(
    "6.2",
    "int",
    _ex_6_2,
    "apply floor((n + 2p - k) / s) + 1 twice: once for the 7x7 convolution, once for the 3x3 pooling.",
)
register(
    "6.3",
    "int",
    _ex_6_3,
    "three stacked 3x3 layers see 7x7; count kh * kw * C_in * C_out weights for each design (no biases) and subtract.",
)


# ---------------------------------------------------------------------------------
# Chapter 7: dilated convolution


def _ex_7_1():
    from cnnbook.arithmetic import Layer, receptive_field

    return receptive_field([Layer(3, dilation=d) for d in (1, 2, 4, 8, 16)]).size


def _ex_7_2():
    from cnnbook.arithmetic import effective_kernel_size

    return effective_kernel_size(5, 3)


def _ex_7_3():
    taps = {0}
    for _ in range(3):  # three 3-tap layers at rate 2, along one axis
        taps = {t + o for t in taps for o in (-2, 0, 2)}
    return len(taps) ** 2


register(
    "7.1",
    "int",
    _ex_7_1,
    "a 3x3 layer at rate d at stride 1 widens the receptive field by 2 * d; start from 1.",
)
register(
    "7.2",
    "int",
    _ex_7_2,
    "between neighbouring taps there are dilation - 1 holes; count taps plus holes from the first tap to the last.",
)
register(
    "7.3",
    "int",
    _ex_7_3,
    "along one axis each layer adds an offset of -2, 0 or +2; list the reachable sums, then square for two axes.",
)


# ---------------------------------------------------------------------------------
# Chapter 8: a small CNN learns its own filters


def _ex_8_1():
    # the chapter's network widened to 16 and 32 filters: conv 1->16 5x5, conv 16->32 3x3, dense 32*2*2 -> 10
    from cnnbook.nn import Conv2d, Dense

    layers = [Conv2d(1, 16, 5, rng=0), Conv2d(16, 32, 3, rng=0), Dense(32 * 2 * 2, 10, rng=0)]
    return sum(p.value.size for layer in layers for p in layer.parameters())


def _ex_8_2():
    from cnnbook.nn import MaxPool2d

    x = np.array([[3.0, 1, 0, 2], [0, 2, 5, 1], [1, 1, 0, 0], [4, 0, 0, 6]])
    pool = MaxPool2d(2)
    pool.forward(x[None, None])
    return pool.backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]))[0, 0]


def _ex_8_3():
    from cnnbook.nn import SoftmaxCrossEntropy

    loss_fn = SoftmaxCrossEntropy()
    loss_fn.forward(np.array([[2.0, 0.0, 0.0]]), [1])
    return float(loss_fn.backward()[0, 1])


register(
    "8.1",
    "int",
    _ex_8_1,
    "a convolution has out_channels * in_channels * kh * kw weights plus one bias per output channel; "
    "the dense layer has in_features * out_features weights plus one bias per output; ReLU, pooling and "
    "Flatten have none.",
)
register(
    "8.2",
    "array",
    _ex_8_2,
    "each 2x2 window sends its whole upstream gradient to the one input that was its maximum; the "
    "three other inputs of the window get 0.",
)
register(
    "8.3",
    "number",
    _ex_8_3,
    "the gradient of the mean cross-entropy with respect to the logits is (softmax(logits) - one_hot(label)) / N; "
    "here N = 1 and the label is 1, so you need p[1] - 1 with p = softmax([2, 0, 0]).",
)


# ---------------------------------------------------------------------------------
# Chapter 9: what convolutional networks learn, and what the visual cortex does


def _ex_9_1():
    from cnnbook.gabor import modulation_ratio

    def reference(response, cycles):
        return modulation_ratio(response, cycles)

    return reference


def _ex_9_1_cases(rng):
    # responses of model cells to drifting gratings: rectified sinusoids of random phase,
    # depth and offset, a little noise, and a constant; lengths 16..64, 1..3 cycles
    cases = []
    for i in range(12):
        n, cycles = int(rng.integers(16, 65)), int(rng.integers(1, 4))
        t = np.arange(n)
        wave = rng.uniform(0.5, 3) * np.cos(2 * np.pi * cycles * t / n + rng.uniform(0, 2 * np.pi))
        r = np.maximum(wave + rng.uniform(-1, 2), 0) + rng.uniform(0, 0.2, n)
        cases.append((r if i else np.full(n, 2.0), cycles))
    return cases


def _f1f0_mistake(scale_f1=1.0, one_cycle=False, fft_sum=False, range_based=False, f0_max=False):
    def wrong(response, cycles):
        r = np.asarray(response, dtype=float)
        t = np.arange(len(r))
        c = 1 if one_cycle else cycles
        if range_based:
            return (r.max() - r.min()) / 2 / r.mean()
        coef = np.sum if fft_sum else np.mean
        f0 = r.max() if f0_max else r.mean()
        return scale_f1 * 2 * np.abs(coef(r * np.exp(-2j * np.pi * c * t / len(r)))) / f0

    return wrong


def _ex_9_2():
    from cnnbook.gabor import modulation_ratio

    t = np.arange(3600)
    return modulation_ratio(np.abs(np.cos(2 * np.pi * t / 3600)), 1)  # 0 up to rounding


def _ex_9_3():
    from cnnbook.nn import Dense

    return sum(p.value.size for layer in (Dense(64, 100, rng=0), Dense(100, 10, rng=0)) for p in layer.parameters())


register(
    "9.1",
    "function",
    _ex_9_1,
    "F0 is the mean of the response; F1 is 2 * |mean(r * exp(-2j * pi * cycles * t / T))| with t = 0 .. T-1.",
    cases=_ex_9_1_cases,
    mistakes=(
        (_f1f0_mistake(scale_f1=0.5), "your ratio is half the expected one: the amplitude of a sinusoid is *twice* "
                                      "the magnitude of its Fourier coefficient mean(r * exp(-i w t))."),
        (_f1f0_mistake(one_cycle=True), "you took the component at one cycle per record; the grating completes "
                                        "`cycles` cycles in the record, so use exp(-2j * pi * cycles * t / T)."),
        (_f1f0_mistake(fft_sum=True), "np.fft.fft (or a plain sum) adds up the T samples instead of averaging "
                                      "them: divide the coefficient by T."),
        (_f1f0_mistake(range_based=True), "half the peak-to-peak range is not F1: F1 is the amplitude of the "
                                          "Fourier component at the grating's frequency."),
        (_f1f0_mistake(f0_max=True), "F0 is the *mean* response (the zeroth Fourier component), not its peak."),
        (_f1f0_mistake(scale_f1=2 ** -0.5), "your F1 is the RMS of the component (amplitude / sqrt(2)); F1 is its "
                                            "amplitude, 2 * |mean(r * exp(-i w t))|."),
    ),
)
register(
    "9.2",
    "number",
    lambda: round(_ex_9_2(), 6),
    "|cos| repeats twice per grating cycle, so its Fourier series has only even harmonics: what is left at the "
    "grating's own frequency? (2/3 is the ratio at *twice* that frequency, the fundamental of |cos| itself; "
    "pi/2 is the half-wave rectified sinusoid's ratio, not the full-wave one's.)",
)
register(
    "9.3",
    "int",
    _ex_9_3,
    "a dense layer has in_features * out_features weights plus one bias per output: 64 -> 100, then 100 -> 10.",
)
