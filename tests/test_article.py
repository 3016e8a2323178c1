from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefer import article as article_module
from briefer.article import MIN_WORDS, load_article, split_publisher
from briefer.errors import InputError

BODY = (
    "The city council voted on Tuesday to close the old river bridge for six weeks of repairs. "
    "Engineers found cracks in two supports during a routine inspection in January, officials "
    "said. Buses will use the northern ring road while the work goes on, and cyclists will be "
    "given a temporary lane. The repairs will cost about 2.4 million euros."
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_txt_headline_dateline_and_publisher(seed: Path) -> None:
    article = load_article(seed)
    assert article.title == "Trump’s efforts in vain: Russia refused to cease fire"
    assert article.source == "RBC-Ukraine"
    assert article.published == "18 March 22:21"
    assert article.text.startswith("Russia has rejected")
    assert article.words > 800


def test_txt_without_headline_uses_the_first_words(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "plain.txt", BODY))
    assert article.title.startswith("The city council voted")
    assert article.source == "plain.txt"
    assert article.published is None


def test_markdown(tmp_path: Path) -> None:
    md = (
        "---\ntitle: Bridge to close\ndate: 2026-03-18\nsource: The Daily\n---\n"
        f"# Ignored heading\n\n{BODY.replace('six weeks', '**six weeks**')}\n\n"
        "## Next steps\n\n- A [public meeting](http://example.com) is planned for May.\n"
        "<script>alert(1)</script>\n"
    )
    article = load_article(write(tmp_path, "a.md", md))
    assert article.title == "Bridge to close"
    assert article.published == "2026-03-18"
    assert article.source == "The Daily"
    assert "six weeks of repairs" in article.text
    assert "**" not in article.text and "http://" not in article.text
    assert "A public meeting is planned for May." in article.text
    assert "alert" not in article.text


def test_html_extracts_main_text_and_drops_scripts(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Bridge to close | The Daily</title>"
        '<meta property="og:site_name" content="The Daily">'
        "<script>var secret = 'do not show';</script></head><body>"
        "<nav>Home | World | Sport | Weather</nav>"
        f"<article><h1>Bridge to close</h1><p>{BODY}</p>"
        "<p>Residents said they were worried about traffic in the old town.</p></article>"
        "<footer>Copyright 2026 The Daily. All rights reserved.</footer></body></html>"
    )
    article = load_article(write(tmp_path, "page.html", html))
    assert article.title == "Bridge to close"
    assert article.source == "The Daily"
    assert "six weeks of repairs" in article.text
    assert "secret" not in article.text
    assert "Copyright" not in article.text


def test_json(tmp_path: Path) -> None:
    doc = {"title": "Bridge", "text": BODY, "source": "Wire", "published": "today", "x": 1}
    article = load_article(write(tmp_path, "a.json", json.dumps(doc)))
    assert (article.title, article.source, article.published) == ("Bridge", "Wire", "today")
    assert article.text == BODY


def test_stdin_is_sniffed() -> None:
    article = load_article("-", stdin=("Bridge closes\n" + BODY).encode())
    assert article.title == "Bridge closes"
    assert article.location == "stdin"
    html = f"<html><body><article><p>{BODY}</p></article></body></html>".encode()
    assert "six weeks" in load_article("-", stdin=html).text


def test_latin1_is_detected(tmp_path: Path) -> None:
    text = "Café owners in Saint-Étienne protest\n" + BODY + " Le maire a déclaré: « très bien ». "
    article = load_article(write(tmp_path, "latin.txt", text.encode("latin-1")))
    assert "Café" in article.title
    assert "déclaré" in article.text


def test_utf16_with_bom(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "u16.txt", ("Headline\n" + BODY).encode("utf-16")))
    assert article.title == "Headline"


@pytest.fixture
def server(web) -> str:
    base, routes = web
    html = f"<html><body><article><p>{BODY}</p></article></body></html>"
    routes["/article.html"] = ("text/html", html)
    routes["/plain"] = ("text/plain; charset=utf-8", "Bridge closes\n" + BODY)
    routes["/big"] = ("text/plain", "Bridge closes\n" + BODY * 400)
    return base


def test_url(server: str) -> None:
    assert "six weeks" in load_article(f"{server}/article.html").text
    assert load_article(f"{server}/plain").title == "Bridge closes"
    with pytest.raises(InputError, match="HTTP 404"):
        load_article(f"{server}/missing")


def test_url_download_is_capped(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_module, "MAX_BYTES", 10_000)
    with pytest.raises(InputError, match="too large"):
        load_article(f"{server}/big")


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:abc/", "http://xn--/"])
def test_malformed_urls(url: str) -> None:
    with pytest.raises(InputError, match="URL"):
        load_article(url)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty article"),
        ("blank.txt", "  \n\t \n", "empty article"),
        ("binary.txt", b"\x00\x01\x02\x03binary\x00\xff" * 50, "binary"),
        ("doc.pdf.txt", b"%PDF-1.7\n" + bytes(range(256)) * 4, "binary"),
        ("garbage.txt", bytes(range(0x80, 0xA0)) * 40, "undecodable"),
        ("short.txt", "Headline\nToo short to brief.", "too short"),
        ("nomain.html", "<html><body><nav>Home</nav><script>x()</script></body></html>", "no main"),
        ("bad.json", "{not json", "invalid JSON"),
        ("list.json", "[1, 2]", "must be an object"),
        ("notext.json", '{"title": "x"}', "text"),
    ],
)
def test_bad_input_gives_one_clear_reason(tmp_path: Path, name: str, content, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as info:
        load_article(write(tmp_path, name, content))
    assert "\n" not in str(info.value)


def test_json_with_lone_surrogates_is_mended(tmp_path: Path) -> None:
    doc = '{"title": "Rocket \\ud83d launch", "text": "' + BODY + ' \\ud83d\\ude80"}'
    article = load_article(write(tmp_path, "s.json", doc))
    assert article.title == "Rocket \ufffd launch"
    assert article.text.endswith("🚀")


def test_plain_text_saved_as_html(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "a.html", "Bridge closes\n" + BODY))
    assert article.title == "Bridge closes"


def test_unsupported_file_types(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported file type .rtf"):
        load_article(write(tmp_path, "a.rtf", "{\\rtf1 hello}"))


def test_pipes_and_devices_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        load_article(fifo)
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        load_article(link)


def test_oversized_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_module, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="too large"):
        load_article(write(tmp_path, "big.txt", BODY))
    with pytest.raises(InputError, match="too large"):
        load_article("-", stdin=BODY.encode())


@pytest.mark.parametrize(
    "doc",
    [
        '{"title": "x", "text": "' + BODY + '", "x": ' + "[ " * 100_000 + "]" * 100_000 + "}",
        '{"title": "x", "text": "' + BODY + '", "x": ' + "9" * 5000 + "}",
    ],
    ids=["deep", "bigint"],
)
def test_pathological_json(tmp_path: Path, doc: str) -> None:
    with pytest.raises(InputError, match="JSON"):
        load_article(write(tmp_path, "p.json", doc))


def test_unusual_but_readable_text_is_accepted(tmp_path: Path) -> None:
    zwsp = BODY.replace(" ", " \u200b")
    assert "six weeks" in load_article(write(tmp_path, "z.txt", zwsp)).text
    utf16 = ("Headline\n" + BODY).encode("utf-16-le")  # no BOM
    assert load_article(write(tmp_path, "u.txt", utf16)).title == "Headline"
    long_title = json.dumps({"title": "x" * 50_000, "text": BODY})
    assert load_article(write(tmp_path, "t.json", long_title)).text == BODY


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    doc = json.dumps({"title": "Bell\u0007", "text": BODY.replace("council", "coun\u0007cil")})
    article = load_article(write(tmp_path, "c.json", doc))
    assert "\u0007" not in article.text + article.title


def test_empty_name() -> None:
    with pytest.raises(InputError, match="empty file name"):
        load_article("")


def test_other_url_schemes_are_not_called_missing_files() -> None:
    with pytest.raises(InputError, match="only http"):
        load_article("ftp://example.org/story.txt")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        load_article(tmp_path)


def test_too_short_names_the_threshold(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=f"at least {MIN_WORDS}"):
        load_article(write(tmp_path, "s.txt", "one two three four five six"))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Russia refused to cease fire – RBC-Ukraine",
            ("Russia refused to cease fire", "RBC-Ukraine"),
        ),
        ("Markets slide | The Daily Ledger", ("Markets slide", "The Daily Ledger")),
        ("Ceasefire talks - what we know so far", ("Ceasefire talks - what we know so far", None)),
        ("A title with no publisher", ("A title with no publisher", None)),
    ],
)
def test_split_publisher(title: str, expected: tuple[str, str | None]) -> None:
    assert split_publisher(title) == expected
