"""The no-op fast path: a regeneration that would change nothing is recognised without
rendering, from a stamp in postc's cache directory.

A stamp is a cache entry (``generator.cache``: bound to its key, so a planted or moved
entry is a miss) saying that rendering these inputs, with this postc and this black, into
this directory gave the manifest OUTDIR holds, with these warnings. It is looked for only
when that manifest itself records those inputs and versions, and it is believed only as
far as can be checked without rendering: the package it names is the manifest's, and
every file the manifest lists is on disk as listed. ``postc check`` never reads stamps.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.cache import cache_dir, code_fingerprint, load, store
from generator.config import Target
from generator.formatting import black_version
from generator.ir import Diagnostic
from generator.manifest import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MAX_OUTPUT_FILE_BYTES,
    read_manifest,
    sha256,
)
from generator.output import OutputDir, Unread


@dataclass(frozen=True)
class Stamped:
    """The output a stamp vouches for: as the last generation left it."""

    package: str
    files: dict[str, str]
    warnings: tuple[Diagnostic, ...]


def stamp_path(target: Target, inputs: dict[str, str | None]) -> Path | None:
    """Where the stamp of a generation with these inputs, by this postc, into this
    directory, would be; ``None`` when there is no manifest to trust: none, or one that
    does not itself record these inputs, this postc and this black (no stamp can vouch for
    a manifest that says it was made from something else)."""
    manifest = _read(target.output / MANIFEST)
    recorded = _recorded(manifest)
    if manifest is None or recorded is None:
        return None
    made_by = (recorded.get("inputs"), recorded.get("postc"), recorded.get("black"))
    if made_by != (inputs, __version__, black_version()):
        return None
    key = json.dumps(
        [
            str(target.output.resolve()),
            target.package,
            inputs,
            code_fingerprint(),
            black_version(),
            sha256(manifest),
        ]
    )
    return cache_dir() / "runs" / sha256(key.encode("utf-8"))


def unchanged(target: Target, stamp: Path) -> Stamped | None:
    """The output as the stamp vouches for it, or ``None`` when a generation might change
    it: the stamp is missing or malformed, names another package than the manifest (or one
    that is no plain identifier: the hatch hook makes a path of it), or a file the
    manifest lists is not on disk as listed."""
    content = load(stamp)
    if content is None:
        return None
    try:
        claimed = json.loads(content)
        package = claimed["package"]
        warnings = tuple(Diagnostic(str(p), str(m)) for p, m in claimed["warnings"])
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    recorded = _recorded(_read(target.output / MANIFEST))
    if recorded is None or recorded.get("package") != package or not _plain_name(package):
        return None
    files = {}
    for relative, digest in _previous_files(target.output).items():
        current = _read(target.output / relative)
        if current is None or sha256(current) != digest:
            return None
        files[relative] = current.decode("utf-8", "replace")
    return Stamped(package, files, warnings)


def write_stamp(
    target: Target, inputs: dict[str, str | None], package: str, warnings: Sequence[Diagnostic]
) -> None:
    """Record that the output now matches ``inputs``, the inputs that were rendered (not
    read again: an input edited during the run would then pass for generated)."""
    stamp = stamp_path(target, inputs)
    if stamp is None:
        return
    listed = [[w.path, w.message] for w in warnings]
    store(stamp, json.dumps({"package": package, "warnings": listed}))


def _previous_files(output: Path) -> dict[str, str]:
    """The files the previous manifest lists: relative path -> sha256. The directories they
    are in are checked to be no links (``InputError``): the no-op check reads the files with
    :func:`_read`, which looks at their last component only."""
    outdir = OutputDir.of(output)
    manifest = read_manifest(outdir)
    if manifest is None:
        return {}
    for directory in sorted({relative.rpartition("/")[0] for relative in manifest.files} - {""}):
        outdir.lstat(directory)
    return dict(manifest.files)


def _recorded(manifest: bytes | None) -> dict[str, object] | None:
    """The manifest's fields, or ``None`` when it is missing or not a JSON object."""
    try:
        recorded = json.loads(manifest) if manifest is not None else None
    except (ValueError, RecursionError):
        return None
    return recorded if isinstance(recorded, dict) else None


def _plain_name(package: object) -> bool:
    """Whether ``package`` is what :func:`generator.naming.identifiers.package_name` gives:
    an ASCII identifier (never a path)."""
    return isinstance(package, str) and package.isascii() and package.isidentifier()


def _read(path: Path) -> bytes | None:
    """The bytes of the regular file ``path`` in OUTDIR, never through a link at its last
    component (``InputError``); ``None`` when there is none, or it is larger than postc
    writes such a file."""
    limit = MAX_MANIFEST_BYTES if path.name == MANIFEST else MAX_OUTPUT_FILE_BYTES
    found = OutputDir(path.parent, path.parent).read(path.name, limit)
    return None if isinstance(found, Unread) else found
