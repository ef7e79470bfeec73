"""What the plan quotes from the collection: every text through the collection's secrets.

The credential values of the collection (``generator.emit.redaction``) never enter the
plan: each title, description, default and example goes through :class:`Texts`, which
redacts them, and resolves non-secret variables. One object per plan, handed to the
others (settings, auth, parameters, errors) that quote the collection.
"""

from __future__ import annotations

import re

from generator.emit.parameters import example_of
from generator.emit.prose import plain
from generator.emit.redaction import Values, collection_secrets, redact, variable_values
from generator.ir import Collection, Environment
from generator.loader.variables import VARIABLE


class Texts:
    """The collection's variables and secrets, and each text already made from them."""

    def __init__(self, collection: Collection, environment: Environment | None) -> None:
        self.values: Values = variable_values(collection, environment)
        # Credential values of the collection: no generated file may contain one.
        self.secrets = collection_secrets(collection, self.values)  # longest first
        self.secret_values = frozenset(self.secrets)  # looked up per value: not the tuple
        self.descriptions: dict[str, str] = {}  # each text described, as docstrings show it
        self.examples: dict[str | None, str | None] = {}  # each saved value as an example

    def redacted(self, text: str) -> str:
        return redact(text, self.secrets)

    def described(self, text: str) -> str:
        """A description as docstrings show it: redacted, its HTML made plain (and redacted
        again, as decoding ``&amp;`` and the like can spell a value anew). Made once per
        text: a collection repeats its parameters' descriptions (Stripe: 1,042 texts in
        6,956 places)."""
        made = self.descriptions.get(text)
        if made is None:
            made = self.descriptions[text] = self.redacted(plain(self.redacted(text)))
        return made

    def resolved(self, text: str) -> str:
        """``text`` with non-secret variables substituted (secret ones left as ``{{name}}``)."""

        def value(match: re.Match[str]) -> str:
            known, secret, _ = self.values.get(match.group(1), (None, False, ""))
            return match.group(0) if secret or known is None else known

        return VARIABLE.sub(value, text)

    def example(self, value: str | None) -> str | None:
        """A saved value as an example: variables resolved, never a credential. Made once
        per value: a collection saves the same few values in thousands of places."""
        if value not in self.examples:
            found = example_of(self.resolved(value) if value is not None else None)
            kept = found if found not in self.secret_values else None
            self.examples[value] = self.redacted(kept) if kept is not None else None
        return self.examples[value]


def variables_in(text: str) -> list[str]:
    """The names of the ``{{variables}}`` in ``text``, in order."""
    return VARIABLE.findall(text)
