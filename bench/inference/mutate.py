"""Type-flip mutants of a JSON document, for the precision measure.

A *position* generalises a concrete path: object keys stay, array indices are dropped
(``$.items[].id``; see ``position``). A leaf position is *single-typed* when, over its peer
documents (the saved examples of the same request), every non-null value seen there has
one JSON type (string, number or boolean) and nothing else (no object, no array) was seen
there. Each non-null value at a single-typed position gives one mutant: that value alone
replaced by a value of another JSON type (string → number, number → string, boolean →
string). A schema inferred from the document should reject every such mutant: the flipped
type was never observed there.

Mutants are sampled deterministically (a seeded shuffle keyed by the document's id), at
most ``limit`` per document.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

Step = str | int
Position = tuple[str | None, ...]


def json_type(value: object) -> str:
    """The JSON type of a parsed value (``bool`` before ``int``: True is not a number)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def position(path: Iterable[Step]) -> Position:
    """``("items", 3, "id")`` → ``("items", None, "id")``: any array index is ``None``."""
    return tuple(None if isinstance(step, int) else step for step in path)


def render(path: Iterable[Step | None]) -> str:
    """``("items", None, "id")`` → ``$.items[].id``; a concrete index shows as ``[3]``."""
    parts = ["$"]
    for step in path:
        if step is None:
            parts.append("[]")
        elif isinstance(step, int):
            parts.append(f"[{step}]")
        else:
            parts.append(f".{step}")
    return "".join(parts)


def walk(document: Any, path: tuple[Step, ...] = ()) -> Iterator[tuple[tuple[Step, ...], Any]]:
    """Every value of ``document`` with its concrete path, the root first."""
    stack: list[tuple[tuple[Step, ...], Any]] = [(path, document)]
    while stack:
        here, value = stack.pop()
        yield here, value
        if isinstance(value, dict):
            stack.extend(((*here, key), child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(
                ((*here, index), child) for index, child in reversed(list(enumerate(value)))
            )


def observed_types(documents: Iterable[Any]) -> dict[Position, set[str]]:
    """For every position of the documents, the JSON types seen there."""
    seen: dict[Position, set[str]] = {}
    for document in documents:
        for path, value in walk(document):
            seen.setdefault(position(path), set()).add(json_type(value))
    return seen


def flipped(value: object) -> object:
    """``value`` as another JSON type: string → number, number → string, boolean → string."""
    kind = json_type(value)
    if kind == "string":
        return 12345
    if kind == "number":
        return str(value)
    if kind == "boolean":
        return "true" if value else "false"
    raise ValueError(f"only strings, numbers and booleans are flipped, not {kind}")


def candidates(document: Any, types: dict[Position, set[str]]) -> list[tuple[Step, ...]]:
    """Concrete paths of the non-null leaves of ``document`` at single-typed positions."""
    found = []
    for path, value in walk(document):
        kind = json_type(value)
        if kind not in ("string", "number", "boolean"):
            continue
        if types.get(position(path), set()) - {"null"} == {kind}:
            found.append(path)
    return found


def sample(paths: list[tuple[Step, ...]], limit: int, seed: str) -> list[tuple[Step, ...]]:
    """At most ``limit`` of ``paths``, the same ones for the same seed, in document order."""
    if len(paths) <= limit:
        return list(paths)
    chosen = random.Random(zlib.crc32(seed.encode("utf-8"))).sample(range(len(paths)), limit)
    return [paths[index] for index in sorted(chosen)]


def replaced(document: Any, path: tuple[Step, ...], value: object) -> Any:
    """A copy of ``document`` with the value at ``path`` replaced (only the path is copied)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, dict) and isinstance(head, str):
        copy = dict(document)
        copy[head] = replaced(document[head], rest, value)
        return copy
    if isinstance(document, list) and isinstance(head, int):
        items = list(document)
        items[head] = replaced(document[head], rest, value)
        return items
    raise KeyError(f"{head!r} is not a step of this document")


@dataclass(frozen=True)
class Mutant:
    path: tuple[Step, ...]
    original: object
    value: object
    document: Any


def mutants(document: Any, types: dict[Position, set[str]], limit: int, seed: str) -> list[Mutant]:
    """The sampled type-flip mutants of ``document`` (see the module docstring)."""
    result = []
    for path in sample(candidates(document, types), limit, seed):
        original = value_at(document, path)
        new = flipped(original)
        result.append(Mutant(path, original, new, replaced(document, path, new)))
    return result


def value_at(document: Any, path: tuple[Step, ...]) -> Any:
    for step in path:
        document = document[step]
    return document
