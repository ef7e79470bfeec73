"""Synthetic Postman collections of any size, for the benchmarks.

``synthetic(requests)`` builds a v2.1 collection shaped like a real vendor API: requests in
folders nested two levels deep (10 requests a folder), CRUD-like methods with path
variables, query parameters and JSON request bodies, one saved success example each and
an error example on every fifth request. Bodies vary (a resource kind has its own fields,
each request adds its own) but share shapes the way real APIs do: every resource embeds
the same ``owner`` and ``links`` objects, list endpoints wrap items in one page envelope,
and every error uses one envelope. Everything is derived from the request number, so the
same arguments give the same collection. ``changed`` edits request 0's example, for
one-request-change measurements.

``shape="one-big-folder"`` (issue 19) lays the same requests out the way a big commerce
API does: three quarters of them in one top-level folder, ``Commerce``, nested two levels
below it (areas of 15 folders of 10 requests), the rest in ordinary top-level folders of
100 requests each; and one saved example per request on average (a delete has none, an
update has its 404 as well), so 2,000 requests carry 2,000 examples.

    .venv/bin/python bench/synthetic.py 1000 [areas|one-big-folder] > collection.json
"""

from __future__ import annotations

import json
import sys
from functools import partial
from typing import Any

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
PER_FOLDER = 10
FOLDERS_PER_GROUP = 10
KINDS = ("user", "order", "invoice", "product", "ticket", "webhook", "report", "device")
STATUSES = ("active", "pending", "archived")


SHAPES = ("areas", "one-big-folder")
BIG_SHARE = 0.75  # of the requests, in the one big folder of "one-big-folder"
BIG_FOLDERS_PER_AREA = 15
ORDINARY_FOLDER = 100  # requests in each ordinary folder of "one-big-folder"


def synthetic(requests: int, changed: int = 0, shape: str = "areas") -> dict[str, Any]:
    """A collection of ``requests`` requests laid out as ``shape`` (one of ``SHAPES``);
    ``changed`` > 0 varies request 0's example."""
    if shape not in SHAPES:
        raise ValueError(f"shape {shape!r} is not one of {SHAPES}")
    place = partial(_big_folder_path, requests=requests) if shape == SHAPES[1] else _area_path
    top: list[dict[str, Any]] = []
    folders: dict[tuple[str, ...], dict[str, Any]] = {}  # path -> folder, made on first use
    for number in range(requests):
        path, description = place(number)
        folder = _folder(top, folders, path, description)
        kind = KINDS[number // PER_FOLDER % len(KINDS)]
        folder["item"].append(_request(number, kind, changed, shape == SHAPES[1]))
    return {
        "info": {"name": "Synthetic API", "schema": V21, "description": "A synthetic API."},
        "item": top,
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        "variable": [
            {"key": "baseUrl", "value": "https://api.example.com"},
            {"key": "token", "value": ""},
        ],
    }


def _area_path(number: int) -> tuple[tuple[str, ...], str]:
    """The folder of 10 requests in an area of 10 folders (``Area 0 / Users 0``), and its
    description."""
    folder_number = number // PER_FOLDER
    kind = KINDS[folder_number % len(KINDS)]
    path = (f"Area {folder_number // FOLDERS_PER_GROUP}", f"{kind.title()}s {folder_number}")
    return path, f"Manage {kind}s (set {folder_number})."


def _big_folder_path(number: int, requests: int) -> tuple[tuple[str, ...], str]:
    """``Commerce / Area 0 / Users 0`` for the first three quarters (rounded to whole
    folders of 10), ``Store 0``, ``Store 1``... of 100 requests each for the rest."""
    big = round(requests * BIG_SHARE / PER_FOLDER) * PER_FOLDER
    if number >= big:
        store = (number - big) // ORDINARY_FOLDER
        return (f"Store {store}",), f"Manage store {store}."
    folder_number = number // PER_FOLDER
    kind = KINDS[folder_number % len(KINDS)]
    area = f"Area {folder_number // BIG_FOLDERS_PER_AREA}"
    path = ("Commerce", area, f"{kind.title()}s {folder_number}")
    return path, f"Manage {kind}s (set {folder_number})."


def _folder(
    top: list[dict[str, Any]],
    folders: dict[tuple[str, ...], dict[str, Any]],
    path: tuple[str, ...],
    description: str = "",
) -> dict[str, Any]:
    """The folder at ``path``, made where missing (with the folders above it, which have
    no description)."""
    folder = folders.get(path)
    if folder is None:
        siblings = top if len(path) == 1 else _folder(top, folders, path[:-1])["item"]
        folder = {"name": path[-1], **({"description": description} if description else {})}
        folder["item"] = []
        folders[path] = folder
        siblings.append(folder)
    return folder


def _request(number: int, kind: str, changed: int, one_example: bool) -> dict[str, Any]:
    operation = ("list", "get", "create", "update", "delete")[number % 5]
    collection_path = f"{{{{baseUrl}}}}/v1/{kind}s-{number // PER_FOLDER}"
    method, path = {
        "list": ("GET", collection_path),
        "get": ("GET", f"{collection_path}/:id"),
        "create": ("POST", collection_path),
        "update": ("PATCH", f"{collection_path}/:id"),
        "delete": ("DELETE", f"{collection_path}/:id"),
    }[operation]
    query = [{"key": "limit", "value": "20"}, {"key": "cursor", "value": ""}]
    request: dict[str, Any] = {
        "method": method,
        "url": _url(path, query if operation == "list" else [], number),
        "header": [{"key": "Accept", "value": "application/json"}],
        "description": f"{operation.title()} {kind} resources ({number}).",
    }
    if operation in ("create", "update"):
        body = _resource(number, kind)
        body.pop("id")
        request["body"] = {
            "mode": "raw",
            "raw": json.dumps(body, indent=2),
            "options": {"raw": {"language": "json"}},
        }
    response = _resource(number, kind)
    if operation == "list":
        response = {
            "data": [response, _resource(number + 1, kind)],
            "has_more": number % 2 == 0,
            "next_cursor": None if number % 2 else f"c{number}",
        }
    if number == 0 and changed:
        response[f"added_{changed}"] = changed
    examples = [_example("OK", 200 if operation != "create" else 201, response, request)]
    if operation == "delete":
        examples = [] if one_example else [_example("Deleted", 204, None, request)]
    if number % 5 == 3:
        examples.append(_example("Not found", 404, _error("not_found", number), request))
    return {
        "name": f"{operation.title()} {kind} {number}",
        "request": request,
        "response": examples,
    }


def _url(path: str, query: list[dict[str, str]], number: int) -> dict[str, Any]:
    raw = path + ("?" + "&".join(f"{q['key']}={q['value']}" for q in query) if query else "")
    segments = path.removeprefix("{{baseUrl}}/").split("/")
    url: dict[str, Any] = {"raw": raw, "host": ["{{baseUrl}}"], "path": segments}
    if query:
        url["query"] = query
    if any(segment.startswith(":") for segment in segments):
        url["variable"] = [{"key": "id", "value": f"{number}", "description": "The id."}]
    return url


def _resource(number: int, kind: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"{kind[:3]}_{number:06d}",
        "object": kind,
        "created_at": f"2026-0{1 + number % 9}-1{number % 10}T10:00:00Z",
        "status": STATUSES[number % 3],
        "name": f"{kind} number {number}",
        "amount": number * 3 + 0.5,
        "count": number % 17,
        "tags": [f"t{number % 4}", "common"],
        "owner": {"id": f"usr_{number % 50:04d}", "email": f"owner{number % 50}@example.com"},
        "links": {"self": f"https://api.example.com/v1/{kind}s/{number}", "related": None},
        "metadata": {f"key_{number % 7}": f"value {number}"},
    }
    body[f"{kind}_field_{number % 5}"] = number % 2 == 0
    return body


def _error(code: str, number: int) -> dict[str, Any]:
    return {"error": {"code": code, "message": f"No such resource: {number}", "status": 404}}


def _example(name: str, code: int, body: Any, request: dict[str, Any]) -> dict[str, Any]:
    example: dict[str, Any] = {
        "name": name,
        "code": code,
        "status": {200: "OK", 201: "Created", 204: "No Content", 404: "Not Found"}[code],
        "originalRequest": request,
        "header": [],
    }
    if body is not None:
        example["header"] = [{"key": "Content-Type", "value": "application/json"}]
        example["body"] = json.dumps(body, indent=2)
    return example


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(
        json.dumps(synthetic(size, shape=sys.argv[2] if len(sys.argv) > 2 else "areas"), indent=1)
    )
