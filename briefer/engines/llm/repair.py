"""The re-ask: when the model's answer is not a valid briefing, show it the problems and
ask again, a bounded number of times."""

from __future__ import annotations

from collections.abc import Callable

from briefer.engines.llm.drafts import DraftBriefing, parse_draft
from briefer.engines.llm.prompting import Messages
from briefer.errors import EngineOutputError, one_line

REPAIR_ATTEMPTS = 1
"""Re-asks after the first answer."""
_SHOWN = 4000
"""Characters of the bad answer shown back to the model."""

Send = Callable[[Messages], str]
"""Sends messages, returns the model's reply."""


def reask_messages(chat: Messages, content: str, problems: str) -> Messages:
    """``chat`` followed by the model's bad answer and what is wrong with it."""
    return [
        *chat,
        {"role": "assistant", "content": content[:_SHOWN]},
        {
            "role": "user",
            "content": "Your reply was not valid. Problems:\n"
            f"{problems}\nReply again with the corrected JSON object only.",
        },
    ]


def solicit(
    chat: Messages,
    send: Send,
    engine: str,
    usage: Callable[[], tuple[int, int]],
    attempts: int = REPAIR_ATTEMPTS,
) -> DraftBriefing:
    """Ask with ``chat``; while the answer is invalid and re-asks remain, re-ask.

    ``usage`` reports the tokens spent so far, for the error raised when all attempts fail.
    """
    content = send(chat)
    for attempt in range(attempts + 1):
        try:
            return parse_draft(content)
        except ValueError as exc:
            problems = str(exc)
        if attempt == attempts:
            spent_in, spent_out = usage()
            raise EngineOutputError(
                f"the model's output is not a valid briefing after "
                f"{attempts} repair attempt{'s' if attempts != 1 else ''}: "
                f"{one_line(problems, 300)}",
                engine,
                attempts=attempts + 1,
                input_tokens=spent_in,
                output_tokens=spent_out,
            )
        content = send(reask_messages(chat, content, problems))
    raise AssertionError("unreachable")
