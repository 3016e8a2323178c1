"""What a failed request means to briefer: the openai SDK's exceptions translated into
briefer's, in one line that never shows the API key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefer.errors import ConfigError, EngineError, EngineTimeout, EngineUnavailable, one_line

if TYPE_CHECKING:
    import openai

    from briefer.engines.llm.transport import Server


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
    if isinstance(exc, openai.APITimeoutError) and not _refused(exc):
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


def _refused(exc: BaseException) -> bool:
    """Whether a "timeout" was a connection refused: aiohttp's errors reach the SDK through
    a table that reads every failure to connect as a connect timeout."""
    cause = exc.__cause__ or exc.__context__
    while cause is not None:
        if isinstance(cause, OSError) and not isinstance(cause, TimeoutError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


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
