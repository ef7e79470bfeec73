"""postc's cache directory: inferred types, renderings, formatted files, compiled templates,
no-op stamps, and locks.

Everything here is outside any output directory, and best effort: a cache that cannot be
read or written only makes postc slower. ``$POSTC_CACHE_DIR``, else
``$XDG_CACHE_HOME/postc``, else ``~/.cache/postc``; ``postc cache clear`` empties it.
The cache is kept under a size limit (``$POSTC_CACHE_MAX_MB``, 256 MB by default): when a
run has added entries and the cache is over the limit, the least recently used entries
go first (checked at most every ``PRUNE_INTERVAL`` seconds).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import IO

DEFAULT_LIMIT_MB = 256
PRUNE_INTERVAL = 600.0  # seconds: the least time between two scans of the whole cache
# content-addressed; jinja's and the locks stay small
PRUNED = ("black", "compiled", "infer", "render", "runs")


def cache_dir() -> Path:
    """The root of postc's cache."""
    explicit = os.environ.get("POSTC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "postc"


@cache
def code_fingerprint() -> str:
    """A hash of postc's own code and built-in templates: part of the key of everything
    cached from postc's work, so that a changed postc never serves a stale result even when
    its version number did not change."""
    from generator.emit.environment import templates_dir

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for root, pattern in ((package, "*.py"), (templates_dir(), "*")):
        for path in sorted(root.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def clear_cache() -> Path:
    """Remove the cache directory; returns it."""
    root = cache_dir()
    shutil.rmtree(root, ignore_errors=True)
    return root


def touch(entry: Path) -> None:
    """Mark a cache entry as just used (its mtime orders pruning)."""
    with contextlib.suppress(OSError):
        os.utime(entry)


class _WriteBehind:
    """A thread writing the cache entries handed to it, in order."""

    def __init__(self) -> None:
        self.stored = 0  # entries handed in
        self.pending: queue.SimpleQueue[tuple[Path, bytes] | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()

    def put(self, entry: Path, data: bytes) -> None:
        self.stored += 1
        self.pending.put((entry, data))

    def finish(self) -> None:
        self.pending.put(None)
        self.thread.join()

    def _write(self) -> None:
        while (item := self.pending.get()) is not None:
            _write_entry(*item)


_BEHIND: ContextVar[_WriteBehind | None] = ContextVar("cache_write_behind", default=None)


def store(entry: Path, content: str | bytes) -> None:
    """Write a cache entry (text as UTF-8), atomically; best effort. Within
    :func:`writing_behind`, on a background thread."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    behind = _BEHIND.get()
    if behind is None:
        _write_entry(entry, data)
    else:
        behind.put(entry, data)


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


def _write_entry(entry: Path, data: bytes) -> None:
    """Write to a temporary file beside the entry, then rename it into place: readers
    (other postc runs) see the whole entry or none. The temporary name is this thread's
    own, so there is no need for ``mkstemp``'s random names (half the cost of a write)."""
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}-{threading.get_ident()}")
    try:
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except FileNotFoundError:  # a new directory
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.replace(entry)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def limit_bytes() -> int:
    """The size the cache is pruned down to."""
    try:
        megabytes = float(os.environ.get("POSTC_CACHE_MAX_MB", DEFAULT_LIMIT_MB))
    except ValueError:
        megabytes = DEFAULT_LIMIT_MB
    return max(0, int(megabytes * 1024 * 1024))


def prune(limit: int | None = None) -> int:
    """Remove the least recently used entries until the cache holds at most ``limit``
    bytes (default :func:`limit_bytes`); returns how many were removed."""
    limit = limit_bytes() if limit is None else limit
    entries: list[tuple[float, int, Path]] = []
    for path in _entries():
        with contextlib.suppress(OSError):
            status = path.stat()
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
    stamp = cache_dir() / "pruned"
    try:
        if time.time() - stamp.stat().st_mtime < PRUNE_INTERVAL:
            return 0
    except OSError:
        pass  # never pruned (or unreadable): prune now
    removed = prune()
    with contextlib.suppress(OSError):
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    return removed


def _entries() -> Iterator[Path]:
    for name in PRUNED:
        for directory, _, files in os.walk(cache_dir() / name):
            for file in files:
                yield Path(directory, file)


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the lock of an output directory for the block: two postc runs on one directory
    (a build and an editor hook, say) take turns instead of interleaving their writes.

    The lock is an OS file lock on a file in the cache (never in the output directory),
    released by the OS if postc dies. Where the cache cannot be written, there is no lock.
    """
    key = hashlib.sha256(str(output.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    path = cache_dir() / "locks" / key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = path.open("a+b")
    except OSError:
        yield
        return
    with stream:
        _lock(stream)
        try:
            yield
        finally:
            _unlock(stream)


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
