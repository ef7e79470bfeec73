"""Postman URLs as the SDK's ``Url.parse`` and ``Url`` understand them.

The cases come from the SDK's ``test/unit/url.test.js`` and ``test/fixtures`` (see
shared/research/postman-format.md, section 4 "URLs") plus postc's own rules.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir import Diagnostic, Param, PathVariable, Url
from generator.loader.urls import parse_url, path_parameters, path_template

PATH = "item[0].request.url"
CREDENTIALS = Diagnostic(PATH, "credentials in the URL (user:pass@) are not kept")


def parse(node: object) -> tuple[Url, list[Diagnostic]]:
    warnings: list[Diagnostic] = []
    return parse_url(node, PATH, warnings), warnings


def url(raw: str, **parts: Any) -> Url:
    return Url(raw=raw, **parts)


def q(key: str, value: str | None, description: str = "", disabled: bool = False) -> Param:
    return Param(key, value, description, disabled)


# --- string URLs -----------------------------------------------------------------------

STRING_CASES: list[tuple[str, Url]] = [
    # the seed
    (
        "https://{{api-domain}}/crm/bulk/v2.1/write/{{job_id}}",
        url(
            "https://{{api-domain}}/crm/bulk/v2.1/write/{{job_id}}",
            protocol="https",
            host=("{{api-domain}}",),
            path=("crm", "bulk", "v2.1", "write", "{{job_id}}"),
        ),
    ),
    # SDK fixtures rawUrls: no protocol, with a fragment
    (
        "postman-echo.com/something/somethingelse#yo",
        url(
            "postman-echo.com/something/somethingelse#yo",
            host=("postman-echo", "com"),
            path=("something", "somethingelse"),
            hash="yo",
        ),
    ),
    # host as a variable
    (
        "{{url}}/awesomestuff/endpoint?a=1&b=ghj",
        url(
            "{{url}}/awesomestuff/endpoint?a=1&b=ghj",
            host=("{{url}}",),
            path=("awesomestuff", "endpoint"),
            query=(q("a", "1"), q("b", "ghj")),
        ),
    ),
    # variables in path, query and fragment
    (
        "http://{{host}}:{{port}}/{{p1}}/x?{{k}}={{v}}&b={{v2}}#{{frag}}",
        url(
            "http://{{host}}:{{port}}/{{p1}}/x?{{k}}={{v}}&b={{v2}}#{{frag}}",
            protocol="http",
            host=("{{host}}",),
            port="{{port}}",
            path=("{{p1}}", "x"),
            query=(q("{{k}}", "{{v}}"), q("b", "{{v2}}")),
            hash="{{frag}}",
        ),
    ),
    # upper-case protocol, kept as written
    (
        "HTTP://Example.com:80/Resource?id=123",
        url(
            "HTTP://Example.com:80/Resource?id=123",
            protocol="HTTP",
            host=("Example", "com"),
            port="80",
            path=("Resource",),
            query=(q("id", "123"),),
        ),
    ),
    # protocol-relative (schema example httpbin.json)
    (
        "//httpbin.org/post?random=yo",
        url(
            "//httpbin.org/post?random=yo",
            host=("httpbin", "org"),
            path=("post",),
            query=(q("random", "yo"),),
        ),
    ),
    # extra slashes after the protocol are skipped
    (
        "http:///example.com/a",
        url("http:///example.com/a", protocol="http", host=("example", "com"), path=("a",)),
    ),
    # trailing slash and valueless params (url test l. 407)
    (
        "http://127.0.0.1/hello/world/?query=param&valueless1&valueless2",
        url(
            "http://127.0.0.1/hello/world/?query=param&valueless1&valueless2",
            protocol="http",
            host=("127", "0", "0", "1"),
            path=("hello", "world", ""),
            query=(q("query", "param"), q("valueless1", None), q("valueless2", None)),
        ),
    ),
    # `a` has no value, `a=` an empty one; only the first `=` splits
    (
        "h/p?a&b=&c==d=",
        url(
            "h/p?a&b=&c==d=",
            host=("h",),
            path=("p",),
            query=(q("a", None), q("b", ""), q("c", "=d=")),
        ),
    ),
    # `???` (url test l. 742): one param named `??`
    (
        "http://localhost???",
        url("http://localhost???", protocol="http", host=("localhost",), query=(q("??", None),)),
    ),
    # `&&&` (url test l. 762): empty pieces are kept as key "" without value
    (
        "http://localhost?&&&",
        url(
            "http://localhost?&&&",
            protocol="http",
            host=("localhost",),
            query=(q("", None),) * 4,
        ),
    ),
    (
        "http://localhost?a=b&&",
        url(
            "http://localhost?a=b&&",
            protocol="http",
            host=("localhost",),
            query=(q("a", "b"), q("", None), q("", None)),
        ),
    ),
    # a bare `?` and a bare `#`
    ("h?", url("h?", host=("h",), query=(q("", None),))),
    ("h#", url("h#", host=("h",), hash="")),
    # `?` and `#` order: the fragment is cut first
    ("h/a#b?c", url("h/a#b?c", host=("h",), path=("a",), hash="b?c")),
    ("h/a?b#c#d", url("h/a?b#c#d", host=("h",), path=("a",), query=(q("b", None),), hash="c#d")),
    # `{{ip.subnet}}` inside the host (url test l. 430-475)
    (
        "127.0.{{ip.subnet}}.1",
        url("127.0.{{ip.subnet}}.1", host=("127", "0", "{{ip.subnet}}", "1")),
    ),
    (
        "http://{{ip.subnet}}.0.1:8080/x",
        url(
            "http://{{ip.subnet}}.0.1:8080/x",
            protocol="http",
            host=("{{ip.subnet}}", "0", "1"),
            port="8080",
            path=("x",),
        ),
    ),
    # an unclosed token splits naively
    ("127.0.{{ip.subnet.1", url("127.0.{{ip.subnet.1", host=("127", "0", "{{ip", "subnet", "1"))),
    # empty port (url test l. 621)
    ("localhost:/path", url("localhost:/path", host=("localhost",), port="", path=("path",))),
    ("http://localhost:", url("http://localhost:", protocol="http", host=("localhost",), port="")),
    # backslashes left of the query are slashes (url test l. 632-653)
    (
        "http://localhost\\foo\\bar",
        url(
            "http://localhost\\foo\\bar", protocol="http", host=("localhost",), path=("foo", "bar")
        ),
    ),
    (
        "http:\\\\localhost\\foo?a=\\b",
        url(
            "http:\\\\localhost\\foo?a=\\b",
            protocol="http",
            host=("localhost",),
            path=("foo",),
            query=(q("a", "\\b"),),
        ),
    ),
    # IPv6 (url test l. 655-700)
    ("http://[::1]", url("http://[::1]", protocol="http", host=("[::1]",))),
    (
        "http://[::1]:8080/path",
        url(
            "http://[::1]:8080/path", protocol="http", host=("[::1]",), port="8080", path=("path",)
        ),
    ),
    (
        "https://[2001:db8::ff00:42:8329]:/?q#h",
        url(
            "https://[2001:db8::ff00:42:8329]:/?q#h",
            protocol="https",
            host=("[2001:db8::ff00:42:8329]",),
            port="",
            path=("",),
            query=(q("q", None),),
            hash="h",
        ),
    ),
    # unicode
    (
        "https://例え.jp/パス/:郵差?ключ=значение",
        url(
            "https://例え.jp/パス/:郵差?ключ=значение",
            protocol="https",
            host=("例え", "jp"),
            path=("パス", ":郵差"),
            query=(q("ключ", "значение"),),
            variables=(PathVariable("郵差", None),),
        ),
    ),
    # leading whitespace is ignored (raw keeps it); other whitespace is data
    (
        " \n\thttp://h/a b ",
        url(" \n\thttp://h/a b ", protocol="http", host=("h",), path=("a b ",)),
    ),
    # newlines in every part (url test l. 606)
    (
        "ht\ntp://ho\nst:80\n80/pa\nth?k\ney=va\nlue#ha\nsh",
        url(
            "ht\ntp://ho\nst:80\n80/pa\nth?k\ney=va\nlue#ha\nsh",
            protocol="ht\ntp",
            host=("ho\nst",),
            port="80\n80",
            path=("pa\nth",),
            query=(q("k\ney", "va\nlue"),),
            hash="ha\nsh",
        ),
    ),
    # path variables (url test l. 544-590)
    (
        "http://h/:a/:ab.json/:a+b",
        url(
            "http://h/:a/:ab.json/:a+b",
            protocol="http",
            host=("h",),
            path=(":a", ":ab.json", ":a+b"),
            variables=(
                PathVariable("a", None),
                PathVariable("ab", None),
                PathVariable("a+b", None),
            ),
        ),
    ),
    (
        "h/:foo.bar.baz",
        url(
            "h/:foo.bar.baz",
            host=("h",),
            path=(":foo.bar.baz",),
            variables=(PathVariable("foo", None),),
        ),
    ),
    (
        "h/:/:./:var",
        url(
            "h/:/:./:var",
            host=("h",),
            path=(":", ":.", ":var"),
            variables=(PathVariable("var", None),),
        ),
    ),
    (
        "h/:foo/x/:foo/:bar",
        url(
            "h/:foo/x/:foo/:bar",
            host=("h",),
            path=(":foo", "x", ":foo", ":bar"),
            variables=(PathVariable("foo", None), PathVariable("bar", None)),
        ),
    ),
    # a `:` inside a segment declares nothing; an empty string is an empty URL
    ("h/a:b", url("h/a:b", host=("h",), path=("a:b",))),
    ("", url("")),
    ("   ", url("   ")),
]


@pytest.mark.parametrize(("raw", "expected"), STRING_CASES, ids=[c[0][:40] for c in STRING_CASES])
def test_string_url(raw: str, expected: Url) -> None:
    assert parse(raw) == (expected, [])


def test_reserved_characters_inside_variables_never_split() -> None:
    raw = "{{p://}}://{{@}}:{{###}}@{{host.name}}:{{:p}}/{{f/o/o}}/bar?{{?}}={{&}}#{{[#]}}"
    assert parse(raw) == (
        url(
            raw,
            protocol="{{p://}}",
            host=("{{host.name}}",),
            port="{{:p}}",
            path=("{{f/o/o}}", "bar"),
            query=(q("{{?}}", "{{&}}"),),
            hash="{{[#]}}",
        ),
        [CREDENTIALS],
    )


def test_opaque_tokens_also_hide_backslashes_and_equals() -> None:
    parsed, _ = parse("h/{{b\\ar}}\\x?{{a=b}}=c")
    assert parsed.path == ("{{b\\ar}}", "x")
    assert parsed.query == (q("{{a=b}}", "c"),)


@pytest.mark.parametrize(
    ("raw", "host", "port", "path"),
    [
        # credentials with several `:` or `@` (url test l. 714-790): they end at the last `@`
        ("http://user:pass@host.com/p", ("host", "com"), None, ("p",)),
        ("http://us:er:pa:ss@host:81", ("host",), "81", ()),
        ("http://us@er:pa@ss@host/p@q", ("host",), None, ("p@q",)),
        ("http://:pass@host", ("host",), None, ()),
        ("http://@host", ("host",), None, ()),
        ("someone@postman.xyz/asdasd", ("postman", "xyz"), None, ("asdasd",)),
        ("http://user:pass@[::1]:3000/", ("[::1]",), "3000", ("",)),
    ],
)
def test_credentials_are_dropped_with_a_warning(
    raw: str, host: tuple[str, ...], port: str | None, path: tuple[str, ...]
) -> None:
    parsed, warnings = parse(raw)
    assert (parsed.host, parsed.port, parsed.path) == (host, port, path)
    assert warnings == [CREDENTIALS]


def test_proper_url_parsing_schema_example() -> None:
    raw = "https://ani{{yo}}ket:{{asd}}@{{hellohost}}:2002/crazyvar/{{yo}}/:awesome?a=b&c=d#/awesomeshit"
    parsed, warnings = parse(raw)
    assert parsed == url(
        raw,
        protocol="https",
        host=("{{hellohost}}",),
        port="2002",
        path=("crazyvar", "{{yo}}", ":awesome"),
        query=(q("a", "b"), q("c", "d")),
        hash="/awesomeshit",
        variables=(PathVariable("awesome", None),),
    )
    assert warnings == [CREDENTIALS]
    assert path_template(parsed) == "/crazyvar/{yo}/{awesome}"
    assert path_parameters(parsed) == ("yo", "awesome")


def test_protocol_is_whatever_precedes_the_first_separator() -> None:
    # as in the SDK, which looks for `://` anywhere left of the query
    parsed, _ = parse("h/a://b/c")
    assert (parsed.protocol, parsed.host, parsed.path) == ("h/a", ("b",), ("c",))
    parsed, _ = parse("://h")
    assert (parsed.protocol, parsed.host) == ("", ("h",))


# --- object URLs -----------------------------------------------------------------------

OBJECT_CASES: list[tuple[dict[str, Any], Url]] = [
    # the usual export: structured parts and a raw that agrees
    (
        {
            "raw": "https://{{host}}:8080/v1/users/:id?active=true&tag#frag",
            "protocol": "https",
            "host": ["{{host}}"],
            "port": "8080",
            "path": ["v1", "users", ":id"],
            "query": [
                {"key": "active", "value": "true"},
                {"key": "tag", "value": None},
                {"key": "x", "value": "1", "disabled": True, "description": "why"},
            ],
            "hash": "frag",
            "variable": [{"key": "id", "value": "42", "description": "User id", "type": "string"}],
        },
        url(
            "https://{{host}}:8080/v1/users/:id?active=true&tag#frag",
            protocol="https",
            host=("{{host}}",),
            port="8080",
            path=("v1", "users", ":id"),
            query=(q("active", "true"), q("tag", None), q("x", "1", "why", disabled=True)),
            hash="frag",
            variables=(PathVariable("id", "42", "User id"),),
        ),
    ),
    # SDK fixtures: string host, string path "/:resource", variable keyed by legacy `id`
    (
        {
            "host": "postman-echo.com",
            "path": "/:resource",
            "variable": [{"id": "resource", "value": "get"}],
        },
        url(
            "",
            host=("postman-echo", "com"),
            path=(":resource",),
            variables=(PathVariable("resource", "get"),),
        ),
    ),
    # SDK examples/collection-v2.json: trailing dot in host, path without a leading slash
    (
        {"host": "sub.example.com.", "path": "path/to/document"},
        url("", host=("sub", "example", "com", ""), path=("path", "to", "document")),
    ),
    # a string path loses one leading slash; "/" is [""]; "" is no path
    ({"host": ["h"], "path": "/"}, url("", host=("h",), path=("",))),
    ({"host": ["h"], "path": "//a/"}, url("", host=("h",), path=("", "a", ""))),
    ({"host": ["h"], "path": ""}, url("", host=("h",))),
    ({"host": ["h"], "path": "/a/{{x/y}}/b"}, url("", host=("h",), path=("a", "{{x/y}}", "b"))),
    # a string host splits on dots outside tokens; segments of a list are kept whole
    ({"host": "127.0.{{ip.subnet}}.1"}, url("", host=("127", "0", "{{ip.subnet}}", "1"))),
    ({"host": ["api.example.com"], "path": []}, url("", host=("api.example.com",))),
    # only `path`: the structured parts still win
    ({"path": ["a"]}, url("", path=("a",))),
    # only `raw` (a TR fixture has `{"raw": ""}`): raw is parsed
    ({"raw": ""}, url("")),
    (
        {"raw": "https://h.com/a/:id?x=1#f", "variable": [{"key": "id", "value": "7"}]},
        url(
            "https://h.com/a/:id?x=1#f",
            protocol="https",
            host=("h", "com"),
            path=("a", ":id"),
            query=(q("x", "1"),),
            hash="f",
            variables=(PathVariable("id", "7"),),
        ),
    ),
    # raw fallback: structured parts that are present still win over raw's
    (
        {
            "raw": "http://h/a?x=1",
            "query": [{"key": "y", "value": "2"}],
            "protocol": "https",
            "port": 444,
        },
        url(
            "http://h/a?x=1",
            protocol="https",
            host=("h",),
            port="444",
            path=("a",),
            query=(q("y", "2"),),
        ),
    ),
    # a port given as a number; an empty port
    ({"host": ["h"], "port": 8080}, url("", host=("h",), port="8080")),
    ({"host": ["h"], "port": ""}, url("", host=("h",), port="")),
    # query: null and missing keys are "", numbers and booleans as JSON text
    (
        {
            "host": ["h"],
            "query": [
                {"key": None, "value": None},
                {"value": "v"},
                {"key": "n", "value": 3},
                {"key": "f", "value": 1.5},
                {"key": "b", "value": False},
                {"key": 7, "value": True},
            ],
        },
        url(
            "",
            host=("h",),
            query=(
                q("", None),
                q("", "v"),
                q("n", "3"),
                q("f", "1.5"),
                q("b", "false"),
                q("7", "true"),
            ),
        ),
    ),
    # descriptions as strings, {content} objects or null
    (
        {
            "host": ["h"],
            "path": [":a", ":b", ":c"],
            "query": [
                {"key": "s", "value": "1", "description": "text"},
                {
                    "key": "o",
                    "value": "2",
                    "description": {"content": "md", "type": "text/markdown"},
                },
                {"key": "n", "value": "3", "description": None},
            ],
            "variable": [
                {"key": "a", "value": "1", "description": "text"},
                {"key": "b", "value": "2", "description": {"content": "md"}},
                {"key": "c", "value": "3", "description": None},
            ],
        },
        url(
            "",
            host=("h",),
            path=(":a", ":b", ":c"),
            query=(q("s", "1", "text"), q("o", "2", "md"), q("n", "3")),
            variables=(
                PathVariable("a", "1", "text"),
                PathVariable("b", "2", "md"),
                PathVariable("c", "3"),
            ),
        ),
    ),
    # a query given as a string, or strings inside the list
    ({"host": ["h"], "query": "?a=1&b"}, url("", host=("h",), query=(q("a", "1"), q("b", None)))),
    (
        {"host": ["h"], "query": ["a=1", {"key": "b"}]},
        url("", host=("h",), query=(q("a", "1"), q("b", None))),
    ),
    # path variables: order of the path, once, `key` before `id`, the last entry wins
    (
        {
            "host": ["h"],
            "path": [":b", ":a.json", ":b"],
            "variable": [
                {"key": "a", "id": "ignored", "value": "1"},
                {"key": "", "id": "b", "value": "old"},
                {"key": "b", "value": "new"},
            ],
        },
        url(
            "",
            host=("h",),
            path=(":b", ":a.json", ":b"),
            variables=(PathVariable("b", "new"), PathVariable("a", "1")),
        ),
    ),
    # a path variable without an entry, or with an empty value
    (
        {"host": ["h"], "path": [":a", ":b"], "variable": [{"key": "b", "value": ""}]},
        url(
            "",
            host=("h",),
            path=(":a", ":b"),
            variables=(PathVariable("a", None), PathVariable("b", "")),
        ),
    ),
]


@pytest.mark.parametrize(
    ("node", "expected"), OBJECT_CASES, ids=[str(c[0])[:50] for c in OBJECT_CASES]
)
def test_object_url(node: dict[str, Any], expected: Url) -> None:
    assert parse(node) == (expected, [])


@pytest.mark.parametrize(
    "raw",
    [
        "https://{{host}}:8080/v1/users/:id?tag&active=true#other",  # query order, fragment
        "HTTPS://{{HOST}}:8080/v1/users/:id?active=true&tag",  # protocol and host case
        "  https://{{host}}:8080/v1/users/:id?active=true&tag\n",  # surrounding whitespace
    ],
)
def test_raw_agreeing_with_the_structured_parts_is_quiet(raw: str) -> None:
    node = {
        "raw": raw,
        "protocol": "https",
        "host": ["{{host}}"],
        "port": "8080",
        "path": ["v1", "users", ":id"],
        "query": [
            {"key": "active", "value": "true"},
            {"key": "tag"},
            {"key": "x", "disabled": True},
        ],
    }
    assert parse(node)[1] == []


@pytest.mark.parametrize(
    ("node", "detail", "path"),
    [
        (
            {
                "raw": "https://h.com/v2/a",
                "protocol": "https",
                "host": ["h", "com"],
                "path": ["v1", "a"],
            },
            "path: raw '/v2/a', structured '/v1/a'",
            ("v1", "a"),
        ),
        ({"raw": "{{url}}/a", "path": ["a"]}, "host: raw '{{url}}', structured ''", ("a",)),
        (
            {"raw": "https://h/a", "host": ["h"], "path": ["a"]},
            "protocol: raw 'https', structured ''",
            ("a",),
        ),
        ({"raw": "h:81/a", "host": ["h"], "path": ["a"]}, "port: raw '81', structured ''", ("a",)),
        (
            {"raw": "h/a?x=1", "host": ["h"], "path": ["a"]},
            "query: raw 'x=1', structured ''",
            ("a",),
        ),
        ({"raw": "h/a/", "host": ["h"], "path": ["a"]}, "path: raw '/a/', structured '/a'", ("a",)),
    ],
)
def test_raw_disagreeing_with_the_structured_parts_warns(
    node: dict[str, Any], detail: str, path: tuple[str, ...]
) -> None:
    parsed, warnings = parse(node)
    assert parsed.path == path  # the structured path, as Postman
    assert warnings == [
        Diagnostic(
            PATH,
            f"url.raw disagrees with the structured url ({detail}); using host/path, as Postman",
        )
    ]


def test_the_warning_never_shows_a_credential_value() -> None:
    node = {
        "raw": "h/a?api_key=raw-secret-1&page=2",
        "host": ["h"],
        "path": ["a"],
        "query": [
            {"key": "api_key", "value": "structured-secret-2"},
            {"key": "page", "value": "3"},
        ],
    }
    _, warnings = parse(node)
    assert [w.message for w in warnings] == [
        "url.raw disagrees with the structured url (query: raw 'api_key=***&page=2', "
        "structured 'api_key=***&page=3'); using host/path, as Postman"
    ]


def test_several_disagreements_are_one_warning() -> None:
    _, warnings = parse({"raw": "https://x/b", "protocol": "https", "host": ["y"], "path": ["c"]})
    assert [w.message for w in warnings] == [
        "url.raw disagrees with the structured url (host: raw 'x', structured 'y'; "
        "path: raw '/b', structured '/c'); using host/path, as Postman"
    ]


# --- odd shapes: a best-effort Url and a warning ----------------------------------------

ODD_CASES: list[tuple[object, Url, list[Diagnostic]]] = [
    (None, url(""), []),
    (42, url("42", host=("42",)), [Diagnostic(PATH, "expected a URL string or object")]),
    (True, url("true", host=("true",)), [Diagnostic(PATH, "expected a URL string or object")]),
    (["http://h"], url(""), [Diagnostic(PATH, "expected a URL string or object")]),
    ({}, url(""), []),
    (
        {"raw": 5, "host": ["h"]},
        url("", host=("h",)),
        [Diagnostic(f"{PATH}.raw", "expected a string, ignored")],
    ),
    (
        {"host": {"a": 1}, "path": 3},
        url(""),
        [
            Diagnostic(f"{PATH}.host", "expected a string or a list of strings, ignored"),
            Diagnostic(f"{PATH}.path", "expected a string or a list of strings, ignored"),
        ],
    ),
    (
        {"host": ["api", 2, None, ["x"]], "path": [{"type": "string", "value": "v1"}, None, 3]},
        url("", host=("api", "2", "", '["x"]'), path=("v1", "", "3")),
        [
            Diagnostic(f"{PATH}.host[1]", "expected a string segment; using '2'"),
            Diagnostic(f"{PATH}.host[2]", "expected a string segment; using ''"),
            Diagnostic(f"{PATH}.host[3]", "expected a string segment; using '[\"x\"]'"),
            Diagnostic(f"{PATH}.path[0]", "expected a string segment; using 'v1'"),
            Diagnostic(f"{PATH}.path[1]", "expected a string segment; using ''"),
            Diagnostic(f"{PATH}.path[2]", "expected a string segment; using '3'"),
        ],
    ),
    (
        {"host": ["h"], "protocol": ["https"], "port": True, "hash": 1.5},
        url("", host=("h",), port="true", hash="1.5"),
        [
            Diagnostic(f"{PATH}.protocol", "expected a string"),
            Diagnostic(f"{PATH}.port", "expected a string"),
            Diagnostic(f"{PATH}.hash", "expected a string"),
        ],
    ),
    (
        {"host": ["h"], "query": [{"key": {"a": 1}, "value": [1, "x"]}, 3, None]},
        url("", host=("h",), query=(q('{"a":1}', '[1,"x"]'),)),
        [
            Diagnostic(f"{PATH}.query[0].key", "expected a string; using it as JSON"),
            Diagnostic(f"{PATH}.query[0].value", "expected a string; using it as JSON"),
            Diagnostic(f"{PATH}.query[1]", "expected a query param, ignored"),
            Diagnostic(f"{PATH}.query[2]", "expected a query param, ignored"),
        ],
    ),
    (
        {"host": ["h"], "query": {"a": "1"}},
        url("", host=("h",)),
        [Diagnostic(f"{PATH}.query", "expected a list of query params, ignored")],
    ),
    (
        {"host": ["h"], "auth": {"user": "u", "password": "p"}},
        url("", host=("h",)),
        [Diagnostic(f"{PATH}.auth", "credentials in the URL are not kept")],
    ),
    # url.variable: non-string values are not substituted by Postman (url test l. 985)
    (
        {
            "host": ["h"],
            "path": [":a", ":b", ":c", ":d"],
            "variable": [
                {"key": "a", "value": None},
                {"key": "b", "value": 1},
                {"key": "c", "value": ["x"]},
                {"key": "d", "value": {"x": 1}},
            ],
        },
        url(
            "",
            host=("h",),
            path=(":a", ":b", ":c", ":d"),
            variables=tuple(PathVariable(name, None) for name in "abcd"),
        ),
        [
            Diagnostic(f"{PATH}.variable[{index}].value", "not a string, ignored (as Postman)")
            for index in (1, 2, 3)
        ],
    ),
    (
        {
            "host": ["h"],
            "path": [":a"],
            "variable": [{"key": "zz", "value": "1"}, {"value": "2"}, "a", {"id": 5, "value": "3"}],
        },
        url("", host=("h",), path=(":a",), variables=(PathVariable("a", None),)),
        [
            Diagnostic(f"{PATH}.variable[2]", "expected an object (path variables), ignored"),
            Diagnostic(f"{PATH}.variable[1]", "path variable without a key, ignored"),
            Diagnostic(f"{PATH}.variable[0]", "no :zz segment in the path; ignored"),
            Diagnostic(f"{PATH}.variable[3]", "no :5 segment in the path; ignored"),
        ],
    ),
    (
        {"host": ["h"], "variable": {"a": "1"}},
        url("", host=("h",)),
        [Diagnostic(f"{PATH}.variable", "expected a list of path variables, ignored")],
    ),
    # OpenAPI-style `{id}` is sent literally by Postman: say so
    (
        "h/users/{id}",
        url("h/users/{id}", host=("h",), path=("users", "{id}")),
        [Diagnostic(PATH, "'{' or '}' outside {{…}} in the path is sent as is (use :name)")],
    ),
]


@pytest.mark.parametrize(
    ("node", "expected", "warnings"), ODD_CASES, ids=[str(c[0])[:50] for c in ODD_CASES]
)
def test_odd_shapes(node: object, expected: Url, warnings: list[Diagnostic]) -> None:
    assert parse(node) == (expected, warnings)


# --- path templates --------------------------------------------------------------------

TEMPLATE_CASES: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "https://{{api-domain}}/crm/bulk/v2.1/write/{{job_id}}",
        "/crm/bulk/v2.1/write/{job_id}",
        ("job_id",),
    ),
    ("{{baseUrl}}/v1/users/:id", "/v1/users/{id}", ("id",)),
    ("{{baseUrl}}", "/", ()),
    ("{{baseUrl}}/", "/", ()),
    ("h/a/", "/a/", ()),
    ("h/a//b", "/a//b", ()),
    ("h/files/:ab.json", "/files/{ab}.json", ("ab",)),
    ("h/:foo.bar.baz", "/{foo}.bar.baz", ("foo",)),
    ("h/api/v{{ver}}/x", "/api/v{ver}/x", ("ver",)),
    ("h/:a/:ab.json/:a+b", "/{a}/{ab}.json/{a+b}", ("a", "ab", "a+b")),
    ("h/:/:./:var", "/:/:./{var}", ("var",)),
    ("h/:foo/{{foo}}/:foo", "/{foo}/{foo}/{foo}", ("foo",)),
    ("h/:郵差/{{my var}}/{{a.b}}", "/{郵差}/{my var}/{a.b}", ("郵差", "my var", "a.b")),
    ("h/:ab.{{ext}}", "/{ab}.{ext}", ("ab", "ext")),
    ("h/:{{x}}", "/:{x}", ("x",)),
    ("h/{{a}}{{b}}-{{a}}", "/{a}{b}-{a}", ("a", "b")),
    ("h/a{{}}b", "/a{{}}b", ()),
    ("{{p://}}://h/{{f/o/o}}/bar?{{q}}#{{h}}", "/{f/o/o}/bar", ("f/o/o",)),
    ("h/:b/:a/x?:c=1", "/{b}/{a}/x", ("b", "a")),
]


@pytest.mark.parametrize(
    ("raw", "template", "names"), TEMPLATE_CASES, ids=[c[0] for c in TEMPLATE_CASES]
)
def test_path_template(raw: str, template: str, names: tuple[str, ...]) -> None:
    parsed, _ = parse(raw)
    assert path_template(parsed) == template
    assert path_parameters(parsed) == names


def test_template_of_an_object_url_ignores_the_host() -> None:
    parsed, _ = parse({"host": ["{{baseUrl}}"], "path": ["users", ":user id", "{{job_id}}"]})
    assert path_template(parsed) == "/users/{user id}/{job_id}"
    assert path_parameters(parsed) == ("user id", "job_id")
    assert path_template(Url(raw="")) == "/"
    assert path_template(Url(raw="", path=("",))) == "/"


# --- properties ------------------------------------------------------------------------

URL_PIECES = st.sampled_from([*":/?#.@&=[]{}\\ \n%+a1é郵", "{{", "}}", "{{x}}", "{{.:/}}", "://"])
URL_LIKE = st.lists(URL_PIECES, max_size=30).map("".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
URL_KEYS = st.sampled_from(
    ["raw", "protocol", "host", "port", "path", "query", "hash", "variable", "auth"]
)


@settings(max_examples=400)
@given(st.text() | URL_LIKE)
def test_any_text_parses_and_templates(raw: str) -> None:
    parsed, _ = parse(raw)
    template = path_template(parsed)
    assert parsed.raw == raw
    for name in path_parameters(parsed):
        assert "{" + name + "}" in template
        assert "{" not in name
        assert "}" not in name


@settings(max_examples=300)
@given(st.dictionaries(URL_KEYS, JSON | URL_LIKE) | JSON)
def test_any_json_parses_and_templates(node: object) -> None:
    """Whatever the JSON, a ``Url`` and a template whose placeholders are its parameters,
    each once; a value that is no URL at all is warned about, and every warning is located
    under the URL's own path."""
    parsed, warnings = parse(node)
    template = path_template(parsed)
    names = path_parameters(parsed)
    assert template.startswith("/")
    assert len(set(names)) == len(names)
    for name in names:
        assert "{" + name + "}" in template
        assert "{" not in name and "}" not in name
    assert all(w.path == PATH or w.path.startswith((PATH + ".", PATH + "[")) for w in warnings)
    if not isinstance(node, (dict, str)) and node is not None:
        assert warnings[0] == Diagnostic(PATH, "expected a URL string or object")
    if isinstance(node, dict) and isinstance(node.get("raw"), str):
        assert parsed.raw == node["raw"]
    if isinstance(node, dict) and isinstance(node.get("path"), list):
        assert len(parsed.path) == len(node["path"])


@given(st.lists(URL_LIKE, max_size=6))
def test_structured_path_segments_are_kept(segments: list[str]) -> None:
    parsed, _ = parse({"host": ["h"], "path": segments})
    assert parsed.path == tuple(segments)


@pytest.mark.parametrize(
    "raw",
    [
        "{{" * 100_000,
        "{{a" * 60_000 + "}}",
        "h/" + ":a." * 60_000,
        "h" + ".{{" * 60_000 + "?" + "&=" * 60_000,
        "h/" + "{{x}}/" * 40_000,
        "a@:" * 60_000,
    ],
    ids=["braces", "unclosed", "dots", "dots-query", "tokens", "at-colon"],
)
def test_pathological_urls_are_handled(raw: str) -> None:
    parsed, _ = parse(raw)
    assert path_template(parsed).startswith("/")
    assert len(path_parameters(parsed)) <= len(raw)


def _pieces(excluded: str, min_size: int = 0) -> st.SearchStrategy[str]:
    """Text without ``excluded`` outside tokens; tokens may hold any separator."""
    plain = st.text(st.characters(exclude_characters=excluded + "{}\\"), min_size=1, max_size=4)
    token = st.text(st.characters(exclude_characters="{}"), max_size=4).map(
        lambda s: f"{{{{{s}}}}}"
    )
    return st.lists(plain | token, min_size=min_size, max_size=3).map("".join)


@st.composite
def built_urls(draw: st.DrawFn) -> Url:
    """A Url with parts the string syntax can carry, and its text as ``raw``."""
    protocol = draw(st.sampled_from(["http", "https", "HTTP", "{{scheme}}", "{{a://b}}"]))
    host = tuple(draw(st.lists(_pieces("./:@?#", min_size=1), min_size=1, max_size=3)))
    port = draw(st.none() | st.sampled_from(["", "8080", "{{port}}", "{{:p}}"]))
    path = tuple(draw(st.lists(_pieces("/?#"), max_size=4)))
    query = tuple(
        Param(key, value)
        for key, value in draw(
            st.lists(st.tuples(_pieces("&=#"), st.none() | _pieces("&#")), max_size=3)
        )
    )
    fragment = draw(st.none() | _pieces(""))
    raw = f"{protocol}://{'.'.join(host)}"
    raw += "" if port is None else f":{port}"
    raw += "/" + "/".join(path) if path else ""
    raw += (
        "?" + "&".join(p.key if p.value is None else f"{p.key}={p.value}" for p in query)
        if query
        else ""
    )
    raw += "" if fragment is None else f"#{fragment}"
    return Url(raw, protocol, host, port, path, query, fragment)


@settings(max_examples=300)
@given(built_urls())
def test_parsing_recovers_the_parts_of_a_built_url(expected: Url) -> None:
    parsed, warnings = parse(expected.raw)
    assert replace(parsed, variables=()) == expected
    assert all(w.message != CREDENTIALS.message for w in warnings)
