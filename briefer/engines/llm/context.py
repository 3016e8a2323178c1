"""What the server can take: its context window and how many requests it serves at once,
asked of the server itself (llama.cpp ``/props``, vLLM ``/v1/models``, Ollama
``/api/show``) or read from its complaint when a prompt did not fit."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import openai

_PROBE_TIMEOUT = 5.0
_OLLAMA_DEFAULT_CTX = 4096
"""What Ollama runs a model with unless told otherwise (its ``num_ctx`` default)."""
_TOO_LONG = (
    # llama.cpp: "request (7404 tokens) exceeds the available context size (4096 tokens)"
    re.compile(
        r"request \((?P<used>\d+) tokens\) exceeds the available context size "
        r"\((?P<window>\d+) tokens\)"
    ),
    # OpenAI, vLLM: "This model's maximum context length is 4096 tokens. However, you
    # requested 7404 tokens (...)"
    re.compile(
        r"maximum context length is (?P<window>\d+) tokens.*?(?:requested|resulted in) "
        r"(?P<used>\d+) tokens",
        re.S,
    ),
    re.compile(r"context (?:size|length|window)\D{0,20}\((?P<window>\d+) tokens\)"),
)


class ServerLimits(NamedTuple):
    """What the server said about itself; None where it said nothing."""

    context_window: int | None = None
    slots: int | None = None


class Overflow(NamedTuple):
    """A prompt the server refused as too long for its context."""

    context_window: int
    prompt_tokens: int | None
    """The prompt's size as the server counted it, when it said."""


async def ask_server(client: openai.AsyncOpenAI, base_url: str, model: str) -> ServerLimits:
    """Ask an OpenAI-compatible server for its context window and parallel slots."""
    quick = client.with_options(timeout=_PROBE_TIMEOUT, max_retries=0)
    root = re.sub(r"/v1/?$", "", base_url.rstrip("/"))
    props = await _get(quick, f"{root}/props")  # llama.cpp
    if isinstance(props, dict):
        settings = props.get("default_generation_settings")
        n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
        slots = props.get("total_slots")
        if _positive(n_ctx):
            return ServerLimits(n_ctx, slots if _positive(slots) else None)
    models = await _get(quick, f"{base_url.rstrip('/')}/models")  # vLLM
    if isinstance(models, dict) and isinstance(models.get("data"), list):
        entries = [m for m in models["data"] if isinstance(m, dict)]
        chosen = [m for m in entries if m.get("id") == model] or entries[:1]
        if chosen and _positive(chosen[0].get("max_model_len")):
            return ServerLimits(chosen[0]["max_model_len"])
    show = await _post(quick, f"{root}/api/show", {"model": model})  # Ollama
    if isinstance(show, dict) and ("model_info" in show or "parameters" in show):
        found = re.search(r"num_ctx\s+(\d+)", str(show.get("parameters") or ""))
        return ServerLimits(int(found[1]) if found else _OLLAMA_DEFAULT_CTX)
    return ServerLimits()


def overflow(message: str) -> Overflow | None:
    """The server's context window, read from its refusal of a prompt too long for it."""
    for pattern in _TOO_LONG:
        found = pattern.search(message)
        if found:
            groups = found.groupdict()
            used = groups.get("used")
            return Overflow(int(groups["window"]), int(used) if used else None)
    return None


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


async def _get(client: openai.AsyncOpenAI, url: str) -> Any:
    import openai

    try:
        return await client.get(url, cast_to=object)
    except (openai.OpenAIError, ValueError):
        return None


async def _post(client: openai.AsyncOpenAI, url: str, body: dict[str, Any]) -> Any:
    import openai

    try:
        return await client.post(url, body=body, cast_to=object)
    except (openai.OpenAIError, ValueError):
        return None
