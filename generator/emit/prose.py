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
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "ul", "ol", "table", "pre", "blockquote", "dl"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE = frozenset({"b", "strong", "i", "em", "u", "span", "small", "sup", "sub", "tt"})
_ROWS = frozenset({"tr", "thead", "tbody", "tfoot", "dt", "dd"})
_CELLS = frozenset({"td", "th"})
_KNOWN = _BLOCKS | _HEADINGS | _INLINE | _ROWS | _CELLS | {"br", "hr", "li", "code", "a"}
_KNOWN_TAG = re.compile(rf"</?({'|'.join(sorted(_KNOWN))})\b[^>]*>", re.IGNORECASE)
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
    converter.feed(text)
    converter.close()
    return _laid_out("".join(converter.out))


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[tuple[str, int]] = []  # (href, where its text starts in out)
        self.cells = 0  # cells written in the current table row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _KNOWN:
            self.out.append(self.get_starttag_text() or "")
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.out.append(_PARAGRAPH)
        elif tag in ("br", "hr") or tag in _ROWS:
            self.out.append(_LINE)
            self.cells = 0
        elif tag == "li":
            self.out.append(_LINE + "- ")
        elif tag in _CELLS:
            self.out.append(" | " if self.cells else "")
            self.cells += 1
        elif tag == "code":
            self.out.append("`")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.out)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _KNOWN:
            self.handle_starttag(tag, attrs)
        else:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in _KNOWN:
            self.out.append(f"</{tag}>")
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.out.append(_PARAGRAPH)
        elif tag == "code":
            self.out.append("`")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.out[start:]).strip()
            if href and href != label:
                self.out.append(f" ({href})" if label else href)

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def _laid_out(text: str) -> str:
    """The markers as line breaks: no blank line twice, no space at a line's ends, and
    ``&nbsp;`` a plain space (a docstring would show it as ``\\u00a0``)."""
    paragraphs = []
    text = text.replace("\xa0", " ")
    for paragraph in re.split(f"(?:\\s*{re.escape(_PARAGRAPH)}\\s*)+", text):
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
    out: list[str] = []
    joinable = False  # whether the last line of ``out`` is prose the next line may join
    fence: str | None = None  # the fence of the code block being copied, "pre" for <pre>
    for line in text.splitlines():
        stripped = line.strip()
        if fence is not None:
            out.append(line)
            if (fence == "pre" and _PRE_END.search(line)) or (
                fence != "pre" and stripped.startswith(fence)
            ):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening or (_PRE_START.search(line) and not _PRE_END.search(line)):
            fence = opening.group(1) if opening else "pre"
            out.append(line)
            joinable = False
        elif not stripped:
            if out and out[-1]:
                out.append("")
            joinable = False
        elif _INDENTED.match(line) and not joinable:
            out.append(line.rstrip())
        elif joinable and not _OWN_LINE.match(line) and " | " not in stripped:
            out[-1] = f"{out[-1].rstrip(chr(92)).rstrip()} {stripped}"
            joinable = not _hard_break(line)
        else:
            out.append(line.rstrip())
            own = _OWN_LINE.match(line)
            closed = own is not None and (own.group(1) or stripped.startswith(("#", "|")))
            joinable = not (closed or _hard_break(line) or " | " in line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _hard_break(line: str) -> bool:
    """A Markdown hard line break at the end of ``line``: two spaces or a backslash."""
    return line.endswith(("  ", "\\"))
