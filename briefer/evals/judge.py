"""An optional LLM judge for expectations that keyword matching could not confirm.

Off by default and never needed for CI: the keyword scorers decide first, and the judge
only looks at fact and question expectations they left unmet. Its verdicts are marked as
such in every report.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from briefer.errors import EngineError, one_line
from briefer.evals.cases import Case
from briefer.evals.scorers import Match, Score, counted_items, rescore
from briefer.models import Briefing

SYSTEM = (
    "You check a news briefing against one expectation. Decide whether the briefing states "
    "what the expectation describes, in any wording. A question that asks about it counts "
    "for an open question. Do not count claims the briefing negates. Reply with JSON only: "
    '{"verdict": "yes" or "no", "item": the number of the item that states it or null, '
    '"reason": one short sentence}.'
)


@runtime_checkable
class AsksJson(Protocol):
    """An engine that can put a free-form question to its model and get a JSON object."""

    def ask_json(self, system: str, user: str) -> dict[str, Any]:
        """The model's answer to ``user`` under ``system``, as a JSON object."""
        ...


class Judge:
    """Asks a model about the expectations the keyword scorers left unmet."""

    def __init__(self, engine: AsksJson) -> None:
        self.engine = engine
        self.failure: str | None = None
        """Why the judge stopped: once its server fails, the rest of the run is scored by
        keywords alone rather than every case waiting on the same failure."""

    def review(self, case: Case, briefing: Briefing, score: Score) -> Score:
        """Return ``score`` with unmet fact and question expectations judged by the model
        (``score`` itself once the judge has failed)."""
        if self.failure is not None:
            return score
        items = counted_items(case, briefing)
        descriptions = {e.id: e.description for e in [*case.facts, *case.open_questions]}
        matches: list[Match] = []
        try:
            for match in score.matches:
                if match.met or match.kind not in ("fact", "question"):
                    matches.append(match)
                    continue
                matches.append(self._judge(match, descriptions[match.id], items))
        except EngineError as exc:
            self.failure = exc.message
            return score
        return rescore(case, briefing, matches)

    def _judge(self, match: Match, description: str, items: list[str]) -> Match:
        numbered = "\n".join(f"{i}. {text}" for i, text in enumerate(items, 1))
        user = f"Expectation ({match.kind}): {description}\n\nBriefing items:\n{numbered}"
        answer = self.engine.ask_json(SYSTEM, user)
        verdict = str(answer.get("verdict", "")).strip().lower()
        reason = one_line(answer.get("reason", ""))
        item = answer.get("item")
        label = items[item - 1] if isinstance(item, int) and 0 < item <= len(items) else None
        if verdict == "yes":
            return match.model_copy(
                update={
                    "met": True,
                    "credit": 1.0,
                    "text": label,
                    "explanation": f"judge: yes ({reason})",
                    "judged": True,
                }
            )
        return match.model_copy(
            update={"explanation": f"{match.explanation}; judge: no ({reason})", "judged": True}
        )
