"""The annotation object: its text, and what it says the text reads (its imports).

The object is what imports are collected from (``generator.emit.project``), so each of
its claims is checked against the text itself, parsed by Python: for any type, the names
the text reads bare are ``reads``, the models it names are ``models``, and ``nullable``,
``needs_cast`` and ``item`` say what the text is.
"""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.annotations import (
    NONE,
    SOURCES,
    Annotation,
    list_of,
    literal,
    qualified,
    union,
    write,
)
from generator.annotations import name as named
from generator.ir import (
    ClassRef,
    ListType,
    MapType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
)

M = "models."
DATE = TypeExpr((ScalarType("str", format="date"),))


def one(variant: object, nullable: bool = False) -> TypeExpr:
    return TypeExpr((variant,), nullable)  # type: ignore[arg-type]


def test_a_nested_union_reads_every_name_once_in_order() -> None:
    expr = one(
        MapType(
            TypeExpr(
                (ListType(one(ClassRef("Pet"), nullable=True)), ScalarType("int")),
                nullable=True,
            )
        )
    )
    made = qualified(expr, M)
    assert made.text == "dict[str, list[models.Pet | None] | int | None]"
    assert made.names == ("dict", "str", "list", "Pet", "int")
    assert made.reads == ("dict", "str", "list", "models", "None", "int")
    assert made.models == ("Pet",)
    assert made.stdlib == () and made.runtime == ()
    assert not made.nullable and not made.needs_cast  # the None is inside the dict
    assert made.model is None and made.item is None


def test_a_literal_imports_typing_and_quotes_its_cases() -> None:
    made = qualified(one(ScalarType("str", enum=('a"b', "c"))), M)
    assert made.text == 'Literal[\'a"b\', "c"] | str'
    assert made.stdlib == (("typing", "Literal"),)
    assert made.needs_cast  # a union: no class
    assert literal(["x"]).needs_cast and literal(["x"]).parts == ('Literal["x"]',)
    assert made.scalar == 'Literal[\'a"b\', "c"]'


def test_a_tagged_union_needs_annotated_and_the_runtime_tag() -> None:
    union_type = TaggedUnion(
        "kind", (("a", ClassRef("A")), ("b", ClassRef("B")), ("c", ClassRef("A")))
    )
    made = qualified(one(ListType(one(union_type))), M)
    assert made.text == ('list[Annotated[models.A | models.B | dict[str, Any], Tag("kind")]]')
    assert set(made.stdlib) == {("typing", "Annotated"), ("typing", "Any")}
    assert made.runtime == ("Tag",)
    assert made.models == ("A", "B")
    assert made.item is not None and made.item.needs_cast  # the list is a class; its item not
    assert not made.needs_cast


def test_formats_import_from_their_modules() -> None:
    expr = one(TupleType((DATE, one(ScalarType("str", format="uuid")))), nullable=True)
    made = qualified(expr)
    assert made.text == "tuple[date, UUID] | None"
    assert made.stdlib == (("datetime", "date"), ("uuid", "UUID"))
    assert made.nullable and made.needs_cast and made.or_none is made


def test_a_spelling_qualifies_names_but_not_what_they_are() -> None:
    """The models package writes ``dt.date`` where a field shadows ``date``: the object still
    says it reads ``date`` of ``datetime``, and the text reads ``dt``."""
    spelled = {"date": "dt.date", "list": "builtins.list"}
    made = write(one(ListType(DATE)), lambda n: spelled.get(n, n), optional=True)
    assert made.text == "builtins.list[dt.date] | Unset"
    assert made.names == ("list", "date", "Unset")
    assert made.reads == ("builtins", "dt", "Unset")
    assert made.runtime == ("Unset",)


def test_one_model_is_a_model_and_a_body_may_be_it_or_plain_json() -> None:
    pet = qualified(one(ClassRef("Pet")), M)
    assert pet.model == "Pet" and pet.text == "models.Pet" and not pet.needs_cast
    assert qualified(one(ScalarType("str"))).model is None  # str is no model class
    assert qualified(one(ClassRef("Pet"), nullable=True), M).model is None
    assert union((pet, NONE)).or_none.text == "models.Pet | None"
    assert named("str").or_none.text == "str | None"


def test_a_list_knows_its_item_and_its_scalar() -> None:
    made = list_of(union((named("int"), NONE)))
    assert made.text == "list[int | None]"
    assert made.item is not None and made.item.text == "int | None"
    assert made.scalar == "int"


# --- every claim of the object against the text, for any type -------------------------------

_CLASSES = st.sampled_from(["Pet", "Owner", "date_like", "A1"])
_SCALARS = st.builds(
    ScalarType,
    st.sampled_from(["str", "int", "float", "bool"]),
    st.sampled_from([None, "date", "date-time", "time", "uuid", "uri"]),
    st.lists(st.text(max_size=4), max_size=2, unique=True).map(tuple),
)
_TAGGED = st.builds(
    TaggedUnion,
    st.just("type"),
    st.lists(st.tuples(st.text(max_size=3), _CLASSES.map(ClassRef)), min_size=1, max_size=3).map(
        tuple
    ),
)


def _types(leaf: st.SearchStrategy[object]) -> st.SearchStrategy[TypeExpr]:
    return st.builds(
        TypeExpr,
        st.lists(leaf, max_size=3).map(tuple),
        st.booleans(),
    )


_EXPRS: st.SearchStrategy[TypeExpr] = st.recursive(
    _types(st.one_of(_SCALARS, _CLASSES.map(ClassRef), _TAGGED)),
    lambda inner: _types(
        st.one_of(
            inner.map(ListType),
            inner.map(MapType),
            st.lists(inner, min_size=1, max_size=2).map(lambda items: TupleType(tuple(items))),
        )
    ),
    max_leaves=8,
)


def _read(text: str) -> tuple[set[str], set[str]]:
    """The names ``text`` reads bare, and the attributes it reads of ``models``."""
    tree = ast.parse(text, mode="eval")
    bare = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    bare |= {
        "None" for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value is None
    }
    models = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    return bare, models


def _top_level(text: str) -> int:
    """How many members the text's top-level union has."""
    node = ast.parse(text, mode="eval").body
    count = 1
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        count, node = count + 1, node.left
    return count


@settings(max_examples=300, deadline=None)
@given(_EXPRS)
def test_the_object_says_what_its_text_reads(expr: TypeExpr) -> None:
    made = qualified(expr, M)
    bare, models = _read(made.text)
    assert set(made.reads) == bare
    assert set(made.models) == models
    sources = {n: SOURCES.get(n) for n in bare}
    assert set(made.stdlib) == {
        (s, n) for n, s in sources.items() if s not in (None, "builtins", "_runtime")
    }
    assert set(made.runtime) == {n for n, s in sources.items() if s == "_runtime"}
    assert made.nullable == expr.nullable
    assert len(made.parts) == _top_level(made.text)
    head = ast.parse(made.text, mode="eval").body
    subscripted = ""
    if isinstance(head, ast.Subscript) and isinstance(head.value, ast.Name):
        subscripted = head.value.id
    special = subscripted in ("Literal", "Annotated")
    assert made.needs_cast == (len(made.parts) > 1 or special)
    assert (made.item is not None) == (subscripted == "list" and len(made.parts) == 1)


def test_no_emitter_recovers_imports_from_annotation_text() -> None:
    """Imports come from the objects: no module of ``generator/emit`` searches generated text
    for a name with a regular expression (``re.search(rf"\\b{name}\\b", code)``) or tests
    annotation text for a model (``"models." in ...``)."""
    emit = Path(__file__).resolve().parents[1] / "generator" / "emit"
    for path in sorted(emit.glob("*.py")):
        source = path.read_text("utf-8")
        assert 'rf"\\b{' not in source, path.name
        assert '"models." in' not in source, path.name
        assert "_READ_NAME" not in source, path.name


def test_annotation_is_plain_data() -> None:
    """A rendering is cached under its context's pickle: the object must pickle, and two
    equal types give equal objects."""
    import pickle

    made = qualified(one(ListType(one(ClassRef("Pet")))), M)
    assert pickle.loads(pickle.dumps(made)) == made
    assert qualified(one(ListType(one(ClassRef("Pet")))), M) == made
    assert isinstance(made, Annotation) and str(made) == made.text
