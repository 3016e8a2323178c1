"""The rephrasing for each kind of cue (see ``questions.CUES``): a sentence that leaves
something open, turned into the question it raises.

Each ``from_*`` function returns the question without its first capital and final mark, or
None when the sentence does not parse; the grammar they share is in ``phrasing``.
"""

from __future__ import annotations

import re

from briefer.engines.offline.phrasing import (
    CLAUSE_BREAK,
    SUBORDINATOR,
    TRAIL,
    antecedent,
    clause_subject,
    complete,
    first_person,
    invert,
    lower_determiner,
    name_pronoun,
    noun_phrase,
    ok_subject,
    split_at,
)
from briefer.text.datelines import without_dateline
from briefer.text.outlets import OUTLET_NAMES, OUTLET_NOUNS

# A risk that may or may not materialise: "heavy rain could delay the reopening".
RISK = (
    r"\b(?:could|may|might)\s+(?:still\s+)?(?:delay|derail|force|threaten|jeopardi[sz]e|"
    r"push back|postpone|halt|block|overturn|trigger|cost|face|lose|end|appeal|"
    r"be (?:much |even |far )?(?:higher|lower|worse|greater|larger)|be [a-z]+ed)\b"
)
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
_REMAINS_CUE = re.compile(
    r"\s+remains?\s+(?:unclear|uncertain|unknown|to be seen|in doubt|unresolved|undecided|"
    r"unconfirmed)",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r",?\s*(?:according to (?:some |unconfirmed |media |several |local |press )?reports,?|"
    r"according to an? (?:new |recent |published |media )?report (?:by|from|in) (?:the )?"
    r"(?-i:[A-Z][\w&'’.-]*(?: (?:[A-Z][\w&'’.-]*|of|and|for))*),?|"
    r"according to (?:people|sources|a person|one person|two people|\w+ sources|someone|"
    r"those|officials)(?: close to| familiar with| briefed on| with knowledge of)[^,.;]*,?|"
    r"(?:(?:two|three|four|several|some|many|other|\d+) )?(?:people|sources|officials|a person) "
    r"(?:close to|familiar with|briefed on|with knowledge of)[^,.;]* (?:said|say),?|"
    r"(?:anonymous |unnamed |\w+ )?sources (?:said|say|told \w+),?|"
    r"reportedly|allegedly)\s*",
    re.IGNORECASE,
)
_LEADING_ADVERBIAL = re.compile(
    r"^(?P<adv>(?:in|on|at|by|during|after|before|over|within|later|next|if|once|when|unless)"
    r"\b[^,]{0,40}),\s*"
    r"(?P<body>.+)$",
    re.IGNORECASE,
)


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
    """'The council is expected to vote next month' -> 'Will the council vote next month?'
    Each use of the cue is tried in turn: the first may have no subject to ask about."""
    pos = 0
    while cut := split_at(cue, body, breaks=";:", pos=pos):
        question = _expected(cut.subject, cut.rest, body)
        if question is not None:
            return question
        pos = cut.cue.end()
    return None


# A circumstance that opens the sentence, not a time the question should keep.
_CIRCUMSTANCE = re.compile(r"^(?:with|amid|despite|given|following)\b[^,]{0,80},\s*", re.I)
_JOINED_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas|though|although|so|yet)\s+")
# Where the predicate's own clause ends: "face questions about the call when he asked ...".
_PREDICATE_END = re.compile(
    r"\s+(?:such as|because|whereas|although|though)\s|\s+and\s+to\s|"
    r"\s+(?:when|while|as)\s+(?=(?:he|she|it|they|we|the|a|an|his|her|its|their)\s)"
)


# "Kelmont said it plans to ...": "it" is the one who said so.
_SAID_IT = re.compile(
    r"^(?P<who>[A-Z][^,;]*?)\s+(?:has\s+)?(?:said|says|added|announced|confirmed)\s+(?:that\s+)?"
    r"(?:it|they)$"
)


def _expected(subject: str, rest: str, body: str) -> str | None:
    subject = _JOINED_CLAUSE.split(_CIRCUMSTANCE.sub("", subject))[-1]
    said_it = _SAID_IT.match(subject.strip())
    subject = said_it["who"] if said_it else strip_reporting(subject)
    adverbial = ""
    lead = _LEADING_ADVERBIAL.match(subject)
    if lead:
        subject, adverbial = lead["body"], lead["adv"]
    elif re.match(r"^\w+ly, ", subject):
        subject = subject.split(", ", 1)[1]  # "Eventually, Disney is expected to ..."
    if re.match(r"^\w+ing\b|.*\band$", subject):  # "..., pinning ... and threatened to"
        subject = _main_subject(body)
    if "," in subject or not ok_subject(subject):
        return None
    rest = _PREDICATE_END.split(TRAIL.sub("", rest), maxsplit=1)[0]
    tail = f" {adverbial[0].lower()}{adverbial[1:]}" if adverbial else ""
    return f"will {noun_phrase(subject)} {rest}{tail}"


_MAIN_SUBJECT = re.compile(r"^(?P<subject>[^,;:]{2,60}?)\s+(?:has|have|had|is|are|was|were)\s")


def _main_subject(body: str) -> str:
    """The subject that opens the sentence, for a predicate joined to an earlier one
    ("Police have laid siege ... and threatened to ..." -> "Police")."""
    match = _MAIN_SUBJECT.match(body)
    return match["subject"] if match else ""


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
    r"\s(?:is|are|remains?)\s+(?:still\s+|now\s+)?(?:not\s+(?:yet\s+)?known|unknown|uncertain|"
    r"unclear|in doubt|up in the air)\b",
    re.IGNORECASE,
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
    r"believes|believed|noted|argued|warned|estimated|estimates|reported|wrote|concluded|"
    r"saying|warning|noting|arguing|adding)\s+"
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


# An outlet by name or by a common noun: "Bloomberg News reported that ..." is another outlet's
# claim, not confirmed by this one (a trailing ", Reuters reported." is mostly a wire credit for
# a plain fact, and is left alone).
_OUTLET_WORDS = "|".join(sorted(OUTLET_NAMES))
_NOUN_WORDS = "|".join(sorted(OUTLET_NOUNS))
OUTLET = (
    rf"\b(?:(?-i:{_OUTLET_WORDS})|(?:{_NOUN_WORDS})s?)"
    r"\s+(?:also\s+|first\s+|previously\s+|earlier\s+)?report(?:s|ed)\b"
)
# The cue as the one-pass scan looks for it: the verb alone (a scan that tried fifty names at
# every word would cost more than all other cues); ``by_outlet`` then checks who reports.
REPORTS_THAT = r"\breport(?:s|ed)\b(?=(?:\s+(?:on|last|earlier|this)\s+\w+)?\s+that\b)"
_ADVERBS = frozenset("also first previously earlier".split())


def by_outlet(text: str, start: int) -> bool:
    """Whether the 'reported that' at ``start`` is an outlet's ("Bloomberg News also ...")."""
    words = text[:start].split()[-2:]
    if len(words) == 2 and words[1] in _ADVERBS:
        words = words[:1]
    if not words:
        return False
    last = words[-1]
    return last in OUTLET_NAMES or last.lower().removesuffix("s") in OUTLET_NOUNS


_OUTLET_FIRST = re.compile(
    OUTLET + r"(?:\s+(?:on|last|earlier|this)\s+\w+)?\s+that\s+(?P<claim>.+)$",
    re.IGNORECASE,
)
# ", subscribing for so many shares ...", ", along with Quinto, Saldana and Pegg": asides.
_PARTICIPLE = re.compile(r",\s+(?:\w+ing|along with|together with)\b.*$")


def from_outlet_report(body: str) -> str | None:
    """'Bloomberg News reported that WeWork faces scrutiny from the SEC' -> 'Is it confirmed
    that WeWork faces scrutiny from the SEC?'"""
    match = _OUTLET_FIRST.search(body)
    return _confirmed(match["claim"]) if match else None


# "claims that ...", or "claims the display will ..." with a noun phrase straight after it;
# "claim" too, after a plural subject ("Critics claim", "Police allege"), not after a
# possessive or determiner ("the ministry's claim that", "his claim that": a noun).
_PLURAL_VERBS = ("claim", "allege", "assert", "contend")
_AFTER_PLURAL = (
    r"(?:(?<=[a-z]s )(?<![’']s )(?<!\bits )(?<!\bhis )(?<!\bthis )|"
    r"(?<=\bpeople )|(?<=\bpolice )|(?<=\bsome )|(?<=\bmany )|(?<=\bthey ))"
)
CLAIM = (
    r"\b(?:claims|claimed|alleges|alleged|asserts|asserted|contends|contended|"
    rf"(?=(?:{'|'.join(_PLURAL_VERBS)})\s){_AFTER_PLURAL}\w+)\s+"
    r"(?:that\b|(?=(?:the|its|their|his|her)\s))"
)
_CLAIM = re.compile(r"(?P<speaker>[^,;:]*?)\s*" + CLAIM + r"\s*(?P<claim>.+)$", re.IGNORECASE)


def from_claim(body: str) -> str | None:
    """'Andrew claims that he cut ties in 2010' -> 'Is it confirmed that Andrew cut ties in
    2010?': what a party asserts, the article does not confirm."""
    match = _CLAIM.search(body)
    if match is None:
        return None
    speaker, claim = match["speaker"], match["claim"]
    if _OPENS_CLAUSE.match(speaker):  # "While some claimed that X, others ...": X ends there
        claim = claim.split(",", 1)[0]
    speaker = _SPEAKER_ADVERB.sub("", SUBORDINATOR.sub("", speaker).strip())
    verb = body[match.end("speaker") :].split()[0].lower()
    own = ("they",) if verb in _PLURAL_VERBS else ("he", "she")
    first, _, rest = claim.partition(" ")
    if first.lower() in own and speaker[:1].isupper() and ok_subject(speaker):
        return _confirmed(f"{speaker} {rest}")  # "Andrew claims that he ...", "Critics ... they"
    return _confirmed(name_pronoun(claim, match["speaker"]))


_SPEAKER_ADVERB = re.compile(r"(?:\s+(?:\w+ly|later|also|then|now|again|still|once))+$")
_OPENS_CLAUSE = re.compile(r"(?:while|whereas|although|though|as|if|since|because|when)\b", re.I)
_NOT_A_CLAIM_START = re.compile(
    r"(?:it|they|he|she|this|that|there|we|i|you|when|if|while|as|because|although|though|"
    r"after|before|once|unless)$",
    re.IGNORECASE,
)


def _confirmed(claim: str) -> str | None:
    """'Is it confirmed that <claim>?', for a claim that says who or what it is about; a claim
    about what will happen is asked as such ('Will the display stay 13.3 inches?')."""
    claim = _PREDICATE_END.split(_PARTICIPLE.sub("", TRAIL.sub("", claim)), maxsplit=1)[0]
    future = invert(CLAUSE_BREAK.split(claim)[0])
    if future and future.startswith(("will ", "would ")):
        return "will" + future.removeprefix("would").removeprefix("will")
    claim = lower_determiner(SUBORDINATOR.sub("", claim.strip(" ,")))
    claim = re.sub(r"[.,;]([”\"])$", r"\1", claim)  # 'terms on a deal.”' -> 'terms on a deal”'
    if _NOT_A_CLAIM_START.match(claim.split(" ", 1)[0]):
        return None  # about whom, the reader cannot tell; or a clause that opens another
    if len(claim.split()) < 3 or not complete(claim) or claim.count(",") > 1:
        return None
    return f"is it confirmed that {claim}"


ASKED = r"\b(?:asks|asked|wonders|wondered)\s*,?\s*[“\"](?=[^”\"]*\?)"
_ASKED = re.compile(ASKED + r"(?P<question>[^”\"?]+)\?", re.IGNORECASE)
_INTERROGATIVE = re.compile(
    r"(?:what|how|why|when|where|who|which|will|would|can|could|is|are|was|were|do|does|did|"
    r"should|has|have)\b",
    re.IGNORECASE,
)
_PERSONAL = re.compile(r"\b(?:i|you|your|we|our|us|me|my|it)\b", re.IGNORECASE)


def from_asked(body: str) -> str | None:
    """'Doctor asks, “what will be left in local communities?”' -> 'What will be left in local
    communities?': a question a party puts, quoted; not one about 'you', 'us' or an 'it' the
    quote does not name."""
    match = _ASKED.search(body)
    if match is None:
        return None
    question = match["question"].strip()
    if not _INTERROGATIVE.match(question) or _PERSONAL.search(question):
        return None
    return question if len(question.split()) >= 4 else None


def from_reported(body: str) -> str | None:
    hedge = _REPORTED.search(body)
    if not hedge:
        return None
    trail = TRAIL.search(body)
    if trail and trail.start() < hedge.start():
        return None  # ", which will reportedly ...": the hedge is not on the main clause
    body = without_dateline(body)
    # Keep a comma where the attribution was, so that a trailing clause (", adding ...") is cut.
    claim = _REPORTED.sub(lambda m: ", " if "," in m.group() else " ", body)
    claim = re.sub(r"\s*,\s*(?:,\s*)+", ", ", claim).strip(" ,")
    claim = TRAIL.sub("", claim)
    claim = lower_determiner(SUBORDINATOR.sub("", claim))
    if re.match(r"(?:it|they)\s", claim, re.IGNORECASE):
        return None  # "Is it confirmed that it may morph ...": about what, the reader cannot tell
    if len(claim.split()) < 3:
        return None  # nothing left of the claim once the attribution is cut
    return f"is it confirmed that {claim}"


_NO_COMMENT = re.compile(
    r"\s(?:(?:has|have|had)\s+)?(?:declined|refused|did not want|didn[’']t want)\s+to\s+"
    r"(?:comment|be interviewed|discuss (?:it|the matter))"
    r"(?:\s+(?:on|about)\s+(?P<topic>[^,;.]+))?|"
    r"\s(?:did not|didn[’']t|has not|have not|had not)\s+(?:immediately\s+)?"
    r"(?:respond\w*|reply|replied|offer a response|give a response|return (?:calls|messages|"
    r"emails|a call|a message|an email|requests))(?:\s+to|\s+when asked about"
    r"\s+(?P<asked>[^,;.]+))?|"
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
    clauses = [c.strip() for c in CLAUSE_BREAK.split(body[: match.start()]) if c.strip()] or [""]
    if len(clauses) > 1 and clauses[-1].startswith(("who ", "which ")):
        clauses.pop()  # "X, who lobbied for ..., did not respond": X
    party = _MESSENGER.sub("", strip_reporting(clauses[-1]))
    if not ok_subject(party) or party.lower() in ("both", "neither", "all", "none", "each"):
        return None
    said = match["topic"] or match["asked"]
    topic = f" on {said.strip()}" if said else ""
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
    inverted = invert(clause)
    if inverted and inverted.split()[0].lower() in ("will", "would", "could", "may", "might"):
        return inverted
    to = _TO_CLAUSE.match(CLAUSE_BREAK.split(clause)[0])
    if to and ok_subject(to["subj"]):
        return f"will {noun_phrase(to['subj'])} {to['rest']}"
    if clause.startswith("to "):  # "Reed has said that he expects to wring $300m from it"
        before = CLAUSE_BREAK.split(body[: match.start()])[-1]
        subject = clause_subject(strip_reporting(before.strip()))
        if subject.lower() in ("he", "she"):
            subject = first_person(before) or subject
        if subject.lower() in ("he", "she") or _NEGATED.search(subject) or not ok_subject(subject):
            return None  # "didn't expect to", "if they expect to": no forecast to ask about
        rest = _PREDICATE_END.split(CLAUSE_BREAK.split(clause[3:])[0], maxsplit=1)[0]
        return f"will {noun_phrase(subject)} {rest}"
    return None


_NEGATED = re.compile(r"(?:n[’']t|\bnot|\bnever)$|\b(?:if|unless|when)\b", re.IGNORECASE)


_THREAT_CUE = re.compile(r"\s(?:has\s+|have\s+)?threaten(?:ed|s)?\s+to\s+", re.IGNORECASE)


def from_threat(body: str) -> str | None:
    """'Police threatened to use live ammunition' -> 'Will police use live ammunition?'"""
    return from_expected(body, _THREAT_CUE)


_BELIEVED = re.compile(
    r"\s(?P<aux>is|are|was|were)\s+(?:widely\s+)?(?:believed|thought|understood|estimated|"
    r"said|reported|rumou?red|alleged|presumed)\s+to\s+(?P<verb>[a-z]+)\s+",
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


_URGED = re.compile(
    r"\b(?:wants|wanted|urged|urges|urging|called on|calls on|pleaded with|pleads with)"
    r"\s+(?P<who>(?-i:the\s+[\w.’'-]+|[A-Z][\w.’'-]*)(?:\s+[\w.’'-]+){0,3}?)"
    r"\s+to\s+"
    r"(?P<what>(?!be\b)(?:[^,;:.()]|\.(?=\s*\d))+)",
    re.IGNORECASE,
)


def from_urged(body: str) -> str | None:
    """'The US wants the UK to extradite Assange' -> 'Will the UK extradite Assange?'; the
    same for 'urged', 'called on', 'pleaded with': a request not yet granted."""
    match = _URGED.search(body)
    if match is None or match["who"].endswith(" not") or not ok_subject(match["who"]):
        return None  # "urged the public not to tolerate" asks for restraint, not a step
    if not complete(match["what"]):
        return None
    return f"will {noun_phrase(match['who'])} {TRAIL.sub('', match['what'].strip())}"


_POSSIBLE = re.compile(
    r"\s(?:could|may|might)\s+(?:still\s+|yet\s+|eventually\s+)?(?P<rest>be\s+(?:appealed|"
    r"challenged|made|extended|delayed|overturned|reversed|blocked|filed|brought)\b|face\b)",
    re.IGNORECASE,
)


def from_possible(body: str) -> str | None:
    """'An appeal could be made to the attorney general' -> 'Will an appeal be made to the
    attorney general?': a step the article says may still come."""
    cut = split_at(_POSSIBLE, body)
    subject = strip_reporting(cut.subject) if cut else ""
    if not cut or not ok_subject(subject) or not complete(cut.rest):
        return None
    return f"will {noun_phrase(subject)} {cut.cue['rest']} {TRAIL.sub('', cut.rest)}"


_IF_DONE = re.compile(
    r"\bif\s+(?P<what>(?:a|an|the|its|their)\s[^,;:.()]{1,60}?)\s+(?P<aux>is|are)\s+"
    r"(?P<done>approved|passed|exercised|confirmed|signed|ratified|completed|accepted)\b",
    re.IGNORECASE,
)


def from_condition(body: str) -> str | None:
    """'It could raise $12.9bn if a green shoe option is exercised' -> 'Will a green shoe
    option be exercised?'"""
    match = _IF_DONE.search(body)
    what = _QUOTE_MARKS.sub("", match["what"]) if match else ""  # a “green shoe” option
    if match is None or not ok_subject(what):
        return None
    return f"will {noun_phrase(what)} be {match['done'].lower()}"


_QUOTE_MARKS = re.compile(r"[\"“”‘’]|(?<!\w)'|'(?!\w)")


_ANNOUNCED = re.compile(
    r"\s(?:(?:is|are|was|were)\s+to\s+be|will\s+be)\s+(?:announced|decided|named|revealed|"
    r"released|determined|unveiled|disclosed|divulged)\b",
    re.IGNORECASE,
)


def from_announced(body: str) -> str | None:
    """'Final terms were to be announced later' -> 'What will the final terms be?'"""
    match = _ANNOUNCED.search(body)
    if match is None:
        return None
    subject = noun_phrase(clause_subject(CLAUSE_BREAK.split(body[: match.start()])[-1]))
    return f"what will {subject} be" if ok_subject(subject) else None


_NO_DETAILS = re.compile(
    r"\b(?:gave|give|gives|giving|offered|provided|released)\s+no\s+(?:further\s+)?"
    r"(?P<kind>details|information|timeline|timetable|date|figures)\s+(?P<on>on|about|of|for)\s+"
    r"(?P<what>[^,;:.()]+)",
    re.IGNORECASE,
)


def from_no_details(body: str) -> str | None:
    """'He gave no details on payment or exact timing' -> 'What are the details on payment
    or exact timing?'"""
    match = _NO_DETAILS.search(body)
    if match is None or len(match["what"].split()) > 10:
        return None
    kind = match["kind"].lower()
    verb = "are" if kind in ("details", "figures") else "is"
    return f"what {verb} the {kind} {match['on'].lower()} {match['what'].strip()}"
