"""The user's overrides of one unit, looked up by canonical path.

Several rules for one path combine, a later rule's set attributes winning; a rule whose
path cannot be read matches nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace

from generator.infer.formats import FORMATS
from generator.infer.paths import normalize_path
from generator.ir import Override, ScalarType, TypeExpr

_ATTRIBUTES = [f.name for f in fields(Override) if f.name not in ("path", "endpoint", "status")]
_SCALAR_KINDS = ("str", "int", "float", "bool")


class OverrideIndex:
    """Overrides by the canonical form of their path."""

    def __init__(self, overrides: Sequence[Override]) -> None:
        self._rules: dict[str, Override] = {}
        for rule in overrides:
            path = normalize_path(rule.path)
            if path is None:
                continue
            known = self._rules.get(path)
            if known is None:
                self._rules[path] = replace(rule, path=path)
            else:
                changes = {name: getattr(rule, name) for name in _ATTRIBUTES}
                self._rules[path] = replace(
                    known, **{name: value for name, value in changes.items() if value is not None}
                )

    def at(self, path: str) -> Override | None:
        return self._rules.get(path)


def forced_type(rule: Override | None, nullable: bool) -> TypeExpr | None:
    """The type an override's ``type`` imposes, or None when it imposes none."""
    if rule is None or rule.type is None:
        return None
    if rule.type == "any":
        return TypeExpr()
    if rule.type in _SCALAR_KINDS:
        return TypeExpr((ScalarType(rule.type),), nullable)
    if rule.type in FORMATS:
        return TypeExpr((ScalarType("str", format=rule.type),), nullable)
    return None
