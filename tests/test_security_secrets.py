"""Credentials of a collection never reach a generated file; postc says where it found them.

tests/fixtures/secrets.postman_collection.json carries every kind (all values contain
``SECRETVAL``): auth attributes (bearer, basic, apikey, oauth2) on the collection and on
requests, variables typed ``secret`` or named like tokens, keys, passwords and secrets,
literal ``Authorization`` / API-key / cookie headers, secret-looking query parameters, and
the same in a saved example's original request. An environment file adds its own.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import V21
from tests.fixtures.helpers import files_under, fixture_text, postc, start

MARK = "SECRETVAL"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("secrets")
    collection = work / "collection.json"
    collection.write_text(fixture_text("secrets"), encoding="utf-8")
    environment = work / "environment.json"
    environment.write_text(
        json.dumps(
            {
                "name": "Env",
                "values": [
                    {"key": "typed_secret", "value": "SECRETVAL-env-30", "type": "secret"},
                    {"key": "refresh_token", "value": "SECRETVAL-env-31"},
                    {"key": "token", "value": "SECRETVAL-env-32", "enabled": True},
                ],
            }
        ),
        encoding="utf-8",
    )
    status, _, stderr = postc("generate", collection, "-o", work / "out", "--env", environment)
    assert status == 0, stderr
    return work / "out", stderr


def test_no_secret_value_in_any_generated_file(generated: tuple[Path, str]) -> None:
    root, _ = generated
    files = files_under(root)
    assert any(p.name == ".postc-manifest.json" for p in files)
    assert any(p.name == "README.md" for p in files)
    leaked = {
        str(p.relative_to(root)): [
            line for line in p.read_text("utf-8").splitlines() if MARK in line
        ]
        for p in files
        if MARK.encode() in p.read_bytes()
    }
    assert leaked == {}


@pytest.mark.parametrize(
    "where",
    [
        "auth.bearer: a literal token",  # the collection's auth
        "header 'Authorization' holds a credential",
        "header 'X-API-Key' holds a credential",
        "header 'Cookie' holds a credential",
        "query parameter 'api_key' holds a credential",
        "query parameter 'access_token' holds a credential",
    ],
)
def test_a_warning_names_each_place_and_the_variable_read_instead(
    generated: tuple[Path, str], where: str
) -> None:
    _, stderr = generated
    lines = [line for line in stderr.splitlines() if where in line]
    assert lines, stderr
    assert all(("SECRETS_API_" in line or "takes it as" in line) for line in lines), lines
    assert not [line for line in lines if MARK in line]


def test_the_credential_is_read_from_the_environment(generated: tuple[Path, str]) -> None:
    root, _ = generated
    client = (root / "secrets_api" / "_client.py").read_text("utf-8")
    assert '"SECRETS_API_TOKEN"' in client
    readme = (root / "README.md").read_text("utf-8")
    assert "SECRETS_API_TOKEN" in readme and "(credential, no default)" in readme


def test_the_generated_tests_still_pass(generated: tuple[Path, str]) -> None:
    root, _ = generated
    run = start([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root)
    output, _ = run.communicate(timeout=120)
    assert run.returncode == 0, output


@pytest.mark.parametrize(
    "auth",
    [
        {"type": "basic", "basic": {"username": "SECRETVAL-u-40", "password": "SECRETVAL-p-41"}},
        {"type": "digest", "digest": [{"key": "password", "value": "SECRETVAL-d-42"}]},
        {"type": "apikey", "apikey": [{"key": "value", "value": "SECRETVAL-k-43"},
                                      {"key": "in", "value": "query"}]},
        {"type": "oauth2", "oauth2": [{"key": "accessToken", "value": "SECRETVAL-o-44"},
                                      {"key": "addTokenTo", "value": "queryParams"}]},
    ],
)  # fmt: skip
def test_every_auth_kind_is_kept_out(tmp_path: Path, auth: dict[str, object]) -> None:
    doc = json.loads(fixture_text("secrets"))
    doc["auth"] = auth
    collection = tmp_path / "collection.json"
    collection.write_text(json.dumps(doc), encoding="utf-8")
    status, _, stderr = postc("generate", collection, "-o", tmp_path / "out")
    assert status == 0, stderr
    assert not [p for p in files_under(tmp_path / "out") if MARK.encode() in p.read_bytes()]
    assert "was not copied into the client" in stderr


ECHOED = "SECRETVAL-echo-45"


def echoing_collection(token: str) -> dict[str, object]:
    """A collection authenticating with ``token`` whose responses echo it often enough for
    it to be a known case of an open enum."""
    examples = [
        {
            "name": f"ok {index}",
            "code": 200,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": json.dumps({"id": index, "kind": kind}),
        }
        for index, kind in enumerate([token, "user", token, "user", token, "admin"] * 2)
    ]
    item = {"name": "Me", "request": {"method": "GET", "url": "https://x.test/me"}}
    return {
        "info": {"name": "Echo", "schema": V21},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": token}]},
        "item": [{**item, "response": examples}],
    }


def test_a_response_echoing_a_credential_keeps_it_out_of_the_models(tmp_path: Path) -> None:
    """... and out of every generated file (the models' ``Literal``, ``openapi.json``)."""
    collection = tmp_path / "collection.json"
    collection.write_text(json.dumps(echoing_collection(ECHOED)), encoding="utf-8")
    status, _, stderr = postc("generate", collection, "-o", tmp_path / "out")
    assert status == 0, stderr
    leaking = [p.name for p in files_under(tmp_path / "out") if ECHOED.encode() in p.read_bytes()]
    assert leaking == []
    model = next((tmp_path / "out").rglob("models/me.py")).read_text("utf-8")
    assert "Literal[" in model  # the cases are there, the credential is not


@pytest.mark.parametrize("command", ["schema", "openapi"])
def test_documents_of_the_models_keep_an_echoed_credential_out(
    tmp_path: Path, command: str
) -> None:
    collection = tmp_path / "collection.json"
    collection.write_text(json.dumps(echoing_collection(ECHOED)), encoding="utf-8")
    status, document, stderr = postc(command, collection)
    assert status == 0, stderr
    assert '"user"' in document  # the other cases are written
    assert ECHOED not in document
