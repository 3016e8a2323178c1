"""briefer: turn news articles into structured, evidence-checked briefings.

Exit codes: 0 ok; 1 some inputs failed; 2 usage error or bad input; 130 interrupted.
Set BRIEFER_DEBUG=1 to see tracebacks instead of one-line errors.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from briefer import __version__
from briefer.errors import BrieferError, EngineError, InputError

app = typer.Typer(
    name="briefer",
    help=__doc__,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class Format(StrEnum):
    md = "md"
    json = "json"
    html = "html"
    text = "text"


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"briefer: error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn briefer's exceptions into one-line messages and exit codes (the only place)."""
    if os.environ.get("BRIEFER_DEBUG"):
        yield
        return
    try:
        yield
    except KeyboardInterrupt:
        _fail("interrupted", EXIT_INTERRUPTED)
    except EngineError as exc:
        _fail(exc.message, EXIT_SOME_FAILED)
    except BrieferError as exc:
        _fail(exc.message, EXIT_BAD_INPUT)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Turn news articles into structured, evidence-checked briefings."""


@app.command()
def brief(
    articles: Annotated[
        list[str],
        typer.Argument(help="Article files (.txt .md .html .json), URLs, or - for stdin."),
    ],
    engine: Annotated[
        str,
        typer.Option("--engine", "-e", envvar="BRIEFER_ENGINE", help="auto or offline."),
    ] = "auto",
    fmt: Annotated[
        Format, typer.Option("--format", "-f", envvar="BRIEFER_FORMAT", help="Output format.")
    ] = Format.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
) -> None:
    """Brief one or more articles. Several inputs give one document (a JSON array for json)."""
    from briefer.core import brief as brief_article
    from briefer.engines import get_engine
    from briefer.render import render

    if articles.count("-") > 1:
        _fail("stdin (-) can be read only once", EXIT_BAD_INPUT)
    with _errors():
        chosen = get_engine(engine)
        briefings, failures = [], []
        for location in _progress(articles):
            try:
                briefings.append(brief_article(location, engine=chosen))
            except (InputError, EngineError) as exc:
                if len(articles) == 1:
                    raise
                failures.append(exc.message)
        for message in failures:
            typer.echo(f"briefer: error: {message}", err=True)
        if briefings:
            document = render(briefings if len(articles) > 1 else briefings[0], fmt.value)
            _write(document, output)
        if failures:
            typer.echo(f"briefer: {len(failures)} of {len(articles)} inputs failed", err=True)
            raise typer.Exit(EXIT_SOME_FAILED if briefings else EXIT_BAD_INPUT)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a briefing."""
    import json

    from briefer.models import briefing_json_schema

    typer.echo(json.dumps(briefing_json_schema(), indent=2))


def _progress(items: list[str]) -> Iterator[str]:
    if len(items) < 2 or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, description="Briefing", console=Console(stderr=True), transient=True)


def _write(document: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(document)
        return
    try:
        output.write_text(document, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write output ({exc.strerror or exc})", str(output)) from None


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("briefer: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
