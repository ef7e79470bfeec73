"""The ``models/`` package of a generated client (docs/runtime.md, "Models").

Every package here is generated as ``postc generate`` makes it: rendered, formatted by
black (its defaults, py310) and written next to a copy of the runtime. The tests compile
and import it, check that ``models`` imports lazily and that every example body
round-trips through its model, and run ruff and ``mypy --strict`` on the code.
"""

from __future__ import annotations

import ast
import datetime
import importlib
import inspect
import json
import shutil
import subprocess
import sys
import typing
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from graphlib import TopologicalSorter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from black import Mode, format_str
from black.mode import TargetVersion

from generator.annotations import annotation
from generator.api_models import build_models
from generator.emit.model_modules import ModelsLayout, plan_models, render_models
from generator.infer import placeholder
from generator.installation import templates_dir
from generator.ir import (
    ApiModels,
    BodyBinding,
    ClassRef,
    Collection,
    JsonValue,
    ListType,
    Model,
    ModelField,
    ObjectType,
    Override,
    RawBody,
    Request,
    ScalarType,
    TaggedUnion,
    TypeExpr,
)
from generator.loader import collection_from_json, load_file
from tests.conftest import CORPUS, collection_doc, request_item

SEED = (
    Path(__file__).resolve().parents[1] / "collections/zoho-crm-bulk-write.postman_collection.json"
)
BLACK = Mode(target_versions={TargetVersion.PY310})  # what generated code is formatted with
BIN = Path(sys.executable).parent
PREFIX = "postc_models_"  # of every package this module generates
# Strings that break naive code generation; each must come back as data.
HOSTILE = [
    'say "hi"',
    "'''",
    '"""; import os; os.system("touch pwned"); """',
    "back\\slash\\",
    "line\nbreak\r\n",
    "sep\u2028arator",
    "nul\x00byte",
    "{{ jinja }} {% raw %}",
    "bidi\u202eoverride",
]


# --- generated packages ---------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """A generated package on disk: ``<root>/<package>/models/`` and ``_runtime.py``."""

    root: Path
    package: str
    api: ApiModels
    layout: ModelsLayout
    sources: dict[str, str]  # as rendered, before black
    collection: Collection | None = None

    def models(self) -> ModuleType:
        return importlib.import_module(f"{self.package}.models")

    def runtime(self) -> ModuleType:
        return importlib.import_module(f"{self.package}._runtime")

    def text(self, module: str) -> str:
        return (self.root / self.package / "models" / f"{module}.py").read_text("utf-8")

    def type_of(self, expr: TypeExpr) -> Any:
        """The type of a body, as the resources of a client spell it (``models.Pet``)."""
        namespace = {"models": self.models(), "Tag": self.runtime().Tag, "UUID": uuid.UUID}
        namespace |= {name: getattr(typing, name) for name in ("Annotated", "Any", "Literal")}
        namespace |= {name: getattr(datetime, name) for name in ("date", "datetime", "time")}
        return eval(annotation(expr, "models."), namespace)


def generate(
    root: Path, name: str, api: ApiModels, collection: Collection | None = None
) -> Generated:
    layout = plan_models(api)
    sources = dict(render_models(api, layout))
    target = root / (PREFIX + name)
    (target / "models").mkdir(parents=True)
    (target / "__init__.py").write_text("", "utf-8")
    shutil.copy(templates_dir() / "runtime" / "_runtime.py", target / "_runtime.py")
    for path, text in sources.items():
        formatted = format_str(text, mode=BLACK)
        compile(formatted, path, "exec")
        (target / path).write_text(formatted, "utf-8")
    return Generated(root, PREFIX + name, api, layout, sources, collection)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory on sys.path for this module's packages, forgotten afterwards."""
    root = tmp_path_factory.mktemp("generated")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for name in [name for name in sys.modules if name.startswith(PREFIX)]:
        del sys.modules[name]


# --- the collections ------------------------------------------------------------------------


def example(body: Any, code: int = 200, name: str = "ok") -> dict[str, Any]:
    return {
        "name": name,
        "code": code,
        "status": "OK" if code < 400 else "Error",
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(body),
    }


def endpoint(name: str, url: str, *examples: dict[str, Any], **request: Any) -> dict[str, Any]:
    item = request_item(name, url=url, **request)
    item["response"] = list(examples)
    return item


OWNER = {"id": 7, "login": "ada"}
USER = {
    "id": "0b7e7a52-0d4b-4f2b-9b7a-4e6c1a1f6a51",
    "userName": "ada",
    "createdAt": "2021-05-11T12:38:29+05:30",
    "birthday": "1815-12-10",
    "wakesAt": "07:30:00",
    "status": "active",
    "nickname": None,
    "class": "admin",
    "from_dict": 1,
    "owner": OWNER,
    "address": {"city": "London", "geo": {"lat": 51.5, "lng": -0.1}},
}
# Keys whose fields shadow names a module imports (and the first choice of their qualifiers).
SHADOWS = {
    "date": "2020-01-01",
    "time": "10:00:00",
    "datetime": "2020-01-01T10:00:00Z",
    "dt": 3,
    "str": "text",
    "list": [1, 2],
    "field": 1.5,
    "dataclasses": "x",
    "l": 1,
    "nextPage": None,
    "owner": OWNER,
    "meta": {"page": 1},
}
EVENTS = [
    {"type": "push", "payload": {"ref": "main", "size": 1}},
    {"type": "watch", "payload": {"action": "started"}},
    {"type": "push", "payload": {"ref": "dev", "size": 2}},
    {"type": "fork", "payload": {"forkee": {"id": 1}}},
]
ERROR = {"code": "NOT_FOUND", "message": "no such thing"}
SAMPLE_OVERRIDES = (
    Override(path="$.status", endpoint="GET /users/{id}", enum=("active", "away", *HOSTILE)),
    Override(path="$", endpoint="GET /repos", kind="map"),
    Override(path="$", endpoint="GET /evil", kind="class"),
)


def sample_doc() -> dict[str, Any]:
    """Bodies of every shape: formats, optional and null fields, renamed keys, a shared
    class, a list, a map, tuples, a tagged union, a request, errors, hostile text."""
    second_user = {**USER, "nickname": "countess", "status": "away"}
    del second_user["birthday"]
    repos = {"ada/engine": OWNER | {"stars": 3}, "ada/notes": OWNER | {"stars": 1}}
    pairs = [[{"a": 1}, [1, 2]], [{"a": 2}, [3]]]
    request = {"mode": "raw", "raw": json.dumps({"userName": "ada", "tags": ["x"]})}
    return collection_doc(
        endpoint(
            "Get user",
            "https://api.example.com/users/:id",
            example(USER),
            example(second_user, name="second"),
            example(ERROR, 404, "missing"),
        ),
        endpoint(
            "Create user",
            "https://api.example.com/users",
            example(USER, 201),
            example({"code": "<integer>", "message": "<string>"}, 400, "placeholder"),
            method="POST",
            body=request,
        ),
        endpoint("List events", "https://api.example.com/events", example(EVENTS)),
        endpoint("Pairs", "https://api.example.com/pairs", example(pairs)),
        endpoint("Repositories", "https://api.example.com/repos", example(repos)),
        endpoint("Shadows", "https://x.example/shadows", example(SHADOWS), example(ERROR, 404)),
        endpoint(HOSTILE[2], "https://x.example/evil", example(dict.fromkeys(HOSTILE, 1))),
    )


def hostile_api() -> ApiModels:
    """Models naming never makes, but which the emitter must survive: hostile descriptions
    and tags, a class a field shadows, a class name too long for a file name, no fields."""
    text = TypeExpr((ScalarType("str"),))
    variants: tuple[tuple[str, ClassRef], ...] = (
        ("a" + HOSTILE[2], ClassRef("Left")),
        ("b\u2028", ClassRef("Right")),
        ("c", ClassRef("Right")),
    )
    user = TypeExpr((ClassRef("用户"),))
    evil = (
        ModelField(
            HOSTILE[2], "payload", TypeExpr((ScalarType("str", enum=tuple(HOSTILE)),)), True
        ),
        ModelField("\\", "backslash", text, False),
        ModelField("用户", "用户", user, True),
        ModelField("others", "others", TypeExpr((ListType(user),)), False),
        ModelField(
            "items",
            "items",
            TypeExpr((ListType(TypeExpr((TaggedUnion(HOSTILE[0], variants),))),)),
            True,
        ),
    )
    capitals = (  # fields that shadow typing's and the runtime's names, and "typing"
        ModelField("any", "Any", TypeExpr(nullable=True), False),
        ModelField("unset", "UNSET", TypeExpr((ScalarType("int"),)), True),
        ModelField("typing", "typing", TypeExpr((ScalarType("str", enum=("a", "b")),)), True),
        ModelField("item10", "item10", TypeExpr((ClassRef("Item10"),)), True),
        ModelField("item2", "item2", TypeExpr((ClassRef("Item2"),)), True),
    )
    models = (
        Model("Evil", evil, description=" ".join(HOSTILE) * 3),
        Model("用户", (ModelField("名", "名", text, True),), description=HOSTILE[4]),
        Model("Left", (ModelField(HOSTILE[0], "tag", text, True),)),
        Model("Right", (ModelField(HOSTILE[0], "tag", text, True),), description=HOSTILE[2]),
        Model("Capitals", capitals, description="获取 用户详情。" * 12),
        Model("Very" * 20, (), description="\u2028"),
        Model("Empty", ()),
        Model("Item10", ()),  # modules sort by number: item2, item10
        Model("Item2", ()),
    )
    bindings = (
        BodyBinding("GET /evil", "Evil", "response", 200, TypeExpr((ClassRef("Evil"),)), ()),
        BodyBinding("GET /caps", "Caps", "response", 200, TypeExpr((ClassRef("Capitals"),)), ()),
        BodyBinding("GET /2", "Item2", "response", 200, TypeExpr((ClassRef("Item2"),)), ()),
        BodyBinding("GET /10", "Item10", "response", 200, TypeExpr((ClassRef("Item10"),)), ()),
        BodyBinding("GET /long", "Long", "response", 200, TypeExpr((ClassRef("Very" * 20),)), ()),
        BodyBinding("GET /x", "Empty", "response", 200, TypeExpr((ClassRef("Empty"),), True), ()),
    )
    return ApiModels(models, bindings)


@pytest.fixture(scope="module")
def seed(workspace: Path) -> Generated:
    collection = load_file(SEED)
    assert isinstance(collection, Collection)
    return generate(workspace, "seed", build_models(collection), collection)


@pytest.fixture(scope="module")
def sample(workspace: Path) -> Generated:
    collection = collection_from_json(sample_doc(), "sample.json")
    api = build_models(collection, overrides=SAMPLE_OVERRIDES)
    return generate(workspace, "sample", api, collection)


@pytest.fixture(scope="module")
def hostile(workspace: Path) -> Generated:
    return generate(workspace, "hostile", hostile_api())


# --- bodies ---------------------------------------------------------------------------------


def bodies(collection: Collection) -> dict[str, JsonValue]:
    """Every parsed JSON body of the collection, by the JSON path bindings name it by."""
    found: dict[str, JsonValue] = {}
    for item in collection.endpoints():
        requests: list[tuple[str, Request | None]] = [(f"{item.json_path}.request", item.request)]
        for saved in item.examples:
            if saved.json is not None and saved.json.parsed:
                found[saved.json_path] = saved.json.value
            requests.append((f"{saved.json_path}.originalRequest", saved.original_request))
        for path, request in requests:
            body = request.body if request is not None else None
            if isinstance(body, RawBody) and body.json is not None and body.json.parsed:
                found[path] = body.json.value
    return found


def has_placeholder(value: JsonValue) -> bool:
    """Whether the body holds an OpenAPI-export placeholder such as ``"<integer>"``.

    Such a string stands in for a value of the declared type (an int, a date) that the
    example does not hold, so the body cannot parse as that type: it is not round-tripped.
    """
    if isinstance(value, str):
        return placeholder(value) is not None
    if isinstance(value, list):
        return any(has_placeholder(item) for item in value)
    if isinstance(value, dict):
        return any(has_placeholder(item) for item in value.values())
    return False


def round_trip(generated: Generated) -> tuple[int, int]:
    """Parse and write back every example body: (bodies checked, bodies with placeholders)."""
    assert generated.collection is not None
    found = bodies(generated.collection)
    runtime = generated.runtime()
    checked = skipped = 0
    for binding in generated.api.bindings:
        tp = generated.type_of(binding.type)
        model = isinstance(tp, type) and issubclass(tp, runtime.Model)
        for path in binding.examples:
            body = found[path]
            if has_placeholder(body):
                skipped += 1
            elif model:
                assert tp.from_dict(body, strict=True).to_dict() == body, path
                checked += 1
            else:  # a list, a map, a union: the runtime's helpers
                assert runtime.dump(runtime.load(tp, body, strict=True)) == body, path
                checked += 1
    return checked, skipped


# --- layout ---------------------------------------------------------------------------------


def test_the_seed_has_a_module_per_body_type(seed: Generated) -> None:
    job_details: tuple[str, ...] = ("JobDetails", "JobDetailsResource", "Callback", "Result")
    job_details += ("CreatedBy", "Module", "FieldMapping", "File")  # breadth first
    assert seed.layout.modules == (
        ("error_response", ("ErrorResponse",)),
        ("job_details", job_details),
    )
    assert seed.layout.module_of("FieldMapping") == "job_details"
    assert set(seed.sources) == {
        "models/__init__.py",
        "models/error_response.py",
        "models/job_details.py",
    }


def test_a_class_used_by_several_modules_gets_its_own(sample: Generated) -> None:
    modules = dict(sample.layout.modules)
    assert modules["owner"] == ("Owner",)  # in GetUser, CreateUser and Shadows
    assert modules["address"] == ("Address", "Geo")  # in GetUser and CreateUser; Geo only here
    assert modules["shadows"] == ("Shadows", "Meta")
    assert "\nfrom .address import Address\nfrom .owner import Owner\n" in sample.text("get_user")


def test_classes_of_list_map_tuple_and_union_bodies_head_modules(sample: Generated) -> None:
    heads = {classes[0] for _, classes in sample.layout.modules}
    assert {"PairsItem", "RepositoriesValue", "ForkListEventsItem", "WatchListEventsItem"} <= heads
    assert sample.layout.module_of("ForkListEventsItemPayload") == "fork_list_events_item"


def test_layout_and_code_do_not_depend_on_input_order(sample: Generated) -> None:
    api = sample.api
    shuffled = replace(api, models=api.models[::-1], bindings=api.bindings[::-1])
    assert plan_models(shuffled) == sample.layout
    assert dict(render_models(shuffled, plan_models(shuffled))) == sample.sources


def test_modules_import_each_other_without_a_cycle(
    seed: Generated, sample: Generated, hostile: Generated
) -> None:
    edges = 0
    for generated in (seed, sample, hostile):
        graph: dict[str, set[str]] = {}
        for path, text in generated.sources.items():
            imports = graph.setdefault(Path(path).stem, set())
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.ImportFrom) and node.level == 1:
                    imports |= {node.module} if node.module else {a.name for a in node.names}
        del graph["__init__"]
        edges += sum(map(len, graph.values()))
        list(TopologicalSorter(graph).static_order())  # raises CycleError on a cycle
    assert edges > 5


def test_models_that_refer_to_each_other_in_a_cycle_are_refused() -> None:
    a = Model("A", (ModelField("b", "b", TypeExpr((ClassRef("B"),)), True),))
    b = Model("B", (ModelField("a", "a", TypeExpr((ListType(TypeExpr((ClassRef("A"),))),)), True),))
    with pytest.raises(ValueError, match="cycle"):
        plan_models(ApiModels((a, b), ()))


@pytest.mark.parametrize(
    ("field_type", "name"),
    [
        (TypeExpr((ClassRef("Nowhere"),)), "A"),
        (TypeExpr((ObjectType(()),)), "A"),
        (TypeExpr(), "Tag"),
    ],
    ids=["unknown class", "unnamed object", "runtime name"],
)
def test_models_naming_did_not_finish_are_refused(field_type: TypeExpr, name: str) -> None:
    with pytest.raises(ValueError, match=r"unknown|unnamed|clash"):
        plan_models(ApiModels((Model(name, (ModelField("b", "b", field_type, True),)),), ()))


# --- the code -------------------------------------------------------------------------------


def test_the_seed_reads_like_the_runtime_contract(seed: Generated) -> None:
    text = seed.text("job_details")
    assert text.startswith('"""The JobDetails model, and the models only it uses."""\n\n')
    assert "from __future__ import annotations\n\nfrom dataclasses import dataclass\n" in text
    assert "\nfrom .._runtime import Model\n" in text
    assert '@dataclass(slots=True, kw_only=True)\nclass JobDetails(Model):\n    """The' in text
    assert "    created_time: datetime\n" in text
    assert "    resource: list[JobDetailsResource]\n" in text
    assert "    format: Any | None  # only null in the examples\n" in text
    # The templates write black's style: black changes nothing in the seed's package.
    assert all(format_str(text, mode=BLACK) == text for text in seed.sources.values())


def test_fields_follow_the_contract(sample: Generated) -> None:
    user = sample.models().GetUser
    by_name = {f.name: f for f in fields(user)}
    assert by_name["user_name"].metadata == {"json": "userName"}
    assert by_name["class_"].metadata == {"json": "class"}
    assert by_name["from_dict_"].metadata == {"json": "from_dict"}
    runtime = sample.runtime()
    assert by_name["birthday"].default is runtime.UNSET
    hints = typing.get_type_hints(user)
    assert hints["birthday"] == datetime.date | runtime.Unset
    assert (hints["created_at"], hints["wakes_at"]) == (datetime.datetime, datetime.time)
    assert hints["id"] is uuid.UUID
    assert hints["nickname"] == str | None
    literal, rest = typing.get_args(hints["status"])
    assert set(typing.get_args(literal)) == {"active", "away", *HOSTILE} and rest is str
    assert user.__doc__ == sample.api.model("GetUser").description


def test_names_that_fields_shadow_are_imported_qualified(sample: Generated) -> None:
    text = sample.text("shadows")
    for line in ["import builtins", "import dataclasses as _dataclasses", "import datetime as _dt"]:
        assert f"\n{line}\n" in text
    assert "from dataclasses" not in text and "from datetime" not in text
    assert "\n@_dataclasses.dataclass(slots=True, kw_only=True)\n" in text
    assert "    date: _dt.date\n" in text
    assert "    list: builtins.list[builtins.int]\n" in text
    assert '    next_page: Any | None = _dataclasses.field(metadata={"json": "nextPage"})\n' in text
    assert "    l: builtins.int  # noqa: E741\n" in text
    assert "from dataclasses import dataclass, field\n" in sample.text("get_user")  # no clash
    hints = typing.get_type_hints(sample.models().Shadows)
    assert (hints["date"], hints["str"], hints["list"]) == (datetime.date, str, list[int])


def test_tagged_unions_carry_their_tag(sample: Generated) -> None:
    models = sample.models()
    assert (models.PushListEventsItem.__tag__, models.ForkListEventsItem.__tag__) == (
        "push",
        "fork",
    )
    (binding,) = [b for b in sample.api.bindings if b.endpoint == "GET /events"]
    union = "models.ForkListEventsItem | models.PushListEventsItem | models.WatchListEventsItem"
    expected = f'list[Annotated[{union} | dict[str, Any], Tag("type")]]'
    assert annotation(binding.type, "models.") == expected
    events = sample.runtime().load(sample.type_of(binding.type), EVENTS)
    assert [type(event).__name__ for event in events] == [
        "PushListEventsItem",
        "WatchListEventsItem",
        "PushListEventsItem",
        "ForkListEventsItem",
    ]


def test_every_example_body_round_trips(seed: Generated, sample: Generated) -> None:
    assert round_trip(seed) == (6, 0)
    assert round_trip(sample) == (11, 1)  # the placeholder error body is left out


def test_the_models_package_is_lazy(sample: Generated) -> None:
    prefix = f"{sample.package}.models"
    for name in [n for n in sys.modules if n == prefix or n.startswith(prefix + ".")]:
        del sys.modules[name]

    def loaded() -> set[str]:
        return {n.removeprefix(prefix + ".") for n in sys.modules if n.startswith(prefix + ".")}

    models = sample.models()
    assert loaded() == set()
    assert models.GetUser.__module__ == f"{prefix}.get_user"
    assert loaded() == {"get_user", "address", "owner"}  # and what get_user imports
    exec(f"from {prefix} import PairsItem", {})  # a from-import asks the package too
    assert loaded() == {"get_user", "address", "owner", "pairs_item"}
    assert set(models.__all__) == {model.name for model in sample.api.models}
    assert set(models.__all__) <= set(dir(models))
    with pytest.raises(AttributeError, match="NoSuchModel"):
        models.NoSuchModel  # noqa: B018


# --- hostile input --------------------------------------------------------------------------


def test_hostile_strings_stay_data(sample: Generated, hostile: Generated) -> None:
    keys = sample.models().ImportOsOsSystemTouchPwned
    assert {f.metadata.get("json", f.name) for f in fields(keys)} == {"_extra", *HOSTILE}
    assert HOSTILE[2] in keys.__doc__
    evil = hostile.models().Evil
    assert evil.__doc__ is not None
    assert inspect.cleandoc(evil.__doc__).split() == (" ".join(HOSTILE) * 3).split()
    literal = typing.get_args(typing.get_type_hints(evil)["payload"])[0]
    assert typing.get_args(literal) == tuple(HOSTILE)
    assert hostile.models().Left.__tag__ == "a" + HOSTILE[2]
    assert hostile.models().Right.__tag__ == ("b\u2028", "c")  # one class, two tag values
    items = [{HOSTILE[0]: "c"}, {HOSTILE[0]: "a" + HOSTILE[2]}, {HOSTILE[0]: "?"}]
    body = {HOSTILE[2]: HOSTILE[5], "\\": "x", "用户": {"名": "n"}, "items": items}
    parsed = evil.from_dict(body, strict=True)
    assert [type(item).__name__ for item in parsed.items] == ["Right", "Left", "dict"]
    assert parsed.to_dict() == body


def test_a_class_that_a_field_shadows_gets_a_module_of_its_own(hostile: Generated) -> None:
    assert hostile.layout.module_of("用户") == "xn_zouo53b"  # ASCII, never a class's name
    text = hostile.text("evil")
    assert "\nfrom . import xn_zouo53b\n" in text
    assert "    用户: xn_zouo53b.用户\n" in text


def test_names_of_typing_and_the_runtime_can_be_shadowed_too(hostile: Generated) -> None:
    text = hostile.text("capitals")
    assert "\nimport typing as _typing\nfrom dataclasses import dataclass, field\n" in text
    assert "\nfrom .. import _runtime\n" in text
    assert "\nclass Capitals(_runtime.Model):\n" in text
    assert "    Any: _typing.Any | _runtime.Unset | None = _dataclasses" not in text
    assert "    Any: _typing.Any | _runtime.Unset | None = field(\n" in text
    assert "\nfrom .item2 import Item2\nfrom .item10 import Item10\n" in text
    body: dict[str, Any] = {"any": None, "unset": 1, "typing": "c", "item10": {}, "item2": {}}
    assert hostile.models().Capitals.from_dict(body, strict=True).to_dict() == body


def test_long_module_names_are_cut_and_empty_classes_pass(hostile: Generated) -> None:
    module = hostile.layout.module_of("Very" * 20)
    assert module.startswith("very_very_") and len(module) <= 64
    one_word = plan_models(ApiModels((Model("Z" + "z" * 99, ()),), ())).modules[0][0]
    assert one_word.startswith("zzz") and len(one_word) == 64
    assert "\n    pass\n" in hostile.text(module)
    assert hostile.models().Empty.from_dict({}, strict=True).to_dict() == {}


# --- tools ----------------------------------------------------------------------------------


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def mypy(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    cache = tmp_path_factory.getbasetemp() / "mypy-cache"  # shared: the runtime is read once
    return [str(BIN / "mypy"), "--strict", "--python-version", "3.10", "--cache-dir", str(cache)]


@pytest.fixture(scope="module")
def tools(
    seed: Generated,
    sample: Generated,
    hostile: Generated,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, subprocess.CompletedProcess[str]]:
    """ruff and mypy --strict, each run once over every package of this module."""
    packages = [seed.package, sample.package, hostile.package]
    ruff = [str(BIN / "ruff"), "check", "--isolated", "--no-cache", "--target-version", "py310"]
    return {
        "ruff": run(
            [*ruff, "--select", "E,F,W,I,UP,B", *(f"{p}/models" for p in packages)], seed.root
        ),
        "mypy": run([*mypy(tmp_path_factory), *(f"--package={p}" for p in packages)], seed.root),
    }


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_the_generated_code_passes(
    tool: str, tools: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    result = tools[tool]
    assert result.returncode == 0, result.stdout + result.stderr


# --- the corpus -----------------------------------------------------------------------------

# The four largest collections by example bodies that are not all placeholders (box's are),
# and Smooch, which has the most tagged unions (no corpus collection has a tuple).
CORPUS_FILES = [
    "dexterlabora__Meraki-Dashboard-API-Postman-Collection__Meraki_Dashboard_API_-_v1.1.0.json",
    "paypal__postman-collections__PayPal_Partner_APIs.json",
    "paypal__postman-collections__PayPal_Public_APIs.json",
    "plaid__plaid-postman__Plaid_API_Endpoints_Collection.json",
    "zendesk__sunshine-conversations-postman-collection-public__Smooch.postman_collection.json",
]


@pytest.fixture(scope="module")
def corpus(workspace: Path) -> Callable[[str], Generated]:
    """The package of a corpus collection, generated on first use."""
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is missing ({CORPUS}); it comes with ../shared")
    made: dict[str, Generated] = {}

    def package(name: str) -> Generated:
        if name not in made:
            if not (CORPUS / name).is_file():
                pytest.skip(f"{name} is not in the corpus")
            collection = load_file(CORPUS / name)
            assert isinstance(collection, Collection)
            api = build_models(collection)
            made[name] = generate(workspace, f"corpus{len(made)}", api, collection)
        return made[name]

    return package


@pytest.mark.parametrize("name", CORPUS_FILES, ids=lambda name: name.split("__")[-1][:30])
def test_corpus_collections_compile_import_and_round_trip(
    name: str, corpus: Callable[[str], Generated]
) -> None:
    generated = corpus(name)
    models = generated.models()
    for model in generated.api.models:
        assert getattr(models, model.name).__name__ == model.name
    checked, _ = round_trip(generated)
    assert checked > 0


def test_mypy_accepts_a_corpus_package(
    corpus: Callable[[str], Generated], tmp_path_factory: pytest.TempPathFactory
) -> None:
    generated = corpus(CORPUS_FILES[-1])
    result = run([*mypy(tmp_path_factory), f"--package={generated.package}"], generated.root)
    assert result.returncode == 0, result.stdout
