"""Writing a rendering into OUTDIR, all or nothing: ``postc generate``'s only writes.

Only files whose bytes change are written (the others keep their mtimes). They are first
staged inside OUTDIR (``.postc-staging-*``, new files made by ``generator.atomic``, so the
renames stay on one file system), then moved into place one by one; the previous version
of each is moved aside and put back if anything fails, Ctrl-C included, so the previous
output stays intact. An entry a file replaces (a hard link too) is renamed aside, never
written through, and nothing below OUTDIR is reached through a symbolic link
(``generator.output.OutputDir``).
"""

from __future__ import annotations

import contextlib
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.atomic import create_file
from generator.drift import Drift
from generator.manifest import MANIFEST
from generator.output import OutputDir
from generator.pipeline import Rendered

STAGING_PREFIX = ".postc-staging-"


def write_project(rendered: Rendered, drift: Drift) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Apply ``drift``: write changed and missing files, remove stale ones (and, when the
    caller allowed it, hand-edited ones), all or nothing. Returns (written, removed)."""
    files = rendered.files
    stale_edited = [path for path in drift.edited if path not in files]
    changes = {
        path: files[path]
        for path in sorted({*drift.differ, *drift.missing, *drift.foreign, *drift.edited})
        if path in files
    }
    removals = sorted({*drift.stale, *stale_edited})
    if drift.manifest or changes or removals:
        _commit(OutputDir.of(rendered.target.output), changes, removals, rendered.manifest)
    return tuple(changes), tuple(removals)


_UMASKED = 0o666  # generated files get the permissions the user's umask gives new files


def _commit(outdir: OutputDir, changes: dict[str, str], removals: list[str], manifest: str) -> None:
    """Write ``changes`` and the manifest, remove ``removals``; on any failure (Ctrl-C
    included) put every file back as it was and re-raise. Every file is renamed into
    place: an entry it replaces (a hard link too) is moved aside, never written through.
    Files are staged as new files (``generator.atomic.create_file``) in a private directory
    inside OUTDIR, so the renames stay on one file system."""
    output = outdir.root
    created = output
    while not created.parent.exists():
        created = created.parent
    created_output = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    for leftover in output.glob(f"{STAGING_PREFIX}*"):  # from a generation killed mid-write
        shutil.rmtree(leftover, ignore_errors=True)  # a link is refused, not followed
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=output))
    moves: list[_Move] = []
    created_dirs: list[Path] = []
    succeeded = False
    try:
        order = [*changes.items(), (MANIFEST, manifest)]
        staged = []
        for index, (relative, text) in enumerate(order):
            source = staging / f"new-{index}"
            create_file(source, text.encode("utf-8"), _UMASKED)
            staged.append((relative, source))
        for index, (relative, source) in enumerate(staged):
            created_dirs += _make_parents(outdir, relative)
            move = _Move(output / relative, _set_aside(outdir, relative, staging / f"old-{index}"))
            moves.append(move)
            _place(source, move.target)
            move.placed = True
        for index, relative in enumerate(removals):
            backup = _set_aside(outdir, relative, staging / f"removed-{index}")
            moves.append(_Move(output / relative, backup))
        succeeded = True
    finally:
        if not succeeded:
            _roll_back(moves, created_dirs)
        shutil.rmtree(staging, ignore_errors=True)
        if not succeeded and created_output:
            shutil.rmtree(created, ignore_errors=True)
    for relative in removals:
        _remove_empty_parents(output, relative)


@dataclass
class _Move:
    target: Path
    backup: Path | None
    placed: bool = False


def _set_aside(outdir: OutputDir, relative: str, backup: Path) -> Path | None:
    """Move the entry at ``relative`` (not a link: refused) to ``backup``; ``None`` when
    there is none."""
    status = outdir.lstat(relative)
    if status is None:
        return None
    if stat.S_ISDIR(status.st_mode):
        raise outdir.refused(relative, "a directory where postc writes a file (move it)")
    (outdir.root / relative).replace(backup)
    return backup


def _place(source: Path, target: Path) -> None:
    """Move a staged file into place (a seam for tests that simulate a failure)."""
    source.replace(target)


def _roll_back(moves: list[_Move], created_dirs: list[Path]) -> None:
    for move in reversed(moves):
        if move.placed:
            move.target.unlink(missing_ok=True)
        if move.backup is not None:
            move.backup.replace(move.target)
    for directory in reversed(created_dirs):
        with contextlib.suppress(OSError):
            directory.rmdir()


def _make_parents(outdir: OutputDir, relative: str) -> list[Path]:
    """Create the missing directories on the way to ``relative``, top down; returns them.
    A link or a file on the way is refused."""
    made = []
    for parent in reversed(PurePosixPath(relative).parents[:-1]):
        status = outdir.lstat(str(parent))
        if status is None:
            (outdir.root / parent).mkdir()
            made.append(outdir.root / parent)
        elif not stat.S_ISDIR(status.st_mode):
            raise outdir.refused(str(parent), "not a directory, where postc needs one (move it)")
    return made


def _remove_empty_parents(output: Path, relative: str) -> None:
    """Remove the directories ``relative`` was in, bottom up, while they are empty (a link
    or anything else stops it)."""
    for parent in PurePosixPath(relative).parents[:-1]:
        directory = output / parent
        try:
            if not stat.S_ISDIR(directory.lstat().st_mode) or any(directory.iterdir()):
                return
            directory.rmdir()
        except OSError:
            return
