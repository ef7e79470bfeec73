"""Black's layout of the bracketed constructs the templates write, where it is certain.

``black.format_str`` formats a second time whenever its first pass changed the text, so
rendered text that already is black's output costs half as much to format. Templates
describe a construct that may be too long for a line (a call, a collection, an import, a
signature, an assignment, an ``assert``) as a ``Brackets`` of already escaped pieces, and
``laid_out`` writes it as black does: on one line if it fits; else split at its last
brackets whose first line fits, their items on one line between them (a call's arguments,
when they fit) or one per line with a trailing comma.

Black has more rules than these (other operators, comments, nested brackets it may split
first). Where its choice is not certain, ``laid_out`` writes the construct on one line, with
no trailing comma, as the templates always did: black then lays it out, and its output is
the same. A trailing comma is written only where black writes one, as black keeps a
construct with one exploded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from generator.escaping import LITERAL

__all__ = ["LINE", "Brackets", "fits", "laid_out", "width"]

LINE = 88  # black's default, which generated code uses
Kind = Literal[
    "call", "collection", "import", "def", "parens", "operands", "annotation", "parameter"
]
Lines = list[str]
# An item black cannot split, its strings emptied: a literal, name or number, alone, as a
# keyword argument (``id="3"``), a dict item (``"id": id``) or the right operand of ``==``
# or ``/`` on a line of its own; no bracket, no other operator.
_UNSPLITTABLE = re.compile(r'(?:== |\| |/ |\w+=|(?:""|[\w.]+): )?(?:b?""|-?[\w.]+)')
_CLOSING = re.compile(r"[)\]}]")
# What a union annotation is split at: `` | `` outside brackets and string literals
_TOKENS = re.compile(
    rf"(?P<string>{LITERAL.pattern})|(?P<opening>[\[(])|(?P<closing>[\])])|(?P<bar> \| )"
)
# Wide characters black counts one column (combining marks, emoji skin-tone modifiers):
# with one, a construct may fit in black's count and not in ours.
_NARROW_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Sk"})


@dataclass(frozen=True)
class Brackets:
    """``head`` + items + ``tail``, where ``head`` ends with the opening bracket and ``tail``
    starts with the closing one; ``tail`` may go on with more brackets, called on the
    result (``f(a)(b)``: ``Brackets("f(", ["a"], Brackets(")(", ["b"], ")"))``).

    ``kind`` is how black splits it: a ``call`` (or subscript) keeps its arguments on one
    line when they fit; a ``collection`` (dict, list or tuple display) and an ``import``
    always have one item per line; a ``def``'s parameters are split even if its head stays
    too long. The other kinds have no brackets of their own, but optional parentheses
    black may add (as it does around an ``import``'s names):

    - ``parens``: one expression after ``name = `` or ``assert `` (the head): a literal, a
      call, or ``operands``, a comparison whose right operand is no bracket; its items are
      the operands, the second one with its operator (``["sent.method", '== "GET"']``);
    - ``annotation`` (of a class field) and ``parameter`` (of a method): the head is
      ``name: ``, the item the annotation; the tail a parameter's default and comma, or the
      ``parens`` of a field's value (``Brackets(" = ", ["UNSET"], kind="parens")``).
    """

    head: str
    items: Sequence[str | Brackets]
    tail: str | Brackets = ""
    kind: Kind = "call"

    @cached_property
    def flat(self) -> str:
        """The construct on one line."""
        separator = " " if self.kind == "operands" else ", "
        return self.head + separator.join(_flat(item) for item in self.items) + _flat(self.tail)


def width(text: str) -> int:
    """Columns ``text`` takes: two for a wide East Asian character, as black and ruff count
    them (but for the few that ``_overcounted`` finds)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def fits(text: str, indent: int = 0) -> bool:
    """Whether ``text`` fits in a line after ``indent`` columns."""
    return indent + width(text) <= LINE


def laid_out(node: str | Brackets, indent: int) -> str:
    """``node`` as black writes it at ``indent``: the first line without its indentation
    (the template writes it), the others with theirs; on one line where unsure."""
    flat = _flat(node)
    lines = None if _overcounted(flat) else _lines(node, indent, "")
    if lines is None:
        return flat
    return "\n".join(lines)[indent:]


def _lines(node: str | Brackets, indent: int, suffix: str) -> Lines | None:
    """The indented lines of ``node`` + ``suffix``, or None if black's choice is unsure."""
    flat = _flat(node) + suffix
    if fits(flat, indent):
        return [" " * indent + flat]
    if isinstance(node, str):
        return [" " * indent + flat] if _unsplittable(node) else None
    if _empty_call(node):
        return [" " * indent + flat]  # black does not split empty brackets
    if node.kind == "parens":
        return _parenthesized(node, indent, suffix)
    if node.kind == "operands":
        return _operands(node, indent, suffix)
    if node.kind in ("annotation", "parameter"):
        return _annotation(node, indent, suffix)
    return _right_hand_split(node, indent, suffix)


def _parenthesized(node: Brackets, indent: int, suffix: str) -> Lines | None:
    """An expression in black's optional parentheses: a call is split at its brackets, in
    the parentheses only if that makes every line fit; a comparison is split in them; a
    literal is put in them if that makes it fit, else left alone."""
    (item,) = node.items
    body = _lines(item, indent + 4, "")
    wrapped = None if body is None else _wrapped(node, body, indent, suffix)
    if isinstance(item, str):
        if fits(item, indent + 4):
            return wrapped
        return [" " * indent + node.flat + suffix] if _unsplittable(item) else None
    if item.kind == "operands":
        return wrapped
    if _empty_call(item):
        return _wrapped(node, [" " * (indent + 4) + item.flat], indent, suffix)
    split = _right_hand_split(_called(node), indent, suffix, frozen_tail=True)
    if split is None or fits(split[0]):
        return split
    return wrapped if wrapped is not None and all(fits(line) for line in wrapped) else split


def _empty_call(node: Brackets) -> bool:
    """A call without arguments (nor other brackets): it has nothing black can split."""
    return not node.items and node.tail == ")" and not _CLOSING.search(LITERAL.sub('""', node.head))


def _called(node: Brackets) -> Brackets:
    """``name = f(...)`` as the brackets of the call, its head starting with ``name = ``."""
    (item,) = node.items
    assert isinstance(item, Brackets)
    return Brackets(node.head + item.head, item.items, item.tail, item.kind)


def _annotation(node: Brackets, indent: int, suffix: str) -> Lines | None:
    """``name: annotation`` of a class field (``tail``: the ``parens`` of its value, if
    any) or of a ``parameter`` (``tail``: its default and comma). Black puts the annotation
    in parentheses if that makes it fit, split before each ``|`` of a union if need be; a
    parameter's annotation only if it is a union."""
    (annotation,) = node.items
    text = _flat(annotation)
    members = _members(text)
    if isinstance(node.tail, Brackets):
        return _field_value(node, members, indent, suffix)
    if len(members) > 1:
        return _annotation_wrapped(node, members, node.tail + suffix, indent)
    if node.kind == "parameter" or _CLOSING.search(LITERAL.sub('""', text)):
        return None  # black leaves it, or splits in its brackets
    if fits(text, indent + 4):
        return _annotation_wrapped(node, members, node.tail + suffix, indent)
    return [" " * indent + node.flat + suffix] if _unsplittable(text) else None


def _field_value(node: Brackets, members: list[str], indent: int, suffix: str) -> Lines | None:
    """``name: annotation = value``: black splits at the brackets of a call if their head
    line fits, else puts the value in parentheses if their line fits (and the target in
    one column less); else it puts a union annotation in parentheses."""
    assert isinstance(node.tail, Brackets)
    (value,) = node.tail.items
    target = node.head + _flat(node.items[0])
    pad = " " * indent
    if fits(target + " =", indent + 1) and fits(target + " = (", indent):
        if isinstance(value, Brackets) and value.kind == "call":
            call = Brackets(target + " = " + value.head, value.items, value.tail, value.kind)
            if not isinstance(value.tail, Brackets) and fits(call.head, indent):
                return _right_hand_split(call, indent, suffix, frozen_tail=True)
        body = _lines(value, indent + 4, "")
        return None if body is None else [f"{pad}{target} = (", *body, f"{pad}){suffix}"]
    rest = " = " + _flat(value) + suffix
    if len(members) > 1 and fits(node.head + "(", indent) and fits(")" + rest, indent):
        return _annotation_wrapped(node, members, rest, indent)
    return None


def _annotation_wrapped(node: Brackets, members: list[str], rest: str, indent: int) -> Lines | None:
    """``name: (``, the annotation (split before each ``|`` if it does not fit), ``) rest``."""
    operands = [members[0], *("| " + member for member in members[1:])]
    body = _lines(Brackets("", operands, kind="operands"), indent + 4, "")
    pad = " " * indent
    return None if body is None else [f"{pad}{node.head}(", *body, f"{pad}){rest}"]


def _members(annotation: str) -> list[str]:
    """The members of a union annotation: its text split at each `` | `` outside brackets."""
    members: list[str] = []
    depth = start = 0
    for match in _TOKENS.finditer(annotation):
        if match["opening"]:
            depth += 1
        elif match["closing"]:
            depth -= 1
        elif match["bar"] and depth == 0:
            members.append(annotation[start : match.start()])
            start = match.end()
    return [*members, annotation[start:]]


def _wrapped(node: Brackets, body: Lines, indent: int, suffix: str) -> Lines:
    """``head(``, the body lines, ``)tail``."""
    pad = " " * indent
    return [f"{pad}{node.head}(", *body, f"{pad}){_flat(node.tail)}{suffix}"]


def _operands(node: Brackets, indent: int, suffix: str) -> Lines | None:
    """A comparison black splits before its operator, each operand on a line."""
    *first, last = node.items
    return _joined([*(_lines(item, indent, "") for item in first), _lines(last, indent, suffix)])


def _right_hand_split(
    node: Brackets, indent: int, suffix: str, *, frozen_tail: bool = False
) -> Lines | None:
    """Black's split at the last brackets with items, or at earlier ones (while what follows
    them fits in a line) if only their head line fits; failing both, at the last ones.

    With ``frozen_tail`` (the construct is in optional parentheses), black cannot split the
    tail line: it holds the closing parenthesis without the opening one."""
    splits = list(_splits(node, indent, suffix))
    if not splits:
        return None
    head, brackets, tail = next(
        (split for split in splits if fits(_flat(split[0]), indent)), splits[0]
    )
    tail_lines = [" " * indent + _flat(tail)] if frozen_tail else _tail_lines(tail, indent)
    return _joined([_head_lines(head, indent), _body(brackets, indent + 4), tail_lines])


Split = tuple[str | Brackets, Brackets, str | Brackets]  # head line, brackets split, tail line


def _splits(node: Brackets, indent: int, suffix: str) -> Iterator[Split]:
    """The splits black tries, in its order: at each brackets with items, right to left,
    the last ones first, earlier ones while what follows them fits in a line."""
    if node.kind == "import":  # black splits at the parentheses it adds
        yield node.head + "(", node, ")" + _flat(node.tail) + suffix
        return
    chain = [node]
    while isinstance(chain[-1].tail, Brackets) and node.kind != "def":
        chain.append(chain[-1].tail)
    last = True
    for index in reversed(range(len(chain))):
        brackets = chain[index]
        rest = _flat(brackets.tail) + suffix
        if not last and indent + len(rest) > LINE:  # black counts characters here
            return
        if brackets.items:
            yield _head_of(chain, index), brackets, _tail_of(brackets.tail, suffix)
            last = False


def _head_of(chain: list[Brackets], index: int) -> str | Brackets:
    """The line up to the opening bracket of ``chain[index]``: text, or the brackets before."""
    head: str | Brackets = chain[index].head
    for brackets in reversed(chain[:index]):
        head = Brackets(brackets.head, brackets.items, head, brackets.kind)
    return head


def _tail_of(tail: str | Brackets, suffix: str) -> str | Brackets:
    """``tail`` with ``suffix`` (the comma after an item) at its very end."""
    if isinstance(tail, str):
        return tail + suffix
    return Brackets(tail.head, tail.items, _tail_of(tail.tail, suffix), tail.kind)


def _head_lines(head: str | Brackets, indent: int) -> Lines | None:
    """The head line; black cannot split one with no closed brackets, however long."""
    if isinstance(head, Brackets):
        return _lines(head, indent, "")
    if fits(head, indent) or not _CLOSING.search(LITERAL.sub('""', head)):
        return [" " * indent + head]
    return None


def _tail_lines(tail: str | Brackets, indent: int) -> Lines | None:
    """The tail line, split at its own brackets if it goes on with some."""
    if isinstance(tail, Brackets):
        return _lines(tail, indent, "")
    return [" " * indent + tail] if fits(tail, indent) else None


def _body(brackets: Brackets, indent: int) -> Lines | None:
    """The items: on one line if it fits (or if there is one), else one per line with a
    trailing comma; a collection's or import's several items always one per line."""
    items = brackets.items
    together = ", ".join(_flat(item) for item in items)
    one_per_line = (
        brackets.kind == "import"
        or (brackets.kind == "def" and len(items) == 1)  # black adds a trailing comma there
        or (len(items) > 1 and (brackets.kind == "collection" or not fits(together, indent)))
    )
    if one_per_line:
        return _joined([_lines(item, indent, ",") for item in items])
    if len(items) == 1:
        return _lines(items[0], indent, "")
    return [" " * indent + together]


def _joined(parts: list[Lines | None]) -> Lines | None:
    """The lines of every part, or None if any is unsure."""
    if any(lines is None for lines in parts):
        return None
    return [line for lines in parts if lines is not None for line in lines]


def _flat(node: str | Brackets) -> str:
    return node if isinstance(node, str) else node.flat


def _unsplittable(text: str) -> bool:
    """Whether black leaves ``text``, an item too long for its line, as it is."""
    return _UNSPLITTABLE.fullmatch(LITERAL.sub('""', text)) is not None


def _overcounted(text: str) -> bool:
    """Whether ``width`` counts two columns for a character of ``text`` that black counts
    one for: it could split a construct black keeps on one line."""
    return not text.isascii() and any(
        unicodedata.east_asian_width(char) in "WF"
        and unicodedata.category(char) in _NARROW_CATEGORIES
        for char in text
    )
