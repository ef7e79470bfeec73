"""The generated clients' runtime (``templates/runtime/_runtime.py``), loaded once as a
module of its own: a recording sends with its auth schemes, its retry policy and its
redirect rules, so it has the client's semantics by construction, not by a copy."""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from types import ModuleType

from generator.installation import templates_dir

_NAME = "postc_record_runtime"


@lru_cache(maxsize=1)
def runtime() -> ModuleType:
    """The runtime module (registered in ``sys.modules``: its dataclasses look it up)."""
    path = templates_dir() / "runtime" / "_runtime.py"
    spec = importlib.util.spec_from_file_location(_NAME, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the runtime at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module
    spec.loader.exec_module(module)
    return module
