"""black, run only on text it has not formatted before, on every core, while rendering goes on.

Formatting is a pure function of (black version, mode, unformatted text), so its result is
cached on disk under that key, in postc's cache directory (``generator.cache``). The
cache is best effort: when it cannot be read or written, black simply runs.

black is the slowest stage of a cold generation, and files format independently: once the
texts the cache does not have add up to enough work, worker processes format them, each
text as soon as it is rendered, so that black runs while later files are still being
rendered. Workers start once there are ``PARALLEL_CHARACTERS`` of such text, one for every
half of that, up to ``$POSTC_JOBS`` (by default one per core; ``POSTC_JOBS=1`` formats
in-process): each costs a Python importing black (about 40 MB and a third of a second),
worth it only for more work than that, so a one-request change starts two or three however
many cores there are. The result does not depend on how many workers ran.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import os
import queue
import subprocess
import sys
import threading
import tokenize
from collections.abc import Container, Iterable, Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import IO, TYPE_CHECKING

from generator.cache import cache_dir, load, store

if TYPE_CHECKING:
    import black

MODE_KEY = "target-versions=py310"  # what the mode differs from black's default in, for the key
# Below this much text to format, starting workers (a Python each, importing black) costs
# more than it saves: about a second of black's work on one core. Above it, a worker for
# every half of it (half a second of work is worth a worker's third of a second to start).
PARALLEL_CHARACTERS = 100_000
_HEADER = 8  # bytes of a frame's length, big-endian, before its UTF-8 text
# A longer text is formatted in pieces of about this size: black takes about 200 bytes of
# memory a byte of its input (a generated module of 10,000 model classes, 2.3 MB, took one
# worker 430 MiB); pieces are also formatted in parallel, and cached, each on its own
PIECE_CHARACTERS = 128 * 1024
_NOT_A_START = frozenset({tokenize.NL, tokenize.COMMENT, tokenize.ENCODING})


def format_files(files: Iterable[tuple[str, str]], verbatim: Container[str] = ()) -> dict[str, str]:
    """Path -> text of the files, every ``.py`` one formatted by black (through the cache),
    a long one in pieces (``pieces``); ``files`` may be rendered lazily, black starts on the
    first ones while the others come. The ``verbatim`` paths are black's output already
    (the runtime): kept as they are, and no reason to start workers for a small project.

    A long text formatted before is found in the cache whole: cutting it means tokenizing
    it in Python (0.4 s a MB), which a regeneration would otherwise pay for every long file
    it did not change."""
    formatter = _Formatter()
    out: dict[str, str] = {}
    counts: dict[str, int] = {}  # path -> the pieces of its text
    try:
        for path, text in files:
            out[path] = text
            if not path.endswith(".py") or path in verbatim:
                continue
            whole = _read(_entry(text)) if len(text) > PIECE_CHARACTERS else None
            if whole is not None:
                out[path] = whole
                continue
            parts = pieces(text)
            counts[path] = len(parts)
            for index, part in enumerate(parts):
                formatter.add(f"{path}#{index}", part)
        formatted = formatter.finish()
    except BaseException:  # rendering or black failed, or Ctrl-C: no worker is left running
        if formatter.pool is not None:
            formatter.pool.stop()
        raise
    for path, count in counts.items():  # black puts two blank lines where a piece ended
        keys = [f"{path}#{index}" for index in range(count)]
        joined = "\n\n".join(formatted[key] for key in keys)
        if count > 1 and formatter.unparsed.isdisjoint(keys):  # black's text of the whole
            store(_entry(out[path]), joined)
        out[path] = joined
    return out


def pieces(text: str) -> list[str]:
    """``text`` cut, if longer than ``PIECE_CHARACTERS``, into pieces of about that size:
    before top-level statements that follow two blank lines, the two blank lines left out.
    black formats such statements independently of each other and separates them by two
    blank lines, so the formatted pieces joined by two blank lines are black's text of the
    whole; text that does not tokenize stays whole."""
    if len(text) <= PIECE_CHARACTERS:
        return [text]
    cuts, start = [], 0
    for offset in _statement_offsets(text):
        if offset - start >= PIECE_CHARACTERS and text.endswith("\n\n\n", 0, offset):
            cuts.append(text[start : offset - 2])
            start = offset
    return [*cuts, text[start:]]


def _statement_offsets(text: str) -> Iterator[int]:
    """Where each top-level statement after the first starts (its first token's line)."""
    line_offsets = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))]
    depth, starting = 0, True
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.INDENT:
                depth += 1
            elif token.type == tokenize.DEDENT:
                depth -= 1
            elif token.type == tokenize.NEWLINE:
                starting = True
            elif token.type not in _NOT_A_START and starting:
                starting = False
                if depth == 0 and token.start[0] > 1:
                    yield line_offsets[token.start[0] - 1]
    except (tokenize.TokenError, SyntaxError):
        return


class _Formatter:
    """The texts of one generation: from the cache, or by black (here or in workers)."""

    def __init__(self) -> None:
        self.done: dict[str, str] = {}  # path -> formatted text, from the cache
        # a text to format -> its cache entry and the paths that have it
        self.pending: dict[str, tuple[Path, list[str]]] = {}
        self.misses = 0  # characters to format
        self.unparsed: set[str] = set()  # the paths of texts black could not parse
        self.pool: _Pool | None = None
        self.most = _jobs() if _jobs() > 1 else 0  # workers, at most

    def add(self, path: str, text: str) -> None:
        if text in self.pending:
            self.pending[text][1].append(path)
            return
        entry = _entry(text)
        cached = _read(entry)
        if cached is not None:
            self.done[path] = cached
            return
        self.pending[text] = (entry, [path])
        self.misses += len(text)
        first = self.pool is None
        self._grow()
        if self.pool is None:
            return
        for waiting in self.pending if first else (text,):  # a first pool: the work so far
            self.pool.submit(waiting)

    def _grow(self) -> None:
        """Start workers up to one per half ``PARALLEL_CHARACTERS`` of text to format, at
        most ``most``; where none can be started, black runs here (or in those running)."""
        share = PARALLEL_CHARACTERS // 2  # of the work, for each worker at least
        wanted = min(self.most, self.misses // share if share else self.most)
        if self.misses < PARALLEL_CHARACTERS:
            wanted = 0
        try:
            if self.pool is None and wanted:
                self.pool = _Pool(wanted)
            while self.pool is not None and len(self.pool.workers) < wanted:
                self.pool.grow()
        except (OSError, RuntimeError):  # no process or thread to be had
            self.most = len(self.pool.workers) if self.pool is not None else 0

    def finish(self) -> dict[str, str]:
        """Path -> formatted text of every file added."""
        results = self.pool.results() if self.pool is not None else {}
        formatted = self.done
        for text, (entry, paths) in self.pending.items():
            result = results.get(text)
            if result is None:
                result = _black(text)
            if result is None:  # not Python: the compile check names the file and the line
                formatted.update(dict.fromkeys(paths, text))
                self.unparsed.update(paths)
                continue
            store(entry, result)
            formatted.update(dict.fromkeys(paths, result))
        return formatted


class _Pool:
    """Worker processes, each text handed to the one with the least work outstanding."""

    def __init__(self, jobs: int) -> None:
        self.workers: list[_Worker] = []
        try:
            for _ in range(jobs):
                self.grow()
        except BaseException:
            self.stop()
            raise

    def grow(self) -> None:
        """One more worker; the texts submitted from now on go to it first."""
        self.workers.append(_Worker())

    def submit(self, text: str) -> None:
        min(self.workers, key=_Worker.outstanding).submit(text)

    def stop(self) -> None:
        """End the workers, their work unfinished."""
        for worker in self.workers:
            worker.process.kill()
            worker.finish()

    def results(self) -> dict[str, str]:
        """Unformatted text -> formatted, for every text a worker formatted."""
        results: dict[str, str] = {}
        for worker in self.workers:
            results.update(worker.finish())
        return results


class _Worker:
    """A fresh ``python -m generator.formatting``: texts in on its stdin, formatted texts out
    on its stdout, in the same order; a thread feeds it and another reads it, so that
    neither side waits on a full pipe.

    A plain subprocess, not multiprocessing: that would import the caller's ``__main__``
    in each worker, which hangs or recurses when a script calls postc unguarded. What a
    failed worker did not answer, black formats in this process (so an error is black's own).
    It runs in postc's own directory: ``python -m`` imports first from the current one,
    where a ``black.py`` of the project being built would otherwise run.
    """

    def __init__(self) -> None:
        here = str(Path(__file__).resolve().parents[1])  # postc importable however it was found
        path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            worker_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=here,
            env={**os.environ, "PYTHONPATH": path},
        )
        self.texts: list[str] = []
        self.formatted: list[str] = []
        self.submitted = 0  # characters; written by the caller's thread only
        self.answered = 0  # characters; written by the reading thread only
        self.inbox: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self._feed, daemon=True),
            threading.Thread(target=self._read, daemon=True),
        ]
        try:
            for thread in self.threads:
                thread.start()
        except BaseException:
            self.process.kill()
            self.process.wait()
            raise

    def outstanding(self) -> int:
        return self.submitted - self.answered

    def submit(self, text: str) -> None:
        self.texts.append(text)
        self.submitted += len(text)
        self.inbox.put(text)

    def finish(self) -> dict[str, str]:
        self.inbox.put(None)
        for thread in self.threads:
            thread.join()
        self.process.wait()
        return dict(zip(self.texts, self.formatted, strict=False))

    def _feed(self) -> None:
        stream = self.process.stdin
        assert stream is not None
        with contextlib.suppress(OSError):  # the worker died: the reader sees it end
            try:
                while (text := self.inbox.get()) is not None:
                    _write_frame(stream, text)
            finally:
                stream.close()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        with stream:
            while (text := _read_frame(stream)) is not None:
                self.formatted.append(text)
                self.answered += len(self.texts[len(self.formatted) - 1])


def worker_command() -> list[str]:
    return [sys.executable, "-m", "generator.formatting"]


def _write_frame(stream: IO[bytes], text: str) -> None:
    data = text.encode("utf-8")
    stream.write(len(data).to_bytes(_HEADER, "big") + data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> str | None:
    """The next frame's text; None at the end of the stream (or of a truncated frame)."""
    header = stream.read(_HEADER)
    if len(header) < _HEADER:
        return None
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    return data.decode("utf-8") if len(data) == size else None


def _entry(text: str) -> Path:
    key = hashlib.sha256(f"black {black_version()}\0{MODE_KEY}\0{text}".encode()).hexdigest()
    return cache_dir() / "black" / key[:2] / key


def _read(entry: Path) -> str | None:
    cached = load(entry)
    try:
        return cached.decode("utf-8") if cached is not None else None
    except UnicodeDecodeError:
        return None


def _jobs() -> int:
    """Worker processes: ``$POSTC_JOBS``, else one per core this process may use."""
    try:
        return max(1, int(os.environ["POSTC_JOBS"]))
    except (KeyError, ValueError):
        cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        return len(cores) if cores else os.cpu_count() or 1


def _black(text: str) -> str | None:
    """``text`` formatted, or ``None`` when black cannot parse it (a user template's
    mistake: ``generator.emit.verify`` then reports it as bad input, not a traceback)."""
    import black  # here, not at start-up: most runs find every file in the cache
    from black.parsing import InvalidInput

    try:
        return black.format_str(text, mode=_mode())
    except InvalidInput:
        return None


@cache
def black_version() -> str:
    """The version of black that formats postc's output: part of every formatted file's
    cache key, and recorded in the manifest (the one place it is read)."""
    return version("black")


@cache
def _mode() -> black.Mode:
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY310})


def _serve(source: IO[bytes], sink: IO[bytes]) -> None:
    """A worker's loop: frames of texts in, frames of the formatted texts out, until the
    input ends (an error in black ends the worker; its caller formats what is left)."""
    while (text := _read_frame(source)) is not None:
        formatted = _black(text)
        if formatted is None:  # not Python: the caller meets it again, and reports the file
            return
        _write_frame(sink, formatted)


if __name__ == "__main__":  # a worker of _Worker
    _serve(sys.stdin.buffer, sys.stdout.buffer)
