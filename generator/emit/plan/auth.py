"""The client's auth schemes and where their credentials come from: the collection's auth,
the requests' own, the credential headers they send, and the login requests
(docs/hosts-and-credentials.md, docs/scripts.md "Login requests").

A credential is a setting, never a value: a literal one in the collection is left out with
a warning naming the environment variable the client reads instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from generator.emit.calls import method_calls
from generator.emit.credentials import (
    LITERAL_CREDENTIAL_SETTINGS,
    credential_headers,
    credential_value,
    header_shape,
    login_arguments,
)
from generator.emit.plan.settings import Settings
from generator.emit.plan.shapes import ClientAuth, Login, Method, Resource, Setting
from generator.emit.plan.texts import Texts, variables_in
from generator.emit.redaction import mentions
from generator.escaping import identifier, py_str
from generator.ir import Auth, Collection, Diagnostic, Endpoint
from generator.loader.variables import VARIABLE
from generator.naming.identifiers import Numbering, field_name
from generator.scripts.login import Logins
from generator.secrets import masked


def _token_carriage(auth: Auth) -> tuple[tuple[str, str], ...]:
    """How Postman sends an OAuth2 access token, as the runtime's scheme is told it: in the
    query's ``access_token`` (``addTokenTo`` queryParams), else after ``headerPrefix`` in
    ``Authorization`` (an absent or empty prefix is ``Bearer``, the schemes' default)."""
    if auth.get("addTokenTo") == "queryParams":
        return (("token_in", "query"),)
    prefix = auth.get("headerPrefix")
    return (("prefix", prefix),) if isinstance(prefix, str) and prefix not in ("", "Bearer") else ()


class Auths:
    """The schemes made so far (each once, named), the default one, and the auth types the
    client does not generate."""

    def __init__(
        self, collection: Collection, settings: Settings, texts: Texts, warnings: list[Diagnostic]
    ) -> None:
        self.collection = collection
        self.settings = settings
        self.texts = texts
        self.warnings = warnings
        self.auth_env_vars: list[str] = []  # the environment variables of the client's auth
        self.schemes: dict[tuple[object, ...], ClientAuth] = {}  # by kind, settings, literals
        self.scheme_names = Numbering()
        self.default_auth: ClientAuth | None = None
        self._endpoint_schemes: dict[int, ClientAuth | None] = {}  # by id of the Auth
        self.header_schemes: dict[tuple[tuple[str, str], ...], ClientAuth] = {}  # by shape
        self.unsupported_auth: dict[str, str] = {}  # auth types not generated -> first origin

    def client_auth(self) -> ClientAuth | None:
        """The default scheme: the collection's auth, else the one most requests use (an
        auth of theirs, or the credential headers they send: ``Authorization: Bearer
        {{token}}``)."""
        uses: dict[str, Auth | Endpoint] = {}
        counts: Counter[str] = Counter()
        for endpoint in self.collection.endpoints():
            auth = endpoint.auth
            if auth is not None and auth.type != "noauth":
                counts[auth.type] += 1
                uses.setdefault(auth.type, auth)
            elif credential_headers(endpoint.request.headers):
                kind = "headers " + repr(header_shape(endpoint))
                counts[kind] += 1
                uses.setdefault(kind, endpoint)
        chosen: Auth | Endpoint | None = self.collection.auth
        if chosen is None and counts:
            chosen = uses[min(counts, key=lambda k: (-counts[k], k))]
        if chosen is None or (isinstance(chosen, Auth) and chosen.type == "noauth"):
            return None
        made = self.scheme(chosen) if isinstance(chosen, Auth) else self.header_scheme(chosen)
        self.auth_env_vars = [s.env_var for s in made.settings] if made is not None else []
        self.default_auth = made
        return made

    def scheme(self, auth: Auth) -> ClientAuth | None:
        """The client's scheme for an auth of the collection (one per distinct scheme:
        requests that authenticate alike share it); None for a kind postc does not generate."""
        made = self._auth(auth)
        return self._registered(made) if made is not None else None

    def _registered(self, made: ClientAuth) -> ClientAuth:
        """The scheme, named and kept once among the client's schemes."""
        identity = (made.kind, made.settings, made.literals)
        known = self.schemes.get(identity)
        if known is None:
            name = self.scheme_names.take(made.kind)
            known = self.schemes[identity] = replace(made, name=name)
        return known

    def method_auth(self, endpoint: Endpoint) -> str | None:
        """The scheme a request uses: its own (inherited) auth's; else the credential
        headers it sends; else none. None: no scheme of the client's (``noauth``, no auth
        anywhere, or an auth type postc does not generate, which an ``http_client`` of the
        caller's may bring); "" only where the client has no scheme at all."""
        auth = endpoint.auth
        if auth is None or auth.type == "noauth":
            headers = self.header_scheme(endpoint)
            if headers is not None:
                return headers.name
            # no auth anywhere sends none, as in Postman, not the scheme other requests use;
            # without any scheme, "" leaves the request to the caller's http_client
            return "" if auth is None and self.default_auth is None else None
        if id(auth) not in self._endpoint_schemes:
            self._endpoint_schemes[id(auth)] = self.scheme(auth)
        own = self._endpoint_schemes[id(auth)]
        return own.name if own is not None else None

    def header_scheme(self, endpoint: Endpoint) -> ClientAuth | None:
        """The scheme of the credential headers a request sends (``Authorization: Bearer
        {{token}}``, ``x-api-key: {{key}}``), shared by every request that sends the same."""
        found = credential_headers(endpoint.request.headers)
        if not found:
            return None
        shape = header_shape(endpoint)
        known = self.header_schemes.get(shape)
        if known is not None:
            return known
        settings: list[Setting] = []
        literals: list[tuple[str, str]] = []  # (header name, the prefix of its value)
        for header in found:
            prefix, variable = credential_value(header.value or "")
            if variable is not None:
                settings.append(self.settings.setting(variable, secret=True))
            else:
                fallback = field_name(header.key)
                settings.append(self.settings.setting(fallback, secret=True))
                if header.value:
                    self.not_copied(endpoint, f"header {header.key!r}", None, settings[-1].env_var)
            literals.append((header.key, prefix))
        made: ClientAuth
        if len(found) == 1 and literals[0][0].lower() == "authorization" and literals[0][1]:
            prefix = literals[0][1]
            extra = () if prefix == "Bearer" else (("prefix", prefix),)
            made = ClientAuth("bearer", (settings[0],), extra)
        elif len(found) == 1 and not literals[0][1]:
            where = (("name", literals[0][0]), ("location", "header"))
            made = ClientAuth("apikey", (settings[0],), where)
        else:
            made = ClientAuth("headers", tuple(settings), tuple(literals))
        registered = self._registered(made)
        self.header_schemes[shape] = registered
        return registered

    def _credential(self, auth: Auth, key: str) -> Setting:
        """The setting holding an auth attribute: its variable, or a named environment variable."""
        value = auth.get(key)
        text = value if isinstance(value, str) else ""
        fallback_name = LITERAL_CREDENTIAL_SETTINGS[key]
        names = variables_in(text)
        if names and VARIABLE.fullmatch(text):
            return self.settings.setting(names[0], secret=True)
        if text:
            self.warnings.append(
                Diagnostic(
                    f"{auth.origin}.{auth.type}",
                    f"a literal {key} was not copied into the client; it reads "
                    f"{self.settings.env_prefix}_{fallback_name.upper()} instead",
                )
            )
        return self.settings.setting(fallback_name, secret=True)

    def _auth(self, auth: Auth) -> ClientAuth | None:
        kind = auth.type
        if kind == "bearer":
            return ClientAuth("bearer", (self._credential(auth, "token"),))
        if kind in ("basic", "digest"):
            user = self._credential(auth, "username")
            password = self._credential(auth, "password")
            return ClientAuth(kind, (user, password))
        if kind == "apikey":
            name = auth.get("key")
            location = "query" if auth.get("in") == "query" else "header"
            value = self._credential(auth, "value")
            header = name if isinstance(name, str) and name and "{{" not in name else "X-API-Key"
            return ClientAuth("apikey", (value,), (("name", header), ("location", location)))
        if kind == "oauth2":
            return self._oauth2(auth)
        self.unsupported_auth.setdefault(kind, auth.origin)
        self.warnings.append(
            Diagnostic(
                auth.origin,
                f"auth type {masked(kind)!r} is not generated: its requests send the credentials"
                " of the http_client passed to the client (the generated README has a recipe)",
            )
        )
        return None

    def _oauth2(self, auth: Auth) -> ClientAuth:
        grant = auth.get("grant_type")
        token_url = auth.get("accessTokenUrl")
        if grant == "client_credentials" and isinstance(token_url, str) and token_url:
            client_id = self._credential(auth, "clientId")
            secret = self._credential(auth, "clientSecret")
            scope = auth.get("scope")
            literals = [("token_url", self.texts.redacted(self.texts.resolved(token_url)))]
            if isinstance(scope, str) and scope:
                literals.append(("scope", self.texts.redacted(self.texts.resolved(scope))))
            literals += _token_carriage(auth)
            return ClientAuth("client_credentials", (client_id, secret), tuple(literals))
        token = self._credential(auth, "accessToken")
        if auth.get("addTokenTo") == "queryParams":
            return ClientAuth("apikey", (token,), (("name", "access_token"), ("location", "query")))
        return ClientAuth("bearer", (token,), _token_carriage(auth))

    def not_copied(
        self, endpoint: Endpoint, where: str, argument: str | None, env_var: str | None = None
    ) -> None:
        """Warn that a credential of the collection was left out of the client."""
        if argument is not None:
            reads = f"the method takes it as {argument}="
        elif env_var is not None:
            reads = f"the client reads {env_var}"
        elif self.auth_env_vars:
            reads = f"the client's auth reads {', '.join(self.auth_env_vars)}"
        else:
            reads = "the request is sent without it; pass http_client=httpx.Client(headers=...)"
        self.warnings.append(
            Diagnostic(
                f"{endpoint.json_path}.request",
                f"{where} holds a credential; its value was not copied into the client ({reads})",
            )
        )

    def logins(self, root: Resource, found: Logins) -> tuple[Login, ...]:
        """Each scheme whose credential a login request of the collection gets, with the
        arguments the client calls it with; a login that cannot be wired, and one made in
        a pre-request script, is a warning."""
        methods = {method.source: (path, method) for path, method in method_calls(root)}
        endpoints = {endpoint.json_path: endpoint for endpoint in self.collection.endpoints()}
        made: list[Login] = []
        for source in found.sources:
            credential = self.settings.made.get(source.variable)
            schemes = [s for s in self.schemes.values() if credential in s.settings]
            if credential is None or not schemes or source.endpoint not in methods:
                continue
            shown, method = methods[source.endpoint]
            endpoint = endpoints[source.endpoint]
            secret = partial(mentions, secrets=self.texts.secrets)
            unwired = login_arguments(endpoint, method.parameters, str, str, secret)
            if isinstance(unwired, str):  # found before any setting is made for it
                self._unwired(source.endpoint, source.variable, unwired)
                continue
            before = set(self.settings.made)
            arguments = login_arguments(
                endpoint, method.parameters, self._login_input, self._login_secret, secret
            )
            assert not isinstance(arguments, str)  # as the first pass found
            made_now = set(self.settings.made) - before
            login_only = frozenset(self.settings.made[key].name for key in made_now)
            value = source.set.value
            path = tuple(s for s in value.path if s is not None) if value.kind == "json" else None
            header = value.name if value.kind == "header" else None
            call = _raw_view(shown)
            made += [
                Login(s.name, credential.name, call, tuple(arguments), path, header, login_only)
                for s in schemes
            ]
            self.settings.made[source.variable] = replace(
                credential, description=f"Without it the client logs in with ``{shown}()``."
            )
        settings = self.settings.made
        unsourced = [settings[v].env_var for v in found.unsourced if v in settings]
        for where, finding in found.unfollowed:
            self.warnings.append(
                Diagnostic(
                    where,
                    f"a login in a pre-request script is not followed ({finding.detail}): "
                    f"the caller passes the credential ({', '.join(unsourced)})",
                )
            )
        return tuple(made)

    def _login_input(self, variable: str) -> str:
        """The expression reading the setting of a variable the login sends."""
        return _read_setting(self.settings.setting(variable))

    def _login_secret(self, key: str) -> str:
        """The expression reading a literal credential the login sends, never copied."""
        return _read_setting(self.settings.setting(field_name(key), secret=True))

    def _unwired(self, where: str, variable: str, why: str) -> None:
        reads = self.settings.made[variable].env_var
        self.warnings.append(
            Diagnostic(
                where,
                f"the login that gets {{{{{variable}}}}} is not wired into the client "
                f"({why}): the caller passes the credential ({reads})",
            )
        )


def _raw_view(path: str) -> str:
    """A call path's raw-response view, from the client: ``client.setup.create_token`` ->
    ``setup.with_raw_response.create_token``."""
    owner, _, name = path.removeprefix("client").removeprefix(".").rpartition(".")
    return f"{owner}.with_raw_response.{name}" if owner else f"with_raw_response.{name}"


def _read_setting(setting: Setting) -> str:
    """``setting(client_id, "PKG_CLIENT_ID")``: a setting read when the code runs."""
    arguments = [identifier(setting.name), py_str(setting.env_var)]
    if setting.default is not None:
        arguments.append(py_str(setting.default))
    return f"setting({', '.join(arguments)})"


def logins_sent_bare(root: Resource, logins: Sequence[Login], default: str) -> Resource:
    """The tree with each login method sending none of the schemes it gets the credential
    of: it would need the credential to get it (Postman sends it empty or stale)."""
    provided: dict[str, set[str]] = {}  # the schemes each login call gets credentials of
    for login in logins:
        provided.setdefault(login.call, set()).add(login.scheme)

    def bare(method: Method, prefix: str) -> Method:
        names = provided.get(f"{prefix}with_raw_response.{method.name}", set())
        return replace(method, auth=None) if (method.auth or default) in names else method

    def visit(node: Resource, prefix: str) -> Resource:
        methods = tuple(bare(m, prefix) for m in node.methods)
        children = tuple(visit(c, f"{prefix}{c.attribute}.") for c in node.children)
        return replace(node, methods=methods, children=children)

    return visit(root, "") if provided else root
