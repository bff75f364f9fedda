"""Self-checks: right answers pass, wrong ones get a hint, odd ones never raise."""

import numpy as np
import pytest

from cnnbook import check
from cnnbook.exercises import _REGISTRY, exercise_keys

ODD_ANSWERS = [None, "abc", [1, "x"], {"a": 1}, object(), np.zeros((7, 7)), float("nan"), True, [[1, 2], [3]]]


@pytest.mark.parametrize("key", exercise_keys())
def test_right_answer_passes(key):
    expected = _REGISTRY[key].expected()
    result = check(key, expected)
    assert result and "correct" in repr(result)


@pytest.mark.parametrize("key", exercise_keys())
def test_wrong_answer_gets_a_hint_not_the_answer(key):
    ex = _REGISTRY[key]
    expected = ex.expected()
    if ex.kind == "choice":
        wrong = next(c for c in ex.choices if c.lower() != str(expected).lower())
    elif ex.kind == "array":
        wrong = np.asarray(expected, dtype=float) + 1
    elif ex.kind == "function":
        wrong = lambda *args: 12345.0  # noqa: E731
    else:
        wrong = expected + 1
    result = check(key, wrong)
    assert not result
    assert "Hint" in repr(result) or "expected one of" in repr(result)
    assert str(expected) not in repr(result) or ex.kind == "choice"


@pytest.mark.parametrize("key", exercise_keys())
@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=[type(a).__name__ for a in ODD_ANSWERS])
def test_odd_answers_never_raise(key, answer):
    result = check(key, answer)
    assert not result
    assert repr(result).startswith(f"Exercise {key}")


def test_unknown_key_is_explained():
    result = check("99.9", 1)
    assert not result and "no exercise" in repr(result)
