"""Compose the digest email (HTML + plain text), write it as .eml, and talk to the SMTP server."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlparse

from briefer.digest.config import mailbox
from briefer.digest.merge import Story
from briefer.errors import ConfigError, SmtpError


class Part(NamedTuple):
    """Which message of a digest split into several: part ``number`` of ``count``."""

    number: int = 1
    of: int = 1


WHOLE = Part()
"""A digest that fits in one message."""


def subject_for(stories: list[Story], when: datetime, part: Part = WHOLE) -> str:
    """'Briefing digest, 25 Nov 2026: 3 stories' (+ ', part 2 of 6')."""
    count = len(stories)
    subject = f"Briefing digest, {when:%d %b %Y}: {count} {'story' if count == 1 else 'stories'}"
    return subject + (f", part {part.number} of {part.of}" if part.of > 1 else "")


def build_message(
    stories: list[Story],
    failures: list[str],
    sender: str,
    to: list[str],
    when: datetime,
    part: Part = WHOLE,
) -> EmailMessage:
    """A multipart/alternative message: plain text first, then HTML (both escaped)."""
    from briefer.render import environment

    message = EmailMessage(policy=SMTP)
    subject = subject_for(stories, when, part)
    message["Subject"] = subject
    address(message, sender, to)
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid(domain="briefer.local")
    context = {"stories": stories, "failures": failures, "subject": subject, "part": part}
    message.set_content(environment(False).get_template("digest.text.j2").render(**context))
    html = environment(True).get_template("digest.html.j2").render(**context)
    message.add_alternative(html, subtype="html")
    return message


def address(message: EmailMessage, sender: str, to: list[str]) -> None:
    """Set (or replace) the From and To headers; the Message-ID stays."""
    del message["From"]
    del message["To"]
    try:
        message["From"] = sender
        message["To"] = ", ".join(to)
    except ValueError as exc:  # a CR/LF in an address: header injection
        raise ConfigError(f"invalid address ({exc})") from None


def write_eml(message: EmailMessage, path: Path) -> None:
    """Write the message as a .eml file (for --dry-run)."""
    try:
        path.write_bytes(bytes(message))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the message ({exc.strerror or exc})") from None


def check_smtp_url(smtp_url: str, password_env: str | None) -> None:
    """Refuse a malformed SMTP URL (or one carrying a password), or a URL with a user whose
    password is not in ``password_env`` (unless that is None), before any work is done."""
    try:
        url = urlparse(smtp_url)
        url.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise ConfigError("invalid SMTP URL (expected smtp://[user@]host[:port])") from None
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise ConfigError("SMTP URL must be smtp://[user@]host[:port] or smtps://...")
    if url.password:
        raise ConfigError("put the SMTP password in an environment variable, not in the URL")
    if url.username and password_env is not None and not os.environ.get(password_env):
        raise ConfigError(
            f"set the SMTP password for {unquote(url.username)} in the environment variable "
            f"{password_env}"
        )


@contextmanager
def connect(smtp_url: str, password_env: str, timeout: float = 30) -> Iterator[smtplib.SMTP]:
    """An SMTP session, greeted, encrypted as asked and logged in: smtp:// uses STARTTLS when
    offered (and requires it to log in), smtps:// implicit TLS. The password is never shown.

    Every failure becomes an ``SmtpError``; see ``send`` for what it says about the message.
    """
    check_smtp_url(smtp_url, password_env)
    url = urlparse(smtp_url)
    assert url.hostname is not None
    user = unquote(url.username) if url.username else None
    password = os.environ.get(password_env, "") if user else ""
    context = ssl.create_default_context()
    where = f"{url.hostname}:{url.port or ('465' if url.scheme == 'smtps' else '587')}"
    try:
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                url.hostname, url.port or 465, timeout=timeout, context=context
            )
        else:
            client = smtplib.SMTP(url.hostname, url.port or 587, timeout=timeout)
    except ssl.SSLError as exc:
        raise SmtpError(f"TLS with {where} failed ({exc.reason or exc})") from None
    except OSError as exc:
        raise SmtpError(f"cannot reach {where} ({exc.strerror or exc})") from None
    try:
        with client:
            client.ehlo()
            if url.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            elif url.scheme == "smtp" and user:
                raise SmtpError(
                    f"{where} offers no STARTTLS; refusing to send the password unencrypted "
                    "(use smtps:// or a server with STARTTLS)"
                )
            if user:
                client.login(user, password)
            yield client
    except SmtpError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpError(f"{where} refused the login for {user} ({exc.smtp_code})") from None
    except smtplib.SMTPRecipientsRefused as exc:
        codes = {code for code, _ in exc.recipients.values()}
        raise SmtpError(
            f"{where} refused the recipients: {', '.join(exc.recipients)}",
            permanent=all(code >= 500 for code in codes),
        ) from None
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        detail = exc.smtp_error
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        raise SmtpError(
            f"{where} refused the message ({exc.smtp_code} {detail})",
            permanent=exc.smtp_code >= 500,
        ) from None
    except smtplib.SMTPException as exc:
        raise SmtpError(
            f"SMTP error from {where} ({type(exc).__name__}: {exc})", maybe_sent=True
        ) from None
    except ssl.SSLError as exc:
        raise SmtpError(f"TLS with {where} failed ({exc.reason or exc})") from None
    except OSError as exc:
        raise SmtpError(
            f"connection to {where} failed ({exc.strerror or exc})", maybe_sent=True
        ) from None


def probe(smtp_url: str, password_env: str, timeout: float = 15) -> None:
    """Connect, greet, start TLS and log in as a send would, then hang up: a wrong host,
    port, certificate or password shows before any article is fetched."""
    with connect(smtp_url, password_env, timeout) as client:
        client.noop()


def send(
    message: EmailMessage,
    smtp_url: str,
    password_env: str,
    sender: str,
    recipients: list[str],
    timeout: float = 30,
) -> list[str]:
    """Send ``message`` from ``sender`` to ``recipients`` (envelope addresses, display names
    allowed); return the recipients the server accepted.

    Raises ``SmtpError``: ``permanent`` when the server refused the message for good (5xx),
    ``maybe_sent`` when the connection broke once the message was being handed over.
    """
    bare = {mailbox(r): r for r in recipients}
    with connect(smtp_url, password_env, timeout) as client:
        refused = client.send_message(message, mailbox(sender), list(bare))
    return [shown for address_, shown in bare.items() if address_ not in refused]
