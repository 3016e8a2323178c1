"""An on-disk cache of model answers (SQLite), so re-briefing an article costs nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefer.errors import ConfigError
from briefer.paths import home

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    created TEXT NOT NULL,
    value TEXT NOT NULL
)
"""


def cache_key(**parts: Any) -> str:
    """A stable key for everything that determines a model's answer."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class ResponseCache:
    """Answers keyed by article, prompt version, model and parameters; safe across threads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / "llm-cache.sqlite3"
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            with self._lock, self._db:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(_SCHEMA)
        except sqlite3.Error as exc:
            raise ConfigError(
                f"{self.path}: unusable cache ({exc}); delete it or use --no-cache"
            ) from None

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached value for ``key``, or None (also for an unreadable entry)."""
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT value FROM responses WHERE key = ?", (key,)
                ).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            return None

    def put(self, key: str, model: str, value: dict[str, Any]) -> None:
        """Store ``value`` under ``key`` (replacing any older answer); failures are ignored,
        since the answer itself is already in hand."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self._lock, self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO responses (key, model, created, value) "
                    "VALUES (?, ?, ?, ?)",
                    (key, model, now, json.dumps(value, ensure_ascii=False)),
                )
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Close the database."""
        self._db.close()
