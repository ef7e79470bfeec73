"""Errors a user can act on: printed one per line, never as a traceback, exit status 2;
and the warnings a command prints about its inputs."""

from __future__ import annotations

from collections.abc import Sequence

from generator.ir import Diagnostic


class InputError(Exception):
    """An input file postc cannot use, with every problem found in it.

    Each problem prints as ``FILE: PATH: MESSAGE`` on a line of its own.
    """

    def __init__(self, source: str, problems: Sequence[Diagnostic]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(self.lines()))

    @classmethod
    def at(cls, source: str, path: str, message: str) -> InputError:
        """An error with a single problem."""
        return cls(source, [Diagnostic(path, message)])

    def lines(self) -> list[str]:
        return [f"{self.source}: {problem}" for problem in self.problems]


# Warnings a command prints about one input file at most; `postc inspect` lists them all
MAX_WARNINGS_SHOWN = 20


def warning_lines(source: str, warnings: Sequence[Diagnostic]) -> list[str]:
    """``FILE: warning: PATH: MESSAGE`` for the first ``MAX_WARNINGS_SHOWN`` warnings, and a
    line counting the rest."""
    lines = [f"{source}: warning: {warning}" for warning in warnings[:MAX_WARNINGS_SHOWN]]
    if len(warnings) > MAX_WARNINGS_SHOWN:
        more = len(warnings) - MAX_WARNINGS_SHOWN
        lines.append(f"{source}: ... and {more} more warnings (`postc inspect` lists all)")
    return lines
