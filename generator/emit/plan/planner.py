"""The plan of a client: its resources and methods, from the collection and its named
models, made with the settings and hosts (``settings``), auth schemes and logins
(``auth``), parameters (``method_parameters``), error classes (``error_classes``) and the
texts quoted through the collection's secrets (``texts``), each a module of its own.

The plan is a pure function of the collection and its named models. It decides every
name the templates print (each through ``identifier`` later) and every value they quote
(through ``py_str``); templates only lay it out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace

from generator.annotations import Annotation, qualified
from generator.annotations import name as named
from generator.emit.chains import with_chain_notes
from generator.emit.plan.auth import Auths, logins_sent_bare
from generator.emit.plan.error_classes import ErrorClasses, error_code_field
from generator.emit.plan.method_parameters import (
    Parameters,
    deduplicated,
    first_of_each_key,
    method_reads,
)
from generator.emit.plan.settings import Settings
from generator.emit.plan.shapes import M, Method, Parameter, Plan, Resource
from generator.emit.plan.texts import Texts
from generator.emit.redaction import redact_template
from generator.errors import InputError
from generator.ir import (
    ApiModels,
    BodyBinding,
    Collection,
    Diagnostic,
    Endpoint,
    Environment,
    Folder,
    TypeExpr,
)
from generator.loader.urls import path_template
from generator.naming.identifiers import class_name, method_name, module_files, unique_in_scope
from generator.naming.operations import dropped_words
from generator.naming.reserved import CLASS_SCOPE, MODULE_SCOPE
from generator.scripts.analyze import endpoint_scripts
from generator.scripts.flows import flows
from generator.scripts.login import credential_source
from generator.units import endpoint_identity, operation

# Folders nest at most this deep in a client (the collection may nest deeper: validate and
# load walk it iteratively): the resource tree a folder becomes is built here, pickled as
# a cache key and laid out by templates, all recursively, a few frames a level
MAX_FOLDER_DEPTH = 150


class Planner:
    """Builds the resource tree; each concern's state lives in its own object, handed
    explicitly to those that need it: the texts (and secrets) to all, the settings to auth
    and parameters, auth to parameters (a credential left out names what auth reads)."""

    def __init__(
        self,
        collection: Collection,
        environment: Environment | None,
        api: ApiModels,
        package: str,
    ) -> None:
        self.collection = collection
        self.warnings: list[Diagnostic] = []
        self.texts = Texts(collection, environment)
        self.settings = Settings(collection, self.texts, package.upper())
        self.auths = Auths(collection, self.settings, self.texts, self.warnings)
        self.bindings: dict[tuple[str, str, int | None], BodyBinding] = {
            (b.endpoint, b.role, b.status): b for b in api.bindings
        }
        # the bindings of each endpoint, so a method need not scan every endpoint's
        self.endpoint_bindings: dict[str, list[BodyBinding]] = {}
        for binding in self.bindings.values():
            self.endpoint_bindings.setdefault(binding.endpoint, []).append(binding)
        self.parameters = Parameters(
            collection, self.bindings, self.settings, self.texts, self.auths, self.warnings
        )
        self.errors = ErrorClasses(self.bindings, self.texts)

    def resource(
        self, name: str, title: str, description: str, nodes: Sequence[Folder | Endpoint]
    ) -> Resource:
        endpoints = [n for n in nodes if isinstance(n, Endpoint)]
        folders = [n for n in nodes if isinstance(n, Folder)]
        operations = [operation(e) for e in endpoints]  # each read once: it parses the path
        # a shortened name that collides is told apart by the words it left out first
        candidates = [
            (
                method_name(shown or e.request.method),
                [*dropped_words(e.name, shown), *_context(e)],
            )
            for e, shown in zip(endpoints, operations, strict=True)
        ]
        candidates += [(method_name(f.name or "folder"), []) for f in folders]
        names = unique_in_scope(candidates, reserved=CLASS_SCOPE)
        methods = tuple(
            self.method(endpoint, names[index], shortened=operations[index] != endpoint.name)
            for index, endpoint in enumerate(endpoints)
        )
        children = tuple(
            self.resource(
                names[len(endpoints) + index], folder.name, folder.description, folder.items
            )
            for index, folder in enumerate(folders)
        )
        title, description = self.texts.redacted(title or name), self.texts.described(description)
        return Resource(name, "", title, description, methods, children)

    def method(self, endpoint: Endpoint, name: str, *, shortened: bool) -> Method:
        """The request as a method called ``name``; ``shortened``: named from a short form
        of its title."""
        request = endpoint.request
        identity = endpoint_identity(request)
        parameters: list[Parameter] = []
        path = self.parameters.path(endpoint, parameters)
        body_kind, graphql = self.parameters.body(endpoint, identity, parameters)
        self.parameters.query(endpoint, parameters)
        fixed = self.parameters.headers(endpoint, parameters)
        success = self._success(identity, endpoint)
        returns = qualified(success.type, M) if success is not None else _raw_returns(endpoint)
        own = self.endpoint_bindings.get(identity, [])
        errors = [b for b in own if b.role == "error"]
        error_models = tuple(
            sorted(((b.status, qualified(b.type, M)) for b in errors if b.status), key=_status)
        )
        auth = self.auths.method_auth(endpoint)
        parameters = first_of_each_key(parameters)
        names = deduplicated(parameters, method_reads(returns, error_models))
        url = "".join(  # path parameters come first, and all stay
            part if isinstance(part, str) else f"{{{names[part]}}}" for part in path
        )
        unique = [
            p if p.name == name else replace(p, name=name)
            for p, name in zip(parameters, names, strict=True)
        ]
        fixed = tuple((key, self.texts.redacted(value)) for key, value in fixed)
        return Method(
            name=name,
            source=endpoint.json_path,
            summary=self.texts.redacted(endpoint.name),
            description=self.texts.described(endpoint.description),
            http_method=request.method,
            url=redact_template(url, self.texts.secrets),
            parameters=tuple(unique),
            returns=returns,
            returns_model=returns if success is not None else None,
            body_kind=body_kind,
            fixed_headers=fixed,
            error_models=error_models,
            error_classes=self.errors.of(endpoint, identity),
            auth=auth,
            graphql_query=self.texts.redacted(graphql) if graphql is not None else None,
            returns_examples=success.examples if success is not None else (),
            error_code_field=error_code_field(endpoint),
            base=self.settings.host(endpoint),
            shortened=shortened,
        )

    def success_type(self, endpoint: Endpoint) -> TypeExpr | None:
        """The type of a request's success body; None where it has no model."""
        found = self._success(endpoint_identity(endpoint.request), endpoint)
        return found.type if found is not None else None

    def _success(self, identity: str, endpoint: Endpoint) -> BodyBinding | None:
        statuses = sorted(
            b.status
            for b in self.endpoint_bindings.get(identity, [])
            if b.role == "response" and b.status is not None
        )
        two_hundreds = [s for s in statuses if 200 <= s < 300]
        if two_hundreds:
            return self.bindings[(identity, "response", two_hundreds[0])]
        return self.bindings.get((identity, "response", None))


def _context(endpoint: Endpoint) -> list[str]:
    words = [endpoint.request.method]
    words += [segment for segment in path_template(endpoint.request.url).split("/") if segment]
    return words


def _raw_returns(endpoint: Endpoint) -> Annotation:
    return named(_raw_kind(endpoint))


def _raw_kind(endpoint: Endpoint) -> str:
    """Without a JSON model, what the body is by the collection's evidence (docs/runtime.md,
    "Methods without a model"): the runtime's ``JsonValue`` (JSON by content type, text as
    text) for JSON or no evidence, ``str`` for text, ``bytes`` for binary; ``None`` only when
    the API answers without a body: HEAD, or every saved success example empty."""
    if endpoint.request.method.upper() == "HEAD":
        return "None"
    successes = [e for e in endpoint.examples if (e.code or 200) < 400]
    if successes and all(e.code in _BODILESS or not (e.body or "").strip() for e in successes):
        return "None"
    kinds = {_body_kind(e.content_type, e.body or "") for e in successes if e.code not in _BODILESS}
    kinds.discard("empty")
    if not kinds:
        accepts = [h.value for h in endpoint.request.headers if h.key.lower() == "accept"]
        kinds = {media_kind(accepts[0].split(",")[0]) if accepts and accepts[0] else "json"}
    if "binary" in kinds:
        return "bytes"
    return "str" if kinds == {"text"} else "JsonValue"


_BODILESS = frozenset({204, 205, 304})  # statuses that never carry a body


_TEXT_SUBTYPES = frozenset(
    {"xml", "javascript", "ecmascript", "x-www-form-urlencoded", "yaml", "x-yaml", "csv"}
    | {"graphql", "x-ndjson", "ndjson", "sql", "x-sh"}
)  # as the runtime's ``_is_text_type``


def _body_kind(content_type: str | None, body: str) -> str:
    """``json``, ``text``, ``binary`` or ``empty``: a saved body by its Content-Type, else by
    whether it parses as JSON."""
    if not body.strip():
        return "empty"
    if content_type:
        return media_kind(content_type)
    try:
        json.loads(body)
    except ValueError:
        return "text"
    return "json"


def media_kind(media_type: str) -> str:
    """``json`` (also ``*/*`` and a missing or unreadable type), ``text`` or ``binary``."""
    kind = media_type.partition(";")[0].strip().lower()
    main, _, subtype = kind.partition("/")
    if not subtype or "*" in kind or subtype in ("json", "x-json") or subtype.endswith("+json"):
        return "json"
    if main == "text" or subtype in _TEXT_SUBTYPES or subtype.endswith(("+xml", "+yaml")):
        return "text"
    return "binary"


def _status(error_model: tuple[int, Annotation]) -> int:
    return error_model[0]


def _refuse_deep_folders(collection: Collection) -> None:
    """Raise ``InputError`` at the first folder nested deeper than ``MAX_FOLDER_DEPTH``."""
    for folder in collection.folders():
        if folder.json_path.count("item[") > MAX_FOLDER_DEPTH:
            message = f"folders nested deeper than {MAX_FOLDER_DEPTH} levels (postc's limit)"
            raise InputError.at(collection.source, folder.json_path, message)


def make_plan(
    collection: Collection,
    environment: Environment | None,
    api: ApiModels,
    package: str,
) -> Plan:
    """The plan of the client; ``InputError`` for folders nested too deep to make one of."""
    _refuse_deep_folders(collection)
    planner = Planner(collection, environment, api, package)
    auth = planner.auths.client_auth()
    root = planner.resource("", collection.name, collection.description, collection.items)
    scripts = endpoint_scripts(collection)  # analysed once for the logins and the flows
    logins = planner.auths.logins(root, credential_source(collection, scripts))
    root = logins_sent_bare(root, logins, auth.name if auth is not None else "")
    root = with_chain_notes(root, collection, flows(collection, scripts), api, planner.success_type)
    others = [scheme for scheme in planner.auths.schemes.values() if scheme != auth]
    hosts = (planner.settings.main_host(), *planner.settings.hosts.values())
    constants = planner.parameters.client_constants()
    return Plan(
        package=package,
        title=planner.texts.redacted(collection.name),
        description=planner.texts.described(collection.description),
        env_prefix=planner.settings.env_prefix,
        settings=tuple(planner.settings.made.values()),
        hosts=hosts,
        root=_named(root, package, (c.name for c in planner.errors.classes.values())),
        error_classes=tuple(sorted(planner.errors.classes.values(), key=lambda c: c.name)),
        warnings=tuple(planner.warnings),
        secrets=planner.texts.secrets,
        auths=(auth, *others) if auth is not None else (),
        unsupported_auth=tuple(sorted(planner.auths.unsupported_auth)),
        constants=constants,
        logins=logins,
    )


def _named(resource: Resource, package: str, errors: Iterable[str] = ()) -> Resource:
    """Class names for the resource tree, unique across the package, and the module files
    of the top-level folders."""
    reserved = MODULE_SCOPE | set(errors)
    taken: set[str] = set()

    def free(name: str) -> bool:
        # a resource module defines one class per folder beside its imports
        return name not in taken and name not in reserved

    def visit(node: Resource, parent: str) -> Resource:
        name = class_name(node.attribute) if node.attribute else class_name(package)
        if not free(name):
            name = class_name(parent, node.attribute)
        while not free(name):
            name += "Resource"
        taken.add(name)
        children = tuple(visit(child, name) for child in node.children)
        return replace(node, class_name=name, children=children)

    root = visit(resource, "")
    files = module_files([child.attribute for child in root.children])
    modules = tuple(replace(c, module=f) for c, f in zip(root.children, files, strict=True))
    return replace(root, children=modules)
