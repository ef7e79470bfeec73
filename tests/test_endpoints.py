"""Each request is written once, for the sync and async clients and their views: the
runtime's ``endpoint`` descriptor gives it the signature a method of each client had when
it was written twice (docs/runtime.md, "One definition per endpoint"). mypy sees those
signatures on the committed httpbin client, and at run time the methods keep their names,
docstrings and signatures."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import pydoc
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.generate import generate
from tests.conftest import MypyStrict, collection_doc, run

HTTPBIN = Path(__file__).resolve().parents[1] / "generated" / "httpbin"

# The options every method takes after its own parameters, as mypy writes them.
OPTIONS = (
    "extra_headers: typing.Mapping[str, str | None] | None =, "
    "extra_query: typing.Mapping[str, str | int | float | bool | "
    "typing.Sequence[str | int | float | bool] | None] | None =, "
    "extra_body: typing.Mapping[str, Any] | None =, "
    "timeout: float | httpx._config.Timeout | httpbin_client._runtime.NotGiven | None ="
)
BASIC = f"def (user: str, passwd: str, *, {OPTIONS})"
USER = "httpbin_client.models.user_response.UserResponse"
RUNTIME = "httpbin_client._runtime"
FILE = (
    "bytes | typing.IO[bytes] | os.PathLike[str] | tuple[str, bytes | typing.IO[bytes]] "
    "| tuple[str, bytes | typing.IO[bytes], str]"
)

# What mypy reveals for each expression: the signatures of the methods written twice, each
# returning the old method's type (a coroutine of it for the AsyncClient), and their views.
REVEALED = {
    "client.auth.basic": f"{BASIC} -> {USER}",
    "aclient.auth.basic": f"{BASIC} -> typing.Coroutine[Any, Any, {USER}]",
    "client.auth.with_raw_response.basic": f"{BASIC} -> {RUNTIME}.RawResponse[{USER}]",
    "aclient.auth.with_raw_response.basic": (
        f"{BASIC} -> typing.Awaitable[{RUNTIME}.RawResponse[{USER}]]"
    ),
    "client.auth.with_streaming_response.basic": (
        f"{BASIC} -> contextlib.AbstractContextManager"
        f"[{RUNTIME}.StreamedResponse[{USER}], bool | None]"
    ),
    "aclient.auth.with_streaming_response.basic": (
        f"{BASIC} -> contextlib.AbstractAsyncContextManager"
        f"[{RUNTIME}.AsyncStreamedResponse[{USER}], bool | None]"
    ),
    "client.requests.query_parameters": (
        f"def (*, color: str | None =, size: int | None =, {OPTIONS}) "
        "-> httpbin_client.models.query_parameters.QueryParameters"
    ),
    "client.requests.upload": (
        f"def (*, title: str | None =, upload: {FILE}, {OPTIONS}) "
        "-> httpbin_client.models.json_body.JSONBody"
    ),
}

# Uses mypy must reject, each with the error it must report on its line.
REJECTED = {
    'client.auth.basic(1, "p")': 'Argument 1 has incompatible type "int"; expected "str"',
    'client.auth.basic("u", "p", bogus=1)': 'Unexpected keyword argument "bogus"',
    'client.auth.basic("u")': "Too few arguments",
    'user: UserResponse = aclient.auth.basic("u", "p")': "Incompatible types in assignment",
    'client.auth.with_raw_response.basic("u", "p").parse().nope': "has no attribute",
    'client.auth.basic("u", "p", timeout="soon")': 'Argument "timeout"',
}


def _usage() -> str:
    lines = [
        "from httpbin_client import AsyncClient, Client",
        "from httpbin_client.models import UserResponse",
        "",
        "",
        "async def use(client: Client, aclient: AsyncClient) -> None:",
    ]
    lines += [f"    reveal_type({expression})" for expression in REVEALED]
    lines += [f"    {statement}" for statement in REJECTED]
    return "\n".join(lines) + "\n"


def test_mypy_sees_each_clients_signature_on_the_one_definition(
    tmp_path: Path, mypy_strict: MypyStrict
) -> None:
    usage = tmp_path / "usage.py"
    usage.write_text(_usage(), "utf-8")
    result = run([*mypy_strict(), str(usage)], HTTPBIN)
    found = {
        int(line): text
        for line, text in re.findall(
            r"usage\.py:(\d+): note: Revealed type is \"(.*)\"", result.stdout
        )
    }
    first = 6  # the line of the first reveal_type
    for offset, (expression, expected) in enumerate(REVEALED.items()):
        assert found.get(first + offset) == expected, (expression, found.get(first + offset))
    errors = re.findall(r"usage\.py:(\d+): error: (.*)", result.stdout)
    by_line: dict[int, list[str]] = {}
    for line, text in errors:
        by_line.setdefault(int(line), []).append(text)
    first_rejected = first + len(REVEALED)
    for offset, (statement, expected) in enumerate(REJECTED.items()):
        reported = " ".join(by_line.pop(first_rejected + offset, []))
        assert expected in reported, (statement, reported)
    assert not by_line, by_line  # nothing else is an error


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"authenticated": True, "user": request.url.path})


def _httpbin_modules() -> dict[str, Any]:
    return {n: m for n, m in sys.modules.items() if n.split(".")[0] == "httpbin_client"}


@pytest.fixture
def httpbin(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The committed httpbin client, imported afresh; afterwards sys.modules holds exactly
    the client's modules it held before (a test file run later in the same process must not
    meet a mix of two copies' models)."""
    monkeypatch.syspath_prepend(str(HTTPBIN))
    before = _httpbin_modules()
    for name in before:
        del sys.modules[name]
    yield importlib.import_module("httpbin_client")
    for name in _httpbin_modules():
        del sys.modules[name]
    sys.modules.update(before)


def test_a_method_keeps_its_name_docstring_and_signature_at_run_time(httpbin: Any) -> None:
    client = httpbin.Client(username="u", password="p", transport=httpx.MockTransport(_answer))
    method = client.auth.basic
    assert (method.__name__, method.__qualname__) == ("basic", "Auth.basic")
    assert method.__doc__.startswith("Checks HTTP basic credentials")
    signature = inspect.signature(method)
    assert list(signature.parameters)[:2] == ["user", "passwd"]  # no self
    assert signature.return_annotation == "models.UserResponse"  # not Call[...]
    assert client.auth.basic is method  # made once per resource
    listed = pydoc.plain(pydoc.render_doc(client.auth))
    assert " |  basic(...)\n |      Checks HTTP basic credentials" in listed  # help(resource)
    assert type(client.auth).__dict__["basic"] is not method  # the class keeps the endpoint
    aclient = httpbin.AsyncClient(username="u", password="p")
    assert inspect.iscoroutinefunction(aclient.auth.basic)
    assert not inspect.iscoroutinefunction(method)
    assert inspect.signature(aclient.auth.basic) == signature


def test_the_one_definition_sends_through_each_client_and_view(httpbin: Any) -> None:
    transport = httpx.MockTransport(_answer)
    client = httpbin.Client(username="u", password="p", transport=transport)
    user = client.auth.basic("u", "p")
    assert user.user == "/basic-auth/u/p"
    raw = client.auth.with_raw_response.basic("u", "p")
    assert raw.status_code == 200 and raw.parse() == user
    with client.auth.with_streaming_response.basic("u", "p") as streamed:
        assert json.loads(streamed.read())["user"] == "/basic-auth/u/p"
    assert streamed.http.is_closed

    async def scenario() -> None:
        aclient = httpbin.AsyncClient(
            username="u", password="p", transport=httpx.MockTransport(_answer)
        )
        assert await aclient.auth.basic("u", "p") == user
        araw = await aclient.auth.with_raw_response.basic("u", "p")
        assert araw.parse() == user
        async with aclient.auth.with_streaming_response.basic("u", "p") as astreamed:
            assert await astreamed.parse() == user
        await aclient.close()

    asyncio.run(scenario())


def _root_and_folder() -> dict[str, Any]:
    """Requests outside any folder next to a folder with a subfolder."""
    get = {"method": "GET", "url": "https://api.example.com/ping"}
    sub = {
        "name": "Sub",
        "item": [{"name": "Deep", "request": {**get, "url": "https://api.example.com/deep"}}],
    }
    doc = collection_doc(
        {"name": "Ping", "request": get},
        {"name": "Things", "item": [{"name": "List things", "request": get}, sub]},
    )
    doc["info"]["name"] = "Rooted"
    return doc


def test_the_clients_own_requests_and_subfolders_are_typed_for_both_clients(
    tmp_path: Path, mypy_strict: MypyStrict
) -> None:
    source = tmp_path / "rooted.postman_collection.json"
    source.write_text(json.dumps(_root_and_folder()), "utf-8")
    project = tmp_path / "out"
    generate(source, project)
    (project / "usage.py").write_text(
        "from rooted import AsyncClient, Client\n\n\n"
        "async def use(client: Client, aclient: AsyncClient) -> None:\n"
        "    reveal_type(client.ping())\n"
        "    reveal_type(await aclient.ping())\n"
        "    reveal_type(client.with_raw_response.ping())\n"
        "    reveal_type(await aclient.with_raw_response.ping())\n"
        "    reveal_type(client.things.sub.deep())\n"
        "    reveal_type(await aclient.things.sub.deep())\n"
        "    reveal_type(client.things.with_raw_response.sub.deep())\n"
        "    client.ping()  # not awaited: fine\n"
        "    aclient.ping()  # not awaited: mypy --strict rejects the lost coroutine\n",
        "utf-8",
    )
    result = run([*mypy_strict(), "rooted", "usage.py"], project)
    revealed = re.findall(r'Revealed type is "(.*)"', result.stdout)
    value = "dict[str, Any] | list[Any] | str | int | float | None"  # JsonValue
    raw = f"rooted._runtime.RawResponse[{value}]"
    assert revealed == [value, value, raw, raw, value, value, raw], result.stdout
    errors = re.findall(r"usage\.py:(\d+): error: (.*)", result.stdout)
    assert [(int(line), "unused-coroutine" in text) for line, text in errors] == [(13, True)]
