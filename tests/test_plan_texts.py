"""The plan's texts (``generator.emit.plan.texts``): everything the plan quotes from the
collection goes through the collection's secrets, and variables resolve only when they are
not secret."""

from __future__ import annotations

from generator.emit.plan.texts import Texts
from generator.emit.redaction import REDACTED
from tests.conftest import load, request_item

KEY = "sk_live_abcdef1234567890"


def texts() -> Texts:
    variables = [
        {"key": "apiKey", "value": KEY, "type": "secret"},
        {"key": "host", "value": "api.example.com"},
    ]
    return Texts(load(request_item(), variable=variables), None)


def test_a_secret_variable_stays_a_variable_and_its_value_is_redacted() -> None:
    made = texts()
    assert made.resolved("https://{{host}}/{{apiKey}}") == "https://api.example.com/{{apiKey}}"
    assert made.redacted(f"use {KEY} here") == f"use {REDACTED} here"
    assert KEY in made.secrets


def test_a_saved_secret_is_no_example_and_a_variable_resolves_in_one() -> None:
    made = texts()
    assert made.example(KEY) is None
    assert made.example("{{apiKey}}") is None  # secret: left as a variable, no example
    assert made.example("{{host}}") == "api.example.com"


def test_html_that_spells_a_secret_is_redacted_after_it_is_made_plain() -> None:
    """``&#115;k_live_...`` is no secret as written; made plain it is one: redacted again."""
    spelled = "&#115;" + KEY[1:]
    described = texts().described(f"<p>Key: {spelled}</p>")
    assert KEY not in described and REDACTED in described
