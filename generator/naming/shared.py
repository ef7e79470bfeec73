"""Neutral names for classes with several users (issue 16, part 5).

A class is one structure, wherever it is used. When several operations share a body, or
several differently named fields share a nested object, naming it after one of them (the
majority, or the shortest) reads as if it belonged to that one user: the body of twelve
Plaid requests ``{client_id, secret, access_token}`` was ``RemoveItemRequest``, the object
of ``monday`` ... ``sunday`` was ``Friday``. The names here come from what all the users
have in common instead:

* fields: the words all their keys share, at the end (``billing_address``,
  ``shipping_address`` → ``address``) or else at the start (``wan1``, ``wan2`` → ``wan``:
  a trailing number is no word of its own), else the last word most of them end with;
* bodies: the leading path words all their endpoints share, past the ones every endpoint of
  the collection shares (``/transfer/get``, ``/transfer/cancel`` → ``transfer``), else the
  words all their operation names share, past verbs, articles and prepositions (``Get an
  Entity Screening``, ``Update an Entity Screening`` → ``Entity Screening``).

Nothing in common gives no neutral name: the caller keeps a name most users propose, if
most do, else the body's keys (see ``docs/naming.md``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from generator.naming.identifiers import field_name, singular
from generator.naming.operations import VERBS

# Words that do not say what a body is: articles, prepositions, conjunctions, pronouns, and
# nouns any body could be called (``data``, ``details``).
_FILLER = frozenset(
    {
        "a", "an", "the", "of", "for", "to", "in", "on", "by", "with", "from", "at", "into",
        "and", "or", "as", "all", "any", "its", "it", "this", "that", "via", "per", "your",
        "my", "new", "specific", "given", "single", "multiple", "existing", "one", "only",
        "data", "details", "info", "information",
    }
)  # fmt: skip
_TRAILING_NUMBER = re.compile(r"(?<=[a-z])[0-9]+$")
_VERSION = re.compile(r"v[0-9]+(\.[0-9]+)*|[0-9]+(\.[0-9]+)*")


def key_words(key: str) -> list[str]:
    """The lower-case words of a JSON key, singular for an item's key, a trailing number
    dropped (``wan1`` → ``wan``)."""
    words = [word for word in field_name(key).split("_") if word]
    if words:
        words[-1] = _TRAILING_NUMBER.sub("", words[-1]) or words[-1]
    return words


def common_key_words(keys: Sequence[Sequence[str]]) -> list[str]:
    """The words the keys have in common: the longest ending all share, else the longest
    beginning all share, else the last word more than half of them end with
    (``amount``, ``cash_amount``, ``reserved_amount``, ``total_worth`` → ``amount``), a
    filler aside; ``[]`` when there is none."""
    ending = _common_prefix([list(reversed(words)) for words in keys])
    if ending:
        return list(reversed(ending))
    beginning = _common_prefix([list(words) for words in keys])
    if beginning:
        return beginning
    lasts = Counter(words[-1] for words in keys if words)
    word, count = min(lasts.items(), key=lambda item: (-item[1], item[0]), default=("", 0))
    return [word] if 2 * count > len(keys) and word not in _FILLER else []


def common_path_words(paths: Sequence[Sequence[str]], base: int) -> list[str]:
    """The leading static path words all ``paths`` share, past the first ``base`` words
    that every endpoint of the collection shares; version segments (``v1``, ``2.0``) and
    numbers (ids saved in the URL) are no words."""
    words = [[word for word in path if not _VERSION.fullmatch(word.lower())] for path in paths]
    return _common_prefix(words)[base:]


def common_operation_words(operations: Sequence[str]) -> list[str]:
    """The words every operation name has, in the first's order, leading verbs and fillers
    left out: ``Get an Entity Screening``, ``Update an Entity Screening`` → entity,
    screening."""
    lists = [_name_words(name) for name in operations]
    sets = [{singular(word) for word in words} for words in lists[1:]]
    found: list[str] = []
    for word in lists[0] if lists else []:
        if word in found:
            continue
        if all(singular(word) in other for other in sets):
            found.append(word)
    return found


def says_more(path: Sequence[str], words: Sequence[str]) -> bool:
    """Whether the path words say every one of the name words and a more specific last one
    (``watchlist_screening/entity`` says more than ``Screening``; ``content_types/entries``
    no more than ``Entry``)."""
    said = [singular(word) for segment in path for word in key_words(segment)]
    named = {singular(word) for word in words}
    return bool(said) and named < set(said) and said[-1] not in named


def _name_words(name: str) -> list[str]:
    """The words of an operation name that may say what it acts on: not its leading verb
    (``Get``, ``Retrieves``), no filler, no single letters (``file's`` → ``file``)."""
    words = [word for word in field_name(name).split("_") if len(word) > 1]
    if words and _is_verb(words[0]):
        words = words[1:]
    return [word for word in words if word not in _FILLER]


def _is_verb(word: str) -> bool:
    """``get``, ``gets``, ``retrieves`` ...: the verbs ``operations.py`` knows, as stems."""
    stems = (word, word.removesuffix("s"), word.removesuffix("es"))
    return any(stem in VERBS for stem in stems)


def _common_prefix(lists: list[list[str]]) -> list[str]:
    if not lists:
        return []
    found: list[str] = []
    for words in zip(*lists, strict=False):
        if len(set(words)) > 1:
            break
        found.append(words[0])
    return found
