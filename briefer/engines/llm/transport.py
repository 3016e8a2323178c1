"""Talking to the server: the openai client (whose own retries handle rate limits, 5xx and
dropped connections), one chat completion, and the translation of the SDK's exceptions into
briefer's."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

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
    silence: float
    """Seconds without a byte from the server after which a request is given up."""
    engine: str = "openai"

    @property
    def where(self) -> str:
        return self.base_url or "the OpenAI API"


@dataclass(frozen=True)
class Reply:
    """One completion: its text, why it ended, and the tokens the server counted."""

    content: str
    finish_reason: str | None
    """``stop``; ``length`` (cut at max_tokens or the context's end); ``repetition`` (we
    stopped the stream: the model was repeating itself)."""
    prompt_tokens: int | None
    completion_tokens: int | None
    max_tokens: int | None = None
    """The output limit the request set."""


Watcher = Callable[[int, float, bool], None]
"""Told (chunks received, seconds since the request, finished) as the answer streams in."""


class Stalled(Exception):
    """The server went silent for longer than the silence timeout."""


def make_client(server: Server) -> openai.OpenAI:
    """An openai client whose SDK retries follow the server's wishes (Retry-After,
    x-should-retry), except for failures that no retry fixes (see ``_hopeless``).

    ``server.silence`` bounds the wait for each read from the socket, not the whole answer:
    a slow server that keeps streaming tokens is never cut off.
    """
    import openai

    try:
        http = openai.DefaultHttpxClient(event_hooks={"response": [_hopeless]})
        return openai.OpenAI(
            api_key=server.secret,
            base_url=server.base_url,
            timeout=server.silence,
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
    client: openai.OpenAI,
    server: Server,
    chat: Messages,
    options: dict[str, Any],
    watch: Watcher | None = None,
) -> Reply:
    """One streamed chat completion; ``options`` (response format, sampling) go out as sent.

    Raises ``Stalled`` when the server goes silent mid-answer, ``EngineUnavailable`` when it
    drops the connection mid-answer, and the SDK's errors for everything before the answer
    starts (after the SDK's own retries, which include silence before the first byte).
    """
    import openai

    started = time.monotonic()
    stream = client.chat.completions.create(
        model=server.model,
        messages=cast(Any, chat),
        stream=True,
        stream_options={"include_usage": True},
        # sent as-is: the SDK's typed transform would walk the whole schema
        extra_body=options,
    )
    pieces: list[str] = []
    finish: str | None = None
    usage: Any = None
    refusal: list[str] = []
    runaway = Runaway()
    chunks = 0
    try:
        with stream:
            for chunk in stream:
                usage = getattr(chunk, "usage", None) or usage
                choices = getattr(chunk, "choices", None) or []
                if not choices:
                    continue
                choice = choices[0]
                delta = getattr(choice, "delta", None)
                text = getattr(delta, "content", None)
                if said := getattr(delta, "refusal", None):
                    refusal.append(str(said))
                finish = getattr(choice, "finish_reason", None) or finish
                if text:
                    pieces.append(text)
                    chunks += 1
                    if watch is not None:
                        watch(chunks, time.monotonic() - started, False)
                    if runaway.feed(text):
                        finish = "repetition"
                        break
    except openai.APITimeoutError:
        raise Stalled() from None
    except ValueError:  # an event whose data is not JSON
        raise EngineOutputError("the server's stream is not valid JSON", server.engine) from None
    except openai.APIConnectionError:
        raise EngineUnavailable(
            f"{server.where} closed the connection in the middle of the answer",
            server.engine,
        ) from None
    finally:
        if watch is not None:
            watch(chunks, time.monotonic() - started, True)
    if refusal:
        raise EngineOutputError(
            f"the model refused: {one_line(''.join(refusal), 300)}", server.engine
        )
    if finish == "content_filter":
        raise EngineOutputError("the answer was withheld by the content filter", server.engine)
    content = "".join(pieces)
    if not content.strip():
        raise EngineOutputError(
            "the server sent no answer (is it an OpenAI-compatible chat server?)"
            if finish is None
            else "the model returned an empty answer",
            server.engine,
        )
    return Reply(
        content,
        finish,
        getattr(usage, "prompt_tokens", None),
        getattr(usage, "completion_tokens", None),
        options.get("max_tokens") or options.get("max_completion_tokens"),
    )


class Runaway:
    """Spots a model stuck repeating itself: the answer ends with one piece of text (1 to
    400 characters) written at least three times in a row, 240 characters or more in all.

    Sampling penalties (``repeat_penalty``, ``frequency_penalty``) would also fight this,
    but they penalise what a briefing must repeat: JSON keys and the article's own words.
    """

    SPAN = 240
    CHECK_EVERY = 64

    def __init__(self) -> None:
        self._text = ""
        self._unchecked = 0

    def feed(self, piece: str) -> bool:
        """Add streamed text; True once the tail is a runaway repetition."""
        self._text = (self._text + piece)[-2000:]
        self._unchecked += len(piece)
        if self._unchecked < self.CHECK_EVERY:
            return False
        self._unchecked = 0
        return repeats(self._text, self.SPAN)


def repeats(text: str, span: int, longest: int = 400) -> bool:
    """Whether ``text`` ends with a unit of at most ``longest`` characters repeated at least
    3 times in a row, covering ``span`` characters or more."""
    probe = 8
    if len(text) < span:
        return False
    tail = text[-probe:]
    end = len(text) - 1  # earlier copies of the tail, overlapping it or not
    while (at := text.rfind(tail, 0, end)) >= 0:
        period = len(text) - probe - at
        if period > longest:
            return False
        times = max(3, -(-span // period))
        if (
            times * period <= len(text)
            and text[-2 * period : -period] == text[-period:]
            and text.endswith(text[-period:] * times)
        ):
            return True
        end = at + probe - 1
    return False


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
        return EngineTimeout(
            f"{where} sent nothing for {server.silence:g} s (after {server.max_retries + 1} "
            "attempts); if the server is only slow, raise --timeout (BRIEFER_TIMEOUT)",
            name,
        )
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
