"""Digest settings: from a TOML file, with command-line options on top."""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefer.errors import ConfigError, field_errors


class DigestConfig(BaseModel):
    """Everything a digest run needs; also the schema of ``digest.toml``."""

    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(default_factory=list)
    """Folders, article files, RSS/Atom feeds (file or URL) and article URLs."""
    to: list[str] = Field(default_factory=list)
    """Recipients."""
    sender: str = "briefer@localhost"
    """The From address."""
    smtp_url: str | None = None
    """smtp://user@host:port (STARTTLS) or smtps://user@host:port (implicit TLS)."""
    password_env: str = "BRIEFER_SMTP_PASSWORD"
    """The environment variable that holds the SMTP password."""
    engine: str = "auto"
    model: str | None = None
    base_url: str | None = None
    timeout: float | None = Field(default=None, gt=0)
    """Seconds without a token before an LLM request is given up (default 120)."""
    since: str | None = None
    """Only articles newer than this age: '36h', '7d', '90m'."""
    state: Path | None = None
    """The SQLite state file (default: in briefer's home directory)."""
    every: str | None = None
    """A cron expression: run on this schedule until stopped."""
    dry_run: Path | None = None
    """Write the digest to this .eml (the message) or .json file instead of sending it."""
    max_stories: int = Field(default=50, ge=1)
    """Stories per message: a larger digest goes out as several messages, 'part k of n'."""

    @field_validator("to", mode="after")
    @classmethod
    def _recipients(cls, value: list[str]) -> list[str]:
        for address in value:
            mailbox(address)
        return value

    @field_validator("sender")
    @classmethod
    def _sender(cls, value: str) -> str:
        mailbox(value)
        return value

    @field_validator("dry_run")
    @classmethod
    def _dry_run(cls, value: Path | None) -> Path | None:
        if value is not None and value.suffix.lower() not in (".eml", ".json"):
            raise ValueError(f"{value}: a dry run writes a .eml or a .json file")
        return value

    @field_validator("sources", "to", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("since")
    @classmethod
    def _age(cls, value: str | None) -> str | None:
        if value is not None:
            parse_age(value)
        return value

    @field_validator("every")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None:
            from datetime import UTC, datetime

            from cronsim import CronSim, CronSimError

            try:
                CronSim(value, datetime.now(UTC))
            except CronSimError as exc:
                raise ValueError(f"not a cron expression ({exc})") from None
        return value

    def merged(self, **overrides: Any) -> DigestConfig:
        """This config with the given (non-empty) command-line values on top."""
        given = {k: v for k, v in overrides.items() if v not in (None, [], ())}
        try:
            return DigestConfig.model_validate({**self.model_dump(), **given})
        except ValidationError as exc:
            name, _, message = field_errors(exc)[0].partition(": ")
            field = name.split(".")[0]
            if field in given:  # name the flag the user typed: --from, not 'sender'
                flag = "--from" if field == "sender" else "--" + field.replace("_", "-")
                raise ConfigError(f"{flag}: {message}") from None
            raise ConfigError(f"key {name!r}: {message}") from None


_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\".]+(?:\.[^@\s<>,;\".]+)*$")


def mailbox(text: str) -> str:
    """The bare address of 'b@example.org' or 'Briefer <b@example.org>'; ValueError if neither."""
    from email.utils import getaddresses

    if any(c in text for c in "\r\n"):
        raise ValueError(f"not an email address: {text!r}")
    found = getaddresses([text])
    if len(found) != 1 or not _ADDRESS.match(found[0][1]):
        raise ValueError(f"not an email address: {text!r}")
    return found[0][1]


def parse_age(text: str) -> timedelta:
    """'90m', '36h', '7d' or '2w' as a timedelta."""
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        raise ValueError(f"not an age like 36h or 7d: {text!r}")
    age = timedelta(**{units[text[-1]]: int(text[:-1][:8])})
    if age > timedelta(days=3650):
        raise ValueError(f"age {text!r} is over ten years")
    return age


def load_config(path: str | Path) -> DigestConfig:
    """Read a digest TOML file; errors name the offending key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    table = raw.get("digest", raw)
    if "digest" in raw and len(raw) > 1:
        stray = sorted(k for k in raw if k != "digest")
        raise ConfigError(f"{path}: key {stray[0]!r}: settings belong in the [digest] table")
    try:
        config = DigestConfig.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc, 'key')}") from None
    if config.state is not None and not config.state.is_absolute():
        config = config.model_copy(update={"state": path.parent / config.state})
    return config


def _describe(exc: ValidationError, what: str) -> str:
    name, _, message = field_errors(exc)[0].partition(": ")
    return f"{what} {name!r}: {message}"
