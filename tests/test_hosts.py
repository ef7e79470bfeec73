"""Every request goes to its own host: each host other than the main one is a client
setting of its own (argument, environment variable, default), read when a request first
goes there; a missing or placeholder host fails that request with the setting's name."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from generator.emit.hosts import host_words
from tests.conftest import MypyStrict, request_item, run
from tests.wire import project, wire


def _item(name: str, url: str | dict[str, Any]) -> dict[str, Any]:
    item = request_item(name, url=url)
    item["response"] = [{"name": "ok", "code": 200, "body": '{"ok": true}'}]
    return item


ITEMS = [
    _item("List things", "https://api.example.com/v1/things"),
    _item("Get thing", "https://api.example.com/v1/things/1"),
    _item("Upload file", "https://upload.example.com/files"),
    _item("List feeds", "{{feedsServer}}/feeds"),
    _item("List instances", "https://iaas.{{region}}.cloud.example.com/instances"),
]
VARIABLES = [
    {"key": "feedsServer", "value": "feeds.example.com:8080"},
    {"key": "region", "value": "eu-1"},
]
CALLS = """
from {package} import Client
client = Client(transport=TRANSPORT{arguments})
client.list_things()
client.upload_file()
client.list_feeds()
client.list_instances()
print(json.dumps([sent["url"] for sent in SENT]))
"""


@pytest.fixture(scope="module")
def hosts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    return project(tmp_path_factory.mktemp("hosts"), *ITEMS, variable=VARIABLES)


def test_each_request_goes_to_its_host(hosts: tuple[Path, str, dict[str, str]]) -> None:
    out, package, _ = hosts
    sent = wire(out, CALLS.format(package=package, arguments=""))
    assert sent == [
        "https://api.example.com/v1/things",
        "https://upload.example.com/files",
        "http://feeds.example.com:8080/feeds",  # no scheme in the value: Postman's http
        "https://iaas.eu-1.cloud.example.com/instances",
    ]


def test_each_host_is_a_setting_of_its_own(hosts: tuple[Path, str, dict[str, str]]) -> None:
    out, package, files = hosts
    client = files[f"{package}/_client.py"]
    for argument in (
        "upload_base_url",
        "feeds_server",
        "iaas_cloud_base_url",
        "region",
        "base_url",
    ):
        assert f"{argument}: str | None = None," in client
    arguments = (
        ", base_url='http://main.test', upload_base_url='http://upload.test/u',"
        " feeds_server='https://feeds.test'"
    )
    sent = wire(out, CALLS.format(package=package, arguments=arguments))
    assert sent == [
        "http://main.test/v1/things",
        "http://upload.test/u/files",
        "https://feeds.test/feeds",
        "https://iaas.eu-1.cloud.example.com/instances",
    ]
    env = {f"{package.upper()}_REGION": "us-2", f"{package.upper()}_UPLOAD_BASE_URL": "http://u"}
    sent = wire(out, CALLS.format(package=package, arguments=""), env)
    assert sent[1] == "http://u/files"
    assert sent[3] == "https://iaas.us-2.cloud.example.com/instances"


def test_the_generated_project_with_several_hosts_passes_its_checks(
    hosts: tuple[Path, str, dict[str, str]], mypy_strict: MypyStrict
) -> None:
    out, package, _ = hosts
    tests = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], out)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    mypy = run([*mypy_strict(), package], out)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


MISSING = """
from {package} import Client
from {package}.errors import ApiError
client = Client(transport=TRANSPORT)  # no error yet: nothing was sent
try:
    client.{method}()
except ApiError as error:
    print(json.dumps([str(error), len(SENT)]))
"""


@pytest.mark.parametrize(
    ("url", "variables", "setting"),
    [
        ("{{host}}/things", [], "host"),
        ("{{host}}/things", [{"key": "host", "value": "https://{ApiEndpoint}"}], "host"),
        ("https://{{tenant}}.example.com/things", [], "tenant"),
        ("https://{ApiEndpoint}/things", [], "base_url"),
    ],
)
def test_a_missing_or_placeholder_host_fails_the_first_call_naming_its_setting(
    tmp_path: Path, url: str, variables: list[dict[str, str]], setting: str
) -> None:
    out, package, _ = project(tmp_path, _item("Things", url), variable=variables)
    message, sent = wire(out, MISSING.format(package=package, method="things"))
    assert sent == 0
    assert setting in message and f"{package.upper()}_" in message, message


def test_a_missing_other_host_fails_only_the_requests_that_go_there(tmp_path: Path) -> None:
    items = [_item("Things", "https://api.example.com/things"), _item("Feeds", "{{feeds}}/x")]
    out, package, _ = project(tmp_path, *items)
    code = MISSING.format(package=package, method="feeds").replace("try:", "client.things()\ntry:")
    message, sent = wire(out, code)
    assert sent == 1 and "feeds" in message and f"{package.upper()}_FEEDS" in message


@pytest.mark.parametrize(
    ("host", "main", "words"),
    [
        ("upload.box.com", "https://api.box.com/2.0", "upload"),
        ("files.stripe.com", "https://api.stripe.com", "files"),
        ("login.microsoftonline.com", "https://graph.microsoft.com", "login_microsoftonline"),
        ("www.uuidgenerator.net", "{{host}}", "uuidgenerator"),
        (
            "database.{{region}}.oraclecloud.com",
            "https://iaas.{{region}}.oraclecloud.com",
            "database",
        ),
        ("{{url}}{{site}}", "{{endpoint}}", "url_site"),
        ("localhost:5000", "https://graph.microsoft.com", "localhost"),
    ],
)
def test_a_host_setting_is_named_after_what_tells_it_from_the_main_host(
    host: str, main: str, words: str
) -> None:
    assert host_words(host, main) == words
