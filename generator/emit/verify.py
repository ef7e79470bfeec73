"""The last check before anything is written: every generated Python file compiles.

Names, escaping and layout are each tested on their own, but a combination nobody foresaw
(a parameter named like a name the method reads, a name the file system cuts) would
otherwise reach the output as a package that fails on import, with exit status 0. Each
file is compiled, never run: ``compile`` parses it and builds its scopes, so it also
catches what only the compiler sees (a parameter twice in one signature, ``return``
outside a function). A failure is a postc bug (or one of the user's templates): it is
reported as bad input (exit 2), naming the file, the line and the cause, and nothing is
written.

Whether a text compiles depends on the text and the compiler alone, so the texts found to
compile are recorded in postc's cache: a regeneration compiles only the files it has not
seen, as black formats only those (compiling everything was a quarter of a one-request
change). The record is one entry per collection (``compiled/``), the keys of the texts of
its last generation: an entry per file cost a cold generation of 1,650 files more than
their compiling (a file to look up, then to write, for each).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path

from generator.cache import cache_dir, load, store
from generator.errors import InputError

POSTC_BUG = "this is a postc bug triggered by this collection, please report it"
RECORD_FORM = "postc-compiled-1"  # the record's first line; changes when its form does


def check_compiles(files: Mapping[str, str], source: str, cause: str = POSTC_BUG) -> None:
    """Raise ``InputError`` (about ``source``) on the first ``.py`` file of ``files``
    (relative path -> text) that does not compile; ``cause`` says what to do about it.
    The texts that compiled become the record of ``source``'s generation."""
    entry = record_entry(source)
    recorded = _recorded(entry)
    keys: set[str] = set()
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        key = _key(text)
        if key not in recorded:
            problem = _compile_error(text, path)
            if problem is not None:
                raise InputError.at(
                    source,
                    "",
                    f"generated code does not compile: {path} {problem}; {cause}",
                )
        keys.add(key)
    if keys != recorded:
        store(entry, "\n".join([RECORD_FORM, *sorted(keys)]))


def record_entry(source: str) -> Path:
    """Where the record of the texts generated from ``source`` is kept. Two collections
    given by the same name share it: each then compiles again what the other dropped."""
    where = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / "compiled" / where[:2] / where


def _compile_error(text: str, path: str) -> str | None:
    """Why ``text`` does not compile (``line 3: invalid syntax``), or None when it does."""
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as error:  # IndentationError and TabError too
        return f"line {error.lineno}: {error.msg}"
    except (ValueError, RecursionError) as error:  # a NUL byte; nesting too deep to compile
        return f"{type(error).__name__}: {error}"
    return None


def _key(text: str) -> str:
    """The text and the compiler that compiled it (``cpython-313``)."""
    tag = sys.implementation.cache_tag or sys.implementation.name
    return hashlib.sha256(f"compile {tag}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def _recorded(entry: Path) -> frozenset[str]:
    """The keys the record at ``entry`` holds: none unless it is a record of this form (the
    cache binds an entry to its place; a planted, truncated or foreign file is no record)."""
    data = load(entry)
    if data is None:
        return frozenset()
    form, _, keys = data.decode("ascii", "replace").partition("\n")
    if form != RECORD_FORM:
        return frozenset()
    return frozenset(keys.split("\n"))
