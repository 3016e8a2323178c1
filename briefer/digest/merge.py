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
from briefer.models import Briefing
from briefer.text.names import STOPWORDS, vocabulary
from briefer.text.similarity import jaccard

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


class _Features(NamedTuple):
    """What story matching compares, computed once per article."""

    shingles: set[tuple[str, ...]]
    topic: set[str]
    names: set[str]


def _features(article: Article, briefing: Briefing) -> _Features:
    names = vocabulary(f"{article.title}\n{article.text}").names
    return _Features(_shingles(article.text), _topic(briefing), set(names))


def same_story(a: _Features, b: _Features) -> bool:
    """Whether two briefed articles report the same story."""
    if jaccard(a.shingles, b.shingles) >= SHINGLE_SIMILARITY:
        return True
    return (
        jaccard(a.topic, b.topic) >= TOPIC_SIMILARITY
        and jaccard(a.names, b.names) >= NAME_SIMILARITY
    )


def merge_stories(briefed: list[tuple[Article, Briefing]]) -> list[Story]:
    """Group briefed articles into stories; the richest briefing stands for each group."""
    groups: list[list[tuple[Article, Briefing, _Features]]] = []
    for article, briefing in briefed:
        item = (article, briefing, _features(article, briefing))
        for group in groups:
            if all(same_story(item[2], other[2]) for other in group):
                group.append(item)
                break
        else:
            groups.append([item])
    stories = []
    for group in groups:
        lead = max(group, key=lambda g: len(g[1].key_facts) + len(g[1].reactions))
        stories.append(Story(lead[1], [a for a, _, _ in group]))
    return stories
