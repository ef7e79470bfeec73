"""datamodel-code-generator and genson over many JSON documents, in one process.

Runs under the bench's own venv (``bench/inference/.venv-dcg/bin/python``), where
datamodel-code-generator and genson are installed; the project's venv has neither, hence the
dynamic imports.

    dcg_driver.py TASKS.json OUT.jsonl [--timeout SECONDS]

TASKS.json is a list of ``{"id": ..., "text": ...}``. For each task, one JSON line: the id,
genson's schema (``SchemaBuilder().add_object(json.loads(text)).to_schema()``, what
datamodel-code-generator builds for ``--input-file-type json``), the seconds
``generate(text, input_file_type=json)`` took with its defaults (genson included), and the
classes of the Python module it generated (name and bases), or the error.
"""

from __future__ import annotations

import ast
import importlib
import json
import signal
import sys
import time
import warnings
from pathlib import Path
from types import FrameType
from typing import Any


class _TimeoutError(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _TimeoutError


def classes_of(code: str) -> list[dict[str, Any]]:
    """Top-level classes of a module: name and the source text of each base."""
    tree = ast.parse(code)
    return [
        {"name": node.name, "bases": [ast.unparse(base) for base in node.bases]}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    ]


def run_task(task: dict[str, Any], dcg: Any, genson: Any, timeout: int) -> dict[str, Any]:
    result: dict[str, Any] = {"id": task["id"]}
    builder = genson.SchemaBuilder()
    builder.add_object(json.loads(task["text"]))
    result["schema"] = builder.to_schema()
    signal.alarm(timeout)
    start = time.perf_counter()
    try:
        code = dcg.generate(task["text"], input_file_type=dcg.InputFileType.Json)
        result["seconds"] = time.perf_counter() - start
        result["classes"] = classes_of(str(code))
    except _TimeoutError:
        result["seconds"] = time.perf_counter() - start
        result["error"] = f"timed out after {timeout} s"
    except Exception as error:  # a tool failure is a result, not a crash of the bench
        result["seconds"] = time.perf_counter() - start
        result["error"] = f"{type(error).__name__}: {error}"[:500]
    finally:
        signal.alarm(0)
    return result


def main(argv: list[str]) -> int:
    tasks_file, out_file = Path(argv[0]), Path(argv[1])
    timeout = int(argv[3]) if len(argv) > 3 and argv[2] == "--timeout" else 120
    warnings.simplefilter("ignore")
    dcg = importlib.import_module("datamodel_code_generator")
    genson = importlib.import_module("genson")
    signal.signal(signal.SIGALRM, _alarm)
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    with out_file.open("w", encoding="utf-8") as out:
        for task in tasks:
            out.write(json.dumps(run_task(task, dcg, genson, timeout)) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
