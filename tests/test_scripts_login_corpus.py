"""The corpus: which collections get a credential source (the measure of issue 17, part 3),
and two clients generated from corpus collections the rules were not tuned on, logging in
against a real loopback server: Autodesk's form login feeding ``Authorization: Bearer``
headers, and Contentstack's JSON login feeding an ``authtoken`` header."""

from __future__ import annotations

import importlib
import json
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pytest

from generator.generate import generate
from generator.ir import Collection
from generator.loader import load_file
from generator.scripts.analyze import endpoint_scripts
from generator.scripts.login import credential_source
from tests.conftest import CORPUS, JsonHandler, loopback

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is missing")

DA4I = "Autodesk-Forge__forge-tutorial-postman__DA4Inventor_Tutorial.postman_collection.json"
CMA = "contentstack__contentstack-postman-collections__cma-collection.json"

# file -> (login request, credential variable), in collection order; checked by hand against
# docs/scripts.md, "Login requests" (and ../shared/research/scripts.md, section 2.4)
EXPECTED = {
    DA4I: [("item[0].item[0]", "dasApiToken")],
    "SabreDevStudio__postman-collections__DC_Stateless_Services_Beta.postman_collection.json": [
        ("item[0].item[0]", "authToken")
    ],
    "Xray-App__xray-postman-collections__Xray_Cloud_GraphQL_API.postman_collection.json": [
        ("item[0].item[0].item[0]", "AUTH_TOKEN")
    ],
    "box__box-postman__Box_Platform_API_(Legacy).postman_collection.json": [
        ("item[0].item[2]", "access_token")
    ],
    "commercetools__commercetools-postman-collection__commercetools_platform_API.json": [
        ("item[0].item[0]", "access_token")
    ],
    "commercetools__commercetools-postman-collection__postman_collection.json": [
        ("item[0].item[0]", "ctp_access_token")
    ],
    CMA: [("item[1].item[0]", "authtoken")],
    "docusign__postman-collections__click-collection.json": [("item[1].item[0]", "accessToken")],
    "forcedotcom__postman-salesforce-apis__Salesforce_API.postman_collection.json": [
        ("item[0].item[0]", "access_token")
    ],
    "microsoftgraph__microsoftgraph-postman-collections__Microsoft_Graph.postman_collection.json": [
        ("item[0].item[18]", "UserAccessToken"),
        ("item[1].item[5]", "AppAccessToken"),
    ],
    "paypal__postman-collections__PayPal_Partner_APIs.json": [
        ("item[2].item[0].item[2]", "seller_access_token")
    ],
    "transferwise__public-api-postman-collection__0._Wise_Platform_API_--_Building_Blocks_(WIP)"
    ".postman_collection.json": [
        ("item[0].item[0]", "client-credentials-token"),
        ("item[1].item[0].item[0].item[1].item[0]", "token"),
    ],
    "transferwise__public-api-postman-collection__Multi-Currency_Account"
    ".postman_collection.json": [
        ("item[0].item[0]", "client-credentials-token"),
        ("item[0].item[2]", "token"),
    ],
    "vmware-archive__vsphere-automation-sdk-rest__VMware_Cloud_on_AWS_APIs"
    ".postman_collection.json": [("item[0].item[0]", "access_token")],
}


def _collections() -> Iterator[tuple[str, Collection]]:
    for path in sorted(CORPUS.glob("*.json")):
        try:
            loaded = load_file(path)
        except Exception:  # a v1 collection, which postc does not read
            continue
        if isinstance(loaded, Collection):
            yield path.name, loaded


def test_the_corpus_collections_with_a_credential_source() -> None:
    found = {}
    for name, collection in _collections():
        sources = credential_source(collection, endpoint_scripts(collection)).sources
        if sources:
            found[name] = [(s.endpoint, s.variable) for s in sources]
    assert found == EXPECTED


class Api(JsonHandler):
    """``login_path`` answers ``answer(token)`` with a new token; every other request
    passes when ``credential(headers)`` is a token issued and not revoked, and revokes it
    when ``once`` (the next call with it gets a 401)."""

    login_path: ClassVar[str] = ""
    answer: ClassVar[Callable[[str], Any]]
    credential: ClassVar[Callable[[Any], str | None]]
    once: ClassVar[bool] = False
    issued: ClassVar[list[str]] = []
    revoked: ClassVar[set[str]] = set()
    log: ClassVar[list[tuple[str, str, Any]]] = []
    lock = threading.Lock()

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        path = self.path.split("?")[0]
        with self.lock:
            if path == self.login_path:
                self.log.append((self.command, path, body))
                self.issued.append(f"t{len(self.issued) + 1}")
                self.send_json(200, type(self).answer(self.issued[-1]))
                return
            token = type(self).credential(self.headers)
            self.log.append((self.command, path, token))
            valid = token in self.issued and token not in self.revoked
            if valid and self.once:
                self.revoked.add(str(token))
        self.send_json(200 if valid else 401, {} if valid else {"error": "unauthorized"})



@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    Api.issued, Api.revoked, Api.log, Api.once = [], set(), [], True
    yield from loopback(Api, monkeypatch)


def _client_package(collection: str, out: Path) -> Any:
    package = generate(CORPUS / collection, out).package
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


def test_the_autodesk_client_logs_in_with_its_form_and_again_after_a_401(
    server: str, tmp_path: Path
) -> None:
    package = _client_package(DA4I, tmp_path / "da4i")
    Api.login_path = "/authentication/v1/authenticate"
    Api.answer = lambda token: {"access_token": token, "token_type": "Bearer"}
    Api.credential = lambda headers: (headers["Authorization"] or "").removeprefix("Bearer ")
    client = package.Client(base_url=server, client_id="app", client_secret="s3")
    with client:
        client.extras.list_engines()
        client.extras.list_buckets()
    (login, first), (relogin, second) = Api.log[:2], Api.log[3:5]
    assert parse_qs(login[2]) == {
        "client_id": ["app"],
        "client_secret": ["s3"],
        "grant_type": ["client_credentials"],
        "scope": ["code:all data:write data:read bucket:create bucket:delete bucket:read"],
    }
    assert first == ("GET", "/da/us-east/v3/engines", "t1")
    assert Api.log[2][2] == "t1" and relogin[2] == login[2] and second[2] == "t2"
    assert len(Api.log) == 5


def test_the_contentstack_client_logs_in_with_its_json_body(server: str, tmp_path: Path) -> None:
    package = _client_package(CMA, tmp_path / "cma")
    Api.login_path = "/v3/user-session"
    Api.answer = lambda token: {"notice": "Login Successful.", "user": {"authtoken": token}}
    Api.credential = lambda headers: headers["authtoken"]
    settings = {"user_email": "ann@example.com", "password": "pw", "your_2fa_token": "000000"}
    with package.Client(base_url=server, **settings) as client:
        client.organizations.get_all_organizations()
    login, organizations = Api.log
    assert json.loads(login[2]) == {
        "user": {"email": "ann@example.com", "password": "pw", "tfa_token": "000000"}
    }
    assert organizations == ("GET", "/v3/organizations", "t1")
