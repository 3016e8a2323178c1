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
    from briefer.render import _environment

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
    message.set_content(_environment(False).get_template("digest.text.j2").render(**context))
    html = _environment(True).get_template("digest.html.j2").render(**context)
    message.add_alternative(html, subtype="html")
    return message


def write_eml(message: EmailMessage, path: Path) -> None:
    """Write the message as a .eml file (for --dry-run)."""
    try:
        path.write_bytes(bytes(message))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the message ({exc.strerror or exc})") from None


def send(message: EmailMessage, smtp_url: str, password_env: str, timeout: float = 30) -> None:
    """Send over SMTP: smtp:// uses STARTTLS when offered (and requires it to log in),
    smtps:// uses implicit TLS. The password comes from ``password_env``; it is never shown."""
    url = urlparse(smtp_url)
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise ConfigError(f"SMTP URL must be smtp://[user@]host[:port] or smtps://...: {smtp_url}")
    user = unquote(url.username) if url.username else None
    password = os.environ.get(password_env) if user else None
    if user and not password:
        raise ConfigError(
            f"set the SMTP password for {user} in the environment variable {password_env}"
        )
    context = ssl.create_default_context()
    where = f"{url.hostname}:{url.port or ('465' if url.scheme == 'smtps' else '587')}"
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
            client.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpError(f"{where} refused the login for {user} ({exc.smtp_code})") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise SmtpError(f"{where} refused the recipients: {', '.join(exc.recipients)}") from None
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        detail = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        raise SmtpError(f"{where} refused the message ({exc.smtp_code} {detail})") from None
    except smtplib.SMTPException as exc:
        raise SmtpError(f"SMTP error from {where} ({type(exc).__name__}: {exc})") from None
    except ssl.SSLError as exc:
        raise SmtpError(f"TLS with {where} failed ({exc.reason or exc})") from None
    except OSError as exc:
        raise SmtpError(f"cannot reach {where} ({exc.strerror or exc})") from None
