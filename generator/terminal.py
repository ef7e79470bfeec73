"""Text made safe to print to a terminal.

postc prints names, paths, URLs and messages that come from collections, environments and
HTTP requests. A terminal acts on some characters instead of showing them: ESC and the C1
controls start escape sequences (colours, cursor moves, window titles, hyperlinks, even
clipboard writes), CR moves back over a line already printed, bidi overrides and isolates
reorder what follows, and invisible format characters hide text. :func:`printable` writes
every such character as a visible escape, so what the terminal shows is what the input held.

The escapes are the ones JSON and Python both read (``\\n``, ``\\r``, ``\\t``, ``\\u001b``,
``\\u202e``; a character beyond U+FFFF as its UTF-16 pair, as JSON writes it): a JSON
document passed through :func:`printable` is still valid JSON with the same value.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Controls (C0, DEL, C1), format characters (bidi controls, zero-width and tag characters),
# line and paragraph separators, and lone surrogates (which no terminal encoding can carry)
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Format characters that shape scripts and emoji without moving or hiding any text: zero
# width non-joiner and joiner (Persian and Indic words, emoji sequences such as 👩‍💻)
_SHAPING = frozenset({"\u200c", "\u200d"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Runs of characters that may need an escape: all but printable ASCII (one class, linear)
_NOT_PRINTABLE_ASCII = re.compile(r"[^ -~]+")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every character a terminal would act on written as a visible escape.

    ``keep_newlines`` keeps ``\\n`` as a line break: for multi-line text postc composed itself
    (an inspect report, a JSON document), whose own collection strings hold no raw newline.
    """
    kept = "\n" if keep_newlines else ""
    return _NOT_PRINTABLE_ASCII.sub(lambda found: _visible_run(found.group(), kept), text)


def _visible_run(run: str, kept: str) -> str:
    if run.isprintable():  # most text beyond ASCII (accents, CJK, emoji), checked in C
        return run
    return "".join(_visible(char, kept) for char in run)


@lru_cache(maxsize=4096)
def _visible(char: str, kept: str) -> str:
    if char in kept or char in _SHAPING or unicodedata.category(char) not in _UNSAFE_CATEGORIES:
        return char
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(
        f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2)
    )
