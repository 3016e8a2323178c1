"""A real HTTP server on 127.0.0.1 that speaks OpenAI's /v1/chat/completions.

Its "model" is briefer's offline engine run on the article found in the prompt, so answers
are realistic and grounded. Streamed requests (``"stream": true``) get server-sent events,
as llama.cpp sends them. Tests script failures by queueing steps, including those a real
server will not produce on demand (silence mid-answer, a dropped connection, runaway
repetition):

    server.script(Step(status=429, headers={"Retry-After": "1"}), Step())

With ``context_window`` set it also answers llama.cpp's ``GET /props`` and rejects prompts
that do not fit with llama.cpp's words.
"""

from __future__ import annotations

import http.server
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from briefer.article import Article
from briefer.budget import encoding
from briefer.engines.llm import OpenAIEngine
from briefer.engines.offline import OfflineEngine
from briefer.models import Briefing

_ARTICLE = re.compile(
    r"<article>\nTitle: (?P<title>[^\n]*)\n(?:Published: [^\n]*\n)?\n*(?P<text>.*)\n</article>",
    re.S,
)
FABRICATED = "The minister resigned in disgrace and fled the country on Friday."


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients connect at once


@dataclass
class Step:
    """One scripted reply. By default, a good briefing of the article in the prompt."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content: str | None = None
    """Raw message content to return instead of a briefing."""
    draft: dict[str, Any] | None = None
    """A briefing object to return instead of the offline engine's."""
    finish_reason: str = "stop"
    refusal: str | None = None
    error: str = "scripted failure"
    fabricate: bool = False
    """Add a fact whose evidence quote is not in the article."""
    raw: str | None = None
    """Send this body verbatim (with ``content_type``) instead of a completion."""
    content_type: str = "application/json"
    usage: bool = True
    stall_after: int | None = None
    """Streaming: go silent for ``stall`` seconds after this many chunks."""
    stall: float = 30.0
    drop_after: int | None = None
    """Streaming: close the connection after this many chunks (the server died)."""
    runaway: str | None = None
    """Streaming: after the first half of the answer, repeat this text until max_tokens."""
    cut_at: int | None = None
    """Stop the answer after this many characters with finish_reason=length."""


class FakeOpenAI:
    """Serve chat completions on 127.0.0.1 until ``close()``; records every request."""

    def __init__(
        self,
        latency: float = 0.0,
        reject_json_schema: bool = False,
        canned: dict[str, Any] | None = None,
        reject_status: int = 400,
        context_window: int | None = None,
        chunk_chars: int = 24,
    ) -> None:
        self.latency = latency
        self.context_window = context_window
        """When set: GET /props reports it, and longer prompts get llama.cpp's HTTP 400."""
        self.chunk_chars = chunk_chars
        """Characters of content per streamed event."""
        self.reject_status = reject_status
        self.canned = canned
        """When set, every default reply is this briefing (no work on the server's side)."""
        self.handling_seconds: list[float] = []
        self.most_at_once = 0
        """The most requests it was answering at one time."""
        self._answering = 0
        self.reject_json_schema = reject_json_schema
        self.requests: list[dict[str, Any]] = []
        self._steps: list[Step] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def script(self, *steps: Step) -> None:
        with self._lock:
            self._steps.extend(steps)

    def close(self) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next(self) -> Step:
        with self._lock:
            return self._steps.pop(0) if self._steps else Step()

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's
            # algorithm and delayed ACKs stall each response by ~40 ms.
            disable_nagle_algorithm = True

            def handle(self) -> None:
                try:
                    super().handle()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client closed a kept-alive connection (a stream it stopped)

            def do_POST(self) -> None:  # noqa: N802
                started = time.perf_counter()
                with server._lock:
                    server._answering += 1
                    server.most_at_once = max(server.most_at_once, server._answering)
                try:
                    self._post()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up
                finally:
                    server.handling_seconds.append(time.perf_counter() - started)
                    with server._lock:
                        server._answering -= 1

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/stats":  # for benchmarks running the server in a process
                    return self._send(200, {"handling_seconds": server.handling_seconds})
                if self.path == "/props" and server.context_window:
                    settings = {"n_ctx": server.context_window}
                    props = {"default_generation_settings": settings, "total_slots": 1}
                    return self._send(200, props)
                return self._send(404, {"error": {"message": "File Not Found"}})

            def _post(self) -> None:
                arrived = time.perf_counter()
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length))
                if not self.path.endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": "no such route"}})
                with server._lock:
                    server.requests.append(
                        {
                            "path": self.path,
                            "body": request,
                            "auth": self.headers.get("Authorization"),
                        }
                    )
                step = server._next()
                if step.draft is None and server.canned is not None:
                    step.draft = json.loads(json.dumps(server.canned))
                # The reply is made before the wait, so that the server answers after its
                # latency and not later, whatever the time making it took (16 at once).
                reply = self._reply(request, step)
                time.sleep(max(0.0, server.latency + step.delay - (time.perf_counter() - arrived)))
                reply()

            def _reply(self, request: dict[str, Any], step: Step) -> Callable[[], None]:
                """What to send back, ready to go."""
                fmt = (request.get("response_format") or {}).get("type")
                if server.reject_json_schema and fmt == "json_schema":
                    error = {"error": {"message": "response_format json_schema is not supported"}}
                    return partial(self._send, server.reject_status, error)
                if step.raw is not None:
                    return partial(
                        self._send_raw, step.status, step.raw.encode(), step.content_type
                    )
                if step.status != 200:
                    error = {"error": {"message": step.error}}
                    return partial(self._send, step.status, error, step.headers)
                prompt = prompt_tokens(request)
                if server.context_window and prompt > server.context_window:
                    message = (
                        f"request ({prompt} tokens) exceeds the available context size "
                        f"({server.context_window} tokens), try increasing it"
                    )
                    error = {"code": 400, "message": message, "type": "exceed_context_size_error"}
                    return partial(self._send, 400, {"error": error})
                answer = completion(request, step, server.context_window)
                if request.get("stream"):
                    return partial(self._stream, step, self._events(request, answer))
                return partial(self._send, 200, answer, step.headers)

            def _events(self, request: dict[str, Any], answer: dict[str, Any]) -> list[bytes]:
                """The answer as server-sent events, one per ``chunk_chars`` of content."""
                choice = answer["choices"][0]
                content = choice["message"]["content"] or ""
                size = server.chunk_chars
                pieces = [content[i : i + size] for i in range(0, len(content), size)]
                base = {k: answer[k] for k in ("id", "created", "model")}
                base["object"] = "chat.completion.chunk"
                events = [
                    {**base, "choices": [{"index": 0, "delta": {"content": piece}}]}
                    for piece in pieces
                ]
                last = {"index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}
                if choice["message"].get("refusal"):
                    last["delta"] = {"refusal": choice["message"]["refusal"]}
                events.append({**base, "choices": [last]})
                options = request.get("stream_options") or {}
                if options.get("include_usage") and answer.get("usage"):
                    events.append({**base, "choices": [], "usage": answer["usage"]})
                return [b"data: " + json.dumps(e).encode() + b"\n\n" for e in events] + [
                    b"data: [DONE]\n\n"
                ]

            def _stream(self, step: Step, events: list[bytes]) -> None:
                """Send ``events`` as they come from a server, one HTTP chunk each."""
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for number, event in enumerate(events):
                        if number == step.drop_after:
                            self.wfile.flush()
                            self.connection.shutdown(socket.SHUT_RDWR)
                            return
                        if number == step.stall_after:
                            server._closing.wait(step.stall)
                        self._chunk(event)
                    self._chunk(b"")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (runaway detection, timeouts)

            def _chunk(self, data: bytes) -> None:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()

            def _send_raw(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _send(
                self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def offline_draft(prompt: str) -> dict[str, Any]:
    """What the fake model answers: the offline engine's briefing of the prompt's article."""
    match = _ARTICLE.search(prompt)
    if not match:
        return {
            "bottom_line": "No article found.",
            "key_facts": [],
            "open_questions": [],
            "reactions": [],
        }
    article = Article(title=match["title"], text=match["text"], source="fake")
    return draft_of(OfflineEngine().brief(article))


def draft_of(b: Briefing) -> dict[str, Any]:
    """A briefing as the model's answer would give it: quotes as plain strings."""
    return {
        "bottom_line": b.bottom_line,
        "key_facts": [
            {"text": f.text, "evidence": [q.text for q in f.evidence]} for f in b.key_facts
        ],
        "open_questions": [
            {"question": q.question, "evidence": [e.text for e in q.evidence]}
            for q in b.open_questions
        ],
        "reactions": [
            {
                "actor": r.actor,
                "stance": r.stance.value,
                "text": r.text,
                "evidence": [e.text for e in r.evidence],
            }
            for r in b.reactions
        ],
    }


_OPEN: list[OpenAIEngine] = []


def engine(server: FakeOpenAI, **options: Any) -> OpenAIEngine:
    """An LLM engine against ``server``, without a cache; closed after the test (conftest)."""
    options.setdefault("cache", False)
    opened = OpenAIEngine(base_url=server.url, **options)
    _OPEN.append(opened)
    return opened


def close_engines() -> None:
    """Close every engine ``engine`` opened."""
    while _OPEN:
        _OPEN.pop().close()


def tokens(text: str) -> list[int]:
    """The fake model's tokenizer (tiktoken's o200k, which counts English much as small
    open models' tokenizers do)."""
    return encoding("o200k_base").encode(text, disallowed_special=())


def prompt_tokens(request: dict[str, Any]) -> int:
    """The prompt's tokens, with a few for the chat template around each message."""
    return sum(len(tokens(m["content"])) + 5 for m in request["messages"]) + 3


def completion(
    request: dict[str, Any], step: Step, context_window: int | None = None
) -> dict[str, Any]:
    prompt = "\n".join(m["content"] for m in request["messages"] if m["role"] == "user")
    finish_reason = step.finish_reason
    if step.content is not None:
        content = step.content
    else:
        draft = step.draft if step.draft is not None else offline_draft(prompt)
        if step.fabricate:
            draft["key_facts"].append({"text": "The minister resigned.", "evidence": [FABRICATED]})
        content = json.dumps(draft)
    prompt = prompt_tokens(request)
    limit = request.get("max_tokens") or request.get("max_completion_tokens")
    if context_window:
        limit = min(limit or context_window, context_window - prompt)
    if step.runaway is not None:
        at = content.find('"text": "', len(content) // 2) + len('"text": "')
        content = content[:at] + step.runaway * (4 * (limit or 4096) // len(step.runaway))
    if step.cut_at is not None:
        content, finish_reason = content[: step.cut_at], "length"
    answer = tokens(content)
    if limit and len(answer) > limit:
        answer = answer[:limit]
        content, finish_reason = encoding("o200k_base").decode(answer), "length"
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None if step.refusal else content,
                    "refusal": step.refusal,
                },
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": len(answer),
            "total_tokens": prompt + len(answer),
        }
        if step.usage
        else None,
    }


def main() -> None:
    """Serve in the foreground: python -m tests.fake_openai LATENCY [CANNED.json [CHUNK]]."""
    import sys

    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    canned = json.loads(open(sys.argv[2], encoding="utf-8").read()) if len(sys.argv) > 2 else None
    chunk = int(sys.argv[3]) if len(sys.argv) > 3 else 24
    server = FakeOpenAI(latency=latency, canned=canned, chunk_chars=chunk)
    print(server.url, flush=True)
    try:
        server._thread.join()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()
