"""Secrets out of a recorded example, as generated files keep them out, and more.

Three kinds of secret, each replaced by ``REDACTED`` (``generator.emit.redaction``):
the credentials the request was sent with (``Outgoing.credentials``: live values, so
replaced wherever they stand, also inside a word and in their URL-encoded and JSON-escaped
spellings; one shorter than ``MIN_SECRET_LENGTH`` only where a whole value equals it), the
credential values the collection's own request holds (``request_secrets``) and secrets by
their shape (``generator.secrets``), both as whole tokens as in generated files.
Credential-named fields of a JSON body get the samples generated tests use
(``without_credentials``: ``"<password>"``). A value a dynamic variable produced
(``{{$guid}}``) is written back as its placeholder. docs/record-examples.md.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote, quote_plus

from generator.emit.redaction import REDACTED, ordered, redact, request_secrets
from generator.emit.tests import without_credentials
from generator.ir import JsonValue
from generator.json_values import map_strings, strings
from generator.loader.requests import parse_request
from generator.secrets import MIN_SECRET_LENGTH, is_secret, secret_values


class Scrubber:
    """Replaces the secrets of one recorded exchange in the texts of its example."""

    def __init__(
        self,
        credentials: Sequence[str],
        tokens: Iterable[str] = (),
        generated: Sequence[tuple[str, str]] = (),
    ) -> None:
        spellings = {
            spelling
            for credential in credentials
            if len(credential) >= MIN_SECRET_LENGTH
            for spelling in _spellings(credential)
        }
        self.live = ordered(spellings)
        self.short = frozenset(c for c in credentials if c and len(c) < MIN_SECRET_LENGTH)
        self.tokens = ordered(tokens)
        self.generated = _placeholders(generated)

    def with_shapes(self, texts: Iterable[str]) -> Scrubber:
        """This scrubber, also replacing the secrets found by their shape in ``texts``
        (data: a body, a header value)."""
        shaped = [v for text in texts for v in secret_values(text, data=True) if is_secret(v)]
        scrubber = copy.copy(self)
        scrubber.tokens = ordered((*self.tokens, *shaped))
        return scrubber

    def text(self, text: str) -> str:
        """``text`` without the secrets, each dynamic value as its placeholder."""
        if text in self.short:
            return REDACTED
        for credential in self.live:
            text = text.replace(credential, REDACTED)
        if self.generated is not None:
            pattern, placeholders = self.generated
            text = pattern.sub(lambda match: placeholders[match.group()], text)
        return redact(text, self.tokens) if self.tokens else text

    def json(self, value: JsonValue) -> JsonValue:
        """JSON data with its string values scrubbed (keys are kept, as in generated files)."""
        return map_strings(value, self.text)

    def leaks(self, text: str) -> bool:
        """Whether a live credential is still in ``text`` (in a JSON key, say)."""
        return any(credential in text for credential in self.live)


def scrubbed_request(request: JsonValue, scrubber: Scrubber) -> JsonValue:
    """The collection's request as written, its credential values and secret-looking values
    replaced: ``{{variable}}`` references stay, they are no secrets."""
    parsed = parse_request(request, "request", [])
    own = Scrubber((), request_secrets(parsed))
    return map_strings(request, lambda text: own.text(scrubber.text(text)))


def scrubbed_body(value: JsonValue, scrubber: Scrubber) -> JsonValue:
    """A JSON body with its credential fields as samples and its secrets replaced."""
    sampled = without_credentials(value)
    return scrubber.with_shapes(strings(sampled)).json(sampled)


def _placeholders(
    generated: Sequence[tuple[str, str]],
) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """What finds the values dynamic variables produced (``Outgoing.generated``: a
    ``{{$guid}}``'s UUID, a ``{{$timestamp}}``) and their placeholders: a value stands as a
    whole token (``/items/<uuid>``), one shorter than ``MIN_SECRET_LENGTH`` (a
    ``{{$randomInt}}``) only as a whole text, so that recording twice gives the same file."""
    if not generated:
        return None
    placeholders = dict(generated)
    alternatives = [
        rf"(?<![\w-]){re.escape(value)}(?![\w-])"
        if len(value) >= MIN_SECRET_LENGTH
        else rf"\A{re.escape(value)}\Z"
        for value in sorted(placeholders, key=lambda value: (-len(value), value))
        if value
    ]
    return re.compile("|".join(alternatives)), placeholders


def _spellings(credential: str) -> set[str]:
    """A credential as it may be echoed back: as is, URL-encoded, JSON-escaped."""
    return {
        credential,
        quote(credential, safe=""),
        quote_plus(credential),
        json.dumps(credential)[1:-1],
    }
