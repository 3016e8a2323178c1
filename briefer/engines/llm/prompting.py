"""The request's content: chat messages, the JSON Schema the model must follow, the
response format and the sampling parameters."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from briefer.budget import count_tokens
from briefer.engines.llm.citations import MAX_CITED, CitedBriefing, number_sentences
from briefer.engines.llm.drafts import (
    FIELD_CHARS,
    MAX_FACTS,
    MAX_QUESTIONS,
    MAX_REACTIONS,
    DraftBriefing,
)

if TYPE_CHECKING:
    from briefer.article import Article
    from briefer.prompts import Evidence, PromptSet

Messages = list[dict[str, str]]
_REASONING = re.compile(r"^(?:o\d|gpt-5)")
_SCHEMA_NOTE = "Match this JSON Schema:"


MIN_FACTS = 3
"""Every news article states a few facts; a small model left free often gives one."""
QUOTE_CHARS = 360
QUOTES_PER_ITEM = 2
LIST_ITEMS = {"key_facts": MAX_FACTS, "open_questions": MAX_QUESTIONS, "reactions": MAX_REACTIONS}


@cache
def response_schema(bounded: bool = False, evidence: Evidence = "quotes") -> dict[str, Any]:
    """The JSON Schema sent as a strict ``json_schema`` response format (do not mutate).

    Titles and descriptions are dropped: the prompt explains the fields, and every token of
    schema is paid for on every request. ``bounded`` adds ``maxItems`` and ``maxLength``,
    which grammar-constrained servers (llama.cpp, vLLM) enforce while the model writes, so
    that a small model cannot ramble on; OpenAI's strict mode does not accept string bounds.
    """

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: strip(v)
                for k, v in node.items()
                if k not in ("title", "description") or not isinstance(v, str)
            }
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    model = CitedBriefing if evidence == "sentences" else DraftBriefing
    schema: dict[str, Any] = strip(model.model_json_schema())
    if bounded:
        for node in [schema, *schema.get("$defs", {}).values()]:
            for name, spec in node.get("properties", {}).items():
                if name in FIELD_CHARS and spec.get("type") == "string":
                    spec["maxLength"] = FIELD_CHARS[name]
                elif name == "evidence":
                    spec["minItems"], spec["maxItems"] = 1, QUOTES_PER_ITEM
                    spec["items"]["maxLength"] = QUOTE_CHARS
                elif name == "sentences":
                    spec["minItems"], spec["maxItems"] = 1, MAX_CITED
                    spec["items"]["minimum"] = 1
                elif name in LIST_ITEMS:
                    spec["maxItems"] = LIST_ITEMS[name]
                    if name == "key_facts":
                        spec["minItems"] = MIN_FACTS
    return schema


@cache
def schema_text(bounded: bool = False, evidence: Evidence = "quotes") -> str:
    """The response schema as compact JSON, for prompts in json_object mode."""
    return json.dumps(response_schema(bounded, evidence), separators=(",", ":"))


def messages(prompts: PromptSet, article: Article, text: str, part: int, parts: int) -> Messages:
    """The chat messages (without the schema: see ``with_schema``).

    For prompts that cite sentences, ``text`` (the article or a part of it) is shown with
    its sentences numbered.
    """
    if prompts.evidence == "sentences":
        text = number_sentences(article.text, text).text
    system, user = prompts.render(
        max_facts=MAX_FACTS,
        max_questions=MAX_QUESTIONS,
        max_cited=MAX_CITED,
        schema=None,
        title=article.title,
        published=article.published,
        text=text,
        part=part,
        parts=parts,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def with_schema(chat: Messages, evidence: Evidence = "quotes") -> Messages:
    """``chat`` with the schema in its system message (for json_object mode).

    The schema there is the unbounded one: in a prompt, bounds cost tokens and bind nothing.
    """
    if _SCHEMA_NOTE in chat[0]["content"] or '"bottom_line"' in chat[0]["content"]:
        return chat
    system = chat[0]["content"] + f"\n{_SCHEMA_NOTE}\n{schema_text(False, evidence)}"
    return [{"role": "system", "content": system}, *chat[1:]]


def prompt_tokens(chat: Messages, model: str) -> int:
    """Tokens the messages take, with the few tokens of chat formatting per message."""
    return sum(count_tokens(m["content"], model) + 4 for m in chat) + 3


def response_format(
    use_schema: bool, bounded: bool = False, evidence: Evidence = "quotes"
) -> dict[str, Any]:
    """Strict json_schema, or plain json_object for servers that reject it."""
    if use_schema:
        schema = response_schema(bounded, evidence)
        return {
            "type": "json_schema",
            "json_schema": {"name": "briefing", "strict": True, "schema": schema},
        }
    return {"type": "json_object"}


def sampling(model: str, max_tokens: int, temperature: float) -> dict[str, Any]:
    """Output limit and temperature, in the form the model accepts."""
    if _REASONING.match(model):  # no temperature; max_completion_tokens only
        return {"max_completion_tokens": max_tokens}
    return {"max_tokens": max_tokens, "temperature": temperature}
