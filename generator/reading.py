"""Reading files postc does not control: never more than a limit, and never blocked.

Every file postc is given (collection, environment, overrides, templates, pyproject.toml)
has a limit for its kind, far above any real file of that kind, checked before the file is
read whole: ``/dev/zero``, a sparse 10 GB file or an endless pipe costs at most the limit
and is refused with one line (exit 2). Files are opened with ``O_NONBLOCK`` and then read
blocking: a FIFO nobody writes to reads as empty instead of stalling postc forever, while
a pipe that has a writer (``<(...)``, ``/dev/stdin``) is read as usual.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError

MIB = 1024 * 1024
CHUNK_BYTES = 4 * MIB

_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class InputKind:
    """A kind of input file: what it should be (for messages) and how large it may be."""

    expected: str  # "a Postman collection"
    file: str  # "a JSON file": what a directory in its place is not
    limit: int  # bytes


COLLECTION = InputKind("a Postman collection", "a JSON file", 512 * MIB)
ENVIRONMENT = InputKind("a Postman environment", "a JSON file", 64 * MIB)
OVERRIDES = InputKind("an overrides file", "a JSON file", 16 * MIB)
TEMPLATE = InputKind("a Jinja template", "a template file", 1 * MIB)
PYPROJECT = InputKind("a pyproject.toml", "a TOML file", 16 * MIB)
UPLOAD = InputKind("a file a request uploads", "a file", 512 * MIB)  # postc record


class TooLargeError(Exception):
    """A file holds more bytes than its limit (found before they are all read)."""


def read_input(path: Path, kind: InputKind, name: str | None = None) -> bytes:
    """The bytes of an input file; anything unusable raises ``InputError`` naming ``name``."""
    return b"".join(_input_chunks(path, kind, name or str(path)))


def input_digest(path: Path, kind: InputKind, name: str | None = None) -> str:
    """sha256 of an input file, read as :func:`read_input` reads it, in constant memory."""
    digest = hashlib.sha256()
    for chunk in _input_chunks(path, kind, name or str(path)):
        digest.update(chunk)
    return digest.hexdigest()


def open_without_blocking(path: str | Path, flags: int = 0) -> int:
    """A descriptor of ``path`` opened for reading, with ``flags`` added (``O_NOFOLLOW``,
    say). The open never waits for a FIFO's writer; reads then block as usual."""
    handle = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | flags)
    if _NONBLOCK:
        try:
            os.set_blocking(handle, True)
        except BaseException:
            os.close(handle)
            raise
    return handle


def bounded_chunks(handle: int, limit: int) -> Iterator[bytes]:
    """The chunks of ``handle`` to its end; raises :class:`TooLargeError` as soon as more
    than ``limit`` bytes came (a pipe or a device tells no size up front, and may never
    end). A file that tells its size is read in one piece when it is small."""
    size = os.fstat(handle).st_size
    if size > limit:
        raise TooLargeError
    want = min(size + 1, CHUNK_BYTES) if size else CHUNK_BYTES
    total = 0
    while chunk := os.read(handle, want):
        total += len(chunk)
        if total > limit:
            raise TooLargeError
        yield chunk


def _input_chunks(path: Path, kind: InputKind, name: str) -> Iterator[bytes]:
    try:
        handle = open_without_blocking(path)
        try:
            yield from bounded_chunks(handle, kind.limit)
        finally:
            os.close(handle)
    except TooLargeError:
        limit = f"{kind.limit / MIB:g} MiB"
        message = f"file too large (over {limit}), expected {kind.expected}"
        raise InputError.at(name, "", message) from None
    except FileNotFoundError:
        raise InputError.at(name, "", "file not found") from None
    except IsADirectoryError:
        raise InputError.at(name, "", f"is a directory, expected {kind.file}") from None
    except PermissionError:
        raise InputError.at(name, "", "permission denied, cannot read the file") from None
    except OSError as error:
        raise InputError.at(name, "", f"cannot read the file: {error.strerror}") from None
