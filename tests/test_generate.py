"""``postc generate`` end to end: the generated project installs nothing new, passes its own
tests, ``mypy --strict``, black and ruff, and never contains a secret from the collection."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.generate import generate
from tests.conftest import MypyStrict, RunPostc, collection_doc, request_item, run

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "collections" / "zoho-crm-bulk-write.postman_collection.json"
COMMITTED = REPO / "generated" / "zoho_crm_bulk_write"
BIN = Path(sys.executable).parent


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and ".pytest_cache" not in path.parts
    }


@pytest.fixture(scope="module")
def zoho(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("zoho")
    generate(BUNDLED, output)
    return output


def test_generated_is_up_to_date(zoho: Path) -> None:
    """`generated/` is what postc makes of `collections/` today: regenerate and commit if not."""
    assert tree(zoho) == tree(COMMITTED)


def test_generation_is_deterministic(zoho: Path, tmp_path: Path) -> None:
    generate(BUNDLED, tmp_path)
    assert tree(tmp_path) == tree(zoho)


def test_the_generated_tests_pass(zoho: Path) -> None:
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], zoho)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout


def test_a_client_loads_a_resource_module_on_first_use(zoho: Path) -> None:
    """Importing and constructing a client of thousands of requests stays fast: a folder's
    module is imported, and the httpx client built, only when first used."""
    code = (
        "import sys\n"
        "from zoho_crm_bulk_write import AsyncClient, Client\n"
        "client = Client(access_token='t')\n"
        "AsyncClient(access_token='t')\n"
        "resources = 'zoho_crm_bulk_write.resources.bulk_write'\n"
        "assert resources not in sys.modules, 'imported with the client'\n"
        "assert client._http_client is None, 'httpx client built with the client'\n"
        "assert client.bulk_write is client.bulk_write\n"
        "assert resources in sys.modules\n"
        "print(type(client.bulk_write).__name__)\n"
        "import zoho_crm_bulk_write as package\n"
        "print(package.models.JobDetails.__name__, package.errors.ApiError.__name__)\n"
    )
    result = run([sys.executable, "-c", code], zoho)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["BulkWrite", "JobDetails", "ApiError"]


def test_the_generated_package_is_mypy_strict_clean(zoho: Path, mypy_strict: MypyStrict) -> None:
    result = run([*mypy_strict(), "zoho_crm_bulk_write", "tests"], zoho)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_generated_code_is_black_and_ruff_clean(zoho: Path) -> None:
    black = run([str(BIN / "black"), "--check", "--quiet", "."], zoho)
    assert black.returncode == 0, black.stderr
    ruff = run([str(BIN / "ruff"), "check", "--no-cache", "."], zoho)  # its own pyproject
    assert ruff.returncode == 0, ruff.stdout


def test_secrets_never_reach_the_output(tmp_path: Path, run_postc: RunPostc) -> None:
    secret_token = "s3cr3t-T0KEN-value"
    item = request_item(
        "Get",
        url="{{baseUrl}}/things",
        header=[{"key": "X-Api-Key", "value": "hdr-SECRET-1"}],
        # in HTML, a credential may be spelled with character references
        description="<p>Use s3cr3t&#45;T0KEN&#x2d;value or pw-SECRET-3.</p>",
    )
    item["response"] = [
        {
            "name": "ok",
            "code": 200,
            "body": '{"id": 1}',
            "header": [{"key": "Authorization", "value": "Bearer resp-SECRET-2"}],
        }
    ]
    doc: dict[str, Any] = collection_doc(
        item,
        auth={"type": "bearer", "bearer": [{"key": "token", "value": secret_token}]},
        variable=[
            {"key": "baseUrl", "value": "https://api.example.com"},
            {"key": "password", "value": "pw-SECRET-3"},
            {"key": "clientSecret", "value": "cs-SECRET-4", "type": "secret"},
        ],
    )
    source = tmp_path / "c.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    status, _, err = run_postc("generate", source, "-o", tmp_path / "out")
    assert status == 0, err
    assert "literal token was not copied" in err
    for path, content in tree(tmp_path / "out").items():
        for secret in (secret_token, "hdr-SECRET-1", "pw-SECRET-3", "cs-SECRET-4"):
            assert secret.encode() not in content, (path, secret)


def generated(tmp_path: Path, item: dict[str, Any]) -> tuple[Path, dict[str, str], str]:
    """The project of a one-request collection: its directory, its files, its ``_client.py``."""
    source = tmp_path / "c.json"
    source.write_text(json.dumps(collection_doc(item)), encoding="utf-8")
    out = tmp_path / "out"
    files = generate(source, out).files
    client = next(text for path, text in files.items() if path.endswith("/_client.py"))
    return out, files, client


def assert_its_tests_pass(out: Path) -> None:
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_html_in_descriptions_reaches_docstrings_as_plain_text(tmp_path: Path) -> None:
    item = request_item(
        "Update product",
        method="PATCH",
        url="https://api.example.com/products/:id",
        description="Patch these:<table><tr><th>Field</th><th>Ops</th></tr>"
        "<tr><td><code>name</code></td><td>replace</td></tr></table>"
        '<p>See <a href="https://example.com/docs">the docs</a> &amp; more.</p>',
    )
    item["request"]["url"] = {
        "raw": "https://api.example.com/products/:id",
        "host": ["api", "example", "com"],
        "path": ["products", ":id"],
        "variable": [{"key": "id", "value": "7", "description": "The <b>product</b> id."}],
    }
    _, _, client = generated(tmp_path, item)
    assert '"""Patch these:\n\n        Field | Ops\n        `name` | replace\n\n' in client
    assert "See the docs (https://example.com/docs) & more." in client
    assert "id: The product id." in client


def test_indexed_query_keys_are_one_list_parameter(tmp_path: Path, mypy_strict: MypyStrict) -> None:
    """``expand[0]``, ``expand[1]`` (Stripe's style) are one ``expand: list[str]``, sent with
    the indexes; the generated tests call it with the collection's items and pass."""
    item = request_item(
        "List charges",
        url={
            "raw": "https://api.example.com/v1/charges?limit=3&expand[1]=b.c&expand[0]=a",
            "host": ["api", "example", "com"],
            "path": ["v1", "charges"],
            "query": [
                {"key": "limit", "value": "3"},
                {"key": "expand[1]", "value": "b.c"},
                {"key": "expand[0]", "value": "a", "description": "Fields to expand."},
            ],
        },
    )
    item["response"] = [{"name": "ok", "code": 200, "body": '{"data": []}'}]
    out, files, client = generated(tmp_path, item)
    assert "expand: list[str] | None = None," in client
    assert 'query={"limit": limit, **indexed("expand", expand)},' in client
    assert "expand: Fields to expand." in client
    data = next(text for path, text in files.items() if path.startswith("tests/examples/"))
    (case,) = json.loads(data).values()
    assert case["arguments"]["expand"] == ["a", "b.c"]
    assert ["expand[1]", "b.c"] in case["sent"]["query"]
    assert_its_tests_pass(out)
    package = next(path.parent.name for path in out.glob("*/_client.py"))
    checked = run([*mypy_strict(), package, "tests"], out)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize(
    ("url", "argument"),
    [
        ("{{base_url}}/api/{{version}}/", "base_url: str | None = None,"),
        (
            {
                "raw": "https://{{base_url}}/api/{{version}}/",
                "protocol": "https",
                "host": ["{{base_url}}"],
                "path": ["api", "{{version}}", ""],
            },
            "host: str | None = None,",
        ),
    ],
)
def test_a_base_url_variable_without_a_value_is_the_tests_mock_server(
    tmp_path: Path, url: str | dict[str, Any], argument: str
) -> None:
    """``{{base_url}}`` with no value anywhere is the ``base_url`` argument, which the
    generated tests set once (it was passed twice: a SyntaxError in conftest.py); when it
    is the host only (``https://{{base_url}}``), it is the ``host`` argument, and
    ``base_url`` stays the whole URL, which the tests point at their mock server."""
    item = request_item("Root", url=url)
    item["response"] = [{"name": "ok", "code": 200, "body": '{"ok": true}'}]
    out, _, client = generated(tmp_path, item)
    assert argument in client
    assert_its_tests_pass(out)


def test_bad_input_writes_nothing(tmp_path: Path, run_postc: RunPostc) -> None:
    source = tmp_path / "bad.json"
    source.write_text(
        '{"info": {"name": "x"}, "item": [{"request": {"url": 3}}]}', encoding="utf-8"
    )
    status, _, err = run_postc("generate", source, "-o", tmp_path / "out")
    assert status == 2 and "item[0].request.url" in err
    assert not (tmp_path / "out").exists()


def test_a_broken_json_example_with_credentials_still_generates(tmp_path: Path) -> None:
    """Credentials are redacted from test bodies; a body labelled JSON that is not JSON is text."""
    item = request_item("Get", url="https://api.example.com/things")
    item["response"] = [
        {
            "name": "broken",
            "code": 200,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": "{not json, token s3cr3t-T0KEN-value",
        }
    ]
    doc = collection_doc(
        item, auth={"type": "bearer", "bearer": [{"key": "token", "value": "s3cr3t-T0KEN-value"}]}
    )
    source = tmp_path / "c.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    generate(source, tmp_path / "out")
    texts = tree(tmp_path / "out")
    assert not any(b"s3cr3t-T0KEN-value" in content for content in texts.values())
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_big_saved_body_is_data_beside_the_tests(tmp_path: Path) -> None:
    """A saved body, however big, is kept whole in the module's data file, not in Python."""
    rows = [{"id": index, "name": f"item {index}", "tags": ["a", "b"]} for index in range(2000)]
    body = json.dumps(rows)
    example = {
        "name": "all",
        "code": 200,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": body,
    }
    item = request_item("List items", url="https://x.test/items")
    source = tmp_path / "c.json"
    source.write_text(json.dumps(collection_doc({**item, "response": [example]})), "utf-8")
    result = generate(source, tmp_path / "out")
    stored = [path for path in result.files if path.startswith("tests/examples/")]
    assert stored == ["tests/examples/client.json"]
    cases = json.loads((tmp_path / "out" / stored[0]).read_text("utf-8"))
    assert cases["list_items / all"]["json"] == rows
    module = (tmp_path / "out" / "tests" / "test_client.py").read_text("utf-8")
    assert len(module) < 2000 and '"item 1999"' not in module
    assert run([sys.executable, "-m", "pytest", "-q"], tmp_path / "out").returncode == 0


def test_the_tolerant_default_is_documented_where_there_are_models(tmp_path: Path) -> None:
    """The README and the Client docstring say what a response unlike the examples does,
    and that ``strict=True`` refuses it; a package without models says nothing of it."""
    example = {"name": "one", "code": 200, "body": '{"id": 1}'}
    example["header"] = [{"key": "Content-Type", "value": "application/json"}]
    with_models = request_item("Get thing", url="https://x.test/things/1")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, files, client = generated(tmp_path / "a", {**with_models, "response": [example]})
    assert "## Responses that differ from the examples" in files["README.md"]
    assert "errors.ResponseShapeWarning" in files["README.md"]
    assert "``strict=True`` raises" in client and "strict: bool = False" in client
    _, files, client = generated(tmp_path / "b", request_item("Get thing", url="https://x.test/t"))
    assert "differ from the examples" not in files["README.md"]
    assert "strict=True" not in client
