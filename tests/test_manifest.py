"""The manifest on its own (``generator.manifest``): postc reads back every manifest it
writes, and only names it would write.

The end-to-end cases (forged, truncated, linked manifests met by ``postc generate`` and
``postc check``) are in ``tests/test_security_outdir.py`` and ``tests/test_build_step.py``;
these pin the writer and the reader against each other, without rendering anything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diff.compare import Change
from generator.errors import InputError
from generator.manifest import (
    MANIFEST,
    check_written_path,
    manifest_text,
    path_problem,
    read_manifest,
    sha256,
)
from generator.output import OutputDir

EDGE_NAMES = (
    "a.py",
    "pkg/__init__.py",
    "pkg/resources/deep/er/still_deeper/m.py",
    "tests/data/examples/get-user_200.json",
    "x" * 255,
    "..hidden",  # dots are fine, only a whole ``..`` climbs
    "-leading-dash",
    ".postc-staging-x/a",
)


def test_every_manifest_postc_writes_reads_back_as_written(tmp_path: Path) -> None:
    files = {name: f"content of {name}\n\u00e9\u2028" for name in EDGE_NAMES}
    inputs: dict[str, str | None] = {"collection": sha256(b"c"), "environment": None}
    changes = (Change("parameter-added", "non-breaking", "GET /a", "query x", None, "int"),)
    recorded = tuple(change.as_json() for change in changes)
    text = manifest_text("my_api", inputs, files, recorded)
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")

    manifest = read_manifest(OutputDir.of(tmp_path))

    assert manifest is not None and manifest.text == text
    assert manifest.files == {name: sha256(body.encode()) for name, body in files.items()}
    assert manifest.inputs == inputs and manifest.changes == recorded
    assert manifest.fields["package"] == "my_api"
    assert set(manifest.fields) == {"postc", "black", "package"}


def test_a_name_postc_refuses_to_write_is_one_no_manifest_may_list(tmp_path: Path) -> None:
    """One rule for both, so postc never writes a manifest it would then refuse, and a
    forged manifest cannot make it touch what it would not write."""
    for name in ("../x.py", "/etc/passwd", "a/../../b", "a//b", "a/./b", "é.py", "x" * 256):
        assert path_problem(name) is not None
        with pytest.raises(ValueError, match="refuses"):
            check_written_path(tmp_path, name)
        manifest = {"files": {name: sha256(b"")}}
        (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        with pytest.raises(InputError, match="not a manifest postc wrote"):
            read_manifest(OutputDir.of(tmp_path))
    for name in EDGE_NAMES:
        check_written_path(tmp_path, name)


def test_no_manifest_is_none_and_a_directory_is_refused(tmp_path: Path) -> None:
    assert read_manifest(OutputDir.of(tmp_path)) is None
    (tmp_path / MANIFEST).mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        read_manifest(OutputDir.of(tmp_path))
