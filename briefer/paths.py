"""Where briefer keeps its files: ``$BRIEFER_HOME``, else the user's cache directory."""

from __future__ import annotations

import os
from pathlib import Path

from briefer.errors import ConfigError


def home() -> Path:
    """briefer's own directory (cache, price table); created on first use."""
    explicit = os.environ.get("BRIEFER_HOME")
    if explicit:
        return _folder(Path(explicit))
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return _folder(Path(base) / "briefer")


def data_home() -> Path:
    """Where briefer keeps state worth keeping (the digest database): ``$BRIEFER_HOME``,
    else the user's data directory."""
    explicit = os.environ.get("BRIEFER_HOME")
    if explicit:
        return _folder(Path(explicit))
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return _folder(Path(base) / "briefer")


def _folder(path: Path) -> Path:
    """``path``, created if need be; a ConfigError (one line, exit 2) when it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = "not a folder" if path.exists() else exc.strerror or str(exc)
        raise ConfigError(f"{path}: cannot keep briefer's files there ({why})") from None
    return path
