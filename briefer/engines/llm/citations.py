"""Evidence by sentence number: the article's sentences are numbered in the prompt, the model
cites numbers, and the engine fills in each cited sentence's exact text.

A small model copies long sentences slowly and not always exactly; a number costs one or two
output tokens and cannot be misquoted. The evidence is grounded by construction: every quote
is a span of the article. A number the article does not have is a validation error that names
it, so the repair request can show the model what was wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from briefer.engines.llm.drafts import (
    DraftBriefing,
    DraftFact,
    DraftQuestion,
    DraftReaction,
    load_json,
    not_blank,
    partial_json,
)
from briefer.errors import field_errors
from briefer.evidence import is_quotable
from briefer.text.sentences import split_sentences

MAX_CITED = 3
"""Sentences one item may cite."""
_MARKER = re.compile(r"\s*\[\d+\]")


class Numbered(NamedTuple):
    """An article sentence as shown to the model: its number and its place in the text."""

    number: int
    text: str
    start: int
    end: int


class Numbering(NamedTuple):
    """The numbered sentences of (a part of) an article, and the prompt text showing them."""

    text: str
    """The article text with ``[n]`` before each citable sentence, one paragraph per line."""
    sentences: dict[int, Numbered]


@lru_cache(maxsize=32)  # the prompt and the parser of one part number the same text
def number_sentences(article_text: str, part: str | None = None, first: int = 1) -> Numbering:
    """Number the citable sentences of ``article_text`` (or of ``part``, a slice of it).

    Headings and fragments too short to count as evidence are shown without a number, so the
    model cannot cite them. Numbers run through the whole article, so that the parts of a
    split article cite distinct numbers.
    """
    offset = 0 if part is None else max(0, article_text.find(part))
    span_end = len(article_text) if part is None else offset + len(part)
    lines: list[str] = []
    sentences: dict[int, Numbered] = {}
    number = first - 1
    paragraph: int | None = None
    for sentence in split_sentences(article_text):
        citable = not sentence.heading and is_quotable(sentence.text)
        if citable:
            number += 1
        if sentence.start < offset or sentence.end > span_end:
            continue
        if sentence.paragraph != paragraph:
            lines.append("")
            paragraph = sentence.paragraph
        if citable:
            sentences[number] = Numbered(number, sentence.text, sentence.start, sentence.end)
            lines[-1] += f"[{number}] {sentence.text} "
        else:
            lines[-1] += f"{sentence.text} "
    return Numbering("\n".join(line.rstrip() for line in lines), sentences)


# --- what the model is asked to return ----------------------------------------------------
# Plain types here: the bounds (maxItems, maxLength) are added to the schema sent to servers
# that enforce them (see ``prompting.response_schema``), as for the quotes design.


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("sentences", check_fields=False)
    @classmethod
    def _known(cls, value: list[int], info: ValidationInfo) -> list[int]:
        if not value:
            raise ValueError("cite at least one sentence number")
        known = (info.context or {}).get("sentences")
        if known is not None:
            wrong = [n for n in value if n not in known]
            if wrong:
                shown = f"{min(known)}-{max(known)}" if known else "none"
                raise ValueError(
                    f"sentence {', '.join(map(str, wrong))} does not exist "
                    f"(cite the numbers shown in the article: {shown})"
                )
        return list(dict.fromkeys(value))[:MAX_CITED]

    _not_blank = field_validator("text", "question", "actor", check_fields=False)(not_blank)


class CitedFact(_Item):
    """A fact with the numbers of its sentences."""

    sentences: list[int]
    """Numbers of the article sentences that state it: written first, so that the model
    chooses its source before it words the item."""
    text: str


class CitedQuestion(_Item):
    """An open question with the numbers of its sentences."""

    sentences: list[int]
    question: str


class CitedReaction(_Item):
    """A reaction with the numbers of its sentences."""

    sentences: list[int]
    actor: str
    stance: Literal["positive", "negative", "mixed", "neutral"]
    text: str


class CitedBriefing(BaseModel):
    """The model's answer: a briefing whose evidence is sentence numbers."""

    model_config = ConfigDict(extra="forbid")

    bottom_line: str
    key_facts: list[CitedFact]
    open_questions: list[CitedQuestion]
    reactions: list[CitedReaction]


def parse_cited(content: str, numbering: Numbering) -> DraftBriefing:
    """Parse the model's JSON, check its sentence numbers, and resolve them into quotes.

    Returns a ``DraftBriefing`` whose evidence is the exact text of each cited sentence.
    Raises ValueError listing the problems (bad JSON, schema errors, unknown sentence
    numbers), worded for a repair request.
    """
    data = load_json(content)
    try:
        cited = CitedBriefing.model_validate(data, context={"sentences": numbering.sentences})
    except ValidationError as exc:
        raise ValueError("\n".join(field_errors(exc)[:20])) from None
    return resolve(cited, numbering)


def salvage_cited(content: str, numbering: Numbering) -> DraftBriefing | None:
    """The complete, valid items of an answer cut off mid-way, or None when there are none.

    An item whose text or numbers were cut short, or that cites a number the article does
    not have, is dropped; every other item is kept.
    """
    data = partial_json(content)
    if data is None:
        return None
    context = {"sentences": numbering.sentences}

    def keep(model: type[_Item], key: str) -> list[Any]:
        kept = []
        items = data.get(key)
        for item in items if isinstance(items, list) else []:
            try:
                kept.append(model.model_validate(item, context=context))
            except ValidationError:
                continue
        return kept

    facts = keep(CitedFact, "key_facts")
    questions = keep(CitedQuestion, "open_questions")
    reactions = keep(CitedReaction, "reactions")
    if not (facts or questions or reactions):
        return None
    bottom = data.get("bottom_line")
    if not isinstance(bottom, str) or not bottom.strip():
        bottom = facts[0].text if facts else numbering.sentences[min(numbering.sentences)].text
    cited = CitedBriefing(
        bottom_line=bottom, key_facts=facts, open_questions=questions, reactions=reactions
    )
    return resolve(cited, numbering)


def resolve(cited: CitedBriefing, numbering: Numbering) -> DraftBriefing:
    """The draft with each cited number replaced by its sentence's exact text.

    Sentence markers the model copied into its wording ("... in Ukraine. [8]") are removed,
    and an item repeated word for word with the same sentences is kept once.
    """

    def quotes(numbers: list[int]) -> list[str]:
        return [numbering.sentences[n].text for n in numbers]

    def unique(items: list[Any]) -> list[Any]:
        seen: set[str] = set()
        kept = []
        for item in items:
            key = item.model_dump_json()
            if key not in seen:
                seen.add(key)
                kept.append(item)
        return kept

    return DraftBriefing(
        bottom_line=_unmark(cited.bottom_line),
        key_facts=unique(
            [DraftFact(text=_unmark(f.text), evidence=quotes(f.sentences)) for f in cited.key_facts]
        ),
        open_questions=unique(
            [
                DraftQuestion(question=_unmark(q.question), evidence=quotes(q.sentences))
                for q in cited.open_questions
            ]
        ),
        reactions=unique(
            [
                DraftReaction(
                    actor=r.actor,
                    stance=r.stance,
                    text=_unmark(r.text),
                    evidence=quotes(r.sentences),
                )
                for r in cited.reactions
            ]
        ),
    )


def _unmark(text: str) -> str:
    return _MARKER.sub("", text).strip() or text
