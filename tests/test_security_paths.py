"""No collection, folder, request or ``--name`` can make postc write outside OUTDIR.

Every run generates into ``TREE/level0/.../levelN/out``, N + 1 levels below a private
TREE, where N is the longest ``..`` chain of any name these tests use; then it scans the
whole TREE, so every folder a ``../`` could reach from OUTDIR or below is scanned: every
file there must be under ``out``.
"""

from __future__ import annotations

import hashlib
import json
import re
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


def dotdots(text: str) -> int:
    """How many levels up a name can lead: its ``..`` segments, ``/`` or ``\\`` separated."""
    return re.split(r"[/\\]", text).count("..")


def strings_in(value: object) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(s for v in value.values() for s in strings_in(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return [value] if isinstance(value, str) else []


# The longest ``..`` chain of every name used below (HOSTILE, the fixture, the extra ones)
REACH = max(
    dotdots(name)
    for name in [*HOSTILE, *strings_in(json.loads(fixture_text("hostile_paths"))), "../../x"]
)


def tree(tmp_path: Path) -> tuple[Path, Path]:
    """(TREE, OUTDIR): OUTDIR deep enough in TREE that no chain of REACH ``..`` from it, or
    from its parent, leaves TREE."""
    root = tmp_path / "tree"
    return root, root.joinpath(*(f"level{i}" for i in range(REACH + 1)), "out")


def outside(root: Path, out: Path) -> list[str]:
    """Every file of the whole tree that is not under OUTDIR."""
    return [str(p) for p in files_under(root) if out not in p.parents]


def test_the_tree_is_deeper_than_any_chain() -> None:
    assert REACH >= 6  # "../../../../../../tmp/evil"
    root, out = tree(Path("/t"))
    assert len(out.relative_to(root).parts) == REACH + 2


def check_package(name: str) -> None:
    assert name.isidentifier() and name.isascii() and name == name.lower(), name


def test_hostile_folder_and_request_names(tmp_path: Path) -> None:
    collection = tmp_path / "in" / "collection.json"
    collection.parent.mkdir()
    collection.write_text(fixture_text("hostile_paths"), encoding="utf-8")
    root, out = tree(tmp_path)
    status, _, stderr = postc("generate", collection, "-o", out)
    assert status == 0, stderr
    assert outside(root, out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "tree"]
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
    root, out = tree(tmp_path)
    result = generate(collection, out)
    check_package(result.package)
    assert outside(root, out) == []
    assert all(".." not in Path(relative).parts for relative in result.files)
    assert all(not Path(relative).is_absolute() for relative in result.files)


@pytest.mark.parametrize("name", [n for n in HOSTILE if "\x00" not in n] + ["../../x\x00y"])
def test_hostile_package_names(tmp_path: Path, name: str) -> None:
    collection = tmp_path / "collection.json"
    doc = json.loads(fixture_text("hostile_paths"))
    doc["item"] = doc["item"][:2]
    collection.write_text(json.dumps(doc), encoding="utf-8")
    root, out = tree(tmp_path)
    result = generate(collection, out, package=name)
    check_package(result.package)
    assert outside(root, out) == []


def test_hostile_package_name_on_the_command_line(tmp_path: Path) -> None:
    collection = tmp_path / "collection.json"
    collection.write_text(fixture_text("hostile_paths"), encoding="utf-8")
    root, out = tree(tmp_path)
    status, stdout, stderr = postc("generate", collection, "-o", out, "--name", "../evil")
    assert status == 0, stderr
    assert "package evil" in stdout
    assert outside(root, out) == []


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
