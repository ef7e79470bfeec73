"""No generated module passes the cap however many models or error classes: the models
index and ``errors`` go into part modules past ``MODULE_LINES``, which ``models/__init__.py``
and ``errors/__init__.py`` combine for the type checker and at run time
(``generator/emit/model_modules.py``, ``generator/emit/project.py``, docs/runtime.md,
"The cap on the models index and errors")."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.emit.modules import MODULE_LINES
from generator.generate import generate
from tests.conftest import V21, MypyStrict, run
from tests.test_modules import _plan_and_files

# Each request has a response shape of its own (so a model module of its own, of three
# classes, each re-exported by a statement of its own in the index) and an error code of its
# own (so an error class of eight lines): past the cap for the index and for errors both, with
# no more requests than that takes (each request is some 130 lines of generated code to
# format and type-check). Modules of several classes also pin the index's import form: ruff's
# isort keeps ``Name as Name`` imports one to a statement.
REQUESTS = 650
BIN = Path(sys.executable).parent
JSON = [{"key": "Content-Type", "value": "application/json"}]


def _request(n: int) -> dict[str, Any]:
    request = {"method": "GET", "url": f"https://api.example.com/things/{n}"}
    ok = {
        "field_" + str(n): n,
        "name": "thing",
        "owner": {f"owner_{n}": n},
        "links": {f"self_{n}": ""},
    }
    missing = {"code": f"missing_{n}", "message": "no"}
    return {
        "name": f"Get thing {n}",
        "request": request,
        "response": [
            _example("OK", 200, request, ok),
            _example("Missing", 404, request, missing),
        ],
    }


def _example(name: str, code: int, request: dict[str, Any], body: object) -> dict[str, Any]:
    return {
        "name": name,
        "code": code,
        "originalRequest": request,
        "header": JSON,
        "body": json.dumps(body),
    }


def _doc(numbers: list[int]) -> dict[str, Any]:
    return {"info": {"name": "Caps", "schema": V21}, "item": [_request(n) for n in numbers]}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The project of ``REQUESTS`` requests, rendered (not formatted)."""
    return _plan_and_files(_doc(list(range(REQUESTS))), tmp_path_factory.mktemp("caps"))[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same project generated as a user does, black included."""
    directory = tmp_path_factory.mktemp("caps-project")
    source = directory / "caps.postman_collection.json"
    source.write_text(json.dumps(_doc(list(range(REQUESTS)))), "utf-8")
    generate(source, directory / "out")
    return directory / "out"


def _parts(files: dict[str, str], pattern: str) -> list[str]:
    return sorted(path for path in files if re.fullmatch(pattern, path))


def test_no_package_module_passes_the_cap(project: Path) -> None:
    lines = {
        path: path.read_text("utf-8").count("\n")
        for path in (project / "caps").rglob("*.py")
        if path.name != "_runtime.py"  # copied as it is, at its own size
    }
    assert max(lines.values()) <= MODULE_LINES, max(lines.items(), key=lambda item: item[1])
    assert not (project / "caps" / "errors.py").exists()
    assert len(list((project / "caps" / "errors").glob("_part_*.py"))) > 1
    assert len(list((project / "caps" / "models").glob("_index_*.py"))) > 1


def test_the_split_project_passes_its_own_ruff_and_black(project: Path) -> None:
    """The parts' forms (star imports, ``Name as Name``, a computed ``__all__``) pass the
    linters a generated project is checked with, under its own configuration."""
    ruff = run([str(BIN / "ruff"), "check", "--no-cache", "."], project)
    assert ruff.returncode == 0, ruff.stdout
    black = run([str(BIN / "black"), "--check", "-q", "."], project)
    assert black.returncode == 0, black.stderr


def test_every_model_and_error_class_is_in_exactly_one_part(files: dict[str, str]) -> None:
    indexes = _parts(files, r"caps/models/_index_\w+\.py")
    rows = [m for path in indexes for m in re.findall(r'^    "(\w+)": \(', files[path], re.M)]
    modules = [
        path[len("caps/models/") : -3] for path in _parts(files, r"caps/models/[a-z]\w*\.py")
    ]
    assert sorted(rows) == sorted(modules)  # every model module, once
    models = files["caps/models/__init__.py"]
    assert sorted(_combined(models, r"^    from \.(\w+) import \*", "caps/models")) == indexes
    assert sorted(_combined(models, r"^    \*\*(\w+)\.MODULES,", "caps/models")) == indexes
    errors = _parts(files, r"caps/errors/_part_\w+\.py")
    classes = [c for path in errors for c in re.findall(r"^class (\w+)\(", files[path], re.M)]
    assert sorted(classes) == sorted(f"Missing{n}" for n in range(REQUESTS))
    init = files["caps/errors/__init__.py"]
    assert sorted(_combined(init, r"^from \.(\w+) import \*", "caps/errors")) == errors
    assert sorted(_combined(init, r"^__all__ \+= (\w+)\.__all__", "caps/errors")) == errors


def _combined(text: str, pattern: str, directory: str) -> list[str]:
    """The part modules ``text`` names where ``pattern`` matches, as paths."""
    return [f"{directory}/{stem}.py" for stem in re.findall(pattern, text, re.M)]


def test_small_projects_keep_one_index_and_errors_module(tmp_path: Path) -> None:
    files = _plan_and_files(_doc(list(range(40))), tmp_path)[1]
    assert "caps/errors.py" in files and not _parts(files, r"caps/errors/.*")
    assert not _parts(files, r"caps/models/_index_.*")
    assert '"GetThing39",' in files["caps/models/__init__.py"]  # listed in __all__ itself


def test_a_model_and_an_error_of_the_last_part_are_mypy_strict(
    project: Path, mypy_strict: MypyStrict
) -> None:
    last = REQUESTS - 1
    usage = project / "usage.py"
    usage.write_text(
        "from caps import Client, models\n"
        f"from caps.errors import ApiError, Missing{last}\n"
        f"from caps.models import GetThing{last}\n\n\n"
        f"def use(client: Client, error: Missing{last}) -> models.GetThing{last}:\n"
        "    reveal_type(error.body)\n"
        "    assert isinstance(error, ApiError)\n"
        f"    thing: GetThing{last} = client.get_thing_{last}()\n"
        f"    return thing\n\n\n"
        "missing: models.NoSuchModel\n",
        "utf-8",
    )
    result = run([*mypy_strict(), "caps", "usage.py"], project)
    errors = [line for line in result.stdout.splitlines() if "error:" in line]
    # the one error shows the package is checked through the parts, not taken as Any
    assert errors == [
        'usage.py:13: error: Name "models.NoSuchModel" is not defined  [name-defined]'
    ], result.stdout
    assert 'Revealed type is "caps.models.error_response.ErrorResponse"' in result.stdout


def test_a_model_is_imported_with_its_own_module_only(project: Path) -> None:
    last = REQUESTS - 1
    code = (
        "import sys\n"
        "from caps import models\n"
        "def loaded():\n"
        "    return sorted(m for m in sys.modules if m.startswith('caps.models.')"
        " and '._index_' not in m)\n"
        "before = loaded()\n"  # what the client's module imports for its error tables
        "assert len(before) < 5, before\n"
        f"cls = models.GetThing{last}\n"
        "print(cls.__module__, *sorted(set(loaded()) - set(before)))\n"
        f"assert 'GetThing{last}' in dir(models) and 'GetThing0' in models.__all__\n"
        "import caps.errors\n"
        f"print(caps.errors.Missing{last}.__mro__[1].__name__, len(caps.errors.__all__))\n"
    )
    result = run([sys.executable, "-c", code], project)
    assert result.returncode == 0, result.stderr
    module = f"caps.models.get_thing{last}"
    assert result.stdout.split() == [module, module, "NotFoundError", str(15 + REQUESTS)]


def test_one_added_request_changes_one_part_and_the_lists_of_parts(
    files: dict[str, str], tmp_path: Path
) -> None:
    numbers = list(range(REQUESTS))
    before = files
    after = _plan_and_files(_doc([*numbers[:500], 5000, *numbers[500:]]), tmp_path)[1]
    for pattern, index in (
        (r"caps/models/_index_\w+\.py", "caps/models/__init__.py"),
        (r"caps/errors/_part_\w+\.py", "caps/errors/__init__.py"),
    ):
        old, new = _parts(before, pattern), _parts(after, pattern)
        changed = [path for path in new if before.get(path) != after[path]]
        gone = [path for path in old if path not in after]
        assert len(changed) <= 2 and not gone, (pattern, changed, gone)
        assert any("5000" in after[path] for path in changed), changed
        if len(changed) == 1:  # no new boundary: the list of parts stays as it was
            assert before[index] == after[index]
