"""``[tool.postc]`` in ``pyproject.toml``: the targets ``postc generate`` and ``postc check``
work on when given no collection.

```toml
[[tool.postc.targets]]
collection = "collections/api.postman_collection.json"
output = "generated/api"
package = "api_client"        # optional
env = "postman/env.json"       # optional
overrides = "overrides.json"   # optional
templates = "postc-templates"  # optional
```

Paths are relative to the directory of the ``pyproject.toml``, found by walking up from the
current directory.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from generator.errors import InputError
from generator.reading import PYPROJECT, read_input

_KEYS = ("collection", "output", "package", "env", "overrides", "templates")


@dataclass(frozen=True)
class Target:
    """One collection and the project generated from it."""

    collection: Path
    output: Path
    package: str | None = None
    env: Path | None = None
    overrides: Path | None = None
    templates: Path | None = None


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start``."""
    start = start.resolve()
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_targets(pyproject: Path) -> tuple[Target, ...]:
    """The targets of ``[tool.postc]``; empty when the file has no such table."""
    source = str(pyproject)
    try:
        data = _toml_loads(read_input(pyproject, PYPROJECT).decode("utf-8"))
    except ValueError as error:  # tomllib.TOMLDecodeError is a ValueError
        raise InputError.at(source, "$", f"not valid TOML: {error}") from None
    tool = data.get("tool", {})
    section = tool.get("postc") if isinstance(tool, dict) else None
    if section is None:
        return ()
    if not isinstance(section, dict):
        raise InputError.at(source, "tool.postc", "must be a table")
    targets = section.get("targets", [])
    if not isinstance(targets, list):
        raise InputError.at(source, "tool.postc.targets", "must be an array of tables")
    base = pyproject.parent
    return tuple(_target(source, base, i, entry) for i, entry in enumerate(targets))


def _target(source: str, base: Path, index: int, entry: object) -> Target:
    where = f"tool.postc.targets[{index}]"
    if not isinstance(entry, dict):
        raise InputError.at(source, where, "must be a table")
    unknown = sorted(set(entry) - set(_KEYS))
    if unknown:
        raise InputError.at(
            source, where, f"unknown key {unknown[0]!r} (known: {', '.join(_KEYS)})"
        )
    for key, value in entry.items():
        if not isinstance(value, str) or not value:
            raise InputError.at(source, f"{where}.{key}", "must be a non-empty string")
    for key in ("collection", "output"):
        if key not in entry:
            raise InputError.at(source, where, f"missing {key!r}")

    def path(key: str) -> Path | None:
        return base / entry[key] if key in entry else None

    return Target(
        collection=base / entry["collection"],
        output=base / entry["output"],
        package=entry.get("package"),
        env=path("env"),
        overrides=path("overrides"),
        templates=path("templates"),
    )


def _toml_loads(text: str) -> dict[str, Any]:
    module = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    return cast(dict[str, Any], module.loads(text))
