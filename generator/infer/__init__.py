"""Type inference: one unit's example bodies to one TypeExpr (docs/inference.md).

A unit is the set of JSON documents that must share one type (the saved 200 responses of
one endpoint, the request bodies of one endpoint, ...). Grouping, naming and export are
other stages; this package only types.
"""

from __future__ import annotations

from generator.infer.artefacts import placeholder, resolve_template
from generator.infer.build import MAX_DEPTH, infer_unit

__all__ = ["MAX_DEPTH", "infer_unit", "placeholder", "resolve_template"]
