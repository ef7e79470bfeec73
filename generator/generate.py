"""``postc generate`` and ``postc check``: a collection file to a client project on disk.

The work is split by job, each in its own module; this one runs them in order for a target,
under the lock that makes runs on one output directory take turns:

- ``generator.pipeline``: the stages, from the inputs to every file in memory (``render``);
- ``generator.drift``: how OUTDIR differs from that rendering (``compare``);
- ``generator.check_report``: what ``postc check`` prints of it (``summary``, ``--diff``);
- ``generator.commit``: the changed files written into OUTDIR, all or nothing;
- ``generator.manifest``: ``.postc-manifest.json``, written and read back as untrusted input;
- ``generator.stamps``: a no-op regeneration recognised without rendering.

Files not listed in the manifest are never touched; listed files postc no longer generates
are removed; a listed file whose hash no longer matches was edited by hand, and is
overwritten (or removed) only with ``force``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import output_lock, writing_behind
from generator.check_report import summary, unified_diff
from generator.commit import write_project
from generator.config import Target
from generator.drift import Drift, compare
from generator.ir import Diagnostic
from generator.manifest import MANIFEST
from generator.pipeline import Rendered, input_hashes, render
from generator.stamps import stamp_path, unchanged, write_stamp

if TYPE_CHECKING:
    from generator.diff import Change

__all__ = [  # what callers use: the entry points, and the pieces of ``postc check``
    "MANIFEST",
    "ConflictError",
    "Drift",
    "Generated",
    "Rendered",
    "check_target",
    "generate",
    "generate_target",
    "summary",
    "unified_diff",
]


@dataclass(frozen=True)
class Generated:
    """What a generation wrote, and what the user should hear about."""

    package: str
    files: dict[str, str]
    written: tuple[str, ...]
    removed: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    unchanged: bool = False  # recognised as a no-op without rendering
    changes: tuple[Change, ...] = ()  # what this generation changed for callers


class ConflictError(Exception):
    """Generation would overwrite files edited by hand or not written by postc."""

    def __init__(self, output: Path, drift: Drift) -> None:
        self.output = output
        self.drift = drift
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        lines = [
            f"{self.output}: not written: these files were changed by hand "
            "(rerun with --force to overwrite them):"
        ]
        lines += [f"  edited   {path}" for path in self.drift.edited]
        lines += [f"  foreign  {path} (not written by postc)" for path in self.drift.foreign]
        return lines


def generate(
    collection_path: Path,
    output: Path,
    *,
    package: str | None = None,
    env_path: Path | None = None,
    overrides_path: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
) -> Generated:
    """Generate the client project of a collection into ``output``."""
    target = Target(collection_path, output, package, env_path, overrides_path, templates)
    return generate_target(target, force=force)


def generate_target(target: Target, *, force: bool = False) -> Generated:
    """Generate one target; raises :class:`ConflictError` (writing nothing) on hand-edited files.

    Runs on one output directory take turns (:func:`generator.cache.output_lock`).
    """
    with output_lock(target.output), writing_behind():
        inputs = input_hashes(target)
        stamp = stamp_path(target, inputs)
        stamped = unchanged(target, stamp) if stamp is not None and not force else None
        if stamped is not None:
            package, files, warnings = stamped.package, stamped.files, stamped.warnings
            return Generated(package, files, (), (), warnings, unchanged=True)
        rendered = render(target, inputs)
        drift = compare(rendered)
        if drift.conflicts and not force:
            raise ConflictError(target.output, drift)
        written, removed = write_project(rendered, drift)
        write_stamp(target, inputs, rendered.package, rendered.warnings)
    return Generated(
        rendered.package,
        rendered.files,
        written,
        removed,
        rendered.warnings,
        changes=rendered.changes,
    )


def check_target(target: Target) -> tuple[Rendered, Drift]:
    """Render ``target`` in memory and compare it with the disk; writes nothing (waits for a
    generation running on the same directory to finish)."""
    with output_lock(target.output), writing_behind():
        rendered = render(target)
        return rendered, compare(rendered)
