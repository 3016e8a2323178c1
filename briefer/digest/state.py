"""Digest state in SQLite: which articles went out in which digest.

Migrations are numbered and append-only; the applied ones are recorded in ``migrations``.
An article is marked sent only after the mail server accepted the message that carried it.
A lock file next to the database keeps two runs from sending at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from briefer.errors import StateError
from briefer.paths import data_home

MIGRATIONS: list[tuple[str, str]] = [
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
]


def default_path() -> Path:
    """The state file in the user's data directory (or ``$BRIEFER_HOME``)."""
    return data_home() / "digest.sqlite3"


class State:
    """The digest state file, held under an exclusive lock while open."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self._lock = None
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> State:
        from filelock import FileLock, Timeout

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path) + ".lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise StateError(f"{self.path}: another digest run is in progress") from None
        self._lock = lock
        try:
            self._db = sqlite3.connect(self.path)
            self._migrate()
        except sqlite3.Error as exc:
            lock.release()
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
        if self._lock is not None:
            self._lock.release()

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
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                self.db.executescript(sql)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    def unsent(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` not yet in any sent digest."""
        keys = list(keys)
        sent = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT key FROM articles WHERE key IN ({marks})", chunk)
            sent |= {row[0] for row in rows}
        return set(keys) - sent

    def record_sent(
        self,
        subject: str,
        recipients: list[str],
        stories: int,
        articles: list[tuple[str, str, str]],
    ) -> int:
        """Record a digest the server accepted, with its (key, location, title) articles."""
        now = _now()
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO digests (created, sent, recipients, subject, stories) "
                "VALUES (?, ?, ?, ?, ?)",
                (now, now, ",".join(recipients), subject, stories),
            )
            digest_id = int(cursor.lastrowid or 0)
            self.db.executemany(
                "INSERT OR IGNORE INTO articles (key, location, title, digest_id, sent) "
                "VALUES (?, ?, ?, ?, ?)",
                [(k, loc, title, digest_id, now) for k, loc, title in articles],
            )
        return digest_id


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
