"""Talking to the server: the openai client (whose own retries handle rate limits, 5xx and
dropped connections), one chat completion, and the translation of the SDK's exceptions into
briefer's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefer.errors import (
    ConfigError,
    EngineError,
    EngineOutputError,
    EngineTimeout,
    EngineUnavailable,
    one_line,
)

if TYPE_CHECKING:
    import openai

    from briefer.engines.llm.prompting import Messages


@dataclass(frozen=True)
class Server:
    """Where requests go, and what error messages may say about it."""

    base_url: str | None
    model: str
    secret: str
    """The API key: scrubbed from every message."""
    max_retries: int
    engine: str = "openai"

    @property
    def where(self) -> str:
        return self.base_url or "the OpenAI API"


@dataclass(frozen=True)
class Reply:
    """One completion: its text, why it ended, and the tokens the server counted."""

    content: str
    finish_reason: str | None
    prompt_tokens: int | None
    completion_tokens: int | None


def make_client(server: Server, timeout: float) -> openai.OpenAI:
    """An openai client whose SDK retries follow the server's wishes (Retry-After,
    x-should-retry), except for failures that no retry fixes (see ``_hopeless``)."""
    import openai

    try:
        http = openai.DefaultHttpxClient(event_hooks={"response": [_hopeless]})
        return openai.OpenAI(
            api_key=server.secret,
            base_url=server.base_url,
            timeout=timeout,
            max_retries=server.max_retries,
            http_client=http,
        )
    except Exception as exc:  # malformed base URL: httpx's InvalidURL and kin
        raise ConfigError(f"invalid base URL {server.base_url!r} ({type(exc).__name__})") from None


def _hopeless(response: Any) -> None:
    """Tell the SDK not to retry what waiting will not fix: an exhausted quota, or a 500
    that rejects the json_schema response format (llama-cpp-python's server)."""
    if response.status_code == 429 or response.status_code == 500:
        response.read()
        body = response.content.lower()
        if b"insufficient_quota" in body or (
            response.status_code == 500 and (b"json_schema" in body or b"response_format" in body)
        ):
            response.headers["x-should-retry"] = "false"


def complete(
    client: openai.OpenAI, server: Server, chat: Messages, options: dict[str, Any]
) -> Reply:
    """One chat completion; ``options`` (response format, sampling) go out as sent."""
    try:
        response = client.chat.completions.create(
            model=server.model,
            messages=chat,  # type: ignore[arg-type]
            # sent as-is: the SDK's typed transform would walk the whole schema
            extra_body=options,
        )
    except ValueError:  # a 200 whose body is not JSON
        raise EngineOutputError("the server's reply is not valid JSON", server.engine) from None
    content, finish = _content(response, server.engine)
    usage = getattr(response, "usage", None)
    return Reply(
        content,
        finish,
        getattr(usage, "prompt_tokens", None),
        getattr(usage, "completion_tokens", None),
    )


def _content(response: Any, engine: str) -> tuple[str, str | None]:
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
    return str(choice.message.content), choice.finish_reason


def rejects_json_schema(exc: Exception) -> bool:
    """Whether the server turned the request down for its json_schema response format
    (a 400 or 422; llama-cpp-python's server answers 500)."""
    import openai

    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 422, 500):
        return False
    message = str(exc).lower()
    return any(word in message for word in ("json_schema", "response_format", "schema"))


def translate(exc: Exception, server: Server) -> Exception:
    """Map an openai SDK exception onto briefer's exception tree (never showing the key)."""
    import openai

    def said(text: str) -> str:  # scrub the key first: truncation could cut it in half
        if len(server.secret) > 8:
            text = text.replace(server.secret, "***")
        return one_line(text, 300)

    where, name = server.where, server.engine
    if isinstance(exc, openai.APITimeoutError):
        return EngineTimeout(f"{where} did not answer in time", name)
    if isinstance(exc, openai.APIConnectionError):
        return EngineUnavailable(
            f"cannot connect to {where} (after {server.max_retries + 1} attempts); "
            "is the server running?",
            name,
        )
    if isinstance(exc, openai.AuthenticationError):
        return ConfigError(f"{where} rejected the API key (HTTP 401); check OPENAI_API_KEY")
    if isinstance(exc, openai.PermissionDeniedError):
        return ConfigError(f"{where} refused access (HTTP 403); check the key's permissions")
    if isinstance(exc, openai.NotFoundError):
        return ConfigError(
            f"HTTP 404 from {where}: check the model name ({server.model!r}) and the base URL"
        )
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        transient = status in (408, 409, 429) or status >= 500
        if "insufficient_quota" in str(getattr(exc, "body", "") or ""):
            transient = False
        kind = EngineUnavailable if transient else EngineError
        return kind(f"HTTP {status} from {where}: {said(_server_message(exc))}", name)
    return EngineError(f"{type(exc).__name__}: {said(str(exc))}", name)


def _server_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
    return str(getattr(exc, "message", exc))


def client_errors() -> tuple[type[openai.OpenAIError], ...]:
    """Every exception class the openai SDK exports (what ``translate`` must handle)."""
    import openai

    exported = [getattr(openai, name, None) for name in sorted(dir(openai))]
    return tuple(
        value
        for value in exported
        if isinstance(value, type) and issubclass(value, openai.OpenAIError)
    )
