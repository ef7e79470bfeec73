"""What postc understands of a collection's scripts: the contract between the JavaScript
front end (``generator.scripts.analyze``) and the stages that use it (generated tests,
flows, inference, ``postc inspect``).

Plain frozen data, no syntax tree: a script is parsed once and only these facts travel.
Everything the front end does not understand is kept as a ``Finding`` with its original
JavaScript, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import JsonValue

# One step into a JSON value: a key, an index, or None for an index only known at run time
# (``items[i]``, ``items.find(...)``).
Segment = str | int | None


@dataclass(frozen=True)
class Regex:
    """A JavaScript regular expression literal, as written (``/^ab+c$/i``)."""

    pattern: str
    flags: str = ""


# A literal argument of a check: JSON, or a regular expression.
Argument = JsonValue | Regex


@dataclass(frozen=True)
class Value:
    """A value a script reads or computes.

    ``kind`` is one of:

    - ``status``: the response's status code (``pm.response.code``, ``responseCode.code``)
    - ``reason``: its reason phrase (``pm.response.status``)
    - ``header``: the response header ``name`` (case-insensitive), a string or absent
    - ``text``: the response body as text (``responseBody``, ``pm.response.text()``)
    - ``json``: the JSON value at ``path`` in the response body (``path == ()`` is the body)
    - ``xml``: the value at ``path`` of the body read by ``xml2Json``
    - ``time``: the response time in milliseconds
    - ``literal``: the constant ``literal``
    - ``variable``: the collection variable ``name`` (``pm.environment.get("id")``)
    - ``computed``: anything else; ``js`` holds its source

    ``length`` marks ``<value>.length``. ``js`` is the expression as written, always set.
    """

    kind: str
    js: str
    path: tuple[Segment, ...] = ()
    name: str = ""
    literal: JsonValue = None
    length: bool = False


@dataclass(frozen=True)
class Check:
    """One assertion on the response, normalised from chai, chai-postman or a legacy
    ``tests[...] = <boolean expression>``.

    ``matcher`` is one of (chai semantics, docs/scripts.md):
    ``equal`` (===), ``eql`` (deep equal), ``include``, ``deep_include``, ``a`` (type name in
    ``arguments[0]``: string, number, boolean, array, object, null, undefined), ``property``
    (key, optional value), ``nested_property``, ``length`` (n), ``above``, ``below``,
    ``least``, ``most``, ``within`` (low, high), ``one_of`` (list), ``exist``, ``empty``,
    ``match`` (Regex), ``true``, ``false``, ``ok`` (JS truthy), ``null``, ``undefined``,
    ``json_schema`` (schema, ``draft`` in ``arguments[1]``: ``draft-07`` for
    ``jsonSchema``/ajv, ``draft-04`` for tv4), ``status_class`` (``success``, ``info``,
    ``redirection``, ``client_error``, ``server_error``, ``error``), ``has_header``
    (subject is the header; ``exist`` with a name).

    ``subject`` is what is asserted on; a status check is ``Value("status")`` with
    ``equal`` or ``one_of``. ``length_of`` is set when the chain compares a length
    (``.lengthOf.at.least(1)`` is ``least`` with ``length_of``). ``guard`` holds the checks
    of enclosing ``if`` conditions postc understood (``if (pm.response.code == 200)``); the
    check applies only when they all hold.
    """

    subject: Value
    matcher: str
    arguments: tuple[Argument, ...] = ()
    negated: bool = False
    length_of: bool = False
    guard: tuple[Check, ...] = ()
    js: str = ""
    line: int = 0


@dataclass(frozen=True)
class Finding:
    """A statement postc keeps but does not translate, and why.

    ``kind``: ``untranslated`` (an assertion or statement postc cannot express),
    ``response_time`` (a timing check: dropped, a mock says nothing about latency),
    ``send_request``, ``next_request``, ``eval``, ``request_mutation``, ``computed``
    (a pre-request value: signature, timestamp, random, base64 ...), ``unparsed`` (the
    script is not JavaScript the parser accepts). ``detail`` says what the generated
    client does instead, or what the caller must supply.
    """

    kind: str
    js: str
    detail: str
    line: int = 0


@dataclass(frozen=True)
class ScriptTest:
    """A ``pm.test(name, fn)`` or a legacy ``tests[name] = ...``: its checks, and the
    statements of it postc did not translate."""

    name: str
    checks: tuple[Check, ...]
    untranslated: tuple[Finding, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class VariableSet:
    """``pm.environment.set("token", json.access_token)`` and its kin.

    ``scope``: ``globals``, ``collection``, ``environment``, ``data`` or ``local``.
    ``stringified``: the legacy ``postman.set*Variable`` stores ``String(value)``.
    ``guard``: the enclosing conditions postc understood; ``conditional`` is True when
    the set sits under any condition (understood or not), so it may not happen.
    ``unset`` marks ``unset``/``clear``; a ``clear`` of a whole scope has the empty
    ``name``.
    """

    name: str
    scope: str
    value: Value
    stringified: bool = False
    guard: tuple[Check, ...] = ()
    conditional: bool = False
    unset: bool = False
    js: str = ""
    line: int = 0


@dataclass(frozen=True)
class ScriptFacts:
    """Everything understood of one script (one ``event``)."""

    listen: str  # "test" or "prerequest"
    json_path: str  # of the event: "item[3].event[0]"
    tests: tuple[ScriptTest, ...] = ()
    checks: tuple[Check, ...] = ()  # assertions outside any pm.test (they abort the script)
    sets: tuple[VariableSet, ...] = ()
    findings: tuple[Finding, ...] = ()
    statements: int = 0  # top-level and nested statements, for the measures


@dataclass(frozen=True)
class EndpointScripts:
    """The scripts that run for one request, in Postman's order (collection, folders,
    then the request's own), already analysed."""

    endpoint: str  # the endpoint's JSON path
    prerequest: tuple[ScriptFacts, ...] = ()
    test: tuple[ScriptFacts, ...] = ()


@dataclass(frozen=True)
class Producer:
    """A request whose test script copies part of its response into a variable."""

    endpoint: str  # the producing endpoint's JSON path
    variable: str
    set: VariableSet


@dataclass(frozen=True)
class Use:
    """A ``{{variable}}`` a request sends, and the request that produced its value.

    ``place``: ``url``, ``header``, ``body`` or ``auth``. ``producer`` is the nearest
    producer earlier in collection order, None when no request before this one sets it
    (its value then comes from the environment, or from a request that runs later).
    """

    endpoint: str
    variable: str
    place: str
    producer: Producer | None


@dataclass(frozen=True)
class Flows:
    """The collection's variable data flow: who sets what from which part of the
    response, who uses it, and what could not be followed (a value computed by code,
    ``pm.sendRequest``, ``setNextRequest``), each with the endpoint it belongs to."""

    producers: tuple[Producer, ...] = ()
    uses: tuple[Use, ...] = ()
    unfollowed: tuple[tuple[str, Finding], ...] = ()
