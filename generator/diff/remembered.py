"""The operations' fingerprints of each OpenAPI document ``postc generate`` wrote, kept in
postc's cache under the document's digest, so that the next regeneration of that output
neither computes them again nor reads the document back with the strict reader.

A regeneration compares OUTDIR's document (the previous run's) with the new one
(``generator.api_changes``). Both sides' fingerprints (``generator.diff.unchanged``) took a
compact encoding of every operation and schema, and the previous document was parsed twice
(the strict reader, then again for keys given twice): half a second at 1,000 requests. The
previous side is what the previous run computed for its new document, so it is
remembered: ``documents/`` in the cache, keyed by the document's SHA-256 (the one the
manifest lists and OUTDIR's bytes are checked against) and postc's code fingerprint.

An entry is also what vouches that postc wrote those bytes: a document with that digest
is text ``postc openapi``'s writer made (valid UTF-8 JSON, no key twice), so it is parsed
with the plain parser; ``api_surface`` still validates every operation that differs. An
entry is data (JSON, checked on reading); one that is not an entry's form is a miss, and
the document is then read and fingerprinted as before.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.cache import cache_dir, code_fingerprint, load, store
from generator.diff.unchanged import Fingerprints

FORM = "postc-document-fingerprints-1"  # what an entry is; changes when its form does


def remembered(digest: str) -> Fingerprints | None:
    """The fingerprints of the document postc wrote with this SHA-256, or ``None``."""
    data = load(_entry(digest))
    if data is None:
        return None
    try:
        form, rows = json.loads(data)
    except (ValueError, TypeError):  # not JSON (a UnicodeDecodeError is a ValueError)
        return None
    if form != FORM or not isinstance(rows, list):
        return None
    found: Fingerprints = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3 and all(isinstance(s, str) for s in row)):
            return None
        path, method, made = row
        found[(path, method)] = made
    return found


def remember(digest: str, prints: Fingerprints) -> None:
    """Keep the fingerprints of the document postc writes with this SHA-256."""
    rows = [[path, method, made] for (path, method), made in prints.items()]
    # ASCII: a collection's strings may hold lone surrogates, which UTF-8 cannot
    store(_entry(digest), json.dumps([FORM, rows]))


def _entry(digest: str) -> Path:
    key = hashlib.sha256(f"{code_fingerprint()}\0{digest}".encode()).hexdigest()
    return cache_dir() / "documents" / key[:2] / key
