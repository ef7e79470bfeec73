"""Python identifiers from JSON keys, request names and collection names.

Every function is pure and total: any text gives a valid, NFKC-normalised identifier
(Python NFKC-normalises identifiers when it parses them, so a name that is not in that
form would not be the name the generated code sees). Keys are only ever renamed, never
lost: the original JSON key stays beside the attribute name in ``ModelField.key``.

Choices (see docs/naming.md):

* Latin letters with diacritics become ASCII (``café`` → ``cafe``, ``ß`` → ``ss``); letters
  of other scripts are kept, they are valid identifiers (``имя``).
* Underscores are separators, so no generated name starts with ``_``: ``_links`` is
  ``links``, ``__init__`` is ``init``; nothing can be private, dunder or the soft keyword
  ``_``, nor clash with the model's private ``_extra``.
* Keywords get a trailing ``_`` (``class_``). Soft keywords (``match``, ``case``,
  ``type``) do not: they are keywords only at the start of a statement, and an attribute,
  a dataclass field or a keyword argument of that name is legal in every Python version.
  Builtins (``id``, ``type``, ``format``) are fine as attributes and stay as they are.
"""

from __future__ import annotations

import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from generator.naming.inflect import singular
from generator.naming.reserved import BUILTIN_NAMES, MODEL_MEMBERS, PACKAGE_NAMES, TYPING_NAMES
from generator.naming.resolve import resolve

__all__ = [
    "MAX_QUALIFIERS",
    "Numbering",
    "class_name",
    "field_name",
    "join_class_names",
    "method_name",
    "module_files",
    "module_name",
    "package_name",
    "singular",
    "unique_in_scope",
    "unique_names",
]

# Context words a colliding name is qualified with, at most: a method and a path's words
# tell real requests apart; past them, numbers do. Each qualified name is spelled out, so a
# path of thousands of segments would cost their square in time and memory.
MAX_QUALIFIERS = 8

# Latin letters that have no decomposition into an ASCII letter plus accents.
_LATIN = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
    "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i",  # noqa: RUF001
    "ħ": "h", "Ħ": "H",
}  # fmt: skip
_ASCII_RUNS = re.compile(r"[A-Za-z0-9]+")  # what _words keeps of ASCII text
# The longest file name (without ``.py``) of a module or package, and of a package: far
# below the 255 bytes a file system takes for a name, leaving room for ``test_``,
# ``.cpython-313.pyc`` and a number. A request or folder name can be a paragraph.
FILE_NAME_LENGTH = 100


def field_name(key: str) -> str:
    """The attribute for a JSON key: ``createdAt`` → ``created_at``, ``$ref`` → ``ref``.

    ``""`` is ``empty``, a key of symbols only is ``field``, a leading digit gets ``n_``.
    """
    if key == "":
        return "empty"
    return _safe(_snake(key) or "field", MODEL_MEMBERS)


def unique_names(keys: Sequence[str]) -> list[str]:
    """The attributes of one class's keys, distinct after normalisation.

    Keys whose names collide (``The_quick``, ``the_quick``, ``THE QUICK``) are numbered in
    key order from the second on (``the_quick``, ``the_quick_2``, ``the_quick_3``); a
    number never takes a name another key has by itself.
    """
    cores = [_snake(key) or ("empty" if key == "" else "field") for key in keys]
    numbering = Numbering(natural={_safe(core, MODEL_MEMBERS) for core in cores})
    return [numbering.take(core, _safe(core, MODEL_MEMBERS)) for core in cores]


class Numbering:
    """Names made distinct by a number: ``name``, then ``name_2``, ``name_3``, ...

    A number never gives a name already used, nor one in ``natural`` (a name something
    else has by itself). Each base counts on from the last number it gave, so that k equal
    names (a hostile collection's thousands) take k steps, not k squared.
    """

    def __init__(self, used: Iterable[str] = (), natural: Iterable[str] = ()) -> None:
        self.used = set(used)
        self.natural = frozenset(natural)
        self.last: dict[str, int] = {}

    def take(self, base: str, first: str | None = None) -> str:
        """``first`` (``base`` if not given) if free, else ``base`` with the next free number."""
        number = self.last.get(base, 1)
        name = (first or base) if number == 1 else f"{base}_{number}"
        while name in self.used or (number > 1 and name in self.natural):
            number += 1
            name = f"{base}_{number}"
        self.last[base] = number
        self.used.add(name)
        return name


def class_name(*words: str) -> str:
    """PascalCase from text: ``job details`` → ``JobDetails``, ``OAuth2 token`` → ``OAuth2Token``.

    Acronyms are kept (PEP 8: ``HTTPError``) unless a whole argument is upper case
    (``AUTHENTICATION_FAILURE`` → ``AuthenticationFailure``). Empty text gives ``Model``; a
    leading digit gets ``N``; a keyword, builtin or typing name gets the suffix ``Model``.
    """
    parts = [_pascal(text) for text in words]
    name = unicodedata.normalize("NFKC", "".join(parts))
    if not name:
        return "Model"
    if not name.isidentifier():
        name = "N" + name
    if keyword.iskeyword(name) or name in BUILTIN_NAMES or name in TYPING_NAMES:
        name += "Model"
    return name


def join_class_names(*names: str) -> str:
    """Class names run together, a word repeated at a seam said once.

    ``Push`` + ``Event`` → ``PushEvent``; ``PushEvent`` + ``Event`` → ``PushEvent``;
    ``Invoice`` + ``LineItem`` → ``InvoiceLineItem``.
    """
    words: list[str] = []
    for name in names:
        more = list(_words(name))
        seams = range(min(len(words), len(more)), 0, -1)
        overlap = next((size for size in seams if words[-size:] == more[:size]), 0)
        words += more[overlap:]
    return class_name("".join(words))


def method_name(text: str) -> str:
    """A method from a request name: ``Get /users/{id}`` → ``get_users_id``; else ``call``."""
    return _safe(_snake(text) or "call")


def module_name(text: str) -> str:
    """A module from a name: ``Job Details`` or ``JobDetails`` → ``job_details``."""
    return _safe(_snake(text) or "module")


def package_name(text: str) -> str:
    """An importable, installable top-level name: ``Zoho CRM Bulk Write`` → ``zoho_crm_bulk_write``.

    ASCII only (distribution names and every file system accept it); a leading digit gets
    ``api_``, a name that would shadow the standard library, httpx or the test tools gets
    ``_api``; no words at all give ``api_client``; at most ``FILE_NAME_LENGTH`` characters.
    """
    ascii_words = ["".join(c for c in word if c.isascii()) for word in _words(text)]
    name = "_".join(word.lower() for word in ascii_words if word) or "api_client"
    if name[0].isdigit():
        name = "api_" + name
    if keyword.iskeyword(name) or name in PACKAGE_NAMES:
        name += "_api"
    return _capped(name)


def ascii_module(name: str) -> str:
    """The file name of a module whose Python name is ``name``: ``name`` itself when it is
    ASCII, else ``xn_`` and its punycode (``пользователи`` → ``xn_80adkfinescg3b5h``).

    Python imports non-ASCII module names, but ruff (N999), archives and some file systems
    do not take them; attributes and classes keep their unicode names. Punycode is
    one-to-one, so sibling modules stay distinct.
    """
    if name.isascii():
        return name
    return "xn_" + name.encode("punycode").decode("ascii").replace("-", "_")


def module_files(names: Sequence[str]) -> list[str]:
    """The file names (without ``.py``) of sibling modules whose Python names are ``names``.

    Each is ``ascii_module`` of its name, cut to ``FILE_NAME_LENGTH`` characters when longer
    (ended by a digest of the whole name, so two long names stay apart); a file name that
    an earlier one already has, compared without case as some file systems do (the folders
    ``пользователи`` and ``xn 80adkfinescg3b5h`` meet in ``xn_80adkfinescg3b5h``), gets
    ``_2``, ``_3`` in input order: no module is silently lost.
    """
    files: list[str] = []
    used: set[str] = set()
    for name in names:
        base = _capped(ascii_module(name))
        file, number = base, 1
        while file.lower() in used:
            number += 1
            file = f"{base}_{number}"
        used.add(file.lower())
        files.append(file)
    return files


def _capped(name: str) -> str:
    """``name``, or its start and a digest of it when it is longer than ``FILE_NAME_LENGTH``."""
    if len(name) <= FILE_NAME_LENGTH:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: FILE_NAME_LENGTH - len(digest) - 1]}_{digest}"


def unique_in_scope(
    candidates: Sequence[tuple[str, Sequence[str]]], reserved: Iterable[str] = ()
) -> list[str]:
    """Distinct snake-case names for one scope (the methods of a resource, say).

    Each candidate is a name and its context words, e.g. ``("get_user", ["GET", "users",
    "{id}"])``. Colliding names are qualified by their context words (skipping words the
    name already says): ``get_user_id``, ``get_user_post``. Only names that stay equal
    after all their context get a number, in input order: ``get_user_2``.
    """
    chains = [_qualified(name, context) for name, context in candidates]
    taken = frozenset(reserved)
    resolved = resolve(chains, taken)
    numbering = Numbering(taken | {name for name in resolved if name is not None})
    return [
        numbering.take(chain[-1]) if name is None else name
        for chain, name in zip(chains, resolved, strict=True)
    ]


def _qualified(name: str, context: Sequence[str]) -> list[str]:
    """``name``, then ``name`` with one more new context word at a time (at most
    ``MAX_QUALIFIERS``)."""
    said = {singular(word) for word in name.split("_")}
    extra: list[str] = []
    for word in context:
        snake = _snake(word)
        if snake and singular(snake) not in said:
            extra.append(snake)
            said.add(singular(snake))
        if len(extra) == MAX_QUALIFIERS:
            break
    core = name.rstrip("_") or name
    return [name] + [_safe("_".join([core, *extra[:count]])) for count in range(1, len(extra) + 1)]


def _safe(name: str, members: frozenset[str] = frozenset()) -> str:
    """``name``, with a trailing ``_`` if it is a keyword or one of ``members``."""
    return name + "_" if keyword.iskeyword(name) or name in members else name


@lru_cache(maxsize=8192)
def _snake(text: str) -> str:
    """snake_case words of ``text``, ``n_``-prefixed if they start with a digit; or ``""``."""
    name = unicodedata.normalize("NFKC", "_".join(word.lower() for word in _words(text)))
    if name and not name.isidentifier():
        name = "n_" + name
    return name


@lru_cache(maxsize=8192)
def _pascal(text: str) -> str:
    words = _words(text)
    shouting = not any(c.islower() for word in words for c in word)
    return "".join(word.capitalize() if shouting else word[0].upper() + word[1:] for word in words)


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text``: runs of identifier characters, split at camelCase humps.

    Memoised, like ``_snake`` and ``_pascal``: naming asks for the same few thousand names
    tens of thousands of times."""
    if text.isascii():  # the common case, without the per-character work below
        return tuple(word for run in _ASCII_RUNS.findall(text) for word in _humps(run))
    words: list[str] = []
    run: list[str] = []
    for char in _transliterated(unicodedata.normalize("NFKC", text)):
        if char != "_" and ("a" + char).isidentifier():
            run.append(char)
        elif run:
            words += _humps("".join(run))
            run = []
    if run:
        words += _humps("".join(run))
    return tuple(words)


# Words written with an inner capital that are one word all the same: ``PayPal`` is
# ``paypal``, not ``pay_pal`` (brands and terms that API names use; lower case, no digits).
_COMPOUNDS = frozenset(
    {
        "bitbucket", "devops", "docusign", "dropbox", "dynamodb", "ebay", "github", "gitlab",
        "graphql", "hubspot", "ios", "ipad", "iphone", "javascript", "linkedin", "macos",
        "mailchimp", "mongodb", "mysql", "nosql", "oauth", "onedrive", "openapi", "paypal",
        "postgresql", "quickbooks", "sendgrid", "sharepoint", "typescript", "webhook",
        "websocket", "whatsapp", "wifi", "wordpress", "youtube",
    }
)  # fmt: skip


def _humps(run: str) -> list[str]:
    """``createdAt`` → created, At; ``HTTPCode`` → HTTP, Code; ``v2Api`` → v2, Api; ``IDs``;
    ``PayPalId`` → PayPal, Id and ``OAuth2Token`` → OAuth2, Token (``_COMPOUNDS``)."""
    words: list[str] = []
    start = 0
    for index in range(1, len(run)):
        previous, char = run[index - 1], run[index]
        following = run[index + 1 : index + 3]
        hump = previous.islower() or (
            (previous.isupper() or previous.isdigit())
            and following[:1].islower()
            and not _plural_s(following)
        )
        if char.isupper() and hump:
            words.append(run[start:index])
            start = index
    words.append(run[start:])
    joined: list[str] = []
    for word in words:
        if joined and (joined[-1] + word).lower().rstrip("0123456789") in _COMPOUNDS:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _plural_s(following: str) -> bool:
    """An ``s`` that ends a run or precedes a capital pluralises an acronym (``URLs``)."""
    return following[0] == "s" and not following[1:].islower()


def _transliterated(text: str) -> str:
    """Latin letters with diacritics as ASCII; accents left on ASCII letters dropped."""
    out: list[str] = []
    for char in text:
        if char.isascii():
            out.append(char)
        elif char in _LATIN:
            out.append(_LATIN[char])
        elif unicodedata.combining(char) and out and out[-1].isascii():
            continue
        else:
            out.append(_ascii_base(char) or char)
    return "".join(out)


def _ascii_base(char: str) -> str | None:
    decomposed = unicodedata.normalize("NFKD", char)
    base, marks = decomposed[0], decomposed[1:]
    if base.isascii() and base.isalpha() and all(unicodedata.combining(m) for m in marks):
        return base
    return None
