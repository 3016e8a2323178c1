"""Talking to the server: the openai client (whose own retries handle rate limits, 5xx and
dropped connections) on an event-loop thread of its own, and one streamed chat completion,
given up when the server goes silent."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time
import weakref
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import jiter

from briefer.engines.llm.runaway import Runaway
from briefer.errors import ConfigError, EngineOutputError, EngineUnavailable, one_line

if TYPE_CHECKING:
    import openai

    from briefer.engines.llm.prompting import Messages

T = TypeVar("T")


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

    def __init__(self, answering: bool) -> None:
        super().__init__()
        self.answering = answering
        """Whether it had begun its answer (sent the response headers)."""


class Link:
    """The openai client and the one thread that does all its I/O, on an asyncio loop.

    Callers block in ``run`` while the loop thread reads every answer streaming in: with
    sixteen briefings in flight, one thread takes the tokens from all sockets, where sixteen
    reader threads passed the GIL around for every token. The client's HTTP is aiohttp's,
    whose C parser reads a token's event in half the time httpx's pure-Python one takes
    (``benchmarks/bench_openai.py``). The thread is a daemon, so an engine never closed
    cannot keep the interpreter from exiting.
    """

    def __init__(self, server: Server) -> None:
        self.client = _client(server)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="briefer-http", daemon=True
        )
        self._thread.start()
        # closed when dropped unclosed, or at exit: aiohttp warns of sessions left open
        self.close = weakref.finalize(self, _shut, self._loop, self._thread, self.client)

    def run(self, work: Coroutine[Any, Any, T], meanwhile: Callable[[], object] | None = None) -> T:
        """Run ``work`` on the loop and wait for its result (or exception), doing
        ``meanwhile`` in the calling thread while the loop's thread does the I/O."""
        future = asyncio.run_coroutine_threadsafe(work, self._loop)
        try:
            if meanwhile is not None:
                meanwhile()
            return future.result()
        except BaseException:
            future.cancel()  # an interrupted caller does not leave its request running
            raise


def _shut(loop: asyncio.AbstractEventLoop, thread: threading.Thread, client: Any) -> None:
    """Close the client's connections and stop the loop's thread."""
    closed = asyncio.run_coroutine_threadsafe(client.close(), loop)
    if threading.current_thread() is thread:  # dropped by the loop's own thread
        closed.add_done_callback(lambda _: loop.stop())
        return
    with contextlib.suppress(Exception):
        closed.result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    if not thread.is_alive():
        loop.close()


def _client(server: Server) -> openai.AsyncOpenAI:
    """An openai client whose SDK retries follow the server's wishes (Retry-After,
    x-should-retry), except for failures that no retry fixes (see ``_hopeless``)."""
    import httpx2
    import openai

    try:
        http = openai.DefaultAioHttpClient(
            limits=httpx2.Limits(max_connections=1000, max_keepalive_connections=100),
            event_hooks={"response": [_hopeless]},
        )
        return openai.AsyncOpenAI(
            api_key=server.secret,
            base_url=server.base_url,
            max_retries=server.max_retries,
            http_client=http,
        )
    except Exception as exc:  # malformed base URL: httpx's InvalidURL and kin
        raise ConfigError(f"invalid base URL {server.base_url!r} ({type(exc).__name__})") from None


async def _hopeless(response: Any) -> None:
    """Tell the SDK not to retry what waiting will not fix: an exhausted quota, or a 500
    that rejects the json_schema response format (llama-cpp-python's server)."""
    if response.status_code == 429 or response.status_code == 500:
        await response.aread()
        body = response.content.lower()
        if b"insufficient_quota" in body or (
            response.status_code == 500 and (b"json_schema" in body or b"response_format" in body)
        ):
            response.headers["x-should-retry"] = "false"


async def complete(
    client: openai.AsyncOpenAI,
    server: Server,
    chat: Messages,
    options: dict[str, Any],
    watch: Watcher | None = None,
    patience: float = 0.0,
    begun: threading.Event | None = None,
) -> Reply:
    """One streamed chat completion; ``options`` (response format, sampling) go out as sent.

    The server may be silent for ``server.silence`` seconds between two pieces of the
    answer, and for ``patience`` more before the first (the time it may need to read the
    prompt: llama.cpp sends nothing, not even the response headers, until then). A slow
    server that keeps streaming tokens is never cut off.

    ``begun`` is set once the server has begun its answer, or the request has ended: work
    that waits for it does not hold up the request.

    Raises ``Stalled`` when the server goes silent, ``EngineUnavailable`` when it drops the
    connection mid-answer, and the SDK's errors for everything before the answer starts
    (after the SDK's own retries).

    The events are read as plain JSON: the SDK would build a pydantic model for every
    token, which costs more than everything else the engine does.
    """
    import httpx2

    started = time.monotonic()
    answer = _Answer(Runaway(), watch, started)
    events = _Events()
    answering = False
    quiet = _Watchdog(server.silence + patience)
    try:
        with quiet:
            async with client.chat.completions.with_streaming_response.create(
                model=server.model,
                # The messages and options go in extra_body, which overrides the body's, to
                # be sent as they are: the SDK's typed transform would walk every message
                # and the whole schema (half a millisecond a request).
                messages=[],
                stream=True,
                stream_options={"include_usage": True},
                extra_body={**options, "messages": chat},
                # the SDK's own timeout is only a backstop: ``quiet`` measures silence
                timeout=server.silence + patience + _BACKSTOP,
            ) as response:
                answering = True
                if begun is not None:
                    begun.set()
                quiet.heard(server.silence)
                async for block in response.iter_bytes():
                    quiet.heard(server.silence)
                    if any(answer.take(data, server) for data in events.feed(block)):
                        break
                else:
                    for data in events.rest():
                        answer.take(data, server)
    except asyncio.CancelledError:
        if not quiet.barked():
            raise
        raise Stalled(answering) from None
    except ValueError:  # an event whose data is not JSON
        raise EngineOutputError("the server's stream is not valid JSON", server.engine) from None
    except httpx2.RequestError:
        if not answering:
            raise
        raise EngineUnavailable(
            f"{server.where} closed the connection in the middle of the answer",
            server.engine,
        ) from None
    finally:
        if begun is not None:
            begun.set()
        if watch is not None:
            watch(answer.chunks, time.monotonic() - started, True)
    return answer.reply(server, options)


_BACKSTOP = 5.0
"""Seconds the SDK's own timeout allows beyond ours."""


class _Watchdog:
    """Cancels the task it is entered in when ``heard`` has not been called for the given
    seconds. Where ``asyncio.timeout`` would move a timer on every block received (several
    microseconds, twice a token's worth with llama.cpp's one-token events), ``heard`` only
    notes the time; the timer, when it fires, is moved on by the silence not yet elapsed."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._loop = asyncio.get_running_loop()
        self._last = self._loop.time()
        self._fired = False
        self._task: asyncio.Task[Any] | None = None
        self._timer: asyncio.TimerHandle | None = None

    def __enter__(self) -> _Watchdog:
        self._task = asyncio.current_task()
        self._timer = self._loop.call_at(self._last + self._seconds, self._check)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def heard(self, seconds: float) -> None:
        """Something arrived; the next silence may last ``seconds``."""
        self._last = self._loop.time()
        if seconds < self._seconds and self._timer is not None:  # the timer is set too late
            self._timer.cancel()
            self._timer = self._loop.call_at(self._last + seconds, self._check)
        self._seconds = seconds

    def barked(self) -> bool:
        """Whether the task was cancelled by this watchdog (the cancellation is then taken
        back, as ``asyncio.timeout`` does)."""
        if self._fired and self._task is not None:
            self._task.uncancel()
        return self._fired

    def _check(self) -> None:
        due = self._last + self._seconds
        if self._loop.time() < due:
            self._timer = self._loop.call_at(due, self._check)
        elif self._task is not None:
            self._fired = True
            self._task.cancel()


class _Events:
    """Splits a server-sent event stream, block by block, into each event's data."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, block: bytes) -> list[bytes]:
        """The data of the events that ``block`` completes (events end with a blank line)."""
        pending = self._pending + block
        if b"\n\n" not in pending and b"\r\n\r\n" not in pending:
            self._pending = pending
            return []
        *events, self._pending = pending.replace(b"\r\n", b"\n").split(b"\n\n")
        return [data for event in events for data in _data(event)]

    def rest(self) -> list[bytes]:
        """The data of an event the stream ended without a blank line after."""
        return _data(self._pending)


def _data(event: bytes) -> list[bytes]:
    return [line[5:].strip() for line in event.split(b"\n") if line.startswith(b"data:")]


class _Answer:
    """The answer as its events come in."""

    def __init__(self, runaway: Runaway, watch: Watcher | None, started: float) -> None:
        self.pieces: list[str] = []
        self.refusal: list[str] = []
        self.finish: str | None = None
        self.usage: dict[str, Any] = {}
        self.chunks = 0
        self._runaway = runaway
        self._watch = watch
        self._started = started

    def take(self, data: bytes, server: Server) -> bool:
        """Add one event's data; True when the stream should end here."""
        if data == b"[DONE]":
            return False  # read on to the body's end, so the connection can be reused
        try:
            event = jiter.from_json(data)  # a fifth of json.loads's time on one token's event
        except ValueError:
            event = json.loads(data)  # what jiter refuses and json reads: a lone surrogate
        if not isinstance(event, dict):
            raise ValueError("not an object")
        if event.get("error"):
            error = event["error"]
            said = error.get("message") if isinstance(error, dict) else error
            message = f"{server.where} failed mid-answer: {one_line(str(said), 300)}"
            raise EngineUnavailable(message, server.engine)
        if isinstance(event.get("usage"), dict):
            self.usage = event["usage"]
        choices = event.get("choices") or []
        choice = choices[0] if isinstance(choices, list) and choices else None
        if not isinstance(choice, dict):
            return False
        self.finish = choice.get("finish_reason") or self.finish
        delta = choice.get("delta") or {}
        if delta.get("refusal"):
            self.refusal.append(str(delta["refusal"]))
        text = delta.get("content")
        if not text:
            return False
        self.pieces.append(text)
        self.chunks += 1
        if self._watch is not None:
            self._watch(self.chunks, time.monotonic() - self._started, False)
        if self._runaway.feed(text):
            self.finish = "repetition"
            return True
        return False

    def reply(self, server: Server, options: dict[str, Any]) -> Reply:
        """The finished answer, or the error it amounts to."""
        if self.refusal:
            said = one_line("".join(self.refusal), 300)
            raise EngineOutputError(f"the model refused: {said}", server.engine)
        if self.finish == "content_filter":
            raise EngineOutputError("the answer was withheld by the content filter", server.engine)
        content = "".join(self.pieces)
        if not content.strip():
            raise EngineOutputError(
                "the server sent no answer (is it an OpenAI-compatible chat server?)"
                if self.finish is None
                else "the model returned an empty answer",
                server.engine,
            )
        prompt = self.usage.get("prompt_tokens")
        completion = self.usage.get("completion_tokens")
        return Reply(
            content,
            self.finish,
            prompt if isinstance(prompt, int) else None,
            completion if isinstance(completion, int) else None,
            options.get("max_tokens") or options.get("max_completion_tokens"),
        )


DEFAULT_TIMEOUT = 120.0
"""Seconds of silence (no token) after which a request is given up; BRIEFER_TIMEOUT sets it."""


def silence(timeout: float | None) -> float:
    """The silence timeout: the option, else BRIEFER_TIMEOUT, else the default."""
    if timeout is None:
        raw = os.environ.get("BRIEFER_TIMEOUT")
        try:
            timeout = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            raise ConfigError(f"BRIEFER_TIMEOUT must be a number of seconds, not {raw!r}") from None
    if not timeout > 0:
        raise ConfigError(f"the timeout must be a positive number of seconds, not {timeout}")
    return timeout
