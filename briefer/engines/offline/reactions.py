"""Find who reacted and how: attribution patterns, actor clean-up and stance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefer.text import lexicon as lx
from briefer.text import names as nm
from briefer.text.sentences import Sentence
from briefer.text.stance import combine_stances, lexicon_stance

_MASK = "\x00"
# A quote may open in one sentence and close in a later one: mask to the sentence's end, or
# from its start when a quote closes without opening.
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*\"|«[^»]*(?:»|$)|^[^“”]{12,}”")
_WORD = re.compile(r"[A-Za-z][\w'’.\-]*")
_NAME = re.compile(r"(?:[A-Z][\w'’\-]*\.?\s+){1,5}[A-Z][\w'’\-]+")
_LEAD_INS = frozenset(
    """in on at during after before although though while when if as since because despite
    with for by from meanwhile however asked speaking earlier later separately still also
    and but so then instead overall yet inside outside whatever here there now plus certainly
    take indeed via""".split()
)
_AUX = frozenset(
    """has have had also already quickly openly publicly repeatedly strongly immediately
    cautiously initially later swiftly sharply was were is are been so far not never too
    first once again widely largely broadly since then reportedly privately to inclined
    appear appears appeared seem seems seemed continue continues continued now still did does
    do will would could can may might should must further somehow""".split()
)
_BE_VERBS = frozenset("is are was were be been being remain remains remained".split())
_REACTION_VERBS = (
    lx.POSITIVE_VERBS | lx.NEGATIVE_VERBS | lx.SPEECH_VERBS | lx.OPINION_VERBS | lx.EXPRESS_VERBS
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


# "..., said study co-author Anezina Solomonidou": up to three role words before the name.
_TRAILING_NAME = re.compile(
    r"^\s*,?\s*(?:[a-z][\w\-]*\s+){0,3}(?P<name>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})"
)
_ACCORDING = re.compile(r"\baccording to (?P<actor>[^,.;:]+)", re.IGNORECASE)
# "according to a 2018 survey by X": X is the party.
_WORK_BY = re.compile(
    r"^(?:an?|the)\s+(?:[\w\-]+\s+){0,3}(?:survey|study|report|analysis|poll|review|paper|"
    r"audit|estimate)s?\s+(?:by|from)\s+",
    re.IGNORECASE,
)
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


def mask_quotes(text: str) -> str:
    """Blank out quoted speech (keeping length) so that patterns only see the narrative."""
    return _QUOTED.sub(lambda m: _MASK * len(m.group()), text)


_PLACE_PREPOSITIONS = frozenset("in at from to of near outside inside across".split())


def last_person(text: str) -> str | None:
    """The last personal name (two or more capitalised words) mentioned in ``text``."""
    found = None
    masked = mask_quotes(text)
    for match in _NAME.finditer(masked):
        if masked[: match.start()].rstrip().rsplit(" ", 1)[-1] in _PLACE_PREPOSITIONS:
            continue  # "in San Francisco": a place
        words = match.group().split()
        lowered = [w.lower().rstrip(".").removesuffix("'s").removesuffix("’s") for w in words]
        if any(w in nm.PLACE_ORG_WORDS or w in nm.STOPWORDS for w in lowered):
            continue
        if any(w.endswith(("’s", "'s")) for w in words[:-1]):
            continue  # "Salesforce's Dreamforce": a thing of someone's
        names = [w for w, low in zip(words, lowered, strict=True) if low not in nm.TITLES]
        if len(names) >= 2:
            found = " ".join(names[-2:]).removesuffix("’s").removesuffix("'s")
    return found


_ANY_GROUP = frozenset("group organization organisation charity movement".split())
"""Nouns that can stand for any organisation last named ("the group said")."""
_KIND_OF_GROUP = frozenset("union coalition alliance association federation".split())
"""Nouns that stand for an organisation of that kind ("the union": the Teamsters Union)."""


def _stands_for(noun: str, organisation: str) -> bool:
    """Whether "the ``noun``" can refer to ``organisation``: "the council" is a council of
    its own, never the last group named."""
    return noun in _ANY_GROUP or (noun in _KIND_OF_GROUP and organisation.lower().endswith(noun))


_ORGANISATION = re.compile(
    r"\b(?:[A-Z][\w'’&\-]*\.?\s+){1,4}(?:International|Group|Union|Party|Association|"
    r"Organi[sz]ation|Coalition|Council|Committee|Federation|Agency|Ministry|Department|"
    r"Commission|Foundation|Network|Alliance|Movement|Society|League|Fund|Watch|Forum)\b"
)


def last_organisation(text: str) -> str | None:
    """The last organisation named in ``text`` ("Amnesty International", "the Teamsters
    Union"): a run of capitalised words ending in a word such as Group or Union."""
    found = None
    for match in _ORGANISATION.finditer(mask_quotes(text)):
        name = match.group().removeprefix("The ").strip()
        if " " in name:
            found = name
    return found


def actor_key(actor: str) -> str:
    """A key under which mentions of the same party merge ('Mr Smith' ~ 'John Smith';
    'Taliban spokesman Zabihullah Mujahid' ~ 'the Taliban')."""
    words = [w.strip(",.").removesuffix("’s").removesuffix("'s") for w in actor.split()]
    spokes = [i for i, w in enumerate(words) if w.lower().startswith("spokes") and i > 0]
    if spokes and words[spokes[0] - 1][:1].isupper():
        return words[spokes[0] - 1].lower()
    names = [w for w in words if w[:1].isupper() and w.lower() not in nm.TITLES]
    if names:
        last_cap = max(i for i, w in enumerate(words) if w in names)
        nxt = words[last_cap + 1].lower() if last_cap + 1 < len(words) else ""
        possessive = actor.split()[last_cap].endswith(("’s", "'s"))
        if nxt in lx.ROLE_NOUNS and not possessive:
            return f"{words[last_cap].lower()} {nxt}"
        return words[last_cap].lower()
    return " ".join(w.lower() for w in words if w.lower() not in ("the", "a", "an"))


def _is_past_verb(word: str) -> bool:
    """A lower-case past form inside an actor ("declined", "sidestepped"), not an adjective
    that names a group ("armed", "retired", "London-based")."""
    return (
        word.islower()
        and word.endswith("ed")
        and "-" not in word
        and word not in _ED_ADJECTIVES
        and word not in lx.ROLE_NOUNS
    )


_ED_ADJECTIVES = frozenset(
    """united armed retired unnamed unidentified elected appointed concerned interested
    affected detained accused embattled disgruntled veteran""".split()
)
_NOT_IN_ACTORS = frozenset(
    """will would can could should may might must shall its it then to before after when
    whether if has have had what who look including by cannot can't""".split()
)


def clean_actor(raw: str, person: str | None, group: str | None = None) -> str | None:
    """Turn the words before a reporting verb into an actor name, or None if not a party.

    ``person`` is who "he" or "she" stands for; ``group`` what "the organisation" or "the
    union" stands for (the last organisation named)."""
    raw = raw.replace(_MASK, " ").strip(" ,;:—–-\"'“”")
    words = raw.split()
    if not words or len(words) > 10:
        return None
    first = words[0].lower()
    if re.split(r"[’']", first)[0] in nm.PRONOUNS and first not in nm.PRONOUNS:
        return None  # "He’d fallen in love with ...": a clause, not a party
    if first in nm.PRONOUNS:
        if person is None:
            return None
        if first in ("he", "she") and len(words) == 1:
            return person
        if first in ("his", "her") and len(words) >= 2:
            return f"{person}’s {' '.join(words[1:])}"
        return None
    verbs = [i for i, w in enumerate(words) if _is_past_verb(w)]
    if verbs:
        if len(words) - verbs[-1] - 1 < 2:
            words = words[: verbs[0]]  # "Instagram declined (to say)": the verb is not a name
        else:
            words = words[verbs[-1] + 1 :]  # "prompted some Twitter users (to argue)": object
        if not words:
            return None
        first = words[0].lower()
    if first in ("the", "a", "an"):
        words = words[1:]
        if not words:
            return None
        noun = words[0].lower()
        if len(words) == 1 and first == "the" and group and _stands_for(noun, group):
            return group
    while len(words) > 1 and words[0].lower().strip(",") in _LEAD_INS:
        words = words[1:]  # "Because Google" -> "Google"
    lowered = [w.lower().strip(",.") for w in words]
    modified_role = len(lowered) > 1 and lowered[-1] in lx.ROLE_NOUNS  # "the media source"
    if " ".join(lowered) in lx.NON_ACTORS or ";" in raw:
        return None
    if lowered[0] in lx.NON_ACTORS and not modified_role:
        return None
    if lowered[0] in lx.NEGATORS or (len(words) == 1 and lowered[0] in lx.VAGUE_ACTORS):
        return None
    if any(w in _BE_VERBS or w in _REACTION_VERBS for w in lowered):
        return None
    if lowered[0] in _LEAD_INS or lowered[-1] in ("reports", "report", "media"):
        return None
    if any(w in _NOT_IN_ACTORS for w in lowered):
        return None  # a clause ("Ford will display its first SUV"), not a party
    if all(w.isupper() for w in words if w.isalpha()) and any(len(w) > 5 for w in words):
        return None  # a dateline or a heading ("BUFFALO")
    if len(words) > 5 and all(w[:1].isupper() for w in words):
        return None  # a run of headlines, not one name
    possessive = [i for i, w in enumerate(words[:-1]) if w.endswith(("’s", "'s"))]
    after = words[possessive[-1] + 1 :] if possessive else []
    if after and not any(w.lower() in lx.ROLE_NOUNS or w[:1].isupper() for w in after):
        return None  # "Zach Parise’s two-goal performance": a thing, not a party
    words[-1] = words[-1].removesuffix("’s").removesuffix("'s")  # "We Company’s" -> party
    if len(words[-1]) > 3 and words[-1].endswith(".") and words[-1].count(".") == 1:
        words[-1] = words[-1][:-1]
    has_name = any(w[:1].isupper() and w.lower() not in nm.STOPWORDS for w in words)
    has_role = any(w in lx.ROLE_NOUNS for w in lowered)
    if not (has_name or has_role):
        return None
    actor = " ".join(words)
    return actor[0].upper() + actor[1:]


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
    if _MASK in prefix:
        prefix = prefix.rsplit(_MASK, 1)[1]
    prefix = _CLAUSE_OPENER.split(prefix.rsplit(";", 1)[-1])[-1]
    parts = [p.strip() for p in prefix.split(",") if p.strip()]
    while len(parts) > 1 and parts[0].split()[0].lower() in _LEAD_INS:
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


_CONJUNCTION = re.compile(r"^(?:but|and|while|as)\s+", re.IGNORECASE)


def _is_aside(part: str) -> bool:
    """Whether a comma-separated part reads as an aside about the subject before it."""
    if _CONJUNCTION.match(part):
        # "but General Mark Milley" opens a clause; "and co-author of ..." goes on with an aside
        return _CONJUNCTION.sub("", part)[:1].islower()
    words = part.split()
    first = words[0]
    if first.endswith(("’s", "'s")) and len(words) > 1:
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
    lowered = masked.lower()
    for match in _WORD.finditer(masked):
        word = listed_form(match.group().lower().rstrip("."))
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
        lexical = lexicon_stance(full.replace(_MASK, " "))
        if lexical != "neutral":
            stances.add(lexical)
    return stances, explicit


def _passive(masked: str, start: int, end: int) -> bool:
    before = masked[max(0, start - 12) : start].split()
    after = masked[end : end + 4]
    return bool(before and before[-1].lower() in _BE_VERBS) or after.startswith(" by ")


def find_reaction(
    sentence: Sentence, person: str | None, group: str | None = None
) -> ReactionCandidate | None:
    """Return the reaction a sentence reports, if it reports one by a named party
    (``person`` and ``group``: see ``clean_actor``)."""
    text = sentence.text
    masked = mask_quotes(text)
    quoted = _MASK in masked
    felt: str | None = None  # the stance an experiencer verb gives ("worried investors")

    actor: str | None = None
    verb = ""
    for match in _WORD.finditer(masked):
        if not match.group()[0].islower():
            continue  # "the United States": a name, not the verb "states"
        word = verb = listed_form(match.group().lower().rstrip("."))
        if word in lx.EXPERIENCER_VERBS:
            before = masked[: match.start()].split()
            if before and before[-1].lower() in ("a", "an", "the"):
                continue  # "an upset win": an adjective, not a verb
            if before and before[-1].lower() not in _BE_VERBS:
                obj = re.split(r"[,;.]| as | because | by | with ", masked[match.end() :])[0]
                actor = clean_actor(obj, person, group)
            else:
                actor = clean_actor(_subject_before(masked, match.start()), person, group)
            if actor:
                felt = lx.EXPERIENCER_VERBS[word]
                break
        if word not in _REACTION_VERBS and not (word == "divided" and _DIVIDED.search(masked)):
            continue
        if word == "thanks" and masked[match.end() :].startswith(" to "):
            continue  # "thanks to a late goal": a preposition
        if word != "divided" and _passive(masked, match.start(), match.end()):
            continue  # "X is supported by", "visitors are warned": X did not react
        after = masked[match.end() :]
        trailing = _TRAILING_NAME.match(after)
        ends = trailing is not None and re.match(r"\s*(?:[,.;:(]|$)", after[trailing.end() :])
        if ends and word != "divided" and masked[: match.start()].rstrip().endswith(","):
            # "..., the poles are drier, said co-author Anezina Solomonidou": the name after
            # the verb speaks, not the subject of the reported clause
            actor = clean_actor(trailing["name"], person, group) if trailing else None
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
        if actor is None:
            trailing = _TRAILING_NAME.match(masked[match.end() :])
            if trailing and masked[: match.start()].rstrip().endswith((_MASK, ",")):
                actor = clean_actor(trailing["name"], person, group)
        if actor:
            break
    if actor is None:
        according = _ACCORDING.search(masked)
        if according:
            actor = clean_actor(_WORK_BY.sub("", according["actor"]), person, group)
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
    paragraph = [s for s in before if before and s.paragraph == before[-1].paragraph]
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
