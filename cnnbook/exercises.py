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
    kind: str  # "array", "number", "int" or "choice"
    expected: Callable[[], object]  # computed when checked: the answer is not stored as text
    hint: str
    choices: tuple = ()


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


def register(key: str, kind: str, expected: Callable[[], object], hint: str, choices=()) -> None:
    """Add an exercise; ``expected`` is a function returning the right answer."""
    if kind not in ("array", "number", "int", "choice"):
        raise ValueError(f"kind must be 'array', 'number', 'int' or 'choice', got {kind!r}")
    if key in _REGISTRY:
        raise ValueError(f"exercise {key!r} is registered twice")
    _REGISTRY[key] = _Exercise(key, kind, expected, hint, tuple(choices))


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
# Chapter 8: a small CNN learns its own filters


def _ex_8_1():
    # the chapter's network widened to 16 and 32 filters: conv 1->16, conv 16->32, dense 32*2*2 -> 10
    from cnnbook.nn import Conv2d, Dense

    layers = [Conv2d(1, 16, 3, rng=0), Conv2d(16, 32, 3, rng=0), Dense(32 * 2 * 2, 10, rng=0)]
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
