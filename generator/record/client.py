"""What the generated client would do with a collection, read from its plan: the settings
and the environment variables they are read from, each request's host and auth scheme.

The plan is the one ``postc generate`` makes (``generator.emit.plan.make_plan``), so a
recording reads ``<PREFIX>_BASE_URL``, ``<PREFIX>_UPLOAD_BASE_URL`` or a credential's
variable under exactly the names the client reads: no copy of the naming rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.api_models import build_models
from generator.emit.calls import method_calls
from generator.emit.plan import ClientAuth, Host, Method, Setting, make_plan
from generator.ir import Collection, Environment
from generator.naming.identifiers import package_name


@dataclass(frozen=True)
class ClientView:
    """The client's settings (and the values the process environment gives them), its
    hosts by key, its schemes by name and its methods by request item."""

    settings: tuple[Setting, ...]
    given: Mapping[str, str]  # setting name -> the value of its environment variable
    hosts: Mapping[str, Host]
    schemes: Mapping[str, ClientAuth]
    default_scheme: str  # "" when the client has no default scheme
    methods: Mapping[str, Method]  # by the request item's JSON path

    @classmethod
    def of(
        cls,
        collection: Collection,
        environment: Environment | None,
        process_env: Mapping[str, str],
        package: str | None = None,
    ) -> ClientView:
        name = package_name(package or collection.name)
        plan = make_plan(collection, environment, build_models(collection), name)
        given = {
            s.name: process_env[s.env_var] for s in plan.settings if process_env.get(s.env_var)
        }
        return cls(
            settings=plan.settings,
            given=given,
            hosts={host.key: host for host in plan.hosts},
            schemes={scheme.name: scheme for scheme in plan.auths},
            default_scheme=plan.auth.name if plan.auth is not None else "",
            methods={method.source: method for _, method in method_calls(plan.root)},
        )

    def given_variables(self) -> dict[str, str]:
        """The collection variables the process environment gives a value, by variable."""
        return {
            s.variable: self.given[s.name]
            for s in self.settings
            if s.variable and s.name in self.given
        }

    def base_url(self, host_key: str) -> str | None:
        """The base URL the process environment gives a host whose setting no collection
        variable holds (``<PREFIX>_BASE_URL`` for a literal main host,
        ``<PREFIX>_UPLOAD_BASE_URL``): it replaces the request's scheme, host and port."""
        host = self.hosts.get(host_key)
        if host is None or host.setting is None:
            return None
        holders = [s for s in self.settings if s.name == host.setting and not s.variable]
        return self.given.get(host.setting) if holders else None

    def needed(self, variable: str) -> str:
        """A variable without a value, as a skipped request names it: with the environment
        variable of the client's setting that gives it (``{{token}} (EXAMPLE_TOKEN)``)."""
        readers = [s.env_var for s in self.settings if s.variable == variable]
        return f"{{{{{variable}}}}}" + (f" ({readers[0]})" if readers else "")

    def scheme(self, source: str) -> ClientAuth | None:
        """The scheme the client sends a request with (None: none of its own)."""
        method = self.methods.get(source)
        if method is None or method.auth is None:
            return None
        return self.schemes.get(method.auth or self.default_scheme)
