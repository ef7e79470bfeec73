"""Benchmark: the round trip collection -> ``postc openapi`` -> openapi-python-client (issue 18).

    .venv/bin/python bench/openapi_roundtrip.py [COLLECTION ...] [--all] [--document FILE ...]
        [--opc PATH] [--opc-config FILE] [--octet] [--keep DIR] [--verbose]

One-time setup (the folder is gitignored; ``--opc`` or ``POSTC_OPC`` names another binary):

    python3 -m venv bench/.venv-opc && bench/.venv-opc/bin/pip install openapi-python-client

For each collection (by default six of ``../shared/corpus``, chosen to differ, and the two
bundled ones; ``--all``: every v2.0/v2.1 collection of the corpus):

1. ``postc openapi COLLECTION -o DOC``, a whole process, as a user runs it.
2. ``openapi-python-client generate --path DOC --meta none --config CFG`` (its ruff
   post-hooks off: they format, they do not change what is generated), its warnings kept.
3. The generated client read back with ``ast``: each ``api/<tag>/<operation>.py`` module's
   HTTP method and URL (``_get_kwargs``), and the parameters and return annotation of its
   ``sync`` function (``sync_detailed`` where openapi-python-client wrote no ``sync``: it
   does so when no response body is typed, the body is then not parsed).
4. Compared by operation, an operation being its HTTP method and its path with parameter
   names blanked (``/users/{}``), with the document's operations and with postc's own
   generated methods (``method_calls`` of the plan ``postc generate`` renders): operations
   postc generates and the document lacks, or the document has and openapi-python-client
   did not generate (lost: exit status 1); several postc methods on one operation
   (merged: OpenAPI has one operation per method and path); method names that differ;
   parameters (path, query and header by name, the body as one) missing on either side or
   required on one side only; success return types naming other models, or no parsed
   body where postc returns one.

Prints a Markdown table, one row per collection, the differences per collection (the first
``--limit`` of each kind; ``--verbose``: all), and openapi-python-client's warnings summarised
by kind. ``--octet`` maps the request body media types openapi-python-client does not
support (XML, plain text, GraphQL...: it drops such operations) to
``application/octet-stream`` in its configuration, the user's way to keep them.
``--document FILE`` runs steps 2-4 on an OpenAPI document written by hand (no postc
side). ``--keep DIR`` keeps the documents, the generated clients and the logs. Exit status 2
when openapi-python-client is not installed (the message says how).
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.annotations import annotation
from generator.api_models import build_models
from generator.emit.plan import Method, make_plan, method_calls
from generator.ir import Model
from generator.loader import load_collection
from generator.naming.identifiers import package_name
from generator.openapi.operations import numbered_names

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_OPC = REPO / "bench" / ".venv-opc" / "bin" / "openapi-python-client"
OPC_VERSION = "0.29.1"  # the version the round trip was measured with
INSTALL = (
    "python3 -m venv bench/.venv-opc && "
    f"bench/.venv-opc/bin/pip install openapi-python-client=={OPC_VERSION}"
)
POSTC = Path(sys.executable).parent / "postc"
# Chosen to differ: many saved examples, four hosts, files and raw content (Box); no
# example at all and digest auth (MongoDB Atlas); several schemes and hosts, form and file
# bodies (Wise); no example, three hosts, bearer schemes (Microsoft Graph); GraphQL bodies
# on one URL (Xray); the most tagged unions of the corpus, basic auth, two hosts (Smooch).
DEFAULT_CORPUS = (
    "box__box-postman__box-collection.json",
    "cassianobein__mongodb-atlas-api-resources__MongoDB_Atlas.postman_collection.json",
    "transferwise__public-api-postman-collection__Multi-Currency_Account.postman_collection.json",
    "microsoftgraph__microsoftgraph-postman-collections__Microsoft_Graph.postman_collection.json",
    "Xray-App__xray-postman-collections__Xray_Cloud_GraphQL_API.postman_collection.json",
    "zendesk__sunshine-conversations-postman-collection-public__Smooch.postman_collection.json",
)
BUNDLED = tuple(sorted((REPO / "collections").glob("*.postman_collection.json")))
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Where a postc parameter's value goes: these are separate arguments in both clients; the
# others (json, form, file, content, graphql) are the one ``body`` of openapi-python-client.
WIRE_LOCATIONS = frozenset({"path", "query", "header", "cookie"})
_PATH_FIELD = re.compile(r"\{[^{}]*\}")
_OPC_OBJECT = re.compile(r"<openapi_python_client\.[^>]*>")
_MODEL = re.compile(r"\bmodels\.(\w+)")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_ENDPOINT_WARNING = re.compile(
    r"WARNING parsing (\w+) (\S+) within (.*?)\.( Endpoint will not be generated\.)?$"
)
_SCHEMA_WARNING = re.compile(r"Unable to parse schema (\S+)")
# The request body media types openapi-python-client 0.29 generates code for (and any
# ``+json``); an operation whose every body has another type is not generated.
OPC_BODY_TYPES = (
    "application/json",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
)
_OPC_NOISE = ("If you believe this was a mistake", "Generating ", "Warning(s) encountered")

Key = tuple[str, str]  # (GET, /users/{})


def operation_key(method: str, path: str) -> Key:
    """An operation as both sides can name it: parameter names are each side's own."""
    return method.upper(), _PATH_FIELD.sub("{}", path)


def loose_name(name: str) -> str:
    """A name compared across generators: ``filter[name]``, ``filter_name`` -> ``filtername``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Operation:
    """One generated call, as either client shows it to a caller."""

    key: Key
    name: str
    required: frozenset[str]  # path, query and header parameters, loose names
    optional: frozenset[str]
    body: str | None  # "required", "optional" or None (no body argument)
    returns: str | None  # the success annotation; None: the body is not parsed
    models: frozenset[str]  # the loose names of the classes ``returns`` names


@dataclass(frozen=True)
class FieldView:
    """A model field as either client types it."""

    required: bool
    annotation: str
    models: frozenset[str]  # the loose names of the classes ``annotation`` names


Models = dict[str, dict[str, FieldView]]  # loose class name -> JSON key -> field


@dataclass(frozen=True)
class OpcWarning:
    """One warning of openapi-python-client: an endpoint's or a schema's."""

    where: str  # "GET /x" or the schema's reference
    message: str
    dropped: bool  # "Endpoint will not be generated"


@dataclass(frozen=True)
class OpcRun:
    returncode: int
    output: str
    warnings: tuple[OpcWarning, ...]
    operations: tuple[Operation, ...]
    models: Models = field(default_factory=dict)


@dataclass
class Report:
    """The comparison for one collection (or document)."""

    label: str
    postc: list[Operation] | None
    document: list[tuple[Key, str]]  # each operation and its path as written
    opc: OpcRun
    postc_models: Models = field(default_factory=dict)
    lost_by_writer: list[str] = field(default_factory=list)
    lost_by_opc: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    parameters: list[str] = field(default_factory=list)
    returns: list[str] = field(default_factory=list)  # a model postc returns, opc does not
    unparsed: list[str] = field(default_factory=list)  # an untyped body opc does not parse
    fields: list[str] = field(default_factory=list)  # model fields missing or typed apart

    @property
    def lost(self) -> int:
        return len(self.lost_by_writer) + len(self.lost_by_opc)


# --- postc's side ---------------------------------------------------------------------


def postc_side(collection: Path) -> tuple[list[Operation], Models]:
    """postc's generated methods, from the plan ``postc generate`` renders, and models."""
    loaded = load_collection(collection)
    api = build_models(loaded)
    plan = make_plan(loaded, None, api, package_name(loaded.name))
    operations = [_postc_operation(method) for _, method in method_calls(plan.root)]
    return operations, {loose_name(m.name): _postc_fields(m) for m in api.models}


def _postc_fields(model: Model) -> dict[str, FieldView]:
    views = {}
    for model_field in model.fields:
        text = annotation(model_field.type, "models.")
        models = frozenset(loose_name(m) for m in _MODEL.findall(text))
        views[model_field.key] = FieldView(model_field.required, text, models)
    return views


def _postc_operation(method: Method) -> Operation:
    wire = [p for p in method.parameters if p.location in WIRE_LOCATIONS]
    body = [p for p in method.parameters if p.location not in WIRE_LOCATIONS]
    returns = None if method.returns_kind == "none" else method.returns.text
    # a path field named twice is one parameter per occurrence, as the writer names them
    paths = iter(numbered_names([p.key for p in wire if p.location == "path"]))
    keys = [next(paths) if p.location == "path" else p.key for p in wire]
    return Operation(
        key=operation_key(method.http_method, method.url),
        name=method.name,
        required=frozenset(loose_name(k) for k, p in zip(keys, wire, strict=True) if p.required),
        optional=frozenset(
            loose_name(k) for k, p in zip(keys, wire, strict=True) if not p.required
        ),
        body=_body_need(any(p.required for p in body)) if body else None,
        returns=returns,
        models=frozenset(loose_name(m) for m in method.returns.models),
    )


def _body_need(required: bool) -> str:
    return "required" if required else "optional"


# --- the document ---------------------------------------------------------------------


def document_operations(document: dict[str, Any]) -> list[tuple[Key, str]]:
    """Each operation of the document with its path as written."""
    paths = document.get("paths") or {}
    return [
        (operation_key(method, path), path)
        for path, item in paths.items()
        for method in HTTP_METHODS
        if isinstance(item, dict) and isinstance(item.get(method), dict)
    ]


def write_document(collection: Path, target: Path) -> str | None:
    """Run ``postc openapi``; the reason it failed, or None."""
    done = subprocess.run(
        [str(POSTC), "openapi", str(collection), "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return f"postc openapi exit {done.returncode}: {done.stderr.strip()[:300]}"
    return None


# --- openapi-python-client's side -----------------------------------------------------


def run_opc(opc: Path, document: Path, output: Path, config: Path) -> OpcRun:
    """Generate the client of ``document`` into ``output`` and read it back."""
    done = subprocess.run(
        [
            str(opc),
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(output),
            "--meta",
            "none",
            "--overwrite",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    text = done.stdout + done.stderr
    found = tuple(opc_operations(output)) if output.is_dir() else ()
    models = opc_models(output) if output.is_dir() else {}
    return OpcRun(done.returncode, text, tuple(opc_warnings(text)), found, models)


def opc_warnings(text: str) -> list[OpcWarning]:
    """The warnings of its output: a header line, then the message on the next line of
    text (JSON dumps of the offending part, which follow, are skipped)."""
    found: list[OpcWarning] = []
    lines = [line for line in text.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        endpoint, schema = _ENDPOINT_WARNING.match(line), _SCHEMA_WARNING.match(line)
        if not (endpoint or schema):
            continue
        following = (m for m in lines[index + 1 :] if not m.startswith(("{", "}", "[", "]", " ")))
        message = _OPC_OBJECT.sub("...", next(following, ""))
        if endpoint:
            where = f"{endpoint.group(1)} {endpoint.group(2)}"
            found.append(OpcWarning(where, message, endpoint.group(4) is not None))
        elif schema:
            found.append(OpcWarning(schema.group(1), message, False))
    return found


def opc_operations(package: Path) -> Iterable[Operation]:
    """Each ``api/<tag>/<operation>.py`` module of a generated client as an Operation."""
    for module in sorted(package.glob("api/*/*.py")):
        if module.name != "__init__.py":
            found = _opc_operation(module)
            if found is not None:
                yield found


def _opc_operation(module: Path) -> Operation | None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    request = _request_of(functions.get("_get_kwargs"))
    call = functions.get("sync") or functions.get("sync_detailed")
    if request is None or call is None:
        return None
    arguments = _arguments(call)
    wire = {name: needed for name, needed in arguments.items() if name not in ("client", "body")}
    returns = ast.unparse(call.returns) if call.name == "sync" and call.returns else None
    if returns is not None:
        returns = re.sub(r"(\s*\|\s*None)+$", "", returns)  # "or None": an unexpected status
    return Operation(
        key=operation_key(*request),
        name=module.stem,
        required=frozenset(loose_name(n) for n, needed in wire.items() if needed),
        optional=frozenset(loose_name(n) for n, needed in wire.items() if not needed),
        body=_body_need(arguments["body"]) if "body" in arguments else None,
        returns=returns,
        models=frozenset(loose_name(n) for n in _IDENTIFIER.findall(returns or "")),
    )


def opc_models(package: Path) -> Models:
    """Each attrs class of ``models/``: its fields by JSON key, read from the class body
    (attribute annotations; ``Unset`` in one: an optional field) and ``to_dict`` (which
    JSON key each attribute is written under: ``_id`` -> ``field_id``). A map is a class
    of its own there (``additional_properties: dict[str, Port]``): a field of such a class
    names the classes of its values too."""
    classes = [
        node
        for module in sorted(package.glob("models/*.py"))
        for node in ast.parse(module.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    ]
    values = {loose_name(node.name): _map_values(node) for node in classes}
    found: Models = {}
    for node in classes:
        fields = _opc_fields(node)
        for key, view in fields.items():
            named = view.models.union(*(values.get(m, frozenset()) for m in view.models))
            fields[key] = replace(view, models=named)
        found[loose_name(node.name)] = fields
    return found


def _map_values(node: ast.ClassDef) -> frozenset[str]:
    """The loose names in the annotation of a class's ``additional_properties``."""
    for item in node.body:
        if isinstance(item, ast.AnnAssign) and ast.unparse(item.target) == "additional_properties":
            return frozenset(
                loose_name(n) for n in _IDENTIFIER.findall(ast.unparse(item.annotation))
            )
    return frozenset()


def _opc_fields(node: ast.ClassDef) -> dict[str, FieldView]:
    attributes = {
        item.target.id: ast.unparse(item.annotation)
        for item in node.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    }
    to_dict = next(
        (f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "to_dict"), None
    )
    views = {}
    for key, attribute in _written_keys(to_dict):
        text = attributes.get(attribute)
        if text is not None:
            typed = re.sub(r"\s*\|\s*Unset\b", "", text)  # Unset: the key may be absent
            names = frozenset(loose_name(n) for n in _IDENTIFIER.findall(typed))
            views[key] = FieldView(typed == text, typed, names)
    return views


def _written_keys(to_dict: ast.FunctionDef | None) -> Iterable[tuple[str, str]]:
    """(JSON key, attribute) of each ``field_dict`` entry ``to_dict`` writes: in its
    ``update({...})`` literal or as ``field_dict["key"] = attribute``."""
    if to_dict is None:
        return
    for node in ast.walk(to_dict):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Name):
                    yield str(key.value), value.id
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                    yield str(target.slice.value), node.value.id


def _arguments(function: ast.FunctionDef) -> dict[str, bool]:
    """Each argument's name and whether a caller must give it (it has no default)."""
    args = function.args
    positional = args.posonlyargs + args.args
    first_default = len(positional) - len(args.defaults)
    needed = {a.arg: i < first_default for i, a in enumerate(positional)}
    needed |= {a.arg: d is None for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)}
    return needed


def _request_of(function: ast.FunctionDef | None) -> tuple[str, str] | None:
    """The ``"method"`` and ``"url"`` of the dict ``_get_kwargs`` builds; the URL is a
    string, its ``.format(...)`` or an f-string (fields read back as ``{}``)."""
    if function is None:
        return None
    for node in ast.walk(function):
        if isinstance(node, ast.Dict):
            entries = {
                k.value: v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            }
            method, url = entries.get("method"), _url_text(entries.get("url"))
            if isinstance(method, ast.Constant) and isinstance(method.value, str) and url:
                return method.value, url
    return None


def _url_text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _url_text(node.func.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


# --- the comparison -------------------------------------------------------------------


def compare(report: Report) -> Report:
    """Fill in what differs between the three views of one API."""
    generated = {op.key: op for op in report.opc.operations}
    dropped = {w.where: w.message for w in report.opc.warnings if w.dropped}
    for key, path in report.document:
        if key not in generated:  # the warning quotes the document's path
            reason = dropped.get(f"{key[0]} {path}", "no warning")
            report.lost_by_opc.append(f"{_show(key)}: {reason}")
    if report.postc is None:
        return report
    in_document = {key for key, _ in report.document}
    groups: dict[Key, list[Operation]] = {}
    for ours in report.postc:
        groups.setdefault(ours.key, []).append(ours)
    for key, group in groups.items():
        if key not in in_document:
            report.lost_by_writer += [f"{_show(key)} ({ours.name})" for ours in group]
        if len(group) > 1:
            report.merged.append(f"{_show(key)}: {len(group)} postc methods")
        if key in generated:
            _differences(report, group, generated[key])
    _field_differences(report)
    return report


def _differences(report: Report, group: list[Operation], theirs: Operation) -> None:
    """One OpenAPI operation against the postc methods it stands for: the parameters of
    any, required where every method requires them; the body, required where every
    method's is; the models any returns."""
    where = _show(theirs.key)
    names = [ours.name for ours in group]
    if theirs.name not in names:
        report.renamed.append(f"{where}: postc {'/'.join(names)}, opc {theirs.name}")
    ours_all = frozenset().union(*(o.required | o.optional for o in group))
    ours_required = frozenset.intersection(*(o.required for o in group))
    theirs_all = theirs.required | theirs.optional
    problems = [f"only postc: {n}" for n in sorted(ours_all - theirs_all)]
    problems += [f"only opc: {n}" for n in sorted(theirs_all - ours_all)]
    problems += [
        f"{n} required in {'postc' if n in ours_required else 'opc'} only"
        for n in sorted((ours_required ^ theirs.required) & ours_all & theirs_all)
    ]
    bodies = [o.body for o in group]
    body = (
        None
        if bodies == [None] * len(bodies)
        else _body_need(bodies.count("required") == len(bodies))
    )
    if body != theirs.body:
        problems.append(f"body postc {body or 'none'}, opc {theirs.body or 'none'}")
    if problems:
        report.parameters.append(f"{where}: {'; '.join(problems)}")
    returns = " / ".join(dict.fromkeys(o.returns or "None" for o in group))
    models = frozenset().union(*(o.models for o in group))
    if not models <= theirs.models or (models and theirs.returns is None):
        report.returns.append(f"{where}: postc {returns}, opc {theirs.returns or 'unparsed'}")
    elif any(o.returns for o in group) and theirs.returns is None:
        report.unparsed.append(f"{where}: postc {returns}, opc does not parse the body")


def _field_differences(report: Report) -> None:
    """Each postc model's fields against the class openapi-python-client made of it."""
    for name, ours in report.postc_models.items():
        theirs = report.opc.models.get(name)
        if theirs is None:
            report.fields.append(f"{name}: no class in the opc client")
            continue
        for key, field_view in ours.items():
            other = theirs.get(key)
            if other is None:
                report.fields.append(f"{name}.{key}: missing in opc")
            elif not field_view.models <= other.models:
                report.fields.append(
                    f"{name}.{key}: postc {field_view.annotation}, opc {other.annotation}"
                )
            elif field_view.required != other.required:
                need = "required" if field_view.required else "optional"
                report.fields.append(f"{name}.{key}: {need} in postc only")


def _show(key: Key) -> str:
    return f"{key[0]} {key[1]}"


# --- the run --------------------------------------------------------------------------


def round_trip(
    label: str, collection: Path | None, document: Path, work: Path, options: argparse.Namespace
) -> Report:
    """One collection (or, ``collection`` None, one hand-written document) end to end."""
    failed = write_document(collection, document) if collection is not None else None
    if failed is not None:  # postc refused the file: it says why, in one line
        return Report(label, None, [], OpcRun(2, failed, (), ()))
    postc, models = postc_side(collection) if collection is not None else (None, {})
    parsed = json.loads(document.read_text(encoding="utf-8"))
    config = options.opc_config
    if config is None:
        config = work / "opc.yaml"
        config.write_text(opc_config(parsed, octet=options.octet), encoding="utf-8")
    run = run_opc(options.opc, document, work / "client", config)
    (work / "opc.log").write_text(run.output, encoding="utf-8")
    return compare(Report(label, postc, document_operations(parsed), run, models))


def opc_config(document: dict[str, Any], *, octet: bool) -> str:
    """openapi-python-client's configuration: no ruff post-hooks (they format, they do not
    change what is generated); with ``octet``, every request body media type it does not
    support sent as ``application/octet-stream`` (``content_type_overrides``): its way to
    keep an operation whose body is XML, plain text, CSV..., with the right Content-Type."""
    lines = ["post_hooks: []"]
    unsupported = sorted(set(request_media_types(document)) - set(OPC_BODY_TYPES))
    if octet and unsupported:
        lines.append("content_type_overrides:")
        lines += [f"  {json.dumps(m)}: application/octet-stream" for m in unsupported]
    return "\n".join(lines) + "\n"


def request_media_types(document: dict[str, Any]) -> Iterable[str]:
    for path_item in (document.get("paths") or {}).values():
        for method in HTTP_METHODS:
            operation = path_item.get(method) if isinstance(path_item, dict) else None
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            content = body.get("content") if isinstance(body, dict) else None
            if isinstance(content, dict):
                yield from (m for m in content if not m.endswith("+json"))


def corpus_collections() -> list[Path]:
    """Every v2.0/v2.1 collection of the corpus, from its manifest."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [CORPUS / r["file"] for r in rows if r["schema_version"] in ("v2.0", "v2.1")]


def print_report(reports: Sequence[Report], limit: int | None) -> None:
    print(
        "| input | postc methods | distinct method+path | document operations "
        "| opc functions | lost | merged | renamed | parameter diffs | models not returned "
        "| bodies not parsed | field diffs | opc warnings |"
    )
    print("| --- |" + " ---: |" * 12)
    for r in reports:
        postc = str(len(r.postc)) if r.postc is not None else "-"
        distinct = str(len({op.key for op in r.postc})) if r.postc is not None else "-"
        print(
            f"| {r.label} | {postc} | {distinct} | {len(r.document)} | {len(r.opc.operations)} "
            f"| {r.lost} | {len(r.merged)} | {len(r.renamed)} | {len(r.parameters)} "
            f"| {len(r.returns)} | {len(r.unparsed)} | {len(r.fields)} | {len(r.opc.warnings)} |"
        )
    for r in reports:
        if r.opc.returncode != 0:
            print(f"\n## {r.label}: the client was not generated (exit {r.opc.returncode})")
            print(_quoted(_opc_error(r.opc.output)))
        for title, lines in (
            ("lost by postc openapi (a postc method the document lacks)", r.lost_by_writer),
            (
                "lost by openapi-python-client (a document operation it did not generate)",
                r.lost_by_opc,
            ),
            ("merged (several postc methods, one OpenAPI operation)", r.merged),
            ("names that differ", r.renamed),
            ("parameters that differ", r.parameters),
            ("models postc returns that opc does not", r.returns),
            ("untyped bodies (no saved example) opc does not parse", r.unparsed),
            ("model fields missing or typed apart", r.fields),
        ):
            if lines:
                print(f"\n## {r.label}: {title}: {len(lines)}")
                shown = lines if limit is None else lines[:limit]
                print("\n".join(f"- {line}" for line in shown))
                if len(shown) < len(lines):
                    print(f"- ... and {len(lines) - len(shown)} more (--verbose)")
    print_warnings([w for r in reports for w in r.opc.warnings])


def print_warnings(warnings: Sequence[OpcWarning]) -> None:
    """openapi-python-client's warnings by message, with one place each occurs."""
    if not warnings:
        print("\nopenapi-python-client: no warning")
        return
    kinds = Counter((w.dropped, w.message) for w in warnings)
    print("\n## openapi-python-client's warnings, by kind\n")
    print("| count | operation dropped | message | e.g. |")
    print("| ---: | --- | --- | --- |")
    for (dropped, message), number in kinds.most_common():
        example = next(w.where for w in warnings if (w.dropped, w.message) == (dropped, message))
        print(f"| {number} | {'yes' if dropped else 'no'} | {message[:160]} | {example} |")


def _opc_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return "\n".join(line for line in lines if not line.startswith(_OPC_NOISE))[:1500]


def _quoted(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("collections", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every v2 collection of the corpus")
    parser.add_argument("--document", action="append", type=Path, default=[])
    parser.add_argument("--opc", type=Path, default=Path(os.environ.get("POSTC_OPC", DEFAULT_OPC)))
    parser.add_argument("--opc-config", type=Path, help="an openapi-python-client config file")
    parser.add_argument(
        "--octet",
        action="store_true",
        help="send request bodies of media types openapi-python-client does not support as "
        "application/octet-stream (its content_type_overrides)",
    )
    parser.add_argument("--keep", type=Path, help="keep documents, clients and logs here")
    parser.add_argument("--limit", type=int, default=10, help="differences shown per kind")
    parser.add_argument("--verbose", action="store_true", help="show every difference")
    options = parser.parse_args(argv)
    if not options.opc.exists():
        print(
            f"openapi-python-client is not at {options.opc}; install it: {INSTALL}", file=sys.stderr
        )
        return 2
    inputs = _inputs(options)
    root = (
        Path(tempfile.mkdtemp(prefix="postc-roundtrip-")) if options.keep is None else options.keep
    )
    try:
        reports = [_one(label, path, kind, root, options) for label, path, kind in inputs]
    finally:
        if options.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"openapi-python-client: {_opc_version(options.opc)}\n")
    print_report(reports, None if options.verbose else options.limit)
    lost = sum(r.lost for r in reports) + sum(r.opc.returncode != 0 for r in reports)
    return 1 if lost else 0


def _inputs(options: argparse.Namespace) -> list[tuple[str, Path, str]]:
    """(label, file, "collection" or "document") for each input of the run."""
    chosen: list[Path] = list(options.collections)
    if options.all:
        chosen += corpus_collections()
    if not chosen and not options.document:
        corpus = [CORPUS / name for name in DEFAULT_CORPUS]
        chosen = [path for path in corpus if path.exists()] + list(BUNDLED)
        if not all(path.exists() for path in corpus):
            print(f"(the corpus is missing: {CORPUS}; it comes with ../shared)", file=sys.stderr)
    found = [(path.name.removesuffix(".json")[:70], path, "collection") for path in chosen]
    return found + [(path.name, path, "document") for path in options.document]


def _one(label: str, path: Path, kind: str, root: Path, options: argparse.Namespace) -> Report:
    work = root / re.sub(r"[^A-Za-z0-9_.-]", "_", label)
    work.mkdir(parents=True, exist_ok=True)
    if kind == "document":
        return round_trip(label, None, path, work, options)
    return round_trip(label, path, work / "openapi.json", work, options)


def _opc_version(opc: Path) -> str:
    done = subprocess.run([str(opc), "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().rpartition(" ")[2] or "unknown version"


if __name__ == "__main__":
    sys.exit(main())
