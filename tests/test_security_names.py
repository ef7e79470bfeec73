"""Generated code is never broken with exit 0 (issue 15, part 7).

- One registry of the names generated modules use (``generator/naming/reserved.py``), by
  scope; ``test_the_registry_holds_every_name_of_each_scope`` renders projects that reach
  every branch of the templates and checks with ``ast`` that each name a generated module
  binds or reads in a scope, and a collection name could take there, is reserved for it.
- Collections whose parameters, settings, folders, requests, fields and error codes are
  every registry name generate a package that imports, passes ``mypy --strict`` and its
  own tests.
- Module file names stay distinct after transliteration and short; ``generate`` refuses
  (exit 2, nothing written) output that does not compile; non-ASCII content types, lone
  surrogates and status codes outside HTTP's give working packages.
"""

from __future__ import annotations

import ast
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.api_models import build_models
from generator.emit.plan import Plan, Resource, make_plan, method_reads
from generator.emit.project import render_project
from generator.ir import ApiModels
from generator.loader import load_collection
from generator.naming.identifiers import (
    FILE_NAME_LENGTH,
    class_name,
    field_name,
    method_name,
    module_files,
    module_name,
    package_name,
)
from generator.naming.reserved import (
    ANNOTATION_NAMES,
    CLASS_SCOPE,
    CONSTRUCTOR_SCOPE,
    METHOD_SCOPE,
    MODEL_MEMBERS,
    MODEL_SCOPE,
    MODELS_PACKAGE_SCOPE,
    MODULE_SCOPE,
)
from generator.naming.runtime_names import RUNTIME_NAMES
from tests.conftest import MypyStrict
from tests.fixtures.helpers import package_of, postc, start

REPO = Path(__file__).resolve().parents[1]
RUNTIME = REPO / "templates" / "runtime" / "_runtime.py"
V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
JSON_HEADER = [{"key": "Content-Type", "value": "application/json"}]
# Every name of the registry: the names the hostile collections below are made of
REGISTRY = sorted(
    RUNTIME_NAMES | ANNOTATION_NAMES | MODULE_SCOPE | MODEL_SCOPE | CLASS_SCOPE | METHOD_SCOPE
    | CONSTRUCTOR_SCOPE | MODEL_MEMBERS | MODELS_PACKAGE_SCOPE
)  # fmt: skip


# --- collections built in code -----------------------------------------------------------------


def example(
    name: str, body: Any, code: object = 200, content_type: str = "application/json"
) -> dict[str, Any]:
    text = body if isinstance(body, str) else json.dumps(body)
    header = [{"key": "Content-Type", "value": content_type}]
    return {"name": name, "code": code, "header": header, "body": text}


def url(
    path: str, query: list[tuple[str, str]] | None = None, host: str = "{{baseUrl}}"
) -> dict[str, Any]:
    pairs = query or []
    raw = f"{host}/{path}" + ("?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else "")
    segments = path.split("/")
    return {
        "raw": raw,
        "host": [host],
        "path": segments,
        "query": [{"key": k, "value": v} for k, v in pairs],
        "variable": [{"key": s[1:], "value": "7"} for s in segments if s.startswith(":")],
    }


def request(
    name: str, path: str, method: str = "GET", examples: list[Any] | None = None, **fields: Any
) -> dict[str, Any]:
    fields.setdefault("url", url(path))
    return {"name": name, "request": {"method": method, **fields}, "response": examples or []}


def json_body(value: Any) -> dict[str, Any]:
    return {"mode": "raw", "raw": json.dumps(value), "options": {"raw": {"language": "json"}}}


def collection(items: list[Any], **root: Any) -> dict[str, Any]:
    root.setdefault("variable", [{"key": "baseUrl", "value": "https://api.example.test"}])
    return {"info": {"name": root.pop("name", "Names"), "schema": V21}, "item": items, **root}


def coverage() -> dict[str, Any]:
    """Every kind of method, return type, body, auth, host and constant the templates write."""
    user = {
        "id": 1,
        "name": "a",
        "at": "2024-01-01T00:00:00Z",
        "uid": "00000000-0000-0000-0000-000000000000",
    }
    error = {"code": "USER_MISSING", "message": "no"}
    events = [{"type": "push", "ref": "a"}, {"type": "watch", "action": "b"}]
    credentials = [
        {"key": "username", "value": "{{user}}"},
        {"key": "password", "value": "{{password}}"},
    ]
    oauth = [
        {"key": "grant_type", "value": "client_credentials"},
        {"key": "accessTokenUrl", "value": "https://auth.example.test/token"},
        {"key": "clientId", "value": "{{client_id}}"},
        {"key": "clientSecret", "value": "{{client_secret}}"},
    ]
    root = [
        request(
            "Get user", "users/:id", examples=[example("ok", user), example("missing", error, 404)]
        ),
        request(
            "List users",
            "users",
            examples=[example("ok", [user])],
            url=url("users", [("tags[0]", "a"), ("tags[1]", "b"), ("page", "1"), ("page", "2")]),
        ),
        request("Head", "ping", method="HEAD"),
        request("Mixed", "mixed", examples=[example("a", {"x": 1}), example("b", [1, 2])]),
        request("Events", "events", examples=[example("a", events)]),
        request("Feed", "feed", examples=[example("a", {"events": events})]),
        request("Text", "text", examples=[example("t", "hello", 200, "text/plain")]),
        request(
            "Binary", "bin", examples=[example("b", "\x00\x01", 200, "application/octet-stream")]
        ),
        request("Untyped", "untyped"),
        request("Gone", "gone", method="DELETE", examples=[example("none", "", 204)]),
    ]
    admin = [
        request(
            "Create user",
            "users",
            method="POST",
            header=JSON_HEADER,
            body=json_body({"name": "a"}),
            examples=[
                example("ok", user, 201),
                example("bad", error, 400),
                example("down", error, 503),
            ],
        ),
        request(
            "Form",
            "form",
            method="POST",
            body={
                "mode": "urlencoded",
                "urlencoded": [{"key": "a", "value": "1"}, {"key": "b[0]", "value": "x"}],
            },
        ),
        request(
            "Upload",
            "upload",
            method="POST",
            body={
                "mode": "formdata",
                "formdata": [
                    {"key": "f", "type": "file", "src": "x.txt"},
                    {"key": "t", "value": "v"},
                ],
            },
        ),
        request(
            "Raw text",
            "raw",
            method="PUT",
            body={"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}},
        ),
        request("File", "file", method="PUT", body={"mode": "file", "file": {"src": "x.bin"}}),
        request(
            "Graph",
            "graphql",
            method="POST",
            body={"mode": "graphql", "graphql": {"query": "{ a }", "variables": ""}},
        ),
        request(
            "Header param",
            "hp",
            header=[
                {"key": "X-Trace", "value": "1"},
                {"key": "Accept", "value": "application/json"},
            ],
        ),
        request("Basic", "basic", auth={"type": "basic", "basic": credentials}),
        request("Digest", "digest", auth={"type": "digest", "digest": credentials}),
        request(
            "Key",
            "key",
            auth={
                "type": "apikey",
                "apikey": [{"key": "key", "value": "X-Key"}, {"key": "value", "value": "{{key}}"}],
            },
        ),
        request("Oauth", "oauth", auth={"type": "oauth2", "oauth2": oauth}),
        request(
            "Headers",
            "hdrs",
            header=[
                {"key": "X-Api-Key", "value": "{{k1}}"},
                {"key": "X-Api-Secret", "value": "{{k2}}"},
            ],
            auth={"type": "noauth"},
        ),
        request("Other host", "o", url=url("o", host="https://files.example.test")),
        request("Region host", "r", url=url("r", host="https://{{region}}.example.test")),
        request("Var host", "v", url=url("v", host="https://{{uploadHost}}")),
        request("Anonymous", "anon", auth={"type": "noauth"}),
        {
            "name": "Nested",
            "item": [
                request(
                    "Deep",
                    "deep/:id",
                    examples=[
                        example("ok", user),
                        example("gone", {"error": {"code": "GONE_NOW"}}, 410),
                    ],
                )
            ],
        },
    ]
    made = collection(
        [*root, {"name": "Admin", "item": admin}],
        name="Coverage",
        auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        variable=[
            {"key": "baseUrl", "value": "https://api.example.test"},
            {"key": "region", "value": "eu"},
            {"key": "uploadHost", "value": "up.example.test"},
            {"key": "locale", "value": "en"},
        ],
    )
    for item in _requests(made["item"]):  # constants: a header and a query key every request sends
        item["request"]["header"] = [
            *item["request"].get("header", []),
            {"key": "X-Version", "value": "2"},
        ]
        item["request"]["url"]["query"].append({"key": "locale", "value": "{{locale}}"})
        item["request"]["url"]["raw"] += (
            "&" if "?" in item["request"]["url"]["raw"] else "?"
        ) + "locale={{locale}}"
    return made


def _requests(items: list[Any]) -> Iterator[dict[str, Any]]:
    stack = list(items)
    while stack:
        item = stack.pop()
        stack += item.get("item", [])
        if "request" in item:
            yield item


# --- the names each scope of a generated module binds or reads ----------------------------------

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _module_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, into ``if``/``try``/``with`` blocks, not into defs and classes."""
    for node in body:
        yield node
        if isinstance(node, ast.If | ast.With | ast.Try):
            for block in ("body", "orelse", "finalbody"):
                yield from _module_statements(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                yield from _module_statements(handler.body)


def _bound_by(node: ast.stmt) -> set[str]:
    """The names one statement binds in its scope."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    return {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}


def _read(nodes: list[ast.AST]) -> set[str]:
    return {
        node.id
        for root in nodes
        for node in ast.walk(root)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


def _locals(function: Function) -> set[str]:
    """Its parameters, and every name its body (lambdas and comprehensions included) binds."""
    names: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def _parameters(function: Function) -> set[str]:
    arguments = function.args
    return {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}


def _body_reads(function: Function) -> set[str]:
    """What the body reads and does not bind itself: globals and builtins, and what the
    type of a ``cast`` reads (mypy reads it in the function's scope)."""
    casts = [
        ast.parse(node.args[0].value, mode="eval")
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "cast"
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]
    return _read([*function.body, *casts]) - _locals(function)


def _signature_reads(function: Function) -> set[str]:
    """What is read where the function is defined: decorators, annotations, defaults."""
    arguments = function.args
    parts: list[ast.AST] = [*function.decorator_list, *arguments.defaults]
    parts += [default for default in arguments.kw_defaults if default is not None]
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    parts += [a.annotation for a in every if a.annotation is not None]
    return _read([*parts, *([function.returns] if function.returns is not None else [])])


@dataclass
class Scopes:
    """The names of every scope of one generated module."""

    bound: set[str]  # bound at module level
    module: set[str]  # bound at module level, or read as a builtin anywhere
    classes: dict[str, tuple[set[str], set[str]]]  # class -> (names its body reads, members)
    functions: dict[tuple[str, str], tuple[set[str], set[str]]]  # (class, def) -> (reads, params)
    module_functions: dict[str, set[str]]  # a module-level def -> what its body reads


def scopes(text: str) -> Scopes:
    tree = ast.parse(text)
    bound = {name for node in _module_statements(tree.body) for name in _bound_by(node)}
    every_local = {n for f in ast.walk(tree) if isinstance(f, Function) for n in _locals(f)}
    found = Scopes(bound, bound | (_read([tree]) - bound - every_local), {}, {}, {})
    for node in _module_statements(tree.body):
        if isinstance(node, Function):
            found.module_functions[node.name] = _body_reads(node)
        if not isinstance(node, ast.ClassDef):
            continue
        reads: set[str] = set()
        members: set[str] = set()
        for member in node.body:
            members |= _bound_by(member)
            if isinstance(member, Function):
                reads |= _signature_reads(member)
                found.functions[(node.name, member.name)] = (
                    _body_reads(member),
                    _parameters(member),
                )
            else:
                reads |= _read([member])
        found.classes[node.name] = (reads, members)
    return found


# --- the registry against the templates' and the runtime's actual names ------------------------


@dataclass
class Rendered:
    plan: Plan
    api: ApiModels
    files: dict[str, str]


def rendered(path: Path) -> Rendered:
    """The project of a collection file, rendered (not formatted: ``ast`` reads it alike)."""
    loaded = load_collection(path)
    api = build_models(loaded)
    plan = make_plan(loaded, None, api, package_name(loaded.name))
    return Rendered(plan, api, render_project(plan, api, loaded))


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> list[Rendered]:
    """Projects that between them reach every branch of the templates."""
    made = tmp_path_factory.mktemp("coverage") / "coverage.json"
    made.write_text(json.dumps(coverage()), encoding="utf-8")
    bundled = REPO / "collections"
    paths = [made, *sorted(bundled.glob("*.postman_collection.json"))]
    return [rendered(path) for path in paths]


def _resources(plan: Plan) -> dict[str, Resource]:
    """Every class a resource (or the client) defines -> the resource."""
    found = {"Client": plan.root}
    for resource in plan.resources():
        found[resource.class_name] = resource
    return found


def _collection_classes(project: Rendered) -> set[str]:
    """The classes named after the collection: resources, errors and models."""
    names = {resource.class_name for resource in project.plan.resources()}
    names |= {error.name for error in project.plan.error_classes}
    return names | {model.name for model in project.api.models}


def _package_modules(project: Rendered) -> Iterator[tuple[str, Scopes]]:
    prefix = project.plan.package + "/"
    for path, text in project.files.items():
        if path.startswith(prefix) and path.endswith(".py") and path != prefix + "_runtime.py":
            yield path[len(prefix) :], scopes(text)


def test_the_registry_holds_every_name_of_each_scope(projects: list[Rendered]) -> None:
    """Every name a generated module binds or reads, in each scope, that a collection name
    could take there (its naming function would give it), is reserved for that scope."""
    missing: dict[str, set[str]] = {}

    def need(scope: str, names: set[str], spell: Any, reserved: frozenset[str] | set[str]) -> None:
        unreserved = {name for name in names if spell(name) == name and name not in reserved}
        if unreserved:
            missing.setdefault(scope, set()).update(unreserved)

    for project in projects:
        classes = _collection_classes(project)
        resources = _resources(project.plan)
        for path, found in _package_modules(project):
            if path.startswith("models/"):
                need("MODEL_SCOPE", found.module - classes, class_name, MODEL_SCOPE)
                if path == "models/__init__.py":
                    reads = set().union(*found.module_functions.values()) - found.bound
                    need("MODELS_PACKAGE_SCOPE", reads, module_name, MODELS_PACKAGE_SCOPE)
                continue
            if path == "errors.py":
                need("MODEL_SCOPE", found.module - classes, class_name, MODEL_SCOPE)
            need("MODULE_SCOPE", found.module - classes, class_name, MODULE_SCOPE)
            for cls, (reads, members) in found.classes.items():
                resource = resources.get(cls)
                if resource is None:
                    continue  # an error class
                own = {m.name for m in resource.methods} | {c.attribute for c in resource.children}
                if resource is project.plan.root:
                    own |= {s.name for s in project.plan.settings}  # its read-only properties
                need("CLASS_SCOPE", (reads | members) - own - classes, method_name, CLASS_SCOPE)
            for (cls, function), (reads, parameters) in found.functions.items():
                resource = resources.get(cls)
                if resource is None:
                    continue
                names = (reads | parameters) - classes
                if function == "__init__" and "max_retries" in parameters:
                    settings = {s.name for s in project.plan.settings}
                    need("CONSTRUCTOR_SCOPE", names - settings, field_name, CONSTRUCTOR_SCOPE)
                elif "extra_headers" in parameters:
                    method = next(m for m in resource.methods if m.name == function)
                    params = {
                        p.name
                        for p in method.parameters
                        if p.location not in ("json", "content", "graphql")
                    }
                    need(
                        f"method_reads ({function})",
                        names - params,
                        field_name,
                        method_reads(method.returns, method.error_models),
                    )
    assert not missing, missing


def test_the_runtime_defines_no_name_the_registry_misses() -> None:
    """The runtime's public names, the members of the classes generated ones derive from
    (``ClientCore``, ``Resource``) and of ``Model`` are reserved."""
    tree = ast.parse(RUNTIME.read_text(encoding="utf-8"))
    defined = {
        name
        for node in tree.body
        if not isinstance(node, ast.Import | ast.ImportFrom)
        for name in _bound_by(node)
        if not name.startswith("_")
    }
    assert defined <= RUNTIME_NAMES, sorted(defined - RUNTIME_NAMES)
    assert RUNTIME_NAMES <= MODULE_SCOPE
    members: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            members[node.name] = {
                n for m in node.body for n in _bound_by(m) if not n.startswith("_")
            }
    bases = {"_BaseCore", "ClientCore", "AsyncClientCore", "Resource"}
    inherited = set().union(*(members[name] for name in bases))
    assert inherited <= CLASS_SCOPE, sorted(inherited - CLASS_SCOPE)
    assert members["Model"] <= MODEL_MEMBERS, sorted(members["Model"] - MODEL_MEMBERS)


# --- collections named with the registry: generate, import, mypy --strict, the tests pass -------


def named_after_the_registry() -> dict[str, Any]:
    """A collection whose every kind of name is every registry name: folders (and their
    classes), requests, query keys, headers and path variables of methods returning each
    kind of value, host variables (settings), a credential variable, JSON keys (fields and
    model classes) and error codes (error classes)."""
    names = REGISTRY
    query = [(name, "1") for name in names]
    carriers = {
        "model": [example("ok", {name: {name: 1} for name in names})],
        "models": [example("ok", [{"id": 1}])],
        "union": [example("a", {"x": 1}), example("b", [1])],
        "date": [example("ok", '"2024-01-01"')],
        "none": [example("ok", "", 204)],
        "json": [],
        "text": [example("ok", "text", 200, "text/plain")],
    }
    path = "/".join(["p", *(f":{name}" for name in names)])
    headers = [{"key": name, "value": "v"} for name in names]
    # each name once per method: a name twice in one method is prefixed with its location
    items = [
        request(f"carrier {kind}", kind, examples=found, url=url(kind, query))
        for kind, found in carriers.items()
    ]
    items.append(request("carrier path", path, examples=carriers["model"]))
    items.append(request("carrier header", "h", examples=carriers["union"], header=headers))
    items.append(
        request(
            "carrier body", "body", method="POST", header=JSON_HEADER,
            body=json_body({"a": 1}), url=url("body", [*query, ("tags[0]", "a")]),
        )
    )  # fmt: skip
    items.append(
        request(
            "carrier form", "form", method="POST",
            body={"mode": "formdata", "formdata": [
                *({"key": name, "value": "v"} for name in names),
                {"key": "file", "type": "file", "src": "x"},
            ]},
        )
    )  # fmt: skip
    items.append(
        request(
            "carrier graphql", "graphql", method="POST", url=url("graphql", query),
            body={"mode": "graphql", "graphql": {"query": "{ a }", "variables": ""}},
        )
    )  # fmt: skip
    for index, name in enumerate(names):
        host = url(f"f/{index}", host="https://{{" + name + "}}.example.test")
        error = example("error", {"code": name}, 400)  # an error class of that name
        items.append(
            {"name": name, "item": [request(name, f"f/{index}", url=host, examples=[error])]}
        )
        if method_name(name) == name:  # a method of the client itself
            items.append(request(name, f"r/{index}"))
    return collection(
        items,
        name="Registry names",
        auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{super}}"}]},
        variable=[
            {"key": "baseUrl", "value": "https://api.example.test"},
            *({"key": name, "value": "x"} for name in names if name != "super"),
        ],
    )


@dataclass
class Generated:
    """A generated project and its checks, run in parallel in the background."""

    root: Path
    status: int
    stderr: str
    package: str = ""
    running: dict[str, Any] | None = None

    def check(self, name: str) -> tuple[int, str]:
        assert self.running is not None
        process = self.running[name]
        output, _ = process.communicate(timeout=600)
        return process.returncode, output


IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(module.name)
models = importlib.import_module(sys.argv[1] + ".models")
for name in models.__all__:
    getattr(models, name)
client = package.Client(**{a: "x" for a in package.Client.__init__.__kwdefaults__ if a not in
    ("timeout", "max_retries", "http_client", "transport")})
client.close()
print("imported")
"""


def generated(
    doc: dict[str, Any],
    work: Path,
    mypy_strict: MypyStrict,
    checks: tuple[str, ...] = ("imports", "pytest", "mypy"),
) -> Generated:
    """``postc generate`` of ``doc``, and its checks started in the background."""
    source = work / "collection.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    status, _, stderr = postc("generate", source, "-o", work / "out")
    made = Generated(work / "out", status, stderr)
    if status != 0:
        return made
    made.package = package_of(made.root)
    commands = {
        "imports": [sys.executable, "-c", IMPORT_ALL, made.package],
        "pytest": [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
    }
    if "mypy" in checks:
        commands["mypy"] = [*mypy_strict(), made.package, "tests"]
    made.running = {name: start(commands[name], made.root) for name in checks}
    return made


@pytest.fixture(scope="module")
def registry_project(
    tmp_path_factory: pytest.TempPathFactory, mypy_strict: MypyStrict
) -> Generated:
    return generated(named_after_the_registry(), tmp_path_factory.mktemp("registry"), mypy_strict)


def test_registry_names_generate(registry_project: Generated) -> None:
    assert registry_project.status == 0, registry_project.stderr
    assert "internal error" not in registry_project.stderr


@pytest.mark.parametrize("check", ["imports", "pytest", "mypy"])
def test_registry_names_give_a_working_package(registry_project: Generated, check: str) -> None:
    """Every module imports and the client constructs, the generated tests pass (each
    method called), ``mypy --strict`` passes: no collection name shadowed a name."""
    assert registry_project.status == 0, registry_project.stderr
    status, output = registry_project.check(check)
    assert status == 0, output[-4000:]


# --- hazards of their own: each a collection, generated and checked in parallel ----------------

S = "\ud800"  # a lone surrogate: JSON allows "\ud800", UTF-8 cannot encode it
LONG = 10_000


def error_models() -> dict[str, Any]:
    """An error code spelled like the model of the error bodies (errors.py imports both)."""
    envelope = {"code": "ErrorResponse", "message": "m"}

    def item(name: str, index: int) -> dict[str, Any]:
        found = [
            example("ok", {"id": 1}),
            example("bad", envelope, 400),
            example("nf", envelope, 404),
        ]
        return request(name, f"e/{index}", examples=found)

    return collection([item("a", 0), item("b", 1), {"name": "Folder", "item": [item("c", 2)]}])


def meeting_names() -> dict[str, Any]:
    """Folders whose module file names meet: ASCII spelling a punycode, case, transliteration."""
    names = ["пользователи", "xn 80adkfinescg3b5h", "Café", "Cafe", "Users", "USERS", "Ǆ", "DŽ"]
    return collection(
        [{"name": n, "item": [request(f"get {i}", f"m/{i}")]} for i, n in enumerate(names)]
    )


def long_names() -> dict[str, Any]:
    """Names of 10,000 characters: a folder (ASCII, and one of another script), a request
    whose example body is stored in a file named after it, and the collection itself."""
    big = {"text": "x" * 20_000}  # past INLINE_BODY_LIMIT: a file beside the tests
    leaf = request("R" * LONG, "long", examples=[example("E" * LONG, big)])
    folders = [{"name": "Folder " + "x" * LONG, "item": [leaf]}]
    folders.append({"name": "Папка " + "ж" * LONG, "item": [request("y", "y")]})
    return collection(folders, name="N" * LONG)


def content_types() -> dict[str, Any]:
    """Saved responses whose Content-Type is no media type (the tests serve it as a header)."""
    types = [
        "application/jsön",
        "text/plaïn",
        "tëxt/html; charset=utf-8",
        "application/json\u00a0x",
        "{{type}}",
        "a/b/c",
    ]
    items = [
        request(
            f"c {i}",
            f"c/{i}",
            examples=[example("json", {"id": 1}, 200, t), example("text", "plain", 201, t)],
        )
        for i, t in enumerate(types)
    ]
    return collection(items)


def surrogates() -> dict[str, Any]:
    """A lone surrogate in every kind of text: names, keys, values, descriptions, a header."""
    query = [("q" + S, "v" + S)]
    item = request(
        "get" + S, "u" + S + "/:id" + S, method="POST", description="desc" + S,
        url=url("u" + S + "/:id" + S, query), header=[*JSON_HEADER, {"key": "X", "value": S}],
        body=json_body({"k" + S: "v" + S}),
        examples=[
            example("ok" + S, {"id" + S: 1, "name": "x" + S}),
            example("err", {"code": "E" + S, "message": S}, 400),
            example("text", "plain " + S, 201, "text/plain" + S),
        ],
    )  # fmt: skip
    folder = {"name": "Folder" + S, "description": S, "item": [request("x" + S, "f" + S)]}
    escaped = request("escaped", "e", examples=[example("ok", '{"a": "\\ud800", "\\udfff": 1}')])
    return collection(
        [item, folder, escaped], name="Names" + S, variable=[{"key": "v" + S, "value": S}]
    )


STATUSES: list[object] = [0, -1, 99, 600, 99999, 1000, "abc", "²", "0200", " 404 ", "9" * 5000]


def statuses() -> dict[str, Any]:
    """Saved responses with statuses HTTP does not have (and two spellings of real ones)."""

    def item(prefix: str, index: int, code: object) -> dict[str, Any]:
        found = [example("e", {"code": "Bad_thing", "id": 1}, code), example("ok", {"a": 1})]
        return request(f"{prefix} {index}", f"{prefix}/{index}", examples=found)

    root = [item("r", i, code) for i, code in enumerate(STATUSES)]
    return collection(
        [*root, {"name": "F", "item": [item("f", i, c) for i, c in enumerate(STATUSES)]}]
    )


HAZARDS = {
    "error_models": (error_models, ("imports", "pytest", "mypy")),
    "meeting_names": (meeting_names, ("imports", "pytest")),
    "long_names": (long_names, ("imports", "pytest")),
    "content_types": (content_types, ("pytest",)),
    "surrogates": (surrogates, ("imports", "pytest", "mypy")),
    "statuses": (statuses, ("pytest", "mypy")),
}


@pytest.fixture(scope="module")
def hazards(
    tmp_path_factory: pytest.TempPathFactory, mypy_strict: MypyStrict
) -> dict[str, Generated]:
    made = {}
    for name, (make, checks) in HAZARDS.items():
        made[name] = generated(make(), tmp_path_factory.mktemp(name), mypy_strict, checks)
    return made


@pytest.mark.parametrize(
    ("hazard", "check"),
    [(name, check) for name, (_, checks) in HAZARDS.items() for check in checks],
)
def test_a_hazard_gives_a_working_package(
    hazards: dict[str, Generated], hazard: str, check: str
) -> None:
    """Exit 0 (never 70), and the package imports, passes its tests, ``mypy --strict``."""
    project = hazards[hazard]
    assert project.status == 0, project.stderr
    status, output = project.check(check)
    assert status == 0, output[-4000:]


def test_error_classes_never_take_the_name_of_an_error_model(hazards: dict[str, Generated]) -> None:
    errors = (hazards["error_models"].root / "names" / "errors.py").read_text(encoding="utf-8")
    tree = ast.parse(errors)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    imported = {
        a.asname or a.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for a in node.names
    }
    assert classes and "ErrorResponse" in imported
    assert not classes & imported


def test_no_folder_is_lost_when_module_file_names_meet(hazards: dict[str, Generated]) -> None:
    """Every folder keeps its own module and test module: a file name another already has
    (punycode spelled in ASCII, case, a transliteration) gets a number."""
    project = hazards["meeting_names"]
    assert project.status == 0, project.stderr
    package = project.root / project.package
    modules = sorted(
        p.name for p in (package / "resources").glob("*.py") if p.name != "__init__.py"
    )
    tests = sorted(p.name for p in (project.root / "tests").glob("test_*.py"))
    folders = len(meeting_names()["item"])
    assert len(modules) == len({m.lower() for m in modules}) == folders, modules
    assert len(tests) == len({t.lower() for t in tests}) == folders, tests
    assert "xn_80adkfinescg3b5h.py" in modules and "xn_80adkfinescg3b5h_2.py" in modules


def test_long_names_give_short_file_names(hazards: dict[str, Generated]) -> None:
    project = hazards["long_names"]
    assert project.status == 0, project.stderr
    files = [p for p in project.root.rglob("*") if "__pycache__" not in p.parts]
    longest = max(len(p.name.encode()) for p in files)
    assert longest <= len("test_") + FILE_NAME_LENGTH + len("_99.json"), longest
    assert len(project.package) <= FILE_NAME_LENGTH
    assert list((project.root / "tests" / "examples").rglob("*.json"))  # the stored body


def test_statuses_outside_http_are_warned_about_and_ignored(hazards: dict[str, Generated]) -> None:
    project = hazards["statuses"]
    assert project.status == 0, project.stderr
    for code in (0, -1, 99, 600, 99999, 1000, "abc", "²"):
        assert f"got {code!r}; ignored" in project.stderr or "more warnings" in project.stderr
    assert "'0200'" not in project.stderr and "' 404 '" not in project.stderr


def test_content_types_that_are_no_media_type_are_warned_about(
    hazards: dict[str, Generated],
) -> None:
    project = hazards["content_types"]
    assert project.status == 0, project.stderr
    assert "'application/jsön' is not a media type" in project.stderr


def _written(directory: Path, doc: dict[str, Any]) -> Path:
    """``doc`` in a file, as ``json.dumps`` writes it (``\\ud800`` escapes, all ASCII)."""
    path = directory / f"{len(list(directory.iterdir()))}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_lone_surrogates_are_read_as_replacement_characters(tmp_path: Path) -> None:
    loaded = load_collection(_written(tmp_path, surrogates()))
    endpoints = list(loaded.endpoints())
    assert loaded.name == "Names\ufffd"
    assert endpoints[0].name == "get\ufffd"
    document = endpoints[0].examples[0].json
    assert document is not None and document.value == {"id\ufffd": 1, "name": "x\ufffd"}
    escaped = endpoints[-1].examples[0].json
    assert escaped is not None and escaped.value == {"a": "\ufffd", "\ufffd": 1}
    paired = load_collection(_written(tmp_path, collection([request("\U0001f600", "p")])))
    assert next(paired.endpoints()).name == "\U0001f600"  # an escaped pair stays one character


# --- generate compiles what it writes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "cause"),
    [
        # black formats it, only the compiler refuses it
        ("def broken(a, a):\n    pass\n", "line 1: duplicate argument"),
        # black refuses it first (its exception was exit 70): left as written for the check
        ("def broken(:\n    pass\n", "line 1: "),
    ],
    ids=["compiler", "black"],
)
def test_output_that_does_not_compile_is_exit_2_and_nothing_is_written(
    tmp_path: Path, template: str, cause: str
) -> None:
    """A user template writing code that does not compile: exit 2 naming the file, the line
    and the cause, and the output directory is not created."""
    templates = tmp_path / "templates" / "package"
    templates.mkdir(parents=True)
    (templates / "__init__.py.j2").write_text(template, encoding="utf-8")
    source = tmp_path / "collection.json"
    source.write_text(json.dumps(collection([request("get", "x")])), encoding="utf-8")
    output = tmp_path / "out"
    status, _, stderr = postc(
        "generate", source, "-o", output, "--templates", tmp_path / "templates"
    )
    assert status == 2, stderr
    assert f"generated code does not compile: names/__init__.py {cause}" in stderr
    assert f"check the templates in {tmp_path / 'templates'}" in stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert not output.exists()


# --- module file names, unit by unit -------------------------------------------------------------


def test_module_files_are_ascii_short_and_distinct_without_case() -> None:
    names = ["пользователи", "xn_80adkfinescg3b5h", "x" * LONG, "x" * (LONG + 1), "a", "A", "a_2"]
    files = module_files(names)
    assert files[:2] == ["xn_80adkfinescg3b5h", "xn_80adkfinescg3b5h_2"]
    assert files[4:] == ["a", "A_2", "a_2_2"]
    assert len({f.lower() for f in files}) == len(files)
    assert all(f.isascii() and f.isidentifier() and len(f) <= FILE_NAME_LENGTH + 3 for f in files)
    assert files[2] != files[3] and len(files[2]) == FILE_NAME_LENGTH
    assert module_files(names) == files  # deterministic


def test_package_names_are_short() -> None:
    name = package_name("Long " * LONG)
    assert (
        len(name) == FILE_NAME_LENGTH
        and name.isidentifier()
        and name == package_name("Long " * LONG)
    )
    assert package_name("Long " * LONG + "x") != name
