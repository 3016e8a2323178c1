"""Who a reaction belongs to: an actor's name made from the words before a reporting verb,
the person "he" and the organisation "the group" stand for, and the key under which mentions
of one party merge ("Mr Smith" ~ "John Smith")."""

from __future__ import annotations

import re

from briefer.text import lexicon as lx
from briefer.text import names as nm
from briefer.text.datelines import without_dateline

MASK = "\x00"
"""Stands in for each character of quoted speech (see ``mask_quotes``)."""
# A quote may open in one sentence and close in a later one: mask to the sentence's end, or
# from its start when a quote closes without opening.
_QUOTED = re.compile(r"“[^”\"]*(?:[”\"]|$)|\"[^\"”]*[\"”]|«[^»]*(?:»|$)|^[^“”]{12,}”")
_NAME = re.compile(r"(?:[A-Z][\w'’\-]*\.?\s+){1,5}[A-Z][\w'’\-]+")
LEAD_INS = frozenset(
    """in on at during after before although though while when if as since because despite
    with for by from meanwhile however asked speaking earlier later separately still also
    and but so then instead overall yet inside outside whatever here there now plus certainly
    take indeed via amid amidst maybe perhaps possibly probably surely clearly""".split()
)
"""Words that open a clause before its subject ("Because Google ...")."""
BE_VERBS = frozenset("is are was were be been being remain remains remained".split())
REACTION_VERBS = (
    lx.POSITIVE_VERBS | lx.NEGATIVE_VERBS | lx.SPEECH_VERBS | lx.OPINION_VERBS | lx.EXPRESS_VERBS
)
"""Verbs by which a party responds."""


_TITLE_SMALL = frozenset("a an the of to in on and or for at by with from is it".split())


def quotes_speech(text: str) -> bool:
    """Whether ``text`` quotes someone's words; a title in quotes ("their single “Takin’ It
    to the Streets,”": two to eight words, each capitalised or small) is not speech."""
    for match in _QUOTED.finditer(text):
        words = re.findall(r"[\w’'-]+", match.group())
        if not 2 <= len(words) <= 8 or not all(
            w[:1].isupper() or w.lower() in _TITLE_SMALL for w in words
        ):
            return True
    return False


def mask_quotes(text: str) -> str:
    """Blank out quoted speech (keeping length) so that patterns only see the narrative."""
    return _QUOTED.sub(lambda m: MASK * len(m.group()), text)


_PLACE_PREPOSITIONS = frozenset("in at from to of near outside inside across".split())
_COMPARISONS = frozenset("than unlike".split())
"""Words after which a name is what someone is compared with, not who acts ("more nervous
than Rose-Lynn Harlan has ever been"). Not "like": "residents like Jane Roe said" names who
spoke."""


def word_before(text: str, at: int) -> str:
    """The word that ends before position ``at`` of ``text`` ("" at its start)."""
    return text[:at].rstrip().rsplit(" ", 1)[-1]


def last_person(text: str, known: dict[str, str] | None = None) -> str | None:
    """The last personal name (two or more capitalised words) mentioned in ``text``, or the
    surname alone of a person named before (``known``: surname -> name, which this fills),
    if that comes later ("Simmons teed up McDonald’s cameo": Simmons; a possessive is not
    who acts)."""
    found, at = None, -1
    masked = mask_quotes(text)
    compared: list[range] = []  # where the names compared with are
    for match in _NAME.finditer(masked):
        before = word_before(masked, match.start())
        if before in _PLACE_PREPOSITIONS or before.lower() in ("a", "an", "the"):
            continue  # "in San Francisco": a place; "a Go-Kart Track", "the Good Intent": things
        if before.lower() in _COMPARISONS:
            compared.append(range(match.start(), match.end()))
            continue  # "than Rose-Lynn Harlan": compared with, not acting
        words = match.group().split()
        lowered = [w.lower().rstrip(".").removesuffix("'s").removesuffix("’s") for w in words]
        if any(w in nm.PLACE_ORG_WORDS or w in nm.STOPWORDS for w in lowered):
            continue
        if any(w.endswith(("’s", "'s")) for w in words[:-1]):
            continue  # "Salesforce's Dreamforce": a thing of someone's
        names = [w for w, low in zip(words, lowered, strict=True) if low not in nm.TITLES]
        if len(names) >= 2:
            found = " ".join(names[-2:]).removesuffix("’s").removesuffix("'s")
            at = match.start()
            if known is not None:
                known[found.split()[-1]] = found
    if known:
        for match in _SURNAME.finditer(masked, at + 1):
            alone = word_before(masked, match.start()).lower() not in _COMPARISONS
            if match.group() in known and alone and not any(match.start() in c for c in compared):
                found = known[match.group()]
    return found


_SURNAME = re.compile(r"\b[A-Z][\w’'-]+\b")
"""A capitalised word; a possessive keeps its "’s" ("McDonald’s"), so it is no surname."""


def opening_person(text: str, known: dict[str, str]) -> str | None:
    """The person a sentence opens on ("Morrison was the third witness ..."), if it opens
    on one named before; a "He said" after it most likely means them."""
    match = _SURNAME.match(text)
    if match is None:
        return None
    if match.group() in known:
        return known[match.group()]
    words = text.split()
    full = " ".join(words[:2]).rstrip(",")
    return full if len(words) > 1 and known.get(full.split()[-1]) == full else None


_ANY_GROUP = frozenset("group organization organisation charity movement".split())
"""Nouns that can stand for any organisation last named ("the group said")."""


_KIND_OF_GROUP = frozenset("union coalition alliance association federation".split())
"""Nouns that stand for an organisation of that kind ("the union": the Teamsters Union)."""


def _stands_for(noun: str, organisation: str) -> bool:
    """Whether "the ``noun``" can refer to ``organisation``: "the council" is a council of
    its own, never the last group named."""
    return (
        noun in _ANY_GROUP
        or noun == "statement"  # the engine passes whose statement it was, for this noun
        or (noun in _KIND_OF_GROUP and organisation.lower().endswith(noun))
    )


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
        # the role within two words: "Syrian refugee", "Syrian defense ministries"
        role = next(
            (w.lower() for w in words[last_cap + 1 : last_cap + 3] if w.lower() in lx.ROLE_NOUNS),
            "",
        )
        possessive = actor.split()[last_cap].endswith(("’s", "'s"))
        if role and not possessive:
            return f"{words[last_cap].lower()} {role}"
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
    whether if has have had what who look including by cannot can't shows show total totals
    got gets learn""".split()
)
_WHEN = re.compile(
    r"\s+(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|last week|"
    r"yesterday|today|earlier this week)$"
)


_RANKED = re.compile(r"^\d+\w*-\w+$")
_ABBREVIATION = re.compile(r"^[A-Z][a-z]?\.(?:[A-Z]\.)?$")
_STATE_LIKE = frozenset("U.S. U.N. U.K. E.U.".split())
_DISCOURSE = frozenset("right either neither otherwise anyway besides first next".split())
_NOT_ADVERBS = frozenset(
    """family families assembly elderly ally rally supply monopoly anomaly belly jelly lily
    bully homily daily weekly monthly quarterly yearly early friendly""".split()
)


def not_a_party(words: list[str]) -> bool:
    """Words before a verb that are plainly no party: a complement clause ("that the company
    [was pleased]"), a manner adverb or "only" ("the royal blankly [denied]", "Only two
    Arab"), a clause opened by a verb ("Stopping his vehicle near ..."), a discourse opener
    ("Right now", "Either way"), a caption ("Net - Verified video footage"), or an
    abbreviated place ("Va.", "D.C.")."""
    first, lowered = words[0], [w.lower() for w in words]
    if lowered[0] == "that" or " - " in " ".join(words):
        return True
    adverbs = [w for w in words if w.islower() and w.endswith("ly") and w not in _NOT_ADVERBS]
    if adverbs or lowered[0] == "only":  # lower case only: "Billy", "Italy" are names
        return True
    second_plain = len(words) > 1 and words[1].islower() and lowered[1] not in lx.ROLE_NOUNS
    if lowered[0].endswith("ing") and len(lowered[0]) > 5 and second_plain:
        return True
    if lowered[0] in _DISCOURSE and (len(words) == 1 or second_plain):
        return True
    return len(words) == 1 and bool(_ABBREVIATION.match(first)) and first not in _STATE_LIKE


def clean_actor(raw: str, person: str | None, group: str | None = None) -> str | None:
    """Turn the words before a reporting verb into an actor name, or None if not a party.

    ``person`` is who "he" or "she" stands for; ``group`` what "the organisation" or "the
    union" stands for (the last organisation named)."""
    raw = raw.replace(MASK, " ").strip(" ,;:—–-\"'“”")
    raw = _WHEN.sub("", without_dateline(raw))  # "HANOI (AP) — X on Wednesday" -> X
    raw = re.sub(r",?\s+\d{1,3}$", "", raw)  # "Ryan Hollman, 31": the age is not the name
    if re.search(r"[$%]|\d\d(?![a-z])", raw):
        return None  # "Student loan obligations ... total $1.5 trillion": a figure, not a party
    words = raw.split()
    while words and _RANKED.match(words[0]):
        words = words[1:]  # "14th-ranked Schwartzman", "6-foot-5 center X": the name
    if not words or len(words) > 10 or not_a_party(words):
        return None
    if "who" in words[1:]:  # "a Syrian refugee who feared reprisals": the refugee
        words = words[: words.index("who", 1)]
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
        if not words or not_a_party(words):
            return None  # "hinted that the company": a clause
        first = words[0].lower()
    if first in ("the", "a", "an"):
        words = words[1:]
        if not words:
            return None
        noun = words[0].lower()
        if len(words) == 1 and first == "the" and group and _stands_for(noun, group):
            return group
    while len(words) > 1 and words[0].lower().strip(",") in LEAD_INS:
        words = words[1:]  # "Because Google" -> "Google"
    lowered = [w.lower().strip(",.") for w in words]
    modified_role = len(lowered) > 1 and lowered[-1] in lx.ROLE_NOUNS  # "the media source"
    if " ".join(lowered) in lx.NON_ACTORS or ";" in raw:
        return None
    if lowered[0] in lx.NON_ACTORS and not modified_role:
        return None
    if lowered[0] in lx.NEGATORS or (len(words) == 1 and lowered[0] in lx.VAGUE_ACTORS):
        return None
    if any(w in BE_VERBS or w in REACTION_VERBS for w in lowered):
        return None
    if lowered[0] in LEAD_INS or lowered[-1] in ("reports", "report", "media"):
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
