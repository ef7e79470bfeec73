"""The client's settings (constructor arguments, read from environment variables too) and
the base URLs made of them (docs/hosts-and-credentials.md).

A collection variable becomes one setting, made the first time anything asks for it; a
host's base URL and a constant are settings no variable holds (``new_setting``). Their
names are unique among the client's arguments (``CONSTRUCTOR_SCOPE``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.emit.hosts import host_words, main_prefix, url_prefix
from generator.emit.plan.shapes import Host, Setting
from generator.emit.plan.texts import Texts
from generator.ir import Collection, Endpoint
from generator.loader.variables import VARIABLE
from generator.naming.identifiers import Numbering, field_name
from generator.naming.reserved import CONSTRUCTOR_SCOPE
from generator.secrets import is_secret_name


class Settings:
    """The settings made so far, by variable (or by ``new_setting``'s key), and the hosts."""

    def __init__(self, collection: Collection, texts: Texts, env_prefix: str) -> None:
        self.texts = texts
        self.env_prefix = env_prefix
        self.made: dict[str, Setting] = {}
        # the settings' names, and the client's own arguments none may take
        self.setting_names = Numbering(CONSTRUCTOR_SCOPE)
        # the variable that is the whole base URL ({{baseUrl}}), which the client's own
        # base_url argument then stands for; one that is its host only (https://{{base_url}})
        # is the host, whatever it is called
        base_url = self.main_prefix = main_prefix(collection)
        whole = VARIABLE.fullmatch(base_url)
        host = VARIABLE.fullmatch(re.sub(r"^[a-z]+://|:[0-9]+$", "", base_url))
        self.base_url_variable = whole.group(1) if whole else None
        self.host_variable = host.group(1) if host and not whole else None
        self.hosts: dict[str, Host] = {}  # the other hosts, by their scheme, host and port

    def setting(self, variable: str, *, secret: bool = False, description: str = "") -> Setting:
        """The constructor argument a collection variable becomes (made once per variable)."""
        known = self.made.get(variable)
        if known is not None:
            return known
        value, is_secret, var_description = self.texts.values.get(variable, (None, False, ""))
        secret = secret or is_secret or is_secret_name(variable)
        wanted = field_name(variable)
        if variable == self.host_variable and wanted == "base_url":
            wanted = "host"  # https://{{base_url}}: the client's base_url is the whole URL
        if (
            variable == self.base_url_variable
            and wanted == "base_url"
            and not self._named("base_url")
        ):
            name = wanted  # {{baseUrl}} is the client's base_url argument itself
        else:
            name = self.setting_names.take(wanted)
        made = Setting(
            name=name,
            variable=variable,
            env_var=f"{self.env_prefix}_{name.upper()}",
            default=None if secret or value is None else self.texts.redacted(value),
            secret=secret,
            description=self.texts.described(description or var_description),
        )
        self.made[variable] = made
        return made

    def _named(self, name: str) -> bool:
        """Whether a setting is named ``name`` already."""
        return any(setting.name == name for setting in self.made.values())

    def template_parts(self, text: str) -> tuple[tuple[str, str], ...]:
        """``https://{{host}}/v1`` as literal text and settings."""
        parts: list[tuple[str, str]] = []
        position = 0
        for match in VARIABLE.finditer(text):
            if match.start() > position:
                parts.append(("text", text[position : match.start()]))
            parts.append(("setting", self.setting(match.group(1)).name))
            position = match.end()
        if position < len(text):
            parts.append(("text", text[position:]))
        return tuple(parts)

    def new_setting(self, key: str, wanted: str, default: str | None, description: str) -> Setting:
        """A setting that no collection variable holds (a host's base URL, a constant),
        made once under ``key``; ``base_url`` keeps its name, the client's argument."""
        known = self.made.get(key)
        if known is not None:
            return known
        name = wanted if wanted == "base_url" else self.setting_names.take(field_name(wanted))
        made = self.made[key] = Setting(
            name=name,
            variable="",
            env_var=f"{self.env_prefix}_{name.upper()}",
            default=self.texts.redacted(default) if default is not None else None,
            secret=False,
            description=description,
        )
        return made

    def host(self, endpoint: Endpoint) -> str:
        """The key of the host a request goes to: "" for the main base URL (and for a URL
        without a host, which is relative to it)."""
        prefix = url_prefix(endpoint.request.url)
        if prefix is None or prefix == self.main_prefix:
            return ""
        known = self.hosts.get(prefix)
        if known is None:
            known = self.hosts[prefix] = self._other_host(prefix)
        return known.key

    def _other_host(self, prefix: str) -> Host:
        """A host of its own: a host variable (``https://{{feedsServer}}``) is its setting;
        a literal host or one mixed with variables (``iaas.{{region}}.oraclecloud.com``)
        gets a new ``<name>_base_url`` setting defaulting to it."""
        scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", prefix)
        rest = prefix[scheme.end() :] if scheme else prefix
        whole = VARIABLE.fullmatch(rest)
        if whole is not None:
            setting = self.setting(whole.group(1))
            parts = (("text", scheme.group(0)),) if scheme else ()
            return Host(setting.name, None, (*parts, ("setting", setting.name)))
        words = host_words(rest, self.texts.resolved(self.main_prefix))
        about = "The base URL of the requests to {url}"
        return self._host_setting(f"\0host {prefix}", f"{words}_base_url", about, prefix)

    def main_host(self) -> Host:
        """The main base URL: the ``base_url`` argument, which a ``{{baseUrl}}`` variable is
        itself; any other main URL (``https://{{host}}``, a literal) is its default."""
        if self.base_url_variable is not None:
            variable = self.setting(self.base_url_variable)
            if variable.name == "base_url":
                return Host("", "base_url", ())
        about = "The base URL of the API: {url}"
        host = self._host_setting("\0host", "base_url", about, self.main_prefix)
        return replace(host, key="")

    def _host_setting(self, key: str, name: str, about: str, prefix: str) -> Host:
        """A base URL setting that no collection variable holds, made once under ``key``: a
        literal URL is its default, a URL with variables is made of their settings (which
        ``about``, a description, shows as ``{url}``)."""
        parts = self.template_parts(prefix)
        literal = len(parts) == 1 and parts[0][0] == "text"
        shown = "".join(value if kind == "text" else "{" + value + "}" for kind, value in parts)
        description = "" if literal else about.format(url=self.texts.redacted(shown)) + "."
        made = self.new_setting(key, name, prefix if literal else None, description)
        return Host(made.name, made.name, () if literal else parts)
