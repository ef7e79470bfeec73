"""Fixed-length tuples: arrays whose positions have different, consistent kinds (§7.8).

Every array at the position must have the same length L (2 to 128), each index one
non-null kind (int and float count as one), and the kinds must differ between indexes.
A single array of scalars is too little evidence (``[1, "a"]`` may be any mixed list),
so one array becomes a tuple only when every index holds a container, as the World Bank
``[page_info, [rows]]`` does.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.infer.evidence import ArrayOccurrence, shape_of

MAX_TUPLE_LENGTH = 128


def tuple_length(arrays: Sequence[ArrayOccurrence]) -> int | None:
    """L if the arrays are tuples of length L, else None."""
    lengths = {len(array) for _, array in arrays}
    if len(lengths) != 1:
        return None
    (length,) = lengths
    if not 2 <= length <= MAX_TUPLE_LENGTH:
        return None
    kinds: list[str] = []
    for index in range(length):
        shapes = {shape_of(array[index]) for _, array in arrays} - {"null"}
        if len(shapes) > 1:
            return None
        kinds.extend(shapes)
    if len(set(kinds)) < 2:
        return None
    if len(arrays) < 2 and not all(kind in ("object", "array") for kind in kinds):
        return None
    return length
