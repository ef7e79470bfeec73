"""Shared test helpers: tiny collections built in code, and the CLI run in-process."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from generator.cli import main
from generator.ir import Collection
from generator.loader import collection_from_json

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


def corpus_collections() -> list[str]:
    """The files of the corpus's v2.0 and v2.1 collections (``MANIFEST.tsv``); the calling
    test module is skipped, with the reason shown, when ``../shared`` is missing."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        pytest.skip(
            f"the corpus is missing ({CORPUS}); it comes with ../shared", allow_module_level=True
        )
    with manifest.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [row["file"] for row in rows if row["schema_version"] in ("v2.0", "v2.1")]


V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"
NO_PLUGINS = "PYTEST_DISABLE_PLUGIN_AUTOLOAD"  # pytest's own switch, read when it starts
MYPY = Path(sys.executable).parent / "mypy"
# What a generated project imports beyond its own package and the standard library
GENERATED_IMPORTS = "import httpx, pytest"
GENERATED_PYTHON = "3.10"  # the python_version of a generated project's mypy configuration

# Properties are checked on their examples, not timed: a 200 ms deadline per example only
# fails at random on a loaded 2-core CI runner (speed is measured by bench/)
settings.register_profile("postc", deadline=None)
settings.load_profile("postc")


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
MypyStrict = Callable[[], list[str]]


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


XDIST_WORKER = "PYTEST_XDIST_WORKER"  # set by pytest-xdist in each of its workers


@pytest.fixture(autouse=True, scope="session")
def _formatting_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep postc's cache (black's results, inferred types, renderings) out of the user's
    home during tests. pytest-xdist's workers share one, as a serial run shares it between
    all its tests: a collection that two workers generate is formatted once (the cache is
    made for concurrent postc runs: entries are written atomically)."""
    cache = postc_cache(tmp_path_factory.getbasetemp(), XDIST_WORKER in os.environ)
    cache.mkdir(mode=0o700, exist_ok=True)
    os.environ["POSTC_CACHE_DIR"] = str(cache)


def postc_cache(basetemp: Path, in_a_worker: bool) -> Path:
    """The tests' postc cache: in the run's temporary directory, beside the workers' own
    (pytest-xdist gives each worker ``<run>/popen-gwN``), or in the session's own."""
    return (basetemp.parent if in_a_worker else basetemp) / "postc-cache"


@pytest.fixture(autouse=True, scope="session")
def _one_formatting_process_per_worker() -> Iterator[None]:
    """Under pytest-xdist every core already runs a worker: postc formats in-process there
    (``POSTC_JOBS=1``) rather than each worker starting black workers for every core (4+
    processes on 2 cores, each importing black). Tests of the worker pool set it themselves."""
    if XDIST_WORKER not in os.environ or "POSTC_JOBS" in os.environ:
        yield
        return
    os.environ["POSTC_JOBS"] = "1"
    yield
    del os.environ["POSTC_JOBS"]


@pytest.fixture(autouse=True, scope="session")
def _generated_tests_with_pytest_alone() -> Iterator[None]:
    """Every pytest a test starts (a generated project's own tests) loads no plugin that
    postc's test environment installs: a generated project declares pytest alone, so its
    tests must pass without hypothesis, anyio or any other; and importing those plugins
    was most of each run's second of start-up (about 80 runs a session)."""
    previous = os.environ.get(NO_PLUGINS)
    os.environ[NO_PLUGINS] = "1"
    yield
    if previous is None:
        del os.environ[NO_PLUGINS]
    else:
        os.environ[NO_PLUGINS] = previous


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


@pytest.fixture(scope="session")
def mypy_strict(tmp_path_factory: pytest.TempPathFactory) -> MypyStrict:
    """``mypy --strict`` with a cache directory of its own, each time a copy of one filled
    once per session with what every generated project imports (the standard library's
    stubs, httpx, pytest): a check then analyses the project's own modules only, about 2 s
    less a run (some 20 runs a session). Its own copy, because checks run in parallel and
    a cache holds modules by name (every project has a ``tests`` package)."""
    warm = tmp_path_factory.mktemp("mypy-warm")
    strict = [str(MYPY), "--strict", "--python-version", GENERATED_PYTHON]
    filled = subprocess.run(  # in a directory of no configuration: postc's is not the projects'
        [*strict, "--cache-dir", str(warm / "cache"), "-c", GENERATED_IMPORTS],
        cwd=warm,
        capture_output=True,
        text=True,
        check=False,
    )
    assert filled.returncode == 0, filled.stdout + filled.stderr

    def command() -> list[str]:
        own = tmp_path_factory.mktemp("mypy-cache")
        shutil.copytree(warm / "cache", own, dirs_exist_ok=True)
        return [*strict, "--cache-dir", str(own)]

    return command
