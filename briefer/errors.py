"""The exceptions briefer raises.

Every error a user can cause or meet derives from ``BrieferError``::

    BrieferError
    ├── InputError          an article that cannot be read or briefed
    ├── ConfigError         a bad option, setting or missing dependency
    ├── EngineError         an engine failed to produce a briefing
    │   ├── EngineUnavailable   the service could not be reached or kept failing
    │   ├── EngineTimeout       the service did not answer in time
    │   └── EngineOutputError   the model's output was unusable (truncated, refused, invalid)
    ├── RenderError         a briefing could not be written out
    └── DigestError         a digest could not be collected or sent
        ├── SmtpError           the mail server refused or failed
        └── StateError          the state file is unusable, or another run holds it

The CLI maps this tree to exit codes in one place (``briefer.cli``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class BrieferError(Exception):
    """Base class of every error briefer raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(BrieferError):
    """An article could not be loaded, or is not something we can brief."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.source = source
        self.reason = message


class ConfigError(BrieferError):
    """An option or setting is invalid, or an optional dependency is missing."""


class EngineError(BrieferError):
    """An engine failed to produce a briefing."""

    def __init__(self, message: str, engine: str | None = None) -> None:
        super().__init__(message)
        self.engine = engine


class EngineUnavailable(EngineError):
    """The service could not be reached, or kept failing after retries."""


class EngineTimeout(EngineError):
    """The service did not answer within the timeout, after retries."""


class EngineOutputError(EngineError):
    """The model's output could not be used, even after a repair attempt."""

    def __init__(
        self,
        message: str,
        engine: str | None = None,
        attempts: int = 1,
        input_tokens: int = 0,
        output_tokens: int = 0,
    ) -> None:
        super().__init__(message, engine)
        self.attempts = attempts
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens


class RenderError(BrieferError):
    """A briefing could not be rendered or written."""


class DigestError(BrieferError):
    """A digest could not be collected or sent."""


class SmtpError(DigestError):
    """The mail server could not be reached, refused the login, or refused the message."""

    def __init__(self, message: str, maybe_sent: bool = False, permanent: bool = False) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent
        """True when the connection failed mid-message: the server may have accepted it."""
        self.permanent = permanent
        """True when the server refused the message for good (a 5xx reply to it)."""


class StateError(DigestError):
    """The digest state file is unusable, or another run is using it."""


def one_line(text: object, limit: int = 200) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def field_errors(exc: ValidationError) -> list[str]:
    """Pydantic's complaints as 'field: problem' lines, worded for people."""
    problems = []
    for err in exc.errors():
        where = ".".join(map(str, err["loc"])) or "(root)"
        what = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            what = "unknown setting"
        problems.append(f"{where}: {what}")
    return problems
