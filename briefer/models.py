"""The briefing data model: what every engine produces and every renderer reads."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Stance(StrEnum):
    """How a party responded."""

    positive = "positive"
    negative = "negative"
    mixed = "mixed"
    neutral = "neutral"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quote(_Strict):
    """A verbatim quote from the article."""

    text: str = Field(min_length=1)
    """The quoted words, exactly as they appear in the article."""
    start: int | None = None
    """Character offset of the quote in the article text, set by the evidence check."""
    end: int | None = None
    """End offset (exclusive) of the quote in the article text."""


class _Evidenced(_Strict):
    evidence: list[Quote] = Field(min_length=1)
    """The source sentence(s) the item rests on, quoted verbatim."""
    verified: bool = False
    """True only when the evidence check found every quote in the article and
    ``check_claim`` found the item's text supported by them."""


class Fact(_Evidenced):
    """A key fact stated by the article."""

    text: str = Field(min_length=1)
    """The fact, in one sentence."""


class OpenQuestion(_Evidenced):
    """Something the article leaves unresolved or unconfirmed."""

    question: str = Field(min_length=1)
    """The open point, phrased as a question."""


class Reaction(_Evidenced):
    """How a named party responded."""

    actor: str = Field(min_length=1)
    """Who reacted: a government, leader, official, lawmaker, analyst, market..."""
    stance: Stance
    """Overall direction of the response."""
    text: str = Field(min_length=1)
    """What they said or did, in one sentence."""


class EvidenceStats(_Strict):
    """What the evidence check found."""

    items: int = 0
    """Items the engine produced."""
    verified: int = 0
    """Items whose every quote was found in the article."""
    unverified: int = 0
    """Items kept with ``verified: false``: some quotes were found, others not."""
    dropped: int = 0
    """Items removed because none of their quotes was found."""
    unsupported_details: int = 0
    """Items kept unverified because ``check_claim`` found their text unsupported by their
    evidence (a number, name, negation, opposite, hedge, actor or most words not in it)."""
    quotes_checked: int = 0
    quotes_found: int = 0
    failures: list[str] = Field(default_factory=list)
    """Quotes that could not be found (truncated), for diagnosis and re-asking."""


class Meta(_Strict):
    """How the briefing was made."""

    briefer_version: str
    engine: str
    model: str | None = None
    prompt_version: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
    """Wall-clock time per stage, in milliseconds."""
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost_usd: float | None = None
    """Estimated cost from the price table, when the model's prices are known."""
    calls: int = 0
    """Requests made to the model (0 for the offline engine or a cached answer)."""
    chunks: int = 1
    """Parts the article was split into to fit the model's context window."""
    cached: bool = False
    coverage: float = 0.0
    """Share of the article's text (0-1) that the verified evidence covers."""
    article_words: int = 0
    truncated: str | None = None
    """Why the model's answer was cut short, when it was: its complete items were kept."""
    invalid_items: int = 0
    """Items the engine built but dropped because they failed validation (an empty text...),
    or, from a model, reactions whose words it gave to several parties while the article
    ties them to none of them."""
    recited: int = 0
    """Items whose cited evidence did not support them and that now cite the article
    sentences that do (LLM engine; the model had cited the wrong ones)."""
    evidence: EvidenceStats = Field(default_factory=EvidenceStats)


class Briefing(_Strict):
    """A structured briefing of one news article."""

    schema_version: int = SCHEMA_VERSION
    title: str
    source: str
    """The publisher when known, otherwise the file or URL the article came from."""
    published: str | None = None
    """The publication date or dateline exactly as the article gives it; never invented."""
    bottom_line: str
    """The story in one or two sentences."""
    key_facts: list[Fact] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    reactions: list[Reaction] = Field(default_factory=list)
    meta: Meta


def briefing_json_schema() -> dict[str, object]:
    """Return the JSON Schema of ``Briefing`` (what ``briefer schema`` prints)."""
    return Briefing.model_json_schema()
