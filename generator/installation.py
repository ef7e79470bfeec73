"""Where this installation of postc keeps its own files.

A module of its own because both the cache (whose keys hash postc's code and templates)
and the template environment (which loads them) need it, and neither may import the other.
"""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """The built-in templates: ``templates/`` in a checkout, ``generator/templates`` in a wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("postc's templates are missing from this installation")
