"""Merge the same story covered by several outlets into one digest entry.

A reader takes two articles for the same event when they name the same people, places and
organisations, give the same numbers, repeat the same slogan or title and tell it in the
same words. Each article is reduced to a weighted profile of those terms: its names, its
numbers, the short phrases it quotes and the word stems of its headline and opening
paragraphs, each weighted by how often and how early the article uses it, and by how rare it
is among the articles of the run (a name every article shares tells nothing). The same terms
are also taken from the headline and first ``OPENING_WORDS`` words alone: a reader knows the
event from there, even when the rest of a piece goes its own way (local reactions). A
headline that names nothing in the article (a masthead, a URL) gives way to the first
sentence. Two articles are the same story when their near-duplicate texts share most word
shingles, or when the closer of their two cosine similarities clears ``SAME_STORY``; a
further article joins when its mean similarity to the story's articles clears
``JOIN_STORY``. Two events that share a topic word ("NASA", "strike") stay apart: one shared
word is little of a profile."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from briefer.article import Article
from briefer.grounding.words import stem
from briefer.models import Briefing, Fact
from briefer.text.names import STOPWORDS, names_in
from briefer.text.phrases import quoted_phrases
from briefer.text.sentences import split_sentences
from briefer.text.similarity import jaccard

SHINGLE_SIMILARITY = 0.6
"""Share of 5-word shingles above which two texts are copies of one another."""
SAME_STORY = 0.5
"""Profile cosine similarity from which two articles tell the same story."""
JOIN_STORY = 0.3
"""Mean similarity from which an article joins a story that several articles tell."""
LEAD_WORDS = 250
"""Words of the opening taken (with the headline) for an article's stems."""
OPENING_WORDS = 60
"""Words of the opening compared on their own: what a reader sees of the event first."""
BODY_NAME = 0.1
"""Weight of a name used in the body only, against 1 for one in the headline or opening."""
_KIND_WEIGHT = {"n": 1.0, "#": 1.0, "s": 0.6, "q": 1.0}
"""Names and numbers say more about the event than ordinary words do."""

_WORD = re.compile(r"[^\W\d_][\w'’]*")
_LOWER = re.compile(r"\b[a-z][\w'’]*")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CODE = re.compile(r"[{}]|\);|\w\(['\"]|\s{3,}")


class Story(NamedTuple):
    """One digest entry: a briefing and every article that covered the story."""

    briefing: Briefing
    articles: list[Article]
    updates: frozenset[str] = frozenset()
    """Locations of the articles that went out before and have changed since."""

    @property
    def facts(self) -> list[Fact]:
        """The key facts worth showing under the bottom line: not the bottom line again."""
        bottom = set(_WORD.findall(self.briefing.bottom_line.lower()))
        shown = []
        for fact in self.briefing.key_facts:
            words = set(_WORD.findall(fact.text.lower()))
            overlap = len(words & bottom) / max(1, min(len(words), len(bottom)))
            if overlap < 0.8:
                shown.append(fact)
        return shown


class Profile(NamedTuple):
    """What story matching compares, computed once per article."""

    shingles: frozenset[int]
    terms: dict[str, float]
    """Term -> raw weight before rarity: 'n:name', '#:number', 's:stem', 'q:phrase'."""
    opening: dict[str, float]
    """The same terms from the headline and the first ``OPENING_WORDS`` words only."""


def _name(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s").strip("'")


def prose(text: str) -> str:
    """The article's lines that read as sentences: menus, captions and stray script left
    in an extraction would otherwise tie unrelated pages from one site together."""
    kept = []
    for line in text.splitlines():
        words = line.split()
        lower = sum(1 for w in words if w[:1].islower())
        if len(words) >= 8 and lower >= len(words) * 0.4 and not _CODE.search(line):
            kept.append(line)
    return "\n".join(kept) or text


def profile(article: Article) -> Profile:
    """The article's names, numbers, quoted phrases and stems, weighted by frequency and
    position, for the whole article and for its opening."""
    text = prose(article.text.replace("’", "'"))
    words = text.split()
    title = headline(article.title.replace("’", "'"), text)
    common = frozenset(_LOWER.findall(text))
    known = frozenset(names_in(text, common))
    lead = " ".join(words[:LEAD_WORDS])
    opening = " ".join(words[:OPENING_WORDS])
    return Profile(
        frozenset(_shingles(words)),
        _terms(title, lead, text, common, known),
        _terms(title, opening, opening, common, known),
    )


def _terms(
    title: str, lead: str, body: str, common: frozenset[str], known: frozenset[str]
) -> dict[str, float]:
    """Weighted terms of ``body`` whose ``lead`` (with the ``title``) counts most."""
    terms: dict[str, float] = {}

    def add(term: str, weight: float) -> None:
        terms[term] = terms.get(term, 0.0) + weight

    for name in names_in(body, common, known):
        add("n:" + _name(name), BODY_NAME)
    for name in names_in(f"{title}\n{lead}", common, known):
        add("n:" + _name(name), 1)  # named in the headline or the opening: the story's own
    for number in _NUMBER.findall(f"{title}\n{body}"):
        value = number.replace(",", "")
        if len(value.replace(".", "")) >= 2 and not _YEAR.match(value):
            add("#:" + value, 1)
    for phrase in quoted_phrases(f"{title}\n{lead}"):
        add("q:" + phrase, 1)  # a slogan or title that outlets repeat word for word
    for weight, chunk in ((3, title), (1, lead)):
        for word in _WORD.findall(chunk):
            low = word.lower()
            if low not in STOPWORDS and len(low) > 3:
                add("s:" + stem(low), weight)
    return terms


def headline(title: str, text: str) -> str:
    """``title`` when it shares a word stem with the article's ``text``; else the text's
    first sentence, which a reader then takes for the headline. A line that names nothing
    the article talks about is a masthead, a URL or a browser warning that several pages
    of one site share, not the story's headline."""
    body = {stem(w) for w in set(_WORD.findall(text.lower()))}
    own = [w for w in _WORD.findall(title) if w.lower() not in STOPWORDS and len(w) > 3]
    if any(stem(w.lower()) in body for w in own):
        return title
    first = split_sentences(text.split("\n", 1)[0])
    return first[0].text if first else ""


def _shingles(words: list[str], size: int = 5) -> Iterable[int]:
    low = [w.lower().strip(".,;:!?\"'()") for w in words]
    return (hash(tuple(low[i : i + size])) for i in range(max(1, len(low) - size + 1)))


def _vectors(profiles: list[dict[str, float]]) -> list[dict[str, float]]:
    """Weight each term by its frequency in the article and its rarity in the run."""
    df: Counter[str] = Counter()
    for terms in profiles:
        df.update(terms.keys())
    n = len(profiles)
    vectors = []
    for terms in profiles:
        vector = {
            term: _KIND_WEIGHT[term[0]]
            * math.log(1 + count)
            * math.log(1 + (n + 10) / (df[term] + 1))  # a prior of 10 documents: small runs
            for term, count in terms.items()
        }
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({t: w / norm for t, w in vector.items()})
    return vectors


def _cosines(vectors: list[dict[str, float]]) -> dict[tuple[int, int], float]:
    """Cosine similarity (i < j) of the vectors that share at least one term."""
    postings: dict[str, list[int]] = {}
    for i, vector in enumerate(vectors):
        for term in vector:
            postings.setdefault(term, []).append(i)
    scores: dict[tuple[int, int], float] = {}
    for term, holders in postings.items():
        if len(holders) > max(20, len(vectors) // 4):
            continue  # too common to link anything; its weight is small anyway
        for x, i in enumerate(holders):
            for j in holders[x + 1 :]:
                scores[(i, j)] = scores.get((i, j), 0.0) + vectors[i][term] * vectors[j][term]
    return scores


def similarities(profiles: list[Profile]) -> dict[tuple[int, int], float]:
    """Pairwise similarity (i < j) of the articles that share at least one term: the
    closer of their whole profiles and of their openings (two openings that tell one event
    make one story, however far the rest goes its own way: reactions, a local angle), or
    1 for near-copies."""
    scores = _cosines(_vectors([p.terms for p in profiles]))
    for pair, score in _cosines(_vectors([p.opening for p in profiles])).items():
        scores[pair] = max(score, scores.get(pair, 0.0))
    for i, j in list(scores):
        if jaccard(profiles[i].shingles, profiles[j].shingles) >= SHINGLE_SIMILARITY:
            scores[(i, j)] = 1.0
    return scores


def group(count: int, scores: dict[tuple[int, int], float]) -> list[list[int]]:
    """Groups of ``count`` items, most similar pairs first. Two lone articles form a story
    when their similarity clears ``SAME_STORY``; an article (or group) joins a story of
    several when its mean similarity to all of them clears ``JOIN_STORY``: a story told by
    two outlets already shows which of its words matter."""
    owner = list(range(count))
    members: dict[int, list[int]] = {i: [i] for i in range(count)}
    for (i, j), score in sorted(scores.items(), key=lambda kv: -kv[1]):
        if score < JOIN_STORY:
            break
        a, b = owner[i], owner[j]
        if a == b:
            continue
        pairs = [(min(x, y), max(x, y)) for x in members[a] for y in members[b]]
        mean = sum(scores.get(p, 0.0) for p in pairs) / len(pairs)
        if mean < (SAME_STORY if len(pairs) == 1 else JOIN_STORY):
            continue
        for x in members[b]:
            owner[x] = a
        members[a] += members.pop(b)
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def merge_stories(briefed: list[tuple[Article, Briefing]]) -> list[Story]:
    """Group briefed articles into stories, in order of first appearance; the richest
    briefing stands for each group."""
    profiles = [profile(article) for article, _ in briefed]
    stories = []
    for members in group(len(briefed), similarities(profiles)):
        items = [briefed[i] for i in members]
        lead = max(items, key=lambda item: len(item[1].key_facts) + len(item[1].reactions))
        stories.append(Story(lead[1], [article for article, _ in items]))
    return stories
