"""The collection's text with recorded examples added, byte-for-byte the same elsewhere.

``postc record`` must not reformat a file a team keeps under version control: the diff of
a recording is the examples it adds. So the file is not parsed and dumped again; it is
scanned once (``generator.record.spans``) for where each value stands, and only each
recorded item's ``response`` array is edited: a recorded example (``RECORDED_MARKER``) of
the same name is replaced in place, a new one appended, hand-saved ones kept where they
are. New text is laid out like the text around it (indent unit, line ending, separators,
``\\uXXXX`` escapes, UTF-8 BOM and encoding). docs/record-examples.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.errors import InputError
from generator.ir import JsonValue
from generator.loader.lenient_json import JsonSyntaxError, loads_strict
from generator.loader.source import detect_encoding
from generator.record.spans import Node, scan

RECORDED_MARKER = "_postc_recorded"
"""The key (``true``) that tells a recorded example from a hand-saved one."""

Edit = tuple[int, int, str]  # replace text[start:end] by the string


@dataclass(frozen=True)
class _Layout:
    """How the document writes JSON: its line ending, indent unit ("" when minified), the
    text between a key and its value, and whether non-ASCII text is escaped."""

    newline: str
    unit: str
    key_separator: str
    ascii_only: bool
    item_separator: str = ","

    def render(self, value: JsonValue, indent: str) -> str:
        """``value`` as JSON text starting at a line indented by ``indent``."""
        if not self.unit:
            return json.dumps(
                value,
                ensure_ascii=self.ascii_only,
                separators=(self.item_separator, self.key_separator),
            )
        text = json.dumps(
            value,
            ensure_ascii=self.ascii_only,
            indent=self.unit,
            separators=(",", self.key_separator),
        )
        return text.replace("\n", self.newline + indent)

    def line(self, indent: str) -> str:
        """What starts a new line at ``indent`` (nothing in a minified document)."""
        return self.newline + indent if self.unit else ""


class CollectionText:
    """The collection file's text, parsed once with the position of every value."""

    def __init__(self, text: str, name: str, encoding: str, bom: bytes, root: Node) -> None:
        self.text, self.name, self.encoding, self.bom = text, name, encoding, bom
        self._root = root
        self._layout = _layout(text, root)

    @classmethod
    def parse(cls, data: bytes, name: str) -> CollectionText:
        """The text of ``data``, the file ``name``; InputError naming it when it is not JSON."""
        encoding, bom_length = detect_encoding(data)
        try:
            text = data[bom_length:].decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError.at(
                name, "", f"not valid {encoding.upper()} text: {error.reason}"
            ) from None
        root = scan(text, name)
        wrapped = root.member("collection")
        if wrapped is not None and wrapped.kind == "{" and not root.has("info", "item"):
            root = wrapped
        return cls(text, name, encoding, data[:bom_length], root)

    def request(self, endpoint: str) -> JsonValue:
        """The raw ``request`` value of the item at ``endpoint`` (``item[1].item[0]``)."""
        found = self._item(endpoint).member("request")
        if found is None:
            raise InputError.at(self.name, endpoint, "the item has no request")
        try:
            return loads_strict(self.text[found.start : found.end])
        except JsonSyntaxError as error:  # cannot happen after ``scan``; said plainly
            raise InputError.at(self.name, f"{endpoint}.request", error.message) from None

    def with_examples(self, examples: Mapping[str, Sequence[JsonValue]]) -> bytes:
        """The whole file with each item's recorded examples put in its ``response`` array
        (keyed by the item's JSON path), everything else byte-for-byte as read."""
        edits = [
            edit
            for endpoint in sorted(examples)
            if examples[endpoint]
            for edit in self._edits(self._item(endpoint), examples[endpoint])
        ]
        pieces: list[str] = []
        position = 0
        for start, end, new in sorted(edits):  # apart from each other: joined in one pass
            pieces += (self.text[position:start], new)
            position = end
        pieces.append(self.text[position:])
        return self.bom + "".join(pieces).encode(self.encoding)

    def _item(self, endpoint: str) -> Node:
        node: Node | None = self._root.at_path(endpoint)
        if node is None or node.kind != "{":
            raise InputError.at(self.name, endpoint, "no such item in the collection")
        return node

    def _edits(self, item: Node, examples: Sequence[JsonValue]) -> list[Edit]:
        """The edits that put ``examples`` in ``item``'s ``response`` array."""
        responses = item.member("response")
        if responses is None:
            _, last_key, _, last = item.members[-1]
            indent = self._indent(last_key)
            array = self._array(examples, indent)
            member = self._layout.line(indent) + '"response"' + self._layout.key_separator
            return [(last.end, last.end, self._separator + member + array)]
        if not responses.items:  # empty, null or not an array: a new array
            indent = self._indent(item.key_start("response"))
            return [(responses.start, responses.end, self._array(examples, indent))]
        return self._array_edits(responses, examples)

    def _array_edits(self, responses: Node, examples: Sequence[JsonValue]) -> list[Edit]:
        """Recorded examples of the same name replaced in place, the others appended."""
        recorded: dict[str, Node] = {}
        for element in responses.items:
            name = self._recorded_name(element)
            if name is not None:
                recorded.setdefault(name, element)
        indent = self._indent(responses.items[0].start)
        edits: list[Edit] = []
        appended: list[str] = []
        for example in examples:
            label = example.get("name") if isinstance(example, dict) else None
            earlier = recorded.pop(label, None) if isinstance(label, str) else None
            rendered = self._layout.render(example, indent)
            if earlier is None:
                appended.append(self._separator + self._layout.line(indent) + rendered)
            else:
                edits.append((earlier.start, earlier.end, rendered))
        end = responses.items[-1].end
        return [*edits, (end, end, "".join(appended))] if appended else edits

    def _recorded_name(self, element: Node) -> str | None:
        """The name of a recorded example (one with ``RECORDED_MARKER``), else None."""
        if element.kind != "{":
            return None
        marker, name = element.member(RECORDED_MARKER), element.member("name")
        if marker is None or name is None or self.text[marker.start : marker.end] != "true":
            return None
        value = loads_strict(self.text[name.start : name.end])
        return value if isinstance(value, str) else None

    def _array(self, examples: Sequence[JsonValue], indent: str) -> str:
        """A new array of ``examples`` for a member whose line is indented by ``indent``."""
        inner = indent + self._layout.unit
        parts = [self._layout.line(inner) + self._layout.render(e, inner) for e in examples]
        return "[" + self._separator.join(parts) + self._layout.line(indent) + "]"

    @property
    def _separator(self) -> str:
        return self._layout.item_separator if not self._layout.unit else ","

    def _indent(self, position: int) -> str:
        """The white space that starts the line of ``position``."""
        start = self.text.rfind("\n", 0, position) + 1
        end = start
        while end < position and self.text[end] in " \t":
            end += 1
        return self.text[start:end]


def _layout(text: str, root: Node) -> _Layout:
    """The document's own way of writing JSON, read from its root's first member."""
    newline = "\r\n" if "\r\n" in text else "\n"
    unit, key_separator = "", ": "
    if root.members:
        _, key_start, key_end, value = root.members[0]
        key_separator = text[key_end : value.start]
        line_start = text.rfind("\n", 0, key_start) + 1
        if line_start:
            unit = text[line_start:key_start]
    item_separator = ","
    if not unit and len(root.members) > 1:
        item_separator = text[root.members[0][3].end : root.members[1][1]]
    ascii_only = text.isascii() and "\\u" in text
    return _Layout(newline, unit, key_separator, ascii_only, item_separator)
