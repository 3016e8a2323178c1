"""Turn digest sources (folders, files, feeds, URLs) into candidate articles."""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from briefer.article import MAX_BYTES, Article, fetch, load_article, parse_article
from briefer.errors import InputError

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json")
_FEED_SUFFIXES = (".xml", ".rss", ".atom")
_URL = re.compile(r"https?://", re.IGNORECASE)


class Candidate(NamedTuple):
    """An article a digest might include, and how to load it."""

    key: str
    """Stable identity: the same article gets the same key on every run."""
    location: str
    """Path or URL, shown as the source and used as the link."""
    published: datetime | None
    load: Callable[[], Article]


class Collected(NamedTuple):
    """What the sources yielded: candidates, and sources that could not be read."""

    candidates: list[Candidate]
    failures: list[str]


def collect(sources: list[str], since: datetime | None = None) -> Collected:
    """Expand every source into candidates (newer than ``since``, when given)."""
    candidates: list[Candidate] = []
    failures: list[str] = []
    for source in sources:
        try:
            candidates.extend(_expand(source))
        except InputError as exc:
            failures.append(exc.message)
    seen: set[str] = set()
    unique = []
    for c in candidates:
        if c.key in seen or (since and c.published and c.published < since):
            continue
        seen.add(c.key)
        unique.append(c)
    return Collected(unique, failures)


def _expand(source: str) -> list[Candidate]:
    if _URL.match(source):
        data, kind = fetch(source)  # one download decides: a feed, or an article
        if kind == "feed":
            return _feed(source, data)
        return [Candidate(url_key(source), source, None, lambda: parse_article(data, kind, source))]
    path = Path(source).expanduser()
    try:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            return [_file(p) for p in files if p.suffix.lower() in ARTICLE_SUFFIXES] + [
                c for p in files if p.suffix.lower() in _FEED_SUFFIXES for c in _feed(str(p))
            ]
        if path.is_file():
            return _feed(str(path)) if path.suffix.lower() in _FEED_SUFFIXES else [_file(path)]
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", source) from None
    raise InputError("no such file, folder or URL", source)


_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref|ref_src|cmpid)$",
    re.IGNORECASE,
)


def url_key(url: str) -> str:
    """One key per article URL, whichever source (feed or URL) brought it: the scheme,
    the host's case, a trailing slash, a fragment and tracking parameters (utm_*, fbclid,
    ...) do not make another article."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = urlencode([(k, v) for k, v in query if not _TRACKING.match(k)])
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != {"http": 80, "https": 443}.get(parts.scheme.lower()):
        host += f":{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return f"url:{host}{path}" + (f"?{kept}" if kept else "")


def _file(path: Path) -> Candidate:
    """A file is keyed by path and content: edited, it is a new article (an update)."""
    resolved = path.resolve()
    stat = resolved.stat()
    mtime = datetime.fromtimestamp(stat.st_mtime, UTC)
    digest = hashlib.sha256()
    if stat.st_size <= MAX_BYTES:
        with resolved.open("rb") as f:
            digest.update(f.read())
    key = f"file:{resolved}:{digest.hexdigest()[:16]}"
    return Candidate(key, str(path), mtime, lambda: load_article(resolved))


def _feed(location: str, data: bytes | None = None) -> list[Candidate]:
    import feedparser

    if data is None:
        data = _read_feed(location)
    headers = {"content-location": location} if _URL.match(location) else {}
    parsed = feedparser.parse(data, response_headers=headers)  # resolves relative links
    if parsed.bozo and not parsed.entries:
        raise InputError("not a readable RSS or Atom feed", location)
    out = []
    for number, entry in enumerate(parsed.entries):
        link = entry.get("link") or ""
        if not _URL.match(link):
            link = ""  # only web links are followed: never a local path named by a feed
        ident = entry.get("id") or entry.get("title") or str(number)
        key = url_key(link) if link else f"feed:{location}#{ident}"
        out.append(
            Candidate(
                key,
                link or location,
                _entry_time(entry),
                _entry_loader(entry, link, location, parsed.feed.get("title")),
            )
        )
    return out


def _read_feed(location: str) -> bytes:
    if _URL.match(location):
        return fetch(location)[0]  # the same size cap and deadline as articles
    try:
        return Path(location).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read feed ({exc.strerror or exc})", location) from None


def _entry_time(entry: dict) -> datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None


def _entry_loader(
    entry: dict,
    link: str,
    feed: str,
    feed_title: str | None,
) -> Callable[[], Article]:
    """Brief the entry's own full text when the feed carries it, else fetch its link."""

    def load() -> Article:
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary", "")
        title = entry.get("title") or ""
        if not link and not html:
            raise InputError("feed entry has neither text nor a web link", feed)
        if html and len(re.findall(r"\w+", html)) >= 150 or not link:
            page = f"<html><head><title>{_escape(title)}</title></head><body><article>"
            page += f"<h1>{_escape(title)}</h1>{html}</article></body></html>"
            article = parse_article(page.encode(), "html", link or feed, feed_title)
        else:
            article = load_article(link)
        return article.model_copy(update={"location": link or feed})

    return load


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)
