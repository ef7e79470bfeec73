"""Python annotations as objects: their text and what writing that text needs.

One writer, :func:`write`, turns an inferred type into an :class:`Annotation`; the models
package, the client's methods, the templates and ``postc inspect`` all read its result, so
a report and the generated code never disagree on a type. The object says what the text
reads (standard-library, runtime and model names), so imports are the union of the
annotations' names, never recovered from the generated text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.escaping import identifier, py_str
from generator.ir import (
    ClassRef,
    ListType,
    MapType,
    ObjectType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
    TypeVariant,
)

RUNTIME = "_runtime"  # the generated package's runtime module
BUILTINS = "builtins"
# Where each name an annotation may read comes from; any other name is a model class.
SOURCES: Mapping[str, str] = {
    name: source
    for source, names in (
        (BUILTINS, ("None", "bool", "bytes", "dict", "float", "int", "list", "str", "tuple")),
        ("datetime", ("date", "datetime", "time")),
        ("typing", ("Annotated", "Any", "Literal")),
        ("uuid", ("UUID",)),
        (RUNTIME, ("FileInput", "JsonValue", "Tag", "Unset")),
    )
    for name in names
}
_FORMAT_TYPES = {"date-time": "datetime", "date": "date", "time": "time", "uuid": "UUID"}

# How a name is written where the annotation stands (``models.Pet``, ``dt.date``)
Spell = Callable[[str], str]


@dataclass(frozen=True)
class Annotation:
    """An annotation's text and what it reads.

    ``names``: every name it reads, unqualified, once each, in order (``None`` is none:
    a keyword);
    ``reads``: the names its text reads bare (``models`` of ``models.Pet``), which a
    parameter of the same name would shadow; ``parts``: its top-level union members'
    texts; ``item``: a lone list's item annotation; ``needs_cast``: no class (a union, a
    ``Literal``, an ``Annotated``), so mypy needs a ``cast`` to take it as a type."""

    text: str
    names: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    item: Annotation | None = None
    needs_cast: bool = False

    def __str__(self) -> str:
        return self.text

    @property
    def nullable(self) -> bool:
        return "None" in self.parts

    @property
    def models(self) -> tuple[str, ...]:
        """The model classes it names."""
        return tuple(name for name in self.names if name not in SOURCES)

    @property
    def runtime(self) -> tuple[str, ...]:
        """The runtime names it reads (``JsonValue``, ``Tag``, ``FileInput``)."""
        return tuple(name for name in self.names if SOURCES.get(name) == RUNTIME)

    @property
    def stdlib(self) -> tuple[tuple[str, str], ...]:
        """(module, name) of each standard-library name it reads that needs an import."""
        return tuple(
            (source, name)
            for name in self.names
            if (source := SOURCES.get(name)) not in (None, BUILTINS, RUNTIME)
        )

    @property
    def model(self) -> str | None:
        """The model class, when the annotation is one class and nothing else."""
        return self.names[0] if len(self.parts) == 1 and self.models == self.names else None

    @property
    def scalar(self) -> str:
        """The first member of its union, or of its list's items' (``int`` of
        ``list[int | None]``): the Python type a saved value is written as."""
        return (self.item or self).parts[0]

    @property
    def or_none(self) -> Annotation:
        """This annotation, or None: an optional argument's."""
        return self if self.nullable else union((self, NONE))


def name(written: str, spell: Spell = str) -> Annotation:
    """One name (``str``, ``models.Pet``): ``spell`` writes it."""
    return _name(written, spell) if spell is not str else _plain_name(written)


@lru_cache(maxsize=4096)  # a plan has thousands of ``str`` and ``int`` parameters
def _plain_name(written: str) -> Annotation:
    return _name(written, str)


def _name(written: str, spell: Spell) -> Annotation:
    text = spell(written)
    return Annotation(text, (written,), (text.partition(".")[0],), (text,))


NONE = Annotation("None", (), ("None",), ("None",))  # a keyword: nothing to import


def union(members: Sequence[Annotation]) -> Annotation:
    """``A | B``; one member is itself."""
    if len(members) == 1:
        return members[0]
    parts = tuple(part for member in members for part in member.parts)
    return Annotation(
        " | ".join(member.text for member in members),
        _unique(n for member in members for n in member.names),
        _unique(n for member in members for n in member.reads),
        parts,
        needs_cast=True,
    )


def subscript(
    head: Annotation, arguments: Sequence[Annotation], *, needs_cast: bool = False
) -> Annotation:
    """``head[arguments]`` (``list[int]``, ``dict[str, Any]``)."""
    text = f"{head.text}[{', '.join(argument.text for argument in arguments)}]"
    members = (head, *arguments)
    item = arguments[0] if head.names == ("list",) else None
    return Annotation(
        text,
        _unique(n for member in members for n in member.names),
        _unique(n for member in members for n in member.reads),
        (text,),
        item,
        needs_cast,
    )


def list_of(item: Annotation, spell: Spell = str) -> Annotation:
    return subscript(name("list", spell), (item,))


def literal(cases: Iterable[str], spell: Spell = str) -> Annotation:
    """``Literal["a", "b"]``: a closed set of strings."""
    head = name("Literal", spell)
    text = f"{head.text}[{', '.join(py_str(case) for case in cases)}]"
    return Annotation(text, head.names, head.reads, (text,), needs_cast=True)


def write(expr: TypeExpr, spell: Spell = str, *, optional: bool = False) -> Annotation:
    """The annotation of a value of type ``expr`` (no variants: ``Any``); ``optional``: a
    field that may be absent (``| Unset``). Each name goes through ``spell``, which may
    qualify it; a tagged union is ``Annotated[A | B | dict[str, Any], Tag("type")]``, as the
    runtime needs to choose the class by its tag."""
    members = [_variant(variant, spell) for variant in expr.variants] or [name("Any", spell)]
    if optional:
        members.append(name("Unset", spell))
    if expr.nullable:
        members.append(NONE)
    return union(members)


def qualified(expr: TypeExpr, prefix: str = "") -> Annotation:
    """:func:`write` outside the models package: model names get ``prefix`` (``models.``
    gives ``list[models.Pet]``)."""
    return write(expr, partial_spell(prefix))


def annotation(expr: TypeExpr, prefix: str = "") -> str:
    """The text of :func:`qualified`: what reports (``postc inspect``) show."""
    return qualified(expr, prefix).text


@lru_cache(maxsize=64)
def partial_spell(prefix: str) -> Spell:
    """Model names (any name not in ``SOURCES``) written after ``prefix``."""

    def spell(written: str) -> str:
        return written if written in SOURCES else prefix + identifier(written)

    return spell


def _variant(variant: TypeVariant, spell: Spell) -> Annotation:
    if isinstance(variant, ScalarType):
        if variant.enum:
            return union((literal(variant.enum, spell), name("str", spell)))
        return name(_FORMAT_TYPES.get(variant.format or "", variant.kind), spell)
    if isinstance(variant, ListType):
        return list_of(write(variant.items, spell), spell)
    if isinstance(variant, MapType):
        return subscript(name("dict", spell), (name("str", spell), write(variant.values, spell)))
    if isinstance(variant, TupleType):
        return subscript(name("tuple", spell), [write(item, spell) for item in variant.items])
    if isinstance(variant, TaggedUnion):
        return _tagged(variant, spell)
    return _class(variant, spell)


def _tagged(variant: TaggedUnion, spell: Spell) -> Annotation:
    classes = {(made := _class(target, spell)).text: made for _, target in variant.variants}
    plain = subscript(name("dict", spell), (name("str", spell), name("Any", spell)))
    tag = name("Tag", spell)
    call = Annotation(f"{tag.text}({py_str(variant.tag)})", tag.names, tag.reads)
    members = union([*classes.values(), plain])
    return subscript(name("Annotated", spell), (members, call), needs_cast=True)


def _class(variant: ClassRef | ObjectType, spell: Spell) -> Annotation:
    """A model class; an object before naming only in reports of unnamed types."""
    if isinstance(variant, ClassRef) or variant.name:
        return name(variant.name or "", spell)
    text = f"<object {variant.hint}>" if variant.hint else "<object>"
    return Annotation(text, parts=(text,))


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
