"""Names of the error classes made from the error codes of saved examples (issue 16).

A per-code class is worth having only for a code the API really sends: a placeholder of an
OpenAPI export (``<string>``), a Postman variable (``{{code}}``), a number (often the
status again) or prose gives none; the status class (``BadRequestError``, ...) still
applies and ``error.code`` still holds the text. And no class may read as a class of the
runtime: ``ValidationError`` is the runtime's, and ``ValidationError400`` would read as
it; a code spelling a runtime name is said with its status phrase first
(``BadRequestValidationError``), else gets no class.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from http import HTTPStatus

from generator.naming.identifiers import class_name, join_class_names
from generator.naming.reserved import MODULE_SCOPE

# An error code: a word of letters, digits and ``_.-`` starting with a letter, at most 64
# characters (``invalid_request``, ``AUTHENTICATION_FAILURE``, ``E.1234``); placeholders
# (``<string>``), variables (``{{code}}``), numbers and prose are none.
_ERROR_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{1,63}")
# The type words openapi-to-postman writes where an example has no value.
_PLACEHOLDER_WORDS = frozenset({"string", "integer", "number", "boolean", "object", "array"})
_NUMBERED = re.compile(r"(?P<name>.*?)[0-9_]+")


def is_error_code(value: object) -> bool:
    """Whether a body's ``code`` is a code the API sends, not a placeholder or prose."""
    return (
        isinstance(value, str)
        and _ERROR_CODE.fullmatch(value) is not None
        and value.lower() not in _PLACEHOLDER_WORDS
    )


def reads_as(name: str, names: Collection[str]) -> bool:
    """Whether ``name`` is one of ``names`` or one of them with a number after it
    (``ValidationError400`` reads as ``ValidationError``)."""
    if name in names:
        return True
    numbered = _NUMBERED.fullmatch(name)
    return numbered is not None and numbered["name"] in names


def error_class_name(code: str, status: int, taken: Collection[str]) -> str | None:
    """The class of an error code: the code (``InvalidRequest``); if that is taken, the
    status phrase and the code (``BadRequestValidationError``), then the code and the status
    (``InvalidRequest422``); never a name in ``taken`` or one that reads as a name of the
    runtime. None when every candidate is refused."""
    name = class_name(code)
    candidates = [name, join_class_names(_phrase(status), name), class_name(code, str(status))]
    for candidate in candidates:
        if candidate not in taken and not reads_as(candidate, MODULE_SCOPE):
            return candidate
    return None


def _phrase(status: int) -> str:
    try:
        return class_name(HTTPStatus(status).phrase)
    except ValueError:
        return class_name("Status", str(status))
