"""Adversarial collections (tests/fixtures/*.postman_collection.json) compile to safe clients.

For each fixture: ``postc generate`` exits 0, every generated Python file compiles, every
module of the package imports, the project's own tests pass, ``mypy --strict`` passes, and
nothing of the collection ran: the canary file a successful injection would create (an
absolute path substituted for ``__CANARY__`` in the payloads) does not exist. The checks of
all fixtures run as parallel subprocesses, started once per module.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MypyStrict
from tests.fixtures.helpers import (
    BIN,
    CANARY_MARK,
    files_under,
    fixture_text,
    package_of,
    postc,
    start,
)

NAMES = ["injection", "reserved_names", "deep_nesting", "unicode_names", "secrets", "hostile_paths"]


@dataclass
class Project:
    name: str
    root: Path
    canary: Path
    status: int
    stderr: str
    package: str = ""
    checks: dict[str, Future[tuple[int, str]]] | None = None

    def result(self, check: str) -> tuple[int, str]:
        assert self.checks is not None
        return self.checks[check].result(timeout=300)


def run(command: list[str], cwd: Path) -> tuple[int, str]:
    process = start(command, cwd)
    output, _ = process.communicate(timeout=240)
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
    ("base_url", "timeout", "max_retries", "http_client", "transport")})
client.close()
print("imported")
"""


@pytest.fixture(scope="module")
def projects(
    tmp_path_factory: pytest.TempPathFactory, mypy_strict: MypyStrict
) -> Iterator[dict[str, Project]]:
    made: dict[str, Project] = {}
    for name in NAMES:
        work = tmp_path_factory.mktemp(name)
        canary = work / "CANARY"
        collection = work / "collection.json"
        collection.write_text(fixture_text(name, canary), encoding="utf-8")
        status, _, stderr = postc("generate", collection, "-o", work / "out")
        made[name] = Project(name, work / "out", canary, status, stderr)
    pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))  # checks run in parallel
    for project in made.values():
        if project.status != 0:
            continue
        project.package = package_of(project.root)
        pytest_run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"]
        commands = {
            "imports": [sys.executable, "-c", IMPORT_ALL, project.package],
            "pytest": pytest_run,
            "mypy": [*mypy_strict(), project.package, "tests"],
            "black": [str(BIN / "black"), "--check", "--quiet", "."],
            "ruff": [str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", "."],
        }
        project.checks = {
            check: pool.submit(run, command, project.root) for check, command in commands.items()
        }
    yield made
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(params=NAMES)
def project(request: pytest.FixtureRequest, projects: dict[str, Project]) -> Project:
    made = projects[request.param]
    assert made.status == 0, made.stderr
    return made


def test_generate_exits_0(project: Project) -> None:
    assert "Traceback" not in project.stderr
    assert "internal error" not in project.stderr


def test_every_generated_python_file_compiles(project: Project) -> None:
    sources = [p for p in files_under(project.root) if p.suffix == ".py"]
    assert sources
    for path in sources:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_every_module_imports(project: Project) -> None:
    status, output = project.result("imports")
    assert status == 0 and "imported" in output, output


def test_the_generated_tests_pass(project: Project) -> None:
    status, output = project.result("pytest")
    assert status == 0 and " passed" in output, output[-3000:]


def test_the_generated_package_is_mypy_strict_clean(project: Project) -> None:
    status, output = project.result("mypy")
    assert status == 0, output[-3000:]


def test_the_generated_code_is_black_and_ruff_clean(project: Project) -> None:
    status, output = project.result("black")
    assert status == 0, output[-3000:]
    status, output = project.result("ruff")  # N999 included: module file names are ASCII
    assert status == 0, output[-3000:]


def test_module_file_names_are_ascii_while_names_keep_their_script(project: Project) -> None:
    files = [p.relative_to(project.root).as_posix() for p in project.root.rglob("*.py")]
    assert all(name.isascii() for name in files), [n for n in files if not n.isascii()]
    if project.name == "unicode_names":
        client = next(project.root.glob("*/_client.py")).read_text("utf-8")
        assert any(not line.isascii() for line in client.splitlines() if "(self)" in line)


def canary_places(collection: dict[str, Any]) -> dict[str, bool]:
    """Whether each place code could run from carries a ``__CANARY__`` payload: without
    one, nothing could create the canary and ``test_nothing_of_the_collection_ran`` could
    not fail."""

    def scripts(node: dict[str, Any], listen: str) -> str:
        return json.dumps([e["script"] for e in node.get("event", []) if e["listen"] == listen])

    first = collection["item"][0]
    return {
        "collection pre-request script": CANARY_MARK in scripts(collection, "prerequest"),
        "collection test script": CANARY_MARK in scripts(collection, "test"),
        "first item's pre-request script": CANARY_MARK in scripts(first, "prerequest"),
        "first item's test script": CANARY_MARK in scripts(first, "test"),
        "description": CANARY_MARK in collection["info"]["description"],
        "variable": any(CANARY_MARK in str(v.get("value")) for v in collection["variable"]),
    }


@pytest.mark.parametrize("name", NAMES)
def test_every_fixture_carries_canaries_where_code_could_run(name: str) -> None:
    places = canary_places(json.loads(fixture_text(name)))
    assert [place for place, carried in places.items() if not carried] == []


def test_nothing_of_the_collection_ran(project: Project) -> None:
    collection = json.loads(fixture_text(project.name, project.canary))
    assert str(project.canary) in json.dumps(collection["event"])  # payloads that could run
    for check in ("imports", "pytest", "mypy", "black", "ruff"):
        project.result(check)  # wait for every run of the generated code
    assert not project.canary.exists()
    assert not any(p.name == "CANARY" for p in project.root.parent.rglob("*"))


def test_jinja_syntax_in_the_collection_is_text(projects: dict[str, Project]) -> None:
    """Jinja never evaluates collection strings: they arrive in the output as data."""
    root = projects["injection"].root
    text = "\n".join(p.read_text(encoding="utf-8") for p in files_under(root))
    assert "{% if true %}block{% endif %}" in text
    assert "{{ jinja_var }}" in text


def test_payload_strings_read_back_as_data(projects: dict[str, Project]) -> None:
    """The injected code is inside string literals and docstrings: no generated module calls
    ``os.system`` or ``__import__``, and the command is in the source only as data."""
    project = projects["injection"]
    found_as_data = False
    for path in files_under(project.root):
        if path.suffix != ".py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                function = node.func
                name = function.attr if isinstance(function, ast.Attribute) else None
                name = function.id if isinstance(function, ast.Name) else name
                assert name not in ("system", "__import__", "eval", "exec"), ast.unparse(node)
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found_as_data |= f'os.system("touch {project.canary}")' in node.value
    assert found_as_data
