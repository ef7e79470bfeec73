"""``postc mock`` under hostile requests (issue 15, part 6).

Any web page can send requests to a server on 127.0.0.1, so one request must not stall the
mock: a real server on loopback gets them over raw sockets (what no well-behaved client
sends), and answers quickly, within its limits, without a traceback, with an escaped log.
"""

from __future__ import annotations

import io
import json
import re
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir import Collection
from generator.mock import DEFAULT_LIMITS, Limits, MockApi, Segment, _Server, server
from tests.conftest import collection_doc, load, request_item

REPO = Path(__file__).resolve().parents[1]
SECONDS = 5.0  # generous: each answer below takes milliseconds


def _item(url: str, name: str = "ok") -> dict[str, Any]:
    reply = {"name": name, "code": 200, "header": [], "body": "{}"}
    return {**request_item("Get", url=url), "response": [reply]}


# several placeholders in one segment, split by the very character the requests repeat
FILES = load(_item("{{base}}/files/{{a}}-{{b}}-{{c}}-{{d}}.json"))
Start = Callable[..., int]


@pytest.fixture
def start() -> Iterator[Start]:
    """Serves a collection on loopback in this process; returns the port."""
    servers: list[Any] = []

    def serve(collection: Collection, log: Any = None, limits: Limits = DEFAULT_LIMITS) -> int:
        httpd = server(MockApi(collection), log=log, limits=limits)
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(httpd)
        return int(httpd.server_address[1])

    yield serve
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=SECONDS)


def _until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _exchange(port: int, data: bytes) -> bytes:
    """``data`` sent on a connection of its own; what comes back until the server closes it."""
    with _connect(port) as sock:
        sock.sendall(data)
        return _until_closed(sock)


def _status(reply: bytes) -> int:
    found = re.match(rb"HTTP/1\.[01] (\d{3}) ", reply)
    assert found, reply[:200]
    return int(found.group(1))


def _request(target: str, *headers: str, method: str = "GET") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", *headers, "", ""]
    return "\r\n".join(lines).encode("latin-1")


# -- path matching -----------------------------------------------------------------------------


def test_a_long_segment_against_several_placeholders_is_answered_at_once(start: Start) -> None:
    """Each answer comes before the socket's timeout (``SECONDS``, a safety net, not a bound
    under test): a backtracking regex took minutes, and the read fails on it."""
    port = start(FILES)
    for segment in ("-" * 4000, "-" * 4000 + ".jsonx", "a-" * 2000 + ".jso"):
        reply = _exchange(port, _request(f"/files/{segment}", "Connection: close"))
        assert _status(reply) == 404
    assert _status(_exchange(port, _request("/files/1-2-3-4.json", "Connection: close"))) == 200


def _glob(pieces: tuple[str, ...]) -> re.Pattern[str]:
    """The reference: a placeholder as ``.*`` (fine on the short texts below)."""
    return re.compile(".*".join(map(re.escape, pieces)), re.DOTALL)


@settings(deadline=None, derandomize=True, max_examples=400)
@given(
    pieces=st.lists(st.text("ab-", max_size=3), min_size=2, max_size=5).map(tuple),
    text=st.text("ab-", max_size=12),
)
def test_a_segment_matches_exactly_what_a_glob_matches(pieces: tuple[str, ...], text: str) -> None:
    expected = _glob(pieces).fullmatch(text) is not None
    assert Segment(pieces).matches(text) == expected


# -- time limits -------------------------------------------------------------------------------


def test_an_idle_connection_is_closed_after_the_timeout(start: Start) -> None:
    port = start(FILES, limits=Limits(idle_seconds=0.5))
    with _connect(port) as silent:  # sends nothing at all
        assert silent.recv(1) == b""  # closed by the server (a read past SECONDS fails)
    with _connect(port) as kept_alive:  # one request, then nothing
        kept_alive.sendall(_request("/files/1-2-3-4.json"))
        assert _status(_until_closed(kept_alive)) == 200


def test_connections_past_the_limit_get_503_without_a_thread(start: Start) -> None:
    port = start(FILES, limits=Limits(connections=2, idle_seconds=SECONDS))
    held = [_connect(port), _connect(port)]
    try:
        time.sleep(0.2)  # both accepted and waiting in their threads
        assert _status(_exchange(port, _request("/files/1-2-3-4.json"))) == 503
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + SECONDS  # their threads end, their places are free again
    while _status(_exchange(port, _request("/x", "Connection: close"))) == 503:
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_stop_after_the_connection_ended_frees_its_place_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Ctrl-C or SIGTERM lands in the main thread while it starts a connection's thread;
    when that thread already answered and freed its place, the stop must stay a stop (it was
    once turned into 'Semaphore released too many times', and the mock kept serving)."""
    httpd = server(MockApi(FILES), log=None, limits=Limits(connections=2, idle_seconds=SECONDS))

    def answered_then_interrupted(self: Any, request: Any, client_address: Any) -> None:
        self.process_request_thread(request, client_address)  # the thread ran to its end
        raise KeyboardInterrupt

    monkeypatch.setattr(socketserver.ThreadingMixIn, "process_request", answered_then_interrupted)
    ours, theirs = socket.socketpair()
    try:
        theirs.close()  # no request: the connection ends at once
        with pytest.raises(KeyboardInterrupt):
            httpd.process_request(ours, ("127.0.0.1", 1))
        assert isinstance(httpd, _Server)
        places = [httpd.slots.acquire(blocking=False) for _ in range(3)]
        assert places == [True, True, False]  # both places free, and no more than two
    finally:
        ours.close()
        httpd.server_close()


# -- size limits -------------------------------------------------------------------------------


def test_a_chunked_body_over_the_limit_is_refused_before_it_ends(start: Start) -> None:
    port = start(FILES)
    chunk = b"x" * (1 << 20)
    head = _request("/files/1-2-3-4.json", "Transfer-Encoding: chunked", method="POST")
    with _connect(port) as sock:
        sock.sendall(head)
        for _ in range(DEFAULT_LIMITS.body_bytes // len(chunk) + 1):
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        # no last chunk: a server that buffers the whole body before measuring it waits on
        assert _status(_until_closed(sock)) == 413


@pytest.mark.parametrize(
    "framing",
    [
        "Content-Length: 99999999999999999999999999",
        f"Content-Length: {DEFAULT_LIMITS.body_bytes + 1}",
        "Content-Length: " + "9" * 5000,  # int() refuses to read past 4300 digits
    ],
)
def test_a_declared_body_over_the_limit_is_refused_unread(start: Start, framing: str) -> None:
    port = start(FILES)
    assert _status(_exchange(port, _request("/x", framing, method="POST"))) == 413


def test_a_chunk_size_over_the_limit_is_refused_unread(start: Start) -> None:
    port = start(FILES)
    head = _request("/x", "Transfer-Encoding: chunked", method="POST")
    assert _status(_exchange(port, head + b"ffffffffffffffffffff\r\n")) == 413


def test_a_header_section_over_the_limit_gets_431(start: Start) -> None:
    port = start(FILES)
    half = DEFAULT_LIMITS.header_bytes // 2
    headers = (f"X-Pad-{i}: {'y' * half}" for i in range(3))  # each line well under 64 KiB
    assert _status(_exchange(port, _request("/x", *headers))) == 431


def test_a_request_line_over_the_limit_gets_414(start: Start) -> None:
    port = start(FILES)
    target = "/files/" + "a" * DEFAULT_LIMITS.request_line_bytes
    assert _status(_exchange(port, _request(target))) == 414


# -- malformed requests ------------------------------------------------------------------------

MALFORMED = [
    ("Content-Length: abc", b""),
    ("Content-Length: -1", b""),
    ("Content-Length: +2", b"{}"),
    ("Content-Length: 1_0", b"0123456789"),
    ("Content-Length: 0x2", b"{}"),
    ("Content-Length: 2\r\nContent-Length: 3", b"{}"),
    ("Transfer-Encoding: chunked", b"zz\r\n{}\r\n0\r\n\r\n"),
    ("Transfer-Encoding: chunked", b"-2\r\n{}\r\n0\r\n\r\n"),
    ("Transfer-Encoding: chunked", b"2\r\n{}XX0\r\n\r\n"),
    ("Transfer-Encoding: chunked", b"5\r\n{}"),  # ends early
]


@pytest.mark.parametrize(("framing", "body"), MALFORMED)
def test_a_malformed_body_framing_gets_400_and_no_traceback(
    start: Start, capsys: pytest.CaptureFixture[str], framing: str, body: bytes
) -> None:
    log = io.StringIO()
    port = start(FILES, log=log)
    with _connect(port) as sock:
        sock.sendall(_request("/files/1-2-3-4.json", framing, method="POST") + body)
        sock.shutdown(socket.SHUT_WR)  # a body that ends early ends here
        assert _status(_until_closed(sock)) == 400
    assert "Traceback" not in capsys.readouterr().err
    assert re.fullmatch(r"POST /files/1-2-3-4\.json -> 400 \([A-Za-z -]+\)\n", log.getvalue())


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/9.x\r\n\r\n",
        b"GET http://[::1/x HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"GET / HTTP/1.1\r\nConnection: close\r\nno colon here\r\n\r\n",
        b"G\x00T / HTTP/1.1\r\n\r\n",
        b"GET /a\x7fb HTTP/1.1\r\n\r\n",
    ],
)
def test_a_malformed_request_gets_a_4xx_or_5xx_and_no_traceback(
    start: Start, capsys: pytest.CaptureFixture[str], request_bytes: bytes
) -> None:
    port = start(FILES)
    reply = _exchange(port, request_bytes)
    assert 400 <= _status(reply) < 600
    assert "Traceback" not in capsys.readouterr().err


# -- the log -----------------------------------------------------------------------------------

HOSTILE_NAME = "ok\x1b]0;owned\x07\u202edeliver\r\nGET /admin -> 200"
UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2066-\u2069\u202a-\u202e]")


def test_the_log_escapes_request_lines_and_example_names(start: Start) -> None:
    log = io.StringIO()
    port = start(load(_item("{{base}}/users/:id", name=HOSTILE_NAME)), log=log)
    close = b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert _status(_exchange(port, b"GET /users/7\x9b1m" + close)) == 200  # C1 CSI
    assert _status(_exchange(port, b"GET /users/\x1b[2J\x1b[31mred" + close)) == 400
    assert _status(_exchange(port, b"\x1b[31mGET /users/7" + close)) == 400
    text = log.getvalue()
    assert not UNPRINTABLE.search(text), text
    assert text.splitlines() == [
        "GET /users/7\\u009b1m -> 200 "
        "(ok\\u001b]0;owned\\u0007\\u202edeliver\\r\\nGET /admin -> 200)",
        "GET /users/\\u001b[2J\\u001b[31mred -> 400 (malformed request line)",
        "\\u001b[31mGET /users/7 -> 400 (malformed request line)",
    ]


def test_the_log_masks_credentials_a_client_sends_in_the_request_line(start: Start) -> None:
    """A client under test sends its real key; the mock's log (a terminal, a CI log) shows
    it as warnings do."""
    log = io.StringIO()
    port = start(load(_item("{{base}}/users/:id")), log=log)
    close = b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    _exchange(port, b"GET /users/7?api_key=k3yV4lue9" + close)
    _exchange(port, b"GET /users/sk_live_51Habcdefghijklmnopqrstuv" + close)
    text = log.getvalue()
    assert "k3yV4lue9" not in text and "sk_live_51H" not in text, text
    assert "GET /users/7?api_key=*** -> 200" in text, text


def test_postc_mock_prints_an_escaped_banner_and_log(tmp_path: Path) -> None:
    doc = collection_doc(_item("{{base}}/users/:id", name=HOSTILE_NAME))
    doc["info"]["name"] = "Shop\x1b[8m\u202e"
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "mock", str(source), "--port", "0"],
        cwd=REPO,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        found = re.search(rb"on http://127\.0\.0\.1:(\d+) ", banner)
        assert found, banner
        port = int(found.group(1))
        _exchange(port, _request("/users/7\x9b", "Connection: close"))
        _exchange(port, _request("/users/7", "Content-Length: x", method="POST"))
    finally:
        process.send_signal(signal.SIGTERM)
        rest = process.communicate(timeout=SECONDS)[1]
    output = banner + rest
    assert process.returncode == 0
    assert not re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xe2\x80\xae|\xc2[\x80-\x9f]", output)
    assert b"Traceback" not in output
    assert b"GET /users/7\\u009b -> 200 (ok\\u001b]0;owned" in output
    assert b"POST /users/7 -> 400 (bad Content-Length)" in output
