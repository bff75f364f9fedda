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

__all__ = ["CheckResult", "Reference", "check", "exercise_keys", "register"]


@dataclass(frozen=True)
class _Exercise:
    key: str
    kind: str  # "array", "number", "int", "choice" or "function"
    expected: Callable[[], object]  # computed when checked: the answer is not stored as text
    hint: str
    choices: tuple = ()
    # classic mistakes: (wrong, hint) pairs; ``wrong()`` is the mistaken answer (for a
    # "function" exercise ``wrong(*case)`` is the mistaken output on one case)
    mistakes: tuple = ()


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
        import html

        colour = "#1a7f37" if self.correct else "#b35900"
        # pre-wrap keeps the line breaks of a reported case (input, expected, got)
        return f'<div style="color:{colour}; font-weight:600; white-space:pre-wrap">{html.escape(self.message)}</div>'


_REGISTRY: dict[str, _Exercise] = {}


class Reference:
    """The answer key of a coding exercise: a reference function and its hidden cases.

    ``check`` calls the reader's function on every case (a tuple of arguments, made
    from a seeded generator, so the same cases every time) and compares it with the
    reference.  Calling a ``Reference`` calls the reference function; ``ref + 1`` is a
    deliberately wrong function (its outputs are off by one), which the generic tests
    use as "a wrong answer".

    Parameters
    ----------
    function : callable
    make_cases : callable ``() -> list of tuple``
    signature : str
        How the reader's function is called, for messages (e.g. ``"f(x, err)"``).
    """

    def __init__(self, function, make_cases, signature):
        self.function, self.make_cases, self.signature = function, make_cases, signature

    def __call__(self, *args):
        return self.function(*args)

    def __add__(self, offset):
        def wrong(*args):
            return np.asarray(self.function(*args), dtype=float) + offset

        return wrong

    def __repr__(self):
        return f"<reference solution of {self.signature}>"


def register(key: str, kind: str, expected: Callable[[], object], hint: str, choices=(), mistakes=()) -> None:
    """Add an exercise; ``expected`` is a function returning the right answer.

    For ``kind="function"`` it returns a :class:`Reference`.  ``mistakes`` lists
    ``(wrong, hint)`` pairs: an answer equal to ``wrong()`` (for a function exercise:
    an output equal to ``wrong(*case)``) gets that hint instead of the generic one.
    """
    if kind not in ("array", "number", "int", "choice", "function"):
        raise ValueError(f"kind must be 'array', 'number', 'int', 'choice' or 'function', got {kind!r}")
    if key in _REGISTRY:
        raise ValueError(f"exercise {key!r} is registered twice")
    _REGISTRY[key] = _Exercise(key, kind, expected, hint, tuple(choices), tuple(mistakes))


def _same(a, b):
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


def _show(value):
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=3, suppress_small=True, max_line_width=100)
    return repr(value)


def _check_function(key, ex, reference, answer):
    """Run the reader's function on the hidden cases; report the first that differs."""
    if not callable(answer) or isinstance(answer, type):
        return _wrong(key, f"expected a function, {reference.signature}, got a {type(answer).__name__}.")
    cases = reference.make_cases()
    for n, case in enumerate(cases):
        want = np.asarray(reference(*[np.copy(a) for a in case]), dtype=float)
        names = [n.strip() for n in reference.signature.split("(", 1)[1].split(")", 1)[0].split(",")]
        shown = "\n".join(f"{name} = {_show(a)}" for name, a in zip(names, case))
        try:
            got = answer(*[np.copy(a) for a in case])
            if got is None:
                return _wrong(key, "your function returned None: write its body so that it returns the result.")
            got_arr = np.asarray(got, dtype=float)
        except Exception as err:  # the reader's code: report, never raise
            return _wrong(key, f"case {n + 1} of {len(cases)} raised {type(err).__name__}: {err}\n"
                               f"{shown}\nHint: {ex.hint}")
        if got_arr.shape == want.shape and np.allclose(got_arr, want, rtol=1e-6, atol=1e-9):
            continue
        hint = ex.hint
        for wrong, mistake_hint in ex.mistakes:
            try:
                if _same(got_arr, wrong(*[np.copy(a) for a in case])):
                    hint = mistake_hint
                    break
            except Exception:  # a mistake that does not apply to this case
                continue
        detail = (f"expected shape {want.shape}, got shape {got_arr.shape}" if got_arr.shape != want.shape
                  else "values differ")
        return _wrong(key, f"case {n + 1} of {len(cases)} differs ({detail}).\n{shown}\n"
                           f"expected:\n{_show(want)}\ngot:\n{_show(got_arr)}\nHint: {hint}")
    return CheckResult(key, True, f"Exercise {key}: correct on all {len(cases)} hidden cases, well done.")


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
    expected = ex.expected()
    if ex.kind == "function":
        return _check_function(key, ex, expected, answer)
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
            hint = next((h for wrong, h in ex.mistakes if _same(arr, wrong())), ex.hint)
            return _wrong(key, f"expected an array of shape {want.shape}, got shape {arr.shape}. Hint: {hint}")
        ok = bool(np.allclose(arr, want, rtol=1e-6, atol=1e-9))
    if ok:
        return CheckResult(key, True, f"Exercise {key}: correct, well done.")
    for wrong, mistake_hint in ex.mistakes:
        if _same(answer, wrong()):
            return _wrong(key, f"not quite. Hint: {mistake_hint}")
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
# ===== BEGIN chapters 3-5 (issue 14) =============================================
# Chapter 3: from dense to convolutional layers


def _ex_3_1():
    # 16 filters of 5 x 5 over 3 input channels, one bias each
    return 16 * (3 * 5 * 5 + 1)


def _ex_3_2():
    from cnnbook.arithmetic import output_size

    # a locally connected layer: every output pixel of one 3 x 3 map over a 32 x 32 RGB
    # image has its own 3 * 3 * 3 weights (no bias)
    return output_size(32, 3) ** 2 * 3 * 3 * 3


EX_3_3_X = np.array([[1, 0, 2], [0, 1, 1], [3, 1, 0]])
EX_3_3_ERR = np.array([[1, -1], [0, 2]])


def _ex_3_3():
    from cnnbook.correlation import correlate2d

    return correlate2d(EX_3_3_X, EX_3_3_ERR)


def _kernel_gradient(x, err):
    from cnnbook.correlation import correlate2d

    return correlate2d(x, err)  # dL/dw[a, b] = sum_ij err[i, j] x[i + a, j + b]


def _cases_3_4():
    rng = np.random.default_rng(34)
    cases = []
    for _ in range(6):
        kh, kw = rng.integers(2, 4, size=2)
        h, w = rng.integers(4, 7, size=2)
        x = rng.integers(-3, 4, size=(h, w)).astype(float)
        err = rng.integers(-2, 3, size=(h - kh + 1, w - kw + 1)).astype(float)
        cases.append((x, err))
    return cases


register(
    "3.1",
    "int",
    _ex_3_1,
    "each filter has one weight per input channel and kernel position, plus one bias.",
    mistakes=[(lambda: 16 * 3 * 5 * 5, "you counted the weights but not the 16 biases (one per filter)."),
              (lambda: 16 * 5 * 5 + 16, "each filter spans all 3 input channels: 3 x 5 x 5 weights, not 5 x 5.")],
)
register(
    "3.2",
    "int",
    _ex_3_2,
    "count the output positions of a valid 3 x 3 window on 32 x 32, then give each its own 3 x 3 x 3 weights.",
    mistakes=[(lambda: 32 * 32 * 27, "without padding a 3 x 3 window fits in 30 x 30 positions of a 32 x 32 image, not 32 x 32."),
              (lambda: 27, "27 is the shared kernel of a convolution; a locally connected layer has its own 27 weights at every position.")],
)
register(
    "3.3",
    "array",
    _ex_3_3,
    "the gradient with respect to w[a, b] is the sum over output positions (i, j) of err[i, j] * x[i + a, j + b].",
    mistakes=[(lambda: _ex_3_3().T, "your answer is transposed: a is the row offset and b the column offset, "
                                    "so w[0, 1] pairs err with x shifted one column to the right."),
              (lambda: _ex_3_3()[::-1, ::-1], "your answer is flipped: that is a convolution with err; the gradient "
                                              "is a cross-correlation (x[i + a, j + b], no flip).")],
)
register(
    "3.4",
    "function",
    lambda: Reference(_kernel_gradient, _cases_3_4, "kernel_gradient(x, err) -> array (kh, kw)"),
    "for every kernel offset (a, b), multiply err with the window of x that starts at (a, b) and has err's shape, "
    "and sum; the result has shape (H - Ho + 1, W - Wo + 1).",
    mistakes=[(lambda x, err: _kernel_gradient(x, err).T, "your gradient is transposed: rows of the result are row offsets a."),
              (lambda x, err: _kernel_gradient(x, err)[::-1, ::-1],
               "your gradient is flipped (a convolution): use x[i + a, j + b], not x[i - a, j - b]."),
              (lambda x, err: _kernel_gradient(x, err) / err.size,
               "you divided by the number of outputs: err is already the derivative of the loss, so just sum.")],
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


def _im2col_ref(x, kernel_size, stride, padding):
    from cnnbook.convolution import im2col

    return im2col(x, int(kernel_size), stride=int(stride), padding=int(padding))


def _cases_4_4():
    rng = np.random.default_rng(44)
    cases = []
    for stride, padding in [(1, 0), (2, 0), (1, 1), (2, 1), (3, 2), (2, 2)]:
        c = int(rng.integers(1, 3))
        k = int(rng.integers(2, 4))
        h, w = rng.integers(k, k + 3, size=2)
        x = rng.integers(1, 10, size=(c, h, w)).astype(float)
        cases.append((x, k, stride, padding))
    return cases


def _im2col_channel_last(x, k, stride, padding):
    cols = _im2col_ref(x, k, stride, padding)
    c = x.shape[0]
    return cols.reshape(c, k * k, -1).transpose(1, 0, 2).reshape(c * k * k, -1)


register(
    "4.1",
    "int",
    _ex_4_1,
    "there is one column per output pixel; find the output height and width with output_size (padding counts per side).",
    mistakes=[(lambda: 3 * 5 * 5, "that is the number of rows (one per weight); the columns are one per output pixel."),
              (lambda: 30 * 30, "padding 2 is per side: the padded input is 36 wide, not 34.")],
)
register(
    "4.2",
    "array",
    _ex_4_2,
    "rows: one per weight of one filter (channels x kernel height x kernel width); columns: output height x output width at stride 2.",
    mistakes=[(lambda: _ex_4_2()[::-1], "rows and columns are swapped: rows are the weights of one filter, columns the windows."),
              (lambda: [16 * 3 * 3, 13 * 13], "13 x 13 is for stride 1; with stride 2 the window moves two pixels at a time.")],
)
register(
    "4.3",
    "int",
    _ex_4_3,
    "rows x columns x 4 bytes; with padding 1 a 3x3 kernel keeps the 56x56 size, so each pixel is copied once per kernel tap.",
    mistakes=[(lambda: _ex_4_3() // 4, "that is the number of values; a float32 value takes 4 bytes."),
              (lambda: _ex_4_3() * 2, "float32 takes 4 bytes per value, not 8 (that is float64).")],
)
register(
    "4.4",
    "function",
    lambda: Reference(_im2col_ref, _cases_4_4, "my_im2col(x, kernel_size, stride, padding) -> array (C*k*k, Ho*Wo)"),
    "pad every channel with `padding` zeros on each side first; windows start at rows and columns 0, stride, "
    "2*stride, ...; each column is one window flattened in channel, row, column order, and the columns go in "
    "row-major order of the window positions.",
    mistakes=[(_im2col_channel_last, "your rows are in (row, column, channel) order; flatten each window as "
                                     "x[:, i:i+k, j:j+k].ravel(), channel first, to match the filters' rows."),
              (lambda x, k, s, p: _im2col_ref(x, k, s, p).T, "your matrix is transposed: one *column* per window."),
              (lambda x, k, s, p: _im2col_ref(x, k, 1, p)[:, ::s],
               "stride moves the window down as well as across: keep rows 0, s, 2s, ... of window positions too."),
              (lambda x, k, s, p: _im2col_ref(x, k, s, p // 2) if p % 2 == 0 else None,
               "padding counts per side: add `padding` zeros above, below, left and right (not padding/2).")],
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


def _maxpool_backward_ref(x, grad, kernel_size, stride):
    from cnnbook.nn import MaxPool2d

    pool = MaxPool2d(int(kernel_size), stride=int(stride))
    pool.forward(np.asarray(x, dtype=float)[None, None])
    return pool.backward(np.asarray(grad, dtype=float)[None, None])[0, 0]


def _cases_5_4():
    from cnnbook.arithmetic import output_size

    rng = np.random.default_rng(54)
    cases = []
    for k, stride in [(2, 2), (3, 3), (2, 1), (3, 2), (2, 2), (3, 1)]:
        h, w = rng.integers(k + 1, k + 4, size=2)
        x = rng.permutation(h * w).reshape(h, w).astype(float)  # distinct values: no ties
        ho, wo = output_size(int(h), k, stride=stride), output_size(int(w), k, stride=stride)
        grad = rng.integers(1, 6, size=(ho, wo)).astype(float)
        cases.append((x, grad, k, stride))
    return cases


def _maxpool_backward_variant(x, grad, k, stride, mode):
    """Wrong versions of the backward pass, to recognise the classic mistakes."""
    out = np.zeros_like(np.asarray(x, dtype=float))
    for i in range(grad.shape[0]):
        for j in range(grad.shape[1]):
            rows, cols = slice(i * stride, i * stride + k), slice(j * stride, j * stride + k)
            window = x[rows, cols]
            if mode == "average":
                out[rows, cols] += grad[i, j] / window.size
            elif mode == "everywhere":
                out[rows, cols] += grad[i, j]
            else:  # "overwrite": = instead of +=, so overlapping windows lose gradient
                a, b = np.unravel_index(window.argmax(), window.shape)
                out[i * stride + a, j * stride + b] = grad[i, j]
    return out


register(
    "5.1",
    "array",
    _ex_5_1,
    "2x2 windows with stride 2 do not overlap: cut the 4x6 input into windows of 2 rows by 2 columns "
    "(2 windows down, 3 across) and keep the largest value of each.",
    mistakes=[(lambda: EX_5_1_INPUT.reshape(2, 2, 3, 2).max(axis=(1, 3)).T,
               "your answer is transposed: the output has 2 rows and 3 columns, like the input's 4 x 6."),
              (lambda: EX_5_1_INPUT.reshape(2, 2, 3, 2).mean(axis=(1, 3)),
               "that is average pooling; max pooling keeps the largest value of each window.")],
)
register(
    "5.2",
    "int",
    _ex_5_2,
    "use output_size with kernel 3, stride 2 and padding 1 per side; pooling follows the same formula as convolution.",
    mistakes=[(lambda: 55, "you left out the padding: with 1 per side the padded map is 114 wide."),
              (lambda: 112, "stride 2 halves the map; only stride 1 would keep 112.")],
)
register(
    "5.3",
    "int",
    _ex_5_3,
    "convolutions with padding 1 keep the size and each pooling halves it; the dense layer has one weight per input value per class, plus one bias per class.",
    mistakes=[(lambda: _ex_5_3() - 10, "add one bias per class (10)."),
              (lambda: 32 * 32 * 32 * 10 + 10, "there are two 2x2 pools: 64 -> 32 -> 16, so 32 x 16 x 16 inputs.")],
)
register(
    "5.4",
    "function",
    lambda: Reference(_maxpool_backward_ref, _cases_5_4,
                      "maxpool_backward(x, grad, kernel_size, stride) -> array like x"),
    "the result has x's shape and starts at zero; for every output (i, j), find the maximum of its window "
    "(rows i*stride to i*stride + kernel_size - 1, same for columns) and add grad[i, j] there; "
    "rows and columns no window covers stay zero.",
    mistakes=[(lambda x, g, k, s: _maxpool_backward_variant(x, g, k, s, "average"),
               "you spread each gradient evenly over its window: that is average pooling's backward pass. "
               "Max pooling sends all of it to the window's maximum."),
              (lambda x, g, k, s: _maxpool_backward_variant(x, g, k, s, "everywhere"),
               "you copied each gradient to every input of its window; only the maximum gets it, the others get zero."),
              (lambda x, g, k, s: _maxpool_backward_variant(x, g, k, s, "overwrite"),
               "with stride < kernel_size the windows overlap, and one input can be the maximum of two windows: "
               "add the gradients (+=), do not overwrite them.")],
)
# ===== END chapters 3-5 (issue 14) ===============================================


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
