"""Postman's variables for one recording: its scopes, its precedence and its substitution
(docs/record.md, "On the wire"; the research notes' postman-format.md, 3.5).

A collection variable's setting given in the process environment under the generated
client's name (``<PREFIX>_<SETTING>``, ``generator.record.client``) overrides the
collection's and the environment file's value, as it does for the client: it is the
recording's ``data`` scope, values the caller gives the run. Values a recording sets from
a response (a login's token, a created id) go to ``environment`` by default, below it: a
credential the caller gives wins over the one a login would get, as in the client.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from generator.ir import Collection, Environment, Variable
from generator.loader.variables import VARIABLE
from generator.record.client import ClientView
from generator.scripts.flows import SCOPES

# Postman's own bound (postman-collection's VARS_SUBREPLACE_LIMIT): nested values
# ({{base}} holding {{host}}) and names built of names ({{key-{{env}}}}) resolve as
# Postman resolves them, and a cycle ({{a}} holding {{a}}) stops, left unresolved.
MAX_ROUNDS = 19


def _now() -> datetime:
    return datetime.now(timezone.utc)


# The dynamic variables Postman generates that postc sends fresh (each occurrence a new
# value, as Postman does); the faker ones ($randomEmail, ...) stay unresolved: a made-up
# value would be sent as if it were the collection's.
DYNAMIC: dict[str, Callable[[], str]] = {
    "$guid": lambda: str(uuid.uuid4()),
    "$randomUUID": lambda: str(uuid.uuid4()),
    "$timestamp": lambda: str(int(_now().timestamp())),
    "$isoTimestamp": lambda: _now().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    "$randomInt": lambda: str(random.randint(0, 1000)),
}


@dataclass(frozen=True)
class Resolution:
    """A text with its variables substituted. ``missing`` names those left unresolved, in
    order of first appearance (the text then still holds them: never send it).
    ``generated`` pairs each value a dynamic variable produced with its placeholder
    (``("8c1f...", "{{$guid}}")``): the recorded file holds the placeholder, never the
    value, so that recording twice gives the same file."""

    text: str
    missing: tuple[str, ...] = ()
    generated: tuple[tuple[str, str], ...] = ()


class Variables:
    """Postman's variable scopes for one recording (globals < collection < environment <
    data < local)."""

    def __init__(self, client: ClientView) -> None:
        self.client = client  # the generated client's names for the settings and hosts
        self._scopes: dict[str, dict[str, str]] = {scope: {} for scope in SCOPES}

    @classmethod
    def of(
        cls,
        collection: Collection,
        environment: Environment | None,
        process_env: Mapping[str, str],
        *,
        package: str | None = None,
    ) -> Variables:
        """The collection's variables, the environment file's, and the settings the
        process environment gives under the names of the client (``package``: its
        ``--name``, by default the collection's)."""
        client = ClientView.of(collection, environment, process_env, package)
        made = cls(client)
        made._load("collection", collection.variables)
        made._load("environment", environment.values if environment is not None else ())
        for variable, value in client.given_variables().items():
            made.set(variable, value, "data")
        return made

    def _load(self, scope: str, variables: tuple[Variable, ...]) -> None:
        """Enabled entries, the last of a repeated key winning (as Postman reads them)."""
        for variable in variables:
            if not variable.disabled and variable.value is not None:
                self.set(variable.key, variable.value, scope)

    def set(self, name: str, value: str, scope: str = "environment") -> None:
        if scope not in self._scopes:
            raise ValueError(f"unknown variable scope {scope!r}: one of {', '.join(SCOPES)}")
        self._scopes[scope][name] = value

    def get(self, name: str) -> str | None:
        """The value of the narrowest scope that holds ``name``."""
        for scope in reversed(SCOPES):
            found = self._scopes[scope].get(name)
            if found is not None:
                return found
        return None

    def resolve(self, text: str) -> Resolution:
        """Substitute round after round until nothing changes (at most ``MAX_ROUNDS``);
        a dynamic variable is generated only where no scope defines its name."""
        generated: list[tuple[str, str]] = []

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            found = self.get(name)
            if found is None and name in DYNAMIC:
                found = DYNAMIC[name]()
                generated.append((found, match.group(0)))
            return match.group(0) if found is None else found

        for _ in range(MAX_ROUNDS):
            done = VARIABLE.sub(value, text)
            if done == text:
                break
            text = done
        missing = tuple(dict.fromkeys(VARIABLE.findall(text)))
        return Resolution(text, missing, tuple(generated))
