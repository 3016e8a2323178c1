"""Digest faults and promises on real loopback SMTP/HTTP servers (aiosmtpd), real SQLite."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefer.article import parse_article
from briefer.cli import app
from briefer.digest import DigestConfig, run_digest
from briefer.digest.sources import url_key
from briefer.digest.state import State
from briefer.engines import get_engine
from briefer.errors import ConfigError, SmtpError, StateError
from tests.conftest import ROOT
from tests.smtp_server import Sink, SmtpServer, free_port
from tests.synthetic import write_articles
from tests.web_server import serve

SEED = ROOT / "seeds" / "000_1c55c3d659d27ca8.txt"
OWN = ROOT / "evals" / "articles"
runner = CliRunner()


def config(port: int, inbox: Path, state: Path, **extra: Any) -> DigestConfig:
    return DigestConfig(
        sources=[str(inbox)],
        to=extra.pop("to", ["r@example.com"]),
        engine="offline",
        smtp_url=f"smtp://127.0.0.1:{port}",
        state=state,
        **extra,
    )


def parsed(envelope: Any) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def held(state: Path) -> int:
    with State(state) as s:
        return len(s.pending())


def test_crash_after_data_then_refused_connection_then_success_is_one_message(
    inbox: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite3"
    sink = Sink()
    server = SmtpServer(sink=sink)
    settings = config(server.port, inbox, state)
    sink.drop = True  # the server has the message, then the connection dies
    with pytest.raises(SmtpError, match="after the message was handed over.*held"):
        run_digest(settings)
    server.stop()
    assert held(state) == 1
    with pytest.raises(SmtpError, match="cannot reach.*1 held digest will be sent"):
        run_digest(settings)
    assert held(state) == 1
    sink.drop = False
    server = SmtpServer(sink=sink, port=server.port)
    try:
        result = run_digest(settings)
        assert "re-sent 1 held digest" in result.summary, result.summary
        again = run_digest(settings)
    finally:
        server.stop()
    assert "no new articles" in again.summary
    ids = {parsed(m)["Message-ID"] for m in sink.received}
    assert len(sink.received) == 2 and len(ids) == 1
    assert held(state) == 0


def test_missing_password_fails_first_fetches_nothing_holds_nothing(
    smtp: SmtpServer, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIEFER_SMTP_PASSWORD", raising=False)
    state = tmp_path / "state.sqlite3"
    asked: list[str] = []

    class Routes(dict):
        def __contains__(self, path: object) -> bool:
            asked.append(str(path))
            return super().__contains__(path)

    with serve(Routes()) as base:
        args = ["digest", str(inbox), f"{base}/feed.xml", "-e", "offline", "--state", str(state)]
        url = f"smtp://me@127.0.0.1:{smtp.port}"
        result = runner.invoke(app, [*args, "--to", "old@example.org", "--smtp-url", url])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        "briefer: error: set the SMTP password for me in the environment variable "
        "BRIEFER_SMTP_PASSWORD"
    ]
    assert asked == [] and not state.exists()
    plain = f"smtp://127.0.0.1:{smtp.port}"
    ok = runner.invoke(
        app,
        ["digest", str(inbox), "-e", "offline", "--state", str(state), "--to", "new@example.org",
         "--smtp-url", plain],
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "re-sent" not in ok.stderr and "to new@example.org" in ok.stderr
    assert [m.rcpt_tos for m in smtp.messages] == [["new@example.org"]]


def test_451_keeps_the_digest_for_the_same_message_later(
    smtp: SmtpServer, inbox: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite3"
    smtp.sink.reply = "451 4.3.0 Try again later"
    args = ["digest", str(inbox), "-e", "offline", "--state", str(state), "--to", "r@example.com"]
    args += ["--smtp-url", f"smtp://127.0.0.1:{smtp.port}"]
    first = runner.invoke(app, args)
    assert first.exit_code == 1
    assert "451" in first.stderr and "is held and will be sent again" in first.stderr
    assert held(state) == 1
    smtp.sink.reply = None
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "re-sent 1 held digest" in second.stderr
    [sent] = smtp.messages
    assert parsed(sent)["Message-ID"] == parsed(smtp.sink.received[0])["Message-ID"]


def test_554_drops_the_digest_says_so_and_its_articles_go_next_briefed_once(
    smtp: SmtpServer, inbox: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite3"
    calls: list[str] = []
    offline = get_engine("offline")

    class Counting:
        name = "offline"

        def brief(self, article):  # noqa: ANN001, ANN202
            calls.append(article.title)
            return offline.brief(article)

        def describe(self):  # noqa: ANN202
            return offline.describe()

        def close(self) -> None:
            pass

    smtp.sink.refuse = True
    with pytest.raises(SmtpError, match="554.*dropped"):
        run_digest(config(smtp.port, inbox, state), engine=Counting())
    assert held(state) == 0 and len(calls) == 2
    smtp.sink.refuse = False
    result = run_digest(config(smtp.port, inbox, state), engine=Counting())
    assert result.summary.startswith("sent 2 stories from 2 articles")
    assert len(calls) == 2  # the kept briefings were used, nothing was briefed again
    first, second = smtp.sink.received
    assert parsed(first)["Message-ID"] != parsed(second)["Message-ID"]


def test_two_runs_at_once_only_one_sends(smtp: SmtpServer, inbox: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    release = threading.Event()
    arrived = threading.Event()
    sink = smtp.sink

    async def slow_data(server: Any, session: Any, envelope: Any) -> str:
        arrived.set()
        while not release.is_set():
            await asyncio.sleep(0.02)
        sink.messages.append(envelope)
        return "250 OK"

    sink.handle_DATA = slow_data  # type: ignore[method-assign]
    results: list[Any] = []
    first = threading.Thread(
        target=lambda: results.append(run_digest(config(smtp.port, inbox, state)))
    )
    first.start()
    assert arrived.wait(60)
    with pytest.raises(StateError, match="another digest run is in progress"):
        run_digest(config(smtp.port, inbox, state))
    release.set()
    first.join(60)
    assert results and results[0].sent
    assert len(sink.messages) == 1


def test_a_held_digest_goes_to_the_addresses_configured_now(
    smtp: SmtpServer, inbox: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite3"
    smtp.sink.reply = "451 4.3.0 Try again later"
    with pytest.raises(SmtpError):
        run_digest(config(smtp.port, inbox, state, to=["old@example.org"]))
    smtp.sink.reply = None
    sender = "Briefer <b@example.org>"
    result = run_digest(
        config(smtp.port, inbox, state, to=["Reader <new@example.org>"], sender=sender)
    )
    assert any("re-addressed" in note for note in result.notes)
    [envelope] = smtp.messages
    assert envelope.rcpt_tos == ["new@example.org"] and envelope.mail_from == "b@example.org"
    message = parsed(envelope)
    assert message["To"] == "Reader <new@example.org>" and message["From"] == sender
    assert message["Message-ID"] == parsed(smtp.sink.received[0])["Message-ID"]


def test_summary_names_only_accepted_recipients(inbox: Path, tmp_path: Path) -> None:
    server = SmtpServer()

    async def rcpt(server_, session, envelope, address, options):  # noqa: ANN001, ANN202
        if address.startswith("bad"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    server.sink.handle_RCPT = rcpt  # type: ignore[attr-defined]
    try:
        result = run_digest(
            config(server.port, inbox, tmp_path / "s.db", to=["good@x.org", "bad@x.org"])
        )
    finally:
        server.stop()
    assert result.summary.endswith("to good@x.org")
    assert result.failures == ["recipient refused by the server: bad@x.org"]


def test_unreachable_server_is_one_line_before_any_fetch(inbox: Path, tmp_path: Path) -> None:
    asked: list[str] = []

    class Routes(dict):
        def __contains__(self, path: object) -> bool:
            asked.append(str(path))
            return False

    with serve(Routes()) as base:
        result = runner.invoke(
            app,
            ["digest", str(inbox), f"{base}/feed.xml", "--to", "r@example.com", "-e", "offline",
             "--smtp-url", f"smtp://127.0.0.1:{free_port()}"],
        )  # fmt: skip
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot reach" in result.stderr
    assert asked == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "not-an-address"], "--to: not an email address"),
        (["--to", "r@example.com", "--from", "a@b, c@d"], "--from: not an email address"),
        (["--dry-run", "/no/such/folder/d.json"], "no such folder"),
        (["--dry-run", "digest.txt"], "--dry-run: digest.txt: a dry run writes a .eml or a .json"),
        (["--dry-run", "d.json", "--smtp-url", "smtp://127.0.0.1:99999"], "invalid SMTP URL"),
    ],
)
def test_settings_are_checked_before_any_work(inbox: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["digest", str(inbox), "-e", "offline", *args])
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_missing_source_is_refused_up_front(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nowhere: no such file"):
        run_digest(DigestConfig(sources=["nowhere"], dry_run=tmp_path / "d.json"))


def test_a_backlog_goes_out_in_one_run_in_parts(smtp: SmtpServer, tmp_path: Path) -> None:
    folder = tmp_path / "backlog"
    write_articles(folder, 7)
    state = tmp_path / "state.sqlite3"
    settings = DigestConfig(
        sources=[str(folder)],
        to=["r@example.com"],
        engine="offline",
        smtp_url=f"smtp://127.0.0.1:{smtp.port}",
        state=state,
        max_stories=3,
    )
    result = run_digest(settings)
    assert result.stories == 7 and result.messages == 3, result.summary
    subjects = [parsed(m)["Subject"] for m in smtp.messages]
    assert [s.rsplit(", ", 1)[1] for s in subjects] == ["part 1 of 3", "part 2 of 3", "part 3 of 3"]
    assert "This is part 2 of 3" in parsed(smtp.messages[1]).get_body(("plain",)).get_content()
    started = time.perf_counter()
    again = run_digest(settings)
    assert "no new articles" in again.summary and time.perf_counter() - started < 1.0
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT count(*) FROM briefings").fetchone()[0] == 7


def test_three_hundred_new_articles_in_one_run(smtp: SmtpServer, tmp_path: Path) -> None:
    folder = tmp_path / "backlog"
    write_articles(folder, 300)
    settings = DigestConfig(
        sources=[str(folder)],
        to=["r@example.com"],
        engine="offline",
        smtp_url=f"smtp://127.0.0.1:{smtp.port}",
        state=tmp_path / "state.sqlite3",
    )
    result = run_digest(settings)
    assert result.articles == 300 and result.stories == 300, result.summary
    assert len(smtp.messages) == 6 and result.failures == []
    started = time.perf_counter()
    again = run_digest(settings)
    elapsed = time.perf_counter() - started
    assert "no new articles" in again.summary and elapsed < 1.0, elapsed


def test_json_dry_run(inbox: Path, tmp_path: Path) -> None:
    (inbox / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    out = tmp_path / "digest.json"
    result = runner.invoke(app, ["digest", str(inbox), "--dry-run", str(out), "-e", "offline"])
    assert result.exit_code == 1, result.output  # one article failed
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1 and len(doc["stories"]) == 2
    story = doc["stories"][0]
    assert story["briefing"]["bottom_line"] and story["briefing"]["key_facts"]
    [article] = story["articles"]
    assert set(article) == {"title", "source", "path", "url", "update"}
    assert article["path"].endswith(".txt") and article["url"] is None
    assert len(doc["failures"]) == 1 and doc["failures"][0].count("broken.txt") == 1


def test_mail_shows_one_quote_per_item_and_not_the_bottom_line_twice(
    smtp: SmtpServer, inbox: Path, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from briefer.article import load_article
    from briefer.core import brief
    from briefer.digest.mail import build_message
    from briefer.digest.merge import Story
    from briefer.models import Fact

    run_digest(config(smtp.port, inbox, tmp_path / "s.db"))
    text = " ".join(parsed(smtp.messages[0]).get_body(("plain",)).get_content().split())
    quoted = 0
    for path in (inbox / "seed.txt", inbox / "sports.txt"):
        briefing = brief(str(path), engine="offline")
        for item in [*briefing.reactions, *briefing.open_questions]:
            quote = item.evidence[0].text
            if quote != getattr(item, "text", getattr(item, "question", "")):
                quoted += 1
                assert "“" + " ".join(quote.split()[:6]) in text
    assert quoted

    article = load_article(inbox / "seed.txt")
    briefing = brief(article, engine="offline")
    echo = briefing.bottom_line.rstrip(".") + " today."  # near-equal to the bottom line
    first = Fact(text=echo, evidence=briefing.key_facts[0].evidence)
    repeating = briefing.model_copy(update={"key_facts": [first, *briefing.key_facts]})
    message = build_message(
        [Story(repeating, [article])], [], "b@x.org", ["r@x.org"], datetime.now(UTC)
    )
    body = " ".join(message.get_body(("plain",)).get_content().split())
    assert briefing.bottom_line in body and f"- {echo}" not in body
    assert f"- {briefing.key_facts[0].text}" in body  # the other facts stay


def test_an_updated_file_is_labelled_as_an_update(
    smtp: SmtpServer, inbox: Path, tmp_path: Path
) -> None:
    state = tmp_path / "s.db"
    run_digest(config(smtp.port, inbox, state))
    sports = inbox / "sports.txt"
    sports.write_text(sports.read_text(encoding="utf-8") + "\nThe club confirmed the parade.")
    run_digest(config(smtp.port, inbox, state))
    text = parsed(smtp.messages[1]).get_body(("plain",)).get_content()
    assert "[Update]" in text and "updated since it was last sent" in text
    assert "[Update]" not in parsed(smtp.messages[0]).get_body(("plain",)).get_content()


def test_url_variants_are_one_article() -> None:
    keys = {
        url_key(u)
        for u in (
            "https://News.example.org/a/story?id=7&utm_source=feed&utm_medium=rss",
            "http://news.example.org/a/story/?id=7",
            "https://news.example.org/a/story?fbclid=x&id=7#comments",
        )
    }
    assert len(keys) == 1
    assert url_key("https://news.example.org/a/story?id=8") not in keys


def test_script_text_does_not_reach_the_headline() -> None:
    page = (
        "<html><head><title>Port strike ends</title></head><body><article>"
        "<h1>Port strike ends <script>alert('h1')</script></h1>"
        + "".join(
            f"<p>Dock workers at pier {n} ended their strike on Monday after a pay deal was "
            f"agreed with the operator, union official number {n} said.</p>"
            for n in range(6)
        )
        + "</article></body></html>"
    )
    article = parse_article(page.encode(), "html", "page.html")
    assert "alert" not in article.title and "alert" not in article.text


def test_failing_feed_entry_is_named_by_its_own_url(smtp: SmtpServer, tmp_path: Path) -> None:
    routes: dict[str, tuple[str, str]] = {}
    with serve(routes) as base:
        item = f"<item><title>gone</title><link>{base}/gone.html</link></item>"
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{item}'
        routes["/feed.xml"] = ("application/rss+xml", rss + "</channel></rss>")
        result = runner.invoke(
            app,
            ["digest", f"{base}/feed.xml", "--dry-run", str(tmp_path / "d.json"), "-e", "offline"],
        )
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert errors and f"{base}/gone.html" in errors[0] and "feed.xml" not in errors[0]


def test_a_state_file_from_before_the_url_keys_changed_is_upgraded(tmp_path: Path) -> None:
    from briefer.digest import state as state_module

    path = tmp_path / "old.sqlite3"
    old = [m for m in state_module.MIGRATIONS if m[0] < "m004"]
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied TEXT)")
    for name, sql in old:
        db.executescript(f"BEGIN; {sql}; COMMIT;")
        db.execute("INSERT INTO migrations VALUES (?, 'then')", (name,))
    url = "https://News.example.org/a/story/?utm_source=rss"
    db.execute("INSERT INTO digests VALUES (1, 'then', 'then', 'a@x.org', 's', 1)")
    db.execute("INSERT INTO articles VALUES (?, ?, 't', 1, 'then')", ("url:" + url, url))
    db.execute("INSERT INTO failures VALUES ('k', 'loc', 3, 'bad', '2026-01-01T00:00:00+00:00')")
    db.commit()
    db.close()
    with State(path) as state:
        assert state.unsent([url_key("http://news.example.org/a/story")]) == set()
        assert state.given_up() == set()  # three failures, but all at one moment


def test_scheduled_failure_lines_carry_a_timestamp(
    inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from briefer.digest import schedule

    real = schedule.run_every

    from datetime import UTC, datetime, timedelta

    clock = [datetime.now(UTC)]

    def sleep(seconds: float) -> None:
        clock[0] += timedelta(seconds=seconds)

    def once(cron: str, job: Any, on_error: Any) -> None:  # one run, on a simulated clock
        real(cron, job, on_error, now=lambda: clock[0], sleep=sleep, runs=1)

    monkeypatch.setattr(schedule, "run_every", once)
    result = runner.invoke(
        app,
        ["digest", str(inbox), "--to", "r@example.com", "-e", "offline", "--every", "* * * * *",
         "--smtp-url", f"smtp://127.0.0.1:{free_port()}"],
    )  # fmt: skip
    [line] = [x for x in result.stderr.splitlines() if "cannot reach" in x]
    assert re.match(r"briefer: \[\d{4}-\d\d-\d\d \d\d:\d\d\] error: ", line), line


def test_a_server_that_never_answers_is_a_time_out_not_a_hang() -> None:
    import socket

    from briefer.digest.mail import probe

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        started = time.perf_counter()
        with pytest.raises(SmtpError, match="timed out") as caught:
            probe(f"smtp://127.0.0.1:{port}", "UNUSED", timeout=0.5)
    assert time.perf_counter() - started < 5 and not caught.value.permanent


def test_every_part_of_a_refused_backlog_is_held_and_sent_later(
    smtp: SmtpServer, inbox: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite3"
    settings = config(smtp.port, inbox, state, max_stories=1)
    smtp.sink.reply = "451 4.3.0 Try again later"
    with pytest.raises(SmtpError, match="1 later part of this digest is held too"):
        run_digest(settings)
    assert held(state) == 2
    smtp.sink.reply = None
    result = run_digest(settings)
    assert result.summary == "no new articles (re-sent 2 held digests)"
    subjects = sorted(parsed(m)["Subject"].rsplit(", ", 1)[1] for m in smtp.messages)
    assert subjects == ["part 1 of 2", "part 2 of 2"]


def test_briefer_killed_after_the_server_took_the_message_resends_the_same_one(
    inbox: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys

    state = tmp_path / "state.sqlite3"
    sink = Sink()
    server = SmtpServer(sink=sink)
    running: list[subprocess.Popen[bytes]] = []

    async def kill_after_data(server_: Any, session: Any, envelope: Any) -> str:
        sink.received.append(envelope)
        sink.messages.append(envelope)
        os.kill(running[0].pid, signal.SIGKILL)  # the server has it; briefer never hears back
        await asyncio.sleep(0.5)
        return "250 OK"

    sink.handle_DATA = kill_after_data  # type: ignore[method-assign]
    briefer = Path(sys.executable).parent / "briefer"
    args = [str(briefer), "digest", str(inbox), "-e", "offline", "--state", str(state)]
    args += ["--to", "r@example.com", "--smtp-url", f"smtp://127.0.0.1:{server.port}"]
    running.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    assert running[0].wait(120) == -signal.SIGKILL
    server.stop()
    assert held(state) == 1
    down = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert down.returncode == 1 and "cannot reach" in down.stderr
    fresh = Sink()
    server = SmtpServer(sink=fresh, port=server.port)
    try:
        up = subprocess.run(args, capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    assert up.returncode == 0 and "re-sent 1 held digest" in up.stderr, up.stderr
    [resent] = fresh.messages
    assert parsed(resent)["Message-ID"] == parsed(sink.received[0])["Message-ID"]
    assert held(state) == 0


def _smtp_errors() -> list[BaseException]:
    import smtplib

    made: dict[type, BaseException] = {
        smtplib.SMTPException: smtplib.SMTPException("odd"),
        smtplib.SMTPNotSupportedError: smtplib.SMTPNotSupportedError("no"),
        smtplib.SMTPServerDisconnected: smtplib.SMTPServerDisconnected("gone"),
        smtplib.SMTPResponseException: smtplib.SMTPResponseException(421, b"busy"),
        smtplib.SMTPSenderRefused: smtplib.SMTPSenderRefused(550, b"no", "a@x.org"),
        smtplib.SMTPRecipientsRefused: smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"no")}),
        smtplib.SMTPDataError: smtplib.SMTPDataError(554, b"no"),
        smtplib.SMTPConnectError: smtplib.SMTPConnectError(421, b"no"),
        smtplib.SMTPHeloError: smtplib.SMTPHeloError(501, b"no"),
        smtplib.SMTPAuthenticationError: smtplib.SMTPAuthenticationError(535, b"no"),
    }
    exported = {
        value
        for value in vars(smtplib).values()
        if isinstance(value, type) and issubclass(value, smtplib.SMTPException)
    }
    assert exported == set(made), exported ^ set(made)  # a new smtplib error needs a case here
    return list(made.values())


@pytest.mark.parametrize("error", _smtp_errors(), ids=lambda e: type(e).__name__)
def test_every_smtplib_error_becomes_an_smtp_error(smtp: SmtpServer, error: BaseException) -> None:
    from briefer.digest.mail import connect

    with pytest.raises(SmtpError) as caught:
        with connect(f"smtp://127.0.0.1:{smtp.port}", "UNUSED"):
            raise error
    assert str(caught.value) and "Traceback" not in str(caught.value)
