"""No collection, folder, request or ``--name`` can make postc write outside OUTDIR.

Every run generates into ``SANDBOX/out`` and then scans SANDBOX (and the file system
around it that a ``../`` could reach): every file there must be under ``out``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.generate import generate
from tests.fixtures.helpers import files_under, fixture_text, postc

HOSTILE = [
    "../evil",
    "../../../../../../tmp/evil",
    "/tmp/evil",
    "/etc/passwd",
    "C:\\evil",
    "C:evil",
    "\\\\server\\share\\evil",
    "a/../../evil",
    "nul\x00byte",
    "..",
    ".",
    "~/evil",
    "con",
    ".git",
    "%2e%2e%2fevil",
    "",
]


def outside(sandbox: Path, out: Path) -> list[str]:
    return [str(p) for p in files_under(sandbox) if out not in p.parents]


def check_package(name: str) -> None:
    assert name.isidentifier() and name.isascii() and name == name.lower(), name


def test_hostile_folder_and_request_names(tmp_path: Path) -> None:
    collection = tmp_path / "in" / "collection.json"
    collection.parent.mkdir()
    collection.write_text(fixture_text("hostile_paths"), encoding="utf-8")
    sandbox = tmp_path / "sandbox"
    out = sandbox / "deep" / "out"
    status, _, stderr = postc("generate", collection, "-o", out)
    assert status == 0, stderr
    assert outside(sandbox, out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "sandbox"]
    for path in files_under(out):
        relative = path.relative_to(out)
        assert ".." not in relative.parts
        assert all(part.isascii() or part.isidentifier() for part in relative.parts[:-1])


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_collection_names(tmp_path: Path, name: str) -> None:
    doc = json.loads(fixture_text("hostile_paths"))
    doc["info"]["name"] = name
    doc["item"] = doc["item"][:2]
    collection = tmp_path / "collection.json"
    collection.write_text(json.dumps(doc), encoding="utf-8")
    sandbox = tmp_path / "sandbox"
    result = generate(collection, sandbox / "out")
    check_package(result.package)
    assert outside(sandbox, sandbox / "out") == []
    assert all(".." not in Path(relative).parts for relative in result.files)
    assert all(not Path(relative).is_absolute() for relative in result.files)


@pytest.mark.parametrize("name", [n for n in HOSTILE if "\x00" not in n] + ["../../x\x00y"])
def test_hostile_package_names(tmp_path: Path, name: str) -> None:
    collection = tmp_path / "collection.json"
    doc = json.loads(fixture_text("hostile_paths"))
    doc["item"] = doc["item"][:2]
    collection.write_text(json.dumps(doc), encoding="utf-8")
    sandbox = tmp_path / "sandbox"
    result = generate(collection, sandbox / "out", package=name)
    check_package(result.package)
    assert outside(sandbox, sandbox / "out") == []


def test_hostile_package_name_on_the_command_line(tmp_path: Path) -> None:
    collection = tmp_path / "collection.json"
    collection.write_text(fixture_text("hostile_paths"), encoding="utf-8")
    sandbox = tmp_path / "sandbox"
    status, stdout, stderr = postc(
        "generate", collection, "-o", sandbox / "out", "--name", "../evil"
    )
    assert status == 0, stderr
    assert "package evil" in stdout
    assert outside(sandbox, sandbox / "out") == []


def test_a_forged_manifest_cannot_remove_files_outside_outdir(tmp_path: Path) -> None:
    """OUTDIR may come from elsewhere (a cloned repository): its manifest is input too."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    digest = hashlib.sha256(b"keep me").hexdigest()
    manifest = {"postc": "0", "files": {"../victim.txt": digest, str(victim): digest}}
    (out / ".postc-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    collection = tmp_path / "collection.json"
    collection.write_text(fixture_text("hostile_paths"), encoding="utf-8")
    with pytest.raises(InputError, match="manifest"):
        generate(collection, out)
    assert victim.read_text(encoding="utf-8") == "keep me"
