"""Benchmark: postc beside openapi-python-client on the same API (issue 7).

    .venv/bin/python bench/compare.py [--operations 1000] [--runs 3] [--examples] [--keep DIR]

One run, one API, two routes to a Python client:

1. ``openapi_document(N)`` writes an OpenAPI 3.0.3 document of N operations shaped like a
   vendor API and like ``bench/synthetic.py``: resource groups of five operations (list,
   get, create, update, delete; one tag, hence one Postman folder, each) over the kinds
   user, order, invoice, ...; path parameter ``id``, query ``limit``/``cursor`` on list,
   JSON request bodies on create/update, a 404 with the one shared ``Error`` schema on get
   and update. Component schemas with ``$ref``s: per group a resource (id, object,
   created_at, status enum, name, amount, count, tags, ``owner`` -> shared ``Owner``,
   ``links`` -> shared ``Links`` with a nullable ``related``, string ``metadata`` map, one
   group-specific boolean), an input schema for request bodies and a page envelope (data,
   has_more, nullable next_cursor). Every request and response body has an ``example``.
   ``--examples`` (issue 19) adds a 401 to every operation and a 400 to list, create and
   update, both with the ``Error`` schema and an example, so that every response but the
   delete's 204 carries one: three responses per operation.
2. openapi-to-postmanv2 (Node API, ``convertV2`` with ``parametersResolution: Example`` and
   ``folderStrategy: Tags``) converts it to a Postman v2.1 collection whose saved example
   responses are those examples (``--examples``: the v1 ``convert`` with
   ``requestParametersResolution`` and ``exampleParametersResolution`` set to ``Example``,
   the conversion of issue 19, a saved example for every response: about 3,000 for 1,000
   operations); ``postc validate`` must accept it, and ``postc inspect
   --json`` show one request per operation and one saved example per response (with a JSON
   body where the response has one).
3. Timed, as the median of ``--runs`` whole processes, each into a fresh output directory
   (postc also with a fresh empty ``POSTC_CACHE_DIR``: a cold generation):
   ``openapi-python-client generate --path API.json --output-path DIR --overwrite`` with its
   default post-hooks (``ruff check --fix``, ``ruff format``; the ruff of its own venv) and
   ``postc generate COLLECTION -o DIR``. Peak RSS is that of the largest single process of
   the tool's process tree (ruff under openapi-python-client, black workers under postc;
   ``run`` says how), the largest over the runs; CPU time is the tree's user + system time,
   median of the runs. Generated ``.py`` files and lines are counted (postc's ``tests/``
   apart, and per operation: openapi-python-client writes no tests). openapi-python-client
   must not warn
   (a warning means it skipped part of the document).
4. postc only: a no-op regeneration and a one-request change (one saved example body of
   the collection gains a field; the edit is not timed), whole ``postc generate``
   processes with a warm cache, median of ``--runs``.

Prints a Markdown table with the targets (postc ÷ openapi-python-client cold time ≤ 0.5,
no-op < 0.5 s, one-request change < 1 s), the tool versions and the CPU count. ``--keep
DIR`` keeps the OpenAPI document, the collection, both outputs of the last cold run and
the tools' logs. Exit status 2 when a tool is not installed (the message says how).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
OPC_BIN = BENCH / ".venv-opc" / "bin"
OPC = OPC_BIN / "openapi-python-client"
NODE_PREFIX = BENCH / ".node"
CONVERTER = NODE_PREFIX / "node_modules" / "openapi-to-postmanv2"
POSTC = Path(sys.executable).parent / "postc"
INSTALL = (
    "python3 -m venv bench/.venv-opc && bench/.venv-opc/bin/pip install openapi-python-client",
    "npm install --prefix bench/.node openapi-to-postmanv2",
)

PER_GROUP = 5  # operations of one resource group: list, get, create, update, delete
KINDS = ("user", "order", "invoice", "product", "ticket", "webhook", "report", "device")
STATUSES = ["active", "pending", "archived"]
OPERATIONS = ("list", "get", "create", "update", "delete")
WITH_404 = ("get", "update")
WITH_400 = ("list", "create", "update")  # with --examples; and a 401 on every operation
TITLE = "Synthetic API"
# convertV2's options (the v1 ``convert`` had request/exampleParametersResolution; v2 has
# one parametersResolution for both): bodies, parameters and saved example responses from
# the document's ``example``s, one folder per tag, auth on the collection only.
CONVERTER_OPTIONS = {
    "parametersResolution": "Example",
    "folderStrategy": "Tags",
    "enableOptionalParameters": True,
    "alwaysInheritAuthentication": True,
}
# --examples: the v1 ``convert`` and its two options of issue 19, the rest alike
EXAMPLES_CONVERTER_OPTIONS = {
    "requestParametersResolution": "Example",
    "exampleParametersResolution": "Example",
    "folderStrategy": "Tags",
    "enableOptionalParameters": True,
}
# Through the package's Node API rather than its CLI, which prints progress and options to
# stdout: this writes the collection, or the reason to stderr and exits 1.
CONVERT_JS = """
const fs = require('fs');
const converter = require(process.argv[1]);
const [source, target, convert, options] = process.argv.slice(2);
converter[convert](
  {type: 'file', data: source}, JSON.parse(options), (error, result) => {
    if (error || !result.result) {
      console.error(error ? String(error) : result.reason);
      process.exit(1);
    }
    fs.writeFileSync(target, JSON.stringify(result.output[0].data));
  });
"""


# the OpenAPI document ----------------------------------------------------------------


def openapi_document(operations: int, every_response: bool = False) -> dict[str, Any]:
    """An OpenAPI 3.0.3 document of ``operations`` operations, the same for the same N;
    ``every_response``: with the 400 and 401 responses of ``--examples``."""
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {
        "Owner": _object(
            {"id": {"type": "string"}, "email": {"type": "string", "format": "email"}},
        ),
        "Links": _object(
            {
                "self": {"type": "string", "format": "uri"},
                "related": {"type": "string", "format": "uri", "nullable": True},
            },
        ),
        "Error": _object(
            {
                "error": _object(
                    {
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                        "status": {"type": "integer"},
                    }
                )
            }
        ),
    }
    tags = []
    for group in range((operations + PER_GROUP - 1) // PER_GROUP):
        kind = KINDS[group % len(KINDS)]
        tag = f"{kind.title()}s {group}"
        tags.append({"name": tag, "description": f"Manage {kind}s (set {group})."})
        names = _schema_names(kind, group)
        schemas.update(_group_schemas(kind, group, names))
        collection = f"/v1/{kind}s-{group}"
        for index in range(min(PER_GROUP, operations - group * PER_GROUP)):
            number = group * PER_GROUP + index
            operation = OPERATIONS[index]
            path = collection if operation in ("list", "create") else f"{collection}/{{id}}"
            method = {"list": "get", "get": "get", "create": "post", "update": "patch"}.get(
                operation, "delete"
            )
            described = _operation(operation, kind, group, number, tag)
            if every_response:
                described["responses"].update(_error_responses(operation, kind))
            paths.setdefault(path, {})[method] = described
    return {
        "openapi": "3.0.3",
        "info": {"title": TITLE, "version": "1.0.0", "description": "A synthetic API."},
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"bearerAuth": []}],
        "tags": tags,
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
        },
    }


def _schema_names(kind: str, group: int) -> dict[str, str]:
    base = f"{kind.title()}{group}"
    return {"resource": base, "input": f"{base}Input", "page": f"{base}Page"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = list(properties) if required is None else required
    if required:  # OpenAPI 3.0: ``required`` is a non-empty array, or absent
        schema["required"] = required
    return schema


def _flag(kind: str, group: int) -> str:
    return f"{kind}_field_{group}"


def _group_schemas(kind: str, group: int, names: dict[str, str]) -> dict[str, Any]:
    writable = {
        "status": {"type": "string", "enum": STATUSES},
        "name": {"type": "string"},
        "amount": {"type": "number"},
        "count": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
        _flag(kind, group): {"type": "boolean"},
    }
    resource = {
        "id": {"type": "string"},
        "object": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        **writable,
        "owner": _ref("Owner"),
        "links": _ref("Links"),
    }
    page = {
        "data": {"type": "array", "items": _ref(names["resource"])},
        "has_more": {"type": "boolean"},
        "next_cursor": {"type": "string", "nullable": True},
    }
    return {
        names["resource"]: _object(resource),
        names["input"]: _object(writable, required=[]),
        names["page"]: _object(page),
    }


def _resource(number: int, kind: str, group: int) -> dict[str, Any]:
    return {
        "id": f"{kind[:3]}_{number:06d}",
        "object": kind,
        "created_at": f"2026-0{1 + number % 9}-1{number % 10}T10:00:00Z",
        "status": STATUSES[number % 3],
        "name": f"{kind} number {number}",
        "amount": number * 3 + 0.5,
        "count": number % 17,
        "tags": [f"t{number % 4}", "common"],
        "metadata": {f"key_{number % 7}": f"value {number}"},
        _flag(kind, group): number % 2 == 0,
        "owner": {"id": f"usr_{number % 50:04d}", "email": f"owner{number % 50}@example.com"},
        "links": {"self": f"https://api.example.com/v1/{kind}s/{number}", "related": None},
    }


def _json(schema: dict[str, Any], example: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema, "example": example}}}


def _operation(operation: str, kind: str, group: int, number: int, tag: str) -> dict[str, Any]:
    names = _schema_names(kind, group)
    plural = f"{kind.title()}s{group}"
    summary = {
        "list": f"List {kind}s {group}",
        "get": f"Get {kind} {group}",
        "create": f"Create {kind} {group}",
        "update": f"Update {kind} {group}",
        "delete": f"Delete {kind} {group}",
    }[operation]
    result: dict[str, Any] = {
        "tags": [tag],
        "operationId": (
            f"list{plural}" if operation == "list" else f"{operation}{names['resource']}"
        ),
        "summary": summary,
        "description": f"{operation.title()} {kind} resources ({number}).",
    }
    parameters: list[dict[str, Any]] = []
    if operation == "list":
        parameters = [
            _parameter("limit", "query", {"type": "integer", "minimum": 1}, 20),
            _parameter("cursor", "query", {"type": "string"}, f"c{number}"),
        ]
    elif operation != "create":
        parameters = [_parameter("id", "path", {"type": "string"}, f"{kind[:3]}_{number:06d}")]
    if parameters:
        result["parameters"] = parameters
    resource = _resource(number, kind, group)
    if operation in ("create", "update"):
        body = {key: value for key, value in resource.items() if key in _writable(kind, group)}
        result["requestBody"] = {"required": True, **_json(_ref(names["input"]), body)}
    responses: dict[str, Any] = {}
    if operation == "list":
        page = {
            "data": [resource, _resource(number + 1, kind, group)],
            "has_more": number % 2 == 0,
            "next_cursor": None if number % 2 else f"c{number + 1}",
        }
        responses["200"] = {"description": "A page.", **_json(_ref(names["page"]), page)}
    elif operation == "create":
        responses["201"] = {"description": "Created.", **_json(_ref(names["resource"]), resource)}
    elif operation == "delete":
        responses["204"] = {"description": "Deleted."}
    else:
        responses["200"] = {"description": "OK.", **_json(_ref(names["resource"]), resource)}
    if operation in WITH_404:
        error = {"error": {"code": "not_found", "message": f"No such {kind}", "status": 404}}
        responses["404"] = {"description": "Not found.", **_json(_ref("Error"), error)}
    result["responses"] = responses
    return result


def _error_responses(operation: str, kind: str) -> dict[str, Any]:
    """The 400 (list, create, update) and 401 of ``--examples``, each with an example."""
    errors = {"401": ("unauthorized", "No valid bearer token")}
    if operation in WITH_400:
        errors["400"] = ("invalid_request", f"Invalid {kind} request")
    return {
        status: {
            "description": message + ".",
            **_json(_ref("Error"), {"error": {"code": code, "message": message, "status": 0}}),
        }
        for status, (code, message) in sorted(errors.items())
    }


def _writable(kind: str, group: int) -> set[str]:
    return {"status", "name", "amount", "count", "tags", "metadata", _flag(kind, group)}


def _parameter(name: str, where: str, schema: dict[str, Any], example: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "example": example,
    }


# running the tools -------------------------------------------------------------------


@dataclass
class Process:
    seconds: float
    max_rss_kib: int
    cpu_seconds: float


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``), so that processes the
    tool leaves behind can be waited for and counted: postc's black workers are children
    of a multiprocessing forkserver that postc never waits for."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(36, 1, 0, 0, 0) == 0)  # PR_SET_CHILD_SUBREAPER


def run(command: list[str], log: Path, env: dict[str, str] | None = None) -> Process:
    """Run ``command`` to completion: its wall time, and the peak RSS and CPU time of its
    process tree. Output goes to ``log``.

    The wall time ends when the command exits. ``os.wait4`` gives the rusage of the command
    and of the descendants it waited for (ruff under openapi-python-client); then the
    orphans adopted as subreaper (postc's forkserver, and through it the black workers it
    waited for) are waited for too. Peak RSS is the largest ``ru_maxrss`` (Linux: KiB) of
    all those: the largest single process; CPU time is their sum.
    """
    reap_orphans()  # left by earlier commands: not this one's
    with log.open("ab") as out:
        out.write(f"$ {' '.join(command)}\n".encode())
        out.flush()
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"failed (exit {child.returncode}): {' '.join(command)}\n{tail}")
    usages = [usage, *reap_orphans()]
    return Process(
        seconds,
        max(usage.ru_maxrss for usage in usages),
        sum(usage.ru_utime + usage.ru_stime for usage in usages),
    )


def reap_orphans(timeout: float = 30) -> list[resource.struct_rusage]:
    """Wait for the adopted orphans still running (at most ``timeout`` seconds)."""
    found = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:  # no children left
            break
        if pid:
            found.append(usage)
        else:
            time.sleep(0.005)
    return found


def output_of(command: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return (done.stdout or done.stderr).strip() if done.returncode == 0 else "?"


def opc_env() -> dict[str, str]:
    """The environment of openapi-python-client: its venv first, for its ruff post-hooks."""
    env = dict(os.environ)
    env["PATH"] = f"{OPC_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("VIRTUAL_ENV", None)
    return env


def missing_tools() -> list[str]:
    missing = []
    if not OPC.exists() or not (OPC_BIN / "ruff").exists():
        missing.append(f"openapi-python-client (and ruff) in bench/.venv-opc: {INSTALL[0]}")
    if shutil.which("node") is None:
        missing.append("node (Node.js 18 or later), for openapi-to-postmanv2")
    if not (CONVERTER / "package.json").exists():
        missing.append(f"openapi-to-postmanv2 in bench/.node: {INSTALL[1]}")
    if not POSTC.exists():
        missing.append("postc in this venv: .venv/bin/pip install -e .")
    return missing


def versions() -> dict[str, str]:
    package = json.loads((CONVERTER / "package.json").read_text(encoding="utf-8"))
    return {
        "postc": output_of([str(POSTC), "--version"]).rsplit(" ", 1)[-1],
        "openapi-python-client": output_of([str(OPC), "--version"]).rsplit(" ", 1)[-1],
        "ruff (its post-hooks)": output_of([str(OPC_BIN / "ruff"), "--version"]).split()[-1],
        "openapi-to-postmanv2": str(package["version"]),
        "node": output_of(["node", "--version"]),
        "python": sys.version.split()[0],
    }


def convert(document: Path, collection: Path, every_response: bool) -> None:
    """The document converted by openapi-to-postmanv2: ``convertV2``, or with
    ``every_response`` the v1 ``convert`` with an example for every response."""
    function, options = (
        ("convert", EXAMPLES_CONVERTER_OPTIONS)
        if every_response
        else ("convertV2", CONVERTER_OPTIONS)
    )
    command = ["node", "-e", CONVERT_JS, str(CONVERTER), str(document), str(collection), function]
    done = subprocess.run(
        [*command, json.dumps(options)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not collection.exists():
        raise SystemExit(f"openapi-to-postmanv2 failed:\n{done.stderr or done.stdout}")


def check_collection(collection: Path, document: dict[str, Any]) -> tuple[int, int]:
    """The collection's requests and saved examples (``postc inspect --json``): one request
    per operation, one saved example per response, with a JSON body where it has one."""
    validate = subprocess.run(
        [str(POSTC), "validate", str(collection)], capture_output=True, text=True, check=False
    )
    if validate.returncode != 0:
        raise SystemExit(f"postc validate rejects the collection:\n{validate.stdout}")
    inspect = subprocess.run(
        [str(POSTC), "inspect", "--json", str(collection)],
        capture_output=True,
        text=True,
        check=True,
    )
    endpoints = json.loads(inspect.stdout)["endpoints"]
    examples = [example for endpoint in endpoints for example in endpoint["examples"]]
    operations = [
        operation for methods in document["paths"].values() for operation in methods.values()
    ]
    responses = [
        response for operation in operations for response in operation["responses"].values()
    ]
    expected = (len(operations), len(responses), sum("content" in r for r in responses))
    found = (len(endpoints), len(examples), sum(bool(example["json"]) for example in examples))
    if found != expected:
        raise SystemExit(
            f"expected (requests, saved examples, examples with a JSON body) {expected};"
            f" the collection has {found}"
        )
    return len(endpoints), len(examples)


@dataclass
class Lines:
    files: int = 0
    lines: int = 0
    test_lines: int = 0


def python_lines(root: Path) -> Lines:
    found = Lines()
    for path in sorted(root.rglob("*.py")):
        count = len(path.read_text(encoding="utf-8").splitlines())
        found.files += 1
        found.lines += count
        if "tests" in path.relative_to(root).parts:
            found.test_lines += count
    return found


@dataclass
class Tool:
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    lines: Lines = field(default_factory=Lines)

    def add(self, process: Process) -> None:
        self.times.append(process.seconds)
        self.rss_kib.append(process.max_rss_kib)
        self.cpu.append(process.cpu_seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def edit_one_example(collection: Path, version: int) -> None:
    """The first saved example body of the collection gets field ``added_VERSION`` instead
    of the previous version's."""
    data = json.loads(collection.read_text(encoding="utf-8"))
    items: list[dict[str, Any]] = [data]
    while items:
        item = items.pop(0)
        for response in item.get("response", []):
            if response.get("body"):
                body = json.loads(response["body"])
                body.pop(f"added_{version - 1}", None)
                body[f"added_{version}"] = version
                response["body"] = json.dumps(body, indent=2)
                collection.write_text(json.dumps(data), encoding="utf-8")
                return
        items.extend(item.get("item", []))
    raise SystemExit("no saved example body to edit in the collection")


# the benchmark -----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs here")
    parser.add_argument(
        "--examples",
        action="store_true",
        help="a saved example for every response (the v1 conversion of issue 19)",
    )
    args = parser.parse_args()
    if args.operations < PER_GROUP or args.runs < 1:
        parser.error(f"--operations must be at least {PER_GROUP}, --runs at least 1")
    missing = missing_tools()
    if missing:
        print("bench/compare.py needs, from the repository root:", file=sys.stderr)
        for line in missing:
            print(f"  {line}", file=sys.stderr)
        raise SystemExit(2)
    found = versions()
    if not become_subreaper():
        print("note: not Linux, peak RSS and CPU time miss orphaned processes", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="postc-compare-") as scratch:
        root = Path(scratch)
        logs = root / "logs"
        logs.mkdir()
        document = root / "openapi.json"
        collection = root / "synthetic.postman_collection.json"
        api = openapi_document(args.operations, args.examples)
        document.write_text(json.dumps(api, indent=2), encoding="utf-8")
        start = time.perf_counter()
        convert(document, collection, args.examples)
        conversion = time.perf_counter() - start
        requests, examples = check_collection(collection, api)

        opc, postc = Tool(), Tool()
        env = opc_env()
        for number in range(args.runs):
            out = root / f"opc-{number}"
            command = [str(OPC), "generate", "--path", str(document)]
            command += ["--output-path", str(out), "--overwrite"]
            opc.add(run(command, logs / "openapi-python-client.log", env))
            opc.lines = python_lines(out)
            cache = root / f"cache-{number}"
            cache.mkdir()
            out = root / f"postc-{number}"
            postc_env = {**os.environ, "POSTC_CACHE_DIR": str(cache)}
            command = [str(POSTC), "generate", str(collection), "-o", str(out)]
            postc.add(run(command, logs / "postc.log", postc_env))
            postc.lines = python_lines(out)
            if number < args.runs - 1:  # keep only the last run's outputs
                for path in (root / f"opc-{number}", out, cache):
                    shutil.rmtree(path)

        opc_log = (logs / "openapi-python-client.log").read_text(encoding="utf-8")
        if "Warning" in opc_log:  # it skipped parts of the document: not a fair comparison
            raise SystemExit(f"openapi-python-client warned about the document:\n{opc_log}")

        # postc only: regeneration with a warm cache, in a copy of the last cold output
        warm = {**os.environ, "POSTC_CACHE_DIR": str(root / f"cache-{args.runs - 1}")}
        edited = root / "edited.postman_collection.json"
        shutil.copyfile(collection, edited)
        regen = root / "postc-regen"
        command = [str(POSTC), "generate", str(edited), "-o", str(regen)]
        run(command, logs / "postc.log", warm)
        noop = Tool()
        for _ in range(args.runs):
            noop.add(run(command, logs / "postc.log", warm))
        change = Tool()
        for number in range(args.runs):
            edit_one_example(edited, number + 1)  # not timed
            change.add(run(command, logs / "postc.log", warm))

        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name in (document.name, collection.name):
                shutil.copyfile(root / name, args.keep / name)
            for source, name in (
                (root / f"opc-{args.runs - 1}", "openapi-python-client"),
                (root / f"postc-{args.runs - 1}", "postc"),
                (logs, "logs"),
            ):
                shutil.rmtree(args.keep / name, ignore_errors=True)
                shutil.copytree(source, args.keep / name)

    report(args, found, requests, examples, conversion, opc, postc, noop, change)


def report(
    args: argparse.Namespace,
    found: dict[str, str],
    requests: int,
    examples: int,
    conversion: float,
    opc: Tool,
    postc: Tool,
    noop: Tool,
    change: Tool,
) -> None:
    operations = args.operations
    ratio = postc.median / opc.median

    def status(met: bool) -> str:
        return "met" if met else "MISSED"

    def mib(tool: Tool) -> str:
        return f"{max(tool.rss_kib) / 1024:.0f}"

    def per_operation(lines: int) -> str:
        return f"{lines / operations:.1f}"

    conversion_name = "convert, an example for every response" if args.examples else "convertV2"
    print(
        f"{operations} operations (OpenAPI 3.0.3) -> {requests} requests, {examples} saved"
        f" examples (openapi-to-postmanv2 {conversion_name}, {conversion:.1f} s); median of"
        f" {args.runs} runs; {os.cpu_count()} CPUs"
    )
    print("versions: " + ", ".join(f"{name} {version}" for name, version in found.items()))
    print()
    rows = [
        ("measure", "openapi-python-client", "postc", "postc ÷ opc", "target"),
        ("---", "---:", "---:", "---:", "---"),
        (
            "cold generation, whole process (s)",
            f"{opc.median:.2f}",
            f"{postc.median:.2f}",
            f"{ratio:.2f}",
            f"ratio ≤ 0.5 ({status(ratio <= 0.5)})",
        ),
        (
            "CPU time, user + system, all processes (s)",
            f"{statistics.median(opc.cpu):.2f}",
            f"{statistics.median(postc.cpu):.2f}",
            "",
            "",
        ),
        ("peak RSS, largest process (MiB)", mib(opc), mib(postc), "", ""),
        (".py files", str(opc.lines.files), str(postc.lines.files), "", ""),
        ("lines of Python", str(opc.lines.lines), str(postc.lines.lines), "", ""),
        ("… of which in tests/", str(opc.lines.test_lines), str(postc.lines.test_lines), "", ""),
        (
            "lines per operation, tests/ excluded",
            per_operation(opc.lines.lines - opc.lines.test_lines),
            per_operation(postc.lines.lines - postc.lines.test_lines),
            "",
            "",
        ),
        (
            "lines per operation in tests/",
            per_operation(opc.lines.test_lines),
            per_operation(postc.lines.test_lines),
            "",
            "",
        ),
        (
            "no-op regeneration, whole process (s)",
            "",
            f"{noop.median:.3f}",
            "",
            f"< 0.5 s ({status(noop.median < 0.5)})",
        ),
        (
            "one-request change, whole process (s)",
            "",
            f"{change.median:.3f}",
            "",
            f"< 1 s ({status(change.median < 1)})",
        ),
    ]
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
