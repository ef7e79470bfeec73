"""The generated tests' cases as data: each saved example is a case in
``tests/examples/<module>.json`` that one parametrized test function per kind of outcome
reads (``generator/emit/test_cases.py``, ``templates/project/tests/module.py.j2``); no
generated test module is longer than ``MODULE_LINES``."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.emit.modules import MODULE_LINES
from generator.emit.tests import CASE_FUNCTIONS, served
from generator.generate import generate
from generator.loader import load_collection
from tests.conftest import collection_doc, run
from tests.fixtures.helpers import postc

BASE = "https://api.example.test"
TOKEN = "SECRETVAL-td-7f3a9c"  # a bearer token: never in a generated file


def saved(
    name: str, code: int, body: Any, original: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A saved example (a JSON body unless ``body`` is text)."""
    kind = "text/plain" if isinstance(body, str) else "application/json"
    example: dict[str, Any] = {
        "name": name,
        "code": code,
        "header": [{"key": "Content-Type", "value": kind}],
        "body": body if isinstance(body, str) else json.dumps(body),
    }
    if original is not None:
        example["originalRequest"] = original
    return example


def item(name: str, method: str, path: str, *examples: Any, **request: Any) -> dict[str, Any]:
    return {
        "name": name,
        "request": {"method": method, "url": f"{{{{baseUrl}}}}/{path}", **request},
        "response": list(examples),
    }


def json_body(value: Any) -> dict[str, Any]:
    return {"mode": "raw", "raw": json.dumps(value), "options": {"raw": {"language": "json"}}}


def shop() -> dict[str, Any]:
    """A folder with a case of every kind: parsed into a model (query, path and JSON body
    sent), an error, text, and a request without an example; secrets in its examples."""
    search = {
        "method": "GET",
        "url": {
            "raw": f"{{{{baseUrl}}}}/orders?state=open&note={TOKEN}",
            "host": ["{{baseUrl}}"],
            "path": ["orders"],
            "query": [{"key": "state", "value": "open"}, {"key": "note", "value": TOKEN}],
        },
    }
    orders = [
        item(
            "List orders",
            "GET",
            "orders?state=open",
            # the body's own key order (z before a) is kept in the data file
            saved("open ones", 200, [{"zeta": 1, "alpha": "é", "id": 7}], search),
            saved(f"echo {TOKEN}", 200, [{"zeta": 2, "alpha": TOKEN, "id": 8}], search),
        ),
        item(
            "Get order",
            "GET",
            "orders/:id",
            saved("found", 200, {"id": 7, "state": "open"}),
            saved("missing", 404, {"error": {"code": "not_found"}}),
        ),
        item(
            "Create order",
            "POST",
            "orders",
            saved("created", 201, {"id": 9, "state": "new"}),
            body=json_body({"sku": "A-1", "qty": 2, "note": TOKEN}),
        ),
        item("Ping", "GET", "ping", saved("pong", 200, "pong")),
        # a JSON string: the method returns its text, quotes and all
        item("Today", "GET", "today", saved("today", 200, {}) | {"body": '"2024-01-01"'}),
        item("Forget", "DELETE", "cache"),
    ]
    return collection_doc(
        {"name": "Shop", "item": orders},
        variable=[{"key": "baseUrl", "value": BASE}],
        auth={"type": "bearer", "bearer": [{"key": "token", "value": TOKEN}]},
    )


def project(directory: Path, doc: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "c.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    generate(source, directory / "out")
    return directory / "out"


@pytest.fixture(scope="module")
def shop_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return project(tmp_path_factory.mktemp("shop"), shop())


def pytest_in(out: Path, *args: str) -> tuple[int, str]:
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], out)
    return result.returncode, result.stdout + result.stderr


def cases_of(out: Path, module: str = "shop") -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((out / "tests" / "examples" / f"{module}.json").read_text())
    return loaded


def test_every_example_is_a_case_named_after_it(shop_project: Path) -> None:
    """The cases are keyed ``<request> / <example name>``, in the tests' order; the bodies
    are data, not Python: the test module holds none of them."""
    cases = cases_of(shop_project)
    assert list(cases) == [
        "shop.list_orders / open ones",
        "shop.list_orders / echo REDACTED",
        "shop.get_order / found",
        "shop.get_order / missing",
        "shop.create_order / created",
        "shop.ping / pong",
        "shop.today / today",
        "shop.forget / (no example)",
    ]
    assert {case["expect"] for case in cases.values()} >= {"model", "error", "text", "request"}
    module = (shop_project / "tests" / "test_shop.py").read_text("utf-8")
    assert '"zeta"' not in module and "not_found" not in module


def test_the_generated_tests_pass_and_their_ids_name_the_examples(shop_project: Path) -> None:
    status, output = pytest_in(shop_project, "-vv", "tests/test_shop.py")
    assert status == 0, output
    for key in cases_of(shop_project):
        assert f"[{key}] PASSED" in output, (key, output)
    for function in CASE_FUNCTIONS:
        if function != "returns_none":  # no case of this collection returns None
            assert f"test_{function}[" in output


@pytest.mark.parametrize(
    ("key", "change"),
    [
        ("shop.get_order / found", lambda case: case["sent"].update(path="/elsewhere")),
        ("shop.list_orders / open ones", lambda case: case["arguments"].update(state="shut")),
        ("shop.create_order / created", lambda case: case["sent"]["json"].update(qty=3)),
        ("shop.create_order / created", lambda case: case["arguments"]["body"].update(qty=3)),
        ("shop.get_order / found", lambda case: case["json"].update(id="seven")),  # strict
        ("shop.get_order / missing", lambda case: case.update(error="ConflictError")),
        ("shop.ping / pong", lambda case: case.update(expect="bytes")),
        ("shop.forget / (no example)", lambda case: case["sent"].update(method="GET")),
    ],
)
def test_a_changed_case_fails_its_test_naming_the_example_and_the_file(
    shop_project: Path, tmp_path: Path, key: str, change: Any
) -> None:
    """The tests read the data file: a case changed there (what is sent, parsed, raised or
    returned) fails, and the failure names the example and the file."""
    out = Path(shutil.copytree(shop_project, tmp_path / "out"))  # a copy of its own to edit
    data = out / "tests" / "examples" / "shop.json"
    cases = json.loads(data.read_text("utf-8"))
    change(cases[key])
    data.write_text(json.dumps(cases), encoding="utf-8")
    status, output = pytest_in(out, "tests/test_shop.py")
    assert status == 1, output
    assert f"[{key}]" in output and "1 failed" in output, output
    if cases[key]["expect"] != "error":  # a wrong class fails with the client's own error
        assert f"tests/examples/shop.json: {key}" in output, output


def test_no_secret_reaches_a_data_file(shop_project: Path) -> None:
    """The token is in the examples' query, request body, name and response: the cases
    carry the redacted value consistently (sent and expected alike), and the tests pass."""
    texts = [p.read_bytes() for p in (shop_project / "tests" / "examples").iterdir()]
    assert texts and not any(TOKEN.encode() in text for text in texts)
    every = [p for p in shop_project.rglob("*") if p.is_file()]
    assert not [p for p in every if TOKEN.encode() in p.read_bytes()]
    create = cases_of(shop_project)["shop.create_order / created"]
    assert create["arguments"]["body"] == create["sent"]["json"]
    assert TOKEN not in json.dumps(create)


def test_the_data_files_are_deterministic_and_readable(
    shop_project: Path, tmp_path: Path
) -> None:
    """Byte-identical across runs; two-space indentation, the body's own key order, UTF-8
    text as saved, a final newline."""
    first = (shop_project / "tests" / "examples" / "shop.json").read_bytes()
    second = (project(tmp_path, shop()) / "tests" / "examples" / "shop.json").read_bytes()
    assert first == second
    text = first.decode("utf-8")
    assert text.endswith("}\n") and text.startswith('{\n  "shop.list_orders / open ones": {\n')
    assert text.index('"zeta"') < text.index('"alpha"') and '"alpha": "é"' in text


def test_a_data_file_is_utf_8_even_from_a_lone_surrogate(tmp_path: Path) -> None:
    """A lone surrogate (UTF-8 cannot carry it) in a saved body reaches the data file as
    U+FFFD, as the loader reads it: the file is UTF-8 and the generated test passes."""
    odd = saved("odd", 200, "x\ud800 ok")
    doc = collection_doc(
        item("Odd", "GET", "odd", odd), variable=[{"key": "baseUrl", "value": BASE}]
    )
    out = project(tmp_path, doc)
    text = (out / "tests" / "examples" / "client.json").read_bytes().decode("utf-8")
    assert json.loads(text)["odd / odd"]["text"] == "x\ufffd ok"
    assert pytest_in(out)[0] == 0


def script_item(name: str, count: int) -> dict[str, Any]:
    lines = [
        f'pm.test("check {n}", function () {{ pm.expect(pm.response.json().id).to.eql(1); }});'
        for n in range(count)
    ]
    return {
        "name": name,
        "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": lines}}],
        "request": {"method": "GET", "url": f"{{{{baseUrl}}}}/{name.lower()}"},
        "response": [saved("ok", 200, {"id": 1})],
    }


def test_no_test_module_passes_the_cap_and_a_new_test_moves_only_the_last(
    tmp_path: Path,
) -> None:
    """Script tests past ``MODULE_LINES`` go on in ``test_<module>_2.py`` and on, in
    order, each at most the cap; one more test changes only the last module; they pass."""
    doc = collection_doc(script_item("Thing", 450), variable=[{"key": "baseUrl", "value": BASE}])
    out = project(tmp_path / "a", doc)
    modules = sorted((out / "tests").glob("test_client*.py"))
    assert [p.name for p in modules][:2] == ["test_client.py", "test_client_2.py"]
    texts = {p.name: p.read_text("utf-8") for p in modules}
    assert all(text.count("\n") <= MODULE_LINES for text in texts.values())
    assert all(text.count("\n") > MODULE_LINES * 0.9 for text in list(texts.values())[:-1])
    assert sum(text.count("def test_thing_check_") for text in texts.values()) == 450
    assert "test_parses_into_its_model" in texts["test_client.py"]
    status, output = pytest_in(out)
    assert status == 0 and "451 passed" in output, output
    more = collection_doc(script_item("Thing", 451), variable=[{"key": "baseUrl", "value": BASE}])
    again = project(tmp_path / "b", more)
    changed = [
        p.name
        for p in sorted((again / "tests").glob("test_client*.py"))
        if texts.get(p.name) != p.read_text("utf-8")
    ]
    assert changed == [modules[-1].name]


def test_a_script_test_is_named_apart_from_the_case_functions(tmp_path: Path) -> None:
    """``Parses`` + pm.test ``into its model`` would be ``test_parses_into_its_model``,
    the function of the model cases: it is numbered instead, and both run."""
    parses = script_item("Parses", 0)
    parses["event"][0]["script"]["exec"] = [
        'pm.test("into its model", function () { pm.response.to.have.status(200); });'
    ]
    out = project(tmp_path, collection_doc(parses, variable=[{"key": "baseUrl", "value": BASE}]))
    module = (out / "tests" / "test_client.py").read_text("utf-8")
    assert module.count("def test_parses_into_its_model(") == 1
    assert "def test_parses_into_its_model_2(" in module
    status, output = pytest_in(out)
    assert status == 0 and "2 passed" in output, output


def test_postc_check_covers_the_data_files(shop_project: Path, tmp_path: Path) -> None:
    """The data files are in the manifest: ``postc check`` sees one edited by hand."""
    copied = Path(shutil.copytree(shop_project.parent, tmp_path / "shop"))  # source and out
    out, source = copied / "out", copied / "c.json"
    assert postc("check", source, "-o", out)[0] == 0
    data = out / "tests" / "examples" / "shop.json"
    data.write_text(data.read_text("utf-8").replace('"open"', '"shut"'), encoding="utf-8")
    status, stdout, stderr = postc("check", source, "-o", out)
    assert status == 1 and "tests/examples/shop.json" in stdout + stderr


def test_each_case_serves_byte_for_byte_what_postc_mock_serves(tmp_path: Path) -> None:
    """A case's answer, as the generated test serves it from the data file, is exactly
    ``served(example)``'s body (what ``postc mock`` sends): JSON re-read and re-written, a
    non-JSON body under a JSON type, text and non-ASCII text alike."""
    bodies = {
        "odd": '{"a": 1, "a": 2, "n": 1.0e5, "s": "\\u00e9 \\ud83d\\ude00"}',
        "broken": '{"a": 1,,, oops',
        "plain": "caf\u00e9 \u2603",
    }
    examples = [saved(name, 200, {}) | {"body": body} for name, body in bodies.items()]
    examples[2]["header"] = [{"key": "Content-Type", "value": "text/plain"}]
    doc = collection_doc(
        item("Odd", "GET", "odd", *examples), variable=[{"key": "baseUrl", "value": BASE}]
    )
    out = project(tmp_path, doc)
    (endpoint,) = load_collection(tmp_path / "c.json").endpoints()
    expected = {f"odd / {example.name}": served(example).body for example in endpoint.examples}
    show = "import json; from tests.conftest import Cases; cases = Cases('client.json').cases; "
    show += "print(json.dumps({key: case.answer()[1] for key, case in cases.items()}))"
    result = run([sys.executable, "-c", show], out)
    assert json.loads(result.stdout) == expected, result.stderr


def test_a_continuing_module_is_named_apart_from_another_folders(tmp_path: Path) -> None:
    """``Thing``'s tests past the cap do not take ``Thing 2``'s module, ``test_thing_2.py``."""
    things = [
        {"name": "Thing", "item": [script_item("Get", 450)]},
        {"name": "Thing 2", "item": [script_item("Other", 1)]},
    ]
    out = project(tmp_path, collection_doc(*things, variable=[{"key": "baseUrl", "value": BASE}]))
    modules = {p.name: p.read_text("utf-8") for p in (out / "tests").glob("test_thing*.py")}
    assert "def test_other_check_0(" in modules["test_thing_2.py"]
    assert sum(text.count("def test_get_check_") for text in modules.values()) == 450
    assert "test_thing_3.py" in modules
