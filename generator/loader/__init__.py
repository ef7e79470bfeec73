"""Load Postman collections and environments into the IR.

``load_collection`` reads, validates (against postc's own schema) and normalises a v2.0
or v2.1 collection; ``load_environment`` does the same for an environment file. Both
raise ``InputError`` naming the file and the JSON path of every problem, and never
anything else for bad input.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import InputError
from generator.ir import Collection, Diagnostic, Endpoint, Environment, Folder, JsonValue
from generator.loader.auth import parse_auth
from generator.loader.detect import file_kind, schema_version, unwrap_collection
from generator.loader.requests import parse_events
from generator.loader.source import read_json_file
from generator.loader.tree import build_items
from generator.loader.validate import validate_collection, validate_environment
from generator.loader.values import description_text, scalar_text
from generator.loader.variables import parse_variables
from generator.reading import ENVIRONMENT

__all__ = [
    "collection_from_json",
    "environment_from_json",
    "load_collection",
    "load_environment",
    "load_file",
]


def load_file(path: Path, *, display_name: str | None = None) -> Collection | Environment:
    """A collection or an environment, whichever the file holds."""
    source = display_name or str(path)
    doc = read_json_file(path, display_name=source)
    if file_kind(doc) == "environment":
        return environment_from_json(doc, source)
    return collection_from_json(doc, source)


def load_collection(path: Path, *, display_name: str | None = None) -> Collection:
    """Read and normalise the collection at ``path``."""
    source = display_name or str(path)
    return collection_from_json(read_json_file(path, display_name=source), source)


def collection_from_json(doc: JsonValue, source: str) -> Collection:
    """Validate and normalise an already parsed collection document."""
    root = unwrap_collection(doc, source)
    problems = validate_collection(root)
    if problems:
        raise InputError(source, problems)
    warnings: list[Diagnostic] = []
    version = schema_version(root, warnings)
    info = root.get("info")
    identity = info if isinstance(info, dict) else root
    name = identity.get("name")
    if not isinstance(name, str) or not name.strip():
        warnings.append(Diagnostic("info.name", "missing; the file name is used instead"))
        name = Path(source).name.split(".")[0] or "collection"
    if "variables" in root:
        warnings.append(
            Diagnostic("variables", "legacy key ignored, as Postman does (use `variable`)")
        )
    auth = parse_auth(root.get("auth"), "auth", warnings)
    items = build_items(root, auth, warnings)
    collection_id = identity.get("_postman_id", identity.get("id"))
    if not _has_requests(items):
        warnings.append(no_requests(root))
    return Collection(
        name=name,
        schema_version=version,
        items=items,
        source=source,
        id=collection_id if isinstance(collection_id, str) else None,
        version=_version_text(identity.get("version")),
        description=description_text(identity.get("description")),
        variables=parse_variables(root.get("variable"), "variable", warnings),
        auth=auth,
        events=parse_events(root.get("event"), "event", warnings),
        warnings=tuple(warnings),
    )


NO_REQUESTS = "the collection has no requests"
# Keys of a collection's root that Postman reads (and the wrapper's and v1's, reported elsewhere)
_ROOT_KEYS = frozenset(
    {"info", "item", "variable", "variables", "auth", "event", "protocolProfileBehavior"}
    | {"id", "_postman_id", "name", "description", "schema", "version"}
)


def no_requests(root: dict[str, JsonValue]) -> Diagnostic:
    """Why a collection without requests has none: the root's ``item`` is missing (and which
    unknown key may have been meant), empty, or holds only folders."""
    items = root.get("item")
    if "item" not in root:
        unknown = sorted(key for key in root if key not in _ROOT_KEYS)
        named = ", ".join(f'"{key}"' for key in unknown)
        why = f'the root has {named}; Postman reads "item"' if unknown else 'the root has no "item"'
    elif not items:
        why = 'the root\'s "item" is empty'
    else:
        why = "its folders hold none"
    return Diagnostic("item", f"{NO_REQUESTS} ({why})")


def _has_requests(items: tuple[Folder | Endpoint, ...]) -> bool:
    stack = list(items)
    while stack:
        node = stack.pop()
        if isinstance(node, Endpoint):
            return True
        stack.extend(node.items)
    return False


def load_environment(path: Path, *, display_name: str | None = None) -> Environment:
    """Read a Postman environment file (``--env``)."""
    source = display_name or str(path)
    doc = read_json_file(path, display_name=source, kind=ENVIRONMENT)
    return environment_from_json(doc, source)


def environment_from_json(doc: JsonValue, source: str) -> Environment:
    """Validate and normalise an already parsed environment document."""
    if not isinstance(doc, dict) or file_kind(doc) != "environment":
        raise InputError.at(
            source, "", "not a Postman environment: expected an object with a `values` list"
        )
    problems = validate_environment(doc)
    if problems:
        raise InputError(source, problems)
    warnings: list[Diagnostic] = []
    name = doc.get("name")
    return Environment(
        name=name if isinstance(name, str) else "",
        values=parse_variables(doc.get("values"), "values", warnings),
        source=source,
        warnings=tuple(warnings),
    )


def _version_text(version: object) -> str | None:
    """``"1.0.0"`` or ``{"major": 1, "minor": 0, "patch": 0, "identifier": "beta"}`` as text."""
    if isinstance(version, str):
        return version or None
    if not isinstance(version, dict):
        return None
    parts = [scalar_text(version.get(key)) for key in ("major", "minor", "patch")]
    if any(part is None for part in parts):
        return None
    text = ".".join(str(part) for part in parts)
    identifier = version.get("identifier")
    return f"{text}-{identifier}" if isinstance(identifier, str) and identifier else text
