"""``generator.scripts.flows``: producers, uses bound to the set in force when a request is
sent, and what cannot be followed, on facts built by hand (the front end's own tests cover
how scripts become those facts; tests/test_scripts_flows_cli.py runs the two together)."""

from __future__ import annotations

from typing import Any

from generator.annotations import qualified
from generator.emit.chains import Step, read_value
from generator.emit.plan import Method
from generator.ir import (
    ClassRef,
    ListType,
    MapType,
    Model,
    ModelField,
    ScalarType,
    TaggedUnion,
    TypeExpr,
)
from generator.scripts.facts import (
    EndpointScripts,
    Finding,
    Flows,
    ScriptFacts,
    Value,
    VariableSet,
)
from generator.scripts.flows import flows, owner, references
from tests.conftest import load, request_item


def _json(*path: str | int | None) -> Value:
    return Value("json", "json." + ".".join(map(str, path)), path=tuple(path))


def _set(name: str, value: Value, scope: str = "environment", **flags: Any) -> VariableSet:
    return VariableSet(name, scope, value, js=f'pm.{scope}.set("{name}", {value.js})', **flags)


def _scripts(
    path: str,
    test: tuple[VariableSet, ...] = (),
    pre: tuple[VariableSet, ...] = (),
    findings: tuple[Finding, ...] = (),
) -> EndpointScripts:
    return EndpointScripts(
        path,
        prerequest=(ScriptFacts("prerequest", f"{path}.event[0]", sets=pre),) if pre else (),
        test=(ScriptFacts("test", f"{path}.event[1]", sets=test, findings=findings),),
    )


def _bound(result: Flows) -> list[tuple[str, str, str, str | None]]:
    """(consumer, variable, place, producer endpoint) of every use."""
    return [
        (u.endpoint, u.variable, u.place, u.producer.endpoint if u.producer else None)
        for u in result.uses
    ]


def test_a_use_is_bound_to_the_latest_producer_before_it() -> None:
    collection = load(
        request_item("Login", method="POST", url="https://api.example.com/login"),
        request_item("Me", header=[{"key": "Authorization", "value": "Bearer {{token}}"}]),
        request_item("Login again", method="POST", url="https://api.example.com/login"),
        request_item("Me again", header=[{"key": "Authorization", "value": "Bearer {{token}}"}]),
    )
    token = _set("token", _json("access_token"))
    scripts = {p: _scripts(p, (token,)) for p in ("item[0]", "item[2]")}
    result = flows(collection, scripts)
    assert [(p.endpoint, p.variable) for p in result.producers] == [
        ("item[0]", "token"),
        ("item[2]", "token"),
    ]
    assert _bound(result) == [
        ("item[1]", "token", "header", "item[0]"),
        ("item[3]", "token", "header", "item[2]"),
    ]


def test_a_use_before_any_producer_has_none() -> None:
    collection = load(
        request_item("Me", url="https://api.example.com/users/{{user_id}}"),
        request_item("Create user", method="POST"),
    )
    result = flows(collection, {"item[1]": _scripts("item[1]", (_set("user_id", _json("id")),))})
    assert _bound(result) == [("item[0]", "user_id", "url", None)]
    assert len(result.producers) == 1


def test_a_request_uses_the_earlier_value_before_setting_its_own() -> None:
    """A refresh request sends the old refresh token, then stores the new one."""
    collection = load(
        request_item("Login", method="POST"),
        request_item(
            "Refresh",
            method="POST",
            body={"mode": "urlencoded", "urlencoded": [{"key": "rt", "value": "{{refresh}}"}]},
        ),
        request_item("Logout", url="https://api.example.com/logout?rt={{refresh}}"),
    )
    refresh = _set("refresh", _json("refresh_token"))
    scripts = {p: _scripts(p, (refresh,)) for p in ("item[0]", "item[1]")}
    assert _bound(flows(collection, scripts)) == [
        ("item[1]", "refresh", "body", "item[0]"),
        ("item[2]", "refresh", "url", "item[1]"),
    ]


def test_a_pre_request_set_of_the_consumer_itself_means_it_computes_the_value() -> None:
    collection = load(
        request_item("Create", method="POST"),
        request_item("Get", url="https://api.example.com/things/{{id}}"),
        request_item("Get later", url="https://api.example.com/things/{{id}}"),
    )
    computed = _set("id", Value("computed", "Date.now()"))
    scripts = {
        "item[0]": _scripts("item[0]", (_set("id", _json("id")),)),
        "item[1]": _scripts("item[1]", pre=(computed,)),
    }
    # the pre-request value also outlives its request: the third sends it too
    assert _bound(flows(collection, scripts)) == [
        ("item[1]", "id", "url", None),
        ("item[2]", "id", "url", None),
    ]


def test_a_later_literal_copy_or_unset_ends_the_chain() -> None:
    collection = load(
        request_item("Create", method="POST"),
        request_item("Reset", method="POST"),
        request_item("Get", url="https://api.example.com/things/{{id}}"),
    )
    for write in (
        _set("id", Value("literal", '"1"', literal="1")),
        _set("id", Value("variable", 'pm.environment.get("other")', name="other")),
        _set("id", Value("computed", "json.id + 1")),
        _set("id", Value("literal", ""), unset=True),
    ):
        scripts = {
            "item[0]": _scripts("item[0]", (_set("id", _json("id")),)),
            "item[1]": _scripts("item[1]", (write,)),
        }
        assert _bound(flows(collection, scripts)) == [("item[2]", "id", "url", None)], write


def test_the_winning_scope_decides_which_set_a_use_sees() -> None:
    """Globals < collection < environment < data < local: a global set after an
    environment set of the same name is shadowed; unsetting the environment one shows it."""
    collection = load(
        request_item("Env login", method="POST"),
        request_item("Global login", method="POST"),
        request_item("Use", url="https://api.example.com/x?t={{token}}"),
        request_item("Forget", method="POST"),
        request_item("Use again", url="https://api.example.com/x?t={{token}}"),
    )
    scripts = {
        "item[0]": _scripts("item[0]", (_set("token", _json("a"), "environment"),)),
        "item[1]": _scripts("item[1]", (_set("token", _json("b"), "globals"),)),
        "item[3]": _scripts(
            "item[3]", (_set("token", Value("literal", ""), "environment", unset=True),)
        ),
    }
    assert _bound(flows(collection, scripts)) == [
        ("item[2]", "token", "url", "item[0]"),
        ("item[4]", "token", "url", "item[1]"),
    ]


def test_a_declared_collection_variable_outranks_a_global_set() -> None:
    collection = load(
        request_item("Login", method="POST"),
        request_item("Use", url="https://api.example.com/x?t={{token}}&u={{user}}"),
        variable=[{"key": "token", "value": ""}, {"key": "user", "value": ""}],
    )
    scripts = {
        "item[0]": _scripts(
            "item[0]",
            (_set("token", _json("t"), "globals"), _set("user", _json("u"), "collection")),
        )
    }
    assert _bound(flows(collection, scripts)) == [
        ("item[1]", "token", "url", None),
        ("item[1]", "user", "url", "item[0]"),
    ]


def test_only_response_values_make_producers() -> None:
    collection = load(request_item("Login", method="POST"))
    sets = (
        _set("a", _json("data", 0, "id")),
        _set("b", Value("header", 'pm.response.headers.get("Location")', name="Location")),
        _set("c", Value("text", "responseBody")),
        _set("d", Value("xml", "xml2Json(responseBody).a", path=("a",))),
        _set("e", Value("literal", '"x"', literal="x")),
        _set("f", Value("status", "pm.response.code")),
        _set("g", Value("computed", "Math.random()")),
        _set("h", _json("id"), unset=True),
    )
    result = flows(collection, {"item[0]": _scripts("item[0]", sets)})
    assert [p.variable for p in result.producers] == ["a", "b", "c", "d"]


def test_a_pre_request_set_never_produces() -> None:
    """``pm.response`` does not exist before the request: a pre-request 'json' set is no
    producer (the front end may still report one, as Plaid writes it)."""
    collection = load(
        request_item("Pre", method="POST"),
        request_item("Use", url="https://api.example.com/{{v}}"),
    )
    scripts = {"item[0]": _scripts("item[0]", pre=(_set("v", _json("v")),))}
    result = flows(collection, scripts)
    assert result.producers == ()
    assert _bound(result) == [("item[1]", "v", "url", None)]


def test_inherited_test_scripts_produce_for_each_request_they_run_after() -> None:
    """A folder's test script runs after each of its requests: each is a producer."""
    collection = load(
        {
            "name": "Folder",
            "item": [
                request_item("A", method="POST"),
                request_item("B", url="https://api.example.com/{{last}}"),
            ],
        }
    )
    inherited = ScriptFacts("test", "item[0].event[0]", sets=(_set("last", _json("id")),))
    scripts = {
        p: EndpointScripts(p, test=(inherited,)) for p in ("item[0].item[0]", "item[0].item[1]")
    }
    result = flows(collection, scripts)
    assert [p.endpoint for p in result.producers] == ["item[0].item[0]", "item[0].item[1]"]
    assert _bound(result) == [("item[0].item[1]", "last", "url", "item[0].item[0]")]


def test_every_place_a_request_sends_is_a_use() -> None:
    collection = load(
        request_item(
            "All",
            method="POST",
            url={
                "raw": "https://{{host}}:{{port}}/v1/{{version}}/:id?q={{q}}&{{k}}=1&off={{no}}",
                "host": ["{{host}}"],
                "port": "{{port}}",
                "path": ["v1", "{{version}}", ":id"],
                "query": [
                    {"key": "q", "value": "{{q}}"},
                    {"key": "{{k}}", "value": "1"},
                    {"key": "off", "value": "{{no}}", "disabled": True},
                ],
                "variable": [{"key": "id", "value": "{{item_id}}"}],
            },
            header=[
                {"key": "X-Session", "value": "s-{{session}}"},
                {"key": "X-Off", "value": "{{no}}", "disabled": True},
            ],
            body={
                "mode": "formdata",
                "formdata": [
                    {"key": "f", "value": "{{field}}", "type": "text"},
                    {"key": "g", "value": "{{no}}", "type": "text", "disabled": True},
                    {"key": "up", "src": "{{file}}", "type": "file"},
                ],
            },
            auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        ),
        request_item(
            "GraphQL",
            method="POST",
            body={
                "mode": "graphql",
                "graphql": {"query": "{ a(id: {{gid}}) }", "variables": '{"x": "{{gvar}}"}'},
            },
        ),
        request_item("Dynamic", url="https://api.example.com/{{$guid}}?t={{$timestamp}}"),
    )
    found = [
        (r.variable, r.place, r.part, r.key) for e in collection.endpoints() for r in references(e)
    ]
    assert found == [
        ("host", "url", "host", ""),
        ("port", "url", "host", ""),
        ("version", "url", "path", "version"),
        ("item_id", "url", "path", "id"),
        ("q", "url", "query", "q"),
        ("k", "url", "query", "{{k}}"),
        ("session", "header", "", "X-Session"),
        ("field", "body", "formdata", "f"),
        ("file", "body", "formdata", "up"),
        ("token", "auth", "bearer", "token"),
        ("gid", "body", "graphql", "query"),
        ("gvar", "body", "graphql", "variables"),
    ]


def test_an_inherited_auth_is_a_use_of_each_request() -> None:
    collection = load(
        {
            "name": "Secured",
            "auth": {"type": "apikey", "apikey": [{"key": "value", "value": "{{key}}"}]},
            "item": [request_item("A"), request_item("B", auth={"type": "noauth"})],
        },
        request_item("C"),
        auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
    )
    found = [(e.name, r.variable, r.part) for e in collection.endpoints() for r in references(e)]
    assert found == [("A", "key", "apikey"), ("C", "token", "bearer")]


def test_what_cannot_be_followed_is_reported_once_per_script_with_its_owner() -> None:
    collection = load(
        {"name": "F", "item": [request_item("A"), request_item("B")]},
        event=[{"listen": "prerequest", "script": {"exec": ["x"]}}],
    )
    send = Finding("send_request", "pm.sendRequest(login, cb)", "login request", line=1)
    jump = Finding("next_request", 'postman.setNextRequest("B")', "run order", line=3)
    untranslated = Finding("untranslated", "console.log(1)", "kept", line=2)
    computed = _set("sig", Value("computed", "CryptoJS.HmacSHA256(a, b)"), line=5)
    shared = ScriptFacts("prerequest", "event[0]", sets=(computed,), findings=(send,))
    own = ScriptFacts("test", "item[0].item[1].event[0]", findings=(jump, untranslated))
    scripts = {
        "item[0].item[0]": EndpointScripts("item[0].item[0]", prerequest=(shared,)),
        "item[0].item[1]": EndpointScripts("item[0].item[1]", prerequest=(shared,), test=(own,)),
    }
    result = flows(collection, scripts)
    assert [(where, f.kind, f.line) for where, f in result.unfollowed] == [
        ("", "send_request", 1),
        ("", "computed", 5),
        ("item[0].item[1]", "next_request", 3),
    ]
    assert "'sig' is set from a value the script computes" in result.unfollowed[1][1].detail


def test_owner_of_a_script() -> None:
    assert owner("event[0]") == ""
    assert owner("item[2].event[1]") == "item[2]"
    assert owner("item[0].item[12].event[3]") == "item[0].item[12]"


def test_requests_without_scripts_and_no_variables() -> None:
    collection = load(request_item("Plain"))
    assert flows(collection, {}) == Flows()


def test_flows_are_linear_in_the_number_of_requests() -> None:
    """10,000 requests, each producing and using: well under the bound."""
    import time

    items = [
        request_item(f"R{i}", url=f"https://api.example.com/{{{{v{i % 50}}}}}")
        for i in range(10_000)
    ]
    collection = load(*items)
    sets = tuple(_set(f"v{i}", _json("id")) for i in range(50))
    scripts = {e.json_path: _scripts(e.json_path, sets) for e in collection.endpoints()}
    started = time.process_time()
    result = flows(collection, scripts)
    assert time.process_time() - started < 5
    assert len(result.uses) == 10_000 and len(result.producers) == 500_000


def _model(name: str, *fields: tuple[str, str, TypeExpr]) -> Model:
    return Model(
        name, tuple(ModelField(key, attribute, kind, True) for key, attribute, kind in fields)
    )


def test_a_produced_value_is_read_as_python_reads_the_result() -> None:
    """Model attributes by their Python names, list indexes, map keys; a tagged union of
    models by the attribute they share, ``to_dict()`` where they do not share it; index
    access all along for a result without a model; a header or text on the raw response."""
    text = TypeExpr((ScalarType("str"),))
    capture = _model("Capture", ("id", "id", text), ("resource_type", "resource_type", text))
    product = _model("Product", ("id", "id", text), ("kind", "product_kind", text))
    other = _model("Other", ("ID", "id", text))
    union = TaggedUnion(
        "resource_type", (("capture", ClassRef("Capture")), ("product", ClassRef("Product")))
    )
    mixed = TaggedUnion(
        "resource_type", (("capture", ClassRef("Capture")), ("other", ClassRef("Other")))
    )
    page = _model(
        "Page",
        ("events", "events", TypeExpr((ListType(TypeExpr((union,))),))),
        ("others", "others", TypeExpr((ListType(TypeExpr((mixed,))),))),
        ("byName", "by_name", TypeExpr((MapType(TypeExpr((ClassRef("Capture"),))),))),
        ("nextPage", "next_page", text),
    )
    models = {m.name: m for m in (capture, product, other, page)}.get
    returns = TypeExpr((ClassRef("Page"),))
    returned = qualified(returns, "models.")
    method = Method(
        "m", "item[0]", "", "", "GET", "/", (), returned, returned, None, (), (), (), ""
    )

    def read(
        *path: str | int | None, value: Value | None = None, kind: TypeExpr | None = returns
    ) -> str | None:
        found = read_value(value or _json(*path), method, kind, models)
        return found.on("result", "raw") if found is not None else None

    assert read("nextPage") == "result.next_page"
    assert read("events", 0, "id") == "result.events[0].id"
    assert read("others", 1, "id") == 'result.others[1].to_dict()["id"]'
    assert read("byName", "a b", "id") == 'result.by_name["a b"].id'
    # a key is spelled as every generated literal is (py_str): non-ASCII as it is
    assert read("byName", 'a"b\\ é\n', "id") == "result.by_name['a\"b\\\\ é\\n'].id"
    assert read("unknown", 0) == 'result.to_dict()["unknown"][0]'
    assert read("data", 0, "id", kind=None) == 'result["data"][0]["id"]'
    assert read("events", None, "id") is None  # an index chosen at run time
    assert read(value=Value("json", "json.events.length", path=("events",), length=True)) == (
        "len(result.events)"
    )
    assert read(value=Value("header", "h", name="Location")) == 'raw.headers["Location"]'
    assert read(value=Value("text", "responseBody")) == "raw.http.text"
    assert read(value=Value("xml", "x", path=("a",))) is None
    # the generated test renders the same steps (flows.py.j2), the docstring spells them
    found = read_value(_json("events", 0, "id"), method, returns, models)
    assert found is not None and found.steps == (
        Step("attribute", "events"),
        Step("item", 0),
        Step("attribute", "id"),
    )
