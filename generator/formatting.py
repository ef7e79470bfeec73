"""black, run only on text it has not formatted before, on every core.

Formatting is a pure function of (black version, mode, unformatted text), so its result is
cached on disk under that key, in postc's cache directory (``generator.cache``). The
cache is best effort: when it cannot be read or written, black simply runs.

black is the slowest stage of a cold generation, and files format independently: when the
texts to format are many, worker processes format them in parallel (``$POSTC_JOBS``
workers, by default one per core; ``POSTC_JOBS=1`` formats in-process). The result does
not depend on how many workers ran.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import cache_dir, prune_now_and_then, touch
from generator.output import write_atomically

if TYPE_CHECKING:
    import black

MODE_KEY = "target-versions=py310"  # what the mode differs from black's default in, for the key
BLACK_VERSION = version("black")
# Below this much text to format, starting workers (a Python each, importing black) costs
# more than it saves: about a second of black's work on one core.
PARALLEL_CHARACTERS = 100_000


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The files with every ``.py`` file formatted by black (through the cache); the cache
    is pruned to its size limit when this added to it (at most every few minutes)."""
    formatted = dict(files)
    misses: dict[str, Path] = {}  # unformatted text -> its cache entry
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        entry = _entry(text)
        cached = _read(entry)
        if cached is None:
            misses[text] = entry
        else:
            formatted[path] = cached
    if not misses:
        return formatted
    results = dict(zip(misses, _black_all(list(misses)), strict=True))
    for text, entry in misses.items():
        with contextlib.suppress(OSError):
            write_atomically(entry, results[text])
    for path, text in files.items():
        if text in results:
            formatted[path] = results[text]
    prune_now_and_then()
    return formatted


def _entry(text: str) -> Path:
    key = hashlib.sha256(f"black {BLACK_VERSION}\0{MODE_KEY}\0{text}".encode()).hexdigest()
    return cache_dir() / "black" / key[:2] / key


def _read(entry: Path) -> str | None:
    try:
        cached = entry.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    touch(entry)
    return cached


def _black_all(texts: list[str]) -> list[str]:
    """Each text formatted, in order; in worker processes when there is enough of it."""
    jobs = min(_jobs(), len(texts))
    if jobs < 2 or sum(map(len, texts)) < PARALLEL_CHARACTERS:
        return [_black(text) for text in texts]
    # balanced batches, the longest texts first, one per worker
    batches: list[list[int]] = [[] for _ in range(jobs)]
    sizes = [0] * jobs
    for index in sorted(range(len(texts)), key=lambda index: -len(texts[index])):
        lightest = sizes.index(min(sizes))
        batches[lightest].append(index)
        sizes[lightest] += len(texts[index])
    results: dict[int, str] = {}
    with ThreadPoolExecutor(jobs) as pool:  # each thread only waits on its worker
        done = pool.map(lambda batch: _in_worker([texts[i] for i in batch]), batches)
        for batch, formatted in zip(batches, done, strict=True):
            results.update(zip(batch, formatted, strict=True))
    return [results[index] for index in range(len(texts))]


def _in_worker(texts: list[str]) -> list[str]:
    """The texts formatted by a fresh ``python -m generator.formatting`` (JSON in and out).

    A plain subprocess, not multiprocessing: that would import the caller's ``__main__``
    in each worker, which hangs or recurses when a script calls postc unguarded. Should
    the worker fail, black runs here, so that any error is black's own.
    """
    here = str(Path(__file__).resolve().parents[1])  # postc importable however it was found
    path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
    worker = subprocess.run(
        [sys.executable, "-m", "generator.formatting"],
        input=json.dumps(texts).encode("utf-8"),
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": path},
    )
    if worker.returncode == 0:
        formatted = json.loads(worker.stdout)
        if isinstance(formatted, list) and len(formatted) == len(texts):
            return [str(text) for text in formatted]
    return [_black(text) for text in texts]


def _jobs() -> int:
    """Worker processes: ``$POSTC_JOBS``, else one per core this process may use."""
    try:
        return max(1, int(os.environ["POSTC_JOBS"]))
    except (KeyError, ValueError):
        cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        return len(cores) if cores else os.cpu_count() or 1


def _black(text: str) -> str:
    import black  # here, not at start-up: most runs find every file in the cache

    return black.format_str(text, mode=_mode())


@cache
def _mode() -> black.Mode:
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY310})


if __name__ == "__main__":  # a worker of _in_worker: a JSON list of texts in, formatted out
    sys.stdout.write(json.dumps([_black(text) for text in json.load(sys.stdin)]))
