"""The JavaScript front end, one statement shape at a time: small scripts in, facts out
(docs/scripts.md, "Front end" and "What is translated")."""

from __future__ import annotations

from typing import Any

import pytest

from generator.scripts.analyze import analyze, clear_caches
from generator.scripts.facts import Check, Regex, ScriptFacts, Value
from generator.scripts.paths import lodash_path


def facts(source: str, listen: str = "test") -> ScriptFacts:
    return analyze(source, listen, "item[0].event[0]")


def summary(check: Check) -> tuple[Any, ...]:
    """What a check says, without its source: subject, matcher, arguments, flags."""
    subject = check.subject
    where: Any = subject.path if subject.kind in ("json", "xml") else subject.name
    flags = tuple(flag for flag in ("negated", "length_of") if getattr(check, flag))
    if subject.length:
        flags = ("length", *flags)
    return (subject.kind, where, check.matcher, check.arguments, *flags)


def test_checks(source: str) -> list[tuple[Any, ...]]:
    """The summaries of every check of the script's tests and outside them."""
    found = facts(source)
    checks = [c for test in found.tests for c in test.checks] + list(found.checks)
    return [summary(check) for check in checks]


test_checks.__test__ = False  # type: ignore[attr-defined]


JSON = "var json = pm.response.json();\n"

SHAPES = [
    # pm.response assertions (chai-postman)
    ("pm.response.to.have.status(201);", [("status", "", "equal", (201,))]),
    ('pm.response.to.have.status("Created");', [("reason", "", "equal", ("Created",))]),
    ("pm.response.to.not.have.status(500);", [("status", "", "equal", (500,), "negated")]),
    ("pm.response.to.be.ok;", [("status", "", "equal", (200,))]),
    ("pm.response.to.be.notFound;", [("status", "", "equal", (404,))]),
    ("pm.response.to.be.success;", [("status", "", "status_class", ("success",))]),
    ("pm.response.to.be.clientError;", [("status", "", "status_class", ("client_error",))]),
    ("pm.response.to.not.be.error;", [("status", "", "status_class", ("error",), "negated")]),
    ('pm.response.to.have.header("X-Id");', [("header", "X-Id", "has_header", ())]),
    (
        'pm.response.to.be.header("Content-Type", "application/json");',
        [("header", "Content-Type", "equal", ("application/json",))],
    ),
    ("pm.response.to.have.body();", [("text", "", "empty", (), "negated")]),
    ('pm.response.to.have.body("pong");', [("text", "", "equal", ("pong",))]),
    ("pm.response.to.have.body(/^po+ng$/i);", [("text", "", "match", (Regex("^po+ng$", "i"),))]),
    ('pm.response.to.have.body({"a": 1});', [("json", (), "eql", ({"a": 1},))]),
    (
        'pm.response.to.have.jsonBody("data.items[0].id");',
        [("json", ("data", "items", 0, "id"), "undefined", (), "negated")],
    ),
    (
        'pm.response.to.have.jsonBody("data.ok", true);',
        [("json", ("data", "ok"), "eql", (True,))],
    ),
    (
        'var schema = {"type": "object", "required": ["id"]};\n'
        "pm.response.to.have.jsonSchema(schema);",
        [("json", (), "json_schema", ({"type": "object", "required": ["id"]}, "draft-07"))],
    ),
    # pm.expect chains
    (JSON + "pm.expect(json.id).to.eql(7);", [("json", ("id",), "eql", (7,))]),
    (JSON + "pm.expect(json.id).to.equal('7');", [("json", ("id",), "equal", ("7",))]),
    (JSON + "pm.expect(json.id).to.eq(7);", [("json", ("id",), "equal", (7,))]),
    (JSON + "pm.expect(json.a).to.deep.equal([1]);", [("json", ("a",), "eql", ([1],))]),
    (JSON + "pm.expect(json.a).to.be.a('String');", [("json", ("a",), "a", ("string",))]),
    (JSON + "pm.expect(json.a).to.be.an('array');", [("json", ("a",), "a", ("array",))]),
    (JSON + "pm.expect(json.a).to.include('x');", [("json", ("a",), "include", ("x",))]),
    (
        JSON + "pm.expect(json.a).to.deep.include({k: 1});",
        [("json", ("a",), "deep_include", ({"k": 1},))],
    ),
    (JSON + "pm.expect(json).to.have.property('id');", [("json", (), "property", ("id",))]),
    (
        JSON + "pm.expect(json).to.have.property('id', 3);",
        [("json", (), "property", ("id", 3))],
    ),
    (
        JSON + "pm.expect(json).to.have.nested.property('a.b');",
        [("json", (), "nested_property", ("a.b",))],
    ),
    (
        JSON + "pm.expect(json).to.have.property('id').that.is.a('number');",
        [("json", (), "property", ("id",)), ("json", ("id",), "a", ("number",))],
    ),
    (JSON + "pm.expect(json.items).to.have.lengthOf(2);", [("json", ("items",), "length", (2,))]),
    (
        JSON + "pm.expect(json.items).to.have.lengthOf.at.least(1);",
        [("json", ("items",), "least", (1,), "length_of")],
    ),
    (JSON + "pm.expect(json.n).to.be.above(0);", [("json", ("n",), "above", (0,))]),
    (JSON + "pm.expect(json.n).to.be.gt(0);", [("json", ("n",), "above", (0,))]),
    (JSON + "pm.expect(json.n).to.be.below(9);", [("json", ("n",), "below", (9,))]),
    (JSON + "pm.expect(json.n).to.be.at.least(1);", [("json", ("n",), "least", (1,))]),
    (JSON + "pm.expect(json.n).to.be.at.most(1);", [("json", ("n",), "most", (1,))]),
    (JSON + "pm.expect(json.n).to.be.within(1, 5);", [("json", ("n",), "within", (1, 5))]),
    (
        JSON + "pm.expect(json.s).to.be.oneOf(['a', 'b']);",
        [("json", ("s",), "one_of", (["a", "b"],))],
    ),
    (JSON + "pm.expect(json.s).to.exist;", [("json", ("s",), "exist", ())]),
    (JSON + "pm.expect(json.s).to.not.be.empty;", [("json", ("s",), "empty", (), "negated")]),
    (JSON + "pm.expect(json.s).to.be.empty;", [("json", ("s",), "empty", ())]),
    (JSON + "pm.expect(json.s).to.match(/^a/);", [("json", ("s",), "match", (Regex("^a"),))]),
    (JSON + "pm.expect(json.s).to.be.true;", [("json", ("s",), "true", ())]),
    (JSON + "pm.expect(json.s).to.be.false;", [("json", ("s",), "false", ())]),
    (JSON + "pm.expect(json.s).to.be.ok;", [("json", ("s",), "ok", ())]),
    (JSON + "pm.expect(json.s).to.be.null;", [("json", ("s",), "null", ())]),
    (
        JSON + "pm.expect(json.s).to.not.be.undefined;",
        [("json", ("s",), "undefined", (), "negated")],
    ),
    (
        JSON + "pm.expect(json.items.length).to.eql(3);",
        [("json", ("items",), "eql", (3,), "length")],
    ),
    (
        "pm.expect(pm.response.code).to.be.oneOf([200, 201]);",
        [("status", "", "one_of", ([200, 201],))],
    ),
    (
        'pm.expect(pm.response.headers.get("Content-Type")).to.include("text/plain");',
        [("header", "Content-Type", "include", ("text/plain",))],
    ),
    # a reversed expect: the constant is chai's subject, the response value its argument
    (
        JSON + 'pm.expect("SUCCESS").to.eql(json.status, "wrong status");',
        [("json", ("status",), "eql", ("SUCCESS",))],
    ),
    # legacy tests[...] with the legacy globals
    ('tests["ok"] = responseCode.code === 201;', [("status", "", "equal", (201,))]),
    ('tests["ok"] = responseCode.code == 201;', [("status", "", "equal", (201,))]),
    ('tests["ok"] = 201 === responseCode.code;', [("status", "", "equal", (201,))]),
    ('tests["ok"] = responseCode.code !== 500;', [("status", "", "equal", (500,), "negated")]),
    (
        'tests["ok"] = responseCode.code === 200 || responseCode.code === 201;',
        [("status", "", "one_of", ([200, 201],))],
    ),
    ('tests["body"] = responseBody.has("pass");', [("text", "", "include", ("pass",))]),
    (
        'var body = JSON.parse(responseBody);\ntests["c"] = "foo1" in body.cookies;',
        [("json", ("cookies",), "property", ("foo1",))],
    ),
    (
        'var body = JSON.parse(responseBody);\ntests["c"] = body["status"] == "pass";',
        [("json", ("status",), "equal", ("pass",))],
    ),
    (
        'var body = JSON.parse(responseBody);\ntests["n"] = body.args.length > 0;',
        [("json", ("args",), "above", (0,), "length")],
    ),
    (
        'var body = JSON.parse(responseBody);\ntests["n"] = 0 < body.count;',
        [("json", ("count",), "above", (0,))],
    ),
    (
        'var body = JSON.parse(responseBody);\ntests["h"] = _.has(body, "a.b");',
        [("json", (), "nested_property", ("a.b",))],
    ),
    (
        'var body = JSON.parse(responseBody);\ntests["both"] = body.a === 1 && !body.b;',
        [("json", ("a",), "equal", (1,)), ("json", ("b",), "ok", (), "negated")],
    ),
    (
        'tests["h"] = postman.getResponseHeader("Content-Type") === "text/xml";',
        [("header", "Content-Type", "equal", ("text/xml",))],
    ),
    ('tests["t"] = /^ok/.test(responseBody);', [("text", "", "match", (Regex("^ok"),))]),
    ('tests["X: failed"] = false;', [("literal", "", "ok", ())]),
    # schemas: tv4 takes data first, ajv the schema first; a schema through an alias
    (
        JSON + 'var schema = {"type": "object"};\n'
        "pm.expect(tv4.validate(json, schema)).to.be.true;",
        [("json", (), "json_schema", ({"type": "object"}, "draft-04"))],
    ),
    (
        JSON + 'var schema = {"type": "object"};\n'
        "tests['valid'] = ajv.validate(schema, json.data);",
        [("json", ("data",), "json_schema", ({"type": "object"}, "draft-07"))],
    ),
    # xml2Json paths
    (
        'var x = xml2Json(responseBody);\ntests["s"] = x["soap:Envelope"].ok === "1";',
        [("xml", ("soap:Envelope", "ok"), "equal", ("1",))],
    ),
]


@pytest.mark.parametrize(("source", "expected"), SHAPES, ids=[s for s, _ in SHAPES])
def test_statement_shape(source: str, expected: list[tuple[Any, ...]]) -> None:
    assert test_checks(source) == expected
    assert not facts(source).findings
    assert all(not test.untranslated for test in facts(source).tests)


def test_pm_test_collects_its_checks_under_its_name() -> None:
    found = facts(
        'pm.test("Status is 200", function () {\n'
        "    pm.response.to.have.status(200);\n"
        "});\n"
        'pm.test("has id", () => { const j = pm.response.json(); pm.expect(j.id).to.exist; });\n'
        'pm.test("async", function (done) { pm.response.to.be.ok; done(); });\n'
        'pm.test("arrow expression", () => pm.response.to.have.status(201));'
    )
    assert [(t.name, len(t.checks), t.line) for t in found.tests] == [
        ("Status is 200", 1, 1),
        ("has id", 1, 4),
        ("async", 1, 5),
        ("arrow expression", 1, 6),
    ]
    assert found.tests[1].checks[0].subject.path == ("id",)
    assert found.tests[3].checks[0].arguments == (201,)


def test_async_done_call_is_not_untranslated() -> None:
    found = facts('pm.test("a", function (done) { pm.response.to.be.ok; done(); });')
    assert found.tests[0].untranslated == ()


def test_legacy_computed_name_keeps_a_readable_name() -> None:
    found = facts('tests["Status code " + responseCode.code] = responseCode.code === 200;')
    assert found.tests[0].name == "Status code {responseCode.code}"
    found = facts("tests[`Got ${responseCode.code}`] = responseCode.code === 200;")
    assert found.tests[0].name == "Got {responseCode.code}"


def test_checks_outside_tests_are_script_checks() -> None:
    found = facts("pm.response.to.have.status(200);")
    assert found.tests == ()
    assert [summary(c) for c in found.checks] == [("status", "", "equal", (200,))]
    assert found.checks[0].js == "pm.response.to.have.status(200);"
    assert found.checks[0].line == 1


def test_aliases_follow_redeclared_and_undeclared_names() -> None:
    found = facts(
        "var json = pm.response.json();\n"
        "var item = json.data[0];\n"
        "var json = item;\n"  # redeclared: now the first item
        "other = json.owner;\n"  # undeclared: sloppy mode accepts it
        "pm.expect(other.id).to.eql(1);\n"
        "var k = json.rows[i];\n"  # a runtime index
        "pm.expect(k.v).to.eql(2);\n"
        "const {meta, data: d} = pm.response.json();\n"
        "pm.expect(meta.total).to.eql(3);\n"
        "pm.expect(d.name).to.eql('x');"
    )
    assert [c.subject.path for c in found.checks] == [
        ("data", 0, "owner", "id"),
        ("data", 0, "rows", None, "v"),
        ("meta", "total"),
        ("data", "name"),
    ]


def test_text_and_json_sources() -> None:
    found = facts(
        "var a = JSON.parse(responseBody);\n"
        "var b = JSON.parse(pm.response.text());\n"
        "var c = pm.response.json();\n"
        "pm.expect(a.x).to.eql(1); pm.expect(b.x).to.eql(1); pm.expect(c.x).to.eql(1);\n"
        "pm.expect(pm.response.text()).to.include('x');"
    )
    assert [(c.subject.kind, c.subject.path) for c in found.checks] == [
        ("json", ("x",)),
        ("json", ("x",)),
        ("json", ("x",)),
        ("text", ()),
    ]


def test_status_if_guard_becomes_the_check_guard() -> None:
    found = facts(
        "if (pm.response.code == 200) {\n"
        "    var json = pm.response.json();\n"
        '    pm.test("id", function () { pm.expect(json.id).to.exist; });\n'
        '    pm.environment.set("id", json.id);\n'
        "} else {\n"
        '    tests["failed"] = false;\n'
        "}"
    )
    (guard,) = found.tests[0].checks[0].guard
    assert summary(guard) == ("status", "", "equal", (200,))
    assert guard.js == "pm.response.code == 200"
    assert found.sets[0].guard == (guard,)
    assert found.sets[0].conditional
    (otherwise,) = found.tests[1].checks[0].guard
    assert summary(otherwise) == ("status", "", "equal", (200,), "negated")


def test_other_condition_marks_sets_conditional_and_checks_untranslated() -> None:
    found = facts(
        "var data = pm.response.json();\n"
        "if (data.id && data.version) {\n"
        '    pm.environment.set("id", data.id);\n'
        "}\n"
        "if (someFunction(data)) {\n"
        '    pm.environment.set("v", data.version);\n'
        "    pm.response.to.have.status(200);\n"
        "}"
    )
    first, second = found.sets
    assert [summary(g) for g in first.guard] == [
        ("json", ("id",), "ok", ()),
        ("json", ("version",), "ok", ()),
    ]
    assert first.conditional
    assert second.guard == ()
    assert second.conditional
    assert found.checks == ()
    (finding,) = found.findings
    assert finding.kind == "untranslated"
    assert finding.js == "pm.response.to.have.status(200);"
    assert finding.line == 7


VARIABLE_SETS = [
    ('pm.environment.set("t", json.token);', ("t", "environment", "json", False, False)),
    ('pm.collectionVariables.set("t", json.token);', ("t", "collection", "json", False, False)),
    ('pm.globals.set("t", json.token);', ("t", "globals", "json", False, False)),
    ('pm.variables.set("t", json.token);', ("t", "local", "json", False, False)),
    ('postman.setEnvironmentVariable("t", json.token);', ("t", "environment", "json", True, False)),
    ('postman.setGlobalVariable("t", json.token);', ("t", "globals", "json", True, False)),
    ('pm.environment.unset("t");', ("t", "environment", "literal", False, True)),
    ('postman.clearEnvironmentVariable("t");', ("t", "environment", "literal", False, True)),
    ('postman.clearGlobalVariable("t");', ("t", "globals", "literal", False, True)),
    ("pm.collectionVariables.clear();", ("", "collection", "literal", False, True)),
    ("postman.clearEnvironmentVariables();", ("", "environment", "literal", False, True)),
    ('pm.environment.set("t", "fixed");', ("t", "environment", "literal", False, False)),
    (
        'pm.environment.set("t", pm.globals.get("u"));',
        ("t", "environment", "variable", False, False),
    ),
    ('pm.environment.set("t", responseBody);', ("t", "environment", "text", False, False)),
    (
        'pm.environment.set("t", pm.response.headers.get("Location"));',
        ("t", "environment", "header", False, False),
    ),
]


@pytest.mark.parametrize(("source", "expected"), VARIABLE_SETS, ids=[s for s, _ in VARIABLE_SETS])
def test_variable_set(source: str, expected: tuple[Any, ...]) -> None:
    found = facts(JSON + source)
    (variable,) = found.sets
    assert (
        variable.name,
        variable.scope,
        variable.value.kind,
        variable.stringified,
        variable.unset,
    ) == expected
    assert variable.line == 2
    assert variable.js == source
    assert not variable.conditional


def test_set_value_paths_and_variable_names() -> None:
    found = facts(
        JSON + 'pm.environment.set("t", json.data["access_token"]);\n'
        'pm.environment.set("v", pm.environment.get("other"));'
    )
    assert found.sets[0].value.path == ("data", "access_token")
    assert found.sets[1].value.name == "other"


FINDINGS = [
    ("pm.expect(pm.response.responseTime).to.be.below(200);", "response_time"),
    ('tests["fast"] = responseTime < 1000;', "response_time"),
    ('pm.sendRequest("https://x.example/token", function (e, r) {});', "send_request"),
    ('postman.setNextRequest("Next");', "next_request"),
    ("pm.execution.setNextRequest(null);", "next_request"),
    ('eval(pm.collectionVariables.get("lib"));', "eval"),
    ('pm.request.headers.add({key: "X", value: "1"});', "request_mutation"),
    ('pm.request.url = "https://other.example";', "request_mutation"),
    ("doSomething();", "untranslated"),
    ("throw new Error('stop');", "untranslated"),
    ("function helper() { return 1; }", "untranslated"),
    ("pm.expect(json.id).to.have.members([1]);", "untranslated"),
    ("pm.expect(json.id).to.eql(pm.environment.get('id'));", "untranslated"),
    ("pm.expect(firstChild).to.not.be.null;", "untranslated"),
    ("pm.expect(pm.environment.get('id')).to.exist;", "untranslated"),
    ("tests['set'] = pm.environment.get('id');", "untranslated"),
    ("pm.expect(true).to.be.true;", "untranslated"),
]


@pytest.mark.parametrize(("source", "kind"), FINDINGS, ids=[s for s, _ in FINDINGS])
def test_finding_kind(source: str, kind: str) -> None:
    found = facts(JSON + source)
    findings = [*found.findings, *(f for t in found.tests for f in t.untranslated)]
    assert [(f.kind, f.js, f.line) for f in findings] == [(kind, source, 2)]
    assert not found.checks
    assert all(not t.checks for t in found.tests)


def test_untranslated_statements_inside_a_test_stay_with_it() -> None:
    found = facts(
        'pm.test("t", function () {\n'
        "    pm.response.to.have.status(200);\n"
        "    pm.expect(pm.response.responseTime).to.be.below(500);\n"
        "    helper();\n"
        '    postman.setNextRequest("x");\n'
        "});"
    )
    (test,) = found.tests
    assert [summary(c) for c in test.checks] == [("status", "", "equal", (200,))]
    assert [(f.kind, f.line) for f in test.untranslated] == [
        ("response_time", 3),
        ("untranslated", 4),
    ]
    assert [(f.kind, f.line) for f in found.findings] == [("next_request", 5)]


def test_pm_test_without_a_function_passes_and_says_so() -> None:
    (test,) = facts('pm.test("always", true);').tests
    assert test.checks == ()
    assert test.untranslated[0].kind == "untranslated"


def test_send_request_callback_sets_are_named_in_the_finding() -> None:
    found = facts(
        "pm.sendRequest(req, function (err, res) {\n"
        '    if (res.code === 200) { pm.environment.set("AUTH_TOKEN", res.json()); }\n'
        "});",
        "prerequest",
    )
    (send,) = found.findings  # no "computed": the value comes from the sent request
    assert send.kind == "send_request"
    assert "`AUTH_TOKEN`" in send.detail
    (variable,) = found.sets
    assert variable.conditional
    assert variable.value.kind == "computed"


COMPUTED = [
    ('pm.environment.set("ts", Date.now());', "a timestamp (Date)"),
    ('var t = new Date().toISOString();\npm.variables.set("ts", t);', "a timestamp (Date)"),
    ('pm.environment.set("d", moment().format("YYYY"));', "a timestamp (moment)"),
    ('pm.environment.set("r", Math.random().toString());', "a random value (Math.random)"),
    ('pm.environment.set("g", pm.variables.replaceIn("{{$guid}}"));', "a random id ($guid)"),
    ('pm.environment.set("g", "order-{{$guid}}");', "a random id ($guid)"),
    (
        "var when = '{{$isoTimestamp}}';\npm.environment.set('at', when);",
        "a timestamp ($isoTimestamp)",
    ),
    ('pm.environment.set("b", btoa(user + ":" + pass));', "a base64 encoding (btoa)"),
    (
        'var sig = CryptoJS.HmacSHA256(body, key).toString();\npm.environment.set("sig", sig);',
        "a signature or hash (CryptoJS)",
    ),
    (
        "var code_verifier = randomString(43);\n"
        'pm.collectionVariables.set("verifier", code_verifier);',
        "a PKCE code verifier or challenge",
    ),
]


@pytest.mark.parametrize(("source", "what"), COMPUTED, ids=[s for s, _ in COMPUTED])
def test_prerequest_computed_value(source: str, what: str) -> None:
    found = facts(source, "prerequest")
    (finding,) = [f for f in found.findings if f.kind == "computed"]
    assert finding.detail.startswith(f"`{found.sets[0].name}`: {what} the script computes")
    assert "the caller passes it where a request sends it" in finding.detail
    assert finding.js == source.splitlines()[-1]


def test_prerequest_constant_and_copied_values_are_not_computed() -> None:
    found = facts(
        'pm.environment.set("a", "fixed");\npm.environment.set("b", pm.environment.get("a"));',
        "prerequest",
    )
    assert found.findings == ()
    assert len(found.sets) == 2


def test_a_computed_test_value_is_a_set_not_a_finding() -> None:
    found = facts('pm.environment.set("n", Date.now());')
    assert found.findings == ()
    assert found.sets[0].value == Value("computed", "Date.now()")


UNPARSED = [
    '{\n  "name": "Acme",\n  "type": "Customer"\n}',
    '{ "a": 1 }',
    "pm.test('x', function () {",
    "var = ;",
]


@pytest.mark.parametrize("source", UNPARSED)
def test_unparsed_scripts_are_one_finding(source: str) -> None:
    found = facts(source)
    (finding,) = found.findings
    assert finding.kind == "unparsed"
    assert found.tests == () and found.sets == () and found.checks == ()


@pytest.mark.parametrize("source", ["", "\n  \n", "// only a comment\n/* and this */", ";"])
def test_empty_and_comment_only_scripts_have_nothing(source: str) -> None:
    assert facts(source) == ScriptFacts("test", "item[0].event[0]")


def test_console_output_is_ignored() -> None:
    found = facts('console.log("hi", responseBody);\npm.visualizer.set("<b/>", {});')
    assert found.findings == () and found.statements == 2


def test_try_block_runs_catch_is_opaque() -> None:
    found = facts(
        "try {\n"
        "    var j = pm.response.json();\n"
        '    pm.environment.set("id", j.id);\n'
        "} catch (e) {\n"
        "    pm.response.to.have.status(500);\n"
        "}"
    )
    assert not found.sets[0].conditional
    assert found.findings[0].kind == "untranslated"


def test_analysis_is_cached_and_deterministic() -> None:
    source = JSON + "pm.expect(json.a).to.eql(1);"
    first = analyze(source, "test", "item[9].event[0]")
    assert analyze(source, "test", "item[9].event[0]") is first
    clear_caches()
    assert analyze(source, "test", "item[9].event[0]") == first


def test_statements_are_counted_nested() -> None:
    found = facts(
        'pm.test("a", function () {\n  var j = pm.response.json();\n  pm.expect(j).to.exist;\n});'
    )
    assert found.statements == 3


@pytest.mark.parametrize(
    ("path", "segments"),
    [
        ("a.b[0].c", ("a", "b", 0, "c")),
        ('a["x.y"]', ("a", "x.y")),
        ("[1][2]", (1, 2)),
        ("plain", ("plain",)),
    ],
)
def test_lodash_path(path: str, segments: tuple[Any, ...]) -> None:
    assert lodash_path(path) == segments


@pytest.mark.parametrize(
    ("chain", "negated"),
    [("to.be.true", False), ("to.be.ok", False), ("to.be.false", True), ("to.not.be.true", True)],
)
def test_expect_on_a_schema_validation(chain: str, negated: bool) -> None:
    found = facts(JSON + f"pm.expect(ajv.validate({{'type': 'array'}}, json.items)).{chain};")
    (check,) = found.checks
    assert summary(check)[:4] == (
        "json",
        ("items",),
        "json_schema",
        ({"type": "array"}, "draft-07"),
    )
    assert check.negated is negated


LOOPS = [
    "for (const user of json.users) {{ {body} }}",
    "for (var i = 0; i < json.users.length; i++) {{ var user = json.users[i]; {body} }}",
    "json.users.forEach(function (user) {{ {body} }});",
    "json.users.forEach(user => {{ {body} }});",
    "_.each(json.users, function (user) {{ {body} }});",
]


@pytest.mark.parametrize("loop", LOOPS)
def test_loop_bodies_set_conditionally_and_do_not_translate_checks(loop: str) -> None:
    body = 'if (user.is_default) { pm.environment.set("account", user.id); }'
    body += " pm.expect(user.id).to.exist;"
    found = facts(JSON + loop.format(body=body))
    (variable,) = found.sets
    assert variable.value.path == ("users", None, "id")
    assert variable.conditional
    assert [summary(g) for g in variable.guard] == [
        ("json", ("users", None, "is_default"), "ok", ())
    ]
    assert found.checks == ()
    assert [f.js for f in found.findings] == ["pm.expect(user.id).to.exist;"]


def test_switch_cases_are_conditional() -> None:
    found = facts(
        JSON + "switch (json.kind) {\n"
        '  case "a": pm.environment.set("k", json.a); break;\n'
        "  default: pm.response.to.have.status(200);\n"
        "}"
    )
    assert found.sets[0].conditional
    assert found.findings[0].js == "pm.response.to.have.status(200);"


def test_a_catch_block_does_not_rebind_the_parsed_body() -> None:
    found = facts(
        "var body;\n"
        "try { body = JSON.parse(responseBody); tests['valid JSON'] = true; }\n"
        "catch (e) { body = {}; tests['valid JSON'] = false; }\n"
        "tests['has data'] = _.has(body, 'data');\n"
        "tests['arg'] = _.get(body, 'args.test') === '123';"
    )
    by_name = {t.name: t for t in found.tests}
    assert summary(by_name["has data"].checks[0]) == ("json", (), "nested_property", ("data",))
    assert summary(by_name["arg"].checks[0]) == ("json", ("args", "test"), "equal", ("123",))


def test_a_header_value_as_a_legacy_test_is_its_truthiness() -> None:
    found = facts("tests['auth'] = (postman.getResponseHeader('WWW-Authenticate'));")
    assert summary(found.tests[0].checks[0]) == ("header", "WWW-Authenticate", "ok", ())


def test_computed_variable_names_are_untranslated_not_errors() -> None:
    found = facts(
        JSON + "pm.environment.set(prefix + '_id', json.id);\n"
        "var t = pm.environment.get(name);\n"
        "pm.expect(json.id).to.eql(t);"
    )
    assert found.sets == ()
    assert [f.line for f in found.findings] == [2, 4]


def test_local_arithmetic_rebinds_the_name_to_computed_code() -> None:
    found = facts(
        'var total = pm.environment.get("base");\n'
        'total += pm.environment.get("extra");\n'
        'pm.environment.set("total", total);'
    )
    assert found.findings == ()
    assert found.sets[0].value == Value("computed", 'total += pm.environment.get("extra")')


def test_a_guarded_and_chain_stands_for_its_last_operand() -> None:
    found = facts(
        JSON + "var p = json.units && json.units[0] && json.units[0].payments;\n"
        'pm.environment.set("pay", p.captures[0].id);\n'
        'pm.environment.set("x", json.a && Date.now());'
    )
    assert found.sets[0].value.path == ("units", 0, "payments", "captures", 0, "id")
    assert found.sets[1].value.kind == "computed"
