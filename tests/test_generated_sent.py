"""What a generated test checks was sent: the credentials the collection declares for the
request (``generator/emit/declared_credentials.py``: read from the collection, never from
the plan of what the client sends) and the form and multipart bodies
(``generator/emit/test_cases.py`` ``_form_sent``, ``tests/conftest.py`` of the project).

The oracle is checked on collections built here; the generated tests are run on a
generated project, and on copies of it whose client is broken the way a client can be
(no credential, the wrong one, an empty form, a file without its name): each must fail,
naming its example."""

from __future__ import annotations

import base64
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.emit.declared_credentials import ISSUED_TOKEN, declared_credentials
from generator.generate import generate
from tests.conftest import collection_doc, load, request_item, run

VALUES = {"token": "test-token", "user": "test-user", "pass": "test-pass", "key": "test-key"}


def declared(*items: Any, **root: Any) -> list[Any]:
    """The declared credentials of each request, with ``VALUES`` for its variables."""
    collection = load(*items, **root)
    return [declared_credentials(e, VALUES.get) for e in collection.endpoints()]


def auth(kind: str, **attributes: str) -> dict[str, Any]:
    return {"type": kind, kind: [{"key": k, "value": v} for k, v in attributes.items()]}


def folder(name: str, *items: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "item": list(items), **extra}


BEARER = auth("bearer", token="{{token}}")
BASIC = auth("basic", username="{{user}}", password="{{pass}}")


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# -- the oracle -------------------------------------------------------------------------------


def test_an_inherited_auth_is_declared_and_noauth_declares_none() -> None:
    found = declared(
        request_item("Inherits"),
        folder("Public", request_item("Open"), auth={"type": "noauth"}),
        folder("Admin", request_item("Own basic", auth=BASIC), auth=BEARER),
        auth=BEARER,
    )
    assert found == [
        (("header", "Authorization", "Bearer test-token"),),
        (),
        (("header", "Authorization", basic("test-user", "test-pass")),),
    ]


def test_a_request_with_no_auth_anywhere_declares_none_whatever_the_others_use() -> None:
    found = declared(request_item("Bare"), request_item("Bearer", auth=BEARER))
    assert found == [(), (("header", "Authorization", "Bearer test-token"),)]


def test_api_keys_go_where_the_auth_says_and_a_key_named_by_a_variable_is_unknown() -> None:
    found = declared(
        request_item("Header", auth=auth("apikey", key="X-Key", value="{{key}}")),
        request_item(
            "Query", auth=auth("apikey", key="api_key", value="{{key}}", **{"in": "query"})
        ),
        request_item("Named", auth=auth("apikey", key="{{name}}", value="{{key}}")),
    )
    assert found == [
        (("header", "X-Key", "test-key"),),
        (("query", "api_key", "test-key"),),
        None,
    ]


def test_oauth2_tokens_follow_the_prefix_and_place_the_auth_names() -> None:
    found = declared(
        request_item(
            "Prefixed", auth=auth("oauth2", accessToken="{{token}}", headerPrefix="Token")
        ),
        request_item(
            "Query", auth=auth("oauth2", accessToken="{{token}}", addTokenTo="queryParams")
        ),
        request_item(
            "Issued",
            auth=auth("oauth2", grant_type="client_credentials", accessTokenUrl="https://t.test/t"),
        ),
    )
    assert found == [
        (("header", "Authorization", "Token test-token"),),
        (("query", "access_token", "test-token"),),
        (("header", "Authorization", f"Bearer {ISSUED_TOKEN}"),),
    ]


def test_credential_headers_count_only_without_an_auth() -> None:
    header = [{"key": "Authorization", "value": "Token {{token}}"}]
    key = [{"key": "X-Api-Key", "value": "{{key}}"}]
    found = declared(
        request_item("Headers", header=header + key),
        request_item("Auth wins", header=key, auth=BEARER),
        request_item("Noauth sends its header", header=key, auth={"type": "noauth"}),
    )
    assert found == [
        (("header", "Authorization", "Token test-token"), ("header", "X-Api-Key", "test-key")),
        (("header", "Authorization", "Bearer test-token"),),
        (("header", "X-Api-Key", "test-key"),),
    ]


def test_a_literal_credential_is_the_setting_read_instead_and_digest_sends_none_unasked() -> None:
    literal = {"token": "test-token", "api_key": "test-api-key", "authorization": "test-auth"}
    collection = load(
        request_item("Literal", auth=auth("bearer", token="sk_live_abcdef0123456789")),
        request_item("Literal key", auth=auth("apikey", key="X-Key", value="abc")),
        request_item(
            "Literal header", header=[{"key": "Authorization", "value": "Basic cm9vdA=="}]
        ),
        request_item("Digest", auth=auth("digest", username="{{user}}", password="{{pass}}")),
        request_item("Signed", auth=auth("awsv4", secretKey="{{key}}")),
    )
    found = [declared_credentials(e, literal.get) for e in collection.endpoints()]
    assert found == [
        (("header", "Authorization", "Bearer test-token"),),
        (("header", "X-Key", "test-api-key"),),
        (("header", "Authorization", "Basic test-auth"),),
        (),
        (),
    ]


def test_a_credential_whose_value_is_unknown_is_not_checked() -> None:
    assert declared(request_item(auth=auth("bearer", token="{{elsewhere}}"))) == [None]


def test_a_login_request_getting_its_own_credential_is_not_checked() -> None:
    collection = load(request_item("Login", auth=BEARER), request_item("Other", auth=BEARER))
    login, other = collection.endpoints()
    assert declared_credentials(login, VALUES.get, {"token"}) is None
    assert declared_credentials(other, VALUES.get, ()) == (
        ("header", "Authorization", "Bearer test-token"),
    )


# -- the generated tests ----------------------------------------------------------------------

BASE = "https://api.example.test"


def saved(name: str, body: Any) -> dict[str, Any]:
    return {
        "name": name,
        "code": 200,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(body),
    }


def item(name: str, method: str, path: str, **request: Any) -> dict[str, Any]:
    return {
        "name": name,
        "request": {"method": method, "url": f"{BASE}/{path}", **request},
        "response": [saved("ok", {"ok": True})],
    }


def shop() -> dict[str, Any]:
    """Requests inheriting a bearer (one with a test script), one with its own basic, a
    folder marked noauth, an API key in the query, OAuth2 tokens after a ``Token`` prefix
    (an access token, and one the token URL issues), an urlencoded form, a text-only
    form-data body and a multipart upload (a file with a saved path)."""
    form = {
        "mode": "urlencoded",
        "urlencoded": [{"key": "city", "value": "Paris"}, {"key": "zip", "value": "75001"}],
    }
    upload = {
        "mode": "formdata",
        "formdata": [
            {"key": "title", "value": "Q3", "type": "text"},
            {"key": "report", "type": "file", "src": "C:\\Users\\ada\\report q3.csv"},
        ],
    }
    survey = {
        "mode": "formdata",
        "formdata": [
            {"key": "name", "value": "Ada", "type": "text"},
            {"key": "age", "value": "36", "type": "text"},
        ],
    }
    prefixed = auth("oauth2", accessToken="{{token}}", headerPrefix="Token")
    issued = auth(
        "oauth2",
        grant_type="client_credentials",
        accessTokenUrl=f"{BASE}/token",
        clientId="{{user}}",
        clientSecret="{{password}}",
        headerPrefix="Token",
    )
    status = 'pm.test("answered", function () { pm.response.to.have.status(200); });'
    checked = {"listen": "test", "script": {"exec": [status]}}
    return collection_doc(
        {**item("Inherits", "GET", "orders"), "event": [checked]},
        item(
            "Own basic",
            "GET",
            "admin",
            auth=auth("basic", username="{{user}}", password="{{password}}"),
        ),
        item(
            "Key in query",
            "GET",
            "stats",
            auth=auth("apikey", key="k", value="{{key}}", **{"in": "query"}),
        ),
        item("Prefixed", "GET", "prefixed", auth=prefixed),
        item("Issued", "GET", "issued", auth=issued),
        item("Form", "POST", "forms", body=form),
        item("Survey", "POST", "surveys", body=survey),
        item("Upload", "POST", "uploads", body=upload),
        folder("Public", item("Open", "GET", "status"), auth={"type": "noauth"}),
        auth=BEARER,
        variable=[{"key": k, "value": ""} for k in ("token", "user", "password", "key")],
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sent")
    source = root / "shop.json"
    source.write_text(json.dumps(shop()), encoding="utf-8")
    output = root / "shop"
    generate(source, output, package="shop")
    return output


def pytest_in(project: Path) -> tuple[int, str]:
    done = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project)
    return done.returncode, done.stdout + done.stderr


def broken(project: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the project whose runtime has ``old`` replaced by ``new`` (once)."""
    copy = tmp_path / "broken"
    shutil.copytree(project, copy)
    runtime = copy / "shop" / "_runtime.py"
    text = runtime.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    runtime.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def case(project: Path, module: str, key: str) -> dict[str, Any]:
    path = project / "tests" / "examples" / f"{module}.json"
    cases: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return cases[key]


def test_the_cases_say_what_the_collection_declares(project: Path) -> None:
    bearer = [["header", "Authorization", "Bearer test-token"]]
    assert case(project, "client", "inherits / ok")["sent"]["credentials"] == bearer
    assert case(project, "client", "own_basic / ok")["sent"]["credentials"] == [
        ["header", "Authorization", basic("test-user", "test-password")]
    ]
    assert case(project, "client", "key_in_query / ok")["sent"]["credentials"] == [
        ["query", "k", "test-key"]
    ]
    assert case(project, "public", "public.open / ok")["sent"]["credentials"] == []
    assert case(project, "client", "prefixed / ok")["sent"]["credentials"] == [
        ["header", "Authorization", "Token test-token"]
    ]
    assert case(project, "client", "issued / ok")["sent"]["credentials"] == [
        ["header", "Authorization", f"Token {ISSUED_TOKEN}"]
    ]
    form = case(project, "client", "form / ok")["sent"]
    assert (form["form"], form["files"], form["multipart"]) == (
        [["city", "Paris"], ["zip", "75001"]],
        [],
        False,
    )
    survey = case(project, "client", "survey / ok")["sent"]
    assert (survey["form"], survey["files"], survey["multipart"]) == (
        [["name", "Ada"], ["age", "36"]],
        [],
        True,
    )
    upload = case(project, "client", "upload / ok")
    assert upload["arguments"]["report"] == ["report q3.csv", "example"]
    assert (upload["sent"]["form"], upload["sent"]["files"], upload["sent"]["multipart"]) == (
        [["title", "Q3"]],
        [["report", "report q3.csv", "example"]],
        True,
    )


def test_the_generated_tests_pass(project: Path) -> None:
    status, output = pytest_in(project)
    assert status == 0, output


@pytest.mark.parametrize(
    ("old", "new", "failing"),
    [
        pytest.param(
            '        request.headers["Authorization"] = self._value\n',
            "        pass\n",
            ["client.json: inherits / ok", "test_client.py::test_inherits_answered"],
            id="no bearer token",
        ),
        pytest.param(
            "        super().__init__(lambda: httpx.BasicAuth(username, password))",
            "        super().__init__(lambda: _Auth())",
            ["client.json: own_basic / ok"],
            id="no basic credentials",
        ),
        pytest.param(
            "        if call.auth is False:",
            "        if False:",
            ["public.json: public.open / ok"],
            id="the default scheme on a noauth request",
        ),
        pytest.param(
            '        if self.location == "query":',
            "        if False:",
            ["client.json: key_in_query / ok"],
            id="the query key sent as a header",
        ),
        pytest.param(
            '        self._value = f"{prefix} {token}" if prefix else token',
            '        self._value = f"Bearer {token}"',
            ["client.json: prefixed / ok"],
            id="an access token after Bearer, not its prefix",
        ),
        pytest.param(
            '                value = f"{self.prefix} {self._token}"',
            '                value = f"Bearer {self._token}"',
            ["client.json: issued / ok"],
            id="an issued token after Bearer, not its prefix",
        ),
        pytest.param(
            '                body["data"] = {k: [t for j, t in pairs if j == k] for k, _ in pairs}',
            '                body["data"] = {}',
            ["client.json: form / ok"],
            id="an empty urlencoded form",
        ),
        pytest.param(
            "            if call.multipart or call.files:",
            "            if call.files:",
            ["client.json: survey / ok"],
            id="a form-data body without files sent urlencoded",
        ),
        pytest.param(
            "if call.multipart or call.files:",
            "if True:",
            ["client.json: form / ok"],
            id="an urlencoded body sent multipart",
        ),
        pytest.param(
            "[(key, (None, text)) for key, text in pairs]",
            "[]",
            ["client.json: survey / ok", "client.json: upload / ok"],
            id="multipart without its text parts",
        ),
        pytest.param(
            "    if isinstance(value, tuple):\n        return value\n",
            "    if isinstance(value, tuple):\n        return key, value[1]\n",
            ["client.json: upload / ok"],
            id="a file without its name",
        ),
    ],
)
def test_a_client_sending_other_than_declared_fails_naming_the_example(
    project: Path, tmp_path: Path, old: str, new: str, failing: list[str]
) -> None:
    status, output = pytest_in(broken(project, tmp_path, old, new))
    assert status == 1, output
    for where in failing:  # a case names its data file and key; a script test its name
        assert (
            f"tests/examples/{where}" if ".json" in where else f"FAILED tests/{where}"
        ) in output
