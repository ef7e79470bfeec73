"""The runtime's HTTP side (templates/runtime/_runtime.py): requests, auth, retries, errors.

Most tests run on httpx.MockTransport; the last ones talk to a real server on loopback.
Nothing sleeps: the cores get a sleep that only records the delays.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import io
import json
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import NoneType
from typing import Any, cast
from urllib.parse import parse_qsl, quote

import httpx
import pytest

from templates.runtime._runtime import (
    JSON,
    NOT_GIVEN,
    UNSET,
    ApiConnectionError,
    ApiError,
    ApiKeyAuth,
    ApiStatusError,
    ApiTimeoutError,
    AsyncClientCore,
    AsyncStreamedResponse,
    AuthenticationError,
    BadRequestError,
    BasicAuth,
    BearerAuth,
    Body,
    Call,
    ClientCore,
    ClientCredentialsAuth,
    ConflictError,
    CoreT,
    DigestAuth,
    ErrorTable,
    Headers,
    InternalServerError,
    JsonValue,
    Model,
    NotFoundError,
    NotGiven,
    PermissionDeniedError,
    Query,
    RateLimitError,
    RawResponse,
    RawView,
    Resource,
    RetryPolicy,
    StreamedResponse,
    StreamedView,
    UnprocessableEntityError,
    Unset,
    ValidationError,
    _async_sleep,
    endpoint,
    indexed,
    raw,
    streamed,
)

BASE = "https://api.example.test/v1"
Handler = Callable[[httpx.Request], httpx.Response]

# --- A tiny generated package, written the way the templates write one ---------------------


@dataclass(slots=True, kw_only=True)
class Pet(Model):
    id: int
    name: str
    born: datetime | Unset = UNSET
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ErrorBody(Model):
    code: str
    message: str


class PetNotFoundError(NotFoundError):
    body: ErrorBody


class InvalidTokenError(AuthenticationError):
    body: ErrorBody


_GET_PET_ERRORS = ErrorTable(
    models={401: ErrorBody, 404: ErrorBody},
    classes={(404, "PET_NOT_FOUND"): PetNotFoundError, (401, "INVALID_TOKEN"): InvalidTokenError},
)


class Pets(Resource[CoreT]):
    @endpoint
    def get(
        self,
        pet_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> Call[Pet]:
        return Call(
            "GET",
            "/pets/{pet_id}",
            path={"pet_id": pet_id},
            returns=Pet,
            errors=_GET_PET_ERRORS,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @endpoint
    def create(self, pet: Pet) -> Call[Pet]:
        return Call("POST", "/pets", json=pet, returns=Pet)

    @endpoint
    def photo(self, pet_id: str) -> Call[bytes]:
        return Call("GET", "/pets/{pet_id}/photo", path={"pet_id": pet_id}, returns=bytes)

    @endpoint
    def notes(self, pet_id: str) -> Call[JsonValue]:
        return Call("GET", "/pets/{pet_id}/notes", path={"pet_id": pet_id}, returns=JSON)

    @cached_property
    def with_raw_response(self) -> Pets[RawView[CoreT]]:
        return Pets(RawView(self._core))

    @cached_property
    def with_streaming_response(self) -> Pets[StreamedView[CoreT]]:
        return Pets(StreamedView(self._core))


class Client(ClientCore):
    def __init__(self, **options: Any) -> None:
        super().__init__(BASE, headers={"User-Agent": "petstore/1.0 (postc)"}, **options)
        self.pets: Pets[ClientCore] = Pets(self)


class AsyncClient(AsyncClientCore):
    def __init__(self, **options: Any) -> None:
        super().__init__(BASE, headers={"User-Agent": "petstore/1.0 (postc)"}, **options)
        self.pets: Pets[AsyncClientCore] = Pets(self)


# --- Helpers ----------------------------------------------------------------------------------


class Recorder:
    """A mock server: answers from a script (the last answer repeats) and keeps what it got."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers) or [httpx.Response(200, json={})]
        self.sent: list[httpx.Request] = []
        self.delays: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.sent.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    @property
    def last(self) -> httpx.Request:
        return self.sent[-1]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.delays.append(seconds)


def client(server: Recorder, **options: Any) -> Client:
    options.setdefault("max_retries", RetryPolicy(random=lambda: 1.0))
    return Client(transport=server.transport(), sleep=server.sleep, **options)


def core(server: Recorder, **options: Any) -> ClientCore:
    options.setdefault("max_retries", RetryPolicy(random=lambda: 1.0))
    return ClientCore(BASE, transport=server.transport(), sleep=server.sleep, **options)


PET = {"id": 1, "name": "Rex", "born": "2020-01-02T03:04:05.120Z", "tags": ["a"]}


# --- Building requests ------------------------------------------------------------------------


def test_a_generated_method_sends_its_call_and_parses_the_answer() -> None:
    server = Recorder(httpx.Response(200, json=PET))
    with client(server) as api:
        pet = api.pets.get("7")
    assert pet == Pet(id=1, name="Rex", born=pet.born, tags=["a"])
    assert pet.to_dict() == PET
    assert server.last.method == "GET"
    assert str(server.last.url) == f"{BASE}/pets/7"
    assert server.last.headers["User-Agent"] == "petstore/1.0 (postc)"


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("a/b c", "/v1/pets/a%2Fb%20c"),
        ("..", "/v1/pets/%2E%2E"),
        ("ü?#", "/v1/pets/%C3%BC%3F%23"),
        (True, "/v1/pets/true"),
        (12, "/v1/pets/12"),
    ],
)
def test_path_parameters_are_one_encoded_segment(value: str | bool | int, path: str) -> None:
    server = Recorder()
    core(server).request(Call("GET", "/pets/{id}", path={"id": value}, returns=NoneType))
    assert server.last.url.raw_path.decode() == path


def test_query_values_repeat_serialise_and_merge() -> None:
    server = Recorder()
    call = Call(
        "GET",
        "/search?fixed=1",
        query={"tag": ["a", "b"], "deep": True, "off": False, "n": 2, "x": 1.5, "none": None},
        returns=NoneType,
    )
    core(server).request(call)
    assert server.last.url.params.multi_items() == [
        ("fixed", "1"),
        ("tag", "a"),
        ("tag", "b"),
        ("deep", "true"),
        ("off", "false"),
        ("n", "2"),
        ("x", "1.5"),
    ]


def test_client_wide_query_pairs_are_sent_and_a_call_overrides_them() -> None:
    server = Recorder()
    api = core(server, query={"api-version": "2024-01-01", "lang": "en"})
    api.request(Call("GET", "/a", returns=NoneType))
    assert server.last.url.params.multi_items() == [("api-version", "2024-01-01"), ("lang", "en")]
    api.request(Call("GET", "/b", query={"lang": "fr", "api-version": None}, returns=NoneType))
    assert server.last.url.params.multi_items() == [("api-version", "2024-01-01"), ("lang", "fr")]
    api.request(Call("GET", "/c?fixed=1", query={"q": "x"}, returns=NoneType))
    assert server.last.url.params.multi_items() == [
        ("fixed", "1"),
        ("api-version", "2024-01-01"),
        ("lang", "en"),
        ("q", "x"),
    ]


def test_an_indexed_list_sends_each_item_with_its_index() -> None:
    server = Recorder()
    expand: list[str] | None = ["a", "b.c"]
    core(server).request(
        Call("GET", "/charges", query={"limit": 3, **indexed("expand", expand)}, returns=NoneType)
    )
    assert server.last.url.params.multi_items() == [
        ("limit", "3"),
        ("expand[0]", "a"),
        ("expand[1]", "b.c"),
    ]
    assert indexed("expand", None) == {} and indexed("expand", []) == {}


def test_headers_merge_case_insensitively_and_skip_none() -> None:
    server = Recorder()
    api = core(server, headers={"User-Agent": "default", "X-Team": "a"})
    api.request(
        Call(
            "GET",
            "/",
            headers={"user-agent": "mine", "X-Flag": False, "X-None": None},
            returns=NoneType,
        )
    )
    assert server.last.headers.get_list("User-Agent") == ["mine"]
    assert server.last.headers["X-Team"] == "a"
    assert server.last.headers["X-Flag"] == "false"
    assert "X-None" not in server.last.headers


def test_query_strings_match_what_httpx_builds_itself() -> None:
    """The query is appended to the URL text and parsed once: the URL httpx builds from
    ``copy_merge_params`` (repeated keys grouped, its own quoting) must come out unchanged."""
    server = Recorder()
    api = core(server)
    odd = "a b&c=d/é?#%+'!*()[]"
    query: dict[str, Any] = {"a": "1", odd: [odd, "x"], "A": True, "n": None, "z": 2}
    for template in ("/s/{id}", "/s/{id}?fixed=1&a=0", "/s/{id}#frag"):
        api.request(Call("GET", template, path={"id": odd}, query=query, returns=NoneType))
        url = template.replace("{id}", quote(odd, safe=""))
        pairs = (("a", "1"), (odd, odd), (odd, "x"), ("A", "true"), ("z", "2"))
        expected = httpx.URL(BASE + url).copy_merge_params(pairs)
        assert server.last.url == expected
        assert server.last.url.raw_path == expected.raw_path


def test_parsed_urls_and_core_headers_are_shared_but_never_changed() -> None:
    server = Recorder()
    api = core(server, headers={"User-Agent": "default", "X-Team": "a"})
    for value in ("b", None, "c"):
        api.request(
            Call("GET", "/pets/{id}", path={"id": 1}, headers={"x-team": value}, returns=NoneType)
        )
        assert str(server.last.url) == f"{BASE}/pets/1"
        assert server.last.headers.get_list("X-Team") == [value or "a"]
        # an overridden header keeps its place among the client's headers
        names = [key.lower() for key, _ in server.last.headers.raw]
        assert names.index(b"user-agent") < names.index(b"x-team")
    assert api._headers.raw == [(b"User-Agent", b"default"), (b"X-Team", b"a")]
    for i in range(300):  # the cache of parsed URLs stays small
        api.request(Call("GET", "/pets/{id}", path={"id": i}, returns=NoneType))
    assert len(api._urls) <= 256
    assert str(server.last.url) == f"{BASE}/pets/299"


def test_placeholders_without_path_values_are_left_alone() -> None:
    server = Recorder()
    core(server).request(Call("GET", "/a/{b}", returns=NoneType))
    assert server.last.url.raw_path == b"/v1/a/%7Bb%7D"
    with pytest.raises(KeyError):
        core(server).request(Call("GET", "/a/{b}/{c}", path={"b": 1}, returns=NoneType))


def test_the_runtime_imports_asyncio_only_to_wait_for_an_async_retry() -> None:
    code = (
        "import sys, httpx\n"
        "import templates.runtime._runtime as r\n"
        "assert 'asyncio' not in sys.modules, 'imported at start'\n"
        "r.AsyncClientCore('http://x.test')\n"
        "assert 'asyncio' not in sys.modules, 'imported by the client'\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_the_default_async_sleep_waits() -> None:
    async def waited() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await _async_sleep(0.01)
        return loop.time() - started

    assert asyncio.run(waited()) >= 0.009
    # a core given no ``sleep`` waits with it (awaiting time.sleep's None would raise)
    server = Recorder(httpx.Response(503), httpx.Response(200))
    retried = AsyncClientCore(
        BASE, transport=server.transport(), max_retries=RetryPolicy(random=lambda: 0.0)
    )
    asyncio.run(retried.request(Call("GET", "/", returns=NoneType)))
    assert len(server.sent) == 2


def test_absolute_urls_and_base_urls_with_a_trailing_slash() -> None:
    server = Recorder()
    ClientCore(f"{BASE}/", transport=server.transport()).request(
        Call("GET", "pets", returns=NoneType)
    )
    assert str(server.last.url) == f"{BASE}/pets"
    core(server).request(Call("GET", "https://other.test/x", returns=NoneType))
    assert str(server.last.url) == "https://other.test/x"


def test_json_bodies_from_models_and_mappings() -> None:
    server = Recorder(lambda request: httpx.Response(200, content=request.content))
    api = client(server)
    sent = Pet.from_dict(PET)
    assert api.pets.create(sent) == sent
    assert server.last.headers["Content-Type"] == "application/json"
    assert json.loads(server.last.content) == PET  # the datetime keeps its text
    api.pets.create(Pet(id=2, name="New"))
    assert json.loads(server.last.content) == {"id": 2, "name": "New", "tags": []}  # UNSET left out
    graphql = {"query": "query($id: ID!) { pet(id: $id) { name } }", "variables": {"id": "1"}}
    core(server).request(Call("POST", "/graphql", json=graphql, returns=dict[str, Any]))
    assert json.loads(server.last.content) == graphql


def test_json_bodies_with_a_lone_surrogate_are_sent_escaped() -> None:
    server = Recorder()
    core(server).request(Call("POST", "/", json={"a": "\ud800", "b": "é"}, returns=NoneType))
    assert server.last.headers["Content-Type"] == "application/json"
    assert json.loads(server.last.content) == {"a": "\ud800", "b": "é"}


def test_form_bodies_repeat_keys_and_serialise_values() -> None:
    server = Recorder()
    form: dict[str, Any] = {"a": ["1", "2"], "b": True, "c": None, "d": 3}
    core(server).request(Call("POST", "/form", form=form, returns=NoneType))
    assert server.last.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(server.last.content.decode()) == [
        ("a", "1"),
        ("a", "2"),
        ("b", "true"),
        ("d", "3"),
    ]


def parts(request: httpx.Request) -> dict[str, list[tuple[str | None, str, bytes]]]:
    """The parts of a multipart request: name -> [(filename, content type, content)]."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    found: dict[str, list[tuple[str | None, str, bytes]]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True)
        assert isinstance(name, str)
        assert isinstance(content, bytes)
        found.setdefault(name, []).append((part.get_filename(), part.get_content_type(), content))
    return found


def received(request: httpx.Request) -> dict[str, Any]:
    """A form body as a server reads it: its media type, and its pairs (urlencoded) or its
    parts in order, each ``[name, filename, content]`` (multipart)."""
    media = request.headers.get("Content-Type", "").partition(";")[0]
    if media == "application/x-www-form-urlencoded":
        return {"media": media, "pairs": parse_qsl(request.content.decode())}
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    found = [
        [p.get_param("name", header="content-disposition"), p.get_filename(), p.get_content()]
        for p in message.iter_parts()
    ]
    return {"media": media, "parts": found}


def test_multipart_accepts_bytes_paths_file_objects_and_tuples(tmp_path: Path) -> None:
    server = Recorder()
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG")
    files: dict[str, Any] = {
        "raw": b"\x00\x01",
        "path": photo,
        "handle": io.BytesIO(b"handle"),
        "named": ("notes.txt", b"hello"),
        "typed": ("data.bin", io.BytesIO(b"x"), "application/x-custom"),
        "many": [b"1", b"2"],
    }
    core(server).request(
        Call("POST", "/upload", form={"title": "T", "flag": True}, files=files, returns=NoneType)
    )
    got = parts(server.last)
    assert got["title"] == [(None, "text/plain", b"T")]
    assert got["flag"] == [(None, "text/plain", b"true")]
    assert got["raw"] == [("raw", "application/octet-stream", b"\x00\x01")]
    assert got["path"] == [("photo.png", "image/png", b"\x89PNG")]
    assert got["handle"] == [("handle", "application/octet-stream", b"handle")]
    assert got["named"] == [("notes.txt", "text/plain", b"hello")]
    assert got["typed"] == [("data.bin", "application/x-custom", b"x")]
    assert [content for _, _, content in got["many"]] == [b"1", b"2"]


def test_raw_content_bodies() -> None:
    server = Recorder()
    api = core(server)
    api.request(
        Call(
            "PUT",
            "/doc",
            content="<a/>",
            headers={"Content-Type": "application/xml"},
            returns=NoneType,
        )
    )
    assert server.last.content == b"<a/>"
    assert server.last.headers["Content-Type"] == "application/xml"
    api.request(Call("PUT", "/blob", content=b"\xff", returns=NoneType))
    assert server.last.content == b"\xff"


def test_per_call_timeout_and_the_default() -> None:
    server = Recorder()
    api = core(server)
    api.request(Call("GET", "/", returns=NoneType))
    assert server.last.extensions["timeout"] == {
        "connect": 10.0,
        "read": 60.0,
        "write": 60.0,
        "pool": 60.0,
    }
    api.request(Call("GET", "/", returns=NoneType, timeout=2.5))
    assert server.last.extensions["timeout"]["read"] == 2.5
    api.request(Call("GET", "/", returns=NoneType, timeout=None))  # no timeout at all
    assert server.last.extensions["timeout"] == dict.fromkeys(["connect", "read", "write", "pool"])
    api.request(Call("GET", "/", returns=NoneType, timeout=httpx.Timeout(3.0, connect=1.0)))
    assert server.last.extensions["timeout"]["connect"] == 1.0
    assert not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN"


def test_call_options_add_headers_query_and_body_members_last() -> None:
    server = Recorder(httpx.Response(200, json=PET))
    api = client(server)
    api.pets.get(
        "1",
        extra_headers={"X-Trace": "t1", "User-Agent": None},
        extra_query={"expand": ["a", "b"], "lang": "en"},
        timeout=None,
    )
    sent = server.last
    assert sent.headers["X-Trace"] == "t1"
    assert sent.headers["User-Agent"].startswith("python-httpx/")  # not the client's own
    assert sent.url.params.multi_items() == [("expand", "a"), ("expand", "b"), ("lang", "en")]
    assert sent.extensions["timeout"]["read"] is None
    api.pets.get("1", extra_body={"dry_run": True})  # no body of its own: a JSON object
    assert json.loads(server.last.content) == {"dry_run": True}
    assert api.pets.get("1") == Pet.from_dict(PET)
    assert "X-Trace" not in server.last.headers
    assert server.last.headers["User-Agent"] == "petstore/1.0 (postc)"


def test_extra_body_merges_into_json_objects_and_forms_only() -> None:
    server = Recorder()
    api = core(server, query={"v": "1"})
    pet = Pet(id=1, name="Rex")
    api.request(Call("POST", "/", json=pet, extra_body={"name": "Max", "x": 1}, returns=NoneType))
    assert json.loads(server.last.content) == {"id": 1, "name": "Max", "tags": [], "x": 1}
    api.request(Call("POST", "/", form={"a": "1"}, extra_body={"b": [2, 3]}, returns=NoneType))
    assert parse_qsl(server.last.content.decode()) == [("a", "1"), ("b", "2"), ("b", "3")]
    api.request(Call("POST", "/", files={"f": b"x"}, extra_body={"kind": "csv"}, returns=NoneType))
    assert parts(server.last)["kind"] == [(None, "text/plain", b"csv")]
    api.request(Call("GET", "/", extra_query={"v": None, "q": "x"}, returns=NoneType))
    assert server.last.url.params.multi_items() == [("q", "x")]  # None removes the client's
    sent = len(server.sent)
    with pytest.raises(ValueError, match="JSON object"):
        api.request(Call("POST", "/", json=[1], extra_body={"a": 1}, returns=NoneType))
    with pytest.raises(ValueError, match="not content"):
        api.request(Call("POST", "/", content="x", extra_body={"a": 1}, returns=NoneType))
    assert len(server.sent) == sent


def test_an_empty_path_value_is_refused_before_sending() -> None:
    server = Recorder()
    with pytest.raises(ValueError, match="path parameter 'pet_id' is empty"):
        client(server).pets.get("")
    assert server.sent == []
    core(server).request(Call("GET", "/n/{n}", path={"n": 0}, returns=NoneType))
    assert server.last.url.path == "/v1/n/0"


def test_the_base_url_is_read_only() -> None:
    api = core(Recorder())
    assert api.base_url == BASE
    with pytest.raises(AttributeError):
        api.base_url = "https://elsewhere.test"  # type: ignore[misc]


# --- Reading responses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body", "value"),
    [
        ("application/json; charset=utf-8", b'{"a": [1]}', {"a": [1]}),
        ("application/problem+json", b"[1, 2]", [1, 2]),
        ("application/json", b"", None),
        ("application/json", b"  \n", None),
        ("text/plain", b"hello \xc3\xbc", "hello ü"),
        ("text/plain", b"42", "42"),  # a scalar in a text body stays text
        ("text/html", b'{"misnamed": true}', {"misnamed": True}),  # JSON labelled as text
        ("application/xml", b"<a/>", "<a/>"),
        (None, b"3.5", 3.5),
        (None, b"not json", "not json"),
        ("text/plain", b"", None),
    ],
)
def test_json_returns_decode_by_content_type(
    content_type: str | None, body: bytes, value: Any
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    server = Recorder(httpx.Response(200, content=body, headers=headers))
    assert core(server).request(Call("GET", "/", returns=JSON)) == value


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("image/png", b"\x89PNG", "answered image/png, neither JSON nor text"),
        (None, b"\xff\xfe", "binary data without a Content-Type"),
        ("application/json", b"{", "not JSON"),
    ],
)
def test_json_returns_refuse_what_is_neither_json_nor_text(
    content_type: str | None, body: bytes, message: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    server = Recorder(httpx.Response(200, content=body, headers=headers))
    with pytest.raises(ValidationError, match=message) as raised:
        core(server).request(Call("GET", "/x", returns=JSON))
    if content_type != "application/json":
        assert "with_raw_response or with_streaming_response" in str(raised.value)
        assert "GET /v1/x" in str(raised.value)


def test_return_kinds() -> None:
    server = Recorder(httpx.Response(200, text="plain ü"))
    api = core(server)
    assert api.request(Call("GET", "/", returns=NoneType)) is None
    assert api.request(Call("GET", "/", returns=str)) == "plain ü"
    assert api.request(Call("GET", "/", returns=bytes)) == "plain ü".encode()
    server.answers = [httpx.Response(200, json=[PET, PET])]
    assert api.request(Call("GET", "/", returns=list[Pet])) == [Pet.from_dict(PET)] * 2
    union = cast("type[dict[str, Any] | list[Any]]", dict[str, Any] | list[Any])
    assert api.request(Call("GET", "/", returns=union)) == [PET, PET]


def test_bodies_that_do_not_fit_raise_validation_errors_in_strict_mode() -> None:
    server = Recorder(httpx.Response(200, json={"id": "1", "name": "x"}))
    with pytest.raises(ValidationError, match=r"^id: expected int, got str$"):
        client(server, strict=True).pets.get("1")
    server.answers = [httpx.Response(200, text="<html>")]
    with pytest.raises(ValidationError, match="not JSON"):
        client(server, strict=True).pets.get("1")
    server.answers = [httpx.Response(204)]
    with pytest.raises(ValidationError, match=r"expected object \(Pet\), got null"):
        client(server, strict=True).pets.get("1")


# --- Errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, ApiStatusError),
    ],
)
def test_status_classes(status: int, cls: type[ApiStatusError]) -> None:
    server = Recorder(httpx.Response(status, json={"error": "x"}))
    with pytest.raises(ApiStatusError) as raised:
        core(server, max_retries=0).request(Call("POST", "/things", returns=NoneType))
    assert type(raised.value) is cls
    error = raised.value
    assert error.status_code == status
    assert error.body == {"error": "x"}
    assert error.code is None
    assert error.response.status_code == status
    assert error.request.url.path == "/v1/things"
    assert str(error).startswith(f"POST /v1/things answered {status} ")


def test_a_known_error_code_picks_its_subclass_and_body_model() -> None:
    body = {"code": "PET_NOT_FOUND", "message": "no such pet", "extra": 1}
    server = Recorder(httpx.Response(404, json=body))
    with pytest.raises(PetNotFoundError) as raised:
        client(server).pets.get("9")
    assert raised.value.body == ErrorBody(code="PET_NOT_FOUND", message="no such pet")
    assert raised.value.body.to_dict() == body
    assert raised.value.code == "PET_NOT_FOUND"
    assert isinstance(raised.value, NotFoundError)


def test_unknown_codes_and_unexpected_bodies_keep_the_status_class() -> None:
    server = Recorder(httpx.Response(404, json={"code": "GONE", "message": "m"}))
    with pytest.raises(NotFoundError) as raised:
        client(server).pets.get("9")
    assert type(raised.value) is NotFoundError
    assert raised.value.body == ErrorBody(code="GONE", message="m")
    # Strict: a known code but no message is not an ErrorBody, so not the typed
    # InvalidTokenError either (tolerant: tests/test_runtime_tolerant.py).
    server.answers = [httpx.Response(401, json={"code": "INVALID_TOKEN"})]
    with pytest.raises(AuthenticationError) as token_error:
        client(server, strict=True).pets.get("9")
    assert type(token_error.value) is AuthenticationError
    assert token_error.value.body == {"code": "INVALID_TOKEN"}
    assert token_error.value.code == "INVALID_TOKEN"
    server.answers = [httpx.Response(404, text="Not here")]
    with pytest.raises(NotFoundError) as text_error:
        client(server).pets.get("9")
    assert text_error.value.body == "Not here"
    assert str(text_error.value) == "GET /v1/pets/9 answered 404 Not Found: Not here"


class GoneError(ApiStatusError):
    pass


def test_error_tables_map_statuses_and_nested_codes() -> None:
    table = ErrorTable(classes={(400, 7): ConflictError, 410: GoneError}, code_field="error.code")
    server = Recorder(httpx.Response(400, json={"error": {"code": 7}}))
    api = core(server)
    with pytest.raises(ConflictError) as raised:
        api.request(Call("GET", "/", returns=NoneType, errors=table))
    assert raised.value.code == 7
    server.answers = [httpx.Response(400, json={"error": "flat"})]
    with pytest.raises(BadRequestError):
        api.request(Call("GET", "/", returns=NoneType, errors=table))
    server.answers = [httpx.Response(410, json={"error": {"code": 7}})]
    with pytest.raises(GoneError):  # the status alone; the code entry is for 400
        api.request(Call("GET", "/", returns=NoneType, errors=table))


# --- Auth -------------------------------------------------------------------------------------


def authorization(auth: BearerAuth | BasicAuth) -> str | None:
    server = Recorder()
    core(server, auth=auth).request(Call("GET", "/", returns=NoneType))
    header: str | None = server.last.headers.get("Authorization")
    return header


def test_token_basic_and_api_key_auth() -> None:
    assert authorization(BearerAuth("t0k")) == "Bearer t0k"
    assert authorization(BearerAuth("t0k", prefix="Zoho-oauthtoken")) == "Zoho-oauthtoken t0k"
    assert authorization(BearerAuth("t0k", prefix="")) == "t0k"
    assert authorization(BasicAuth("user", "pass")) == "Basic dXNlcjpwYXNz"
    server = Recorder()
    core(server, auth=ApiKeyAuth("X-Api-Key", "k1")).request(Call("GET", "/", returns=NoneType))
    assert server.last.headers["X-Api-Key"] == "k1"
    core(server, auth=ApiKeyAuth("api_key", "k 2", location="query")).request(
        Call("GET", "/?a=1", returns=NoneType)
    )
    assert server.last.url.params.multi_items() == [("a", "1"), ("api_key", "k 2")]


def test_noauth_calls_send_no_credentials() -> None:
    server = Recorder()
    api = core(server, auth=BearerAuth("t0k"))
    api.request(Call("GET", "/public", returns=NoneType, auth=False))
    assert "Authorization" not in server.last.headers


def callers_bearer(token: str) -> Callable[[httpx.Request], httpx.Request]:
    """A caller's own auth for their httpx client: the runtime's schemes are not
    ``httpx.Auth`` objects (deriving from it would import httpx with the client)."""

    def sign(request: httpx.Request) -> httpx.Request:
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    return sign


def test_noauth_calls_keep_the_auth_of_a_given_http_client() -> None:
    server = Recorder()
    http = httpx.Client(transport=server.transport(), auth=httpx.BasicAuth("proxy", "pw"))
    with ClientCore(BASE, http_client=http) as api:
        api.request(Call("GET", "/public", returns=NoneType, auth=False))
    assert server.last.headers["Authorization"] == "Basic cHJveHk6cHc="
    ours = ClientCore(BASE, http_client=http, auth=BearerAuth("t0k"))
    ours.request(Call("GET", "/", returns=NoneType))
    assert server.last.headers["Authorization"] == "Bearer t0k"  # the client's own wins
    ours.request(Call("GET", "/public", returns=NoneType, auth=False))
    assert server.last.headers["Authorization"] == "Basic cHJveHk6cHc="

    async def scenario() -> None:
        transport = server.transport()
        async with httpx.AsyncClient(transport=transport, auth=callers_bearer("gw")) as http:
            await AsyncClientCore(BASE, http_client=http, auth=BearerAuth("t0k")).request(
                Call("GET", "/public", returns=NoneType, auth=False)
            )

    asyncio.run(scenario())
    assert server.last.headers["Authorization"] == "Bearer gw"


def test_a_given_http_client_keeps_its_own_auth_and_stays_open() -> None:
    server = Recorder()
    http = httpx.Client(transport=server.transport(), auth=callers_bearer("theirs"))
    with ClientCore(BASE, http_client=http) as api:
        api.request(Call("GET", "/", returns=NoneType))
    assert server.last.headers["Authorization"] == "Bearer theirs"
    assert not http.is_closed
    owned = ClientCore(BASE, transport=server.transport())
    with owned:
        owned.request(Call("GET", "/", returns=NoneType))
    assert owned._http_client is not None and owned._http_client.is_closed


def test_the_owned_http_client_is_built_on_first_use_once() -> None:
    server = Recorder()
    api = ClientCore(BASE, transport=server.transport())
    assert api._http_client is None  # constructing a client loads no TLS certificates
    api.close()  # closing one never used builds nothing
    assert api._http_client is None
    api = ClientCore(BASE, transport=server.transport())
    with ThreadPoolExecutor(8) as pool:
        built = set(pool.map(lambda _: id(api._http), range(64)))
    assert len(built) == 1
    api.request(Call("GET", "/", returns=NoneType))
    assert id(api._http) in built
    api.close()


def test_digest_auth_answers_the_challenge() -> None:
    def digest(request: httpx.Request) -> httpx.Response:
        if "Authorization" not in request.headers:
            challenge = 'Digest realm="pets", nonce="abc123", qop="auth", algorithm=MD5'
            return httpx.Response(401, headers={"WWW-Authenticate": challenge})
        return httpx.Response(200)

    server = Recorder(digest)
    core(server, auth=DigestAuth("user", "pass")).request(Call("GET", "/", returns=NoneType))
    assert len(server.sent) == 2
    assert server.last.headers["Authorization"].startswith('Digest username="user", realm="pets"')


class TokenServer:
    """An OAuth2 token endpoint and an API that accepts only the latest token."""

    def __init__(self, *, lifetime: Any = 3600) -> None:
        self.issued = 0
        self.lifetime = lifetime
        self.valid: str | None = None
        self.token_requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            self.token_requests.append(request)
            self.issued += 1
            self.valid = f"token-{self.issued}"
            payload: dict[str, Any] = {"access_token": self.valid, "token_type": "Bearer"}
            if self.lifetime is not None:
                payload["expires_in"] = self.lifetime
            return httpx.Response(200, json=payload)
        if request.headers.get("Authorization") != f"Bearer {self.valid}":
            return httpx.Response(401, json={"code": "INVALID_TOKEN", "message": "expired"})
        return httpx.Response(200, json=PET)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def credentials(clock: Clock, **options: Any) -> ClientCredentialsAuth:
    return ClientCredentialsAuth(
        "https://auth.example.test/oauth/token", "id", "secret", clock=clock, **options
    )


def test_client_credentials_fetches_caches_and_renews_on_expiry() -> None:
    tokens, clock = TokenServer(lifetime=100), Clock()
    api = Client(transport=httpx.MockTransport(tokens), auth=credentials(clock, scope="pets:read"))
    api.pets.get("1")
    api.pets.get("1")
    assert tokens.issued == 1
    request = tokens.token_requests[0]
    assert request.headers["Authorization"] == "Basic aWQ6c2VjcmV0"
    assert dict(parse_qsl(request.content.decode())) == {
        "grant_type": "client_credentials",
        "scope": "pets:read",
    }
    clock.now += 69  # still 31 s left: more than the 30 s margin
    api.pets.get("1")
    assert tokens.issued == 1
    clock.now += 2
    api.pets.get("1")
    assert tokens.issued == 2


def test_client_credentials_refreshes_once_on_401() -> None:
    tokens, clock = TokenServer(lifetime=None), Clock()
    api = Client(
        transport=httpx.MockTransport(tokens), auth=credentials(clock, credentials_in="body")
    )
    api.pets.get("1")
    tokens.valid = "revoked-by-the-server"
    assert api.pets.get("1") == Pet.from_dict(PET)
    assert tokens.issued == 2
    body = dict(parse_qsl(tokens.token_requests[1].content.decode()))
    assert body == {
        "grant_type": "client_credentials",
        "client_id": "id",
        "client_secret": "secret",
    }
    assert "Authorization" not in tokens.token_requests[1].headers

    def always_401(request: httpx.Request) -> httpx.Response:
        response = tokens(request)
        return response if request.url.path == "/oauth/token" else httpx.Response(401, json={})

    api = Client(transport=httpx.MockTransport(always_401), auth=credentials(clock))
    with pytest.raises(AuthenticationError):
        api.pets.get("1")
    assert tokens.issued == 4  # one fetch, one refresh, no loop


def test_client_credentials_carry_the_token_after_its_prefix_or_in_the_query() -> None:
    """Postman's ``headerPrefix`` and ``addTokenTo`` queryParams for an issued token: a
    renewed token replaces the one sent, in the same place."""
    tokens, clock = TokenServer(lifetime=None), Clock()
    sent: list[tuple[str | None, list[str]]] = []  # (Authorization, access_token values)

    def api(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return tokens(request)
        header, query = request.headers.get("Authorization"), request.url.params.get_list(
            "access_token"
        )
        sent.append((header, query))
        known = header in (tokens.valid, f"Token {tokens.valid}") or query == [tokens.valid]
        return httpx.Response(200, json=PET) if known else httpx.Response(401, json={})

    def client_of(**options: Any) -> Client:
        return Client(transport=httpx.MockTransport(api), auth=credentials(clock, **options))

    client_of(prefix="Token").pets.get("1")
    client_of(prefix="").pets.get("1")
    query = client_of(token_in="query")
    query.pets.get("1")
    tokens.valid = "revoked-by-the-server"
    query.pets.get("1")
    assert sent == [
        ("Token token-1", []),
        ("token-2", []),
        (None, ["token-3"]),
        (None, ["token-3"]),  # answered 401: a new token, in place of the old
        (None, ["token-4"]),
    ]


def test_a_scheme_that_requires_response_bodies_reads_them_sync_and_async() -> None:
    """httpx's drivers read each response before it goes back to a flow whose scheme
    ``requires_response_body`` (the token endpoint's, read by ``ClientCredentialsAuth``):
    the carrier must pass the scheme's flag on. A body that arrives as a stream is unread
    until something reads it (``httpx.Response(json=...)`` would be read already)."""
    tokens = TokenServer()

    def streamed(request: httpx.Request) -> httpx.Response:
        answer = tokens(request)
        return httpx.Response(
            answer.status_code, headers=answer.headers, stream=httpx.ByteStream(answer.content)
        )

    api = Client(transport=httpx.MockTransport(streamed), auth=credentials(Clock()))
    assert api.pets.get("1") == Pet.from_dict(PET)

    async def scenario() -> Pet:
        api = AsyncClient(transport=httpx.MockTransport(streamed), auth=credentials(Clock()))
        return await api.pets.get("1")

    assert asyncio.run(scenario()) == Pet.from_dict(PET)
    assert tokens.issued == 2


def test_client_credentials_token_endpoint_failures() -> None:
    server = Recorder(httpx.Response(400, json={"error": "invalid_client"}))
    api = core(server, auth=credentials(Clock()))
    with pytest.raises(BadRequestError, match="POST /oauth/token answered 400"):
        api.request(Call("GET", "/", returns=NoneType))
    server.answers = [httpx.Response(200, json={"token_type": "Bearer"})]
    with pytest.raises(ApiError, match="returned no access_token"):
        api.request(Call("GET", "/", returns=NoneType))


# --- Retries ----------------------------------------------------------------------------------


def test_429_waits_as_retry_after_says() -> None:
    server = Recorder(
        httpx.Response(429, headers={"Retry-After": "3"}),
        httpx.Response(429, headers={"Retry-After": "0.5"}),
        httpx.Response(200, json=PET),
    )
    assert client(server).pets.get("1").name == "Rex"
    assert server.delays == [3.0, 0.5]


def test_retry_after_dates_are_honoured_and_capped() -> None:
    future = format_datetime(datetime(2999, 1, 1), usegmt=False)
    past = "Wed, 21 Oct 2015 07:28:00 GMT"
    server = Recorder(
        httpx.Response(503, headers={"Retry-After": future}),
        httpx.Response(503, headers={"Retry-After": past}),
        httpx.Response(200, json=PET),
    )
    client(server).pets.get("1")
    assert server.delays == [60.0, 0.0]


def test_backoff_is_exponential_with_full_jitter_then_gives_up() -> None:
    server = Recorder(httpx.Response(503, headers={"Retry-After": "soon"}))
    draws = iter([1.0, 0.5, 1.0, 1.0, 1.0])
    policy = RetryPolicy(
        max_retries=5, random=lambda: next(draws), initial_delay=1.0, max_delay=6.0
    )
    with pytest.raises(InternalServerError):
        client(server, max_retries=policy).pets.get("1")
    assert len(server.sent) == 6
    assert server.delays == [1.0, 1.0, 4.0, 6.0, 6.0]


@pytest.mark.parametrize("status", [502, 504])
def test_gateway_errors_are_retried(status: int) -> None:
    server = Recorder(httpx.Response(status), httpx.Response(200, json=PET))
    client(server).pets.get("1")
    assert len(server.sent) == 2


def test_connection_errors_are_retried_then_raised() -> None:
    server = Recorder(httpx.ConnectError("refused"), httpx.Response(200, json=PET))
    assert client(server).pets.get("1").id == 1
    assert server.delays == [0.5]
    server = Recorder(httpx.ReadTimeout("slow"))
    with pytest.raises(ApiTimeoutError, match="GET /v1/pets/1: slow") as raised:
        client(server).pets.get("1")
    assert len(server.sent) == 3
    assert raised.value.request.url.path == "/v1/pets/1"
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    server = Recorder(httpx.ConnectError("refused"))
    with pytest.raises(ApiConnectionError) as connection:
        client(server, max_retries=0).pets.get("1")
    assert type(connection.value) is ApiConnectionError


def test_what_is_not_retried() -> None:
    server = Recorder(httpx.Response(503))
    with pytest.raises(InternalServerError):
        client(server).pets.create(Pet(id=1, name="x"))  # POST
    with pytest.raises(InternalServerError):
        client(server, max_retries=0).pets.get("1")  # switched off
    with pytest.raises(InternalServerError):
        core(server).request(Call("GET", "/", returns=NoneType, retry=False))
    server.answers = [httpx.Response(500)]  # not a transient status
    with pytest.raises(InternalServerError):
        core(server).request(Call("GET", "/", returns=NoneType))
    assert len(server.sent) == 4
    assert server.delays == []


def test_a_call_may_opt_a_post_into_retries() -> None:
    server = Recorder(httpx.Response(503), httpx.Response(200))
    core(server).request(Call("POST", "/idempotent-by-key", returns=NoneType, retry=True))
    assert len(server.sent) == 2


# --- Raw responses ----------------------------------------------------------------------------


def test_raw_responses_give_status_headers_and_the_parsed_body() -> None:
    server = Recorder(httpx.Response(200, json=PET, headers={"X-Request-Id": "r1"}))
    api = client(server)
    raw_pet = api.pets.with_raw_response.get("1", extra_query={"v": "2"})
    assert isinstance(raw_pet, RawResponse)
    assert raw_pet.status_code == 200
    assert raw_pet.headers["X-Request-Id"] == "r1"
    assert raw_pet.http.json() == PET
    assert raw_pet.parse() == Pet.from_dict(PET)
    assert server.last.url.params["v"] == "2"
    assert isinstance(api.pets.get("1"), Pet)  # the raw mode ended with the call
    assert api.pets.with_raw_response is api.pets.with_raw_response
    server.answers = [httpx.Response(200, text="note", headers={"Content-Type": "text/plain"})]
    assert api.pets.with_raw_response.notes("1").parse() == "note"
    server.answers = [httpx.Response(404, json={"code": "PET_NOT_FOUND", "message": "m"})]
    with pytest.raises(PetNotFoundError):
        api.pets.with_raw_response.get("1")


def test_raw_and_streamed_responses_need_an_endpoint_method() -> None:
    with pytest.raises(TypeError, match="is not an endpoint method"):
        raw(lambda: 1)()
    with pytest.raises(TypeError, match="is not an endpoint method"), streamed(lambda: 1)():
        pass


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that records how far it has been read, and whether it was closed."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks
        self.read = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def test_streamed_responses_read_the_body_only_as_the_caller_iterates() -> None:
    body = Chunks(b"ab", b"cd\nef")
    server = Recorder(lambda request: httpx.Response(200, stream=body))
    api = client(server)
    with api.pets.with_streaming_response.photo("1") as response:
        assert isinstance(response, StreamedResponse)
        assert response.status_code == 200 and body.read == 0
        assert next(response.iter_bytes()) == b"ab"
        assert body.read == 1
    assert body.closed and response.http.is_closed
    body = Chunks(b"ab", b"cd\nef")
    with api.pets.with_streaming_response.photo("1") as response:
        assert list(response.iter_lines()) == ["abcd", "ef"]
    body = Chunks(b'{"id": 1, ', b'"name": "Rex"}')
    with api.pets.with_streaming_response.get("1") as streamed_pet:
        assert streamed_pet.parse() == Pet(id=1, name="Rex")
        assert streamed_pet.read() == b'{"id": 1, "name": "Rex"}'
    body = Chunks("é".encode(), b"!")
    with api.pets.with_streaming_response.photo("1") as response:
        assert "".join(response.iter_text()) == "é!"


def test_streamed_error_statuses_raise_and_retries_close_what_they_drop() -> None:
    dropped = Chunks(b"busy")
    server = Recorder(
        lambda request: httpx.Response(503, stream=dropped),
        httpx.Response(404, json={"code": "PET_NOT_FOUND", "message": "m"}),
    )
    api = client(server)
    with pytest.raises(PetNotFoundError) as raised, api.pets.with_streaming_response.get("1"):
        pass
    assert raised.value.body == ErrorBody(code="PET_NOT_FOUND", message="m")
    assert dropped.closed and len(server.sent) == 2


def test_streamed_transport_failures_are_the_runtime_errors() -> None:
    class Broken(Chunks):
        def __iter__(self) -> Iterator[bytes]:
            yield b"a"
            raise httpx.ReadError("reset")

    server = Recorder(lambda request: httpx.Response(200, stream=Broken()))
    pets = client(server).pets.with_streaming_response
    with pets.photo("1") as response, pytest.raises(ApiConnectionError, match=": reset"):
        list(response.iter_bytes())
    with pets.photo("1") as response, pytest.raises(ApiConnectionError, match="/pets/1/photo"):
        response.read()


def test_async_streamed_responses() -> None:
    body = Chunks(b"ab", b"cd\nef")
    server = Recorder(lambda request: httpx.Response(200, stream=body))

    async def scenario() -> list[str]:
        async with async_client(server) as api:
            async with api.pets.with_streaming_response.photo("1") as response:
                assert isinstance(response, AsyncStreamedResponse)
                assert response.headers is response.http.headers and body.read == 0
                lines = [line async for line in response.aiter_lines()]
            assert body.closed
            async with api.pets.with_streaming_response.photo("1") as response:
                assert [chunk async for chunk in response.aiter_bytes(1)][:2] == [b"a", b"b"]
            async with api.pets.with_streaming_response.photo("1") as response:
                assert "".join([text async for text in response.aiter_text()]) == "abcd\nef"
            async with api.pets.with_streaming_response.photo("1") as response:
                assert await response.read() == b"abcd\nef"
            server.answers = [httpx.Response(200, json=PET)]
            async with api.pets.with_streaming_response.get("1") as streamed_pet:
                assert await streamed_pet.parse() == Pet.from_dict(PET)
            server.answers = [httpx.Response(404, json={"code": "PET_NOT_FOUND", "message": "m"})]
            with pytest.raises(PetNotFoundError):
                async with api.pets.with_streaming_response.get("1"):
                    pass
            return lines

    assert asyncio.run(scenario()) == ["abcd", "ef"]


# --- Async ------------------------------------------------------------------------------------


def async_client(server: Recorder, **options: Any) -> AsyncClient:
    options.setdefault("max_retries", RetryPolicy(random=lambda: 1.0))
    return AsyncClient(transport=server.transport(), sleep=server.async_sleep, **options)


def test_async_calls_retry_parse_and_raise_like_sync_ones() -> None:
    server = Recorder(
        httpx.Response(429, headers={"Retry-After": "2"}),
        httpx.ConnectError("refused"),
        httpx.Response(200, json=PET),
    )

    async def scenario() -> tuple[Pet, RawResponse[Pet]]:
        async with async_client(server, auth=BearerAuth("t")) as api:
            pet = await api.pets.get("1")
            raw = await api.pets.with_raw_response.get("1")
            server.answers = [httpx.Response(404, json={"code": "PET_NOT_FOUND", "message": "m"})]
            with pytest.raises(PetNotFoundError):
                await api.pets.get("2")
            return pet, raw

    pet, raw = asyncio.run(scenario())
    assert pet == Pet.from_dict(PET)
    assert raw.parse() == pet
    assert server.delays == [2.0, 1.0]
    assert server.sent[0].headers["Authorization"] == "Bearer t"


def test_async_client_credentials_and_connection_errors() -> None:
    tokens = TokenServer()

    async def scenario() -> Pet:
        api = AsyncClient(transport=httpx.MockTransport(tokens), auth=credentials(Clock()))
        await api.pets.get("1")
        tokens.valid = "revoked"
        pet = await api.pets.get("1")
        await api.close()
        assert api._http.is_closed
        return pet

    assert asyncio.run(scenario()) == Pet.from_dict(PET)
    assert tokens.issued == 2
    server = Recorder(httpx.ConnectTimeout("slow"))
    with pytest.raises(ApiTimeoutError):
        asyncio.run(async_client(server).pets.get("1"))
    assert server.delays == [0.5, 1.0]


# --- A real server on loopback ----------------------------------------------------------------


class LoopbackHandler(BaseHTTPRequestHandler):
    """GET /flaky fails with 503 once, then answers; POST /upload echoes its multipart parts."""

    flaky_calls = 0
    lock = threading.Lock()
    released = threading.Event()  # /download sends its second half once this is set
    released_in_time = False

    def do_GET(self) -> None:
        if self.path == "/download":
            self.download()
            return
        with self.lock:
            type(self).flaky_calls += 1
            calls = type(self).flaky_calls
        if calls == 1:
            self.reply(503, {"error": "warming up"}, {"Retry-After": "1"})
        else:
            self.reply(200, {**PET, "query": self.path})

    def download(self) -> None:
        half = b"x" * 300_000
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(2 * len(half)))
        self.end_headers()
        self.wfile.write(half)
        self.wfile.flush()
        type(self).released_in_time = self.released.wait(10)
        self.wfile.write(half)

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        request = httpx.Request(
            "POST", "http://x/", headers=dict(self.headers), content=self.rfile.read(length)
        )
        if self.path == "/echo":  # the body as a server reads it, by its media type
            self.reply(200, received(request))
            return
        found = parts(request)
        echo = {name: [[f, t, c.decode()] for f, t, c in values] for name, values in found.items()}
        self.reply(200, echo)

    def reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def direct(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the environment between the client and 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def loopback(direct: None) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), LoopbackHandler)
    LoopbackHandler.flaky_calls = 0
    LoopbackHandler.released.clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_real_server_get_with_a_retry_and_a_multipart_upload(
    loopback: str, tmp_path: Path
) -> None:
    delays: list[float] = []
    report = tmp_path / "report.csv"
    report.write_text("a,b\n1,2\n")
    with ClientCore(loopback, sleep=delays.append, max_retries=1) as api:
        got = api.request(Call("GET", "/flaky", query={"q": "x y"}, returns=dict[str, Any]))
        echo = api.request(
            Call(
                "POST",
                "/upload",
                form={"kind": "csv"},
                files={"file": report},
                returns=dict[str, Any],
            )
        )
    assert got == {**PET, "query": "/flaky?q=x+y"}
    assert delays == [1.0]
    assert echo == {
        "kind": [[None, "text/plain", "csv"]],
        "file": [["report.csv", "text/csv", "a,b\n1,2\n"]],
    }


def test_a_real_server_reads_form_data_as_multipart_and_urlencoded_as_urlencoded(
    loopback: str,
) -> None:
    """Postman sends every form-data body multipart, with or without files: a server that
    reads only multipart (multer, busboy) gets its fields; an urlencoded body stays one."""
    form: dict[str, Any] = {"name": "Ada", "tags": ["a", "b"], "none": None, "ok": True}
    with ClientCore(loopback) as api:
        texts = api.request(
            Call("POST", "/echo", form=form, multipart=True, returns=dict[str, Any])
        )
        extra = api.request(
            Call("POST", "/echo", multipart=True, extra_body={"k": "v"}, returns=dict[str, Any])
        )
        mixed = api.request(
            Call(
                "POST",
                "/echo",
                form={"title": "Q3"},
                files={"report": ("q3.csv", b"a,b"), "absent": None},
                multipart=True,
                returns=dict[str, Any],
            )
        )
        plain = api.request(Call("POST", "/echo", form=form, returns=dict[str, Any]))
    fields = [["name", None, "Ada"], ["tags", None, "a"], ["tags", None, "b"], ["ok", None, "true"]]
    assert texts == {"media": "multipart/form-data", "parts": fields}
    assert extra == {"media": "multipart/form-data", "parts": [["k", None, "v"]]}
    assert mixed == {
        "media": "multipart/form-data",
        "parts": [["title", None, "Q3"], ["report", "q3.csv", "a,b"]],
    }
    assert plain == {
        "media": "application/x-www-form-urlencoded",
        "pairs": [["name", "Ada"], ["tags", "a"], ["tags", "b"], ["ok", "true"]],
    }


def test_a_real_refused_connection_is_retried_then_raised(direct: None) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    delays: list[float] = []
    api = ClientCore(f"http://127.0.0.1:{port}", sleep=delays.append)
    with api, pytest.raises(ApiConnectionError) as raised:
        api.request(Call("GET", "/", returns=NoneType))
    assert type(raised.value) is ApiConnectionError
    assert len(delays) == 2


def test_a_real_download_is_streamed_not_read_before_the_block(loopback: str) -> None:
    class Files(Resource[CoreT]):
        @endpoint
        def download(self) -> Call[bytes]:
            return Call("GET", "/download", returns=bytes)

    with ClientCore(loopback) as api:
        with Files(StreamedView(api)).download() as response:
            assert response.headers["Content-Length"] == "600000"
            LoopbackHandler.released.set()  # the server sends the rest only now
            size = sum(len(chunk) for chunk in response.iter_bytes())
        assert response.http.is_closed
    assert size == 600_000
    assert LoopbackHandler.released_in_time
