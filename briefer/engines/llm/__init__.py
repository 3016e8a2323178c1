"""The LLM engine: briefings written by a model behind an OpenAI-compatible Chat Completions API.

Works with OpenAI and with any compatible server (vLLM, llama.cpp server, Ollama, LM Studio)
through ``base_url``. The model is asked for the briefing's JSON Schema (strict
``json_schema`` response format); servers that reject it get ``json_object`` mode with the
schema in the prompt. Output that fails validation is re-asked, showing the model the
problems. Articles too long for the context window are briefed in overlapping parts and
merged. Answers are cached on disk. The shared evidence check runs afterwards (in
``briefer.core``), as for every engine.

Modules: ``prompting`` (messages, schema, sampling), ``transport`` (the client on its own I/O
thread, streaming, the silence timeout), ``runaway`` (a model stuck in a loop), ``failures``
(the SDK's errors in briefer's words), ``context`` (what the server can take), ``slots`` (a
server's slots across processes), ``repair`` (re-ask), ``reground`` (evidence mended from the
article), ``chunking`` (split and merge), ``drafts`` (the model's answer), ``citations``
(evidence cited by sentence number).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from briefer import __version__
from briefer.budget import UNKNOWN_MODEL, cost, count_tokens, model_info
from briefer.cache import ResponseCache, cache_key
from briefer.engines import Description
from briefer.engines.llm import prompting, transport
from briefer.engines.llm.chunking import chunk_text, merge_drafts
from briefer.engines.llm.citations import number_sentences, parse_cited, salvage_cited
from briefer.engines.llm.context import Overflow, ask_server, overflow
from briefer.engines.llm.drafts import (
    MAX_FACTS,
    MAX_QUESTIONS,
    DraftBriefing,
    statements_only,
    to_briefing,
    unfence,
)
from briefer.engines.llm.failures import client_errors, rejects_json_schema, translate
from briefer.engines.llm.prompting import Messages, response_schema, schema_text
from briefer.engines.llm.reground import reground
from briefer.engines.llm.repair import QUOTES, Answer, Reader, solicit
from briefer.engines.llm.slots import Slots
from briefer.engines.llm.transport import Reply, Server, Stalled, Watcher, silence
from briefer.errors import ConfigError, EngineError, EngineOutputError, EngineTimeout
from briefer.evidence import QuoteFinder, finder_for
from briefer.models import Meta
from briefer.prompts import PromptSet, load_prompts

if TYPE_CHECKING:
    from briefer.article import Article
    from briefer.models import Briefing

__all__ = [
    "DEFAULT_MODEL",
    "OpenAIEngine",
    "Progress",
    "Usage",
    "chunk_text",
    "client_errors",
    "merge_drafts",
    "response_schema",
    "schema_text",
    "translate",
]

DEFAULT_MODEL = "gpt-4.1-mini"
BRIEFING_TOKENS = 3072
"""Output tokens a full briefing may need; less when the context has less room left."""
MIN_ANSWER_TOKENS = 256
"""A request leaving less room than this for the answer is not sent."""
_MARGIN = 32
"""Tokens kept free of the context window for the chat template's own tokens."""
PROMPT_TOKENS_PER_SECOND = 10.0
"""How slowly a local server on a busy CPU may read the prompt before its first token
(llama.cpp on 2 shared cores: 200 tokens/s idle, under 20 when others compete)."""
_LOCAL_TOKEN_RATIO = 1.1
"""Local models' tokenizers are not tiktoken's: assume their counts run 10% higher."""

Progress = Callable[[str], Watcher]
"""Given a label for a request (the article, the part), returns what to tell of its stream."""


class Usage:
    """Token counts and calls, summed over the requests made for one briefing."""

    def __init__(self) -> None:
        self.input_tokens = 0
        self.output_tokens = 0
        self.calls = 0

    def add(self, reply: Reply, chat: Messages, model: str) -> None:
        """Count a reply, estimating with tiktoken what the server did not report."""
        prompt, completion = reply.prompt_tokens, reply.completion_tokens
        self.calls += 1
        self.input_tokens += prompt if prompt is not None else prompting.prompt_tokens(chat, model)
        self.output_tokens += (
            completion if completion is not None else count_tokens(reply.content, model)
        )

    def spent(self) -> tuple[int, int]:
        """(input tokens, output tokens) so far."""
        return self.input_tokens, self.output_tokens


class _TooLong(Exception):
    """The server refused a prompt as too long for its context window."""

    def __init__(self, found: Overflow, estimate: int, message: str) -> None:
        super().__init__(message)
        self.found = found
        self.estimate = estimate
        self.message = message


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
        timeout: float | None = None,
        context_window: int | None = None,
        max_retries: int = 2,
        max_output_tokens: int = BRIEFING_TOKENS,
        temperature: float = 0.0,
        progress: Progress | None = None,
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
        self.timeout = silence(timeout)
        info = model_info(self.model)
        self.max_output_tokens = min(max_output_tokens, info.max_output)
        self.context_window = context_window or info.context_window
        if self.context_window < 512:
            raise ConfigError(f"--context-window must be at least 512 tokens, not {context_window}")
        self._context_given = context_window is not None or info is not UNKNOWN_MODEL
        self._token_ratio = _LOCAL_TOKEN_RATIO if self.base_url else 1.0
        self._progress = progress
        self._bounded = self.base_url is not None  # see prompting.response_schema
        self._server = Server(self.base_url, self.model, key, max_retries, self.timeout, self.name)
        self._json_schema = True  # switched off for servers that reject it
        self._lock = threading.Lock()
        self._asked_server = self.base_url is None
        self._slots: Slots | None = None
        self._cache = ResponseCache() if cache else None
        self._link = transport.Link(self._server)
        self._recipe: dict[str, Any] = {
            "model": self.model,
            "base_url": self.base_url,
            "api_key": key,
            "prompts": prompts,
            "cache": cache,
            "timeout": self.timeout,
            "context_window": context_window,
            "max_retries": max_retries,
            "max_output_tokens": max_output_tokens,
            "temperature": temperature,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as the options it was built with, to be rebuilt in another process
        (``briefer.pool``) with connections of its own; the progress callback stays here."""
        return (_rebuilt, (self._recipe,))

    # -- the Engine protocol -------------------------------------------------------------

    def describe(self) -> Description:
        """Name, model and prompt version, for ``meta`` and eval reports."""
        return Description(self.name, self.model, self.prompts.version)

    def close(self) -> None:
        """Close the HTTP connections and the cache."""
        self._link.close()
        if self._cache is not None:
            self._cache.close()

    def brief(self, article: Article) -> Briefing:
        """Brief ``article``, in parts if it does not fit the model's context window."""
        self._ask_server()
        usage = Usage()
        try:
            parts, answers = self._brief_parts(article, usage)
        except _TooLong as exc:  # the server's context is smaller than we planned for
            self._replan(exc)
            try:
                parts, answers = self._brief_parts(article, usage)
            except _TooLong as again:
                raise EngineError(again.message, self.name) from None
        merged = merge_drafts([a.draft for a in answers], article.title)
        draft, recited, unattributed = reground(statements_only(merged, article.text), article.text)
        cut = [
            f"part {number}: {a.truncated}" if len(answers) > 1 else a.truncated
            for number, a in enumerate(answers, 1)
            if a.truncated
        ]
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
            truncated="; ".join(cut) or None,
            recited=recited,
            invalid_items=unattributed,
        )
        return to_briefing(draft, article, meta)

    def ask_json(self, system: str, user: str) -> dict[str, Any]:
        """A free-form JSON question to the model (json_object mode), with the same retries
        and error handling as briefings; used by the eval judge."""
        self._ask_server()
        chat = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        reply = self._send(chat, Usage(), "judge", json_object=True)
        if reply is None:
            raise EngineError("the question does not fit the model's context window", self.name)
        try:
            data = json.loads(unfence(reply.content))
        except json.JSONDecodeError:
            raise EngineOutputError("the model's answer is not JSON", self.name) from None
        if not isinstance(data, dict):
            raise EngineOutputError("the model's answer is not a JSON object", self.name)
        return data

    def prompt_tokens(self, chat: Messages) -> int:
        """Tokens the messages take, with the few tokens of chat formatting per message."""
        return prompting.prompt_tokens(chat, self.model)

    # -- what the server can take --------------------------------------------------------

    def _ask_server(self) -> None:
        """Learn the server's context window and parallel slots, once."""
        with self._lock:
            if self._asked_server or self.base_url is None:
                return
            self._asked_server = True
            limits = self._link.run(ask_server(self._link.client, self.base_url, self.model))
            if limits.context_window and not self._context_given:
                self.context_window = limits.context_window
            if limits.slots:
                self._slots = Slots(self.base_url, limits.slots)

    def _replan(self, exc: _TooLong) -> None:
        """Believe the server's own numbers: its context window, and how many tokens our
        prompt really took (its tokenizer is not ours)."""
        with self._lock:
            self.context_window = exc.found.context_window
            if exc.found.prompt_tokens and exc.estimate:
                ratio = exc.found.prompt_tokens / exc.estimate
                self._token_ratio = max(self._token_ratio, ratio * 1.05)

    @contextlib.contextmanager
    def _slot(self) -> Iterator[None]:
        """Wait for a free slot on servers that say how many requests they serve at once,
        so that a queued request is not mistaken for a silent one (``slots``)."""
        if self._slots is None:
            yield
            return
        with self._slots.hold():
            yield

    # -- planning --------------------------------------------------------------------------

    def _tokens(self, chat: Messages) -> int:
        """The prompt's size as the server will likely count it."""
        return math.ceil(self.prompt_tokens(chat) * self._token_ratio)

    def _input_budget(self) -> int:
        """Prompt tokens a part may take, keeping room for a good answer."""
        reserve = min(self.max_output_tokens, self.context_window * 3 // 8)
        return self.context_window - reserve - _MARGIN

    def _split(self, article: Article) -> list[str]:
        """The article's text as one part, or as overlapping parts that each fit the budget."""
        budget = self._input_budget()
        evidence = self.prompts.evidence
        whole = self._with_schema(self._messages(article, article.text, 1, 1))
        size = sum(len(m["content"].encode()) + 8 for m in whole)
        if size * self._token_ratio <= budget or self._tokens(whole) <= budget:
            return [article.text]  # (a token is at least one byte)
        # budget for the larger prompt: json_object mode carries the schema in the prompt
        overhead = self._tokens(self._with_schema(self._messages(article, "", 2, 2)))
        room = budget - overhead
        if room < 200:
            raise ConfigError(
                f"model {self.model}'s context window ({self.context_window} tokens) is too "
                "small for the prompt"
            )
        ratio = self._token_ratio
        numbered = 3 if evidence == "sentences" else 0  # "[12] " before each sentence
        return chunk_text(
            article.text,
            room,
            lambda s: math.ceil((count_tokens(s, self.model) + numbered) * ratio),
        )

    def _messages(self, article: Article, text: str, part: int, parts: int) -> Messages:
        return prompting.messages(self.prompts, article, text, part, parts)

    def _with_schema(self, chat: Messages) -> Messages:
        return prompting.with_schema(chat, self.prompts.evidence)

    # -- parts -----------------------------------------------------------------------------

    def _brief_parts(self, article: Article, usage: Usage) -> tuple[list[str], list[Answer]]:
        parts = self._split(article)
        finder = finder_for(article.text)
        label = " ".join(article.title.split())[:48] or article.source
        answers = [
            self._brief_part(
                article,
                text,
                number,
                len(parts),
                usage,
                finder,
                f"{label} ({number}/{len(parts)})" if len(parts) > 1 else label,
            )
            for number, text in enumerate(parts, 1)
        ]
        return parts, answers

    def _brief_part(
        self,
        article: Article,
        text: str,
        part: int,
        parts: int,
        usage: Usage,
        finder: QuoteFinder,
        label: str,
    ) -> Answer:
        chat = self._messages(article, text, part, parts)
        reader = QUOTES
        if self.prompts.evidence == "sentences":
            numbering = number_sentences(article.text, text)
            reader = Reader(
                partial(parse_cited, numbering=numbering),
                partial(salvage_cited, numbering=numbering),
            )

        def ask() -> Answer:
            return solicit(
                chat,
                lambda c: self._send(c, usage, label, repair=c is not chat, prepare=finder.read),
                finder,
                self._cut_cause,
                self.name,
                usage.spent,
                reader=reader,
            )

        if self._cache is None:
            return ask()
        key = cache_key(
            messages=chat,
            model=self.model,
            base_url=self.base_url,
            temperature=self.temperature,
            max_output_tokens=self.max_output_tokens,
            schema=schema_text(self._bounded, self.prompts.evidence),
            limits=(MAX_FACTS, MAX_QUESTIONS),
        )
        if (hit := self._cache.get(key)) is not None:
            try:
                return Answer(DraftBriefing.model_validate(hit["draft"]), hit.get("truncated"))
            except (ValidationError, KeyError, TypeError):
                pass  # written by another version: ask again
        answer = ask()
        self._cache.put(
            key, self.model, {"draft": answer.draft.model_dump(), "truncated": answer.truncated}
        )
        return answer

    def _cut_cause(self, reply: Reply) -> str:
        """Why an answer stopped early, in the user's terms."""
        completion = reply.completion_tokens
        if completion is None:
            completion = count_tokens(reply.content, self.model)
        if reply.finish_reason == "repetition":
            return f"the model kept repeating itself; stopped after {completion} tokens"
        prompt = reply.prompt_tokens
        limit = reply.max_tokens
        if (
            limit is not None
            and completion < limit - 8
            or (prompt is not None and prompt + completion >= self.context_window - _MARGIN)
        ):
            used = (
                f"{prompt} prompt + {completion} answer tokens" if prompt else "prompt and answer"
            )
            return f"the context window of {self.context_window} tokens is full ({used})"
        return f"the output limit of {limit} tokens was reached"

    # -- one request -------------------------------------------------------------------------

    def _send(
        self,
        chat: Messages,
        usage: Usage,
        label: str,
        json_object: bool = False,
        repair: bool = False,
        prepare: Callable[[], object] | None = None,
    ) -> Reply | None:
        """One completion in the best response format the server accepts; None when a
        repair request would leave too little room for the answer. ``prepare`` is work
        to do while the server answers."""
        import openai

        while True:
            use_schema = self._json_schema and not json_object
            sent = chat if use_schema or json_object else self._with_schema(chat)
            estimate = self.prompt_tokens(sent)
            expected = math.ceil(estimate * self._token_ratio)
            room = min(self.max_output_tokens, self.context_window - expected - _MARGIN)
            if room < MIN_ANSWER_TOKENS:
                if repair:
                    return None
                raise EngineError(
                    f"the prompt (about {expected} tokens) leaves no room for an "
                    f"answer in the context window of {self.context_window} tokens",
                    self.name,
                )
            options = {
                "response_format": prompting.response_format(
                    use_schema, self._bounded, self.prompts.evidence
                ),
                **prompting.sampling(self.model, room, self.temperature),
            }
            patience = expected / PROMPT_TOKENS_PER_SECOND if self.base_url else 0.0
            try:
                with self._slot():
                    reply = self._stream(sent, options, label, patience, prepare)
            except openai.OpenAIError as exc:
                if use_schema and rejects_json_schema(exc):
                    with self._lock:
                        self._json_schema = False  # this server wants json_object
                    continue
                error = translate(exc, self._server)
                if isinstance(exc, openai.BadRequestError) and (found := overflow(str(exc))):
                    raise _TooLong(found, estimate, str(error)) from None
                raise error from None
            usage.add(reply, sent, self.model)
            if reply.prompt_tokens and reply.prompt_tokens > estimate * self._token_ratio:
                with self._lock:  # the server's tokenizer counts more than we assumed
                    self._token_ratio = reply.prompt_tokens / estimate
            return reply

    def _stream(
        self,
        sent: Messages,
        options: dict[str, Any],
        label: str,
        patience: float,
        prepare: Callable[[], object] | None = None,
    ) -> Reply:
        """Stream one answer, doing ``prepare`` meanwhile; a stalled stream is tried once
        more."""
        watch = self._progress(label) if self._progress is not None else None
        link = self._link

        def ask() -> Reply:
            begun = threading.Event()

            def meanwhile() -> None:
                begun.wait()  # leaves the GIL to the loop's thread, to send the request
                if prepare is not None:
                    prepare()

            return link.run(
                transport.complete(
                    link.client, self._server, sent, options, watch, patience, begun
                ),
                meanwhile if prepare is not None else None,
            )

        try:
            return ask()
        except Stalled:
            pass
        try:
            return ask()
        except Stalled as again:
            silent = (
                f"went silent for {self.timeout:g} s"
                if again.answering
                else f"sent nothing for {self.timeout + patience:.0f} s"
            )
            raise EngineTimeout(
                f"{self._server.where} {silent}, twice; if the server is only slow, raise "
                "--timeout (BRIEFER_TIMEOUT)",
                self.name,
            ) from None


def _rebuilt(recipe: dict[str, Any]) -> OpenAIEngine:
    return OpenAIEngine(**recipe)
