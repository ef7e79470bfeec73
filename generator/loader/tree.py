"""The item tree: folders at any depth, built without recursion.

A node is a folder when its ``item`` key is truthy in JavaScript terms (an empty list
counts), exactly the SDK's test. Each request's effective auth is resolved on the way
down: its own, else the nearest folder's, else the collection's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.ir import Auth, Diagnostic, Endpoint, Folder
from generator.loader.auth import parse_auth
from generator.loader.requests import parse_events, parse_examples, parse_request
from generator.loader.urls import path_template
from generator.loader.values import description_text

Node = Folder | Endpoint


@dataclass
class _Frame:
    """A folder being built: its JSON, where it sits, and the children built so far."""

    node: Mapping[str, object]
    path: str
    names: tuple[str, ...]
    auth: Auth | None
    declared_auth: Auth | None
    children: list[tuple[str, dict[str, object]]]
    built: list[Node] = field(default_factory=list)
    next_child: int = 0


def build_items(
    root: Mapping[str, object], root_auth: Auth | None, warnings: list[Diagnostic]
) -> tuple[Node, ...]:
    """The collection's items as Folder and Endpoint trees, in document order."""
    stack = [_Frame(root, "", (), root_auth, root_auth, _children(root, "", warnings))]
    while True:
        frame = stack[-1]
        if frame.next_child < len(frame.children):
            path, child = frame.children[frame.next_child]
            frame.next_child += 1
            if _is_folder(child):
                stack.append(_folder_frame(child, path, frame, warnings))
            elif "request" in child:
                frame.built.append(_endpoint(child, path, frame, warnings))
            else:
                warnings.append(Diagnostic(path, "neither a request nor a folder, skipped"))
            continue
        stack.pop()
        if not stack:
            return tuple(frame.built)
        stack[-1].built.append(
            Folder(
                name=_name(frame.node),
                items=tuple(frame.built),
                json_path=frame.path,
                description=description_text(frame.node.get("description")),
                auth=frame.declared_auth,
                events=parse_events(frame.node.get("event"), f"{frame.path}.event", warnings),
            )
        )


def _is_folder(node: dict[str, object]) -> bool:
    value = node.get("item")
    return isinstance(value, list | dict) or bool(value)


def _children(
    node: Mapping[str, object], path: str, warnings: list[Diagnostic]
) -> list[tuple[str, dict[str, object]]]:
    items_path = f"{path}.item" if path else "item"
    items = node.get("item")
    if items is None:
        return []
    if not isinstance(items, list):
        warnings.append(Diagnostic(items_path, "expected a list of items, ignored"))
        return []
    children = []
    for index, child in enumerate(items):
        child_path = f"{items_path}[{index}]"
        if isinstance(child, dict):
            children.append((child_path, child))
        else:
            warnings.append(Diagnostic(child_path, "expected an item object, skipped"))
    return children


def _folder_frame(
    node: dict[str, object], path: str, parent: _Frame, warnings: list[Diagnostic]
) -> _Frame:
    declared = parse_auth(node.get("auth"), f"{path}.auth", warnings)
    return _Frame(
        node=node,
        path=path,
        names=(*parent.names, _name(node)),
        auth=declared if declared is not None else parent.auth,
        declared_auth=declared,
        children=_children(node, path, warnings),
    )


def _endpoint(
    node: dict[str, object], path: str, parent: _Frame, warnings: list[Diagnostic]
) -> Endpoint:
    request = parse_request(node.get("request"), f"{path}.request", warnings)
    item_id = node.get("id", node.get("_postman_id"))
    description = description_text(node.get("description")) or request.description
    return Endpoint(
        name=_name(node) or f"{request.method} {path_template(request.url)}",
        folders=parent.names,
        request=request,
        auth=request.auth if request.auth is not None else parent.auth,
        examples=parse_examples(node.get("response"), f"{path}.response", warnings),
        json_path=path,
        id=item_id if isinstance(item_id, str) else None,
        description=description,
        events=parse_events(node.get("event"), f"{path}.event", warnings),
    )


def _name(node: Mapping[str, object]) -> str:
    name = node.get("name")
    return name if isinstance(name, str) else ""
