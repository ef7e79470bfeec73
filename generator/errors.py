"""Errors a user can act on: printed one per line, never as a traceback, exit status 2."""

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
