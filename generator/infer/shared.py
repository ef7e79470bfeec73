"""Evidence shared across a collection: one key in the bodies of one endpoint family.

The request body of ``POST /pets`` and the responses of ``GET /pets`` and
``GET /pets/{id}`` describe one resource, so a ``status`` seen once in the request is the
``status`` the list shows a dozen times. Inference stays per unit; this module pools the
string values of each key over the units of a family beforehand, and hands each unit what
the pool decides (a format, open-enum cases). A key is pooled with its *context*, the key
of the object holding it (``""`` for the body, items taking their array's), so that
``productType.type`` and ``tokenizer.type`` stay apart. A unit takes a shared decision
only where its own values agree with it (``build._Inference._shared_format`` and
``_shared_enum``), so sharing adds a format or cases and never makes a type reject one of
the collection's own examples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from generator.infer.enums import candidate, categorical
from generator.infer.strings import StringEvidence
from generator.ir import JsonValue

MIN_UNITS = 2  # a key pooled from one unit tells the unit nothing new


@dataclass(frozen=True)
class SharedString:
    """What the pooled values of one key decide: a format, or open-enum cases."""

    format: str | None = None
    enum: tuple[str, ...] = ()


Place = tuple[str, str]  # (context: the key of the object holding the key, the key)
SharedStrings = Mapping[Place, SharedString]


def endpoint_family(endpoint: str) -> str:
    """The resource an endpoint works on: its path without the method and without trailing
    parameters, so ``POST /pets``, ``GET /pets`` and ``PUT /pets/{id}`` are all ``/pets``."""
    path = endpoint.partition(" ")[2] or endpoint
    segments = path.split("/")
    while len(segments) > 1 and segments[-1].startswith("{") and segments[-1].endswith("}"):
        segments.pop()
    return "/".join(segments) or "/"


@dataclass
class _Pool:
    """The strings seen at one place of a family, with the document each came from."""

    units: set[int] = field(default_factory=set)
    strings: list[tuple[int, str]] = field(default_factory=list)

    def evidence(self, variables: Mapping[str, str]) -> StringEvidence:
        found = StringEvidence(variables)
        for document, text in self.strings:
            found.add(text, document)
        return found


def share_strings(
    units: Sequence[tuple[str | None, Sequence[JsonValue]]], variables: Mapping[str, str]
) -> list[dict[Place, SharedString]]:
    """For each unit, in order, what its family decides at the places the unit has: the
    places whose string values, pooled over at least two of the family's units, decide a
    format or an open enum. ``units`` are (family or None, documents).

    Strings are judged only at places seen in two units (most places are in one), and a unit
    is handed only its own places, so the result is no larger than the bodies."""
    pools: dict[str, dict[Place, _Pool]] = {}
    document = 0
    for index, (family, documents) in enumerate(units):
        if family is None:
            continue
        places = pools.setdefault(family, {})
        for body in documents:
            for place, text in _keyed_strings(body):
                pool = places.get(place)
                if pool is None:
                    pool = places[place] = _Pool()
                pool.units.add(index)
                pool.strings.append((document, text))
            document += 1
    shared: list[dict[Place, SharedString]] = [{} for _ in units]
    for family in sorted(pools):
        for place, pool in sorted(pools[family].items()):
            if len(pool.units) < MIN_UNITS:
                continue
            decision = _decide(place[1], pool.evidence(variables))
            if decision is not None:
                for index in sorted(pool.units):
                    shared[index][place] = decision
    return shared


def _decide(key: str, strings: StringEvidence) -> SharedString | None:
    """The rules of a single position (§5, §6) applied to the pooled values; a shared enum
    needs a categorical key, never mere recurrence (the pool is one key already)."""
    fmt = strings.format(key)
    if fmt is not None:
        return SharedString(format=fmt)
    found = candidate("", key, strings)
    if found is not None and categorical(key):
        return SharedString(enum=tuple(sorted(found.cases)))
    return None


def _keyed_strings(body: JsonValue) -> list[tuple[Place, str]]:
    """Every string value with its place, at any depth, without recursion: the key it sits
    under and the key of the object holding that key (array items take both from their
    array), as ``generator.infer.build`` sees positions (it shares nothing below a map, so
    what this pools there is never asked for). Only containers go on the stack."""
    found: list[tuple[Place, str]] = []
    stack: list[tuple[str, str | None, dict[str, JsonValue] | list[JsonValue]]] = []
    if isinstance(body, (dict, list)):
        stack.append(("", None, body))
    while stack:
        context, key, container = stack.pop()
        if isinstance(container, dict):
            inner = key or ""
            for child, value in container.items():
                if isinstance(value, str):
                    found.append(((inner, child), value))
                elif isinstance(value, (dict, list)):
                    stack.append((inner, child, value))
        else:
            for value in container:
                if isinstance(value, str):
                    if key is not None:
                        found.append(((context, key), value))
                elif isinstance(value, (dict, list)):
                    stack.append((context, key, value))
    return found
