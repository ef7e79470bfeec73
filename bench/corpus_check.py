"""Generate every v2.0/v2.1 collection of ../shared/corpus and check each project.

    .venv/bin/python bench/corpus_check.py [--only SUBSTRING] [--skip-mypy]

Per collection: ``postc generate`` exits 0; the project's own tests pass
(``python -m pytest``); ``mypy --strict`` passes on the package and its tests; ``black
--check`` and ``ruff check`` pass (with the project's own configuration); a second
generation is byte-identical; no secret value of the collection (auth attributes,
secret-looking variables) appears in any file. Prints a table and the generation time.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.generate import generate
from generator.ir import Collection
from generator.loader import load_collection

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BIN = Path(sys.executable).parent


def secrets_of(collection: Collection) -> set[str]:
    """Values the generated project must never contain."""
    found = {v.value for v in collection.variables if v.secret and v.value}
    auths = [collection.auth, *(f.auth for f in collection.folders())]
    auths += [e.request.auth for e in collection.endpoints()]
    for auth in auths:
        if auth is None:
            continue
        for param in auth.params:
            value = param.value
            if isinstance(value, str) and "{{" not in value and param.key.lower() in SECRET_KEYS:
                found.add(value)
    return {value for value in found if len(value) >= 6}


SECRET_KEYS = {
    "token",
    "password",
    "value",
    "accesstoken",
    "clientsecret",
    "secretkey",
    "consumersecret",
    "tokensecret",
    "authkey",
    "privatekey",
    "clienttoken",
    "refreshtoken",
    "secret",
}


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


def run(command: list[str], cwd: Path) -> bool:
    env = {**os.environ, "PYTHONPATH": str(cwd), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    return result.returncode == 0


def check(path: Path, work: Path, mypy: bool) -> dict[str, object]:
    out, again = work / "a", work / "b"
    started = time.perf_counter()
    result = generate(path, out)
    seconds = time.perf_counter() - started
    generate(path, again)
    package = result.package
    files = tree(out)
    leaked = [
        s for s in secrets_of(load_collection(path)) if any(s.encode() in c for c in files.values())
    ]
    return {
        "seconds": round(seconds, 2),
        "files": len(files),
        "pytest": run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], out),
        "mypy": (
            run([str(BIN / "mypy"), "--strict", "--no-incremental", package, "tests"], out)
            if mypy
            else None
        ),
        "black": run([str(BIN / "black"), "--check", "-q", "."], out),
        "ruff": run([str(BIN / "ruff"), "check", "--no-cache", "-q", "."], out),
        "identical": files == tree(again),
        "leaked": leaked,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--skip-mypy", action="store_true")
    args = parser.parse_args()
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle, delimiter="\t")
            if r["schema_version"] in ("v2.0", "v2.1")
        ]
    results = {}
    for row in rows:
        if args.only not in row["file"]:
            continue
        with tempfile.TemporaryDirectory() as work:
            results[row["file"]] = check(CORPUS / row["file"], Path(work), not args.skip_mypy)
        print(row["file"][:60], json.dumps(results[row["file"]]), flush=True)
    failed = [
        name
        for name, r in results.items()
        if not (
            r["pytest"] and r["mypy"] is not False and r["black"] and r["ruff"] and r["identical"]
        )
        or r["leaked"]
    ]
    print(f"{len(results) - len(failed)}/{len(results)} collections pass every check")
    for name in failed:
        print("FAILED", name, results[name])


if __name__ == "__main__":
    main()
