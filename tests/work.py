"""Work counted, not timed: a complexity guard counts the Python function calls its code
makes and fails past a budget, the same on a loaded 2-core runner as on an idle machine
(speed itself is measured by ``bench/``).

The budget is a generous multiple of the calls the code makes now, far below what a
quadratic (or exponential) version makes: such a version fails as soon as it passes the
budget, instead of running for minutes. Calls into C (a regular expression's matching)
are one call each: the backtracking of a regular expression is not seen here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")


class TooMuchWork(BaseException):
    """Past the budget: a BaseException, so that the code under test, which may catch any
    Exception to fall back, cannot go on with its work."""


def within_calls(budget: int, function: Callable[[], T]) -> T:
    """``function()``, failing (``TooMuchWork``) once it has made more than ``budget`` Python
    function calls."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event == "call":
            count += 1
            if count > budget:
                raise TooMuchWork(f"more than {budget:,} Python calls")

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        return function()
    finally:
        sys.setprofile(previous)
