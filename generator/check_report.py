"""What ``postc check`` prints: a line per file that is not current, and with ``--diff`` a
unified diff from the disk to what postc generates.

The diff is shown on a terminal, from files anyone may have written: they are read again
as ``generator.drift`` reads them (no link, bounded), control characters come out escaped
(``generator.terminal.printable``) so no file can drive the terminal, and a file too large
for ``difflib`` (quadratic in the lines two files share) is named, not shown.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

from generator.drift import Drift
from generator.manifest import MANIFEST, manifest_changes
from generator.output import OutputDir, Unread
from generator.pipeline import Rendered
from generator.reading import MIB
from generator.terminal import printable

MAX_DIFF_BYTES = 4 * MIB
MAX_DIFF_LINES = 20_000
"""``--diff`` does not show a file larger than these (on disk or generated): difflib takes
time quadratic in the lines of two files that share many lines (20,000: 3 s at worst)."""


def summary(rendered: Rendered, drift: Drift) -> list[str]:
    """A short report of a check: one line per file that is not current."""
    output = rendered.target.output
    if drift.current:
        return [f"{output}: up to date"]
    lines = [f"{output}: out of date (run `postc generate`):"]
    rows = [
        *(("differs", p) for p in drift.differ),
        *(("edited", p) for p in drift.edited),
        *(("foreign", p) for p in drift.foreign),
        *(("missing", p) for p in drift.missing),
        *(("stale", p) for p in drift.stale),
    ]
    lines += [f"  {kind:<8} {path}" for kind, path in sorted(rows, key=lambda row: row[1])]
    if drift.manifest:
        reasons = manifest_changes(drift.previous, rendered.manifest)
        lines.append(f"  {'manifest':<8} {MANIFEST}" + (f" ({reasons})" if reasons else ""))
    return lines


def unified_diff(rendered: Rendered, drift: Drift) -> Iterator[str]:
    """A unified diff from the files on disk to what postc generates, for a terminal."""
    outdir = OutputDir.of(rendered.target.output)
    for path in sorted({*drift.differ, *drift.edited, *drift.foreign, *drift.missing}):
        if path in rendered.files:
            yield from _diff(outdir, path, rendered.files[path])
    for path in sorted({*drift.stale, *(p for p in drift.edited if p not in rendered.files)}):
        yield from _diff(outdir, path, None)
    if drift.manifest:
        before = drift.previous.text if drift.previous is not None else None
        yield from _text_diff(outdir.shown, MANIFEST, before, rendered.manifest)


def _diff(outdir: OutputDir, path: str, after: str | None) -> Iterator[str]:
    current = outdir.read(path, MAX_DIFF_BYTES)
    if current is Unread.NOT_A_FILE:
        yield f"{outdir.shown / path}: not a regular file, not shown\n"
    elif current is Unread.TOO_LARGE or len((after or "").encode("utf-8")) > MAX_DIFF_BYTES:
        yield f"{outdir.shown / path}: over {MAX_DIFF_BYTES // MIB} MiB, not shown\n"
    else:
        before = None if current is Unread.ABSENT else current.decode("utf-8", "replace")
        yield from _text_diff(outdir.shown, path, before, after)


def _text_diff(output: Path, path: str, before: str | None, after: str | None) -> Iterator[str]:
    old = _lines(before) if before else []
    new = _lines(after) if after else []
    if max(len(old), len(new)) > MAX_DIFF_LINES:
        yield f"{output}/{path}: over {MAX_DIFF_LINES:,} lines, not shown\n"
        return
    source = f"{output}/{path}" if before is not None else "/dev/null"
    destination = f"{output}/{path}" if after is not None else "/dev/null"
    for line in difflib.unified_diff(old, new, source, destination):
        line = printable(line, keep_newlines=True)
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    """``text`` split after each ``\n``, the only line end diff and patch know (``str.
    splitlines`` also splits at ``\r``, form feeds and U+2028, which are escaped instead)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]
