"""Digests end to end: real SMTP (aiosmtpd) and HTTP servers on 127.0.0.1, real SQLite."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import trustme
from typer.testing import CliRunner

from briefer.cli import app
from briefer.digest import DigestConfig, load_config, run_digest
from briefer.digest.schedule import next_run, run_every
from briefer.digest.state import State
from briefer.errors import ConfigError, SmtpError, StateError
from tests.conftest import ROOT
from tests.smtp_server import SmtpServer

SEED = ROOT / "seeds" / "000_1c55c3d659d27ca8.txt"
OWN = ROOT / "evals" / "articles"
runner = CliRunner()


def digest(smtp: SmtpServer, *args: str):
    return runner.invoke(
        app,
        [
            "digest",
            *args,
            "--to",
            "reader@example.com",
            "--smtp-url",
            f"smtp://127.0.0.1:{smtp.port}",
            "--engine",
            "offline",
        ],
    )


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def test_first_run_sends_all_then_nothing_then_only_the_new(smtp, inbox: Path) -> None:
    first = digest(smtp, str(inbox))
    assert first.exit_code == 0, first.output
    assert len(smtp.messages) == 1
    message = parsed(smtp.messages[0])
    assert message["Subject"].endswith("2 stories")
    assert message.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    text = message.get_body(("plain",)).get_content()
    assert "Trump’s efforts in vain" in text and "Harbour Cup" in text
    assert "Key facts" in text and "Reactions" in text and "Open questions" in text

    second = digest(smtp, str(inbox))
    assert second.exit_code == 0
    assert "no new articles" in second.stderr
    assert len(smtp.messages) == 1

    shutil.copy(OWN / "health_trial.txt", inbox / "health.txt")
    third = digest(smtp, str(inbox))
    assert third.exit_code == 0, third.output
    assert len(smtp.messages) == 2
    newest = parsed(smtp.messages[1])
    assert newest["Subject"].endswith("1 story")
    body = newest.get_body(("plain",)).get_content()
    assert "injection" in body and "Harbour Cup" not in body


def test_refused_message_is_retried_once(smtp, inbox: Path) -> None:
    smtp.sink.refuse = True
    refused = digest(smtp, str(inbox))
    assert refused.exit_code == 1
    assert "refused the message" in refused.stderr
    assert smtp.messages == []
    smtp.sink.refuse = False
    retry = digest(smtp, str(inbox))
    assert retry.exit_code == 0, retry.output
    again = digest(smtp, str(inbox))
    assert "no new articles" in again.stderr
    assert len(smtp.messages) == 1


def test_duplicate_stories_are_merged_different_ones_are_not(smtp, tmp_path: Path) -> None:
    folder = tmp_path / "dups"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    rewritten = text.replace("RBC-Ukraine", "Kyiv Wire").replace(
        "Russia has rejected", "Moscow has turned down"
    )
    (folder / "b.txt").write_text(rewritten, encoding="utf-8")
    for path in sorted(OWN.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    result = digest(smtp, str(folder))
    assert result.exit_code == 0, result.output
    message = parsed(smtp.messages[0])
    assert message["Subject"].endswith(f"{1 + len(list(OWN.glob('*.txt')))} stories")
    html = message.get_body(("html",)).get_content()
    assert "RBC-Ukraine" in html and "Kyiv Wire" in html
    assert html.count("Trump’s efforts in vain") == 1


def test_header_and_html_injection_are_harmless(smtp, tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    body = SEED.read_text(encoding="utf-8").split("\n", 2)[2]
    title = "Ceasefire\r\nBcc: victim@example.com\r\nSubject: pwned <script>alert(1)</script>"
    doc = {"title": title, "text": body + "\n<img src=x onerror=alert(2)> <b>bold</b>"}
    (folder / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    result = digest(smtp, str(folder))
    assert result.exit_code == 0, result.output
    [envelope] = smtp.messages
    assert envelope.rcpt_tos == ["reader@example.com"]
    message = parsed(envelope)
    assert message["Bcc"] is None and "pwned" not in message["Subject"]
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html


def test_failing_article_is_reported_and_the_rest_go_out(smtp, inbox: Path) -> None:
    (inbox / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    result = digest(smtp, str(inbox))
    assert result.exit_code == 1
    assert "broken.txt" in result.stderr
    message = parsed(smtp.messages[0])
    assert message["Subject"].endswith("2 stories")
    assert "broken.txt" in message.get_body(("plain",)).get_content()


def test_dry_run_writes_eml_and_marks_nothing(inbox: Path, tmp_path: Path) -> None:
    eml = tmp_path / "digest.eml"
    result = runner.invoke(app, ["digest", str(inbox), "--dry-run", str(eml), "-e", "offline"])
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"].endswith("2 stories")
    again = runner.invoke(app, ["digest", str(inbox), "--dry-run", str(eml), "-e", "offline"])
    assert "wrote" in again.stderr  # nothing was marked sent


@pytest.fixture
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return context


def test_starttls_and_login(tls, inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "correct horse battery staple"
    server = SmtpServer(tls=tls, users={"alice": secret})
    try:
        url = f"smtp://alice@127.0.0.1:{server.port}"
        args = ["digest", str(inbox), "--to", "r@example.com", "--smtp-url", url, "-e", "offline"]
        missing = runner.invoke(app, args)
        assert missing.exit_code == 2 and "BRIEFER_SMTP_PASSWORD" in missing.stderr
        monkeypatch.setenv("BRIEFER_SMTP_PASSWORD", "wrong")
        wrong = runner.invoke(app, args)
        assert wrong.exit_code == 1 and "refused the login" in wrong.stderr
        assert "wrong" not in wrong.output
        monkeypatch.setenv("BRIEFER_SMTP_PASSWORD", secret)
        ok = runner.invoke(app, args)
        assert ok.exit_code == 0, ok.output
        assert len(server.messages) == 1
        assert secret not in ok.output
    finally:
        server.stop()


def test_password_is_never_sent_in_clear(smtp, inbox: Path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFER_SMTP_PASSWORD", "secret")
    result = runner.invoke(
        app,
        [
            "digest",
            str(inbox),
            "--to",
            "r@example.com",
            "-e",
            "offline",
            "--smtp-url",
            f"smtp://bob@127.0.0.1:{smtp.port}",
        ],
    )
    assert result.exit_code == 1 and "STARTTLS" in result.stderr
    assert smtp.messages == []


def test_implicit_tls(tls, inbox: Path) -> None:
    server = SmtpServer(tls=tls, implicit_tls=True)
    try:
        config = DigestConfig(
            sources=[str(inbox)],
            to=["r@example.com"],
            engine="offline",
            smtp_url=f"smtps://127.0.0.1:{server.port}",
        )
        result = run_digest(config)
        assert result.sent and len(server.messages) == 1
    finally:
        server.stop()


def _config(smtp: SmtpServer, inbox: Path, state: Path) -> DigestConfig:
    return DigestConfig(
        sources=[str(inbox)],
        to=["r@example.com"],
        engine="offline",
        smtp_url=f"smtp://127.0.0.1:{smtp.port}",
        state=state,
    )


def test_concurrent_runs_do_not_both_send(smtp, inbox: Path, tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    config = _config(smtp, inbox, path)
    with State(path), pytest.raises(StateError, match="another digest run"):
        run_digest(config)
    assert smtp.messages == []
    assert run_digest(config).sent


@pytest.fixture
def feed_server(web) -> str:
    base, routes = web
    items = []
    for name in ("sports_final", "health_trial"):
        routes[f"/{name}.html"] = ("text/html", _page(OWN / f"{name}.txt"))
        stamp = f"{datetime.now(UTC):%a, %d %b %Y %H:%M:%S} GMT"
        items.append(
            f"<item><title>{name}</title><link>{base}/{name}.html</link>"
            f"<guid>{base}/{name}.html</guid><pubDate>{stamp}</pubDate></item>"
        )
    routes["/feed.xml"] = ("application/rss+xml", _rss(*items))
    return base


def test_feed_sources(smtp, feed_server: str) -> None:
    result = digest(smtp, f"{feed_server}/feed.xml")
    assert result.exit_code == 0, result.output
    html = parsed(smtp.messages[0]).get_body(("html",)).get_content()
    assert f'href="{feed_server}/sports_final.html"' in html
    assert "Harbour Cup" in html and "injection" in html
    again = digest(smtp, f"{feed_server}/feed.xml", "--since", "1d")
    assert "no new articles" in again.stderr


def test_config_file_and_overrides(tmp_path: Path, inbox: Path) -> None:
    path = tmp_path / "digest.toml"
    path.write_text(
        f'[digest]\nsources = ["{inbox}"]\nto = ["a@example.com"]\nengine = "offline"\n'
        'state = "state.sqlite3"\nevery = "0 7 * * *"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.state == tmp_path / "state.sqlite3"
    assert config.merged(to=["b@example.com"]).to == ["b@example.com"]
    path.write_text('[digest]\nrecipients = ["a@example.com"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'recipients': unknown setting"):
        load_config(path)
    path.write_text('[digest]\nevery = "every morning"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'every': not a cron expression"):
        load_config(path)
    result = runner.invoke(app, ["digest", "--config", str(path)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_schedule_survives_a_failed_run() -> None:
    clock = [datetime(2026, 11, 25, 6, 59, tzinfo=UTC)]
    calls: list[datetime] = []
    errors: list[Exception] = []

    def job() -> None:
        calls.append(clock[0])
        if len(calls) == 1:
            raise SmtpError("server down")

    def sleep(seconds: float) -> None:
        clock[0] += timedelta(seconds=seconds)

    run_every("0 7 * * *", job, errors.append, now=lambda: clock[0], sleep=sleep, runs=2)
    assert [c.hour for c in calls] == [7, 7] and calls[1] - calls[0] == timedelta(days=1)
    assert len(errors) == 1
    assert next_run("*/15 * * * *", datetime(2026, 1, 1, 10, 7, tzinfo=UTC)).minute == 15


def _page(path: Path) -> str:
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><article><h1>{title}</h1>{paras}</article></body></html>"


def _rss(*items: str) -> str:
    channel = f"<channel><title>W</title>{''.join(items)}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def _item(title: str, link: str, guid: str) -> str:
    guid_tag = f'<guid isPermaLink="false">{guid}</guid>'
    return f"<item><title>{title}</title><link>{link}</link>{guid_tag}</item>"


def test_feed_links_to_local_files_are_never_read(smtp, web, tmp_path: Path) -> None:
    base, routes = web
    secret = tmp_path / "secret.txt"
    secret.write_text("Top secret\n" + "The launch codes are hidden under the mat. " * 20)
    routes["/feed.xml"] = (
        "application/rss+xml",
        _rss(f"<item><title>x</title><link>{secret}</link><guid>e1</guid></item>"),
    )
    result = digest(smtp, f"{base}/feed.xml")
    assert "launch codes" not in "".join(m.content.decode() for m in smtp.messages)
    assert result.exit_code in (0, 1)


def test_same_guid_in_two_feeds_and_same_url_from_two_sources(smtp, web) -> None:
    base, routes = web
    routes["/sports.html"] = ("text/html", _page(OWN / "sports_final.txt"))
    routes["/health.html"] = ("text/html", _page(OWN / "health_trial.txt"))
    routes["/a.xml"] = (
        "application/rss+xml",
        _rss(_item("a", f"{base}/sports.html", "1")),
    )
    routes["/b.xml"] = (
        "application/rss+xml",
        _rss(_item("b", f"{base}/health.html", "1")),
    )
    first = digest(smtp, f"{base}/a.xml", f"{base}/b.xml")
    assert first.exit_code == 0, first.output
    assert parsed(smtp.messages[0])["Subject"].endswith("2 stories")
    again = digest(smtp, f"{base}/sports.html")  # the same article, now as a URL source
    assert "no new articles" in again.stderr and len(smtp.messages) == 1


def test_feed_is_recognised_by_content_not_by_url(smtp, web) -> None:
    base, routes = web
    routes["/feedback.html"] = ("text/html", _page(OWN / "sports_final.txt"))
    routes["/latest"] = (
        "text/xml",
        _rss(f"<item><title>h</title><link>{base}/feedback.html</link></item>"),
    )
    result = digest(smtp, f"{base}/feedback.html")
    assert result.exit_code == 0, result.output
    assert "Harbour Cup" in parsed(smtp.messages[0]).get_body(("plain",)).get_content()
    result = digest(smtp, f"{base}/latest")
    assert "no new articles" in result.stderr  # the feed's one item is that same page


def test_similar_template_stories_are_not_merged(smtp, tmp_path: Path) -> None:
    folder = tmp_path / "earnings"
    folder.mkdir()
    template = (
        "{co} reports third-quarter results\n"
        "{co} said on Tuesday that third-quarter revenue rose {pct}% to ${rev} billion, "
        "beating analysts' forecasts, as demand held up in its main markets. Chief executive "
        "{ceo} said the company expected growth to continue next year and raised its full-year "
        "outlook. Shares of {co} rose in early trading. The company will pay a quarterly "
        "dividend and continue its share buyback, {ceo} told analysts on a call."
    )
    (folder / "a.txt").write_text(
        template.format(co="Norland Foods", pct=12, rev=3.1, ceo="Ana Ruiz")
    )
    (folder / "b.txt").write_text(
        template.format(co="Castell Energy", pct=9, rev=7.4, ceo="Tom Berg")
    )
    result = digest(smtp, str(folder))
    assert result.exit_code == 0, result.output
    assert parsed(smtp.messages[0])["Subject"].endswith("2 stories")


def test_a_digest_accepted_but_not_recorded_is_resent_as_the_same_message(
    smtp, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefer.digest import state as state_module

    path = tmp_path / "state.sqlite3"
    config = _config(smtp, inbox, path)
    real = state_module.State.sent
    monkeypatch.setattr(
        state_module.State,
        "sent",
        lambda self, p, r: (_ for _ in ()).throw(
            StateError("simulated crash after the server accepted")
        ),
    )
    with pytest.raises(StateError):
        run_digest(config)
    monkeypatch.setattr(state_module.State, "sent", real)
    result = run_digest(config)
    assert "re-sent 1 held digest" in result.summary
    first, second = (parsed(m) for m in smtp.messages)
    assert first["Message-ID"] == second["Message-ID"]
    assert not run_digest(config).sent and len(smtp.messages) == 2


def test_refused_recipient_is_reported(inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = SmtpServer()

    async def rcpt(server_, session, envelope, address, options):  # noqa: ANN001
        if address.startswith("bad"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    server.sink.handle_RCPT = rcpt  # type: ignore[attr-defined]
    try:
        result = runner.invoke(
            app,
            [
                "digest",
                str(inbox),
                "--to",
                "good@example.com",
                "--to",
                "bad@example.com",
                "--smtp-url",
                f"smtp://127.0.0.1:{server.port}",
                "-e",
                "offline",
            ],
        )
    finally:
        server.stop()
    assert result.exit_code == 1
    assert "recipient refused by the server: bad@example.com" in result.stderr
    assert server.messages[0].rcpt_tos == ["good@example.com"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtp://127.0.0.1:99999", "invalid SMTP URL"),
        ("http://x", "smtp://"),
        ("smtp://u:hunter2@127.0.0.1:25", "environment variable"),
    ],
)
def test_bad_smtp_urls_fail_before_any_work(inbox: Path, url: str, message: str) -> None:
    result = runner.invoke(app, ["digest", str(inbox), "--to", "r@example.com", "--smtp-url", url])
    assert result.exit_code == 2 and message in result.stderr
    assert "hunter2" not in result.output


def test_an_article_is_given_up_after_three_failures_spread_over_a_day(
    smtp, inbox: Path, tmp_path: Path
) -> None:
    import sqlite3

    long_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
    (inbox / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    state = str(tmp_path / "state.sqlite3")
    quick = [digest(smtp, str(inbox), "--state", state) for _ in range(4)]
    assert all("broken.txt" in r.stderr and "giving up" not in r.stderr for r in quick)
    with sqlite3.connect(state) as db:  # as if those runs had been two days ago
        db.execute("UPDATE failures SET first_seen = ?, last_seen = ?", (long_ago, long_ago))
    late = digest(smtp, str(inbox), "--state", state)
    assert "giving up: 3 failures over more than a day" in late.stderr
    after = digest(smtp, str(inbox), "--state", state)
    assert "broken.txt" not in after.stderr and "no new articles" in after.stderr


def test_an_edited_file_goes_out_again_as_an_update(smtp, inbox: Path) -> None:
    assert digest(smtp, str(inbox)).exit_code == 0
    sports = inbox / "sports.txt"
    sports.write_text(sports.read_text(encoding="utf-8") + "\nThe club confirmed the parade route.")
    result = digest(smtp, str(inbox))
    assert result.exit_code == 0, result.output
    assert parsed(smtp.messages[1])["Subject"].endswith("1 story")
