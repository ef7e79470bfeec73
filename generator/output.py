"""Output files: written so that a failure never leaves a half-written file behind, and, in
an output directory, read back as the untrusted input they are.

OUTDIR may come from elsewhere (a cloned repository, an unpacked archive, a restored CI
workspace): whoever made it chose what its entries are. postc follows the user's own path
to OUTDIR once (:meth:`OutputDir.of`); below it, it never follows a symbolic link, to a
file or to a directory. A link where postc would read or write is refused (``InputError``,
exit 2, naming it), so nothing outside OUTDIR is ever shown, changed or removed through
one. Files are opened with ``O_NOFOLLOW`` and without blocking, must be regular files
(a FIFO or a device is never read), and are read only up to a limit.

Not defended: another process changing OUTDIR *while* postc runs (swapping a checked
directory for a link). Whoever can do that can already write the generated package itself.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from generator.atomic import replace_file, temporary_beside
from generator.errors import InputError
from generator.reading import TooLargeError, bounded_chunks, open_without_blocking

_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)

LINK = (
    "a symbolic link inside the output directory: postc reads and writes nothing "
    "through one (remove it)"
)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to the file ``path`` (a document the user named:
    ``postc schema -o``, ``postc openapi -o``), its directories created as needed: a new
    file (0600) under a random name beside it, renamed into place (``generator.atomic``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    replace_file(path, data, temporary_beside(path))


class Unread(Enum):
    """Why a path of OUTDIR gave no content."""

    ABSENT = "absent"
    NOT_A_FILE = "not a regular file"
    TOO_LARGE = "too large"


@dataclass(frozen=True)
class OutputDir:
    """An output directory: ``shown`` as the user named it (in messages), ``root`` as it
    resolved once (for every access). Paths below it are relative, ``/``-separated."""

    shown: Path
    root: Path
    _checked: set[str] = field(default_factory=set, compare=False, repr=False)  # real dirs

    @classmethod
    def of(cls, output: Path) -> OutputDir:
        return cls(output, output.resolve())

    def refused(self, relative: str, why: str) -> InputError:
        """The error for an entry of OUTDIR postc will not use."""
        return InputError.at(str(self.shown / relative), "", why)

    def lstat(self, relative: str) -> os.stat_result | None:
        """The entry at ``relative`` itself, ``None`` when there is none (nor a directory
        on the way to it). Raises ``InputError`` when it, or anything on the way to it, is
        a symbolic link."""
        directory = ""
        for part in relative.split("/")[:-1]:
            directory = f"{directory}/{part}" if directory else part
            if directory in self._checked:
                continue
            status = self._lstat(directory)
            if status is None or not stat.S_ISDIR(status.st_mode):
                return None
            self._checked.add(directory)
        return self._lstat(relative)

    def read(self, relative: str, limit: int) -> bytes | Unread:
        """The content of the regular file at ``relative``, if it holds at most ``limit``
        bytes."""
        chunks = self._chunks(relative, limit)
        if isinstance(chunks, Unread):
            return chunks
        try:
            return b"".join(chunks)
        except TooLargeError:
            return Unread.TOO_LARGE

    def digest(self, relative: str, limit: int) -> str | Unread:
        """sha256 of the regular file at ``relative``, if it holds at most ``limit`` bytes
        (read in constant memory)."""
        chunks = self._chunks(relative, limit)
        if isinstance(chunks, Unread):
            return chunks
        digest = hashlib.sha256()
        try:
            for chunk in chunks:
                digest.update(chunk)
        except TooLargeError:
            return Unread.TOO_LARGE
        return digest.hexdigest()

    def _path(self, relative: str) -> str:
        return f"{self.root}/{relative}"  # a string: pathlib would cost more than the I/O

    def _lstat(self, relative: str) -> os.stat_result | None:
        try:
            status = os.lstat(self._path(relative))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            raise self.refused(relative, f"cannot be read: {error.strerror}") from None
        if stat.S_ISLNK(status.st_mode):
            raise self.refused(relative, LINK)
        return status

    def _chunks(self, relative: str, limit: int) -> Iterator[bytes] | Unread:
        opened = self._open(relative, limit)
        return opened if isinstance(opened, Unread) else self._drain(relative, opened, limit)

    def _drain(self, relative: str, handle: int, limit: int) -> Iterator[bytes]:
        try:
            yield from bounded_chunks(handle, limit)
        except OSError as error:
            raise self.refused(relative, f"cannot be read: {error.strerror}") from None
        finally:
            os.close(handle)

    def _open(self, relative: str, limit: int) -> int | Unread:
        """A descriptor of the regular file at ``relative``, opened without following a link
        or waiting for a FIFO; or why there is none."""
        status = self.lstat(relative)
        if status is None:
            return Unread.ABSENT
        if not stat.S_ISREG(status.st_mode):
            return Unread.NOT_A_FILE
        if status.st_size > limit:
            return Unread.TOO_LARGE
        try:
            handle = open_without_blocking(self._path(relative), _NOFOLLOW)
        except FileNotFoundError:
            return Unread.ABSENT
        except OSError as error:  # ELOOP: it became a link since the walk
            why = LINK if error.errno == errno.ELOOP else f"cannot be read: {error.strerror}"
            raise self.refused(relative, why) from None
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # it became a FIFO, say
            os.close(handle)
            return Unread.NOT_A_FILE
        return handle
