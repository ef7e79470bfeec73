"""postc's cache directory: inferred types, renderings, formatted files, OpenAPI text,
no-op stamps, and locks.

Everything here is outside any output directory, and best effort: a cache that cannot be
read or written only makes postc slower. ``$POSTC_CACHE_DIR`` (a relative path is taken from
the current directory), else ``$XDG_CACHE_HOME/postc``, else ``~/.cache/postc``;
``postc cache clear`` empties it. The cache is kept under a size limit
(``$POSTC_CACHE_MAX_MB``, 256 MB by default): when a run has added entries and the cache is
over the limit, the least recently used entries go first (checked at most every
``PRUNE_INTERVAL`` seconds).

What the cache holds becomes generated source, so nothing read from it is trusted beyond
what can be checked (docs/security.md, "The cache"):

- Nothing read from it is executed: it holds text and data, never compiled code.
- Every entry goes through :func:`store` and :func:`load`, which bind its bytes to its key
  (its place in the cache) by a SHA-256 over both: a planted, edited, truncated or moved
  entry is a miss, and the next run that computes it writes it again.
- The cache is used only while its root, and every directory in it, is a real directory
  owned by the user running postc and writable by no one else; otherwise it is off for the
  run, with one warning naming the directory and why. Directories are created 0700, files
  0600.
- No symlink is followed inside the root: directories are checked with ``lstat``, entries,
  temporaries and lock files opened with ``O_NOFOLLOW``, and only regular files are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import shutil
import stat
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import IO

from generator.atomic import replace_file
from generator.installation import templates_dir

DEFAULT_LIMIT_MB = 256
PRUNE_INTERVAL = 600.0  # seconds: the least time between two scans of the whole cache
# content-addressed or per collection; the locks stay small
PRUNED = ("black", "compiled", "documents", "infer", "openapi", "render", "runs")
MAGIC = b"postc-cache-1\n"  # the start of every entry, before the SHA-256 binding it
_SEAL = len(MAGIC) + hashlib.sha256().digest_size  # bytes before an entry's content
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX: open fails on a symlink
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted at an entry must not block a read
_WARNED: set[str] = set()  # the cache roots a warning was printed for, in this process


def cache_dir() -> Path:
    """The root of postc's cache, as configured (absolute; symlinks not resolved)."""
    environ = os.environ
    root = _configured(
        environ.get("POSTC_CACHE_DIR", ""),
        environ.get("XDG_CACHE_HOME", ""),
        environ.get("HOME", ""),
    )
    return root if root.is_absolute() else Path.cwd() / root


@cache
def _configured(explicit: str, xdg: str, home: str) -> Path:
    """:func:`cache_dir` of these settings (remembered: every cache access asks for it)."""
    if explicit:
        return Path(explicit)
    return (Path(xdg) if xdg else Path.home() / ".cache") / "postc"


@cache
def code_fingerprint() -> str:
    """A hash of postc's own code and built-in templates: part of the key of everything
    cached from postc's work, so that a changed postc never serves a stale result even when
    its version number did not change."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for root, pattern in ((package, "*.py"), (templates_dir(), "*")):
        for path in sorted(root.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def clear_cache() -> Path:
    """Remove the cache directory (the directory a symlinked root points to); returns it."""
    root = cache_dir()
    with contextlib.suppress(OSError, RuntimeError):
        shutil.rmtree(root.resolve(), ignore_errors=True)
    return root


# -- trust: who may write the cache -----------------------------------------------------------


def refusal(status: os.stat_result, uid: int | None) -> str | None:
    """Why a directory of the cache (its ``lstat``) cannot be trusted by user ``uid``, or
    ``None`` when it can: whoever may write in it decides what postc generates."""
    if stat.S_ISLNK(status.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISDIR(status.st_mode):
        return "it is not a directory"
    if uid is None:  # no owners or permission bits to check (Windows)
        return None
    if status.st_uid != uid:
        return f"it is owned by another user (uid {status.st_uid})"
    if status.st_mode & stat.S_IWOTH:
        return "every user may write in it"
    if status.st_mode & stat.S_IWGRP:
        return "its group may write in it"
    return None


def _uid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


@cache
def _resolved(configured: Path) -> str:
    """The real path of the configured root: a root that is a symlink (``~/.cache`` on
    another disk) is the user's choice; inside it, no symlink is followed."""
    return os.path.realpath(configured)


def _directory(configured: Path, parts: Sequence[str], *, create: bool) -> str | None:
    """The directory ``parts`` inside the cache root, when it and every directory above it
    (the root included) can be trusted; created 0700 where missing, if ``create``. ``None``
    when there is none: the cache is off for whatever lives there.

    Paths are text here, not :class:`Path`: every cache access walks this, and pathlib
    was most of its cost."""
    root = directory = _resolved(configured)
    for part in (None, *parts):
        directory = directory if part is None else f"{directory}{os.sep}{part}"
        try:
            status = _lstat(directory, create=create)
        except OSError:
            return None
        why = refusal(status, _uid())
        if why is not None:
            _warn(root, directory, why)
            return None
    return directory


def _lstat(directory: str, *, create: bool) -> os.stat_result:
    """The ``lstat`` of a directory of the cache, made (0700) first when missing and asked
    (the directories above the root as ``mkdir -p`` would: they are not the cache's)."""
    try:
        return os.lstat(directory)
    except FileNotFoundError:
        if not create:
            raise
    Path(directory).parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # another run made it meanwhile
        Path(directory).mkdir(0o700)
    return os.lstat(directory)


def _warn(root: str, directory: str, why: str) -> None:
    """One line on stderr saying which part of the cache is not used and why: once per
    cache root and process, however many entries or directories are refused."""
    if root in _WARNED:
        return
    _WARNED.add(root)
    printable = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in directory)
    print(f"postc: warning: not using the cache in {printable}: {why}", file=sys.stderr)


# -- entries: bound to their key, read without following symlinks -----------------------------


def _key(entry: Path) -> tuple[Path, tuple[str, ...]] | None:
    """The cache root and the entry's place under it (its key); ``None`` outside it."""
    root = cache_dir()
    separator = os.sep  # text, not pathlib: most of an access's cost
    prefix, text = f"{root}{separator}", str(entry)
    parts = tuple(text[len(prefix) :].split(separator)) if text.startswith(prefix) else ()
    return (root, parts) if parts and "" not in parts and ".." not in parts else None


def _sealed(parts: Sequence[str], content: bytes) -> bytes:
    """``content`` with the header that binds it to the key ``parts``."""
    return MAGIC + _binding(parts, content) + content


def _binding(parts: Sequence[str], content: bytes) -> bytes:
    digest = hashlib.sha256("/".join(parts).encode("utf-8", "surrogateescape") + b"\0")
    digest.update(content)
    return digest.digest()


def _unsealed(parts: Sequence[str], data: bytes) -> bytes | None:
    """The content of an entry read at ``parts``, or ``None`` unless its header binds exactly
    that content to exactly that key."""
    content = data[_SEAL:]
    if not data.startswith(MAGIC) or data[len(MAGIC) : _SEAL] != _binding(parts, content):
        return None
    return content


def load(entry: Path) -> bytes | None:
    """The content :func:`store` wrote at ``entry``, marked as just used (its mtime orders
    pruning); ``None`` (a miss) when the cache is off, the entry is missing, not a regular
    file, reached through a symlink, or not bound to this key."""
    key = _key(entry)
    if key is None:
        return None
    root, parts = key
    directory = _directory(root, parts[:-1], create=False)
    if directory is None:
        return None
    try:
        handle = os.open(f"{directory}{os.sep}{parts[-1]}", os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    try:
        data = _read_regular(handle)
        if data is not None and os.utime in os.supports_fd:
            with contextlib.suppress(OSError):
                os.utime(handle)
    finally:
        os.close(handle)
    return _unsealed(parts, data) if data is not None else None


def _read_regular(handle: int) -> bytes | None:
    """The bytes of the open file, if it is a regular file no bigger than the cache may be
    and read whole at once (entries are replaced, never written in place)."""
    status = os.fstat(handle)
    if not stat.S_ISREG(status.st_mode) or status.st_size > limit_bytes():
        return None
    data = os.read(handle, status.st_size + 1)
    return data if len(data) == status.st_size else None


class _WriteBehind:
    """A thread writing the cache entries handed to it, in order."""

    def __init__(self) -> None:
        self.stored = 0  # entries handed in
        self.pending: queue.SimpleQueue[tuple[Path, tuple[str, ...], bytes] | None] = (
            queue.SimpleQueue()
        )
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()

    def put(self, root: Path, parts: tuple[str, ...], data: bytes) -> None:
        self.stored += 1
        self.pending.put((root, parts, data))

    def finish(self) -> None:
        self.pending.put(None)
        self.thread.join()

    def _write(self) -> None:
        while (item := self.pending.get()) is not None:
            _write_entry(*item)


_BEHIND: ContextVar[_WriteBehind | None] = ContextVar("cache_write_behind", default=None)


def store(entry: Path, content: str | bytes) -> None:
    """Write a cache entry (text as UTF-8) bound to its key, atomically; best effort.
    Within :func:`writing_behind`, on a background thread."""
    key = _key(entry)
    if key is None:
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    behind = _BEHIND.get()
    if behind is None:
        _write_entry(*key, data)
    else:
        behind.put(*key, data)


@contextlib.contextmanager
def writing_behind() -> Iterator[None]:
    """Cache entries stored in the block (in this thread) are written by a background
    thread, every one of them by the time the block exits: a cold generation stores
    thousands, and creating a file is I/O the stages need not wait for. If the block
    stored any, the cache is then pruned to its size limit (at most every few minutes)."""
    behind = _WriteBehind()
    token = _BEHIND.set(behind)
    try:
        yield
    finally:
        _BEHIND.reset(token)
        behind.finish()
    if behind.stored:
        prune_now_and_then()


def _write_entry(root: Path, parts: tuple[str, ...], data: bytes) -> None:
    """Write the entry through a temporary file beside it (``generator.atomic``): readers
    (other postc runs) see the whole entry or none, and a symlink or hard link planted at
    the entry is replaced, not written through. The temporary name is this thread's own,
    so there is no need for random names (half the cost of a write); one found there is
    what a killed run left, and is removed first."""
    directory = _directory(root, parts[:-1], create=True)
    if directory is None:
        return
    entry = Path(directory, parts[-1])
    temporary = Path(directory, f".{parts[-1]}.{os.getpid()}-{threading.get_ident()}")
    sealed = _sealed(parts, data)
    with contextlib.suppress(OSError):
        try:
            replace_file(entry, sealed, temporary)
        except FileExistsError:
            temporary.unlink()
            replace_file(entry, sealed, temporary)


# -- the size limit ---------------------------------------------------------------------------


def limit_bytes() -> int:
    """The size the cache is pruned down to."""
    try:
        megabytes = float(os.environ.get("POSTC_CACHE_MAX_MB", DEFAULT_LIMIT_MB))
    except ValueError:
        megabytes = DEFAULT_LIMIT_MB
    return max(0, int(megabytes * 1024 * 1024))


def prune(limit: int | None = None) -> int:
    """Remove the least recently used entries until the cache holds at most ``limit``
    bytes (default :func:`limit_bytes`); returns how many were removed. A symlink in the
    cache counts as itself, and removing it removes the link only."""
    limit = limit_bytes() if limit is None else limit
    entries: list[tuple[float, int, Path]] = []
    for path in _entries():
        with contextlib.suppress(OSError):
            status = os.lstat(path)
            entries.append((status.st_mtime, status.st_size, path))
    total = sum(size for _, size, _ in entries)
    removed = 0
    for _, size, path in sorted(entries, key=lambda entry: (entry[0], str(entry[2]))):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
            removed += 1
    return removed


def prune_now_and_then() -> int:
    """:func:`prune`, unless it ran in the last ``PRUNE_INTERVAL`` seconds: a scan stats
    every entry (a tenth of a second at ten thousand), too much for each regeneration,
    and the limit is a bound on growth, not a quota to the byte."""
    root = _directory(cache_dir(), (), create=False)
    if root is None:
        return 0
    with contextlib.suppress(OSError):
        if time.time() - os.lstat(Path(root, "pruned")).st_mtime < PRUNE_INTERVAL:
            return 0
    removed = prune()
    store(cache_dir() / "pruned", b"")
    return removed


def _entries() -> Iterator[Path]:
    """Every file under the pruned directories; ``os.walk`` follows no symlinked directory,
    and a pruned directory that is itself a symlink is not walked."""
    for name in PRUNED:
        top = _directory(cache_dir(), (name,), create=False)
        if top is None:
            continue
        for directory, _, files in os.walk(top):
            for file in files:
                yield Path(directory, file)


# -- locks ------------------------------------------------------------------------------------


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the lock of an output directory for the block: two postc runs on one directory
    (a build and an editor hook, say) take turns instead of interleaving their writes.

    The lock is an OS file lock on a file in the cache (never in the output directory),
    released by the OS if postc dies. Where the cache cannot be written or trusted, or the
    lock file is not a regular file of its own (a symlink), there is no lock.
    """
    key = hashlib.sha256(str(output.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    stream = _lock_file(key)
    if stream is None:
        yield
        return
    with stream:
        _lock(stream)
        try:
            yield
        finally:
            _unlock(stream)


def _lock_file(key: str) -> IO[bytes] | None:
    """The lock file ``locks/KEY`` (created 0600), never through a symlink."""
    directory = _directory(cache_dir(), ("locks",), create=True)
    if directory is None:
        return None
    try:
        handle = os.open(
            Path(directory, key), os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK, 0o600
        )
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        return None
    return os.fdopen(handle, "r+b")


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(stream: IO[bytes]) -> None:
        stream.seek(0)
        while True:
            try:
                msvcrt.locking(stream.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after ten seconds: keep waiting
                continue

    def _unlock(stream: IO[bytes]) -> None:
        stream.seek(0)
        msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(stream: IO[bytes]) -> None:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX)

    def _unlock(stream: IO[bytes]) -> None:
        fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
