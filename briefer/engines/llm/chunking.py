"""Articles longer than the context window: split into parts of whole sentences, and the
parts' briefings merged into one."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from briefer.engines.llm.drafts import MAX_FACTS, MAX_QUESTIONS, DraftBriefing, DraftReaction
from briefer.text.names import STOPWORDS
from briefer.text.sentences import split_sentences
from briefer.text.similarity import jaccard


def chunk_text(text: str, budget: int, tokens: Callable[[str], int], overlap: int = 2) -> list[str]:
    """Split ``text`` into parts of whole sentences within ``budget`` tokens each.

    Consecutive parts share ``overlap`` sentences, so that nothing said across a boundary
    is lost.
    """
    sentences = split_sentences(text)
    sizes = [tokens(s.text) + 1 for s in sentences]
    parts: list[str] = []
    start = 0
    while start < len(sentences):
        end, used = start, 0
        while end < len(sentences) and (used + sizes[end] <= budget or end == start):
            used += sizes[end]
            end += 1
        parts.append(text[sentences[start].start : sentences[end - 1].end])
        if end >= len(sentences):
            break
        # overlap: the last sentence (unless it is huge), more while within 15% of the budget
        back, carried = 0, 0
        while back < overlap and end - 1 - back > start:
            size = sizes[end - 1 - back]
            if carried + size > (budget / 2 if back == 0 else budget * 0.15):
                break
            carried += size
            back += 1
        start = max(start + 1, end - back)
    return parts


def central_line(lines: list[str], title: str) -> str:
    """Of the parts' bottom lines, the one that shares most words with the others and the
    headline: the story as a whole rather than one part's scene. Ties go to the earliest."""

    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"\w+", text.lower()) if w not in STOPWORDS}

    bags = [words(line) for line in lines]
    headline = words(title)

    def centrality(i: int) -> float:
        others = sum(jaccard(bags[i], bag) for j, bag in enumerate(bags) if j != i)
        return others / max(1, len(bags) - 1) + jaccard(bags[i], headline)

    return lines[max(range(len(lines)), key=lambda i: (centrality(i), -i))]


def merge_drafts(drafts: list[DraftBriefing], title: str = "") -> DraftBriefing:
    """Reduce the briefings of an article's parts into one.

    Facts and questions are taken from the parts in turn (so every part is represented) and
    deduplicated by evidence; reactions are merged per actor; the bottom line is the parts'
    most central one (see ``central_line``). A single draft goes through the same
    deduplication: small models repeat items word for word.
    """
    from briefer.text.stance import combine_stances

    def interleave(lists: list[list[Any]]) -> list[Any]:
        out: list[Any] = []
        for row in range(max(map(len, lists), default=0)):
            out.extend(items[row] for items in lists if row < len(items))
        return out

    def dedupe(items: list[Any], limit: int) -> list[Any]:
        """Drop repeats: the same wording, or the same evidence with near-identical wording."""
        kept: list[Any] = []
        for item in items:
            words = set(re.findall(r"\w+", (getattr(item, "text", "") or item.question).lower()))
            quotes = {" ".join(q.split()).lower() for q in item.evidence}
            if any(words == w or (quotes & q and jaccard(words, w) > 0.6) for w, q, _ in kept):
                continue
            kept.append((words, quotes, item))
        return [item for _, _, item in kept][:limit]

    reactions: dict[str, DraftReaction] = {}
    for reaction in interleave([d.reactions for d in drafts]):
        key = " ".join(reaction.actor.lower().split())
        if key not in reactions:
            reactions[key] = reaction
            continue
        old = reactions[key]
        stance = combine_stances({old.stance, reaction.stance})
        evidence = old.evidence + [q for q in reaction.evidence if q not in old.evidence]
        reactions[key] = old.model_copy(update={"stance": stance, "evidence": evidence})
    return DraftBriefing(
        bottom_line=central_line([d.bottom_line for d in drafts], title),
        key_facts=dedupe(interleave([d.key_facts for d in drafts]), MAX_FACTS + 2),
        open_questions=dedupe(interleave([d.open_questions for d in drafts]), MAX_QUESTIONS + 2),
        reactions=list(reactions.values()),
    )
