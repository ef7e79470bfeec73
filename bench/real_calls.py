"""Every method of every corpus client called as a first-time user calls it.

    .venv/bin/python bench/real_calls.py [--only SUBSTRING] [--jobs 2] [--show 5]

For each v2.0/v2.1 collection of ../shared/corpus: the client project is rendered in-process
(black skipped: templates lay code out as black does), its package imported in a fresh
process that builds ``Client`` on an ``httpx.MockTransport`` (``max_retries=0``,
``base_url="https://main.test"``; every other ``str | None`` argument a value: a setting
whose collection variable is a whole URL host gets ``https://<name>.test``, a URL's port
8443, its scheme ``https``; one without a collection variable or whose default is a URL
keeps its default; any other gets ``value-<name>``), walks every resource and calls every
method with its required arguments only (values by annotation: str ``"x1"``, int 1, float
1.5, bool True, a model or dict the saved request body or ``{}``, list ``[]``, bytes and
``FileInput`` ``b"x"``). The transport records each request and answers with the
endpoint's first saved 2xx example (status, headers, body), else 200 and ``{"ok": true}``;
a token request (``grant_type=`` in its body) gets a token.

The four measures of issue 14 (tests/test_real_calls.py asserts their targets):

- ``none``: methods that returned None although the answer was a JSON body (HEAD requests
  and 204, 205, 304 answers have none) (target 0);
- ``stray``: requests carrying a query parameter, or a header or form field the collection
  names, whose value the caller did not pass and is a placeholder (``<string>``), an
  unresolved ``{{var}}``, ``REDACTED`` or empty (target 0);
- ``hosts``: of the requests whose collection URL names a host other than the main one (the
  most common scheme, host and port, as ``generator.emit.hosts.main_prefix`` finds it), the
  share that went to the host given to that host's setting, or to the literal host (a
  variable that is only part of a host, ``{{region}}``, is given ``value-<name>`` and
  expected in its place; a host of variables run together, ``{{url}}{{site}}``, names no
  host and is not counted) (target 100%);
- ``errors``: exceptions other than the package's own (``errors.ApiError``) (target 0).
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.emit.plan import Method, Plan
    from generator.ir import Collection, Endpoint

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MAIN = "https://main.test"
PORT = "8443"  # what a variable that is a URL's port is given
_PLACEHOLDER = re.compile(r"<[A-Za-z][^<>]{0,79}>")
_TEMPLATE = re.compile(r"\{\{([^{}]+)\}\}")
# Answer headers that describe the saved bytes, not the body the mock sends
_DROPPED_HEADERS = frozenset(
    {"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"}
)
TOKEN_ANSWER = {"access_token": "token-1", "token_type": "bearer", "expires_in": 3600}
DEFAULT_ANSWER = {
    "status": 200,
    "headers": [["Content-Type", "application/json"]],
    "body": '{"ok": true}',
}


# --- the parent: render, drive, judge -----------------------------------------------------


@dataclass
class Result:
    """What calling one collection's client gave; lists hold ``method: detail`` lines."""

    name: str
    methods: int = 0
    requests: int = 0
    none_for_json: list[str] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    other_host: int = 0
    misrouted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str = ""  # the collection could not be rendered or driven at all

    @property
    def routed(self) -> int:
        return self.other_host - len(self.misrouted)


def collections() -> list[Path]:
    """The v2.0/v2.1 collections of the corpus, as its MANIFEST.tsv lists them."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [CORPUS / row["file"] for row in rows if row["schema_version"] in ("v2.0", "v2.1")]


def render(path: Path, out: Path) -> tuple[Plan, Collection]:
    """The client project of ``path`` written to ``out`` unformatted: the stages of
    ``generator.generate`` without black (the code is black's layout already)."""
    from generator.api_models import build_models
    from generator.emit.plan import make_plan
    from generator.emit.project import project_files
    from generator.loader import load_collection
    from generator.naming.identifiers import package_name

    collection = load_collection(path)
    api = build_models(collection)
    plan = make_plan(collection, None, api, package_name(collection.name))
    for relative, text in project_files(plan, api, collection):
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return plan, collection


def methods(plan: Plan) -> Iterator[tuple[str, Method]]:
    """(attribute path from the client, method) of every method: ``users.get_user``."""
    stack = [("", plan.root)]
    while stack:
        prefix, resource = stack.pop()
        for method in resource.methods:
            yield prefix + method.name, method
        stack.extend((f"{prefix}{child.attribute}.", child) for child in resource.children)


def spec(plan: Plan, collection: Collection) -> dict[str, Any]:
    """What the driver needs: the package, the client's arguments, and per method its answer
    and the saved request body its body argument stands for."""
    endpoints = {endpoint.json_path: endpoint for endpoint in collection.endpoints()}
    hosts = _host_variables(collection)
    settings: dict[str, str | None] = {}
    for setting in plan.settings:
        if setting.name == "base_url":
            settings[setting.name] = MAIN
        elif setting.variable in hosts["whole"]:
            settings[setting.name] = f"https://{_label(setting.name)}.test"
        elif setting.variable in hosts["port"]:
            settings[setting.name] = PORT
        elif setting.variable in hosts["protocol"]:
            settings[setting.name] = "https"
        elif not setting.variable or re.match(r"https?://", setting.default or ""):
            settings[setting.name] = None  # a literal host's setting keeps its default URL
        else:
            settings[setting.name] = f"value-{_label(setting.name)}"
    calls = {}
    for attribute, method in methods(plan):
        endpoint = endpoints[method.source]
        calls[attribute] = {"answer": _answer(endpoint), "body": _saved_body(endpoint)}
    return {"package": plan.package, "settings": settings, "methods": calls}


def _label(name: str) -> str:
    """A setting name as a DNS label: ``api_host`` -> ``api-host``."""
    return name.lower().replace("_", "-")


def _host_variables(collection: Collection) -> dict[str, set[str]]:
    """The variables that are a whole URL host (``{{api}}``), a port, or a scheme."""
    found: dict[str, set[str]] = {"whole": set(), "port": set(), "protocol": set()}
    for endpoint in collection.endpoints():
        url = endpoint.request.url
        whole = _TEMPLATE.fullmatch(url.host_text)
        found["whole"].update([whole.group(1)] if whole else [])
        found["port"].update(_TEMPLATE.findall(url.port or ""))
        found["protocol"].update(_TEMPLATE.findall(url.protocol or ""))
    return found


def _answer(endpoint: Endpoint) -> dict[str, Any]:
    """The endpoint's first saved 2xx example as status, headers and body text."""
    for example in endpoint.examples:
        code = example.code or 200
        if not 200 <= code < 300:
            continue
        headers = [
            [header.key, header.value or ""]
            for header in example.headers
            if header.key and header.key.lower() not in _DROPPED_HEADERS
        ]
        body = example.body or ""
        if _is_json(body) and not any(key.lower() == "content-type" for key, _ in headers):
            headers.append(["Content-Type", "application/json"])
        return {"status": code, "headers": headers, "body": body}
    return DEFAULT_ANSWER


def _saved_body(endpoint: Endpoint) -> Any:
    from generator.ir import RawBody

    body = endpoint.request.body
    if isinstance(body, RawBody) and body.json is not None and body.json.parsed:
        return body.json.value
    return None


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return bool(text.strip())


def measure(path: Path, work: Path, server: str | None = None) -> Result:
    """Render, drive and judge one collection (against ``server`` instead of the mock: a
    real HTTP server, whose answers the driver records)."""
    result = Result(path.name)
    try:
        plan, collection = render(path, work)
    except Exception as error:  # a collection that cannot be rendered is a row
        result.failure = f"render: {type(error).__name__}: {error}"
        return result
    made = spec(plan, collection)
    if server is not None:
        made["server"] = server
    spec_path = work / "real_calls_spec.json"
    spec_path.write_text(json.dumps(made), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
    environment = {k: v for k, v in environment.items() if not k.startswith(plan.env_prefix + "_")}
    done = subprocess.run(
        [sys.executable, __file__, "--drive", str(spec_path)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=work,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        result.failure = f"driver exit {done.returncode}: {done.stderr.strip()[-1500:]}"
        return result
    calls = json.loads(spec_path.with_suffix(".out").read_text("utf-8"))
    judge(result, plan, collection, made["settings"], calls)
    return result


def judge(
    result: Result,
    plan: Plan,
    collection: Collection,
    values: dict[str, str | None],
    calls: list[dict[str, Any]],
) -> None:
    """The four measures from the driver's record of each call (``values``: what the client
    was given for each setting)."""
    from generator.emit.hosts import main_prefix

    by_attribute = dict(methods(plan))
    endpoints = {endpoint.json_path: endpoint for endpoint in collection.endpoints()}
    main = _prefix_host(main_prefix(collection))
    for call in calls:
        result.methods += 1
        attribute = call["method"]
        method = by_attribute.get(attribute)
        endpoint = endpoints[method.source] if method is not None else None
        sent = [r for r in call["requests"] if not r["token"]]
        result.requests += len(sent)
        error = call["error"]
        if error is not None and not error["own"]:
            result.errors.append(f"{attribute}: {error['type']}: {error['message']}")
        bodiless = method is not None and method.http_method == "HEAD"
        bodiless = bodiless or call["answer_status"] in (204, 205, 304)
        if call["returned_none"] and not error and not bodiless and _is_json(call["answer_body"]):
            result.none_for_json.append(
                f"{attribute}: returns None for {call['answer_body'][:60]!r}"
            )
        if method is None or endpoint is None:
            continue
        passed = {
            (p.location, p.key.lower()) for p in method.parameters if p.name in call["passed"]
        }
        named = _collection_keys(endpoint)
        expected = _expected_host(endpoint, main, plan, values)
        for request in sent:
            for location, key, value in _values(request):
                if (location, key.lower()) in passed:
                    continue
                if location != "query" and key.lower() not in named[location]:
                    continue
                kind = _bad(value)
                if kind:
                    result.stray.append(f"{attribute}: {location} {key}={value!r} ({kind})")
            if expected is not None:
                result.other_host += 1
                went = request["host"]
                if went != expected:
                    result.misrouted.append(f"{attribute}: went to {went}, expected {expected}")


def _prefix_host(prefix: str) -> str:
    """The host (and port) part of a ``scheme://host:port`` prefix."""
    return re.sub(r"^[^/]*://", "", prefix).lower()


def _expected_host(
    endpoint: Endpoint, main: str, plan: Plan, values: dict[str, str | None]
) -> str | None:
    """Where a request to another host than the main one must go; None for the main host."""
    url = endpoint.request.url
    host = url.host_text
    if not host:
        return None
    port = f":{url.port}" if url.port else ""
    if (host + port).lower() == main or "}}{{" in host:
        return None  # the main host; or variables run together ({{url}}{{site}}): no host
    port = _TEMPLATE.sub(PORT, port)
    by_variable = {s.variable: s.name for s in plan.settings}
    whole = _TEMPLATE.fullmatch(host) is not None

    def given(match: re.Match[str]) -> str:
        name = by_variable.get(match.group(1), match.group(1))
        value = values.get(name)
        if value is None:  # no setting (yet) for the variable: what it would have been given
            value = f"https://{_label(name)}.test" if whole else f"value-{_label(name)}"
        return _prefix_host(value)

    return (_TEMPLATE.sub(given, host) + port).lower()


def _collection_keys(endpoint: Endpoint) -> dict[str, set[str]]:
    """The header and form field names the collection's request has (lower case)."""
    from generator.ir import FormDataBody, UrlencodedBody

    body = endpoint.request.body
    form: set[str] = set()
    if isinstance(body, UrlencodedBody):
        form = {f.key.lower() for f in body.fields if f.key}
    elif isinstance(body, FormDataBody):
        form = {p.key.lower() for p in body.parts if p.key}
    headers = {h.key.lower() for h in endpoint.request.headers if h.key}
    return {"header": headers, "form": form, "query": set()}


def _values(request: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for key, value in request["query"]:
        yield "query", key, value
    for key, value in request["headers"]:
        yield "header", key, value
    for key, value in request["form"]:
        yield "form", key, value


def _bad(value: str) -> str:
    """Why a value the caller did not pass must not be sent, or ``""``."""
    if value == "":
        return "empty"
    if "REDACTED" in value:
        return "REDACTED"
    if _PLACEHOLDER.search(value):
        return "placeholder"
    if _TEMPLATE.search(value):
        return "unresolved variable"
    return ""


@dataclass
class Totals:
    methods: int
    requests: int
    none_for_json: int
    stray: int
    other_host: int
    routed: int
    errors: int
    failures: int

    @property
    def routed_share(self) -> float:
        return 100.0 * self.routed / self.other_host if self.other_host else 100.0


def totals(results: Iterable[Result]) -> Totals:
    rows = list(results)
    return Totals(
        methods=sum(r.methods for r in rows),
        requests=sum(r.requests for r in rows),
        none_for_json=sum(len(r.none_for_json) for r in rows),
        stray=sum(len(r.stray) for r in rows),
        other_host=sum(r.other_host for r in rows),
        routed=sum(r.routed for r in rows),
        errors=sum(len(r.errors) + bool(r.failure) for r in rows),
        failures=sum(1 for r in rows if r.failure),
    )


def run_all(paths: list[Path], jobs: int = 2) -> list[Result]:
    """Every collection measured, ``jobs`` at a time (rendering holds the GIL; the driver
    processes run beside it)."""
    with (
        tempfile.TemporaryDirectory(prefix="real-calls-") as scratch,
        ThreadPoolExecutor(jobs) as pool,
    ):
        works = [Path(scratch) / str(index) for index in range(len(paths))]
        return list(pool.map(measure, paths, works))


def table(results: list[Result]) -> str:
    lines = [
        "| collection | methods | requests | none for JSON | stray values | other host routed "
        "| errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.failure:
            lines.append(f"| {r.name[:60]} | failed: {r.failure[:200]} | | | | | |")
            continue
        hosts = f"{r.routed}/{r.other_host}" if r.other_host else "-"
        lines.append(
            f"| {r.name[:60]} | {r.methods} | {r.requests} | {len(r.none_for_json)} "
            f"| {len(r.stray)} | {hosts} | {len(r.errors)} |"
        )
    t = totals(results)
    lines.append(
        f"| **total** ({t.failures} failed) | {t.methods} | {t.requests} | {t.none_for_json} "
        f"| {t.stray} | {t.routed}/{t.other_host} ({t.routed_share:.1f}%) | {t.errors} |"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="collections whose file name has this")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=5, help="failure kinds listed per measure")
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.drive:
        drive(Path(arguments.drive))
        return
    results = run_all([p for p in collections() if arguments.only in p.name], arguments.jobs)
    print(table(results))
    for title, lines in findings(results).items():
        print(f"\n{title}: {len(lines)}")
        for kind, (number, example) in list(kinds(lines).items())[: arguments.show]:
            print(f"  {number:5}  {kind}\n         e.g. {example[:220]}")


def findings(results: list[Result]) -> dict[str, list[str]]:
    """Every failing method by measure, as ``collection: method: detail`` lines."""
    every: dict[str, list[str]] = {"none for JSON": [], "stray values": [], "misrouted": []}
    every["errors"] = [f"{r.name[:40]}: (collection): {r.failure}" for r in results if r.failure]
    for r in results:
        for title, lines in (
            ("none for JSON", r.none_for_json),
            ("stray values", r.stray),
            ("misrouted", r.misrouted),
            ("errors", r.errors),
        ):
            every[title] += [f"{r.name[:40]}: {line}" for line in lines]
    return every


def kinds(lines: list[str]) -> dict[str, tuple[int, str]]:
    """Lines grouped by their detail (after ``collection: method:``) with quoted text and
    numbers blurred, most common first: kind -> (count, first example)."""
    found: dict[str, tuple[int, str]] = {}
    for line in lines:
        detail = line.split(": ", 2)[-1]
        kind = re.sub(r"'[^']*'|\"[^\"]*\"|[0-9]+", "_", detail)[:100]
        number, example = found.get(kind, (0, line))
        found[kind] = (number + 1, example)
    return dict(sorted(found.items(), key=lambda item: -item[1][0]))


# --- the driver: runs in the generated package's own process ------------------------------


def drive(spec_path: Path) -> None:
    """Build the client, call every method, print the record of each call as JSON."""
    import importlib
    import inspect

    import httpx

    spec_doc = json.loads(spec_path.read_text("utf-8"))
    package = importlib.import_module(spec_doc["package"])
    runtime = importlib.import_module(spec_doc["package"] + "._runtime")
    errors = importlib.import_module(spec_doc["package"] + ".errors")
    answer: dict[str, Any] = DEFAULT_ANSWER
    seen: list[dict[str, Any]] = []

    server = spec_doc.get("server")  # a real server instead of the mock: what it answers
    upstream = httpx.HTTPTransport()

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal answer
        body = request.read()
        token = b"grant_type=" in body
        seen.append(_recorded(request, body, token))
        if token:
            return httpx.Response(200, json=TOKEN_ANSWER)
        if server:
            response = upstream.handle_request(request)
            text = response.read().decode("utf-8", "replace")
            answer = {"status": response.status_code, "headers": [], "body": text}
            return response
        return httpx.Response(
            answer["status"], headers=answer["headers"], content=answer["body"].encode("utf-8")
        )

    settings = {**spec_doc["settings"], **({"base_url": server} if server else {})}
    client = package.Client(
        **_arguments(package.Client, settings),
        transport=httpx.MockTransport(handler),
        max_retries=0,
        timeout=10.0,
    )
    calls = []
    for attribute, bound in _walk(client, runtime.Resource, runtime.endpoint):
        planned = spec_doc["methods"].get(attribute, {"answer": DEFAULT_ANSWER, "body": None})
        answer = {"status": 0, "headers": [], "body": ""} if server else planned["answer"]
        seen.clear()
        passed: list[str] = []
        record: dict[str, Any] = {"method": attribute, "error": None, "returned_none": False}
        try:
            arguments = _required(inspect.signature(bound), planned["body"])
            passed = sorted(arguments)
            record["returned_none"] = bound(**arguments) is None
        except Exception as error:  # every exception is a finding
            own = isinstance(error, errors.ApiError)
            message = str(error).splitlines()[0][:200] if str(error) else ""
            record["error"] = {"type": type(error).__name__, "message": message, "own": own}
        record.update(passed=passed, requests=list(seen), answer_body=answer["body"])
        record["answer_status"] = answer["status"]
        calls.append(record)
    client.close()
    upstream.close()
    spec_path.with_suffix(".out").write_text(json.dumps(calls), encoding="utf-8")


def _arguments(client_class: Any, settings: dict[str, str | None]) -> dict[str, str]:
    """A value for every ``str | None`` argument of the client's constructor."""
    import inspect

    given = {}
    for name, parameter in inspect.signature(client_class).parameters.items():
        if str(parameter.annotation).replace(" ", "") != "str|None":
            continue
        value = settings.get(name, MAIN if name == "base_url" else f"value-{_label(name)}")
        if value is not None:
            given[name] = value
    return given


def _walk(client: Any, resource_class: type, endpoint_class: type) -> Iterator[tuple[str, Any]]:
    """(attribute path, bound method) of every request of the client and of every resource
    below it (the resources are its properties whose value is a ``Resource``; a request is
    an ``endpoint`` of its class or of a base: the client's ``_Root``, a split folder's
    parts)."""
    from functools import cached_property

    stack: list[tuple[str, Any]] = [("", client)]
    while stack:
        prefix, node = stack.pop()
        members: dict[str, Any] = {}
        for klass in reversed(type(node).__mro__):
            members.update(vars(klass))
        for name, member in sorted(members.items()):
            if name.startswith("_") or name in _NOT_REQUESTS:
                continue
            if isinstance(member, endpoint_class):
                yield prefix + name, getattr(node, name)
                continue
            if isinstance(member, (cached_property, property)):
                member = getattr(node, name)
            if isinstance(member, resource_class):
                stack.append((f"{prefix}{name}.", member))


_NOT_REQUESTS = frozenset({"close", "request", "with_raw_response", "with_streaming_response"})


def _required(signature: Any, saved_body: Any) -> dict[str, Any]:
    """Values for the parameters without a default."""
    import inspect

    return {
        name: _value(str(parameter.annotation), saved_body)
        for name, parameter in signature.parameters.items()
        if parameter.default is inspect.Parameter.empty
        and parameter.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    }


def _value(annotation: str, saved_body: Any) -> Any:
    """A value of the annotation (the first member of a union that is not None)."""
    import ast
    import datetime

    members = [m.strip() for m in _top_level_union(annotation) if m.strip() != "None"]
    first = members[0] if members else "str"
    if first.startswith("Literal["):
        return ast.literal_eval("[" + first[len("Literal[") : -1] + "]")[0]
    simple = {"str": "x1", "int": 1, "float": 1.5, "bool": True, "bytes": b"x"}
    if first in simple:
        return simple[first]
    if "FileInput" in first:
        return b"x"
    if first.startswith(("list[", "tuple[", "Sequence[")) or first == "list":
        return saved_body if isinstance(saved_body, list) else []
    if first in ("datetime", "datetime.datetime"):
        return datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    if first in ("date", "datetime.date"):
        return datetime.date(2000, 1, 1)
    if first.startswith(("models.", "dict[", "Mapping[")) or first in ("dict", "object", "Any"):
        return saved_body if isinstance(saved_body, dict) else {}
    return "x1"


def _top_level_union(annotation: str) -> list[str]:
    members, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            members.append(annotation[start:index])
            start = index + 1
    members.append(annotation[start:])
    return members


def _recorded(request: Any, body: bytes, token: bool) -> dict[str, Any]:
    """A request as the judge reads it: host, query pairs, headers and form fields."""
    from urllib.parse import parse_qsl

    content_type = request.headers.get("content-type", "")
    form: list[tuple[str, str]] = []
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    elif content_type.startswith("multipart/form-data"):
        form = _multipart(content_type, body)
    port = request.url.port
    return {
        "token": token,
        "host": request.url.host + (f":{port}" if port else ""),
        "query": parse_qsl(request.url.query.decode("ascii", "replace"), keep_blank_values=True),
        "headers": list(request.headers.items()),
        "form": form,
        "body": base64.b64encode(body[:2000]).decode(),
    }


def _multipart(content_type: str, body: bytes) -> list[tuple[str, str]]:
    """The text fields of a multipart body (files left out)."""
    from email.message import Message
    from email.parser import BytesParser

    message = BytesParser().parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    fields = []
    parts = message.get_payload() if message.is_multipart() else []
    for part in parts if isinstance(parts, list) else []:
        if not isinstance(part, Message):
            continue
        name = part.get_param("name", header="content-disposition")
        if name and not part.get_param("filename", header="content-disposition"):
            payload = part.get_payload(decode=True)
            fields.append(
                (
                    str(name),
                    payload.decode("utf-8", "replace") if isinstance(payload, bytes) else "",
                )
            )
    return fields


if __name__ == "__main__":
    main()
