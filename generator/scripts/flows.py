"""The collection's variable data flow: which request copies which part of its response
into a variable, and which later requests send it (issue 17, docs/scripts.md "Flows").

Postman runs a collection in document order; for each request it runs the pre-request
scripts (collection, folders, the request's), resolves the ``{{variables}}`` of the
request, sends it, then runs the test scripts. ``flows`` replays that order over the facts
the front end found (``generator.scripts.analyze``), never over script text:

- a *producer* is a variable set in a test script whose value comes from the response
  (a JSON or XML path, a header, the body text);
- a *use* is a ``{{variable}}`` the request sends (URL host, path and query, enabled
  headers, the body, its effective auth), bound to the set in force when it is sent:
  the latest write of the variable in the scope that wins (globals < collection <
  environment < data < local). A write that is no response value (a literal, a copy, a
  computed value, an ``unset``), a pre-request set of the request itself among them,
  leaves the use without a producer: its value does not come from a response;
- what cannot be followed is reported: sets from computed values, ``pm.sendRequest``,
  ``setNextRequest``, ``eval``, once per script with the item that holds it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.ir import (
    Auth,
    Collection,
    Endpoint,
    FormDataBody,
    GraphQLBody,
    RawBody,
    UrlencodedBody,
)
from generator.json_values import strings
from generator.loader.variables import VARIABLE
from generator.scripts.analyze import endpoint_scripts
from generator.scripts.facts import (
    EndpointScripts,
    Finding,
    Flows,
    Producer,
    ScriptFacts,
    Use,
    Value,
    VariableSet,
)

# Where a value read from the response comes from (``Value.kind``)
RESPONSE_KINDS = frozenset({"json", "xml", "header", "text"})
# What a script does that static analysis cannot follow (``Finding.kind``)
UNFOLLOWED_KINDS = frozenset({"send_request", "next_request", "eval"})
# Variable scopes from the lowest precedence to the highest (Postman's resolution order)
SCOPES = ("globals", "collection", "environment", "data", "local")
_EVENT = re.compile(r"\.?event\[[0-9]+\]$")


@dataclass(frozen=True)
class Reference:
    """A ``{{variable}}`` in one place of a request: ``place`` (url, header, body, auth),
    ``part`` (host, path, query; raw, urlencoded, formdata, graphql; the auth type) and
    ``key`` (the query key, header name, form field, path parameter, auth attribute)."""

    variable: str
    place: str
    part: str = ""
    key: str = ""


def collection_flows(collection: Collection) -> Flows:
    """The flow of a collection as loaded: its scripts analysed, then replayed."""
    return flows(collection, endpoint_scripts(collection))


def flows(collection: Collection, scripts: dict[str, EndpointScripts]) -> Flows:
    """The variable data flow of ``collection`` in run order; ``scripts`` are the analysed
    scripts of each endpoint (``analyze.endpoint_scripts``), keyed by its JSON path."""
    writes = _Writes({v.key for v in collection.variables if not v.disabled})
    producers: list[Producer] = []
    uses: list[Use] = []
    unfollowed: dict[tuple[str, int, str, str], tuple[str, Finding]] = {}
    for endpoint in collection.endpoints():
        own = scripts.get(endpoint.json_path) or EndpointScripts(endpoint.json_path)
        for facts in own.prerequest:
            for variable_set in facts.sets:
                writes.write(variable_set, None)
        for reference in references(endpoint):
            found = writes.producer(reference.variable)
            uses.append(
                Use(
                    endpoint.json_path,
                    reference.variable,
                    reference.place,
                    found,
                    part=reference.part,
                    key=reference.key,
                )
            )
        for facts in own.test:
            for variable_set in facts.sets:
                made = _produced(endpoint, variable_set)
                if made is not None:
                    producers.append(made)
                writes.write(variable_set, made)
        for facts in (*own.prerequest, *own.test):
            for finding in not_followed(facts):
                key = (facts.json_path, finding.line, finding.kind, finding.js)
                unfollowed.setdefault(key, (owner(facts.json_path), finding))
    return Flows(tuple(producers), tuple(uses), tuple(unfollowed.values()))


def from_response(variable_set: VariableSet) -> bool:
    """Whether the set copies part of the response (not a literal, a copy, a computed value)."""
    return not variable_set.unset and variable_set.value.kind in RESPONSE_KINDS


def _produced(endpoint: Endpoint, variable_set: VariableSet) -> Producer | None:
    if not from_response(variable_set):
        return None
    return Producer(endpoint.json_path, variable_set.name, variable_set)


def response_path(value: Value) -> str:
    """Where a produced value is in the response: ``data.createTest.test.issueId``,
    ``items[0]["x-id"]``, ``items[*].id`` (an index found at run time), ``body`` (all of
    it), ``header Location``, ``body text``, ``XML a.b``; ``.length`` for a length."""
    if value.kind == "header":
        return f"header {value.name}"
    if value.kind == "text":
        return "body text"
    written = ""
    for segment in value.path:
        if segment is None:
            written += "[*]"
        elif isinstance(segment, int):
            written += f"[{segment}]"
        elif segment.isidentifier():
            written += f".{segment}" if written else segment
        else:
            written += f"[{json.dumps(segment, ensure_ascii=False)}]"
    written = (written or "body") + (".length" if value.length else "")
    return f"XML {written}" if value.kind == "xml" else written


def not_followed(facts: ScriptFacts) -> Iterator[Finding]:
    """What of one script the flow cannot follow: its sets from computed values, and its
    ``pm.sendRequest``, ``setNextRequest`` and ``eval``, in the order they are written."""
    found = [f for f in facts.findings if f.kind in UNFOLLOWED_KINDS]
    for variable_set in facts.sets:
        if not variable_set.unset and variable_set.value.kind == "computed":
            detail = (
                f"{variable_set.name!r} is set from a value the script computes "
                f"({variable_set.value.js}): no response path to follow"
            )
            found.append(Finding("computed", variable_set.js, detail, variable_set.line))
    return iter(sorted(found, key=lambda finding: finding.line))


def owner(event_path: str) -> str:
    """The JSON path of the item a script belongs to: ``item[2]`` for ``item[2].event[0]``,
    ``""`` for the collection's own ``event[0]``."""
    return _EVENT.sub("", event_path)


class _Writes:
    """The latest write of each variable in each scope, as a run reaches each request."""

    def __init__(self, declared: set[str]) -> None:
        # a collection variable outranks a global of its name: a ``pm.globals.set`` of a
        # declared variable is not what ``{{name}}`` resolves to
        self.latest: dict[str, dict[str, Producer | None]] = {
            name: {"collection": None} for name in declared
        }

    def write(self, variable_set: VariableSet, producer: Producer | None) -> None:
        scopes = self.latest.setdefault(variable_set.name, {})
        if variable_set.unset:
            scopes.pop(variable_set.scope, None)
        else:
            scopes[variable_set.scope] = producer

    def producer(self, variable: str) -> Producer | None:
        """The producer of the value ``{{variable}}`` resolves to now, if a response's."""
        scopes = self.latest.get(variable)
        if not scopes:
            return None
        winner = max(scopes, key=_precedence)
        return scopes[winner]


def _precedence(scope: str) -> int:
    return SCOPES.index(scope) if scope in SCOPES else SCOPES.index("local")


def references(endpoint: Endpoint) -> Iterator[Reference]:
    """Every ``{{variable}}`` the request sends, once per place, in the order of the request:
    URL (host, path, query), enabled headers, the body, the effective auth. Dynamic
    variables (``{{$guid}}``) are Postman's, never a request's."""
    seen: set[Reference] = set()
    for reference in _all_references(endpoint):
        if reference.variable.startswith("$") or reference in seen:
            continue
        seen.add(reference)
        yield reference


def _all_references(endpoint: Endpoint) -> Iterator[Reference]:
    request = endpoint.request
    url = request.url
    yield from _in("url", "host", "", (*url.host, url.port or ""))
    path_variables = {variable.name: variable.value for variable in url.variables}
    for segment in url.path:
        name = segment[1:] if segment.startswith(":") else ""
        if name and path_variables.get(name):
            yield from _in("url", "path", name, (path_variables[name] or "",))
        for variable in VARIABLE.findall(segment):
            yield Reference(variable, "url", "path", variable)
    for param in url.query:
        if not param.disabled:
            yield from _in("url", "query", param.key, (param.key, param.value or ""))
    for header in request.headers:
        if not header.disabled:
            yield from _in("header", "", header.key, (header.key, header.value or ""))
    yield from _body_references(endpoint)
    yield from _auth_references(endpoint.auth)


def _body_references(endpoint: Endpoint) -> Iterator[Reference]:
    body = endpoint.request.body
    if body is None or body.disabled:
        return
    if isinstance(body, RawBody):
        yield from _in("body", "raw", "", (body.text,))
    elif isinstance(body, UrlencodedBody):
        for field in body.fields:
            if not field.disabled:
                yield from _in("body", "urlencoded", field.key, (field.key, field.value or ""))
    elif isinstance(body, FormDataBody):
        for part in body.parts:
            if not part.disabled:
                texts = (part.key, part.value or "", *part.src)
                yield from _in("body", "formdata", part.key, texts)
    elif isinstance(body, GraphQLBody):
        yield from _in("body", "graphql", "query", (body.query,))
        yield from _in("body", "graphql", "variables", (body.variables or "",))


def _auth_references(auth: Auth | None) -> Iterator[Reference]:
    if auth is None or auth.type == "noauth":
        return
    for param in auth.params:
        yield from _in("auth", auth.type, param.key, strings(param.value))


def _in(place: str, part: str, key: str, texts: Iterable[str]) -> Iterator[Reference]:
    for text in texts:
        for variable in VARIABLE.findall(text):
            yield Reference(variable, place, part, key)
