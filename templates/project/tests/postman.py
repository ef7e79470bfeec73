"""JavaScript semantics for the tests translated from the collection's Postman scripts.

A script's ``pm.expect(json.data.id).to.eql(3)`` runs in Postman's sandbox: JavaScript
values, chai's matchers. These helpers give the translated assertions the same meaning in
Python: ``MISSING`` is ``undefined`` (an absent key), ``strict_equal`` is ``===`` (``True``
is not ``1``), ``truthy`` is JavaScript's truthiness (``[]`` and ``{}`` are true), and a
matcher chai rejects for its subject's type (``above`` on a string, ``empty`` on a number)
fails whether negated or not, as chai throws.

postc copies this file as it is, and loads it itself to choose the saved example each test
is served (one whose answer passes it): it imports nothing but the standard library (pytest
and jsonschema only when a JSON Schema is checked).
"""

from __future__ import annotations

import importlib
import json
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

# A step into a JSON value: an object key or an array index
Step = str | int


class Missing:
    """JavaScript's ``undefined``: what reading an absent key gives (one instance,
    ``MISSING``, compared with ``is``)."""

    def __repr__(self) -> str:
        return "undefined"


MISSING = Missing()


def body(response: httpx.Response) -> Any:
    """``pm.response.json()``: the parsed body; a body that is no JSON fails the test,
    as ``json()`` throws in the sandbox."""
    try:
        return json.loads(response.text)
    except ValueError as error:
        raise AssertionError(f"the response body is not JSON: {error}") from None


def header(response: httpx.Response, name: str) -> Any:
    """``pm.response.headers.get(name)``: the value, or ``undefined`` when absent."""
    value = response.headers.get(name)
    return MISSING if value is None else value


def at(value: Any, path: Sequence[Step]) -> Any:
    """``value.a[0].b``: each step read as JavaScript reads it (an absent key or index is
    ``undefined``); reading a property of ``undefined`` or ``null`` throws, so fails."""
    for step in path:
        if value is None or value is MISSING:
            raise AssertionError(f"cannot read {step!r} of {js_string(value)}")
        value = _property(value, step)
    return value


def has_path(value: Any, path: Sequence[Step]) -> bool:
    """chai's ``nested.property``: whether the whole path exists (never throws)."""
    for step in path:
        if value is None or value is MISSING or not has_property(value, step):
            return False
        value = _property(value, step)
    return True


def _property(value: Any, step: Step) -> Any:
    if isinstance(value, dict):
        return value.get(str(step), MISSING)
    if isinstance(value, (list, str)):
        if step == "length":
            return len(value)
        index = _index(step)
        return value[index] if index is not None and index < len(value) else MISSING
    return MISSING


def _index(step: Step) -> int | None:
    """An array index as JavaScript reads one: a non-negative integer, or its digits."""
    if isinstance(step, int) and not isinstance(step, bool):
        return step if step >= 0 else None
    if isinstance(step, str) and step.isdigit() and (step == "0" or step[0] != "0"):
        return int(step)
    return None


def has_property(value: Any, name: Step) -> bool:
    """chai's ``property(name)``: an object's key, an array's or string's index or
    ``length``; ``null`` and ``undefined`` have none and fail, as chai throws."""
    if value is None or value is MISSING:
        raise AssertionError(f"{js_string(value)} has no properties")
    return _property(value, name) is not MISSING


def length(value: Any) -> int:
    """``.length`` (chai's ``lengthOf``): only strings and arrays have one here."""
    if isinstance(value, (str, list)):
        return len(value)
    raise AssertionError(f"expected {js_string(value)} to have a length")


def is_number(value: Any) -> bool:
    """A JavaScript number: ``True`` is a boolean, not ``1``."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number(value: Any) -> float | int:
    """The subject of ``above``, ``below``, ``within``: chai rejects any other type."""
    if not is_number(value):
        raise AssertionError(f"expected {js_string(value)} to be a number")
    return value  # type: ignore[no-any-return]


def type_of(value: Any) -> str:
    """The type name chai's ``a``/``an`` compares with."""
    if value is MISSING:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def strict_equal(left: Any, right: Any) -> bool:
    """``===``: the same type and value; objects and arrays are never equal to a literal."""
    if is_number(left) and is_number(right):
        return bool(left == right)
    if isinstance(left, (dict, list)) or isinstance(right, (dict, list)):
        return left is right
    return type_of(left) == type_of(right) and bool(left == right)


def deep_equal(left: Any, right: Any) -> bool:
    """chai's ``eql``: deep equality, types compared as JavaScript's (``True`` is not ``1``)."""
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(deep_equal, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(
            deep_equal(left[k], right[k]) for k in left
        )
    return strict_equal(left, right)


def includes(value: Any, member: Any, deep: bool = False) -> bool:
    """chai's ``include``: a substring of a string, an item of an array (``===``, or deep),
    a subset of an object's properties; any other subject fails, as chai throws."""
    same = deep_equal if deep else strict_equal
    if isinstance(value, str):
        return js_string(member) in value
    if isinstance(value, list):
        return any(same(item, member) for item in value)
    if isinstance(value, dict) and isinstance(member, dict):
        return all(
            key in value and same(value[key], item) for key, item in member.items()
        )
    raise AssertionError(f"{js_string(value)} cannot include {js_string(member)}")


def one_of(value: Any, cases: Sequence[Any]) -> bool:
    """chai's ``oneOf``: ``===`` to one of the cases."""
    return any(strict_equal(value, case) for case in cases)


def is_empty(value: Any) -> bool:
    """chai's ``empty``: no characters, items or keys; other types fail, as chai throws."""
    if isinstance(value, (str, list, dict)):
        return len(value) == 0
    raise AssertionError(f".empty was passed {js_string(value)}")


def exists(value: Any) -> bool:
    """chai's ``exist``: neither ``null`` nor ``undefined``."""
    return value is not None and value is not MISSING


def truthy(value: Any) -> bool:
    """JavaScript truthiness: ``[]`` and ``{}`` are true, ``0``, ``""``, ``null`` false."""
    if value is MISSING or value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, (dict, list)):
        return True
    return bool(value)


def matches(value: Any, pattern: str, flags: int) -> bool:
    """chai's ``match`` (``RegExp.exec``): the regular expression searched in ``String(value)``."""
    return re.search(pattern, js_string(value), flags) is not None


def js_string(value: Any) -> str:
    """JavaScript's ``String(value)``."""
    if value is MISSING:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number_string(value)
    if isinstance(value, list):
        return ",".join(
            "" if item is None or item is MISSING else js_string(item) for item in value
        )
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _number_string(value: float) -> str:
    """A float as JavaScript prints a number: ``1.0`` is ``1``, ``1e21`` is ``1e+21``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    mantissa, _, exponent = text.partition("e")
    if not exponent:
        return text
    sign = "-" if exponent.startswith("-") else "+"
    return f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"


def schema_errors(value: Any, schema: Any, draft: str) -> list[str]:
    """What ``value`` breaks of a JSON Schema (``jsonSchema``, ``ajv``: draft-07; ``tv4``:
    draft-04); the test skips where the ``jsonschema`` package is not installed."""
    import pytest

    try:
        jsonschema = importlib.import_module("jsonschema")
    except ImportError:
        pytest.skip("checking a JSON Schema needs the jsonschema package")
    validator = (
        jsonschema.Draft4Validator
        if draft == "draft-04"
        else jsonschema.Draft7Validator
    )
    found = validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(
        value
    )
    return sorted(error.message for error in found)
