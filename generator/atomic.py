"""Writing one file so that neither a reader nor a failure ever sees part of it: the one
primitive under every file postc writes (``output.write_atomically`` for a file the user
names, the cache's entries, and the staging of ``generator.commit``'s all-or-nothing write).

The content goes to a new file beside the target, which is then renamed onto it: another
process sees the old file or the whole new one, and an entry at the target (a symlink, a
hard link shared with another file) is replaced, never written through. The new file is
created with ``O_EXCL`` (and ``O_NOFOLLOW``), so nothing already at its name, a planted
link included, is ever opened. On any failure, Ctrl-C included, the new file is removed
and the error re-raised.

There is no ``fsync``: the rename protects against other readers and against postc failing,
not against the machine losing power (a file system may then keep an empty file). What
postc writes can be written again: the output by the next ``postc generate``, and a cache
entry that does not check out is a miss.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

_EXCLUSIVE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)  # POSIX: never a link (O_EXCL refuses one too)
    | getattr(os, "O_BINARY", 0)  # Windows: the bytes as given, no newline translation
)


def create_file(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Create ``path`` holding ``data``, with permissions ``mode`` (less the umask). Only a
    new file: anything at the name fails with ``FileExistsError``, untouched. Once created,
    it is removed again if writing fails."""
    handle = os.open(path, _EXCLUSIVE, mode)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except BaseException:
        _remove(path)
        raise


def replace_file(path: Path, data: bytes, temporary: Path, mode: int = 0o600) -> None:
    """Make ``path`` hold ``data``: written to ``temporary`` (a new file in the same
    directory, see :func:`create_file`), then renamed onto ``path``."""
    create_file(temporary, data, mode)
    try:
        temporary.replace(path)
    except BaseException:
        _remove(temporary)
        raise


def temporary_beside(path: Path) -> Path:
    """A hidden name beside ``path`` that no other writer picks (random: a directory others
    may write in cannot hold a link at it in advance)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}")


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
