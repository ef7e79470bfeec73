"""Open enums, only with evidence (inference.md §7.6, with the deviations in docs/inference.md).

A position's strings become an open enum when they are few distinct, identifier-like
cases seen often enough, and either the key is categorical (``status``, ``type``, ...)
or the same case set recurs under another parent (siblings with equal sets, such as
``familyNameInitial`` and ``internationalFamilyNameInitial``, are duplicated data, and
ids or names that recur are one entity cited twice). Enums of positions with the
same key whose case sets overlap by 75% get the union of their cases.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.infer.keys import last_word
from generator.infer.strings import StringEvidence

MIN_OCCURRENCES = 10
MIN_DOCUMENTS = 3
MIN_OCCURRENCES_FEW_DOCUMENTS = 20  # a long list in one or two captures is evidence enough
MERGE_OVERLAP = 0.75

_CASE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,39}")
_CATEGORICAL = frozenset(
    {"status", "state", "type", "kind", "category", "level", "role", "mode", "currency", "event"}
)

_REFERENCES = frozenset({"id", "ids", "uuid", "guid", "key", "token", "name", "number", "email"})


@dataclass(frozen=True)
class EnumCandidate:
    """A position whose strings pass every test but the key-name one."""

    parent: str  # the path of the object (or array) holding the position
    key: str | None
    cases: frozenset[str]


def candidate(parent: str, key: str | None, strings: StringEvidence) -> EnumCandidate | None:
    """The position's case set if its counts allow an enum."""
    if strings.too_many_cases or len(strings.cases) < 2:
        return None
    occurrences = sum(strings.cases.values())
    if occurrences < MIN_OCCURRENCES or len(strings.cases) > math.sqrt(occurrences):
        return None
    documents = len(strings.case_documents)
    if documents < MIN_DOCUMENTS and occurrences < MIN_OCCURRENCES_FEW_DOCUMENTS:
        return None
    if not all(_CASE.fullmatch(case) for case in strings.cases):
        return None
    return EnumCandidate(parent, key, frozenset(strings.cases))


def decide(candidates: Sequence[EnumCandidate]) -> list[tuple[str, ...] | None]:
    """For each candidate, its sorted cases if it becomes an enum, else None."""
    parents_by_cases: dict[frozenset[str], set[str]] = defaultdict(set)
    for found in candidates:
        if not _names_a_reference(found.key):
            parents_by_cases[found.cases].add(found.parent)
    chosen = [
        index
        for index, found in enumerate(candidates)
        if categorical(found.key)
        or (not _names_a_reference(found.key) and len(parents_by_cases[found.cases]) >= 2)
    ]
    merged = _merge_by_key(candidates, chosen)
    return [
        tuple(sorted(merged[index])) if index in merged else None
        for index in range(len(candidates))
    ]


def categorical(key: str | None) -> bool:
    """``status``, ``eventType``, ``payment_status``: a key naming a category."""
    return last_word(key) in _CATEGORICAL


def _names_a_reference(key: str | None) -> bool:
    """``account_id``, ``ownerName``: values that recur because one entity is cited twice."""
    return last_word(key) in _REFERENCES


def _merge_by_key(
    candidates: Sequence[EnumCandidate], chosen: Sequence[int]
) -> dict[int, frozenset[str]]:
    """Unite the case sets of same-key enums that overlap by 75% of the smaller set."""
    cases = {index: candidates[index].cases for index in chosen}
    by_key: dict[str | None, list[int]] = defaultdict(list)
    for index in chosen:
        by_key[candidates[index].key].append(index)
    for group in by_key.values():
        changed = True
        while changed:
            changed = False
            for first in group:
                for second in group:
                    a, b = cases[first], cases[second]
                    if a != b and len(a & b) >= MERGE_OVERLAP * min(len(a), len(b)):
                        cases[first] = cases[second] = a | b
                        changed = True
    return cases
