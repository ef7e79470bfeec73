"""The ``postc`` command line.

Each command imports the stages it needs when it runs, not when the CLI starts: postc runs
on every build, and a no-op ``postc generate`` should cost little more than Python itself.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import __version__
from generator.config import Target, find_pyproject, load_targets
from generator.errors import InputError, warning_lines
from generator.terminal import printable

if TYPE_CHECKING:
    from generator.diff import Change
    from generator.ir import Collection, Diagnostic, Override

EXIT_INVALID = 2

_collection_argument = click.argument(
    "collection", type=click.Path(path_type=Path, dir_okay=True, exists=False)
)
_env_option = click.option(
    "--env",
    "env_file",
    type=click.Path(path_type=Path, exists=False),
    help="A Postman environment file whose values override collection variables.",
)


_overrides_option = click.option(
    "--overrides",
    "overrides_file",
    type=click.Path(path_type=Path, exists=False),
    help="A JSON file of inference overrides (see docs/inference.md).",
)


_document_output = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the document to this file (atomically) instead of standard output.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="postc")
def cli() -> None:
    """postc compiles Postman collections into typed Python clients."""


@cli.command()
@_collection_argument
@_env_option
def validate(collection: Path, env_file: Path | None) -> None:
    """Check that COLLECTION is a Postman v2.0/v2.1 collection (or environment) postc can read.

    Exit status 0 when it is, 2 when it is not (one problem per line on stderr).
    """
    from generator.ir import Environment
    from generator.loader import load_environment, load_file
    from generator.naming.inflect import count

    environment = load_environment(env_file) if env_file is not None else None
    if environment is not None:
        _print_warnings(environment.source, environment.warnings)
    loaded = load_file(collection)
    _print_warnings(loaded.source, loaded.warnings)
    if isinstance(loaded, Environment):
        _echo(f"{loaded.source}: valid Postman environment: {count(len(loaded.values), 'value')}")
        return
    endpoints = list(loaded.endpoints())
    examples = sum(len(endpoint.examples) for endpoint in endpoints)
    _echo(
        f"{loaded.source}: valid Postman collection {loaded.schema_version}: "
        f"{count(len(endpoints), 'request')}, {count(examples, 'example')}"
    )


@cli.command()
@_collection_argument
@_env_option
@_overrides_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--models", is_flag=True, help="Also report every model field and its evidence.")
@click.option(
    "--flows",
    "show_flows",
    is_flag=True,
    help="Report the variable flows instead: which request sets which variable from its "
    "response, which requests use it, what could not be followed.",
)
def inspect(
    collection: Path,
    env_file: Path | None,
    overrides_file: Path | None,
    as_json: bool,
    models: bool,
    show_flows: bool,
) -> None:
    """Summarise what postc understood of COLLECTION: endpoints, examples, models, warnings."""
    import json

    from generator.api_models import build_models
    from generator.emit.plan import make_plan
    from generator.inspect import environment_json, environment_text, inspect_json, inspect_text
    from generator.ir import Environment
    from generator.loader import load_environment, load_file
    from generator.naming.identifiers import package_name

    environment = load_environment(env_file) if env_file is not None else None
    loaded = load_file(collection)
    if isinstance(loaded, Environment):
        if as_json:
            _echo_document(json.dumps(environment_json(loaded), indent=2, ensure_ascii=False))
        else:
            _echo_document(environment_text(loaded))
        return
    if show_flows:
        _echo_document(_flows_report(loaded, as_json=as_json), nl=as_json)
        return
    api = build_models(loaded, environment, _overrides(overrides_file))
    if as_json:
        plan = make_plan(loaded, environment, api, package_name(loaded.name))
        summary = inspect_json(loaded, environment, api, plan=plan, with_models=models)
        _echo_document(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        _echo_document(inspect_text(loaded, environment, api, with_models=models), nl=False)


def _flows_report(collection: Collection, *, as_json: bool) -> str:
    """``postc inspect --flows``: the collection's variable flows, as text or JSON."""
    import json

    from generator.inspect import flows_json, flows_text
    from generator.scripts.flows import collection_flows

    found = collection_flows(collection)
    if as_json:
        return json.dumps(flows_json(collection, found), indent=2, ensure_ascii=False)
    return flows_text(collection, found)


@cli.command()
@_collection_argument
@_env_option
@_overrides_option
@_document_output
def schema(
    collection: Path, env_file: Path | None, overrides_file: Path | None, output: Path | None
) -> None:
    """Write the models inferred from COLLECTION's examples as one JSON Schema document."""
    import json

    from generator.api_models import build_models
    from generator.emit.redaction import (
        collection_secrets,
        models_without_secrets,
        redact,
        variable_values,
    )
    from generator.loader import load_collection, load_environment
    from generator.output import write_atomically
    from generator.schema_doc import schema_document

    environment = load_environment(env_file) if env_file is not None else None
    loaded = load_collection(collection)
    secrets = collection_secrets(loaded, variable_values(loaded, environment))
    api = build_models(loaded, environment, _overrides(overrides_file))
    document = schema_document(redact(loaded.name, secrets), models_without_secrets(api, secrets))
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        _echo_document(text, nl=False)
    else:
        write_atomically(output, text)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path, exists=False))
@click.argument("new", type=click.Path(path_type=Path, exists=False))
@_env_option
@_overrides_option
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "non-breaking"]),
    help="Exit 1 when a change at this level (or a worse one) is found.",
)
@click.pass_context
def diff(
    ctx: click.Context,
    old: Path,
    new: Path,
    env_file: Path | None,
    overrides_file: Path | None,
    as_json: bool,
    fail_on: str | None,
) -> None:
    """What changed for callers from OLD to NEW, each change breaking, non-breaking or
    documentation only, with the semantic version bump they call for.

    OLD and NEW are Postman collections or OpenAPI 3.1 documents (JSON), in any mix;
    endpoints are matched by method and path, never by Postman ids or names.
    --env and --overrides apply to each side that is a collection.
    """
    import json

    from generator.diff import json_report, text_report
    from generator.diff.compare import form_notes, surface_changes
    from generator.diff.inputs import load_surface
    from generator.diff.kinds import LEVELS

    rules = _overrides(overrides_file)
    before, after = load_surface(old, env_file, rules), load_surface(new, env_file, rules)
    changes = surface_changes(before, after)
    notes = [*sorted({*before.notes, *after.notes}), *form_notes(before, after)]
    if as_json:
        _echo_document(json.dumps(json_report(changes, notes), indent=2, ensure_ascii=False))
    else:
        click.echo(text_report(changes, notes), nl=False)
    if fail_on is not None:
        failing = LEVELS[: LEVELS.index(fail_on) + 1]
        ctx.exit(1 if any(change.level in failing for change in changes) else 0)


@cli.command()
@_collection_argument
@_env_option
@_overrides_option
@_document_output
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "yaml"]),
    default="json",
    show_default=True,
    help="The document's syntax.",
)
def openapi(
    collection: Path,
    env_file: Path | None,
    overrides_file: Path | None,
    output: Path | None,
    output_format: str,
) -> None:
    """Write COLLECTION as one OpenAPI 3.1 document (docs/openapi.md)."""
    import json

    from generator.openapi import collection_openapi
    from generator.openapi.yaml import dumps
    from generator.output import write_atomically

    document = collection_openapi(collection, env_file, overrides_file)
    if output_format == "yaml":
        text = dumps(document)
    else:
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        _echo_document(text, nl=False)
    else:
        write_atomically(output, text)


def _target_options(function: Callable[..., None]) -> Callable[..., None]:
    """COLLECTION and the options of one target, shared by ``generate`` and ``check``."""
    options = [
        click.argument("collection", required=False, type=click.Path(path_type=Path, exists=False)),
        click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path, file_okay=False),
            help="The project directory (created if missing).",
        ),
        click.option(
            "--name", "package", help="The Python package name (default: from the collection)."
        ),
        _env_option,
        _overrides_option,
        click.option(
            "--templates",
            type=click.Path(path_type=Path, file_okay=False),
            help="A directory of templates overriding postc's by name (see docs/templates.md).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@cli.command()
@_target_options
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the output is not current.")
@click.option("--diff", is_flag=True, help="With --check: print a unified diff.")
@click.option("--force", is_flag=True, help="Overwrite generated files edited by hand.")
@click.pass_context
def generate(
    ctx: click.Context,
    collection: Path | None,
    output: Path | None,
    package: str | None,
    env_file: Path | None,
    overrides_file: Path | None,
    templates: Path | None,
    check: bool,
    diff: bool,
    force: bool,
) -> None:
    """Generate a typed Python client project, with tests, from COLLECTION into OUTPUT.

    With no COLLECTION, regenerate every target of [tool.postc] in the nearest
    pyproject.toml. Only changed files are written; generated files edited by hand are
    reported (exit 1) and overwritten only with --force; files postc did not write are
    never touched.
    """
    from generator.generate import ConflictError, generate_target
    from generator.naming.inflect import count

    if diff and not check:
        raise click.UsageError("--diff goes with --check (or use `postc check --diff`)")
    targets = _targets(collection, output, package, env_file, overrides_file, templates)
    if check:
        ctx.exit(_check(targets, diff))
    status = 0
    for target in targets:
        try:
            result = generate_target(target, force=force)
        except ConflictError as conflict:
            for line in conflict.lines():
                _echo(line, err=True)
            status = 1
            continue
        _print_warnings(str(target.collection), result.warnings)
        _echo(
            f"{target.output}: package {result.package}, {count(len(result.files), 'file')} "
            f"({len(result.written)} written, {len(result.removed)} removed)"
        )
        if result.changes:
            _echo_changes(result.changes)
    ctx.exit(status)


def _echo_changes(changes: Sequence[Change]) -> None:
    """The API changes of a regeneration, as ``postc diff`` classifies them (short)."""
    from generator.api_changes import summary_lines
    from generator.diff import suggested_bump
    from generator.naming.inflect import count

    bump = suggested_bump(changes)
    _echo(f"API changes: {count(len(changes), 'change')} (suggested version bump: {bump})")
    for line in summary_lines(changes):
        _echo(line)


@cli.command()
@_target_options
@click.option("--diff", is_flag=True, help="Print a unified diff of what would change.")
@click.pass_context
def check(
    ctx: click.Context,
    collection: Path | None,
    output: Path | None,
    package: str | None,
    env_file: Path | None,
    overrides_file: Path | None,
    templates: Path | None,
    diff: bool,
) -> None:
    """Exit 0 when the generated output is current, 1 (with a summary) when it is not.

    Renders every target of [tool.postc] (or COLLECTION -o OUTPUT) in memory and compares
    it with the files on disk and the manifest; writes nothing. For CI and pre-commit.
    """
    targets = _targets(collection, output, package, env_file, overrides_file, templates)
    ctx.exit(_check(targets, diff))


@cli.command()
@_collection_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to bind.")
@click.option("--port", default=8000, show_default=True, help="The port (0: any free port).")
@_env_option
def mock(collection: Path, host: str, port: int, env_file: Path | None) -> None:
    """Serve COLLECTION's saved examples over HTTP, as Postman's mock servers do.

    An example answers its saved request's method and path (``:id`` and ``{{var}}``
    segments match anything); the request headers x-mock-response-name and
    x-mock-response-code choose among several. Point a generated client at it with
    ``Client(base_url="http://127.0.0.1:8000")``. Ctrl-C stops it. With --env, the
    environment's credential values are left out of the bodies too, as in the tests
    ``postc generate --env`` writes.
    """
    from generator.loader import load_collection, load_environment
    from generator.mock import MockApi, server

    environment = load_environment(env_file) if env_file is not None else None
    api = MockApi(load_collection(collection), environment)
    try:
        httpd = server(api, host, port)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None
    bound_host, bound_port = httpd.server_address[:2]
    _echo(
        f"postc mock: {api.name!r} on http://{bound_host!s}:{bound_port} "
        f"({len(api.endpoints)} endpoints, {api.examples} examples); Ctrl-C stops",
        err=True,
    )
    if host not in ("127.0.0.1", "::1", "localhost"):
        click.echo(f"postc mock: warning: listening on {host}, not only this machine", err=True)
    signal.signal(signal.SIGTERM, _interrupt)  # a supervisor's stop is a Ctrl-C too
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        click.echo("postc mock: stopped", err=True)
    finally:
        httpd.server_close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@cli.command()
@_collection_argument
@_env_option
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="PATTERN",
    help="Record only the requests this glob matches: folder path and name "
    "('Users/Get user', 'Users/*') or JSON path ('item[0].item[1]'), any case. Repeatable.",
)
@click.option("--unsafe", is_flag=True, help="Also send other methods than GET, HEAD and OPTIONS.")
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="Wait this long between two requests.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The recorded collection (default: COLLECTION with .recorded before .json; "
    "may be COLLECTION itself).",
)
@click.pass_context
def record(
    ctx: click.Context,
    collection: Path,
    env_file: Path | None,
    only: tuple[str, ...],
    unsafe: bool,
    delay: float,
    output: Path | None,
) -> None:
    """Send COLLECTION's requests to its API and save each response as an example.

    Only GET, HEAD and OPTIONS without --unsafe; a request that sends a variable another
    one copies from its response goes after it (a login first). Credentials never reach
    the file, written once at the end (atomically): Ctrl-C leaves none. Exit status 0
    when something was recorded and nothing failed, 1 otherwise (docs/record.md).
    """
    from generator.record.run import Options
    from generator.record.run import record as record_collection

    options = Options(collection, env_file, only, unsafe, delay, output)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a supervisor's stop is a Ctrl-C
    try:
        status = record_collection(options, os.environ, lambda line: _echo(line, err=True))
    except KeyboardInterrupt:
        click.echo("postc record: interrupted; nothing written", err=True)
        status = 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    ctx.exit(status)


@cli.group()
def cache() -> None:
    """postc's cache of inferred types, renderings, formatted files and no-op stamps.

    Outside any output directory, private to you (created 0700); not used, with a warning,
    when another user owns it or others may write in it (see docs/security.md).
    """


@cache.command("clear")
def cache_clear() -> None:
    """Remove the cache directory (also what older postc versions left in it)."""
    from generator.cache import clear_cache

    click.echo(f"removed {clear_cache()}")


@cache.command("dir")
def cache_dir_command() -> None:
    """Print the cache directory ($POSTC_CACHE_DIR, $XDG_CACHE_HOME/postc or ~/.cache/postc)."""
    from generator.cache import cache_dir

    click.echo(str(cache_dir()))


def _check(targets: tuple[Target, ...], diff: bool) -> int:
    from generator.generate import check_target, summary, unified_diff

    status = 0
    for target in targets:
        rendered, drift = check_target(target)
        for line in summary(rendered, drift):
            click.echo(line)
        if diff:
            click.echo("".join(unified_diff(rendered, drift)), nl=False)
        if not drift.current:
            status = 1
    return status


def _targets(
    collection: Path | None,
    output: Path | None,
    package: str | None,
    env_file: Path | None,
    overrides_file: Path | None,
    templates: Path | None,
) -> tuple[Target, ...]:
    """The targets of the command line, else those of [tool.postc]."""
    if collection is not None and output is not None:
        return (Target(collection, output, package, env_file, overrides_file, templates),)
    pyproject = find_pyproject(Path.cwd())
    configured = load_targets(Path(os.path.relpath(pyproject))) if pyproject else ()
    if collection is None:
        if any(v is not None for v in (output, package, env_file, overrides_file, templates)):
            raise click.UsageError("options need a COLLECTION (or none, to use [tool.postc])")
        if not configured:
            raise click.UsageError(
                "give COLLECTION -o OUTPUT, or list targets under [[tool.postc.targets]] "
                "in pyproject.toml"
            )
        return configured
    chosen = tuple(t for t in configured if _same(t.collection, collection))
    if not chosen:
        raise click.UsageError(
            f"missing -o OUTPUT ({collection} is not a [tool.postc] target's collection)"
        )
    return tuple(
        Target(
            t.collection,
            t.output,
            package or t.package,
            env_file or t.env,
            overrides_file or t.overrides,
            templates or t.templates,
        )
        for t in chosen
    )


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _overrides(path: Path | None) -> tuple[Override, ...]:
    from generator.overrides import load_overrides

    return load_overrides(path) if path is not None else ()


def _print_warnings(source: str, warnings: tuple[Diagnostic, ...]) -> None:
    for line in warning_lines(source, warnings):
        _echo(line, err=True)


def _echo(line: str, *, err: bool = False) -> None:
    """Print one line that may hold collection text: whatever it holds shows as text, it
    cannot drive the terminal (``generator.terminal``) nor break into a second line."""
    click.echo(printable(line), err=err)


def _echo_document(text: str, *, nl: bool = True) -> None:
    """Print a multi-line report or JSON document postc composed, escaped as :func:`_echo`
    does but for its own line breaks (JSON stays valid JSON with the same value)."""
    click.echo(printable(text, keep_newlines=True), nl=nl)


def main() -> None:
    """Entry point: bad input gives one line per problem and exit status 2, never a traceback."""
    # postc allocates many small objects and frees few cycles: collect young objects far
    # less often than Python's default (700), as mypy does; memory stays bounded
    gc.set_threshold(50_000, 20, 20)
    try:
        status = cli.main(standalone_mode=False)
    except InputError as error:
        for line in error.lines():
            _echo(line, err=True)
        sys.exit(EXIT_INVALID)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except Exception as error:  # a bug in postc, not in the input: say so briefly
        if os.environ.get("POSTC_DEBUG"):
            raise
        _echo(
            f"postc: internal error ({type(error).__name__}: {error}); "
            "rerun with POSTC_DEBUG=1 for details and please report it",
            err=True,
        )
        sys.exit(70)
    sys.exit(status if isinstance(status, int) else 0)
