"""Parse the JSON texts a collection carries, as people actually write them.

Example and raw bodies are typed or pasted by hand: they may start with a BOM, come
wrapped as JSONP, hold comments or trailing commas, or be cut short. ``parse_json_text``
forgives the first four, records which it forgave, and never raises: a body postc cannot
read is kept as text. ``loads_strict`` is the strict parser behind it, with errors in
plain words; ``source`` uses it for whole files.

A body is a string inside the collection, so the nesting limit of the file does not bound
it: a body whose arrays and objects nest deeper than ``MAX_NESTING`` is kept as text
("nested deeper than 900 levels"), whoever parses it; a shallower one is parsed, on a
fresh stack when the caller's own could not take it (``json``'s C parser counts its levels
against the caller's recursion limit). Every later stage handles that depth.

The scanners below are small state machines (in code, in a string, in a comment) that
jump from one interesting character to the next, so they run in linear time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from generator.ir import JsonDocument, JsonValue

MAX_NESTING = 900
"""Nesting always parsed (on a fresh thread, whose stack takes ~990 levels); a file may nest
a little deeper, a body nested deeper is text."""


class JsonSyntaxError(ValueError):
    """Why a text is not JSON, in plain words; ``line`` and ``column`` are 1-based, 0 if unknown."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        """``line L, column C``, or ``""`` when the problem has no single position."""
        return f"line {self.line}, column {self.column}" if self.line else ""

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.line else self.message


def parse_json_text(text: str) -> JsonDocument:
    """``text`` parsed strictly if it can be, else after the repairs it needs; never raises.

    Repairs blank out what they remove (spaces, newlines kept), so an error found after
    them still points at the right line and column of ``text``.
    """
    if is_blank(text):
        return JsonDocument(text, parsed=False, error="empty")
    if nests_deeper(text, MAX_NESTING):
        return JsonDocument(text, parsed=False, error=f"nested deeper than {MAX_NESTING} levels")
    candidate = text
    repairs: list[str] = []
    outcome = _attempt(candidate)
    for name, repair in _REPAIRS:
        if not isinstance(outcome, JsonSyntaxError):
            break
        repaired = repair(candidate)
        if repaired is not None:
            candidate = repaired
            repairs.append(name)
            outcome = _attempt(candidate)
    if isinstance(outcome, JsonSyntaxError):
        error = "empty" if is_blank(candidate) else str(outcome)
        return JsonDocument(text, parsed=False, error=error)
    return JsonDocument(text, parsed=True, value=outcome.value, repairs=tuple(repairs))


def strip_json_comments(text: str) -> str:
    """``text`` without its ``//`` and ``/* */`` comments, everything else kept byte for byte.

    This is what Postman does to a raw JSON request body before sending it.
    """
    return _replace_spans(text, _comment_spans(text), lambda _: "")


def looks_like_json(text: str) -> bool:
    """Whether the first non-space character (after a BOM) opens an object or an array."""
    return _JSON_START.match(text) is not None


def is_blank(text: str) -> bool:
    """Whether ``text`` holds nothing but JSON whitespace."""
    return _BLANK.fullmatch(text) is not None


def loads_strict(text: str, *, subject: str = "text") -> JsonValue:
    """``json.loads`` as JavaScript's ``JSON.parse`` sees JSON: no NaN nor Infinity; a lone
    surrogate (``"\\ud800"``, which JSON allows and UTF-8 cannot encode) read as U+FFFD.

    Raises ``JsonSyntaxError`` in plain words; ``subject`` names the input in them
    ("unexpected end of file"). ``RecursionError`` passes through: how deep the parser
    can go depends on the caller's stack.
    """
    try:
        value: JsonValue = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(
            _explain(text, error.msg, error.pos, subject), error.lineno, error.colno
        ) from None
    except _NonFiniteNumberError as error:
        where = _first_outside_strings(text, _NON_FINITE_SCAN, lambda _: True)
        raise _at(text, where, f"{error.args[0]} is not a JSON value") from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        where = _first_outside_strings(text, _NUMBER_SCAN, _refused_integer)
        raise _at(text, where, "integer with too many digits to read") from None
    return _without_surrogates(value) if _SURROGATE_ESCAPE.search(text) else value


def _without_surrogates(value: JsonValue) -> JsonValue:
    """``value`` with every lone surrogate in its strings and keys replaced by U+FFFD, as a
    UTF-8 decoder replaces a byte it cannot read: postc writes UTF-8 files, and names,
    descriptions and bodies all reach one. (``json`` joins an escaped pair into one
    character: a surrogate left is a lone one.) Walked with a stack: JSON may nest as deep
    as the parser went."""
    if isinstance(value, str):
        return _scalar_text(value)
    stack = [value] if isinstance(value, list | dict) else []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            pairs = list(node.items())
            node.clear()  # filled again in order, its keys replaced too
            for key, item in pairs:
                node[_scalar_text(key)] = _scalar_text(item) if isinstance(item, str) else item
            children = list(node.values())
        else:
            node[:] = [_scalar_text(item) if isinstance(item, str) else item for item in node]
            children = node
        stack.extend(child for child in children if isinstance(child, list | dict))
    return value


def _scalar_text(text: str) -> str:
    """``text`` with its lone surrogates as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


class _Parsed:
    """A successful parse (its value may be None: the JSON ``null``)."""

    def __init__(self, value: JsonValue) -> None:
        self.value = value


class _NonFiniteNumberError(Exception):
    """NaN, Infinity or -Infinity met outside a string."""


def _reject_constant(literal: str) -> JsonValue:
    raise _NonFiniteNumberError(literal)


def _refused_integer(number: re.Match[str]) -> bool:
    """Whether ``number`` is an integer literal Python refuses to convert (too many digits)."""
    try:
        int(number.group())
    except ValueError:
        return number.group().isdigit()
    return False


def loads_on_fresh_stack(text: str, *, subject: str = "text") -> JsonValue:
    """``loads_strict`` on a new thread: its empty stack lets the C parser go as deep as the
    recursion limit allows (~990 levels), however deep the caller already is."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="postc-json") as pool:
        return pool.submit(loads_strict, text, subject=subject).result()


def _attempt(text: str) -> _Parsed | JsonSyntaxError:
    """Parse ``text`` (nested at most ``MAX_NESTING`` deep), turning every failure into a
    value rather than an exception."""
    try:
        try:
            return _Parsed(loads_strict(text))
        except RecursionError:  # the caller's stack was already deep
            return _Parsed(loads_on_fresh_stack(text))
    except JsonSyntaxError as error:
        return error


def nests_deeper(text: str, limit: int) -> bool:
    """Whether the arrays and objects of JSON ``text`` (brackets outside strings) nest
    deeper than ``limit``; counted only when there are that many brackets at all."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _outside_strings(text, _BRACKET_SCAN, len(text)):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > limit:
            return True
    return False


# --- repairs: each returns the repaired text, or None when it does not apply -------------


def _without_bom(text: str) -> str | None:
    return " " + text[1:] if text.startswith("\ufeff") else None


def _without_jsonp(text: str) -> str | None:
    """``callback({...});``, maybe after ``/**/`` (servers add it against content sniffing)."""
    head = _JSONP_HEAD.match(text)
    if head is None:
        return None
    body = text.rstrip(_WHITESPACE)
    if body.endswith(";"):
        body = body[:-1].rstrip(_WHITESPACE)
    if not body.endswith(")"):
        return None
    close = len(body) - 1
    return _blank(text[: head.end()]) + text[head.end() : close] + _blank(text[close:])


def _without_comments(text: str) -> str | None:
    spans = list(_comment_spans(text))
    return _replace_spans(text, spans, _blank) if spans else None


def _without_trailing_commas(text: str) -> str | None:
    commas = [(start, start + 1) for start in _trailing_commas(text)]
    return _replace_spans(text, commas, _blank) if commas else None


_REPAIRS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("bom", _without_bom),
    ("jsonp", _without_jsonp),
    ("comments", _without_comments),
    ("trailing-commas", _without_trailing_commas),
)


# --- scanners ------------------------------------------------------------------------------

_WHITESPACE = " \t\r\n"
_BLANK = re.compile(r"[ \t\r\n]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
# What a text that yields a lone surrogate holds: its escape, or the character itself
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_JSON_START = re.compile(r"\ufeff?\s*[{\[]")
_JSONP_HEAD = re.compile(r"[ \t\r\n]*(?:/\*\*/[ \t\r\n]*)?[A-Za-z_$][\w$.]*[ \t\r\n]*\(")
_QUOTE_OR_BACKSLASH = re.compile(r'["\\]')
_QUOTE_OR_COMMENT = re.compile(r'"|/[/*]')
_LINE_BREAK = re.compile(r"[\r\n]")
_CLOSER_AHEAD = re.compile(r"[ \t\r\n]*[}\]]")
_COMMA_SCAN = re.compile(r'[",]')
_NON_FINITE_SCAN = re.compile(r'"|-?Infinity|NaN')
_NUMBER_SCAN = re.compile(r'"|[0-9][0-9.eE+-]*')
_BRACKET_SCAN = re.compile(r'["\[\]{}]')


def _string_end(text: str, start: int) -> int:
    """Index just past the string literal opening at ``start``; the end of text if unclosed."""
    pos = start + 1
    while (match := _QUOTE_OR_BACKSLASH.search(text, pos)) is not None:
        if match.group() == '"':
            return match.end()
        pos = match.end() + 1  # the escaped character, whatever it is
    return len(text)


def _outside_strings(text: str, scan: re.Pattern[str], end: int) -> Iterator[re.Match[str]]:
    """Matches of ``scan`` before ``end`` and outside string literals; ``scan`` must match '"'."""
    pos = 0
    while (match := scan.search(text, pos, end)) is not None:
        if match.group() == '"':
            pos = _string_end(text, match.start())
        else:
            yield match
            pos = match.end()


def _first_outside_strings(
    text: str, scan: re.Pattern[str], wanted: Callable[[re.Match[str]], bool]
) -> int | None:
    matches = _outside_strings(text, scan, len(text))
    return next((match.start() for match in matches if wanted(match)), None)


def _comment_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each comment outside strings; an unclosed one runs to the end of text."""
    pos = 0
    while (match := _QUOTE_OR_COMMENT.search(text, pos)) is not None:
        start = match.start()
        if match.group() == '"':
            pos = _string_end(text, start)
            continue
        if match.group() == "//":
            line_break = _LINE_BREAK.search(text, start)
            pos = line_break.start() if line_break else len(text)
        else:
            close = text.find("*/", start + 2)
            pos = close + 2 if close >= 0 else len(text)
        yield start, pos


def _trailing_commas(text: str) -> Iterator[int]:
    """Positions of commas between a value and a closing bracket (``[1,]`` but not ``[,]``)."""
    for match in _outside_strings(text, _COMMA_SCAN, len(text)):
        if _CLOSER_AHEAD.match(text, match.end()) and _follows_value(text, match.start()):
            yield match.start()


def _follows_value(text: str, pos: int) -> bool:
    return _previous_significant(text, pos) not in ("", "[", "{", ",")


def _replace_spans(
    text: str, spans: Iterable[tuple[int, int]], replace: Callable[[str], str]
) -> str:
    pieces: list[str] = []
    pos = 0
    for start, end in spans:
        pieces += (text[pos:start], replace(text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _blank(segment: str) -> str:
    """``segment`` as spaces, its newlines kept: removing it moves no line or column."""
    return "\n".join(" " * len(line) for line in segment.split("\n"))


# --- errors in plain words -----------------------------------------------------------------

_CAN_END_EARLY = frozenset(
    {
        "Expecting value",
        "Expecting ',' delimiter",
        "Expecting ':' delimiter",
        "Expecting property name enclosed in double quotes",
    }
)
_WORD = re.compile(r"[A-Za-z_$][\w$]{0,19}")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _explain(text: str, msg: str, pos: int, subject: str) -> str:
    """The json module's message for the error at ``pos``, said the way an editor needs it."""
    if msg.startswith("Unterminated string"):
        return f"the {subject} ends inside this string (truncated JSON?)"
    if msg in _CAN_END_EARLY and _BLANK.fullmatch(text, pos):
        return f"unexpected end of {subject} (truncated JSON?)"
    found = _describe(text, pos, subject)
    before = _previous_significant(text, pos)
    closing = text[pos : pos + 1] in ("]", "}")
    if msg.startswith("Illegal trailing comma") or (before == "," and closing):
        return "trailing comma (JSON allows none before '}' or ']')"
    if msg == "Expecting value" or msg.startswith("Unexpected UTF-8 BOM"):
        if not before:
            return f"not JSON: expected '{{' or '[', found {found}"
        return f"expected a value, found {found}"
    if msg.startswith("Expecting property name"):
        return f"expected a property name in double quotes, found {found}"
    if msg == "Expecting ':' delimiter":
        return f"expected ':' after the property name, found {found}"
    if msg == "Expecting ',' delimiter":
        return f"expected ',' or '{_enclosing_closer(text, pos)}', found {found}"
    if msg.startswith("Invalid control character"):
        char = text[pos]
        escape = _ESCAPES.get(char, f"\\u{ord(char):04x}")
        return f"raw control character U+{ord(char):04X} inside a string (write it as {escape})"
    if msg == "Invalid \\escape":
        return f"invalid escape '{text[pos : pos + 2]}' in a string"
    if msg.startswith("Invalid \\u"):
        return "invalid \\u escape in a string (expected 4 hex digits)"
    if msg == "Extra data":
        return f"unexpected {found} after the end of the JSON value"
    return msg


def _describe(text: str, pos: int, subject: str) -> str:
    """What the parser found at ``pos``: a word, a character, or the end."""
    if pos >= len(text):
        return f"the end of the {subject}"
    word = _WORD.match(text, pos)
    if word:
        return f"'{word.group()}'"
    char = text[pos]
    return repr(char) if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def _previous_significant(text: str, pos: int) -> str:
    """The last non-whitespace character before ``pos``, or ``""``."""
    index = pos - 1
    while index >= 0 and text[index] in _WHITESPACE:
        index -= 1
    return text[index] if index >= 0 else ""


def _enclosing_closer(text: str, pos: int) -> str:
    """The bracket that would close the array or object around ``pos``."""
    open_brackets: list[str] = []
    for match in _outside_strings(text, _BRACKET_SCAN, pos):
        if match.group() in "[{":
            open_brackets.append(match.group())
        elif open_brackets:
            open_brackets.pop()
    return "]" if open_brackets and open_brackets[-1] == "[" else "}"


def _at(text: str, pos: int | None, message: str) -> JsonSyntaxError:
    """A ``JsonSyntaxError`` at ``pos`` in ``text`` (no position when ``pos`` is None)."""
    if pos is None:
        return JsonSyntaxError(message)
    line = text.count("\n", 0, pos) + 1
    return JsonSyntaxError(message, line, pos - text.rfind("\n", 0, pos))
