"""Saved request values as method parameters: examples, types, what is required, and the
constants a client sends on every request (the rules and their corpus counts:
docs/parameters.md).

A value saved in a request is an example of what a caller may pass, never a default: the
plan shows it in docstrings, the README and the generated tests. Placeholders that
openapi-to-postman writes instead of values (``<integer>``) are not even examples: they
only type the parameter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.annotations import Annotation
from generator.infer import placeholder
from generator.ir import Param, Request
from generator.loader.variables import VARIABLE
from generator.scripts.analyze import analyze
from generator.secrets import is_secret_name, is_secret_value

# openapi-to-postman starts the description of a required parameter with "(Required)"
_REQUIRED = re.compile(r"\s*\(required\)", re.IGNORECASE)
# An int has at most 640 digits: no Python converts more (the least limit it can be set
# to); a longer number is text, as is a float too large to be finite (``1e999``)
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,639})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
LIST_KEY = re.compile(r"(.+)\[\]")  # status[]: PHP's list syntax, sent with its brackets
# Headers that say what a method speaks (kept on it as written), not data a caller chooses
FORMAT_HEADERS = frozenset({"accept", "soapaction"})
# Headers a constant cannot be: the body, the transport or the auth set them
_NOT_CONSTANT_HEADERS = frozenset(
    {"authorization", "content-type", "content-length", "host", "cookie"}
)
# A value longer than this is left out of docstrings (still used by the generated tests)
_EXAMPLE_LENGTH = 80


@dataclass(frozen=True)
class Constant:
    """A query parameter or header every request of the collection sends with one value:
    a client setting, sent by the client on every request."""

    location: str  # "query" or "header"
    key: str  # as the first request writes it
    value: str  # a literal, or one whole ``{{variable}}``


@lru_cache(maxsize=4096)  # Stripe saves 7 distinct values in its 6,956 parameters
def is_placeholder(value: str | None) -> bool:
    """Whether ``value`` is an openapi-to-postman placeholder (``<string>``, ``<long>``),
    or a comma-separated list of them (``<string>,<string>``, an array's)."""
    if value is None or not value.strip():
        return False
    return all(placeholder(part.strip()) is not None for part in value.split(","))


def marked_required(key: str, description: str) -> bool:
    """Whether the description marks the parameter required, as openapi-to-postman writes
    it: ``(Required) ...``. A nested form key (``billing[address][line2]``) carries its
    top-level parent's description and mark, which does not make the leaf required."""
    return "[" not in key.rstrip("[]") and _REQUIRED.match(description) is not None


def example_of(value: str | None) -> str | None:
    """A saved value as an example: None for no value, an empty one, a placeholder or a
    variable left unresolved (a credential, an unknown or a dynamic one such as ``$guid``)."""
    if value is None or not value.strip() or is_placeholder(value) or VARIABLE.search(value):
        return None
    return value


def docstring_example(value: str | None) -> str | None:
    """The example as a docstring shows it: one line, not too long to read."""
    if value is None:
        return None
    text = " ".join(value.split())
    return text if len(text) <= _EXAMPLE_LENGTH else None


def scalar_type(values: Iterable[str | None]) -> str:
    """The annotation every saved value of a parameter fits: a placeholder's type
    (``<integer>`` -> int, ``<boolean>`` -> bool, ``<number>`` -> float), else a number
    type when every literal is one; str otherwise (and when nothing says more)."""
    declared: set[str] = set()
    literals: list[str] = []
    for value in values:
        if value is None or not value.strip() or VARIABLE.search(value):
            continue
        found = placeholder(value.strip())
        if found is not None:
            declared.add(found[0])
        elif is_placeholder(value):
            declared.add("str")  # <string>,<string>: a comma-separated list, as text
        else:
            literals.append(value)
    if declared:
        kind = "str" if len(declared) > 1 and declared != {"int", "float"} else max(declared)
        if kind == "int" and all(_is_int(v) for v in literals):
            return "int"
        if kind in ("int", "float") and all(_is_float(v) for v in literals):
            return "float"
        if kind == "bool" and all(v in ("true", "false") for v in literals):
            return "bool"
        return "str"
    if literals and all(_is_int(v) for v in literals):
        return "int"
    if literals and all(_is_float(v) for v in literals):
        return "float"
    return "str"


@lru_cache(maxsize=4096)  # a collection saves the same placeholders in thousands of places
def placeholder_type(value: str | None) -> str:
    """The annotation a value saved alone gives its parameter (a path parameter, a header,
    a form field): its placeholder's type (``<integer>`` -> int), else ``str``."""
    return scalar_type([value]) if is_placeholder(value) else "str"


def _is_int(text: str) -> bool:
    return _INT.fullmatch(text) is not None


def _is_float(text: str) -> bool:
    return _FLOAT.fullmatch(text) is not None and math.isfinite(float(text))


def python_value(text: str, annotation: Annotation) -> object:
    """A saved value as the Python value a caller passes for a parameter of that type."""
    kind = annotation.scalar
    if kind == "int" and _is_int(text):
        return int(text)
    if kind == "float" and _is_float(text):
        return int(text) if _is_int(text) else float(text)  # sent as saved: 2, not 2.0
    if kind == "bool" and text in ("true", "false"):
        return text == "true"
    return text


def wire_text(value: object) -> str:
    """A value as the runtime sends it in a query, header or form (``true`` for True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def constants(requests: Sequence[Request], excluded: set[str]) -> list[Constant]:
    """The query parameters and headers that every request (of two or more) sends, enabled,
    with the same value: a literal (no placeholder, not empty, not a credential) or one
    whole ``{{variable}}`` that is not ``excluded`` (secret, set by a script) nor a dynamic
    one such as ``{{$guid}}``."""
    if len(requests) < 2:
        return []
    found: list[Constant] = []
    for location in ("query", "header"):
        common: dict[str, tuple[str, str]] | None = None
        for request in requests:
            items = request.url.query if location == "query" else request.headers
            mine = _enabled(items, location)
            if common is None:
                common = mine
                continue
            # the keys kept are looked up from this request's side, and the common ones
            # (in their order) written anew only when some go: a request of few keys after
            # one of thousands no longer costs those thousands each time
            kept = {k for k, v in mine.items() if k in common and common[k][1] == v[1]}
            if len(kept) < len(common):
                common = {k: v for k, v in common.items() if k in kept}
        for key, value in (common or {}).items():
            if _constant_value(location, key, value, excluded):
                found.append(Constant(location, *value))
    return found


def scripted_variables(scripts: Iterable[str]) -> set[str]:
    """The variables pre-request scripts set (``pm.environment.set("date", ...)``): values
    computed for each request, which no client setting can stand for. Read through the
    JavaScript front end (docs/scripts.md, "Pre-request scripts"), so a ``.set(`` in a
    comment or a string is no variable, and ``postman.setEnvironmentVariable`` is one."""
    return {
        found.name
        for script in scripts
        for found in analyze(script, "prerequest", "").sets
        if found.name and not found.unset
    }


def on_every_request(requests: Sequence[Request]) -> set[tuple[str, str]]:
    """(location, key) of the query keys and headers (lower-cased) every request of the
    collection (three or more) sends, whatever their values: the API needs them."""
    if len(requests) < 3:
        return set()
    common: set[tuple[str, str]] | None = None
    for request in requests:
        mine = {("query", key) for key in _enabled(request.url.query, "query")}
        mine |= {("header", key) for key in _enabled(request.headers, "header")}
        common = mine if common is None else common & mine
    return common or set()


def _enabled(items: Iterable[Param], location: str) -> dict[str, tuple[str, str]]:
    """Enabled keys with a value, by key (lower-cased for headers): (key as written, value).
    A key given twice with different values has none: it is no constant."""
    found: dict[str, tuple[str, str]] = {}
    for item in items:
        if item.disabled or not item.key or item.value is None:
            continue
        name = item.key.lower() if location == "header" else item.key
        if name in found and found[name][1] != item.value:
            found[name] = (item.key, "\0")
        else:
            found.setdefault(name, (item.key, item.value))
    return found


def _constant_value(location: str, name: str, value: tuple[str, str], excluded: set[str]) -> bool:
    key, text = value
    if not text.strip() or text == "\0" or is_placeholder(text):
        return False
    if is_secret_name(key) or is_secret_value(text):  # a credential: no default to show
        return False
    if location == "header" and (name in _NOT_CONSTANT_HEADERS or name in FORMAT_HEADERS):
        return False
    if LIST_KEY.fullmatch(key) or re.fullmatch(r".+\[[0-9]+\]", key):
        return False  # an item of a list
    names = VARIABLE.findall(text)
    if not names:
        return True
    whole = VARIABLE.fullmatch(text)
    return (
        whole is not None
        and not names[0].startswith("$")
        and names[0] not in excluded
        and not is_secret_name(names[0])
    )
