"""``postc diff``: what changed for callers between two versions of an API.

One module per step: ``inputs`` (a file -> an OpenAPI 3.1 document, a collection through
``postc openapi``), ``surface`` (a document -> the normalised surface callers meet, with
``schemas`` flattening bodies into fields), ``compare`` (two surfaces -> classified
changes, the kinds in ``kinds``) and ``report`` (text and JSON). The rules and their
reasons are in ``docs/diff.md``.
"""

from __future__ import annotations

from generator.diff.compare import Change, api_changes, suggested_bump
from generator.diff.report import json_report, text_report

__all__ = ["Change", "api_changes", "json_report", "suggested_bump", "text_report"]
