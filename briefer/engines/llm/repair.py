"""The re-ask: when the model's answer is not a valid briefing, or too much of its evidence
is not in the article, show it the problems and ask again, a bounded number of times.
A cut-off answer is not re-asked (it would be cut again): its complete items are kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from briefer.engines.llm.drafts import (
    DraftBriefing,
    DraftFact,
    DraftQuestion,
    DraftReaction,
    parse_draft,
    salvage,
)
from briefer.engines.llm.prompting import Messages
from briefer.engines.llm.transport import Reply
from briefer.errors import EngineOutputError, one_line
from briefer.evidence import QuoteFinder
from briefer.text.sentences import split_sentences
from briefer.text.similarity import jaccard

REPAIR_ATTEMPTS = 1
"""Re-asks after the first answer."""
GROUNDED_ENOUGH = 0.8
"""Share of items with every quote found in the article below which we re-ask."""
_SHOWN = 6000
"""Characters of an invalid answer shown back to the model."""
_LISTED = 8
"""Missing quotes named in a re-ask."""


class Reader(NamedTuple):
    """How a reply becomes a draft: in full, or the complete items of a cut-off reply."""

    parse: Callable[[str], DraftBriefing]
    """The draft, or ValueError naming the problems (for the re-ask)."""
    salvage: Callable[[str], DraftBriefing | None]


QUOTES = Reader(parse_draft, salvage)
"""Replies whose evidence is quotes."""


class Answer(NamedTuple):
    """A usable draft, and why it is incomplete when it was cut off."""

    draft: DraftBriefing
    truncated: str | None = None


class Grounding(NamedTuple):
    """How much of a draft's evidence the article holds."""

    share: float
    """Items whose every quote is in the article, over all items (1.0 with no items)."""
    missing: list[str]
    """Quotes not found in the article."""


def grounding(draft: DraftBriefing, finder: QuoteFinder) -> Grounding:
    """Check every quote of ``draft`` against the article."""
    items: list[DraftFact | DraftQuestion | DraftReaction] = [
        *draft.key_facts,
        *draft.open_questions,
        *draft.reactions,
    ]
    missing: list[str] = []
    whole = 0
    for item in items:
        lost = [q for q in item.evidence if finder.find(q) is None]
        missing.extend(q for q in lost if q not in missing)
        whole += not lost
    return Grounding(whole / len(items) if items else 1.0, missing)


def reask_messages(chat: Messages, content: str, problems: str) -> Messages:
    """``chat`` followed by the model's answer and what is wrong with it."""
    return [
        *chat,
        {"role": "assistant", "content": content[:_SHOWN]},
        {
            "role": "user",
            "content": "Your reply was not valid. Problems:\n"
            f"{problems}\nReply again with the corrected JSON object only.",
        },
    ]


def missing_quotes(missing: list[str], article_text: str) -> str:
    """The re-ask's words for evidence that is not in the article, each with the article's
    sentence nearest to it in wording, for the model to copy if that is what it meant.

    Only the prompt is helped this way: the evidence check itself stays verbatim.
    """
    sentences = [s.text for s in split_sentences(article_text) if not s.heading]
    bags = [_words(s) for s in sentences]
    lines = []
    for quote in missing[:_LISTED]:
        lines.append(f'- "{one_line(quote, 300)}"')
        wanted = _words(quote)
        scores = [jaccard(wanted, bag) for bag in bags]
        if scores and max(scores) >= 0.2:
            nearest = sentences[scores.index(max(scores))]
            lines.append(f'  nearest sentence in the article: "{one_line(nearest, 400)}"')
    more = f"\n(and {len(missing) - _LISTED} more)" if len(missing) > _LISTED else ""
    listed = "\n".join(lines)
    return (
        "These evidence quotes are not in the article. Every quote must be copied exactly "
        "from the article (whole sentences, same words and punctuation, nothing added such as "
        "'The article states'); replace each one with the article's own sentence, or drop "
        f"the item:\n{listed}{more}"
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def solicit(
    chat: Messages,
    send: Callable[[Messages], Reply | None],
    finder: QuoteFinder,
    cut_cause: Callable[[Reply], str],
    engine: str,
    spent: Callable[[], tuple[int, int]],
    attempts: int = REPAIR_ATTEMPTS,
    reader: Reader = QUOTES,
) -> Answer:
    """Ask with ``chat``, re-asking while the answer is invalid or poorly grounded.

    ``send`` returns the model's reply, or None when a re-ask would not fit the context;
    ``cut_cause`` names why a reply was cut off; ``spent`` reports (input, output) tokens
    so far. Of several usable answers the best grounded is kept.
    """
    best: tuple[tuple[bool, bool, float], Answer] | None = None
    messages: Messages | None = chat
    problems = ""
    for attempt in range(attempts + 1):
        reply = send(messages) if messages is not None else None
        if reply is None:
            break
        cut = reply.finish_reason in ("length", "repetition")
        # A model stopped in a loop may do better when asked again with the loop pointed out
        # (the re-ask differs from the first request); one cut at a length limit would not.
        looped = reply.finish_reason == "repetition" and attempt < attempts
        truncated: str | None = None
        draft: DraftBriefing | None
        whole = True
        try:
            draft = reader.parse(reply.content)
        except ValueError as exc:
            # Its valid items are kept in case no re-ask does better: one bad item (a
            # reaction without evidence) must not lose the briefing.
            problems, whole = str(exc), cut
            draft = reader.salvage(reply.content)
            if cut and draft is None and not looped:
                cause = f"the answer was cut off ({cut_cause(reply)}) before any complete item"
                raise _failure(cause, engine, attempt, spent) from None
            truncated = cut_cause(reply) if cut else None
        thin = draft is None or _count(draft) < THIN
        if draft is not None:
            share, missing = grounding(draft, finder)
            # a loop that left almost nothing ranks below any other usable answer
            rank = (whole, not (thin and reply.finish_reason == "repetition"), share)
            if best is None or rank > best[0]:
                best = (rank, Answer(draft, truncated))
            if not (looped and thin) and (cut or (whole and share >= GROUNDED_ENOUGH)):
                break
            if whole:
                problems = missing_quotes(missing, finder.article_text)
        shown = reply.content
        if looped and thin:
            problems, shown = LOOPED, shown[:_LOOP_SHOWN]  # not the loop itself, again
        if attempt < attempts:
            messages = reask_messages(chat, shown, problems)
    if best is not None:
        return best[1]
    raise _failure(
        f"the model's output is not a valid briefing after {attempts} repair "
        f"attempt{'s' if attempts != 1 else ''}: {one_line(problems, 300)}",
        engine,
        attempts,
        spent,
    )


_LOOP_SHOWN = 1500
"""Characters of a looping answer shown back to the model."""
THIN = 3
"""Items below which an answer stopped in a loop is asked for again."""
LOOPED = (
    "Your reply was stopped because it repeated the same items over and over. Give each "
    "fact, question and reaction once, each with its own quote copied from the article, and "
    "end the JSON object when you have no new item."
)


def _count(draft: DraftBriefing) -> int:
    """Distinct items: a looping model writes the same one again and again."""
    texts = [f.text for f in draft.key_facts] + [q.question for q in draft.open_questions]
    texts += [f"{r.actor}: {r.text}" for r in draft.reactions]
    return len({" ".join(t.lower().split()) for t in texts})


def _failure(
    message: str, engine: str, attempt: int, spent: Callable[[], tuple[int, int]]
) -> EngineOutputError:
    used_in, used_out = spent()
    return EngineOutputError(
        message, engine, attempts=attempt + 1, input_tokens=used_in, output_tokens=used_out
    )
