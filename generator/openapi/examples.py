"""A media type's ``examples``: each saved example under a key of its own.

The key is the example's (redacted) name, ``example`` when it has none; a name taken
already gets `` (2)``, `` (3)``... in collection order, so keys are unique and the same on
every run. ``summary`` is the name as saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.ir import JsonValue
from generator.json_values import dumps


@dataclass
class Examples:
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)  # the values kept, as JSON text

    def add(
        self, name: str, value: JsonValue, *, distinct: bool = False, unparsed: bool = False
    ) -> None:
        """Keep ``value`` under ``name`` (made unique); with ``distinct``, a value kept
        already is not kept again (request bodies repeat in every saved example);
        ``unparsed``: the text of a body its media type says is JSON but is not."""
        text = dumps(value)  # not ``==``: it takes ``true`` for ``1``
        if distinct and text in self._seen:
            return
        self._seen.add(text)
        base = name.strip() or "example"
        key, number = base, 1
        while key in self.examples:
            number += 1
            key = f"{base} ({number})"
        made: dict[str, Any] = {"value": value}
        if name.strip():
            made = {"summary": name, **made}
        if unparsed:
            made["x-postc-unparsed"] = True
        self.examples[key] = made
