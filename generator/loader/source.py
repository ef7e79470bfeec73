"""Read a collection or environment file as newman does, with errors a person can act on.

A collection file is untrusted input. Whatever is wrong with it (missing, a directory,
huge, endless, binary, in an unexpected encoding, not JSON, cut short, nested without end)
becomes an ``InputError`` whose one line says what postc expected; never a traceback.
Reading itself (the size limit of each kind of file, FIFOs) is ``generator.reading``'s.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from generator import reading
from generator.errors import InputError
from generator.ir import JsonValue
from generator.loader.lenient_json import (
    MAX_NESTING,
    JsonSyntaxError,
    is_blank,
    loads_on_fresh_stack,
)
from generator.reading import InputKind, read_input

MAX_FILE_BYTES = reading.COLLECTION.limit
"""Larger collections are refused before they are read: no real collection comes near."""


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM starts the same
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_json_file(
    path: Path, *, display_name: str | None = None, kind: InputKind | None = None
) -> JsonValue:
    """The JSON document in ``path``, a file of ``kind`` (a collection by default); any
    problem raises ``InputError`` naming the file."""
    name = display_name or str(path)
    kind = kind or reading.COLLECTION
    return json_from_bytes(read_input(path, kind, name), name, kind)


def json_from_bytes(data: bytes, name: str, kind: InputKind) -> JsonValue:
    """The JSON document in ``data``, the bytes of the file ``name`` (for commands that
    look at what a file holds before they know its kind, and read it only once: it may
    be a pipe)."""
    text = json_text(data, name)
    if is_blank(text):
        raise InputError.at(name, "", f"empty file, expected {kind.expected} (JSON)")
    try:
        return loads_on_fresh_stack(text, subject="file")
    except JsonSyntaxError as error:
        raise InputError.at(name, error.location, error.message) from None
    except RecursionError:
        message = f"nested deeper than {MAX_NESTING} levels of objects and arrays"
        raise InputError.at(name, "", message) from None


def json_text(data: bytes, name: str) -> str:
    """The file's text, in the encoding its BOM or its NUL bytes give away (BOM dropped)."""
    codec, bom_length = detect_encoding(data)
    try:
        return data[bom_length:].decode(codec)
    except UnicodeDecodeError as error:
        offset = bom_length + error.start
        byte = f"byte 0x{data[offset]:02x}"
        if error.start == 0:
            raise InputError.at(
                name, "line 1, column 1", f"not JSON: expected '{{' or '[', found {byte}"
            ) from None
        message = f"not valid {codec.upper()} text: {error.reason} ({byte} at offset {offset})"
        raise InputError.at(name, "", message) from None


def detect_encoding(data: bytes) -> tuple[str, int]:
    """The codec and the BOM length; without a BOM, the NUL bytes that ASCII characters
    take in UTF-16 and UTF-32 tell them apart from UTF-8 (as RFC 4627 and ``json`` do)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    if len(data) >= 4 and not data[0]:
        return ("utf-16-be" if data[1] else "utf-32-be"), 0
    if len(data) >= 4 and not data[1]:
        return ("utf-16-le" if data[2] or data[3] else "utf-32-le"), 0
    return "utf-8", 0
