"""String formats, matched strictly: a value either has the format exactly or it has none.

Only formats whose values Python can parse and write back unchanged are recognised:
date-times need ``T``, seconds and an offset (naive ones stay ``str``), years run
0001-9999, and a date must exist in the calendar.
"""

from __future__ import annotations

import datetime
import re

from generator.infer.keys import key_words

FORMATS = ("date-time", "date", "time", "uuid", "uri", "email")

_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_TIME = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
_OFFSET = r"(?:Z|[+-]([0-9]{2}):([0-9]{2}))"
_DATE_TIME_RE = re.compile(f"{_DATE}T{_TIME}{_OFFSET}")
_DATE_RE = re.compile(_DATE)
_TIME_RE = re.compile(f"{_TIME}{_OFFSET}?")
_UUID_RE = re.compile(r"[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}")
_URI_RE = re.compile(
    r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
    r"(?:[/?#](?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)?"
)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL_RE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    f"@{_LABEL}(?:\\.{_LABEL})+"
)


def format_of(text: str) -> str | None:
    """The one format ``text`` has, or None."""
    if not text:
        return None
    if text[0] in "0123456789":
        found = _temporal(text)
        if found:
            return found
    if text[0] == "h" and _URI_RE.fullmatch(text):
        return "uri"
    if _UUID_RE.fullmatch(text):
        return "uuid"
    if "@" in text and _EMAIL_RE.fullmatch(text):
        return "email"
    return None


def key_suggests(key: str | None, fmt: str) -> bool:
    """Whether the JSON key names a value of this format (``created_at``, ``userId``, ``href``)."""
    words = key_words(key)
    if not words:
        return False
    if fmt in ("date-time", "date", "time"):
        return (
            words[-1] in ("at", "on")
            or any("date" in word or "time" in word for word in words)
            or any(word in _TEMPORAL_WORDS for word in words)
        )
    if fmt == "uuid":
        return words[-1] in ("id", "ids", "uuid", "guid") or "uuid" in words or "guid" in words
    if fmt == "uri":
        return any(word in _URI_WORDS for word in words)
    return any("email" in word or word == "mail" for word in words)


_TEMPORAL_WORDS = frozenset(
    {"created", "updated", "modified", "expires", "expiry", "expiration", "birthday", "since"}
)
_URI_WORDS = frozenset({"url", "urls", "uri", "uris", "href", "link", "links"})


def _temporal(text: str) -> str | None:
    match = _DATE_TIME_RE.fullmatch(text)
    if match:
        ok = _valid_date(*match.group(1, 2, 3)) and _valid_time(*match.group(4, 5, 6, 7, 8))
        return "date-time" if ok else None
    match = _DATE_RE.fullmatch(text)
    if match:
        return "date" if _valid_date(*match.group(1, 2, 3)) else None
    match = _TIME_RE.fullmatch(text)
    if match:
        return "time" if _valid_time(*match.group(1, 2, 3, 4, 5)) else None
    return None


def _valid_date(year: str, month: str, day: str) -> bool:
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _valid_time(
    hour: str, minute: str, second: str, offset_hour: str | None, offset_minute: str | None
) -> bool:
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        return False
    return offset_hour is None or (int(offset_hour) <= 23 and int(offset_minute or 0) <= 59)
