"""Find what an article leaves open (hedging and uncertainty cues) and phrase it as questions."""

from __future__ import annotations

import re
from typing import NamedTuple

from briefer.text.sentences import Sentence

# A risk that may or may not materialise: "heavy rain could delay the reopening".
_RISK = (
    r"\b(?:could|may|might)\s+(?:still\s+)?(?:delay|derail|force|threaten|jeopardi[sz]e|"
    r"push back|postpone|halt|block|overturn|trigger|cost)\b"
)

# (pattern, weight): how strongly a cue marks something as unresolved.
_CUES: list[tuple[re.Pattern[str], float]] = [
    (re.compile(p, re.IGNORECASE), w)
    for p, w in [
        (
            r"\b(?:has|have|had|did|does|do)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:confirm|disclos|"
            r"decid|announc|reveal|clarif|specif|rul|explain|verif|releas|publish|comment|agree|"
            r"approv|identif)\w*",
            3.0,
        ),
        (r"\b(?:has|have|had)n[’']t\s+(?:yet\s+)?\w+", 2.5),
        (r"\b(?:has|have|is|are)\s+yet\s+to\b", 3.0),
        (
            r"\bremains?\s+(?:unclear|uncertain|unknown|to be seen|in doubt|unresolved|"
            r"an open question|undecided|unconfirmed)",
            3.0,
        ),
        (
            r"\b(?:it is|it's|it was)\s+(?:still\s+)?(?:not\s+(?:yet\s+)?(?:clear|known)|"
            r"unclear|uncertain|unknown)",
            3.0,
        ),
        (r"\b(?:unclear|uncertain|unknown)\s+(?:whether|if|how|when|what|who|why|where)\b", 3.0),
        (r"\bwhether\b", 2.0),
        (r"\b(?:unconfirmed|unverified)\b", 2.5),
        (r"\bcould not be (?:independently\s+)?(?:verified|confirmed)", 3.0),
        (r"\bdeclined to (?:comment|say|confirm|disclose|give)", 2.5),
        (r"\baccording to (?:some|unconfirmed|media|several|local|press)?\s*reports\b", 2.5),
        (r"\breportedly\b", 2.0),
        (
            r"\b(?:is|are|was|were)\s+(?:widely\s+)?(?:expected|likely|due|set|scheduled)\s+to\b",
            2.0,
        ),
        (r"\bno (?:decision|date|details|timeline|timetable|agreement)\b", 2.0),
        (r"\b(?:pending|awaiting|awaits|under review|yet to be)\b", 2.0),
        (r"\bnot (?:yet )?(?:been )?(?:peer[- ]reviewed|approved|finali[sz]ed)", 2.5),
        (r"\b(?:is|are|remains?)\s+(?:still\s+)?(?:not\s+(?:yet\s+)?known|unknown)\b", 3.0),
        (r"\b(?:would|will|did)\s+not\s+(?:discuss|say|disclose|reveal|comment|confirm)\b", 2.5),
        (_RISK, 2.0),
        (r"\b(?:will|would)\s+not\s+\w+\b[^.;]*\buntil\b", 2.5),
        (r"\b(?:could|may|might)\b", 0.75),
    ]
]
_SUBORDINATOR = re.compile(
    r"^(?:although|though|while|as|since|but|and|however|still|so far|yet|even so|meanwhile|"
    r"for now|at the same time)\b,?\s*",
    re.IGNORECASE,
)
_AUX = "will|would|can|could|should|shall|may|might|must|is|are|was|were|has|have|had|does|do|did"
_INVERT = re.compile(rf"^(?P<subj>.+?)\s+(?P<aux>{_AUX})\s+(?P<rest>.+)$")
# Each cue is found first and the clause around it cut out with plain string operations:
# a lazy "subject" group searched from every position would be quadratic on long text.
_NEG_CUE = re.compile(r"\s(?P<aux>has|have|had|did|does|do)\s+not\s+(?:yet\s+)?", re.IGNORECASE)
_YET_CUE = re.compile(r"\s(?:has|have|is|are)\s+yet\s+to\s+")
_EXPECTED_CUE = re.compile(
    r"\s(?:is|are)\s+(?:widely\s+)?(?:expected|likely|due|set|scheduled)\s+to\s+",
    re.IGNORECASE,
)
_WHETHER = re.compile(r"\b(?:whether|if)\s+(?P<clause>[^;:]+?)(?:,|;|\.|$| or not| but )")
_WH = re.compile(
    r"\b(?:unclear|uncertain|unknown|not (?:yet )?(?:clear|known))\s+"
    r"(?P<wh>how many|how much|how|when|what|who|why|where|which)\s+(?P<clause>[^,;:]+)",
    re.IGNORECASE,
)
_REMAINS_CUE = re.compile(
    r"\s+remains?\s+(?:unclear|uncertain|unknown|to be seen|in doubt|unresolved|undecided|"
    r"unconfirmed)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:]")
_REPORTED = re.compile(
    r",?\s*(?:according to (?:some |unconfirmed |media |several |local |press )?reports,?|"
    r"reportedly)\s*",
    re.IGNORECASE,
)
_TRAIL = re.compile(r",\s*(?:which|who|as|because|while|and|but|suggesting|adding)\b.*$")
_LEADING_ADVERBIAL = re.compile(
    r"^(?P<adv>(?:in|on|at|by|during|after|before|over|within|later|next|if|once|when|unless)"
    r"\b[^,]{0,40}),\s*"
    r"(?P<body>.+)$",
    re.IGNORECASE,
)
_MAX_WORDS = 40
# A sentence end inside a question (not "Mr. Pyke" or "the U.S. Senate").
_SECOND_SENTENCE = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\b[A-Z])[.!?][\"”’]?\s+[A-Z]"
)


class QuestionCandidate(NamedTuple):
    """A sentence that leaves something open, with the question it raises."""

    sentence: Sentence
    weight: float
    question: str


def cue_weight(text: str) -> float:
    """How strongly a sentence signals something unresolved (0 when it does not)."""
    return max((w for pattern, w in _CUES if pattern.search(text)), default=0.0)


def find_question(sentence: Sentence) -> QuestionCandidate | None:
    """Return the open question a sentence raises, if it raises one."""
    text = sentence.text
    if sentence.heading or text.endswith("?"):
        return None
    weight = cue_weight(text)
    if weight < 2.0:
        return None
    question = to_question(text)
    if question is None:
        return None
    return QuestionCandidate(sentence, weight, question)


def to_question(text: str) -> str | None:
    """Rephrase a hedged statement as the question it leaves open."""
    body = text.strip().rstrip(".!")
    for build in (
        _from_wh,
        _from_whether,
        _from_negation,
        _from_yet_to,
        _from_expected,
        _from_remains,
        _from_withheld,
        _from_risk,
        _from_reported,
    ):
        question = build(body)
        if question and _SECOND_SENTENCE.search(question):
            return None  # spilled into a second sentence: garbled, better none at all
        if question and len(question.split()) <= _MAX_WORDS:
            return _finish(question)
    return None


def _finish(question: str) -> str:
    question = " ".join(question.split()).rstrip(" ,.;:")
    return question[0].upper() + question[1:] + "?"


def _subject(raw: str) -> str:
    raw = _SUBORDINATOR.sub("", raw.strip())
    raw = raw.rsplit(", ", 1)[-1] if raw.count(",") and not raw.endswith(",") else raw
    return _lower_determiner(raw)


def _lower_determiner(text: str) -> str:
    """Lower-case a leading determiner, which no longer starts the sentence in a question."""
    first, _, rest = text.partition(" ")
    if first in ("The", "A", "An", "This", "These", "Those", "Its", "Their", "Any", "Some"):
        return first.lower() + (" " + rest if rest else "")
    return text


_VAGUE_SUBJECT = re.compile(r"^(?:it|they|this|that|these|those|he|she|we|i|there)$", re.I)
_BAD_SUBJECT = re.compile(
    rf"\b(?:who|whose|which|that|{_AUX}|said|says|told|and)\b|^(?:it|they|this|that|he|she|we|i)$",
    re.IGNORECASE,
)
_WH_TAIL = re.compile(r"\b(?:whether|if|where|when|how|what|why|which|who)\b(?P<tail>.*)$", re.I)


def _ok_subject(subject: str, joined: bool = False) -> bool:
    """Whether ``subject`` reads as a noun phrase; ``joined`` allows 'X and Y'."""
    subject = _subject(subject)
    words = subject.split()
    bad = _BAD_SUBJECT.search(subject.replace(" and ", " ") if joined else subject)
    if not 0 < len(words) <= 12 or bad or "to" in words:
        return False
    # "they intended to fish ... once it [was]": a pronoun starts a clause, not a noun phrase
    return not (len(words) > 1 and _VAGUE_SUBJECT.match(words[0]))


def _complete(rest: str) -> bool:
    """False when the clause ends in a dangling wh-word phrase ('confirmed where its turbines')."""
    match = _WH_TAIL.search(rest)
    return not match or len(match["tail"].split()) > 3


def _invert(clause: str) -> str | None:
    clause = _TRAIL.sub("", clause.strip())
    match = _INVERT.match(clause)
    if not match or not _ok_subject(match["subj"]):
        return None
    return f"{match['aux']} {_subject(match['subj'])} {match['rest']}"


def _from_whether(body: str) -> str | None:
    match = _WHETHER.search(body)
    if not match:
        return None
    clause = _name_pronoun(match["clause"], body[: match.start()])
    question = _invert(clause)
    if question is None:  # an aside may interrupt the clause: "whether X, held in May, will..."
        rest = re.split(r"\b(?:whether|if)\s+", body, maxsplit=1)[-1]
        rest = re.split(r"[.!?][\"”’]?\s", rest, maxsplit=1)[0]  # this sentence only
        question = _invert(_name_pronoun(re.sub(r",[^,]*,", "", rest), body[: match.start()]))
    return question


_PERSON = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)*")


def _name_pronoun(clause: str, before: str) -> str:
    """'he would remain' after 'Mr. Pyke ... declined to say whether' -> 'Mr. Pyke would
    remain': a question must say who it is about."""
    first, _, rest = clause.strip().partition(" ")
    if first.lower() not in ("he", "she") or not rest:
        return clause
    names = [m.group() for m in _PERSON.finditer(before) if m.start() > 0 or " " in m.group()]
    return f"{names[0]} {rest}" if names else clause


def _from_wh(body: str) -> str | None:
    match = _WH.search(body)
    if not match:
        return None
    clause = _TRAIL.sub("", match["clause"])
    inverted = _INVERT.match(clause)
    wh = match["wh"].lower()
    if inverted and wh in ("how many", "how much"):
        return None  # "how much of it the council would keep" needs a parser to invert
    if inverted and wh != "who":
        if not _ok_subject(inverted["subj"]):
            return None
        return f"{match['wh']} {inverted['aux']} {_subject(inverted['subj'])} {inverted['rest']}"
    return f"{match['wh']} {clause}"


class _Cut(NamedTuple):
    subject: str
    rest: str
    cue: re.Match[str]


def _cut(cue: re.Pattern[str], body: str, breaks: str = ",;:") -> _Cut | None:
    """Split ``body`` at ``cue`` into the subject before it and the rest of its clause."""
    match = cue.search(body)
    if not match:
        return None
    subject = re.split(f"[{breaks}]", body[: match.start()])[-1].strip()
    rest = _CLAUSE_BREAK.split(body[match.end() :], maxsplit=1)[0].strip()
    return _Cut(subject, rest, match) if subject and rest else None


def _from_negation(body: str) -> str | None:
    cut = _cut(_NEG_CUE, body)
    if not cut or not _ok_subject(cut.subject) or not _complete(cut.rest):
        return None
    return f"{cut.cue['aux'].lower()} {_subject(cut.subject)} {_TRAIL.sub('', cut.rest)}"


def _from_yet_to(body: str) -> str | None:
    cut = _cut(_YET_CUE, body)
    if not cut or not _ok_subject(cut.subject) or not _complete(cut.rest):
        return None
    return f"will {_subject(cut.subject)} {_TRAIL.sub('', cut.rest)}"


def _from_expected(body: str) -> str | None:
    cut = _cut(_EXPECTED_CUE, body, breaks=";:")
    if not cut:
        return None
    subject, adverbial = cut.subject, ""
    lead = _LEADING_ADVERBIAL.match(subject)
    if lead:
        subject, adverbial = lead["body"], lead["adv"]
    if "," in subject or not _ok_subject(subject):
        return None
    rest = _TRAIL.sub("", cut.rest)
    tail = f" {adverbial[0].lower()}{adverbial[1:]}" if adverbial else ""
    return f"will {_subject(subject)} {rest}{tail}"


def _from_remains(body: str) -> str | None:
    unknown = _IS_UNKNOWN.search(body)
    if unknown:
        subject = _CLAUSE_BREAK.split(body[: unknown.start()])[-1].strip()
        if _ok_subject(subject):
            return f"what is {_subject(subject)}"
    match = _REMAINS_CUE.search(body)
    if not match:
        return None
    subject = _subject(_CLAUSE_BREAK.split(body[: match.start()])[-1])
    if not _ok_subject(subject):
        return None
    return f"what will {subject} be"


_IS_UNKNOWN = re.compile(
    r"\s(?:is|are|remains?)\s+(?:still\s+)?(?:not\s+(?:yet\s+)?known|unknown)\b", re.IGNORECASE
)
_WITHHELD = re.compile(
    r"\s(?:would|will|did)\s+not\s+(?P<verb>discuss|say|disclose|reveal|comment on|confirm|"
    r"take|make|start|decide|sign|announce|publish)\s+",
    re.IGNORECASE,
)
_UNTIL = re.compile(r"\s+(?:until|before|unless)\s.*$", re.IGNORECASE)


def _from_withheld(body: str) -> str | None:
    """'X would not discuss pricing before approval' -> 'Will X discuss pricing ...?'"""
    cut = _cut(_WITHHELD, body)
    if not cut or not _ok_subject(_strip_reporting(cut.subject)) or not _complete(cut.rest):
        return None
    rest = _UNTIL.sub("", cut.rest) if cut.cue["verb"].lower() not in _SPEAKING else cut.rest
    return f"will {_subject(_strip_reporting(cut.subject))} {cut.cue['verb'].lower()} {rest}"


_SPEAKING = ("discuss", "say", "disclose", "reveal", "comment on", "confirm")


def _strip_reporting(subject: str) -> str:
    """'Chief Executive Victor Amsel said the company' -> 'the company'."""
    return re.split(r"\b(?:said|says|told \w+|added|stated)\s+(?:that\s+)?", subject)[-1]


def _from_risk(body: str) -> str | None:
    """'Heavy rain could delay the reopening' -> 'Could heavy rain delay the reopening?'"""
    match = re.search(_RISK, body)
    if not match:
        return None
    before = _CLAUSE_BREAK.split(body[: match.start()])[-1]
    subject = _strip_reporting(before.strip())
    modal, _, verb = match.group().partition(" ")
    rest = _CLAUSE_BREAK.split(body[match.end() :], maxsplit=1)[0]
    if not _ok_subject(subject, joined=True):
        return None
    return f"{modal.lower()} {_subject(subject)} {verb}{rest}"


def _from_reported(body: str) -> str | None:
    if not _REPORTED.search(body):
        return None
    claim = _REPORTED.sub(" ", body).strip(" ,")
    claim = _TRAIL.sub("", claim)
    claim = _lower_determiner(_SUBORDINATOR.sub("", claim))
    return f"is it confirmed that {claim}"
