"""The generated tests: a case per saved example, on ``httpx.MockTransport``.

Each case calls the method with the values of the example's original request, checks the
request the client built (method, path, query, JSON body, auth), serves the example's
response and checks the result: the body parsed into its model and written back equal to
the JSON, or the error class the status and error code select. The cases are data
(``generator.emit.test_data`` writes them to ``tests/examples/<module>.json``), read by one
parametrized test function per kind of outcome: black never parses a saved body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

from generator.emit.declared_credentials import ISSUED_TOKEN, Credential, declared_credentials
from generator.emit.environment import render, render_cached
from generator.emit.layout import Brackets
from generator.emit.modules import MODULE_LINES
from generator.emit.parameters import is_placeholder, python_value, wire_text
from generator.emit.plan import Method, Parameter, Plan, Resource, media_kind
from generator.emit.redaction import mentions, redact, redact_json_text, redact_literal
from generator.emit.script_tests import Candidate, ScriptCase, script_cases
from generator.emit.test_cases import (
    Argument,
    ArgumentValue,
    ExampleTest,
    FileArgument,
    JsonArgument,
    cases_text,
    literal_of,
    unique_keys,
)
from generator.infer import placeholder
from generator.infer.formats import format_of
from generator.installation import templates_dir
from generator.ir import (
    ApiModels,
    Collection,
    Endpoint,
    Example,
    FormDataBody,
    FormPart,
    JsonValue,
    Param,
    RawBody,
    Request,
    UrlencodedBody,
)
from generator.json_layout import LayoutMemo
from generator.json_values import dumps, map_strings
from generator.loader.lenient_json import nests_deeper
from generator.naming.identifiers import module_files, unique_in_scope
from generator.naming.runtime_names import STATUS_ERRORS
from generator.scripts.analyze import endpoint_scripts
from generator.scripts.facts import EndpointScripts
from generator.scripts.login import credential_source
from generator.secrets import is_secret, is_secret_field

BASE_URL = "https://api.example.test"
# Saved bodies longer than this are not written into a flow test: black and readers cope
# badly with a multi-megabyte literal (a 30 MB one took black over 4 GB of memory)
INLINE_BODY_LIMIT = 16_384
# The test functions of a module's example cases, one per kind of outcome (without their
# ``test_`` prefix): ``project/tests/module.py.j2`` defines them, a script test is named apart
# Lines a module's imports may grow by with the script tests it holds (``re``, ``json``,
# ``postman``): a part is filled to the cap less this
_IMPORT_ROOM = 8
CASE_FUNCTIONS = (
    "parses_into_its_model",
    "returns_its_body",
    "returns_none",
    "builds_its_request",
    "raises_its_error",
)
# A credential field's name as its sample (``"<password>"``): read as a placeholder again
_SAMPLE_NAME = re.compile(r"[A-Za-z][\w.-]{0,78}")
# An example whose saved bodies nest deeper than this is left out of the tests (a comment
# says so): decoding, comparing and dumping a body recurse per level in the test's own
# stack, which pytest has already taken part of (the runtime's dump fails near 450 levels)
TEST_NESTING = 200
# Response headers a saved example may carry that no longer describe the body we send (the
# body is sent whole, in UTF-8, with the media type the generated tests serve it with)
_DROPPED_HEADERS = frozenset(
    {
        "content-length",
        "transfer-encoding",
        "content-encoding",
        "content-type",
        "connection",
        "keep-alive",
    }
)
_FIELD = re.compile(r"\{([^{}]*)\}")  # a {name} field of a method's path template
# ``key[index]``: an item of an indexed list, its index in ASCII digits (as the plan's)
_INDEXED_ITEM = re.compile(r"(.*)\[([0-9]+)\]", re.DOTALL)
_SAMPLES: dict[tuple[str, str | None], JsonValue] = {
    ("int", None): 0,
    ("float", None): 0.5,
    ("bool", None): True,
    ("object", None): {},
    ("str", "date-time"): "2000-01-01T00:00:00Z",
    ("str", "date"): "2000-01-01",
    ("str", "time"): "00:00:00",
    ("str", "uuid"): "00000000-0000-0000-0000-000000000000",
    ("str", "uri"): "https://example.com/",
    ("str", "email"): "user@example.com",
}


def render_tests(
    plan: Plan, api: ApiModels, collection: Collection, layout: LayoutMemo | None = None
) -> dict[str, str]:
    """``tests/conftest.py``, ``tests/postman.py`` (the scripts' JavaScript semantics, where
    a script has tests), and per folder (and for the client) a test module, more where its
    script tests pass ``MODULE_LINES``, and its cases' data file (its cases remembered in
    ``layout``: ``cases_text``)."""
    outline = plan.outline()
    modules = planned_modules(plan, collection)
    scripted = any(module.scripted for module in modules)
    taken = {module.name.lower() for module in modules}
    files = {
        "tests/__init__.py": "",
        "tests/conftest.py": render(
            "project/tests/conftest.py.j2",
            plan=outline,
            base_url=BASE_URL,
            credentials=_credentials(plan),
            scanned=_scanned_credentials(plan),
            other_hosts=_other_hosts(plan),
            token_urls=[
                dict(auth.literals)["token_url"]
                for auth in plan.auths
                if auth.kind == "client_credentials"
            ],
            issued_token=ISSUED_TOKEN,
            scripted=scripted,
        ),
    }
    if scripted:
        semantics = templates_dir() / "project" / "tests" / "postman.py"
        files["tests/postman.py"] = semantics.read_text("utf-8")
    for module in modules:
        data_file = f"{module.name}.json"
        if module.tests:
            files[f"tests/examples/{data_file}"] = cases_text(module.tests, layout)
        context = {
            "plan": outline,
            "data_file": data_file,
            "nesting": TEST_NESTING,
            "base_url": BASE_URL,
        }
        texts = _test_modules(module, context)
        names = [module.name, *_continuations(module.name, len(texts) - 1, taken)]
        for name, text in zip(names, texts, strict=True):
            files[f"tests/test_{name}.py"] = text
    return files


def _continuations(name: str, count: int, taken: set[str]) -> list[str]:
    """``count`` names for the modules continuing ``name``'s: ``<name>_2``, ``<name>_3``,
    skipping one ``taken`` (another folder may be called ``<name> 2``: its module keeps its
    name), compared without case as the file system may."""
    names: list[str] = []
    number = 2
    while len(names) < count:
        candidate = f"{name}_{number}"
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            names.append(candidate)
        number += 1
    return names


def _test_modules(module: ModuleTests, context: dict[str, object]) -> list[str]:
    """The module's test files: one, unless its script tests pass ``MODULE_LINES``; then
    they go on in continuing modules, in order, each filled to the cap (adding a test moves
    only those after it)."""
    whole = _test_module(module.tests, module.scripted, module.too_deep, context)
    if whole.count("\n") <= MODULE_LINES or len(module.scripted) < 2:
        return [whole]
    costs = [_lines([case, case], context) - _lines([case], context) for case in module.scripted]
    first = _test_module(module.tests, [], module.too_deep, context).count("\n")
    below = _lines(module.scripted[:1], context) - costs[0]  # a continuing module's head
    parts: list[list[Scripted]] = [[]]
    used = first + _IMPORT_ROOM
    for case, cost in zip(module.scripted, costs, strict=True):
        if parts[-1] and used + cost > MODULE_LINES:
            parts.append([])
            used = below + _IMPORT_ROOM
        used += cost
        parts[-1].append(case)
    texts = [_test_module(module.tests, parts[0], module.too_deep, context)]
    return texts + [_test_module([], part, [], context) for part in parts[1:]]


def _lines(scripted: list[Scripted], context: dict[str, object]) -> int:
    """The lines of a module of these script tests alone (the same one twice: its cost)."""
    return _test_module([], scripted, [], context).count("\n")


def _test_module(
    tests: list[ExampleTest],
    scripted: list[Scripted],
    too_deep: list[str],
    context: dict[str, object],
) -> str:
    """One test module: the example cases' test functions, then script tests."""
    return render_cached(
        "project/tests/module.py.j2",
        tests=tests,
        scripted=scripted,
        too_deep=too_deep,
        **context,
    )


@dataclass(frozen=True)
class Scripted:
    """A test from the collection's scripts, and the example test whose call (and, when
    ``case.example`` names it, whose saved answer) it makes."""

    case: ScriptCase
    test: ExampleTest


@dataclass(frozen=True)
class ModuleTests:
    """The tests of one module (``tests/test_<name>.py``), named apart: the example tests,
    then the script tests; ``too_deep`` names those left out (a saved body nests too deep)."""

    name: str
    tests: list[ExampleTest]
    scripted: list[Scripted]
    too_deep: list[str]


def planned_modules(plan: Plan, collection: Collection) -> list[ModuleTests]:
    """Every test module's tests, decided (``bench/script_mutations.py`` reads the script
    tests from here)."""
    modules: dict[str, list[ExampleTest]] = {}
    scripted: dict[str, list[Scripted]] = {}
    endpoints = {endpoint.json_path: endpoint for endpoint in collection.endpoints()}
    scripts = endpoint_scripts(collection)
    value_of = _test_values(plan).get
    logins: dict[str, set[str]] = {}
    for source in credential_source(collection, scripts).sources:
        logins.setdefault(source.endpoint, set()).add(source.variable)
    for module, call, method in _methods(plan):
        endpoint = endpoints[method.source]
        declared = declared_credentials(endpoint, value_of, logins.get(endpoint.json_path, ()))
        credentials = _redacted_credentials(plan, declared)
        made = [
            _redacted(plan, replace(t, credentials=credentials))
            for t in _tests(call, method, endpoint, plan.secrets)
        ]
        modules.setdefault(module, []).extend(made)
        cases = _scripted(plan, method, endpoint, scripts.get(method.source), made)
        scripted.setdefault(module, []).extend(cases)
    files = module_files(list(modules))
    return [
        _named(file, modules[key], scripted[key]) for key, file in zip(modules, files, strict=True)
    ]


def _scripted(
    plan: Plan,
    method: Method,
    endpoint: Endpoint,
    scripts: EndpointScripts | None,
    made: list[ExampleTest],
) -> list[Scripted]:
    """The method's script tests, each with the example test it borrows its call from."""
    examples = {example.json_path: example for example in endpoint.examples}
    candidates = [
        Candidate(
            t.example_path,
            t.status,
            t.body,
            t.content_type,
            tuple((key, plan.redacted(value)) for key, value in saved_headers(example)),
            plan.redacted(saved_reason(example, t.status)),
        )
        for t in made
        if t.example_path and (example := examples.get(t.example_path)) is not None
    ]
    cases = script_cases(method.name, scripts, candidates, plan.redacted)
    by_example = {t.example_path: t for t in made}
    return [Scripted(case, by_example.get(case.example, made[0])) for case in cases]


def _named(name: str, tests: list[ExampleTest], scripted: list[Scripted]) -> ModuleTests:
    """One module's cases with distinct keys and script tests with distinct names (apart
    from the case functions'), those whose bodies nest too deep left out."""
    keys = unique_keys([_case_key(t) for t in tests])
    tests = [replace(t, key=key) for t, key in zip(tests, keys, strict=True)]
    keyed = {(t.call, t.example_path): t for t in tests}
    names = unique_in_scope([(s.case.name, []) for s in scripted], CASE_FUNCTIONS)
    scripted = [
        Scripted(replace(s.case, name=n), keyed.get((s.test.call, s.test.example_path), s.test))
        for s, n in zip(scripted, names, strict=True)
    ]
    too_deep = [t.key for t in tests if _too_deep(t)]
    too_deep += [f"test_{s.case.name}" for s in scripted if _too_deep(s.test)]
    return ModuleTests(
        name,
        [t for t in tests if not _too_deep(t)],
        [s for s in scripted if not _too_deep(s.test)],
        too_deep,
    )


def _case_key(test: ExampleTest) -> str:
    """``<request> / <example name>``: what a failing case is called (its pytest id)."""
    request = test.call.removeprefix("client.")
    return f"{request} / {test.example if test.example is not None else '(no example)'}"


def _too_deep(test: ExampleTest) -> bool:
    """Whether the test's request or response body nests deeper than ``TEST_NESTING``."""
    bodies = [test.json_body or "", test.body if media_kind(test.content_type) == "json" else ""]
    return any(nests_deeper(body, TEST_NESTING) for body in bodies)


def _redacted(plan: Plan, test: ExampleTest) -> ExampleTest:
    """The test without the collection's credential values (every value consistently replaced:
    the arguments, the request they make and the response served stay in agreement; the
    response is already ``served`` without them, as ``postc mock`` serves it)."""
    if not plan.secrets or not _mentions_a_secret(plan, test):
        return test
    return replace(
        test,
        arguments=tuple((name, _redacted_value(plan, value)) for name, value in test.arguments),
        path=plan.redacted(test.path),
        query=tuple((key, plan.redacted(value)) for key, value in test.query),
        json_body=_redacted_json(plan, test.json_body) if test.json_body is not None else None,
        example=plan.redacted(test.example) if test.example is not None else None,
    )


def _mentions_a_secret(plan: Plan, test: ExampleTest) -> bool:
    """Whether a credential value is anywhere in the test's text (most tests carry none)."""
    texts = [test.path, test.json_body or "", test.example or ""]
    texts += [value for _, value in test.query]
    texts += [text for _, value in test.arguments for text in _texts(value)]
    return any(mentions(text, plan.secrets) for text in texts)


def _texts(value: ArgumentValue) -> list[str]:
    """The text an argument carries (a redaction may have to change)."""
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, JsonArgument):
        return [value.text]
    if isinstance(value, bytes):
        return [value.decode("utf-8", "surrogateescape")]
    if isinstance(value, FileArgument):
        return [value.name]
    return [value] if isinstance(value, str) else []


def _redacted_value(plan: Plan, value: ArgumentValue) -> ArgumentValue:
    """``value`` without credentials, as ``redact_literal`` redacts its literal: a string as
    text, a JSON body in its string values only (keys keep their names), bytes as their
    UTF-8 text; numbers and the like as they are."""
    if isinstance(value, list):
        return [_redacted_value(plan, item) for item in value]
    if isinstance(value, JsonArgument):
        return JsonArgument(_redacted_json(plan, value.text))
    if isinstance(value, bytes):
        text = value.decode("utf-8", "surrogateescape")
        return plan.redacted(text).encode("utf-8", "surrogateescape")
    if isinstance(value, FileArgument):
        return FileArgument(plan.redacted(value.name), value.content)
    return plan.redacted(value) if isinstance(value, str) else value


def _redacted_argument(plan: Plan, value: Argument, json_text: bool = False) -> Argument:
    """``value`` without credentials: only the values of its literals change (the string in
    ``json.loads("...")`` as JSON data), never the code around them, so keys and names stay
    (a flow test's arguments, written as literals)."""
    if isinstance(value, str):
        return redact_literal(value, plan.secrets, json_text=json_text)
    loads = value.head == "json.loads("
    return Brackets(
        value.head,
        tuple(_redacted_argument(plan, item, loads) for item in value.items),
        value.tail if isinstance(value.tail, str) else _redacted_argument(plan, value.tail),
        value.kind,
    )


def _redacted_json(plan: Plan, text: str) -> str:
    """JSON text with credentials replaced in string values only: keys keep their names, so a
    weak secret such as ``postman`` cannot turn the key ``_postman_id`` into another field."""
    return redact_json_text(text, plan.secrets)


def _credentials(plan: Plan) -> list[tuple[str, str]]:
    """A value for every setting that has no default (credentials, mostly); not for the
    base URLs (``base_url``, another host's), which the tests point at their mock server."""
    hosts = set(_other_hosts(plan)) | {"base_url"}
    return [
        (s.name, f"test-{s.name.replace('_', '-')}")
        for s in plan.settings
        if s.default is None and s.name not in hosts
    ]


def _other_hosts(plan: Plan) -> list[str]:
    """The settings that stand for the other hosts' base URLs: the tests send their
    requests to the mock server too."""
    return [host.key for host in plan.hosts[1:]]


def _test_values(plan: Plan) -> dict[str, str]:
    """The value the tests' client holds for each collection variable's setting: the one
    ``_credentials`` gives it, else its default (a credential's setting has none)."""
    given = dict(_credentials(plan))
    values = {s.variable: given.get(s.name, s.default) for s in plan.settings}
    return {variable: value for variable, value in values.items() if value is not None}


def _scanned_credentials(plan: Plan) -> list[str]:
    """The credential values the tests' client holds (its secret settings', and the token
    the mock issues): a header or query value holding one carries a credential."""
    given = dict(_credentials(plan))
    values = [given[s.name] for s in plan.settings if s.secret and s.name in given]
    if any(auth.kind == "client_credentials" for auth in plan.auths):
        values.append(ISSUED_TOKEN)
    return sorted(set(values))


def _redacted_credentials(
    plan: Plan, credentials: tuple[Credential, ...] | None
) -> tuple[Credential, ...] | None:
    """The declared credentials without a value of the collection's (a header named by one)."""
    if credentials is None or not plan.secrets:
        return credentials
    return tuple(
        (where, plan.redacted(name), plan.redacted(value)) for where, name, value in credentials
    )


def _methods(plan: Plan) -> Iterator[tuple[str, str, Method]]:
    """(test module, call, method) of every method: a module per folder, named after its
    top-level folder and itself (``area_0_users_0``), so that a change to one request
    rewrites (and black reformats) a small module."""
    stack: list[tuple[str, str, str, Resource]] = [("client", "", "client", plan.root)]
    while stack:
        module, top, prefix, node = stack.pop()
        for method in node.methods:
            yield module, f"{prefix}.{method.name}", method
        for child in reversed(node.children):
            head = top or child.attribute
            below = child.attribute if head == child.attribute else f"{head}_{child.attribute}"
            stack.append((below, head, f"{prefix}.{child.attribute}", child))


def _tests(
    call: str, method: Method, endpoint: Endpoint, secrets: tuple[str, ...]
) -> Iterator[ExampleTest]:
    if not endpoint.examples:
        yield _request_test(call, method, endpoint.request)
    classes = error_class_index(method)
    for example in endpoint.examples:
        yield _example_test(call, method, example, endpoint.request, classes, secrets)


def _request_test(call: str, method: Method, declared: Request) -> ExampleTest:
    """Without saved examples: the request the collection describes is built as declared."""
    arguments, path, query, json_body = _argument_values(method, declared, declared)
    return ExampleTest(
        call=call,
        method=method,
        arguments=tuple(arguments),
        path=path,
        query=tuple(query),
        json_body=json_body,
        status=200,
        content_type="text/plain",
        body="",
        expect="request",
        error_class=None,
    )


def _example_test(
    call: str,
    method: Method,
    example: Example,
    declared: Request,
    classes: Mapping[tuple[int, str], int],
    secrets: tuple[str, ...],
) -> ExampleTest:
    """The test of one example: the answer it serves is the one ``postc mock`` serves."""
    request = example.original_request or declared
    arguments, path, query, json_body = _argument_values(method, request, declared)
    answer = served(example, secrets)
    expect, error_class = expected_outcome(method, example, answer.status, classes)
    return ExampleTest(
        call=call,
        method=method,
        arguments=tuple(arguments),
        path=path,
        query=tuple(query),
        json_body=json_body,
        status=answer.status,
        content_type=answer.content_type,
        body=answer.body,
        expect=expect,
        error_class=error_class,
        example=example.name,
        example_path=example.json_path,
    )


def expected_outcome(
    method: Method,
    example: Example,
    status: int,
    classes: Mapping[tuple[int, str], int] | None = None,
) -> tuple[str, str | None]:
    """What calling the method against the example gives: ``model``, ``json``, ``text``,
    ``bytes``, ``empty``, ``none``, ``request`` (nothing checkable), or ``error`` with the
    exception class name (``classes``: ``error_class_index(method)``, made once for all
    the method's examples)."""
    if status >= 400:
        document = example.json
        if document is not None and document.parsed and isinstance(document.value, dict):
            index = classes if classes is not None else error_class_index(method)
            places = [
                index[status, code] for code in _codes(document.value) if (status, code) in index
            ]
            if places:
                return "error", method.error_classes[min(places)].name
        fallback = "InternalServerError" if status >= 500 else "ApiStatusError"
        return "error", STATUS_ERRORS.get(status, fallback)
    if method.returns_kind in ("none", "text", "bytes"):
        return method.returns_kind, None
    if method.returns_kind == "json":
        return _decoded(example), None
    if example.json_path in method.returns_examples and not bodiless(status):
        return "model", None
    return "request", None


def _decoded(example: Example) -> str:
    """What a ``JsonValue`` method makes of the body the test serves (as the runtime's
    ``_json_value`` decodes it): ``json``, ``text``, ``empty``, or ``request`` where it
    would not be a JSON value (a binary type, a JSON type around text that is no JSON)."""
    answer = served(example)
    body, content_type = answer.body, answer.content_type
    if not body.strip():
        return "empty"
    kind = media_kind(content_type)
    if kind == "json":
        document = example.json
        return "json" if document is not None and document.parsed else "request"
    if kind == "text" and body.lstrip()[:1] not in ("{", "["):
        return "text"
    return "request"


def error_class_index(method: Method) -> dict[tuple[int, str], int]:
    """(status, code) -> where the first of the method's error classes for them is: an
    example's class is looked up, not searched for among thousands."""
    index: dict[tuple[int, str], int] = {}
    for place, error_class in enumerate(method.error_classes):
        index.setdefault((error_class.status, error_class.code), place)
    return index


def _codes(body: dict[str, Any]) -> list[str]:
    """The error codes a body carries (``code``, ``error_code``, ``errorCode``, down nested
    ``error`` objects at any depth)."""
    codes: list[str] = []
    value: object = body
    while isinstance(value, dict):
        codes += [
            code
            for key in ("code", "error_code", "errorCode")
            if isinstance(code := value.get(key), str)
        ]
        value = value.get("error")
    return codes


@dataclass(frozen=True)
class Served:
    """What answers a request for a saved example: in a generated test (on
    ``httpx.MockTransport``) and from ``postc mock`` alike, so the tests pass live."""

    status: int
    body: str
    content_type: str


def served(example: Example, secrets: tuple[str, ...] = ()) -> Served:
    """The answer to a request for ``example``: its status (200 without one), its body as
    ``response_body`` gives it without the collection's credential values (``secrets``,
    longest first, as the plan holds them), and none where the status allows none."""
    status = served_status(example)
    body, content_type = response_body(example)
    if bodiless(status):
        body = ""
    elif secrets and mentions(body, secrets):
        json_body = content_type == "application/json"
        body = redact_json_text(body, secrets) if json_body else redact(body, secrets)
    return Served(status, body, content_type)


def served_status(example: Example) -> int:
    """The example's status; 200 without one (the loader drops one HTTP cannot carry)."""
    return example.code or 200


def saved_headers(example: Example) -> list[tuple[str, str]]:
    """The example's saved headers that still describe the body served: ``postc mock`` sends
    them, and the script tests that read headers serve them."""
    return [
        (h.key, h.value or "")
        for h in example.headers
        if not h.disabled and h.key and h.key.lower() not in _DROPPED_HEADERS
    ]


def saved_reason(example: Example, status: int) -> str:
    """The reason phrase the example is answered with: as saved, else the status's."""
    try:
        return example.status or HTTPStatus(status).phrase
    except ValueError:
        return example.status or "Unknown"


def bodiless(status: int) -> bool:
    """Whether a response of this status carries no body, whatever the example saved."""
    return status < 200 or status in (204, 304)


def response_body(example: Example) -> tuple[str, str]:
    """The body (and its media type) a generated test serves for ``example``, and
    ``postc mock`` too: a JSON body with its placeholders as typed samples and its
    credential fields as samples (the data the test expects back), other bodies as saved."""
    content_type = example.content_type or "text/plain"
    document = example.json
    if document is not None and document.parsed:
        body = without_credentials(_sampled(document.value))
        return dumps(body, ensure_ascii=False), "application/json"
    return example.body or "", content_type


def _sampled(value: JsonValue) -> JsonValue:
    """The value with OpenAPI-export placeholders (``"<integer>"``) replaced by typed samples
    (at any depth: a body may nest as deep as the loader allows)."""
    return map_strings(value, _sample)


def _sample(text: str) -> JsonValue:
    declared = placeholder(text)
    if declared is None or declared == ("str", None):
        return text
    return _SAMPLES.get(declared, text)


def without_credentials(value: JsonValue) -> JsonValue:
    """JSON data with the value of every credential field (``is_secret_field``: password,
    access_token, client_secret, api_key, ...) replaced by an obvious sample: ``"<password>"``,
    or a sample of its format (an email stays an email, a UUID a UUID), so the models still
    read it. Other values (a credential field's number or object) and every key are kept.
    The request arguments and the expected wire body are made of the same replaced data,
    as are the body served and the one expected back. Iterative: data nests deep."""
    stack: list[dict[str, JsonValue] | list[JsonValue]] = []
    root = _replaced("", value, stack)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, item in node.items():
                node[key] = _replaced(key, item, stack)
        else:
            for index, item in enumerate(node):
                node[index] = _replaced("", item, stack)
    return root


def _replaced(
    key: str, value: JsonValue, stack: list[dict[str, JsonValue] | list[JsonValue]]
) -> JsonValue:
    """A string under ``key`` as its sample if a credential's; an object or array copied
    and put on ``stack``, to be replaced in its turn; anything else as it is."""
    if isinstance(value, str):
        return _credential_sample(key, value) if key else value
    if isinstance(value, dict | list):
        copy: dict[str, JsonValue] | list[JsonValue] = (
            dict(value) if isinstance(value, dict) else list(value)
        )
        stack.append(copy)
        return copy
    return value


def _credential_sample(key: str, value: str) -> str:
    """``value`` of the field ``key``, or its sample when it is a credential (a secret)."""
    if not is_secret_field(key) or not is_secret(value, key):
        return value
    found = format_of(value)
    if found is not None:
        sample = _SAMPLES.get(("str", found))
        return sample if isinstance(sample, str) else value
    return f"<{key}>" if _SAMPLE_NAME.fullmatch(key) else "<credential>"


def _arguments(
    method: Method, request: Request, declared: Request
) -> tuple[list[tuple[str, Argument]], str, list[tuple[str, str]], str | None]:
    """``_argument_values`` with the arguments as Python source (a flow test's)."""
    values, path, query, json_body = _argument_values(method, request, declared)
    return [(name, literal_of(value)) for name, value in values], path, query, json_body


def _argument_values(
    method: Method, request: Request, declared: Request
) -> tuple[list[tuple[str, ArgumentValue]], str, list[tuple[str, str]], str | None]:
    """Arguments (values, a JSON body as its text), the expected path, query pairs and JSON
    body text of ``request`` (an example's original request, else the ``declared`` one,
    whose body stands in for a missing one)."""
    arguments: list[tuple[str, ArgumentValue]] = []
    values: dict[str, str] = {}
    template = method.url[1:].split("/")
    saved_segments = _saved_segments(template, request.url.path)
    saved = _Saved.of(request)
    query: list[tuple[str, str]] = []
    for parameter in method.parameters:
        if parameter.annotation.item is not None:
            items: list[ArgumentValue] = [
                _scalar(python_value(i, parameter.annotation)) for i in saved.items(parameter)
            ]
            if items:
                arguments.append((parameter.name, items))
                if parameter.location != "query":
                    continue
                if parameter.style == "indexed":
                    query += [(f"{parameter.key}[{i}]", wire_text(v)) for i, v in enumerate(items)]
                else:  # the first of the repeated key's values is what params.get gives
                    query.append((parameter.key, wire_text(items[0])))
            continue
        found = _value(parameter, saved, saved_segments)
        if found is None:
            continue
        value = python_value(found, parameter.annotation) if found != _SAMPLE else None
        if value is None:
            value = _sample_value(parameter)
        values[parameter.name] = wire_text(value)
        arguments.append((parameter.name, _scalar(value)))
        if parameter.location == "query":
            query.append((parameter.key, wire_text(value)))
    path = unquote("/" + "/".join(_fill(segment, values) for segment in template))
    json_body = None
    if method.body_kind == "json":
        body = _json_body(request) if request.body is not None else None
        if body is None:
            body = _json_body(declared)
        sampled = without_credentials(_sampled(body if body is not None else {}))
        json_body = dumps(sampled, ensure_ascii=False)
        arguments.append(("body", JsonArgument(json_body)))
    elif method.body_kind == "content":
        raw = request.body if isinstance(request.body, RawBody) else None
        text = raw.text if raw is not None else ""
        annotation = next(p.annotation for p in method.parameters if p.location == "content")
        arguments.append(("content", text if annotation.text == "str" else text.encode()))
    elif method.body_kind == "graphql":
        arguments.append(("variables", None))
    for parameter in method.parameters:
        if parameter.location == "file":
            name = _file_name(parameter, request, declared)
            arguments.append((parameter.name, FileArgument(name, b"example")))
    return arguments, path, query, json_body


def _file_name(parameter: Parameter, request: Request, declared: Request) -> str:
    """The name of the file the request's form part uploads (its ``src``, without the
    folders of the machine that saved it), else the part's key."""
    for body in (request.body, declared.body):
        if isinstance(body, FormDataBody):
            for part in body.parts:
                if part.kind == "file" and part.key == parameter.key and part.src:
                    name = part.src[0].replace("\\", "/").rsplit("/", 1)[-1]
                    if name:
                        return name
    return parameter.key


def _scalar(value: object) -> ArgumentValue:
    """A parameter's value (``python_value`` gives str, int, float or bool) as an argument."""
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _json_body(request: Request) -> JsonValue | None:
    body = request.body
    if isinstance(body, RawBody) and body.json is not None and body.json.parsed:
        return body.json.value
    return None


# What a required parameter gets when its request saves no usable value (a placeholder, a
# variable): a value of its type
_SAMPLE = "\0sample"
_SAMPLE_VALUES: dict[str, object] = {"int": 0, "float": 0.5, "bool": True}


def _sample_value(parameter: Parameter) -> object:
    """A value of the parameter's type: its closed ``Literal``'s first case (any other
    string is a type error), else a sample."""
    if parameter.cases:
        return parameter.cases[0]
    return _SAMPLE_VALUES.get(parameter.annotation.parts[0], "example")


def _value(
    parameter: Parameter, saved: _Saved, saved_segments: dict[str, list[tuple[str, str]]]
) -> str | None:
    """The value the request saves for the parameter (never a placeholder or a variable),
    ``_SAMPLE`` for a required parameter without one, None to leave it out."""
    if parameter.location == "path":
        marker = "{" + parameter.name + "}"
        for segment, candidate in saved_segments.get(parameter.name, []):
            if candidate and not candidate.startswith(":") and "{" not in candidate:
                prefix, _, suffix = segment.partition(marker)
                if candidate.startswith(prefix) and candidate.endswith(suffix):
                    saved_value = candidate[len(prefix) : len(candidate) - len(suffix)]
                    if saved_value and not is_placeholder(saved_value):
                        return saved_value
        return parameter.example if parameter.example and _usable(parameter.example) else _SAMPLE
    if parameter.location not in ("query", "header", "form"):
        return None
    found = saved.first(parameter)
    if found is not None and _usable(found):
        return found
    return _SAMPLE if parameter.required else None


def _usable(value: str | None) -> bool:
    """Whether a saved value can be passed as it is: not empty, a placeholder or a variable."""
    return bool(value and value.strip()) and "{{" not in (value or "") and not is_placeholder(value)


def _form_fields(request: Request) -> list[Param | FormPart]:
    """The enabled text fields of a urlencoded or multipart body."""
    body = request.body
    if isinstance(body, UrlencodedBody):
        return [field for field in body.fields if not field.disabled]
    if isinstance(body, FormDataBody):
        return [part for part in body.parts if not part.disabled and part.kind != "file"]
    return []


@dataclass(frozen=True)
class _Saved:
    """What a request saves in its query, headers and form, by key, found once: a scan of
    them all per parameter was quadratic in their number."""

    # (location, key) -> the first enabled entry's value (a header's key lower-cased)
    firsts: dict[tuple[str, str], str | None]
    # (location, key) -> the values of that key, in order; a list's items under its key
    values: dict[tuple[str, str], list[str | None]]
    # (location, key) -> (index, value) of the ``key[index]`` items of an indexed list
    indexed: dict[tuple[str, str], list[tuple[str, str | None]]]

    @classmethod
    def of(cls, request: Request) -> _Saved:
        firsts: dict[tuple[str, str], str | None] = {}
        values: dict[tuple[str, str], list[str | None]] = {}
        indexed: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
        for header in request.headers:
            if not header.disabled:
                firsts.setdefault(("header", header.key.lower()), header.value)
        query = [q for q in request.url.query if not q.disabled]
        for location, fields in (("query", query), ("form", _form_fields(request))):
            for field in fields:
                firsts.setdefault((location, field.key), field.value)
                values.setdefault((location, field.key), []).append(field.value)
                item = _INDEXED_ITEM.fullmatch(field.key)
                if item is not None:
                    place = (location, item.group(1))
                    indexed.setdefault(place, []).append((item.group(2), field.value))
        return cls(firsts, values, indexed)

    def first(self, parameter: Parameter) -> str | None:
        key = parameter.key.lower() if parameter.location == "header" else parameter.key
        return self.firsts.get((parameter.location, key))

    def items(self, parameter: Parameter) -> list[str]:
        """The items of a list parameter the request sends (in its query or form): an
        indexed list's (``expand[0]``, ``expand[1]``) by index, a repeated key's in order."""
        place = (parameter.location, parameter.key)
        if parameter.style != "indexed":
            return [value for value in self.values.get(place, []) if value and _usable(value)]
        items = [
            (index.lstrip("0"), value)
            for index, value in self.indexed.get(place, [])
            if value is not None and _usable(value)
        ]
        # in numeric order, without int(): an index may be longer than Python converts
        return [value for _, value in sorted(items, key=lambda item: (len(item[0]), item[0]))]


def _saved_segments(
    template: list[str], saved_path: tuple[str, ...]
) -> dict[str, list[tuple[str, str]]]:
    """Field name -> (template segment, the request's segment there) wherever the field is
    alone in its segment (literal text around it at most): the only places a saved path
    can give its value (found in one pass: a path may hold thousands of fields)."""
    places: dict[str, list[tuple[str, str]]] = {}
    for segment, saved in zip(
        template, saved_path, strict=False
    ):  # an example may save a shorter path
        fields = _FIELD.findall(segment)
        if len(fields) == 1:
            places.setdefault(fields[0], []).append((segment, saved))
    return places


def _fill(segment: str, values: dict[str, str]) -> str:
    """The segment with each field's value, in one pass (a value is not searched again)."""
    return _FIELD.sub(lambda field: values.get(field.group(1), field.group()), segment)
