"""The orders ruff checks generated code against: isort's (I001) and ``__all__``'s (RUF022).

Both compare names naturally, as the ``natord`` crate ruff uses does (a port of Martin
Pool's ``strnatcmp``): runs of digits compare as numbers, except that a run starting with
``0`` compares digit by digit, as a fraction would (``_053a`` sorts before ``_28d``). A
key that only compared numbers by value would disagree with ruff on such names, which
postc's hash-suffixed module names can have.
"""

from __future__ import annotations

from functools import cmp_to_key
from typing import Any


def natural(text: str) -> Any:
    """isort's key of a module name: natural order, case-insensitive."""
    return _NATURAL_IGNORING_CASE(text)


def member_key(name: str) -> tuple[int, Any]:
    """isort's key of an imported name: CONSTANTS, then Classes, then the others; each
    group in natural order, case-insensitive."""
    return _kind(name), _NATURAL_IGNORING_CASE(name)


def all_key(name: str) -> tuple[int, Any]:
    """RUF022's key of an ``__all__`` entry: like :func:`member_key`, but case-sensitive."""
    return _kind(name), _NATURAL(name)


def _kind(name: str) -> int:
    return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2


def _compare(left: str, right: str) -> int:
    """``natord::compare``: -1, 0 or 1; ties broken by the plain order, so that no two
    different names compare equal."""
    i = j = 0
    while i < len(left) and j < len(right):
        a, b = left[i], right[j]
        if a.isdigit() and b.isdigit() and a.isascii() and b.isascii():
            fraction = a == "0" or b == "0"
            order, i, j = (_fractions if fraction else _integers)(left, i, right, j)
            if order:
                return order
        elif a != b:
            return -1 if a < b else 1
        else:
            i, j = i + 1, j + 1
    if i < len(left):
        return 1
    if j < len(right):
        return -1
    return (left > right) - (left < right)


def _digit(text: str, at: int) -> str | None:
    return text[at] if at < len(text) and text[at].isdigit() and text[at].isascii() else None


def _fractions(left: str, i: int, right: str, j: int) -> tuple[int, int, int]:
    """Digit by digit from the left; the run that ends first is the smaller."""
    while True:
        a, b = _digit(left, i), _digit(right, j)
        if a is None and b is None:
            return 0, i, j
        if a is None:
            return -1, i, j
        if b is None:
            return 1, i, j
        if a != b:
            return (-1 if a < b else 1), i, j
        i, j = i + 1, j + 1


def _integers(left: str, i: int, right: str, j: int) -> tuple[int, int, int]:
    """The longer run is the larger; of two as long, the first digit that differs decides."""
    bias = 0
    while True:
        a, b = _digit(left, i), _digit(right, j)
        if a is None and b is None:
            return bias, i, j
        if a is None:
            return -1, i, j
        if b is None:
            return 1, i, j
        if not bias and a != b:
            bias = -1 if a < b else 1
        i, j = i + 1, j + 1


_NATURAL = cmp_to_key(_compare)


def _compare_ignoring_case(left: str, right: str) -> int:
    """isort's: the lower-cased names first, then the names themselves."""
    return _compare(left.lower(), right.lower()) or _compare(left, right)


_NATURAL_IGNORING_CASE = cmp_to_key(_compare_ignoring_case)
