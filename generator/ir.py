"""The intermediate representation: everything postc understood of a collection.

The IR is the contract between stages. It holds no raw collection dicts: the loader
normalises every shape Postman accepts (v2.0 and v2.1 auth, string or object URLs,
headers as lists or strings, ...) into these small frozen dataclasses, and later
stages never look back at the JSON.

Strings keep Postman's ``{{variable}}`` references unresolved; resolving them is a
question for the stage that emits code (a variable may become a constructor argument).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None


@dataclass(frozen=True)
class Diagnostic:
    """A warning or an error about one place of an input file.

    ``path`` is the JSON path of the node (``item[3].request.auth``), or a
    ``line L, column C`` position when the file is not even JSON.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Param:
    """A key/value entry: a query parameter, a header or an urlencoded field.

    ``value`` is None when the entry has no value at all (``?flag`` rather than ``?flag=``).
    Repeated keys are kept, in order, as separate entries.
    """

    key: str
    value: str | None
    description: str = ""
    disabled: bool = False


@dataclass(frozen=True)
class PathVariable:
    """A ``:name`` segment of a URL path, with the value and description the collection gives."""

    name: str
    value: str | None
    description: str = ""


@dataclass(frozen=True)
class Url:
    """A request URL, split the way Postman splits it.

    ``host`` and ``path`` are segments (``("api", "example", "com")``, ``("v1", "users", ":id")``);
    the structured parts win over ``raw``, as in Postman's own tools.
    """

    raw: str
    protocol: str | None = None
    host: tuple[str, ...] = ()
    port: str | None = None
    path: tuple[str, ...] = ()
    query: tuple[Param, ...] = ()
    hash: str | None = None
    variables: tuple[PathVariable, ...] = ()

    @property
    def host_text(self) -> str:
        return ".".join(self.host)

    @property
    def path_text(self) -> str:
        """The path as sent, ``:name`` and ``{{var}}`` segments left as they are."""
        return "/" + "/".join(self.path) if self.path else ""


@dataclass(frozen=True)
class JsonDocument:
    """A JSON text from the collection (an example body, a raw request body), parsed leniently.

    ``parsed`` says whether ``value`` holds the document (``value`` None with ``parsed``
    True is the JSON ``null``). ``repairs`` names what had to be forgiven to parse it:
    ``"bom"``, ``"comments"``, ``"trailing-commas"``, ``"jsonp"``. ``error`` says why
    a text that looked like JSON could not be parsed.
    """

    text: str
    parsed: bool
    value: JsonValue = field(default=None, compare=False, hash=False)
    repairs: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class RawBody:
    """``mode: raw``: text sent verbatim; ``language`` is Postman's hint (json, xml, text, ...)."""

    text: str
    language: str | None = None
    json: JsonDocument | None = None
    disabled: bool = False


@dataclass(frozen=True)
class UrlencodedBody:
    """``mode: urlencoded``: form fields, repeated keys kept in order."""

    fields: tuple[Param, ...]
    disabled: bool = False


@dataclass(frozen=True)
class FormPart:
    """One part of a multipart body: text (``value``) or file (``src``, possibly several)."""

    key: str
    kind: str  # "text" or "file"
    value: str | None = None
    src: tuple[str, ...] = ()
    content_type: str | None = None
    description: str = ""
    disabled: bool = False


@dataclass(frozen=True)
class FormDataBody:
    """``mode: formdata``: a multipart body."""

    parts: tuple[FormPart, ...]
    disabled: bool = False


@dataclass(frozen=True)
class FileBody:
    """``mode: file``: a binary body read from ``src`` (or given inline, base64, as ``content``)."""

    src: str | None
    content: str | None = None
    disabled: bool = False


@dataclass(frozen=True)
class GraphQLBody:
    """``mode: graphql``: a query with optional variables (kept as the text Postman stores)."""

    query: str
    variables: str | None = None
    variables_json: JsonDocument | None = None
    operation_name: str | None = None
    disabled: bool = False


@dataclass(frozen=True)
class UnknownBody:
    """A body mode postc does not know; kept so later stages can say so."""

    mode: str
    disabled: bool = False


Body: TypeAlias = RawBody | UrlencodedBody | FormDataBody | FileBody | GraphQLBody | UnknownBody


def body_mode(body: Body) -> str:
    """The Postman name of a body's mode."""
    if isinstance(body, UnknownBody):
        return body.mode
    return _BODY_MODES[type(body)]


_BODY_MODES: dict[type, str] = {
    RawBody: "raw",
    UrlencodedBody: "urlencoded",
    FormDataBody: "formdata",
    FileBody: "file",
    GraphQLBody: "graphql",
}


@dataclass(frozen=True)
class AuthParam:
    """One attribute of an auth block (``token``, ``username``, ``in``, ...)."""

    key: str
    value: JsonValue = field(compare=False, hash=False)
    type: str = "string"


@dataclass(frozen=True)
class Auth:
    """An auth block, normalised to the v2.1 attribute list.

    ``origin`` is the JSON path where it was declared, so a request that inherits its
    auth can say from where (``auth`` for the collection, ``item[2].auth`` for a folder).
    """

    type: str
    params: tuple[AuthParam, ...] = ()
    origin: str = ""

    def get(self, key: str) -> JsonValue:
        """The value of attribute ``key``, or None; the last one wins when repeated."""
        found: JsonValue = None
        for param in self.params:
            if param.key == key:
                found = param.value
        return found


@dataclass(frozen=True)
class Event:
    """A script (``prerequest`` or ``test``). postc never runs it; ``generator.scripts``
    reads it. ``json_path`` is where it sits (``item[2].event[0]``)."""

    listen: str
    source: str
    disabled: bool = False
    src: str | None = None
    json_path: str = ""


@dataclass(frozen=True)
class Variable:
    """A collection variable or environment value.

    ``secret`` is the loader's judgement: typed ``secret`` or named like a credential.
    """

    key: str
    value: str | None
    type: str = "string"
    description: str = ""
    disabled: bool = False
    secret: bool = False


@dataclass(frozen=True)
class Request:
    """A request as the collection declares it. ``auth`` None means it inherits."""

    method: str
    url: Url
    headers: tuple[Param, ...] = ()
    body: Body | None = None
    auth: Auth | None = None
    description: str = ""


@dataclass(frozen=True)
class Example:
    """A saved example response (``item.response[]``).

    ``json`` is set when the body is JSON by its content type or by its first
    character, parsed leniently; ``content_type`` comes from the ``Content-Type``
    header, else from Postman's preview language, else from sniffing the body.
    """

    name: str
    code: int | None
    status: str
    headers: tuple[Param, ...]
    body: str | None
    content_type: str | None
    json: JsonDocument | None
    original_request: Request | None
    json_path: str


@dataclass(frozen=True)
class Endpoint:
    """A request item: where it sits, what it sends, what it may receive.

    ``auth`` is the effective auth after inheritance (request, then folders, then
    collection); None means no auth anywhere. ``folders`` names the enclosing folders
    from the outermost in.
    """

    name: str
    folders: tuple[str, ...]
    request: Request
    auth: Auth | None
    examples: tuple[Example, ...]
    json_path: str
    id: str | None = None
    description: str = ""
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class Folder:
    """A folder (item-group); ``auth`` is what it declares, None when it inherits."""

    name: str
    items: tuple[Folder | Endpoint, ...]
    json_path: str
    description: str = ""
    auth: Auth | None = None
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class Collection:
    """A whole collection: the folder tree plus what applies to all of it."""

    name: str
    schema_version: str  # "v2.0.0" or "v2.1.0"
    items: tuple[Folder | Endpoint, ...]
    source: str = ""
    id: str | None = None
    version: str | None = None
    description: str = ""
    variables: tuple[Variable, ...] = ()
    auth: Auth | None = None
    events: tuple[Event, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()

    def endpoints(self) -> Iterator[Endpoint]:
        """Every request of the tree, depth first, in collection order."""
        stack: list[Folder | Endpoint] = list(reversed(self.items))
        while stack:
            node = stack.pop()
            if isinstance(node, Endpoint):
                yield node
            else:
                stack.extend(reversed(node.items))

    def folders(self) -> Iterator[Folder]:
        """Every folder of the tree, depth first, in collection order."""
        stack: list[Folder | Endpoint] = list(reversed(self.items))
        while stack:
            node = stack.pop()
            if isinstance(node, Folder):
                yield node
                stack.extend(reversed(node.items))

    def all_events(self) -> Iterator[Event]:
        """Every script anywhere in the collection."""
        yield from self.events
        for folder in self.folders():
            yield from folder.events
        for endpoint in self.endpoints():
            yield from endpoint.events


@dataclass(frozen=True)
class Environment:
    """A Postman environment file (``--env``): values that override collection variables."""

    name: str
    values: tuple[Variable, ...]
    source: str = ""
    warnings: tuple[Diagnostic, ...] = ()


# --- Inferred types (generator.infer) and named models (generator.naming) -----------------
#
# Inference turns the example bodies of one unit (an endpoint's responses of one status, or
# its request bodies) into a TypeExpr tree whose object positions are anonymous ObjectTypes.
# Naming then gives every distinct ObjectType (by structure, across the whole collection)
# one class name and replaces it by a ClassRef. Equality of these dataclasses is structural:
# hints, paths and evidence are excluded from comparison and hashing.


@dataclass(frozen=True)
class FieldEvidence:
    """What the examples showed of one position: the basis of every typing decision.

    ``parents`` counts the objects seen at the parent position, ``present`` those that had
    the key, ``nulls`` the null values; ``kinds`` is a histogram of JSON kinds (``bool``,
    ``int``, ``float``, ``str``, ``object``, ``array``, ``null``); ``documents`` counts the
    distinct example bodies that contributed; ``samples`` holds a few distinct values as
    compact JSON, truncated. ``scripts`` are the JSON paths of the test scripts whose checks
    typed the field too (``item[2].event[0]``, ``generator.scripts.types``); a field only
    scripts speak of has no example counts.
    """

    parents: int
    present: int
    nulls: int
    kinds: tuple[tuple[str, int], ...]
    documents: int
    samples: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScalarType:
    """``bool``, ``int``, ``float`` or ``str``; strings may carry a format or open-enum cases.

    ``format`` is one of ``date-time``, ``date``, ``time``, ``uuid``, ``uri``, ``email``;
    ``enum`` lists the known cases of an open enum (any other string is still accepted).
    """

    kind: str
    format: str | None = None
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListType:
    """A JSON array whose items all have one (possibly union) type."""

    items: TypeExpr


@dataclass(frozen=True)
class TupleType:
    """A JSON array of fixed length whose positions have different types."""

    items: tuple[TypeExpr, ...]


@dataclass(frozen=True)
class MapType:
    """A JSON object used as a dictionary: open-ended keys, values of one type."""

    values: TypeExpr


@dataclass(frozen=True)
class FieldType:
    """One key of an object class; ``required`` and nullability are independent."""

    key: str
    type: TypeExpr
    required: bool
    evidence: FieldEvidence | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class ObjectType:
    """An object position typed as a class, before naming.

    ``hint`` is the naming context (the JSON key it sits under, singular for array items);
    ``paths`` are the JSON paths (``$.resource[].file``) it was inferred from.
    """

    fields: tuple[FieldType, ...]
    hint: str = field(default="", compare=False, hash=False)
    paths: tuple[str, ...] = field(default=(), compare=False, hash=False)
    name: str | None = field(default=None, compare=False, hash=False)  # fixed by an override


@dataclass(frozen=True)
class ClassRef:
    """A named model, after naming replaced the ObjectType it stands for."""

    name: str


@dataclass(frozen=True)
class TaggedUnion:
    """Objects discriminated by the string value of ``tag`` (``type``, ``kind``, ...).

    Each variant maps one tag value to its class; a value not listed is still accepted
    (the generated code falls back to a plain mapping).
    """

    tag: str
    variants: tuple[tuple[str, ObjectType | ClassRef], ...]


TypeVariant: TypeAlias = (
    ScalarType | ListType | TupleType | MapType | ObjectType | ClassRef | TaggedUnion
)


@dataclass(frozen=True)
class TypeExpr:
    """A union of variants, plus ``nullable``.

    No variants and not nullable: any JSON value (nothing was observed, e.g. the items of
    an always-empty array). No variants and nullable: only null was observed (``Any | None``).
    ``placeholder`` says the examples hold an OpenAPI-export placeholder (``"<integer>"``)
    here instead of a value of the type.
    """

    variants: tuple[TypeVariant, ...] = ()
    nullable: bool = False
    placeholder: bool = False

    @property
    def scalar(self) -> bool:
        """Whether every variant is a scalar: no object, array or map below."""
        return all(isinstance(variant, ScalarType) for variant in self.variants)


@dataclass(frozen=True)
class ModelField:
    """A field of a generated class: the JSON key and the Python attribute it becomes."""

    key: str
    name: str
    type: TypeExpr
    required: bool
    evidence: FieldEvidence | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Model:
    """A generated class; ``description`` says where it was seen (endpoint, status, paths)."""

    name: str
    fields: tuple[ModelField, ...]
    description: str = ""
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Override:
    """A user's correction of inference at one JSON path of a unit's bodies.

    ``path`` uses the notation of inference reports: ``$`` is the body, ``$.data`` a key,
    ``$.data[]`` the items of an array, ``$["odd key"]`` a key that is not an identifier.
    ``endpoint`` (``GET /users/{id}``) and ``status`` (``200``, ``4xx``, ``request``)
    restrict the rule; None applies it everywhere. Every other field left None changes
    nothing: ``kind`` is ``map`` or ``class``; ``enum`` forces an open enum with these
    cases (an empty tuple forbids one); ``type`` forces a scalar (``str``, ``int``,
    ``float``, ``bool``, ``any``, or a string format such as ``date-time``); ``name`` fixes
    the class name of the object at the path.
    """

    path: str
    endpoint: str | None = None
    status: str | None = None
    kind: str | None = None
    enum: tuple[str, ...] | None = None
    type: str | None = None
    name: str | None = None
    required: bool | None = None
    nullable: bool | None = None


@dataclass(frozen=True)
class BodyBinding:
    """Which type the bodies of one unit have: an endpoint's responses of one status, its
    error responses of one status, or its request bodies.

    ``endpoint`` is ``METHOD /path/{template}``; ``examples`` are the JSON paths of the
    saved examples (or requests) whose bodies the type was inferred from.
    """

    endpoint: str
    operation: str
    role: str  # "response", "error" or "request"
    status: int | None
    type: TypeExpr
    examples: tuple[str, ...]


@dataclass(frozen=True)
class ApiModels:
    """Everything inference and naming produced for a collection."""

    models: tuple[Model, ...]
    bindings: tuple[BodyBinding, ...]
    warnings: tuple[Diagnostic, ...] = ()

    def model(self, name: str) -> Model:
        """The model called ``name``."""
        for model in self.models:
            if model.name == name:
                return model
        raise KeyError(name)
