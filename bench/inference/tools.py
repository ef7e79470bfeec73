"""Running the three tools, each bounded by a timeout, and reading back what they produced.

- postc: ``python -m generator schema COLLECTION -o OUT`` (the project's venv), one process
  per collection; its JSON Schema document (draft 2020-12) with ``$defs`` and
  ``x-postc-units``.
- quicktype (``bench/inference/.node``): ``quicktype_schema.js`` (quicktype's CLI with
  every top-level type written to ``x-top-levels``) ``--src-lang postman --lang schema``,
  and the stock CLI ``--src-lang postman --lang python`` for its classes and names; one
  process per collection, each.
- datamodel-code-generator (``bench/inference/.venv-dcg``): ``dcg_driver.py``, one process
  for all documents (see there).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
NODE_MODULES = HERE / ".node" / "node_modules"
QUICKTYPE = NODE_MODULES / "quicktype" / "dist" / "index.js"
QUICKTYPE_SCHEMA = HERE / "quicktype_schema.js"
DCG_PYTHON = HERE / ".venv-dcg" / "bin" / "python"
DCG_DRIVER = HERE / "dcg_driver.py"
POSTC_MISSING = "postc schema not available"


@dataclass
class Run:
    """One tool process: did it work, how long it took, and what it wrote."""

    ok: bool
    seconds: float
    output: str = ""
    error: str = ""


def run(command: list[str], timeout: float, cwd: Path = REPO) -> Run:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except subprocess.TimeoutExpired:
        return Run(False, time.perf_counter() - start, error=f"timed out after {timeout:g} s")
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        message = lines[-1] if lines else f"exit code {done.returncode}"
        return Run(False, seconds, done.stdout, message[:300])
    return Run(True, seconds, done.stdout)


def node() -> str:
    return os.environ.get("NODE", "node")


def check_installed() -> list[str]:
    """What is missing to run quicktype and datamodel-code-generator (install commands)."""
    missing = []
    if not QUICKTYPE.exists():
        missing.append("npm install --prefix bench/inference/.node quicktype@26.0.0")
    if not DCG_PYTHON.exists():
        missing.append(
            "python3 -m venv bench/inference/.venv-dcg && "
            "bench/inference/.venv-dcg/bin/pip install datamodel-code-generator==0.89.0"
        )
    return missing


# postc ------------------------------------------------------------------------------


@dataclass
class PostcResult:
    run: Run
    document: dict[str, Any] | None = None


def postc_schema(collection: Path, out: Path, timeout: float) -> PostcResult:
    result = run(
        [sys.executable, "-m", "generator", "schema", str(collection), "-o", str(out)], timeout
    )
    if not result.ok:
        return PostcResult(Run(False, result.seconds, error=f"{POSTC_MISSING}: {result.error}"))
    try:
        document = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return PostcResult(Run(False, result.seconds, error=f"{POSTC_MISSING}: {error}"))
    if not isinstance(document, dict) or not isinstance(document.get("x-postc-units"), list):
        message = f"{POSTC_MISSING}: no x-postc-units in its output"
        return PostcResult(Run(False, result.seconds, error=message))
    return PostcResult(result, document)


def postc_available(timeout: float = 60) -> str:
    """'' when ``postc schema`` is a command, else why not."""
    probe = run([sys.executable, "-m", "generator", "schema", "--help"], timeout)
    return "" if probe.ok else f"{POSTC_MISSING}: {probe.error}"


# quicktype ---------------------------------------------------------------------------


@dataclass
class QuicktypeResult:
    schema_run: Run
    python_run: Run
    document: dict[str, Any] | None = None
    classes: list[str] = field(default_factory=list)
    enums: list[str] = field(default_factory=list)


def quicktype(collection: Path, timeout: float) -> QuicktypeResult:
    source = ["--src-lang", "postman", str(collection)]
    schema_run = run([node(), str(QUICKTYPE_SCHEMA), "--lang", "schema", *source], timeout)
    python_run = run([node(), str(QUICKTYPE), "--lang", "python", *source], timeout)
    result = QuicktypeResult(schema_run, python_run)
    if schema_run.ok:
        try:
            result.document = json.loads(schema_run.output)
        except ValueError as error:
            schema_run.ok, schema_run.error = False, f"unreadable schema: {error}"
    if python_run.ok:
        try:
            for name, bases in python_classes(python_run.output):
                (result.enums if "Enum" in bases else result.classes).append(name)
        except SyntaxError as error:
            python_run.ok, python_run.error = False, f"unparsable Python: {error}"
    return result


def python_classes(code: str) -> list[tuple[str, list[str]]]:
    """Top-level classes of a module: (name, base expressions)."""
    return [
        (node.name, [ast.unparse(base) for base in node.bases])
        for node in ast.parse(code).body
        if isinstance(node, ast.ClassDef)
    ]


# datamodel-code-generator ----------------------------------------------------------


@dataclass
class DcgResult:
    ok: bool
    seconds: float
    schema: Any = None
    classes: list[str] = field(default_factory=list)
    error: str = ""


def dcg(
    texts: dict[str, str], workdir: Path, timeout_each: int, timeout: float
) -> dict[str, DcgResult]:
    """datamodel-code-generator (and genson) over every document of ``texts`` (id → JSON text)."""
    tasks = workdir / "dcg-tasks.json"
    out = workdir / "dcg-out.jsonl"
    tasks.write_text(json.dumps([{"id": k, "text": v} for k, v in texts.items()]), "utf-8")
    command = [str(DCG_PYTHON), str(DCG_DRIVER), str(tasks), str(out), "--timeout"]
    driver = run([*command, str(timeout_each)], timeout)
    results: dict[str, DcgResult] = {}
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            classes = [
                entry["name"]
                for entry in record.get("classes", [])
                if not any("RootModel" in base or "Enum" in base for base in entry["bases"])
            ]
            results[record["id"]] = DcgResult(
                ok="error" not in record,
                seconds=record.get("seconds", 0.0),
                schema=record.get("schema"),
                classes=classes,
                error=record.get("error", ""),
            )
    for key in texts:
        if key not in results:
            results[key] = DcgResult(False, 0.0, error=driver.error or "not run")
    return results


# versions --------------------------------------------------------------------------


def versions() -> dict[str, str]:
    found = {}
    postc = run(
        [sys.executable, "-c", "import importlib.metadata as m; print(m.version('postc'))"], 60
    )
    found["postc"] = postc.output.strip() if postc.ok else "?"
    commit = run(["git", "rev-parse", "--short", "HEAD"], 60)  # read-only
    if commit.ok:
        found["postc"] += f" (working tree on {commit.output.strip()})"
    found["python"] = sys.version.split()[0]
    node_version = run([node(), "--version"], 60)
    found["node"] = node_version.output.strip() if node_version.ok else "?"
    if QUICKTYPE.exists():
        package = json.loads((NODE_MODULES / "quicktype" / "package.json").read_text("utf-8"))
        core = json.loads((NODE_MODULES / "quicktype-core" / "package.json").read_text("utf-8"))
        found["quicktype"] = f"{package['version']} (quicktype-core {core['version']})"
    if DCG_PYTHON.exists():
        script = (
            "import importlib.metadata as m, sys; print(' '.join(m.version(p) for p in "
            "('datamodel-code-generator', 'genson', 'pydantic')), sys.version.split()[0])"
        )
        dcg_version = run([str(DCG_PYTHON), "-c", script], 60)
        if dcg_version.ok:
            dmcg, genson, pydantic, python = dcg_version.output.split()
            found["datamodel-code-generator"] = (
                f"{dmcg} (genson {genson}, pydantic {pydantic}, Python {python})"
            )
    return found
