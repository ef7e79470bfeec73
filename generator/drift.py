"""How the files in OUTDIR differ from a rendering: what ``postc generate`` will write and
remove, and what ``postc check`` reports.

Each file is sorted into one kind by comparing its bytes with the rendering and its hash
with the manifest OUTDIR holds: postc's files that changed (``differ``) or are gone
(``missing``), files postc no longer generates (``stale``), and the user's: files postc
wrote and someone edited (``edited``), or never wrote (``foreign``), which are conflicts.
OUTDIR is read as the untrusted input it is (``generator.output``): never through a link,
each file only as far as postc could have written it, and nothing of it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from generator.manifest import MANIFEST, MAX_OUTPUT_FILE_BYTES, Manifest
from generator.output import OutputDir, Unread
from generator.pipeline import Rendered


@dataclass(frozen=True)
class Drift:
    """How the files on disk differ from a rendering."""

    differ: tuple[str, ...] = ()  # generated before, content changed (will be rewritten)
    missing: tuple[str, ...] = ()  # not on disk
    stale: tuple[str, ...] = ()  # postc wrote it, no longer generates it (will be removed)
    edited: tuple[str, ...] = ()  # postc wrote it, edited by hand since, would be replaced
    foreign: tuple[str, ...] = ()  # postc did not write it, but would write that path
    manifest: bool = False  # the manifest itself is missing or out of date
    previous: Manifest | None = field(default=None, repr=False)  # the manifest on disk

    @property
    def current(self) -> bool:
        return (
            not (self.differ or self.missing or self.stale or self.edited or self.foreign)
            and not self.manifest
        )

    @property
    def conflicts(self) -> tuple[str, ...]:
        return tuple(sorted((*self.edited, *self.foreign)))


def compare(rendered: Rendered) -> Drift:
    """What writing ``rendered`` would change on disk (``--diff`` reads again what it
    shows)."""
    outdir = OutputDir.of(rendered.target.output)
    previous = rendered.previous  # read by ``render``, under the same lock
    listed = previous.files if previous is not None else {}
    found: dict[_Kind, list[str]] = {kind: [] for kind in get_args(_Kind)}
    for relative, text in rendered.files.items():
        drift = _generated_drift(outdir, relative, text.encode("utf-8"), listed.get(relative))
        if drift is not None:
            found[drift].append(relative)
    for relative, digest in sorted(listed.items()):
        if relative not in rendered.files and relative != MANIFEST:
            drift = _listed_drift(outdir, relative, digest)
            if drift is not None:
                found[drift].append(relative)
    return Drift(
        tuple(found["differ"]), tuple(found["missing"]), tuple(found["stale"]),
        tuple(sorted(found["edited"])), tuple(found["foreign"]),
        previous is None or previous.text != rendered.manifest, previous,
    )  # fmt: skip


_Kind = Literal["differ", "missing", "stale", "edited", "foreign"]  # the fields of Drift


def _generated_drift(
    outdir: OutputDir, relative: str, expected: bytes, listed: str | None
) -> _Kind | None:
    """How the file at a generated path differs from ``expected`` (``None``: it does not).
    A file longer than ``expected`` is not read to know that it differs."""
    current = outdir.read(relative, len(expected))
    if current == expected:
        return None
    if current is Unread.ABSENT:
        return "missing"
    if current is Unread.NOT_A_FILE or listed is None:
        return "foreign"
    return "differ" if outdir.digest(relative, MAX_OUTPUT_FILE_BYTES) == listed else "edited"


def _listed_drift(outdir: OutputDir, relative: str, listed: str) -> _Kind | None:
    """Whether a file postc wrote and no longer generates is as postc left it (``stale``,
    to remove) or ``edited``; ``None`` when nothing of postc's is left at that path."""
    current = outdir.digest(relative, MAX_OUTPUT_FILE_BYTES)
    if current is Unread.ABSENT or current is Unread.NOT_A_FILE:
        return None
    return "stale" if current == listed else "edited"
