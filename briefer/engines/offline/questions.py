"""Find what an article leaves open, from the cues reporters use, and phrase it as questions.

``CUES`` is the one table of cues: a pattern, how strongly it marks something unresolved,
and the rephrasings to try. All patterns are joined into one regular expression, so a
sentence is scanned once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from briefer.engines.offline import phrasing as ph
from briefer.engines.offline import rephrasings as rp
from briefer.text.names import STOPWORDS, Vocabulary
from briefer.text.sentences import Sentence

Rephrase = Callable[[str], str | None]


class Cue(NamedTuple):
    """One way reporting marks a point as unresolved."""

    name: str
    pattern: str
    weight: float
    """2 or more makes the sentence a question candidate (and less of a key fact)."""
    rephrase: tuple[Rephrase, ...]
    """Rephrasings to try, in order, when this is the sentence's strongest cue."""
    fact_penalty: float = 1.0
    """Taken off the sentence's key-fact score: unconfirmed or pending points are questions,
    not facts (a demand, though unmet, is news either way)."""


_WH = (ph.from_wh, ph.from_whether)
CUES: tuple[Cue, ...] = (
    Cue(
        "not_yet",
        r"\b(?:has|have|had|did|does|do)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:confirm|disclos|"
        r"decid|announc|reveal|clarif|specif|rul|explain|verif|releas|publish|agree|approv|"
        r"identif|said|say|determin|settl|finali[sz]|detect|found|locat|establish)\w*|\b(?:has|have|had)\s+not\s+(?:yet\s+)?"
        r"been\s+\w+ed\b",
        3.0,
        (*_WH, rp.from_negation, rp.from_undisclosed, rp.from_no_comment),
    ),
    Cue("yet_to", r"\b(?:has|have|is|are)\s+yet\s+to\b", 3.0, (*_WH, rp.from_yet_to)),
    Cue(
        "remains_open",
        r"\bremains?\s+(?:unclear|uncertain|unknown|to be seen|in doubt|unresolved|"
        r"an open question|undecided|unconfirmed)",
        3.0,
        (*_WH, rp.from_remains),
    ),
    Cue(
        "unclear",
        r"\b(?:it is|it's|it was)\s+(?:still\s+)?(?:not\s+(?:yet\s+)?(?:clear|known)|"
        r"unclear|uncertain|unknown)|\b(?:unclear|uncertain|unknown)\s+(?:whether|if|how|when|"
        r"what|who|why|where)\b",
        3.0,
        _WH,
    ),
    Cue(
        "unknown",
        r"\b(?:is|are|remains?)\s+(?:still\s+|now\s+)?(?:not\s+(?:yet\s+)?known|unknown|"
        r"uncertain|unclear|in doubt|up in the air)\b",
        3.0,
        (*_WH, rp.from_investigation, rp.from_remains),
    ),
    Cue(
        "nobody_knows",
        r"\b(?:no one|nobody)\s+(?:yet\s+|really\s+)?knows\b|\b(?:can[’']t|cannot|could not|"
        r"couldn[’']t)\s+(?:say|speak to|tell)\s+(?=what|whether|if|how|when|who|why|where)|"
        r"\bquestion\b[^.;?]{0,200}?\b(?:is|remains)\s+(?=what|whether|how|who|when|why|where)",
        3.0,
        _WH,
    ),
    Cue(
        "unverified",
        r"\bcould not be (?:independently\s+)?(?:verified|confirmed)|\b(?:unconfirmed|"
        r"unverified)\b",
        2.5,
        (rp.from_reported, *_WH),
    ),
    Cue(
        "no_comment",
        r"\b(?:declined|refused)\s+to\s+(?:comment|say|confirm|disclose|give|discuss|specify|"
        r"be interviewed)|\b(?:did not|didn[’']t|has not|have not)\s+(?:immediately\s+)?"
        r"(?:respond|reply|offer a response|give a response|return (?:calls|messages|emails|"
        r"a call|a message|an email|requests))|"
        r"\bcould not (?:immediately )?be reached",
        2.5,
        (*_WH, rp.from_no_comment, rp.from_withheld),
    ),
    Cue(
        "withheld",
        r"\b(?:would|will|did)\s+not\s+(?:discuss|say|disclose|reveal|comment|confirm)\b|"
        r"\b(?:will|would)\s+not\s+\w+\b(?=[^.;]*\buntil\b)|\bwithh[eo]ld\w*\b",
        2.5,
        (*_WH, rp.from_withheld, rp.from_undisclosed, rp.from_negation),
    ),
    Cue(
        "cause_unknown",
        r"\bthe cause of\b|\b(?:investigation|inquiry|probe)\s+(?:\w+\s+){0,4}?(?:is|remains)\s+"
        r"(?:still\s+)?(?:ongoing|continuing|under way|underway)|\b(?:investigation|inquiry|"
        r"probe)\b[^.;]{0,60}\bcontinues\b|\bunder (?:investigation|review)\b",
        2.5,
        (rp.from_investigation, *_WH),
    ),
    Cue(
        "believed",
        r"\b(?:is|are|was|were)\s+(?:widely\s+)?(?:believed|thought|understood|presumed|said|"
        r"reported|rumou?red|alleged)\s+to\b",
        2.5,
        (rp.from_believed, *_WH),
    ),
    Cue(
        "threat",
        r"\bthreaten(?:ed|s)?\s+to\b",
        2.0,
        (rp.from_threat,),
        0.0,
    ),
    Cue(
        "reported",
        r"\baccording to (?:some|unconfirmed|media|several|local|press)?\s*reports\b|"
        r"\baccording to an? (?:new |recent |published |media )?report (?:by|from|in)\b|"
        r"\breportedly\b|\ballegedly\b|\b(?:people|sources|a person|someone)\s+(?:close to|"
        r"familiar with|briefed on)\b|\b(?:anonymous |unnamed )?sources (?:said|say|told)\b",
        2.0,
        (rp.from_reported,),
    ),
    Cue(
        "expected",
        r"\b(?:is|are|was|were)\s+(?:widely\s+|still\s+|also\s+)?(?:expected|likely|due|set|"
        r"scheduled)\s+to\b",
        2.0,
        (*_WH, rp.from_expected),
    ),
    Cue(
        "plans",
        r"\b(?:plan|plans|planning|intend|intends|aims|preparing)\s+to\b",
        2.0,
        (rp.from_plans,),
    ),
    Cue(
        "pending",
        r"\b(?:pending|awaiting|awaits|waiting to hear|yet to be)\b",
        2.0,
        (*_WH, rp.from_awaiting),
    ),
    Cue(
        "to_be_announced",
        r"\b(?:(?:is|are|was|were)\s+to\s+be|will\s+be)\s+(?:announced|decided|named|revealed|"
        r"released|determined|unveiled|disclosed|divulged)\b",
        2.0,
        (rp.from_announced, *_WH),
    ),
    Cue(
        "urged",
        r"\b(?:wants|wanted|urged|urges|urging|called on|calls on|pleaded with|pleads with)"
        r"\s+(?-i:the\s+[\w.’'-]+|[A-Z][\w.’'-]*)(?:\s+[\w.’'-]+){0,3}?"
        r"\s+to\s+(?!be\b)",
        2.0,
        (rp.from_urged,),
        0.0,
    ),
    Cue(
        "possible_step",
        r"\b(?:could|may|might)\s+(?:still\s+|yet\s+|eventually\s+)?(?:be\s+(?:appealed|"
        r"challenged|made|extended|delayed|overturned|reversed|blocked|filed|brought)\b|face\b)",
        2.0,
        (rp.from_possible,),
        0.5,
    ),
    Cue(
        "undecided",
        r"\bno (?:decision|date|details|timeline|timetable|agreement)\b|\bnot (?:yet )?(?:been )?"
        r"(?:peer[- ]reviewed|approved|finali[sz]ed)|\b(?:will|would) (?:decide|determine|rule)\b",
        2.0,
        (*_WH, rp.from_negation, rp.from_no_details),
    ),
    Cue(
        "demand",
        r"\b(?:demanded|demands|is demanding|are demanding)\b|\b(?-i:deadline)\b|"
        r"\bgave\s+[^,;]+?\s+until\b",
        2.0,
        (rp.from_demand,),
        0.0,
    ),
    Cue(
        "forecast",
        r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bthan )(?<!\bas )\b(?-i:expects?|predicts?|"
        r"anticipates?|(?:forecasts?|projects?)(?=\s+(?:that|\d)))\b",
        2.0,
        (rp.from_forecast, *_WH),
        0.5,
    ),
    Cue("whether", r"\bwhether\b", 2.0, _WH),
    Cue("risk", rp.RISK, 2.0, (rp.from_risk,)),
    Cue(
        "conditional",
        r"\bif (?:approved|passed|confirmed|signed|ratified|successful)\b|\bif\s+(?:a|an|the|its|"
        r"their)\s[^,;:.()]{1,60}?\s+(?:is|are)\s+(?:approved|passed|exercised|confirmed|signed|"
        r"ratified|completed|accepted)\b",
        2.0,
        (rp.from_condition, *_WH, rp.from_expected),
    ),
    Cue(
        "outlet_report",
        rp.REPORTS_THAT,  # an outlet's, which ``find_cues`` checks
        2.0,
        # What the outlet reports may carry its own cue ("is preparing to"): that comes first.
        (rp.from_plans, rp.from_expected, rp.from_outlet_report),
    ),
    # That a party claims something is news either way: the sentence stays a key fact too.
    Cue("claim", rp.CLAIM, 2.0, (rp.from_claim,), 0.0),
    Cue("asked", rp.ASKED, 2.0, (rp.from_asked,)),
    Cue("maybe", r"\b(?:could|may|might)\b", 0.75, ()),
)
BY_NAME = {cue.name: cue for cue in CUES}
_WORD_START = r"\b"
# One scan per sentence: each cue is a named alternative, strongest first, so that where two
# cues start at the same word the stronger one is reported. Every cue starts a word, so the
# word-start test is done once, before the alternatives, rather than once for each of them.
_ONE_PASS = re.compile(
    r"\b(?=\w)(?:"
    + "|".join(
        f"(?P<{c.name}>{c.pattern.removeprefix(_WORD_START)})"
        for c in sorted(CUES, key=lambda c: -c.weight)
    )
    + ")",
    re.IGNORECASE,
)


def find_cues(text: str) -> list[Cue]:
    """The cues a sentence uses, strongest first, each once."""
    names = dict.fromkeys(
        m.lastgroup
        for m in _ONE_PASS.finditer(text)
        if m.lastgroup and (m.lastgroup != "outlet_report" or rp.by_outlet(text, m.start()))
    )
    return sorted((BY_NAME[n] for n in names), key=lambda c: -c.weight)


class QuestionCandidate(NamedTuple):
    """A sentence that leaves something open, with the question it raises."""

    sentence: Sentence
    weight: float
    question: str


def find_question(
    sentence: Sentence,
    cues: list[Cue] | None = None,
    person: str | None = None,
    vocab: Vocabulary | None = None,
) -> QuestionCandidate | None:
    """Return the open question a sentence raises, if it raises one.

    Args:
        sentence: the sentence.
        cues: its cues, when already found (``find_cues``).
        person: the last person named before it, who "he" or "she" at its start stands for.
        vocab: the article's words and names: names keep their capitals in a question.
    """
    text = sentence.text
    cues = find_cues(text) if cues is None else cues
    if sentence.heading or (text.endswith("?") and not any(c.name == "asked" for c in cues)):
        return None  # the article's own question, unless it quotes one a party asks
    if not cues or cues[0].weight < 2.0:
        return None
    question = to_question(text, cues, person, vocab)
    if question is None:
        return None
    return QuestionCandidate(sentence, cues[0].weight, question)


# A second clause with its own open point: "It did not reveal the site and said it was
# withholding the names ...", "The date is not set; the venue has yet to be chosen."
_SECOND_CLAUSE = re.compile(r"\s+and\s+(?:said|added|says|adds)\s+(?:that\s+)?|;\s+")


def find_questions(
    sentence: Sentence,
    cues: list[Cue] | None = None,
    person: str | None = None,
    vocab: Vocabulary | None = None,
) -> list[QuestionCandidate]:
    """The open questions a sentence raises: its own (``find_question``) and, when it joins a
    second clause with an open point of its own, that clause's too."""
    first = find_question(sentence, cues, person, vocab)
    if first is None:
        return []
    joined = _SECOND_CLAUSE.search(sentence.text)
    if joined is None:
        return [first]
    rest = sentence.text[joined.end() :]
    rest_cues = find_cues(rest)
    if not rest_cues or rest_cues[0].weight < 2.0:
        return [first]
    second = to_question(rest[:1].upper() + rest[1:], rest_cues, None, vocab)
    if second is None or second == first.question:
        return [first]
    return [first, QuestionCandidate(sentence, rest_cues[0].weight, second)]


_PRONOUN_START = re.compile(r"^(?:He|She)\s")


def to_question(
    text: str,
    cues: list[Cue] | None = None,
    person: str | None = None,
    vocab: Vocabulary | None = None,
) -> str | None:
    """Rephrase a hedged statement as the question it leaves open (None if it will not go)."""
    body = text.strip().rstrip(".!")
    if person and _PRONOUN_START.match(body):
        body = f"{person} {body.split(' ', 1)[1]}"
    tried: set[Rephrase] = set()
    for cue in find_cues(text) if cues is None else cues:
        for build in cue.rephrase:
            if build in tried:
                continue
            tried.add(build)
            question = build(body)
            if question and (ph.SECOND_SENTENCE.search(question) or _unbalanced(question)):
                return None  # spilled into a second sentence: garbled, better none at all
            if question and len(question.split()) <= ph.MAX_WORDS:
                return sentence_case(ph.finish(question), vocab)
    return None


def _unbalanced(question: str) -> bool:
    """A quote mark without its partner: the question cut a quotation in two."""
    return question.count('"') % 2 == 1 or question.count("“") != question.count("”")


_CAPITALISED = re.compile(r"(?<=\s)[A-Z][a-z’'\-]+\b")


_NAME_FOLLOWS = re.compile(r"\.?\s+(?:(?:and|of|for|&)\s+)?[A-Z][a-z]")  # "Customs and Border"


def sentence_case(question: str, vocab: Vocabulary | None) -> str:
    """Lower-case the capitalised words a question carried over from a sentence start
    ("Will Construction contracts ...?"): those the article also writes in lower case and
    never uses as names."""
    if vocab is None:
        return question

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if word in vocab.names or _NAME_FOLLOWS.match(question, match.end()):
            return word  # "US President Donald Trump": a title in a name
        lowered = word.lower()
        return lowered if lowered in vocab.common or lowered in STOPWORDS else word

    return _CAPITALISED.sub(fix, question, count=1)  # later capitals were capitals already
