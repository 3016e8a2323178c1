"""Compose the digest email (HTML + plain text) and send it over SMTP, or write a .eml file."""

from __future__ import annotations

import os
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlparse

from briefer.digest.merge import Story
from briefer.errors import ConfigError, SmtpError


def subject_for(stories: list[Story], when: datetime) -> str:
    """'Briefing digest, 25 Nov 2026: 3 stories'."""
    count = len(stories)
    return f"Briefing digest, {when:%d %b %Y}: {count} {'story' if count == 1 else 'stories'}"


def build_message(
    stories: list[Story], failures: list[str], sender: str, to: list[str], when: datetime
) -> EmailMessage:
    """A multipart/alternative message: plain text first, then HTML (both escaped)."""
    from briefer.render import environment

    message = EmailMessage(policy=SMTP)
    subject = subject_for(stories, when)
    try:
        message["Subject"] = subject
        message["From"] = sender
        message["To"] = ", ".join(to)
    except ValueError as exc:  # a CR/LF in an address: header injection
        raise ConfigError(f"invalid address ({exc})") from None
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid(domain="briefer.local")
    context = {"stories": stories, "failures": failures, "subject": subject}
    message.set_content(environment(False).get_template("digest.text.j2").render(**context))
    html = environment(True).get_template("digest.html.j2").render(**context)
    message.add_alternative(html, subtype="html")
    return message


def write_eml(message: EmailMessage, path: Path) -> None:
    """Write the message as a .eml file (for --dry-run)."""
    try:
        path.write_bytes(bytes(message))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the message ({exc.strerror or exc})") from None


def check_smtp_url(smtp_url: str) -> None:
    """Refuse a malformed SMTP URL (or one carrying a password) before any work is done."""
    try:
        url = urlparse(smtp_url)
        url.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise ConfigError("invalid SMTP URL (expected smtp://[user@]host[:port])") from None
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise ConfigError("SMTP URL must be smtp://[user@]host[:port] or smtps://...")
    if url.password:
        raise ConfigError("put the SMTP password in an environment variable, not in the URL")


def send(message: EmailMessage, smtp_url: str, password_env: str, timeout: float = 30) -> list[str]:
    """Send over SMTP: smtp:// uses STARTTLS when offered (and requires it to log in),
    smtps:// uses implicit TLS. The password comes from ``password_env``; it is never shown.

    Returns the recipients the server refused (the others got the message). Raises
    ``SmtpError``; its ``maybe_sent`` is True only when the connection broke after the
    message was handed over.
    """
    check_smtp_url(smtp_url)
    url = urlparse(smtp_url)
    assert url.hostname is not None
    user = unquote(url.username) if url.username else None
    password = os.environ.get(password_env) if user else None
    if user and not password:
        raise ConfigError(
            f"set the SMTP password for {user} in the environment variable {password_env}"
        )
    context = ssl.create_default_context()
    where = f"{url.hostname}:{url.port or ('465' if url.scheme == 'smtps' else '587')}"
    handed_over = False
    try:
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                url.hostname, url.port or 465, timeout=timeout, context=context
            )
        else:
            client = smtplib.SMTP(url.hostname, url.port or 587, timeout=timeout)
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
            if user and password:
                client.login(user, password)
            handed_over = True
            refused = client.send_message(message)
            return sorted(refused)
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpError(f"{where} refused the login for {user} ({exc.smtp_code})") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise SmtpError(f"{where} refused the recipients: {', '.join(exc.recipients)}") from None
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        detail = exc.smtp_error
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        raise SmtpError(f"{where} refused the message ({exc.smtp_code} {detail})") from None
    except smtplib.SMTPException as exc:
        raise SmtpError(
            f"SMTP error from {where} ({type(exc).__name__}: {exc})", maybe_sent=handed_over
        ) from None
    except ssl.SSLError as exc:
        raise SmtpError(f"TLS with {where} failed ({exc.reason or exc})") from None
    except OSError as exc:
        raise SmtpError(
            f"cannot reach {where} ({exc.strerror or exc})", maybe_sent=handed_over
        ) from None
