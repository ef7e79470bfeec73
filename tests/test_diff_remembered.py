"""A regeneration remembers the fingerprints of the document it writes
(``generator.diff.remembered``): the next one takes the previous side's from the cache and
reads the document it vouches for with the plain parser. The changes must be those of the
whole documents however they were fingerprinted, and an entry that is not one is a miss."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.api_changes import OPENAPI_FILE, NewDocument, changes_since
from generator.cache import cache_dir, store
from generator.diff.compare import surface_changes
from generator.diff.remembered import FORM, _entry, remember, remembered
from generator.diff.surface import api_surface
from generator.diff.unchanged import _digest, fingerprints
from generator.errors import InputError
from generator.output import OutputDir
from tests.test_diff_unchanged import (
    Document,
    deep_schema,
    document,
    recursive,
    removed_and_added,
    renamed_path,
    security,
    servers,
    shared_parameter,
)


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def made(doc: Document) -> NewDocument:
    text = json.dumps(doc, indent=2) + "\n"
    return NewDocument(text, hashlib.sha256(text.encode()).hexdigest())


def output(root: Path, doc: Document) -> tuple[OutputDir, dict[str, str]]:
    """OUTDIR holding ``doc`` as a generation writes it, and the manifest's listing of it."""
    root.mkdir(exist_ok=True)
    written = made(doc)
    (root / OPENAPI_FILE).write_text(written.text, encoding="utf-8")
    return OutputDir.of(root), {OPENAPI_FILE: written.digest}


def test_a_generation_remembers_the_fingerprints_of_the_document_it_writes(
    tmp_path: Path,
) -> None:
    outdir, listed = output(tmp_path / "out", document())
    new = document()
    deep_schema(new)
    written = made(new)
    assert remembered(written.digest) is None
    changes_since(outdir, listed, (), written)
    assert remembered(written.digest) == fingerprints(new)
    first = made(document())  # a first generation remembers too
    changes_since(OutputDir.of(tmp_path / "empty"), {}, (), first)
    assert remembered(first.digest) == fingerprints(document())


@pytest.mark.parametrize(
    "change",
    [deep_schema, shared_parameter, security, recursive, renamed_path, removed_and_added, servers],
)
def test_remembered_fingerprints_give_the_changes_of_the_whole_documents(
    tmp_path: Path, change: Callable[[Document], None]
) -> None:
    """The previous side's fingerprints and document come from what the previous run
    remembered and wrote (the chain of two regenerations a user runs)."""
    old = document()
    outdir, listed = output(tmp_path / "out", old)
    changes_since(OutputDir.of(tmp_path / "first"), {}, (), made(old))  # the first run
    assert remembered(listed[OPENAPI_FILE]) is not None
    new = copy.deepcopy(old)
    change(new)
    changes, _ = changes_since(outdir, listed, (), made(new))
    whole = surface_changes(api_surface(old), api_surface(new))
    assert changes == whole
    assert whole


def test_a_document_no_entry_vouches_for_is_read_by_the_strict_reader(tmp_path: Path) -> None:
    """A key given twice: refused unless the cache remembers writing those very bytes."""
    twice = '"openapi": "3.1.0",\n  "info": {}'
    text = json.dumps(document(), indent=2).replace('"openapi": "3.1.0"', twice, 1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / OPENAPI_FILE).write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    listed = {OPENAPI_FILE: digest}
    new = made(document())
    with pytest.raises(InputError, match="given twice"):
        changes_since(OutputDir.of(tmp_path / "out"), listed, (), new)
    store(_entry(digest), json.dumps([FORM, "not rows"]))  # not an entry: still refused
    with pytest.raises(InputError, match="given twice"):
        changes_since(OutputDir.of(tmp_path / "out"), listed, (), new)
    remember(digest, fingerprints(json.loads(text)))
    changes_since(OutputDir.of(tmp_path / "out"), listed, (), new)  # vouched: plain parser


@pytest.mark.parametrize(
    "content",
    [
        b"\xff",
        b"[]",
        b'["postc-document-fingerprints-0", []]',
        json.dumps([FORM, [["/a", "get"]]]).encode(),
        json.dumps([FORM, [["/a", "get", 1]]]).encode(),
        json.dumps([FORM, {"/a": "get"}]).encode(),
    ],
)
def test_an_entry_not_of_the_form_is_a_miss(content: bytes) -> None:
    digest = "0" * 64
    store(_entry(digest), content)
    assert (cache_dir() / "documents").is_dir()
    assert remembered(digest) is None


def test_remembered_entries_are_data_that_round_trips_any_path() -> None:
    odd = {("/caf\u00e9/\ud800/{id}", "get"): "a" * 64, ("/x", "post"): "b" * 64}
    remember("1" * 64, odd)
    assert remembered("1" * 64) == odd
    assert remembered("2" * 64) is None


def test_a_fingerprint_tells_the_boundaries_of_its_parts_apart() -> None:
    assert _digest(("ab", "c")) != _digest(("a", "bc"))
    assert _digest(("a", "")) != _digest(("a",))
