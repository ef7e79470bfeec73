"""``postc record`` through its command line, one rule per test, against the small API of
tests/record_api.py on loopback: unsafe methods, ``--only``, skipped variables and who
would have set them, exit statuses, bad input, the atomic write, Ctrl-C."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.record.examples import BODY_LIMIT
from tests.conftest import RunPostc, collection_doc
from tests.record_api import BIG, PASSWORD, RecordServer, collection, environment

REPO = Path(__file__).resolve().parents[1]
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(scope="module")
def api() -> Iterator[RecordServer]:
    with pytest.MonkeyPatch.context() as patch:
        for name in PROXIES:  # the client must reach the loopback server directly
            patch.delenv(name, raising=False)
        server = RecordServer()
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def server(api: RecordServer) -> RecordServer:
    api.reset()
    return api


def _files(tmp_path: Path, doc: dict[str, Any], password: str = PASSWORD) -> tuple[Path, Path]:
    source = tmp_path / "api.postman_collection.json"
    source.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    env = tmp_path / "env.json"
    env.write_text(json.dumps(environment(password)), encoding="utf-8")
    return source, env


def _recorded(path: Path) -> dict[str, list[str]]:
    """Each request's examples by name, from the recorded file."""
    found: dict[str, list[str]] = {}
    stack = list(json.loads(path.read_text(encoding="utf-8"))["item"])
    while stack:
        item = stack.pop(0)
        stack.extend(item.get("item", []))
        if "request" in item:
            found[item["name"]] = [example["name"] for example in item.get("response", [])]
    return found


def test_without_unsafe_only_safe_methods_are_sent_and_the_rest_say_why(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    source, env = _files(tmp_path, collection(server.url))
    status, out, err = run_postc("record", source, "--env", env)
    assert not [line for line in server.log if not line.startswith("GET ")]
    lines = err.splitlines()
    assert lines[0] == "sending 3 requests (2 unsafe requests not sent without --unsafe: POST 2)"
    assert "POST Users/Create user: skipped: POST needs --unsafe" in err
    assert "POST Login: skipped: POST needs --unsafe" in err
    assert (
        'GET Users/Get user: skipped: needs {{id}} (set by "Users/Create user", '
        "not sent: POST needs --unsafe)"
    ) in err
    assert 'needs {{token}} (set by "Login", not sent: POST needs --unsafe)' in err
    assert "GET /users (Profile without token): 401 in " in err
    assert status == 0 and out == ""
    assert _recorded(tmp_path / "api.postman_collection.recorded.json") == {
        "Get user": [],
        "List users": [],
        "Create user": [],
        "Profile without token": ["recorded 401"],
        "Login": [],
    }


def test_with_unsafe_the_summary_of_what_will_be_sent_comes_first(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    source, env = _files(tmp_path, collection(server.url))
    status, _, err = run_postc("record", source, "--env", env, "--unsafe")
    assert err.splitlines()[0] == "sending 5 requests, 2 of them unsafe: POST 2"
    assert status == 0, err
    assert server.log == [
        "GET /users",
        "POST /login",
        "GET /users",
        "POST /users",
        "GET /users/usr_ada",
    ]


def test_only_selects_requests_by_folder_path_name_or_json_path(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    source, env = _files(tmp_path, collection(server.url))
    out = tmp_path / "only.json"
    status, _, err = run_postc(
        "record",
        source,
        "--env",
        env,
        "--unsafe",
        "--only",
        "users/list*",
        "--only",
        "item[2]",
        "-o",
        out,
    )
    assert server.log == ["POST /login", "GET /users"], err
    assert "3 requests not selected by --only" in err
    assert status == 0
    assert _recorded(out)["List users"] == ["recorded 200"]


def test_a_variable_whose_producer_is_not_selected_says_so(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    source, env = _files(tmp_path, collection(server.url))
    status, _, err = run_postc("record", source, "--env", env, "--only", "Users/Get user")
    assert server.log == []
    assert 'needs {{id}} (set by "Users/Create user", not selected by --only)' in err
    assert "recorded 0, skipped 1 (needs {{id}}, {{token}}: 1), failed 0" in err
    assert status == 1
    assert not (tmp_path / "api.postman_collection.recorded.json").exists()


def test_a_skip_names_the_request_whose_value_postman_would_send(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    """Two creates set ``id``; the get after both sends the second one's; the get before
    them, the one selected."""
    doc = collection(server.url)
    create = doc["item"][0]["item"][2]
    second = {**create, "name": "Create another user"}
    get = {**doc["item"][0]["item"][0], "name": "Get the last user"}
    doc["item"].extend([create, second, get])
    source, env = _files(tmp_path, doc)
    status, _, err = run_postc("record", source, "--env", env, "--only", "Get the last user")
    assert 'needs {{id}} (set by "Create another user", not selected by --only)' in err
    assert status == 1
    # the get placed before every create waits for the one selected
    only = ("--only", "Users/Get user", "--only", "Create another user")
    status, _, err = run_postc("record", source, "--env", env, *only)
    assert 'needs {{id}} (set by "Create another user", not sent: POST needs --unsafe)' in err


def test_a_value_missing_from_the_producers_response_says_so(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    source, env = _files(tmp_path, collection(server.url), password="wrong-password")
    status, _, err = run_postc("record", source, "--env", env, "--unsafe")
    assert "POST /login (Login): 401 in " in err
    assert 'needs {{token}} (set by "Login", its 401 response did not hold it)' in err
    assert status == 0


def test_a_transport_failure_is_reported_and_exits_1_but_what_was_recorded_is_written(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    doc = collection(server.url)
    doc["item"].append(
        {"name": "Gone", "request": {"method": "GET", "url": f"http://127.0.0.1:{port}/x"}}
    )
    source, env = _files(tmp_path, doc)
    status, _, err = run_postc("record", source, "--env", env, "--unsafe")
    assert "GET Gone: failed: " in err
    assert status == 1
    assert _recorded(tmp_path / "api.postman_collection.recorded.json")["Login"] == ["recorded 200"]


def test_a_redirect_to_another_origin_is_not_followed_and_says_so(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    doc = collection(server.url)
    away = {"method": "GET", "url": "{{baseUrl}}/away", "auth": {"type": "noauth"}}
    doc["item"].append({"name": "Away", "request": away})
    source, env = _files(tmp_path, doc)
    status, _, err = run_postc("record", source, "--env", env, "--only", "Away")
    assert server.log == ["GET /away"]
    (line,) = [line for line in err.splitlines() if "Away" in line]
    assert line.startswith("[1/1] GET Away: failed: ") and "localhost" in line, line
    assert status == 1
    assert not (tmp_path / "api.postman_collection.recorded.json").exists()


def test_a_large_body_is_recorded_cut_still_json_of_the_same_shape(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    doc = collection(server.url)
    big = {"method": "GET", "url": "{{baseUrl}}/big", "auth": {"type": "noauth"}}
    doc["item"].append({"name": "Big", "request": big})
    source, _ = _files(tmp_path, doc)
    status, _, err = run_postc("record", source, "--only", "Big")
    assert status == 0, err
    saved = json.loads((tmp_path / "api.postman_collection.recorded.json").read_text())
    body = json.loads(saved["item"][-1]["response"][0]["body"])
    items = body["items"]
    assert 10 < len(items) < BIG and items[:2] == [
        {"id": 0, "name": "item 0"},
        {"id": 1, "name": "item 1"},
    ]
    assert len(saved["item"][-1]["response"][0]["body"].encode()) <= BODY_LIMIT


def test_collection_text_in_progress_lines_cannot_drive_the_terminal(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    doc = collection(server.url)
    doc["item"][1]["name"] = "Evil\x1b]0;owned\x07\u202eName\nsecond line"
    source, env = _files(tmp_path, doc)
    status, _, err = run_postc("record", source, "--env", env)
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "(Evil\\u001b]0;owned\\u0007\\u202eName\\nsecond line): 401 in " in err
    assert status == 0


def test_the_output_may_be_the_collection_itself(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    source, env = _files(tmp_path, collection(server.url))
    status, _, err = run_postc("record", source, "--env", env, "--unsafe", "-o", source)
    assert status == 0, err
    assert _recorded(source)["Get user"] == ["recorded 200"]
    status, _, err = run_postc("record", source, "--env", env, "--unsafe", "-o", source)
    assert _recorded(source)["Get user"] == ["recorded 200"]  # replaced, not added


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"info": {"name": "x"', "api.json: line 1, column 22: unexpected end of file"),
        (
            json.dumps({"info": {"name": "x"}, "item": [{"name": "r", "request": 5}]}).encode(),
            "api.json: item[0].request: expected a string or an object, got a number",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_file_and_json_path_and_writes_nothing(
    tmp_path: Path, run_postc: RunPostc, content: bytes, expected: str
) -> None:
    source = tmp_path / "api.json"
    source.write_bytes(content)
    status, out, err = run_postc("record", source)
    assert (status, out) == (2, "")
    assert err.startswith(str(tmp_path / expected)), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api.json"]


def test_an_only_pattern_that_selects_nothing_exits_2_before_anything_is_sent(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    source, _ = _files(tmp_path, collection(server.url))
    status, _, err = run_postc("record", source, "--only", "Userz/*")
    assert (status, err) == (2, f"{source}: --only 'Userz/*' selects no request\n")
    assert server.log == []


def test_a_negative_delay_is_refused(tmp_path: Path, run_postc: RunPostc) -> None:
    source = tmp_path / "api.json"
    status, _, err = run_postc("record", source, "--delay", "-1")
    assert status == 2 and "--delay" in err


def test_an_output_that_is_a_directory_is_bad_input(
    server: RecordServer, tmp_path: Path, run_postc: RunPostc
) -> None:
    source, _ = _files(tmp_path, collection(server.url))
    (tmp_path / "out.json").mkdir()
    status, _, err = run_postc("record", source, "-o", tmp_path / "out.json")
    assert status == 2 and "is a directory" in err
    assert server.log == []


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_recording_writes_nothing_and_keeps_an_earlier_file(
    server: RecordServer, tmp_path: Path, stop: signal.Signals
) -> None:
    """A real signal to a real ``postc record`` while its request hangs on the API."""
    source, env = _files(tmp_path, collection(server.url, hang=True))
    earlier = tmp_path / "api.postman_collection.recorded.json"
    earlier.write_text("an earlier recording\n", encoding="utf-8")
    server.hanging.clear()
    server.release.clear()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "record", str(source), "--env", str(env)],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.hanging.wait(30), "the request never reached the API"
        process.send_signal(stop)
        err = process.communicate(timeout=30)[1]
    finally:
        server.release.set()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert err.splitlines()[-1] == "postc record: interrupted; nothing written"
    assert "Traceback" not in err and PASSWORD not in err
    assert earlier.read_text(encoding="utf-8") == "an earlier recording\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "api.postman_collection.json",
        "api.postman_collection.recorded.json",
        "env.json",
    ]


def test_the_collections_warnings_are_printed_as_generate_prints_them(
    tmp_path: Path, run_postc: RunPostc
) -> None:
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "body": {"mode": "weird"}}
    item = {"name": "g", "request": request}
    source = tmp_path / "c.json"
    source.write_text(json.dumps(collection_doc(item)), encoding="utf-8")
    warning = f"{source}: warning: item[0].request.body.mode: unknown body mode 'weird'"
    _, _, generated = run_postc("generate", source, "-o", tmp_path / "out")
    status, _, recorded = run_postc("record", source)
    assert status == 1
    assert warning in generated and warning in recorded
    assert "[1/1] GET g: skipped: body mode weird is unknown" in recorded
