"""The types the previous run inferred, so that a regeneration infers only the units whose
bodies changed.

Inference is a pure function of a unit's bodies, its hint, the override rules that apply,
the collection's variables and postc's code, so its result is kept under a hash of all of
them. A collection's memo is one file in postc's cache (``infer/``) holding the units of
its last run only, so it does not grow; each unit's type is pickled on its own, so a run
that inferred one unit again pickles that one, not all. Best effort, like the rest of the
cache: a memo or a unit that cannot be read is inferred again. The memo is a cache entry
bound to its key (``generator.cache.load``), and its units are unpickled with nothing but
the IR's own classes allowed, so even a memo written by someone else cannot run code.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from generator import ir
from generator.cache import cache_dir, code_fingerprint, load, store
from generator.infer import infer_unit
from generator.infer.canonical import json_text
from generator.infer.shared import SharedStrings
from generator.ir import JsonValue, Override, TypeExpr


class InferenceMemo:
    """:func:`generator.infer.infer_unit`, remembering its results across runs."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.known = _load(path) if path is not None else {}  # key -> the pickled type
        self.used: dict[str, bytes] = {}

    @classmethod
    def of(cls, collection: Path) -> InferenceMemo:
        """The memo of the runs on ``collection``."""
        where = hashlib.sha256(str(collection.resolve()).encode("utf-8")).hexdigest()
        return cls(cache_dir() / "infer" / where)

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
        pickled = self.known.get(key)
        found = _unpickled(pickled) if pickled is not None else None
        if found is None or pickled is None:
            found = infer_unit(
                documents,
                hint=hint,
                overrides=overrides,
                variables=variables,
                requests=requests,
                shared=shared,
            )
            pickled = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
        self.used[key] = pickled
        return found

    def save(self) -> None:
        """Keep what this run used (and only that) for the next run."""
        if self.path is not None and self.used != self.known:
            store(self.path, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))


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


def _load(path: Path) -> dict[str, bytes]:
    pickled = load(path)
    if pickled is None:
        return {}
    try:
        loaded = _IrUnpickler(io.BytesIO(pickled)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {
        key: value
        for key, value in loaded.items()
        if isinstance(key, str) and isinstance(value, bytes)
    }


def _unpickled(pickled: bytes) -> TypeExpr | None:
    try:
        found = _IrUnpickler(io.BytesIO(pickled)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    return found if isinstance(found, TypeExpr) else None


class _IrUnpickler(pickle.Unpickler):
    """Builds nothing but the IR's dataclasses (and plain data)."""

    def find_class(self, module: str, name: str) -> type:
        found = getattr(ir, name, None) if module == ir.__name__ else None
        if isinstance(found, type) and found.__module__ == ir.__name__:
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of postc's IR")
