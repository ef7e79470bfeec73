"""Large JSON files as ``json.dumps(document, indent=2, ensure_ascii=False)`` writes them,
the same bytes, written faster on a regeneration: the OpenAPI document, the generated
tests' data files (``generator.emit.test_cases``), in one memo per collection.

Python's JSON encoder is written in C only without ``indent``; with it, the pure-Python
encoder took a second for a 2,000-request document, every regeneration. So the document
is laid out here down to ``SPLIT_DEPTH`` levels of objects (the path items' operations,
each component schema), the way the encoder lays it out, and each part below is written
once and then remembered (:class:`LayoutMemo`) under the digest of its compact text,
which the C encoder writes fast: a one-request change writes again only the parts it
changed. A part nested at level N is the part's own text with each line break followed
by N more indents: JSON text holds no line break but those of its layout (strings escape
theirs).

A part is written by :func:`indented`, not by the encoder: the encoder's pure-Python
path yields each bracket, separator and value as a piece through a generator per level
(about 3.5 pieces a value), where ``indented`` joins the values of a container in one
step, its strings escaped by the encoder's own C function: 2.3 times as fast on the
tests' data and the document of the 1,000-request synthetic collection. Any value but
the JSON types (a subclass, a non-string key, NaN, a cycle) is left to the encoder.
``tests/test_openapi_text.py`` pins the byte identity.
"""

from __future__ import annotations

import hashlib
import json
import math
from json.encoder import encode_basestring
from typing import Any

from generator.collection_memo import TextMemo

INDENT = "  "
SPLIT_DEPTH = 3  # the document, "paths", a path item: its operations are the parts
SMALL = 512  # characters of compact text under which a part is written, not looked up
MEMO_FORM = "postc-openapi-layout-1"  # what the entries are; changes when their form does


class LayoutMemo(TextMemo):
    """The indented text of parts of documents written before, by digest of their compact
    text; only the parts this run used are kept for the next."""

    KIND = "openapi"
    FORM = MEMO_FORM

    def part(self, value: Any) -> str:
        """``value`` indented as the document's top level is (level 0)."""
        compact = json.dumps(value, ensure_ascii=False)
        if len(compact) < SMALL:
            return indented(value)
        key = hashlib.sha256(compact.encode("utf-8", "surrogatepass")).hexdigest()
        text = self.known.get(key)
        if text is None or not _holds(text, compact):
            text = indented(value)
        self.used[key] = text
        return text


def document_text(
    document: Any, memo: LayoutMemo | None = None, split_depth: int = SPLIT_DEPTH
) -> str:
    """The document as ``postc openapi`` writes it: indented JSON and a final line break.
    Also any other JSON file written this way (the generated tests' data files, whose
    parts are their cases: ``split_depth`` 1), in the same memo."""
    return _laid_out(document, 0, memo or LayoutMemo(), split_depth) + "\n"


def _laid_out(value: Any, level: int, memo: LayoutMemo, split_depth: int) -> str:
    if level >= split_depth or not isinstance(value, dict) or not value:
        return memo.part(value).replace("\n", "\n" + INDENT * level)
    inner = "\n" + INDENT * (level + 1)
    items = (
        f"{encode_basestring(_key(key))}: {_laid_out(item, level + 1, memo, split_depth)}"
        for key, item in value.items()
    )
    return "{" + inner + ("," + inner).join(items) + "\n" + INDENT * level + "}"


def indented(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, the same text, written faster."""
    try:
        return _written(value, "\n")
    except (_NotPlainError, RecursionError):  # the encoder's text, or its error
        return json.dumps(value, indent=2, ensure_ascii=False)


class _NotPlainError(Exception):
    """A value :func:`_written` leaves to the encoder."""


def _written(value: Any, newline: str) -> str:
    """``value`` as the encoder writes it, its lines after the first starting ``newline``."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + INDENT
        items = [f"{_plain_key(key)}: {_written(item, inner)}" for key, item in value.items()]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if kind is list:
        if not value:
            return "[]"
        inner = newline + INDENT
        items = [_written(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    if value is None or kind is bool:
        return "null" if value is None else "true" if value else "false"
    raise _NotPlainError


def _plain_key(key: object) -> str:
    if type(key) is not str:
        raise _NotPlainError
    return encode_basestring(key)


def _holds(text: str, compact: str) -> bool:
    """Whether a remembered text is the part's JSON (the cache is checked where it can be:
    an entry that is not is written again; the C parser and encoder make this cheap)."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False) == compact
    except ValueError:
        return False


def _key(key: object) -> str:
    """An object key as the encoder writes it (the document's keys are strings)."""
    if not isinstance(key, str):
        raise TypeError(f"an OpenAPI document's keys are strings, not {type(key).__name__}")
    return key
