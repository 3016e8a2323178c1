"""What the grounding check reads from an article once: its sentences and vocabulary.

Little is read up front: most sentences never become evidence, and claims checked on quotes
need no search. A sentence is read into its ``Passage`` (or only glanced at for its words)
when a check first needs it, and kept.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Container
from functools import cached_property, lru_cache

from briefer.grounding.glance import Glance
from briefer.grounding.lexicon import POLAR
from briefer.grounding.opposites import opposites, same_side
from briefer.grounding.passage import Passage, Stems, may_negate
from briefer.grounding.words import Token, is_content, stem, unify
from briefer.text.quotations import quoted_spans
from briefer.text.sentences import split_sentences

_LABEL = re.compile(r"([A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,2}):\s")
"""A speaker's label opening a line of a transcript or chat: "Ann: ", "Project Manager: "."""
_TURNS = 4
"""Labelled lines, by at least two speakers, that make a text a dialogue."""

SPEECH_WORDS = 5
"""Words a quotation needs to be someone's words rather than a title or scare quotes
("a 55-kilometer “de-confliction zone”")."""

MAX_EVIDENCE = 3
"""Sentences picked as evidence for each sentence of a claim."""


_MIN_GAIN = 1.0
"""A further sentence must add more uncovered claim words than one rare word weighs (a word
seen nowhere weighs 1), so one stray shared word does not pull in a sentence."""


class ArticleIndex:
    """An article split into sentences, each read into a ``Passage`` on first use, with word
    weights."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = [s.text for s in split_sentences(text) if s.text.strip()] or [text]
        self._at = {sentence: i for i, sentence in enumerate(self.sentences)}
        self._passages: list[Passage | None] = [None] * len(self.sentences)
        """Each sentence's passage, read when first needed, so evidence is read once."""
        self._glances: list[Glance | None] = [None] * len(self.sentences)
        """Each sentence's words, looked at when first needed."""
        self._folded = [_fold(unify(s)) for s in self.sentences]
        """Each sentence folded as its tokens' lower forms are found in it."""
        self._read: dict[str, Passage] = {}
        self._claims: dict[str, Passage] = {}
        self._speech: dict[str, tuple[str, str]] = {}
        self.verdicts: dict[tuple[str, tuple[str, ...], str | None, bool, bool], object] = {}
        """Verdicts already reached on this article, for ``ground`` (engines and the
        evidence check ask about the same claims)."""
        self._unified = unified = unify(text)
        """The text with quote marks unified, for finding quotes whatever their marks."""
        self.common: Container[str] = _Common(self, frozenset(filter(str.islower, unified.split())))
        """The words the article writes in lower case."""
        self.known: Container[str] = _Names(self)
        """Names: capitalised inside sentences and never in lower case."""
        self._unseen = math.log((len(self.sentences) + 1) / 0.5)

    @cached_property
    def _where(self) -> dict[str, set[int]]:
        """The sentences holding each stem, lower-case word and number ("#12.0"), for
        finding evidence (claims checked on quotes need none)."""
        where: dict[str, set[int]] = {}
        for i in range(len(self.sentences)):
            g = self.glanced(i)
            for key in g.stems | g.lowers | {f"#{n}" for n in g.numbers}:
                where.setdefault(key, set()).add(i)
        return where

    @cached_property
    def _negating(self) -> set[int]:
        """The sentences that may negate a word (the others need not be read for it)."""
        glances = map(self.glanced, range(len(self.sentences)))
        return {i for i, g in enumerate(glances) if may_negate(g.lowers, g.stems)}

    @cached_property
    def _idf(self) -> dict[str, float]:
        counts: Counter[str] = Counter()
        for i in range(len(self.sentences)):
            counts.update(self.glanced(i).stems)
        n = len(self.sentences)
        return {s: math.log((n + 1) / (c + 0.5)) for s, c in counts.items()}

    def glanced(self, i: int) -> Glance:
        """The words of the sentence at ``i``."""
        seen = self._glances[i]
        if seen is None:
            seen = self._glances[i] = Glance(self.sentences[i], lambda: self.sentence(i))
        return seen

    def sentence(self, i: int) -> Passage:
        """The passage of the sentence at ``i``."""
        passage = self._passages[i]
        if passage is None:
            passage = self._passages[i] = Passage(self.sentences[i])
        return passage

    @cached_property
    def _quoted(self) -> list[tuple[int, int]]:
        return quoted_spans(self.text)

    def speech(self, quote: str) -> tuple[str, str]:
        """What of ``quote`` (a piece of the article) stands in quotation marks as someone's
        words, read in its paragraph, and the rest; a quote not in the article is read alone."""
        if (known := self._speech.get(quote)) is not None:
            return known
        at = self._unified.find(unify(quote))  # the quote marks a caller may have changed
        if at < 0:
            text, start, spans = quote, 0, quoted_spans(quote)
        else:
            text, start = self.text, at
            spans = [(max(a, at), min(b, at + len(quote))) for a, b in self._quoted]
            spans = [(a, b) for a, b in spans if b > a]
        spoken: list[str] = []
        told: list[str] = []
        last = start
        for a, b in spans:
            told.append(text[last:a])
            words = len(text[a:b].split())
            (spoken if words >= SPEECH_WORDS else told).append(text[a:b])
            last = b
        told.append(text[last : start + len(quote)])
        found = self._speech[quote] = (" ".join(spoken), " ".join(told))
        return found

    def using(self, lower: str) -> list[int]:
        """The sentences, in order, that may use a word (lower case): all that do, and a few
        that only hold its letters."""
        folded = lower.replace("ς", "σ")
        return [i for i, text in enumerate(self._folded) if folded in text]

    @cached_property
    def turns(self) -> dict[str, list[Passage]]:
        """In a dialogue (lines opening "Name: "), each speaker's lines, by the lower-case
        label; a line with no label continues the speaker before it. Empty for prose."""
        labels = [_LABEL.match(sentence) for sentence in self.sentences]
        named = [label.group(1).lower() for label in labels if label]
        if len(named) < _TURNS or len(set(named)) < 2:
            return {}
        said: dict[str, list[Passage]] = {}
        speaker = None
        for i, label in enumerate(labels):
            if label:
                speaker = label.group(1).lower()
            if speaker is not None:
                said.setdefault(speaker, []).append(self.sentence(i))
        return said

    def forget_claims(self) -> None:
        """Drop the verdicts and claim texts read so far (to time checks afresh)."""
        self.verdicts.clear()
        self._read = {}
        self._claims = {}

    @cached_property
    def whole(self) -> Stems:
        """The whole article's words, for claims given no evidence: they may be anywhere."""
        return Stems(
            frozenset().union(*(self.glanced(i).stems for i in range(len(self.sentences))))
        )

    def passage(self, text: str) -> Passage:
        """``text`` read into a ``Passage``, once per article."""
        read = self._read.get(text)
        if read is None:
            i = self._at.get(text)
            read = self._read[text] = Passage(text) if i is None else self.sentence(i)
        return read

    def claim(self, text: str) -> Passage:
        """A claim's text read into a ``Passage``, once per article."""
        read = self._claims.get(text)
        if read is None:
            read = self._claims[text] = Passage(text, asserted=True)
        return read

    def weight(self, word_stem: str) -> float:
        """How much a shared word says about a sentence being the source: rare words more."""
        return self._idf.get(word_stem, self._unseen)

    def evidence_for(self, claim: Passage) -> list[str]:
        """The article sentences that best cover the claim's words, in article order.

        Each sentence (or clause) of the claim gets a greedy cover: each next article
        sentence is the one adding the most weight of its words not yet covered. Then every
        number, capitalised word and negated word of the claim still uncovered pulls in the
        best sentence that has it, so such details are looked for in the whole article; so
        does the opposite of a claim word the article never uses, and a comparison ("than")
        the claim makes.
        """
        chosen: list[int] = []
        for part in _sentences(claim.tokens):
            wanted = {stem(t.lower): 0.0 for t in part if is_content(t)}
            wanted = {s: self.weight(s) for s in wanted}
            wanted |= {f"#{t.number}": 2 * self._unseen for t in part if t.number is not None}
            self._cover(wanted, chosen, MAX_EVIDENCE)
        details = {f"#{n}": 1.0 for n in claim.numbers}
        details |= {t.lower: 1.0 for t in claim.tokens if t.text[:1].isupper()}
        details |= {stem(claim.tokens[i].lower): 1.0 for i in claim.negated_at}
        for i in claim.negated_at:  # "wasn't pleased" where the article says "wasn't happy"
            negated = stem(claim.tokens[i].lower)
            if negated not in self._where:
                for word_stem in same_side({negated}) & self._where.keys():
                    details[word_stem] = 1.0
        if "than" in claim.lowers:  # a comparison: the article's comparison of the same things
            details["than"] = 1.0
        for i, token in enumerate(claim.tokens):  # "happy" where the article says "not happy"
            word_stem = stem(token.lower)
            if i in claim.negated_at or word_stem in details or not is_content(token):
                continue
            if any(
                stem(self.sentence(j).tokens[k].lower) == word_stem
                for j in self._where.get(word_stem, set()) & self._negating
                for k in self.sentence(j).negated_at
            ):
                details[word_stem] = 1.0
        polar = [t for t in claim.tokens if t.lower in POLAR and t.number is None]
        for token in claim.content + polar:  # "accepted" where the article says "rejected"
            if stem(token.lower) not in self._where:
                details |= {s: 1.0 for s in opposites(token.lower) if s in self._where}
        for detail in details:
            self._cover({detail: 1.0}, chosen, 1, others=claim)
        return [self.sentences[i] for i in sorted(chosen)]

    def _cover(
        self,
        wanted: dict[str, float],
        chosen: list[int],
        limit: int,
        others: Passage | None = None,
    ) -> None:
        """Add up to ``limit`` sentences to ``chosen``, greedily covering ``wanted``; with
        ``others``, ties go to the sentence sharing most of its stems."""
        wanted = {k: w for k, w in wanted.items() if not self._where.get(k, set()) & set(chosen)}
        added = 0
        while wanted and added < limit:
            best, gain = -1, 0.0
            scores: dict[int, float] = {}
            for key, w in wanted.items():
                for i in self._where.get(key, ()):
                    scores[i] = scores.get(i, 0.0) + w
            for i, score in sorted(scores.items()):
                if i in chosen:
                    continue
                if others is not None:
                    score += 0.01 * len(others.stems & self.glanced(i).stems)
                if score > gain:
                    best, gain = i, score
            if best < 0 or (added and gain < _MIN_GAIN * self._unseen):
                break
            chosen.append(best)
            added += 1
            wanted = {k: w for k, w in wanted.items() if best not in self._where.get(k, ())}


def _fold(text: str) -> str:
    """Text as a token's ``lower`` is found in it: lower case, no dots, one form of sigma
    (the only letter whose lower case depends on what follows)."""
    return text.lower().replace(".", "").replace("ς", "σ")


class _Common:
    """The words an article writes in lower case, looked up in the sentences that may use
    the word, so only those are read."""

    def __init__(self, article: ArticleIndex, spaced: frozenset[str]) -> None:
        self._article = article
        self._spaced = spaced
        """Its lower-case words between spaces."""
        self._found: dict[str, bool] = {}
        cased = unify(article.text).replace(".", "")
        lowered = cased.lower()
        self._cased, self._lowered = (cased, lowered) if len(lowered) == len(cased) else ("", "")
        """The text as tokens' lower forms are found in it (no dots), and in lower case."""

    def _maybe(self, word: str) -> bool:
        """Whether the text may write ``word`` in lower case: somewhere it starts with a
        lower-case letter. Most names never do, and then no sentence need be read."""
        if not self._lowered or not word.isascii():
            return True  # (lower-casing moved the letters, or may read a letter otherwise)
        at = self._lowered.find(word)
        while at >= 0:
            if self._cased[at].islower():
                return True
            at = self._lowered.find(word, at + 1)
        return False

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word in self._spaced:
            return True
        found = self._found.get(word)
        if found is None:
            article = self._article
            found = self._found[word] = self._maybe(word) and any(
                word in article.glanced(i).lower_case for i in article.using(word)
            )
        return found


class _Names:
    """The article's names: words written capitalised inside a sentence and never in lower
    case. Looked up in the sentences that may use the word, so only those are read."""

    def __init__(self, article: ArticleIndex) -> None:
        self._article = article
        self._found: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or word in self._article.common:
            return False
        found = self._found.get(word)
        if found is None:
            article = self._article
            found = self._found[word] = any(
                t.lower == word and t.text[:1].isupper() and not t.initial
                for i in article.using(word)
                if word in article.glanced(i).lowers  # read only sentences with the word
                for t in article.sentence(i).tokens
            )
        return found


def _sentences(tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped by sentence."""
    groups: list[list[Token]] = []
    for token in tokens:
        if token.initial or not groups:
            groups.append([])
        groups[-1].append(token)
    return groups


@lru_cache(maxsize=16)
def index(text: str) -> ArticleIndex:
    """The index of an article text, built once and reused for every claim about it."""
    return ArticleIndex(text)
