"""The README's worked example of ``postc openapi`` and ``postc diff`` (issue 18, part 4) runs
as written and prints what the README shows."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RunPostc

REPO = Path(__file__).resolve().parents[1]
SECTION = "## OpenAPI and API changes"


def blocks(language: str) -> list[str]:
    """The fenced blocks of ``language`` in the README's section, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    fenced = re.findall(r"^```(\w*)\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)
    return [text for kind, text in fenced if kind == language]


def postc_arguments(line: str) -> list[str]:
    """A README command line ``.venv/bin/postc ARGS`` as ARGS."""
    words = shlex.split(line)
    assert words[0] == ".venv/bin/postc", line
    return words[1:]


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory holding the bundled collections, as the repository root does."""
    shutil.copytree(REPO / "collections", tmp_path / "collections")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_worked_example_prints_what_the_readme_shows(
    checkout: Path, run_postc: RunPostc
) -> None:
    openapi_block, change_block = blocks("sh")
    (shown,) = blocks("")

    status, _, stderr = run_postc(*postc_arguments(openapi_block.strip()))
    assert status == 0, stderr
    document = json.loads((checkout / "zoho.openapi.json").read_text(encoding="utf-8"))
    ((path, operations),) = document["paths"].items()
    assert path == "/crm/bulk/v2.1/write/{job_id}"
    assert operations["get"]["operationId"] == "job_details"
    saved = operations["get"]["responses"]
    assert sum(len(media.get("examples", {})) for r in saved.values() for media in
               r.get("content", {}).values()) == 6  # fmt: skip

    heredoc = re.fullmatch(r"\.venv/bin/python - <<'EOF'\n(.*\n)EOF\n(.*)\n", change_block, re.S)
    assert heredoc is not None, change_block
    script, command = heredoc.groups()
    made = subprocess.run(
        [sys.executable, "-"], input=script, text=True, capture_output=True, check=False
    )
    assert made.returncode == 0, made.stderr
    status, stdout, stderr = run_postc(*postc_arguments(command.strip()))
    assert (status, stderr) == (1, "")
    assert stdout == shown
