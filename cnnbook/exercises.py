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
    # (wrong answer, hint): a classic mistake and what to say when the answer is exactly it.
    # The wrong answer is a callable returning it (or, for "function", a wrong function).
    mistakes: tuple = ()
    cases: Callable | None = None  # "function": rng -> list of argument tuples (hidden cases)
    tolerance: float | None = None  # "number", "function": the absolute error a result may have


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


def register(key: str, kind: str, expected: Callable[[], object], hint: str, choices=(), *, mistakes=(),
             cases=None, tolerance=None) -> None:
    """Add an exercise; ``expected`` is a function returning the right answer.

    ``mistakes`` lists classic mistakes as ``(wrong, hint)`` pairs: ``wrong()`` returns
    the wrong answer (for kind ``"choice"`` it may be the wrong choice itself; for kind
    ``"function"`` it is a wrong function), and an answer equal to it gets ``hint``
    instead of the generic one.  Kind ``"function"`` asks the reader for a function:
    ``expected()`` returns the reference function and ``cases(rng)`` the hidden argument
    tuples it is compared on.  ``tolerance`` (kind ``"number"``) is how far a rounded
    answer may be from the exact one (by default it must agree to 6 significant digits).
    """
    if kind not in ("array", "number", "int", "choice", "function"):
        raise ValueError(f"kind must be 'array', 'number', 'int', 'choice' or 'function', got {kind!r}")
    if key in _REGISTRY:
        raise ValueError(f"exercise {key!r} is registered twice")
    if (kind == "function") != (cases is not None):
        raise ValueError(f"exercise {key!r}: cases must be given for kind 'function' and only then")
    if tolerance is not None and kind not in ("number", "function"):
        raise ValueError(f"exercise {key!r}: a tolerance is only for kinds 'number' and 'function'")
    _REGISTRY[key] = _Exercise(key, kind, expected, hint, tuple(choices), tuple(mistakes), cases, tolerance)


class _Reference:
    """The reference solution of a coding exercise, as :func:`check` accepts it.

    Called, it is the reference function.  ``reference + c`` is a function whose results
    are off by ``c`` (a wrong answer, for testing the checker) — never shown to a reader.
    """

    def __init__(self, function):
        self._function = function

    def __call__(self, *args):
        return self._function(*args)

    def __add__(self, other):
        return _Reference(lambda *args: np.asarray(self._function(*args), dtype=float) + other)

    def __repr__(self):
        return "<reference solution>"


def _short(value):
    """A compact text of an argument or result for the check's report."""
    if isinstance(value, np.ndarray) or isinstance(value, (list, tuple)):
        try:
            return np.array2string(np.round(np.asarray(value, dtype=float), 4), separator=", ",
                                   max_line_width=10_000, threshold=200)
        except (TypeError, ValueError):
            pass
    return repr(value)


def _result(value):
    """A result as numbers: an array, or a tuple of arrays for a function that returns several."""
    if isinstance(value, tuple):
        return tuple(np.asarray(v, dtype=float) for v in value)
    return np.asarray(value, dtype=float)


def _same(got, want, atol=1e-9):
    if isinstance(want, tuple):
        return (isinstance(got, (tuple, list)) and len(got) == len(want)
                and all(_same(g, w, atol) for g, w in zip(got, want)))
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-6, atol=atol))


def _shape(value):
    """A result's shape for a message: of an array, or of each array a function returns."""
    if isinstance(value, (tuple, list)) and any(np.ndim(v) for v in value):
        return tuple(np.shape(v) for v in value)
    return np.shape(value)


def _check_function(ex, answer):
    key = ex.key
    if not callable(answer):
        return _wrong(key, f"expected a function (write it with def, then pass its name), got a "
                           f"{type(answer).__name__}.")
    reference = ex.expected()
    rng = np.random.default_rng(12345)  # the same hidden cases every time
    cases = ex.cases(rng)
    for args in cases:
        want = _result(reference(*args))
        try:
            with np.errstate(all="ignore"):
                got = answer(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
        except Exception as exc:  # the reader's code: report, never raise
            shown = ", ".join(_short(a) for a in args)
            return _wrong(key, f"your function raised {type(exc).__name__}: {exc} on the input ({shown}). "
                               f"Hint: {ex.hint}")
        if got is None or (isinstance(got, tuple) and any(g is None for g in got)):
            return _wrong(key, "your function returns None: write its body so that it returns the result, "
                               "then run the cell again.")
        if _same(got, want, ex.tolerance or 1e-9):
            continue
        hint = ex.hint
        for wrong, mistake_hint in ex.mistakes:
            # name a mistake only if it reproduces the reader's results on every hidden case
            # (on one case two mistakes can coincide, e.g. a row flip and a full flip of a 3 x 1 kernel)
            if _same(got, _result(wrong(*args))) and _reproduces(answer, wrong, cases):
                hint = mistake_hint
                break
        shown = ", ".join(_short(a) for a in args)
        shape = _shape(got) if not isinstance(got, (str, dict)) else "?"
        return _wrong(key, f"on the input ({shown}) it should return {_short(want)} (shape {_shape(want)}) "
                           f"but returned {_short(got)} (shape {shape}). Hint: {hint}")
    return CheckResult(key, True, f"Exercise {key}: correct on every hidden case, well done.")


def _reproduces(answer, wrong, cases):
    """True if the reader's function returns what the mistake ``wrong`` returns on every case.

    Cases where the mistake gives no result (an empty array: e.g. "valid" with a kernel
    larger than the input) or where the reader's function raises say nothing either way.
    """
    for args in cases:
        predicted = _result(wrong(*args))
        if not isinstance(predicted, tuple) and predicted.size == 0:
            continue
        try:
            with np.errstate(all="ignore"):
                got = answer(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
        except Exception:  # the reader's code: never raise
            continue
        if got is None or not _same(got, predicted):
            return False
    return True


def _mistake_hint(ex, answer):
    """The hint of the first classic mistake the (wrong) answer is, else the generic hint."""
    for wrong, hint in ex.mistakes:
        value = wrong() if callable(wrong) else wrong
        if ex.kind == "choice":
            if str(answer).strip().lower() == str(value).lower():
                return hint
        elif _same(answer, np.asarray(value, dtype=float), ex.tolerance or 1e-9):
            return hint
    return ex.hint


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
    if not isinstance(key, str) or key not in _REGISTRY:
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
        ok = math.isclose(float(answer), float(expected), rel_tol=1e-6, abs_tol=ex.tolerance or 1e-9)
    else:  # array
        try:
            if np.asarray(answer).dtype.kind not in "biuf":
                raise TypeError("not real numbers")
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
    return _wrong(key, f"not quite. Hint: {_mistake_hint(ex, answer)}")


# ---------------------------------------------------------------------------------
# Chapter 1: cross-correlation and convolution in 1D  (block begins; issue 13)


def _ex_1_1():
    from cnnbook.correlation import correlate1d

    return correlate1d([2, 0, 1, 3, 1], [1, -1])


def _ex_1_2():
    from cnnbook.arithmetic import output_size

    return output_size(100, 7, stride=3, padding=2)


def _ex_1_3():
    from cnnbook.correlation import convolve1d

    return convolve1d([1, 2, 3], [1, 1, 0], padding="full")


def _ex_1_3_correlated():
    from cnnbook.correlation import correlate1d

    return correlate1d([1, 2, 3], [1, 1, 0], padding="full")  # no flip: the classic mistake


def _ex_1_4_reference(x, kernel, padding, stride):
    from cnnbook.correlation import correlate1d

    return correlate1d(x, kernel, padding=padding, stride=stride)


def _ex_1_4_cases(rng):
    """Small integer signals and kernels, 0-2 zeros per side, stride 1-3."""
    cases = []
    for i in range(40):
        n, k = int(rng.integers(4, 13)), int(rng.integers(1, 5))
        padding, stride = int(rng.integers(0, 3)), int(rng.integers(1, 4))
        if i < 4:  # the first cases already need padding and a stride above 1
            padding, stride, k = 1 + i % 2, 2 + i % 2, 3
        x = rng.integers(-3, 4, size=n).astype(float)
        kernel = rng.integers(-3, 4, size=k).astype(float)
        if k > 1 and kernel[0] == kernel[-1]:
            kernel[-1] += 1  # asymmetric, so that a flip shows
        cases.append((x, kernel, padding, stride))
    return cases


def _ex_1_4_flipped(x, kernel, padding, stride):
    return _ex_1_4_reference(x, kernel[::-1], padding, stride)


def _ex_1_4_no_stride(x, kernel, padding, stride):
    return _ex_1_4_reference(x, kernel, padding, 1)


def _ex_1_4_no_padding(x, kernel, padding, stride):
    if len(kernel) > len(x):
        return np.zeros(0)
    return _ex_1_4_reference(x, kernel, 0, stride)


def _ex_1_4_one_side(x, kernel, padding, stride):
    from cnnbook.correlation import correlate1d

    return correlate1d(x, kernel, padding=(padding, 0), stride=stride)


register(
    "1.1",
    "array",
    _ex_1_1,
    "each output is x[i] * 1 + x[i + 1] * (-1); a 5-sample signal and a 2-tap kernel give 5 - 2 + 1 outputs.",
    mistakes=[(lambda: -_ex_1_1(), "that is the convolution: you flipped the kernel to [-1, 1]. "
                                   "Cross-correlation slides [1, -1] as it is: x[i] - x[i + 1].")],
)
register(
    "1.2",
    "int",
    _ex_1_2,
    "pad first (the signal grows by 2 on each side), count where a 7-tap window fits, then keep every third position starting at 0.",
    mistakes=[
        (lambda: 32, "that count leaves out some of the padding: 2 zeros go on EACH side, so the padded signal "
                     "has 100 + 2 * 2 samples."),
        (lambda: 98, "that is the count for stride 1: with stride 3 only every third window position is kept."),
        (lambda: 34, "close: the division by the stride rounds DOWN (a last window that would not fit is not "
                     "computed)."),
    ],
)
register(
    "1.3",
    "array",
    _ex_1_3,
    "flip the kernel, pad the signal with len(kernel) - 1 zeros on each side, then slide and sum as in cross-correlation.",
    mistakes=[(_ex_1_3_correlated, "that is the cross-correlation: you slid [1, 1, 0] as it is. Convolution "
               "flips the kernel first, to [0, 1, 1], then slides and sums.")],
)
register(
    "1.4",
    "function",
    lambda: _Reference(_ex_1_4_reference),
    "pad x with `padding` zeros at each end, then for i = 0, 1, 2, ... while the window fits, take the "
    "window starting at i * stride, multiply it by the kernel and sum.",
    mistakes=[
        (_ex_1_4_flipped, "your results are those of the flipped kernel: that is convolution. "
                          "Cross-correlation multiplies x_padded[i * stride + j] by kernel[j], without a flip."),
        (_ex_1_4_no_stride, "your function ignores the stride: window i must start at i * stride "
                            "in the padded signal, not at i."),
        (_ex_1_4_no_padding, "your function adds no zeros: `padding` zeros go before the signal AND "
                             "`padding` after it."),
        (_ex_1_4_one_side, "you padded only the start: `padding` is per side, so the same number of "
                           "zeros goes after the signal too."),
    ],
    cases=_ex_1_4_cases,
)

# (chapter 1 block ends)


# ---------------------------------------------------------------------------------
# Chapter 2: 2D filters and edges  (block begins; issue 13)


def _ex_2_1():
    from cnnbook.correlation import correlate2d

    image = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]])
    return correlate2d(image, [[1, 0], [0, -1]])


def _ex_2_2():
    from cnnbook.arithmetic import output_size

    # a 28 x 28 image, a 5 x 5 kernel, no padding: outputs times taps
    return output_size(28, 5) ** 2 * 5 * 5


def _ex_2_4_reference(image, kernel):
    from cnnbook.correlation import correlate2d

    return correlate2d(image, kernel, padding="same")


def _ex_2_4_cases(rng):
    """Small integer images, odd kernels, square and not (so that a transpose shows)."""
    cases = []
    for i in range(30):
        h, w = int(rng.integers(3, 8)), int(rng.integers(3, 8))
        kh, kw = (1, 3) if i == 0 else (3, 1) if i == 1 else (int(rng.choice([1, 3])), int(rng.choice([1, 3, 5])))
        if i < 3:
            kh, kw = (3, 3) if i == 2 else (kh, kw)
        kw = min(kw, 2 * w - 1)
        image = rng.integers(0, 5, size=(h, w)).astype(float)
        kernel = rng.integers(-2, 3, size=(kh, kw)).astype(float)
        kernel[0, 0] += 3  # asymmetric in both directions, so that a flip or a transpose shows
        cases.append((image, kernel))
    return cases


def _ex_2_4_flipped(image, kernel):
    return _ex_2_4_reference(image, kernel[::-1, ::-1])


def _ex_2_4_transposed(image, kernel):
    kt = kernel.T
    if kt.shape[0] > 2 * image.shape[0] - 1 or kt.shape[1] > 2 * image.shape[1] - 1:
        return np.zeros(0)
    return _ex_2_4_reference(image, kt)


def _ex_2_4_swapped_padding(image, kernel):
    from cnnbook.correlation import correlate2d

    kh, kw = kernel.shape
    padded = np.pad(image, (((kw - 1) // 2,) * 2, ((kh - 1) // 2,) * 2))  # rows padded by the width
    if kh > padded.shape[0] or kw > padded.shape[1]:
        return np.zeros(0)
    return correlate2d(padded, kernel)


def _ex_2_4_output_transposed(image, kernel):
    return _ex_2_4_reference(image, kernel).T


def _ex_2_4_valid(image, kernel):
    from cnnbook.correlation import correlate2d

    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        return np.zeros(0)
    return correlate2d(image, kernel)


register(
    "2.1",
    "array",
    _ex_2_1,
    "the output is 3 x 3; each value is the top-left pixel of a 2 x 2 tile minus its bottom-right pixel.",
    mistakes=[(lambda: -_ex_2_1(), "every sign is the wrong way round: you flipped the kernel (that is "
                                   "convolution). Cross-correlation uses [[1, 0], [0, -1]] as it is."),
              (lambda: _ex_2_1().T, "your answer is transposed: you listed the columns of the output as its "
                                    "rows. Row i of the output comes from the tiles whose top-left pixel is in "
                                    "row i of the image.")],
)
register(
    "2.2",
    "int",
    _ex_2_2,
    "count the output pixels first (how many positions does a 5-wide window have along 28 pixels?), then multiply by the taps per output.",
    mistakes=[(lambda: 28 * 28 * 25, "that counts one output per input pixel, but without padding a 5 x 5 window "
                                     "fits in fewer positions than there are pixels.")],
)
register(
    "2.3",
    "choice",
    lambda: "C",
    "make three 6 x 6 test images: top half 0 and bottom half 1 (a horizontal step), its transpose (a vertical "
    "step), and 1 below the diagonal, 0 on and above it (a diagonal step). Correlate each kernel with each "
    "image (no padding) and look at the largest |response|.",
    choices=("A", "B", "C", "D"),
    mistakes=[
        ("A", "A subtracts the top-right pixel from the bottom-left one. On the horizontal step those two "
              "pixels are in different rows, so where the window straddles the step they differ: A answers it."),
        ("B", "B is a diagonal-edge kernel, but it answers horizontal and vertical steps as well (up to 3 on "
              "each): its rows and its columns do not each sum to zero."),
        ("D", "D is zero on the vertical step (every row sums to 0), but it subtracts the bottom row from the top "
              "one, so the horizontal step lights it up."),
    ],
)
register(
    "2.4",
    "function",
    lambda: _Reference(_ex_2_4_reference),
    "pad (kh - 1) // 2 rows of zeros above and below the image and (kw - 1) // 2 columns left and right, "
    "then out[i, j] = sum of padded[i:i + kh, j:j + kw] * kernel; the output has the image's shape.",
    mistakes=[
        (_ex_2_4_flipped, "your results are those of the kernel flipped in both directions: that is "
                          "convolution. Cross-correlation uses the kernel as it is."),
        (_ex_2_4_transposed, "your results are those of the transposed kernel: kernel[a, b] must multiply the "
                             "pixel a rows down and b columns right of the tile's corner (rows first)."),
        (_ex_2_4_swapped_padding, "your padding uses the kernel's width for the rows (and its height for the "
                                  "columns): pad (kh - 1) // 2 rows above and below and (kw - 1) // 2 columns "
                                  "left and right."),
        (_ex_2_4_output_transposed, "your output is transposed: out[i, j] (row i, column j) is the window "
                                    "centred on image[i, j], and the output has the image's shape."),
        (_ex_2_4_valid, "your output is smaller than the image: that is \"valid\". \"same\" pads "
                        "(kh - 1) // 2 rows above and below and (kw - 1) // 2 columns left and right first."),
    ],
    cases=_ex_2_4_cases,
)

# (chapter 2 block ends)


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
    lambda: _Reference(_kernel_gradient),
    "for every kernel offset (a, b), multiply err with the window of x that starts at (a, b) and has err's shape, "
    "and sum; the result has shape (H - Ho + 1, W - Wo + 1).",
    mistakes=[(lambda x, err: _kernel_gradient(x, err).T, "your gradient is transposed: rows of the result are row offsets a."),
              (lambda x, err: _kernel_gradient(x, err)[::-1, ::-1],
               "your gradient is flipped (a convolution): use x[i + a, j + b], not x[i - a, j - b]."),
              (lambda x, err: _kernel_gradient(x, err) / err.size,
               "you divided by the number of outputs: err is already the derivative of the loss, so just sum.")],
    cases=lambda rng: _cases_3_4(),  # seeded on their own: the same hidden cases every time
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
    lambda: _Reference(_im2col_ref),
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
    cases=lambda rng: _cases_4_4(),  # seeded on their own: the same hidden cases every time
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
              (lambda: 32 * 32 * 32 * 10 + 10, "there are two 2x2 pools: 64 -> 32 -> 16, so 32 x 16 x 16 inputs."),
              (lambda: 32 * 8 * 8 * 10 + 10, "20,490 is for 32x32 inputs (the chapter's table): at 64x64 the "
               "last maps are 32x16x16.")],
)
register(
    "5.4",
    "function",
    lambda: _Reference(_maxpool_backward_ref),
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
    cases=lambda rng: _cases_5_4(),  # seeded on their own: the same hidden cases every time
)
# ===== END chapters 3-5 (issue 14) ===============================================


# =================================================================================
# Chapters 6-8 (receptive fields, dilation, learning filters): one block, edited together
# =================================================================================


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


register(
    "6.3",
    "int",
    _ex_6_3,
    "a layer has kh * kw * C_in * C_out weights; add the two layers.",
    mistakes=[(lambda: 2 * 3 * 3 * 32 * 64, "the second layer's input is the first layer's output, so it has 64 "
                                            "input channels, not 32."),
              (lambda: 5 * 5 * 32 * 64, "that is the single 5x5 layer; the question asks for the two 3x3 layers.")],
)


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
    "function",
    lambda: _Reference(_rf_reference),
    "keep three numbers while walking up the layers: r grows by (k - 1) * jump, P by p * jump, and only "
    "then does jump become jump * s.",
    mistakes=[
        (_rf_own_stride, "you multiplied by a layer's own stride before using it: a layer widens the field by "
                         "(k - 1) times the jump of the layers *below* it; update the jump afterwards."),
        (_rf_padding_unscaled, "the padding of a layer is counted in *its* input units, which are jump pixels "
                               "apart: scale it by the jump of the layers below."),
    ],
    cases=lambda rng: _rf_cases(),  # seeded on their own
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


register(
    "7.3",
    "int",
    _ex_7_3,
    "along one axis list the offsets the three layers can add up to (each adds -d, 0 or +d), then count them in 2D.",
    mistakes=[(lambda: (1 + 2 * (2 + 2 + 4)) ** 2, "that is the whole receptive field; with only even rates some of "
                                                   "its pixels are never reached."),
              (lambda: int(np.sqrt(_ex_7_3())), "that is one axis; the unit depends on pixels in 2D.")],
)


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
    "function",
    lambda: _Reference(_dilated_reference),
    "a kernel of k taps at rate d spans d * (k - 1) + 1 samples, so there are len(x) - d * (k - 1) outputs; "
    "output i is sum over j of w[j] * x[i + j * d].",
    mistakes=[
        (lambda x, w, d: _dilated_reference(x, np.asarray(w)[::-1], d),
         "your result is the *convolution* (flipped kernel); the book's layers correlate: tap j multiplies x[i + j * d]."),
        (lambda x, w, d: _dilated_reference(x, w, 1)[::d],
         "that is a stride of d (every d-th output of an ordinary correlation); dilation spreads the *taps* "
         "and keeps every output position."),
    ],
    cases=lambda rng: _dilated_cases(),  # seeded on their own
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
def _ex_8_2_transposed():
    transposed = np.zeros_like(_ex_8_2())  # the upstream gradient read column by column
    transposed[_ex_8_2() != 0] = np.array([[1.0, 3.0], [2.0, 4.0]]).ravel()
    return transposed


_SPREAD_8_2 = ("that spreads each window's gradient over all four of its inputs, as average pooling would; max "
               "pooling passed on only one input, so only that one gets the gradient.")
register(
    "8.2",
    "array",
    _ex_8_2,
    "each 2x2 window sends its whole upstream gradient to the one input that was its maximum; the three other "
    "inputs of the window get 0.",
    mistakes=[(_ex_8_2_transposed, "the upstream gradient's entry [i, j] belongs to window (i, j): row i of "
                                   "windows, column j; check which window gets the 2 and which the 3."),
              (lambda: np.kron([[1.0, 2.0], [3.0, 4.0]], np.ones((2, 2))), _SPREAD_8_2),
              (lambda: np.kron([[1.0, 2.0], [3.0, 4.0]], np.ones((2, 2))) / 4, _SPREAD_8_2)],
)


def _softmax_8_3():
    return np.exp([2.0, 0.0, 0.0]) / np.exp([2.0, 0.0, 0.0]).sum()


register(
    "8.3",
    "number",
    _ex_8_3,
    "compute the softmax probabilities of the three scores first, then ask how -log(p[label]) changes when the "
    "labelled class's own score rises.",
    tolerance=0.006,  # any rounding to two or more decimals
    mistakes=[(lambda: -_ex_8_3(), "check the sign: raising the right class's score lowers the loss."),
              (lambda: _softmax_8_3()[1], "that is the probability of class 1; the label's own term changes the derivative."),
              (lambda: _softmax_8_3()[0], "that is the answer for score 0 (index 0); the question asks for index 1.")],
)


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




register(
    "8.4",
    "function",
    lambda: _Reference(_dense_reference),
    "every out[n, o] = sum over i of x[n, i] * weight[o, i]; collect, for each weight and each input, "
    "grad_out times what it was multiplied by. Return a tuple (dx, dweight) with the shapes of x and weight.",
    mistakes=[
        (lambda x, w, g: (g @ w, (x.T @ g)), "your dweight is transposed: it must have the shape of weight, (O, I)."),
        (lambda x, w, g: (g @ w, g.T @ x / len(x)), "do not divide by N: the loss already decides the scale, "
                                                    "and grad_out carries it."),
    ],
    cases=lambda rng: _dense_cases(),  # seeded on their own
    tolerance=1e-6,  # the reference is a finite-difference gradient
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

    t = np.arange(36000)
    return modulation_ratio(np.maximum(np.cos(2 * np.pi * t / 36000) - 0.5, 0), 1)  # 1.7936 (exactly: see tests)


def _ex_9_2_half():
    return _ex_9_2() / 2


def _ex_9_3():
    from cnnbook.nn import Dense

    return sum(p.value.size for layer in (Dense(64, 100, rng=0), Dense(100, 10, rng=0)) for p in layer.parameters())


register(
    "9.1",
    "function",
    _ex_9_1,
    "F0 is the mean of the response; for F1 take section 3's formula, written there for one cycle per record, "
    "at the grating's frequency of `cycles` cycles per record (t = 0 .. T-1).",
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
def _ex_9_2_sampled_36():
    """F1/F0 of the thresholded cell sampled at 36 phases, as section 3 samples a cycle."""
    r = np.maximum(np.cos(np.deg2rad(np.arange(0, 360, 10))) - 0.5, 0)
    return 2 * abs(np.mean(r * np.exp(-1j * np.deg2rad(np.arange(0, 360, 10))))) / np.mean(r)


register(
    "9.2",
    "number",
    _ex_9_2,
    "integrate over one cycle: the cell fires only while cos(phase) > 0.5, i.e. for |phase| < pi/3; F0 is the "
    "mean of cos(phase) - 0.5 over that stretch (times its share of the cycle), F1 twice the mean of "
    "(cos(phase) - 0.5) * cos(phase). A numerical answer from a fine sampling of one cycle is fine too.",
    tolerance=0.006,  # any rounding to two or more decimals
    mistakes=[
        (lambda: np.pi / 2, "pi/2 is the ratio of the plain half-wave rectified sinusoid, with no threshold: the "
                            "threshold shortens the firing and changes F1 and F0 by different factors."),
        (_ex_9_2_half, "your ratio is half the expected one: the amplitude of a sinusoid is *twice* the magnitude "
                       "of its Fourier coefficient."),
        (lambda: 0.0, "F1 is 0 only for a response that repeats every half cycle, like the complex cells'; this "
                      "cell fires once per cycle."),
        (_ex_9_2_sampled_36, "that is what 36 phases (10 degrees apart) give: the threshold cuts the cycle "
                             "between samples, so sample it much more finely, or integrate."),
    ],
)
register(
    "9.3",
    "int",
    _ex_9_3,
    "a dense layer has in_features * out_features weights plus one bias per output: 64 -> 100, then 100 -> 10.",
    mistakes=[
        (lambda: 64 * 100 + 100 * 10, "those are the weights only: every unit of both layers also has a bias."),
        (lambda: 64 * 100 + 100 * 10 + 10, "the output layer's 10 biases are there, but the hidden layer's 100 are "
                                            "missing."),
        (lambda: 64 * 100 + 100, "that is the first layer only: the 100 hidden units still connect to the 10 classes."),
        (lambda: 64 * 100 + 100 + 10, "the second layer's 100 x 10 weights are missing."),
    ],
)
