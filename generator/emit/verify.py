"""The last check before anything is written: every generated Python file compiles.

Names, escaping and layout are each tested on their own, but a combination nobody foresaw
(a parameter named like a name the method reads, a name the file system cuts) would
otherwise reach the output as a package that fails on import, with exit status 0. Each
file is compiled, never run: ``compile`` parses it and builds its scopes, so it also
catches what only the compiler sees (a parameter twice in one signature, ``return``
outside a function). A failure is a postc bug (or one of the user's templates): it is
reported as bad input (exit 2), naming the file, the line and the cause, and nothing is
written.

Whether a text compiles depends on the text and the compiler alone, so a text found to
compile is recorded in postc's cache (``compiled/``): a regeneration compiles only the
files it has not seen, as black formats only those (compiling everything was a quarter
of a one-request change).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path

from generator.cache import cache_dir, load, store
from generator.errors import InputError

POSTC_BUG = "this is a postc bug triggered by this collection, please report it"


def check_compiles(files: Mapping[str, str], source: str, cause: str = POSTC_BUG) -> None:
    """Raise ``InputError`` (about ``source``) on the first ``.py`` file of ``files``
    (relative path -> text) that does not compile; ``cause`` says what to do about it."""
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        key = _key(text)
        entry = cache_dir() / "compiled" / key[:2] / key
        if _recorded(entry, key):
            continue
        problem = _compile_error(text, path)
        if problem is not None:
            raise InputError.at(
                source,
                "",
                f"generated code does not compile: {path} {problem}; {cause}",
            )
        store(entry, key)


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


def _recorded(entry: Path, key: str) -> bool:
    """Whether the cache records the text of ``key`` as compiling (an entry bound to its
    key, holding the key: a planted, truncated or foreign file is no record)."""
    return load(entry) == key.encode("ascii")
