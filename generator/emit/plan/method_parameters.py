"""A method's parameters: path, query, headers, form fields, files and body
(docs/parameters.md), and the client's constants (a query key or header every request
sends the same), which are settings, not parameters."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import NamedTuple

from generator.annotations import NONE, Annotation, list_of, qualified, subscript, union
from generator.annotations import name as named
from generator.emit.credentials import is_credential_header
from generator.emit.param_enums import ParameterEnums, Typed
from generator.emit.parameters import (
    FORMAT_HEADERS,
    LIST_KEY,
    Constant,
    constants,
    example_of,
    marked_required,
    on_every_request,
    placeholder_type,
    scalar_type,
    scripted_variables,
)
from generator.emit.plan.auth import Auths
from generator.emit.plan.settings import Settings
from generator.emit.plan.shapes import M, Parameter
from generator.emit.plan.texts import Texts, variables_in
from generator.ir import (
    BodyBinding,
    Collection,
    Diagnostic,
    Endpoint,
    FileBody,
    FormDataBody,
    FormPart,
    GraphQLBody,
    ListType,
    Param,
    PathVariable,
    RawBody,
    Request,
    TypeExpr,
    UrlencodedBody,
)
from generator.loader.variables import VARIABLE
from generator.naming.identifiers import Numbering, field_name
from generator.naming.reserved import METHOD_SCOPE
from generator.secrets import is_secret_name, is_secret_value, masked

_JSON_OBJECT = subscript(named("dict"), (named("str"), named("Any")))  # plain JSON data

# OpenAPI's ``{id}`` left in a collection's path: a path parameter like ``:id``
_OPENAPI_PARAMETER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_-]*)\}(?!\})")

# A path segment split at its ``{{key}}`` and ``{key}`` fields (kept at odd indexes)
_PATH_FIELD = re.compile(r"(\{\{[^{}]+\}\}|(?<!\{)\{[A-Za-z_][A-Za-z0-9_-]*\}(?!\}))")

# Any other brace outside ``{{...}}`` is sent literally by Postman, percent-encoded; it must
# not read as a placeholder of the call URL.
_LITERAL_BRACE = re.compile(r"(?<!\{)\{(?!\{)|(?<!\})\}(?!\})")

# Characters Postman percent-encodes in a path segment that httpx would refuse or misread.
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f?#\\]")

_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")

# Where a method's own parameter goes, whose name the template writes (``json=body``)
_OWN_LOCATIONS = frozenset({"json", "content", "graphql"})

_SKIPPED_HEADERS = frozenset({"authorization", "content-type", "content-length", "host"})

_INDEXED_KEY = re.compile(r"(.+)\[[0-9]+\]")  # expand[0]: an item of the list expand


class Parameters:
    """Makes each method's parameters; holds what every method shares (the constants, the
    keys every request sends, the enum evidence), each gathered once."""

    def __init__(
        self,
        collection: Collection,
        bindings: dict[tuple[str, str, int | None], BodyBinding],
        settings: Settings,
        texts: Texts,
        auths: Auths,
        warnings: list[Diagnostic],
    ) -> None:
        self.collection = collection
        self.bindings = bindings
        self.settings = settings
        self.texts = texts
        self.auths = auths
        self.warnings = warnings

    @cached_property
    def _constants(self) -> dict[tuple[str, str], Constant]:
        """The collection's constants by location and key (a header's lower-cased)."""
        requests = [endpoint.request for endpoint in self.collection.endpoints()]
        secret = {key for key, (_, is_secret, _) in self.texts.values.items() if is_secret}
        events = [*self.collection.events]
        events += [e for folder in self.collection.folders() for e in folder.events]
        events += [e for endpoint in self.collection.endpoints() for e in endpoint.events]
        scripts = [event.source for event in events if event.listen == "prerequest"]
        return {
            (c.location, c.key.lower() if c.location == "header" else c.key): c
            for c in constants(requests, secret | scripted_variables(scripts))
        }

    @cached_property
    def _everywhere(self) -> set[tuple[str, str]]:
        """The query keys and headers every request sends: parameters the API needs."""
        return on_every_request([endpoint.request for endpoint in self.collection.endpoints()])

    def _constant(self, location: str, key: str) -> Constant | None:
        return self._constants.get((location, key.lower() if location == "header" else key))

    def client_constants(self) -> tuple[tuple[str, str, str], ...]:
        """(location, key, setting) of each constant: a literal is a setting named after its
        key, defaulting to it; a ``{{variable}}`` is that variable's setting."""
        found = []
        for constant in self._constants.values():
            whole = VARIABLE.fullmatch(constant.value)
            if whole is not None:
                made = self.settings.setting(whole.group(1))
            else:
                where = "query parameter" if constant.location == "query" else "header"
                made = self.settings.new_setting(
                    f"\0{constant.location} {constant.key}",
                    constant.key,
                    constant.value,
                    f"The {constant.key} {where} of every request.",
                )
            found.append((constant.location, constant.key, made.name))
        return tuple(found)

    def _required(self, location: str, key: str, description: str, disabled: bool) -> bool:
        """A query key, header or form field is required when the request sends it and its
        description says so, or (query and headers) every request of the collection sends it."""
        if disabled:
            return False
        name = key.lower() if location == "header" else key
        return marked_required(key, description) or (location, name) in self._everywhere

    def path(self, endpoint: Endpoint, parameters: list[Parameter]) -> list[str | int]:
        """The Call URL (``/users/{user_id}``) as its text and, for each ``{field}``, the index
        in ``parameters`` of the path parameter it stands for (named once every parameter's
        name is final). ``:id`` segments, ``{{var}}`` tokens and OpenAPI's ``{id}`` are path
        parameters; a field stands for the latest parameter of its key."""
        url = endpoint.request.url
        known = {v.name: v for v in url.variables}
        fields: dict[str, int] = {}  # a key -> the index of its latest path parameter
        template: list[str | int] = []
        for segment in url.path:
            template.append("/")
            name = segment[1:].split(".")[0] if segment.startswith(":") else ""
            rest = segment[1 + len(name) :] if name else segment
            if name:
                fields[name] = len(parameters)
                parameters.append(self._path_parameter(name, known.get(name), endpoint=endpoint))
                template.append(fields[name])
            for match in VARIABLE.finditer(rest):
                value, secret, _ = self.texts.values.get(match.group(1), (None, False, ""))
                if secret or is_secret_name(match.group(1)):
                    value = None
                fields[match.group(1)] = len(parameters)
                parameters.append(self._path_parameter(match.group(1), None, value))
            for match in _OPENAPI_PARAMETER.finditer(rest):
                fields[match.group(1)] = len(parameters)
                parameters.append(
                    self._path_parameter(
                        match.group(1), known.get(match.group(1)), endpoint=endpoint
                    )
                )
            template += _segment_template(rest, fields)
        return template or ["/"]

    def _path_parameter(
        self,
        key: str,
        variable: PathVariable | None,
        value: str | None = None,
        endpoint: Endpoint | None = None,
    ) -> Parameter:
        """Path parameters are required: the value saved is an example, a placeholder its
        type; a ``:name`` or ``{name}`` segment (an ``endpoint``'s, not a ``{{variable}}``
        the client's setting fills) may be an enum."""
        if variable is not None:
            value = variable.value
        description = variable.description if variable is not None else ""
        typed = Typed(placeholder_type(value))
        if endpoint is not None:
            saved = self._enums.saved_path_values(endpoint, key)
            described = [description, *self._enums.path_descriptions(endpoint, key)]
            typed = self._enum(endpoint, "path", key, described, typed.kind, saved)
        return Parameter(
            name=field_name(key),
            location="path",
            key=key,
            annotation=typed.annotation,
            required=True,
            example=self.texts.example(value),
            description=self.texts.described(description),
            cases=typed.closed,
            type=typed.type,
        )

    @cached_property
    def _enums(self) -> ParameterEnums:
        """The collection's evidence for enum parameters, gathered once."""
        return ParameterEnums(self.collection.endpoints())

    def _enum(
        self,
        endpoint: Endpoint,
        location: str,
        key: str,
        descriptions: Sequence[str],
        base: str,
        saved: Iterable[str | None],
    ) -> Typed:
        """A query or path parameter's type, a ``Literal`` when the evidence is there
        (docs/parameters.md, "Enums"); ``descriptions`` and ``saved``: what the endpoint's
        requests (and their examples') describe it with and save for it."""
        examples = [self.texts.example(value) for value in saved]
        found = [example for example in examples if example is not None]
        return self._enums.type_of(endpoint, location, key, descriptions, base, found)

    def query(self, endpoint: Endpoint, parameters: list[Parameter]) -> None:
        """Query parameters; the client's constants are none."""
        self.fields(endpoint, "query", endpoint.request.url.query, parameters)

    def fields(
        self,
        endpoint: Endpoint,
        location: str,
        entries: Sequence[Param | FormPart],
        parameters: list[Parameter],
    ) -> None:
        """Query or form parameters: a key repeated (``?a=1&a=2``), a ``key[]`` or indexed
        keys (``expand[0]``) are one list parameter."""
        lists: dict[str, int] = {}  # the key of a list parameter -> where it is in parameters
        undescribed: set[str] = set()  # the lists whose first item has no description
        # a key repeated among the entries sent is a list; disabled repeats are alternatives
        counts = Counter(entry.key for entry in entries if not entry.disabled)
        # each key's entries, and each indexed list's (``expand`` of ``expand[0]``), found
        # once: a scan of all the entries per parameter was quadratic in their number
        by_key, by_list = _entries_by_key(entries).places
        queries = [q for request in _requests(endpoint) for q in request.url.query]
        saved = _entries_by_key(queries if location == "query" else [])
        for entry in entries:
            if not entry.key or self._constant(location, entry.key) is not None:
                continue
            indexed = _INDEXED_KEY.fullmatch(entry.key)
            listed = counts[entry.key] > 1 or LIST_KEY.fullmatch(entry.key) is not None
            key = indexed.group(1) if indexed is not None else entry.key
            if key in lists:  # another item of a list: its description, if the first had none
                if entry.description and key in undescribed:
                    described = self.texts.described(entry.description)
                    parameters[lists[key]] = replace(parameters[lists[key]], description=described)
                    undescribed.discard(key)
                continue
            made = self._parameter(endpoint, location, entry, saved)
            if indexed is not None or listed:
                lists[key] = len(parameters)
                if not entry.description:
                    undescribed.add(key)
                indexes = by_key.get(key, []) + (by_list.get(key, []) if indexed else [])
                items = [example_of(entries[index].value) for index in sorted(indexes)]
                made = replace(
                    made,
                    example=self.texts.example(", ".join(item for item in items if item) or None),
                    name=field_name(LIST_KEY.sub(r"\1", key)),
                    key=key,
                    annotation=list_of(made.annotation),
                    style="indexed" if indexed is not None else "",
                    type=TypeExpr((ListType(made.type),)),
                )
            parameters.append(made)

    def _parameter(
        self,
        endpoint: Endpoint,
        location: str,
        param: Param | FormPart,
        saved: _Entries | None = None,
    ) -> Parameter:
        """A query, header or form parameter: optional unless required (``_required``), its
        saved value an example, typed by the values every request of the endpoint saves
        (``saved``: where each query key, and each indexed list, is among them)."""
        value = param.value
        credential = is_secret_name(param.key) or is_secret_value(value or "")
        if value and credential and not variables_in(value):
            where = "form field" if location == "form" else f"{location} parameter"
            self.auths.not_copied(endpoint, f"{where} {param.key!r}", field_name(param.key))
            value = None
        indexed = _INDEXED_KEY.fullmatch(param.key) if location == "query" else None
        if location == "query" and saved is not None:
            by_key, by_list = saved.places
            found = by_list.get(indexed.group(1), []) if indexed else by_key.get(param.key, [])
            values = [saved.entries[index].value for index in found]
            typed = Typed(scalar_type(self.texts.resolved(v) if v else v for v in values))
            if indexed is None:  # an indexed list's description is its parent array's
                described = [param.description, *(saved.entries[i].description for i in found)]
                typed = self._enum(endpoint, location, param.key, described, typed.kind, values)
        else:  # headers and form fields: typed by a placeholder only
            typed = Typed(placeholder_type(param.value))
        return Parameter(
            name=field_name(param.key),
            location=location,
            key=param.key,
            annotation=typed.annotation,
            required=self._required(location, param.key, param.description, param.disabled)
            and indexed is None,
            example=self.texts.example(value),
            description=self.texts.described(param.description),
            cases=typed.closed,
            type=typed.type,
        )

    def headers(
        self, endpoint: Endpoint, parameters: list[Parameter]
    ) -> tuple[tuple[str, str], ...]:
        fixed: list[tuple[str, str]] = []
        seen: set[str] = set()  # header names are case-insensitive: the first one wins
        for header in endpoint.request.headers:
            cookie = header.key.lower() == "cookie"
            credential = is_credential_header(header) or cookie
            replaced = endpoint.auth is not None and endpoint.auth.type != "noauth"
            if credential and not header.disabled and header.value:
                if cookie:
                    self.auths.not_copied(endpoint, f"header {header.key!r}", None)
                elif replaced:
                    self._replaced(endpoint, header.key)
            if (
                header.disabled
                or header.key.lower() in _SKIPPED_HEADERS
                or credential
                or header.key.lower() in seen
            ):
                continue
            seen.add(header.key.lower())
            if not _HEADER_NAME.fullmatch(header.key):
                self.warnings.append(
                    Diagnostic(
                        f"{endpoint.json_path}.request.header",
                        f"header name {masked(header.key)!r} is not a valid HTTP header name, "
                        "left out",
                    )
                )
                continue
            if self._constant("header", header.key) is not None:
                continue  # the client sends it
            value = self.texts.resolved(header.value or "")
            if header.key.lower() in FORMAT_HEADERS and example_of(value) is not None:
                fixed.append((header.key, _safe_header(value)))  # what the method speaks
            else:
                parameters.append(self._parameter(endpoint, "header", header))
        body = endpoint.request.body
        if isinstance(body, RawBody) and body.json is None and body.text.strip():
            media = {"xml": "application/xml", "html": "text/html"}.get(body.language or "")
            declared = next(
                (
                    h.value
                    for h in endpoint.request.headers
                    if h.key.lower() == "content-type" and not h.disabled and h.value
                ),
                None,
            )
            fixed.append(("Content-Type", _safe_header(declared or media or "text/plain")))
        return tuple(fixed)

    def _replaced(self, endpoint: Endpoint, header: str) -> None:
        """Warn that a credential header is not sent: the request's auth replaces it, as in
        Postman, whose auth helpers set their header over the request's own."""
        scheme = self.auths.scheme(endpoint.auth) if endpoint.auth is not None else None
        reads = ", ".join(s.env_var for s in scheme.settings) if scheme else "nothing"
        self.warnings.append(
            Diagnostic(
                f"{endpoint.json_path}.request",
                f"header {header!r} holds a credential; the request's own auth is sent "
                f"instead, as Postman does (the client's auth reads {reads})",
            )
        )

    def body(
        self, endpoint: Endpoint, identity: str, parameters: list[Parameter]
    ) -> tuple[str | None, str | None]:
        body = endpoint.request.body
        if body is None or body.disabled:
            return None, None
        if isinstance(body, RawBody):
            if body.json is not None:
                binding = self.bindings.get((identity, "request", None))
                kind = qualified(binding.type, M) if binding else named("Any")
                if kind.model is not None:  # the request model, or plain JSON data
                    kind = union((kind, _JSON_OBJECT))
                body_type = binding.type if binding else TypeExpr()
                parameters.append(Parameter("body", "json", "", kind, True, type=body_type))
                return "json", None
            if not body.text.strip():  # an empty raw body: nothing to send
                return None, None
            parameters.append(Parameter("content", "content", "", named("str"), True))
            return "content", None
        if isinstance(body, UrlencodedBody):
            self.fields(endpoint, "form", body.fields, parameters)
            return "form", None
        if isinstance(body, FormDataBody):
            texts = [part for part in body.parts if part.kind != "file"]
            self.fields(endpoint, "form", texts, parameters)
            for part in body.parts:
                if part.kind != "file":
                    continue
                parameters.append(  # the file an upload is for: required when it is sent
                    Parameter(
                        field_name(part.key),
                        "file",
                        part.key,
                        named("FileInput"),
                        required=not part.disabled,
                        description=self.texts.described(part.description),
                    )
                )
            return "files", None
        if isinstance(body, FileBody):
            parameters.append(Parameter("content", "content", "", named("bytes"), True))
            return "content", None
        if isinstance(body, GraphQLBody):
            variables = union((_JSON_OBJECT, NONE))
            parameters.append(Parameter("variables", "graphql", "", variables, False))
            return "graphql", body.query
        return None, None


def _segment_template(text: str, fields: dict[str, int]) -> list[str | int]:
    """A segment's text with each ``{{key}}``/``{key}`` of a path parameter as the index of
    that parameter (see ``Parameters.path``); other braces and unsafe characters
    percent-encoded."""
    written: list[str | int] = []
    for index, part in enumerate(_PATH_FIELD.split(text)):
        if index % 2 and part.strip("{}") in fields:
            written.append(fields[part.strip("{}")])
        else:
            part = part.replace("{{", "").replace("}}", "")
            literal = _LITERAL_BRACE.sub(lambda m: "%7B" if m.group(0) == "{" else "%7D", part)
            written.append(_UNSAFE_IN_PATH.sub(_percent, literal))
    return written


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group(0).encode())


def _safe_header(value: str) -> str:
    """A header value httpx accepts: line breaks and other controls become spaces."""
    return "".join(" " if ord(char) < 0x20 or ord(char) == 0x7F else char for char in value)


def _requests(endpoint: Endpoint) -> list[Request]:
    """The endpoint's request and its examples' original requests."""
    return [
        endpoint.request,
        *(e.original_request for e in endpoint.examples if e.original_request),
    ]


class _Entries(NamedTuple):
    """Query or form entries, and where each key is among them, and each indexed list's
    items (``expand[0]``, ``expand[1]`` under ``expand``), in order."""

    entries: Sequence[Param | FormPart]
    places: tuple[dict[str, list[int]], dict[str, list[int]]]


def _entries_by_key(entries: Sequence[Param | FormPart]) -> _Entries:
    by_key: dict[str, list[int]] = {}
    by_list: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        by_key.setdefault(entry.key, []).append(index)
        item = _INDEXED_KEY.fullmatch(entry.key)
        if item is not None:
            by_list.setdefault(item.group(1), []).append(index)
    return _Entries(entries, (by_key, by_list))


def first_of_each_key(parameters: list[Parameter]) -> list[Parameter]:
    """A key left repeated in one place (a header twice, a form field repeated by disabled
    alternatives; lists are already one parameter) is one parameter, the first: a call's
    query, headers and form are mappings, where a repeated key is a bug."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for parameter in parameters:
        place = (parameter.location, parameter.key)
        if parameter.location in ("query", "header", "form", "file") and place in seen:
            continue
        seen.add(place)
        kept.append(parameter)
    return kept


def method_reads(
    returns: Annotation, error_models: Iterable[tuple[int, Annotation]]
) -> frozenset[str]:
    """The names a method's body binds or reads besides its parameters from the collection:
    its own (``METHOD_SCOPE``) and those its return and error types read (``date`` in
    ``list[date]``, ``type`` in the ``cast("type[...]", ...)`` mypy reads); a parameter of
    one of these names would shadow it."""
    reads = {*returns.reads, *(name for _, model in error_models for name in model.reads)}
    if returns.needs_cast:
        reads.add("type")
    return METHOD_SCOPE | frozenset(reads)


def deduplicated(parameters: Sequence[Parameter], reads: frozenset[str]) -> list[str]:
    """The parameters' names made distinct, none the method's body ``reads``: a name used
    twice, or read, gets its location as a prefix, and a number if that is taken too
    (``path_id``, ``path_id_2``). The body's own parameter (``body``, ``content``,
    ``variables``) keeps its name, which the template writes."""
    counts = Counter(p.name for p in parameters if p.location not in _OWN_LOCATIONS)
    own = [p.name for p in parameters if p.location in _OWN_LOCATIONS]
    numbering = Numbering(used=[*own, *reads])
    names = []
    for parameter in parameters:
        name = parameter.name
        if parameter.location not in _OWN_LOCATIONS:
            if counts[name] > 1 or name in numbering.used:
                name = f"{parameter.location}_{name}"
            name = numbering.take(name)
        names.append(name)
    return names
