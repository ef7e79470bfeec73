"""One generated test case per saved example, and the data file a test module reads them from.

A module's cases are written as JSON (``tests/examples/<module>.json``), not as Python
literals: black never parses a saved body (on a 1,000-operation API with an example for
every response, that parse was the largest share of generation time), and a reader sees
each body as the JSON it is. The file is an object keyed ``<request> / <example name>``
(the pytest id of the case), in the order of the tests; each body keeps its own key order;
two-space indentation and a final newline, so that a changed example changes only its own
lines. Text is written as UTF-8 (``ensure_ascii=False``: a body reads as saved; the loader
has already replaced any lone surrogate, which UTF-8 cannot carry, by U+FFFD).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from generator.emit.declared_credentials import Credential
from generator.emit.layout import Brackets
from generator.emit.parameters import wire_text
from generator.emit.plan import Method, media_kind
from generator.escaping import py_bytes, py_str
from generator.ir import JsonValue
from generator.json_layout import LayoutMemo, document_text

# A Python literal, or a call of one (``json.loads("...")``) that black may split
Argument = str | Brackets


@dataclass(frozen=True)
class JsonArgument:
    """A JSON body argument, as its JSON text (passed as ``json.loads(text)``)."""

    text: str


@dataclass(frozen=True)
class FileArgument:
    """A file to upload, as ``(name, content)``: the file name the collection's form part
    saves (``src``), so that the test can check the name sent."""

    name: str
    content: bytes


# A value a test passes for a parameter: written as a literal in a script test, as data in
# the example cases (bytes as their UTF-8 text, named in the case's ``binary``; a file as
# ``[name, content]``, named in its ``files``)
ArgumentValue = (
    str | int | float | bool | bytes | None | JsonArgument | FileArgument | list["ArgumentValue"]
)


@dataclass(frozen=True)
class ExampleTest:
    """Everything one generated test case needs, every value already chosen."""

    call: str
    method: Method
    arguments: tuple[tuple[str, ArgumentValue], ...]  # parameter name -> its value
    path: str
    query: tuple[tuple[str, str], ...]
    json_body: str | None
    status: int
    content_type: str
    body: str
    # "model", "json" (parsed JSON), "text", "bytes", "empty" (decoded as None), "none"
    # (the method returns None), "error", "request" (only the status is checkable)
    expect: str
    error_class: str | None
    example: str | None = None  # the saved example's name; None: no example answers it
    example_path: str | None = None  # its JSON path in the collection: names it exactly
    key: str = ""  # its case's key in the module's data file: ``<request> / <example>``
    # the credentials the collection declares for the request, as sent with the tests'
    # values (``declared_credentials``); None: the collection does not fix them
    credentials: tuple[Credential, ...] | None = ()

    @property
    def literals(self) -> tuple[tuple[str, Argument], ...]:
        """The arguments as Python source (a script test writes its call)."""
        return tuple((name, literal_of(value)) for name, value in self.arguments)


def literal_of(value: ArgumentValue) -> Argument:
    """An argument as Python source: a literal, a list of them, ``json.loads`` of a body."""
    if isinstance(value, JsonArgument):
        return Brackets("json.loads(", (py_str(value.text),), ")")
    if isinstance(value, list):
        return Brackets("[", tuple(literal_of(item) for item in value), "]", "collection")
    if isinstance(value, bytes):
        return py_bytes(value)
    if isinstance(value, FileArgument):
        return Brackets("(", (py_str(value.name), py_bytes(value.content)), ")", "collection")
    return py_str(value) if isinstance(value, str) else repr(value)


def unique_keys(keys: Sequence[str]) -> list[str]:
    """The keys, a repeated one numbered from its second use on (``... / Ok (2)``)."""
    taken = set(keys)
    seen: set[str] = set()
    unique = []
    for key in keys:
        number, candidate = 1, key
        while candidate in seen or (number > 1 and candidate in taken):
            number += 1
            candidate = f"{key} ({number})"
        seen.add(candidate)
        unique.append(candidate)
    return unique


def cases_text(tests: Sequence[ExampleTest], layout: LayoutMemo | None = None) -> str:
    """The data file of a module's cases, as ``json.dumps(cases, ensure_ascii=False,
    indent=2)`` writes it: by ``document_text``, each case a part remembered in ``layout``,
    so that a regeneration encodes again (with Python's slow indented encoder) only the
    changed cases."""
    cases = {test.key: _case(test) for test in tests}
    return document_text(cases, layout, split_depth=1)


def _case(test: ExampleTest) -> dict[str, JsonValue]:
    """One case as data: the call and its arguments, what it must send, what answers it
    and what the call must give."""
    case: dict[str, JsonValue] = {
        "request": test.call.removeprefix("client."),
        "example": test.example,
        "place": test.example_path,
        "expect": test.expect,
    }
    if test.error_class is not None:
        case["error"] = test.error_class
    case["arguments"] = {name: _data(value) for name, value in test.arguments}
    binary: list[JsonValue] = [name for name, value in test.arguments if isinstance(value, bytes)]
    if binary:
        case["binary"] = binary
    files: list[JsonValue] = [n for n, value in test.arguments if isinstance(value, FileArgument)]
    if files:
        case["files"] = files
    sent: dict[str, JsonValue] = {"method": test.method.http_method, "path": test.path}
    sent["query"] = [[key, value] for key, value in test.query]
    credentials = test.credentials
    sent["credentials"] = None if credentials is None else [list(c) for c in credentials]
    if test.json_body is not None:
        sent["json"] = json.loads(test.json_body)
    if test.method.body_kind in ("form", "files"):
        sent.update(_form_sent(test))
    case["sent"] = sent
    case["status"] = test.status
    case["content_type"] = test.content_type
    case.update(_served_body(test))
    return case


def _form_sent(test: ExampleTest) -> dict[str, JsonValue]:
    """The form body the call must send: multipart for a form-data body (as Postman sends
    one, with or without files), else urlencoded; its fields as ``[key, text]`` pairs in
    the order of the method's parameters (a list's items under its key, or ``key[i]`` for
    an indexed one), and its files as ``[key, file name, content]``."""
    given = dict(test.arguments)
    fields: list[JsonValue] = []
    files: list[JsonValue] = []
    for parameter in test.method.parameters:
        value = given.get(parameter.name)
        if value is None:
            continue
        if parameter.location == "file" and isinstance(value, FileArgument):
            content = value.content.decode("utf-8", "surrogateescape")
            files.append([parameter.key, value.name, content])
        elif parameter.location == "form":
            items = value if isinstance(value, list) else [value]
            keys = [
                f"{parameter.key}[{index}]" if parameter.style == "indexed" else parameter.key
                for index in range(len(items))
            ]
            fields += [[key, wire_text(item)] for key, item in zip(keys, items, strict=True)]
    return {"form": fields, "files": files, "multipart": test.method.body_kind == "files"}


def _served_body(test: ExampleTest) -> dict[str, JsonValue]:
    """The body that answers the call: ``{"json": value}`` when it is JSON (``served``
    wrote it as ``json.dumps(value)``, which the test serves again), else ``{"text": text}``
    as served."""
    if media_kind(test.content_type) == "json" and test.body.strip():
        try:
            return {"json": json.loads(test.body)}
        except ValueError:
            pass
    return {"text": test.body}


def _data(value: ArgumentValue) -> JsonValue:
    """An argument as JSON data (a body as its value, bytes as their UTF-8 text)."""
    if isinstance(value, JsonArgument):
        parsed: JsonValue = json.loads(value.text)
        return parsed
    if isinstance(value, list):
        return [_data(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    if isinstance(value, FileArgument):
        return [value.name, value.content.decode("utf-8", "surrogateescape")]
    return value
