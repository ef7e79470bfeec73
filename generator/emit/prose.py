"""Descriptions as docstring text: the HTML some collections write in them made plain.

Postman renders descriptions as Markdown, which allows HTML, and some vendors write theirs
in it (PayPal: ``<p>``, ``<code>``, ``<a href>``, whole tables). In a docstring that is
noise, so the common tags become what a person would have typed: paragraphs and line
breaks, ```code```, ``- `` list items, table rows with ``|`` between cells, and links as
``text (url)``; character references are decoded. Only those tags are touched: any other
``<...>`` (``GET /users/<id>``) stays as it was written, and a description without them
is returned unchanged.
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


def plain(text: str) -> str:
    """``text`` with its common HTML tags written as plain text (see the module doc)."""
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
