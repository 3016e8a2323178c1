"""A piece of text read once into the sets the checks look things up in."""

from __future__ import annotations

import bisect
from functools import cached_property

from briefer.grounding.lexicon import (
    HEDGE_PHRASES,
    HEDGES,
    IRREGULAR,
    MODALS,
    NEGATORS,
    PLACE_FORMS,
    STOPWORDS,
)
from briefer.grounding.words import Token, is_content, periods, stem, tokens, unify

# Verbs that negate their object as "not" does: "refused to accept" is "did not accept".
_NEGATING = frozenset(
    stem(w) for w in "refuse decline fail deny reject stop halt forget neglect".split()
)
_SHUNNING = frozenset(stem(w) for w in "avoid stop".split())
"""Verbs that negate the gerund after them ("avoid walking" is "do not walk"); not "quit",
whose stem is that of "quite"."""
_TRIGGERS = _NEGATING | _SHUNNING


_CONTRASTS = frozenset({("rather", "than"), ("instead", "of")})
"""Word pairs that deny what follows them, as "not" does ("next week rather than tomorrow")."""
_CONTRAST_STARTS = frozenset(first for first, _ in _CONTRASTS)


def may_negate(lowers: frozenset[str], stems: frozenset[str]) -> bool:
    """Whether a sentence with these words (lower case, stemmed) may negate one: has a
    negator, a contrast or a verb that negates ("refused to"). Cheaper than reading the
    sentence."""
    return bool(stems & _TRIGGERS) or any(_negates_word(w) or w in _CONTRAST_STARTS for w in lowers)


def negation_link(negator: Token) -> str:
    """What joins a negating word to the word it negates when shown: "not accept", "refused
    to accept", "avoid walking", "rather than wait"."""
    if is_negator(negator) or stem(negator.lower) in _SHUNNING:
        return " "
    return {"rather": " than ", "instead": " of ", "than": " "}.get(negator.lower, " to ")


_SCOPE = 3
"""Content words after a negator that it covers ("did not formally accept", "nobody in
Garrick is going to accept"), up to the next comma or conjunction."""
_CONTEXT = 2
"""Content words on each side that make a word's context."""
_BOUNDS = frozenset("more less fewer over under later earlier longer greater".split())
"""Comparatives that, negated and followed by "than", state a limit ("no more than")."""
_SMALL = frozenset("of and for the on de per to in a an".split())
"""Words an acronym may skip ("Food and Drug Administration" -> "FDA")."""
_ADVERBS = frozenset("yet even ever also always just really still".split())
_SCOPE_BREAK = frozenset("but and or while although though however because which who".split())


def _head(covered: list[Token]) -> Token:
    """The word a negation is about: the first it covers that is not an adverb."""
    return next((t for t in covered if not t.lower.endswith("ly")), covered[0])


def is_negator(token: Token) -> bool:
    """Whether a token negates what follows it ("not", "never", "didn't", "no longer")."""
    return _negates_word(token.lower)


def _negates_word(lower: str) -> bool:
    return lower in NEGATORS or lower.endswith("n't")


class Stems:
    """The stems of a text, for looking words up in it."""

    def __init__(self, stems: frozenset[str]) -> None:
        self.stems = stems

    @cached_property
    def _sorted_stems(self) -> list[str]:
        return sorted(self.stems)

    def has_stem(self, word_stem: str) -> bool:
        """Whether a stem occurs here, allowing a longer or shorter form of at least 5 letters
        ("approv" / "approval")."""
        if word_stem in self.stems:
            return True
        if len(word_stem) < 5:
            return False
        if any(word_stem[:n] in self.stems for n in range(5, len(word_stem))):
            return True
        i = bisect.bisect_left(self._sorted_stems, word_stem)
        return i < len(self._sorted_stems) and self._sorted_stems[i].startswith(word_stem)


class Passage(Stems):
    """Tokens, stems, numbers, names and negated words of a text."""

    def __init__(
        self, text: str, read: list[Token] | None = None, *, asserted: bool = False
    ) -> None:
        self.asserted = asserted
        """A claim, not evidence: its "does not have" denies having (see ``_possession``)."""
        self.text = unify(text)
        self.tokens = tokens(self.text) if read is None else read
        self.lowers = frozenset(t.lower for t in self.tokens) | frozenset(
            part for t in self.tokens if "-" in t.lower for part in t.lower.split("-")
        )
        self.stems = frozenset(stem(t.lower) for t in self.tokens)
        self.numbers = frozenset(t.number for t in self.tokens if t.number is not None)

    # The rest is read on first use: most checks need only some of it.
    @cached_property
    def content(self) -> list[Token]:
        """The content words."""
        return [t for t in self.tokens if is_content(t)]

    @cached_property
    def scopes(self) -> list[tuple[Token, list[Token]]]:
        """Each negator ("not", "never") with the content words it covers."""
        return self._scopes(strong=True)

    @cached_property
    def refusals(self) -> list[tuple[Token, list[Token]]]:
        """Each refusal ("refused to", "failed to") with the verb it negates."""
        return self._scopes(strong=False)

    @cached_property
    def negated(self) -> frozenset[str]:
        """Stems some negator covers."""
        return frozenset(stem(t.lower) for _, covered in self.scopes for t in covered)

    @cached_property
    def refused(self) -> frozenset[str]:
        """Stems some refusal covers."""
        return frozenset(stem(t.lower) for _, covered in self.refusals for t in covered)

    @cached_property
    def _covered_ids(self) -> set[int]:
        return {id(t) for _, covered in self.scopes + self.refusals for t in covered}

    @cached_property
    def negated_at(self) -> set[int]:
        """Positions of the words negations are about ("not [confirmed] the deal")."""
        heads = {id(_head(covered)) for _, covered in self.scopes + self.refusals}
        return {i for i, t in enumerate(self.tokens) if id(t) in heads}

    @cached_property
    def covered_at(self) -> set[int]:
        """Positions of every word some negation covers, and of every word shortly after a
        negation in its sentence ("declined to discuss pricing or give a range"): too close
        to call either way."""
        covered = {i for i, t in enumerate(self.tokens) if id(t) in self._covered_ids}
        triggers = [
            i for i, t in enumerate(self.tokens) if self._negates(i) or stem(t.lower) in _TRIGGERS
        ]
        covered |= {
            i
            for t in triggers
            for i in range(t + 1, min(t + 8, len(self.tokens)))
            if not any(self.tokens[k].initial for k in range(t + 1, i + 1))
        } - self.negated_at
        return covered

    @cached_property
    def affirmed(self) -> frozenset[str]:
        """Stems used outside any negation."""
        return frozenset(stem(t.lower) for t in self.content if id(t) not in self._covered_ids)

    @cached_property
    def negators(self) -> list[Token]:
        """The negating words."""
        return [t for i, t in enumerate(self.tokens) if self._negates(i)]

    @cached_property
    def periods(self) -> dict[str, str]:
        """Quarters and halves named ("Q4", "fourth quarter" -> "q4"), each as written."""
        return periods(self.tokens)

    @cached_property
    def bare_negators(self) -> list[Token]:
        """Negators that cover no word of their own ("if she can't, ...", "the size was
        not."): an ellipsis, whose negation may belong to a word said elsewhere."""
        scoped = {id(negator) for negator, _ in self.scopes}
        return [t for t in self.negators if id(t) not in scoped]

    @cached_property
    def hedges(self) -> list[str]:
        """Words and phrases marking something as unconfirmed ("allegedly")."""
        lowered = f" {self.text.lower()} ".replace("n't", " not")
        found = [t.lower for t in self.tokens if t.lower in HEDGES and t.text.islower()]
        return found + [p for p in HEDGE_PHRASES if p in lowered]

    @cached_property
    def possible(self) -> frozenset[str]:
        """Stems of verbs a modal governs ("could face" -> "face")."""
        return frozenset(
            stem(follower.lower)
            for i, t in enumerate(self.tokens)
            if t.lower in MODALS and t.text.islower()
            for follower in [f for f in self.tokens[i + 1 : i + 4] if is_content(f)][:1]
        )

    @cached_property
    def initials(self) -> frozenset[str]:
        """Initials of capitalised runs."""
        return frozenset(self._initials())

    def _scopes(self, strong: bool) -> list[tuple[Token, list[Token]]]:
        """Each negator with the content words it covers; with ``strong`` off, verbs that
        negate the verb they govern ("refused to accept") instead of "not" and its kin."""
        scopes = []
        for i, token in enumerate(self.tokens):
            if not strong:
                following = self.tokens[i + 1 : i + 3]
                if stem(token.lower) in _NEGATING and len(following) == 2:
                    if following[0].lower == "to" and is_content(following[1]):
                        scopes.append((token, [following[1]]))
                if stem(token.lower) in _SHUNNING and following:
                    if following[0].lower.endswith("ing") and is_content(following[0]):
                        scopes.append((token, [following[0]]))
                continue
            if not self._negates(i):
                continue
            if self._doubled(i) or (not self.asserted and self._possession(i)):
                continue
            covered: list[Token] = []
            for follower in self.tokens[i + 1 : i + 1 + 2 * _SCOPE]:
                if follower.lower in _SCOPE_BREAK or follower.pause:
                    break
                if is_content(follower) and follower.lower != "longer":
                    covered.append(follower)
                    if len(covered) == _SCOPE:
                        break
            if covered:
                scopes.append((token, covered))
        return scopes

    def _negates(self, i: int) -> bool:
        """Whether the token at ``i`` negates: a negator, but not the "not" of "whether or
        not", which leaves both ways open, nor a bound ("no more than 12 euros", "not later
        than May"), which states a limit, nor "not only", which adds."""
        if not is_negator(self.tokens[i]):
            word = self.tokens[i].lower
            following = self.tokens[i + 1].lower if i + 1 < len(self.tokens) else ""
            if word == "than" and i > 1:  # "would rather admit it, than press ahead"
                return "rather" in {t.lower for t in self.tokens[max(0, i - 15) : i - 1]}
            return (word, following) in _CONTRASTS  # "next week rather than tomorrow"
        before = [t.lower for t in self.tokens[max(0, i - 2) : i]]
        if before[-1:] in (["oh"], ["ah"], ["uh"]):  # "oh, no": dismay, not a denial
            return False
        after = [t.lower for t in self.tokens[i + 1 : i + 4] if t.lower != "be"][:2]
        if after[:1] == ["only"]:  # "not only ... but also" adds, it does not deny
            return False
        return before != ["whether", "or"] and not (after[1:] == ["than"] and after[0] in _BOUNDS)

    def _doubled(self, i: int) -> bool:
        """Whether the negator at ``i`` is the second of a double negation in one clause
        ("not going to pretend I'm not tempted")."""
        for j in range(i - 1, max(-1, i - 7), -1):
            if is_negator(self.tokens[j]):
                return True
            if self.tokens[j].pause:
                return False
        return False

    def _possession(self, i: int) -> bool:
        """Whether the negator at ``i`` denies having something ("we don't yet have a clear
        picture"): in evidence, that says nothing against a claim of wanting or seeking it;
        a claim that something is not had is still read as a denial."""
        rest = [t for t in self.tokens[i + 1 : i + 4] if t.lower not in _ADVERBS]
        return (
            len(rest) > 1
            and rest[0].lower in {"have", "has", "had"}
            and not rest[1].lower.endswith(("ed", "en"))
            and rest[1].lower not in IRREGULAR
        )

    @classmethod
    def joined(cls, passages: list[Passage]) -> Passage:
        """One passage of several, without reading their text again."""
        read = [t for p in passages for t in p.tokens]
        return cls(" \n".join(p.text for p in passages), read)

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Where each stem occurs."""
        found: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            found.setdefault(stem(token.lower), []).append(i)
        return found

    def context(self, index: int) -> set[str]:
        """Stems of the content words (not negators) and numbers next to the token at
        ``index``."""
        if index not in self._contexts:
            self._contexts[index] = self._context(index)
        return self._contexts[index]

    @cached_property
    def _contexts(self) -> dict[int, set[str]]:
        return {}

    def _context(self, index: int) -> set[str]:
        near: set[str] = set()
        for step in (-1, 1):
            i, found = index + step, 0
            while 0 <= i < len(self.tokens) and found < _CONTEXT:
                token = self.tokens[i]
                if token.number is not None:
                    near.add(f"#{token.number}")
                    found += 1
                elif is_content(token) and not is_negator(token):
                    near.add(stem(token.lower))
                    if "-" in token.lower:  # "open-minded" is near what "open mind" is near
                        near.update(stem(p) for p in token.lower.split("-") if len(p) > 2)
                    found += 1
                i += step
        return near

    @cached_property
    def word_initials(self) -> frozenset[str]:
        """Initials of every run of three to six consecutive words, lower case included,
        with and without small words ("year-over-year" -> "yoy", "earnings per share" ->
        "eps", "research and development" -> "rd"), so such an acronym is found spelled
        out. Only acronyms of three letters or more are looked up here: two letters match
        too many word pairs by chance."""
        parts = [p for t in self.tokens if t.number is None for p in t.lower.split("-") if p]
        found: set[str] = set()
        for words in (parts, [p for p in parts if p not in _SMALL]):
            letters = "".join(w[0] for w in words)
            for size in range(3, 7):
                found.update(letters[i : i + size] for i in range(len(letters) - size + 1))
        return frozenset(found)

    def _initials(self) -> list[str]:
        """Initials of capitalised runs ("United Kingdom" -> "uk", "Food and Drug ..." ->
        "fda"), so an acronym in a claim is found in the spelled-out name."""
        runs: list[str] = []
        run = ""
        for token in self.tokens:
            if token.text[:1].isupper():
                run += token.text[0].lower()
            elif token.lower in {"of", "and", "for", "the", "on", "de"} and run:
                continue
            else:
                if len(run) > 1:
                    runs.append(run)
                run = ""
        if len(run) > 1:
            runs.append(run)
        return runs

    def has_name(self, lower: str) -> bool:
        """Whether a name (lower case) occurs here as a word, or as a close form of one
        ("Russian" for "Russia"), or as the initials of a capitalised run."""
        if not lower or lower in self.lowers:
            return True
        if "-" in lower:  # "Sims-based" needs "Sims"; "P-make-like" needs nothing
            return all(part in self.lowers for part in lower.split("-") if len(part) > 1)
        for suffix in ("n", "an", "ian", "ns", "ans", "ians", "s", "es", "ese", "i", "is"):
            if lower + suffix in self.lowers:
                return True
            if lower.endswith(suffix) and lower[: -len(suffix)] in self.lowers:
                return True
        if PLACE_FORMS.get(lower) in self.lowers:  # "Sweden" / "Swedish"
            return True
        if len(lower) >= 2 and any(lower in run for run in self.initials):
            return True
        return len(lower) >= 3 and lower in self.word_initials


def content_stems(passage: Passage) -> list[str]:
    """The passage's content-word stems, in order, without repeats."""
    return list(dict.fromkeys(stem(t.lower) for t in passage.content if t.lower not in STOPWORDS))
