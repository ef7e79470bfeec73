"""Group a collection's JSON bodies into inference units, before any typing.

A unit is the set of bodies that must share one type (inference.md §7.1):

- the responses of one endpoint with one success status (endpoint identity is the method
  and the normalised path template, not the request's name: two requests with the same
  identity pool their examples);
- the request bodies of one endpoint (the request's own raw JSON body and those of its
  examples' original requests);
- error bodies, clustered across the whole collection by their envelope (the sorted keys
  of an object body), so the five error examples of an API that share
  ``{code, details, message, status}`` give one model and not five.

2xx bodies never meet error bodies in a unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus

from generator.ir import Collection, Endpoint, Example, JsonValue, RawBody, Request
from generator.loader.urls import path_template
from generator.naming.operations import operation_name

_LEADING_CODE = re.compile(r"\s*([1-5]\d\d)\b")
_PHRASES = {status.phrase.lower(): status.value for status in HTTPStatus}


@dataclass(frozen=True)
class Occurrence:
    """Where a unit's type is used: one endpoint and status, with the bodies seen there."""

    endpoint: str
    operation: str
    role: str
    status: int | None
    examples: tuple[str, ...]


@dataclass
class Unit:
    """Bodies that share one type, and every place that type is used."""

    key: str
    hint: str
    documents: list[JsonValue] = field(default_factory=list)
    occurrences: dict[tuple[str, int | None], Occurrence] = field(default_factory=dict)

    def add(self, document: JsonValue, occurrence: Occurrence) -> None:
        self.documents.append(document)
        place = (occurrence.endpoint, occurrence.status)
        known = self.occurrences.get(place)
        if known is None:
            self.occurrences[place] = occurrence
        else:
            examples = known.examples + occurrence.examples
            self.occurrences[place] = Occurrence(
                known.endpoint, known.operation, known.role, known.status, examples
            )


def endpoint_identity(request: Request) -> str:
    """``GET /users/{id}``: what makes two requests the same endpoint."""
    return f"{request.method} {path_template(request.url)}"


def operation(endpoint: Endpoint) -> str:
    """What the endpoint's method and body classes are named after: its name, shortened
    when the name is a whole sentence (:func:`generator.naming.operations.operation_name`)."""
    request = endpoint.request
    return operation_name(endpoint.name, request.method, path_template(request.url))


def status_of(example: Example) -> int | None:
    """The example's status code; else from its status text; else a code leading its name."""
    if example.code is not None:
        return example.code
    phrase = _PHRASES.get(example.status.strip().lower())
    if phrase is not None:
        return phrase
    match = _LEADING_CODE.match(example.name)
    return int(match.group(1)) if match else None


def is_error(status: int | None) -> bool:
    return status is not None and status >= 400


def collect_units(collection: Collection) -> list[Unit]:
    """Every unit of the collection, in a canonical order (sorted by key)."""
    units: dict[str, Unit] = {}
    for endpoint in collection.endpoints():
        identity = endpoint_identity(endpoint.request)
        name = operation(endpoint)
        for example, status, document in _response_bodies(endpoint):
            role = "error" if is_error(status) else "response"
            key = _envelope_key(document) if role == "error" else None
            key = key or f"{role} {identity} {status}"
            occurrence = Occurrence(identity, name, role, status, (example.json_path,))
            units.setdefault(key, Unit(key, name)).add(document, occurrence)
        for path, document in request_bodies(endpoint):
            occurrence = Occurrence(identity, name, "request", None, (path,))
            key = f"request {identity}"
            units.setdefault(key, Unit(key, name)).add(document, occurrence)
    return [units[key] for key in sorted(units)]


def _response_bodies(endpoint: Endpoint) -> Iterator[tuple[Example, int | None, JsonValue]]:
    for example in endpoint.examples:
        if example.json is not None and example.json.parsed:
            yield example, status_of(example), example.json.value


def request_bodies(endpoint: Endpoint) -> Iterator[tuple[str, JsonValue]]:
    """The parsed JSON request bodies of an endpoint by the JSON path bindings name them
    with: its request's and its examples' original requests' (``postc openapi`` shows them
    as the request examples)."""
    requests = [(f"{endpoint.json_path}.request", endpoint.request)]
    requests += [
        (f"{example.json_path}.originalRequest", example.original_request)
        for example in endpoint.examples
        if example.original_request is not None
    ]
    for path, request in requests:
        body = request.body
        if isinstance(body, RawBody) and body.json is not None and body.json.parsed:
            yield path, body.json.value


def _envelope_key(document: JsonValue) -> str | None:
    """Object error bodies cluster by their envelope; other shapes stay per endpoint."""
    if isinstance(document, dict) and document:
        return "error envelope " + "\x00".join(sorted(document))
    return None
