"""Descriptions as docstring text: the HTML some collections write in them made plain.

Postman renders descriptions as Markdown, which allows HTML, and some vendors write theirs
in it (PayPal: ``<p>``, ``<code>``, ``<a href>``, whole tables). In a docstring that is
noise, so the common tags become what a person would have typed: paragraphs and line
breaks, ```code```, ``- `` list items, table rows with ``|`` between cells, and links as
``text (url)``; character references are decoded. Only those tags are touched: any other
``<...>`` (``GET /users/<id>``) stays as it was written, and a description without them
is returned unchanged.

Postman descriptions are Markdown written with hard line breaks, and the docstring
templates wrap each line on its own: a paragraph's lines are joined first (``paragraphs``),
so that the wrapping gives even lines. Only prose lines are joined; a line that Markdown
lays out on its own keeps its line: blank lines between paragraphs, list items (``- ``,
``* ``, ``+ ``, ``1. ``, ``1) ``), headings, table rows (``|``), block quotes, rules,
fenced (```` ``` ````, ``~~~``) and indented (four spaces, a tab) code, ``<pre>`` blocks,
and a line ending in a Markdown hard break (two spaces, a backslash).

A description is untrusted text of any length, so everything here is linear in it: the tags
are found by one pattern that never scans past the next ``<`` (a tag whose attributes hold
``<`` or ``>`` stays text), not by ``html.parser``, which backtracks over unclosed tags
(``<a <a <a ...``: quadratic) and raises on some (``<![``); a paragraph's lines are
collected and joined once.
"""

from __future__ import annotations

import html
import re

_BLOCKS = frozenset({"p", "div", "ul", "ol", "table", "pre", "blockquote", "dl"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE = frozenset({"b", "strong", "i", "em", "u", "span", "small", "sup", "sub", "tt"})
_ROWS = frozenset({"tr", "thead", "tbody", "tfoot", "dt", "dd"})
_CELLS = frozenset({"td", "th"})
_KNOWN = _BLOCKS | _HEADINGS | _INLINE | _ROWS | _CELLS | {"br", "hr", "li", "code", "a"}
# A known start, end or self-closing tag: its attributes end at the first ``<`` or ``>``,
# so no start scans past the next one (linear however many tags are left unclosed)
_KNOWN_TAG = re.compile(rf"<(/?)({'|'.join(sorted(_KNOWN))})(?=[\s/>])([^<>]*)>", re.IGNORECASE)
_MARKUP = re.compile(f"<!--|{_KNOWN_TAG.pattern}", re.IGNORECASE)  # and a comment's start
_HREF = re.compile(r"""(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
# What html.unescape replaces (its own pattern), found here so that a numeric reference
# too long to be a code point is not given to int() (over 4,300 digits it raises)
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_CODE_POINT_DIGITS = 8  # 0x10FFFF is 7 decimal digits: more can only be U+FFFD
_PARAGRAPH = "\0p\0"  # a paragraph break; runs of them collapse into one
_LINE = "\0l\0"  # a line break


# A line Markdown lays out on its own: a list item, heading, quote, table row or rule
_OWN_LINE = re.compile(
    r"\s{0,3}(?:[-*+]\s|[0-9]{1,9}[.)]\s|#{1,6}(?:\s|$)|>|\||([-*_])(?:\s*\1){2,}\s*$)"
)
_FENCE = re.compile(r"\s{0,3}(```|~~~)")
_INDENTED = re.compile(r"(?: {4}|\t)")
_PRE_START = re.compile(r"<pre\b", re.IGNORECASE)
_PRE_END = re.compile(r"</pre>", re.IGNORECASE)


def plain(text: str) -> str:
    """``text`` with its paragraphs' lines joined and its common HTML tags written as plain
    text (see the module doc)."""
    text = paragraphs(text)
    if not _KNOWN_TAG.search(text):
        return text
    converter = _Converter()
    last_close = text.rfind("-->")
    position = 0
    while (markup := _MARKUP.search(text, position)) is not None:
        converter.data(text[position : markup.start()])
        position = markup.end()
        if markup.group() != "<!--":
            closing, name, attributes = markup.group(1, 2, 3)
            converter.tag(name.lower(), closing=bool(closing), attributes=attributes)
        elif position <= last_close:  # a comment, dropped; the first -->, found once
            position = text.index("-->", position) + 3
        else:  # never closed: text
            converter.data(markup.group())
    converter.data(text[position:])
    return _laid_out("".join(converter.out))


class _Converter:
    """The plain text of a sequence of known tags and the text between them."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.size = 0  # characters in out
        self.last_text = -1  # the index in out of the last part that is not all spaces
        # (href, where its text starts in out, out's size then) of each open link
        self.links: list[tuple[str, int, int]] = []
        self.cells = 0  # cells written in the current table row

    def tag(self, name: str, *, closing: bool, attributes: str) -> None:
        if closing:
            self._end(name)
        else:
            self._start(name, attributes)

    def data(self, text: str) -> None:
        if text:
            self._append(_unescaped(text))

    def _append(self, part: str) -> None:
        self.out.append(part)
        self.size += len(part)
        if part and not part.isspace():
            self.last_text = len(self.out) - 1

    def _start(self, name: str, attributes: str) -> None:
        if name in _BLOCKS or name in _HEADINGS:
            self._append(_PARAGRAPH)
        elif name in ("br", "hr") or name in _ROWS:
            self._append(_LINE)
            self.cells = 0
        elif name == "li":
            self._append(_LINE + "- ")
        elif name in _CELLS:
            self._append(" | " if self.cells else "")
            self.cells += 1
        elif name == "code":
            self._append("`")
        elif name == "a":
            self.links.append((_href(attributes), len(self.out), self.size))

    def _end(self, name: str) -> None:
        if name in _BLOCKS or name in _HEADINGS:
            self._append(_PARAGRAPH)
        elif name == "code":
            self._append("`")
        elif name == "a" and self.links:
            href, start, size = self.links.pop()
            label = self._label(start, self.size - size, len(href))
            if href and href != label:
                self._append(f" ({href})" if label != "" else href)

    def _label(self, start: int, size: int, wanted: int) -> str | None:
        """A link's text from ``out[start]`` on, stripped; None if it is longer than one
        that could be its address (``wanted`` characters and some spaces): links nested
        unclosed would otherwise each join the text of all those inside them."""
        if self.last_text < start:
            return ""
        if size > 4 * wanted + 256:
            return None
        return "".join(self.out[start:]).strip()


def _href(attributes: str) -> str:
    """The ``href`` of a link's attributes, its character references decoded; else ``""``."""
    found = _HREF.search(attributes)
    if found is None:
        return ""
    return _unescaped(next(value for value in found.groups() if value is not None))


def _unescaped(text: str) -> str:
    """``text`` with its character references decoded, as ``html.unescape`` does."""
    return _CHARREF.sub(_character, text) if "&" in text else text


def _character(reference: re.Match[str]) -> str:
    digits = reference.group(1).lstrip("#xX").rstrip(";").lstrip("0")
    if reference.group(1).startswith("#") and len(digits) > _CODE_POINT_DIGITS:
        return "\ufffd"  # beyond U+10FFFF, as html.unescape says of any such number
    return html.unescape(reference.group())


def _laid_out(text: str) -> str:
    """The markers as line breaks: no blank line twice, no space at a line's ends, and
    ``&nbsp;`` a plain space (a docstring would show it as ``\\u00a0``)."""
    paragraphs = []
    text = text.replace("\xa0", " ")
    for paragraph in text.split(_PARAGRAPH):  # the lines' ends are stripped below
        lines = [line.strip() for line in paragraph.split(_LINE)]
        kept = "\n".join(line for line in lines if line)
        if kept:
            paragraphs.append(kept)
    return "\n\n".join(paragraphs)


def paragraphs(text: str) -> str:
    """``text`` with the lines of each Markdown paragraph joined by a space (see the module
    doc for the lines that stay lines); runs of blank lines become one."""
    if "\n" not in text:
        return text
    out: list[list[str]] = []  # each line as its parts: a paragraph is joined once, at the end
    joinable = False  # whether the last line of ``out`` is prose the next line may join
    fence: str | None = None  # the fence of the code block being copied, "pre" for <pre>
    for line in text.splitlines():
        stripped = line.strip()
        if fence is not None:
            out.append([line])
            if (fence == "pre" and _PRE_END.search(line)) or (
                fence != "pre" and stripped.startswith(fence)
            ):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening or (_PRE_START.search(line) and not _PRE_END.search(line)):
            fence = opening.group(1) if opening else "pre"
            out.append([line])
            joinable = False
        elif not stripped:
            if out and out[-1] != [""]:
                out.append([""])
            joinable = False
        elif _INDENTED.match(line) and not joinable:
            out.append([line.rstrip()])
        elif joinable and not _OWN_LINE.match(line) and " | " not in stripped:
            _join(out[-1], stripped)
            joinable = not _hard_break(line)
        else:
            out.append([line.rstrip()])
            own = _OWN_LINE.match(line)
            closed = own is not None and (own.group(1) or stripped.startswith(("#", "|")))
            joinable = not (closed or _hard_break(line) or " | " in line)
    while out and out[-1] == [""]:
        out.pop()
    return "\n".join(" ".join(parts) for parts in out)


def _join(parts: list[str], stripped: str) -> None:
    """Add a line to the parts of the line it continues, without the previous part's hard
    break (a trailing backslash) and the space before it."""
    last = parts[-1].rstrip("\\").rstrip()
    if last or len(parts) == 1:
        parts[-1] = last
    else:
        parts.pop()
    parts.append(stripped)


def _hard_break(line: str) -> bool:
    """A Markdown hard line break at the end of ``line``: two spaces or a backslash."""
    return line.endswith(("  ", "\\"))
