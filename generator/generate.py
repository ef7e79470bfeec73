"""``postc generate``: the whole pipeline, from a collection file to a client project.

load -> infer and name -> plan -> render (Jinja2) -> format (black) -> write. Every file is
rendered and formatted in memory before anything is written, so bad input or a template
error leaves the output directory as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.emit.plan import make_plan
from generator.emit.project import render_project
from generator.ir import Diagnostic
from generator.loader import load_collection, load_environment
from generator.models import build_models
from generator.naming.identifiers import package_name
from generator.output import write_atomically
from generator.overrides import load_overrides

MANIFEST = ".postc-manifest.json"


@dataclass(frozen=True)
class Generated:
    """What a generation wrote, and what the user should hear about."""

    package: str
    files: dict[str, str]
    written: tuple[str, ...]
    removed: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]


def generate(
    collection_path: Path,
    output: Path,
    *,
    package: str | None = None,
    env_path: Path | None = None,
    overrides_path: Path | None = None,
) -> Generated:
    """Generate the client project of a collection into ``output``."""
    collection = load_collection(collection_path)
    environment = load_environment(env_path) if env_path is not None else None
    overrides = load_overrides(overrides_path) if overrides_path is not None else ()
    api = build_models(collection, environment, overrides)
    name = package_name(package or collection.name)
    plan = make_plan(collection, environment, api, name)
    files = render_project(plan, api, collection)
    written, removed = write_project(output, files)
    warnings = (*collection.warnings, *api.warnings, *plan.warnings)
    return Generated(name, files, written, removed, warnings)


def write_project(output: Path, files: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Write changed files, remove files postc wrote before and no longer generates.

    Files postc did not write (not in the previous manifest) are never touched.
    """
    previous = _manifest(output)
    written = []
    for relative, text in files.items():
        target = output / relative
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        write_atomically(target, text)
        written.append(relative)
    removed = []
    for relative, digest in sorted(previous.items()):
        target = output / relative
        if (
            relative not in files
            and target.is_file()
            and _digest(target.read_text("utf-8")) == digest
        ):
            target.unlink()
            removed.append(relative)
    manifest = {
        "postc": __version__,
        "files": {relative: _digest(text) for relative, text in sorted(files.items())},
    }
    write_atomically(output / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return tuple(written), tuple(removed)


def _manifest(output: Path) -> dict[str, str]:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {k: v for k, v in files.items() if isinstance(v, str)} if isinstance(files, dict) else {}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
