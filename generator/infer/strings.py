"""What the strings at one position show: their format and open-enum evidence.

Placeholders (``"<integer>"``) count for the kind they declare and never as evidence;
``{{variable}}`` strings are judged by the value Postman sends (a known variable's value),
are neutral when the value is unknown, and never count towards an enum, since variables
change between environments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.infer.artefacts import is_template, placeholder, resolve_template
from generator.infer.formats import format_of, key_suggests

MAX_CASES = 64  # distinct values kept as enum cases; more means "not an enum"


@dataclass
class StringEvidence:
    """Accumulated over the string values of one position."""

    variables: Mapping[str, str]
    declared_kinds: Counter[str] = field(default_factory=Counter)  # from placeholders
    declared_formats: set[str | None] = field(default_factory=set)
    real: int = 0  # strings that are not placeholders
    formats: set[str | None] | None = None  # formats of the judged values; None: none judged
    distinct: set[str] = field(default_factory=set)  # judged values, at most two kept
    cases: Counter[str] = field(default_factory=Counter)
    too_many_cases: bool = False
    case_documents: set[int] = field(default_factory=set)

    def add(self, text: str, document: int) -> None:
        declared = placeholder(text)
        if declared is not None:
            kind, fmt = declared
            self.declared_kinds[kind] += 1
            if kind == "str":
                self.declared_formats.add(fmt)
            return
        self.real += 1
        template = is_template(text)
        sent = resolve_template(text, self.variables) if template else text
        if sent is not None:
            self._judge_format(sent)
        if not template:
            self._count_case(text, document)

    def format(self, key: str | None) -> str | None:
        """The format every value has, when the evidence suffices (§7.5)."""
        if self.declared_formats:
            if len(self.declared_formats) != 1:
                return None
            (declared,) = self.declared_formats
            return declared if self.formats is None or self.formats == {declared} else None
        if self.formats is None or len(self.formats) != 1:
            return None
        (found,) = self.formats
        if found is None:
            return None
        return found if len(self.distinct) >= 2 or key_suggests(key, found) else None

    def admits(self, fmt: str) -> bool:
        """Whether every value has the format ``fmt``, at least one real value among them,
        so that giving the position that format rejects none of them."""
        return self.formats == {fmt} and self.declared_formats <= {fmt}

    def _judge_format(self, text: str) -> None:
        if len(self.distinct) < 2:
            self.distinct.add(text)
        if self.formats is None:
            self.formats = {format_of(text)}
        elif len(self.formats) == 1 and None not in self.formats:
            self.formats.add(format_of(text))

    def _count_case(self, text: str, document: int) -> None:
        if self.too_many_cases:
            return
        if text not in self.cases and len(self.cases) >= MAX_CASES:
            self.too_many_cases = True
            self.cases.clear()
            self.case_documents.clear()
            return
        self.cases[text] += 1
        self.case_documents.add(document)
