"""The types the previous run inferred, so that a regeneration infers only the units whose
bodies changed.

Inference is a pure function of a unit's bodies, its hint, the override rules that apply,
the collection's variables and postc's code, so its result is kept under a hash of all of
them. A collection's memo is one file in postc's cache (``infer/``) holding the units of
its last run only, so it does not grow. Best effort, like the rest of the cache: a memo or
a unit that cannot be read is inferred again. The memo is a cache entry bound to its key
(``generator.cache.load``), and it is JSON data: each unit's type is written and read back
by ``generator.type_json``, which checks every value, so a memo written by someone else is
at worst types (chosen by whoever can write the user's own cache), never code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from generator.cache import code_fingerprint
from generator.collection_memo import CollectionMemo
from generator.infer import infer_unit
from generator.infer.canonical import json_text
from generator.infer.shared import SharedStrings
from generator.ir import JsonValue, Override, TypeExpr
from generator.type_json import TypeDataError, type_data, type_from_data

MEMO_FORM = "postc-inference-memo-2"  # what the file is; changes when its form does


class InferenceMemo(CollectionMemo):
    """:func:`generator.infer.infer_unit`, remembering its results across runs: unit key
    -> the type, as JSON data (checked when it is used: :func:`_read`)."""

    KIND = "infer"
    FORM = MEMO_FORM

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path)
        self.inferred = False  # whether a unit was inferred (or its memo unread) this run

    def infer_unit(
        self,
        documents: Sequence[JsonValue],
        *,
        hint: str,
        overrides: Sequence[Override],
        variables: Mapping[str, str],
        requests: bool = False,
        shared: SharedStrings = MappingProxyType({}),
    ) -> TypeExpr:
        """``infer_unit(...)``, from the memo when an earlier run inferred the same unit."""
        key = _key(documents, hint, overrides, variables, requests, shared)
        data = self.known.get(key)
        found = _read(data) if data is not None else None
        if found is None:
            found = infer_unit(
                documents,
                hint=hint,
                overrides=overrides,
                variables=variables,
                requests=requests,
                shared=shared,
            )
            data = json.loads(json.dumps(type_data(found)))
            found = type_from_data(data)  # as the next run reads it: see below
            self.inferred = True
        self.used[key] = data
        return found

    # A type read from the memo shares no object between its nodes (every string read is
    # its own object), while one just inferred does: a unit's type is always the one read
    # from its JSON text, so that the contexts made of it pickle to the same rendering
    # cache keys (``generator.emit.environment.render_keyed``) in a cold and a warm run.

    def changed(self) -> bool:
        """A unit inferred, or one no longer used: comparing the types' data is slower."""
        return self.inferred or self.used.keys() != self.known.keys()


def _key(
    documents: Sequence[JsonValue],
    hint: str,
    overrides: Sequence[Override],
    variables: Mapping[str, str],
    requests: bool,
    shared: SharedStrings,
) -> str:
    rules = repr(tuple(overrides))  # frozen dataclasses of tuples and strings: a stable text
    pairs: list[JsonValue] = [[name, value] for name, value in sorted(variables.items())]
    family = repr(sorted(shared.items()))  # frozen dataclasses of strings: a stable text
    text = json_text([code_fingerprint(), hint, rules, pairs, requests, family, list(documents)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(data: object) -> TypeExpr | None:
    try:
        return type_from_data(data)
    except TypeDataError:
        return None
