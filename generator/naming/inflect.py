"""A small, curated English singulariser for the classes of array items.

Why not a general inflector: names must be predictable from the JSON key alone, and the
words of API payloads are a narrow vocabulary (``categories``, ``addresses``,
``statuses``, ``data``). A table of exceptions plus a few suffix rules covers them, and
every entry is tested. ``singular`` is idempotent, so a hint that inference already made
singular can go through it again unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from string import ascii_lowercase, ascii_uppercase

# Whole words (lower case) with their singular; a space marks two words (``data item``),
# for plurals whose singular would mislead as a class name (``Datum``) or does not exist.
_IRREGULAR = {
    "people": "person", "children": "child", "men": "man", "women": "woman",
    "mice": "mouse", "geese": "goose", "teeth": "tooth", "feet": "foot", "oxen": "ox",
    "data": "data item", "metadata": "metadata item", "media": "media item",
    "indices": "index", "matrices": "matrix", "vertices": "vertex", "appendices": "appendix",
    "axes": "axis", "crises": "crisis", "theses": "thesis", "diagnoses": "diagnosis",
    "hypotheses": "hypothesis", "parentheses": "parenthesis", "synopses": "synopsis",
    "criteria": "criterion", "phenomena": "phenomenon", "curricula": "curriculum",
    "errata": "erratum", "maxima": "maximum", "minima": "minimum", "spectra": "spectrum",
    "radii": "radius", "nuclei": "nucleus", "stimuli": "stimulus", "alumni": "alumnus",
    "formulae": "formula", "antennae": "antenna",
    "quizzes": "quiz", "caches": "cache", "niches": "niche", "aches": "ache",
    "heroes": "hero", "echoes": "echo", "potatoes": "potato", "tomatoes": "tomato",
    "movies": "movie", "cookies": "cookie", "zombies": "zombie", "selfies": "selfie",
    "calories": "calorie", "halves": "half", "shelves": "shelf", "wolves": "wolf",
    "knives": "knife", "wives": "wife", "lives": "life", "thieves": "thief",
    "aliases": "alias", "canvases": "canvas", "atlases": "atlas", "gases": "gas",
    "biases": "bias", "lenses": "lens", "abuses": "abuse", "excuses": "excuse",
    "fuses": "fuse", "refuses": "refuse",
}  # fmt: skip

# Words ending in ``s`` that are singular or have no singular: left as they are.
_INVARIANT = frozenset(
    {
        "news", "series", "species", "info", "alias", "canvas", "atlas", "gas", "bias",
        "lens", "chaos", "kudos", "ios", "macos", "dns", "gps", "sms", "aws", "cms", "tls",
        "https", "cors", "fps", "qps", "rps", "tps", "bps", "analytics", "physics",
        "mathematics", "economics", "ethics", "logistics", "politics", "kubernetes",
        "diabetes", "yes", "means", "goods", "odds", "headquarters", "clothes", "scissors",
    }
)  # fmt: skip

# Suffix rules, first match wins; ``ss``, ``us`` and ``is`` endings are singular already.
_RULES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(ss|us|is)$", r"\1"),
        (r"(ss|x|ch|sh|zz)es$", r"\1"),
        (r"yses$", "ysis"),
        (r"([^aeiou])uses$", r"\1us"),
        (r"(..)ies$", r"\1y"),
        (r"s$", ""),
    )
]


@lru_cache(maxsize=8192)  # naming asks for the same words many times
def singular(word: str) -> str:
    """The singular of the last word of ``word``, in the same case style.

    ``field_mappings`` → ``field_mapping``, ``fieldMappings`` → ``fieldMapping``,
    ``URLs`` → ``URL``, ``data`` → ``data_item``; anything else (non-English letters,
    a trailing digit) stays as it is.
    """
    start = _last_word(word)
    if start == len(word):
        return word
    tail = word[start:]
    if len(tail) > 2 and tail[:-1].isupper() and tail.endswith("s"):
        return singular(word[:-1])
    lower = tail.lower()
    result = _singular_lower(lower)
    if result == lower:
        return word
    return word[:start] + _styled(result.split(" "), tail)


def _last_word(word: str) -> int:
    """Where the last word of an identifier starts (``len(word)`` if it ends in none): an
    acronym plural (``URLs``), a capitalised or lower-case word (``fieldMappings``,
    ``field_mappings``) or an upper-case word. Found by stripping runs from the end: a
    pattern anchored at the end (``[a-z]+$``) is tried from every position of a long run
    that is not at the end (``aaa...a1``), which is quadratic."""
    if word.endswith("s"):
        capitals = len(word[:-1].rstrip(ascii_uppercase))
        if len(word) - 1 - capitals >= 2:
            return capitals
    lower = len(word.rstrip(ascii_lowercase))
    if lower < len(word):
        return lower - 1 if lower and word[lower - 1] in ascii_uppercase else lower
    return len(word.rstrip(ascii_uppercase))


def _singular_lower(word: str) -> str:
    if len(word) <= 2 or word in _INVARIANT:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for pattern, replacement in _RULES:
        result, count = pattern.subn(replacement, word)
        if count:
            return _IRREGULAR.get(result, result)
    return word


def _styled(words: list[str], original: str) -> str:
    """``words`` written the way ``original`` was: UPPER_SNAKE, Capitalised or lower."""
    if original.isupper():
        return "_".join(word.upper() for word in words)
    if original[0].isupper():
        return "".join(word.capitalize() for word in words)
    return "_".join(words)


def count(number: int, noun: str) -> str:
    """``1 request``, ``2 requests`` (for messages: ``noun`` takes a plain ``s``)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
