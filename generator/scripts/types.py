"""Types from scripts: the checks of a request's test scripts as evidence for inference
(docs/scripts.md, "Types from scripts").

Embedded JSON Schemas (``jsonSchema``, ``tv4.validate``, ``ajv.validate``) and checks on
response paths (``a('string')``, ``oneOf``, ``property``, ``lengthOf``, ``above``,
``eql`` of a literal ...) become ``Claim``s (``generator.infer.claims``) on the body of
the responses they are meant for; ``build_models`` joins them to the types inferred from
the examples, and an endpoint with no saved success example gets a model from them alone.

Only sure evidence counts: a check the front end kept (none under a condition it did not
understand), not negated unless the matcher's type demand holds either way, and guarded
by nothing but the response status. A status guard, or the statuses the scripts assert,
say which response the check is meant for; checks meant for an error status are not used
(error models are shared across endpoints).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator.infer import MAX_DEPTH
from generator.infer.claims import Claim, Field, along, describes_model, join, meet, refine
from generator.infer.evidence import kind_of
from generator.infer.paths import ROOT
from generator.ir import Collection, JsonValue, TypeExpr
from generator.scripts.facts import Argument, Check, EndpointScripts, Regex, ScriptFacts
from generator.units import Occurrence, Unit, endpoint_identity, is_error, operation, status_of

_TYPE_NAMES = {
    "string": "str",
    "number": "number",
    "boolean": "bool",
    "array": "array",
    "object": "object",
    "null": "null",
}
_SCHEMA_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "array": "array",
    "object": "object",
    "null": "null",
}
_FORMATS = frozenset({"date-time", "date", "time", "uuid", "uri", "email"})  # postc's own
_COMPARISONS = frozenset({"above", "below", "least", "most", "within"})
_CONSTANTS = {"true": "bool", "false": "bool", "null": "null"}
_STATUS_CLASSES = {
    "info": range(100, 200),
    "success": range(200, 300),
    "redirection": range(300, 400),
    "client_error": range(400, 500),
    "server_error": range(500, 600),
    "error": range(400, 600),
}
# Schema positions read per schema: at most REUSE times the schema's own objects (a `$ref`
# used several times is read each time) and MAX_SCHEMA_NODES, so a reference fan-out
# stops there and the reading stays linear in the size of the scripts.
MAX_SCHEMA_NODES = 10_000
REUSE = 4

Statuses = frozenset[int] | None  # the statuses a claim is meant for; None: any non-error


@dataclass(frozen=True)
class ResponseClaim:
    """What one check of a request's test scripts claims of its responses of ``statuses``."""

    endpoint: str  # the endpoint's identity, ``GET /users/{id}``
    request: str  # the request's JSON path (several requests may share one identity)
    operation: str
    statuses: Statuses
    claim: Claim


class ScriptEvidence:
    """Every response claim of a collection, by endpoint identity."""

    def __init__(self, collection: Collection, scripts: Mapping[str, EndpointScripts]) -> None:
        self.collection = collection
        self.claims: dict[str, list[ResponseClaim]] = {}
        for claim in response_claims(collection, scripts):
            self.claims.setdefault(claim.endpoint, []).append(claim)

    def refine(self, expr: TypeExpr, unit: Unit) -> TypeExpr:
        """A unit's inferred type, joined by what the scripts claim of its responses."""
        occurrences = list(unit.occurrences.values())
        if len(occurrences) != 1 or occurrences[0].role != "response":
            return expr  # request bodies, and error envelopes shared across endpoints
        claim = self.claim(occurrences[0].endpoint, occurrences[0].status)
        return expr if claim is None else refine(expr, claim, path=ROOT, hint=unit.hint)

    def claim(self, endpoint: str, status: int | None) -> Claim | None:
        """What the scripts claim of the endpoint's responses of ``status``: per request,
        the meet of its checks (they all hold of one response); the requests' claims are
        about different responses, so they join as their bodies would."""
        by_request: dict[str, list[Claim]] = {}
        for found in self.claims.get(endpoint, ()):
            if _meant_for(found, status):
                by_request.setdefault(found.request, []).append(found.claim)
        claims = [meet(claims) for claims in by_request.values()]
        return join(claims) if claims else None

    def scripted_units(self) -> Iterator[tuple[Occurrence, TypeExpr]]:
        """A model for each endpoint that has no saved success example, from its scripts'
        claims alone, when they describe objects (or arrays of them)."""
        for endpoint in sorted(self.claims.keys() - self._saved_successes()):
            claims = self.claims[endpoint]
            status = _status_of(claims)
            claim = self.claim(endpoint, status)
            if claim is None:
                continue
            expr = refine(None, claim, path=ROOT, hint=claims[0].operation)
            if describes_model(expr):
                yield Occurrence(endpoint, claims[0].operation, "response", status, ()), expr

    def _saved_successes(self) -> set[str]:
        """Endpoints with a saved success example of any kind (text, binary, empty): their
        return type is decided by it, not by scripts."""
        return {
            endpoint_identity(endpoint.request)
            for endpoint in self.collection.endpoints()
            if any(not is_error(status_of(example)) for example in endpoint.examples)
        }


def response_claims(
    collection: Collection, scripts: Mapping[str, EndpointScripts]
) -> Iterator[ResponseClaim]:
    """The claims of every request's test scripts (inherited ones included), in collection
    order, one per check that types part of the body."""
    for endpoint in collection.endpoints():
        found = scripts.get(endpoint.json_path)
        if found is None or not found.test:
            continue
        identity, name = endpoint_identity(endpoint.request), operation(endpoint)
        asserted = _asserted_statuses(found.test)
        for facts, check in _checks(found.test):
            statuses = _meant_statuses(check.guard, asserted)
            claim = check_claim(check, facts.json_path)
            if claim is not None and statuses != frozenset():
                yield ResponseClaim(identity, endpoint.json_path, name, statuses, claim)


def _checks(scripts: Sequence[ScriptFacts]) -> Iterator[tuple[ScriptFacts, Check]]:
    for facts in scripts:
        for check in facts.checks:
            yield facts, check
        for test in facts.tests:
            for check in test.checks:
                yield facts, check


def _meant_for(claim: ResponseClaim, status: int | None) -> bool:
    return claim.statuses is None or status in claim.statuses


def _status_of(claims: Sequence[ResponseClaim]) -> int | None:
    """The status of an endpoint's model from scripts alone: the least success status they
    are meant for, None when they name none."""
    statuses = {s for c in claims if c.statuses is not None for s in c.statuses if s < 400}
    return min(statuses) if statuses else None


# --- statuses ---------------------------------------------------------------------------


def _asserted_statuses(scripts: Sequence[ScriptFacts]) -> Statuses:
    """The statuses every unguarded status check of the scripts admits (they are all meant
    to pass on the same response); None when none asserts one."""
    found: Statuses = None
    for _, check in _checks(scripts):
        if check.guard:
            continue
        admitted = _status_check(check)
        if admitted is not None:
            found = admitted if found is None else found & admitted
    return found


def _meant_statuses(guard: tuple[Check, ...], asserted: Statuses) -> Statuses:
    """The statuses a check is meant for: those its guards and the scripts' status checks
    all admit. A guard that is no status test (``if (json.id)``) admits none: the check
    may not hold of every response, so it is no sure evidence."""
    statuses = asserted
    for condition in guard:
        admitted = _status_check(condition) or frozenset()
        statuses = admitted if statuses is None else statuses & admitted
    return statuses


def _status_check(check: Check) -> frozenset[int] | None:
    """The statuses a status check admits; None when it is no positive status check."""
    if check.subject.kind != "status" or check.negated:
        return None
    matcher, arguments = check.matcher, check.arguments
    first = arguments[0] if arguments else None
    if matcher in ("equal", "eql") and isinstance(first, int) and not isinstance(first, bool):
        return frozenset({first})
    if matcher == "one_of" and isinstance(first, list) and first:
        codes = [code for code in first if isinstance(code, int) and not isinstance(code, bool)]
        return frozenset(codes) if len(codes) == len(first) else None
    if matcher == "status_class" and isinstance(first, str) and first in _STATUS_CLASSES:
        return frozenset(_STATUS_CLASSES[first])
    return None


# --- checks -----------------------------------------------------------------------------


def check_claim(check: Check, source: str) -> Claim | None:
    """What one check claims of the whole body, or None when it types nothing surely. The
    body's type nests at most ``MAX_DEPTH`` levels, as inference's does: a schema or a
    literal below a long path is read that much less deep."""
    subject = check.subject
    if subject.kind != "json" or len(subject.path) > MAX_DEPTH:
        return None
    claim = _subject_claim(check, source, len(subject.path))
    return along(subject.path, claim) if claim is not None else None


def _subject_claim(check: Check, source: str, depth: int) -> Claim | None:
    """What the check claims of its subject's value, ``depth`` levels below the body."""
    sources = frozenset({source})
    if check.subject.length or check.length_of:
        return _length_claim(check, sources)
    matcher, arguments, negated = check.matcher, check.arguments, check.negated
    if matcher in ("length", "empty") or matcher in _COMPARISONS:
        # chai demands the type even under .not: a number, or something with a length
        kinds = {"length": {"array", "str"}, "empty": {"array", "str", "object"}}
        admitted = frozenset(kinds.get(matcher, {"number"}))
        return Claim(admitted, alternatives=len(admitted) > 1, sources=sources)
    if negated:
        return Claim(sources=sources) if matcher == "undefined" else None
    if matcher == "exist":
        return Claim(sources=sources)
    if matcher == "a" and arguments and isinstance(arguments[0], str):
        kind = _TYPE_NAMES.get(arguments[0].lower())
        return Claim(frozenset({kind}), sources=sources) if kind else None
    if matcher in _CONSTANTS:  # ``.to.be.true`` is ``=== true``, ``.null`` ``=== null``
        return Claim(frozenset({_CONSTANTS[matcher]}), sources=sources)
    if matcher in ("equal", "eql") and arguments:
        return _literal_claim(arguments[0], sources, depth, deep=matcher == "eql")
    if matcher == "one_of" and arguments and isinstance(arguments[0], list):
        return _enum_claim(arguments[0], sources)
    if matcher in ("property", "nested_property") and arguments:
        return _property_claim(check, sources, depth)
    if matcher == "json_schema" and arguments:
        draft = arguments[1] if len(arguments) > 1 else "draft-07"
        return schema_claim(arguments[0], sources, draft=str(draft), depth=depth)
    return None


def _length_claim(check: Check, sources: frozenset[str]) -> Claim | None:
    """``x.length`` compared, or ``.lengthOf.at.least``: x has a length, an array or a
    string (a number's ``.length`` is undefined, which no comparison accepts)."""
    if check.negated or check.matcher not in {"equal", "eql", "one_of", *_COMPARISONS}:
        return None
    return Claim(frozenset({"array", "str"}), alternatives=True, sources=sources)


def _literal_claim(
    literal: Argument, sources: frozenset[str], depth: int, *, deep: bool
) -> Claim | None:
    """``equal(v)``: the literal's kind. An object or array literal is never ``===`` to
    the response's value (the check cannot pass), so only ``eql`` counts one, as an
    example of the value: its keys, their kinds, the kinds of its items."""
    if isinstance(literal, Regex) or (isinstance(literal, (dict, list)) and not deep):
        return None
    return _value_claim(literal, sources, depth)


def _value_claim(value: JsonValue, sources: frozenset[str], depth: int) -> Claim:
    """What a JSON value shows of its kind and shape, to ``MAX_DEPTH`` levels."""
    if depth > MAX_DEPTH:
        return Claim(sources=sources)
    if isinstance(value, dict):
        fields = tuple(
            (key, _value_claim(sub, sources, depth + 1), True) for key, sub in value.items()
        )
        return Claim(frozenset({"object"}), fields=fields, sources=sources)
    if isinstance(value, list):
        items = [_value_claim(item, sources, depth + 1) for item in value]
        return Claim(frozenset({"array"}), items=join(items) if items else None, sources=sources)
    return Claim(frozenset({kind_of(value)}), sources=sources)


def _enum_claim(cases: list[JsonValue], sources: frozenset[str]) -> Claim | None:
    """``oneOf([...])``: the kinds of its literals, its strings as enum cases."""
    if not cases or any(isinstance(case, (dict, list)) for case in cases):
        return None
    strings = tuple(sorted({case for case in cases if isinstance(case, str)}))
    return Claim(frozenset(kind_of(case) for case in cases), enum=strings, sources=sources)


def _property_claim(check: Check, sources: frozenset[str], depth: int) -> Claim | None:
    """``property(key[, value])``: the key is there (with the value's kind); the nested
    form names a dotted path. ``length`` is a property of every array and string, not a
    key."""
    key = check.arguments[0]
    if not isinstance(key, str) or key == "length":
        return None
    keys = key.split(".") if check.matcher == "nested_property" else [key]
    if any(not part or "[" in part for part in keys) or depth + len(keys) > MAX_DEPTH:
        return None
    leaf = Claim(sources=sources)
    if len(check.arguments) > 1:
        leaf = _literal_claim(check.arguments[1], sources, depth, deep=False) or leaf
    return along(tuple(keys), leaf)


# --- JSON Schema ------------------------------------------------------------------------


def schema_claim(
    schema: object, sources: frozenset[str], *, draft: str = "draft-07", depth: int = 0
) -> Claim:
    """What a JSON Schema (``draft-04``, as tv4 reads it, or ``draft-07``, as Ajv and
    ``jsonSchema`` do) claims of the value it validates, ``depth`` levels below the body."""
    return _SchemaReader(schema, sources, draft).read(schema, depth)


class _SchemaReader:
    """One schema's walk: ``$ref`` within the schema followed (not into a cycle), at most
    ``REUSE`` times as many positions as the schema has objects (``MAX_SCHEMA_NODES`` at
    most) and ``MAX_DEPTH`` levels (references count as one), so a schema whose
    references fan out cannot make the walk exponential."""

    def __init__(self, root: object, sources: frozenset[str], draft: str) -> None:
        self.root = root
        self.sources = sources
        self.constants = draft != "draft-04"  # ``const`` came with draft-06
        self.budget = REUSE * _objects(root, MAX_SCHEMA_NODES // REUSE)
        self.following: set[str] = set()

    def read(self, node: object, depth: int) -> Claim:
        unknown = Claim(sources=self.sources)
        if not isinstance(node, dict) or depth > MAX_DEPTH or self.budget <= 0:
            return unknown
        self.budget -= 1
        reference = node.get("$ref")
        if isinstance(reference, str):  # in draft-04 and draft-07 $ref replaces its siblings
            return self._referenced(reference, depth)
        parts = [self._own(node, depth), *self._combined(node, depth)]
        return meet(parts)

    def _referenced(self, reference: str, depth: int) -> Claim:
        target = _pointer(self.root, reference)
        if target is None or reference in self.following:
            return Claim(sources=self.sources)
        self.following.add(reference)
        try:
            return self.read(target, depth + 1)
        finally:
            self.following.discard(reference)

    def _own(self, node: dict[str, JsonValue], depth: int) -> Claim:
        """The claim of the node's own keywords (not ``allOf``/``anyOf``/``oneOf``)."""
        kinds = _schema_kinds(node)
        enum: tuple[str, ...] = ()
        constant = [node["const"]] if self.constants and "const" in node else None
        cases = node.get("enum", constant)
        if isinstance(cases, list) and cases:
            enum = tuple(sorted({case for case in cases if isinstance(case, str)}))
            literal_kinds = frozenset(kind_of(case) for case in cases)
            kinds = literal_kinds if kinds is None else (kinds & literal_kinds) or None
        format_ = node.get("format")
        return Claim(
            kinds=kinds,
            format=format_ if isinstance(format_, str) and format_ in _FORMATS else None,
            enum=enum,
            fields=self._fields(node, depth),
            items=self._below(node.get("items"), depth),
            values=self._values(node, depth),
            sources=self.sources,
        )

    def _fields(self, node: dict[str, JsonValue], depth: int) -> tuple[Field, ...]:
        """``properties``, required when ``required`` lists them; a required key without a
        property is there, of any type."""
        properties = node.get("properties")
        required = node.get("required")
        listed = required if isinstance(required, list) else []
        needed = {key for key in listed if isinstance(key, str)}
        fields: dict[str, tuple[Claim, bool]] = {}
        if isinstance(properties, dict):
            for key, sub in properties.items():
                fields[key] = (self.read(sub, depth + 1), key in needed)
        for key in sorted(needed - fields.keys()):
            fields[key] = (Claim(sources=self.sources), True)  # required, of any type
        return tuple((key, claim, required) for key, (claim, required) in fields.items())

    def _below(self, node: JsonValue, depth: int) -> Claim | None:
        """``items`` as one schema; a list of schemas (a tuple) says nothing sure of all
        items together."""
        return self.read(node, depth + 1) if isinstance(node, dict) else None

    def _values(self, node: dict[str, JsonValue], depth: int) -> Claim | None:
        """``additionalProperties`` as a schema, without ``properties``: a map's values."""
        additional = node.get("additionalProperties")
        if isinstance(additional, dict) and not isinstance(node.get("properties"), dict):
            return self.read(additional, depth + 1)
        return None

    def _combined(self, node: dict[str, JsonValue], depth: int) -> Iterator[Claim]:
        """``allOf`` (every part holds) and the nullable pattern of ``anyOf``/``oneOf``
        (``[X, {"type": "null"}]``: X or null); other alternatives say nothing sure."""
        parts = node.get("allOf")
        if isinstance(parts, list):
            yield from (self.read(part, depth + 1) for part in parts)
        for keyword in ("anyOf", "oneOf"):
            branches = node.get(keyword)
            if isinstance(branches, list):
                nullable = self._nullable(branches, depth)
                if nullable is not None:
                    yield nullable

    def _nullable(self, branches: list[JsonValue], depth: int) -> Claim | None:
        others = [branch for branch in branches if not _is_null_schema(branch)]
        if len(others) != 1 or len(branches) != 2:
            return None
        claim = self.read(others[0], depth + 1)
        if claim.kinds is None:
            return None  # X of any kind, or null: no claim on the kind
        return Claim(
            kinds=claim.kinds | {"null"},
            format=claim.format,
            enum=claim.enum,
            fields=claim.fields,
            items=claim.items,
            values=claim.values,
            sources=claim.sources,
        )


def _objects(root: object, limit: int) -> int:
    """How many objects the schema has, counting up to ``limit``."""
    found, pending = 0, [root]
    while pending and found < limit:
        node = pending.pop()
        if isinstance(node, dict):
            found += 1
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def _schema_kinds(node: dict[str, JsonValue]) -> frozenset[str] | None:
    """The kinds of ``type`` (a name or a list of names), ``nullable: true`` (OpenAPI)
    adding null; None when there is no ``type`` or a name is unknown."""
    declared = node.get("type")
    names = declared if isinstance(declared, list) else [declared]
    if declared is None or not all(isinstance(n, str) and n in _SCHEMA_TYPES for n in names):
        return None
    kinds = {_SCHEMA_TYPES[name] for name in names if isinstance(name, str)}
    if node.get("nullable") is True:
        kinds.add("null")
    return frozenset(kinds)


def _is_null_schema(node: JsonValue) -> bool:
    return isinstance(node, dict) and (node.get("type") == "null" or node.get("enum") == [None])


def _pointer(root: object, reference: str) -> object | None:
    """The part of the schema a local reference (``#``, ``#/definitions/x``) names; None
    for a reference elsewhere (another document, an ``$id``)."""
    if reference == "#":
        return root
    if not reference.startswith("#/"):
        return None
    node = root
    for raw in reference[2:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node
