"""The grammar questions are made with: subjects, noun phrases, inversion, and the
questions that wh-clauses and whether-clauses already hold ("unclear how many homes were
flooded" -> "how many homes were flooded"). Each cue's own rephrasing is in ``rephrasings``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

SUBORDINATOR = re.compile(
    r"^(?:although|though|while|as|since|but|and|however|still|so far|yet|even so|meanwhile|"
    r"for now|at the same time|otherwise|perhaps|instead|also|then|now)\b,?\s*",
    re.IGNORECASE,
)
_AUX = "will|would|can|could|should|shall|may|might|must|is|are|was|were|has|have|had|does|do|did"
_INVERT = re.compile(rf"^(?P<subj>.+?)\s+(?P<aux>{_AUX})\s+(?P<rest>.+)$")
_WHETHER = re.compile(r"\b(?:whether|if)\s+(?P<clause>[^;:]+?)(?:,|;|\.|$| or not| but )")
_WH = re.compile(
    r"\b(?:unclear|uncertain|unknown|not (?:yet )?(?:clear|known)|"
    r"wait\w* to (?:hear|learn|see|find out)|"
    r"(?:not|n[’']t|declined to|refused to) (?:immediately )?(?:say|disclose|reveal|specify)|"
    r"(?:no one|nobody) (?:yet |really )?knows(?: just| exactly)?|"
    r"(?:can[’']t|cannot|could not|couldn[’']t) (?:say|speak to|tell)|"
    r"question\b[^.;?]{0,200}?\b(?:is|remains)|"
    r"no (?:further )?(?:details|information|explanation)(?: \w+){0,2}? (?:on|about|as to))\s+"
    r"(?P<wh>how many|how much|how|when|what|who|why|where|which)\s+(?P<clause>[^,;:]+)",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r",(?!\d{3})|[;:()]")  # not the comma of "4,000"
TRAIL = re.compile(r",\s*(?:which|who|as|because|while|and|but|suggesting|adding)\b.*$")
MAX_WORDS = 40
# A sentence end inside a question (not "Mr. Pyke" or "the U.S. Senate").
SECOND_SENTENCE = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\b[A-Z])[.!?][\"”’]?\s+[A-Z]"
)


def finish(question: str) -> str:
    question = " ".join(question.split()).rstrip(" ,.;:")
    return question[0].upper() + question[1:] + "?"


def noun_phrase(raw: str) -> str:
    raw = SUBORDINATOR.sub("", raw.strip())
    raw = raw.rsplit(", ", 1)[-1] if raw.count(",") and not raw.endswith(",") else raw
    return lower_determiner(raw)


_DETERMINERS = frozenset(
    "The A An This These Those Its Their His Her Our Any Some Both Each Every Many Most Several"
    " All No Other Such".split()
)


def lower_determiner(text: str) -> str:
    """Lower-case a leading determiner, which no longer starts the sentence in a question."""
    first, _, rest = text.partition(" ")
    if first in _DETERMINERS:
        return first.lower() + (" " + rest if rest else "")
    return text


_VAGUE_SUBJECT = re.compile(r"^(?:it|they|this|that|these|those|he|she|we|i|you|there)$", re.I)
_BAD_SUBJECT = re.compile(
    rf"\b(?:who|whose|which|that|{_AUX}|said|says|told|and)\b|^(?:it|they|this|that|he|she|we|i|"
    r"you)$|^(?:among|in|on|at|of|for|with|from|by|during|after|before)\b",
    re.IGNORECASE,
)
_WH_TAIL = re.compile(r"\b(?:whether|if|where|when|how|what|why|which|who)\b(?P<tail>.*)$", re.I)


_ASIDE_MARKS = re.compile(r"[\"“”—–]")


_CLAUSE_INSIDE = re.compile(
    r"(?<=\w\s)(?:thought|said|knew|felt|believed|claimed|argued|found|saw|heard|told|"
    r"expected|reported|hoped|feared|warned)\s+(?:the|a|an|its|their|his|her|that)\b",
    re.IGNORECASE,
)


def ok_subject(subject: str, joined: bool = False) -> bool:
    """Whether ``subject`` reads as a noun phrase; ``joined`` allows 'X and Y'."""
    subject = noun_phrase(subject)
    words = subject.split()
    bad = _BAD_SUBJECT.search(subject.replace(" and ", " ") if joined else subject)
    if not 0 < len(words) <= 12 or bad or "to" in words or _ASIDE_MARKS.search(subject):
        return False  # a quote or a dash inside is a quotation or an aside, not a subject
    if _CLAUSE_INSIDE.search(subject):
        return False  # "the label thought the performance": a verb and its object, a clause
    # "they intended to fish ... once it [was]": a pronoun starts a clause, not a noun phrase
    return not (len(words) > 1 and _VAGUE_SUBJECT.match(words[0]))


def complete(rest: str) -> bool:
    """False when the clause ends in a dangling wh-word phrase ('confirmed where its turbines')."""
    match = _WH_TAIL.search(rest)
    return not match or len(match["tail"].split()) > 3


def invert(clause: str) -> str | None:
    clause = TRAIL.sub("", clause.strip())
    match = _INVERT.match(clause)
    if not match or not ok_subject(match["subj"]):
        return None
    return f"{match['aux']} {noun_phrase(match['subj'])} {match['rest']}"


# "whether X will Y depends on ...": the whether-clause is the subject; the question ends there.
_CLAUSE_AS_SUBJECT = re.compile(
    r"\s+(?:\w+ly\s+)?(?:depends|hinges|rests|turns)\b.*$|"
    r"\s+(?:is|remains) (?:unclear|uncertain|unknown|up to|to be seen)\b.*$"
)


def from_whether(body: str) -> str | None:
    match = _WHETHER.search(body)
    if not match:
        return None
    clause = _CLAUSE_AS_SUBJECT.sub("", match["clause"])
    clause = name_pronoun(clause, body[: match.start()])
    question = invert(clause)
    clauses = [clause]
    if question is None:  # an aside may interrupt the clause: "whether X, held in May, will..."
        rest = re.split(r"\b(?:whether|if)\s+", body, maxsplit=1)[-1]
        rest = re.split(r"[.!?][\"”’]?\s", rest, maxsplit=1)[0]  # this sentence only
        clauses.append(name_pronoun(re.sub(r",[^,]*,", "", rest), body[: match.start()]))
        question = invert(clauses[-1])
    if question is None and _EXAMINED.search(body[: match.start()]):
        past = (past_claim(_CLAUSE_AS_SUBJECT.sub("", TRAIL.sub("", c))) for c in clauses)
        return next((q for q in past if q), None)
    return question


# Someone examining a past act: "investigating whether", "an effort to establish whether",
# "the issues it is examining are whether" (not "if", which sets a condition).
_EXAMINED = re.compile(
    r"\b(?:examin|investigat|establish|determin|look\w* into|review|prob|assess|scrutin|inquir|"
    r"decid|consider|check|verif)\w*(?:\s+\S+){0,3}?\s+(?:is\s+|are\s+)?$",
    re.IGNORECASE,
)
# Past forms that do not end in -ed; with the regular ones, the verb of "whether X withheld Y".
IRREGULAR_PAST = frozenset(
    """withheld held made took gave knew told paid sold bought brought thought left kept met
    sent spent lost won ran came went saw got put cut hit let led fell broke spoke wrote drove
    chose rose began became found built meant struck stole hid understood misled sought
    caught taught fought threw drew grew flew forgot forgave overtook undertook""".split()
)
_NOT_PAST = frozenset(
    """need speed seed feed bed shed bleed breed indeed proceed exceed succeed hundred sacred
    naked wicked kindred red""".split()
)
_NOT_SUBJECT_END = frozenset(
    "the a an its their his her this that these those of newly also".split()
)


def past_claim(clause: str) -> str | None:
    """'whether Trump withheld aid to Ukraine' -> 'Is it confirmed that Trump withheld aid to
    Ukraine?': a past event under examination, asked without re-inflecting its verb."""
    words = clause.strip().split()
    for k, word in enumerate(words[1:9], start=1):
        lowered = word.lower()
        past = lowered in IRREGULAR_PAST or (
            lowered.endswith("ed") and len(lowered) > 4 and lowered not in _NOT_PAST
        )
        if not past:
            continue
        subject = " ".join(words[:k])
        last = words[k - 1].lower()
        if last in _NOT_SUBJECT_END or last.endswith("ly") or not ok_subject(subject, joined=True):
            continue
        if len(words) - k < 2 or not complete(" ".join(words[k:])):
            return None
        return f"is it confirmed that {noun_phrase(subject)} {' '.join(words[k:])}"
    return None


_PERSON = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)*")


def name_pronoun(clause: str, before: str) -> str:
    """'he would remain' after 'Mr. Pyke ... declined to say whether' -> 'Mr. Pyke would
    remain': a question must say who it is about."""
    first, _, rest = clause.strip().partition(" ")
    if first.lower() not in ("he", "she") or not rest:
        return clause
    name = first_person(before)
    return f"{name} {rest}" if name else clause


def first_person(before: str) -> str | None:
    """The first name in ``before`` (a lone capitalised word opening it may just start the
    sentence, and is passed over)."""
    names = [m.group() for m in _PERSON.finditer(before) if m.start() > 0 or " " in m.group()]
    return names[0] if names else None


_NOUN_START = re.compile(r"(?:the|a|an|its|their|his|her|this|that|these|those|[A-Z])\b")
_TRAILING_AUX = re.compile(r"^(?P<adj>\w+) (?P<subj>.+) (?P<aux>was|were|is|are)$")
_LAST_AUX = re.compile(
    r"^(?P<subj>(?:the|its|their|his|her|this|that)\s.+?)\s+(?P<aux>was|were|is|are)$"
)
_COUNTED_THEN_SUBJECT = re.compile(
    r"^(?P<noun>[a-z]+(?:\s[a-z]+)?)\s+(?P<subj>(?:the|its|their|his|her|these|those)\s.+)$"
)
_NOT_COUNTED = frozenset("of the a an it they he she we i this that these those its their".split())


def from_wh(body: str) -> str | None:
    match = _WH.search(body)
    if not match:
        return None
    clause = TRAIL.sub("", match["clause"])
    if len(clause.split()) < 2 or clause.lower().startswith("or "):
        return None  # "couldn't tell who or why"
    inverted = _INVERT.match(clause)
    wh = match["wh"].lower()
    if inverted and wh in ("how many", "how much"):
        if clause.split()[0].lower() in _NOT_COUNTED:
            return None  # "how much of it the council would keep" needs a parser to invert
        counted = _COUNTED_THEN_SUBJECT.match(inverted["subj"])
        if counted:  # "how much disruption the wars will have" -> "... will the wars have"
            noun, aux, subject = counted["noun"], inverted["aux"], counted["subj"]
            return f"{match['wh']} {noun} {aux} {subject} {inverted['rest']}"
        return f"{match['wh']} {clause}"  # "how many homes were flooded" is a question as is
    if inverted and wh != "who":
        if not ok_subject(inverted["subj"], joined=True) or (
            wh == "how" and not _NOUN_START.match(clause)
        ):
            return None  # "how large of a payload the company could carry" needs a parser
        return f"{match['wh']} {inverted['aux']} {noun_phrase(inverted['subj'])} {inverted['rest']}"
    trailing = _TRAILING_AUX.match(clause)
    if trailing and wh == "how":  # "how pure the seizures were" -> "how pure were the seizures"
        return f"{match['wh']} {trailing['adj']} {trailing['aux']} {trailing['subj']}"
    last = _LAST_AUX.match(clause)
    if last and wh in ("what", "who", "where", "when", "why"):  # "what the motive was"
        return f"{match['wh']} {last['aux']} {last['subj']}"
    if wh in ("who", "what", "which", "how many", "how much"):  # the wh-word is the subject
        return f"{match['wh']} {clause}"
    return None


class _Cut(NamedTuple):
    subject: str
    rest: str
    cue: re.Match[str]


def split_at(cue: re.Pattern[str], body: str, breaks: str = ",;:", pos: int = 0) -> _Cut | None:
    """Split ``body`` at ``cue`` (its first use from ``pos``) into the subject before it and
    the rest of its clause."""
    match = cue.search(body, pos)
    if not match:
        return None
    before = _ACRONYM.sub("", body[: match.start()])  # "the Federation (NFF) has not"
    subject = clause_subject(re.split(f"[{breaks}(]", before)[-1])
    words = subject.split()
    if words and words[-1].lower() in ("which", "who"):  # "called Europa Clipper, which is"
        before = body[: match.start()].rstrip()[: -len(words[-1])]
        subject = antecedent(before) or _thing_before(before, words[-1].lower())
    after = _COORDINATED_ASIDE.sub("", body[match.end() :])  # "the first woman, and the next man,"
    rest = CLAUSE_BREAK.split(after, maxsplit=1)[0]
    rest = _REST_END.split(rest, maxsplit=1)[0].strip()
    # One bare word ("NASA has yet to disclose, ...") is a clause cut short, not a question.
    return _Cut(subject, rest, match) if subject and len(rest.split()) > 1 else None


_ACRONYM = re.compile(r"\s*\([A-Z][\w.&-]{0,12}\)")
_COORDINATED_ASIDE = re.compile(r",\s+(?:and|or)\s[^,;:]{1,40},")


_REST_END = re.compile(r"\)|\s+but\s+|\s+and\s+(?:said|added|says|adds)\s")
_SUBORDINATE = re.compile(
    r"\b(?:that(?=\s+(?:the|a|an|its|his|her|their|[A-Z]))|as|while|because|since|although|"
    r"though|whereas|after|before|once|but|While|Because|Since|Although|Though|Whereas|Once)\s+",
)


_NAME_RUN = re.compile(r"(?:[A-Z][\w’'\-]*\s+)*[A-Z][\w’'\-]*$")


def antecedent(before: str) -> str:
    """What a relative 'which' or 'who' refers to: the name that ends the text before it
    ('plumes emanating from Europa, which' -> 'Europa'), or nothing."""
    name = _NAME_RUN.search(before.rstrip(" ,"))
    return name.group() if name else ""


_THING = re.compile(
    r"(?:^|[;:]\s*)(?P<np>(?:The|the|Its|its|Their|their)\s+[a-z][\w’'-]*(?:\s+[a-z][\w’'-]*)?)\s*,\s*$"
)


def _thing_before(before: str, relative: str) -> str:
    """'The company, which is expected to ...' -> 'The company': a short noun phrase that
    opens its clause, for 'which' only ('who' stands for a person, named or not at all)."""
    match = _THING.search(before) if relative == "which" else None
    return match["np"] if match else ""


def clause_subject(before: str) -> str:
    """The subject of the last clause in ``before``: 'even as their ultimate destination'
    -> 'their ultimate destination'."""
    return _SUBORDINATE.split(before)[-1].strip().lstrip("\"“‘'")
