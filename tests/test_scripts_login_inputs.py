"""The login's inputs become client settings, and its answer the credential, whatever the
request is made of: a JSON body with nested ``{{variables}}`` and a literal credential
(never copied), a raw text body sent with the login's own credential header, a token read
from a response header or from a body that is one JSON string; a login the client cannot
call (a file to upload) stays the caller's to make. Each generated client is called for
real through a recording transport (``tests/wire.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.generate import generate
from tests.conftest import collection_doc, request_item
from tests.wire import project, wire

LITERAL_PASSWORD = "literal-pass-8472"


def _login(script: list[str], **request: Any) -> dict[str, Any]:
    item = request_item("Log in", method="POST", url="https://api.example.com/session", **request)
    item["event"] = [{"listen": "test", "script": {"exec": script}}]
    return item


def _things(**request: Any) -> dict[str, Any]:
    return request_item("Things", url="https://api.example.com/things", **request)


def _calls(out: Path, package: str, code: str, env: dict[str, str] | None = None) -> Any:
    return wire(out, f"from {package} import Client\n{code}", env)


def test_a_json_body_login_fills_its_variables_and_never_copies_a_literal_credential(
    tmp_path: Path,
) -> None:
    """Contentstack: ``{"user": {"email": "{{email}}", "password": ...}}``, the token at
    ``user.authtoken``, sent with the stack's API key as two headers."""
    body = {"user": {"email": "{{user_email}}", "password": LITERAL_PASSWORD, "remember": True}}
    login = _login(
        ["pm.environment.set('authtoken', JSON.parse(responseBody).user.authtoken);"],
        body={"mode": "raw", "raw": json.dumps(body)},
        header=[{"key": "Content-Type", "value": "application/json"}],
    )
    credentials = [
        {"key": "api_key", "value": "{{api_key}}"},
        {"key": "authtoken", "value": "{{authtoken}}"},
    ]
    out, package, files = project(tmp_path, login, _things(header=credentials))
    assert all(LITERAL_PASSWORD not in text for text in files.values())
    code = """
ANSWER = httpx.Response(200, json={"user": {"authtoken": "tok-1"}})
client = Client(transport=TRANSPORT, api_key="k", user_email="ann@example.com")
client.things()
print(json.dumps(SENT))
"""
    login_sent, things_sent = _calls(out, package, code, {f"{package.upper()}_PASSWORD": "pw"})
    assert json.loads(login_sent["body"]) == {
        "user": {"email": "ann@example.com", "password": "pw", "remember": True}
    }
    assert "authtoken" not in login_sent["headers"]
    assert things_sent["headers"]["authtoken"] == "tok-1"
    assert things_sent["headers"]["api_key"] == "k"


def test_a_raw_body_login_sends_its_own_credential_header(tmp_path: Path) -> None:
    """Sabre: ``grant_type=client_credentials`` as raw text, ``Authorization: Basic
    {{secret}}`` on the login only, the token set under a status guard."""
    login = _login(
        [
            "if (pm.response.code == 200) {",
            "  const response = pm.response.json();",
            "  if (response.access_token) {",
            "    pm.environment.set('authToken', response.access_token);",
            "  }",
            "}",
        ],
        auth={"type": "noauth"},
        body={"mode": "raw", "raw": "grant_type=client_credentials"},
        header=[
            {"key": "Content-Type", "value": "application/x-www-form-urlencoded"},
            {"key": "Authorization", "value": "Basic {{secret}}"},
        ],
    )
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "{{authToken}}"}]}
    out, package, _ = project(tmp_path, login, _things(), auth=bearer)
    code = """
ANSWER = httpx.Response(200, json={"access_token": "tok-2", "token_type": "bearer"})
client = Client(transport=TRANSPORT, secret="czNjcjN0")
client.things()
print(json.dumps(SENT))
"""
    login_sent, things_sent = _calls(out, package, code)
    assert login_sent["body"] == "grant_type=client_credentials"
    assert login_sent["headers"]["authorization"] == "Basic czNjcjN0"
    assert things_sent["headers"]["authorization"] == "Bearer tok-2"


BEARER = {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]}


def test_a_token_in_a_response_header_is_read(tmp_path: Path) -> None:
    """OpenStack answers its token in ``X-Subject-Token``."""
    login = _login(["pm.environment.set('token', pm.response.headers.get('X-Subject-Token'));"])
    out, package, _ = project(tmp_path, login, _things(), auth=BEARER)
    code = """
ANSWER = httpx.Response(201, headers={"X-Subject-Token": "tok-3"}, json={"token": {}})
Client(transport=TRANSPORT).things()
print(json.dumps(SENT))
"""
    assert _calls(out, package, code)[1]["headers"]["authorization"] == "Bearer tok-3"


def test_a_body_that_is_one_json_string_is_the_token(tmp_path: Path) -> None:
    """Xray answers its token as a quoted JSON string."""
    login = _login(["pm.environment.set('token', pm.response.json());"])
    out, package, _ = project(tmp_path, login, _things(), auth=BEARER)
    code = """
ANSWER = httpx.Response(200, json="tok-4")
Client(transport=TRANSPORT).things()
print(json.dumps(SENT))
"""
    assert _calls(out, package, code)[1]["headers"]["authorization"] == "Bearer tok-4"


def test_a_login_the_client_cannot_call_is_left_to_the_caller_with_a_warning(
    tmp_path: Path,
) -> None:
    """A login that uploads a file: the client has no file to give it."""
    login = _login(
        ["pm.environment.set('token', pm.response.json().token);"],
        body={
            "mode": "formdata",
            "formdata": [
                {"key": "account", "type": "text", "value": "{{account_id}}"},
                {"key": "keyfile", "type": "file", "src": "k.pem"},
            ],
        },
    )
    out, package, files = project(tmp_path, login, _things(), auth=BEARER)
    client = files[f"{package}/_client.py"]
    assert "given_or_login" not in client
    assert "account_id" not in client  # no setting made for a login that is not wired
    code = """
try:
    Client(transport=TRANSPORT)
except Exception as error:
    print(json.dumps(str(error)))
"""
    assert f"{package.upper()}_TOKEN" in _calls(out, package, code)


def test_a_credential_value_of_the_collection_sent_literally_is_never_copied(
    tmp_path: Path,
) -> None:
    """The login's body spells out the value of a secret variable under a plain key."""
    value = "s3cr3t-value-6621"
    login = _login(
        ["pm.environment.set('token', pm.response.json().token);"],
        body={"mode": "raw", "raw": json.dumps({"client": value, "mode": "pin"})},
        header=[{"key": "Content-Type", "value": "application/json"}],
    )
    variables = [{"key": "api_secret", "value": value}]
    out, package, files = project(tmp_path, login, _things(), auth=BEARER, variable=variables)
    assert all(value not in text for text in files.values())
    code = """
ANSWER = httpx.Response(200, json={"token": "tok-5"})
Client(transport=TRANSPORT, client="from-caller").things()
print(json.dumps(SENT))
"""
    login_sent, things_sent = _calls(out, package, code)
    assert json.loads(login_sent["body"]) == {"client": "from-caller", "mode": "pin"}
    assert things_sent["headers"]["authorization"] == "Bearer tok-5"


def test_a_login_body_nested_hundreds_deep_is_left_to_the_caller(tmp_path: Path) -> None:
    """No recursion error (an internal error, exit 70) on a hostile collection; no nesting
    deeper than Python parses in the client either."""
    body = "[" * 900 + '"{{user}}"' + "]" * 900  # as deep as the loader parses
    login = _login(
        ["pm.environment.set('token', pm.response.json().token);"],
        body={"mode": "raw", "raw": body},
        header=[{"key": "Content-Type", "value": "application/json"}],
    )
    _, package, files = project(tmp_path, login, _things(), auth=BEARER)
    assert "given_or_login" not in files[f"{package}/_client.py"]


def test_a_pre_request_login_is_a_warning_naming_what_the_caller_sets(tmp_path: Path) -> None:
    """PayPal: the collection's pre-request script fetches the token with pm.sendRequest."""
    script = [
        "pm.sendRequest({url: pm.environment.get('tokenUrl'), method: 'POST'}, (e, res) => {",
        "  pm.environment.set('token', res.json().access_token);",
        "});",
    ]
    event = [{"listen": "prerequest", "script": {"exec": script}}]
    source = tmp_path / "collection.json"
    doc = collection_doc(_things(), auth=BEARER, event=event)
    source.write_text(json.dumps(doc), encoding="utf-8")
    warnings = [w.message for w in generate(source, tmp_path / "out").warnings]
    assert any(
        w.startswith("a login in a pre-request script is not followed") and "TEST_API_TOKEN" in w
        for w in warnings
    ), warnings


def test_a_setting_named_like_the_runtime_function_does_not_shadow_it(tmp_path: Path) -> None:
    """A collection variable called ``given_or_login``: its constructor argument would hide
    the function the client's auth is made with."""
    login = _login(
        ["pm.environment.set('token', pm.response.json().token);"],
        body={"mode": "urlencoded", "urlencoded": [{"key": "k", "value": "{{given_or_login}}"}]},
    )
    out, package, _ = project(tmp_path, login, _things(), auth=BEARER)
    code = """
ANSWER = httpx.Response(200, json={"token": "tok-6"})
Client(transport=TRANSPORT, given_or_login_2="v").things()
print(json.dumps(SENT))
"""
    login_sent, things_sent = _calls(out, package, code)
    assert login_sent["body"] == "k=v" and things_sent["headers"]["authorization"] == "Bearer tok-6"


def test_a_login_body_with_a_number_json_cannot_send_is_left_to_the_caller(
    tmp_path: Path,
) -> None:
    """``1e999`` reads as infinity, which a generated ``inf`` would not even name."""
    login = _login(
        ["pm.environment.set('token', pm.response.json().token);"],
        body={"mode": "raw", "raw": '{"user": "{{user}}", "limit": 1e999}'},
        header=[{"key": "Content-Type", "value": "application/json"}],
    )
    _, package, files = project(tmp_path, login, _things(), auth=BEARER)
    assert "given_or_login" not in files[f"{package}/_client.py"]


def test_a_login_body_keyed_by_a_credential_is_left_to_the_caller(tmp_path: Path) -> None:
    """A key is written as it is: one that holds a credential value of the collection
    would be copied into the client. (The request model and the generated test of the
    login copy such a key today, outside this rule: reported.)"""
    value = "s3cr3t-key-0931"
    login = _login(
        ["pm.environment.set('token', pm.response.json().token);"],
        body={"mode": "raw", "raw": json.dumps({"keys": {value: "{{user}}"}})},
        header=[{"key": "Content-Type", "value": "application/json"}],
    )
    variables = [{"key": "api_secret", "value": value}]
    _, package, files = project(tmp_path, login, _things(), auth=BEARER, variable=variables)
    assert value not in files[f"{package}/_client.py"]
