"""What a collection's last generation computed, kept for the next: one cache entry each.

The inferred types (``generator.memo``), the renderings (``generator.emit.environment``)
and the laid-out JSON parts (``generator.json_layout``) are each remembered per collection
the same way: one entry ``<KIND>/<digest of the collection's path>`` holding the JSON
``[FORM, {key: value}]``, read when first asked for and written once at the end, with the
values this run used only, so it stays the size of one generation. An entry per value
cost a cold generation of 1,600 modules as many files to look up and to write. What is
read back is data, checked by the subclass (``kept``) before use, and an entry of
another form is no memo: the cache is untrusted (docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from generator.cache import cache_dir, load, store

M = TypeVar("M", bound="CollectionMemo")


class CollectionMemo:
    """Values by key from a collection's last generation (``known``), and this run's
    (``used``), which :meth:`save` keeps for the next."""

    KIND: ClassVar[str]  # the cache directory of the entries
    FORM: ClassVar[str]  # what an entry is; changes when its form does

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.used: dict[str, Any] = {}

    @classmethod
    def of(cls: type[M], collection: Path) -> M:
        """The memo of the generations of ``collection``."""
        where = hashlib.sha256(str(collection.resolve()).encode("utf-8")).hexdigest()
        return cls(cache_dir() / cls.KIND / where)

    @cached_property
    def known(self) -> dict[str, Any]:
        """The last generation's values (read when first asked for; none when unread)."""
        data = load(self.path) if self.path is not None else None
        if data is None:
            return {}
        try:
            form, values = json.loads(data)
        except (ValueError, TypeError):  # not JSON (a UnicodeDecodeError is a ValueError)
            return {}
        if form != self.FORM or not isinstance(values, dict):
            return {}
        return {key: value for key, value in values.items() if self.kept(value)}

    def kept(self, value: object) -> bool:
        """Whether a value read back is of the kind this memo holds."""
        return True

    def changed(self) -> bool:
        """Whether this run's values differ from those the entry holds."""
        return self.used != self.known

    def save(self) -> None:
        """Keep this run's values for the next, when it used any and they changed (ASCII
        JSON: a collection's strings may hold lone surrogates, which UTF-8 cannot)."""
        if self.path is not None and self.used and self.changed():
            store(self.path, json.dumps([self.FORM, self.used]))


class TextMemo(CollectionMemo):
    """A memo of texts."""

    def kept(self, value: object) -> bool:
        return isinstance(value, str)
