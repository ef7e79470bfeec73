"""The record of the texts that compiled (``generator.emit.verify``): one cache entry per
collection, holding the keys of its last generation's texts. A text it records is not
compiled again; anything but a record of its form records nothing."""

from __future__ import annotations

import pytest

from generator.cache import load, store
from generator.emit import verify
from generator.errors import InputError

BROKEN = {"pkg/x.py": "def f(a, a):\n    pass\n"}  # only the compiler refuses it


def test_a_recorded_text_is_not_compiled_again() -> None:
    """The broken text's key in the record: the check trusts the record (as a regeneration
    does, compiling only new texts), so it passes; this is what the record saves."""
    entry = verify.record_entry("recorded.json")
    store(entry, f"{verify.RECORD_FORM}\n{verify._key(BROKEN['pkg/x.py'])}")
    verify.check_compiles(BROKEN, "recorded.json")


@pytest.mark.parametrize(
    "planted",
    [
        "{key}",  # no form line
        "postc-compiled-0\n{key}",  # another form
    ],
    ids=["bare", "other-form"],
)
def test_anything_but_a_record_records_nothing(planted: str) -> None:
    entry = verify.record_entry("planted.json")
    key = verify._key(BROKEN["pkg/x.py"])
    store(entry, planted.format(form=verify.RECORD_FORM, key=key))
    with pytest.raises(InputError, match=r"pkg/x\.py line 1: duplicate argument"):
        verify.check_compiles(BROKEN, "planted.json")


def test_a_file_planted_without_the_cache_seal_records_nothing() -> None:
    entry = verify.record_entry("unsealed.json")
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(f"{verify.RECORD_FORM}\n{verify._key(BROKEN['pkg/x.py'])}", "ascii")
    with pytest.raises(InputError, match=r"pkg/x\.py line 1"):
        verify.check_compiles(BROKEN, "unsealed.json")


def test_the_record_holds_the_last_generation_s_texts_only() -> None:
    """Python files only, each text once; a text of an earlier generation is dropped, so
    the record is as large as one generation."""
    first = {"pkg/a.py": "a = 1\n", "pkg/b.py": "a = 1\n", "pkg/data.json": "{}"}
    verify.check_compiles(first, "generations.json")
    assert _record("generations.json") == [verify._key("a = 1\n")]
    verify.check_compiles({"pkg/a.py": "b = 2\n", "pkg/c.py": "c = 3\n"}, "generations.json")
    assert _record("generations.json") == sorted([verify._key("b = 2\n"), verify._key("c = 3\n")])


def test_collections_keep_records_of_their_own() -> None:
    verify.check_compiles({"pkg/a.py": "a = 1\n"}, "one.json")
    verify.check_compiles({"pkg/a.py": "b = 2\n"}, "two.json")
    assert _record("one.json") == [verify._key("a = 1\n")]
    assert _record("two.json") == [verify._key("b = 2\n")]


def test_a_failed_check_records_nothing() -> None:
    with pytest.raises(InputError):
        verify.check_compiles({"pkg/a.py": "a = 1\n", **BROKEN}, "failed.json")
    assert load(verify.record_entry("failed.json")) is None


def _record(source: str) -> list[str]:
    data = load(verify.record_entry(source))
    assert data is not None
    form, *keys = data.decode("ascii").split("\n")
    assert form == verify.RECORD_FORM
    return keys
