"""Digest state in SQLite: which articles went out in which digest, and what is in flight.

Migrations are numbered and append-only; the applied ones are recorded in ``migrations``.

Sending is two-phase. A composed digest is first stored in the ``outbox`` with its
articles; only when the mail server has accepted it are the articles recorded as sent and
the outbox row removed, in one transaction. A run that dies in between, or cannot reach the
server, or is told to try later, leaves the row behind, and the next run sends that *same
stored message* (same Message-ID, so mail clients can tell it is the same) before anything
new; only a permanent refusal removes the row, so its articles are taken again later. Their
briefings are kept (``briefings``, keyed by content and engine), so nothing is briefed twice.
A lock file next to the database keeps two runs apart.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from briefer.errors import StateError
from briefer.paths import data_home


def _rekey_urls(db: sqlite3.Connection) -> None:
    """URL keys lost their scheme, host case, trailing slash and tracking parameters: give
    the articles already sent their new keys, so that none of them goes out again."""
    from briefer.digest.sources import url_key

    rows = db.execute("SELECT key, location FROM articles WHERE key LIKE 'url:%'").fetchall()
    db.executemany(
        "UPDATE OR IGNORE articles SET key = ? WHERE key = ?",
        [(url_key(location), key) for key, location in rows if "://" in location],
    )


MIGRATIONS: list[tuple[str, str | Callable[[sqlite3.Connection], None]]] = [
    (
        "m001_initial",
        """
        CREATE TABLE digests (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            sent TEXT,
            recipients TEXT NOT NULL,
            subject TEXT NOT NULL,
            stories INTEGER NOT NULL
        );
        CREATE TABLE articles (
            key TEXT PRIMARY KEY,
            location TEXT NOT NULL,
            title TEXT NOT NULL,
            digest_id INTEGER NOT NULL REFERENCES digests(id),
            sent TEXT NOT NULL
        );
        """,
    ),
    (
        "m002_outbox",
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            message_id TEXT NOT NULL,
            message BLOB NOT NULL,
            recipients TEXT NOT NULL,
            subject TEXT NOT NULL,
            stories INTEGER NOT NULL,
            articles TEXT NOT NULL
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
    (
        "m003_failures",
        """
        CREATE TABLE failures (
            key TEXT PRIMARY KEY,
            location TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT NOT NULL,
            last_seen TEXT NOT NULL
        );
        """,
    ),
    (
        "m004_briefings_and_senders",
        """
        CREATE TABLE briefings (
            key TEXT PRIMARY KEY,
            briefing TEXT NOT NULL,
            created TEXT NOT NULL
        );
        ALTER TABLE failures ADD COLUMN first_seen TEXT;
        UPDATE failures SET first_seen = last_seen;
        ALTER TABLE outbox ADD COLUMN sender TEXT;
        """,
    ),
    ("m005_url_keys", _rekey_urls),
]
MAX_ATTEMPTS = 3
"""Failed attempts at an article before the digest may give up on it..."""
GIVE_UP_AFTER = timedelta(days=1)
"""...and only once its failures span this long: three failed runs in one busy hour are
not a reason to give up on an article."""

Shipped = tuple[str, str, str]
"""An article in a digest: (key, location, title)."""


class Pending(NamedTuple):
    """A stored digest that has not (knowingly) been accepted yet."""

    id: int
    message: bytes
    sender: str | None
    """The From the message was composed with (None for digests stored before m004)."""
    recipients: list[str]
    subject: str
    stories: int
    articles: list[Shipped]


def default_path() -> Path:
    """The state file in the user's data directory (or ``$BRIEFER_HOME``)."""
    return data_home() / "digest.sqlite3"


class State:
    """The digest state file, held under an exclusive lock while open."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self._lock: Any = None
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> State:
        from filelock import FileLock, Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.path) + ".lock")
            lock.acquire(timeout=0)
        except Timeout:
            raise StateError(f"{self.path}: another digest run is in progress") from None
        except OSError as exc:
            raise StateError(
                f"{self.path}: cannot use this location ({exc.strerror or exc})"
            ) from None
        self._lock = lock
        try:
            self._db = sqlite3.connect(self.path)
            self._migrate()
            with self.db:  # prove now, not after sending, that the state can be written
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('opened', ?)", (_now(),))
        except sqlite3.Error as exc:
            self.__exit__(None, None, None)
            raise StateError(f"{self.path}: unusable state file ({exc})") from None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def db(self) -> sqlite3.Connection:
        assert self._db is not None, "use State as a context manager"
        return self._db

    def _migrate(self) -> None:
        with self.db:
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT)"
            )
            done = {row[0] for row in self.db.execute("SELECT name FROM migrations")}
        for name, step in MIGRATIONS:
            if name in done:
                continue
            if isinstance(step, str):
                self.db.executescript(f"BEGIN; {step}; COMMIT;")
            with self.db:
                if not isinstance(step, str):
                    step(self.db)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    def unsent(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` neither sent nor waiting in the outbox."""
        keys = list(keys)
        taken = {k for p in self.pending() for k, _, _ in p.articles}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT key FROM articles WHERE key IN ({marks})", chunk)
            taken |= {row[0] for row in rows}
        return set(keys) - taken

    def given_up(self) -> set[str]:
        """Articles that failed ``MAX_ATTEMPTS`` times over at least ``GIVE_UP_AFTER``."""
        rows = self._query(
            "SELECT key, first_seen, last_seen FROM failures WHERE attempts >= ?", (MAX_ATTEMPTS,)
        )
        return {
            key
            for key, first, last in rows
            if datetime.fromisoformat(last) - datetime.fromisoformat(first) >= GIVE_UP_AFTER
        }

    def sent_before(self, locations: Iterable[str]) -> set[str]:
        """Those of ``locations`` already sent in some digest (under another content)."""
        locations = list(set(locations))
        found: set[str] = set()
        for i in range(0, len(locations), 500):
            chunk = locations[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT DISTINCT location FROM articles WHERE location IN ({marks})", chunk
            )
            found |= {row[0] for row in rows}
        return found

    def briefings(self, keys: Iterable[str]) -> dict[str, str]:
        """Stored briefings (JSON) by content key, for those of ``keys`` that have one."""
        keys = list(keys)
        found: dict[str, str] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT key, briefing FROM briefings WHERE key IN ({marks})", chunk)
            found.update({row[0]: row[1] for row in rows})
        return found

    def keep_briefings(self, items: Iterable[tuple[str, str]]) -> None:
        """Store briefings (content key, JSON) so that no article is briefed twice."""
        now = _now()
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO briefings (key, briefing, created) VALUES (?, ?, ?)",
                    [(key, briefing, now) for key, briefing in items],
                )
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot store briefings ({exc})") from None

    def failed(self, key: str, location: str, error: str) -> bool:
        """Count one more failed attempt at ``key``; return whether the digest gives up."""
        try:
            with self.db:
                self.db.execute(
                    "INSERT INTO failures (key, location, attempts, last_error, last_seen, "
                    "first_seen) VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                    "attempts = attempts + 1, last_error = excluded.last_error, "
                    "last_seen = excluded.last_seen",
                    (key, location, error, _now(), _now()),
                )
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot record a failure ({exc})") from None
        return key in self.given_up()

    def succeeded(self, keys: Iterable[str]) -> None:
        """Forget the failures of articles that have now been briefed."""
        try:
            with self.db:
                self.db.executemany("DELETE FROM failures WHERE key = ?", [(k,) for k in keys])
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot update failures ({exc})") from None

    def pending(self) -> list[Pending]:
        """Digests stored but not known to be accepted, oldest first."""
        rows = self._query(
            "SELECT id, message, sender, recipients, subject, stories, articles FROM outbox "
            "ORDER BY id"
        )
        return [
            Pending(
                row[0],
                bytes(row[1]),
                row[2],
                json.loads(row[3]) if row[3].startswith("[") else row[3].split(","),
                row[4],
                row[5],
                [tuple(a) for a in json.loads(row[6])],
            )
            for row in rows
        ]

    def stage(
        self,
        message: bytes,
        message_id: str,
        sender: str,
        recipients: list[str],
        subject: str,
        stories: int,
        articles: list[Shipped],
    ) -> Pending:
        """Store a composed digest before sending it."""
        try:
            with self.db:
                cursor = self.db.execute(
                    "INSERT INTO outbox (created, message_id, message, sender, recipients, "
                    "subject, stories, articles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        _now(),
                        message_id,
                        message,
                        sender,
                        json.dumps(recipients),
                        subject,
                        stories,
                        json.dumps(articles),
                    ),
                )
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot store the digest ({exc})") from None
        row_id = int(cursor.lastrowid or 0)
        return Pending(row_id, message, sender, recipients, subject, stories, articles)

    def sent(self, pending: Pending, recipients: list[str]) -> int:
        """The server accepted ``pending`` for ``recipients``: record its articles as sent,
        in one transaction."""
        now = _now()
        try:
            with self.db:
                cursor = self.db.execute(
                    "INSERT INTO digests (created, sent, recipients, subject, stories) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (now, now, json.dumps(recipients), pending.subject, pending.stories),
                )
                digest_id = int(cursor.lastrowid or 0)
                self.db.executemany(
                    "INSERT OR IGNORE INTO articles (key, location, title, digest_id, sent) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(k, loc, title, digest_id, now) for k, loc, title in pending.articles],
                )
                self.db.execute("DELETE FROM outbox WHERE id = ?", (pending.id,))
        except sqlite3.Error as exc:
            raise StateError(
                f"{self.path}: the digest was sent but could not be recorded ({exc}); "
                "it stays in the outbox"
            ) from None
        return digest_id

    def discard(self, pending: Pending) -> None:
        """The server refused ``pending`` for good: its articles become unsent again."""
        try:
            with self.db:
                self.db.execute("DELETE FROM outbox WHERE id = ?", (pending.id,))
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot update the outbox ({exc})") from None

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, list(args)).fetchall()
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot read the state ({exc})") from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
