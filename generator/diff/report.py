"""The report of ``postc diff``: text for a pull request, JSON for tools.

The text starts with the counts and the suggested bump, then the changes grouped by
level, breaking first, one line each; no colour codes (it is pasted into reviews and CI
logs as often as read on a terminal). Every line goes through ``generator.terminal`` so
that names from a document cannot drive the terminal nor break into a second line.

The JSON is ``{"bump", "changes": [{kind, level, operation, where, before, after}],
"notes"}``: its keys and kinds are a stable interface (``docs/diff.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.diff.compare import Change, suggested_bump
from generator.diff.kinds import LEVELS
from generator.naming.inflect import count
from generator.terminal import printable


def text_report(changes: Sequence[Change], notes: Sequence[str] = ()) -> str:
    """The report, one line per change under a heading per level; ends with a newline."""
    lines = [_headline(changes)]
    for level in LEVELS:
        chosen = [change for change in changes if change.level == level]
        if chosen:
            lines += ["", f"{level} ({len(chosen)}):"]
            lines += [f"  {change.text()}" for change in chosen]
    if notes:
        lines.append("")
        lines += [f"note: {note}" for note in notes]
    return "".join(printable(line) + "\n" for line in lines)


def json_report(changes: Sequence[Change], notes: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "bump": suggested_bump(changes),
        "changes": [change.as_json() for change in changes],
        "notes": list(notes),
    }


def _headline(changes: Sequence[Change]) -> str:
    bump = suggested_bump(changes)
    if not changes:
        return "no API changes (suggested version bump: none)"
    counts = ", ".join(
        f"{sum(change.level == level for change in changes)} {level}" for level in LEVELS
    )
    return f"{count(len(changes), 'API change')}: {counts} (suggested version bump: {bump})"
