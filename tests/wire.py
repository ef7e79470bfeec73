"""Calling a generated client for real and looking at what went on the wire.

A test generates a project, then runs a short script against its package in a fresh
interpreter: the script's client sends through an ``httpx.MockTransport`` that records
every request (``SENT``) and answers ``200 {"ok": true}`` unless the script says otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from generator.generate import generate
from tests.conftest import collection_doc, run

PRELUDE = """\
import json
import httpx

SENT = []
ANSWER = httpx.Response(200, json={"ok": True})


def record(request):
    SENT.append(
        {
            "method": request.method,
            "url": str(request.url),
            "headers": {k.lower(): v for k, v in request.headers.items()},
            "body": request.content.decode(),
        }
    )
    return ANSWER


TRANSPORT = httpx.MockTransport(record)
"""


def project(tmp_path: Path, *items: Any, **root: Any) -> tuple[Path, str, dict[str, str]]:
    """The project generated from a collection of ``items``: its directory, its package name
    and its files (path -> text)."""
    source = tmp_path / "collection.json"
    source.write_text(json.dumps(collection_doc(*items, **root)), encoding="utf-8")
    out = tmp_path / "out"
    files = generate(source, out).files
    client = next(path for path in files if path.endswith("/_client.py"))
    return out, client.split("/")[0], files


def wire(out: Path, code: str, env: dict[str, str] | None = None) -> Any:
    """What ``code`` prints last, as JSON, run after ``PRELUDE`` in the project ``out``."""
    script = PRELUDE + code
    if env:
        script = "import os\nos.environ.update(" + repr(env) + ")\n" + script
    result = run([sys.executable, "-c", script], out)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.splitlines()[-1])
