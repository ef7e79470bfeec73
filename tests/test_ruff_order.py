"""postc orders imports and ``__all__`` as ruff checks them (generator/emit/ruff_order.py)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from generator.emit.ruff_order import all_key, member_key, natural

RUFF = Path(sys.executable).parent / "ruff"


def test_digit_runs_with_a_leading_zero_compare_as_fractions() -> None:
    assert sorted(["root_28d132", "root_053a9a"], key=natural) == ["root_053a9a", "root_28d132"]
    assert sorted(["a10", "a9", "a010", "a09"], key=natural) == ["a010", "a09", "a9", "a10"]
    assert sorted(["B", "a", "C"], key=natural) == ["a", "B", "C"]


def test_members_go_constants_classes_then_the_rest() -> None:
    names = ["value", "Value2", "VALUE", "Value10", "other"]
    assert sorted(names, key=member_key) == ["VALUE", "Value2", "Value10", "other", "value"]
    assert sorted(["b", "B1", "a", "A"], key=all_key) == ["B1", "A", "a", "b"]  # B1: a constant


def _names(rng: random.Random, count: int, capital: bool) -> list[str]:
    pieces = ["a", "b", "item", "x_", "0", "00", "01", "053", "1", "10", "2", "28", "9", "_"]
    names: set[str] = set()
    while len(names) < count:
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        name = ("M" if capital else "m") + text
        names.add(name)
    return sorted(names)


def test_ruff_accepts_the_orders_of_many_names(tmp_path: Path) -> None:
    rng = random.Random(7)
    modules = sorted(_names(rng, 120, capital=False), key=natural)
    lines = ["from __future__ import annotations", ""]
    exported: list[str] = []
    for module in modules:
        members = sorted(_names(rng, 3, capital=True), key=member_key)
        lines.append(f"from .{module} import {', '.join(members)}")
        exported += members
    exported = sorted(set(exported), key=all_key)
    lines += ["", "__all__ = [", *(f'    "{name}",' for name in exported), "]", ""]
    (tmp_path / "__init__.py").write_text("\n".join(lines), encoding="utf-8")
    checked = subprocess.run(
        [str(RUFF), "check", "--no-cache", "--select", "I,RUF022", "--line-length", "200", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]
