"""The hatchling build hook (generator/hatch.py): a project's wheel built by hatchling
regenerates its [tool.postc] targets and ships their packages (issue 5).

Each test builds a real wheel with ``python -m hatchling build``, in a fresh process, as
pip would; postc's hook is found through its ``hatch`` entry point.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator.generate import MANIFEST
from tests.conftest import collection_doc, request_item


def _collection(field: str) -> dict[str, Any]:
    example = {
        "name": "ok",
        "code": 200,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps({"id": 1, field: "x"}),
    }
    item = request_item("Get thing", url="https://api.example.com/things/1")
    return collection_doc({**item, "response": [example]})


def _project(root: Path, *, hook: str = "", field: str = "name") -> Path:
    (root / "src" / "app").mkdir(parents=True)
    (root / "src" / "app" / "__init__.py").write_text('"""The app."""\n', encoding="utf-8")
    (root / "postman").mkdir()
    (root / "postman" / "things.json").write_text(json.dumps(_collection(field)), "utf-8")
    (root / "pyproject.toml").write_text(
        "\n".join(
            [
                "[build-system]",
                'requires = ["hatchling", "postc"]',
                'build-backend = "hatchling.build"',
                "[project]",
                'name = "app"',
                'version = "1.0"',
                "[tool.hatch.build.targets.wheel]",
                'packages = ["src/app"]',
                "[tool.hatch.build.hooks.postc]",
                hook,
                "[[tool.postc.targets]]",
                'collection = "postman/things.json"',
                'output = "generated/things"',
                'package = "things"',
                "",
            ]
        ),
        encoding="utf-8",
    )
    return root


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "POSTC_CACHE_DIR": str(root / ".cache")}
    return subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(root / "dist")],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _wheel(root: Path) -> dict[str, bytes]:
    (wheel,) = (root / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_build_generates_the_targets_and_ships_their_packages(tmp_path: Path) -> None:
    root = _project(tmp_path)
    built = _build(root)
    assert built.returncode == 0, built.stderr
    output = root / "generated" / "things"
    assert (output / MANIFEST).is_file()
    files = _wheel(root)
    assert "app/__init__.py" in files
    for path in (output / "things").rglob("*.py"):
        name = path.relative_to(output).as_posix()
        assert files[name] == path.read_bytes(), name
    assert not any(name.startswith(("tests/", "generated/")) for name in files)
    metadata = next(v for k, v in files.items() if k.endswith(".dist-info/METADATA"))
    assert b"Requires-Dist: httpx>=0.27" in metadata


def test_a_build_after_the_collection_changed_ships_the_new_models(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _build(root).returncode == 0
    (root / "dist").rename(root / "dist-before")
    (root / "postman" / "things.json").write_text(json.dumps(_collection("title")), "utf-8")
    built = _build(root)
    assert built.returncode == 0, built.stderr
    model = _wheel(root)["things/models/get_thing.py"]
    assert b"    title: str\n" in model
    assert b"    name: str\n" not in model


def test_check_mode_fails_the_build_when_the_output_is_stale(tmp_path: Path) -> None:
    root = _project(tmp_path, hook="check = true")
    built = _build(root)
    assert built.returncode == 1
    assert "generated/things: out of date" in built.stderr
    assert "missing" in built.stderr
    assert "Traceback" not in built.stderr
    assert not (root / "generated").exists()  # check mode writes nothing


def test_check_mode_passes_when_the_output_is_current(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _build(root).returncode == 0
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text("utf-8").replace(
            "[tool.hatch.build.hooks.postc]\n", "[tool.hatch.build.hooks.postc]\ncheck = true\n"
        ),
        encoding="utf-8",
    )
    built = _build(root)
    assert built.returncode == 0, built.stderr
    assert "things/models/__init__.py" in _wheel(root)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "postman/things.json: line 1"),
        (json.dumps(collection_doc({"name": "x", "request": {"url": 3}})), "item[0].request"),
    ],
)
def test_bad_input_stops_the_build_with_a_short_message(
    tmp_path: Path, content: str, message: str
) -> None:
    root = _project(tmp_path)
    (root / "postman" / "things.json").write_text(content, encoding="utf-8")
    built = _build(root)
    assert built.returncode == 2
    assert message in built.stderr
    assert "Traceback" not in built.stderr
    assert not (root / "dist").exists() or not list((root / "dist").glob("*.whl"))
