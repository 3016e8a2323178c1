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
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from briefer import __version__
from briefer.progress import TerminalProgress

if TYPE_CHECKING:
    from briefer.engines import Engine
    from briefer.evals.judge import Judge
from briefer.errors import BrieferError, ConfigError, DigestError, EngineError, InputError

app = typer.Typer(
    name="briefer",
    help=__doc__,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: formatting it with rich doubled start-up time
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
_ENGINE_HELP = "auto (openai when OPENAI_API_KEY or OPENAI_BASE_URL is set), offline or openai."
_MODEL_HELP = "Model name (LLM engine; default gpt-4.1-mini)."
_URL_HELP = "OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (LLM engine)."
_PROMPTS_HELP = (
    "Directory with system.j2 and user.j2 to use instead, or 'sentences' for the built-in "
    "set that cites numbered sentences (LLM engine)."
)
_TIMEOUT_HELP = "Seconds without a token before a request is given up (LLM engine; default 120)."
_CONTEXT_HELP = "The model's context window in tokens (LLM engine; default: ask the server)."

EngineOption = Annotated[
    str | None, typer.Option("--engine", "-e", envvar="BRIEFER_ENGINE", help=_ENGINE_HELP)
]
ModelOption = Annotated[
    str | None, typer.Option("--model", "-m", envvar="BRIEFER_MODEL", help=_MODEL_HELP)
]
BaseUrlOption = Annotated[
    str | None, typer.Option("--base-url", envvar="OPENAI_BASE_URL", help=_URL_HELP)
]
PromptsOption = Annotated[Path | None, typer.Option("--prompts", help=_PROMPTS_HELP)]
TimeoutOption = Annotated[
    float | None,
    typer.Option("--timeout", min=0.1, envvar="BRIEFER_TIMEOUT", help=_TIMEOUT_HELP),
]
ContextOption = Annotated[int | None, typer.Option("--context-window", min=512, help=_CONTEXT_HELP)]


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
    except (EngineError, DigestError) as exc:
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
    engine: EngineOption = "auto",
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    prompts: PromptsOption = None,
    timeout: TimeoutOption = None,
    context_window: ContextOption = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the model again even if an answer is cached.")
    ] = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", min=1, max=64, help="Articles briefed at once.")
    ] = 4,
    processes: Annotated[
        int,
        typer.Option(
            "--processes",
            min=1,
            max=64,
            help="Worker processes sharing the --concurrency briefings: use more cores for "
            "many articles (no live token count).",
        ),
    ] = 1,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            envvar="BRIEFER_FORMAT",
            help="Output format (default: from the --output extension, else md).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
) -> None:
    """Brief one or more articles. Several inputs give one document (a JSON array for json)."""
    from briefer.core import brief_many
    from briefer.engines import get_engine
    from briefer.render import render

    if articles.count("-") > 1:
        _fail("stdin (-) can be read only once", EXIT_BAD_INPUT)
    with _errors(), TerminalProgress(len(articles)) as progress:
        chosen = get_engine(
            engine or "auto",
            model=model,
            base_url=base_url,
            prompts=_opt(prompts),
            cache=False if no_cache else None,
            timeout=timeout,
            context_window=context_window,
            progress=progress.stream if progress.enabled and processes == 1 else None,
        )
        with _closing(chosen):
            outcomes = brief_many(
                articles,
                engine=chosen,
                concurrency=concurrency,
                processes=processes,
                on_done=progress.advance,
            )
    briefings = [o.briefing for o in outcomes if o.briefing is not None]
    failures = [o for o in outcomes if o.error is not None]
    for o in outcomes:
        if o.error is not None:
            typer.echo(f"briefer: error: {_naming(o.location, o.error.message)}", err=True)
        elif o.briefing is not None and o.briefing.meta.truncated:
            cut = o.briefing.meta.truncated
            typer.echo(f"briefer: warning: {o.location}: answer cut short: {cut}", err=True)
    with _errors():
        if briefings:
            chosen_format = fmt.value if fmt else _format_for(output)
            document = render(briefings if len(articles) > 1 else briefings[0], chosen_format)
            _write(document, output)
    if failures:
        if len(articles) > 1:
            typer.echo(f"briefer: {len(failures)} of {len(articles)} inputs failed", err=True)
        bad_input_only = not briefings and all(isinstance(o.error, InputError) for o in failures)
        raise typer.Exit(EXIT_BAD_INPUT if bad_input_only else EXIT_SOME_FAILED)


def _naming(location: str, message: str) -> str:
    """``message``, starting with the input it is about."""
    return message if message.startswith(f"{location}:") else f"{location}: {message}"


@app.command("eval")
def eval_(
    cases: Annotated[
        list[str] | None,
        typer.Argument(help="Case files or directories (default: evals/cases)."),
    ] = None,
    engine: EngineOption = "auto",
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    prompts: PromptsOption = None,
    timeout: TimeoutOption = None,
    context_window: ContextOption = None,
    repeat: Annotated[
        int, typer.Option("--repeat", "-n", min=1, help="Samples per case (bypasses the cache).")
    ] = 1,
    pass_rate: Annotated[
        float,
        typer.Option("--pass-rate", min=0.0, max=1.0, help="Share of samples a case must pass."),
    ] = 0.8,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Fail on regressions against this file.")
    ] = None,
    tolerance: Annotated[
        float, typer.Option("--tolerance", min=0.0, help="Score drop allowed by --baseline.")
    ] = 0.05,
    save_baseline: Annotated[
        Path | None, typer.Option("--save-baseline", help="Write the scores as a baseline.")
    ] = None,
    report: Annotated[
        list[Path] | None,
        typer.Option("--report", "-r", help="Write a report: .json, .xml (JUnit) or .html."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", min=1, max=64, help="Cases briefed at once.")
    ] = 1,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Explain every unmet expectation.")
    ] = False,
    judge: Annotated[
        bool,
        typer.Option(
            "--judge",
            help="Ask an LLM (same --model/--base-url) about expectations keywords missed.",
        ),
    ] = False,
    briefings: Annotated[
        Path | None,
        typer.Option(
            "--briefings",
            help="Score the saved DIR/<case>.json (brief --format json) instead of an engine.",
            metavar="DIR",
        ),
    ] = None,
) -> None:
    """Score an engine (or saved briefings) against the eval cases.

    Exit 1 on a failed case or a regression; cases whose article is absent are skipped.
    """
    from briefer import evals
    from briefer.engines import get_engine
    from briefer.evals.report import (
        check_folder,
        check_report_path,
        explain,
        table,
        write_report,
    )

    with _errors():
        for path in report or []:
            check_report_path(path)  # before the run, not after it
        if save_baseline:
            check_folder(save_baseline, "baseline")
        if briefings is not None and not briefings.is_dir():
            _fail(f"{briefings}: not a directory (--briefings)", EXIT_BAD_INPUT)
        if briefings is not None and repeat > 1:
            _fail("--repeat needs an engine; a saved briefing is one sample", EXIT_BAD_INPUT)
        chosen_cases = evals.find_cases(cases)
        floor = evals.load_baseline(baseline) if baseline else None
        cache = False if repeat > 1 else None
        # --model and --base-url are for the judge alone when the engine is offline
        llm = {} if judge and engine == "offline" else {"model": model, "base_url": base_url}
        progress = TerminalProgress(len(chosen_cases))
        chosen = (
            None
            if briefings is not None
            else get_engine(
                engine or "auto",
                prompts=_opt(prompts),
                cache=cache,
                timeout=timeout,
                context_window=context_window,
                progress=progress.stream if progress.enabled else None,
                **llm,
            )
        )
        with (
            _closing(chosen),
            _judging(chosen, judge, model, base_url) as referee,
            progress,
        ):
            result = evals.run_cases(
                chosen_cases,
                chosen,
                repeat=repeat,
                pass_rate=pass_rate,
                concurrency=concurrency,
                on_done=progress.advance,
                judge=referee,
                briefings=briefings,
            )
        regressed = evals.regressions(result, floor, tolerance) if floor else []
        typer.echo(table(result, regressed))
        if referee is not None and referee.failure is not None:
            typer.echo(
                f"briefer: warning: the judge failed ({referee.failure}); from then on the "
                "cases were scored by keywords alone",
                err=True,
            )
        if verbose:
            typer.echo(explain(result))
        for path in report or []:
            write_report(result, path, regressed)
        if save_baseline:
            evals.save_baseline(result, save_baseline)
            typer.echo(f"briefer: baseline saved to {save_baseline}", err=True)
        elif floor is not None and not regressed:
            typer.echo(f"briefer: no regression against {baseline}", err=True)
        for case in result.cases:
            if case.skipped is not None:
                typer.echo(f"briefer: skipped {case.case}: {case.skipped}", err=True)
            for error in dict.fromkeys(case.errors):
                typer.echo(f"briefer: error: {case.case}: {error}", err=True)
        for r in regressed:
            how = "passed, now fails" if r.flipped else "score dropped"
            typer.echo(
                f"briefer: regression: {r.case}: {how} ({r.baseline:.2f} -> {r.now:.2f})", err=True
            )
        if regressed or (floor is None and result.failed):
            raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def digest(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Folders, article files, RSS/Atom feeds (file or URL), URLs."),
    ] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="Recipient (repeatable).")] = None,
    sender: Annotated[str | None, typer.Option("--from", help="The From address.")] = None,
    smtp_url: Annotated[
        str | None,
        typer.Option("--smtp-url", help="smtp://user@host:port (STARTTLS) or smtps://..."),
    ] = None,
    password_env: Annotated[
        str | None,
        typer.Option(
            "--password-env",
            help="Variable with the SMTP password (default BRIEFER_SMTP_PASSWORD).",
        ),
    ] = None,
    engine: EngineOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    timeout: TimeoutOption = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only articles newer than this: 36h, 7d.")
    ] = None,
    state: Annotated[Path | None, typer.Option("--state", help="SQLite state file.")] = None,
    every: Annotated[
        str | None, typer.Option("--every", help='Cron schedule, e.g. "0 7 * * *".')
    ] = None,
    dry_run: Annotated[
        Path | None,
        typer.Option(
            "--dry-run", help="Write the digest to this .eml or .json file; send nothing."
        ),
    ] = None,
    max_stories: Annotated[
        int | None,
        typer.Option("--max-stories", min=1, help="Stories per message (default 50); more: parts."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="digest.toml with these settings.")
    ] = None,
) -> None:
    """Email a digest of the new articles from SOURCES; each article goes out once."""
    from datetime import datetime

    from briefer.digest import DigestConfig, load_config, run_digest
    from briefer.digest.schedule import run_every

    with _errors():
        base = load_config(config) if config else DigestConfig()
        settings = base.merged(
            sources=sources,
            to=to,
            sender=sender,
            smtp_url=smtp_url,
            password_env=password_env,
            engine=engine,
            model=model,
            base_url=base_url,
            timeout=timeout,
            since=since,
            state=state,
            every=every,
            dry_run=dry_run,
            max_stories=max_stories,
        )

        def stamp() -> str:
            return f"[{datetime.now().astimezone():%Y-%m-%d %H:%M}] " if settings.every else ""

        def once() -> None:
            result = run_digest(settings)
            for note in result.notes:
                typer.echo(f"briefer: {stamp()}note: {note}", err=True)
            for failure in result.failures:
                typer.echo(f"briefer: {stamp()}error: {failure}", err=True)
            typer.echo(f"briefer: {stamp()}{result.summary}", err=True)
            if result.failures and not settings.every:
                raise typer.Exit(EXIT_SOME_FAILED)

        from briefer.digest.run import validate

        validate(settings)
        if settings.every is None:
            once()
            return
        typer.echo(f"briefer: running digests on {settings.every!r}; Ctrl-C stops", err=True)
        run_every(
            settings.every,
            once,
            lambda exc: typer.echo(f"briefer: {stamp()}error: run failed: {exc}", err=True),
        )


@contextmanager
def _judging(
    engine: Engine | None, wanted: bool, model: str | None, base_url: str | None
) -> Iterator[Judge | None]:
    """The LLM judge: the eval's own engine when it is an LLM, else one built the same way."""
    from briefer.engines import get_engine
    from briefer.evals.judge import AsksJson, Judge

    if not wanted:
        yield None
    elif isinstance(engine, AsksJson):
        yield Judge(engine)
    else:
        llm = get_engine("openai", model=model, base_url=base_url)
        with _closing(llm):
            if not isinstance(llm, AsksJson):
                raise ConfigError("the judge needs an LLM engine")
            yield Judge(llm)


@contextmanager
def _closing(engine: Engine | None) -> Iterator[None]:
    try:
        yield
    finally:
        if engine is not None:
            engine.close()


def _format_for(output: Path | None) -> str:
    """md, unless --output names a file whose extension says otherwise."""
    suffix = output.suffix.lower() if output else ""
    return {".json": "json", ".html": "html", ".htm": "html", ".txt": "text"}.get(suffix, "md")


def _opt(path: Path | None) -> str | None:
    return str(path) if path else None


@app.command()
def schema() -> None:
    """Print the JSON Schema of a briefing."""
    import json

    from briefer.models import briefing_json_schema

    typer.echo(json.dumps(briefing_json_schema(), indent=2))


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
    from briefer.runtime import settle_gc

    settle_gc()
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("briefer: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
