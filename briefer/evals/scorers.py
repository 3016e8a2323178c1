"""Score one briefing against one case: deterministic keyword scorers with explanations."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from pydantic import BaseModel

from briefer.evals.cases import Case, Expectation, ReactionExpectation
from briefer.models import Briefing

Kind = Literal["fact", "question", "reaction", "forbidden"]

# Section weights of the overall score; sections a case has no expectations for drop out.
WEIGHTS = {"facts": 0.45, "questions": 0.15, "reactions": 0.25, "grounding": 0.15}
FORBIDDEN_PENALTY = 0.2
LIMIT_PENALTY = 0.05
WRONG_STANCE_CREDIT = 0.25
# Words that turn a statement into its denial or leave it open ("has not confirmed that X").
_NEGATION = re.compile(
    r"\b(?:not|no(?!-)|never|neither|nor|cannot|denied|denies|declined|declines|refused|"
    r"refuses|rejected|rejects|without|whether|unconfirmed|yet to)\b|n't\b",
    re.IGNORECASE,
)


class Match(BaseModel):
    """How one expectation fared, and why."""

    id: str
    kind: Kind
    met: bool
    credit: float
    """0-1; for forbidden claims, 1 means the claim was made (bad)."""
    weight: float
    item: str | None = None
    """Where the match is, e.g. 'key_facts[2]'."""
    text: str | None = None
    evidence: list[str] = []
    explanation: str
    judged: bool = False
    """True when the optional LLM judge decided this expectation."""


class Score(BaseModel):
    """The score of one briefing against one case."""

    case: str
    fact_recall: float | None
    question_recall: float | None
    reaction_score: float | None
    grounding: float
    forbidden_hits: int
    limit_problems: list[str]
    overall: float
    passed: bool
    matches: list[Match]


class _Item(NamedTuple):
    label: str
    text: str
    evidence: list[str]


def normalize(text: str) -> str:
    """Lower-case words and numbers, padded with spaces, for term matching."""
    text = text.lower().translate(str.maketrans("“”‘’", "\"\"''"))
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 2,400 -> 2400
    text = re.sub(r"(?<=\d)\.(?=\d)", "_", text)  # keep 3.5 as one token
    return " " + " ".join(re.findall(r"[a-z0-9_]+", text)) + " "


def term_in(term: str, normalized: str) -> bool:
    """Whether ``term`` occurs at a word start (or as a whole word, if short)."""
    needle = normalize(term).strip()
    if not needle:
        return False
    if len(needle) <= 3:
        return f" {needle} " in normalized
    return f" {needle}" in normalized


def _best(exp: Expectation, items: list[_Item]) -> tuple[_Item | None, list[str], list[str]]:
    """The item matching most terms of any alternative: (item, matched, missing)."""
    best: tuple[_Item | None, list[str], list[str]] = (None, [], exp.any[0])
    for item in items:
        haystack = normalize(item.text)
        for terms in exp.any:
            found = [t for t in terms if term_in(t, haystack)]
            missing = [t for t in terms if t not in found]
            if not missing:
                return item, found, []
            if len(found) / len(terms) > len(best[1]) / max(1, len(best[1]) + len(best[2])):
                best = (item, found, missing)
    return best


def _match(
    exp: Expectation | ReactionExpectation,
    kind: Kind,
    explanation: str,
    item: _Item | None = None,
    credit: float = 0.0,
    met: bool = False,
) -> Match:
    return Match(
        id=exp.id,
        kind=kind,
        met=met,
        credit=credit,
        weight=exp.weight,
        item=item.label if item else None,
        text=item.text if item else None,
        evidence=item.evidence if item else [],
        explanation=explanation,
    )


def _expect(exp: Expectation, items: list[_Item], kind: Kind) -> Match:
    item, found, missing = _best(exp, items)
    if item is not None and not missing:
        why = f"{item.label} states it ({', '.join(found)})"
        return _match(exp, kind, why, item, credit=1.0, met=True)
    if item is None or not found:
        why = f"no item mentions any of: {' / '.join(', '.join(t) for t in exp.any)}"
    else:
        why = f"closest is {item.label} ({', '.join(found)}), missing {', '.join(missing)}"
    return _match(exp, kind, why)


def _forbidden(exp: Expectation, items: list[_Item]) -> Match:
    for item in items:
        haystack = normalize(item.text)
        for terms in exp.any:
            if all(term_in(t, haystack) for t in terms):
                if _NEGATION.search(item.text):
                    continue  # "has not confirmed that X" does not claim X
                why = f"{item.label} makes the unsupported claim: {exp.description}"
                return _match(exp, "forbidden", why, item, credit=1.0, met=True)
    return _match(exp, "forbidden", "not claimed (or only negated / left open)")


def _reaction(exp: ReactionExpectation, briefing: Briefing) -> Match:
    aliases = [a.lower() for a in exp.actor]
    candidates = [
        (
            r,
            _Item(
                f"reactions[{i}]",
                f"{r.actor} ({r.stance.value}): {r.text}",
                [q.text for q in r.evidence],
            ),
        )
        for i, r in enumerate(briefing.reactions)
        if any(alias in r.actor.lower() for alias in aliases)
    ]
    for r, item in candidates:
        if r.stance.value in exp.stance:
            why = f"{r.actor} reacts {r.stance.value}, as expected"
            return _match(exp, "reaction", why, item, credit=1.0, met=True)
    if candidates:
        r, item = candidates[0]
        why = f"{r.actor} found, but stance {r.stance.value}, expected {'/'.join(exp.stance)}"
        return _match(exp, "reaction", why, item, credit=WRONG_STANCE_CREDIT)
    return _match(exp, "reaction", f"no reaction by {' / '.join(exp.actor)}")


def _recall(matches: list[Match]) -> float | None:
    total = sum(m.weight for m in matches)
    return round(sum(m.credit * m.weight for m in matches) / total, 4) if total else None


def _limits(case: Case, b: Briefing) -> list[str]:
    lim, problems = case.limits, []
    if len(b.key_facts) < lim.min_facts:
        problems.append(f"{len(b.key_facts)} key facts, fewer than {lim.min_facts}")
    if len(b.key_facts) > lim.max_facts:
        problems.append(f"{len(b.key_facts)} key facts, more than {lim.max_facts}")
    if len(b.open_questions) > lim.max_questions:
        problems.append(f"{len(b.open_questions)} open questions, more than {lim.max_questions}")
    if len(b.reactions) > lim.max_reactions:
        problems.append(f"{len(b.reactions)} reactions, more than {lim.max_reactions}")
    if len(b.bottom_line.split()) > lim.max_bottom_line_words:
        problems.append(f"bottom line longer than {lim.max_bottom_line_words} words")
    return problems


def grounding(b: Briefing) -> float:
    """Share of the engine's items that survived the evidence check as verified."""
    stats = b.meta.evidence
    return round(stats.verified / stats.items, 4) if stats.items else 0.0


def score(case: Case, b: Briefing) -> Score:
    """Score briefing ``b`` against ``case``."""
    facts = [_Item("bottom_line", b.bottom_line, [])] + [
        _Item(f"key_facts[{i}]", f.text, [q.text for q in f.evidence])
        for i, f in enumerate(b.key_facts)
    ]
    questions = [
        _Item(
            f"open_questions[{i}]",
            " ".join([q.question, *(e.text for e in q.evidence)]),
            [e.text for e in q.evidence],
        )
        for i, q in enumerate(b.open_questions)
    ]
    claims = facts + [
        _Item(f"reactions[{i}]", r.text, [q.text for q in r.evidence])
        for i, r in enumerate(b.reactions)
    ]
    matches = [
        *(_expect(e, facts, "fact") for e in case.facts),
        *(_expect(e, questions, "question") for e in case.open_questions),
        *(_reaction(e, b) for e in case.reactions),
        *(_forbidden(e, claims) for e in case.forbidden),
    ]
    return rescore(case, b, matches)


def rescore(case: Case, b: Briefing, matches: list[Match]) -> Score:
    """Aggregate expectation ``matches`` for briefing ``b`` into a case score."""
    fact_matches = [m for m in matches if m.kind == "fact"]
    question_matches = [m for m in matches if m.kind == "question"]
    reaction_matches = [m for m in matches if m.kind == "reaction"]
    forbidden = [m for m in matches if m.kind == "forbidden"]
    parts = {
        "facts": _recall(fact_matches),
        "questions": _recall(question_matches),
        "reactions": _recall(reaction_matches),
        "grounding": grounding(b),
    }
    present = {k: v for k, v in parts.items() if v is not None}
    weight = sum(WEIGHTS[k] for k in present)
    overall = sum(WEIGHTS[k] * v for k, v in present.items()) / weight
    hits = sum(m.met for m in forbidden)
    problems = _limits(case, b)
    overall = max(0.0, overall - FORBIDDEN_PENALTY * hits - LIMIT_PENALTY * len(problems))
    overall = round(overall, 4)
    return Score(
        case=case.name,
        fact_recall=parts["facts"],
        question_recall=parts["questions"],
        reaction_score=parts["reactions"],
        grounding=grounding(b),
        forbidden_hits=hits,
        limit_problems=problems,
        overall=overall,
        passed=overall >= case.pass_score and hits == 0,
        matches=matches,
    )
