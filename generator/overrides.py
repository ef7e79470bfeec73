"""The inference overrides file (``--overrides FILE``): corrections a user pins by JSON path.

{"overrides": [
    {"path": "$.paths", "kind": "map"},
    {"endpoint": "GET /users/{id}", "status": "200", "path": "$.role", "enum": ["admin", "user"]},
    {"path": "$.created", "type": "str"},
    {"path": "$", "endpoint": "GET /me", "name": "CurrentUser"},
    {"path": "$.nickname", "required": false, "nullable": true}
]}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import InputError
from generator.ir import Diagnostic, Override
from generator.loader.source import read_json_file
from generator.reading import OVERRIDES

SCALAR_TYPES = ("str", "int", "float", "bool", "any")
FORMATS = ("date-time", "date", "time", "uuid", "uri", "email")

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["overrides"],
    "additionalProperties": False,
    "properties": {
        "overrides": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": "string", "pattern": r"^\$"},
                    "endpoint": {"type": "string", "pattern": r"^[A-Z]+ /"},
                    "status": {
                        "type": "string",
                        "pattern": r"^([1-5](\d\d|xx)|request|response|error)$",
                    },
                    "kind": {"enum": ["map", "class"]},
                    "enum": {"type": "array", "items": {"type": "string"}},
                    "type": {"enum": [*SCALAR_TYPES, *FORMATS]},
                    "name": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"},
                    "required": {"type": "boolean"},
                    "nullable": {"type": "boolean"},
                },
            },
        }
    },
}


def load_overrides(path: Path) -> tuple[Override, ...]:
    """The rules of an overrides file, or an InputError naming each bad entry."""
    from jsonschema import Draft202012Validator  # imported only when there is such a file

    source = str(path)
    doc: Any = read_json_file(path, kind=OVERRIDES)
    errors = sorted(Draft202012Validator(_SCHEMA).iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        raise InputError(
            source, [Diagnostic(_json_path(error.absolute_path), error.message) for error in errors]
        )
    return tuple(_override(rule) for rule in doc["overrides"])


def _override(rule: dict[str, Any]) -> Override:
    enum = rule.get("enum")
    return Override(
        path=rule["path"],
        endpoint=rule.get("endpoint"),
        status=rule.get("status"),
        kind=rule.get("kind"),
        enum=tuple(enum) if enum is not None else None,
        type=rule.get("type"),
        name=rule.get("name"),
        required=rule.get("required"),
        nullable=rule.get("nullable"),
    )


def _json_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
