"""The runtime of a postc-generated client: models, HTTP calls, auth, retries and errors.

postc copies this file unchanged into every package it generates, as ``_runtime.py``. The
generated modules only declare things (model fields, endpoint calls, error tables); the work
is done here, once. It depends on httpx and the standard library only.

Sections: errors; models (``Model``, ``UNSET``, ``Tag``, ``load``, ``dump``, tolerant
parsing); calls (``Call``, ``ErrorTable``, ``RawResponse``); auth; retries; ``ClientCore``
and ``AsyncClientCore``; ``Resource`` bases and ``endpoint``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import warnings
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Generator,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    contextmanager,
)
from contextvars import ContextVar, Token
from dataclasses import KW_ONLY, MISSING, dataclass, field, fields
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property, lru_cache, partial, update_wrapper
from reprlib import recursive_repr
from time import monotonic
from time import sleep as _sleep
from types import NoneType, TracebackType, UnionType
from typing import (
    IO,
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Concatenate,
    Generic,
    Literal,
    ParamSpec,
    SupportsIndex,
    TypeAlias,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)
from uuid import UUID, SafeUUID

if TYPE_CHECKING:
    import httpx
    from httpx._client import UseClientDefault
    from typing_extensions import Self
else:

    class _Httpx:
        """httpx, imported when the runtime first uses it: ``import`` and ``Client()`` need
        none of it (40 ms), only a request does. Reading an attribute imports httpx and puts
        it in place of this object, so later reads are plain global lookups."""

        def __getattr__(self, name: str) -> Any:
            import httpx

            globals()["httpx"] = httpx
            return getattr(httpx, name)

    httpx = _Httpx()

# What generated modules and users import; generator/naming/runtime_names.py names the same
# (tests/test_runtime_names.py checks both against the definitions below).
__all__ = [
    "JSON",
    "NOT_GIVEN",
    "UNSET",
    "AbsentFieldError",
    "ApiConnectionError",
    "ApiError",
    "ApiKeyAuth",
    "ApiStatusError",
    "ApiTimeoutError",
    "AsyncClientCore",
    "AsyncStreamedResponse",
    "AuthenticationError",
    "BadRequestError",
    "BasicAuth",
    "BearerAuth",
    "Body",
    "Call",
    "ClientCore",
    "ClientCredentialsAuth",
    "ConflictError",
    "CoreT",
    "Deferred",
    "DigestAuth",
    "ErrorTable",
    "FileContent",
    "FileInput",
    "HeaderAuth",
    "Headers",
    "InternalServerError",
    "JsonValue",
    "LoginAuth",
    "Model",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "Query",
    "RateLimitError",
    "RawResponse",
    "RawView",
    "Resource",
    "ResponseShapeWarning",
    "RetryPolicy",
    "Scalar",
    "StreamedResponse",
    "StreamedView",
    "Tag",
    "UnprocessableEntityError",
    "Unset",
    "Url",
    "ValidationError",
    "Var",
    "async_raw",
    "async_streamed",
    "dump",
    "endpoint",
    "given_or_login",
    "indexed",
    "load",
    "raw",
    "setting",
    "streamed",
]

T = TypeVar("T")
C = TypeVar("C")  # a chunk of a streamed body: bytes or str
P = ParamSpec("P")
M = TypeVar("M", bound="Model")
R = TypeVar("R")


# --- Errors -------------------------------------------------------------------------------


class ApiError(Exception):
    """Base of every error the client raises."""


class ApiConnectionError(ApiError):
    """No response came back: DNS, refused or reset connection, TLS, too many redirects."""

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.request = request


class ApiTimeoutError(ApiConnectionError):
    """The request timed out (connect, read, write or pool)."""


class ApiStatusError(ApiError):
    """The server answered 4xx or 5xx.

    ``body`` is the error model when the call's error table knows one for this status, else the
    JSON, else the text; ``code`` is the error code found in the body, if the table names where.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        code: str | int | None = None,
    ) -> None:
        super().__init__(message)
        self.response = response
        self.request = response.request
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.code = code


class BadRequestError(ApiStatusError):
    """400."""


class AuthenticationError(ApiStatusError):
    """401."""


class PermissionDeniedError(ApiStatusError):
    """403."""


class NotFoundError(ApiStatusError):
    """404."""


class ConflictError(ApiStatusError):
    """409."""


class UnprocessableEntityError(ApiStatusError):
    """422."""


class RateLimitError(ApiStatusError):
    """429."""


class InternalServerError(ApiStatusError):
    """500 and above."""


_STATUS_ERRORS: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


class ValidationError(ApiError, ValueError):
    """JSON data that does not fit its declared type; ``path`` is where (``items[0].id``)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class AbsentFieldError(AttributeError):
    """Reading a required field whose key the response left out.

    Tolerant parsing (the default) keeps the object and leaves the field empty rather than
    failing the call; reading it raises this, naming the class, the field and the JSON key,
    and ``hasattr(model, field)`` is False.
    """


class ResponseShapeWarning(UserWarning):
    """A response whose shape differs from its model: a required key absent, or a value of
    another type (kept as received). Issued once per model class and JSON key per process;
    ``warnings.simplefilter("error", ResponseShapeWarning)`` makes every difference fail, as
    ``Client(strict=True)`` does with ``ValidationError``.
    """


# --- Models -------------------------------------------------------------------------------


class _Sentinel:
    """A false value that stands for an absence, one per class: copies and pickles of it
    stay the one instance (``__reduce__`` names the module global)."""

    __slots__ = ()
    _name: ClassVar[str]

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return self._name

    def __reduce__(self) -> str:
        return self._name


class Unset(_Sentinel):
    """The type of ``UNSET``: a key absent from the JSON object, which is not the same as null."""

    __slots__ = ()
    _name = "UNSET"


UNSET = Unset()


@dataclass(frozen=True, slots=True)
class Tag:
    """``Annotated[A | B | dict[str, Any], Tag("type")]``: choose the class by the value of the
    JSON key ``type``; a value no class declares falls back to the other members (a dict).
    """

    key: str


class _Extra(dict[str, Any]):
    """Unknown keys of a parsed object, plus its key order when that is not the declared one."""

    __slots__ = ("order",)
    order: tuple[str, ...]


class _Kept(_Extra):
    """``_Extra`` of an object read tolerantly: also the attributes holding a value as
    received, not as declared."""

    __slots__ = ("raw",)
    raw: frozenset[str]


@dataclass(slots=True, kw_only=True)
class Model:
    """Base of generated models: ``@dataclass(slots=True, kw_only=True)`` subclasses.

    Fields are read from the class annotations; the JSON key is the attribute name unless
    ``field(metadata={"json": "key"})`` says otherwise. A field with a default (``UNSET``) may
    be absent. ``to_dict(from_dict(x)) == x``: absent keys stay absent, nulls stay null,
    unknown keys are kept in ``_extra`` and dates, times and UUIDs keep their text.
    """

    _extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __init_subclass__(cls) -> None:
        """Give every model a repr and an equality that skip the empty slot of an absent key
        (the dataclass ones would read it): ``@dataclass`` keeps methods the class has, and
        ``slots=True`` re-creates the class from its ``__dict__``, with these in it. (No
        ``super()``: in a slots dataclass it names the class before its re-creation.)"""
        for name, method in (("__repr__", _model_repr), ("__eq__", _model_eq)):
            if name not in cls.__dict__:
                setattr(cls, name, method)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, strict: bool = False) -> Self:
        """Build the model from a decoded JSON object.

        A value that does not fit its field is kept as received, and a required key that is
        absent leaves its field empty (``AbsentFieldError`` when read), each difference
        reported once as a ``ResponseShapeWarning``; ``strict=True`` raises ValidationError
        instead. Data that is not an object raises ValidationError in both modes.
        """
        try:
            return _load(cls, data)
        except _MismatchError as exc:
            if strict or not isinstance(data, Mapping):
                raise exc.error() from None
        return _load_tolerant(cls, data)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: what ``from_dict`` read, with any changes made since."""
        plan = _PLANS.get(type(self)) or _plan(type(self))
        extra = self._extra
        if type(extra) is _Kept:  # read tolerantly
            return _dict_kept(self, plan, extra)
        out: dict[str, Any] = {}
        for name, key, write in plan.dumps:
            value = getattr(self, name)
            if value is not UNSET:
                out[key] = value if write is None else write(value)
        return _merge_extra(out, extra) if extra or type(extra) is _Extra else out


def _dict_kept(model: Model, plan: _Plan, extra: _Kept) -> dict[str, Any]:
    """``to_dict`` of an object read tolerantly: the values kept as received are written
    with ``dump``, since a field's own writer (a list copy, say) assumes its declared type,
    and an empty slot (an absent key) is left out."""
    raw = extra.raw
    out: dict[str, Any] = {}
    for name, key, write in plan.dumps:
        value = getattr(model, name, UNSET)
        if value is not UNSET:
            if name in raw:
                out[key] = dump(value)
            else:
                out[key] = value if write is None else write(value)
    return _merge_extra(out, extra)


# An object whose required keys were absent (tolerant parsing) is an instance of a subclass
# of its model made for that: same name, one more method, ``__getattr__``, which names the
# absent key. Only such objects pay for it: a class with ``__getattr__`` has every attribute
# read go through a slower lookup (twice as slow), which would cost every model.
_ABSENT_CLASSES: dict[type, type] = {}


def _with_absent_keys(cls: type[M]) -> type[M]:
    """The subclass of ``cls`` for objects with absent keys, made on first use."""
    made = _ABSENT_CLASSES.get(cls)
    if made is None:
        namespace = {
            "__slots__": (),
            "__qualname__": cls.__qualname__,
            "__module__": cls.__module__,
            "__getattr__": _absent_field,
            "__reduce_ex__": _absent_reduce,
        }
        made = _ABSENT_CLASSES[cls] = type(cls.__name__, (cls,), namespace)
        _PLANS[made] = _PLANS.get(cls) or _plan(cls)
    return cast("type[M]", made)


def _absent_field(self: Model, name: str) -> Any:
    """``__getattr__``, called when a lookup fails: for a field, its key was absent."""
    found = type(self).__dataclass_fields__.get(name)
    if found is None or name == "_extra":
        raise AttributeError(
            f"{type(self).__name__!r} object has no attribute {name!r}",
            name=name,
            obj=self,
        )
    key = found.metadata.get("json", name)
    raise AbsentFieldError(
        f"{type(self).__name__}.{name}: the key {json.dumps(key)} was absent in this"
        " response",
        name=name,
        obj=self,
    )


def _absent_reduce(self: Model, protocol: SupportsIndex) -> tuple[Any, ...]:
    """Copies and pickles name the model's own class (the subclass is not importable)."""
    state = {
        name: value
        for name in ("_extra", *(f.name for f in fields(self)))
        if (value := getattr(self, name, _ABSENT)) is not _ABSENT
    }
    return _revive_absent, (type(self).__mro__[1], state)


def _revive_absent(cls: type[Model], state: dict[str, Any]) -> Model:
    """An object with absent keys from its fields that were present (``_absent_reduce``)."""
    model = object.__new__(_with_absent_keys(cls))
    for name, value in state.items():
        object.__setattr__(model, name, value)
    return model


@recursive_repr()
def _model_repr(self: Model) -> str:
    """The dataclass repr, without the fields whose key was absent."""
    shown = []
    for name, shown_in_repr, _ in _fields_of(type(self)):
        value = getattr(self, name, _ABSENT) if shown_in_repr else _ABSENT
        if value is not _ABSENT:
            shown.append(f"{name}={value!r}")
    return f"{type(self).__qualname__}({', '.join(shown)})"


def _model_eq(self: Model, other: object) -> bool:
    """The dataclass equality (same class, compared fields equal), an empty slot equal only
    to an empty slot."""
    if other.__class__ is not self.__class__:
        return cast(bool, NotImplemented)  # typed Any, which mypy --strict refuses
    compared = [name for name, _, compare in _fields_of(type(self)) if compare]
    mine = tuple(getattr(self, name, _ABSENT) for name in compared)
    same: bool = mine == tuple(getattr(other, name, _ABSENT) for name in compared)
    return same


# The fields of a model class as (attribute, shown in repr, compared): read on first use
_FIELDS: dict[type, tuple[tuple[str, bool, bool], ...]] = {}


def _fields_of(cls: type[Model]) -> tuple[tuple[str, bool, bool], ...]:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple((f.name, f.repr, f.compare) for f in fields(cls))
    return found


def load(tp: type[T], data: Any, *, strict: bool = False) -> T:
    """Decoded JSON as ``tp``: a Model, ``list[Pet]``, ``dict[str, Any]``, ``int | str``...

    Nothing is coerced: ``"5"`` is not an int and ``true`` is not a number. What does not
    fit is kept as received and reported once as a ``ResponseShapeWarning`` (see
    ``Model.from_dict``); ``strict=True`` raises ValidationError instead.
    """
    conv = _converter(tp)
    if type(data) in conv.fast:
        return cast(T, data)
    try:
        return cast(T, conv.load(data))
    except _MismatchError as exc:
        if strict:
            raise exc.error() from None
        problem = exc
    return cast(T, _lenient(conv, data, partial(_report, None, conv.name), problem))


def dump(value: Any) -> Any:
    """JSON data for a value: models, parsed formats, containers; JSON scalars as they are."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        return {key: dump(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [dump(item) for item in value]
    if isinstance(value, Model):
        return value.to_dict()
    # a format value parsed from JSON: its original text
    text = getattr(value, "_text", None)
    if text is not None:
        return text
    if isinstance(value, datetime | time):
        iso = value.isoformat()
        return iso[:-6] + "Z" if iso.endswith("+00:00") else iso
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, Mapping):
        return {key: dump(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [dump(item) for item in value]
    raise TypeError(f"{type(value).__name__} is not JSON data")


class _MismatchError(Exception):
    """A value that does not fit its type; the JSON path is added on the way out."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.path: list[str | int] = []  # innermost first

    def at(self, where: str | int) -> _MismatchError:
        self.path.append(where)
        return self

    def error(self) -> ValidationError:
        return ValidationError(self.message, _path_text(reversed(self.path)))


_KINDS = {
    dict: "object",
    list: "array",
    str: "str",
    int: "int",
    float: "float",
    bool: "bool",
}


def _wrong_type(expected: str, value: Any) -> _MismatchError:
    got = "null" if value is None else _KINDS.get(type(value), type(value).__name__)
    return _MismatchError(f"expected {expected}, got {got}")


def _wrong_value(expected: str, value: Any) -> _MismatchError:
    text = repr(value)
    return _MismatchError(
        f"expected {expected}, got {text if len(text) <= 60 else text[:57] + '...'}"
    )


def _path_text(segments: Any) -> str:
    out = ""
    for segment in segments:
        if isinstance(segment, int):
            out += f"[{segment}]"
        elif segment.isidentifier():
            out += f".{segment}" if out else segment
        else:
            out += f"[{json.dumps(segment, ensure_ascii=False)}]"
    return out


@dataclass(frozen=True, slots=True)
class _Conv:
    """How to read one annotated type from JSON data.

    Values whose exact type is in ``fast`` are taken as they are; others go through ``load``,
    which converts them or raises _MismatchError. ``inputs`` are the JSON types ``load`` may
    accept; ``converts`` says whether it can return something else than its input (a union
    must then try it before a later member takes the value as it is). ``write`` gives the
    JSON back (None: the value is JSON already). ``lenient`` (tolerant parsing) reads a
    value ``load`` refused as far as it fits, keeping the rest as received: a list its
    elements one by one, a model its fields; None keeps the whole value as received.
    """

    name: str
    fast: frozenset[type]
    inputs: frozenset[type]
    load: Callable[[Any], Any]
    converts: bool = True
    write: Callable[[Any], Any] | None = dump
    lenient: _Lenient | None = None


# Tolerant parsing: what the strict load refuses is read by ``_Conv.lenient``, which never
# raises. A difference goes to a ``_Note`` (the field of the nearest model, or the body),
# which reports it; a nested model reports its own fields.
_Note: TypeAlias = "Callable[[_MismatchError], None]"
# (the value, where its differences go, the strict load's objection) -> the value as read
_Lenient: TypeAlias = "Callable[[Any, _Note, _MismatchError], Any]"


def _lenient(conv: _Conv, value: Any, note: _Note, problem: _MismatchError) -> Any:
    """``value``, which the strict load of ``conv`` refused (``problem``), as far as it fits."""
    if conv.lenient is None:
        note(problem)
        return value
    return conv.lenient(value, note, problem)


def _tolerant(conv: _Conv, value: Any, note: _Note) -> Any:
    """``value`` read strictly when it fits (the fast path), else leniently."""
    if type(value) in conv.fast:
        return value
    try:
        return conv.load(value)
    except _MismatchError as exc:
        return _lenient(conv, value, note, exc)


def _noted_at(note: _Note, where: str | int, problem: _MismatchError) -> None:
    note(problem.at(where))


# (model class or None for a whole body, JSON key or type name) reported so far
_REPORTED: set[tuple[Any, str]] = set()


def _report(cls: type[Model] | None, key: str, problem: _MismatchError) -> None:
    """Warn of a difference once per model class and key (per type, for a whole body).

    The pair is remembered only once the warning is issued: under a filter that turns
    ``ResponseShapeWarning`` into an error, every parse that differs raises."""
    if (cls, key) in _REPORTED:
        return
    if cls is None:
        owner, path = f"a body read as {key}", _path_text(reversed(problem.path))
    else:
        owner, path = cls.__name__, _path_text([key, *reversed(problem.path)])
    kept = "" if isinstance(problem, _AbsentKeyError) else "; kept as received"
    message = f"{owner}: {path + ': ' if path else ''}{problem.message}{kept}"
    warnings.warn(message, ResponseShapeWarning, stacklevel=_outside())
    _REPORTED.add((cls, key))


# The generated package's folder (a module's ``__file__`` is absolute): a warning points at
# the caller's code outside it. Found with os.path: pathlib would add its imports to the
# client's.
_PACKAGE = os.path.split(__file__)[0] + os.sep


def _outside() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside the package
    (the user's call of a method or of ``from_dict``, not the runtime or a resource)."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


class _AbsentKeyError(_MismatchError):
    """A required key the object lacks (tolerant parsing: its field is left empty)."""

    def __init__(self, cls: type[Model], attribute: str) -> None:
        super().__init__(
            f"absent in this response (reading {cls.__name__}.{attribute} raises"
            " AbsentFieldError)"
        )


def _scalar(name: str, *types: type) -> _Conv:
    def load(value: Any) -> Any:
        raise _wrong_type(name, value)

    return _Conv(
        name, frozenset(types), frozenset(types), load, converts=False, write=None
    )


_JSON_TYPES: frozenset[type] = frozenset({dict, list, str, int, float, bool, NoneType})
_ANY = _Conv("any", _JSON_TYPES, _JSON_TYPES, lambda value: value, converts=False)

# The formats: parsed values remember their text, so that an unchanged value is written back
# exactly as received. They are immutable, so the text stays true; a value derived from one
# (``+ timedelta``, ``replace()``) or assigned by the user is a plain one and written as ISO.


class _Lexical:
    __slots__ = ()
    _text: str
    _repr_name: ClassVar[str]

    def __repr__(self) -> str:
        text = super().__repr__()
        return self._repr_name + text[text.index("(") :]

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """Copies and pickles parse the text again, so they keep it too."""
        # unset on a value derived from a parsed one
        text = getattr(self, "_text", None)
        if text is None:
            return super().__reduce_ex__(protocol)
        return _PARSERS[type(self)], (text,)


class _DateTime(_Lexical, datetime):
    __slots__ = ("_text",)
    _repr_name = "datetime.datetime"


class _Date(_Lexical, date):
    __slots__ = ("_text",)
    _repr_name = "datetime.date"


class _Time(_Lexical, time):
    __slots__ = ("_text",)
    _repr_name = "datetime.time"


class _Uuid(_Lexical, UUID):
    __slots__ = ("_text",)
    _repr_name = "UUID"


_DIGITS = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_CLOCK = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})?"
_DATETIME_RE = re.compile(_DIGITS + "[Tt ]" + _CLOCK)
_DATE_RE = re.compile(_DIGITS)
_TIME_RE = re.compile(_CLOCK)
_UUID_RE = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def _zone(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text in "Zz":
        return timezone.utc
    return _offset(text)


@lru_cache(maxsize=256)  # a few offsets recur; building a timezone is most of a parse
def _offset(text: str) -> timezone:
    offset = timedelta(hours=int(text[1:3]), minutes=int(text[4:6]))
    return timezone(-offset if text[0] == "-" else offset)


def _micro(fraction: str | None) -> int:
    return int(fraction[:6].ljust(6, "0")) if fraction else 0


def _match(pattern: re.Pattern[str], text: str) -> tuple[Any, ...]:
    match = pattern.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return match.groups()


def _parse_datetime(text: str) -> datetime:
    y, mo, d, h, mi, s, fraction, zone = _match(_DATETIME_RE, text)
    value = _DateTime(
        int(y), int(mo), int(d), int(h), int(mi), int(s), _micro(fraction), _zone(zone)
    )
    value._text = text
    return value


def _parse_date(text: str) -> date:
    y, mo, d = _match(_DATE_RE, text)
    value = _Date(int(y), int(mo), int(d))
    value._text = text
    return value


def _parse_time(text: str) -> time:
    h, mi, s, fraction, zone = _match(_TIME_RE, text)
    value = _Time(int(h), int(mi), int(s), _micro(fraction), _zone(zone))
    value._text = text
    return value


# read once: an enum member is looked up through a descriptor
_UNKNOWN_SAFETY = SafeUUID.unknown


def _parse_uuid(text: str) -> UUID:
    _match(_UUID_RE, text)
    # UUID(text) would check and clean the text again: set its two documented attributes
    # (UUID forbids plain attribute assignment)
    value = object.__new__(_Uuid)
    object.__setattr__(value, "int", int(text.replace("-", ""), 16))
    object.__setattr__(value, "is_safe", _UNKNOWN_SAFETY)
    object.__setattr__(value, "_text", text)
    return value


def _format(name: str, parse: Callable[[str], Any]) -> _Conv:
    def load(value: Any) -> Any:
        if type(value) is not str:
            raise _wrong_type(f"{name} string", value)
        try:
            return parse(value)
        except ValueError:  # no match, or out of range (month 13)
            raise _wrong_value(name, value) from None

    return _Conv(name, frozenset(), frozenset({str}), load)


# Converters of the leaf types; composite ones are built once per type and cached in
# _CONVERTERS (see _cache_key).
_PARSERS: dict[type, Callable[[str], Any]] = {
    _DateTime: _parse_datetime,
    _Date: _parse_date,
    _Time: _parse_time,
    _Uuid: _parse_uuid,
}

_LEAVES: dict[Any, _Conv] = {
    str: _scalar("str", str),
    int: _scalar("int", int),
    float: _scalar("number", int, float),
    bool: _scalar("bool", bool),
    NoneType: _scalar("null", NoneType),
    Any: _ANY,
    object: _ANY,
    datetime: _format("date-time", _parse_datetime),
    date: _format("date", _parse_date),
    time: _format("time", _parse_time),
    UUID: _format("uuid", _parse_uuid),
}


_CONVERTERS: dict[Any, _Conv] = {}


def _cache_key(tp: Any) -> Any:
    """``tp`` with its arguments spelled out in order: ``int | str`` and ``str | int`` (and
    ``Literal[1]``, ``Literal[True]``) compare equal but convert differently."""
    args = get_args(tp)
    if not args:
        return tp
    return (tp, *[(type(arg), _cache_key(arg)) for arg in args])


def _converter(tp: Any) -> _Conv:
    """The converter of ``tp``, built on its first use and then cached."""
    try:
        # a class seen before (only argument-less types are keys as they are)
        conv = _CONVERTERS.get(tp)
        if conv is not None:
            return conv
        key = _cache_key(tp)
        conv = _CONVERTERS.get(key)
    except TypeError:  # unhashable, e.g. Annotated with a dict in its metadata
        return _build_converter(tp)
    if conv is None:
        conv = _CONVERTERS[key] = _build_converter(tp)
    return conv


def _build_converter(tp: Any) -> _Conv:
    try:
        leaf = _LEAVES.get(tp)
    except TypeError:  # unhashable
        leaf = None
    if leaf is not None:
        return leaf
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        tag = next((meta for meta in args[1:] if isinstance(meta, Tag)), None)
        return _converter(args[0]) if tag is None else _tagged(args[0], tag.key)
    if origin is Union or origin is UnionType:
        members = [_converter(arg) for arg in args if arg is not Unset]
        return _ANY if _ANY in members else _union(members)
    if origin is Literal:
        return _literal(args)
    if origin is list or tp is list:
        return _list(_converter(args[0] if args else Any))
    if origin is dict or tp is dict:
        return _dict(_converter(args[1] if args else Any))
    if origin is tuple:
        return _tuple([_converter(arg) for arg in args])
    if isinstance(tp, type) and issubclass(tp, Model):
        return _Conv(
            tp.__name__,
            frozenset(),
            frozenset({dict}),
            partial(_load, tp),
            lenient=partial(_model_lenient, tp),
        )
    raise TypeError(f"unsupported type in a model: {tp!r}")


def _model_lenient(
    cls: type[Model], value: Any, note: _Note, problem: _MismatchError
) -> Any:
    """An object read as ``cls`` field by field; anything else kept as received."""
    if isinstance(value, Mapping):
        return _load_tolerant(cls, value)
    note(problem)
    return value


def _item(conv: _Conv, value: Any, where: str | int) -> Any:
    if type(value) in conv.fast:
        return value
    try:
        return conv.load(value)
    except _MismatchError as exc:
        raise exc.at(where) from None


def _list(item: _Conv) -> _Conv:
    fast, convert = item.fast, item.load

    def keep_or_convert(element: Any) -> Any:
        return element if type(element) in fast else convert(element)

    each = keep_or_convert if fast else convert

    def load(value: Any) -> Any:
        if type(value) is not list and not isinstance(value, list | tuple):
            raise _wrong_type(name, value)
        if fast and fast.issuperset(map(type, value)):  # a list of JSON scalars, say
            return list(value)
        # Objects, say: each converted once. ``extend`` keeps the elements converted before
        # a failure, so their count is the failed one's index, for the path (converting it
        # again to find it would double the work per level of nesting).
        out: list[Any] = []
        try:
            out.extend(map(each, value))
        except _MismatchError as exc:
            raise exc.at(len(out)) from None
        return out

    def lenient(value: Any, note: _Note, problem: _MismatchError) -> Any:
        if not isinstance(value, list | tuple):
            note(problem)
            return value
        return [
            _tolerant(item, element, partial(_noted_at, note, i))
            for i, element in enumerate(value)
        ]

    name = f"list[{item.name}]"
    return _Conv(
        name,
        frozenset(),
        frozenset({list, tuple}),
        load,
        write=_shallow(item, list),
        lenient=lenient,
    )


def _dict(item: _Conv) -> _Conv:
    fast = item.fast

    def load(value: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _wrong_type(name, value)
        if fast and fast.issuperset(map(type, value.values())):
            return dict(value)
        return {key: _item(item, element, key) for key, element in value.items()}

    def lenient(value: Any, note: _Note, problem: _MismatchError) -> Any:
        if not isinstance(value, Mapping):
            note(problem)
            return value
        return {
            key: _tolerant(item, element, partial(_noted_at, note, key))
            for key, element in value.items()
        }

    name = f"dict[str, {item.name}]"
    return _Conv(
        name,
        frozenset(),
        frozenset({dict}),
        load,
        write=_shallow(item, dict),
        lenient=lenient,
    )


def _shallow(item: _Conv, copy: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A container of values that are JSON already is written as a copy; else element-wise."""
    return copy if item.write is None else dump


def _tuple(items: list[_Conv]) -> _Conv:
    name = f"tuple[{', '.join(item.name for item in items)}]"

    def load(value: Any) -> Any:
        if not isinstance(value, list | tuple) or len(value) != len(items):
            raise _wrong_type(f"{name} (an array of {len(items)})", value)
        return tuple(
            _item(conv, element, i)
            for i, (conv, element) in enumerate(zip(items, value, strict=True))
        )

    def lenient(value: Any, note: _Note, problem: _MismatchError) -> Any:
        if not isinstance(value, list | tuple) or len(value) != len(items):
            note(problem)
            return value
        return tuple(
            _tolerant(conv, element, partial(_noted_at, note, i))
            for i, (conv, element) in enumerate(zip(items, value, strict=True))
        )

    return _Conv(name, frozenset(), frozenset({list, tuple}), load, lenient=lenient)


def _literal(values: tuple[Any, ...]) -> _Conv:
    allowed = {(type(value), value) for value in values}
    kinds = frozenset(type(value) for value in values)
    name = " | ".join(json.dumps(value) for value in values)

    def load(value: Any) -> Any:
        if type(value) in kinds and (type(value), value) in allowed:
            return value
        raise _wrong_value(name, value)

    return _Conv(name, frozenset(), kinds, load, converts=False, write=None)


def _union(members: list[_Conv]) -> _Conv:
    if len(members) == 1:
        return members[0]
    fast: set[type] = set()
    # JSON types an earlier, converting member must see first
    claimed: set[type] = set()
    for member in members:
        fast |= member.fast - claimed
        if member.converts:
            claimed |= member.inputs
    name = " | ".join(member.name for member in members)

    def load(value: Any) -> Any:
        kind = type(value)
        failures = []
        for member in members:
            if kind in member.fast:
                return value
            if kind in member.inputs:
                try:
                    return member.load(value)
                except _MismatchError as exc:
                    failures.append(exc)
        # One candidate: its own message is the precise one (a model's field, say).
        raise failures[0] if len(failures) == 1 else _wrong_type(name, value)

    def lenient(value: Any, note: _Note, problem: _MismatchError) -> Any:
        """No member fits (each was tried strictly): the first that takes the JSON type
        reads it leniently; with none, it is kept as received."""
        kind = type(value)
        for member in members:
            if kind in member.inputs:
                return _lenient(member, value, note, problem)
        note(problem)
        return value

    return _Conv(
        name,
        frozenset(fast),
        frozenset().union(*(member.inputs for member in members)),
        load,
        converts=any(member.converts for member in members),
        write=None if all(member.write is None for member in members) else dump,
        lenient=lenient,
    )


def _tagged(union: Any, key: str) -> _Conv:
    classes: dict[str, type[Model]] = {}
    others: list[_Conv] = []
    for member in get_args(union) or (union,):
        if isinstance(member, type) and issubclass(member, Model):
            classes.update(dict.fromkeys(_tag_values(member, key), member))
        elif member is not Unset:
            others.append(_converter(member))
    fallback = _union(others) if others else None
    expected = " | ".join(json.dumps(value) for value in classes)

    def load(value: Any) -> Any:
        if type(value) is dict:
            tag = value.get(key)
            cls = classes.get(tag) if type(tag) is str else None
            if cls is not None:
                return _load(cls, value)
        if fallback is None:
            if type(value) is dict:
                raise _wrong_value(expected, value.get(key)).at(key)
            raise _wrong_type("object", value)
        return value if type(value) in fallback.fast else fallback.load(value)

    def lenient(value: Any, note: _Note, problem: _MismatchError) -> Any:
        """The class the tag names, read leniently; else the other members, else as is."""
        if type(value) is dict:
            tag = value.get(key)
            cls = classes.get(tag) if type(tag) is str else None
            if cls is not None:
                return _load_tolerant(cls, value)
        if fallback is not None and type(value) in fallback.inputs | fallback.fast:
            return _tolerant(fallback, value, note)
        note(problem)
        return value

    name = " | ".join(
        [*(cls.__name__ for cls in classes.values()), *(o.name for o in others)]
    )
    return _Conv(
        name,
        frozenset(),
        frozenset({dict}) | (fallback.inputs if fallback else set()),
        load,
        lenient=lenient,
    )


def _tag_values(cls: type[Model], key: str) -> tuple[str, ...]:
    """The tag values of a union member: its ``__tag__``, else its ``Literal`` field ``key``."""
    declared = getattr(cls, "__tag__", None)
    if declared is not None:
        return (declared,) if isinstance(declared, str) else tuple(declared)
    hints = get_type_hints(cls)
    for f in fields(cls):
        if (
            f.metadata.get("json", f.name) == key
            and get_origin(hints[f.name]) is Literal
        ):
            return get_args(hints[f.name])
    raise TypeError(
        f"{cls.__name__} declares neither __tag__ nor a Literal field {key!r}"
    )


@dataclass(frozen=True, slots=True)
class _Plan:
    """A model class, read once: (attribute, JSON key, required, fast types, load) per field."""

    loads: tuple[tuple[str, str, bool, frozenset[type], Callable[[Any], Any]], ...]
    dumps: tuple[tuple[str, str, Callable[[Any], Any] | None], ...]
    order: tuple[str, ...]  # the JSON keys, as declared
    keys: frozenset[str]
    # JSON key -> (declared position, attribute, fast types, load)
    index: dict[str, tuple[int, str, frozenset[type], Callable[[Any], Any]]]
    required: frozenset[str]  # the attributes of the required fields
    size: int  # how many fields
    convs: tuple[_Conv, ...]  # per field, as ``loads``: for tolerant parsing


_PLANS: dict[type, _Plan] = {}
_ABSENT: Any = object()


def _plan(cls: type[Model]) -> _Plan:
    """Resolve the annotations of ``cls``, on first use: by then its module has every name."""
    try:
        hints = get_type_hints(cls, include_extras=True)
    except NameError as exc:
        raise TypeError(
            f"{cls.__qualname__}: {exc}; import it at module level"
        ) from None
    loads, dumps, convs = [], [], []
    for f in fields(cls):
        if f.name == "_extra":
            continue
        conv = _converter(hints[f.name])
        key = f.metadata.get("json", f.name)
        required = f.default is MISSING and f.default_factory is MISSING
        loads.append((f.name, key, required, conv.fast, conv.load))
        dumps.append((f.name, key, conv.write))
        convs.append(conv)
    order = tuple(key for _, key, _ in dumps)
    index = {
        key: (at, name, fast, load)
        for at, (name, key, _, fast, load) in enumerate(loads)
    }
    if len(index) < len(loads):  # two fields read one key: only the general path
        index = {}
    plan = _PLANS[cls] = _Plan(
        tuple(loads),
        tuple(dumps),
        order,
        frozenset(order),
        index,
        frozenset(name for name, _, required, _, _ in loads if required),
        len(loads),
        tuple(convs),
    )
    return plan


def _load(cls: type[M], data: Any) -> M:
    if type(data) is not dict:
        if not isinstance(data, Mapping):
            raise _wrong_type(f"object ({cls.__name__})", data)
        data = dict(data)
    plan = _PLANS.get(cls) or _plan(cls)
    # The common case: only declared keys (in any order, absent optional ones skipped).
    # One pass over the input; anything else takes the general path below.
    kwargs: dict[str, Any] = {}
    index = plan.index
    last = -1  # the declared position of the previous key
    shuffled = False
    for key, value in data.items():
        try:
            at, name, fast, convert = index[key]
        except KeyError:  # an unknown key
            break
        if at < last:
            shuffled = True
        last = at
        if type(value) not in fast:
            try:
                value = convert(value)
            except _MismatchError as exc:  # the general path reports it, in order
                return _load_general(cls, plan, data, kwargs, (name, exc))
        kwargs[name] = value
    else:
        if len(kwargs) == plan.size or plan.required <= kwargs.keys():
            if shuffled:  # keep the order received, for to_dict
                extra = kwargs["_extra"] = _Extra()
                extra.order = tuple(data)
            return cls(**kwargs)
    return _load_general(cls, plan, data, kwargs)


def _load_general(
    cls: type[M],
    plan: _Plan,
    data: dict[str, Any],
    done: dict[str, Any],
    failed: tuple[str, _MismatchError] | None = None,
) -> M:
    """Keys in any order, unknown keys, missing ones: ``_extra`` keeps what is needed.

    ``done`` has the fields the fast path converted already (by attribute name), ``failed``
    the one it could not, with its error: not converted again, which would double the work
    per level of nesting."""
    kwargs: dict[str, Any] = {}
    for name, key, required, fast, convert in plan.loads:
        value = done.get(name, _ABSENT)
        if value is not _ABSENT:
            kwargs[name] = value
            continue
        if failed is not None and failed[0] == name:
            raise failed[1].at(key)
        value = data.get(key, _ABSENT)
        if value is _ABSENT:
            if required:
                raise _MismatchError("required key is missing").at(key)
            continue
        if type(value) not in fast:
            try:
                value = convert(value)
            except _MismatchError as exc:
                raise exc.at(key) from None
        kwargs[name] = value
    received = tuple(data)
    if received != plan.order and (  # unknown keys, or known ones in another order
        len(received) > len(kwargs)
        or received != tuple(k for k in plan.order if k in data)
    ):
        extra = kwargs["_extra"] = _Extra(
            (k, v) for k, v in data.items() if k not in plan.keys
        )
        extra.order = received
    return cls(**kwargs)


def _load_tolerant(cls: type[M], data: Mapping[str, Any]) -> M:
    """An object the strict load refused, read field by field: a value that does not fit is
    kept as received (and written back by ``dump``), a required key that is absent leaves
    its slot empty, and each difference is reported once per class and key."""
    plan = _PLANS.get(cls) or _plan(cls)
    kwargs: dict[str, Any] = {}
    absent, raw = [], []
    for (name, key, required, fast, convert), conv in zip(
        plan.loads, plan.convs, strict=True
    ):
        value = data.get(key, _ABSENT)
        if value is _ABSENT:
            if required:
                absent.append(name)
                # emptied below: __init__ wants every required field
                kwargs[name] = None
                _report(cls, key, _AbsentKeyError(cls, name))
            continue
        if type(value) not in fast:
            try:
                value = convert(value)
            except _MismatchError as exc:
                value = _lenient(conv, value, partial(_report, cls, key), exc)
                raw.append(name)
        kwargs[name] = value
    extra = kwargs["_extra"] = _Kept(
        (k, v) for k, v in data.items() if k not in plan.keys
    )
    extra.order, extra.raw = tuple(data), frozenset(raw)
    if not absent:
        return cls(**kwargs)
    model = _with_absent_keys(cls)(**kwargs)
    for name in absent:
        object.__delattr__(model, name)
    return model


def _merge_extra(known: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Known fields and unknown keys, in the order they were received as far as it is known."""
    merged: dict[str, Any] = {}
    for key in (*getattr(extra, "order", ()), *known, *extra):
        if key not in merged:
            if key in known:
                merged[key] = known[key]
            elif key in extra:
                merged[key] = dump(extra[key])
    return merged


# --- Calls --------------------------------------------------------------------------------

Scalar: TypeAlias = str | int | float | bool
FileContent: TypeAlias = bytes | IO[bytes]
FileInput: TypeAlias = (
    bytes
    | IO[bytes]
    | os.PathLike[str]
    | tuple[str, FileContent]
    | tuple[str, FileContent, str]
)
# A response body decoded without a model: an object or array as parsed (its members are
# Any, so one isinstance check narrows the body and the rest reads freely), a scalar, the
# text of a text body, or None for an empty one. Narrower than Any, which would let a
# caller index a string unchecked; kinder than a recursive alias, which would need a check
# at every level.
JsonValue: TypeAlias = dict[str, Any] | list[Any] | str | int | float | bool | None
# ``Call(returns=JSON)``: the alias as the class ``returns`` takes (mypy needs one)
JSON = cast("type[JsonValue]", JsonValue)
# Per-call options of endpoint methods: headers (None removes one, the client's own too),
# query pairs (None removes a key) and members merged into a JSON object or form body
Headers: TypeAlias = Mapping[str, str | None]
Query: TypeAlias = Mapping[str, Scalar | Sequence[Scalar] | None]
Body: TypeAlias = Mapping[str, Any]


class NotGiven(_Sentinel):
    """The default of an option whose None means something (``timeout=None``: no timeout)."""

    __slots__ = ()
    _name = "NOT_GIVEN"


NOT_GIVEN = NotGiven()


@dataclass(frozen=True, slots=True)
class ErrorTable:
    """How a call's error responses map to body models and exception classes.

    ``models``: status -> body type. ``classes``: status, or (status, error code), ->
    exception class; the code is read from the body at ``code_field`` (dotted for nested
    objects: ``error.code``) and a (status, code) entry wins over the status alone.
    """

    models: Mapping[int, Any] = field(default_factory=dict)
    classes: Mapping[int | tuple[int, str | int], type[ApiStatusError]] = field(
        default_factory=dict
    )
    code_field: str = "code"


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One HTTP call, as an endpoint method declares it.

    ``url`` is a path relative to the base URL (or an absolute URL) with ``{name}``
    placeholders filled from ``path``, each value percent-encoded as one segment. ``query``,
    ``headers`` and ``form`` values are str, int, float or bool (written ``true``/``false``)
    and None means "leave out"; a list value in ``query`` or ``form`` repeats the key. The
    body is ``json`` (a Model or JSON data), ``form`` (urlencoded; multipart with ``files``
    or ``multipart``), or ``content`` (str or bytes; say the Content-Type in ``headers``).
    ``returns`` is what the body is parsed as: a Model, a type such as ``list[Pet]``, ``str``
    (text), ``bytes``, ``JSON`` (by content type: see ``_json_value``) or ``NoneType``
    (body ignored). ``extra_headers``, ``extra_query`` and ``extra_body`` are the caller's
    additions, merged last (``extra_body`` into a JSON object or a form). ``auth`` True
    uses the client's default auth scheme, a name one of its other schemes, False none
    (the httpx client's own auth stays); ``base`` names the host
    the call goes to ("" the client's base URL); ``retry`` None retries idempotent methods
    only; ``timeout`` NOT_GIVEN is the client's, None none.
    """

    method: str
    url: str
    _: KW_ONLY
    returns: type[T]
    path: Mapping[str, Scalar] | None = None
    query: Mapping[str, Scalar | Sequence[Scalar] | None] | None = None
    headers: Mapping[str, Scalar | None] | None = None
    json: Any = None
    form: Mapping[str, Scalar | Sequence[Scalar] | None] | None = None
    files: Mapping[str, FileInput | list[FileInput] | None] | None = None
    multipart: bool = False
    content: str | bytes | None = None
    errors: ErrorTable | None = None
    auth: bool | str = True
    base: str = ""
    retry: bool | None = None
    timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN
    extra_headers: Headers | None = None
    extra_query: Query | None = None
    extra_body: Body | None = None


class _Response(Generic[T]):
    __slots__ = ("_returns", "_strict", "http")

    def __init__(
        self, http: httpx.Response, returns: type[T], strict: bool = False
    ) -> None:
        self.http = http
        self._returns = returns
        self._strict = strict  # the client's: parse() raises on a shape difference

    @property
    def status_code(self) -> int:
        return self.http.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http.headers


class RawResponse(_Response[T]):
    """A response as received, for its status and headers; ``parse()`` gives the typed body."""

    __slots__ = ()

    def parse(self) -> T:
        """The body as the call's ``returns`` type, read as the client reads it (tolerant,
        or ValidationError where it does not fit with ``strict=True``)."""
        return cast(T, _decode(self.http, self._returns, self._strict))


class StreamedResponse(RawResponse[T]):
    """A response whose body is read only as the caller asks: iterate it, or ``read()`` or
    ``parse()`` it whole. ``with_streaming_response`` closes it on leaving the block."""

    __slots__ = ()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return _guarded(self.http.iter_bytes(chunk_size), self.http.request)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return _guarded(self.http.iter_text(chunk_size), self.http.request)

    def iter_lines(self) -> Iterator[str]:
        return _guarded(self.http.iter_lines(), self.http.request)

    def read(self) -> bytes:
        """The whole body (read once, then kept)."""
        try:
            return self.http.read()
        except httpx.RequestError as exc:
            raise _connection_error(exc, self.http.request) from exc

    def parse(self) -> T:
        self.read()
        return super().parse()

    def close(self) -> None:
        self.http.close()


class AsyncStreamedResponse(_Response[T]):
    """``StreamedResponse`` for the ``AsyncClient``: ``aiter_*`` and awaited ``read()``,
    ``parse()``; ``with_streaming_response`` (``async with``) closes it."""

    __slots__ = ()

    def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return _aguarded(self.http.aiter_bytes(chunk_size), self.http.request)

    def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return _aguarded(self.http.aiter_text(chunk_size), self.http.request)

    def aiter_lines(self) -> AsyncIterator[str]:
        return _aguarded(self.http.aiter_lines(), self.http.request)

    async def read(self) -> bytes:
        """The whole body (read once, then kept)."""
        try:
            return await self.http.aread()
        except httpx.RequestError as exc:
            raise _connection_error(exc, self.http.request) from exc

    async def parse(self) -> T:
        """The body as the call's ``returns`` type (see ``RawResponse.parse``)."""
        await self.read()
        return cast(T, _decode(self.http, self._returns, self._strict))

    async def close(self) -> None:
        await self.http.aclose()


def _guarded(chunks: Iterator[C], request: httpx.Request) -> Iterator[C]:
    """The chunks of a body, a transport failure raised as the runtime's own error."""
    try:
        yield from chunks
    except httpx.RequestError as exc:
        raise _connection_error(exc, request) from exc


async def _aguarded(
    chunks: AsyncIterator[C], request: httpx.Request
) -> AsyncIterator[C]:
    try:
        async for chunk in chunks:
            yield chunk
    except httpx.RequestError as exc:
        raise _connection_error(exc, request) from exc


def _decode(http: httpx.Response, returns: Any, strict: bool = False) -> Any:
    """The body as ``returns``: None (ignored), bytes, text, JSON by content type, or JSON
    read as a type (``load``: tolerant, or ValidationError where it differs if ``strict``).
    A body that is not JSON at all raises ValidationError in both modes."""
    if returns is NoneType:
        return None
    if returns is bytes or returns is str:
        return http.content if returns is bytes else http.text
    if returns is JsonValue:
        return _json_value(http)
    try:
        data = json.loads(http.content) if http.content else None
    except ValueError as exc:
        raise ValidationError(f"the response body is not JSON ({exc})") from None
    return load(cast(type[Any], returns), data, strict=strict)


def _json_value(http: httpx.Response) -> JsonValue:
    """A body without a model, by its Content-Type: JSON parsed, text as text, empty None.

    A text type whose body is a JSON object or array (a server that labels its JSON
    ``text/html``) is parsed; a body without a Content-Type is JSON if it parses, else
    UTF-8 text. Any other type (images, archives, octet streams) is no JSON value: it
    raises, naming the ways to read it as bytes, rather than being mangled into text.
    """
    content = http.content
    if not content.strip():
        return None
    kind = http.headers.get("content-type", "").partition(";")[0].strip().lower()
    if _is_json_type(kind):
        try:
            return cast(JsonValue, json.loads(content))
        except ValueError as exc:
            raise ValidationError(f"the response body is not JSON ({exc})") from None
    if not kind or (_is_text_type(kind) and content.lstrip()[:1] in (b"{", b"[")):
        try:
            return cast(JsonValue, json.loads(content))
        except ValueError:
            pass
    if _is_text_type(kind):
        return http.text
    if not kind:
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            kind = "binary data without a Content-Type"
    request = http.request
    raise ValidationError(
        f"{request.method} {request.url.path} answered {kind}, neither JSON nor text:"
        " read it with the method's with_raw_response or with_streaming_response variant"
    )


_TEXT_SUBTYPES = frozenset(
    {
        "xml",
        "javascript",
        "ecmascript",
        "x-www-form-urlencoded",
        "yaml",
        "x-yaml",
        "csv",
    }
    | {"graphql", "x-ndjson", "ndjson", "sql", "x-sh"}
)


def _is_json_type(kind: str) -> bool:
    subtype = kind.partition("/")[2]
    return subtype in ("json", "x-json") or subtype.endswith("+json")


def _is_text_type(kind: str) -> bool:
    main, _, subtype = kind.partition("/")
    return (
        main == "text"
        or subtype in _TEXT_SUBTYPES
        or subtype.endswith(("+xml", "+yaml"))
    )


def _text(value: Scalar) -> str:
    """A query, header, form or path value the way Postman writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _pairs(
    values: Mapping[str, Scalar | Sequence[Scalar] | None],
) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in values.items():
        if isinstance(value, list | tuple):
            pairs.extend((key, _text(item)) for item in value)
        elif value is not None:
            pairs.append((key, _text(cast(Scalar, value))))
    return pairs


def _with_defaults(
    defaults: Mapping[str, str],
    given: Mapping[str, Scalar | Sequence[Scalar] | None] | None,
) -> Mapping[str, Scalar | Sequence[Scalar] | None]:
    """The client's query pairs under a call's own: a key the call gives (not None) wins."""
    if not given:
        return defaults
    merged: dict[str, Scalar | Sequence[Scalar] | None] = {
        key: value for key, value in defaults.items() if given.get(key) is None
    }
    merged.update((key, value) for key, value in given.items() if value is not None)
    return merged


def indexed(key: str, values: Sequence[Scalar] | None) -> dict[str, Scalar]:
    """Query parameters of a list sent with indexes: ``key[0]``, ``key[1]``, ..."""
    return {f"{key}[{index}]": value for index, value in enumerate(values or ())}


def _segment(value: Scalar, name: str) -> str:
    """One path segment: every reserved character encoded, and never a ``.``/``..`` step.

    An empty value is refused before sending: ``/users/`` would reach another endpoint.
    """
    if value == "":
        raise ValueError(f"path parameter {name!r} is empty")
    from urllib.parse import quote  # imported by the first request, not by the client

    text = quote(_text(value), safe="")
    return text.replace(".", "%2E") if text in (".", "..") else text


def _file(
    key: str, value: FileInput
) -> tuple[str, FileContent] | tuple[str, FileContent, str]:
    """A file part as httpx takes it (which guesses a content type from the filename): a
    path read, named by its basename; a file object named after its ``.name``."""
    from pathlib import Path  # imported by an upload, not by the client

    if isinstance(value, tuple):
        return value
    if isinstance(value, os.PathLike):
        return Path(value).name, Path(value).read_bytes()
    if isinstance(value, bytes):
        return key, value, "application/octet-stream"
    return Path(str(getattr(value, "name", key))).name, value


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# URL templates split at their placeholders: [text, name, text, name, ..., text]
_TEMPLATES: dict[str, list[str]] = {}


def _template(url: str) -> list[str]:
    if len(_TEMPLATES) >= 1024:  # URLs built at run time, passed to request() directly
        _TEMPLATES.clear()
    parts = _TEMPLATES[url] = _PLACEHOLDER.split(url)
    return parts


def _status_error(
    response: httpx.Response, table: ErrorTable | None, strict: bool = False
) -> ApiStatusError:
    """The most specific exception for an error response: the table's, per status, generic.

    A class from the table is used only when the body is the status's model (if it has
    one), so its ``body`` is always that model; any other body is kept raw, not hidden.
    Reading the body never raises: an error response always raises its API error.
    """
    status = response.status_code
    body: Any
    try:
        body = data = json.loads(response.content) if response.content else None
    except ValueError:
        body, data = response.text, None
    code, cls = None, None
    if table is not None:
        code = _error_code(data, table.code_field)
        model = table.models.get(status)
        fits = True
        if model is not None:
            parsed, fits = _error_body(model, data, strict)
            body = parsed if fits else body
        if fits:
            if code is not None:
                cls = table.classes.get((status, code))
            cls = cls or table.classes.get(status)
    if cls is None:
        cls = _STATUS_ERRORS.get(
            status, InternalServerError if status >= 500 else ApiStatusError
        )
    request, detail = response.request, response.text[:500]
    message = f"{request.method} {request.url.path} answered {status} {response.reason_phrase}"
    message = f"{message}: {detail}" if detail else message
    return cls(message, response=response, body=body, code=code)


def _error_body(model: Any, data: Any, strict: bool) -> tuple[Any, bool]:
    """An error body as its model and True, or False when it is not one.

    Strict: only a body that fits. Tolerant: also a JSON object that has at least one of a
    model class's keys (an object from another layer, a gateway's ``{"error": ...}``, is
    no such body), read as the client reads a success (differences kept and warned); a
    warning filter that turns a difference into an error makes it no such body, so an
    error response always raises its API error."""
    try:
        return load(model, data, strict=True), True
    except ValidationError:
        if strict or type(data) is not dict:
            return None, False
    if not (isinstance(model, type) and issubclass(model, Model)):
        return None, False
    plan = _PLANS.get(model) or _plan(model)
    if plan.keys.isdisjoint(data):
        return None, False
    try:
        return _load_tolerant(model, data), True
    except ResponseShapeWarning:
        return None, False


def _error_code(data: Any, path: str) -> str | int | None:
    """The value at a dotted path of a JSON body, if it is a string or an integer."""
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, str | int) and not isinstance(data, bool) else None


# --- Auth ---------------------------------------------------------------------------------


class _Auth:
    """Base of the runtime's auth schemes: httpx's auth protocol (``auth_flow`` and
    ``requires_response_body``) without httpx's ``Auth`` as a base, so that a client with
    credentials is built without importing httpx. A request hands the scheme to httpx
    inside an ``httpx.Auth`` (``_as_httpx``), whose drivers run it."""

    requires_response_body = False

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        yield request


# A scheme the core sends requests with: one of the runtime's, or a caller's httpx.Auth
_AnyAuth: TypeAlias = "_Auth | httpx.Auth"


def _as_httpx(auth: _AnyAuth) -> httpx.Auth:
    """The scheme as httpx takes it: an ``httpx.Auth`` itself, a ``Deferred`` the scheme
    it makes, a runtime scheme carried."""
    if isinstance(auth, Deferred):
        return _as_httpx(auth.made())
    return _carrier()(auth) if isinstance(auth, _Auth) else auth


@lru_cache(maxsize=1)
def _carrier() -> Callable[[_Auth], httpx.Auth]:
    """The ``httpx.Auth`` that carries a runtime scheme into httpx, whose ``Auth`` it must
    derive from: made when the first request is sent, since making it imports httpx.
    httpx's own drivers run the scheme's ``auth_flow``, except a ``LoginAuth``'s on an
    ``AsyncClient``, which awaits the login."""

    class Carrier(httpx.Auth):
        def __init__(self, scheme: _Auth) -> None:
            self._scheme = scheme
            self.requires_response_body = scheme.requires_response_body

        def auth_flow(
            self, request: httpx.Request
        ) -> Generator[httpx.Request, httpx.Response, None]:
            return self._scheme.auth_flow(request)

        def async_auth_flow(
            self, request: httpx.Request
        ) -> AsyncGenerator[httpx.Request, httpx.Response]:
            if isinstance(self._scheme, LoginAuth):
                return self._scheme.async_auth_flow(request)
            return super().async_auth_flow(request)

    return Carrier


class BearerAuth(_Auth):
    """``Authorization: Bearer <token>``; also an OAuth2 access token (``prefix`` as the API
    wants it, e.g. ``Zoho-oauthtoken``; an empty prefix sends the token alone)."""

    def __init__(self, token: str, *, prefix: str = "Bearer") -> None:
        self._value = f"{prefix} {token}" if prefix else token

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._value
        yield request


class Deferred(_Auth):
    """An auth scheme made when a request first needs it (``_as_httpx``): a client used
    only with its default scheme never reads the credentials of its others."""

    def __init__(self, make: Callable[[], _AnyAuth]) -> None:
        self._make = make
        self._auth: _AnyAuth | None = None

    def made(self) -> _AnyAuth:
        if self._auth is None:
            self._auth = self._make()
        return self._auth


class BasicAuth(Deferred):
    """HTTP Basic: httpx's ``BasicAuth``, made (and httpx imported) by the first request."""

    def __init__(self, username: str | bytes, password: str | bytes) -> None:
        super().__init__(lambda: httpx.BasicAuth(username, password))


class DigestAuth(Deferred):
    """HTTP Digest: httpx's ``DigestAuth``, made (and httpx imported) by the first request."""

    def __init__(self, username: str | bytes, password: str | bytes) -> None:
        super().__init__(lambda: httpx.DigestAuth(username, password))


class ApiKeyAuth(_Auth):
    """An API key sent as a header or as a query parameter."""

    def __init__(
        self, name: str, value: str, *, location: Literal["header", "query"] = "header"
    ) -> None:
        self.name, self._value, self.location = name, value, location

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        if self.location == "query":
            request.url = request.url.copy_add_param(self.name, self._value)
        else:
            request.headers[self.name] = self._value
        yield request


class HeaderAuth(_Auth):
    """Credentials sent as headers of their own (``x-api-key`` and ``Authorization``
    together, say), each value after its scheme word in ``prefixes`` (``Bearer``)."""

    def __init__(
        self, headers: Mapping[str, str], *, prefixes: Mapping[str, str] | None = None
    ) -> None:
        prefixes = prefixes or {}
        self._headers = {
            name: f"{prefixes[name]} {value}" if prefixes.get(name) else value
            for name, value in headers.items()
        }

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(self._headers)
        yield request


class ClientCredentialsAuth(_Auth):
    """OAuth2 client credentials: a token fetched from ``token_url`` and kept until it expires
    (``margin`` seconds early); a call answered 401 fetches a new one and is sent once more.

    The token request goes through the client's own transport. ``credentials_in`` sends the
    client id and secret as HTTP Basic (``header``, RFC 6749's default) or as form fields.
    The token goes after ``prefix`` in ``Authorization`` (Postman's ``headerPrefix``; ""
    sends it alone) or, ``token_in="query"``, as the query's ``access_token``.
    """

    requires_response_body = True

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        extra_params: Mapping[str, str] | None = None,
        credentials_in: Literal["header", "body"] = "header",
        prefix: str = "Bearer",
        token_in: Literal["header", "query"] = "header",
        margin: float = 30.0,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self.token_url, self.client_id, self.scope = token_url, client_id, scope
        self.extra_params, self.credentials_in = extra_params, credentials_in
        self.prefix, self.token_in = prefix, token_in
        self._secret, self.margin, self._clock = client_secret, margin, clock
        self._token: str | None = None
        self._expires_at = 0.0

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        if self._token is None or self._clock() >= self._expires_at:
            self._store((yield self._token_request()))
        for retried in (False, True):
            if self.token_in == "query":
                request.url = request.url.copy_set_param("access_token", self._token)
            else:  # an empty prefix: the token alone
                value = f"{self.prefix} {self._token}"
                request.headers["Authorization"] = value.lstrip()
            response = yield request
            if retried or response.status_code != 401:
                return
            self._store((yield self._token_request()))

    def _token_request(self) -> httpx.Request:
        data = {"grant_type": "client_credentials", **(self.extra_params or {})}
        headers = {"Accept": "application/json"}
        if self.scope:
            data["scope"] = self.scope
        if self.credentials_in == "header":
            import base64  # only this scheme's token request needs it

            pair = f"{self.client_id}:{self._secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        else:
            data |= {"client_id": self.client_id, "client_secret": self._secret}
        return httpx.Request("POST", self.token_url, data=data, headers=headers)

    def _store(self, response: httpx.Response) -> None:
        if response.is_error:
            raise _status_error(response, None)
        if response.is_redirect:  # sent with follow_redirects=False: see _Redirects
            raise ApiError(
                f"the token endpoint {self.token_url} answered a redirect "
                f"({response.status_code}); token requests are not redirected, the client "
                "secret would go along"
            )
        try:
            payload = response.json()
            token = payload["access_token"]
        except (ValueError, TypeError, KeyError):
            token = None
        if not isinstance(token, str):
            raise ApiError(
                f"the token endpoint {self.token_url} returned no access_token"
            )
        try:
            lifetime = float(payload.get("expires_in"))
        except (TypeError, ValueError):
            lifetime = float("inf")  # no expiry given: keep it until a 401
        self._token, self._expires_at = token, self._clock() + lifetime - self.margin


# A login request of the client's, as ``with_raw_response`` gives it: its raw response, or
# (an ``AsyncClient``'s) an awaitable of it
_Login: TypeAlias = Callable[[], "RawResponse[Any] | Awaitable[RawResponse[Any]]"]
# The LoginAuths whose login is running in this thread or task: a login that needed the
# credential it gets would call itself for ever
_LOGGING_IN: ContextVar[frozenset[int]] = ContextVar(
    "postc_logging_in", default=frozenset()
)


class LoginAuth(_Auth):
    """A credential the client gets from one of its own requests: the collection's login
    (``docs/runtime.md``, "Credentials from a login request").

    The first request that needs it calls ``login``, reads the credential from its answer
    (the JSON value at ``path``, the whole text with ``path=None``, or the ``header``),
    makes the client's scheme of it with ``make`` and keeps that. A request answered 401
    logs in again once and is sent again once; a second 401 raises
    ``AuthenticationError``. A failed login raises its own error. Threads share one login
    at a time; two tasks of an ``AsyncClient`` may both log in, which is harmless.
    """

    def __init__(
        self,
        make: Callable[[str], _AnyAuth],
        login: _Login,
        *,
        path: Sequence[str | int] | None = (),
        header: str | None = None,
    ) -> None:
        self._make, self._login = make, login
        self._path, self._header = path, header
        # the scheme made with the current credential
        self._auth: _AnyAuth | None = None
        self._lock = threading.Lock()

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        pristine = request.headers.copy(), request.url
        auth = self._auth or self._logged_in(None)
        for retried in (False, True):
            flow = _as_httpx(auth).sync_auth_flow(request)
            sent = next(flow)
            while True:
                response = yield sent
                try:
                    sent = flow.send(response)
                except StopIteration:
                    break
            if retried or response.status_code != 401:
                return
            response.read()  # and the connection freed before the login's request
            request.headers, request.url = pristine[0].copy(), pristine[1]
            auth = self._logged_in(auth)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """``auth_flow`` for an ``AsyncClient``, whose login is awaited."""
        pristine = request.headers.copy(), request.url
        auth = self._auth or await self._async_logged_in(None)
        for retried in (False, True):
            flow = _as_httpx(auth).async_auth_flow(request)
            sent = await flow.__anext__()
            while True:
                response = yield sent
                try:
                    sent = await flow.asend(response)
                except StopAsyncIteration:
                    break
            if retried or response.status_code != 401:
                return
            await response.aread()
            request.headers, request.url = pristine[0].copy(), pristine[1]
            auth = await self._async_logged_in(auth)

    def _logged_in(self, stale: _AnyAuth | None) -> _AnyAuth:
        """The scheme with a credential other than ``stale``'s: a thread that waited for
        another's login uses its credential."""
        entered = self._enter()
        try:
            with self._lock:
                if self._auth is None or self._auth is stale:
                    answer = self._login()
                    if not isinstance(answer, RawResponse):
                        raise TypeError("an AsyncClient's login runs in its async flow")
                    self._auth = self._make(self._read(answer.http))
                return self._auth
        finally:
            _LOGGING_IN.reset(entered)

    async def _async_logged_in(self, stale: _AnyAuth | None) -> _AnyAuth:
        """``_logged_in`` for an ``AsyncClient``."""
        entered = self._enter()
        try:
            if self._auth is None or self._auth is stale:
                answer = self._login()
                if not isinstance(answer, RawResponse):
                    answer = await answer
                self._auth = self._make(self._read(answer.http))
            return self._auth
        finally:
            _LOGGING_IN.reset(entered)

    def _enter(self) -> Token[frozenset[int]]:
        running = _LOGGING_IN.get()
        if id(self) in running:
            raise ApiError(
                "the login request needs the credential it gets: pass the credential "
                "to the client"
            )
        return _LOGGING_IN.set(running | {id(self)})

    def _read(self, response: httpx.Response) -> str:
        """The credential in the login's answer; ``ApiError`` when it is not there."""
        if self._header is not None:
            where, value = f"header {self._header}", response.headers.get(self._header)
        elif self._path is None:
            where, value = "its body", response.text
        else:
            where, value = (
                "".join(f"[{step!r}]" for step in self._path) or "its body",
                None,
            )
            try:
                value = response.json()
                for step in self._path:
                    value = value[step]
            except (ValueError, LookupError, TypeError):
                value = None
        if (
            isinstance(value, bool)
            or not isinstance(value, str | int | float)
            or value == ""
        ):
            raise ApiError(
                f"the login {response.request.method} {response.request.url.path} "
                f"answered no credential at {where}"
            )
        return _text(value)


def given_or_login(
    value: str | None,
    env_var: str,
    make: Callable[[str], _AnyAuth],
    login: _Login,
    *,
    path: Sequence[str | int] | None = (),
    header: str | None = None,
) -> _AnyAuth:
    """The scheme with the credential the caller gives (the argument, else the environment
    variable), as without a login; else with the one ``login`` gets (``LoginAuth``)."""
    given = value if value is not None else os.environ.get(env_var) or None
    if given is not None:
        return make(given)
    return LoginAuth(make, login, path=path, header=header)


# --- Retries ------------------------------------------------------------------------------

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def setting(value: str | None, env_var: str, default: str | None = None) -> str:
    """A client setting: the argument, else the environment variable, else the default.

    Credentials have no default: they come from the caller or the environment only.
    """
    if value is not None:
        return value
    found = os.environ.get(env_var)
    if found:
        return found
    if default is not None:
        return default
    raise ApiError(f"missing setting: pass it as an argument or set {env_var}")


# A value that stands for one to fill in: ``https://{ApiEndpoint}``, ``<host>``, ``{{host}}``
_PLACEHOLDER_TEXT = re.compile(r"[{}<>]")


class Var:
    """A setting a base URL is made of, read when a request first goes to its host (the
    argument, else the environment variable, else the default): a client whose requests
    never go to a host needs no value for it, and a missing or placeholder value fails
    the first request with the setting's name instead of a DNS error."""

    __slots__ = ("default", "env_var", "name", "value")

    def __init__(
        self,
        name: str,
        value: str | None,
        env_var: str,
        default: str | Var | Url | None = None,
    ) -> None:
        self.name = name
        self.value = value
        self.env_var = env_var
        self.default = default

    def get(self) -> str:
        text = self.value
        if text is None:
            text = os.environ.get(self.env_var) or None
        if text is None and self.default is not None:
            text = self.default if isinstance(self.default, str) else self.default.get()
        how = f"pass {self.name}= to the client or set {self.env_var}"
        if text is None:
            raise ApiError(f"missing setting {self.name}: {how}")
        if _PLACEHOLDER_TEXT.search(text):
            raise ApiError(f"setting {self.name} is a placeholder ({text!r}): {how}")
        return text


class Url:
    """A base URL made of text and settings (``Url("https://", Var("host", ...))``). A
    setting whose value has a scheme of its own replaces the scheme written before it; a
    URL without any scheme gets ``http://``, as Postman sends it."""

    __slots__ = ("parts",)

    def __init__(self, *parts: str | Var) -> None:
        self.parts = parts

    def get(self) -> str:
        text = ""
        for part in self.parts:
            value = part if isinstance(part, str) else part.get()
            if not isinstance(part, str) and "://" in value:
                text = re.sub(r"[A-Za-z][A-Za-z0-9+.-]*://$", "", text)
            text += value
        return text


def _absolute(url: str) -> str:
    """A base URL with a scheme (Postman's ``http://`` when it has none), without a final
    slash."""
    url = url.rstrip("/")
    return url if "://" in url else "http://" + url


def _uniform() -> float:
    """A random number in [0, 1): ``random.random``, imported by the first retry."""
    import random

    return random.random()


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """Exponential backoff with full jitter; ``Retry-After`` (seconds or a date) wins, capped."""

    max_retries: int = 2
    statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    random: Callable[[], float] = _uniform

    def delay(
        self, call: Call[Any], attempt: int, outcome: httpx.Response | Exception
    ) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, or None: do not retry."""
        idempotent = (
            call.method.upper() in _IDEMPOTENT if call.retry is None else call.retry
        )
        if attempt >= self.max_retries or not idempotent:
            return None
        if isinstance(outcome, httpx.Response):
            if outcome.status_code not in self.statuses:
                return None
            after = _retry_after(outcome.headers.get("Retry-After"))
            if after is not None:
                return min(after, self.max_retry_after)
        elif not _transient(outcome):
            return None
        return self.random() * min(self.max_delay, self.initial_delay * 2.0**attempt)


def _transient(failure: Exception) -> bool:
    """Whether the request may not have reached the server, or was not answered."""
    transient = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
    return isinstance(failure, transient)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils  # a Retry-After date is rare: not worth importing with the client

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


# --- Clients ------------------------------------------------------------------------------

# Set while ``raw``/``streamed`` run an endpoint method: request() then returns a response
# of this class instead of the parsed body (streamed: sent with its body unread). Endpoint
# methods must therefore return what request() returns.
_MODE: ContextVar[type[_Response[Any]] | None] = ContextVar("postc_mode", default=None)


# An origin is a scheme, a host and a port (written, or the scheme's default).
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def _at_origin(first: httpx.URL, url: httpx.URL) -> bool:
    """Whether ``url`` is where the credentials of a request to ``first`` may go: its
    origin, or that origin upgraded from http to https (ports 80 and 443, as httpx keeps
    ``Authorization``): what crossed plain HTTP to that host now crosses TLS."""
    there, origin = _origin(url), _origin(first)
    return there == origin or (
        origin == ("http", url.host, 80) and there == ("https", url.host, 443)
    )


class _Redirects:
    """The redirects of one request, followed by the runtime rather than httpx, which drops
    only ``Authorization`` when a redirect leaves the origin: an API key header or query
    parameter, any other header a scheme sets, and the cookie jar's cookies (scoped by host,
    not port, nor scheme without ``Secure``) went along to the other origin.

    Each hop is sent with the call's auth while the chain stays at the first request's
    origin (``_at_origin``); once it has left, no hop gets it back, since the other origin
    chose where the chain goes next. What the auth added to a hop (headers set, query
    pairs: the request as sent against the request before) is taken off every later hop
    before its own auth runs, so a ``Location`` repeating the query (``$request_uri``) does
    not pass a key on; a hop off the origin carries no cookie. The method, body and URL of
    a hop are httpx's (``Response.next_request``), and so is the limit (``max_redirects``).
    """

    __slots__ = (
        "_before",
        "_first",
        "_follow",
        "_headers",
        "_history",
        "_limit",
        "_pairs",
        "auth",
        "request",
    )

    def __init__(
        self,
        request: httpx.Request,
        auth: httpx.Auth | UseClientDefault,
        http: httpx.Client | httpx.AsyncClient,
    ) -> None:
        self.request = request  # the hop to send
        self.auth: httpx.Auth | UseClientDefault | None = auth  # None: left the origin
        self._first = request.url
        self._follow, self._limit = http.follow_redirects, http.max_redirects
        self._history: list[httpx.Response] = []
        self._headers: set[str] = set()  # names of the headers the auth set
        self._pairs: set[tuple[str, str]] = set()  # query pairs the auth added
        self._before = request.headers.raw, request.url

    def redirected(self, response: httpx.Response) -> bool:
        """Whether ``response`` is a redirect to follow (close it, then ``follow``)."""
        if self._follow and response.next_request is not None:
            return True
        if self._history:
            response.history = self._history
        return False

    def follow(self, response: httpx.Response) -> None:
        """Make ``request`` the hop ``response`` redirects to, without the credentials."""
        if len(self._history) >= self._limit:
            raise httpx.TooManyRedirects(
                "Exceeded maximum allowed redirects.", request=response.request
            )
        self._added(response.request)
        hop = cast(httpx.Request, response.next_request)
        if self.auth is not None and not _at_origin(self._first, hop.url):
            self.auth = None
        for name in self._headers:
            hop.headers.pop(name, None)
        if self.auth is None:
            hop.headers.pop("Cookie", None)
        pairs = hop.url.params.multi_items()
        kept = [pair for pair in pairs if pair not in self._pairs]
        if len(kept) < len(pairs):
            hop.url = hop.url.copy_with(params=kept)
        self._history.append(response)
        self.request, self._before = hop, (hop.headers.raw, hop.url)

    def _added(self, sent: httpx.Request) -> None:
        """Note what the auth added to the hop just sent."""
        headers, url = self._before
        before = {(name.lower(), value) for name, value in headers}
        self._headers.update(
            name.decode("latin-1")
            for name, value in sent.headers.raw
            if (name.lower(), value) not in before
        )
        if sent.url != url:
            self._pairs.update(sent.url.params.multi_items())
            self._pairs.difference_update(url.params.multi_items())


_BUILDING = threading.Lock()  # one httpx client per core, even when threads race


def _timeout(
    given: float | httpx.Timeout | NotGiven | None,
) -> float | httpx.Timeout | None:
    """The owned httpx client's timeout: the caller's (None: none), else 60 s, 10 s to
    connect."""
    return httpx.Timeout(60.0, connect=10.0) if isinstance(given, NotGiven) else given


# The httpx client a core sends through, its transport and its wait between retries
_HttpT = TypeVar("_HttpT", "httpx.Client", "httpx.AsyncClient")
_TransportT = TypeVar("_TransportT", "httpx.BaseTransport", "httpx.AsyncBaseTransport")
_SleepT = TypeVar(
    "_SleepT", "Callable[[float], None]", "Callable[[float], Awaitable[None]]"
)


class _BaseCore(Generic[_HttpT, _TransportT, _SleepT]):
    """What the sync and async cores share: configuration, building requests, reading
    answers. ``sleep`` None is ``time.sleep`` (``asyncio.sleep``)."""

    def __init__(
        self,
        base_url: str | Var | Url,
        *,
        auth: _AnyAuth | Mapping[str, _AnyAuth] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | RetryPolicy = 2,
        http_client: _HttpT | None = None,
        transport: _TransportT | None = None,
        sleep: _SleepT | None = None,
        query: Mapping[str, str] | None = None,
        hosts: Mapping[str, Var | Url] | None = None,
        strict: bool = False,
    ) -> None:
        self._owns_http = http_client is None
        self._http_client: _HttpT | None = http_client
        self._transport: _TransportT | None = transport
        self._timeout = timeout
        self._sleep: _SleepT | None = sleep
        # parse bodies strictly: ValidationError where a body differs from its model
        self._strict = strict
        # base URLs by host key ("" the main one), read on first use
        self._hosts: dict[str, str | Var | Url] = {"": base_url, **(hosts or {})}
        self._bases: dict[str, str] = {}
        # pairs sent on every request (constants the API needs); a call's own keys win
        self._query = dict(query) if query else {}
        # auth schemes by name; the first is the default
        self._auths = (
            dict(auth) if isinstance(auth, Mapping) else {"": auth} if auth else {}
        )
        self._default_headers = headers
        # parsed URLs by their text: the same few recur (an httpx.URL is immutable)
        self._urls: dict[str, httpx.URL] = {}
        self._retry = (
            max_retries
            if isinstance(max_retries, RetryPolicy)
            else RetryPolicy(max_retries=max_retries)
        )

    # the httpx class of the client the core owns (``httpx`` is imported on first use)
    _http_class: ClassVar[str]

    @property
    def _http(self) -> _HttpT:
        """The caller's httpx client, else one built on first use: building it loads the
        TLS certificates, which a program that sends no request need not wait for."""
        http = self._http_client
        if http is None:
            with _BUILDING:
                http = self._http_client
                if http is None:
                    made: _HttpT = getattr(httpx, self._http_class)(
                        transport=self._transport,
                        timeout=_timeout(self._timeout),
                        follow_redirects=True,
                    )
                    http = self._http_client = made
        return http

    def _build(
        self, http: httpx.Client | httpx.AsyncClient, call: Call[Any]
    ) -> httpx.Request:
        url = call.url
        if call.path:
            parts = _TEMPLATES.get(url) or _template(url)
            if len(parts) > 1:
                values = call.path
                url = "".join(
                    [
                        _segment(values[part], part) if i % 2 else part
                        for i, part in enumerate(parts)
                    ]
                )
        if "://" not in url:
            base = self._bases.get(call.base) or self._base(call.base)
            url = base + ("" if url.startswith("/") else "/") + url
        given = _with_defaults(self._query, call.query) if self._query else call.query
        if call.extra_query:
            given = {**given, **call.extra_query} if given else call.extra_query
        pairs = _pairs(given) if given else None
        if pairs and "?" not in url and "#" not in url:
            # what copy_merge_params would give, with one parse instead of three
            url += "?" + str(httpx.QueryParams(tuple(pairs)))
            pairs = None
        full = self._urls.get(url)
        if full is None:
            if len(self._urls) >= 256:
                self._urls.clear()
            full = self._urls[url] = httpx.URL(url)
        if pairs is not None:
            full = full.copy_merge_params(tuple(pairs))
        headers = common = self._headers  # httpx copies it into the request
        if call.headers:
            for key, value in call.headers.items():
                if value is not None:
                    if headers is common:
                        headers = httpx.Headers(headers)
                    headers[key] = _text(value)
        if call.extra_headers:
            headers = httpx.Headers(headers)
            for key, value in call.extra_headers.items():
                if value is None:
                    headers.pop(key, None)
                else:
                    headers[key] = value
        body: dict[str, Any] = {}
        extra = call.extra_body
        if call.content is not None:
            if extra:
                raise ValueError(
                    "extra_body needs a JSON object or form body, not content"
                )
            body["content"] = call.content
        elif call.json is not None or (
            extra and call.form is None and not (call.multipart or call.files)
        ):
            data = dump(call.json)
            if extra:
                if not isinstance(data, dict | None):
                    raise ValueError("extra_body needs a JSON object body")
                data = {**(data or {}), **dump(extra)}
            body["json"] = data
        else:
            pairs = _pairs({**(call.form or {}), **(extra or {})})
            if call.multipart or call.files:  # the text parts first, with no filename
                body["files"] = [(key, (None, text)) for key, text in pairs] + [
                    (key, _file(key, item))
                    for key, value in (call.files or {}).items()
                    for item in (value if isinstance(value, list) else [value])
                    if item is not None  # an optional file left out
                ]
            else:  # urlencoded: each key once, its values in order (a form is short)
                body["data"] = {k: [t for j, t in pairs if j == k] for k, _ in pairs}
        timeout = (
            httpx.USE_CLIENT_DEFAULT
            if isinstance(call.timeout, NotGiven)
            else call.timeout
        )
        try:
            return http.build_request(
                call.method, full, headers=headers, timeout=timeout, **body
            )
        except UnicodeEncodeError:
            if "json" not in body:
                raise
        # a lone surrogate in a JSON string (JSON allows "\ud800", UTF-8 does not): escaped
        headers = httpx.Headers(headers)
        headers.setdefault("Content-Type", "application/json")
        text = json.dumps(body.pop("json"), separators=(",", ":"), allow_nan=False)
        return http.build_request(
            call.method, full, headers=headers, timeout=timeout, content=text, **body
        )

    @cached_property
    def _headers(self) -> httpx.Headers:
        """The headers of every request, as httpx keeps them: made by the first request,
        which imports httpx anyway (``Client()`` does not)."""
        return httpx.Headers(self._default_headers)

    def _base(self, key: str) -> str:
        """The base URL of a host, read (and checked) once."""
        found = self._hosts[key]
        base = self._bases[key] = _absolute(
            found if isinstance(found, str) else found.get()
        )
        return base

    @property
    def base_url(self) -> str:
        """The base URL requests without a host of their own go to (read-only)."""
        return self._bases.get("") or self._base("")

    @property
    def _core(self) -> Any:
        """What the client's own requests send through (``Resource._core``): itself. Typed
        Any, as ``Resource[ClientCore]._core`` is ClientCore and pyright does not take
        ``Self`` for it."""
        return self

    def _auth_for(self, call: Call[Any]) -> httpx.Auth | UseClientDefault:
        """The scheme the call names, else the core's default, else the httpx client's own
        auth. A noauth call sends none of the core's, but keeps the httpx client's own (a
        caller's proxy or gateway auth): ``send(auth=None)`` would strip it."""
        if call.auth is False:
            return httpx.USE_CLIENT_DEFAULT
        if isinstance(call.auth, str):
            return _as_httpx(self._auths[call.auth])
        default = next(iter(self._auths.values()), None)
        return httpx.USE_CLIENT_DEFAULT if default is None else _as_httpx(default)

    def _finish(self, call: Call[T], response: httpx.Response) -> T:
        """The parsed body, or what the caller's mode asks for (``raw``, ``streamed``); the
        body of an error status is read (streamed too) and raised as its typed error."""
        if response.is_error:
            raise _status_error(response, call.errors, self._strict)
        mode = _MODE.get()
        if mode is None:
            return cast(T, _decode(response, call.returns, self._strict))
        return cast(T, mode(response, call.returns, self._strict))


def _connection_error(
    exc: httpx.RequestError, request: httpx.Request
) -> ApiConnectionError:
    cls = (
        ApiTimeoutError
        if isinstance(exc, httpx.TimeoutException)
        else ApiConnectionError
    )
    detail = str(exc) or type(exc).__name__
    return cls(f"{request.method} {request.url.path}: {detail}", request=request)


def _checked(method: object, result: R) -> R:
    if not isinstance(result, _Response):
        raise TypeError(
            f"{method!r} is not an endpoint method (it did not return a response)"
        )
    return result


def raw(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """The endpoint method returning its RawResponse (``client.pets.with_raw_response``)."""

    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _MODE.set(RawResponse)
        try:
            return _checked(method, cast(RawResponse[T], method(*args, **kwargs)))
        finally:
            _MODE.reset(token)

    return call


def async_raw(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """``raw`` for the methods of the ``AsyncClient``."""

    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _MODE.set(RawResponse)
        try:
            return _checked(method, cast(RawResponse[T], await method(*args, **kwargs)))
        finally:
            _MODE.reset(token)

    return call


def streamed(
    method: Callable[P, T],
) -> Callable[P, AbstractContextManager[StreamedResponse[T]]]:
    """The endpoint method as ``with ... as response:``, its body not read before the
    block asks for it, the response closed after (``client.pets.with_streaming_response``).
    An error status still raises its typed error, on entering the block."""

    @contextmanager
    def call(*args: P.args, **kwargs: P.kwargs) -> Iterator[StreamedResponse[T]]:
        token = _MODE.set(StreamedResponse)
        try:
            response = _checked(
                method, cast(StreamedResponse[T], method(*args, **kwargs))
            )
        finally:
            _MODE.reset(token)
        try:
            yield response
        finally:
            response.close()

    return call


def async_streamed(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, AbstractAsyncContextManager[AsyncStreamedResponse[T]]]:
    """``streamed`` for the methods of the ``AsyncClient`` (``async with``)."""

    @asynccontextmanager
    async def call(
        *args: P.args, **kwargs: P.kwargs
    ) -> AsyncIterator[AsyncStreamedResponse[T]]:
        token = _MODE.set(AsyncStreamedResponse)
        try:
            response = _checked(
                method, cast(AsyncStreamedResponse[T], await method(*args, **kwargs))
            )
        finally:
            _MODE.reset(token)
        try:
            yield response
        finally:
            await response.close()

    return call


class ClientCore(
    _BaseCore["httpx.Client", "httpx.BaseTransport", "Callable[[float], None]"]
):
    """Sends calls over one ``httpx.Client``: the base of a generated ``Client``.

    Pass ``http_client`` to use your own (it is not closed by ``close()``), or ``transport``
    to give the owned one a transport (``httpx.MockTransport`` in tests). ``sleep`` waits
    between retries. ``strict`` raises ValidationError for a body that differs from its
    model, where the default keeps what was received (``Model.from_dict``).
    """

    _http_class = "Client"

    def request(self, call: Call[T]) -> T:
        """Send ``call``, retrying as the policy allows, and return the parsed body."""
        stream = _MODE.get() is StreamedResponse
        attempt = 0
        while True:
            request = self._build(self._http, call)
            try:
                response = self._send(request, call, stream)
                if stream and response.is_error:
                    response.read()  # for the error's body
            except httpx.RequestError as exc:
                delay = self._retry.delay(call, attempt, exc)
                if delay is None:
                    raise _connection_error(exc, request) from exc
            else:
                delay = self._retry.delay(call, attempt, response)
                if delay is None:
                    return self._finish(call, response)
                response.close()
            attempt += 1
            (self._sleep or _sleep)(delay)

    def _send(
        self, request: httpx.Request, call: Call[Any], stream: bool
    ) -> httpx.Response:
        """Send ``request``, following its redirects without the credentials the client
        adds once they leave its origin (``_Redirects``)."""
        http = self._http
        hops = _Redirects(request, self._auth_for(call), http)
        while True:
            response = http.send(
                hops.request, auth=hops.auth, stream=stream, follow_redirects=False
            )
            if not hops.redirected(response):
                return response
            response.close()
            hops.follow(response)

    def close(self) -> None:
        if self._owns_http and self._http_client is not None:
            self._http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


async def _async_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported on first use: most programs never wait for a retry."""
    import asyncio

    await asyncio.sleep(seconds)


class AsyncClientCore(
    _BaseCore[
        "httpx.AsyncClient",
        "httpx.AsyncBaseTransport",
        "Callable[[float], Awaitable[None]]",
    ]
):
    """``ClientCore`` over an ``httpx.AsyncClient``: the base of a generated ``AsyncClient``."""

    _http_class = "AsyncClient"

    async def request(self, call: Call[T]) -> T:
        """Send ``call``, retrying as the policy allows, and return the parsed body."""
        stream = _MODE.get() is AsyncStreamedResponse
        attempt = 0
        while True:
            request = self._build(self._http, call)
            try:
                response = await self._send(request, call, stream)
                if stream and response.is_error:
                    await response.aread()  # for the error's body
            except httpx.RequestError as exc:
                delay = self._retry.delay(call, attempt, exc)
                if delay is None:
                    raise _connection_error(exc, request) from exc
            else:
                delay = self._retry.delay(call, attempt, response)
                if delay is None:
                    return self._finish(call, response)
                await response.aclose()
            attempt += 1
            await (self._sleep or _async_sleep)(delay)

    async def _send(
        self, request: httpx.Request, call: Call[Any], stream: bool
    ) -> httpx.Response:
        """``ClientCore._send``, awaited."""
        http = self._http
        hops = _Redirects(request, self._auth_for(call), http)
        while True:
            response = await http.send(
                hops.request, auth=hops.auth, stream=stream, follow_redirects=False
            )
            if not hops.redirected(response):
                return response
            await response.aclose()
            hops.follow(response)

    async def close(self) -> None:
        if self._owns_http and self._http_client is not None:
            await self._http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


# What a resource sends its calls through: a ClientCore, an AsyncClientCore, or a view of
# one (RawView, StreamedView); the endpoint descriptor's overloads type each method by it
CoreT = TypeVar("CoreT")


class Resource(Generic[CoreT]):
    """Base of a generated resource (a folder of the collection, or the client's own
    requests): each ``endpoint`` of it sends its call through ``_core``. One class serves
    the ``Client`` (``Users[ClientCore]``), the ``AsyncClient`` (``Users[AsyncClientCore]``)
    and their views (``Users[RawView[ClientCore]]``...)."""

    __slots__ = ("_sender",)

    def __init__(self, core: CoreT) -> None:
        self._sender = core

    @property
    def _core(self) -> CoreT:
        return self._sender


class _View(Generic[CoreT]):
    """A core whose calls answer in another mode than the parsed body."""

    __slots__ = ("core",)

    def __init__(self, core: CoreT) -> None:
        self.core = core


class RawView(_View[CoreT]):
    """The core of a resource's ``with_raw_response``: each method returns its RawResponse."""

    __slots__ = ()


class StreamedView(_View[CoreT]):
    """The core of a resource's ``with_streaming_response``: each method is a context
    manager of its StreamedResponse."""

    __slots__ = ()


class endpoint(Generic[P, T]):
    """An endpoint method, declared once for the sync and async clients: the decorated
    function describes the ``Call`` (its signature and docstring are the method's), and
    reading the attribute on a resource gives the method that sends it through the
    resource's core: returning ``T`` on a ``ClientCore``, a coroutine of ``T`` on an
    ``AsyncClientCore``, the response's views on ``RawView`` and ``StreamedView``. The method is
    made once per resource, then read from the resource's ``__dict__``."""

    def __init__(self, describe: Callable[Concatenate[Any, P], Call[T]]) -> None:
        self.__wrapped__ = describe
        self.__doc__ = describe.__doc__
        # by name in help(resource), which shows its docstring
        self.__name__ = self._name = describe.__name__

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, obj: Resource[ClientCore], owner: type[Any] | None = None
    ) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncClientCore], owner: type[Any] | None = None
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    @overload
    def __get__(
        self, obj: Resource[RawView[ClientCore]], owner: type[Any] | None = None
    ) -> Callable[P, RawResponse[T]]: ...
    @overload
    def __get__(
        self, obj: Resource[RawView[AsyncClientCore]], owner: type[Any] | None = None
    ) -> Callable[P, Awaitable[RawResponse[T]]]: ...
    @overload
    def __get__(
        self, obj: Resource[StreamedView[ClientCore]], owner: type[Any] | None = None
    ) -> Callable[P, AbstractContextManager[StreamedResponse[T]]]: ...
    @overload
    def __get__(
        self,
        obj: Resource[StreamedView[AsyncClientCore]],
        owner: type[Any] | None = None,
    ) -> Callable[P, AbstractAsyncContextManager[AsyncStreamedResponse[T]]]: ...
    def __get__(self, obj: Resource[Any] | None, owner: type[Any] | None = None) -> Any:
        if obj is None:
            return self
        method = self._method(obj, obj._core)
        obj.__dict__[self._name] = method
        return method

    def _method(self, obj: Resource[Any], core: Any) -> Callable[..., Any]:
        """The method sending this endpoint's calls through ``core`` (for a view, the
        view's wrapper of the method of the core it views)."""
        if isinstance(core, _View):
            method = self._method(obj, core.core)
            asynchronous = isinstance(core.core, AsyncClientCore)
            if isinstance(core, RawView):
                return async_raw(method) if asynchronous else raw(method)
            return async_streamed(method) if asynchronous else streamed(method)
        describe = self.__wrapped__
        if isinstance(core, AsyncClientCore):

            async def send_async(*args: P.args, **kwargs: P.kwargs) -> T:
                return await core.request(describe(obj, *args, **kwargs))

            return self._named(send_async)

        def send(*args: P.args, **kwargs: P.kwargs) -> T:
            return cast(T, core.request(describe(obj, *args, **kwargs)))

        return self._named(send)

    def _named(self, method: Callable[P, R]) -> Callable[P, R]:
        """``method`` as help() and IDEs show it: the endpoint's name, docstring and
        signature, without ``self``, returning what the call parses (not ``Call[...]``).
        """
        update_wrapper(method, self.__wrapped__)
        method.__signature__ = self._signature  # type: ignore[attr-defined]
        return method

    @cached_property
    def _signature(self) -> Any:
        import inspect  # on first use: most programs never ask

        signature = inspect.signature(self.__wrapped__)
        returns = signature.return_annotation  # text: "Call[models.Pet]"
        if isinstance(returns, str) and returns.startswith("Call["):
            returns = returns[len("Call[") : -1]
        return signature.replace(
            parameters=list(signature.parameters.values())[1:],
            return_annotation=returns,
        )
