"""How much two sets of words or shingles overlap."""

from __future__ import annotations

from collections.abc import Hashable, Set


def jaccard(a: Set[Hashable], b: Set[Hashable]) -> float:
    """Overlap of two sets, 0-1 (0 when either is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0
