"""The collection's test scripts become pytest tests (issue 17, part 2; docs/scripts.md,
"Generated tests"): each statement shape passes on its saved example and fails once the
asserted value or status changes; untranslated statements skip with their JavaScript; the
example is chosen by the status the test checks; inherited scripts and hostile names."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import black
import pytest
from black.mode import TargetVersion

from generator.api_models import build_models
from generator.emit.plan import make_plan
from generator.emit.project import render_project
from generator.emit.script_tests import (
    Candidate,
    nested_path,
    python_regex,
    script_cases,
    semantics,
)
from generator.generate import generate
from generator.loader import load_collection
from generator.mock import MockApi, server
from generator.naming.identifiers import package_name
from generator.scripts.facts import Check, EndpointScripts, Regex, ScriptFacts, ScriptTest, Value
from tests.conftest import MypyStrict, collection_doc, run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from script_mutations import measure

BASE = "https://api.example.test"
JSON_HEADERS = [{"key": "Content-Type", "value": "application/json"}]
BODY = {
    "id": 7,
    "name": "Widget",
    "price": 12.5,
    "active": True,
    "note": None,
    "tags": ["blue", "small"],
    "empty": [],
    "owner": {"login": "ada", "roles": ["admin"]},
    "items": [{"sku": "A-1", "qty": 2}],
}


def script(*lines: str) -> list[dict[str, Any]]:
    return [{"listen": "test", "script": {"type": "text/javascript", "exec": list(lines)}}]


def saved(
    name: str, code: int, body: Any, headers: list[dict[str, str]] | None = None, status: str = ""
) -> dict[str, Any]:
    text = body if isinstance(body, str) else json.dumps(body)
    kind = "text/plain" if isinstance(body, str) else "application/json"
    found: dict[str, Any] = {
        "name": name,
        "code": code,
        "header": [{"key": "Content-Type", "value": kind}, *(headers or [])],
        "body": text,
    }
    if status:
        found["status"] = status
    return found


def request(name: str, path: str, event: list[dict[str, Any]], *examples: Any) -> dict[str, Any]:
    return {
        "name": name,
        "event": event,
        "request": {"method": "GET", "url": f"{{{{baseUrl}}}}/{path}"},
        "response": list(examples),
    }


# Each statement shape postc translates, on a 200 example it holds for: (name, JavaScript,
# the example's body, its extra headers)
SHAPES: list[tuple[str, str, Any, list[dict[str, str]]]] = [
    ("status", "pm.response.to.have.status(200);", BODY, []),
    ("status be ok", "pm.response.to.be.ok;", BODY, []),
    ("status success", "pm.response.to.be.success;", BODY, []),
    ("status one of", "pm.expect(pm.response.code).to.be.oneOf([200, 201]);", BODY, []),
    ("legacy status", 'tests["legacy status"] = responseCode.code === 200;', BODY, []),
    ("status either", 'tests["either"] = responseCode.code === 200 || responseCode.code === 201;',
     BODY, []),
    ("reason", 'pm.response.to.have.status("OK");', BODY, []),
    ("header", 'pm.response.to.have.header("X-Request-Id");', BODY,
     [{"key": "X-Request-Id", "value": "r-1"}]),
    ("header value", 'pm.response.to.have.header("X-Request-Id", "r-1");', BODY,
     [{"key": "X-Request-Id", "value": "r-1"}]),
    ("header include", 'pm.expect(pm.response.headers.get("X-Trace")).to.include("abc");', BODY,
     [{"key": "X-Trace", "value": "xabcx"}]),
    ("body text", 'pm.response.to.have.body("pong");', "pong", []),
    ("body has", 'tests["body has"] = responseBody.has("on");', "pong", []),
    ("json body path", 'pm.response.to.have.jsonBody("owner.roles[0]", "admin");', BODY, []),
    ("eql", "pm.expect(pm.response.json().id).to.eql(7);", BODY, []),
    ("eql object", 'pm.expect(pm.response.json().owner).to.eql({login: "ada", roles: ["admin"]});',
     BODY, []),
    ("equal", 'var json = pm.response.json(); pm.expect(json.name).to.equal("Widget");', BODY, []),
    ("reversed", 'var json = pm.response.json(); pm.expect("Widget").to.eql(json.name);', BODY, []),
    ("include string", 'pm.expect(pm.response.json().name).to.include("idg");', BODY, []),
    ("include array", 'pm.expect(pm.response.json().tags).to.include("blue");', BODY, []),
    ("include object", "pm.expect(pm.response.json().items[0]).to.include({qty: 2});", BODY, []),
    ("a string", 'pm.expect(pm.response.json().name).to.be.a("string");', BODY, []),
    ("an array", 'pm.expect(pm.response.json().tags).to.be.an("array");', BODY, []),
    ("a number", 'pm.expect(pm.response.json().price).to.be.a("number");', BODY, []),
    ("property", 'pm.expect(pm.response.json()).to.have.property("id");', BODY, []),
    ("property value", 'pm.expect(pm.response.json()).to.have.property("id", 7);', BODY, []),
    ("nested property", 'pm.expect(pm.response.json()).to.have.nested.property("owner.login");',
     BODY, []),
    ("lodash has", 'tests["lodash has"] = _.has(pm.response.json(), "owner.login");', BODY, []),
    ("in operator", 'tests["in operator"] = "id" in pm.response.json();', BODY, []),
    ("length", "pm.expect(pm.response.json().tags).to.have.lengthOf(2);", BODY, []),
    ("length at least", "pm.expect(pm.response.json().tags).to.have.lengthOf.at.least(1);",
     BODY, []),
    ("dot length", "pm.expect(pm.response.json().tags.length).to.be.above(1);", BODY, []),
    ("above", "pm.expect(pm.response.json().price).to.be.above(10);", BODY, []),
    ("below", "pm.expect(pm.response.json().price).to.be.below(20);", BODY, []),
    ("within", "pm.expect(pm.response.json().id).to.be.within(1, 9);", BODY, []),
    ("below infinity", "pm.expect(pm.response.json().id).to.be.below(1e400);", BODY, []),
    ("one of", 'pm.expect(pm.response.json().name).to.be.oneOf(["Widget", "Gadget"]);', BODY, []),
    ("exist", "pm.expect(pm.response.json().owner).to.exist;", BODY, []),
    ("not exist", "pm.expect(pm.response.json().gone).to.not.exist;", BODY, []),
    ("empty", "pm.expect(pm.response.json().empty).to.be.empty;", BODY, []),
    ("not empty", "pm.expect(pm.response.json().tags).to.not.be.empty;", BODY, []),
    ("match", "pm.expect(pm.response.json().name).to.match(/^wid[a-z]+$/i);", BODY, []),
    ("regex test", 'tests["regex test"] = /^[A-Z]-\\d$/.test(pm.response.json().items[0].sku);',
     BODY, []),
    ("true", "pm.expect(pm.response.json().active).to.be.true;", BODY, []),
    ("false", "pm.expect(pm.response.json().active).to.not.be.false;", BODY, []),
    ("null", "pm.expect(pm.response.json().note).to.be.null;", BODY, []),
    ("undefined", "pm.expect(pm.response.json().gone).to.be.undefined;", BODY, []),
    ("ok", "pm.expect(pm.response.json().tags).to.be.ok;", BODY, []),
    ("legacy equal", 'var body = JSON.parse(responseBody); tests["legacy equal"] = body.id === 7;',
     BODY, []),
    ("guarded", "if (pm.response.code === 200) { pm.expect(pm.response.json().id).to.eql(7); }",
     BODY, []),
    ("json schema", 'pm.response.to.have.jsonSchema({type: "object", required: ["id"], '
     'properties: {id: {type: "integer"}}});', BODY, []),
]  # fmt: skip


def shapes_collection() -> dict[str, Any]:
    items = [
        request(
            name,
            f"shape/{index}",
            script(f'pm.test("{name}", function () {{ {js} }});' if "tests[" not in js else js),
            saved("ok", 200, body, headers, "OK"),
        )
        for index, (name, js, body, headers) in enumerate(SHAPES)
    ]
    return collection_doc(*items, variable=[{"key": "baseUrl", "value": BASE}])


def lengthened(js: str, width: int) -> str:
    """The statement reading under a key ``width`` characters long (none for 0)."""
    return js.replace("pm.response.json()", f'pm.response.json()["{"k" * width}"]') if width else js


def rendered(doc: dict[str, Any], directory: Path) -> dict[str, str]:
    """The project of the collection ``doc``, as rendered (before black)."""
    source = directory / "rendered.postman_collection.json"
    source.write_text(json.dumps(doc), "utf-8")
    collection = load_collection(source)
    api = build_models(collection)
    plan = make_plan(collection, None, api, package_name(collection.name))
    return render_project(plan, api, collection)


BLACK = black.Mode(target_versions={TargetVersion.PY310})
# A big body: the script test serves it from its case in tests/examples/
BIG: tuple[str, str, Any, list[dict[str, str]]] = (
    "big body",
    "pm.response.to.have.status(200);",
    {"pad": "x" * 17_000},
    [],
)


def test_every_statement_shape_renders_as_black_writes_it(tmp_path: Path) -> None:
    """Each shape's test (the call, the assertion, the blank lines), with keys and request
    names whose lines land on both sides of black's 88 columns, is black's output as
    rendered: black formats it in one pass (its assertions are laid out by
    ``generator/emit/layout.py`` through ``brackets``); a call without arguments too
    long for its line stays whole, as black cannot split it."""
    items = [
        request(
            f"{name} {'w' * width}",
            f"shape/{width}/{index}",
            script(
                f'pm.test("{name}", function () {{ {lengthened(js, width)} }});'
                if "tests[" not in js
                else js
            ),
            saved("ok", 200, body, headers, "OK"),
        )
        for width in range(0, 64, 9)
        for index, (name, js, body, headers) in enumerate([*SHAPES, BIG])
    ]
    project = rendered(
        collection_doc(*items, variable=[{"key": "baseUrl", "value": BASE}]), tmp_path
    )
    scripted = [
        test
        for path, text in project.items()
        if path.startswith("tests/test_")
        for test in re.split(r"\n\n\n(?=@|def )", text)
        if "From the collection's test script" in test
    ]
    assert len(scripted) == (len(SHAPES) + 1) * 8
    for test in scripted:
        code = test.rstrip("\n") + "\n"  # the module's last test ends it
        assert black.format_str(code, mode=BLACK) == code


def test_without_script_tests_the_conftest_is_black_output(tmp_path: Path) -> None:
    """The conftest without the script tests' helpers keeps one blank line between methods."""
    doc = collection_doc(
        request("plain", "plain", [], saved("ok", 200, BODY)),
        variable=[{"key": "baseUrl", "value": BASE}],
    )
    conftest = rendered(doc, tmp_path)["tests/conftest.py"]
    assert "def unanswered" not in conftest
    assert black.format_str(conftest, mode=BLACK) == conftest


def test_every_statement_shape_passes_on_its_example_and_fails_on_its_mutant(
    tmp_path: Path,
) -> None:
    """The mutation measure (bench/script_mutations.py) on one collection of every shape:
    each translated assertion passes on its saved example, and its test fails once the
    value it asserts (or the status) is changed as chai would reject."""
    source = tmp_path / "shapes.json"
    source.write_text(json.dumps(shapes_collection()), encoding="utf-8")
    counts = measure(source)
    assert counts.not_passing == []
    assert counts.cannot_fail == []
    assert counts.assertions == counts.passing == counts.killed == len(SHAPES)  # one each


# -- one project of the other rules, generated once ---------------------------------------

HOSTILE = 'quote " triple """ back \\ brace {{x}} \u2028 end'
MIXED = collection_doc(
    {
        "name": "Orders",
        "event": script('pm.test("folder says json", function () { '
                        'pm.response.to.have.header("Content-Type"); });'),
        "item": [
            request(
                "Get order",
                "orders/1",
                script(
                    'pm.test("found", function () { pm.response.to.have.status(200); '
                    'pm.expect(pm.response.json().id).to.eql(1); });',
                    'pm.test("missing", function () { pm.response.to.have.status(404); '
                    'pm.expect(pm.response.json().error).to.eql("no order"); });',
                    'pm.test("found", function () { pm.expect(pm.response.json().state)'
                    '.to.eql("open"); });',
                    'pm.test("ok", function () { pm.expect(1).to.eql(1); });',
                    'pm.test("created", function () { pm.response.to.have.status(201); });',
                    'pm.test("fast and odd", function () { '
                    "pm.expect(pm.response.responseTime).to.be.below(500); "
                    "pm.expect(pm.response.json().id).to.eql(1); "
                    "pm.expect(eval(responseBody)).to.eql(2); });",
                    'pm.test("opaque", function () { pm.expect(compute(1)).to.eql(2); });',
                ),
                saved("ok", 200, {"id": 1, "state": "open"}),
                saved("missing", 404, {"error": "no order"}),
            ),
            request(
                "List orders",
                "orders",
                script(
                    'pm.test("the valid one", function () { '
                    "pm.expect(pm.response.json().valid).to.be.true; });",
                    'pm.test("stale example", function () { '
                    "pm.expect(pm.response.json().count).to.eql(3); });",
                ),
                saved("invalid", 200, {"valid": False, "count": 2}),
                saved("valid", 200, {"valid": True, "count": 2}),
            ),
            request(
                "Hostile",
                "hostile",
                script(
                    f"pm.test({json.dumps(HOSTILE)}, function () {{ "
                    f"pm.expect(pm.response.json().text).to.eql({json.dumps(HOSTILE)}); }});"
                ),
                saved("ok", 200, {"text": HOSTILE}),
            ),
        ],
    },
    {
        "name": "Health",
        "item": [
            request(
                "Ping",
                "ping",
                script('pm.test("up", function () { pm.response.to.have.status(200); '
                       "pm.response.to.be.success; pm.response.to.have.status(\"OK\"); });"),
                saved("ok", 200, "pong"),
            ),
            request(
                "Reports",
                "reports",
                script('pm.test("listed", function () { pm.response.to.have.status(200); });'),
            ),
        ],
    },
    {
        "name": "Challenges",
        "item": [
            request(  # on Ping's route, no example: Ping's is not its answer (Echo's digest)
                "Ping again",
                "ping",
                script('pm.test("challenged", function () { '
                       'pm.response.to.have.header("WWW-Authenticate"); });'),
            ),
        ],
    },
    event=script('pm.test("collection wide", function () { '
                 "pm.expect(pm.response.code).to.be.below(500); });"),
    variable=[{"key": "baseUrl", "value": BASE}],
)  # fmt: skip


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    source = root / "mixed.json"
    source.write_text(json.dumps(MIXED), encoding="utf-8")
    generate(source, root / "out")
    return root


def outcomes(project: Path, live: str = "") -> dict[str, str]:
    """Each test's outcome (``passed``, ``failed: ...``, ``skipped: ...``, ``xfail: ...``)
    with its message; ``live``: the server's URL (``POSTC_BASE_URL``)."""
    environment = {**os.environ, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    environment.pop("POSTC_BASE_URL", None)
    if live:
        environment["POSTC_BASE_URL"] = live
    report = project.parent / f"report{'-live' if live else ''}.xml"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command.append(f"--junitxml={report}")
    subprocess.run(command, cwd=project, capture_output=True, env=environment, check=False)
    found: dict[str, str] = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        found[case.attrib["name"]] = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                kind = child.attrib.get("type", "")
                outcome = (
                    "xfail" if kind == "pytest.xfail" else child.tag.replace("error", "failure")
                )
                found[case.attrib["name"]] = f"{outcome}: {child.attrib.get('message', '')}"
    return found


@pytest.fixture(scope="module")
def offline(mixed: Path) -> dict[str, str]:
    return outcomes(mixed / "out")


def module_text(mixed: Path) -> str:
    return (mixed / "out" / "tests" / "test_orders.py").read_text(encoding="utf-8")


def test_each_pm_test_is_a_named_test_names_kept_apart(offline: dict[str, str]) -> None:
    """A test per pm.test, named after it; a repeated name is kept apart (an example's
    name, ``ok``, is a case's id, no function's: the pm.test ``ok`` keeps its name)."""
    names = [name for name in offline if name.startswith("test_get_order_")]
    assert "test_get_order_found" in names
    assert "test_get_order_found_2" in names
    assert "test_get_order_ok" in names and "test_get_order_ok_2" not in names
    assert offline["test_get_order_found"] == "passed"


def test_the_example_is_the_one_with_the_status_checked(
    mixed: Path, offline: dict[str, str]
) -> None:
    assert offline["test_get_order_missing"] == "passed"
    text = module_text(mixed)
    missing = text.split("def test_get_order_missing", 1)[1].split("\ndef ", 1)[0]
    key = re.search(r'mock\.respond\(\*CASES\.answer\("([^"]+)"\)', missing)
    assert key is not None and key[1].endswith(" / missing")
    cases = json.loads((mixed / "out" / "tests" / "examples" / "orders.json").read_text("utf-8"))
    assert cases[key[1]]["status"] == 404


def test_without_a_fitting_example_the_test_skips_offline(offline: dict[str, str]) -> None:
    reason = offline["test_get_order_created"]
    assert reason.startswith("skipped:")
    assert "no saved example with the status it checks (saved: 200, 404)" in reason


def test_untranslated_statements_skip_with_their_javascript(
    mixed: Path, offline: dict[str, str]
) -> None:
    """The translated checks run first; the test then skips, its reason the JavaScript it
    could not translate; a response-time check is a comment."""
    assert (
        "not translated: pm.expect(eval(responseBody)).to.eql(2);"
        in offline["test_get_order_fast_and_odd"]
    )
    assert "not translated: pm.expect(compute(1)).to.eql(2);" in offline["test_get_order_opaque"]
    text = module_text(mixed)
    assert "# dropped, a saved example has no response time: pm.expect(" in text


def test_the_example_the_checks_hold_for_is_preferred(offline: dict[str, str]) -> None:
    assert offline["test_list_orders_the_valid_one"] == "passed"


def test_an_example_the_script_disagrees_with_is_an_expected_failure(
    offline: dict[str, str],
) -> None:
    """The collection's own test fails on its only example: marked so, never silently
    passed, and a strict xfail (if it starts passing, the run says so)."""
    assert offline["test_list_orders_stale_example"].startswith("xfail:")
    assert "the saved example fails: pm.expect(pm.response.json().count).to.eql(3);" in (
        offline["test_list_orders_stale_example"]
    )


def test_collection_and_folder_scripts_test_every_request(offline: dict[str, str]) -> None:
    for method in ("get_order", "list_orders", "hostile"):
        assert offline[f"test_{method}_collection_wide"] == "passed"
        assert offline[f"test_{method}_folder_says_json"] == "passed"


def test_hostile_names_and_literals_stay_data(mixed: Path, offline: dict[str, str]) -> None:
    hostile = [name for name in offline if name.startswith("test_hostile_quote")]
    assert hostile and all(offline[name] == "passed" for name in hostile)


def test_the_generated_tests_are_black_ruff_and_mypy_clean(
    mixed: Path, mypy_strict: MypyStrict
) -> None:
    """Also where a module's script tests need no helper (``test_health.py``: the status
    and reason compared plainly) and so do not import ``postman``."""
    project = mixed / "out"
    assert (project / "tests" / "postman.py").is_file()
    assert "import postman" not in (project / "tests" / "test_health.py").read_text("utf-8")
    binaries = Path(sys.executable).parent
    black = run([str(binaries / "black"), "--check", "--quiet", "."], project)
    assert black.returncode == 0, black.stderr
    ruff = run([str(binaries / "ruff"), "check", "--no-cache", "."], project)
    assert ruff.returncode == 0, ruff.stdout
    mypy = run([*mypy_strict(), "test_api", "tests"], project)
    assert mypy.returncode == 0, mypy.stdout


def test_live_the_tests_run_on_the_servers_answers(mixed: Path) -> None:
    """With ``POSTC_BASE_URL`` (here ``postc mock`` of the collection) each test asks the
    server for its example; one without an example runs too, asking for the status it
    checks, and skips where the server is postc mock refusing for want of such an example."""
    httpd = server(MockApi(load_collection(mixed / "mixed.json")), log=None)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host, port = httpd.server_address[:2]
    try:
        live = outcomes(mixed / "out", live=f"http://{host!s}:{port}")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert live["test_get_order_found"] == "passed"
    assert live["test_get_order_missing"] == "passed"
    refused = "skipped: live: the server (postc mock) has no saved example for this request"
    # asked for the 201 it checks, or for a request it has no example of, postc mock
    # refuses, and the test skips
    assert live["test_get_order_created"] == refused
    assert live["test_reports_listed"] == refused
    # no status checked, but named by its request: Ping's example on the same route is not
    # its answer (it would fail on it)
    assert live["test_ping_again_challenged"] == refused
    # the example the script disagrees with is served live too: an expected failure
    assert live["test_list_orders_stale_example"].startswith("xfail:")


# The bundled httpbin collection's script tests whose checks a real httpbin's answers meet
# (the others check a saved 401, or a redirect the live tests do not follow)
REAL_ANSWERS = [
    "test_query_parameters_the_query_is_echoed",
    "test_json_body_the_json_body_is_echoed",
    "test_form_the_form_has_the_city",
    "test_upload_the_file_arrives",
    "test_uuid_a_version_4_uuid",
    "test_anything_the_request_is_echoed",
    "test_status_not_found",
    "test_status_i_m_a_teapot",
    "test_status_a_server_error",
    "test_delay_waits_then_answers",
    "test_response_headers_retry_after_is_set",
]


def test_the_bundled_script_tests_pass_on_a_real_httpbin(tmp_path: Path) -> None:
    """Live, on answers that are not the saved examples (another UUID, the real origin and
    headers), the committed httpbin client's script tests check what their scripts say."""
    import httpbin  # type: ignore[import-untyped]
    from werkzeug import serving

    project = tmp_path / "httpbin"
    shutil.copytree(Path(__file__).resolve().parents[1] / "generated" / "httpbin", project)
    httpd = serving.make_server("127.0.0.1", 0, httpbin.app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        live = outcomes(project, live=f"http://127.0.0.1:{httpd.port}")
    finally:
        httpd.shutdown()
    assert {name: live.get(name) for name in REAL_ANSWERS} == dict.fromkeys(REAL_ANSWERS, "passed")


def test_script_tests_that_all_skip_at_once_import_nothing_unused(tmp_path: Path) -> None:
    doc = collection_doc(
        request(
            "Compute",
            "compute",
            script('pm.test("opaque", function () { pm.expect(compute()).to.eql(1); });'),
            saved("ok", 200, "pong"),
        ),
        variable=[{"key": "baseUrl", "value": BASE}],
    )
    source = tmp_path / "c.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    generate(source, tmp_path / "out")
    ruff = run([str(Path(sys.executable).parent / "ruff"), "check", "--no-cache", "."], tmp_path)
    assert ruff.returncode == 0, ruff.stdout
    assert "pytest.skip(" in (tmp_path / "out" / "tests" / "test_client.py").read_text("utf-8")


def test_no_credential_reaches_the_generated_tests(tmp_path: Path) -> None:
    token = "s3cr3t-T0KEN-value-91"
    doc = collection_doc(
        request(
            "Me",
            "me",
            script(f'pm.test("token {token}", function () {{ '
                   f'pm.expect(pm.response.json().token).to.eql("{token}"); }});'),
            saved("ok", 200, {"token": token}),
        ),
        auth={"type": "bearer", "bearer": [{"key": "token", "value": token}]},
        variable=[{"key": "baseUrl", "value": BASE}],
    )  # fmt: skip
    source = tmp_path / "c.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    generate(source, out)
    texts = [path.read_text("utf-8") for path in out.rglob("*.py")]
    assert all(token not in text for text in texts)
    assert any("postman.deep_equal" in text for text in texts)


def test_generating_many_script_tests_stays_linear(tmp_path: Path) -> None:
    """1,000 pm.tests on one request: seconds (most of them black's), not minutes."""
    lines = [
        f'pm.test("check {n}", function () {{ pm.expect(pm.response.json().id).to.eql(1); }});'
        for n in range(1000)
    ]
    doc = collection_doc(
        request("Get", "thing", script(*lines), saved("ok", 200, {"id": 1})),
        variable=[{"key": "baseUrl", "value": BASE}],
    )
    source = tmp_path / "c.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    started = time.process_time()
    files = generate(source, tmp_path / "out").files
    assert time.process_time() - started < 60
    modules = [text for path, text in files.items() if path.startswith("tests/test_client")]
    assert sum(text.count("def test_get_check_") for text in modules) == 1000


# -- the decisions, as plain data -----------------------------------------------------------


def status(code: int) -> Check:
    return Check(Value("status", "pm.response.code"), "equal", (code,))


def test_the_example_a_test_is_served() -> None:
    """The status it checks decides; without one, a 2xx example; a guard on the status
    breaks ties; no fitting example: none (the test skips offline)."""
    examples = [
        Candidate("r[0]", 401, "{}", "application/json"),
        Candidate("r[1]", 200, '{"id": 2}', "application/json"),
        Candidate("r[2]", 404, "{}", "application/json"),
        Candidate("r[3]", 201, '{"id": 1}', "application/json"),
    ]
    json_id = Value("json", "json.id", path=("id",))
    tests = [
        ScriptTest("on 404", (status(404),)),
        ScriptTest("no status", (Check(json_id, "exist"),)),
        ScriptTest("guarded", (Check(json_id, "exist", guard=(status(201),)),)),
        ScriptTest("holds", (Check(json_id, "equal", (1,)),)),
        ScriptTest("on 500", (status(500),)),
    ]
    facts = ScriptFacts("test", "item[0].event[0]", tests=tuple(tests))
    cases = script_cases("get", EndpointScripts("item[0]", test=(facts,)), examples, str)
    assert [case.example for case in cases] == ["r[2]", "r[1]", "r[3]", "r[3]", None]
    assert cases[-1].skip.startswith("no saved example with the status it checks")
    assert cases[-1].wanted == 500  # live, the status asked of the server


@pytest.mark.parametrize(
    ("pattern", "flags", "text", "matches"),
    [
        ("c$", "", "abc\n", False),  # JavaScript's $ is the end of input
        ("c$", "m", "abc\nd", True),
        ("^\\d+$", "", "\u0663", False),  # \d is ASCII without the u flag
        ("^\\s$", "", "\u00a0", True),  # \s is Unicode space always
        ("^(?<y>\\d{4})-\\k<y>$", "", "2024-2024", True),
        ("^[^]$", "", "\n", True),
        ("[]", "", "anything", False),
        ("(?<=a)b", "", "ab", True),
        ("ABC", "gi", "xabcx", True),
        ("a\\/b", "", "a/b", True),
    ],
)
def test_javascript_regular_expressions_keep_their_meaning(
    pattern: str, flags: str, text: str, matches: bool
) -> None:
    translated = python_regex(Regex(pattern, flags))
    assert translated is not None
    compiled = re.compile(translated.pattern, sum(int(getattr(re, n)) for n in translated.flags))
    assert (compiled.search(text) is not None) is matches


@pytest.mark.parametrize(
    "regex", [Regex("a", "y"), Regex("\\p{L}", "u"), Regex("\\cA"), Regex("(")]
)
def test_regular_expressions_postc_cannot_read_are_not_translated(regex: Regex) -> None:
    assert python_regex(regex) is None


def test_chai_nested_paths() -> None:
    assert nested_path("a.b[1].c") == ("a", "b", 1, "c")
    assert nested_path("a\\.b.c") == ("a.b", "c")
    assert nested_path("a..b") is None
    assert nested_path("") is None


@pytest.fixture(scope="module")
def js() -> Any:
    return semantics()


def test_strict_and_deep_equality_keep_javascript_types_apart(js: Any) -> None:
    assert not js.strict_equal(True, 1) and js.strict_equal(1, 1.0)
    assert not js.strict_equal([1], [1]) and js.deep_equal([1, {"a": None}], [1, {"a": None}])
    assert not js.deep_equal({"a": 1}, {"a": True})
    assert not js.strict_equal(None, js.MISSING)


def test_truthiness_and_string_conversion_are_javascripts(js: Any) -> None:
    assert js.truthy([]) and js.truthy({}) and js.truthy("0")
    falsy: list[Any] = [0, 0.0, "", None, js.MISSING, float("nan")]
    assert not any(js.truthy(value) for value in falsy)
    values: list[Any] = [1.0, 1e21, 0.1, [1, None, "a"], {}, None, True]
    assert [js.js_string(value) for value in values] == [
        "1",
        "1e+21",
        "0.1",
        "1,,a",
        "[object Object]",
        "null",
        "true",
    ]


def test_reading_paths_and_chai_type_errors(js: Any) -> None:
    data = {"a": {"b": [1, 2]}, "n": None}
    assert js.at(data, ("a", "b", 1)) == 2 and js.at(data, ("a", "b", "1")) == 2
    assert js.at(data, ("a", "x")) is js.MISSING and js.at(data, ("a", "b", "length")) == 2
    with pytest.raises(AssertionError):
        js.at(data, ("n", "x"))  # a property of null throws
    assert js.has_path(data, ("a", "b", 0)) and not js.has_path(data, ("n", "x"))
    for helper, value in (("is_empty", 0), ("number", "3"), ("length", {})):
        with pytest.raises(AssertionError):
            getattr(js, helper)(value)  # chai throws: a negated check fails too
    assert js.includes({"a": 1, "b": 2}, {"a": 1}) and not js.includes(["1"], 1)
    kinds: list[Any] = [None, js.MISSING, [], {}, 1.5, True]
    assert [js.type_of(value) for value in kinds] == [
        "null",
        "undefined",
        "array",
        "object",
        "number",
        "boolean",
    ]
