"""One digest run: collect new articles, brief them, merge stories, send once, record."""

from __future__ import annotations

import email
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.policy import SMTP
from pathlib import Path
from typing import NamedTuple

from briefer.article import Article
from briefer.core import brief
from briefer.digest.config import DigestConfig, parse_age
from briefer.digest.mail import build_message, check_smtp_url, send, write_eml
from briefer.digest.merge import merge_stories
from briefer.digest.sources import Candidate, collect
from briefer.digest.state import MAX_ATTEMPTS, Pending, State
from briefer.engines import Engine, get_engine
from briefer.errors import (
    BrieferError,
    ConfigError,
    EngineError,
    InputError,
    SmtpError,
    one_line,
)
from briefer.models import Briefing


class DigestResult(NamedTuple):
    """What a run did."""

    sent: bool
    """True when a message went out (or, with a dry run, was written)."""
    summary: str
    stories: int = 0
    articles: int = 0
    failures: list[str] = []
    eml: Path | None = None


_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\".]+(?:\.[^@\s<>,;\".]+)*$")


def validate(config: DigestConfig) -> None:
    """Check everything that can be checked before any article is fetched or briefed."""
    if not config.sources:
        raise ConfigError("no sources: give folders, files, feeds or URLs")
    if not config.to and config.dry_run is None:
        raise ConfigError("no recipients: give --to (or 'to' in the config)")
    for address in [*config.to, config.sender]:
        if not _ADDRESS.match(address):
            raise ConfigError(f"not an email address: {address!r}")
    if config.dry_run is None:
        if config.smtp_url is None:
            raise ConfigError("no SMTP server: give --smtp-url (or --dry-run FILE)")
        check_smtp_url(config.smtp_url)


def run_digest(config: DigestConfig, engine: Engine | None = None) -> DigestResult:
    """Run one digest as configured. Raises ``BrieferError`` subclasses on failure;
    an article that cannot be briefed is reported, not fatal."""
    validate(config)
    now = datetime.now(UTC)
    since = now - parse_age(config.since) if config.since else None
    chosen = engine or get_engine(
        config.engine, model=config.model, base_url=config.base_url, timeout=config.timeout
    )
    with State(config.state) as state:
        resent = 0 if config.dry_run else _flush_outbox(state, config)
        collected = collect(config.sources, since)
        fresh = state.unsent(c.key for c in collected.candidates) - state.given_up()
        new = [c for c in collected.candidates if c.key in fresh]
        if not new:
            summary = "no new articles" + (f" (re-sent {resent} held digest)" if resent else "")
            return DigestResult(resent > 0, summary, failures=collected.failures)
        briefed, failed = _brief_all(new, chosen)
        state.succeeded(c.key for c, _, _ in briefed)
        failures = list(collected.failures)
        for candidate, error in failed:
            attempts = state.failed(candidate.key, candidate.location, error)
            note = f" (giving up after {attempts} attempts)" if attempts >= MAX_ATTEMPTS else ""
            failures.append(error + note)
        if not briefed:
            return DigestResult(False, "no article could be briefed", failures=failures)
        stories = merge_stories([(article, b) for _, article, b in briefed])
        stories = stories[: config.max_stories]
        included = {id(a) for s in stories for a in s.articles}
        shipped = [(c.key, c.location, a.title) for c, a, _ in briefed if id(a) in included]
        message = build_message(stories, failures, config.sender, config.to, now)
        if config.dry_run is not None:
            write_eml(message, config.dry_run)
            return DigestResult(
                True,
                f"wrote {config.dry_run}",
                len(stories),
                len(shipped),
                failures,
                config.dry_run,
            )
        pending = state.stage(
            bytes(message),
            str(message["Message-ID"]),
            config.to,
            str(message["Subject"]),
            len(stories),
            shipped,
        )
        failures += _deliver(state, pending, config)
    return DigestResult(
        True,
        f"sent {_count(len(stories), 'story', 'stories')} from "
        f"{_count(len(shipped), 'article', 'articles')} to {', '.join(config.to)}",
        len(stories),
        len(shipped),
        failures,
    )


def _deliver(state: State, pending: Pending, config: DigestConfig) -> list[str]:
    """Send a staged digest; record it on acceptance, drop it on a definite refusal."""
    assert config.smtp_url is not None
    message = email.message_from_bytes(pending.message, policy=SMTP)
    try:
        refused = send(message, config.smtp_url, config.password_env)
    except SmtpError as exc:
        if not exc.maybe_sent:
            state.discard(pending)  # nothing went out: the articles wait for the next run
        raise
    state.sent(pending)
    return [f"recipient refused by the server: {r}" for r in refused]


def _flush_outbox(state: State, config: DigestConfig) -> int:
    """Send digests a previous run left in the outbox (the same message, same Message-ID)."""
    held = state.pending()
    for pending in held:
        _deliver(state, pending, config)
    return len(held)


def _brief_all(
    candidates: list[Candidate], engine: Engine
) -> tuple[list[tuple[Candidate, Article, Briefing]], list[tuple[Candidate, str]]]:
    """Brief every candidate; return the briefed ones and (candidate, error) for the rest."""

    def one(c: Candidate) -> tuple[Candidate, Article, Briefing] | str:
        try:
            article = c.load()
            return c, article, brief(article, engine=engine)
        except (InputError, EngineError) as exc:
            return (
                exc.message
                if exc.message.startswith(c.location)
                else f"{c.location}: {exc.message}"
            )
        except BrieferError:
            raise
        except Exception as exc:  # one odd article must not stop the digest
            return f"{c.location}: {type(exc).__name__}: {one_line(exc)}"

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, candidates))
    briefed = [r for r in results if not isinstance(r, str)]
    failed = [(c, r) for c, r in zip(candidates, results, strict=True) if isinstance(r, str)]
    return briefed, failed


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
