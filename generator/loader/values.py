"""Small coercions shared by the loader: Postman accepts loose JSON types in many places."""

from __future__ import annotations

import json

from generator.ir import Diagnostic


def description_text(node: object) -> str:
    """A description given as a string, as ``{"content": ...}``, or null, as plain text."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        content = node.get("content")
        return content if isinstance(content, str) else ""
    return ""


def scalar_text(value: object) -> str | None:
    """A JSON scalar as the text Postman would substitute; None stays None.

    Booleans become ``true``/``false`` and containers compact JSON, as JavaScript's
    ``String()``/``JSON.stringify`` would give them.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def is_disabled(entry: dict[str, object]) -> bool:
    """Collections say ``disabled: true``; environments and legacy exports ``enabled: false``."""
    return entry.get("disabled") is True or entry.get("enabled") is False


def object_list(
    node: object, path: str, warnings: list[Diagnostic], what: str
) -> list[tuple[str, dict[str, object]]]:
    """The object entries of a JSON list, with their paths; other entries are warned about."""
    if node is None:
        return []
    if not isinstance(node, list):
        warnings.append(Diagnostic(path, f"expected a list of {what}, ignored"))
        return []
    entries = []
    for index, entry in enumerate(node):
        if isinstance(entry, dict):
            entries.append((f"{path}[{index}]", entry))
        else:
            warnings.append(Diagnostic(f"{path}[{index}]", f"expected an object ({what}), ignored"))
    return entries
