"""The LLM engine: briefings written by a model behind an OpenAI-compatible Chat Completions API.

Works with OpenAI and with any compatible server (vLLM, llama.cpp server, Ollama, LM Studio)
through ``base_url``. The model is asked for the briefing's JSON Schema (strict
``json_schema`` response format); servers that reject it get ``json_object`` mode with the
schema in the prompt. Output that fails validation gets one repair attempt that shows the
model the errors. Articles too long for the context window are briefed in overlapping parts
and merged. Answers are cached on disk. The shared evidence check runs afterwards (in
``briefer.core``), as for every engine.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import threading
import time
from email.utils import parsedate_to_datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from briefer import __version__
from briefer.budget import cost, count_tokens, model_info
from briefer.cache import ResponseCache, cache_key
from briefer.errors import (
    ConfigError,
    EngineError,
    EngineOutputError,
    EngineTimeout,
    EngineUnavailable,
    field_errors,
    one_line,
)
from briefer.models import Briefing, Fact, Meta, OpenQuestion, Quote, Reaction, Stance
from briefer.prompts import PromptSet, load_prompts
from briefer.text.sentences import split_sentences

if TYPE_CHECKING:
    import openai

    from briefer.article import Article

DEFAULT_MODEL = "gpt-4.1-mini"
MAX_FACTS = 10
MAX_QUESTIONS = 6
_RETRYABLE_STATUS = {408, 409, 429}
MAX_RETRY_AFTER = 120.0
"""A server asking to wait longer than this (seconds) gets an error, not a retry."""
_REASONING = re.compile(r"^(?:o\d|gpt-5)")
_SCHEMA_NOTE = "Match this JSON Schema:"
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


# --- what the model is asked to return ----------------------------------------------------


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("evidence", check_fields=False)
    @classmethod
    def _needs_evidence(cls, value: list[str]) -> list[str]:
        quotes = [q for q in value if q.strip()]
        if not quotes:
            raise ValueError("needs at least one verbatim quote from the article")
        return quotes

    @field_validator("text", "question", "actor", "bottom_line", check_fields=False)
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


class DraftFact(_Draft):
    """A fact as the model states it."""

    text: str
    evidence: list[str]


class DraftQuestion(_Draft):
    """An open question as the model states it."""

    question: str
    evidence: list[str]


class DraftReaction(_Draft):
    """A reaction as the model states it."""

    actor: str
    stance: Literal["positive", "negative", "mixed", "neutral"]
    text: str
    evidence: list[str]


class DraftBriefing(BaseModel):
    """The model's answer: a briefing with evidence as plain quotes."""

    model_config = ConfigDict(extra="forbid")

    bottom_line: str
    key_facts: list[DraftFact]
    open_questions: list[DraftQuestion]
    reactions: list[DraftReaction]


@cache
def response_schema() -> dict[str, Any]:
    """The JSON Schema sent as a strict ``json_schema`` response format (do not mutate).

    Titles and descriptions are dropped: the prompt explains the fields, and every token of
    schema is paid for on every request.
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

    schema: dict[str, Any] = strip(DraftBriefing.model_json_schema())
    return schema


@cache
def schema_text() -> str:
    """The response schema as compact JSON, for prompts in json_object mode."""
    return json.dumps(response_schema(), separators=(",", ":"))


# --- the engine ---------------------------------------------------------------------------


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
        max_retries: int = 4,
        retry_base: float = 0.5,
        max_output_tokens: int = 4096,
        temperature: float = 0.0,
    ) -> None:
        import openai

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
        self._secret = key
        self.prompts: PromptSet = load_prompts(prompts)
        self.max_retries = max_retries
        self.retry_base = retry_base
        self.temperature = temperature
        info = model_info(self.model)
        self.max_output_tokens = min(max_output_tokens, info.max_output)
        self.context_window = info.context_window
        self._json_schema = True  # switched off for servers that reject it
        self._lock = threading.Lock()
        self._cache = ResponseCache() if cache else None
        try:
            self._client = openai.OpenAI(
                api_key=key, base_url=self.base_url, timeout=timeout, max_retries=0
            )
        except Exception as exc:  # malformed base URL: httpx's InvalidURL and kin
            raise ConfigError(
                f"invalid base URL {self.base_url!r} ({type(exc).__name__})"
            ) from None

    # -- public ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP connections and the cache."""
        self._client.close()
        if self._cache is not None:
            self._cache.close()

    def brief(self, article: Article) -> Briefing:
        """Brief ``article``, in parts if it does not fit the model's context window."""
        tally = _Usage()
        parts = self._split(article)
        drafts = [
            self._brief_part(article, text, number, len(parts), tally)
            for number, text in enumerate(parts, 1)
        ]
        draft = merge_drafts(drafts)
        meta = Meta(
            briefer_version=__version__,
            engine=self.name,
            model=self.model,
            prompt_version=self.prompts.version,
            input_tokens=tally.input_tokens,
            output_tokens=tally.output_tokens,
            cost_usd=cost(self.model, tally.input_tokens, tally.output_tokens),
            calls=tally.calls,
            chunks=len(parts),
            cached=tally.calls == 0,
            article_words=article.words,
        )
        return to_briefing(draft, article, meta)

    # -- prompts and budgets -----------------------------------------------------------------

    def _messages(
        self, article: Article, text: str, part: int, parts: int, use_schema: bool = True
    ) -> list[dict[str, str]]:
        """The chat messages; without ``use_schema`` the JSON Schema goes into the prompt."""
        schema = None if use_schema else schema_text()
        system, user = self.prompts.render(
            max_facts=MAX_FACTS,
            max_questions=MAX_QUESTIONS,
            schema=schema,
            title=article.title,
            published=article.published,
            text=text,
            part=part,
            parts=parts,
        )
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def prompt_tokens(self, messages: list[dict[str, str]]) -> int:
        """Tokens the messages take, with the few tokens of chat formatting per message."""
        return sum(count_tokens(m["content"], self.model) + 4 for m in messages) + 3

    def _input_budget(self) -> int:
        return self.context_window - self.max_output_tokens - 256

    def _split(self, article: Article) -> list[str]:
        """The article's text as one part, or as overlapping parts that each fit the budget."""
        budget = self._input_budget()
        whole = self._messages(article, article.text, 1, 1, use_schema=False)
        size = sum(len(m["content"].encode()) + 8 for m in whole)
        if size <= budget or self.prompt_tokens(whole) <= budget:  # a token is >= 1 byte
            return [article.text]
        # budget for the larger prompt: json_object mode carries the schema in the prompt
        overhead = self.prompt_tokens(self._messages(article, "", 2, 2, use_schema=False))
        room = budget - overhead
        if room < 200:
            raise ConfigError(f"model {self.model}'s context window is too small for the prompt")
        return chunk_text(article.text, room, lambda s: count_tokens(s, self.model))

    # -- one part ----------------------------------------------------------------------------

    def _brief_part(
        self, article: Article, text: str, part: int, parts: int, tally: _Usage
    ) -> DraftBriefing:
        if self._cache is None:
            return self._ask(
                lambda schema: self._messages(article, text, part, parts, schema), tally
            )
        key = cache_key(
            text=text,
            title=article.title,
            published=article.published,
            part=part,
            parts=parts,
            prompt=self.prompts.version,
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
        draft = self._ask(lambda schema: self._messages(article, text, part, parts, schema), tally)
        self._cache.put(key, self.model, draft.model_dump())
        return draft

    def _ask(self, build: Any, tally: _Usage) -> DraftBriefing:
        """Ask for the briefing; on invalid output, ask once more showing the errors."""
        content, messages, use_schema = self._complete(build, tally)
        try:
            return parse_draft(content)
        except ValueError as exc:
            problem = str(exc)
        repair = [
            *messages,
            {"role": "assistant", "content": content[:4000]},
            {
                "role": "user",
                "content": "Your reply was not valid. Problems:\n"
                f"{problem}\nReply again with the corrected JSON object only.",
            },
        ]
        content, _, _ = self._complete(
            lambda schema: repair if schema == use_schema else self._with_schema(repair), tally
        )
        try:
            return parse_draft(content)
        except ValueError as exc:
            raise EngineOutputError(
                f"the model's output is not a valid briefing after a repair attempt: "
                f"{one_line(str(exc), 300)}",
                self.name,
                attempts=2,
                input_tokens=tally.input_tokens,
                output_tokens=tally.output_tokens,
            ) from None

    def ask_json(self, system: str, user: str) -> tuple[dict[str, Any], _Usage]:
        """A free-form JSON question to the model (json_object mode), with the same retries
        and error handling as briefings; used by the eval judge."""
        tally = _Usage()
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        content, _, _ = self._complete(lambda _: messages, tally, json_object=True)
        try:
            data = json.loads(_FENCE.sub("", content.strip()))
        except json.JSONDecodeError:
            raise EngineOutputError("the model's answer is not JSON", self.name) from None
        if not isinstance(data, dict):
            raise EngineOutputError("the model's answer is not a JSON object", self.name)
        return data, tally

    def _complete(
        self, build: Any, tally: _Usage, json_object: bool = False
    ) -> tuple[str, list[dict[str, str]], bool]:
        """One chat completion with retries.

        ``build(use_schema)`` gives the messages for a request in strict json_schema mode or
        in json_object mode. Returns the content, the messages sent and the mode used.
        """
        import openai

        attempt = 0
        while True:
            use_schema = self._json_schema and not json_object
            messages = build(use_schema)
            try:
                response = self._client.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    # sent as-is: the SDK's typed transform would walk the whole schema
                    extra_body={
                        "response_format": self._response_format(use_schema),
                        **self._sampling(),
                    },
                )
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if use_schema and _rejects_json_schema(exc):
                    with self._lock:
                        self._json_schema = False  # this server wants json_object
                    continue
                raise self._translate(exc) from None
            except openai.OpenAIError as exc:
                error = self._translate(exc)
                delay = self._delay(attempt, exc)
                if not _retryable(exc) or attempt >= self.max_retries or delay is None:
                    raise error from None
                time.sleep(delay)
                attempt += 1
                continue
            except ValueError:  # a 200 whose body is not JSON
                raise EngineOutputError("the server's reply is not valid JSON", self.name) from None
            content = _content(response, self.name)
            tally.add(response, messages, content, self)
            return content, messages, use_schema

    def _sampling(self) -> dict[str, Any]:
        """Output limit and temperature, in the form the model accepts."""
        if _REASONING.match(self.model):  # no temperature; max_completion_tokens only
            return {"max_completion_tokens": self.max_output_tokens}
        return {"max_tokens": self.max_output_tokens, "temperature": self.temperature}

    def _with_schema(self, messages: list[dict[str, str]]) -> list[dict[str, str]]:
        if _SCHEMA_NOTE in messages[0]["content"]:
            return messages
        system = messages[0]["content"] + f"\n{_SCHEMA_NOTE}\n{schema_text()}"
        return [{"role": "system", "content": system}, *messages[1:]]

    def _translate(self, exc: Exception) -> Exception:
        return _translate(exc, self)

    def _response_format(self, use_schema: bool) -> dict[str, Any]:
        if use_schema:
            return {
                "type": "json_schema",
                "json_schema": {"name": "briefing", "strict": True, "schema": response_schema()},
            }
        return {"type": "json_object"}

    def _delay(self, attempt: int, exc: Exception) -> float | None:
        """Seconds to wait before retrying: the server's Retry-After if given, else
        exponential backoff with jitter; None when the server asks for too long a wait."""
        response = getattr(exc, "response", None)
        if response is not None:
            retry_after = _retry_after(response.headers)
            if retry_after is not None:
                return retry_after if retry_after <= MAX_RETRY_AFTER else None
        return min(30.0, self.retry_base * 2**attempt) * (0.5 + random.random())


# --- helpers --------------------------------------------------------------------------------


class _Usage:
    """Token counts and calls, summed over the requests made for one briefing."""

    def __init__(self) -> None:
        self.input_tokens = 0
        self.output_tokens = 0
        self.calls = 0

    def add(
        self, response: Any, messages: list[dict[str, str]], content: str, engine: OpenAIEngine
    ) -> None:
        """Count a response, estimating with tiktoken when the server reports no usage."""
        self.calls += 1
        usage = getattr(response, "usage", None)
        prompt = getattr(usage, "prompt_tokens", None)
        completion = getattr(usage, "completion_tokens", None)
        self.input_tokens += prompt if prompt is not None else engine.prompt_tokens(messages)
        self.output_tokens += (
            completion if completion is not None else count_tokens(content, engine.model)
        )


def parse_draft(content: str) -> DraftBriefing:
    """Parse and validate the model's JSON; raise ValueError with readable problems."""
    text = _FENCE.sub("", content.strip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    try:
        return DraftBriefing.model_validate(data)
    except ValidationError as exc:
        raise ValueError("\n".join(field_errors(exc)[:20])) from None


def _content(response: Any, engine: str) -> str:
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list):
        raise EngineOutputError("the server's reply is not a chat completion", engine)
    if not choices:
        raise EngineOutputError("the server returned no choices", engine)
    choice = choices[0]
    if getattr(choice, "message", None) is None:
        raise EngineOutputError("the server's reply has no message", engine)
    refusal = getattr(choice.message, "refusal", None)
    if refusal:
        raise EngineOutputError(f"the model refused: {one_line(refusal, 300)}", engine)
    if choice.finish_reason == "length":
        raise EngineOutputError(
            "the model's answer was cut off at the output token limit (finish_reason=length)",
            engine,
        )
    if choice.finish_reason == "content_filter":
        raise EngineOutputError("the answer was withheld by the content filter", engine)
    if not choice.message.content:
        raise EngineOutputError("the model returned an empty answer", engine)
    return str(choice.message.content)


def _rejects_json_schema(exc: Exception) -> bool:
    message = str(exc).lower()
    return any(word in message for word in ("json_schema", "response_format", "schema"))


def _retryable(exc: Exception) -> bool:
    import openai

    if isinstance(exc, openai.APIConnectionError):  # includes timeouts
        return True
    if "insufficient_quota" in str(getattr(exc, "body", "") or ""):
        return False  # out of credit: waiting will not help
    status = getattr(exc, "status_code", None)
    return status is not None and (status in _RETRYABLE_STATUS or status >= 500)


def _retry_after(headers: Any) -> float | None:
    seconds: float | None = None
    millis = headers.get("retry-after-ms")
    value = headers.get("retry-after")
    try:
        if millis:
            seconds = float(millis) / 1000
        elif value:
            try:
                seconds = float(value)
            except ValueError:
                seconds = parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, IndexError):
        return None
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _translate(exc: Exception, engine: OpenAIEngine) -> Exception:
    """Map an openai SDK exception onto briefer's exception tree (never showing the key)."""
    import openai

    def said(text: str) -> str:  # scrub the key first: truncation could cut it in half
        secret = getattr(engine, "_secret", "")
        if len(secret) > 8:
            text = text.replace(secret, "***")
        return one_line(text, 300)

    where = engine.base_url or "the OpenAI API"
    if isinstance(exc, openai.APITimeoutError):
        return EngineTimeout(f"{where} did not answer in time", engine.name)
    if isinstance(exc, openai.APIConnectionError):
        return EngineUnavailable(
            f"cannot connect to {where} (after {engine.max_retries + 1} attempts); "
            "is the server running?",
            engine.name,
        )
    if isinstance(exc, openai.AuthenticationError):
        return ConfigError(f"{where} rejected the API key (HTTP 401); check OPENAI_API_KEY")
    if isinstance(exc, openai.PermissionDeniedError):
        return ConfigError(f"{where} refused access (HTTP 403); check the key's permissions")
    if isinstance(exc, openai.NotFoundError):
        return ConfigError(
            f"HTTP 404 from {where}: check the model name ({engine.model!r}) and the base URL"
        )
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        kind = EngineUnavailable if _retryable(exc) else EngineError
        return kind(f"HTTP {status} from {where}: {said(_server_message(exc))}", engine.name)
    return EngineError(f"{type(exc).__name__}: {said(str(exc))}", engine.name)


def _server_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
    return str(getattr(exc, "message", exc))


def chunk_text(text: str, budget: int, tokens: Any, overlap: int = 2) -> list[str]:
    """Split ``text`` into parts of whole sentences within ``budget`` tokens each.

    Consecutive parts share ``overlap`` sentences, so that nothing said across a boundary
    is lost.
    """
    sentences = split_sentences(text)
    sizes = [tokens(s.text) + 1 for s in sentences]
    parts: list[str] = []
    start = 0
    while start < len(sentences):
        end, used = start, 0
        while end < len(sentences) and (used + sizes[end] <= budget or end == start):
            used += sizes[end]
            end += 1
        parts.append(text[sentences[start].start : sentences[end - 1].end])
        if end >= len(sentences):
            break
        # overlap: the last sentence (unless it is huge), more while within 15% of the budget
        back, carried = 0, 0
        while back < overlap and end - 1 - back > start:
            size = sizes[end - 1 - back]
            if carried + size > (budget / 2 if back == 0 else budget * 0.15):
                break
            carried += size
            back += 1
        start = max(start + 1, end - back)
    return parts


def merge_drafts(drafts: list[DraftBriefing]) -> DraftBriefing:
    """Reduce the briefings of an article's parts into one.

    Facts and questions are taken from the parts in turn (so every part is represented) and
    deduplicated by evidence; reactions are merged per actor.
    """
    if len(drafts) == 1:
        return drafts[0]
    from briefer.text.stance import combine_stances

    def interleave(lists: list[list[Any]]) -> list[Any]:
        out: list[Any] = []
        for row in range(max(map(len, lists), default=0)):
            out.extend(items[row] for items in lists if row < len(items))
        return out

    def dedupe(items: list[Any], limit: int) -> list[Any]:
        """Drop repeats: the same wording, or the same evidence with near-identical wording."""
        kept: list[Any] = []
        for item in items:
            words = set(re.findall(r"\w+", (getattr(item, "text", "") or item.question).lower()))
            quotes = {" ".join(q.split()).lower() for q in item.evidence}
            if any(
                words == w or (quotes & q and len(words & w) / max(1, len(words | w)) > 0.6)
                for w, q, _ in kept
            ):
                continue
            kept.append((words, quotes, item))
        return [item for _, _, item in kept][:limit]

    reactions: dict[str, DraftReaction] = {}
    for reaction in interleave([d.reactions for d in drafts]):
        key = " ".join(reaction.actor.lower().split())
        if key not in reactions:
            reactions[key] = reaction
            continue
        old = reactions[key]
        stance = combine_stances({old.stance, reaction.stance})
        evidence = old.evidence + [q for q in reaction.evidence if q not in old.evidence]
        reactions[key] = old.model_copy(update={"stance": stance, "evidence": evidence})
    return DraftBriefing(
        bottom_line=drafts[0].bottom_line,
        key_facts=dedupe(interleave([d.key_facts for d in drafts]), MAX_FACTS + 2),
        open_questions=dedupe(interleave([d.open_questions for d in drafts]), MAX_QUESTIONS + 2),
        reactions=list(reactions.values()),
    )


def to_briefing(draft: DraftBriefing, article: Article, meta: Meta) -> Briefing:
    """Turn the model's draft into an (unchecked) ``Briefing``."""

    def quotes(evidence: list[str]) -> list[Quote]:
        return [Quote(text=q) for q in evidence]

    return Briefing(
        title=article.title,
        source=article.source,
        published=article.published,
        bottom_line=draft.bottom_line.strip() or article.title,
        key_facts=[Fact(text=f.text, evidence=quotes(f.evidence)) for f in draft.key_facts],
        open_questions=[
            OpenQuestion(question=q.question, evidence=quotes(q.evidence))
            for q in draft.open_questions
        ],
        reactions=[
            Reaction(
                actor=r.actor, stance=Stance(r.stance), text=r.text, evidence=quotes(r.evidence)
            )
            for r in draft.reactions
        ],
        meta=meta,
    )


def client_errors() -> tuple[type[openai.OpenAIError], ...]:
    """Every exception class the openai SDK exports (what ``_translate`` must handle)."""
    import openai

    exported = [getattr(openai, name, None) for name in sorted(dir(openai))]
    return tuple(
        value
        for value in exported
        if isinstance(value, type) and issubclass(value, openai.OpenAIError)
    )
