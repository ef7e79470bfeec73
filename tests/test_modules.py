"""The generated package's modules follow the folder tree, load lazily, stay under the size
cap however the collection is organised, and share their error tables
(``generator/emit/modules.py``, docs/runtime.md, "Modules follow the folder tree")."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.api_models import build_models
from generator.emit.modules import MODULE_LINES, Part, resource_modules, split
from generator.emit.plan import Plan, make_plan
from generator.emit.project import render_project
from generator.generate import generate
from generator.loader import load_collection
from generator.naming.identifiers import package_name
from tests.conftest import MypyStrict, collection_doc, run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synthetic import synthetic

# A description long enough that a few dozen requests pass the cap: it is not the number
# of requests that splits a folder, but the lines they take.
LONG = "\n".join(f"Line {n} of a long description, as vendors write them." for n in range(60))


def _request(name: str, *, code: str = "", description: str = "") -> dict[str, Any]:
    """A GET request; with ``code``, a saved 404 example whose body has that error code."""
    request = {
        "method": "GET",
        "url": f"https://api.example.com/{name}",
        "description": description,
    }
    examples = []
    if code:
        body = json.dumps({"code": code, "message": "no"})
        examples.append(
            {
                "name": "Missing",
                "code": 404,
                "status": "Not Found",
                "originalRequest": request,
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": body,
            }
        )
    return {"name": name, "request": request, "response": examples}


def _nested() -> dict[str, Any]:
    """A folder long enough to be split into parts, with a subfolder two levels deep, and
    requests in no folder enough to split the client's class too."""
    requests = [
        _request(f"Long {n}", description=LONG, code="missing" if n % 2 else "gone")
        for n in range(40)
    ]
    deep = {"name": "Deep", "item": [_request("Deepest thing", code="missing")]}
    sub = {"name": "Sub", "item": [_request("Sub thing"), deep]}
    outside = [_request(f"Root {n}", description=LONG) for n in range(40)]  # in no folder
    doc = collection_doc(*outside, {"name": "Top", "item": [*requests, sub]})
    doc["info"]["name"] = "Nested"
    return doc


def _plan_and_files(doc: dict[str, Any], directory: Path) -> tuple[Plan, dict[str, str]]:
    source = directory / "collection.json"
    source.write_text(json.dumps(doc), "utf-8")
    collection = load_collection(source)
    api = build_models(collection)
    plan = make_plan(collection, None, api, package_name(collection.name))
    return plan, render_project(plan, api, collection)


def _one_folder(requests: int) -> dict[str, Any]:
    """``synthetic(requests)`` with every request in one folder, and none below it."""
    doc = synthetic(requests)
    items = [r for group in doc["item"] for folder in group["item"] for r in folder["item"]]
    doc["item"] = [{"name": "Everything", "item": items}]
    return doc


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, dict[str, str]]:
    """1,500 requests in one folder without subfolders, rendered."""
    return _plan_and_files(_one_folder(1500), tmp_path_factory.mktemp("flat"))


def test_no_package_module_passes_the_cap_in_one_folder_of_1500_requests(
    flat: tuple[Plan, dict[str, str]],
) -> None:
    plan, files = flat
    package = [p for p in files if p.startswith(plan.package + "/") and p.endswith(".py")]
    lines = {p: files[p].count("\n") for p in package if not p.endswith("_runtime.py")}
    assert max(lines.values()) <= MODULE_LINES, max(lines.items(), key=lambda item: item[1])
    parts = [p for p in package if "/resources/everything/_part_" in p]
    assert len(parts) > 1, sorted(package)  # split, not one module that happens to fit
    methods = sum(files[p].count("    @endpoint\n") for p in parts)
    assert methods == 1500  # every request, once for both clients, in some part


def test_adding_one_request_changes_only_the_part_it_lands_in(
    flat: tuple[Plan, dict[str, str]],
) -> None:
    """Wherever a request is added, every other part keeps its members (so its module's
    text): at most the part it lands in changes, or splits in two where it starts one."""
    (folder,) = flat[0].root.children
    before = split(folder.methods, ())
    for position in (0, 1, 700, 1499, 1500):
        for name in ("added_request", "another_one", "get_thing_anew"):
            added = replace(folder.methods[min(position, 1499)], name=name)
            methods = (*folder.methods[:position], added, *folder.methods[position:])
            after = split(methods, ())
            changed = set(after) - set(before)
            assert len(changed) <= 2, (position, name, _names(changed))
            assert all(added in part.methods for part in changed) or _split_in_two(changed, added)
            assert len(set(before) - set(after)) == 1, (position, name)


def _names(parts: set[Part]) -> list[list[str]]:
    return [[m.name for m in part.methods] for part in parts]


def _split_in_two(parts: set[Part], added: Any) -> bool:
    """Whether ``parts`` are one part split where the added request starts a new one."""
    first, second = sorted(parts, key=lambda part: len(part.methods))
    return added in (first.methods[0], second.methods[0])


def test_a_small_folder_is_one_module_and_a_folder_with_subfolders_a_package(
    tmp_path: Path,
) -> None:
    branch = {"name": "Branch", "item": [_request("B")]}
    doc = collection_doc(
        {"name": "Leaf", "item": [_request("Get leaf")]},
        {"name": "Tree", "item": [_request("Get tree"), branch]},
    )
    plan, files = _plan_and_files(doc, tmp_path)
    paths = [module.path() for module in resource_modules(plan.root)]
    assert paths == ["resources/leaf.py", "resources/tree/__init__.py", "resources/tree/branch.py"]
    assert all(f"{plan.package}/{path}" in files for path in paths)


def test_a_split_folder_holds_its_subfolders_lazily_in_a_part(tmp_path: Path) -> None:
    plan, files = _plan_and_files(_nested(), tmp_path)
    top, sub, deep = resource_modules(plan.root)
    assert top.path() == "resources/top/__init__.py" and top.parts
    assert sub.path() == "resources/top/sub/__init__.py"
    assert deep.path() == "resources/top/sub/deep.py"
    assert [c.resource.attribute for part in top.parts for c in part.children] == ["sub"]
    package = [text for path, text in files.items() if path.startswith(f"{plan.package}/")]
    assert max(text.count("\n") for text in package if "\nclass " in text) <= MODULE_LINES
    root_parts = [path for path in files if path.startswith(f"{plan.package}/resources/_part_")]
    assert len(root_parts) > 1
    assert files[f"{plan.package}/_client.py"].count("@endpoint") == 0  # all in parts


def test_error_tables_are_module_constants_shared_by_equal_tables(
    tmp_path: Path,
) -> None:
    """Three requests raising the same error share one table, a fourth has its own; each
    method names its constant, none builds an ErrorTable in its call."""
    doc = collection_doc(
        {
            "name": "Things",
            "item": [
                _request("Get one", code="missing"),
                _request("Get two", code="missing"),
                _request("Get three", code="missing"),
                _request("Get four", code="gone"),
                _request("Get five"),
            ],
        }
    )
    plan, files = _plan_and_files(doc, tmp_path)
    text = files[f"{plan.package}/resources/things.py"]
    assert text.count("= ErrorTable(") == 2
    assert "\n_get_one_errors = ErrorTable(" in text and "\n_get_four_errors = ErrorTable(" in text
    assert text.count("errors=_get_one_errors,") == 3
    assert text.count("errors=_get_four_errors,") == 1
    assert text.count("errors=") == 4


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The nested collection generated as a user does, with black, ruff order and tests."""
    directory = tmp_path_factory.mktemp("nested")
    source = directory / "nested.postman_collection.json"
    source.write_text(json.dumps(_nested()), "utf-8")
    generate(source, directory / "out")
    return directory / "out"


def test_a_subfolder_module_is_imported_on_first_access(nested: Path) -> None:
    code = (
        "import sys\n"
        "from nested import AsyncClient, Client\n"
        "client, aclient = Client(), AsyncClient()\n"
        "top, sub, deep = 'nested.resources.top', 'nested.resources.top.sub', "
        "'nested.resources.top.sub.deep'\n"
        "assert top not in sys.modules, 'imported with the client'\n"
        "client.top\n"
        "assert top in sys.modules and sub not in sys.modules, 'subfolder with its parent'\n"
        "assert client.top.sub is client.top.sub\n"
        "assert sub in sys.modules and deep not in sys.modules, 'deeper with the subfolder'\n"
        "import inspect\n"
        "print(client.top.sub.deep.deepest_thing.__qualname__, client.top.long_39.__qualname__)\n"
        "print(inspect.iscoroutinefunction(aclient.top.sub.deep.deepest_thing))\n"
        "print(type(client.top.with_raw_response.long_0).__name__)\n"
        "print(client.root_39.__qualname__, client.top is client.top)\n"
    )
    result = run([sys.executable, "-c", code], nested)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "Deep.deepest_thing",
        "_Part.long_39",
        "True",
        "function",
        "_Part.root_39",
        "True",
    ]


def test_the_nested_project_is_mypy_strict_clean_and_its_tests_pass(
    nested: Path, mypy_strict: MypyStrict
) -> None:
    usage = nested / "usage.py"
    usage.write_text(
        "from nested import AsyncClient, Client\n"
        "from nested.errors import Missing\n\n\n"
        "def use(client: Client) -> None:\n"
        "    raw = client.top.with_raw_response.long_1()\n"
        "    reveal_type(raw)\n"
        "    reveal_type(client.top.sub.deep.deepest_thing)\n"
        "    isinstance(Missing, type)\n\n\n"
        "async def use_async(client: AsyncClient) -> None:\n"
        "    await client.top.sub.sub_thing()\n"
        "    reveal_type(await client.with_raw_response.root_2())\n",
        "utf-8",
    )
    result = run([*mypy_strict(), "nested", "tests", "usage.py"], nested)
    assert "error:" not in result.stdout, result.stdout
    assert 'Revealed type is "nested._runtime.RawResponse' in result.stdout, result.stdout
    assert "def (*, extra_headers" in result.stdout, result.stdout
    tests = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], nested)
    assert tests.returncode == 0, tests.stdout + tests.stderr


def test_part_modules_are_ascii_and_never_meet_a_subfolder(
    flat: tuple[Plan, dict[str, str]],
) -> None:
    """A part named after a non-ASCII request is spelled in ASCII after its ``_part_``
    prefix, so it cannot take the file of a subfolder (whose name never starts with _)."""
    (folder,) = flat[0].root.children
    methods = [replace(m, name=f"получить_{n}") for n, m in enumerate(folder.methods)]
    stems = [part.stem for part in split(methods, ())]
    assert len(stems) > 1 and len(set(stems)) == len(stems)
    assert all(stem.startswith("_part_xn_") and stem.isascii() for stem in stems), stems
