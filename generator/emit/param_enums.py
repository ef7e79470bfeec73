"""Enum ``Literal`` types for query and path parameters (docs/parameters.md, "Enums").

Two kinds of evidence, of unequal weight:

- the parameter's description lists its values (``One of `asc` or `desc```, ``Can be
  'active' or 'expired'``, ``"asc" | "desc"``): what the API documents, so a closed
  ``Literal`` (a call with another value is a type error), unless a value the collection
  itself sends for the parameter is not in the list (then the list is open:
  ``Literal[...] | str``);
- the values the collection's requests send for the same key of the same resource: a
  few examples, never proof the set is closed, so at most an open ``Literal[...] | str``
  (documentation and completion; any string still type-checks), and only with the
  counts the response enums ask for (``generator.infer.enums``), scaled to requests.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache

from generator.annotations import Annotation, literal, write
from generator.emit.parameters import example_of
from generator.infer.keys import last_word
from generator.ir import Endpoint, Request, ScalarType, TypeExpr, Url

# A documented value: a word, a version, a code (``2.4``, ``id_token+code``, ``GET``)
_LISTED_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:+\-]{0,63}")
# An observed value: identifier-like, as for response enums (not a number, not free text)
_OBSERVED_VALUE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,39}")
# Three digits or more: an id (``bltd7854a4567gh7``), a date or a number, not a case
_ID_LIKE = re.compile(r"(?:[^0-9]*[0-9]){3}")
# Words naming references: their values recur because one entity is cited twice
_REFERENCES = frozenset({"id", "ids", "uuid", "guid", "key", "token", "name", "number", "email"})
_QUOTED = r"(?:`[^`\n]+`|'[^'\n]+'|\"[^\"\n]+\")"
_SEPARATOR = r"(?:\s*,\s*(?:(?:or|and)\s+)?|\s+or\s+|\s*\|\s*)"
# Two or more quoted values separated by commas, "or" or pipes
_LISTING = re.compile(rf"{_QUOTED}(?:{_SEPARATOR}{_QUOTED})+")
_TOKEN = re.compile(r"`([^`\n]+)`|'([^'\n]+)'|\"([^\"\n]+)\"")
# What introduces a listing of the values: "one of", "either", "values are", "can be",
# "must be", "options are", or a prose colon ("status: `a`, `b`"; a JSON one, after a
# quote, is not), right before it
_CUE = re.compile(
    r"(?:\bone of|\beither|\bvalues?\s+(?:is|are|include)|\bcan be(?:\s+one of)?"
    r"|\bmust be(?:\s+one of)?|\boptions?\s+(?:is|are)|\w:)\s*:?\s*\(?\s*$",
    re.IGNORECASE,
)
# What makes the values examples of an open set: "for example:", "e.g.", "such as"
_EXAMPLES = re.compile(
    r"\b(?:examples?|e\.?g\.?|instance|such as|like|including)\s*:?\s*\(?\s*$", re.IGNORECASE
)
# A date or time format (``YYYY-MM-DD``, ``hh:mm``): how a value is written, not one
_FORMAT_MASK = re.compile(r"(?:y+|m+|d+|h+|s+)(?:[-/:.T](?:y+|m+|d+|h+|s+))+", re.IGNORECASE)


@lru_cache(maxsize=4096)  # a collection repeats its parameters' descriptions
def listed_values(description: str) -> tuple[str, ...]:
    """The values a description lists for its parameter, in its order (none if it lists
    none): the first run of two or more quoted values separated by commas, ``or`` or
    pipes, introduced by a cue (``One of``, ``either``, ``values are``, ``can be``, ``must
    be``, a prose colon) or all separated by pipes."""
    for listing in _LISTING.finditer(description):
        values = tuple(dict.fromkeys(_tokens(listing.group(0))))
        if not _introduced(description, listing):
            continue
        if len(values) < 2 or any(_FORMAT_MASK.fullmatch(v) for v in values):
            continue
        if all(_LISTED_VALUE.fullmatch(v) for v in values):
            return values
    return ()


def names_parameters(values: Sequence[str], names: Set[str]) -> bool:
    """Whether a listing is mostly of the request's parameter ``names`` (``parameter_names``):
    "pass either `type` or `types`" is about the parameters, not one parameter's values."""
    return 2 * len(names & set(values)) >= len(values)


def parameter_names(url: Url) -> frozenset[str]:
    """The request's query keys without their brackets (``items`` of ``items[0][price]``)
    and its path variables' names."""
    return frozenset([q.key.split("[")[0] for q in url.query] + [v.name for v in url.variables])


def _introduced(description: str, listing: re.Match[str]) -> bool:
    """A cue right before the listing, or pipes as its only separators (``"a" | "b"``);
    examples (``For example: `a`, `b```) are no cue: a few values of an open set."""
    text = listing.group(0)
    if "|" in text and "," not in text and " or " not in text:
        return True
    before = description[: listing.start()]
    return _CUE.search(before) is not None and _EXAMPLES.search(before) is None


def _tokens(listing: str) -> list[str]:
    return [next(part for part in match.groups() if part) for match in _TOKEN.finditer(listing)]


def family(url: Url) -> str:
    """The resource a request is about: its path with every parameter segment (``:id``,
    ``{{id}}``, ``{id}``) as ``{}``. Requests of one family share their parameters' values."""
    return "/".join("{}" if s.startswith(":") or "{" in s else s for s in url.path)


@dataclass
class ObservedValues:
    """The literal values the collection's requests (and their examples' original
    requests) send, by family, location (``query`` or ``path``) and key."""

    counts: dict[tuple[str, str, str], Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, endpoints: Iterable[Endpoint]) -> ObservedValues:
        """Built once per collection: one pass over every request's query and path values
        (disabled entries too: alternatives an author saved are values the API takes)."""
        found = cls()
        for endpoint in endpoints:
            for request in requests_of(endpoint):
                place = family(request.url)
                for entry in request.url.query:
                    found.add((place, "query", entry.key), entry.value)
                for variable in request.url.variables:
                    found.add((place, "path", variable.name), variable.value)
        return found

    def add(self, where: tuple[str, str, str], value: str | None) -> None:
        """Count ``value`` if it is evidence: not empty, a placeholder nor a variable."""
        literal = example_of(value)
        if literal is not None:
            self.counts.setdefault(where, Counter())[literal] += 1

    def open_cases(self, place: str, location: str, key: str) -> tuple[str, ...]:
        """The sorted cases of an open enum for the key of the family ``place``, or none
        without enough evidence."""
        seen = self.counts.get((place, location, key), Counter())
        observations = sum(seen.values())
        # distinct values at most the square root of the observations (the response enums'
        # rule): 2 values need 4 observations, 3 need 9
        if len(seen) < 2 or len(seen) > math.sqrt(observations):
            return ()
        if last_word(key) in _REFERENCES:
            return ()
        if set(seen) <= {"true", "false"}:  # a flag, not a category
            return ()
        if not all(_OBSERVED_VALUE.fullmatch(v) and not _ID_LIKE.match(v) for v in seen):
            return ()
        return tuple(sorted(seen))


def requests_of(endpoint: Endpoint) -> list[Request]:
    """The endpoint's request and its examples' original requests."""
    originals = (example.original_request for example in endpoint.examples)
    return [endpoint.request, *(request for request in originals if request is not None)]


class ParameterEnums:
    """A collection's evidence for enum parameters: the values its requests send, by
    resource, and each request's parameter names, found once (a request may have
    thousands of keys, a collection thousands of requests)."""

    def __init__(self, endpoints: Iterable[Endpoint]) -> None:
        self.observed = ObservedValues.of(endpoints)
        self._names: dict[str, frozenset[str]] = {}
        # by endpoint (its JSON path): its family, and what it saves for and says of each
        # path parameter, each found once for all its parameters
        self._families: dict[str, str] = {}
        self._saved: dict[str, dict[str, list[str | None]]] = {}
        self._described: dict[str, dict[str, list[str]]] = {}

    def saved_path_values(self, endpoint: Endpoint, name: str) -> list[str | None]:
        """What the endpoint's requests save for its path parameter ``name``."""
        saved = self._saved.get(endpoint.json_path)
        if saved is None:
            saved = self._saved[endpoint.json_path] = saved_path_values(endpoint)
        return saved.get(name, [])

    def path_descriptions(self, endpoint: Endpoint, name: str) -> list[str]:
        """The descriptions the endpoint's requests give its path parameter ``name``."""
        described = self._described.get(endpoint.json_path)
        if described is None:
            described = self._described[endpoint.json_path] = path_descriptions(endpoint)
        return described.get(name, [])

    def type_of(
        self,
        endpoint: Endpoint,
        location: str,
        key: str,
        descriptions: Iterable[str],
        base: str,
        saved: Iterable[str],
    ) -> Typed:
        """The type of the endpoint's query or path parameter ``key``: ``base``, or a
        ``Literal`` of the values the first of its ``descriptions`` to list some lists
        (unless they name the request's parameters: none then), or of those the collection
        sends for it (``enum_annotation``)."""
        listed = next(filter(None, map(listed_values, descriptions)), ())
        if listed and names_parameters(listed, self._parameter_names(endpoint)):
            listed = ()
        place = self._families.get(endpoint.json_path)
        if place is None:
            place = self._families[endpoint.json_path] = family(endpoint.request.url)
        observed = self.observed.open_cases(place, location, key)
        return enum_annotation(base, listed, observed, saved)

    def _parameter_names(self, endpoint: Endpoint) -> frozenset[str]:
        names = self._names.get(endpoint.json_path)
        if names is None:
            names = self._names[endpoint.json_path] = parameter_names(endpoint.request.url)
        return names


@dataclass(frozen=True)
class Typed:
    """A parameter's JSON kind (``str``, ``int``, ``float``, ``bool``), and the cases of its
    closed ``Literal`` (none when it is open or no enum): a caller may pass nothing else, so
    the generated tests pass the first."""

    kind: str
    closed: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()  # every case it names, closed or open (the OpenAPI ``enum``)

    @property
    def type(self) -> TypeExpr:
        """The type as an object: its JSON kind and the cases it names."""
        return _scalar_type(self.kind, self.cases)

    @property
    def annotation(self) -> Annotation:
        """``Literal[...]`` when closed, else the type's (``Literal[...] | str`` when open)."""
        return _annotation(self.kind, self.closed, self.cases)


@lru_cache(maxsize=4096)  # one object for the thousands of parameters of the same type
def _scalar_type(kind: str, cases: tuple[str, ...]) -> TypeExpr:
    return TypeExpr((ScalarType(kind, enum=cases),))


@lru_cache(maxsize=4096)  # made once per type, as the type is
def _annotation(kind: str, closed: tuple[str, ...], cases: tuple[str, ...]) -> Annotation:
    return literal(closed) if closed else write(_scalar_type(kind, cases))


def enum_annotation(
    base: str, listed: Sequence[str], observed: Sequence[str], saved: Iterable[str]
) -> Typed:
    """The parameter's type: ``base`` unless it is ``str`` and there is evidence. A listing
    is closed when every value the collection ``saved`` for the parameter is in it, else
    open; observed cases are always open."""
    if base != "str" or not (listed or observed):
        return Typed(base)
    if listed:
        if set(saved) <= set(listed):
            return Typed(base, tuple(listed), tuple(listed))
        return Typed(base, cases=tuple(listed))
    return Typed(base, cases=tuple(observed))


def saved_path_values(endpoint: Endpoint) -> dict[str, list[str | None]]:
    """What the endpoint's requests save for each path parameter, by name: its ``:name``
    variable's values, and the literal segment an example's original request has in its
    place (``daily`` of ``/reports/daily.json`` for ``/reports/:period.json``), which the
    generated tests pass. All names in one pass: a path may have thousands of them."""
    found: dict[str, list[str | None]] = {}
    path = endpoint.request.url.path
    places = [(i, named) for i, segment in enumerate(path) if (named := _named(segment))]
    for request in requests_of(endpoint):
        for variable in request.url.variables:
            found.setdefault(variable.name, []).append(variable.value)
        theirs = request.url.path
        if len(theirs) != len(path):
            continue
        for i, (name, suffix) in places:
            segment = theirs[i]
            if not segment.startswith(":") and "{" not in segment and segment.endswith(suffix):
                found.setdefault(name, []).append(segment[: len(segment) - len(suffix)])
    return found


def _named(segment: str) -> tuple[str, str] | None:
    """The parameter a path segment holds and what follows it (``("period", ".json")`` of
    ``:period.json``, ``("period", "")`` of ``{period}``), or None."""
    if segment.startswith("{") and segment.endswith("}") and not segment.startswith("{{"):
        return segment[1:-1], ""
    head, dot, rest = segment.partition(".")
    return (head[1:], dot + rest) if head.startswith(":") and len(head) > 1 else None


def path_descriptions(endpoint: Endpoint) -> dict[str, list[str]]:
    """The descriptions the endpoint's requests and examples give each path variable."""
    found: dict[str, list[str]] = {}
    for request in requests_of(endpoint):
        for variable in request.url.variables:
            if variable.description:
                found.setdefault(variable.name, []).append(variable.description)
    return found
