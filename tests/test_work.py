"""The work counter of the complexity guards (``tests/work.py``): calls past the budget fail
at once, whatever catches exceptions in the code under test, and nothing else is changed."""

from __future__ import annotations

import sys

import pytest

from tests.work import TooMuchWork, within_calls


def step() -> int:
    return 1


def steps(count: int) -> int:
    return sum(step() for _ in range(count))


def swallowing(count: int) -> int:
    """Work that catches any Exception, as tolerant parsing falls back."""
    done = 0
    for _ in range(count):
        try:
            done += step()
        except Exception:
            done -= 1
    return done


def test_work_within_the_budget_gives_its_result() -> None:
    assert within_calls(1_000, lambda: steps(100)) == 100


def test_work_past_the_budget_fails_even_where_exceptions_are_caught() -> None:
    with pytest.raises(TooMuchWork, match="more than 100 Python calls"):
        within_calls(100, lambda: steps(1_000))
    with pytest.raises(TooMuchWork):
        within_calls(100, lambda: swallowing(1_000))


def test_the_profile_before_is_restored() -> None:
    before = sys.getprofile()
    within_calls(1_000, lambda: steps(10))
    with pytest.raises(TooMuchWork):
        within_calls(10, lambda: steps(100))
    assert sys.getprofile() is before
