"""The ``postc`` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.emit.plan import make_plan
from generator.errors import InputError
from generator.generate import generate as run_generate
from generator.inspect import (
    count,
    environment_json,
    environment_text,
    inspect_json,
    inspect_text,
)
from generator.ir import Diagnostic, Environment, Override
from generator.loader import load_collection, load_environment, load_file
from generator.models import build_models
from generator.naming.identifiers import package_name
from generator.output import write_atomically
from generator.overrides import load_overrides
from generator.schema_doc import schema_document

EXIT_INVALID = 2
MAX_WARNINGS_SHOWN = 20

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
    environment = load_environment(env_file) if env_file is not None else None
    if environment is not None:
        _print_warnings(environment.source, environment.warnings, limit=MAX_WARNINGS_SHOWN)
    loaded = load_file(collection)
    _print_warnings(loaded.source, loaded.warnings, limit=MAX_WARNINGS_SHOWN)
    if isinstance(loaded, Environment):
        click.echo(
            f"{loaded.source}: valid Postman environment: {count(len(loaded.values), 'value')}"
        )
        return
    endpoints = list(loaded.endpoints())
    examples = sum(len(endpoint.examples) for endpoint in endpoints)
    click.echo(
        f"{loaded.source}: valid Postman collection {loaded.schema_version}: "
        f"{count(len(endpoints), 'request')}, {count(examples, 'example')}"
    )


@cli.command()
@_collection_argument
@_env_option
@_overrides_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--models", is_flag=True, help="Also report every model field and its evidence.")
def inspect(
    collection: Path,
    env_file: Path | None,
    overrides_file: Path | None,
    as_json: bool,
    models: bool,
) -> None:
    """Summarise what postc understood of COLLECTION: endpoints, examples, models, warnings."""
    environment = load_environment(env_file) if env_file is not None else None
    loaded = load_file(collection)
    if isinstance(loaded, Environment):
        if as_json:
            click.echo(json.dumps(environment_json(loaded), indent=2, ensure_ascii=False))
        else:
            click.echo(environment_text(loaded))
        return
    api = build_models(loaded, environment, _overrides(overrides_file))
    if as_json:
        plan = make_plan(loaded, environment, api, package_name(loaded.name))
        summary = inspect_json(loaded, environment, api, plan=plan, with_models=models)
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        click.echo(inspect_text(loaded, environment, api, with_models=models), nl=False)


@cli.command()
@_collection_argument
@_env_option
@_overrides_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the schema to this file instead of standard output.",
)
def schema(
    collection: Path, env_file: Path | None, overrides_file: Path | None, output: Path | None
) -> None:
    """Write the models inferred from COLLECTION's examples as one JSON Schema document."""
    environment = load_environment(env_file) if env_file is not None else None
    loaded = load_collection(collection)
    api = build_models(loaded, environment, _overrides(overrides_file))
    text = json.dumps(schema_document(loaded.name, api), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)


@cli.command()
@_collection_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The project directory to write (created if missing).",
)
@click.option("--name", "package", help="The Python package name (default: from the collection).")
@_env_option
@_overrides_option
def generate(
    collection: Path,
    output: Path,
    package: str | None,
    env_file: Path | None,
    overrides_file: Path | None,
) -> None:
    """Generate a typed Python client project, with tests, from COLLECTION."""
    result = run_generate(
        collection, output, package=package, env_path=env_file, overrides_path=overrides_file
    )
    _print_warnings(str(collection), result.warnings, limit=MAX_WARNINGS_SHOWN)
    click.echo(
        f"{output}: package {result.package}, {count(len(result.files), 'file')} "
        f"({len(result.written)} written, {len(result.removed)} removed)"
    )


def _overrides(path: Path | None) -> tuple[Override, ...]:
    return load_overrides(path) if path is not None else ()


def _print_warnings(source: str, warnings: tuple[Diagnostic, ...], limit: int) -> None:
    for warning in warnings[:limit]:
        click.echo(f"{source}: warning: {warning}", err=True)
    if len(warnings) > limit:
        click.echo(
            f"{source}: ... and {len(warnings) - limit} more warnings (`postc inspect` lists all)",
            err=True,
        )


def main() -> None:
    """Entry point: bad input gives one line per problem and exit status 2, never a traceback."""
    try:
        status = cli.main(standalone_mode=False)
    except InputError as error:
        for line in error.lines():
            click.echo(line, err=True)
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
        click.echo(
            f"postc: internal error ({type(error).__name__}: {error}); "
            "rerun with POSTC_DEBUG=1 for details and please report it",
            err=True,
        )
        sys.exit(70)
    sys.exit(status if isinstance(status, int) else 0)
