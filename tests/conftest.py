"""Shared test helpers: tiny collections built in code, and the CLI run in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.ir import Collection
from generator.loader import collection_from_json

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"


def collection_doc(*items: Any, schema: str = V21, **root: Any) -> dict[str, Any]:
    """A minimal collection document around ``items``."""
    return {"info": {"name": "Test", "schema": schema}, "item": list(items), **root}


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``command`` in a generated project: its package importable, no ``.pyc`` left behind."""
    environment = {**os.environ, "PYTHONPATH": str(cwd), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=600, check=False
    )


def load(*items: Any, schema: str = V21, **root: Any) -> Collection:
    return collection_from_json(collection_doc(*items, schema=schema, **root), "test.json")


def request_item(name: str = "Get", **request: Any) -> dict[str, Any]:
    request.setdefault("method", "GET")
    request.setdefault("url", "https://api.example.com/things")
    return {"name": name, "request": request}


RunPostc = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_postc(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunPostc:
    """Run ``postc ARGS`` in-process through its real entry point: (exit status, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["postc", *map(str, args)])
        with pytest.raises(SystemExit) as exited:
            main()
        captured = capsys.readouterr()
        code = exited.value.code
        return (code if isinstance(code, int) else 1), captured.out, captured.err

    return run


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[Any, str], Path]:
    def write(doc: Any, name: str = "collection.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True, scope="session")
def _formatting_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep postc's black cache out of the user's home during tests."""
    os.environ["POSTC_CACHE_DIR"] = str(tmp_path_factory.mktemp("postc-cache"))


class JsonHandler(BaseHTTPRequestHandler):
    """A loopback server's handler that answers JSON and logs nothing."""

    def send_json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def loopback(
    handler: type[BaseHTTPRequestHandler], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 running ``handler`` for the life of a fixture; yields
    its base URL. Proxy settings are dropped so the client reaches it directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()
