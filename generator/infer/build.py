"""``infer_unit``: one unit's example bodies to one TypeExpr.

Three passes, none recursive, so no document is too deep for them:

1. top-down, with an explicit stack: each position (a JSON path) receives every value
   found there, counts them, decides its structure (class, map, tagged union, list,
   tuple) and hands its children their values;
2. across all positions: string formats and open enums (an enum may need a case set
   that recurs at another path);
3. bottom-up over the positions in reverse discovery order: the TypeExpr of each.

Each value is counted once at its position and handed once to a child, so the time is
linear in the total size of the documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from generator.infer.arrays import tuple_length
from generator.infer.canonical import canonical_order, scalar_text
from generator.infer.enums import EnumCandidate, candidate, decide
from generator.infer.evidence import (
    ArrayOccurrence,
    KeyStats,
    ObjectOccurrence,
    Occurrence,
    kind_of,
)
from generator.infer.maps import additional_keys, strong_map_rule, weak_map_rule
from generator.infer.overrides import OverrideIndex, forced_type
from generator.infer.paths import ROOT, items_path, key_path, tuple_path, values_path
from generator.infer.shared import SharedString, SharedStrings
from generator.infer.strings import StringEvidence
from generator.infer.unions import tagged_split
from generator.ir import (
    FieldEvidence,
    FieldType,
    JsonValue,
    ListType,
    MapType,
    ObjectType,
    Override,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
    TypeVariant,
)

MAX_DEPTH = 64  # containers nested deeper than this below the body are typed as any
MAX_SAMPLES = 3
SAMPLE_LENGTH = 64
MAX_SHARED_LEAVES = 4096  # distinct scalar types kept for sharing (see _shared)
_LEAVES: dict[TypeExpr, TypeExpr] = {}


def infer_unit(
    documents: Sequence[JsonValue],
    *,
    hint: str,
    overrides: Sequence[Override] = (),
    variables: Mapping[str, str] = MappingProxyType({}),
    requests: bool = False,
    shared: SharedStrings = MappingProxyType({}),
) -> TypeExpr:
    """The type every document of the unit has; the same whatever order they come in.

    ``requests``: the documents are request bodies, so a field seen in one object only is
    optional (docs/inference.md §3: one saved body shows what one caller chose to send).
    ``shared``: what the same keys show in the other bodies of the endpoint family
    (``generator.infer.shared``), taken where this unit's own values agree.
    """
    root = _Node(ROOT, hint, None, 0, list(enumerate(canonical_order(documents))))
    return _Inference(OverrideIndex(overrides), variables, requests, shared).run(root)


@dataclass
class _Node:
    """One position: its values while pending, then their counts and its decisions."""

    path: str
    hint: str  # naming context: the JSON key, the array's key for items, or the unit's hint
    key: str | None  # for rules reading key names: the key, or the array's key for items
    depth: int
    values: list[Occurrence]
    keyed: bool = False  # the value of a key (not an item, a map value or the body)
    parent: str = ""  # the path of the position holding this one
    # the key of the object holding this one, for evidence shared by key; None below a map,
    # whose keys are data
    context: str | None = ""
    kinds: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    samples: tuple[str, ...] = ()
    strings: StringEvidence | None = None
    shape: _Class | _Map | _Union | None = None
    array: _List | _Tuple | None = None
    too_deep: bool = False
    format: str | None = None
    enum: tuple[str, ...] = ()
    result: TypeExpr = field(default_factory=TypeExpr)


@dataclass
class _Class:
    parents: int
    fields: list[tuple[str, _Node]]


@dataclass
class _Map:
    values: _Node


@dataclass
class _Union:
    tag: str
    variants: list[tuple[str, _Class]]


@dataclass
class _List:
    items: _Node


@dataclass
class _Tuple:
    items: list[_Node]


class _Inference:
    def __init__(
        self,
        overrides: OverrideIndex,
        variables: Mapping[str, str],
        requests: bool,
        shared: SharedStrings,
    ) -> None:
        self.overrides = overrides
        self.variables = variables
        self.requests = requests
        self.shared = shared

    def run(self, root: _Node) -> TypeExpr:
        order: list[_Node] = []
        stack = [root]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(self._expand(node))
        self._decide_strings(order)
        for node in reversed(order):
            node.result = self._assemble(node)
        return root.result

    # --- pass 1: counts and structure ---------------------------------------------------

    def _expand(self, node: _Node) -> list[_Node]:
        objects, arrays = self._scan(node)
        node.values = []
        rule = self.overrides.at(node.path)
        if rule is not None and rule.type is not None:
            return []
        if (objects or arrays) and node.depth >= MAX_DEPTH:
            node.too_deep = True
            return []
        children: list[_Node] = []
        if objects or _object_placeholders(node):
            node.shape = self._plan_objects(node, objects, rule)
            children.extend(_shape_children(node.shape))
        if arrays:
            node.array = self._plan_arrays(node, arrays)
            children.extend(_array_children(node.array))
        return children

    def _scan(self, node: _Node) -> tuple[list[ObjectOccurrence], list[ArrayOccurrence]]:
        strings: StringEvidence | None = None  # most positions hold no strings
        documents: set[int] = set()
        samples: list[str] = []
        objects: list[ObjectOccurrence] = []
        arrays: list[ArrayOccurrence] = []
        for document, value in node.values:
            node.kinds[kind_of(value)] += 1
            documents.add(document)
            if isinstance(value, dict):
                objects.append((document, value))
            elif isinstance(value, list):
                arrays.append((document, value))
            else:
                if isinstance(value, str):
                    if strings is None:
                        strings = StringEvidence(self.variables)
                    strings.add(value, document)
                if len(samples) < MAX_SAMPLES:
                    sample = scalar_text(value)[:SAMPLE_LENGTH]
                    if sample not in samples:
                        samples.append(sample)
        node.strings = strings
        node.documents = len(documents)
        node.samples = tuple(samples)
        return objects, arrays

    def _plan_objects(
        self, node: _Node, objects: list[ObjectOccurrence], rule: Override | None
    ) -> _Class | _Map | _Union:
        stats = KeyStats.of(obj for _, obj in objects)
        kind = rule.kind if rule is not None else None
        if kind == "map" or (kind is None and strong_map_rule(stats)):
            return self._map(node, objects)
        if kind is None:
            split = tagged_split(stats, objects)
            if split is not None:
                tag, groups = split
                return _Union(
                    tag,
                    [
                        (value, self._class(node, group, KeyStats.of(obj for _, obj in group)))
                        for value, group in groups.items()
                    ],
                )
            if weak_map_rule(node.key if node.keyed else None, stats, objects):
                return self._map(node, objects)
        return self._class(node, objects, stats)

    def _map(self, node: _Node, objects: list[ObjectOccurrence]) -> _Map:
        values = [(document, value) for document, obj in objects for value in obj.values()]
        return _Map(_child(node, values_path(node.path), node.hint, None, values, in_map=True))

    def _class(self, node: _Node, objects: list[ObjectOccurrence], stats: KeyStats) -> _Class:
        made_up = additional_keys(stats.order)
        keys = [key for key in stats.order if key not in made_up] or stats.order
        buckets: dict[str, list[Occurrence]] = {key: [] for key in keys}
        for document, obj in objects:
            for key, value in obj.items():
                bucket = buckets.get(key)
                if bucket is not None:
                    bucket.append((document, value))
        fields = [
            (key, _child(node, key_path(node.path, key), key, key, buckets[key], keyed=True))
            for key in keys
        ]
        return _Class(stats.instances, fields)

    def _plan_arrays(self, node: _Node, arrays: list[ArrayOccurrence]) -> _List | _Tuple:
        length = tuple_length(arrays)
        if length is not None:
            return _Tuple(
                [
                    _child(
                        node,
                        tuple_path(node.path, index),
                        node.hint,
                        node.key,
                        [(document, array[index]) for document, array in arrays],
                    )
                    for index in range(length)
                ]
            )
        items = [(document, item) for document, array in arrays for item in array]
        return _List(_child(node, items_path(node.path), node.hint, node.key, items))

    # --- pass 2: formats and enums --------------------------------------------------------

    def _decide_strings(self, order: list[_Node]) -> None:
        candidates: list[EnumCandidate] = []
        owners: list[_Node] = []
        for node in order:
            if node.strings is None:
                continue
            node.format = node.strings.format(node.key) or self._shared_format(node)
            found = candidate(node.parent, node.key, node.strings) if not node.format else None
            if found is not None:
                candidates.append(found)
                owners.append(node)
        for node, cases in zip(owners, decide(candidates), strict=True):
            node.enum = cases or ()
        for node in order:
            if node.strings is not None and not node.format and not node.enum:
                node.enum = self._shared_enum(node)

    def _shared(self, node: _Node) -> SharedString | None:
        """What the endpoint family decided at the node's key and context, if anything."""
        if node.key is None or node.context is None:
            return None
        return self.shared.get((node.context, node.key))

    def _shared_format(self, node: _Node) -> str | None:
        """The family's format for this key, when every value here has it too."""
        found = self._shared(node)
        strings = node.strings
        if found is None or found.format is None or strings is None:
            return None
        return found.format if strings.admits(found.format) else None

    def _shared_enum(self, node: _Node) -> tuple[str, ...]:
        """The family's enum cases for this key, when they hold every value seen here."""
        found = self._shared(node)
        strings = node.strings
        if found is None or strings is None or not strings.cases or strings.too_many_cases:
            return ()
        return found.enum if set(strings.cases) <= set(found.enum) else ()

    # --- pass 3: types --------------------------------------------------------------------

    def _assemble(self, node: _Node) -> TypeExpr:
        rule = self.overrides.at(node.path)
        nullable = node.kinds["null"] > 0
        if rule is not None and rule.nullable is not None:
            nullable = rule.nullable
        forced = forced_type(rule, nullable)
        if forced is not None:
            return _with_enum(forced, rule)
        if node.too_deep:
            return TypeExpr()
        counts = _variant_counts(node)
        ordered = sorted(counts, key=lambda kind: (-counts[kind], kind))
        variants = tuple(self._variant(node, kind, rule) for kind in ordered)
        declared = node.strings.declared_kinds if node.strings is not None else Counter[str]()
        placeholder = any(count and kind != "str" for kind, count in declared.items())
        return _shared(_with_enum(TypeExpr(variants, nullable, placeholder), rule))

    def _variant(self, node: _Node, kind: str, rule: Override | None) -> TypeVariant:
        if kind == "str":
            return ScalarType("str", node.format, node.enum)
        if kind == "object":
            return self._object_variant(node, rule)
        if kind == "array":
            if isinstance(node.array, _Tuple):
                return TupleType(tuple(item.result for item in node.array.items))
            assert node.array is not None
            return ListType(node.array.items.result)
        return ScalarType(kind)

    def _object_variant(self, node: _Node, rule: Override | None) -> TypeVariant:
        shape = node.shape
        assert shape is not None
        if isinstance(shape, _Map):
            return MapType(shape.values.result)
        if isinstance(shape, _Union):
            variants = tuple(
                (value, self._object(node, plan, None)) for value, plan in shape.variants
            )
            return TaggedUnion(shape.tag, variants)
        return self._object(node, shape, rule)

    def _object(self, node: _Node, plan: _Class, rule: Override | None) -> ObjectType:
        fields = tuple(self._field(key, child, plan.parents) for key, child in plan.fields)
        name = rule.name if rule is not None else None
        return ObjectType(fields, hint=node.hint, paths=(node.path,), name=name)

    def _field(self, key: str, child: _Node, parents: int) -> FieldType:
        present = sum(child.kinds.values())
        required = present == parents and not (self.requests and parents == 1)
        rule = self.overrides.at(child.path)
        if rule is not None and rule.required is not None:
            required = rule.required
        evidence = FieldEvidence(
            parents=parents,
            present=present,
            nulls=child.kinds["null"],
            kinds=tuple(sorted((kind, count) for kind, count in child.kinds.items() if count)),
            documents=child.documents,
            samples=child.samples,
        )
        return FieldType(key, child.result, required, evidence)


def _child(
    parent: _Node,
    path: str,
    hint: str,
    key: str | None,
    values: list[Occurrence],
    *,
    keyed: bool = False,
    in_map: bool = False,
) -> _Node:
    """A position below ``parent``: a key's value takes the object's key as its context, an
    item the context of its array; nothing below a map's values has one."""
    context = None if in_map or parent.context is None else parent.context
    if keyed and context is not None:
        context = parent.key or ""
    return _Node(
        path, hint, key, parent.depth + 1, values, keyed=keyed, parent=parent.path, context=context
    )


def _shape_children(shape: _Class | _Map | _Union) -> list[_Node]:
    if isinstance(shape, _Map):
        return [shape.values]
    plans = [plan for _, plan in shape.variants] if isinstance(shape, _Union) else [shape]
    return [child for plan in plans for _, child in plan.fields]


def _array_children(array: _List | _Tuple) -> list[_Node]:
    return array.items if isinstance(array, _Tuple) else [array.items]


def _object_placeholders(node: _Node) -> int:
    return node.strings.declared_kinds["object"] if node.strings is not None else 0


def _variant_counts(node: _Node) -> dict[str, int]:
    """How many values call for each variant kind; placeholders count as what they declare."""
    declared = node.strings.declared_kinds if node.strings is not None else Counter[str]()
    real_strings = node.strings.real if node.strings is not None else 0
    ints = node.kinds["int"] + declared["int"]
    floats = node.kinds["float"] + declared["float"]
    counts = {
        "bool": node.kinds["bool"] + declared["bool"],
        "float" if floats else "int": ints + floats,
        "str": real_strings + declared["str"],
        "object": node.kinds["object"] + declared["object"],
        "array": node.kinds["array"],
    }
    return {kind: count for kind, count in counts.items() if count}


def _shared(expr: TypeExpr) -> TypeExpr:
    """One instance per distinct scalar type (``str``, ``int | None``, ...).

    Types are immutable, and most nodes of a collection's types are such leaves, a handful
    of distinct ones: sharing them makes naming, which walks every node once, walk far fewer.
    """
    if not expr.scalar:
        return expr
    if len(_LEAVES) >= MAX_SHARED_LEAVES:  # many distinct enums: bound the memory
        _LEAVES.clear()
    return _LEAVES.setdefault(expr, expr)


def _with_enum(expr: TypeExpr, rule: Override | None) -> TypeExpr:
    """Apply an override's enum cases to the string variant (an empty list removes them)."""
    if rule is None or rule.enum is None:
        return expr
    cases = tuple(sorted(set(rule.enum)))
    variants = list(expr.variants)
    strings = [i for i, v in enumerate(variants) if isinstance(v, ScalarType) and v.kind == "str"]
    for index in strings:
        variant = variants[index]
        assert isinstance(variant, ScalarType)
        variants[index] = replace(variant, enum=cases, format=None if cases else variant.format)
    if not strings and cases:
        variants.append(ScalarType("str", enum=cases))
    return replace(expr, variants=tuple(variants))
