from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefer import brief, load_article, render
from briefer.errors import RenderError

HOSTILE = (
    "Mayor <script>alert('x')</script> resigns\n"
    "The mayor of Eastbrook resigned on Monday after a vote of no confidence, officials said. "
    "Critics welcomed the move and said the <b>city</b> needed a fresh start after months of "
    "rows over the budget. “This is a new beginning for Eastbrook,” said council leader Ann "
    "Moss. <script>document.write('pwned')</script> The council has not confirmed whether a "
    "by-election will be held before the summer, and officials declined to comment on the "
    "mayor's pension."
)


@pytest.fixture
def hostile(tmp_path: Path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return brief(load_article(path), engine="offline")


def test_markdown_sections(seed: Path) -> None:
    out = render(brief(seed, engine="offline"), "md")
    for heading in (
        "# Trump",
        "**Bottom line:**",
        "## Key facts",
        "## Open questions",
        "## Reactions",
    ):
        assert heading in out
    assert "(negative)" in out and "(positive)" in out


def test_json_single_and_many(seed: Path) -> None:
    b = brief(seed, engine="offline")
    assert json.loads(render(b, "json"))["title"] == b.title
    many = json.loads(render([b, b], "json"))
    assert isinstance(many, list) and len(many) == 2


def test_text(seed: Path) -> None:
    out = render(brief(seed, engine="offline"), "text")
    assert "BOTTOM LINE" in out and "REACTIONS" in out
    assert max(len(line) for line in out.splitlines()) <= 100


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def test_html_escapes_article_content(hostile) -> None:
    out = render(hostile, "html")
    parser = _Scripts()
    parser.feed(out)
    assert "script" not in parser.tags
    assert "b" not in parser.tags
    assert "&lt;script&gt;" in out


def test_markdown_escapes_inline_html(hostile) -> None:
    out = render(hostile, "md")
    assert "<script>" not in out
    assert "\\<script\\>" in out


def test_unverified_items_are_labelled(seed: Path) -> None:
    b = brief(seed, engine="offline")
    fact = b.key_facts[0].model_copy(update={"verified": False})
    b = b.model_copy(update={"key_facts": [fact]})
    assert "(unverified)" in render(b, "md")
    assert "unverified" in render(b, "html")


def test_unknown_format(seed: Path) -> None:
    with pytest.raises(RenderError):
        render(brief(seed, engine="offline"), "pdf")
