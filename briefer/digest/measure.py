"""Pairwise precision and recall of story merging against labelled stories."""

from __future__ import annotations

from itertools import combinations
from typing import NamedTuple

from briefer.article import Article
from briefer.digest.merge import group, profile, similarities


class MergeScore(NamedTuple):
    """How merging compares with the labels, counted over pairs of articles."""

    precision: float
    """Share of merged pairs that the labels call one story."""
    recall: float
    """Share of labelled same-story pairs that were merged."""
    merged: int
    labelled: int


def merge_score(articles: list[Article], stories: list[str | None]) -> MergeScore:
    """Group ``articles`` as a digest would; compare with ``stories`` (None: a story alone)."""
    groups = group(len(articles), similarities([profile(a) for a in articles]))
    merged = {pair for g in groups for pair in combinations(g, 2)}
    labelled = {
        (i, j)
        for i, j in combinations(range(len(articles)), 2)
        if stories[i] is not None and stories[i] == stories[j]
    }
    right = len(merged & labelled)
    return MergeScore(
        right / len(merged) if merged else 1.0,
        right / len(labelled) if labelled else 1.0,
        len(merged),
        len(labelled),
    )
