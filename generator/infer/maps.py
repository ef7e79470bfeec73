"""Is an object position a map (open-ended keys, one value type) or a class? (§7.7)

The rules are split in two so that a discriminated union can be tried between them:
``strong_map_rule`` fires on evidence no class could show (keys that are all numbers,
ids, dates, faker words or openapi-to-postman's ``key_0``, ``key_1``...; only ``{}``
seen), ``weak_map_rule`` on evidence that needs alike values and that a union explains
better when there is a tag (currency codes, keys that are no identifiers, conventional
names such as ``headers``, key churn, size). Both return the name of the rule that fired.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.infer.artefacts import is_numbered_key, lorem_strength, numbered_keys
from generator.infer.evidence import KeyStats, ObjectOccurrence, pooled_jaccard, shape_of

MAX_CHURN_JACCARD = 0.5  # mean key-set overlap below this between instances: keys churn
MIN_SINGLETON_SHARE = 0.5  # ... and at least this share of keys seen in one instance only
MIN_CHURN_KEYS = 4  # ... and at least this many keys in all,
CHURN_WIDTH_FACTOR = 2  # ... and this many times the keys of the largest instance
MIN_VALUE_JACCARD = 0.5  # object values must share this much of their keys to be one type
STABLE_JACCARD = 0.75  # key sets this alike across instances are a schema, not data
MIN_MAP_SIZE = 20
MIN_MAP_SIZE_ANYWAY = 100  # no hand-written class has this many keys of one value type
MIN_CODE_KEYS = 5

# Keys that are data: whatever the values, no class has fields named like this.
_STRONG_KEYS = (
    re.compile(r"[+-]?[0-9]+"),
    re.compile(r"[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}"),
    re.compile(r"[0-9]{4}(?:[-/.][0-9]{2}(?:[-/.][0-9]{2})?)?(?:[T ][0-9:.+\-Z]+)?"),
    re.compile(r"[0-9]{4}-?(?:Q[1-4]|H[12]|W[0-9]{2})"),
    re.compile(r"(?=[a-f]*[0-9])[0-9a-f]{8,}|(?=[A-F]*[0-9])[0-9A-F]{8,}"),
)
_CODE = re.compile(r"[A-Z]{2,3}")  # ISO currency and country codes
_IDENTIFIER = re.compile(r"[A-Za-z_$@][A-Za-z0-9_$]*(?:-[A-Za-z0-9_$]+)*")
# Keys whose object is a dictionary by convention: HTTP echo services, OpenAPI documents,
# Kubernetes-style labels and annotations, i18n tables. (Not ``metadata``: a map at Stripe,
# a class of timestamps at PayPal.)
MAP_KEY_NAMES = frozenset(
    {
        "headers",
        "cookies",
        "args",
        "form",
        "files",
        "labels",
        "annotations",
        "paths",
        "definitions",
        "translations",
    }
)


def strong_map_rule(stats: KeyStats) -> str | None:
    """The rule that makes the position a map whatever else holds, or None."""
    if not stats.order:
        return "empty"
    if len(stats.order) >= 2 and any(
        all(pattern.fullmatch(key) for key in stats.order) for pattern in _STRONG_KEYS
    ):
        return "key-pattern"
    if numbered_keys(stats.order):
        return "numbered-keys"
    strengths = [lorem_strength(key) for key in stats.order]
    if min(strengths) >= 1 and max(strengths) == 2:
        return "faker-keys"
    return None


def weak_map_rule(
    json_key: str | None, stats: KeyStats, objects: Sequence[ObjectOccurrence]
) -> str | None:
    """The rule that makes the position a map when its values are all alike, or None."""
    keys = stats.order
    rule = None
    if len(keys) >= MIN_CODE_KEYS and all(_CODE.fullmatch(key) for key in keys):
        rule = "code-keys"
    elif len(keys) >= 2 and not any(_IDENTIFIER.fullmatch(key) for key in keys):
        rule = "non-identifier-keys"
    elif json_key is not None and json_key.lower() in MAP_KEY_NAMES and not _stable(stats, 3):
        rule = "key-name"
    elif _churns(stats):
        rule = "key-churn"
    elif _large(stats, objects):
        rule = "size"
    return rule if rule is not None and values_alike(objects) else None


def additional_keys(keys: Sequence[str]) -> set[str]:
    """The keys of a class that openapi-to-postman made up for its additionalProperties:
    faker words (``nisi14a``), and ``key_0``, ``key_1``, ... when ``key_0`` is among them."""
    numbered = [key for key in keys if is_numbered_key(key)] if "key_0" in keys else []
    return {key for key in keys if lorem_strength(key) == 2}.union(numbered)


def values_alike(objects: Sequence[ObjectOccurrence]) -> bool:
    """Whether every non-null value has one shape; object values must share most keys."""
    shapes: set[str] = set()
    frequency: dict[str, int] = {}
    nested = 0
    for _, obj in objects:
        for value in obj.values():
            shape = shape_of(value)
            if shape == "null":
                continue
            shapes.add(shape)
            if len(shapes) > 1:
                return False
            if isinstance(value, dict) and value:
                nested += 1
                for key in value:
                    frequency[key] = frequency.get(key, 0) + 1
    overlap = pooled_jaccard(list(frequency.values()), nested)
    return overlap is None or overlap >= MIN_VALUE_JACCARD


def _large(stats: KeyStats, objects: Sequence[ObjectOccurrence]) -> bool:
    """Many keys: 100, or 20 that are data-like and not the same in every instance (Giphy's
    ``images`` has 22 rendition keys, the same in all 25 items: a class)."""
    keys = stats.order
    if len(keys) >= MIN_MAP_SIZE_ANYWAY:
        return True
    return len(keys) >= MIN_MAP_SIZE and not _stable(stats, 2) and _data_like(keys, objects)


def _churns(stats: KeyStats) -> bool:
    """Keys that come and go between instances the way data does: the key sets overlap
    poorly, most keys occur in one instance only, and there are many more keys than any
    instance holds. Optional fields fail one of these: the EU VAT ``rates`` objects share a
    vocabulary (``reduced``, ``super_reduced``), and PATCH bodies that each set other
    fields of a class have few keys in all."""
    if stats.nonempty < 2:
        return False
    overlap = stats.jaccard()
    return (
        overlap is not None
        and overlap < MAX_CHURN_JACCARD
        and stats.singleton_share() >= MIN_SINGLETON_SHARE
        and len(stats.order) >= max(MIN_CHURN_KEYS, CHURN_WIDTH_FACTOR * stats.widest)
    )


def _stable(stats: KeyStats, instances: int) -> bool:
    """The same keys in at least ``instances`` objects: a schema, not data."""
    overlap = stats.jaccard()
    return stats.nonempty >= instances and overlap is not None and overlap >= STABLE_JACCARD


def _data_like(keys: Sequence[str], objects: Sequence[ObjectOccurrence]) -> bool:
    """Containers as values, or some key that is no identifier: not a row of named fields."""
    if not all(_IDENTIFIER.fullmatch(key) for key in keys):
        return True
    return any(isinstance(value, (dict, list)) for _, obj in objects for value in obj.values())
