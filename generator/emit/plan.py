"""What the client will look like: settings, resources, methods and their parameters.

The plan is a pure function of the collection and its named models. It decides every
name the templates print (each through ``identifier`` later) and every value they quote
(through ``py_str``); templates only lay it out.

Values of secret variables and auth attributes never enter the plan: a credential
becomes a constructor argument read from the caller or an environment variable.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import NamedTuple

from generator.annotations import NONE, Annotation, list_of, qualified, subscript, union
from generator.annotations import name as named
from generator.emit.calls import method_calls as method_calls
from generator.emit.chains import with_chain_notes
from generator.emit.credentials import (
    credential_headers,
    credential_value,
    header_shape,
    is_credential_header,
    login_arguments,
)
from generator.emit.hosts import host_words, main_prefix, url_prefix
from generator.emit.param_enums import ParameterEnums, Typed
from generator.emit.parameters import (
    FORMAT_HEADERS,
    LIST_KEY,
    Constant,
    constants,
    docstring_example,
    example_of,
    marked_required,
    on_every_request,
    placeholder_type,
    python_value,
    scalar_type,
    scripted_variables,
)
from generator.emit.prose import plain
from generator.emit.redaction import MIN_SECRET_LENGTH as MIN_SECRET_LENGTH
from generator.emit.redaction import REDACTED as REDACTED
from generator.emit.redaction import (
    Values,
    collection_secrets,
    mentions,
    redact,
    redact_template,
    variable_values,
)
from generator.errors import InputError
from generator.escaping import identifier, py_str
from generator.ir import (
    ApiModels,
    Auth,
    BodyBinding,
    Collection,
    Diagnostic,
    Endpoint,
    Environment,
    FileBody,
    Folder,
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
from generator.loader.urls import path_template
from generator.loader.variables import VARIABLE
from generator.naming.errors import error_class_name, is_error_code
from generator.naming.identifiers import (
    Numbering,
    class_name,
    field_name,
    method_name,
    module_files,
    unique_in_scope,
)
from generator.naming.operations import dropped_words
from generator.naming.reserved import (
    CLASS_SCOPE,
    CONSTRUCTOR_SCOPE,
    METHOD_SCOPE,
    MODULE_SCOPE,
)
from generator.scripts.analyze import endpoint_scripts
from generator.scripts.flows import flows
from generator.scripts.login import Logins, credential_source
from generator.secrets import is_secret_name, is_secret_value, masked
from generator.units import endpoint_identity, operation

ANY_VALUE = TypeExpr()  # a parameter of any value (its type says nothing)
# What a method returns without a model (``_raw_kind``), by its ``returns_kind``
_RETURNS_KINDS = {"None": "none", "str": "text", "bytes": "bytes", "JsonValue": "json"}
_JSON_OBJECT = subscript(named("dict"), (named("str"), named("Any")))  # plain JSON data
M = "models."  # model names are qualified: resources import the lazy models package
# Folders nest at most this deep in a client (the collection may nest deeper: validate and
# load walk it iteratively): the resource tree a folder becomes is built here, pickled as
# a cache key and laid out by templates, all recursively, a few frames a level
MAX_FOLDER_DEPTH = 150
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
_STATUS_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}
_SKIPPED_HEADERS = frozenset({"authorization", "content-type", "content-length", "host"})
_INDEXED_KEY = re.compile(r"(.+)\[[0-9]+\]")  # expand[0]: an item of the list expand


@dataclass(frozen=True)
class Setting:
    """A constructor argument of the client, also read from an environment variable."""

    name: str
    variable: str
    env_var: str
    default: str | None
    secret: bool
    description: str = ""


@dataclass(frozen=True)
class Host:
    """A base URL requests go to: the main one (``key`` "") or another host's.

    ``setting`` names the argument that replaces it whole (``base_url``,
    ``upload_base_url``); ``parts`` are the literal text and settings it is made of: that
    setting's default, or, without such a setting (``https://{{feedsServer}}``), the URL
    itself, whose one setting then stands for the host."""

    key: str  # what a method's ``Call(base=...)`` names; "" for the main base URL
    setting: str | None
    parts: tuple[tuple[str, str], ...]  # ("text", "https://") / ("setting", "region")


@dataclass(frozen=True)
class Parameter:
    """A method parameter and where its value goes (path, query, header, form, file, body)."""

    name: str
    location: str
    key: str
    annotation: Annotation
    required: bool
    # a value the collection saved for it, as written: docstrings, the README and the
    # generated tests show it; never a default (docs/parameters.md)
    example: str | None = None
    description: str = ""
    # "indexed": a list sent as ``key[0]=...&key[1]=...`` (the collection's keys were so)
    style: str = ""
    # the cases of its closed ``Literal`` annotation, if it has one (docs/parameters.md)
    cases: tuple[str, ...] = ()
    # its type as an object (``postc openapi``): the value's JSON type for path, query,
    # header and form parameters (a list: ``ListType``), the body's for ``json``; any
    # value (no variants) for files, raw content and GraphQL variables
    type: TypeExpr = ANY_VALUE

    @property
    def docstring_example(self) -> str | None:
        """The example as a docstring shows it (one line, not too long), or None."""
        return docstring_example(self.example)

    @property
    def example_literal(self) -> str | None:
        """The example as the Python value a caller passes (``10``, ``"a"``), or None."""
        if self.example is None or self.annotation.item is not None:
            return None
        value = python_value(self.example, self.annotation)
        return py_str(value) if isinstance(value, str) else repr(value)


@dataclass(frozen=True)
class ErrorClass:
    """An exception class generated for one error code seen in the examples."""

    name: str
    base: str
    status: int
    code: str
    model: str | None


@dataclass(frozen=True)
class Method:
    """A request as a client method. It keeps of its request item only what its code and
    docstring say (``source`` finds the item again), so that a rendering keyed by its
    context does not carry every saved body."""

    name: str
    source: str  # the request item's JSON path (``item[0].item[2]``)
    summary: str  # the request's name
    description: str
    http_method: str
    url: str
    parameters: tuple[Parameter, ...]
    returns: Annotation
    returns_model: Annotation | None
    body_kind: str | None  # json, form, files, content, graphql
    fixed_headers: tuple[tuple[str, str], ...]
    error_models: tuple[tuple[int, Annotation], ...]
    error_classes: tuple[ErrorClass, ...]
    # its auth scheme by name; "": the client's default (or the httpx client's own); None: none
    auth: str | None
    graphql_query: str | None = None
    returns_examples: tuple[str, ...] = ()  # the examples the return type was inferred from
    error_code_field: str = "code"  # where the error classes' code is in the body (dotted)
    base: str = ""  # the key of its host among the plan's hosts; "": the main base URL
    shortened: bool = False  # named from a short form of its title: the docstring says it
    # where arguments come from other requests' responses: docstring lines (emit/chains.py)
    chains: tuple[str, ...] = ()

    @property
    def returns_kind(self) -> str:
        """How the body is read: ``none`` (no body), ``text``, ``bytes``, ``json`` (the
        runtime's ``JsonValue``: parsed as the content type says), else ``typed`` (into
        ``returns``)."""
        return _RETURNS_KINDS.get(self.returns.text, "typed")


@dataclass(frozen=True)
class Resource:
    """A folder: a class with one method per request and an attribute per subfolder."""

    attribute: str
    class_name: str
    title: str
    description: str
    methods: tuple[Method, ...]
    children: tuple[Resource, ...]
    # a top-level folder's module file (``resources/<module>.py``): ASCII, short, unique
    module: str = ""


@dataclass(frozen=True)
class ClientAuth:
    """One way the client authenticates: a runtime auth class and its arguments."""

    kind: str  # bearer, basic, digest, apikey, client_credentials
    settings: tuple[Setting, ...]
    literals: tuple[tuple[str, str], ...] = ()  # non-secret arguments (header names, URLs)
    name: str = ""  # its key among the client's schemes: "bearer", "basic", "bearer_2"


@dataclass(frozen=True)
class Login:
    """The collection's login request as the source of one scheme's credential
    (``docs/scripts.md``, "Login requests"): the client calls ``call`` (its raw-response
    view, from the client) with ``arguments`` when the caller gives no ``setting``, and
    reads the credential at ``path`` of the JSON answer (``None``: its text) or in the
    response ``header``."""

    scheme: str  # the ClientAuth's name
    setting: str  # the credential setting the login stands in for
    call: str  # ``setup.with_raw_response.create_auth_token``
    arguments: tuple[tuple[str, str], ...]  # (parameter, Python expression)
    path: tuple[str | int, ...] | None
    header: str | None
    settings: frozenset[str]  # the settings only the login reads: read when it runs


@dataclass(frozen=True)
class Plan:
    package: str
    title: str
    description: str
    env_prefix: str
    settings: tuple[Setting, ...]
    hosts: tuple[Host, ...]  # the main base URL first, then every other host's
    root: Resource
    error_classes: tuple[ErrorClass, ...]
    warnings: tuple[Diagnostic, ...] = field(default=())
    # Credential values of the collection: no generated file may contain one.
    secrets: tuple[str, ...] = ()  # longest first (one may contain another)
    # Every scheme the requests use, the default (the collection's, else the most used) first
    auths: tuple[ClientAuth, ...] = ()
    # Auth types of the collection postc does not generate (oauth1, awsv4, ...), sorted
    unsupported_auth: tuple[str, ...] = ()
    # (location, key, setting): a query parameter or header the client sends on every
    # request, from its setting (docs/parameters.md)
    constants: tuple[tuple[str, str, str], ...] = ()
    # the schemes whose credential a login request of the collection gets
    logins: tuple[Login, ...] = ()

    @property
    def auth(self) -> ClientAuth | None:
        """The default scheme."""
        return self.auths[0] if self.auths else None

    @property
    def host_settings(self) -> frozenset[str]:
        """The settings base URLs are made of: read when a request first goes to their host,
        so a missing one fails that request, not the client's construction."""
        names = {host.setting for host in self.hosts if host.setting is not None}
        names |= {value for host in self.hosts for kind, value in host.parts if kind == "setting"}
        return frozenset(names)

    @property
    def eager_settings(self) -> tuple[Setting, ...]:
        """The settings read when the client is made: all but the deferred credentials,
        those only base URLs are made of, and a login's (its inputs, and the credential it
        stands in for)."""
        in_auth = {s.name for auth in self.auths for s in auth.settings}
        later = (self.host_settings - in_auth) | self.deferred_settings
        for login in self.logins:  # read when the login runs, if it does
            later |= login.settings | {login.setting}
        return tuple(s for s in self.settings if s.name not in later)

    @property
    def deferred_settings(self) -> frozenset[str]:
        """With several auth schemes, their credentials: each is read when a request first
        uses its scheme, so that callers who use one scheme need none of the others'
        credentials. One scheme's are read at construction: a missing one shows at once."""
        if len(self.auths) < 2:
            return frozenset()
        return frozenset(s.name for auth in self.auths for s in auth.settings)

    def redacted(self, text: str) -> str:
        """``text`` with every credential value of the collection replaced."""
        return redact(text, self.secrets)

    def outline(self) -> Plan:
        """The plan without its resources, error classes and warnings: what the template of
        one module gets of the whole, so that its rendering, cached under its context
        (``generator.emit.environment.render_cached``), stays valid when another module
        changes."""
        root = replace(self.root, methods=(), children=())
        return replace(self, root=root, error_classes=(), warnings=())

    def resources(self) -> list[Resource]:
        """Every resource below the root, depth first."""
        found: list[Resource] = []
        stack = list(reversed(self.root.children))
        while stack:
            resource = stack.pop()
            found.append(resource)
            stack.extend(reversed(resource.children))
        return found


def variables_in(text: str) -> list[str]:
    return VARIABLE.findall(text)


class Planner:
    """Builds the plan; holds the variables and the settings found on the way."""

    def __init__(
        self,
        collection: Collection,
        environment: Environment | None,
        api: ApiModels,
        package: str,
    ) -> None:
        self.collection = collection
        self.api = api
        self.package = package
        self.env_prefix = package.upper()
        self.values = variable_values(collection, environment)
        self.settings: dict[str, Setting] = {}
        self.warnings: list[Diagnostic] = []
        self.bindings: dict[tuple[str, str, int | None], BodyBinding] = {
            (b.endpoint, b.role, b.status): b for b in api.bindings
        }
        # the bindings of each endpoint, so a method need not scan every endpoint's
        self.endpoint_bindings: dict[str, list[BodyBinding]] = {}
        for binding in self.bindings.values():
            self.endpoint_bindings.setdefault(binding.endpoint, []).append(binding)
        self.error_classes: dict[tuple[int, str], ErrorClass] = {}
        # the models of error bodies, which errors.py imports beside the error classes
        self.error_models = {
            model
            for b in api.bindings
            if b.role == "error" and (model := qualified(b.type).model) is not None
        }
        # the names error classes may not take: each other's, and what errors.py imports
        self.error_class_names = set(MODULE_SCOPE | self.error_models)
        self.secrets = _secrets(collection, self.values)
        self.secret_values = frozenset(self.secrets)  # looked up per value: not the tuple
        self.descriptions: dict[str, str] = {}  # each text described, as docstrings show it
        self.examples: dict[str | None, str | None] = {}  # each saved value as an example
        self.auth_env_vars: list[str] = []  # the environment variables of the client's auth
        self.schemes: dict[tuple[object, ...], ClientAuth] = {}  # by kind, settings, literals
        self.scheme_names = Numbering()
        # the settings' names, and the client's own arguments none may take
        self.setting_names = Numbering(CONSTRUCTOR_SCOPE)
        self.default_auth: ClientAuth | None = None
        self._endpoint_schemes: dict[int, ClientAuth | None] = {}  # by id of the Auth
        self.header_schemes: dict[tuple[tuple[str, str], ...], ClientAuth] = {}  # by shape
        self.unsupported_auth: dict[str, str] = {}  # auth types not generated -> first origin
        # the variable that is the whole base URL ({{baseUrl}}), which the client's own
        # base_url argument then stands for; one that is its host only (https://{{base_url}})
        # is the host, whatever it is called
        base_url = self.main_prefix = main_prefix(collection)
        whole = VARIABLE.fullmatch(base_url)
        host = VARIABLE.fullmatch(re.sub(r"^[a-z]+://|:[0-9]+$", "", base_url))
        self.base_url_variable = whole.group(1) if whole else None
        self.host_variable = host.group(1) if host and not whole else None
        self.hosts: dict[str, Host] = {}  # the other hosts, by their scheme, host and port

    def redacted(self, text: str) -> str:
        return redact(text, self.secrets)

    def described(self, text: str) -> str:
        """A description as docstrings show it: redacted, its HTML made plain (and redacted
        again, as decoding ``&amp;`` and the like can spell a value anew). Made once per
        text: a collection repeats its parameters' descriptions (Stripe: 1,042 texts in
        6,956 places)."""
        made = self.descriptions.get(text)
        if made is None:
            made = self.descriptions[text] = self.redacted(plain(self.redacted(text)))
        return made

    # --- settings ----------------------------------------------------------------------

    def setting(self, variable: str, *, secret: bool = False, description: str = "") -> Setting:
        """The constructor argument a collection variable becomes (made once per variable)."""
        known = self.settings.get(variable)
        if known is not None:
            return known
        value, is_secret, var_description = self.values.get(variable, (None, False, ""))
        secret = secret or is_secret or is_secret_name(variable)
        wanted = field_name(variable)
        if variable == self.host_variable and wanted == "base_url":
            wanted = "host"  # https://{{base_url}}: the client's base_url is the whole URL
        if (
            variable == self.base_url_variable
            and wanted == "base_url"
            and not self._named("base_url")
        ):
            name = wanted  # {{baseUrl}} is the client's base_url argument itself
        else:
            name = self.setting_names.take(wanted)
        made = Setting(
            name=name,
            variable=variable,
            env_var=f"{self.env_prefix}_{name.upper()}",
            default=None if secret or value is None else self.redacted(value),
            secret=secret,
            description=self.described(description or var_description),
        )
        self.settings[variable] = made
        return made

    def _named(self, name: str) -> bool:
        """Whether a setting is named ``name`` already."""
        return any(setting.name == name for setting in self.settings.values())

    def template_parts(self, text: str) -> tuple[tuple[str, str], ...]:
        """``https://{{host}}/v1`` as literal text and settings."""
        parts: list[tuple[str, str]] = []
        position = 0
        for match in VARIABLE.finditer(text):
            if match.start() > position:
                parts.append(("text", text[position : match.start()]))
            parts.append(("setting", self.setting(match.group(1)).name))
            position = match.end()
        if position < len(text):
            parts.append(("text", text[position:]))
        return tuple(parts)

    # --- hosts -------------------------------------------------------------------------

    def host(self, endpoint: Endpoint) -> str:
        """The key of the host a request goes to: "" for the main base URL (and for a URL
        without a host, which is relative to it)."""
        prefix = url_prefix(endpoint.request.url)
        if prefix is None or prefix == self.main_prefix:
            return ""
        known = self.hosts.get(prefix)
        if known is None:
            known = self.hosts[prefix] = self._other_host(prefix)
        return known.key

    def _other_host(self, prefix: str) -> Host:
        """A host of its own: a host variable (``https://{{feedsServer}}``) is its setting;
        a literal host or one mixed with variables (``iaas.{{region}}.oraclecloud.com``)
        gets a new ``<name>_base_url`` setting defaulting to it."""
        scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", prefix)
        rest = prefix[scheme.end() :] if scheme else prefix
        whole = VARIABLE.fullmatch(rest)
        if whole is not None:
            setting = self.setting(whole.group(1))
            parts = (("text", scheme.group(0)),) if scheme else ()
            return Host(setting.name, None, (*parts, ("setting", setting.name)))
        words = host_words(rest, self.resolved(self.main_prefix))
        about = "The base URL of the requests to {url}"
        return self._host_setting(f"\0host {prefix}", f"{words}_base_url", about, prefix)

    def main_host(self) -> Host:
        """The main base URL: the ``base_url`` argument, which a ``{{baseUrl}}`` variable is
        itself; any other main URL (``https://{{host}}``, a literal) is its default."""
        if self.base_url_variable is not None:
            variable = self.setting(self.base_url_variable)
            if variable.name == "base_url":
                return Host("", "base_url", ())
        about = "The base URL of the API: {url}"
        host = self._host_setting("\0host", "base_url", about, self.main_prefix)
        return replace(host, key="")

    def _host_setting(self, key: str, name: str, about: str, prefix: str) -> Host:
        """A base URL setting that no collection variable holds, made once under ``key``: a
        literal URL is its default, a URL with variables is made of their settings (which
        ``about``, a description, shows as ``{url}``)."""
        parts = self.template_parts(prefix)
        literal = len(parts) == 1 and parts[0][0] == "text"
        shown = "".join(value if kind == "text" else "{" + value + "}" for kind, value in parts)
        description = "" if literal else about.format(url=self.redacted(shown)) + "."
        made = self.new_setting(key, name, prefix if literal else None, description)
        return Host(made.name, made.name, () if literal else parts)

    def new_setting(self, key: str, wanted: str, default: str | None, description: str) -> Setting:
        """A setting that no collection variable holds (a host's base URL, a constant),
        made once under ``key``; ``base_url`` keeps its name, the client's argument."""
        known = self.settings.get(key)
        if known is not None:
            return known
        name = wanted if wanted == "base_url" else self.setting_names.take(field_name(wanted))
        made = self.settings[key] = Setting(
            name=name,
            variable="",
            env_var=f"{self.env_prefix}_{name.upper()}",
            default=self.redacted(default) if default is not None else None,
            secret=False,
            description=description,
        )
        return made

    # --- auth --------------------------------------------------------------------------

    def client_auth(self) -> ClientAuth | None:
        """The default scheme: the collection's auth, else the one most requests use (an
        auth of theirs, or the credential headers they send: ``Authorization: Bearer
        {{token}}``)."""
        uses: dict[str, Auth | Endpoint] = {}
        counts: Counter[str] = Counter()
        for endpoint in self.collection.endpoints():
            auth = endpoint.auth
            if auth is not None and auth.type != "noauth":
                counts[auth.type] += 1
                uses.setdefault(auth.type, auth)
            elif credential_headers(endpoint.request.headers):
                kind = "headers " + repr(header_shape(endpoint))
                counts[kind] += 1
                uses.setdefault(kind, endpoint)
        chosen: Auth | Endpoint | None = self.collection.auth
        if chosen is None and counts:
            chosen = uses[min(counts, key=lambda k: (-counts[k], k))]
        if chosen is None or (isinstance(chosen, Auth) and chosen.type == "noauth"):
            return None
        made = self.scheme(chosen) if isinstance(chosen, Auth) else self.header_scheme(chosen)
        self.auth_env_vars = [s.env_var for s in made.settings] if made is not None else []
        self.default_auth = made
        return made

    def scheme(self, auth: Auth) -> ClientAuth | None:
        """The client's scheme for an auth of the collection (one per distinct scheme:
        requests that authenticate alike share it); None for a kind postc does not generate."""
        made = self._auth(auth)
        return self._registered(made) if made is not None else None

    def _registered(self, made: ClientAuth) -> ClientAuth:
        """The scheme, named and kept once among the client's schemes."""
        identity = (made.kind, made.settings, made.literals)
        known = self.schemes.get(identity)
        if known is None:
            name = self.scheme_names.take(made.kind)
            known = self.schemes[identity] = replace(made, name=name)
        return known

    def method_auth(self, endpoint: Endpoint) -> str | None:
        """The scheme a request uses: its own (inherited) auth's; else the credential
        headers it sends; else the default, unless that is made of headers it does not send.
        None: no scheme of the client's (``noauth``, or an auth type postc does not generate,
        which an ``http_client`` of the caller's may bring)."""
        auth = endpoint.auth
        if auth is None or auth.type == "noauth":
            headers = self.header_scheme(endpoint)
            if headers is not None:
                return headers.name
            if auth is not None or self.default_auth in self.header_schemes.values():
                return None
            return self.default_auth.name if self.default_auth is not None else ""
        if id(auth) not in self._endpoint_schemes:
            self._endpoint_schemes[id(auth)] = self.scheme(auth)
        own = self._endpoint_schemes[id(auth)]
        return own.name if own is not None else None

    def header_scheme(self, endpoint: Endpoint) -> ClientAuth | None:
        """The scheme of the credential headers a request sends (``Authorization: Bearer
        {{token}}``, ``x-api-key: {{key}}``), shared by every request that sends the same."""
        found = credential_headers(endpoint.request.headers)
        if not found:
            return None
        shape = header_shape(endpoint)
        known = self.header_schemes.get(shape)
        if known is not None:
            return known
        settings: list[Setting] = []
        literals: list[tuple[str, str]] = []  # (header name, the prefix of its value)
        for header in found:
            prefix, variable = credential_value(header.value or "")
            if variable is not None:
                settings.append(self.setting(variable, secret=True))
            else:
                fallback = field_name(header.key)
                settings.append(self.setting(fallback, secret=True))
                if header.value:
                    self._not_copied(endpoint, f"header {header.key!r}", None, settings[-1].env_var)
            literals.append((header.key, prefix))
        made: ClientAuth
        if len(found) == 1 and literals[0][0].lower() == "authorization" and literals[0][1]:
            prefix = literals[0][1]
            extra = () if prefix == "Bearer" else (("prefix", prefix),)
            made = ClientAuth("bearer", (settings[0],), extra)
        elif len(found) == 1 and not literals[0][1]:
            where = (("name", literals[0][0]), ("location", "header"))
            made = ClientAuth("apikey", (settings[0],), where)
        else:
            made = ClientAuth("headers", tuple(settings), tuple(literals))
        registered = self._registered(made)
        self.header_schemes[shape] = registered
        return registered

    def _credential(self, auth: Auth, key: str, fallback_name: str) -> Setting:
        """The setting holding an auth attribute: its variable, or a named environment variable."""
        value = auth.get(key)
        text = value if isinstance(value, str) else ""
        names = variables_in(text)
        if names and VARIABLE.fullmatch(text):
            return self.setting(names[0], secret=True)
        if text:
            self.warnings.append(
                Diagnostic(
                    f"{auth.origin}.{auth.type}",
                    f"a literal {key} was not copied into the client; it reads "
                    f"{self.env_prefix}_{fallback_name.upper()} instead",
                )
            )
        return self.setting(fallback_name, secret=True)

    def _auth(self, auth: Auth) -> ClientAuth | None:
        kind = auth.type
        if kind == "bearer":
            return ClientAuth("bearer", (self._credential(auth, "token", "token"),))
        if kind in ("basic", "digest"):
            user = self._credential(auth, "username", "username")
            password = self._credential(auth, "password", "password")
            return ClientAuth(kind, (user, password))
        if kind == "apikey":
            name = auth.get("key")
            location = "query" if auth.get("in") == "query" else "header"
            value = self._credential(auth, "value", "api_key")
            header = name if isinstance(name, str) and name and "{{" not in name else "X-API-Key"
            return ClientAuth("apikey", (value,), (("name", header), ("location", location)))
        if kind == "oauth2":
            return self._oauth2(auth)
        self.unsupported_auth.setdefault(kind, auth.origin)
        self.warnings.append(
            Diagnostic(
                auth.origin,
                f"auth type {masked(kind)!r} is not generated: its requests send the credentials"
                " of the http_client passed to the client (the generated README has a recipe)",
            )
        )
        return None

    def _oauth2(self, auth: Auth) -> ClientAuth:
        grant = auth.get("grant_type")
        token_url = auth.get("accessTokenUrl")
        if grant == "client_credentials" and isinstance(token_url, str) and token_url:
            client_id = self._credential(auth, "clientId", "client_id")
            secret = self._credential(auth, "clientSecret", "client_secret")
            scope = auth.get("scope")
            literals = [("token_url", self.redacted(self.resolved(token_url)))]
            if isinstance(scope, str) and scope:
                literals.append(("scope", self.redacted(self.resolved(scope))))
            return ClientAuth("client_credentials", (client_id, secret), tuple(literals))
        token = self._credential(auth, "accessToken", "access_token")
        if auth.get("addTokenTo") == "queryParams":
            return ClientAuth("apikey", (token,), (("name", "access_token"), ("location", "query")))
        prefix = auth.get("headerPrefix")
        header = (("prefix", prefix),) if isinstance(prefix, str) and prefix else ()
        return ClientAuth("bearer", (token,), header)

    def resolved(self, text: str) -> str:
        """``text`` with non-secret variables substituted (secret ones left as ``{{name}}``)."""

        def value(match: re.Match[str]) -> str:
            known, secret, _ = self.values.get(match.group(1), (None, False, ""))
            return match.group(0) if secret or known is None else known

        return VARIABLE.sub(value, text)

    # --- the login request (docs/scripts.md, "Login requests") ------------------------

    def logins(self, root: Resource, found: Logins) -> tuple[Login, ...]:
        """Each scheme whose credential a login request of the collection gets, with the
        arguments the client calls it with; a login that cannot be wired, and one made in
        a pre-request script, is a warning."""
        methods = {method.source: (path, method) for path, method in method_calls(root)}
        endpoints = {endpoint.json_path: endpoint for endpoint in self.collection.endpoints()}
        made: list[Login] = []
        for source in found.sources:
            credential = self.settings.get(source.variable)
            schemes = [s for s in self.schemes.values() if credential in s.settings]
            if credential is None or not schemes or source.endpoint not in methods:
                continue
            shown, method = methods[source.endpoint]
            endpoint = endpoints[source.endpoint]
            secret = partial(mentions, secrets=self.secrets)
            unwired = login_arguments(endpoint, method.parameters, str, str, secret)
            if isinstance(unwired, str):  # found before any setting is made for it
                self._unwired(source.endpoint, source.variable, unwired)
                continue
            before = set(self.settings)
            arguments = login_arguments(
                endpoint, method.parameters, self._login_input, self._login_secret, secret
            )
            assert not isinstance(arguments, str)  # as the first pass found
            login_only = frozenset(self.settings[key].name for key in set(self.settings) - before)
            value = source.set.value
            path = tuple(s for s in value.path if s is not None) if value.kind == "json" else None
            header = value.name if value.kind == "header" else None
            call = _raw_view(shown)
            made += [
                Login(s.name, credential.name, call, tuple(arguments), path, header, login_only)
                for s in schemes
            ]
            self.settings[source.variable] = replace(
                credential, description=f"Without it the client logs in with ``{shown}()``."
            )
        unsourced = [self.settings[v].env_var for v in found.unsourced if v in self.settings]
        for where, finding in found.unfollowed:
            self.warnings.append(
                Diagnostic(
                    where,
                    f"a login in a pre-request script is not followed ({finding.detail}): "
                    f"the caller passes the credential ({', '.join(unsourced)})",
                )
            )
        return tuple(made)

    def _login_input(self, variable: str) -> str:
        """The expression reading the setting of a variable the login sends."""
        return _read_setting(self.setting(variable))

    def _login_secret(self, key: str) -> str:
        """The expression reading a literal credential the login sends, never copied."""
        return _read_setting(self.setting(field_name(key), secret=True))

    def _unwired(self, where: str, variable: str, why: str) -> None:
        reads = self.settings[variable].env_var
        self.warnings.append(
            Diagnostic(
                where,
                f"the login that gets {{{{{variable}}}}} is not wired into the client "
                f"({why}): the caller passes the credential ({reads})",
            )
        )

    # --- resources and methods ----------------------------------------------------------

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
        title, description = self.redacted(title or name), self.described(description)
        return Resource(name, "", title, description, methods, children)

    def method(self, endpoint: Endpoint, name: str, *, shortened: bool) -> Method:
        """The request as a method called ``name``; ``shortened``: named from a short form
        of its title."""
        request = endpoint.request
        identity = endpoint_identity(request)
        parameters: list[Parameter] = []
        path = self._path(endpoint, parameters)
        body_kind, graphql = self._body(endpoint, identity, parameters)
        self._query(endpoint, parameters)
        fixed = self._headers(endpoint, parameters)
        success = self._success(identity, endpoint)
        returns = qualified(success.type, M) if success is not None else _raw_returns(endpoint)
        own = self.endpoint_bindings.get(identity, [])
        errors = [b for b in own if b.role == "error"]
        error_models = tuple(
            sorted(((b.status, qualified(b.type, M)) for b in errors if b.status), key=_status)
        )
        auth = self.method_auth(endpoint)
        parameters = _first_of_each_key(parameters)
        names = _deduplicated(parameters, method_reads(returns, error_models))
        url = "".join(  # path parameters come first, and all stay
            part if isinstance(part, str) else f"{{{names[part]}}}" for part in path
        )
        unique = [
            p if p.name == name else replace(p, name=name)
            for p, name in zip(parameters, names, strict=True)
        ]
        fixed = tuple((key, self.redacted(value)) for key, value in fixed)
        return Method(
            name=name,
            source=endpoint.json_path,
            summary=self.redacted(endpoint.name),
            description=self.described(endpoint.description),
            http_method=request.method,
            url=redact_template(url, self.secrets),
            parameters=tuple(unique),
            returns=returns,
            returns_model=returns if success is not None else None,
            body_kind=body_kind,
            fixed_headers=fixed,
            error_models=error_models,
            error_classes=self._error_classes(endpoint, identity),
            auth=auth,
            graphql_query=self.redacted(graphql) if graphql is not None else None,
            returns_examples=success.examples if success is not None else (),
            error_code_field=_error_code_field(endpoint),
            base=self.host(endpoint),
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

    # --- parameters (docs/parameters.md) -----------------------------------------------

    @cached_property
    def _constants(self) -> dict[tuple[str, str], Constant]:
        """The collection's constants by location and key (a header's lower-cased)."""
        requests = [endpoint.request for endpoint in self.collection.endpoints()]
        secret = {key for key, (_, is_secret, _) in self.values.items() if is_secret}
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
                made = self.setting(whole.group(1))
            else:
                where = "query parameter" if constant.location == "query" else "header"
                made = self.new_setting(
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

    def _example(self, value: str | None) -> str | None:
        """A saved value as an example: variables resolved, never a credential. Made once
        per value: a collection saves the same few values in thousands of places."""
        if value not in self.examples:
            found = example_of(self.resolved(value) if value is not None else None)
            kept = found if found not in self.secret_values else None
            self.examples[value] = self.redacted(kept) if kept is not None else None
        return self.examples[value]

    def _path(self, endpoint: Endpoint, parameters: list[Parameter]) -> list[str | int]:
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
                value, secret, _ = self.values.get(match.group(1), (None, False, ""))
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
            example=self._example(value),
            description=self.described(description),
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
        examples = [self._example(value) for value in saved]
        found = [example for example in examples if example is not None]
        return self._enums.type_of(endpoint, location, key, descriptions, base, found)

    def _query(self, endpoint: Endpoint, parameters: list[Parameter]) -> None:
        """Query parameters; the client's constants are none."""
        self._fields(endpoint, "query", endpoint.request.url.query, parameters)

    def _fields(
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
                    described = self.described(entry.description)
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
                    example=self._example(", ".join(item for item in items if item) or None),
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
            self._not_copied(endpoint, f"{where} {param.key!r}", field_name(param.key))
            value = None
        indexed = _INDEXED_KEY.fullmatch(param.key) if location == "query" else None
        if location == "query" and saved is not None:
            by_key, by_list = saved.places
            found = by_list.get(indexed.group(1), []) if indexed else by_key.get(param.key, [])
            values = [saved.entries[index].value for index in found]
            typed = Typed(scalar_type(self.resolved(v) if v else v for v in values))
            if indexed is None:  # an indexed list's description is its parent array's
                described = [param.description, *(saved.entries[i].description for i in found)]
                typed = self._enum(
                    endpoint, location, param.key, described, typed.kind, values
                )
        else:  # headers and form fields: typed by a placeholder only
            typed = Typed(placeholder_type(param.value))
        return Parameter(
            name=field_name(param.key),
            location=location,
            key=param.key,
            annotation=typed.annotation,
            required=self._required(location, param.key, param.description, param.disabled)
            and indexed is None,
            example=self._example(value),
            description=self.described(param.description),
            cases=typed.closed,
            type=typed.type,
        )

    def _headers(
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
                    self._not_copied(endpoint, f"header {header.key!r}", None)
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
            value = self.resolved(header.value or "")
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

    def _not_copied(
        self, endpoint: Endpoint, where: str, argument: str | None, env_var: str | None = None
    ) -> None:
        """Warn that a credential of the collection was left out of the client."""
        if argument is not None:
            reads = f"the method takes it as {argument}="
        elif env_var is not None:
            reads = f"the client reads {env_var}"
        elif self.auth_env_vars:
            reads = f"the client's auth reads {', '.join(self.auth_env_vars)}"
        else:
            reads = "the request is sent without it; pass http_client=httpx.Client(headers=...)"
        self.warnings.append(
            Diagnostic(
                f"{endpoint.json_path}.request",
                f"{where} holds a credential; its value was not copied into the client ({reads})",
            )
        )

    def _replaced(self, endpoint: Endpoint, header: str) -> None:
        """Warn that a credential header is not sent: the request's auth replaces it, as in
        Postman, whose auth helpers set their header over the request's own."""
        scheme = self.scheme(endpoint.auth) if endpoint.auth is not None else None
        reads = ", ".join(s.env_var for s in scheme.settings) if scheme else "nothing"
        self.warnings.append(
            Diagnostic(
                f"{endpoint.json_path}.request",
                f"header {header!r} holds a credential; the request's own auth is sent "
                f"instead, as Postman does (the client's auth reads {reads})",
            )
        )

    def _body(
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
            self._fields(endpoint, "form", body.fields, parameters)
            return "form", None
        if isinstance(body, FormDataBody):
            texts = [part for part in body.parts if part.kind != "file"]
            self._fields(endpoint, "form", texts, parameters)
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
                        description=self.described(part.description),
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

    def _error_classes(self, endpoint: Endpoint, identity: str) -> tuple[ErrorClass, ...]:
        """One class per (status, code) seen in this endpoint's error examples."""
        found: dict[tuple[int, str], ErrorClass] = {}
        for example in endpoint.examples:
            status = example.code
            document = example.json
            if status is None or status < 400 or document is None or not document.parsed:
                continue
            code = _error_code(document.value)
            if code is None or self.redacted(code) != code:  # no class named after a secret
                continue
            binding = self.bindings.get((identity, "error", status))
            model = qualified(binding.type).model if binding else None
            made = self.error_classes.get((status, code))
            if made is None:
                base = _STATUS_CLASSES.get(
                    status, "InternalServerError" if status >= 500 else "ApiStatusError"
                )
                taken = self.error_class_names
                name = error_class_name(code, status, taken)
                if name is None:
                    continue
                made = ErrorClass(name, base, status, code, model)
                self.error_classes[(status, code)] = made
                taken.add(name)
            found[(status, code)] = made
        return tuple(found[key] for key in sorted(found))


def _error_code(value: object) -> str | None:
    """An error code a body carries (``code``, ``error_code``, ``error.code``), as text."""
    found = _error_code_at(value)
    return found[1] if found is not None else None


def _error_code_at(value: object) -> tuple[str, str] | None:
    """The dotted field an error code is at, and the code (looked for down ``error``
    objects, which a body may nest as deep as it nests anything)."""
    prefix = ""
    while isinstance(value, dict):
        for key in ("code", "error_code", "errorCode"):
            code = value.get(key)
            if isinstance(code, str) and is_error_code(code):
                return prefix + key, code
        prefix, value = prefix + "error.", value.get("error")
    return None


def _error_code_field(endpoint: Endpoint) -> str:
    """The field the runtime reads error codes from: the first error example's, else ``code``."""
    for example in endpoint.examples:
        document = example.json
        if example.code is None or example.code < 400 or document is None or not document.parsed:
            continue
        found = _error_code_at(document.value)
        if found is not None:
            return found[0]
    return "code"


def _context(endpoint: Endpoint) -> list[str]:
    words = [endpoint.request.method]
    words += [segment for segment in path_template(endpoint.request.url).split("/") if segment]
    return words


def _segment_template(text: str, fields: dict[str, int]) -> list[str | int]:
    """A segment's text with each ``{{key}}``/``{key}`` of a path parameter as the index of
    that parameter (see ``Planner._path``); other braces and unsafe characters
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


def _status(error_model: tuple[int, Annotation]) -> int:
    return error_model[0]


def _first_of_each_key(parameters: list[Parameter]) -> list[Parameter]:
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


def _deduplicated(parameters: Sequence[Parameter], reads: frozenset[str]) -> list[str]:
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


def _refuse_deep_folders(collection: Collection) -> None:
    """Raise ``InputError`` at the first folder nested deeper than ``MAX_FOLDER_DEPTH``."""
    for folder in collection.folders():
        if folder.json_path.count("item[") > MAX_FOLDER_DEPTH:
            message = f"folders nested deeper than {MAX_FOLDER_DEPTH} levels (postc's limit)"
            raise InputError.at(collection.source, folder.json_path, message)


def setting_properties(plan: Plan) -> tuple[Setting, ...]:
    """The settings the client exposes as read-only properties. Not one whose name another
    member of the client takes (a folder, a root method, the runtime's own members) or that
    its class body reads (annotations, decorators): that member, and the class, stay as
    they are. Not a base URL setting whose default is made of other settings (no single
    value to show before a request needs it; ``base_url`` shows the main one)."""
    taken = set(CLASS_SCOPE)
    taken |= {child.attribute for child in plan.root.children}
    taken |= {method.name for method in plan.root.methods}
    composed = {h.setting for h in plan.hosts if h.setting is not None and h.parts}
    return tuple(
        s for s in plan.settings if identifier(s.name) not in taken and s.name not in composed
    )


def _raw_view(path: str) -> str:
    """A call path's raw-response view, from the client: ``client.setup.create_token`` ->
    ``setup.with_raw_response.create_token``."""
    owner, _, name = path.removeprefix("client").removeprefix(".").rpartition(".")
    return f"{owner}.with_raw_response.{name}" if owner else f"with_raw_response.{name}"


def _read_setting(setting: Setting) -> str:
    """``setting(client_id, "PKG_CLIENT_ID")``: a setting read when the code runs."""
    arguments = [identifier(setting.name), py_str(setting.env_var)]
    if setting.default is not None:
        arguments.append(py_str(setting.default))
    return f"setting({', '.join(arguments)})"


def _logins_sent_bare(root: Resource, logins: Sequence[Login], default: str) -> Resource:
    """The tree with each login method sending none of the schemes it gets the credential
    of: it would need the credential to get it (Postman sends it empty or stale)."""
    provided: dict[str, set[str]] = {}  # the schemes each login call gets credentials of
    for login in logins:
        provided.setdefault(login.call, set()).add(login.scheme)

    def bare(method: Method, prefix: str) -> Method:
        names = provided.get(f"{prefix}with_raw_response.{method.name}", set())
        return replace(method, auth=None) if (method.auth or default) in names else method

    def visit(node: Resource, prefix: str) -> Resource:
        methods = tuple(bare(m, prefix) for m in node.methods)
        children = tuple(visit(c, f"{prefix}{c.attribute}.") for c in node.children)
        return replace(node, methods=methods, children=children)

    return visit(root, "") if provided else root


def make_plan(
    collection: Collection,
    environment: Environment | None,
    api: ApiModels,
    package: str,
) -> Plan:
    """The plan of the client; ``InputError`` for folders nested too deep to make one of."""
    _refuse_deep_folders(collection)
    planner = Planner(collection, environment, api, package)
    auth = planner.client_auth()
    root = planner.resource("", collection.name, collection.description, collection.items)
    scripts = endpoint_scripts(collection)  # analysed once for the logins and the flows
    logins = planner.logins(root, credential_source(collection, scripts))
    root = _logins_sent_bare(root, logins, auth.name if auth is not None else "")
    root = with_chain_notes(root, collection, flows(collection, scripts), api, planner.success_type)
    others = [scheme for scheme in planner.schemes.values() if scheme != auth]
    hosts = (planner.main_host(), *planner.hosts.values())
    constants = planner.client_constants()
    return Plan(
        package=package,
        title=planner.redacted(collection.name),
        description=planner.described(collection.description),
        env_prefix=planner.env_prefix,
        settings=tuple(planner.settings.values()),
        hosts=hosts,
        root=_named(root, package, (c.name for c in planner.error_classes.values())),
        error_classes=tuple(sorted(planner.error_classes.values(), key=lambda c: c.name)),
        warnings=tuple(planner.warnings),
        secrets=planner.secrets,
        auths=(auth, *others) if auth is not None else (),
        unsupported_auth=tuple(sorted(planner.unsupported_auth)),
        constants=constants,
        logins=logins,
    )


def _secrets(collection: Collection, values: Values) -> tuple[str, ...]:
    """Every credential value the collection (and environment) holds (``redaction``)."""
    return collection_secrets(collection, values)


def _named(resource: Resource, package: str, errors: Iterable[str] = ()) -> Resource:
    """Class names for the resource tree, unique across the package, and the module files
    of the top-level folders."""
    base = MODULE_SCOPE | set(errors)
    reserved = {variant for name in base for variant in _class_variants(name)}
    taken: set[str] = set()

    def free(name: str) -> bool:
        # a resource module defines ``Name``, ``AsyncName`` and their views beside its imports
        # (each looked up: a union of the sets per name grew with the number of folders)
        return not any(v in taken or v in reserved for v in _class_variants(name))

    def visit(node: Resource, parent: str) -> Resource:
        name = class_name(node.attribute) if node.attribute else class_name(package)
        if not free(name):
            name = class_name(parent, node.attribute)
        while not free(name):
            name += "Resource"
        taken.update(_class_variants(name))
        children = tuple(visit(child, name) for child in node.children)
        return replace(node, class_name=name, children=children)

    root = visit(resource, "")
    files = module_files([child.attribute for child in root.children])
    modules = tuple(replace(c, module=f) for c, f in zip(root.children, files, strict=True))
    return replace(root, children=modules)


def _class_variants(name: str) -> set[str]:
    """The classes a resource (or the client) named ``name`` defines: itself, its async
    twin, and their typed raw- and streaming-response views."""
    views = ("", "WithRawResponse", "WithStreamingResponse")
    return {prefix + name + view for prefix in ("", "Async") for view in views}
