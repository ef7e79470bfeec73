"""What a plan is made of: frozen dataclasses the templates lay out and ``postc openapi``
reads (docs/templates.md lists their attributes)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from generator.annotations import Annotation
from generator.emit.parameters import docstring_example, python_value
from generator.emit.redaction import redact
from generator.escaping import identifier, py_str
from generator.ir import Diagnostic, TypeExpr
from generator.naming.reserved import CLASS_SCOPE

M = "models."  # model names are qualified: resources import the lazy models package
ANY_VALUE = TypeExpr()  # a parameter of any value (its type says nothing)

# What a method returns without a model (``_raw_kind``), by its ``returns_kind``
_RETURNS_KINDS = {"None": "none", "str": "text", "bytes": "bytes", "JsonValue": "json"}


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
    body_kind: str | None  # json, form (urlencoded), files (form-data), content, graphql
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
