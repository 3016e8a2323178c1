"""The LLM engine: briefings written by a model behind an OpenAI-compatible Chat Completions API.

Works with OpenAI and with any compatible server (vLLM, llama.cpp server, Ollama, LM Studio)
through ``base_url``. The model is asked for the briefing's JSON Schema (strict
``json_schema`` response format); servers that reject it get ``json_object`` mode with the
schema in the prompt. Output that fails validation is re-asked, showing the model the
problems. Articles too long for the context window are briefed in overlapping parts and
merged. Answers are cached on disk. The shared evidence check runs afterwards (in
``briefer.core``), as for every engine.

Modules: ``prompting`` (messages, schema, sampling), ``transport`` (client, errors),
``repair`` (re-ask), ``chunking`` (split and merge), ``drafts`` (the model's answer).
"""

from __future__ import annotations

import json
import os
import re
import threading
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from briefer import __version__
from briefer.budget import cost, count_tokens, model_info
from briefer.cache import ResponseCache, cache_key
from briefer.engines import Description
from briefer.engines.llm import prompting, transport
from briefer.engines.llm.chunking import chunk_text, merge_drafts
from briefer.engines.llm.drafts import (
    MAX_FACTS,
    MAX_QUESTIONS,
    DraftBriefing,
    to_briefing,
    unfence,
)
from briefer.engines.llm.prompting import Messages, response_schema, schema_text
from briefer.engines.llm.repair import solicit
from briefer.engines.llm.transport import Reply, Server, client_errors, translate
from briefer.errors import ConfigError, EngineOutputError
from briefer.models import Meta
from briefer.prompts import PromptSet, load_prompts

if TYPE_CHECKING:
    from briefer.article import Article
    from briefer.models import Briefing

__all__ = [
    "DEFAULT_MODEL",
    "OpenAIEngine",
    "Usage",
    "chunk_text",
    "client_errors",
    "merge_drafts",
    "response_schema",
    "schema_text",
    "translate",
]

DEFAULT_MODEL = "gpt-4.1-mini"


class Usage:
    """Token counts and calls, summed over the requests made for one briefing."""

    def __init__(self) -> None:
        self.input_tokens = 0
        self.output_tokens = 0
        self.calls = 0
        self._lock = threading.Lock()

    def add(self, reply: Reply, chat: Messages, model: str) -> None:
        """Count a reply, estimating with tiktoken what the server did not report."""
        prompt = reply.prompt_tokens
        completion = reply.completion_tokens
        with self._lock:
            self.calls += 1
            self.input_tokens += (
                prompt if prompt is not None else prompting.prompt_tokens(chat, model)
            )
            self.output_tokens += (
                completion if completion is not None else count_tokens(reply.content, model)
            )

    def spent(self) -> tuple[int, int]:
        """(input tokens, output tokens) so far."""
        return self.input_tokens, self.output_tokens


class OpenAIEngine:
    """Brief articles with a model behind an OpenAI-compatible Chat Completions endpoint."""

    name = "openai"

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        prompts: str | None = None,
        cache: bool = True,
        timeout: float = 60.0,
        max_retries: int = 2,
        max_output_tokens: int = 4096,
        temperature: float = 0.0,
    ) -> None:
        self.model = model or os.environ.get("BRIEFER_MODEL") or DEFAULT_MODEL
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        if self.base_url and not re.match(r"https?://[^/\s]+", self.base_url):
            raise ConfigError(
                f"--base-url must look like http://host:port/v1, not {self.base_url!r}"
            )
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if self.base_url is None:
                raise ConfigError(
                    "the openai engine needs OPENAI_API_KEY, or --base-url for a local server"
                )
            key = "not-needed"  # local servers accept any key
        self.prompts: PromptSet = load_prompts(prompts)
        self.temperature = temperature
        info = model_info(self.model)
        self.max_output_tokens = min(max_output_tokens, info.max_output)
        self.context_window = info.context_window
        self._server = Server(self.base_url, self.model, key, max_retries, self.name)
        self._json_schema = True  # switched off for servers that reject it
        self._lock = threading.Lock()
        self._cache = ResponseCache() if cache else None
        self._client = transport.make_client(self._server, timeout)

    # -- the Engine protocol -------------------------------------------------------------

    def describe(self) -> Description:
        """Name, model and prompt version, for ``meta`` and eval reports."""
        return Description(self.name, self.model, self.prompts.version)

    def close(self) -> None:
        """Close the HTTP connections and the cache."""
        self._client.close()
        if self._cache is not None:
            self._cache.close()

    def brief(self, article: Article) -> Briefing:
        """Brief ``article``, in parts if it does not fit the model's context window."""
        usage = Usage()
        parts = self._split(article)
        drafts = [
            self._brief_part(article, text, number, len(parts), usage)
            for number, text in enumerate(parts, 1)
        ]
        draft = merge_drafts(drafts)
        meta = Meta(
            briefer_version=__version__,
            engine=self.name,
            model=self.model,
            prompt_version=self.prompts.version,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cost_usd=cost(self.model, usage.input_tokens, usage.output_tokens),
            calls=usage.calls,
            chunks=len(parts),
            cached=usage.calls == 0,
            article_words=article.words,
        )
        return to_briefing(draft, article, meta)

    def ask_json(self, system: str, user: str) -> dict[str, Any]:
        """A free-form JSON question to the model (json_object mode), with the same retries
        and error handling as briefings; used by the eval judge."""
        chat = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        content = self._send(chat, Usage(), json_object=True)
        try:
            data = json.loads(unfence(content))
        except json.JSONDecodeError:
            raise EngineOutputError("the model's answer is not JSON", self.name) from None
        if not isinstance(data, dict):
            raise EngineOutputError("the model's answer is not a JSON object", self.name)
        return data

    def prompt_tokens(self, chat: Messages) -> int:
        """Tokens the messages take, with the few tokens of chat formatting per message."""
        return prompting.prompt_tokens(chat, self.model)

    # -- planning --------------------------------------------------------------------------

    def _input_budget(self) -> int:
        return self.context_window - self.max_output_tokens - 256

    def _split(self, article: Article) -> list[str]:
        """The article's text as one part, or as overlapping parts that each fit the budget."""
        budget = self._input_budget()
        whole = prompting.with_schema(self._messages(article, article.text, 1, 1))
        size = sum(len(m["content"].encode()) + 8 for m in whole)
        if size <= budget or self.prompt_tokens(whole) <= budget:  # a token is >= 1 byte
            return [article.text]
        # budget for the larger prompt: json_object mode carries the schema in the prompt
        overhead = self.prompt_tokens(prompting.with_schema(self._messages(article, "", 2, 2)))
        room = budget - overhead
        if room < 200:
            raise ConfigError(f"model {self.model}'s context window is too small for the prompt")
        return chunk_text(article.text, room, lambda s: count_tokens(s, self.model))

    def _messages(self, article: Article, text: str, part: int, parts: int) -> Messages:
        return prompting.messages(self.prompts, article, text, part, parts, use_schema=True)

    # -- one part --------------------------------------------------------------------------

    def _brief_part(
        self, article: Article, text: str, part: int, parts: int, usage: Usage
    ) -> DraftBriefing:
        chat = self._messages(article, text, part, parts)
        if self._cache is None:
            return self._solicit(chat, usage)
        key = cache_key(
            messages=chat,
            model=self.model,
            base_url=self.base_url,
            temperature=self.temperature,
            max_output_tokens=self.max_output_tokens,
            schema=schema_text(),
            limits=(MAX_FACTS, MAX_QUESTIONS),
        )
        if (hit := self._cache.get(key)) is not None:
            try:
                return DraftBriefing.model_validate(hit)
            except ValidationError:
                pass  # written by another version: ask again
        draft = self._solicit(chat, usage)
        self._cache.put(key, self.model, draft.model_dump())
        return draft

    def _solicit(self, chat: Messages, usage: Usage) -> DraftBriefing:
        return solicit(chat, lambda c: self._send(c, usage), self.name, usage.spent)

    def _send(self, chat: Messages, usage: Usage, json_object: bool = False) -> str:
        """One completion in the best response format the server accepts."""
        import openai

        while True:
            use_schema = self._json_schema and not json_object
            sent = chat if use_schema else prompting.with_schema(chat)
            if json_object:
                sent = chat
            options = {
                "response_format": prompting.response_format(use_schema),
                **prompting.sampling(self.model, self.max_output_tokens, self.temperature),
            }
            try:
                reply = transport.complete(self._client, self._server, sent, options)
            except openai.OpenAIError as exc:
                if use_schema and transport.rejects_json_schema(exc):
                    with self._lock:
                        self._json_schema = False  # this server wants json_object
                    continue
                raise translate(exc, self._server) from None
            usage.add(reply, sent, self.model)
            return reply.content
