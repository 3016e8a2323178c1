"""Find who reacted and how: attribution patterns and stance (the actors' names: ``actors``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefer.engines.offline.actors import (
    BE_VERBS,
    LEAD_INS,
    MASK,
    REACTION_VERBS,
    actor_key,
    clean_actor,
    mask_quotes,
    quotes_speech,
)
from briefer.text import lexicon as lx
from briefer.text import names as nm
from briefer.text.sentences import Sentence
from briefer.text.stance import combine_stances, lexicon_stance

_WORD = re.compile(r"[A-Za-z][\w'’.\-]*")
_AUX = frozenset(
    """has have had also already quickly openly publicly repeatedly strongly immediately
    cautiously initially later swiftly sharply was were is are been so far not never too
    first once again widely largely broadly since then reportedly privately to inclined
    appear appears appeared seem seems seemed continue continues continued now still did does
    do will would could can may might should must further somehow""".split()
)
# Only verbs whose -ing form still reports a view ("warning that"); "adding 2 miles" does not.
_LISTED = lx.POSITIVE_VERBS | lx.NEGATIVE_VERBS | lx.OPINION_VERBS | frozenset(lx.EXPERIENCER_VERBS)


def listed_form(word: str) -> str:
    """The form under which a verb is listed: 'warning' -> 'warned', 'welcoming' ->
    'welcomed', 'slamming' -> 'slammed', 'arguing' -> 'argue'; other words unchanged."""
    if word in _LISTED or not word.endswith("ing") or len(word) < 6:
        return word
    stem = word[:-3]
    for form in (stem + "ed", stem + "ed"[-1:], stem[:-1] + "ed", stem + "e", stem + "s"):
        if form in _LISTED:
            return form
    return word


_PHRASES = {
    "ruled": (" out", "rejected"),  # "the government has ruled out Taliban involvement"
    "rules": (" out", "rejects"),
    "pointed": (" to", "cited"),  # "critics pointed to the cost of the plan"
    "points": (" to", "cites"),
    "alleged": (" that", "accused"),  # "the Democrats are alleging that ...", not "alleged sex"
    "alleges": (" that", "accuses"),
    "alleging": (" that", "accused"),
    "declined": (" to comment", "said"),  # a party's answer, with no stance
    "declines": (" to comment", "says"),
}
"""Verb + words that react as another verb does: (the words, that verb)."""


def _verb_at(match: re.Match[str], masked: str) -> str:
    """The word at ``match`` in its listed form, read with the words after it: 'warning' ->
    'warned', 'ruled' + ' out ...' -> 'rejected'."""
    word = listed_form(match.group().lower().rstrip("."))
    phrase = _PHRASES.get(word)
    return phrase[1] if phrase and masked.startswith(phrase[0], match.end()) else word


# "..., said study co-author Anezina Solomonidou": up to three role words before the name.
_TRAILING_NAME = re.compile(
    r"^\s*,?\s*(?:(?!(?:before|to|with|at|in|on|for|from|by|of|about|against|into)\s)"
    r"[a-z][\w\-]*\s+){0,3}(?P<name>[A-Z][\w'’.\-]*(?:\s+(?:(?:de|van|von|der|den|da|del|"
    r"di|du|la|le|bin|ibn|al)\s+)?[A-Z][\w'’.\-]*){0,3})"
)
_ACCORDING = re.compile(r"\baccording to (?P<actor>[^,.;:]+)", re.IGNORECASE)
# "according to a 2018 survey by X": X is the party.
_WORK_BY = re.compile(
    r"^(?:an?|the)\s+(?:[\w\-]+\s+){0,3}(?:survey|study|report|analysis|poll|review|paper|"
    r"audit|estimate)s?\s+(?:by|from)\s+",
    re.IGNORECASE,
)
_REACTION_NOUN = re.compile(r"\breaction\s+to\b[^.;]{1,80}?\s(?:was|were|has been|is)\s")
_DIVIDED = re.compile(r"\b(?:remain|remains|remained|are|were|is|was)\s+divided\b")


@dataclass
class ReactionCandidate:
    """A sentence in which a party responds."""

    actor: str
    key: str
    stances: set[str]
    strength: float
    sentence: Sentence
    text: str
    context: Sentence | None = None
    """An earlier sentence that names the actor, when this one only says "he" or "she"."""


@dataclass
class ReactionGroup:
    """All reactions of one party, merged."""

    actor: str
    key: str
    candidates: list[ReactionCandidate] = field(default_factory=list)

    @property
    def stance(self) -> str:
        return combine_stances(set().union(*(c.stances for c in self.candidates)))

    @property
    def strength(self) -> float:
        return max(c.strength for c in self.candidates)


# Words that open a new clause: the subject of the verb comes after the last of them
# ("Rudolph tried to remove the helmet before Garrett responded" -> "Garrett").
_CLAUSE_OPENER = re.compile(r"\s(?:before|after|when|while|because|then|until|once)\s")


_NAMED = re.compile(r"\b[A-Z][\w’'\-]+ [A-Z][\w’'\-]+")
_APPOSITIVE_STARTS = frozenset("the a an who whose which his her its their former".split())


def _subject_before(masked: str, end: int, appositive: bool = False) -> str:
    """The subject before a verb; with ``appositive``, the phrase after its last comma
    ("The ferry operator, Westline, welcomed" -> "Westline")."""
    prefix = masked[:end].rstrip()
    words = prefix.split(" ")
    while words and words[-1].lower().strip(",") in _AUX:
        words.pop()
    prefix = " ".join(words)
    if MASK in prefix:
        prefix = prefix.rsplit(MASK, 1)[1]
    subject, who, clause = prefix.partition(" who ")
    if who and subject.strip() and "," not in clause:
        prefix = subject  # "A spokesperson who did not wish to be named because of ... said"
    prefix = _CLAUSE_OPENER.split(prefix.rsplit(";", 1)[-1])[-1]
    parts = [p.strip() for p in prefix.split(",") if p.strip()]
    while len(parts) > 1 and parts[0].split()[0].lower() in LEAD_INS:
        parts = parts[1:]  # "On Monday, the People’s Daily, the mouthpiece of ..., warned"
    if not parts:
        return ""
    if appositive:
        return parts[-1]
    # Walk back over asides ("X, the commander of Y, said"; "X, who ..., said") to the name.
    last = len(parts) - 1
    while last > 0 and (
        _is_aside(parts[last]) or (_is_aside(parts[last - 1]) and not _NAMED.search(parts[last]))
    ):
        last -= 1  # "..., a fellow at the institute in Munich, Germany, said": still the aside
    if last == len(parts) - 1:
        return parts[-1]
    subject = _CONJUNCTION.sub("", parts[last])
    words = subject.split()
    if (
        len(words) > 1
        and not any(w[:1].isupper() for w in words[1:])
        and _NAMED.search(parts[last + 1])
    ):
        return parts[last + 1]  # "Another diplomat, former envoy Kurt Volker, said": the name
    return subject


_HINTS = "hinted hints indicated indicates stressed stresses signalled signaled signals".split()
_SPEAKER_THAT = re.compile(
    r"^(?P<who>[^,;]+?)\s+(?:"
    + "|".join(sorted(lx.SPEECH_VERBS | lx.OPINION_VERBS | frozenset(_HINTS)))
    + r")\s+that\s"
)
"""A speaker reporting a feeling ("X hinted that the company was pleased"): X's reaction."""
# The party of an object relative clause: "a payout that New Media investor Leon Cooperman
# [blasted]", "the plan, which Mayor Ann Lee [praised]".
_RELATIVE_NAME = re.compile(
    r"\b(?:that|which|whom)\s+(?P<name>[A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,5})$"
)
_CONJUNCTION = re.compile(r"^(?:but|and|while|as)\s+", re.IGNORECASE)


def _is_aside(part: str) -> bool:
    """Whether a comma-separated part reads as an aside about the subject before it."""
    if _CONJUNCTION.match(part):
        # "but General Mark Milley" opens a clause; "and co-author of ..." goes on with an aside
        return _CONJUNCTION.sub("", part)[:1].islower()
    words = part.split()
    first = words[0]
    if first.endswith(("’s", "'s", "s'", "s’")) and len(words) > 1:  # "Edmunds' director"
        return (
            words[1].lower() in nm.TITLES or words[1].lower() in lx.ROLE_NOUNS
        )  # "Disney’s chairman"
    return (
        first[:1].islower()
        or first.lower() in _APPOSITIVE_STARTS
        or first.lower().rstrip(".") in nm.TITLES
    )


def _verb_stance(word: str, following: str, negated: bool) -> str | None:
    if word in lx.POSITIVE_VERBS:
        stance = "positive"
    elif word in lx.NEGATIVE_VERBS:
        stance = "negative"
    elif word in lx.EXPRESS_VERBS:
        nouns = {w.lower().strip(".,") for w in following.split()[:4]}
        if nouns & lx.NEGATIVE_NOUNS:
            stance = "negative"
        elif nouns & lx.POSITIVE_NOUNS:
            stance = "positive"
        else:
            return None
    else:
        return None
    if negated:
        return {"positive": "negative", "negative": "positive"}[stance]
    return stance


# Reporting verbs that give a party's words (not "announced": an announcement is news).
_PLAIN_SPEECH = frozenset(
    "said says say told tells wrote writes tweeted tweets posted testified testifies".split()
)
_STANCE_VERBS = lx.POSITIVE_VERBS | lx.NEGATIVE_VERBS | lx.EXPRESS_VERBS


def _stances(masked: str, full: str) -> tuple[set[str], bool]:
    """All stance signals of a sentence, and whether one came from an explicit verb."""
    stances: set[str] = set()
    lowered = nm.plain_quotes(masked.lower())
    for match in _WORD.finditer(masked):
        word = _verb_at(match, masked)
        if word not in _STANCE_VERBS:
            continue
        before = lowered[max(0, match.start() - 12) : match.start()]
        negated = " not " in f" {before}" or "n't" in before or "never" in before
        stance = _verb_stance(word, masked[match.end() : match.end() + 40], negated)
        if stance:
            stances.add(stance)
    explicit = bool(stances)
    if any(marker in lowered for marker in lx.MIXED_MARKERS):
        stances.add("mixed")
        explicit = True
    if not explicit:
        lexical = lexicon_stance(full.replace(MASK, " "))
        if lexical != "neutral":
            stances.add(lexical)
    return stances, explicit


def _passive(masked: str, start: int, end: int) -> bool:
    before = masked[max(0, start - 12) : start].split()
    after = masked[end : end + 4]
    return bool(before and before[-1].lower() in BE_VERBS) or after.startswith(" by ")


def find_reaction(
    sentence: Sentence, person: str | None, group: str | None = None
) -> ReactionCandidate | None:
    """Return the reaction a sentence reports, if it reports one by a named party
    (``person`` and ``group``: see ``clean_actor``)."""
    text = sentence.text
    masked = mask_quotes(text)
    quoted = MASK in masked and quotes_speech(text)
    felt: str | None = None  # the stance an experiencer verb gives ("worried investors")

    actor: str | None = None
    verb = ""
    for match in _WORD.finditer(masked):
        if not match.group()[0].islower():
            continue  # "the United States": a name, not the verb "states"
        word = verb = _verb_at(match, masked)
        if word in lx.EXPERIENCER_VERBS:
            before = masked[: match.start()].split()
            if before and before[-1].lower() in ("a", "an", "the"):
                continue  # "an upset win": an adjective, not a verb
            if before and before[-1].lower() not in BE_VERBS:
                obj = re.split(r"[,;.]| as | because | by | with ", masked[match.end() :])[0]
                actor = clean_actor(obj, person, group)
            else:
                raw = _subject_before(masked, match.start())
                speaker = _SPEAKER_THAT.match(raw)  # "Mayer hinted that the company [was pleased]"
                actor = clean_actor(speaker["who"] if speaker else raw, person, group)
            if actor:
                felt = lx.EXPERIENCER_VERBS[word]
                break
        if word not in REACTION_VERBS and not (word == "divided" and _DIVIDED.search(masked)):
            continue
        if word == "thanks" and masked[match.end() :].startswith(" to "):
            continue  # "thanks to a late goal": a preposition
        progressive = match.group().lower().endswith("ing")  # "the union is criticising"
        if word != "divided" and not progressive and _passive(masked, match.start(), match.end()):
            continue  # "X is supported by", "visitors are warned": X did not react
        after = masked[match.end() :]
        trailing = _TRAILING_NAME.match(after)
        ends = trailing is not None and re.match(r"\s*(?:[,.;:(]|$)", after[trailing.end() :])
        if (
            trailing
            and ends
            and word not in ("divided", "told", "tells")  # "told NBC News": whom, not who
            and masked[: match.start()].rstrip().endswith(",")
        ):
            # "..., the poles are drier, said co-author Anezina Solomonidou": the name after
            # the verb speaks, not the subject of the reported clause
            actor = clean_actor(trailing["name"], person, group)
            if actor:
                break
        if word == "divided":
            m = _DIVIDED.search(masked)
            raw = _subject_before(masked, m.start()) if m else ""
        else:
            raw = _subject_before(masked, match.start())
        actor = clean_actor(raw, person, group)
        if actor is None and word != "divided":
            actor = clean_actor(
                _subject_before(masked, match.start(), appositive=True), person, group
            )
        if actor is None and (relative := _RELATIVE_NAME.search(raw)):
            actor = clean_actor(relative["name"], person, group)  # "a payout that X blasted"
        if actor is None and word not in ("told", "tells"):
            if trailing and masked[: match.start()].rstrip().endswith((MASK, ",")):
                actor = clean_actor(trailing["name"], person, group)
        if actor:
            break
    if actor is None:
        according = _ACCORDING.search(masked)
        if according:
            actor = clean_actor(_WORK_BY.sub("", according["actor"]), person, group)
    if actor is None and (noun := _REACTION_NOUN.search(masked)):
        # "the general public reaction to the interview was a torrent of derision"
        raw = _subject_before(masked, noun.start(), appositive=True)
        raw = raw.removesuffix("’s").removesuffix("'s")
        actor = clean_actor(raw, person, group)
    if actor is None:
        return None  # most sentences: their stance is never computed
    stances, explicit = _stances(masked, text)
    if felt:
        stances.add(felt)
        explicit = True
    opinion = verb in lx.OPINION_VERBS
    strength = 3.0 if explicit else 2.0 if quoted or opinion else 1.0
    if not (explicit or quoted or opinion or stances):
        if verb not in _PLAIN_SPEECH:
            return None
        strength = 0.5  # plain reported speech ("X said that Y"): a party's view, weakly
    shown = text
    words = text.split(" ")
    if words[0].lower() in ("his", "her") and len(words) > 2 and actor.endswith(words[1]):
        shown = " ".join([actor, *words[2:]])  # "His administration" -> "X’s administration"
    return ReactionCandidate(actor, actor_key(actor), stances, strength, sentence, shown)


_TWEET_SIGNATURE = re.compile(
    r"^[—–-]\s*(?P<name>[A-Z][^()@\n]{1,60}?)\s*\(@\w{1,30}\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$"
)


def tweet_reaction(signature: Sentence, before: list[Sentence]) -> ReactionCandidate | None:
    """An embedded tweet: its text, then "— Name (@handle) November 18, 2019" (``signature``);
    ``before`` holds the sentences before the signature."""
    match = _TWEET_SIGNATURE.match(signature.text)
    paragraph = _tweet_lines(before)
    said = [s for s in paragraph if not _LINK_ONLY.match(s.text)]
    if match is None or not said:
        return None
    actor = clean_actor(re.sub(r"[^\w.’'\- ]+", "", match["name"]), None)  # no emoji
    if actor is None:
        return None
    tweet = max(said, key=lambda s: len(s.text))
    stance = lexicon_stance(" ".join(s.text for s in said))
    stances = set() if stance == "neutral" else {stance}
    return ReactionCandidate(actor, actor_key(actor), stances, 2.0, tweet, tweet.text, signature)


def _tweet_lines(before: list[Sentence]) -> list[Sentence]:
    """The tweet's own sentences: its last paragraph, and the paragraphs before it that end
    without a full stop, as a tweet's lines do (an article's paragraph ends with one)."""
    if not before:
        return []
    paragraphs = [before[-1].paragraph]
    for s in reversed(before):
        if s.paragraph < paragraphs[-1]:
            if nm.plain_quotes(s.text.rstrip()).endswith((".", "!", "?", '"', "'", ":")):
                break
            paragraphs.append(s.paragraph)
    return [s for s in before if s.paragraph in paragraphs]


_LINK_ONLY = re.compile(r"^\S*https?://\S+$|^pic\.twitter\.com/\S+$")


def group_reactions(candidates: list[ReactionCandidate], limit: int) -> list[ReactionGroup]:
    """Merge candidates by party and keep the strongest ``limit`` parties.

    A one-word key ("smith") joins the group whose key contains it ("smith", "john smith"
    reduces to "smith"; "u.s. lawmakers" holds "lawmakers"); lookups are by dict, so the
    cost stays linear in the number of candidates.
    """
    groups: dict[str, ReactionGroup] = {}
    by_token: dict[str, ReactionGroup] = {}
    for cand in candidates:
        key = cand.key
        tokens = key.split()
        group = groups.get(key)
        if group is None and len(tokens) == 1:
            group = by_token.get(key)
        if group is None:
            group = next((groups[t] for t in tokens if t in groups), None)
        if group is None:
            group = groups[key] = ReactionGroup(cand.actor, key)
            for token in tokens:
                by_token.setdefault(token, group)
        group.candidates.append(cand)
    ranked = sorted(
        groups.values(),
        key=lambda g: (-g.strength, g.candidates[0].sentence.start),
    )[:limit]
    return sorted(ranked, key=lambda g: g.candidates[0].sentence.start)
