"""Issue 20's measure, end to end on loopback: ``postc record`` of the small API of
tests/record_api.py (login, list, create, get by id, a 401) and of the corpus's Postman
Echo collection against httpbin, then ``postc validate`` and ``postc generate`` on what it
wrote, and the generated client called against the same server."""

from __future__ import annotations

import importlib
import json
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpbin  # type: ignore[import-untyped]
import pytest
from werkzeug import serving

from generator.config import Target
from generator.generate import generate_target
from generator.record.run import Options, record
from tests.conftest import CORPUS, RunPostc
from tests.record_api import PASSWORD, RecordServer, collection, environment

PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
ECHO = CORPUS / "u1i__api-toolbox__Postman_Echo.postman_collection.json"
ECHO_PASSWORD = "echo-Pa55word-4f9c1b"
SLOW = "Utilities/Delay Response"  # httpbin answers /delay/3 after 3 seconds
# Postman Echo's GET requests that httpbin answers with JSON at the same path, and the
# generated method of each (``postc inspect --json``'s ``call``)
ECHO_TWINS = {
    "Request Methods/GET Request": "request_methods.get_request",
    "Headers/Request Headers": "headers.request_headers",
    "Headers/Response Headers": "headers.response_headers",
    "Cookies/Get Cookies": "cookies.get_cookies",
    "Cookies/Set Cookies": "cookies.set_cookies",
    "Cookies/Delete Cookies": "cookies.delete_cookies",
    "Utilities/IP address in JSON format": "utilities.ip_address_in_json_format",
    "Utilities/GZip Compressed Response": "utilities.g_zip_compressed_response",
    "Utilities/Deflate Compressed Response": "utilities.deflate_compressed_response",
    "Utilities/Delay Response": "utilities.delay_response",
}


@pytest.fixture(scope="module", autouse=True)
def _no_proxies() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name in PROXIES:  # the client must reach the loopback servers directly
            patch.delenv(name, raising=False)
        yield


@dataclass(frozen=True)
class Recording:
    first: Path
    second: Path
    lines: list[str]
    log: list[str]
    tokens: set[str]
    status: int


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recording]:
    """The API recorded twice with --unsafe, each time from a fresh start."""
    server = RecordServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    directory = tmp_path_factory.mktemp("record")
    source = directory / "api.postman_collection.json"
    source.write_text(json.dumps(collection(server.url), indent=2), encoding="utf-8")
    env = directory / "env.json"
    env.write_text(json.dumps(environment()), encoding="utf-8")
    lines: list[str] = []
    status = record(Options(source, env, unsafe=True), {}, lines.append)
    log, tokens = list(server.log), set(server.tokens)
    server.reset()
    second = directory / "again.json"
    record(Options(source, env, unsafe=True, output=second), {}, lines.append)
    tokens |= server.tokens
    yield Recording(
        directory / "api.postman_collection.recorded.json", second, lines, log, tokens, status
    )
    server.shutdown()
    server.server_close()
    thread.join()


def _inspected(run_postc: RunPostc, path: Path) -> dict[str, Any]:
    status, out, err = run_postc("inspect", path, "--json")
    assert status == 0, err
    found: dict[str, Any] = json.loads(out)
    return found


def _label(endpoint: dict[str, Any]) -> str:
    return "/".join((*endpoint["folder"], endpoint["name"]))


def test_the_chain_runs_in_order(recording: Recording) -> None:
    assert recording.log == [
        "GET /users",  # the request without a token, where it stands
        "POST /login",  # before everything that sends its token
        "GET /users",
        "POST /users",  # before the get that sends the id it answers
        "GET /users/usr_ada",
    ]
    assert recording.status == 0, recording.lines


def test_no_credential_reaches_the_recorded_file(recording: Recording) -> None:
    text = recording.first.read_text(encoding="utf-8")
    assert recording.tokens and PASSWORD not in text
    for token in recording.tokens:
        assert token not in text
        assert not any(token in line for line in recording.lines)


def test_recording_twice_gives_the_same_file(recording: Recording) -> None:
    assert recording.first.read_bytes() == recording.second.read_bytes()


def test_the_recorded_file_is_a_valid_collection(recording: Recording, run_postc: RunPostc) -> None:
    status, out, err = run_postc("validate", recording.first)
    assert status == 0, err
    assert out.endswith("5 requests, 5 examples\n")


def test_generate_gives_a_model_for_every_recorded_endpoint(
    recording: Recording, run_postc: RunPostc
) -> None:
    endpoints = _inspected(run_postc, recording.first)["endpoints"]
    models = {_label(e): [(x["name"], x["model"]) for x in e["examples"]] for e in endpoints}
    assert models == {  # the get and the create answer the same shape: one model
        "Users/Get user": [("recorded 200", "UserResponse")],
        "Users/List users": [("recorded 200", "ListUsers")],
        "Users/Create user": [("recorded 201", "UserResponse")],
        "Profile without token": [("recorded 401", "ProfileWithoutTokenUnauthorizedError")],
        "Login": [("recorded 200", "Login")],
    }


def test_a_recorded_file_can_be_a_tool_postc_target(
    recording: Recording, run_postc: RunPostc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "api.recorded.json").write_bytes(recording.first.read_bytes())
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.postc.targets]]\ncollection = "api.recorded.json"\noutput = "client"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    status, out, err = run_postc("generate")
    assert status == 0, err
    assert "package record_api" in out
    assert (tmp_path / "client" / "record_api" / "models").is_dir()


# Postman Echo, pointed at httpbin


@pytest.fixture(scope="module")
def echo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, list[str]]]:
    """httpbin on loopback (as tests/test_e2e_httpbin.py runs it), Postman Echo recorded
    against it through the client's base URL variable, and the recorded file."""
    if not ECHO.is_file():
        pytest.skip(f"the corpus is missing ({CORPUS}); it comes with ../shared")
    httpd = serving.make_server("127.0.0.1", 0, httpbin.app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.port}"
    out = tmp_path_factory.mktemp("echo") / "echo.recorded.json"
    lines: list[str] = []
    # the client's names: its literal host's base URL, and the Basic credentials its
    # requests send (Echo's default scheme), as a user gives them to the client
    process_env = {
        "POSTMAN_ECHO_BASE_URL": url,
        "POSTMAN_ECHO_USERNAME": "postman",
        "POSTMAN_ECHO_PASSWORD": ECHO_PASSWORD,
    }
    record(Options(ECHO, output=out), process_env, lines.append)
    yield url, out, lines
    httpd.shutdown()


def test_every_echo_get_with_an_httpbin_twin_gets_an_example(
    echo: tuple[str, Path, list[str]], run_postc: RunPostc
) -> None:
    _, out, lines = echo
    endpoints = {_label(e): e for e in _inspected(run_postc, out)["endpoints"]}
    for label in ECHO_TWINS:
        recorded = [x for x in endpoints[label]["examples"] if x["name"] == "recorded 200"]
        assert recorded and recorded[0]["model"], (label, lines)
    unsafe = [e for e in endpoints.values() if e["method"] not in ("GET", "HEAD", "OPTIONS")]
    assert unsafe and not any(
        x["name"].startswith("recorded") for e in unsafe for x in e["examples"]
    )


def test_the_regenerated_echo_client_returns_models_from_httpbin(
    echo: tuple[str, Path, list[str]], tmp_path: Path
) -> None:
    url, out, _ = echo
    generate_target(Target(out, tmp_path / "client", "echo_recorded"))
    package = _imported(tmp_path / "client")
    try:
        # caught here: a warning whose class lives in a package only this worker imports
        # cannot be sent to pytest-xdist's controller (it crashes the worker)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client = package.Client(base_url=url, username="postman", password=ECHO_PASSWORD)
            with client:
                for label, call in ECHO_TWINS.items():
                    if label == SLOW:
                        continue  # its example was recorded; calling it again only waits
                    method: Any = client
                    for name in call.split("."):
                        method = getattr(method, name)
                    result = method()
                    module = type(result).__module__
                    assert module.startswith("echo_recorded.models"), (label, result)
        # an answer may differ from the recorded one (httpbin echoes what each call sends):
        # the client says so, and nothing else
        shape = importlib.import_module("echo_recorded.errors").ResponseShapeWarning
        assert all(issubclass(w.category, shape) for w in caught), [str(w) for w in caught]
    finally:
        for name in [m for m in sys.modules if m.split(".")[0] == "echo_recorded"]:
            del sys.modules[name]
        sys.path.remove(str(tmp_path / "client"))


def _imported(project: Path) -> ModuleType:
    sys.path.insert(0, str(project))
    return importlib.import_module("echo_recorded")
