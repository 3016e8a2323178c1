"""Helpers for eval tests: hand-written reference briefings, briefings built from sentences."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from briefer import __version__, check_evidence, load_article
from briefer.evals import load_case
from briefer.models import Briefing, Fact, Meta, OpenQuestion, Quote, Reaction
from tests.conftest import ROOT

REFERENCES = ROOT / "evals" / "references"


def checked(
    text: str,
    *,
    bottom_line: str,
    facts: Sequence[tuple[str, Sequence[str]]] = (),
    questions: Sequence[tuple[str, Sequence[str]]] = (),
    reactions: Sequence[tuple[str, str, str, Sequence[str]]] = (),
) -> Briefing:
    """A briefing of the article ``text`` from (text, quotes) tuples, through the evidence check.

    Reactions are (actor, stance, text, quotes).
    """
    draft = Briefing(
        title="t",
        source="s",
        bottom_line=bottom_line,
        key_facts=[Fact(text=t, evidence=[Quote(text=q) for q in qs]) for t, qs in facts],
        open_questions=[
            OpenQuestion(question=t, evidence=[Quote(text=q) for q in qs]) for t, qs in questions
        ],
        reactions=[
            Reaction(actor=a, stance=s, text=t, evidence=[Quote(text=q) for q in qs])
            for a, s, t, qs in reactions
        ],
        meta=Meta(briefer_version=__version__, engine="test"),
    )
    return check_evidence(draft, text)


def reference(case_path: Path) -> Briefing:
    """The hand-written reference briefing of a case, through the evidence check."""
    case = load_case(case_path)
    raw = yaml.safe_load((REFERENCES / f"{case.name}.yaml").read_text(encoding="utf-8"))
    return checked(
        load_article(case.article_path()).text,
        bottom_line=raw["bottom_line"],
        facts=[(f["text"], f["evidence"]) for f in raw["key_facts"]],
        questions=[(q["question"], q["evidence"]) for q in raw["open_questions"]],
        reactions=[(r["actor"], r["stance"], r["text"], r["evidence"]) for r in raw["reactions"]],
    )
