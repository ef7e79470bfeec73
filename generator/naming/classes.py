"""Class names for every object type of a collection (inference.md §7.9).

One class per structure across the whole collection: two object types are the same class
iff they are equal up to the order of their fields, so five error examples sharing an
envelope give one ``ErrorResponse``. Names come from context, never from input order: the
operation for bodies, the JSON key for nested objects (singular for array items), the tag
value for the variants of a tagged union, and a user's override before all. A class seen
in several places takes the name most of its places propose. Different structures that
want one name are told apart by the names of their enclosing classes (for bodies: the
endpoint's path words), and only as a last resort by a short letter hash of the
structure; never by a counter. docs/naming.md has the rules and the reasons.
"""

from __future__ import annotations

import json
import keyword
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from http import HTTPStatus

from generator.ir import (
    ClassRef,
    ListType,
    MapType,
    Model,
    ModelField,
    ObjectType,
    TaggedUnion,
    TupleType,
    TypeExpr,
)
from generator.naming.errors import reads_as
from generator.naming.identifiers import (
    class_name,
    join_class_names,
    module_name,
    singular,
    unique_names,
)
from generator.naming.reserved import BUILTIN_NAMES, TYPING_NAMES
from generator.naming.resolve import resolve
from generator.naming.shared import (
    common_key_words,
    common_operation_words,
    common_path_words,
    key_words,
    says_more,
)
from generator.naming.structure import (
    Node,
    as_expr,
    children,
    postorder,
    rewrite,
    structural_keys,
)

# How many enclosing classes a nested class may be prefixed with before the hash is used.
MAX_ANCESTORS = 3
_ROLE_RANK = {"response": 0, "error": 1, "request": 2}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NUMBERED = re.compile(r"(.*[A-Za-z])[0-9]+")
_BODIES = {"response": "response body", "error": "error body", "request": "request body"}


@dataclass(frozen=True)
class Root:
    """A body type to name, with the context its names and provenance come from."""

    type: TypeExpr  # inferred, with anonymous ObjectType positions
    operation: str  # the request's name, e.g. "Job Details"
    role: str  # "response", "error" or "request"
    status: int | None  # e.g. 200, 404; None for requests
    endpoint: str  # e.g. "GET /crm/bulk/v2.1/write/{job_id}", for provenance


@dataclass(frozen=True)
class _Context:
    """Where a type node sits in a body."""

    path: str  # $.resource[].field_mappings[]
    kind: str  # "root", "field", "item" (of an array), "value" (of a map), "position" (tuple)
    key: str | None  # the JSON key of the nearest field; None while still at the body
    body: tuple[str, ...]  # the names of the body, unqualified first
    # the enclosing classes (at most 3), nearest first, by structural digest; None stands for
    # a body that is no class itself (a list of objects): its name is ``body[0]``
    ancestors: tuple[str | None, ...] = ()
    depth: int = 0  # how many classes (or the body) enclose the node
    tag: tuple[str, str] | None = None  # (tag key, value) for a variant of a tagged union

    def below(self, step: str, kind: str) -> _Context:
        """The context of a container's items; at the body, the body encloses them."""
        if self.depth:
            return replace(self, path=self.path + step, kind=kind, tag=None)
        return replace(self, path=self.path + step, kind=kind, tag=None, ancestors=(None,), depth=1)

    def inside(self, digest: str, key: str) -> _Context:
        """The context of a field of the class (by digest) at this context."""
        ancestors = (digest, *self.ancestors)[:MAX_ANCESTORS]
        return _Context(self.path + _step(key), "field", key, self.body, ancestors, self.depth + 1)


@dataclass(frozen=True)
class _Place:
    """One position where a class was seen, and the names it proposes, best first."""

    root: Root
    context: _Context
    chain: tuple[str, ...]
    override: bool = False
    shared_error: bool = False

    def order(self) -> tuple[str, int, str, int, str, tuple[str, str], str, tuple[str, ...]]:
        """A canonical order of places, independent of the order of the roots: places that
        agree on all of their context (duplicate roots) are ordered by the names they
        propose."""
        root = self.root
        status = -1 if root.status is None else root.status
        rank = _ROLE_RANK.get(root.role, len(_ROLE_RANK))
        tag = self.context.tag or ("", "")
        return (
            root.endpoint,
            rank,
            root.role,
            status,
            self.context.path,
            tag,
            root.operation,
            self.chain,
        )


def name_models(
    roots: Sequence[Root], reserved: Iterable[str] = ()
) -> tuple[tuple[TypeExpr, ...], tuple[Model, ...]]:
    """The roots' types with every ObjectType replaced by a ClassRef, and the models by name.

    ``reserved`` names (the client's own ``Client``, ``ApiError``, ...) are never given to a
    model, nor are the names of ClassRefs already in the input.
    """
    types = [root.type for root in roots]
    order = postorder(types)
    keys = structural_keys(order)
    bodies = _Bodies(roots, keys)
    seen: dict[str, list[tuple[Root, ObjectType, _Context]]] = {}
    nodes: dict[str, dict[int, ObjectType]] = {}
    for root in roots:
        for node, context in _walk(root, bodies):
            seen.setdefault(keys[id(node)], []).append((root, node, context))
            nodes.setdefault(keys[id(node)], {})[id(node)] = node
    # A class's names are prefixed with the first names of its enclosing *classes*, decided
    # by all of their places, not with what the one enclosing occurrence proposed (its hint
    # may differ from another occurrence's): so enclosing classes are decided first. A class
    # is strictly taller than every class it encloses.
    heights = _heights(order, keys)
    places: dict[str, list[_Place]] = {}
    chains: dict[str, tuple[str, ...]] = {}
    heads: dict[str, str] = {}
    for digest in sorted(seen, key=lambda digest: -heights[digest]):
        base = _neutral_base(seen[digest])
        found = [
            _place(root, node, context, bodies, heads, base) for root, node, context in seen[digest]
        ]
        found.sort(key=_Place.order)
        places[digest] = found
        chains[digest] = _chain(found)
        heads[digest] = chains[digest][0]
    taken = set(reserved) | {node.name for node in order if isinstance(node, ClassRef)}
    weights = {digest: len({_where(place) for place in found}) for digest, found in places.items()}
    names = _final_names(chains, weights, taken)
    ids = {id(node): names[digest] for digest, found in nodes.items() for node in found.values()}
    built = rewrite(order, ids)
    spelling = structural_keys(order, ordered=True)
    models = []
    for digest, objects in nodes.items():
        # equal spellings may still carry different evidence: take the least, not the first
        first = min(spelling[id(node)] for node in objects.values())
        tied = [node for node in objects.values() if spelling[id(node)] == first]
        canonical = tied[0] if len(tied) == 1 else min(tied, key=_evidence)
        models.append(_model(names[digest], canonical, places[digest], built))
    named = tuple(as_expr(built[id(type_)]) for type_ in types)
    return named, tuple(sorted(models, key=lambda model: model.name))


class _Bodies:
    """What the name of a body depends on beyond its own root: the other roots."""

    def __init__(self, roots: Sequence[Root], keys: dict[int, str]) -> None:
        self.keys = keys
        error_places: dict[str, set[tuple[str, int | None]]] = {}
        firsts: dict[tuple[str, str], tuple[int, set[str]]] = {}
        for root in roots:
            digest = keys[id(root.type)]
            if root.role == "error":
                error_places.setdefault(digest, set()).add((root.endpoint, root.status))
            elif root.role == "response":
                rank = 1000 if root.status is None else root.status
                best, digests = firsts.get((root.endpoint, root.operation), (rank, set()))
                if rank < best:
                    firsts[(root.endpoint, root.operation)] = (rank, {digest})
                elif rank == best:
                    firsts[(root.endpoint, root.operation)] = (rank, digests | {digest})
        # an error body shared by several endpoints or statuses is the API's error envelope
        self.shared = {digest for digest, found in error_places.items() if len(found) > 1}
        # the success body of an operation's first status is named after the operation alone
        self.primary = {place: digests for place, (_, digests) in firsts.items()}
        # a body several operations send or answer is named after what they share
        self.neutral = _shared_bodies(roots, keys)

    def is_shared_error(self, root: Root) -> bool:
        return root.role == "error" and self.keys[id(root.type)] in self.shared

    def chain(self, root: Root) -> tuple[str, ...]:
        """The names of the root's body: ``JobDetails``, ``CreateUserRequest``, ...; then
        qualified by the endpoint's path words, then by its method too."""
        if self.is_shared_error(root):
            return ("ErrorResponse",)  # the class's own chain is known once all its uses are
        neutral = self.neutral.get(self.keys[id(root.type)])
        if neutral is not None:
            return neutral
        words = self._words(root)
        method, segments = _endpoint_words(root.endpoint)
        qualified = [class_name(*segments[-count:], *words) for count in range(1, 4)]
        return _unique([class_name(*words), *qualified, class_name(method, *segments, *words)])

    def _words(self, root: Root) -> list[str]:
        operation = root.operation.strip() or " ".join(_endpoint_words(root.endpoint)[1])
        if root.role == "request":
            return [operation, "Request"]
        if root.role == "error":
            return [operation, *_error_words(root.status)]
        primary = self.primary.get((root.endpoint, root.operation), set())
        if self.keys[id(root.type)] in primary:
            return [operation]
        return [operation, _phrase(root.status)]


def _shared_bodies(roots: Sequence[Root], keys: dict[int, str]) -> dict[str, tuple[str, ...]]:
    """The names of each body that several operations of several endpoints share (by
    structural digest), from what they have in common, never from one of them: the words
    of their names (past verbs and fillers), the leading path words of their endpoints
    (past those every endpoint has; first when they say all the names' words and more),
    then the body's rarest keys (``AccessTokenRequest``); ``Request`` or ``Response`` after
    each."""
    users: dict[str, list[Root]] = {}
    for root in roots:
        if root.role in ("request", "response"):
            users.setdefault(keys[id(root.type)], []).append(root)
    base = len(common_path_words([_endpoint_words(root.endpoint)[1] for root in roots], 0))
    rarity, bodies = _key_rarity(roots, keys)
    neutral: dict[str, tuple[str, ...]] = {}
    for digest, found in users.items():
        operations = sorted({root.operation.strip() for root in found})
        if len(operations) < 2 or len({root.endpoint for root in found}) < 2:
            continue  # one operation (or one endpoint under two names) names it fairly
        role = "Request" if all(root.role == "request" for root in found) else "Response"
        path = common_path_words([_endpoint_words(root.endpoint)[1] for root in found], base)
        words = common_operation_words(operations)
        rare = _rarest_keys(found[0].type, rarity, bodies)
        path = path[-MAX_ANCESTORS:]
        if says_more(path, words):
            words, path = path, words
        chain = [class_name(*words, role)] if words else []
        chain += [class_name(*path, role)] if path else []
        chain += [class_name(*keys_, role) for keys_ in rare]
        chain += [class_name(*path[-MAX_ANCESTORS:], *rare[-1], role)] if path and rare else []
        if chain:
            neutral[digest] = _unique(chain)
    return neutral


def _body_object(type_: TypeExpr) -> ObjectType | None:
    """The object a body is, or is a list of (of several, the one of the first keys: a
    union's order is no part of its identity)."""
    objects = []
    for variant in type_.variants:
        if isinstance(variant, ListType):
            variant = next(iter(variant.items.variants), variant)
        if isinstance(variant, ObjectType):
            objects.append(variant)
    return min(objects, key=lambda body: sorted(field.key for field in body.fields), default=None)


def _key_rarity(roots: Sequence[Root], keys: dict[int, str]) -> tuple[Counter[str], int]:
    """In how many distinct object bodies each top-level key is, and how many there are: a
    key most bodies carry (Plaid's ``client_id`` and ``secret``) says nothing of one."""
    found = {keys[id(root.type)]: _body_object(root.type) for root in roots}
    bodies = [body for body in found.values() if body is not None]
    return Counter(field.key for body in bodies for field in body.fields), len(bodies)


def _rarest_keys(type_: TypeExpr, rarity: Counter[str], bodies: int) -> list[list[str]]:
    """The one, two and three keys of the body fewest other bodies have (of equally rare
    keys, those holding objects or arrays, then the keys' order: unlike the body's it is
    the same in every spelling of it), each set in the keys' order: ``{client_id, secret,
    access_token}`` → ``[access_token]``, ``[access_token, secret]``, ...; its first three
    keys when most bodies have even its rarest (``{client_id, secret}``); none for no
    object."""
    body = _body_object(type_)
    if body is None or not body.fields:
        return []
    ranked = sorted(
        body.fields, key=lambda field: (rarity[field.key], field.type.scalar, field.key)
    )
    order = [field.key for field in ranked]
    if 2 * rarity[order[0]] > bodies:
        return [sorted(order)[:MAX_ANCESTORS]]
    return [sorted(order[:count]) for count in range(1, min(len(order), MAX_ANCESTORS) + 1)]


def _heights(order: Sequence[Node], keys: dict[int, str]) -> dict[str, int]:
    """How many object levels each class spans, itself included, by structural digest."""
    below: dict[int, int] = {}
    heights: dict[str, int] = {}
    for node in order:
        height = max((below[id(child)] for child in children(node)), default=0)
        if isinstance(node, ObjectType):
            height += 1
            heights[keys[id(node)]] = height
        below[id(node)] = height
    return heights


def _evidence(node: ObjectType) -> str:
    return repr([field.evidence for field in node.fields])


def _walk(root: Root, bodies: _Bodies) -> Iterator[tuple[ObjectType, _Context]]:
    """Every object position of a root's body, with its context."""
    start = _Context("$", "root", None, bodies.chain(root))
    stack: list[tuple[Node, _Context]] = [(root.type, start)]
    while stack:
        node, context = stack.pop()
        if isinstance(node, TypeExpr):
            stack.extend((variant, context) for variant in reversed(node.variants))
        elif isinstance(node, ObjectType):
            yield node, context
            digest = bodies.keys[id(node)]
            stack.extend(
                (f.type, context.inside(digest, f.key))
                for f in reversed(node.fields)
                if not f.type.scalar  # most fields: no object below, nothing to yield
            )
        elif isinstance(node, ListType):
            stack.append((node.items, context.below("[]", "item")))
        elif isinstance(node, MapType):
            stack.append((node.values, context.below(".*", "value")))
        elif isinstance(node, TupleType):
            stack.extend(
                (item, context.below(f"[{index}]", "position"))
                for index, item in reversed(list(enumerate(node.items)))
            )
        elif isinstance(node, TaggedUnion):
            stack.extend(
                (target, replace(context, tag=(node.tag, value)))
                for value, target in reversed(node.variants)
                if isinstance(target, ObjectType)
            )


def _place(
    root: Root,
    node: ObjectType,
    context: _Context,
    bodies: _Bodies,
    heads: dict[str, str],
    neutral: str | None = None,
) -> _Place:
    """The names one position proposes; ``heads`` has the first name of every enclosing
    class, ``neutral`` the name all the class's fields share, if they disagree."""
    if node.name:
        return _Place(root, context, _nested(_override(node.name), context, heads), override=True)
    if context.kind == "root" and context.tag is None:
        return _Place(root, context, context.body, shared_error=bodies.is_shared_error(root))
    if context.key is None:  # the body itself, or its items: the body's names say it all
        suffix = {"root": "", "value": "Value"}.get(context.kind, "Item")
        bases = [class_name(name, suffix) for name in context.body]
        if context.tag is not None:
            bases = [join_class_names(_tag(context), base) for base in bases]
        return _Place(root, context, _unique(bases))
    own = class_name(_hint(node, context))
    starts = [neutral, own] if neutral else [own]
    if context.tag is not None:
        starts = [join_class_names(_tag(context), base) for base in starts]
    # the place's own name stays at the end of the chain: for a collision, not a hash
    names = (name for base in _unique(starts) for name in _nested(base, context, heads))
    return _Place(root, context, _unique(names))


def _hint(node: ObjectType, context: _Context) -> str:
    """What a nested class is called where it is: its key, singular for an item."""
    hint = node.hint or context.key or ""
    return hint if context.kind == "field" else singular(hint)


def _neutral_base(seen: list[tuple[Root, ObjectType, _Context]]) -> str | None:
    """The name of a nested class whose fields are called differently: the words all their
    keys share (``billing_address``, ``shipping_address`` → ``Address``); None when they
    agree, or share no word (then most places' name wins, as for any class)."""
    hints = {
        _hint(node, context)
        for _, node, context in seen
        if not node.name and context.key is not None and context.tag is None
    }
    if len(hints) < 2:
        return None
    common = common_key_words([key_words(hint) for hint in sorted(hints)])
    return class_name(*common) if common else None


def _nested(base: str, context: _Context, heads: dict[str, str]) -> tuple[str, ...]:
    """``base``, then prefixed with one more enclosing class name at a time; then with the
    body's qualified names where that reached the body, or with the body's names alone
    where the body is too far up to spell the way there."""
    ancestors = [
        context.body[0] if digest is None else heads[digest] for digest in context.ancestors
    ]
    names = [base]
    names += [
        class_name(*reversed(ancestors[:count]), base) for count in range(1, len(ancestors) + 1)
    ]
    if context.depth == len(ancestors):
        inner, bodies = list(reversed(ancestors[:-1])), context.body[1:]
    else:
        inner, bodies = [], context.body
    names += [class_name(body, *inner, base) for body in bodies]
    return _unique(names)


def _chain(places: list[_Place]) -> tuple[str, ...]:
    """The names of one class: those most of its places propose (overrides first).

    Ties go to the shorter name, the more general noun for a class used in several roles
    (``User`` rather than ``GetUser``), then to the alphabetically first. The qualified
    names that follow are those most of the places with the winning name propose, the
    canonical first of them on a tie.
    """
    pool = [place for place in places if place.override] or places
    votes = Counter(place.chain[0] for place in pool)
    best = min(votes, key=lambda name: (-votes[name], len(name), name))
    winners = [place for place in pool if place.chain[0] == best]
    if any(place.shared_error for place in winners):
        return _shared_error_chain([place.root for place in places if place.shared_error])
    chains = Counter(place.chain for place in winners)
    return max(chains, key=lambda chain: chains[chain])  # the first place wins a tie


def _shared_error_chain(roots: list[Root]) -> tuple[str, ...]:
    """``ErrorResponse``; then, for another envelope that wants it too, its most common
    status (the lowest of a tie), then the operation or the leading path words all of its
    uses have in common."""
    chain = ["ErrorResponse"]
    statuses = Counter(root.status for root in roots)
    status = min(statuses, key=lambda code: (-statuses[code], -1 if code is None else code))
    chain.append(class_name(*_error_words(status), "Response"))
    operations = sorted({root.operation.strip() for root in roots})
    if len(operations) == 1 and operations[0]:
        chain.append(class_name(operations[0], "Error", "Response"))
    prefix: list[str] = []
    for words in zip(*(_endpoint_words(root.endpoint)[1] for root in roots), strict=False):
        if len(set(words)) > 1 or len(prefix) == MAX_ANCESTORS:
            break
        prefix.append(words[0])
    if prefix:
        chain.append(class_name(*prefix, "Error", "Response"))
    return _unique(chain)


def _final_names(
    chains: dict[str, tuple[str, ...]], weights: dict[str, int], taken: set[str]
) -> dict[str, str]:
    """One name per class; of classes that want one name, the one seen in the most places
    keeps it. Names compare by their snake-case spelling, so no two classes differ only in
    case or underscores (a module per class stays possible on every file system)."""
    digests = sorted(chains)
    blocked = {module_name(name) for name in taken}
    # a name that reads as a reserved one (``ValidationError400``) is no candidate either
    # nor a name other classes number by their first choice: beside ``Wan1`` and ``Wan2``
    # (keys wan1, wan2 of one object), a class ``Wan`` would read as their collision stem
    stems = {m.group(1) for chain in chains.values() if (m := _NUMBERED.fullmatch(chain[0]))}
    usable = {
        digest: tuple(
            name for name in chain if not reads_as(name, taken) and name not in stems
        )
        or (chain[0] + "Body",)
        for digest, chain in chains.items()
    }
    resolved = resolve(
        [usable[digest] for digest in digests],
        blocked,
        key=module_name,
        weights=[weights[digest] for digest in digests],
    )
    used = blocked | {module_name(name) for name in resolved if name is not None}
    names = {}
    for digest, name in zip(digests, resolved, strict=True):
        if name is None:
            name = _hashed(usable[digest][0], digest, used)
            used.add(module_name(name))
        names[digest] = name
    return names


def _hashed(name: str, digest: str, used: set[str]) -> str:
    """``name`` and a few letters of the structure's digest: stable, and never a digit."""
    number = int(digest, 16)
    letters = ""
    while number:
        number, letter = divmod(number, len(_LETTERS))
        letters += _LETTERS[letter]
    for size in range(4, len(letters)):
        candidate = name + letters[:size].capitalize()
        if module_name(candidate) not in used:
            return candidate
    return name + letters.capitalize()  # distinct digests spell distinct letters


def _model(name: str, node: ObjectType, places: list[_Place], built: dict[int, Node]) -> Model:
    names = unique_names([field.key for field in node.fields])
    fields = tuple(
        ModelField(
            field.key, field_name, as_expr(built[id(field.type)]), field.required, field.evidence
        )
        for field, field_name in zip(node.fields, names, strict=True)
    )
    return Model(name, fields, _description(places), _paths(places))


def _description(places: list[_Place]) -> str:
    """One line: what the class is, in the canonical first place, and how many others."""
    first = places[0]
    seen = {_where(place) for place in places}
    text = f"{_what(first.context, first.root.role)} {_origin(first.root)}"
    others = len(seen) - 1
    if others:
        text += f", and {others} other place{'s' if others > 1 else ''}"
    return text + "."


def _where(place: _Place) -> tuple[str, str, int | None, str, tuple[str, str] | None]:
    root = place.root
    return root.endpoint, root.role, root.status, place.context.path, place.context.tag


def _what(context: _Context, role: str) -> str:
    if context.kind == "root":
        head = f"The {_BODIES.get(role, 'body')}"
    elif context.kind == "item":
        head = f"An item of {_shown(context.path[:-2])}"
    elif context.kind == "value":
        head = f"A value of {_shown(context.path[:-2])}"
    else:
        head = f"The {_shown(context.path)} object"
    if context.tag is not None:
        key, value = context.tag
        head += f" with `{key}` {json.dumps(value, ensure_ascii=False)}"
    return head + (" of" if context.kind == "root" else " in")


def _origin(root: Root) -> str:
    where = root.endpoint if root.role == "request" else f"{root.endpoint}, {_status(root)}"
    label = root.operation.strip()
    return f"{label} ({where})" if label else where


def _paths(places: list[_Place]) -> tuple[str, ...]:
    """``GET /users/{id} 200 $.address``: endpoint, status (or ``request``) and JSON path."""
    found = {f"{p.root.endpoint} {_status(p.root)} {p.context.path}" for p in places}
    return tuple(sorted(found))


def _status(root: Root) -> str:
    if root.role == "request":
        return "request"
    return "default" if root.status is None else str(root.status)


def _shown(path: str) -> str:
    return "the body" if path == "$" else f"`{path[1:].removeprefix('.')}`"


def _step(key: str) -> str:
    """The path step to a key: ``.name``, or ``["odd key"]`` when it is no identifier."""
    return f".{key}" if _IDENTIFIER.fullmatch(key) else f"[{json.dumps(key, ensure_ascii=False)}]"


def _tag(context: _Context) -> str:
    assert context.tag is not None
    return class_name(context.tag[1])


def _override(name: str) -> str:
    """A user's class name, as written if it is a capitalised identifier that shadows
    nothing (``CurrentUser``); else made one (``list`` → ``ListModel``)."""
    usable = name.isidentifier() and name[0].isupper() and not keyword.iskeyword(name)
    return name if usable and name not in BUILTIN_NAMES | TYPING_NAMES else class_name(name)


def _error_words(status: int | None) -> list[str]:
    """``Not Found Error`` for 404, ``Internal Server Error`` (not ``... Error Error``) for 500."""
    phrase = _phrase(status)
    return [phrase] if phrase.endswith("Error") else [phrase, "Error"]


def _phrase(status: int | None) -> str:
    """``Not Found`` for 404; ``Default`` without a status; ``Status 299`` if unknown."""
    if status is None:
        return "Default"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Status {status}"


def _endpoint_words(endpoint: str) -> tuple[str, list[str]]:
    """``GET /users/{id}/posts`` → (``get``, [``users``, ``posts``])."""
    method, _, path = endpoint.partition(" ")
    segments = [part for part in path.split("/") if part and not part.startswith(("{", ":"))]
    return method.lower(), segments


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
