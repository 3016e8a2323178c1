"""The checks: each reads a claim against its evidence and names what does not hold up.

Every check returns problems in plain words; a claim is supported when none finds any.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache

from briefer.grounding.lexicon import ATTRIBUTIONS, NEGATING_PREFIXES, POLAR
from briefer.grounding.opposites import opposites, same_side
from briefer.grounding.passage import Passage, Stems, content_stems, negation_link
from briefer.grounding.words import Token, is_content, looks_like_name, stem
from briefer.text.lexicon import DAYS, MONTHS, NON_ACTORS, OPINION_VERBS, SPEECH_VERBS
from briefer.text.quotations import unquoted

MOSTLY_ABSENT = 0.6
"""A claim whose content words are missing from its evidence at more than this share is
unsupported."""


def _show(value: float) -> str:
    return f"{value:,.10g}"


def numbers(claim: Passage, evidence: Passage) -> list[str]:
    """Numbers, quantities and dates of the claim that the evidence does not state.

    Values are compared, not strings: "10,000" is "10 000" and "ten thousand"; "25" is not
    "250" and "2.5%" is not "25%".
    """
    problems = []
    for i, token in enumerate(claim.tokens):
        if token.number is None or token.number in evidence.numbers:
            continue
        if i == 0 and _ENUMERATION.match(claim.text):
            continue  # "8) The group ...": a list's numbering
        if not token.text[:1].isdigit() and token.number < 13:
            other = _other_count(claim, i, evidence)
            if other:  # "four prepositions" where the evidence counts "three prepositions"
                problems.append(f"the evidence says '{other}', the claim '{token.text}'")
            continue  # "two friends": summaries count what the text lists
        shown = token.text if token.text[:1].isdigit() else f"{token.text} ({_show(token.number)})"
        problems.append(f"number {shown} not in the evidence")
    for key, written in claim.periods.items():
        # "Q4" is a quarter of a year; "the second half" may be of a match or a show
        if " " not in written and key not in evidence.periods:
            problems.append(f"period {written} not in the evidence")
    return list(dict.fromkeys(problems))


def names(
    claim: Passage, evidence: Passage, common: Container[str], known: Container[str]
) -> list[str]:
    """Names and acronyms of the claim that the evidence does not contain as words.

    ``common`` is the lower-case vocabulary that tells a name from a capitalised word
    ("Shares" at a sentence start is a word, "Israel" is a name); ``known`` the article's
    names. A full name in the claim
    is also found as its acronym in the evidence, and the reverse.
    """
    missing: list[str] = []
    run: list[Token] = []
    for token in [*claim.tokens, None]:
        if token is not None and looks_like_name(token, common, known):
            run.append(token)
            continue
        if run:
            initials = "".join(t.text[0].lower() for t in run)
            if not (len(run) > 1 and initials in evidence.lowers):
                missing += [t.text for t in run if not evidence.has_name(_capitalised(t.text))]
            run = []
    return [f"'{name}' is not in the evidence" for name in dict.fromkeys(missing)]


def _capitalised(name: str) -> str:
    """The parts of a hyphenated name that are names ("Sims-based" -> "sims")."""
    parts = [p for p in name.split("-") if p[:1].isupper()]
    return "-".join(parts).lower().replace(".", "").removesuffix("'s") if parts else ""


_ENUMERATION = re.compile(r"\s*\(?\d{1,2}[.)]\s+\D")
"""A list number opening a text: "8) ", "(2) ", "3. "."""


def _other_count(claim: Passage, i: int, evidence: Passage) -> str | None:
    """Another number the evidence gives of the same thing as the claim's number: "three
    prepositions" against "four prepositions", "three new words" against "four words",
    "the top three" against "the top two"."""
    counted = _counted(claim, i)
    for j, token in enumerate(evidence.tokens):
        if token.number is not None and token.number != claim.tokens[i].number:
            if counted & _counted(evidence, j):
                return token.text
    return None


_RANKS = frozenset("top bottom first last next past final".split())
"""Words before a count that say what is counted ("the top two", "the past three")."""


def _counted(passage: Passage, i: int) -> set[str]:
    """Stems of what a number counts: the content words right after it in its sentence
    ("four new words": new, words), or a rank word right before it ("top two")."""
    found = set()
    for token in passage.tokens[i + 1 : i + 3]:
        if token.initial or token.number is not None:
            break
        if is_content(token):
            found.add(stem(token.lower))
    if i and passage.tokens[i - 1].lower in _RANKS and not passage.tokens[i].initial:
        found.add(passage.tokens[i - 1].lower)
    return found


def polarity(
    claim: Passage, aligned: list[Passage], everything: Passage, *, negations: bool = True
) -> list[str]:
    """Negations and opposites: the claim says the reverse of what its evidence says.

    Read word by word in context: a claim word is compared with the same word in an
    ``aligned`` evidence sentence that shares a neighbouring word ("Russia ... proposal").
    One negated and the other not ("has not confirmed" / "confirmed") is a flip; so is the
    word's opposite (accept / reject, rise / fall) there, if it shares more neighbouring words
    with the claim than the word itself does, and two when the evidence (``everything``) uses
    the word elsewhere. "Refused to accept" negates as "did not accept" does.
    """
    problems = _unmatched_negations(claim, aligned, everything) if negations else []
    for i, token in enumerate(claim.tokens):
        word_stem = stem(token.lower)
        small = not is_content(token)
        if small and not (token.number is None and token.lower in POLAR):
            continue
        negated = i in claim.negated_at
        if i in claim.covered_at and not negated:
            continue  # "did not accept [the terms]": not what the negation is about
        others = opposites(token.lower) | _unprefixed(token.lower, everything)
        others -= claim.stems  # "... over the weekend under heavy security": both its own
        # "cut rates to boost growth" against "lowered rates to support growth": "lowered" is
        # what the claim's own "cut", next to "boost", says
        if others:
            others -= same_side(claim.context(i))
        if not others and all(
            (j in passage.negated_at) == negated
            for passage in aligned
            for j in passage.positions.get(word_stem, ())
        ):
            continue  # no opposite, and the evidence negates the word where the claim does
        used = word_stem in everything.stems
        same = max(
            (
                _shared(passage.context(j), claim.context(i))
                for passage in aligned
                for j in passage.positions.get(word_stem, ())
                if (j in passage.negated_at) == negated
            ),
            default=0,
        )
        if same and not others:
            continue  # the evidence says it as the claim does, in the same context
        for passage in aligned:
            candidates = [
                (j, s) for s in (word_stem, *sorted(others)) for j in passage.positions.get(s, ())
            ]
            for j, other_stem in candidates:
                shared = _shared(passage.context(j), claim.context(i))
                if other_stem == word_stem and (not shared or same or small):
                    continue  # the evidence also says it as the claim does
                if other_stem != word_stem and (shared <= same or used and shared < 2):
                    continue  # the word itself is as close, or its opposite not close enough
                other_negated = j in passage.negated_at
                if j in passage.covered_at and not other_negated:
                    continue
                if other_stem == word_stem and other_negated != negated:
                    if other_negated and word_stem in everything.affirmed:
                        continue  # the evidence says it both ways
                    if negated and passage.bare_negators:
                        continue  # "if she can't, ...": an ellipsis may carry the negation
                    problems.append(_flip(passage, j, claim, i))
                elif other_stem != word_stem and other_negated == negated:
                    if passage.bare_negators and not other_negated:
                        continue  # "expected; the size ... was not": the ellipsis flips it
                    problems.append(_flip(passage, j, claim, i))
    return list(dict.fromkeys(problems))


def _shared(ours: set[str], theirs: set[str]) -> int:
    """How many words two contexts share, a longer and a shorter form of at least five
    letters counting as one ("interpretability" / "interpretations")."""
    return sum(1 for word in ours if word in theirs or any(_forms(word, w) for w in theirs))


def _forms(a: str, b: str) -> bool:
    """Whether one stem is a longer form of the other, both of at least five letters."""
    return min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a))


def _unmatched_negations(claim: Passage, aligned: list[Passage], everything: Passage) -> list[str]:
    """A negation in the claim where the evidence negates nothing: not at all, or not in any
    sentence that uses the words the claim negates ("did not discuss [costs]" against a
    sentence on costs that negates nothing)."""
    for negator, covered in claim.scopes + claim.refusals:
        # the sentences using the first word it negates that any of them uses ("does not
        # combine them for detecting ...": those on combining, not any on detecting)
        using: list[Passage] = []
        for word in covered:
            using = [p for p in aligned if stem(word.lower) in p.stems]
            if not using:  # "not pleased" read where the evidence says "not happy"
                kin = same_side({stem(word.lower)})
                using = [p for p in aligned if kin & p.stems]
            if using:
                break
        if everything.negators or everything.refusals:
            if not using or any(p.negators or p.refusals for p in using):
                continue
        link = negation_link(negator)
        where = "negates nothing" if not using else "does not negate it"
        return [f"the claim says '{negator.text}{link}{covered[0].text}', the evidence {where}"]
    return []


def _unprefixed(word: str, evidence: Passage) -> set[str]:
    """The bare word of a negating prefix ("unreliable" -> "reliabl"), if the evidence has it;
    and the prefixed forms of a bare word that the evidence has ("reliable" -> "unreliabl")."""
    return {form for form in _prefix_forms(word) if form in evidence.stems}


@lru_cache(maxsize=16384)
def _prefix_forms(word: str) -> frozenset[str]:
    """The stems of a word with a negating prefix taken off or put on."""
    forms = set()
    for prefix in NEGATING_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 5:
            forms.add(stem(word[len(prefix) :]))
        if len(word) >= 5:
            forms.add(stem(prefix + word))
    return frozenset(forms)


def _flip(evidence: Passage, j: int, claim: Passage, i: int) -> str:
    return f"the evidence says '{_negated(evidence, j)}', the claim '{_negated(claim, i)}'"


def _negated(passage: Passage, i: int) -> str:
    """The word at ``i`` with the negation that covers it ("not confirmed")."""
    word = passage.tokens[i].text
    if i not in passage.negated_at:
        return word
    for negator, covered in passage.scopes + passage.refusals:
        if any(t is passage.tokens[i] for t in covered):
            link = negation_link(negator)
            return f"{negator.text}{link}{word}"
    return word


def _word(passage: Passage, word_stem: str) -> str:
    """The word as the passage writes it."""
    for token in passage.tokens:
        if stem(token.lower) == word_stem:
            return token.text
    return word_stem


def certainty(claim: Passage, evidence: Passage) -> list[str]:
    """Something the evidence reports as unconfirmed ("allegedly", "has not confirmed") or as
    possible ("could face charges"), stated by the claim as certain."""
    if claim.hedges or claim.possible or any(t.lower in ATTRIBUTIONS for t in claim.tokens):
        return []
    if evidence.hedges:
        return [
            f"the evidence reports it as unconfirmed ('{evidence.hedges[0]}'), the claim as certain"
        ]
    for word_stem in sorted(evidence.possible & claim.stems):
        return [
            f"the evidence says it only may happen ('{_word(evidence, word_stem)}'), "
            "the claim as certain"
        ]
    return []


_SPEECH = frozenset(stem(w) for w in ATTRIBUTIONS)
_QUOTING = SPEECH_VERBS | OPINION_VERBS
"""Verbs that say who spoke when next to a quote ("wrote Matuszewski"), as written: also
verbs that are often actions elsewhere ("Apple posted record revenue")."""
_TELLING = (
    ATTRIBUTIONS
    | _QUOTING
    | frozenset(
        """demand demanded demands vow vowed vows pledge pledged pledges promised promises
        condemned condemns stressed stresses declared declares admitted admits denied denies
        agreed agrees asked asks praised praises criticised criticises criticized criticizes
        complained complains recalled recalls maintained maintains contended contends
        emphasised emphasises emphasized emphasizes""".split()
    )
)
"""Words by which a claim says that someone said what it states, as written."""
_INVERTED = frozenset(("said", "says"))
"""Speech verbs whose speaker may follow them."""


def actor(claim: Passage, evidence: Passage, known: Container[str], who: str | None) -> list[str]:
    """Who said or did it.

    The ``who`` given (a reaction's actor) must be in the evidence: one of its names (or
    their initials), or, when the evidence names no one ("the president said"), a word of
    its role while its names are ``known`` to the article. Without ``who``, a name next to
    the claim's speech verb ("Putin said") must be one the evidence has speaking, if it has
    anyone speaking; names here are those ``known`` to the article (used inside sentences).
    """
    if who:
        return party(who, evidence, known)
    speakers = _speakers(claim, known)
    if not speakers:
        return []
    theirs = _speakers(evidence, known)
    problems = []
    for name in speakers:
        if theirs and not any(_same(name, their) for their in theirs):
            problems.append(f"who: the evidence has '{theirs[0]}' saying it, not '{name}'")
    return problems


def _same(one: str, other: str) -> bool:
    """Whether two runs of names are one person: the same last name ("mr smith", "john
    smith"), or the words of one among the other's ("philip", "philip luther"); not a title
    alone ("secretary pompeo", "secretary mark esper")."""
    ours, theirs = one.split(), other.split()
    return ours[-1] == theirs[-1] or set(ours) <= set(theirs) or set(theirs) <= set(ours)


_FIRST_PERSON = frozenset("I me my mine myself we us our ours ourselves".split())
"""As written: "I" in capitals, the rest in any case but "US" (the country)."""
QUOTED_SHARE = 0.5
"""Share of a claim's content words that, found only inside quotation marks in its
evidence, make it someone's words."""


def tells(passage: Passage) -> bool:
    """Whether a passage says that someone said something."""
    return any(telling(t.lower) for t in passage.tokens if t.text[:1].islower())


def telling(word: str) -> bool:
    """Whether a word (lower case) says that someone said something ("said", "vowed")."""
    return word in _TELLING


def speakers_of(passage: Passage, known: Container[str]) -> list[str]:
    """Who speaks in the words around a quote (see ``_speakers``), by any speech verb."""
    return _speakers(passage, known, _QUOTING)


def attributes(claim: Passage) -> bool:
    """Whether a claim says who said what it states: a speech verb, and outside the quotes
    it gives, no words in the first person ("I couldn't believe it" says nothing of who
    "I" is; "“We lost the baby,” Van Der Beek said" does); or a quote it introduces with
    a colon ("Smith agreed: “...”")."""
    if re.search(r":\s*[\"“«]", claim.text):
        return True  # "Smith agreed: “It's a different job.”"
    if not tells(claim):
        return False
    own = re.findall(r"[A-Za-z]+", unquoted(claim.text))
    return not _FIRST_PERSON.intersection(w if w == "I" else w.lower() for w in own if w != "US")


def quotes_as_fact(claim: Passage, speech: list[tuple[Passage, Passage]]) -> bool:
    """Whether most of a claim's content words are in its evidence only inside quotation
    marks (``speech``: each quote's quoted words and the rest)."""
    wanted = set(content_stems(claim))
    quoted = {s for spoken, _ in speech for s in spoken.stems}
    told = {s for _, rest in speech for s in rest.stems}
    return len(wanted) >= 3 and len(wanted & quoted - told) >= QUOTED_SHARE * len(wanted)


def party(who: str, evidence: Passage, known: Container[str]) -> list[str]:
    """Whether ``who`` (a reaction's actor) is in the evidence (see ``actor``)."""
    return (
        [] if _party_in(Passage(who), evidence, known) else [f"who: '{who}' is not in the evidence"]
    )


def written_in(who: str, text: str) -> bool:
    """Whether the (unified) text writes the (unified) party's name as it is given."""
    return f" {who.lower()}" in f" {text.lower()}"


def _party_in(party: Passage, evidence: Passage, known: Container[str]) -> bool:
    if written_in(party.text, evidence.text):
        return True
    named = [t for t in party.tokens if t.lower in known or t.text.isupper() and len(t.lower) > 1]
    initials = "".join(
        t.text[0].lower() for t in party.tokens if t.text[:1].isupper() and "." not in t.text
    )
    if any(evidence.has_name(t.lower) for t in named):
        return True
    if len(initials) > 1 and initials in evidence.lowers:
        return True
    roles = [t for t in party.content if t not in named]
    return any(evidence.has_stem(stem(t.lower)) for t in roles) and all(
        t.lower in known for t in named
    )


def _speakers(
    passage: Passage, known: Container[str], more: frozenset[str] = frozenset()
) -> list[str]:
    """Who speaks, lower case, each as the run of names it is written with ("philip luther"),
    by a speech verb (or one of ``more``, as written): the name right before it ("Putin
    said", "Esper on Wednesday accused"), or right after one that follows a quote ("…,"
    warned Guterres), or after "said" when no name comes before it ("said Putin"). Not a
    day or month, a place ("at the City Chambers on Tuesday, saying"), whom the verb is
    about ("accused China", "told Reuters") nor the first word of the next sentence."""

    def name(token: Token) -> bool:
        return (
            token.text[:1].isupper()
            and token.lower != "i"
            and token.lower in known
            and token.lower not in NON_ACTORS
        )

    tokens = passage.tokens
    found = []
    for i, token in enumerate(tokens):
        if not token.text[:1].islower() or (
            stem(token.lower) not in _SPEECH and token.lower not in more
        ):
            continue  # "Islamic State" states nothing
        before = False
        if not token.pause:  # not after a quote, nor ", saying" (the sentence's subject's)
            j = i - 1
            while j > 0 and i - j <= _WHEN_WORDS and _when(tokens[j]):
                j -= 1  # "Esper on Wednesday accused", "Zelensky on March 3 warned"
            before = j >= 0 and name(tokens[j]) and not _placed(tokens, j)
            if before:
                first = j
                while first > 0 and not tokens[first].pause and name(tokens[first - 1]):
                    first -= 1  # "Philip Luther said"
                found.append(" ".join(t.lower for t in tokens[first : j + 1]))
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            after is not None
            and name(after)
            and not after.initial
            and (token.initial or (token.lower in _INVERTED and not before))
        ):
            last = i + 1
            while last + 1 < len(tokens) and not tokens[last + 1].pause and name(tokens[last + 1]):
                last += 1  # "said Philip Luther"
            found.append(" ".join(t.lower for t in tokens[i + 1 : last + 1]))
    return found


def _placed(tokens: list[Token], j: int) -> bool:
    """Whether the name ending at ``j`` follows a preposition ("in Hanoi", "at the City
    Chambers"): a place, or a party other than the speaker."""
    k = j - 1
    while k >= 0 and (tokens[k].text[:1].isupper() or tokens[k].lower == "the"):
        k -= 1
    return k >= 0 and tokens[k].lower in _PLACED


def _when(token: Token) -> bool:
    return token.lower in _WHEN or token.number is not None


_WHEN = (
    frozenset(
        """on last this earlier later today yesterday tonight week month year morning afternoon
        evening night weekend""".split()
    )
    | DAYS
    | MONTHS
)
"""Words of a time between a speaker and their verb."""
_WHEN_WORDS = 4
_PLACED = frozenset("in at from with to of by for near".split())
"""Words before a name that make it a place or a party other than the speaker."""


_CONDITIONS = frozenset(
    "if when after before until once under with by in on to for together because since".split()
)
_RESTRICTIVE = frozenset("only just solely alone exclusively merely sole single".split())
_TIME_NOUNS = frozenset(
    "seconds minutes hours days weeks months years a an one two three few".split()
)
"""After "only", a span of time ("only days after the election") or a small number says how
soon, not that there is nothing else."""


def exclusive(claim: Passage, evidence: Passage) -> list[str]:
    """An "only" the evidence does not state: "offers only auto insurance" asserts there is
    nothing else, which "offers auto and home insurance" contradicts and "offers auto
    insurance" does not say. "Not only" and "if only" restrict nothing; "only if" and
    "only under" state a condition, "only 6%" weighs a number the number check reads."""
    for i, token in enumerate(claim.tokens):
        if token.lower != "only" or (i and claim.tokens[i - 1].lower in {"not", "if"}):
            continue
        after = claim.tokens[i + 1] if i + 1 < len(claim.tokens) else None
        if (
            after is None
            or after.number is not None
            or after.lower in _CONDITIONS
            or after.lower in _TIME_NOUNS
        ):
            continue  # "only 6%" weighs a number; "only under conditions" states a condition
        if not any(t.lower in _RESTRICTIVE for t in evidence.tokens):
            return ["the claim says 'only', the evidence does not"]
    return []


def absent(claim: Passage, evidence: Stems) -> list[str]:
    """Claims whose content words are mostly absent from the evidence."""
    stems = content_stems(claim)
    if not stems:
        return []
    missing = [s for s in stems if not evidence.has_stem(s)]
    if len(missing) / len(stems) <= MOSTLY_ABSENT:
        return []
    shown = ", ".join(_word(claim, s) for s in missing[:6])
    share = f"{len(missing)}/{len(stems)}"
    return [f"most of the claim's words are not in the evidence ({share}: {shown})"]


_CLAUSE_OPENERS = frozenset(
    "and but while so then with whereas although though yet as when after".split()
)
_CLAUSE_ENDS = frozenset("and but while so whereas although though because then".split())


def speakers(claim: Passage, turns: dict[str, list[Passage]]) -> list[str]:
    """In a dialogue, what the claim has a speaker say or do, read against that speaker's
    own lines: "Gail said it was sunny" where Gail's lines say "still cloudy here" is a
    flip, even when someone else in the chat said "sunny". Only clauses the speaker opens
    as their subject ("Gail said ...", "..., and Gail agreed ...") are read, up to the
    clause's end; a name after "that" is reported, not speaking."""
    if not turns:
        return []
    problems: list[str] = []
    tokens = claim.tokens
    i = 0
    while i < len(tokens):
        who, size = _speaker_at(tokens, i, turns)
        if who is None:
            i += 1
            continue
        end = i + size
        while end < len(tokens) and not (
            tokens[end].initial
            or (end > i + size and (tokens[end].pause or tokens[end].lower in _CLAUSE_ENDS))
        ):
            end += 1
        clause = tokens[i:end]
        # only lines with a word of the clause or one of its opposites can hold a flip
        words = {stem(t.lower) for t in clause[size:] if is_content(t) or t.lower in POLAR}
        words |= {o for t in clause[size:] for o in opposites(t.lower) | _prefix_forms(t.lower)}
        lines = [p for p in turns[who] if words & p.stems]
        if len(clause) > size + 1 and lines:
            said = Passage(" ".join(t.text for t in clause), read=clause, asserted=True)
            name = " ".join(t.text for t in tokens[i : i + size])
            for problem in polarity(said, lines, Passage.joined(lines), negations=False):
                problems.append(problem.replace("the evidence says", f"{name} says", 1))
        i = max(end, i + 1)
    return list(dict.fromkeys(problems))


def _speaker_at(
    tokens: list[Token], i: int, turns: dict[str, list[Passage]]
) -> tuple[str | None, int]:
    """The speaker (lower-case label) whose name opens a clause at ``i`` as its subject,
    and how many tokens the name takes."""
    token = tokens[i]
    if not token.text[:1].isupper():
        return None, 0
    if not (i == 0 or token.initial or token.pause or tokens[i - 1].lower in _CLAUSE_OPENERS):
        return None, 0
    for size in (3, 2, 1):
        run = tokens[i : i + size]
        if len(run) < size or not all(t.text[:1].isupper() for t in run):
            continue
        label = " ".join(t.lower for t in run)
        following = tokens[i + size] if i + size < len(tokens) else None
        if label in turns and following is not None and following.text.islower():
            if following.lower not in {"and", "or", "nor"} and not following.pause:
                return label, size
    return None, 0


_PREFERRED = frozenset("more better nicer greater preferable".split())
"""Comparatives that rank one thing over another as "more" does ("nicer than")."""


def comparisons(claim: Passage, evidence: list[Passage]) -> list[str]:
    """A comparison turned round: "liked rainy weather more than cloudy weather" where the
    evidence says "cloudy is nicer than rainy". Read only between the same comparative, or
    two that rank as "more" does (more, better, nicer, greater); "less", "worse" and other
    words that rank the other way are not compared."""
    ours = _comparisons(claim)
    if not ours:
        return []
    for passage in evidence:
        for word, first, second in _comparisons(passage):
            for claimed, over, under in ours:
                same = word == claimed or {word, claimed} <= _PREFERRED
                if same and over & second and under & first:
                    shown = _word(passage, sorted(first & under)[0])
                    other = _word(passage, sorted(second & over)[0])
                    return [f"the evidence ranks '{shown}' over '{other}', the claim the reverse"]
    return []


def _comparisons(passage: Passage) -> list[tuple[str, set[str], set[str]]]:
    """Each "A ... more than B" of the passage: the comparative, the stems of up to three
    content words before it in its clause (A's side), and of those after "than" (B's)."""
    found = []
    tokens = passage.tokens
    for k, token in enumerate(tokens):
        if token.lower != "than" or k < 2 or token.pause:
            continue
        word = tokens[k - 1].lower
        if word not in _PREFERRED and not (word.endswith("er") and len(word) > 4):
            continue
        before: set[str] = set()
        j = k - 2
        while j >= 0 and len(before) < 3:
            if is_content(tokens[j]):
                before.add(stem(tokens[j].lower))
            if tokens[j].initial or tokens[j].pause:
                break
            j -= 1
        after: set[str] = set()
        for follower in tokens[k + 1 : k + 4]:
            if follower.initial or follower.pause:
                break
            if is_content(follower):
                after.add(stem(follower.lower))
        if before - after and after - before:
            found.append((word, before - after, after - before))
    return found
