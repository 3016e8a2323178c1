"""What the model is asked to return (drafts), how its JSON is read, and how a draft
becomes a ``Briefing``."""

from __future__ import annotations

import json
import re
from os.path import commonprefix
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from briefer.errors import field_errors
from briefer.models import Briefing, Fact, Meta, OpenQuestion, Quote, Reaction, Stance

if TYPE_CHECKING:
    from briefer.article import Article

MAX_FACTS = 10
MAX_QUESTIONS = 6
MAX_REACTIONS = 8
FIELD_CHARS = {"bottom_line": 400, "text": 300, "question": 300, "actor": 80}
"""Longest string the bounded schema allows per field (see ``prompting.response_schema``)."""
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


def not_blank(value: str) -> str:
    """A required text of the model's answer must say something."""
    if not value.strip():
        raise ValueError("must not be empty")
    return value


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def unrepeated(value: str) -> str:
    """A text with sentences that repeat an earlier one left out: a small model caught in a
    loop writes "He was shot down ... He was shot down ... He was shot do". A sentence
    whose first 80% is the start of an earlier one counts as a repeat."""
    kept: list[str] = []
    seen: list[str] = []
    for sentence in _SENTENCE_END.split(value.strip()):
        key = " ".join(sentence.lower().split()).rstrip(".!?")
        if key and any(len(commonprefix([old, key])) >= 0.8 * len(key) for old in seen):
            continue
        seen.append(key)
        kept.append(sentence)
    return " ".join(kept)


def finished(value: str) -> str:
    """A text the schema's length bound cut off mid-sentence keeps its complete sentences:
    "... a matter of state policy. It" -> "... a matter of state policy."; one with no
    complete sentence says it was cut, without the word it cut in two: "... agrees to cease
    hostilities in the Donba" -> "... agrees to cease hostilities in the …". Only a text of
    the bound's length can have been cut by it."""
    text = value.strip()
    bound = FIELD_CHARS["text"]
    if not bound - 1 <= len(text) <= bound or text.endswith(_WHOLE_ENDS):
        return value
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    if ends:
        return text[: ends[-1]]
    if text.endswith((",", ";", ":")):  # the last word is whole
        return f"{text.rstrip(',;: ')} …"
    head = text.rstrip("…").rsplit(None, 1)  # a model may mark the cut itself: "Ukra…"
    return f"{head[0].rstrip(',;: ')} …" if len(head) == 2 else value


_WHOLE_ENDS = (".", "!", "?", '"', "”", "’", "'", ")")
"""How a text that was not cut may end (at the bound's length, an ellipsis marks a cut)."""


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("evidence", check_fields=False)
    @classmethod
    def _needs_evidence(cls, value: list[str]) -> list[str]:
        quotes = [q for q in value if q.strip()]
        if not quotes:
            raise ValueError("needs at least one verbatim quote from the article")
        return quotes

    _not_blank = field_validator("text", "question", "actor", "bottom_line", check_fields=False)(
        not_blank
    )
    _unrepeated = field_validator("text", "question", check_fields=False)(unrepeated)
    _finished = field_validator("text", check_fields=False)(finished)


class DraftFact(_Draft):
    """A fact as the model states it."""

    text: str
    evidence: list[str]


class DraftQuestion(_Draft):
    """An open question as the model states it."""

    question: str
    evidence: list[str]


class DraftReaction(_Draft):
    """A reaction as the model states it."""

    actor: str
    stance: Literal["positive", "negative", "mixed", "neutral"]
    text: str
    evidence: list[str]


class DraftBriefing(BaseModel):
    """The model's answer: a briefing with evidence as plain quotes."""

    model_config = ConfigDict(extra="forbid")

    bottom_line: str
    key_facts: list[DraftFact]
    open_questions: list[DraftQuestion]
    reactions: list[DraftReaction]


def unfence(content: str) -> str:
    """The reply without a Markdown code fence around it."""
    return _FENCE.sub("", content.strip())


def load_json(content: str) -> Any:
    """The reply's JSON; ValueError saying where it breaks, worded for a repair request."""
    try:
        return json.loads(unfence(content))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None


def parse_draft(content: str) -> DraftBriefing:
    """Parse and validate the model's JSON; raise ValueError with readable problems."""
    data = load_json(content)
    try:
        return DraftBriefing.model_validate(data)
    except ValidationError as exc:
        raise ValueError("\n".join(field_errors(exc)[:20])) from None


def partial_json(content: str) -> dict[str, Any] | None:
    """The JSON object of a reply cut off mid-way, its unfinished strings left out."""
    import jiter

    try:
        data = jiter.from_json(unfence(content).encode(), partial_mode="on")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def salvage(content: str) -> DraftBriefing | None:
    """The complete items of an answer cut off mid-way, or None when nothing is usable.

    The partial JSON is read with its unfinished strings left out, so an item whose text or
    last quote was cut short fails validation and is dropped; every other item is kept.
    """
    data = partial_json(content)
    if data is None:
        return None

    def keep(model: type[_Draft], items: object) -> list[Any]:
        kept = []
        for item in items if isinstance(items, list) else []:
            try:
                kept.append(model.model_validate(item))
            except ValidationError:
                continue
        return kept

    facts: list[DraftFact] = keep(DraftFact, data.get("key_facts"))
    questions: list[DraftQuestion] = keep(DraftQuestion, data.get("open_questions"))
    reactions: list[DraftReaction] = keep(DraftReaction, data.get("reactions"))
    bottom = data.get("bottom_line")
    if not isinstance(bottom, str) or not bottom.strip():
        if not facts:
            return None
        bottom = facts[0].text
    if not (facts or questions or reactions):
        return None
    return DraftBriefing(
        bottom_line=bottom, key_facts=facts, open_questions=questions, reactions=reactions
    )


def statements_only(draft: DraftBriefing, article_text: str) -> DraftBriefing:
    """The draft without key "facts" that state nothing: a question, or one of the article's
    subheadings copied as it stands ("Humanitarian issues and prisoner exchange")."""
    from briefer.text.sentences import split_sentences

    def key(text: str) -> str:
        return " ".join(text.lower().split()).rstrip(".")

    headings = {key(s.text) for s in split_sentences(article_text) if s.heading}
    facts = [
        f
        for f in draft.key_facts
        if not f.text.rstrip().endswith("?") and key(f.text) not in headings
    ]
    return draft.model_copy(update={"key_facts": facts})


def to_briefing(draft: DraftBriefing, article: Article, meta: Meta) -> Briefing:
    """Turn the model's draft into an (unchecked) ``Briefing``."""

    def quotes(evidence: list[str]) -> list[Quote]:
        return [Quote(text=q) for q in evidence]

    return Briefing(
        title=article.title,
        source=article.source,
        published=article.published,
        bottom_line=draft.bottom_line.strip() or article.title,
        key_facts=[Fact(text=f.text, evidence=quotes(f.evidence)) for f in draft.key_facts],
        open_questions=[
            OpenQuestion(question=q.question, evidence=quotes(q.evidence))
            for q in draft.open_questions
        ],
        reactions=[
            Reaction(
                actor=r.actor, stance=Stance(r.stance), text=r.text, evidence=quotes(r.evidence)
            )
            for r in draft.reactions
        ],
        meta=meta,
    )
