"""``servers``: the client's hosts as OpenAPI server objects.

A host is literal text and settings (``Plan.hosts``); each setting becomes a server
variable ``{name}``. A server variable must have a default: the setting's when it is
known and not secret, else the placeholder ``<name>`` (a secret or unknown value is never
written). A host that is one setting with a literal default (``base_url`` defaulting to
``https://api.example.com``) is written as that URL. A final ``/`` is left out (of the
URL, or of the default of the variable it ends with), as the client leaves it out: paths
start with one.
"""

from __future__ import annotations

from typing import Any

from generator.emit.plan import Host, Plan, Setting
from generator.loader.variables import VARIABLE


def servers(plan: Plan) -> list[dict[str, Any]]:
    """The main base URL first, then every other host's (as ``Plan.hosts`` orders them)."""
    return [server(plan, host) for host in plan.hosts]


def server(plan: Plan, host: Host) -> dict[str, Any]:
    """One host as a server object; ``x-postc-setting`` names the client argument that
    replaces it."""
    settings = {setting.name: setting for setting in plan.settings}
    parts = host.parts
    if not parts and host.setting is not None:
        whole = settings.get(host.setting)
        literal = _default(whole) if whole is not None else None
        parts = (("text", literal),) if literal is not None else (("setting", host.setting),)
    url = "".join(
        plan.redacted(value) if kind == "text" else "{" + value + "}" for kind, value in parts
    )
    made: dict[str, Any] = {"url": url.rstrip("/") or url}
    variables = {
        name: _variable(name, settings.get(name))
        for name in dict.fromkeys(value for kind, value in parts if kind == "setting")
    }
    last_kind, last = parts[-1] if parts else ("", "")
    if last_kind == "setting" and variables[last]["default"] != f"<{last}>":
        variables[last]["default"] = variables[last]["default"].rstrip("/")
    if variables:
        made["variables"] = variables
    if host.setting is not None:
        made["x-postc-setting"] = host.setting
    return made


def _variable(name: str, setting: Setting | None) -> dict[str, Any]:
    default = _default(setting) if setting is not None else None
    variable: dict[str, Any] = {"default": default if default is not None else f"<{name}>"}
    description = setting.description if setting is not None else ""
    if default is None:
        secret = setting is not None and setting.secret
        why = "a secret, not written" if secret else "not given in the collection"
        description = f"{description} (its value is {why})" if description else why.capitalize()
    if description:
        variable["description"] = description
    return variable


def _default(setting: Setting) -> str | None:
    """A setting's value fit to write: known and no ``{{variable}}`` left (a secret
    setting has no default: ``Setting.default``)."""
    value = setting.default
    return None if value is None or VARIABLE.search(value) else value
