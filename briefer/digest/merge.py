"""Merge the same story covered by several sources into one digest entry.

Two briefings are the same story when their articles' texts are near-duplicates (word
shingles), or when their headlines and key facts share most of their distinctive words *and*
the articles name the same people, places and organisations. A story joins a group only if
it matches every member. The thresholds are deliberately strict: a missed merge shows a story
twice, a wrong merge hides one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from briefer.article import Article
from briefer.engines.offline.lexicon import STOPWORDS
from briefer.evidence import vocabulary
from briefer.models import Briefing

SHINGLE_SIMILARITY = 0.5
TOPIC_SIMILARITY = 0.45
NAME_SIMILARITY = 0.35


class Story(NamedTuple):
    """One digest entry: a briefing and every article that covered the story."""

    briefing: Briefing
    articles: list[Article]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def _topic(b: Briefing) -> set[str]:
    text = " ".join([b.title, b.bottom_line, *(f.text for f in b.key_facts[:5])])
    return {w for w in _words(text) if w not in STOPWORDS and len(w) > 3}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _names(article: Article) -> frozenset[str]:
    return vocabulary(f"{article.title}\n{article.text}").names


def same_story(a: tuple[Article, Briefing], b: tuple[Article, Briefing]) -> bool:
    """Whether two briefed articles report the same story."""
    if _jaccard(_shingles(a[0].text), _shingles(b[0].text)) >= SHINGLE_SIMILARITY:
        return True
    return (
        _jaccard(_topic(a[1]), _topic(b[1])) >= TOPIC_SIMILARITY
        and _jaccard(set(_names(a[0])), set(_names(b[0]))) >= NAME_SIMILARITY
    )


def merge_stories(briefed: list[tuple[Article, Briefing]]) -> list[Story]:
    """Group briefed articles into stories; the richest briefing stands for each group."""
    groups: list[list[tuple[Article, Briefing]]] = []
    for item in briefed:
        for group in groups:
            if all(same_story(item, other) for other in group):
                group.append(item)
                break
        else:
            groups.append([item])
    stories = []
    for group in groups:
        lead = max(group, key=lambda ab: len(ab[1].key_facts) + len(ab[1].reactions))
        stories.append(Story(lead[1], [a for a, _ in group]))
    return stories
