"""``flows()`` on real collections against producer -> consumer pairs counted by hand from
their JSON (``tests/flows_hand_count.tsv``): login chains (DA4I, VMC, cma) and
create-then-use chains (DA4I's bucket and work item, VMC's org and SDDC)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from generator.loader import load_collection
from generator.scripts.flows import collection_flows
from tests.conftest import CORPUS

HAND_COUNT = Path(__file__).parent / "flows_hand_count.tsv"
Edge = tuple[str, str, str, str]  # variable, producer, consumer, place


def _hand_counted() -> dict[str, set[Edge]]:
    lines = [line for line in HAND_COUNT.read_text("utf-8").splitlines() if line[:1] != "#"]
    counted: dict[str, set[Edge]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        edge = (row["variable"], row["producer"], row["consumer"], row["place"])
        counted.setdefault(row["collection"], set()).add(edge)
    return counted


COUNTED = _hand_counted()


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_flows_match_the_hand_count(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{CORPUS} is missing: the real collections live in ../shared")
    found = collection_flows(load_collection(path))
    edges = {
        (use.variable, use.producer.endpoint, use.endpoint, use.place)
        for use in found.uses
        if use.producer is not None
    }
    assert sorted(edges - COUNTED[name]) == [], "found, not counted by hand"
    assert sorted(COUNTED[name] - edges) == [], "counted by hand, not found"


def test_the_hand_count_covers_three_collections() -> None:
    assert len(COUNTED) >= 3 and sum(map(len, COUNTED.values())) == 105
