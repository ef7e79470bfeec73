"""black, run only on text it has not formatted before.

Formatting is a pure function of (black version, mode, unformatted text), so its result is
cached on disk under that key, in postc's cache directory (``generator.cache``). The
cache is best effort: when it cannot be read or written, black simply runs.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import cache
from importlib.metadata import version
from typing import TYPE_CHECKING

from generator.cache import cache_dir, prune, touch
from generator.output import write_atomically

if TYPE_CHECKING:
    import black

MODE_KEY = "target-versions=py310"  # what the mode differs from black's default in, for the key
BLACK_VERSION = version("black")


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The files with every ``.py`` file formatted by black (through the cache); the cache
    is pruned to its size limit when this added to it."""
    formatted: dict[str, str] = {}
    added = False
    for path, text in files.items():
        if path.endswith(".py"):
            formatted[path], miss = _format_python(text)
            added |= miss
        else:
            formatted[path] = text
    if added:
        prune()
    return formatted


def _format_python(text: str) -> tuple[str, bool]:
    """``black.format_str(text)``, from the cache when black has seen this text before; and
    whether black had to run."""
    key = hashlib.sha256(f"black {BLACK_VERSION}\0{MODE_KEY}\0{text}".encode()).hexdigest()
    entry = cache_dir() / "black" / key[:2] / key
    try:
        cached = entry.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    else:
        touch(entry)
        return cached, False
    import black  # here, not at start-up: most runs find every file in the cache

    formatted = black.format_str(text, mode=_mode())
    with contextlib.suppress(OSError):
        write_atomically(entry, formatted)
    return formatted, True


@cache
def _mode() -> black.Mode:
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY310})
