"""Where briefer keeps its files: ``$BRIEFER_HOME``, else the user's cache directory."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """briefer's own directory (cache, price table); created on first use."""
    explicit = os.environ.get("BRIEFER_HOME")
    if explicit:
        path = Path(explicit)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        path = Path(base) / "briefer"
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_home() -> Path:
    """Where briefer keeps state worth keeping (the digest database): ``$BRIEFER_HOME``,
    else the user's data directory."""
    explicit = os.environ.get("BRIEFER_HOME")
    if explicit:
        path = Path(explicit)
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(base) / "briefer"
    path.mkdir(parents=True, exist_ok=True)
    return path
