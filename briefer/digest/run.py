"""One digest run: check the settings, send what is held, collect new articles, brief them
(once: briefings are kept), merge stories, send them in as many messages as needed, record."""

from __future__ import annotations

import email
import hashlib
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import NamedTuple, TypeVar

from pydantic import ValidationError

from briefer import __version__
from briefer.article import Article
from briefer.core import brief
from briefer.digest.config import DigestConfig, parse_age
from briefer.digest.document import document, write_json
from briefer.digest.mail import Part, address, build_message, check_smtp_url, probe, send, write_eml
from briefer.digest.merge import Story, merge_stories
from briefer.digest.sources import Candidate, collect
from briefer.digest.state import MAX_ATTEMPTS, Pending, State
from briefer.engines import Engine, get_engine
from briefer.errors import BrieferError, ConfigError, EngineError, InputError, SmtpError, one_line
from briefer.models import Briefing

_URL = re.compile(r"https?://", re.IGNORECASE)
T = TypeVar("T")
R = TypeVar("R")


class DigestResult(NamedTuple):
    """What a run did."""

    sent: bool
    """True when a message went out (or, with a dry run, was written)."""
    summary: str
    stories: int = 0
    articles: int = 0
    failures: list[str] = []
    """Sources and articles that could not be used, recipients refused: exit code 1."""
    outputs: list[Path] = []
    """The files a dry run wrote."""
    notes: list[str] = []
    """Things worth saying that are not failures (a held digest re-addressed)."""
    messages: int = 0
    """Messages sent (or written) by this run, held digests included."""


class Briefed(NamedTuple):
    """An article of this run, and its briefing."""

    candidate: Candidate
    article: Article
    briefing: Briefing


class Failed(NamedTuple):
    """An article of this run that could not be loaded or briefed."""

    candidate: Candidate
    error: str
    """One line, naming the article once."""


def validate(config: DigestConfig) -> None:
    """Check everything that can be checked before any article is fetched or briefed."""
    if not config.sources:
        raise ConfigError("no sources: give folders, files, feeds or URLs")
    for source in config.sources:
        if not _URL.match(source) and not Path(source).expanduser().exists():
            raise ConfigError(f"{source}: no such file, folder or URL")
    if config.dry_run is not None:
        folder = config.dry_run.parent
        if not folder.is_dir():
            raise ConfigError(f"{folder}: no such folder for the dry run's file")
        if config.smtp_url is not None:  # not used now, but it will be: no password needed
            check_smtp_url(config.smtp_url, None)
        return
    if not config.to:
        raise ConfigError("no recipients: give --to (or 'to' in the config)")
    if config.smtp_url is None:
        raise ConfigError("no SMTP server: give --smtp-url (or --dry-run FILE)")
    check_smtp_url(config.smtp_url, config.password_env)


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
        notes: list[str] = []
        resent = 0
        if config.dry_run is None:
            assert config.smtp_url is not None
            _probe(state, config)
            resent = _flush_outbox(state, config, notes)
        collected = collect(config.sources, since)
        fresh = state.unsent(c.key for c in collected.candidates) - state.given_up()
        new = [c for c in collected.candidates if c.key in fresh]
        if not new:
            summary = "no new articles" + (
                f" (re-sent {_count(resent, 'held digest')})" if resent else ""
            )
            return DigestResult(
                resent > 0, summary, failures=collected.failures, notes=notes, messages=resent
            )
        briefed, failed = _brief_all(new, chosen, state)
        failures = list(collected.failures)
        if config.dry_run is not None:  # a dry run counts no failure towards giving up
            failures += [f.error for f in failed]
        else:
            state.succeeded(b.candidate.key for b in briefed)
            for f in failed:
                gave_up = state.failed(f.candidate.key, f.candidate.location, f.error)
                note = f" (giving up: {MAX_ATTEMPTS} failures over more than a day)"
                failures.append(f.error + (note if gave_up else ""))
        if not briefed:
            return DigestResult(
                False, "no article could be briefed", failures=failures, notes=notes
            )
        stories = _stories(briefed, state)
        parts = [
            stories[i : i + config.max_stories] for i in range(0, len(stories), config.max_stories)
        ]
        if config.dry_run is not None:
            return _dry_run(config, parts, failures, now, len(briefed), notes)
        return _send_new(state, config, parts, briefed, failures, now, notes, resent)


def _probe(state: State, config: DigestConfig) -> None:
    """Reach the server before any fetch; a failure says what stays held."""
    assert config.smtp_url is not None
    try:
        probe(config.smtp_url, config.password_env)
    except SmtpError as exc:
        held = len(state.pending())
        if not held:
            raise
        raise SmtpError(
            f"{exc.message}; {_count(held, 'held digest')} will be sent on the next run"
        ) from None


def _stories(briefed: list[Briefed], state: State) -> list[Story]:
    """Merge into stories; an article sent before under other content is an update."""
    before = state.sent_before(b.candidate.location for b in briefed)
    updated = {b.article.location for b in briefed if b.candidate.location in before}
    stories = merge_stories([(b.article, b.briefing) for b in briefed])
    return [
        s._replace(updates=frozenset(a.location for a in s.articles) & updated) for s in stories
    ]


def _dry_run(
    config: DigestConfig,
    parts: list[list[Story]],
    failures: list[str],
    now: datetime,
    articles: int,
    notes: list[str],
) -> DigestResult:
    """Write the digest as JSON, or each message as .eml; mark nothing as sent."""
    path = config.dry_run
    assert path is not None
    stories = [s for part in parts for s in part]
    if path.suffix.lower() == ".json":
        write_json(document(stories, failures, now, len(parts)), path)
        outputs = [path]
    else:
        outputs = []
        for number, part in enumerate(parts, 1):
            target = path if len(parts) == 1 else path.with_stem(f"{path.stem}-{number}")
            write_eml(
                build_message(
                    part, failures, config.sender, config.to, now, Part(number, len(parts))
                ),
                target,
            )
            outputs.append(target)
    shown = ", ".join(map(str, outputs))
    return DigestResult(
        True, f"wrote {shown}", len(stories), articles, failures, outputs, notes, len(outputs)
    )


def _send_new(
    state: State,
    config: DigestConfig,
    parts: list[list[Story]],
    briefed: list[Briefed],
    failures: list[str],
    now: datetime,
    notes: list[str],
    resent: int,
) -> DigestResult:
    """Store every message of the digest, then send them one by one."""
    by_article = {
        id(b.article): (b.candidate.key, b.candidate.location, b.article.title) for b in briefed
    }
    staged = []
    for number, part in enumerate(parts, 1):
        footer = failures if number == len(parts) else []  # said once, in the last part
        message = build_message(
            part, footer, config.sender, config.to, now, Part(number, len(parts))
        )
        shipped = [by_article[id(a)] for s in part for a in s.articles]
        staged.append(
            state.stage(
                bytes(message),
                str(message["Message-ID"]),
                config.sender,
                config.to,
                str(message["Subject"]),
                len(part),
                shipped,
            )
        )
    accepted: list[str] = []
    for number, pending in enumerate(staged, 1):
        try:
            delivered = _deliver(state, pending, config)
        except SmtpError as exc:
            rest = len(staged) - number
            if not rest:
                raise
            verb = "is" if rest == 1 else "are"
            raise SmtpError(
                f"{exc.message}; {_count(rest, 'later part')} of this digest {verb} held too",
                exc.maybe_sent,
                exc.permanent,
            ) from None
        accepted += [r for r in delivered if r not in accepted]
    failures += [f"recipient refused by the server: {r}" for r in config.to if r not in accepted]
    stories = sum(len(p) for p in parts)
    articles = sum(len(s.articles) for p in parts for s in p)
    summary = (
        f"sent {_count(stories, 'story', 'stories')} from {_count(articles, 'article')} "
        f"to {', '.join(accepted)}"
    )
    if len(parts) > 1:
        summary += f" in {len(parts)} messages of at most {config.max_stories} stories"
    if resent:
        summary += f" (and re-sent {_count(resent, 'held digest')})"
    return DigestResult(True, summary, stories, articles, failures, [], notes, len(parts) + resent)


def _deliver(state: State, pending: Pending, config: DigestConfig) -> list[str]:
    """Send a stored digest to the configured recipients and record it on acceptance.

    A failure to connect, a time-out or a temporary (4xx) refusal keeps it stored, to be
    sent again as the same message; a permanent (5xx) refusal drops it, and its articles
    become new again. Returns the recipients the server accepted.
    """
    assert config.smtp_url is not None
    message = email.message_from_bytes(pending.message, policy=SMTP)
    assert isinstance(message, EmailMessage)
    address(message, config.sender, config.to)
    try:
        accepted = send(message, config.smtp_url, config.password_env, config.sender, config.to)
    except SmtpError as exc:
        if exc.permanent:
            state.discard(pending)
            raise SmtpError(
                f"{exc.message}; the digest '{pending.subject}' was dropped and its articles "
                "will go in the next one",
                permanent=True,
            ) from None
        when = "after the message was handed over" if exc.maybe_sent else "before it was sent"
        raise SmtpError(
            f"{exc.message} {when}; the digest '{pending.subject}' is held and will be "
            "sent again (same Message-ID) on the next run",
            maybe_sent=exc.maybe_sent,
        ) from None
    if accepted:
        state.sent(pending, accepted)
    return accepted


def _flush_outbox(state: State, config: DigestConfig, notes: list[str]) -> int:
    """Send digests a previous run left stored (each the same message, same Message-ID),
    addressed as the configuration is now."""
    held = state.pending()
    for pending in held:
        was = ", ".join(pending.recipients)
        if sorted(pending.recipients) != sorted(config.to) or pending.sender not in (
            None,
            config.sender,
        ):
            notes.append(
                f"held digest '{pending.subject}' re-addressed from {was} "
                f"to {', '.join(config.to)} (from {config.sender})"
            )
        _deliver(state, pending, config)
    return len(held)


def _brief_all(
    candidates: list[Candidate], engine: Engine, state: State
) -> tuple[list[Briefed], list[Failed]]:
    """Load every candidate and brief those whose content was not briefed before."""
    loaded = _parallel(candidates, lambda c: _guard(c, c.load))
    articles = [(c, a) for c, a in zip(candidates, loaded, strict=True) if isinstance(a, Article)]
    failed = [Failed(c, r) for c, r in zip(candidates, loaded, strict=True) if isinstance(r, str)]
    keys = {id(a): _content_key(a, engine) for _, a in articles}
    kept = state.briefings(keys.values())
    briefings: dict[int, Briefing] = {}
    for _, a in articles:
        try:
            briefings[id(a)] = Briefing.model_validate_json(kept[keys[id(a)]])
        except (KeyError, ValidationError):
            pass  # not briefed yet, or by an older briefer: brief it
    todo = [(c, a) for c, a in articles if id(a) not in briefings]
    done = _parallel(todo, lambda item: _guard(item[0], lambda: brief(item[1], engine=engine)))
    fresh = []
    for (c, a), result in zip(todo, done, strict=True):
        if isinstance(result, Briefing):
            briefings[id(a)] = result
            fresh.append((keys[id(a)], result.model_dump_json()))
        else:
            failed.append(Failed(c, result))
    state.keep_briefings(fresh)
    briefed = [Briefed(c, a, briefings[id(a)]) for c, a in articles if id(a) in briefings]
    return briefed, failed


def _content_key(article: Article, engine: Engine) -> str:
    """The same text briefed by the same engine is the same briefing."""
    made_by = engine.describe()
    who = f"{__version__}\0{made_by.engine}\0{made_by.model}\0{made_by.prompt_version}"
    return hashlib.sha256(f"{who}\0{article.title}\0{article.text}".encode()).hexdigest()


def _guard(candidate: Candidate, work: Callable[[], T]) -> T | str:
    """``work()``, or the one-line reason it failed, naming the candidate once."""
    try:
        return work()
    except (InputError, EngineError) as exc:
        reason = exc.reason if isinstance(exc, InputError) else exc.message
        return f"{candidate.location}: {reason}"
    except BrieferError:
        raise
    except Exception as exc:  # one odd article must not stop the digest
        return f"{candidate.location}: {type(exc).__name__}: {one_line(exc)}"


def _parallel(items: list[T], work: Callable[[T], R]) -> list[R]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(work, items))


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
