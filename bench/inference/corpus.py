"""The bench's inputs: saved example bodies of Postman collections, and samples wrapped as such.

A *body* is the ``body`` string of one saved example (``item[..].response[k]``, folders
nested to any depth) that is JSON text of an object or an array (it starts with ``{`` or
``[`` and ``json.loads`` accepts it), the same rule as ``example_json_bodies`` in the
corpus MANIFEST. Its example path uses the loader's notation (``item[0].item[2].response[1]``),
which is what ``postc schema`` lists in a unit's ``examples``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
WRAPPED_EXAMPLE = "item[0].response[0]"


@dataclass(frozen=True)
class Body:
    """One JSON example body, where it sits, and the request it belongs to."""

    collection: str
    item_path: str
    example_path: str
    item_name: str
    text: str
    document: Any

    @property
    def key(self) -> str:
        """Unique over the whole bench run."""
        return f"{self.collection}:{self.example_path}"


def is_v2(collection: object) -> bool:
    """A v2.0 or v2.1 collection (by ``info.schema``), not v1 or an environment."""
    if not isinstance(collection, dict):
        return False
    info = collection.get("info")
    schema = info.get("schema") if isinstance(info, dict) else None
    return isinstance(schema, str) and ("/v2.0." in schema or "/v2.1." in schema)


def iter_items(node: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item below ``node``, depth first in document order, with its loader path."""
    children = node.get("item")
    if not isinstance(children, list):
        return
    prefix = f"{path}.item" if path else "item"
    for index, child in enumerate(children):
        if isinstance(child, dict):
            child_path = f"{prefix}[{index}]"
            yield child_path, child
            yield from iter_items(child, child_path)


def parse_json_body(text: object) -> tuple[bool, Any]:
    """(True, document) when ``text`` is JSON text of an object or an array."""
    if not isinstance(text, str) or not text.lstrip().startswith(("{", "[")):
        return False, None
    try:
        return True, json.loads(text)
    except ValueError:
        return False, None


def example_bodies(collection: dict[str, Any], label: str) -> list[Body]:
    """The JSON bodies of every saved example of every request in ``collection``."""
    bodies: list[Body] = []
    for item_path, item in iter_items(collection):
        responses = item.get("response")
        if "request" not in item or not isinstance(responses, list):
            continue
        name = item.get("name")
        for index, response in enumerate(responses):
            if not isinstance(response, dict):
                continue
            text = response.get("body")
            ok, document = parse_json_body(text)
            if ok and isinstance(text, str):
                bodies.append(
                    Body(
                        collection=label,
                        item_path=item_path,
                        example_path=f"{item_path}.response[{index}]",
                        item_name=name if isinstance(name, str) else "",
                        text=text,
                        document=document,
                    )
                )
    return bodies


def wrap_sample(stem: str, text: str) -> dict[str, Any]:
    """A one-request v2.1 collection whose single saved example (200, JSON) is ``text``."""
    return {
        "info": {"name": f"sample {stem}", "schema": V21},
        "item": [
            {
                "name": f"Get {stem}",
                "request": {
                    "method": "GET",
                    "header": [],
                    "url": {
                        "raw": f"https://api.example.com/samples/{stem}",
                        "protocol": "https",
                        "host": ["api", "example", "com"],
                        "path": ["samples", stem],
                    },
                },
                "response": [
                    {
                        "name": "200 OK",
                        "originalRequest": {
                            "method": "GET",
                            "header": [],
                            "url": f"https://api.example.com/samples/{stem}",
                        },
                        "status": "OK",
                        "code": 200,
                        "_postman_previewlanguage": "json",
                        "header": [{"key": "Content-Type", "value": "application/json"}],
                        "body": text,
                    }
                ],
            }
        ],
    }


def corpus_collections(corpus: Path) -> list[Path]:
    """The v2.0/v2.1 collections of a corpus folder, by file name."""
    found = []
    for path in sorted(corpus.glob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if is_v2(document):
            found.append(path)
    return found


def sample_files(samples: Path) -> list[Path]:
    """The JSON sample files (every ``*.json`` of the folder), by name."""
    return sorted(samples.glob("*.json"))
