"""Which scripts run for each request, in Postman's order, and what the pre-request ones
mean for the generated client (docs/scripts.md, "Front end", "Pre-request scripts")."""

from __future__ import annotations

from typing import Any

from generator.api_models import build_models
from generator.emit.parameters import scripted_variables
from generator.emit.plan import make_plan
from generator.scripts.analyze import endpoint_scripts
from tests.conftest import load, request_item


def event(listen: str, *lines: str, **extra: Any) -> dict[str, Any]:
    return {"listen": listen, "script": {"type": "text/javascript", "exec": list(lines)}, **extra}


def with_events(item: dict[str, Any], *events: dict[str, Any]) -> dict[str, Any]:
    return {**item, "event": list(events)}


def test_scripts_run_collection_then_folders_then_request() -> None:
    inner = {
        "name": "Inner",
        "item": [with_events(request_item("Get"), event("test", 'tests["r"] = true;'))],
        "event": [event("test", 'tests["inner"] = true;')],
    }
    outer = {
        "name": "Outer",
        "item": [inner, request_item("Plain")],
        "event": [event("test", 'tests["outer"] = true;'), event("prerequest", "var a = 1;")],
    }
    collection = load(outer, event=[event("test", 'tests["collection"] = true;')])
    scripts = endpoint_scripts(collection)
    assert list(scripts) == ["item[0].item[0].item[0]", "item[0].item[1]"]
    deep = scripts["item[0].item[0].item[0]"]
    assert [t.name for facts in deep.test for t in facts.tests] == [
        "collection",
        "outer",
        "inner",
        "r",
    ]
    assert [facts.json_path for facts in deep.test] == [
        "event[0]",
        "item[0].event[0]",
        "item[0].item[0].event[0]",
        "item[0].item[0].item[0].event[0]",
    ]
    assert [facts.json_path for facts in deep.prerequest] == ["item[0].event[1]"]
    plain = scripts["item[0].item[1]"]
    assert [t.name for facts in plain.test for t in facts.tests] == ["collection", "outer"]


def test_disabled_empty_and_comment_only_events_are_skipped() -> None:
    item = with_events(
        request_item(),
        event("test", 'tests["off"] = true;', disabled=True),
        event("test", ""),
        event("test", "// pm.response.to.have.status(200);"),
        event("test", 'tests["on"] = true;'),
    )
    (scripts,) = endpoint_scripts(load(item)).values()
    assert [t.name for facts in scripts.test for t in facts.tests] == ["on"]
    assert scripts.prerequest == ()


def test_an_event_with_only_src_is_reported() -> None:
    item = with_events(request_item(), {"listen": "test", "script": {"src": "tests.js"}})
    (scripts,) = endpoint_scripts(load(item)).values()
    ((finding,),) = [facts.findings for facts in scripts.test]
    assert finding.kind == "unparsed"
    assert "tests.js" in finding.detail


def test_exec_as_one_string_or_split_lines_reads_the_same() -> None:
    split = with_events(
        request_item("A"), event("test", "pm.expect(pm.response.code)", "  .to.eql(200);")
    )
    joined = with_events(
        request_item("B"),
        {"listen": "test", "script": {"exec": "pm.expect(pm.response.code)\n  .to.eql(200);"}},
    )
    first, second = endpoint_scripts(load(split, joined)).values()
    assert first.test[0].checks[0].matcher == second.test[0].checks[0].matcher == "eql"


def test_scripted_variables_read_through_the_syntax_tree() -> None:
    scripts = [
        'postman.setEnvironmentVariable("stamp", new Date().toISOString());',
        '// pm.environment.set("tenant", "acme");\nvar s = "pm.globals.set(\'region\', 1)";',
        'pm.collectionVariables.set("nonce", Math.random());\npm.environment.unset("old");',
    ]
    assert scripted_variables(scripts) == {"stamp", "nonce"}


def test_a_header_set_by_a_prerequest_script_is_no_client_constant() -> None:
    """A legacy setter's variable is computed per request: it cannot be a client default;
    a set in a comment is no set, so that header stays a constant."""
    headers = [
        {"key": "X-Stamp", "value": "{{stamp}}"},
        {"key": "X-Tenant", "value": "{{tenant}}"},
    ]
    items = [request_item(name, header=headers) for name in ("A", "B", "C")]
    prerequest = event(
        "prerequest",
        'postman.setEnvironmentVariable("stamp", Date.now());',
        '// pm.environment.set("tenant", "x");',
    )
    collection = load(*items, event=[prerequest])
    plan = make_plan(collection, None, build_models(collection), "shop")
    assert [key for _, key, _ in plan.constants] == ["X-Tenant"]
