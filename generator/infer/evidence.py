"""Counting what the examples show at one position: kinds, keys and key-set overlap.

Every typing rule is a function of these counts, never of the order values came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.ir import JsonValue

Occurrence = tuple[int, JsonValue]  # (index of the document in canonical order, value)
ObjectOccurrence = tuple[int, dict[str, JsonValue]]
ArrayOccurrence = tuple[int, list[JsonValue]]


def kind_of(value: JsonValue) -> str:
    """The JSON kind: ``null``, ``bool``, ``int``, ``float``, ``str``, ``object``, ``array``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "object" if isinstance(value, dict) else "array"


def shape_of(value: JsonValue) -> str:
    """The kind, with ``int`` and ``float`` as one ``number``: what must agree for a map."""
    kind = kind_of(value)
    return "number" if kind in ("int", "float") else kind


def pair_sums(frequencies: Sequence[int], instances: int) -> tuple[int, int]:
    """(sum |A & B|, sum |A | B|) over all pairs of ``instances`` sets, from how many sets hold each
    element: linear time instead of comparing every pair."""
    shared = sum(count * (count - 1) // 2 for count in frequencies)
    return shared, (instances - 1) * sum(frequencies) - shared


def pooled_jaccard(frequencies: Sequence[int], instances: int) -> float | None:
    """sum |A & B| / sum |A | B| over all pairs of key sets: a mean Jaccard index, 1 when every set
    is the same, 0 when no key recurs; None when there is no pair to compare."""
    shared, union = pair_sums(frequencies, instances)
    return shared / union if union > 0 else None


@dataclass
class KeyStats:
    """The keys of the objects at one position: merged order and how many objects had each."""

    order: list[str]
    frequency: dict[str, int]
    instances: int
    nonempty: int
    widest: int  # keys of the largest object

    @classmethod
    def of(cls, objects: Iterable[dict[str, JsonValue]]) -> KeyStats:
        """Keys in first-appearance order; a key new to a later object is placed after the
        key that precedes it there, so ``{a, c}`` then ``{a, b, c}`` gives ``a, b, c``."""
        following: dict[str, str | None] = {}
        head: str | None = None
        frequency: dict[str, int] = {}
        instances = nonempty = widest = 0
        for obj in objects:
            instances += 1
            nonempty += bool(obj)
            widest = max(widest, len(obj))
            previous: str | None = None
            for key in obj:
                if key in frequency:
                    frequency[key] += 1
                else:
                    frequency[key] = 1
                    if previous is None:
                        following[key], head = head, key
                    else:
                        following[key], following[previous] = following[previous], key
                previous = key
        order: list[str] = []
        while head is not None:
            order.append(head)
            head = following[head]
        return cls(order, frequency, instances, nonempty, widest)

    def singleton_share(self) -> float:
        """The share of keys held by one object only: high for data keys, low for a
        vocabulary of optional fields that recur across objects."""
        if not self.frequency:
            return 0.0
        return sum(count == 1 for count in self.frequency.values()) / len(self.frequency)

    def jaccard(self) -> float | None:
        """Key-set overlap among the non-empty objects (None with fewer than two)."""
        return pooled_jaccard(list(self.frequency.values()), self.nonempty)
