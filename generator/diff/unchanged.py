"""Two OpenAPI documents without the operations they hold alike, so that a regeneration
compares only what a change touched (``generator.api_changes``).

Building a surface flattens every schema of every operation: 2 s for the two documents of
a 2,000-request collection, every regeneration, though a one-request change leaves all
but a few operations as they were. An operation is dropped from both sides when
everything its surface is made of is the same on both: its method and path, its object,
its path item's other fields (shared parameters, servers), every component schema it
reaches through ``$ref`` (transitively), and the document's ``security`` and
``securitySchemes``. Two such operations are paired as written and have equal surfaces,
so they yield no change; the operations left pair as before (only operations paired as
written are dropped, and pairing by normalised key looks only at the unpaired). Those
under ``x-postc-operations`` are always kept.

The previous document is untrusted: what is dropped from it is equal to what postc
writes now, and everything else is still validated by ``api_surface``.

An operation's fingerprint is kept as a digest of those parts (:func:`fingerprints`), so
that a regeneration can remember the previous document's instead of computing them again
from its text (``generator.api_changes``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from generator.diff.surface import EXTRA_METHODS, METHODS

SCHEMAS = "#/components/schemas/"
# A "$ref" key with a string value in compact JSON text (``json.dumps`` separators): the
# quote after "{" or ", " is a key's, as a quote inside a string is escaped. Matching an
# example that holds such an object as well only makes an operation look changed.
_REF = re.compile(r'(?:\{|, )"\$ref": "((?:[^"\\]|\\.)*)"')

Fingerprints = dict[tuple[str, str], str]
"""(path, method) -> the SHA-256 of what the operation's surface is made of."""


def without_unchanged(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    old_prints: Fingerprints | None = None,
    new_prints: Fingerprints | None = None,
) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """``old`` and ``new`` without the operations whose surfaces are the same on both;
    ``old_prints`` and ``new_prints``, when given, are their :func:`fingerprints`."""
    try:
        if not _same_globals(old, new):
            return old, new
        old_prints = fingerprints(old) if old_prints is None else old_prints
        new_prints = fingerprints(new) if new_prints is None else new_prints
    except RecursionError:  # nested too deeply to write back: api_surface says where
        return old, new
    same = {where for where, made in old_prints.items() if new_prints.get(where) == made}
    if not same:
        return old, new
    return _dropped(old, same), _dropped(new, same)


def _same_globals(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether what every operation's surface reads of the document is alike."""
    return _compact(old.get("security")) == _compact(new.get("security")) and _compact(
        _get(old, "components", "securitySchemes")
    ) == _compact(_get(new, "components", "securitySchemes"))


def fingerprints(doc: Mapping[str, Any]) -> Fingerprints:
    """The fingerprint of each operation of an object path item of ``doc`` (the rest is
    left to ``api_surface``); raises ``RecursionError`` on a document nested too deeply."""
    return _Side(doc).fingerprints()


class _Side:
    """One document's operations, each with what its surface is made of."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        schemas = _get(doc, "components", "schemas")
        self.doc = doc
        self.schemas = schemas if isinstance(schemas, dict) else {}
        self.texts: dict[str, str] = {}  # schema name -> its compact text, written once
        self.reached: dict[str, frozenset[str]] = {}  # schema name -> names its text refers to

    def fingerprints(self) -> Fingerprints:
        found: Fingerprints = {}
        paths = self.doc.get("paths")
        for path, item in paths.items() if isinstance(paths, dict) else ():
            if not isinstance(item, dict):
                continue
            shared = _compact({k: v for k, v in item.items() if k not in METHODS})
            for method in METHODS:
                if method in item:
                    own = _compact(item[method])
                    found[(path, method)] = _digest((shared, own, *self._schemas_of(own)))
        return found

    def _schemas_of(self, text: str) -> Iterator[str]:
        """Each schema the text reaches, transitively, by name then compact text."""
        pending = sorted(_refs(text))
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            pending.extend(self._refs_of(name))
        for name in sorted(seen):
            yield name
            yield self._text(name)  # "null" for a name that is missing

    def _refs_of(self, name: str) -> frozenset[str]:
        if name not in self.reached:
            self.reached[name] = _refs(self._text(name))
        return self.reached[name]

    def _text(self, name: str) -> str:
        if name not in self.texts:
            self.texts[name] = _compact(self.schemas.get(name))
        return self.texts[name]


def _digest(parts: tuple[str, ...]) -> str:
    """A digest of the parts that tells their boundaries apart (each led by its length)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")  # a collection's lone surrogates
        digest.update(b"%d:" % len(data) + data)
    return digest.hexdigest()


def _refs(text: str) -> frozenset[str]:
    """The schema names of the ``$ref``s in compact JSON text (other targets are in the
    text itself, which the fingerprint holds)."""
    found = set()
    for escaped in _REF.findall(text):
        reference = json.loads(f'"{escaped}"') if "\\" in escaped else escaped
        if reference.startswith(SCHEMAS):
            found.add(reference[len(SCHEMAS) :])
    return frozenset(found)


def _dropped(doc: Mapping[str, Any], same: set[tuple[str, str]]) -> dict[str, Any]:
    """A shallow copy of ``doc`` without the operations in ``same``; a path item left with
    none is dropped (its shared fields are alike on both sides)."""
    paths: dict[str, Any] = {}
    for path, item in doc["paths"].items():
        if not isinstance(item, dict):
            paths[path] = item
            continue
        kept = {k: v for k, v in item.items() if (path, k) not in same}
        if any(k in METHODS or k == EXTRA_METHODS for k in kept):
            paths[path] = kept
    return {**doc, "paths": paths}


def _get(doc: Mapping[str, Any], *keys: str) -> Any:
    value: Any = doc
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)
