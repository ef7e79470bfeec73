"""Collection variables and environment values."""

from __future__ import annotations

import re

from generator.ir import Diagnostic, Variable
from generator.loader.urls import USERINFO_DROPPED, without_userinfo
from generator.loader.values import description_text, is_disabled, object_list, scalar_text
from generator.secrets import is_secret_name, is_secret_value

# A reference to a variable in a value: ``{{name}}``
VARIABLE = re.compile(r"\{\{([^{}]+)\}\}")


def parse_variables(node: object, path: str, warnings: list[Diagnostic]) -> tuple[Variable, ...]:
    """Variable entries in order; entries without a ``key`` cannot be referenced and are skipped."""
    variables = []
    for entry_path, entry in object_list(node, path, warnings, "variables"):
        key = entry.get("key")
        if not isinstance(key, str) or not key:
            warnings.append(Diagnostic(entry_path, "variable without a key, ignored"))
            continue
        kind = entry.get("type")
        kind = kind if isinstance(kind, str) and kind else "string"
        value = _without_userinfo(scalar_text(entry.get("value")), entry_path, warnings)
        variables.append(
            Variable(
                key=key,
                value=value,
                type=kind,
                description=description_text(entry.get("description")),
                disabled=is_disabled(entry),
                secret=kind == "secret" or is_secret_name(key) or is_secret_value(value or ""),
            )
        )
    return tuple(variables)


def _without_userinfo(value: str | None, path: str, warnings: list[Diagnostic]) -> str | None:
    """A URL value (``https://user:password@host/v1``, a base URL) without its userinfo,
    dropped with the warning a literal URL gets (``generator.loader.urls``): the client
    sends no credentials it was not given."""
    if value is None:
        return None
    kept = without_userinfo(value)
    if kept != value:
        warnings.append(Diagnostic(f"{path}.value", USERINFO_DROPPED))
    return kept
