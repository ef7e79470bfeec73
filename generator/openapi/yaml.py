"""A small YAML 1.2 writer of JSON data (``postc openapi --format yaml``), so that PyYAML
need not be a runtime dependency.

Block style, two spaces a level. Whatever a YAML reader could take for another type or
for syntax is double-quoted: a string is written plain only when it starts with a
letter, holds only letters, digits and ``_ . / -``, and is none of the words YAML 1.1 or
1.2 read as a boolean or null (``yes``, ``off``, ``null``, ...); every other string,
keys included, is a double-quoted JSON string, each character Python does not call
printable escaped (``\\uXXXX``, ``\\UXXXXXXXX`` beyond the BMP): those YAML does not allow
raw (controls, ``U+0085``, line and paragraph separators, surrogates, ``U+FEFF``,
non-characters) and those a terminal would act on, so that the document printed
(``generator.terminal.printable`` would write a character beyond the BMP as a JSON
surrogate pair, which YAML does not join) is the document written. A float always has a
``.`` (``1.0e+100``): YAML 1.1 readers take ``1e+100`` for a string. Empty objects and
arrays are ``{}`` and ``[]``.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*")
_SPECIAL_WORDS = frozenset(
    {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
)
INDENT = "  "


def dumps(value: Any) -> str:
    """``value`` (JSON data) as a YAML document, ending with a newline."""
    return "\n".join(_lines(value, "")) + "\n"


def _lines(value: Any, indent: str) -> list[str]:
    """A value's lines at ``indent``: a scalar or empty collection is one line."""
    if isinstance(value, dict) and value:
        lines = []
        for key, item in value.items():
            head = f"{indent}{_string(str(key))}:"
            if _inline(item):
                lines.append(f"{head} {_scalar(item)}")
            else:
                lines.append(head)
                lines += _lines(item, indent + INDENT)
        return lines
    if isinstance(value, list) and value:
        lines = []
        for item in value:
            if _inline(item):
                lines.append(f"{indent}- {_scalar(item)}")
                continue
            nested = _lines(item, indent + INDENT)
            lines.append(f"{indent}- {nested[0][len(indent) + len(INDENT) :]}")
            lines += nested[1:]
        return lines
    return [indent + _scalar(value)]


def _inline(value: Any) -> bool:
    return not isinstance(value, dict | list) or not value


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if isinstance(value, float):
        text = json.dumps(value)
        mantissa, e, exponent = text.partition("e")
        return f"{mantissa}.0{e}{exponent}" if e and "." not in mantissa else text
    return json.dumps(value)  # int, bool, None


def _string(text: str) -> str:
    if _PLAIN.fullmatch(text) and text.lower() not in _SPECIAL_WORDS:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    if quoted.isprintable():
        return quoted
    return "".join(char if char.isprintable() else _escape(char) for char in quoted)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
