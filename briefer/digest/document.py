"""The digest as a JSON document (``--dry-run PATH.json``), for inspection or post-processing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from briefer.digest.merge import Story
from briefer.errors import ConfigError
from briefer.models import Briefing

SCHEMA_VERSION = 1


class ArticleRef(BaseModel):
    """One article of a story: where it came from."""

    model_config = ConfigDict(extra="forbid")

    title: str
    source: str
    """The publisher when known, else the file or site."""
    path: str | None = None
    """The file it was read from (for a local article)."""
    url: str | None = None
    """The web address it was read from (for a web article)."""
    update: bool = False
    """True when this article went out in an earlier digest and has changed since."""


class StoryDoc(BaseModel):
    """One story: its briefing and every article that reported it."""

    model_config = ConfigDict(extra="forbid")

    briefing: Briefing
    articles: list[ArticleRef]


class DigestDocument(BaseModel):
    """A whole digest, as a dry run would have sent it."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    created: datetime
    stories: list[StoryDoc]
    failures: list[str]
    """Sources and articles that could not be read or briefed."""
    messages: int = 1
    """How many messages the stories would have filled (``max_stories`` per message)."""


def document(
    stories: list[Story], failures: list[str], when: datetime, messages: int = 1
) -> DigestDocument:
    """The digest of ``stories`` as a document."""
    docs = []
    for story in stories:
        refs = []
        for a in story.articles:
            web = a.location.lower().startswith(("http://", "https://"))
            refs.append(
                ArticleRef(
                    title=a.title,
                    source=a.source,
                    url=a.location if web else None,
                    path=None if web else a.location,
                    update=a.location in story.updates,
                )
            )
        docs.append(StoryDoc(briefing=story.briefing, articles=refs))
    return DigestDocument(created=when, stories=docs, failures=failures, messages=messages)


def write_json(doc: DigestDocument, path: Path) -> None:
    """Write the document as indented JSON."""
    try:
        path.write_text(doc.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the digest ({exc.strerror or exc})") from None
