"""A real HTTP server on 127.0.0.1 that speaks OpenAI's /v1/chat/completions.

Its "model" is briefer's offline engine run on the article found in the prompt, so answers
are realistic and grounded. Tests script failures by queueing steps:

    server.script(Step(status=429, headers={"Retry-After": "1"}), Step())
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from briefer.article import Article
from briefer.engines.offline import OfflineEngine

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


class FakeOpenAI:
    """Serve chat completions on 127.0.0.1 until ``close()``; records every request."""

    def __init__(
        self,
        latency: float = 0.0,
        reject_json_schema: bool = False,
        canned: dict[str, Any] | None = None,
        reject_status: int = 400,
    ) -> None:
        self.latency = latency
        self.reject_status = reject_status
        self.canned = canned
        """When set, every default reply is this briefing (no work on the server's side)."""
        self.handling_seconds: list[float] = []
        self.reject_json_schema = reject_json_schema
        self.requests: list[dict[str, Any]] = []
        self._steps: list[Step] = []
        self._lock = threading.Lock()
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

            def do_POST(self) -> None:  # noqa: N802
                started = time.perf_counter()
                try:
                    self._post()
                finally:
                    server.handling_seconds.append(time.perf_counter() - started)

            def _post(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length))
                with server._lock:
                    server.requests.append(
                        {
                            "path": self.path,
                            "body": request,
                            "auth": self.headers.get("Authorization"),
                        }
                    )
                if not self.path.endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": "no such route"}})
                step = server._next()
                if step.draft is None and server.canned is not None:
                    step.draft = json.loads(json.dumps(server.canned))
                time.sleep(server.latency + step.delay)
                fmt = (request.get("response_format") or {}).get("type")
                if server.reject_json_schema and fmt == "json_schema":
                    return self._send(
                        server.reject_status,
                        {"error": {"message": "response_format json_schema is not supported"}},
                    )
                if step.raw is not None:
                    return self._send_raw(step.status, step.raw.encode(), step.content_type)
                if step.status != 200:
                    return self._send(step.status, {"error": {"message": step.error}}, step.headers)
                return self._send(200, completion(request, step), step.headers)

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
    b = OfflineEngine().brief(article)
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


def completion(request: dict[str, Any], step: Step) -> dict[str, Any]:
    prompt = "\n".join(m["content"] for m in request["messages"] if m["role"] == "user")
    if step.content is not None:
        content = step.content
    else:
        draft = step.draft if step.draft is not None else offline_draft(prompt)
        if step.fabricate:
            draft["key_facts"].append({"text": "The minister resigned.", "evidence": [FABRICATED]})
        content = json.dumps(draft)
    prompt_tokens = sum(len(m["content"]) for m in request["messages"]) // 4
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
                "finish_reason": step.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(content) // 4,
            "total_tokens": prompt_tokens + len(content) // 4,
        }
        if step.usage
        else None,
    }


def main() -> None:
    """Serve in the foreground: python -m tests.fake_openai LATENCY [CANNED.json]."""
    import sys

    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    canned = json.loads(open(sys.argv[2], encoding="utf-8").read()) if len(sys.argv) > 2 else None
    server = FakeOpenAI(latency=latency, canned=canned)
    print(server.url, flush=True)
    try:
        server._thread.join()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()
