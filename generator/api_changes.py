"""What a regeneration changed for callers: ``postc generate``'s summary and the manifest's
``changes`` (``docs/diff.md``, "postc generate").

Every output holds the collection's OpenAPI document (``openapi.json``, what ``postc
openapi`` writes). Regenerating an output whose document postc wrote (listed in the
manifest, unedited) compares the two documents with ``postc diff``'s rules; the changes
are printed and recorded in the manifest. The manifest keeps the changes of the last
regeneration that changed the API: one that changes nothing for callers (a template, a
description of the same API) keeps them, so that ``postc check`` after ``postc generate``
finds the output current. A document an earlier postc wrote in another form
(``info["x-postc-form"]``) is not compared: the differences would be the writer's.

What is read back is untrusted: the document only when the manifest lists it with its
digest (then postc wrote it, or someone forged both), and a document ``postc diff``
cannot read is refused with its path, as a manifest postc did not write is.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.diff.kinds import KINDS, LEVELS
from generator.errors import InputError
from generator.output import OutputDir, Unread

OPENAPI_FILE = "openapi.json"
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Far above any document postc writes (its examples are the collection's, whose limit is
lower); a larger file is taken as not postc's and not read."""
SHOWN_CHANGES = 20
"""``postc generate`` prints this many changes, then their count."""

Recorded = tuple[dict[str, str | None], ...]
"""Changes as the manifest records them (``Change.as_json``)."""

if TYPE_CHECKING:
    from generator.diff import Change
    from generator.json_layout import LayoutMemo


@dataclass(frozen=True)
class NewDocument:
    """The document a regeneration writes: its text and the digest the manifest lists."""

    text: str
    digest: str


_FIELDS = ("kind", "level", "operation", "where", "before", "after")


def openapi_text(document: Mapping[str, Any], memo: LayoutMemo | None = None) -> str:
    """The document as ``postc openapi`` writes it (parts written before from ``memo``)."""
    from generator.json_layout import document_text

    return document_text(document, memo)


def changes_since(
    outdir: OutputDir, listed: Mapping[str, str], kept: Recorded, new: NewDocument
) -> tuple[tuple[Change, ...], Recorded]:
    """The changes from OUTDIR's document to the ``new`` one, and what the manifest records:
    these changes, or ``kept`` (the previous manifest's) when the API did not change.
    ``listed`` are the files the previous manifest lists with their digests. The ``new``
    document's fingerprints are remembered for the next regeneration
    (``generator.diff.remembered``)."""
    from generator.diff.compare import surface_changes
    from generator.diff.remembered import remember, remembered
    from generator.diff.schemas import DocumentError
    from generator.diff.surface import api_surface
    from generator.diff.unchanged import fingerprints, without_unchanged

    digest = listed.get(OPENAPI_FILE)
    compared = _as_listed(outdir, digest)
    if compared and digest == new.digest:  # the same bytes: nothing to read back nor compare
        return (), kept
    newer = json.loads(new.text)
    new_prints = remembered(new.digest)
    if new_prints is None:
        with contextlib.suppress(RecursionError):  # api_surface says where, if it is read
            new_prints = fingerprints(newer)
            remember(new.digest, new_prints)
    if not compared or digest is None:
        return (), ()
    old_prints = remembered(digest)
    old = _previous_document(outdir, vouched=old_prints is not None)
    if old is None:
        return (), ()
    older, newer = without_unchanged(old, newer, old_prints, new_prints)
    del old  # the parsed document is large; only the operations that differ are compared
    name = str(outdir.shown / OPENAPI_FILE)
    try:
        before = api_surface(older)
    except DocumentError as error:
        message = f"{error.message}: not a document postc wrote (remove it)"
        raise InputError.at(name, error.path, message) from None
    after = api_surface(newer)
    if before.form != after.form:  # another postc wrote it otherwise: not the API's changes
        return (), ()
    changes = surface_changes(before, after)
    if not changes:
        return (), kept
    return changes, tuple(change.as_json() for change in changes)


def summary_lines(changes: Sequence[Change]) -> list[str]:
    """At most ``SHOWN_CHANGES`` lines, breaking changes first, then how many are not shown."""
    lines = [f"  {change.line()}" for change in changes[:SHOWN_CHANGES]]
    if len(changes) > SHOWN_CHANGES:
        lines.append(f"  ... and {len(changes) - SHOWN_CHANGES} more (`postc diff` shows all)")
    return lines


def recorded_problem(value: object) -> str | None:
    """Why ``value`` is not a change list postc records, or ``None`` (a manifest is read back:
    it may hold anything)."""
    if not isinstance(value, list):
        return "not a JSON array"
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or tuple(entry) != _FIELDS:
            return f"entry {index} is not a change postc records"
        if entry["kind"] not in KINDS or entry["level"] not in LEVELS:
            return f"entry {index} has an unknown kind or level"
        if not all(text is None or isinstance(text, str) for text in entry.values()):
            return f"entry {index} has a value that is not text"
    return None


def _as_listed(outdir: OutputDir, digest: str | None) -> bool:
    """Whether the manifest lists OUTDIR's document and it is as listed (not a first
    generation, an output of an older postc, a document edited by hand)."""
    return digest is not None and outdir.digest(OPENAPI_FILE, MAX_DOCUMENT_BYTES) == digest


def _previous_document(outdir: OutputDir, *, vouched: bool) -> dict[str, Any] | None:
    """OUTDIR's document (checked as listed by :func:`_as_listed`), ``None`` if unread.
    ``vouched``: the cache remembers writing these bytes (``generator.diff.remembered``),
    so the plain parser reads them; any other document is read as ``postc diff`` reads one."""
    data = outdir.read(OPENAPI_FILE, MAX_DOCUMENT_BYTES)
    if isinstance(data, Unread):
        return None
    if vouched:
        with contextlib.suppress(ValueError, RecursionError):
            document = json.loads(data)
            if isinstance(document, dict):
                return document
    from generator.diff.inputs import document_from_bytes

    return document_from_bytes(data, str(outdir.shown / OPENAPI_FILE))
