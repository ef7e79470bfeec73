"""Discriminated unions: objects whose shape depends on the value of a string tag (§7.8).

A tag is a key present in every object, always a string, whose values split the objects
into groups that are alike inside (key-set overlap >= 0.9) and clearly less alike across.
The shape compared is the object's keys plus the keys of its object values, because the
tag often sits beside the part that varies (GitHub events: ``type`` and ``payload``).
A key named like a tag (``type``, ``kind``, ``@type``, ``__typename``, ``op``) is preferred
and may split objects that are one of a kind each; any other key needs code-like values
(no spaces), three or more objects per value (so that the within-group overlap proves
something) and a between-group overlap of at most 0.5.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from generator.infer.artefacts import is_template, placeholder
from generator.infer.evidence import KeyStats, ObjectOccurrence, pair_sums
from generator.infer.keys import last_word
from generator.ir import JsonValue

MIN_WITHIN = 0.9
MIN_GAP_TAG_NAME = 0.15  # within minus between, for a key named like a tag
MIN_GAP_OTHER = 0.3
MAX_BETWEEN_OTHER = 0.5
MIN_GROUP_OTHER = 3  # objects per value, for a key not named like a tag
MAX_VARIANTS = 16

_TAG_VALUE = re.compile(r"[A-Za-z@_$][A-Za-z0-9_.:/#@$ \-]{0,63}")
_CODE_VALUE = re.compile(r"[A-Za-z_][A-Za-z0-9_.:/\-]{0,63}")
_TAG_WORDS = frozenset({"type", "kind", "object", "event", "typename", "op", "action"})


def tagged_split(
    stats: KeyStats, objects: Sequence[ObjectOccurrence]
) -> tuple[str, dict[str, list[ObjectOccurrence]]] | None:
    """(tag, objects by tag value) if one key discriminates the objects' shapes, else None."""
    if stats.nonempty < 2 or stats.nonempty != stats.instances:
        return None
    candidates = [
        key
        for key in sorted(stats.frequency)
        if stats.frequency[key] == stats.instances and _tag_values(key, objects)
    ]
    if not candidates:
        return None
    shapes = [_shape(obj) for _, obj in objects]
    best: tuple[tuple[bool, float, str], dict[str, list[int]]] | None = None
    for key in candidates:
        groups: dict[str, list[int]] = defaultdict(list)
        for index, (_, obj) in enumerate(objects):
            groups[str(obj[key])].append(index)
        between = _between_if_split(key, groups, shapes)
        rank = (not tag_like(key), between or 0.0, key)  # a key named like a tag first
        if between is not None and (best is None or rank < best[0]):
            best = (rank, groups)
    if best is None:
        return None
    (_, _, tag), groups = best
    return tag, {value: [objects[i] for i in members] for value, members in sorted(groups.items())}


def tag_like(key: str) -> bool:
    """``type``, ``eventType``, ``@type``, ``__typename``: a key named like a discriminator."""
    return last_word(key) in _TAG_WORDS


def _tag_values(key: str, objects: Sequence[ObjectOccurrence]) -> bool:
    """Whether the key's values are all plain, tag-like strings, and between 2 and 16 of them.

    Values with spaces (``"IDS Alert"``) are allowed only under a key named like a tag.
    """
    pattern = _TAG_VALUE if tag_like(key) else _CODE_VALUE
    values: set[str] = set()
    for _, obj in objects:
        value = obj[key]
        if not isinstance(value, str) or not pattern.fullmatch(value):
            return False
        if placeholder(value) is not None or is_template(value):
            return False
        values.add(value)
        if len(values) > MAX_VARIANTS:
            return False
    return len(values) >= 2


def _shape(obj: dict[str, JsonValue]) -> list[str]:
    shape = list(obj)
    for key, value in obj.items():
        if isinstance(value, dict):
            shape.extend(f"{key}\x00{inner}" for inner in value)
    return shape


def _between_if_split(
    key: str, groups: dict[str, list[int]], shapes: Sequence[list[str]]
) -> float | None:
    """The between-group overlap if splitting on ``key`` passes the tests, else None."""
    named = tag_like(key)
    if not named and min(len(members) for members in groups.values()) < MIN_GROUP_OTHER:
        return None
    shared_within = union_within = 0
    for members in groups.values():
        shared, union = _pair_sums([shapes[i] for i in members])
        shared_within += shared
        union_within += union
    shared_all, union_all = _pair_sums(shapes)
    if union_all - union_within <= 0:
        return None
    between = (shared_all - shared_within) / (union_all - union_within)
    within = shared_within / union_within if union_within else 1.0
    if named:
        passes = within - between >= MIN_GAP_TAG_NAME
    else:
        passes = within - between >= MIN_GAP_OTHER and between <= MAX_BETWEEN_OTHER
    return between if within >= MIN_WITHIN and passes else None


def _pair_sums(shapes: Sequence[list[str]]) -> tuple[int, int]:
    """(sum |A & B|, sum |A | B|) over all pairs of shapes, in linear time."""
    frequency: dict[str, int] = defaultdict(int)
    for shape in shapes:
        for element in shape:
            frequency[element] += 1
    return pair_sums(list(frequency.values()), len(shapes))
