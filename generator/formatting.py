"""black, run only on text it has not formatted before.

Formatting is a pure function of (black version, mode, unformatted text), so its result is
cached on disk under that key, outside any output directory: ``$POSTC_CACHE_DIR``, else
``$XDG_CACHE_HOME/postc``, else ``~/.cache/postc``. ``postc cache clear`` empties it. The
cache is best effort: when it cannot be read or written, black simply runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from generator.output import write_atomically

if TYPE_CHECKING:
    import black

MODE_KEY = "target-versions=py310"  # what the mode differs from black's default in, for the key
BLACK_VERSION = version("black")


def cache_dir() -> Path:
    """The root of postc's cache."""
    explicit = os.environ.get("POSTC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "postc"


def clear_cache() -> Path:
    """Remove the cache directory; returns it."""
    root = cache_dir()
    shutil.rmtree(root, ignore_errors=True)
    return root


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The files with every ``.py`` file formatted by black (through the cache)."""
    return {
        path: format_python(text) if path.endswith(".py") else text for path, text in files.items()
    }


def format_python(text: str) -> str:
    """``black.format_str(text)``, from the cache when black has seen this text before."""
    key = hashlib.sha256(f"black {BLACK_VERSION}\0{MODE_KEY}\0{text}".encode()).hexdigest()
    entry = cache_dir() / "black" / key[:2] / key
    try:
        return entry.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    import black  # here, not at start-up: most runs find every file in the cache

    formatted = black.format_str(text, mode=_mode())
    with contextlib.suppress(OSError):
        write_atomically(entry, formatted)
    return formatted


@cache
def _mode() -> black.Mode:
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY310})
