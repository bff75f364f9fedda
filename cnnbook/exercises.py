"""Self-check exercises: ``check("1.1", answer)`` says right or wrong, with a hint.

Each exercise is registered with a key (chapter.number, as printed in the book), the
kind of answer it expects and a hint.  :func:`check` never raises at the reader and
never prints the answer: an answer of the wrong type or shape gets a polite sentence
saying what was expected.

Adding an exercise is one call to :func:`register` below the others.
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
    kind: str  # "array", "number", "int", "choice" or "judge"
    expected: Callable[[], object]  # computed when checked: the answer is not stored as text
    hint: str
    choices: tuple = ()
    judge: Callable | None = None  # kind "judge": judge(answer) -> (ok, message); own rules and hints


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


def register(key: str, kind: str, expected: Callable[[], object], hint: str, choices=(), judge=None) -> None:
    """Add an exercise; ``expected`` is a function returning the right answer.

    An exercise of kind ``"judge"`` also gives ``judge(answer) -> (ok, message)``, which
    decides (coding exercises, answers that may be rounded, hints for classic mistakes).
    """
    if kind not in ("array", "number", "int", "choice", "judge"):
        raise ValueError(f"kind must be 'array', 'number', 'int', 'choice' or 'judge', got {kind!r}")
    if (kind == "judge") != callable(judge):
        raise ValueError(f"exercise {key!r}: a judge is given exactly for kind 'judge'")
    if key in _REGISTRY:
        raise ValueError(f"exercise {key!r} is registered twice")
    _REGISTRY[key] = _Exercise(key, kind, expected, hint, tuple(choices), judge)


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
    if ex.kind == "judge":  # the exercise judges the answer itself (coding exercises, rounding rules)
        ok, text = ex.judge(answer)
        return CheckResult(key, True, f"Exercise {key}: correct, well done.") if ok else _wrong(key, text)
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


# =================================================================================
# Chapters 6-8 (receptive fields, dilation, learning filters): one block, edited together
# =================================================================================


def _fmt(value):
    """A short, one-line text of a test input or result for a message."""
    if isinstance(value, np.ndarray):
        return np.array2string(np.round(value, 4), separator=", ", max_line_width=10_000)
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_fmt(v) for v in value) + (",)" if len(value) == 1 else ")")
    return repr(value)


def _judge_function(cases, reference, same, mistakes, generic):
    """A judge for a coding exercise: run the reader's function on hidden cases.

    ``cases`` is a function returning a list of argument tuples (drawn from a fixed
    seed, so the first differing case is reproducible); ``reference(*args)`` gives the
    expected result, ``same(got, expected)`` compares.  ``mistakes`` is a list of
    ``(wrong_reference, hint)``: if the reader's result on the first differing case
    equals a classic wrong answer, that hint is given.  The message shows the case's
    input, the expected result and the reader's, never the reference code.
    """

    def judge(fn):
        if not callable(fn):
            return False, f"expected a function, got a {type(fn).__name__}."
        for args in cases():
            want = reference(*args)
            try:
                got = fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
            except Exception as error:  # the reader's code failed: say where, do not raise
                return False, (f"your function raised {type(error).__name__}: {error} on input {_fmt(args)}. "
                               f"Hint: {generic}")
            if got is None or (isinstance(got, tuple) and any(g is None for g in got)):
                return False, "your function returns None: replace the placeholder with your code and run the cell again."
            try:
                ok = same(got, want)
            except (TypeError, ValueError):
                ok = False
            if not ok:
                hint = generic
                for wrong, text in mistakes:
                    try:
                        if same(got, wrong(*args)):
                            hint = text
                            break
                    except (TypeError, ValueError):
                        continue
                return False, (f"first differing case: input {_fmt(args)}; expected {_fmt(want)}, "
                               f"got {_fmt(got)}. Hint: {hint}")
        return True, ""

    return judge


class _Reference:
    """The reference solution of a coding exercise, as ``expected()`` returns it.

    It is a callable; ``reference + c`` is a (wrong) function whose results are off by
    ``c``, so generic tests can build a wrong answer the same way for every kind.
    """

    def __init__(self, fn):
        self._fn = fn

    def __call__(self, *args):
        return self._fn(*args)

    def __add__(self, other):
        return _Reference(lambda *args: self._fn(*args) + other)

    def __repr__(self):
        return "<reference solution>"


def _same_arrays(got, want):
    if isinstance(want, tuple):
        return isinstance(got, (tuple, list)) and len(got) == len(want) and all(
            _same_arrays(g, w) for g, w in zip(got, want))
    got = np.asarray(got, dtype=float)
    return got.shape == np.shape(want) and bool(np.allclose(got, want, rtol=1e-6, atol=1e-8))


# ---------------------------------------------------------------------------------
# Chapter 6: receptive fields, padding and stride


def _ex_6_1():
    from cnnbook.arithmetic import receptive_field

    return receptive_field([(5, 1), (2, 2), (3, 1), (3, 2)]).size


def _ex_6_2():
    from cnnbook.arithmetic import output_size

    return output_size(output_size(224, 7, stride=2, padding=3), 3, stride=2, padding=1)


def _ex_6_3():
    # two 3x3 layers 32 -> 64 -> 64 channels, no biases
    return 3 * 3 * 32 * 64 + 3 * 3 * 64 * 64


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


def _judge_6_3(answer):
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, np.integer, float, np.floating)):
        return False, f"expected a whole number, got a {type(answer).__name__} ({answer!r})."
    if answer == _ex_6_3():
        return True, ""
    if answer == 2 * 3 * 3 * 32 * 64:
        return False, ("not quite. Hint: the second layer's input is the first layer's output, "
                       "so it has 64 input channels, not 32.")
    if answer == 5 * 5 * 32 * 64:
        return False, "not quite. Hint: that is the single 5x5 layer; the question asks for the two 3x3 layers."
    return False, "not quite. Hint: a layer has kh * kw * C_in * C_out weights; add the two layers."


register("6.3", "judge", _ex_6_3, "", judge=_judge_6_3)


def _rf_reference(layers):
    from cnnbook.arithmetic import receptive_field

    return tuple(receptive_field(layers))


def _rf_cases():
    rng = np.random.default_rng(606)
    cases = [([(3, 1, 1)],), ([(3, 1, 0), (2, 2, 0), (3, 1, 0)],)]
    for _ in range(40):
        depth = int(rng.integers(1, 7))
        cases.append(([(int(rng.integers(1, 8)), int(rng.integers(1, 4)), int(rng.integers(0, 4))) for _ in range(depth)],))
    return cases


def _rf_own_stride(layers):  # classic mistake: a layer's own stride already counts
    r, jump, start = 1, 1, 0
    for k, s, p in layers:
        jump *= s
        r += (k - 1) * jump
        start -= p * jump
    return r, jump, -start


def _rf_padding_unscaled(layers):  # classic mistake: padding not scaled by the jump
    r, jump, padding = 1, 1, 0
    for k, s, p in layers:
        r += (k - 1) * jump
        padding += p
        jump *= s
    return r, jump, padding


register(
    "6.4",
    "judge",
    lambda: _Reference(_rf_reference),
    "",
    judge=_judge_function(
        _rf_cases,
        _rf_reference,
        lambda got, want: tuple(int(v) for v in got) == want,
        [
            (_rf_own_stride, "you multiplied by a layer's own stride before using it: a layer widens the field by "
                             "(k - 1) times the jump of the layers *below* it; update the jump afterwards."),
            (_rf_padding_unscaled, "the padding of a layer is counted in *its* input units, which are jump pixels "
                                   "apart: scale it by the jump of the layers below."),
        ],
        "keep three numbers while walking up the layers: r grows by (k - 1) * jump, P by p * jump, and only "
        "then does jump become jump * s.",
    ),
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
    for d in (2, 2, 4):  # three 3-tap layers at rates 2, 2 and 4, along one axis
        taps = {t + o for t in taps for o in (-d, 0, d)}
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


def _judge_7_3(answer):
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, np.integer, float, np.floating)):
        return False, f"expected a whole number, got a {type(answer).__name__} ({answer!r})."
    if answer == _ex_7_3():
        return True, ""
    rf = 1 + 2 * (2 + 2 + 4)
    if answer == rf * rf:
        return False, ("not quite. Hint: that is the whole receptive field; with only even rates some of its "
                       "pixels are never reached.")
    if answer == int(np.sqrt(_ex_7_3())):
        return False, "not quite. Hint: that is one axis; the unit depends on pixels in 2D."
    return False, ("not quite. Hint: along one axis list the offsets the three layers can add up to "
                   "(each adds -d, 0 or +d), then count them in 2D.")


register("7.3", "judge", _ex_7_3, "", judge=_judge_7_3)


def _dilated_cases():
    rng = np.random.default_rng(707)
    cases = []
    for _ in range(30):
        k, d = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        n = d * (k - 1) + 1 + int(rng.integers(0, 8))
        cases.append((np.round(rng.normal(size=n), 2), np.round(rng.normal(size=k), 2), d))
    return cases


def _dilated_reference(x, w, d):
    from cnnbook.correlation import correlate1d

    return correlate1d(x, w, dilation=d)


register(
    "7.4",
    "judge",
    lambda: _Reference(_dilated_reference),
    "",
    judge=_judge_function(
        _dilated_cases,
        _dilated_reference,
        _same_arrays,
        [
            (lambda x, w, d: _dilated_reference(x, np.asarray(w)[::-1], d),
             "your result is the *convolution* (flipped kernel); the book's layers correlate: tap j multiplies x[i + j * d]."),
            (lambda x, w, d: _dilated_reference(x, w, 1)[::d],
             "that is a stride of d (every d-th output of an ordinary correlation); dilation spreads the *taps* "
             "and keeps every output position."),
        ],
        "a kernel of k taps at rate d spans d * (k - 1) + 1 samples, so there are len(x) - d * (k - 1) outputs; "
        "output i is sum over j of w[j] * x[i + j * d].",
    ),
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
def _judge_8_2(answer):
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False, f"expected a list or array of numbers, got a {type(answer).__name__}."
    want = _ex_8_2()
    if arr.shape != want.shape:
        return False, f"expected an array of shape {want.shape}, got shape {arr.shape}."
    if np.allclose(arr, want):
        return True, ""
    transposed = np.zeros_like(want)  # the upstream gradient read column by column
    transposed[want != 0] = np.array([[1.0, 3.0], [2.0, 4.0]]).ravel()
    if np.allclose(arr, transposed):
        return False, ("not quite. Hint: the upstream gradient's entry [i, j] belongs to window (i, j): row i of "
                       "windows, column j; check which window gets the 2 and which the 3.")
    spread = np.kron([[1.0, 2.0], [3.0, 4.0]], np.ones((2, 2)))
    if np.allclose(arr, spread) or np.allclose(arr, spread / 4):
        return False, ("not quite. Hint: that spreads each window's gradient over all four of its inputs, as average "
                       "pooling would; max pooling passed on only one input, so only that one gets the gradient.")
    return False, ("not quite. Hint: each 2x2 window sends its whole upstream gradient to the one input that was its "
                   "maximum; the three other inputs of the window get 0.")


register("8.2", "judge", _ex_8_2, "", judge=_judge_8_2)


def _judge_8_3(answer):
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, np.integer, float, np.floating)):
        return False, f"expected a number, got a {type(answer).__name__} ({answer!r})."
    expected = _ex_8_3()
    if abs(float(answer) - expected) < 0.006:  # any rounding to two or more decimals
        return True, ""
    p = np.exp([2.0, 0.0, 0.0]) / np.exp([2.0, 0.0, 0.0]).sum()
    if abs(float(answer) + expected) < 0.006:
        return False, "not quite. Hint: check the sign: raising the right class's score lowers the loss."
    if abs(float(answer) - p[1]) < 0.006:
        return False, "not quite. Hint: that is the probability of class 1; the label's own term changes the derivative."
    if abs(float(answer) - p[0]) < 0.006:
        return False, "not quite. Hint: that is the answer for score 0 (index 0); the question asks for index 1."
    return False, ("not quite. Hint: compute the softmax probabilities of the three scores first, then ask how "
                   "-log(p[label]) changes when the labelled class's own score rises.")


register("8.3", "judge", _ex_8_3, "", judge=_judge_8_3)


def _dense_cases():
    rng = np.random.default_rng(808)
    cases = []
    for _ in range(20):
        n, i, o = (int(v) for v in rng.integers(1, 5, size=3))
        cases.append((np.round(rng.normal(size=(n, i)), 2), np.round(rng.normal(size=(o, i)), 2),
                      np.round(rng.normal(size=(n, o)), 2)))
    return cases


def _dense_reference(x, weight, grad_out):
    # finite differences of loss = sum(grad_out * (x @ weight.T)), not the formula
    from cnnbook.nn import numerical_gradient

    x, weight = x.astype(float), weight.astype(float)

    def loss():
        return float(np.sum(grad_out * (x @ weight.T)))

    return numerical_gradient(loss, x), numerical_gradient(loss, weight)


def _same_gradients(got, want):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return False
    return all(np.shape(g) == w.shape and np.allclose(np.asarray(g, dtype=float), w, rtol=1e-5, atol=1e-6)
               for g, w in zip(got, want))


register(
    "8.4",
    "judge",
    lambda: _Reference(_dense_reference),
    "",
    judge=_judge_function(
        _dense_cases,
        _dense_reference,
        _same_gradients,
        [
            (lambda x, w, g: (g @ w, (x.T @ g)), "your dweight is transposed: it must have the shape of weight, (O, I)."),
            (lambda x, w, g: (g @ w, g.T @ x / len(x)), "do not divide by N: the loss already decides the scale, "
                                                        "and grad_out carries it."),
        ],
        "every out[n, o] = sum over i of x[n, i] * weight[o, i]; collect, for each weight and each input, "
        "grad_out times what it was multiplied by. Return a tuple (dx, dweight) with the shapes of x and weight.",
    ),
)
