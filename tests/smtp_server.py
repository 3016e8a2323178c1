"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the digest tests."""

from __future__ import annotations

import socket
import ssl
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sink:
    """Keeps every accepted message. While ``refuse`` is set it refuses them for good (554);
    ``reply`` answers DATA with that line instead; ``drop`` keeps the message but hangs up
    before answering (a crash between the server's acceptance and our record of it)."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.refuse = False
        self.reply: str | None = None
        self.drop = False
        self.received: list[Any] = []
        """Every message whose DATA arrived, answered or not."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(envelope)
        if self.drop:
            self.messages.append(envelope)
            server.transport.close()
            return "250 2.0.0 OK"  # never reaches the client
        if self.refuse:
            return "554 5.6.0 Message refused by policy"
        if self.reply:
            return self.reply
        self.messages.append(envelope)
        return "250 2.0.0 OK"


class SmtpServer:
    """An SMTP server on loopback: plain, STARTTLS with login, or implicit TLS."""

    def __init__(
        self,
        tls: ssl.SSLContext | None = None,
        implicit_tls: bool = False,
        users: dict[str, str] | None = None,
        port: int | None = None,
        sink: Sink | None = None,
    ) -> None:
        self.sink = sink or Sink()
        self.port = port or free_port()
        self.users = users
        options: dict[str, Any] = {}
        if tls is not None and implicit_tls:
            options["ssl_context"] = tls
        elif tls is not None:
            options.update(tls_context=tls, require_starttls=True)
        if users is not None:
            options.update(authenticator=self._authenticate, auth_required=True)
        self.controller = Controller(
            self.sink,
            hostname="127.0.0.1",
            port=self.port,
            server_hostname="127.0.0.1",
            ready_timeout=10,
            **options,
        )
        self.controller.start()

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
        if isinstance(auth_data, LoginPassword) and self.users:
            user, password = auth_data.login.decode(), auth_data.password.decode()
            if self.users.get(user) == password:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    @property
    def messages(self) -> list[Any]:
        return self.sink.messages

    def stop(self) -> None:
        self.controller.stop()
