"""Score one briefing against one case: deterministic keyword scorers with explanations.

Only what a reader sees counts: the bottom line and the first ``case.shown`` items of each
section, and only items of at most two sentences and 60 words. Forbidden claims are looked for
everywhere. The rules are written out for case writers in evals/README.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from pydantic import BaseModel

from briefer.evals.cases import Case, Expectation, ReactionExpectation
from briefer.evals.terms import claims, has, words
from briefer.models import Briefing
from briefer.text.sentences import split_sentences

Kind = Literal["fact", "question", "reaction", "forbidden"]

# Section weights of the overall score; sections a case has no expectations for drop out.
WEIGHTS = {"facts": 0.45, "questions": 0.15, "reactions": 0.25, "grounding": 0.15}
FORBIDDEN_PENALTY = 0.2
LIMIT_PENALTY = 0.05
MAX_SENTENCES = 2
"""An item longer than this many sentences counts for nothing."""
MAX_WORDS = 60
"""Nor does an item of more words: two run-on sentences cannot pack a paragraph."""
ADJACENT_STANCE_CREDIT = 0.5
"""Credit for "mixed" where positive or negative was expected, or the reverse. Any other
wrong stance (the opposite direction, or neutral for a direction) earns nothing."""
_ADJACENT = {("mixed", "positive"), ("mixed", "negative"), ("positive", "mixed")}
_ADJACENT |= {("negative", "mixed")}


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
    stance: str | None = None
    """Reactions only: the stance the briefing gave the matched reaction."""
    stance_ok: bool | None = None
    """Reactions only: whether that stance is one the case accepts."""
    judged: bool = False
    """True when the optional LLM judge decided this expectation."""


class Score(BaseModel):
    """The score of one briefing against one case."""

    case: str
    fact_recall: float | None
    question_recall: float | None
    reaction_score: float | None
    stance_accuracy: float | None
    """Share of the expected reactions found (actor and content) whose stance is right."""
    grounding: float
    forbidden_hits: int
    limit_problems: list[str]
    weak_sections: list[str] = []
    """Sections below the case's ``section_floor``; any of them fails the case."""
    ignored: list[str] = []
    """Items that did not count: beyond the shown number, or too long."""
    overall: float
    passed: bool
    matches: list[Match]


class _Item(NamedTuple):
    label: str
    text: str
    evidence: list[str]
    verified: bool
    joined: str
    """The text's normalised words (see ``terms.words``)."""
    position: int
    """Index in its section."""


def _item(
    label: str, text: str, evidence: list[str], verified: bool = False, index: int = 0
) -> _Item:
    return _Item(label, text, evidence, verified, words(text), index)


def sentence_count(text: str) -> int:
    """How many sentences ``text`` has."""
    return len(split_sentences(text.strip())) if text.strip() else 0


def _visible(items: list[_Item], shown: int, section: str, ignored: list[str]) -> list[_Item]:
    """The first ``shown`` items of at most MAX_SENTENCES sentences and MAX_WORDS words.

    Notes the rest in ``ignored``.
    """
    if len(items) > shown:
        ignored.append(f"{len(items) - shown} {section} beyond the first {shown}")
    kept = []
    for item in items[:shown]:
        if len(item.text.split()) > MAX_WORDS:
            ignored.append(f"{item.label}: over {MAX_WORDS} words")
        elif sentence_count(item.text) > MAX_SENTENCES:
            ignored.append(f"{item.label}: over {MAX_SENTENCES} sentences")
        else:
            kept.append(item)
    return kept


class _Sections(NamedTuple):
    facts: list[_Item]
    """The bottom line and the shown facts."""
    questions: list[_Item]
    """The shown questions' text (never their evidence)."""
    reactions: list[tuple[int, _Item]]
    """The shown reactions: index into ``briefing.reactions`` and the reaction's text."""
    counted: list[_Item]
    """The first N facts, questions and reactions, long or not, for grounding."""
    ignored: list[str]


def _sections(case: Case, b: Briefing) -> _Sections:
    ignored: list[str] = []
    facts = [
        _item(f"key_facts[{i}]", f.text, [q.text for q in f.evidence], f.verified, i)
        for i, f in enumerate(b.key_facts)
    ]
    questions = [
        _item(f"open_questions[{i}]", q.question, [e.text for e in q.evidence], q.verified, i)
        for i, q in enumerate(b.open_questions)
    ]
    reactions = [
        _item(f"reactions[{i}]", r.text, [q.text for q in r.evidence], r.verified, i)
        for i, r in enumerate(b.reactions)
    ]
    bottom = _visible([_item("bottom_line", b.bottom_line, [])], 1, "bottom lines", ignored)
    shown_facts = _visible(facts, case.shown.facts, "facts", ignored)
    shown_questions = _visible(questions, case.shown.questions, "questions", ignored)
    shown_reactions = _visible(reactions, case.shown.reactions, "reactions", ignored)
    counted = [*facts[: case.shown.facts], *questions[: case.shown.questions]]
    counted += reactions[: case.shown.reactions]
    return _Sections(
        facts=bottom + shown_facts,
        questions=shown_questions,
        reactions=[(r.position, r) for r in shown_reactions],
        counted=counted,
        ignored=ignored,
    )


def counted_items(case: Case, b: Briefing) -> list[str]:
    """The fact and question items that count for ``case``, labelled, for the LLM judge."""
    sections = _sections(case, b)
    return [
        *(f"Bottom line: {i.text}" for i in sections.facts if i.label == "bottom_line"),
        *(f"Fact: {i.text}" for i in sections.facts if i.label != "bottom_line"),
        *(f"Open question: {i.text}" for i in sections.questions),
    ]


def _best(
    terms_sets: list[list[str]], items: list[_Item]
) -> tuple[_Item | None, list[str], list[str]]:
    """The item matching most terms of any set: (item, matched, missing)."""
    best: tuple[_Item | None, list[str], list[str]] = (None, [], terms_sets[0])
    for item in items:
        for terms in terms_sets:
            found = [t for t in terms if has(t, item.joined)]
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


def _alternatives(terms_sets: list[list[str]]) -> str:
    return " / ".join(", ".join(t) for t in terms_sets)


def _expect(exp: Expectation, items: list[_Item], kind: Kind) -> Match:
    item, found, missing = _best(exp.any, items)
    if item is not None and not missing:
        why = f"{item.label} states it ({', '.join(found)})"
        return _match(exp, kind, why, item, credit=1.0, met=True)
    if item is None or not found:
        why = f"no counted item mentions any of: {_alternatives(exp.any)}"
    else:
        why = f"closest is {item.label} ({', '.join(found)}), missing {', '.join(missing)}"
    return _match(exp, kind, why)


def _claim_items(b: Briefing) -> list[_Item]:
    """Every place a briefing can make a claim: all items, counted or not."""
    return [
        _item("bottom_line", b.bottom_line, []),
        *(_item(f"key_facts[{i}]", f.text, []) for i, f in enumerate(b.key_facts)),
        *(_item(f"open_questions[{i}]", q.question, []) for i, q in enumerate(b.open_questions)),
        *(_item(f"reactions[{i}]", f"{r.actor}: {r.text}", []) for i, r in enumerate(b.reactions)),
    ]


def _forbidden(exp: Expectation, items: list[_Item], sentences: dict[str, list[str]]) -> Match:
    for item in items:
        for terms in exp.any:
            if not all(has(t, item.joined) for t in terms):
                continue
            said = claims(terms, sentences.setdefault(item.label, _sentences(item.text)))
            if said is not None:
                why = f"{item.label} makes the unsupported claim ({exp.description}): {said}"
                return _match(exp, "forbidden", why, item, credit=1.0, met=True)
    return _match(exp, "forbidden", "not claimed (or only negated, asked or left open)")


def _sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)] or [text]


def stance_credit(got: str, accepted: Sequence[str]) -> float:
    """Credit for stance ``got`` where one of ``accepted`` was expected."""
    if got in accepted:
        return 1.0
    return ADJACENT_STANCE_CREDIT if any((got, a) in _ADJACENT for a in accepted) else 0.0


def _reactions(
    expected: list[ReactionExpectation], b: Briefing, shown: list[tuple[int, _Item]]
) -> list[Match]:
    """Pair expectations with reactions one to one, best credit first."""
    actors = {i: words(b.reactions[i].actor) for i, _ in shown}
    pairs = []  # (credit x weight, expectation index, reaction index, credit, content ok)
    found_actor: dict[str, list[int]] = {}
    for e_index, exp in enumerate(expected):
        for r_index, item in shown:
            if not any(has(alias, actors[r_index]) for alias in exp.actor):
                continue
            found_actor.setdefault(exp.id, []).append(r_index)
            content = exp.any is None or _best(exp.any, [item])[2] == []
            stance = b.reactions[r_index].stance.value
            credit = stance_credit(stance, exp.stance) if content else 0.0
            pairs.append((credit * exp.weight, -e_index, r_index, credit, content))
    pairs.sort(reverse=True)
    taken: dict[int, tuple[int, float, bool]] = {}
    used: set[int] = set()
    for _, neg_e, r_index, credit, content in pairs:
        if -neg_e in taken or r_index in used:
            continue
        taken[-neg_e] = (r_index, credit, content)
        used.add(r_index)
    items = dict(shown)
    matches = []
    for e_index, exp in enumerate(expected):
        if e_index not in taken:
            if exp.id in found_actor:
                why = f"{' / '.join(exp.actor)} found only in reactions already matched"
            else:
                why = f"no counted reaction by {' / '.join(exp.actor)}"
            matches.append(_match(exp, "reaction", why))
            continue
        r_index, credit, content = taken[e_index]
        reaction, item = b.reactions[r_index], items[r_index]
        got = reaction.stance.value
        if not content:
            assert exp.any is not None
            _, _, missing = _best(exp.any, [item])
            why = f"{reaction.actor} found, but the text lacks {', '.join(missing)}"
            matches.append(_match(exp, "reaction", why, item))
            continue
        if credit == 1.0:
            why = f"{reaction.actor} reacts {got}, as expected"
        else:
            why = f"{reaction.actor} found, but stance {got}, expected {'/'.join(exp.stance)}"
        match = _match(exp, "reaction", why, item, credit=credit, met=credit == 1.0)
        matches.append(match.model_copy(update={"stance": got, "stance_ok": credit == 1.0}))
    return matches


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


def grounding(case: Case, b: Briefing) -> float:
    """Share of the first N items of each section that the evidence check verified.

    An item too long to count counts as unverified, and so does every item the evidence
    check dropped because none of its quotes is in the article.
    """
    return _grounding(_sections(case, b), b.meta.evidence.dropped)


def _grounding(sections: _Sections, dropped: int) -> float:
    readable = {i.label for i in sections.facts + sections.questions}
    readable |= {item.label for _, item in sections.reactions}
    counted = sections.counted
    if not counted and not dropped:
        return 0.0
    verified = sum(i.verified and i.label in readable for i in counted)
    return round(verified / (len(counted) + dropped), 4)


def score(case: Case, b: Briefing) -> Score:
    """Score briefing ``b`` against ``case``."""
    sections = _sections(case, b)
    claim_items = _claim_items(b)
    sentences: dict[str, list[str]] = {}
    matches = [
        *(_expect(e, sections.facts, "fact") for e in case.facts),
        *(_expect(e, sections.questions, "question") for e in case.open_questions),
        *_reactions(case.reactions, b, sections.reactions),
        *(_forbidden(e, claim_items, sentences) for e in case.forbidden),
    ]
    return rescore(case, b, matches)


def rescore(case: Case, b: Briefing, matches: list[Match]) -> Score:
    """Aggregate expectation ``matches`` for briefing ``b`` into a case score."""
    sections = _sections(case, b)
    fact_matches = [m for m in matches if m.kind == "fact"]
    question_matches = [m for m in matches if m.kind == "question"]
    reaction_matches = [m for m in matches if m.kind == "reaction"]
    forbidden = [m for m in matches if m.kind == "forbidden"]
    parts = {
        "facts": _recall(fact_matches),
        "questions": _recall(question_matches),
        "reactions": _recall(reaction_matches),
        "grounding": _grounding(sections, b.meta.evidence.dropped),
    }
    present = {k: v for k, v in parts.items() if v is not None}
    weight = sum(WEIGHTS[k] for k in present)
    overall = sum(WEIGHTS[k] * v for k, v in present.items()) / weight
    hits = sum(m.met for m in forbidden)
    problems = _limits(case, b)
    overall = max(0.0, overall - FORBIDDEN_PENALTY * hits - LIMIT_PENALTY * len(problems))
    overall = round(overall, 4)
    weak = [
        f"{name} {value:.0%} below the floor of {case.section_floor:.0%}"
        for name, value in present.items()
        if name != "grounding" and value < case.section_floor
    ]
    judged_stances = [m.stance_ok for m in reaction_matches if m.stance_ok is not None]
    return Score(
        case=case.name,
        fact_recall=parts["facts"],
        question_recall=parts["questions"],
        reaction_score=parts["reactions"],
        stance_accuracy=round(sum(judged_stances) / len(judged_stances), 4)
        if judged_stances
        else None,
        grounding=parts["grounding"] or 0.0,
        forbidden_hits=hits,
        limit_problems=problems,
        weak_sections=weak,
        ignored=sections.ignored,
        overall=overall,
        passed=overall >= case.pass_score and hits == 0 and not weak,
        matches=matches,
    )
