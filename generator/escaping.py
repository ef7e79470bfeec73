"""The one escaping layer between collection strings and generated Python source.

A collection is untrusted input: a request name, a description, a JSON key or a header
value can hold quotes, triple quotes, backslashes, newlines, U+2028, NUL, Jinja syntax or
Python code. Every such string reaches a template through one of these functions (they
are the Jinja filters ``py_str``, ``identifier``, ``docstring`` and ``comment``, and
``toml_str`` for pyproject.toml), and each returns text that Python (or TOML) reads back as
exactly the data, never as code. In Markdown (the generated README), ``markdown`` and
``markdown_code`` make it text that renders as the data, never as markup.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

from generator.terminal import printable

# What a quoted literal and a docstring write instead of these characters (the quotes
# themselves are escaped last, as the string needs).
_LITERAL_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_DOCSTRING_ESCAPES = {"\\": "\\\\", "\n": "\n"}
# Categories that must never appear raw in source: controls, format characters (bidi
# overrides), line/paragraph separators, surrogates, private use and unassigned.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Printable ASCII: text made only of it (most text) needs no escape but for the quote and
# the backslash; checking that in one regex pass keeps rendering fast.
_PRINTABLE_ASCII = re.compile(r"[ -~]*")
_PRINTABLE_ASCII_LINES = re.compile(r"[ -~\n]*")
# A string literal as ``py_str`` (either quotes) or ``py_bytes`` (after its ``b``) writes it,
# for code that looks at generated text outside its strings
LITERAL = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")


def py_str(text: str) -> str:
    """A Python string literal whose value is ``text``, quoted as black quotes it: in double
    quotes, unless single quotes need fewer backslashes (so black has nothing to change)."""
    return _quoted(text, "'" if text.count("'") < text.count('"') else '"')


def toml_str(text: str) -> str:
    """A TOML basic string whose value is ``text``: always double quotes, as TOML's
    single-quoted strings are literal (no escapes)."""
    return _quoted(text, '"')


def py_bytes(data: bytes) -> str:
    """A bytes literal whose value is ``data``: printable ASCII as is, the rest escaped."""
    body = "".join(
        chr(byte) if 0x20 <= byte < 0x7F and byte not in b'"\\' else f"\\x{byte:02x}"
        for byte in data
    )
    return f'b"{body}"'


def identifier(name: str) -> str:
    """``name`` unchanged when it is a safe Python identifier; anything else is a postc bug."""
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"not a safe identifier: {name!r}")
    return name


def docstring(text: str) -> str:
    """The body of a triple-quoted docstring that reads back as ``text`` (trimmed).

    Backslashes are escaped, and the quotes that could close the string early (three in a
    row, or at the end), so no escape sequence changes the text; unsafe characters become
    ``\\u`` escapes; lines keep their text, trailing spaces dropped.
    """
    lines = [line.rstrip() for line in text.strip().splitlines()]
    body = "\n".join(lines)
    return _CLOSING_QUOTES.sub(_backslashed, _escaped(body, _DOCSTRING_ESCAPES))


# Quotes that could end a docstring early: three in a row, or any at its very end (before
# the closing ones); a lone quote inside stays as written, as a person writes it.
_CLOSING_QUOTES = re.compile(r'"{3,}|"+$')


def _backslashed(match: re.Match[str]) -> str:
    return '\\"' * len(match.group(0))


def comment(text: str) -> str:
    """One line of text safe to follow a ``#``: line breaks become spaces."""
    flat = " ".join(text.split())
    return "".join(char if _is_safe(char) else " " for char in flat)


def _quoted(text: str, quote: str) -> str:
    """``text`` between ``quote`` characters, escaped for a Python (or TOML) string."""
    if _PRINTABLE_ASCII.fullmatch(text):
        body = text.replace("\\", "\\\\")
    else:
        body = _escaped(text, _LITERAL_ESCAPES)
    return quote + body.replace(quote, "\\" + quote) + quote


def _escaped(text: str, short: dict[str, str]) -> str:
    """``text`` with ``short``'s characters replaced and the unsafe ones as ``\\u`` escapes."""
    if _PRINTABLE_ASCII_LINES.fullmatch(text):  # most text: only backslashes and breaks
        return text.replace("\\", short["\\"]).replace("\n", short["\n"])
    return "".join(short.get(char) or _escape_char(char) for char in text)


def _escape_char(char: str) -> str:
    if _is_safe(char):
        return char
    code = ord(char)
    # ``\\u`` even below 0x100: the same string in Python, and also a valid TOML string
    # (pyproject.toml quotes collection text with ``toml_str``; TOML has no ``\\x``).
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _is_safe(char: str) -> bool:
    return char == " " or (
        char.isprintable() and unicodedata.category(char) not in _UNSAFE_CATEGORIES
    )


# Characters that start Markdown (CommonMark and GitHub's extensions) anywhere in a line:
# escapes, code spans, emphasis, strikethrough, links and images, raw HTML, comments and
# autolinks, character references, table cells, math, headings; and the colon GitHub links
# a bare ``https:`` URL by (``www.`` is escaped too; an e-mail address stays a mailto: link,
# whatever escapes it has)
_MARKDOWN_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_~[]<>&|$#:"})
# What starts a block at the start of a line: a list item, a setext underline
_MARKDOWN_LINE_START = re.compile(r"[-+=]|\d{1,9}[.)]")
_BACKTICKS = re.compile(r"`+")


def markdown(text: str) -> str:
    """``text`` as Markdown that renders as exactly this text, on one line.

    Collection strings are not trusted Markdown: raw HTML, ``<!--``, links and images
    (``[x](javascript:...)``), headings and list items after a line break, table pipes
    and code spans would all be live. Line breaks become spaces, every character that can
    start markup is backslash-escaped, and controls, bidi and invisible characters show as
    ``\\u`` escapes (``generator.terminal``), so the text cannot hide or reorder itself.
    """
    flat = _one_line(text).translate(_MARKDOWN_ESCAPES).replace("www.", "www\\.")
    start = _MARKDOWN_LINE_START.match(flat)
    if start is None:
        return flat
    return flat[: start.end() - 1] + "\\" + flat[start.end() - 1 :]


def markdown_code(text: str, *, in_table: bool = False) -> str:
    """A Markdown code span showing ``text`` as it is, on one line (nothing in a code span
    is markup but the backticks that close it: the span's own fence is longer than any run
    of backticks in the text). ``in_table``: pipes are escaped as GitHub's tables need,
    even inside code spans."""
    flat = _one_line(text)
    if not flat:
        return ""
    if in_table:
        flat = flat.replace("|", "\\|")
    fence = "`" * (max(map(len, _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _one_line(text: str) -> str:
    """``text`` with every run of whitespace (line breaks too) as one space, and the
    characters that would hide or reorder it made visible."""
    return printable(" ".join(text.split()))
