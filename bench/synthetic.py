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

    .venv/bin/python bench/synthetic.py 1000 > collection.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
PER_FOLDER = 10
FOLDERS_PER_GROUP = 10
KINDS = ("user", "order", "invoice", "product", "ticket", "webhook", "report", "device")
STATUSES = ("active", "pending", "archived")


def synthetic(requests: int, changed: int = 0) -> dict[str, Any]:
    """A collection of ``requests`` requests; ``changed`` > 0 varies request 0's example."""
    groups: list[dict[str, Any]] = []
    for start in range(0, requests, PER_FOLDER):
        folder_number = start // PER_FOLDER
        group_number = folder_number // FOLDERS_PER_GROUP
        if group_number == len(groups):
            groups.append({"name": f"Area {group_number}", "item": []})
        kind = KINDS[folder_number % len(KINDS)]
        items = [
            _request(number, kind, changed)
            for number in range(start, min(start + PER_FOLDER, requests))
        ]
        groups[group_number]["item"].append(
            {
                "name": f"{kind.title()}s {folder_number}",
                "description": f"Manage {kind}s (set {folder_number}).",
                "item": items,
            }
        )
    return {
        "info": {"name": "Synthetic API", "schema": V21, "description": "A synthetic API."},
        "item": groups,
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        "variable": [
            {"key": "baseUrl", "value": "https://api.example.com"},
            {"key": "token", "value": ""},
        ],
    }


def _request(number: int, kind: str, changed: int) -> dict[str, Any]:
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
        examples = [_example("Deleted", 204, None, request)]
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
    print(json.dumps(synthetic(int(sys.argv[1]) if len(sys.argv) > 1 else 1000), indent=1))
