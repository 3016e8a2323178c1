"""The offline engine: deterministic, model-free briefings built from the article's own sentences.

Key facts are the most central sentences (salience ranking with redundancy removal), reactions
come from attribution patterns (who said, welcomed, warned...), open questions from hedging
cues (has not confirmed, whether, expected to...). Every item's evidence is the source
sentence itself, so the output is always fully grounded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from briefer import __version__
from briefer.article import Article
from briefer.engines import Description
from briefer.engines.offline.actors import (
    LEAD_INS,
    last_organisation,
    last_person,
    opening_person,
    word_before,
)
from briefer.engines.offline.questions import Cue, find_cues, find_questions
from briefer.engines.offline.reactions import find_reaction, group_reactions, tweet_reaction
from briefer.engines.offline.salience import score_sentences, select, terms
from briefer.errors import InputError
from briefer.evidence import is_quotable
from briefer.models import Briefing, Fact, Meta, OpenQuestion, Quote, Reaction, Stance
from briefer.text.language import detect_language
from briefer.text.names import STOPWORDS, Vocabulary, common_words
from briefer.text.quotations import MARKS, quoted_spans
from briefer.text.sentences import Sentence, split_sentences
from briefer.text.similarity import jaccard

M = TypeVar("M", bound=BaseModel)

_ASIDE = re.compile(r"\s*\((?:[^()]*\s){3,}[^()]*\)")
# An aside carries news when it names a figure, an event or a proper name: keep it.
_NEWSY_ASIDE = re.compile(r"\d|(?<!^\()\b[A-Z][a-z]|\b(?:\w+ed|struck|hit|killed|won|lost)\b")
_CONNECTOR = re.compile(
    r"^(?:(?:In addition|Additionally|Also|Moreover|Furthermore|Meanwhile|However|Separately|"
    r"Still),|But|And|So|It is also known that|It is known that)\s+",
)


def clean(text: str) -> str:
    """Tidy a source sentence for display: drop long asides and leading connectors."""
    stripped = text.strip()
    if stripped.startswith("(") and stripped.endswith((")", ").")):
        text = stripped.lstrip("(").replace(")", "", 1) if stripped.count(")") == 1 else stripped
    text = _ASIDE.sub(lambda m: m.group() if _NEWSY_ASIDE.search(m.group()) else "", text)
    text = _CONNECTOR.sub("", text).strip()
    return text[:1].upper() + text[1:]


class _Items:
    """Builds briefing items, dropping and counting any that fail validation, so that one
    bad item never loses the briefing."""

    def __init__(self) -> None:
        self.invalid = 0

    def make(self, model: type[M], **fields: Any) -> M | None:
        try:
            return model(**fields)
        except ValidationError:
            self.invalid += 1
            return None


class OfflineEngine:
    """Brief an article with rules alone: no model, no network, same output every time."""

    name = "offline"

    def describe(self) -> Description:
        """The offline engine has no model and no prompts."""
        return Description(self.name)

    def close(self) -> None:
        """Nothing to release."""

    def brief(self, article: Article) -> Briefing:
        """Build a briefing whose every item quotes the sentence it comes from.

        Raises:
            InputError: the article is not in English, which is all this engine reads.
        """
        language = detect_language(article.text)
        if not language.english:
            raise InputError(
                f"the offline engine reads English only and this article seems to be in "
                f"{language.name}"
                "; brief it with an LLM engine (--engine openai)",
                article.location,
            )
        items = _Items()
        # Only sentences that the evidence check accepts as quotes may carry an item.
        sentences = [s for s in split_sentences(article.text) if is_quotable(s.text)]
        prose = [i for i, s in enumerate(sentences) if not s.heading]
        n = len(prose)
        scores = score_sentences(sentences, article.title)
        cues = [find_cues(s.text) for s in sentences]
        # What a sentence's open point takes off its key-fact score (0 when it has none).
        penalty = [max((c.fact_penalty for c in cs if c.weight >= 2.0), default=0.0) for cs in cues]
        lead = prose[0] if prose else None
        for i in scores:
            if i != lead:
                scores[i] -= penalty[i]

        persons: list[str | None] = []
        reactions, used = self._reactions(
            sentences,
            article.text,
            items,
            persons,
            limit=max(4, min(20, round(math.sqrt(n) * 1.5))),
        )
        questions, asked = self._questions(
            sentences,
            scores,
            cues,
            persons,
            # Questions need only the words the article writes in lower case (its names
            # are what it never does): far cheaper than reading the names themselves.
            Vocabulary(common_words(article.text), frozenset()),
            items,
            limit=max(2, min(8, round(math.sqrt(n)))),
        )
        # A sentence asked about stays a fact when its cue is news either way (a threat, a
        # demand): "Police laid siege to the campus and threatened to use live rounds".
        exclude = (
            used | {i for i in asked if penalty[i]} | _running_on(sentences, article.text)
        ) - {lead}
        k = max(3, min(12, round(1.7 * math.sqrt(n))))
        chosen = select(scores, sentences, k + 2, exclude=exclude)
        bottom, summed = self._bottom_line(sentences, chosen)
        made = (
            items.make(Fact, text=clean(sentences[i].text), evidence=[_quote(sentences[i])])
            for i in chosen[summed:][:k]
        )
        facts = [f for f in made if f is not None]
        return Briefing(
            title=article.title,
            source=article.source,
            published=article.published,
            bottom_line=bottom,
            key_facts=facts,
            open_questions=questions,
            reactions=reactions,
            meta=Meta(
                briefer_version=__version__,
                engine=self.name,
                article_words=article.words,
                invalid_items=items.invalid,
            ),
        )

    @staticmethod
    def _bottom_line(sentences: list[Sentence], chosen: list[int]) -> tuple[str, int]:
        """The story in one or two of the chosen sentences, and how many it used (the key
        facts leave those out rather than repeat them)."""
        if not chosen:
            return (clean(sentences[0].text) if sentences else ""), 0
        first = clean(sentences[chosen[0]].text)
        if len(first.split()) < 15 and len(chosen) > 1:
            return f"{first} {clean(sentences[chosen[1]].text)}", 2
        return first, 1

    @staticmethod
    def _reactions(
        sentences: list[Sentence],
        text: str,
        items: _Items,
        persons: list[str | None],
        limit: int,
    ) -> tuple[list[Reaction], set[int]]:
        """The reactions; fills ``persons`` with the last person named before each sentence."""
        candidates = []
        index = {s.start: i for i, s in enumerate(sentences)}
        person: str | None = None
        named_in: Sentence | None = None  # the sentence that last named ``person``
        speaker: tuple[str, int, Sentence] | None = None  # last named speaker, where
        organisation: tuple[str, Sentence] | None = None  # last named, for "the group said"
        stated: tuple[str, Sentence] | None = None  # who last spoke in a statement, and where
        known: dict[str, str] = {}  # the people named so far, by surname
        opener: str | None = None  # the person the sentence before opened on
        for i, sentence in enumerate(sentences):
            persons.append(person)
            if sentence.heading:  # an embedded tweet's signature reads as a heading
                tweet = tweet_reaction(sentence, sentences[max(0, i - 6) : i])
                if tweet is not None:
                    candidates.append(tweet)
                continue
            # In a run of quotes, "he said" is the speaker being quoted, not the last name
            # mentioned inside the quotes.
            who, named = person, named_in
            if named is not None and i - index[named.start] > _PRONOUN_SPAN:
                who = named = None  # "she said", paragraphs after the last name: unknown
            if (
                speaker
                and i - speaker[1] <= _SPEAKER_SPAN
                and _QUOTE_MARK.search(sentence.text)
                and (named is None or index[named.start] <= speaker[1])  # none named since
            ):
                who, named = speaker[0], speaker[2]
            if opener is not None and _HE_OR_SHE.match(sentence.text):
                who, named = opener, sentences[i - 1]  # "Morrison was ... . He said ..."
            org = organisation[0] if organisation else None
            if _THE_STATEMENT.search(sentence.text):  # "..., the statement said": whose
                org = stated[0] if stated else None
            candidate = find_reaction(sentence, who, org)
            if candidate and "statement" in sentence.text:
                stated = (candidate.actor, sentence)  # "X said in a statement"
            if candidate and stated and candidate.actor == stated[0] and org == stated[0]:
                candidate.context = stated[1]  # "the statement said": cite whose it is
            if candidate:
                surname = candidate.actor.split()[-1].removesuffix("’s")
                if surname not in sentence.text and who and who in candidate.actor:
                    candidate.context = named  # "He warned...": cite who "he" is
                elif organisation and candidate.actor == org and org not in sentence.text:
                    candidate.context = organisation[1]  # "The group said": cite its name
                candidates.append(candidate)
                if candidate.actor[:1].isupper() and candidate.actor not in (who or ""):
                    speaker = (candidate.actor, i, sentence)
                elif speaker and candidate.actor == speaker[0]:
                    speaker = (speaker[0], i, speaker[2])
            if named_group := last_organisation(sentence.text):
                organisation = (named_group, sentence)
            opener = opening_person(sentence.text, known)
            if found := last_person(sentence.text, known):
                person, named_in = found, sentence
            elif candidate and " " in candidate.actor:
                person, named_in = candidate.actor, sentence
        used: set[int] = set()
        reactions = []
        for group in group_reactions(candidates, limit):
            best = sorted(group.candidates, key=lambda c: (-c.strength, -len(c.text)))[:2]
            best.sort(key=lambda c: c.sentence.start)
            lead = max(best, key=lambda c: (c.strength, len(c.text)))
            used.update(index[c.sentence.start] for c in best if c.strength >= 3)
            cited = {c.sentence for c in best}
            cited |= {c.context for c in best if c.context is not None}
            cited.add(group.candidates[0].sentence)  # the sentence that names the actor
            reaction = items.make(
                Reaction,
                actor=full_name(group.actor, text),
                stance=Stance(group.stance),
                text=clean(lead.text),
                evidence=[_quote(c) for c in sorted(cited, key=lambda c: c.start)],
            )
            if reaction is not None:
                reactions.append(reaction)
        return reactions, used

    @staticmethod
    def _questions(
        sentences: list[Sentence],
        scores: dict[int, float],
        cues: list[list[Cue]],
        persons: list[str | None],
        vocab: Vocabulary,
        items: _Items,
        limit: int,
    ) -> tuple[list[OpenQuestion], set[int]]:
        found = []
        for i, sentence in enumerate(sentences):
            for candidate in find_questions(sentence, cues[i], persons[i], vocab):
                found.append((candidate.weight + 0.5 * scores.get(i, 0.0), i, candidate))
        found.sort(key=lambda t: -t[0])
        kept: list[tuple[int, OpenQuestion]] = []
        bags: list[set[str]] = []
        for _, i, candidate in found:
            bag = set(terms(candidate.question))
            if any(jaccard(bag, other) > 0.5 for other in bags):
                continue
            question = items.make(
                OpenQuestion, question=candidate.question, evidence=[_quote(sentences[i])]
            )
            if question is None:
                continue
            bags.append(bag)
            kept.append((i, question))
            if len(kept) == limit:
                break
        kept.sort(key=lambda k: k[0])  # stable: two questions of one sentence keep their order
        return [q for _, q in kept], {i for i, _ in kept}


def full_name(actor: str, text: str) -> str:
    """'Trust' -> 'Coastal Seas Trust', 'Carrow' -> 'Eoin Carrow': the article's fullest
    form of a one-word actor, when it uses one."""
    word = actor.split()[-1] if actor.split() else actor
    if " " in actor or not word[:1].isupper():
        return actor
    pattern = re.compile(r"\b((?:[A-Z][\w’'\-]+ +){1,3})" + re.escape(word) + r"\b")
    forms: Counter[str] = Counter()
    for match in pattern.finditer(text):
        if word_before(text, match.start()) in _PLACE_PREPOSITIONS:
            continue  # "ambassador to Britain Liu": a place, not a name
        words = match.group(0).split()
        while len(words) > 1 and _not_a_name(words[0]):
            words = words[1:]  # "To LeBron James", "Maybe Instagram" -> the name
        if len(words) > 1:
            forms[" ".join(words)] += 1
    return forms.most_common(1)[0][0] if forms else actor


def _not_a_name(word: str) -> bool:
    """Whether a capitalised word before a name is not part of it."""
    lower = word.lower()
    return (
        lower in _NOT_NAME_STARTS
        or lower in STOPWORDS
        or lower in LEAD_INS
        or (word.isupper() and len(word) > 2)  # "VOA Pentagon" (not "US President")
        or not word.rsplit("-", 1)[-1][:1].isupper()  # a role: "Singer-guitarists Tom Johnston"
    )


_HE_OR_SHE = re.compile(r"(?:He|She)\b")
_PRONOUN_SPAN = 6
"""Sentences after a person is named in which "he" or "she" may still mean them."""
_SPEAKER_SPAN = 3
"""Sentences after a named speaker in which a quoted "he" or "she" still means them."""
_QUOTE_MARK = re.compile(r"[“”\"]")
_PLACE_PREPOSITIONS = frozenset("to in of from for at".split())
_THE_STATEMENT = re.compile(r"\b(?:the|its|their) statement (?:said|says|added|read|stated)\b")
_NOT_NAME_STARTS = frozenset(
    """the a an in on at by for from with and but as after before when while this that like
    unlike via including about over under into through plus than if to of during despite
    against among without within toward towards across since until upon""".split()
)


def _quote(sentence: Sentence) -> Quote:
    return Quote(text=sentence.text, start=sentence.start, end=sentence.end)


def _running_on(sentences: list[Sentence], text: str) -> set[int]:
    """The sentences inside a quote that opened before them and with no quotation mark of
    their own ("With more than 6 million Sentra vehicles sold, we believe ..."): as facts they
    would state someone's words as the article's, without a sign of whose."""
    spans = quoted_spans(text)
    inside = set()
    for i, sentence in enumerate(sentences):
        if any(mark in sentence.text for mark in MARKS):
            continue
        if any(a < sentence.start and sentence.end <= b + 1 for a, b in spans):
            inside.add(i)
    return inside
