"""A hatchling build hook: regenerate the ``[tool.postc]`` targets when a package is built.

For a project that ships a generated client inside its own wheel, and wants the wheel to
be built from the collection, never from a stale copy::

    [build-system]
    requires = ["hatchling", "postc"]
    build-backend = "hatchling.build"

    [tool.hatch.build.hooks.postc]
    # check = true      fail the build when the output is stale, instead of regenerating
    # include = false   do not add the generated packages to the wheel

    [[tool.postc.targets]]
    collection = "postman/crm.postman_collection.json"
    output = "generated/crm"

Before hatchling collects the files, every target is generated (only changed files are
written, as by ``postc generate``), and each target's package directory is added to the
wheel under its import name, with the packages' own requirement (httpx) added to the
wheel's. (Editable installs regenerate too; point hatch's ``dev-mode-dirs`` at each
output directory to import the packages from there.) Bad input stops the build with
postc's usual one-line messages and exit status 2; hand-edited generated files stop it
with status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from generator.config import Target, load_targets
from generator.emit.project import DEPENDENCIES
from generator.errors import InputError
from generator.generate import ConflictError, check_target, generate_target, summary
from generator.terminal import printable


class PostcBuildHook(BuildHookInterface[BuilderConfig]):
    """Runs ``postc generate`` (or ``postc check``) over the project's targets."""

    PLUGIN_NAME = "postc"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        check = bool(self.config.get("check", False))
        include = bool(self.config.get("include", True))
        try:
            targets = load_targets(Path(self.root) / "pyproject.toml")
            if not targets:
                _stop(["postc: no [[tool.postc.targets]] in pyproject.toml"], 2)
            for target in targets:
                package = _checked(target) if check else _generated(target)
                if include and self.target_name == "wheel" and version != "editable":
                    build_data["force_include"][str(target.output / package)] = package
                    build_data["dependencies"] += [
                        r for r in DEPENDENCIES if r not in build_data["dependencies"]
                    ]
        except InputError as error:
            _stop(error.lines(), 2)
        except ConflictError as conflict:
            _stop(conflict.lines(), 1)


def _generated(target: Target) -> str:
    result = generate_target(target)
    print(  # hatchling shows a hook's output with the build's
        f"postc: {target.output}: {len(result.written)} written, {len(result.removed)} removed"
    )
    return result.package


def _checked(target: Target) -> str:
    rendered, drift = check_target(target)
    if not drift.current:
        _stop(summary(rendered, drift), 1)
    return rendered.package


def _stop(lines: list[str], status: int) -> None:
    for line in lines:
        print(printable(line), file=sys.stderr)  # a line may quote the collection
    raise SystemExit(status)


@hookimpl
def hatch_register_build_hook() -> type[PostcBuildHook]:
    return PostcBuildHook
