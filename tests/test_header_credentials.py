"""Credentials written as request headers are client credentials: ``Authorization: Bearer
{{token}}``, ``x-api-key: {{key}}`` become a scheme of the client, read from its settings,
shared by every request that sends them; an auth of the request's own wins, as in Postman."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

from generator.generate import generate
from tests.conftest import MypyStrict, collection_doc, request_item, run
from tests.wire import project, wire


def _item(name: str, headers: dict[str, str], **request: Any) -> dict[str, Any]:
    header = [{"key": key, "value": value} for key, value in headers.items()]
    item = request_item(name, url=f"https://api.example.com/{name.lower()}", header=header)
    item["request"].update(request)
    item["response"] = [{"name": "ok", "code": 200, "body": '{"ok": true}'}]
    return item


CALL = """
from {package} import Client
client = Client(transport=TRANSPORT{arguments})
{calls}
print(json.dumps([sent["headers"] for sent in SENT]))
"""


CALLERS_CLIENT = "httpx.Client(transport=TRANSPORT, auth=httpx.BasicAuth('a', 'b'))"


def _sent(out: Path, package: str, calls: str, arguments: str = "") -> list[dict[str, str]]:
    code = CALL.format(package=package, arguments=arguments, calls=calls)
    sent: list[dict[str, str]] = wire(out, code)
    return sent


def test_a_bearer_header_is_the_clients_bearer_scheme(tmp_path: Path) -> None:
    items = [
        _item("One", {"Authorization": "Bearer {{accessToken}}"}),
        _item("Two", {"Authorization": "bearer {{accessToken}} "}),
        _item("Open", {}),
    ]
    out, package, files = project(tmp_path, *items)
    client = files[f"{package}/_client.py"]
    assert "access_token: str | None = None," in client and "BearerAuth(access_token)" in client
    assert "authorization: str" not in client  # no method takes the header as an argument
    calls = "client.one()\nclient.two()\nclient.open()"
    one, two, open_ = _sent(out, package, calls, ", access_token='t0k'")
    assert one["authorization"] == two["authorization"] == "Bearer t0k"
    assert "authorization" not in open_  # a request that sends no such header sends none


def test_api_key_headers_are_sent_together_from_their_settings(tmp_path: Path) -> None:
    items = [_item("Entries", {"api_key": "{{stackKey}}", "authorization": "{{managementToken}}"})]
    out, package, files = project(tmp_path, *items)
    assert "HeaderAuth(" in files[f"{package}/_client.py"]
    env = {f"{package.upper()}_STACK_KEY": "k1"}
    code = CALL.format(
        package=package, arguments=", management_token='m1'", calls="client.entries()"
    )
    (sent,) = wire(out, code, env)
    assert sent["api_key"] == "k1" and sent["authorization"] == "m1"


def test_a_scheme_word_other_than_bearer_is_kept(tmp_path: Path) -> None:
    out, package, _ = project(tmp_path, _item("Apps", {"Authorization": "SSWS {{apiKey}}"}))
    (sent,) = _sent(out, package, "client.apps()", ", api_key='abc'")
    assert sent["authorization"] == "SSWS abc"


def test_the_requests_own_auth_wins_over_a_credential_header(tmp_path: Path) -> None:
    basic = {
        "type": "basic",
        "basic": [{"key": "username", "value": "{{user}}"}, {"key": "password", "value": "{{pw}}"}],
    }
    item = _item("Jobs", {"Authorization": "Bearer {{jwt}}"}, auth=basic)
    source = tmp_path / "c.json"
    source.write_text(json.dumps(collection_doc(item)), encoding="utf-8")
    result = generate(source, tmp_path / "out")
    assert any("own auth is sent instead" in w.message for w in result.warnings)
    package = next(p for p in result.files if p.endswith("/_client.py")).split("/")[0]
    (sent,) = _sent(tmp_path / "out", package, "client.jobs()", ", user='u', pw='p'")
    assert sent["authorization"] == "Basic " + base64.b64encode(b"u:p").decode()


def test_a_literal_credential_header_is_read_from_the_environment(tmp_path: Path) -> None:
    literal = "Basic cm9vdDpEX1ZheSFfMTAm"
    out, package, files = project(tmp_path, _item("Config", {"Authorization": literal}))
    assert not any("cm9vdDpEX1ZheSFfMTAm" in text for text in files.values())
    env = {f"{package.upper()}_AUTHORIZATION": "dXNlcjpwdw=="}
    code = CALL.format(package=package, arguments="", calls="client.config()")
    (sent,) = wire(out, code, env)
    assert sent["authorization"] == "Basic dXNlcjpwdw=="


def test_noauth_keeps_the_auth_of_the_callers_http_client(tmp_path: Path) -> None:
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]}
    items = [_item("Private", {}), _item("Public", {}, auth={"type": "noauth"})]
    out, package, _ = project(tmp_path, *items, auth=bearer)
    calls = "client.private()\nclient.public()"
    arguments = ", token='t', http_client=" + CALLERS_CLIENT
    private, public = _sent(out, package, calls, arguments)
    assert private["authorization"] == "Bearer t"
    assert public["authorization"] == "Basic " + base64.b64encode(b"a:b").decode()


def test_an_auth_type_postc_does_not_generate_has_a_readme_recipe(tmp_path: Path) -> None:
    oauth1 = {"type": "oauth1", "oauth1": [{"key": "consumerKey", "value": "{{ck}}"}]}
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]}
    items = [_item("Signed", {}, auth=oauth1), _item("Plain", {})]
    out, package, files = project(tmp_path, *items, auth=bearer)
    readme = files["README.md"]
    assert "OAuth1Auth" in readme and "authlib" in readme
    calls = "client.signed()\nclient.plain()"
    arguments = ", token='t', http_client=" + CALLERS_CLIENT
    signed, plain = _sent(out, package, calls, arguments)
    assert signed["authorization"].startswith("Basic ")  # the caller's, not the bearer token
    assert plain["authorization"] == "Bearer t"


def test_a_project_with_header_credentials_passes_its_checks(
    tmp_path: Path, mypy_strict: MypyStrict
) -> None:
    items = [
        _item("One", {"Authorization": "Bearer {{token}}"}),
        _item("Two", {"x-api-key": "{{key}}", "Authorization": "Token {{token}}"}),
        _item("Three", {}, auth={"type": "noauth"}),
    ]
    out, package, _ = project(tmp_path, *items)
    tests = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], out)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    mypy = run([*mypy_strict(), package], out)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
