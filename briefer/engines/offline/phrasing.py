"""Rephrase a sentence that leaves something open as the question it raises.

Each ``from_*`` function handles one kind of cue (see ``questions.CUES``) and returns the
question without its final capital and mark, or None when the sentence does not parse.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A risk that may or may not materialise: "heavy rain could delay the reopening".
RISK = (
    r"\b(?:could|may|might)\s+(?:still\s+)?(?:delay|derail|force|threaten|jeopardi[sz]e|"
    r"push back|postpone|halt|block|overturn|trigger|cost|face|lose|end|appeal|"
    r"be (?:much |even |far )?(?:higher|lower|worse|greater|larger)|be [a-z]+ed)\b"
)
_SUBORDINATOR = re.compile(
    r"^(?:although|though|while|as|since|but|and|however|still|so far|yet|even so|meanwhile|"
    r"for now|at the same time|otherwise|perhaps|instead|also|then|now)\b,?\s*",
    re.IGNORECASE,
)
_AUX = "will|would|can|could|should|shall|may|might|must|is|are|was|were|has|have|had|does|do|did"
_INVERT = re.compile(rf"^(?P<subj>.+?)\s+(?P<aux>{_AUX})\s+(?P<rest>.+)$")
# Each cue is found first and the clause around it cut out with plain string operations:
# a lazy "subject" group searched from every position would be quadratic on long text.
_NEG_CUE = re.compile(r"\s(?P<aux>has|have|had|did|does|do)\s+not\s+(?:yet\s+)?", re.IGNORECASE)
_YET_CUE = re.compile(r"\s(?:has|have|is|are)\s+yet\s+to\s+")
_EXPECTED_CUE = re.compile(
    r"\s(?:is|are)\s+(?:widely\s+|still\s+|also\s+)?(?:expected|likely|due|set|scheduled)\s+to\s+",
    re.IGNORECASE,
)
_PLAN_CUE = re.compile(
    r"\s(?:(?:is|are)\s+)?(?:plans|plan|planning|intends|intend|aims|aim|hopes|hope|"
    r"preparing|prepares)\s+to\s+",
    re.IGNORECASE,
)
_WHETHER = re.compile(r"\b(?:whether|if)\s+(?P<clause>[^;:]+?)(?:,|;|\.|$| or not| but )")
_WH = re.compile(
    r"\b(?:unclear|uncertain|unknown|not (?:yet )?(?:clear|known)|"
    r"wait\w* to (?:hear|learn|see|find out)|"
    r"(?:not|n[’']t|declined to|refused to) (?:immediately )?(?:say|disclose|reveal|specify))\s+"
    r"(?P<wh>how many|how much|how|when|what|who|why|where|which)\s+(?P<clause>[^,;:]+)",
    re.IGNORECASE,
)
_REMAINS_CUE = re.compile(
    r"\s+remains?\s+(?:unclear|uncertain|unknown|to be seen|in doubt|unresolved|undecided|"
    r"unconfirmed)",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r",(?!\d{3})|[;:()]")  # not the comma of "4,000"
_REPORTED = re.compile(
    r",?\s*(?:according to (?:some |unconfirmed |media |several |local |press )?reports,?|"
    r"according to (?:people|sources|a person|one person|two people|\w+ sources|someone|"
    r"those|officials)(?: close to| familiar with| briefed on| with knowledge of)[^,.;]*,?|"
    r"(?:(?:two|three|four|several|some|many|other|\d+) )?(?:people|sources|officials|a person) "
    r"(?:close to|familiar with|briefed on|with knowledge of)[^,.;]* (?:said|say),?|"
    r"(?:anonymous |unnamed |\w+ )?sources (?:said|say|told \w+),?|"
    r"reportedly|allegedly)\s*",
    re.IGNORECASE,
)
TRAIL = re.compile(r",\s*(?:which|who|as|because|while|and|but|suggesting|adding)\b.*$")
_LEADING_ADVERBIAL = re.compile(
    r"^(?P<adv>(?:in|on|at|by|during|after|before|over|within|later|next|if|once|when|unless)"
    r"\b[^,]{0,40}),\s*"
    r"(?P<body>.+)$",
    re.IGNORECASE,
)
MAX_WORDS = 40
# A sentence end inside a question (not "Mr. Pyke" or "the U.S. Senate").
SECOND_SENTENCE = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\b[A-Z])[.!?][\"”’]?\s+[A-Z]"
)


def finish(question: str) -> str:
    question = " ".join(question.split()).rstrip(" ,.;:")
    return question[0].upper() + question[1:] + "?"


def noun_phrase(raw: str) -> str:
    raw = _SUBORDINATOR.sub("", raw.strip())
    raw = raw.rsplit(", ", 1)[-1] if raw.count(",") and not raw.endswith(",") else raw
    return lower_determiner(raw)


def lower_determiner(text: str) -> str:
    """Lower-case a leading determiner, which no longer starts the sentence in a question."""
    first, _, rest = text.partition(" ")
    if first in ("The", "A", "An", "This", "These", "Those", "Its", "Their", "Any", "Some"):
        return first.lower() + (" " + rest if rest else "")
    return text


_VAGUE_SUBJECT = re.compile(r"^(?:it|they|this|that|these|those|he|she|we|i|you|there)$", re.I)
_BAD_SUBJECT = re.compile(
    rf"\b(?:who|whose|which|that|{_AUX}|said|says|told|and)\b|^(?:it|they|this|that|he|she|we|i|"
    r"you)$",
    re.IGNORECASE,
)
_WH_TAIL = re.compile(r"\b(?:whether|if|where|when|how|what|why|which|who)\b(?P<tail>.*)$", re.I)


_ASIDE_MARKS = re.compile(r"[\"“”—–]")


def ok_subject(subject: str, joined: bool = False) -> bool:
    """Whether ``subject`` reads as a noun phrase; ``joined`` allows 'X and Y'."""
    subject = noun_phrase(subject)
    words = subject.split()
    bad = _BAD_SUBJECT.search(subject.replace(" and ", " ") if joined else subject)
    if not 0 < len(words) <= 12 or bad or "to" in words or _ASIDE_MARKS.search(subject):
        return False  # a quote or a dash inside is a quotation or an aside, not a subject
    # "they intended to fish ... once it [was]": a pronoun starts a clause, not a noun phrase
    return not (len(words) > 1 and _VAGUE_SUBJECT.match(words[0]))


def complete(rest: str) -> bool:
    """False when the clause ends in a dangling wh-word phrase ('confirmed where its turbines')."""
    match = _WH_TAIL.search(rest)
    return not match or len(match["tail"].split()) > 3


def _invert(clause: str) -> str | None:
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
    clause = _name_pronoun(clause, body[: match.start()])
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


_NOUN_START = re.compile(r"(?:the|a|an|its|their|his|her|this|that|these|those|[A-Z])\b")
_TRAILING_AUX = re.compile(r"^(?P<adj>\w+) (?P<subj>.+) (?P<aux>was|were|is|are)$")
_NOT_COUNTED = frozenset("of the a an it they he she we i this that these those its their".split())


def from_wh(body: str) -> str | None:
    match = _WH.search(body)
    if not match:
        return None
    clause = TRAIL.sub("", match["clause"])
    inverted = _INVERT.match(clause)
    wh = match["wh"].lower()
    if inverted and wh in ("how many", "how much"):
        if clause.split()[0].lower() in _NOT_COUNTED:
            return None  # "how much of it the council would keep" needs a parser to invert
        return f"{match['wh']} {clause}"  # "how many homes were flooded" is a question as is
    if inverted and wh != "who":
        if not ok_subject(inverted["subj"]) or (wh == "how" and not _NOUN_START.match(clause)):
            return None  # "how large of a payload the company could carry" needs a parser
        return f"{match['wh']} {inverted['aux']} {noun_phrase(inverted['subj'])} {inverted['rest']}"
    trailing = _TRAILING_AUX.match(clause)
    if trailing and wh == "how":  # "how pure the seizures were" -> "how pure were the seizures"
        return f"{match['wh']} {trailing['adj']} {trailing['aux']} {trailing['subj']}"
    if wh in ("who", "what", "which", "how many", "how much"):  # the wh-word is the subject
        return f"{match['wh']} {clause}"
    return None


class _Cut(NamedTuple):
    subject: str
    rest: str
    cue: re.Match[str]


def split_at(cue: re.Pattern[str], body: str, breaks: str = ",;:") -> _Cut | None:
    """Split ``body`` at ``cue`` into the subject before it and the rest of its clause."""
    match = cue.search(body)
    if not match:
        return None
    subject = clause_subject(re.split(f"[{breaks}(]", body[: match.start()])[-1])
    words = subject.split()
    if words and words[-1].lower() in ("which", "who"):  # "called Europa Clipper, which is"
        subject = antecedent(body[: match.start()].rstrip()[: -len(words[-1])])
    after = _COORDINATED_ASIDE.sub("", body[match.end() :])  # "the first woman, and the next man,"
    rest = CLAUSE_BREAK.split(after, maxsplit=1)[0]
    rest = _REST_END.split(rest, maxsplit=1)[0].strip()
    # One bare word ("NASA has yet to disclose, ...") is a clause cut short, not a question.
    return _Cut(subject, rest, match) if subject and len(rest.split()) > 1 else None


_COORDINATED_ASIDE = re.compile(r",\s+(?:and|or)\s[^,;:]{1,40},")


_REST_END = re.compile(r"\)|\s+but\s+")
_SUBORDINATE = re.compile(
    r"\b(?:that(?=\s+(?:the|a|an|its|his|her|their|[A-Z]))|as|while|because|since|although|"
    r"though|whereas|after|before|once|but)\s+",
)


_NAME_RUN = re.compile(r"(?:[A-Z][\w’'\-]*\s+)*[A-Z][\w’'\-]*$")


def antecedent(before: str) -> str:
    """What a relative 'which' or 'who' refers to: the name that ends the text before it
    ('plumes emanating from Europa, which' -> 'Europa'), or nothing."""
    name = _NAME_RUN.search(before.rstrip(" ,"))
    return name.group() if name else ""


def clause_subject(before: str) -> str:
    """The subject of the last clause in ``before``: 'even as their ultimate destination'
    -> 'their ultimate destination'."""
    return _SUBORDINATE.split(before)[-1].strip()


def from_negation(body: str) -> str | None:
    cut = split_at(_NEG_CUE, body)
    if not cut or not ok_subject(cut.subject) or not complete(cut.rest):
        return None
    return f"{cut.cue['aux'].lower()} {noun_phrase(cut.subject)} {TRAIL.sub('', cut.rest)}"


def from_yet_to(body: str) -> str | None:
    cut = split_at(_YET_CUE, body)
    if not cut or not ok_subject(cut.subject) or not complete(cut.rest):
        return None
    return f"will {noun_phrase(cut.subject)} {TRAIL.sub('', cut.rest)}"


def from_plans(body: str) -> str | None:
    """'The club plans to appeal the ban' -> 'Will the club appeal the ban?'"""
    return from_expected(body, _PLAN_CUE)


def from_expected(body: str, cue: re.Pattern[str] = _EXPECTED_CUE) -> str | None:
    """'The council is expected to vote next month' -> 'Will the council vote next month?'"""
    cut = split_at(cue, body, breaks=";:")
    if not cut:
        return None
    subject, adverbial = cut.subject, ""
    lead = _LEADING_ADVERBIAL.match(subject)
    if lead:
        subject, adverbial = lead["body"], lead["adv"]
    elif re.match(r"^\w+ly, ", subject):
        subject = subject.split(", ", 1)[1]  # "Eventually, Disney is expected to ..."
    if "," in subject or not ok_subject(subject):
        return None
    rest = TRAIL.sub("", cut.rest)
    tail = f" {adverbial[0].lower()}{adverbial[1:]}" if adverbial else ""
    return f"will {noun_phrase(subject)} {rest}{tail}"


def from_remains(body: str) -> str | None:
    unknown = _IS_UNKNOWN.search(body)
    if unknown:
        subject = clause_subject(CLAUSE_BREAK.split(body[: unknown.start()])[-1])
        if ok_subject(subject):
            return f"what is {noun_phrase(subject)}"
    match = _REMAINS_CUE.search(body)
    if not match:
        return None
    subject = noun_phrase(clause_subject(CLAUSE_BREAK.split(body[: match.start()])[-1]))
    if not ok_subject(subject):
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


_UNDISCLOSED = re.compile(
    r"\b(?:did|does|do|has|have|had|would|will)\s+not\s+(?:yet\s+)?(?:reveal|disclose|release|"
    r"identify|name|give)\w*\s+(?P<what>(?:the|its|their|his|her)\s+[^,;.()]+?)"
    r"(?=\s+(?:and|but|until|because|as|while)\b|[,;.()]|$)|"
    r"\bwithh[eo]ld\w*\s+(?P<held>(?:the|its|their|his|her)\s+[^,;.()]+?)"
    r"(?=\s+(?:and|but|until|because|as|while)\b|[,;.()]|$)",
    re.IGNORECASE,
)


def from_undisclosed(body: str) -> str | None:
    """'It did not reveal the crash location' -> 'What is the crash location?'; 'withholding
    the names of those killed until ...' -> 'What are the names of those killed?'"""
    match = _UNDISCLOSED.search(body)
    if match is None:
        return None
    what = lower_determiner(match["what"] or match["held"]).strip()
    head = what.split(" of ")[0].split()[-1].lower()
    verb = "are" if head.endswith("s") and not head.endswith("ss") else "is"
    return f"what {verb} {what}" if len(what.split()) <= 10 else None


def from_withheld(body: str) -> str | None:
    """'X would not discuss pricing before approval' -> 'Will X discuss pricing ...?'"""
    cut = split_at(_WITHHELD, body)
    if not cut or not ok_subject(strip_reporting(cut.subject)) or not complete(cut.rest):
        return None
    rest = _UNTIL.sub("", cut.rest) if cut.cue["verb"].lower() not in _SPEAKING else cut.rest
    return f"will {noun_phrase(strip_reporting(cut.subject))} {cut.cue['verb'].lower()} {rest}"


_SPEAKING = ("discuss", "say", "disclose", "reveal", "comment on", "confirm")


def strip_reporting(subject: str) -> str:
    """'Chief Executive Victor Amsel said the company' -> 'the company'."""
    return _REPORTING.split(subject)[-1]


_REPORTING = re.compile(
    r"\b(?:said|says|told \w+|added|stated|found|finds|showed|shows|suggested|suggests|"
    r"believes|believed|noted|argued|warned|estimated|estimates|reported|wrote|concluded)\s+"
    r"(?:that\s+)?"
)


def from_risk(body: str) -> str | None:
    """'Heavy rain could delay the reopening' -> 'Could heavy rain delay the reopening?'"""
    match = re.search(RISK, body)
    if not match:
        return None
    before = CLAUSE_BREAK.split(body[: match.start()])[-1]
    subject = clause_subject(strip_reporting(before.strip()))
    modal, _, verb = match.group().partition(" ")
    rest = CLAUSE_BREAK.split(body[match.end() :], maxsplit=1)[0]
    if not ok_subject(subject, joined=True):
        return None
    modal = "could" if modal.lower() in ("may", "might") else modal.lower()  # "May X be...?"
    return f"{modal} {noun_phrase(subject)} {verb}{rest}"


_DATELINE = re.compile(r"^(?:[A-Z][A-Z .,]*)?\s*\([A-Z][\w .]*\)\s*[—–-]+\s*")


def from_reported(body: str) -> str | None:
    if not _REPORTED.search(body):
        return None
    body = _DATELINE.sub("", body)
    # Keep a comma where the attribution was, so that a trailing clause (", adding ...") is cut.
    claim = _REPORTED.sub(lambda m: ", " if "," in m.group() else " ", body)
    claim = re.sub(r"\s*,\s*(?:,\s*)+", ", ", claim).strip(" ,")
    claim = TRAIL.sub("", claim)
    claim = lower_determiner(_SUBORDINATOR.sub("", claim))
    return f"is it confirmed that {claim}"


_NO_COMMENT = re.compile(
    r"\s(?:(?:has|have|had)\s+)?(?:declined|refused|did not want|didn[’']t want)\s+to\s+"
    r"(?:comment|be interviewed|discuss (?:it|the matter))"
    r"(?:\s+(?:on|about)\s+(?P<topic>[^,;.]+))?|"
    r"\s(?:did not|didn[’']t|has not|have not|had not)\s+(?:immediately\s+)?"
    r"(?:respond\w*|reply|replied|return (?:calls|messages|emails|a call|a message|an email|"
    r"requests))(?:\s+to)?|"
    r"\s(?:could not|couldn[’']t)\s+(?:immediately\s+)?be\s+reached",
    re.IGNORECASE,
)
# "A spokesman for Alibaba" speaks for Alibaba: ask about the party, not the messenger.
_MESSENGER = re.compile(
    r"^(?:an?\s+|the\s+)?(?:\w+\s+)?(?:spokes\w+|representatives?|press office|"
    r"officials?|lawyers?|attorneys?)\s+(?:for|of|at)\s+",
    re.IGNORECASE,
)


def from_no_comment(body: str) -> str | None:
    """'A spokesperson for Alibaba declined to comment on the pricing' -> 'Will Alibaba
    comment on the pricing?'; no answer to a request for comment -> 'Will X comment?'"""
    match = _NO_COMMENT.search(body)
    if match is None:
        return None
    before = CLAUSE_BREAK.split(body[: match.start()])[-1].strip()
    party = _MESSENGER.sub("", strip_reporting(before))
    if not ok_subject(party) or party.lower() in ("both", "neither", "all", "none", "each"):
        return None
    topic = f" on {match['topic'].strip()}" if match["topic"] else ""
    return f"will {noun_phrase(party)} comment{topic}"


_CAUSE = re.compile(
    r"\bthe cause of (?P<what>[^,;]+?) (?:is|was|remains|has not been|had not been) "
    r"(?:still |yet |not yet |also )?(?:unknown|unclear|under investigation|being investigated|"
    r"not known|determined|established|known|confirmed)",
    re.IGNORECASE,
)
_INVESTIGATION = re.compile(
    r"\b(?P<inv>(?:an?|the|its|their)\s+(?:\w+\s+){0,2}(?:investigation|inquiry|probe|review)"
    r"(?:\s+(?:into|of)\s+[^,;.]+?)?)\s+(?:is|was|remains|are)\s+(?:still\s+)?"
    r"(?:ongoing|continuing|under way|underway|in progress|not (?:yet )?complete)|"
    r"\b(?P<inv2>(?:an?|the|its|their)\s+(?:\w+\s+){0,2}(?:investigation|inquiry|probe)"
    r"(?:\s+(?:into|of)\s+[^,;.]+?)?)\s+continues|"
    r"(?P<what>\b[^,;.]{3,60}?)\s+(?:is|are|was|were|remains|remain)\s+(?:still\s+)?"
    r"under (?:investigation|review)",
    re.IGNORECASE,
)


def from_investigation(body: str) -> str | None:
    """'The cause of the fire is unknown' -> 'What caused the fire?'; an investigation under
    way -> 'What will the investigation find?'"""
    cause = _CAUSE.search(body)
    if cause:
        return f"what caused {lower_determiner(cause['what'])}"
    match = _INVESTIGATION.search(body)
    if match is None:
        return None
    if match["what"]:
        what = noun_phrase(strip_reporting(match["what"].strip()))
        if not ok_subject(what):
            return None
        return f"what will the investigation into {what} find"
    return f"what will {lower_determiner(match['inv'] or match['inv2'])} find"


_AWAITING = re.compile(
    r"\b(?:is|are|was|were|remains?)?\s*(?:still\s+)?(?:awaiting|awaits|await|pending)"
    r"\s+(?P<what>[a-z][^,;.]+)",
    re.IGNORECASE,
)


def from_awaiting(body: str) -> str | None:
    """'The plan awaits approval from the regulator' -> 'What will come of the approval from
    the regulator?' ('pending the outcome of talks' likewise)."""
    match = _AWAITING.search(body)
    if match is None:
        return None
    what = TRAIL.sub("", match["what"]).strip()
    if len(what.split()) > 12:
        return None
    return f"what will come of {lower_determiner(what)}"


_DEMAND = re.compile(
    r"\s(?:demanded|demands|is demanding|are demanding|called for|calls for|asked for|"
    r"is seeking|are seeking|sought)\s+(?P<what>(?:an?|the|more|their|its|his|her|\d)[^,;.]*)",
    re.IGNORECASE,
)
_SET_DEADLINE = re.compile(
    r"\bdeadline of (?P<when>[^,;]+?) for (?P<who>[^,;]+?) to (?P<what>[^,;.]+)", re.IGNORECASE
)
_DEADLINE = re.compile(
    r"\b(?:gave|give|gives|given)\s+(?P<who>[^,;]+?)\s+until\s+(?P<when>[^,;]+?)\s+to\s+"
    r"(?P<what>[^,;.]+)",
    re.IGNORECASE,
)


def from_demand(body: str) -> str | None:
    """'The union demanded a 5% raise' -> 'Will the union get a 5% raise?'; 'gave the
    company until Friday to respond' -> 'Will the company respond by Friday?'"""
    deadline = _DEADLINE.search(body)
    if deadline and ok_subject(deadline["who"]):
        who = noun_phrase(deadline["who"])
        return f"will {who} {deadline['what'].strip()} by {deadline['when'].strip()}"
    set_by = _SET_DEADLINE.search(body)
    if set_by and ok_subject(set_by["who"]):
        what = _UNTIL.sub("", set_by["what"]).strip()
        when = set_by["when"].strip()
        return f"will {noun_phrase(set_by['who'])} {what} by the {when} deadline"
    match = _DEMAND.search(body)
    if not match:
        return None
    party = clause_subject(strip_reporting(CLAUSE_BREAK.split(body[: match.start()])[-1]))
    if not ok_subject(party):
        return None
    what = TRAIL.sub("", match["what"]).strip()
    return f"will {noun_phrase(party)} get {what}"


_FORECAST = re.compile(
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bthan )(?<!\bas )\b(?-i:expects?|predicts?|"
    r"anticipates?|(?:forecasts?|projects?)(?=\s+(?:that|\d)))\s+(?:that\s+)?(?P<clause>[^;:]+)",
    re.IGNORECASE,
)
_TO_CLAUSE = re.compile(r"^(?P<subj>.+?)\s+to\s+(?P<rest>.+)$")


def from_forecast(body: str) -> str | None:
    """'Edmunds expects 16.6 million vehicles will be sold' -> 'Will 16.6 million vehicles be
    sold?'; 'Experts expect rates to remain low' -> 'Will rates remain low?'"""
    match = _FORECAST.search(body)
    if match is None:
        return None
    clause = TRAIL.sub("", match["clause"])
    inverted = _invert(clause)
    if inverted and inverted.split()[0].lower() in ("will", "would", "could", "may", "might"):
        return inverted
    to = _TO_CLAUSE.match(CLAUSE_BREAK.split(clause)[0])
    if to and ok_subject(to["subj"]):
        return f"will {noun_phrase(to['subj'])} {to['rest']}"
    return None


_THREAT_CUE = re.compile(r"\s(?:has\s+|have\s+)?threaten(?:ed|s)?\s+to\s+", re.IGNORECASE)


def from_threat(body: str) -> str | None:
    """'Police threatened to use live ammunition' -> 'Will police use live ammunition?'"""
    return from_expected(body, _THREAT_CUE)


_BELIEVED = re.compile(
    r"\s(?P<aux>is|are|was|were)\s+(?:widely\s+)?(?:believed|thought|understood|estimated|"
    r"said|reported|presumed)\s+to\s+(?P<verb>[a-z]+)\s+",
    re.IGNORECASE,
)
_HAVE = {"is": "has", "are": "have", "was": "had", "were": "had"}


def from_believed(body: str) -> str | None:
    """'About 200 troops are believed to be at the base' -> 'Is it confirmed that about 200
    troops are at the base?'"""
    match = _BELIEVED.search(body)
    if match is None:
        return None
    aux = match["aux"].lower()
    verb = match["verb"].lower()
    if verb in ("be", "have"):
        verb = aux if verb == "be" else _HAVE[aux]
    elif aux == "is":
        verb = re.sub(r"(?<=[^aeiou])y$", "ie", verb) + (
            "es" if verb.endswith(("s", "sh", "ch", "x")) else "s"
        )
    elif aux != "are":
        return None
    before = clause_subject(CLAUSE_BREAK.split(body[: match.start()])[-1])
    if before.lower() in ("which", "who"):  # "Europa, which is thought to harbor an ocean"
        before = antecedent(body[: match.start()].rsplit(before, 1)[0])
    rest = _REST_BREAK.split(body[match.end() :], maxsplit=1)[0]  # "a huge, salty ocean"
    if not ok_subject(before):
        return None
    return f"is it confirmed that {noun_phrase(before)} {verb} {rest.strip()}"


_REST_BREAK = re.compile(
    r",(?=\s+(?:which|who|whose|and|but|as|while|because|although|though|after|before|when|"
    r"where|according|said|says|adding|including)\b)|[;:()]"
)
