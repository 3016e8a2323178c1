"""Load an article from a file, a URL or stdin into an ``Article``.

Every article is untrusted input: loaders only ever extract text from it, and every way an
input can be unusable (missing, binary, undecodable, empty, too short, no main text) becomes
an ``InputError`` with a one-line reason.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from briefer.errors import InputError, field_errors, one_line

MIN_WORDS = 30
"""Articles shorter than this are refused: there is nothing to brief."""
MAX_BYTES = 10 * 1024 * 1024
"""Inputs larger than this are refused rather than read into memory."""
FETCH_DEADLINE = 30.0
"""Seconds a URL download may take in all, however slowly the server trickles."""

_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x7fELF",
)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december"
)
_DATELINE = re.compile(
    rf"\b(?:{_MONTHS}|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\b|\b\d{{1,2}}:\d{{2}}\b|"
    r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b(?:today|yesterday|updated)\b",
    re.IGNORECASE,
)
_PUBLISHER_SUFFIX = re.compile(r"^(?P<title>.{10,}?)\s+[–—|-]\s+(?P<pub>[A-Z][\w.&'’ -]{1,40})$")
_WORD = re.compile(r"\w+")
_HTML_TAG = re.compile(rb"<(?:!doctype|html|head|body|p|div|article|main|span|br|h[1-6])\b", re.I)
_UNSUPPORTED = frozenset(
    ".rtf .doc .docx .odt .pdf .epub .xls .xlsx .ppt .pptx .zip .gz .png .jpg .jpeg .gif".split()
)


class Article(BaseModel):
    """A news article, reduced to plain text."""

    model_config = ConfigDict(extra="forbid")

    title: str
    """The headline, without any publisher suffix."""
    text: str = Field(min_length=1)
    """The body: one paragraph per line. Evidence is checked against this text."""
    source: str
    """The publisher when the article names one, else where it was loaded from."""
    published: str | None = None
    """The date or dateline as given by the article, if any."""
    location: str = "-"
    """The path or URL the article was loaded from ('-' for stdin)."""

    @property
    def words(self) -> int:
        """Number of words in the body."""
        return len(_WORD.findall(self.text))


def load_article(location: str | Path, *, stdin: bytes | None = None) -> Article:
    """Load the article at ``location``: a file path, an http(s) URL, or ``-`` for stdin.

    The format follows the file's extension (.txt, .md, .html/.htm, .json); stdin and URLs
    are sniffed. Raises ``InputError`` with a one-line reason for anything unusable.
    """
    name = str(location)
    if not name:
        raise InputError("empty file name")
    if name == "-":
        data = stdin if stdin is not None else sys.stdin.buffer.read(MAX_BYTES + 1)
        _check_size(len(data), "-")
        return _parse(data, _sniff(data), "stdin", "stdin")
    if re.match(r"https?://", name, re.IGNORECASE):
        data, kind = fetch(name)
        return _parse(data, kind, name, name)
    path = Path(name)
    if not path.exists():
        if re.match(r"[a-z][a-z0-9+.-]*://", name, re.IGNORECASE):
            raise InputError("not a file, and only http(s) URLs can be fetched", name)
        raise InputError("no such file", name)
    if path.is_dir():
        raise InputError("is a directory, not an article file", name)
    if not path.is_file():
        raise InputError("not a regular file (a device, pipe or socket)", name)
    try:
        _check_size(path.stat().st_size, name)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", name) from None
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise InputError(f"unsupported file type {suffix} (use .txt, .md, .html or .json)", name)
    kind = _KIND_BY_SUFFIX.get(suffix) or _sniff(data)
    if kind == "html" and not _HTML_TAG.search(data[:65536]):
        kind = "txt"  # plain text saved under an .html name
    return _parse(data, kind, name, path.name)


def parse_article(data: bytes, kind: str, location: str, source: str | None = None) -> Article:
    """Parse raw bytes of a known kind ("txt", "md", "html", "json") into an ``Article``."""
    return _parse(data, kind, location, source or location)


def _check_size(size: int, location: str) -> None:
    if size > MAX_BYTES:
        raise InputError(f"too large (over {MAX_BYTES // 2**20} MB)", location)


def _parse(data: bytes, kind: str, location: str, fallback_source: str) -> Article:
    if kind == "feed" or _is_feed(data):
        raise InputError("this is an RSS/Atom feed, not an article; use briefer digest", location)
    text = decode(data, location)
    parser = _PARSERS[kind]
    article = parser(text, location, fallback_source)
    words = article.words
    if words < MIN_WORDS:
        raise InputError(
            f"article too short to brief ({words} word{'s' if words != 1 else ''}; "
            f"at least {MIN_WORDS} needed)",
            location,
        )
    return article


def decode(data: bytes, location: str = "-") -> str:
    """Decode bytes to text: UTF-8 first, then charset detection; refuse binary data."""
    if not data.strip():
        raise InputError("empty article", location)
    data = _add_utf16_bom(data)
    if data.startswith(_BINARY_MAGIC) or (b"\x00" in data[:8192] and not _has_utf16_bom(data)):
        raise InputError("binary data, not a text article", location)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _detect(data, location)
        if not _has_words(text):  # a guessed charset that yields no words decoded noise
            raise InputError("undecodable data, not a readable text article", location) from None
    if _garbage_ratio(text) > 0.05:
        raise InputError("undecodable or binary data, not a readable text article", location)
    if not text.strip():
        raise InputError("empty article (whitespace only)", location)
    return text


def _add_utf16_bom(data: bytes) -> bytes:
    """Recognise BOM-less UTF-16 (every other byte NUL in ASCII-heavy text) by adding a BOM."""
    head = data[:4096]
    if _has_utf16_bom(head) or len(head) < 64 or len(head) % 2:
        return data
    for bom, zeros in ((b"\xff\xfe", head[1::2]), (b"\xfe\xff", head[0::2])):
        if zeros.count(0) > 0.9 * len(zeros):
            return bom + data
    return data


def _has_utf16_bom(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff"))


def _detect(data: bytes, location: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot decode bytes as text (not UTF-8, no charset detected)", location)
    return str(best)


def _garbage_ratio(text: str) -> float:
    """Share of replacement, control, surrogate, private-use and unassigned characters."""
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = len(_ASCII_CONTROL.findall(sample))  # the ASCII ones need no category lookup
    bad += sum(
        1
        for ch in _NON_ASCII.findall(sample)
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
    )
    return bad / len(sample)


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
"""ASCII control characters but tab, newline, vertical tab, form feed and return."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _has_words(text: str) -> bool:
    """Prose has spaces between words; decoded binary noise rarely does."""
    sample = text[:20000]
    return len(sample) < 200 or sum(ch.isspace() for ch in sample) / len(sample) > 0.03


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div")):
        return "html"
    if head.startswith(b"{"):
        return "json"
    if head.startswith((b"# ", b"---\n")):
        return "md"
    return "txt"


def _is_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head) and b"<html" not in head


def fetch(url: str) -> tuple[bytes, str]:
    """Download ``url`` (size cap, overall deadline); return its bytes and their kind:
    "html", "json", "md", "txt" or "feed" (RSS/Atom)."""
    data, kind = _fetch(url)
    return (data, "feed") if _is_feed(data) else (data, kind)


def _fetch(url: str) -> tuple[bytes, str]:
    """Download ``url`` with a size cap and an overall deadline."""
    import time

    import httpx

    deadline = time.monotonic() + FETCH_DEADLINE
    chunks: list[bytes] = []
    try:
        with (
            httpx.Client(
                follow_redirects=True, timeout=20.0, headers={"User-Agent": "briefer/0.1"}
            ) as client,
            client.stream("GET", url) as response,
        ):
            response.raise_for_status()
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                _check_size(size, url)
                if time.monotonic() > deadline:
                    raise InputError(f"download took over {FETCH_DEADLINE:.0f} s", url)
                chunks.append(chunk)
    except httpx.HTTPStatusError as exc:
        raise InputError(f"HTTP {exc.response.status_code} fetching the URL", url) from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
        detail = one_line(exc, 120) or type(exc).__name__
        raise InputError(f"cannot fetch the URL ({detail})", url) from None
    except (ValueError, UnicodeError):  # malformed host names (IDNA) and ports
        raise InputError("invalid URL", url) from None
    content = b"".join(chunks)
    ctype = response.headers.get("content-type", "").lower()
    if "html" in ctype:
        kind = "html"
    elif "json" in ctype:
        kind = "json"
    elif "markdown" in ctype:
        kind = "md"
    elif ctype.startswith("text/"):
        kind = "txt"
    else:
        kind = _sniff(content)
    return content, kind


# --- plain text ------------------------------------------------------------------------


# Control characters, and zero-width spaces that only hide word boundaries.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff]")


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(_CONTROL.sub("", value).split()) or None


def _lines(text: str) -> list[str]:
    text = _CONTROL.sub("", text)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _looks_like_headline(line: str) -> bool:
    return len(line.split()) <= 25 and not line.endswith((".", ",", ";", ":"))


def _looks_like_dateline(line: str) -> bool:
    ends_ok = not line.endswith(".") or line.endswith(("a.m.", "p.m."))
    return len(line.split()) <= 10 and bool(_DATELINE.search(line)) and ends_ok


def split_publisher(title: str) -> tuple[str, str | None]:
    """Split 'Headline – Publisher' into its parts; the publisher is None when absent."""
    match = _PUBLISHER_SUFFIX.match(title)
    if match and len(match["pub"].split()) <= 4:
        return match["title"].strip(), match["pub"].strip()
    return title, None


def _fallback_title(body: str) -> str:
    words = body.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _from_lines(
    lines: list[str],
    location: str,
    fallback_source: str,
    *,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
) -> Article:
    title, published, source = map(_clean_field, (title, published, source))
    if title is None and len(lines) > 1 and _looks_like_headline(lines[0]):
        title, lines = lines[0], lines[1:]
    if published is None and len(lines) > 1 and _looks_like_dateline(lines[0]):
        published, lines = lines[0], lines[1:]
    body = "\n".join(lines).strip()
    if not body:
        raise InputError("no article text found", location)
    publisher = None
    if title:
        title, publisher = split_publisher(title)
    return Article(
        title=title or _fallback_title(body),
        text=body,
        source=source or publisher or fallback_source,
        published=published,
        location=location,
    )


def _parse_txt(text: str, location: str, fallback_source: str) -> Article:
    return _from_lines(_lines(text), location, fallback_source)


# --- Markdown --------------------------------------------------------------------------


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = re.match(r"---\r?\n(.*?)\r?\n---\r?\n", text, re.DOTALL)
    if not match:
        return {}, text
    fields = {}
    for line in match[1].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields, text[match.end() :]


def _parse_md(text: str, location: str, fallback_source: str) -> Article:
    from markdown_it import MarkdownIt

    meta, text = _front_matter(text)
    blocks: list[str] = []
    title = meta.get("title")
    in_h1 = False
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "heading_open":
            in_h1 = token.tag == "h1"
        elif token.type == "inline" and token.children is not None:
            line = " ".join(_inline_text(token.children).split())
            if not line:
                continue
            if in_h1 and title is None and not blocks:
                title = line
            else:
                blocks.append(line)
        elif token.type == "heading_close":
            in_h1 = False
    return _from_lines(
        blocks,
        location,
        fallback_source,
        title=title,
        published=meta.get("date") or meta.get("published"),
        source=meta.get("source") or meta.get("publisher"),
    )


def _inline_text(children: list) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


# --- HTML ------------------------------------------------------------------------------


_NOT_TEXT = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)


def _parse_html(text: str, location: str, fallback_source: str) -> Article:
    import trafilatura

    # Script and style bodies are never text, but extractors read some of them into the
    # title or the headline ("Port strike ends alert('h1')"): remove them first.
    doc = trafilatura.bare_extraction(
        _NOT_TEXT.sub(" ", text),
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )

    def field(name: str) -> str:
        value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
        return str(value or "")

    lines = _lines(field("text"))
    title = field("title").strip() or None
    if lines and title and lines[0] == title:
        lines = lines[1:]
    words = len(_WORD.findall(" ".join(lines)))
    if words < MIN_WORDS:
        raise InputError(f"no main text found in the HTML page ({words} words)", location)
    return _from_lines(
        lines,
        location,
        fallback_source,
        title=title,
        published=field("date") or None,
        source=field("sitename") or None,
    )


# --- JSON ------------------------------------------------------------------------------


class _JsonArticle(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    text: str
    source: str | None = None
    published: str | None = None


def _parse_json(text: str, location: str, fallback_source: str) -> Article:
    from pydantic import ValidationError

    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON (line {exc.lineno}: {exc.msg})", location) from None
    except (RecursionError, ValueError) as exc:  # absurd nesting, 5,000-digit numbers
        raise InputError(f"unreadable JSON ({type(exc).__name__})", location) from None
    raw = _mend_surrogates(raw)
    if not isinstance(raw, dict):
        raise InputError(
            'JSON article must be an object like {"title": ..., "text": ...}', location
        )
    try:
        doc = _JsonArticle.model_validate(raw)
    except ValidationError as exc:
        fields = "; ".join(field_errors(exc))
        raise InputError(f"invalid JSON article ({fields})", location) from None
    lines = _lines(doc.text)
    if not lines:
        raise InputError("empty article (the 'text' field is blank)", location)
    return _from_lines(
        lines,
        location,
        fallback_source,
        title=doc.title.strip() if doc.title and doc.title.strip() else None,
        published=doc.published,
        source=doc.source,
    )


def _mend_surrogates(value: object) -> object:
    """JSON escapes can encode lone surrogates ("\\ud83d"); pair them up or replace them."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {k: _mend_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mend_surrogates(v) for v in value]
    return value


_PARSERS: dict[str, Callable[[str, str, str], Article]] = {
    "txt": _parse_txt,
    "md": _parse_md,
    "html": _parse_html,
    "json": _parse_json,
}
_KIND_BY_SUFFIX = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}
