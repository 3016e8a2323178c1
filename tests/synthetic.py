"""Made-up but distinct news articles, for backlog tests and the digest benchmark."""

from __future__ import annotations

import random
from pathlib import Path

_SYLLABLES = "ka lo mi ra ven tor sel dun bri ga pol nes ter vik ash lum or den fa ril".split()
_EVENTS = [
    ("opened a new {thing} in {place}", "The {thing} cost {n} million dollars to build"),
    ("closed its {thing} in {place}", "About {n} workers at the {thing} will lose their jobs"),
    ("won the regional {thing} final in {place}", "The team scored {n} points in the final"),
    ("approved a {thing} plan for {place}", "The plan sets aside {n} million for the work"),
]
_THINGS = "bridge factory library harbour stadium hospital railway school market museum".split()


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def article(rng: random.Random) -> str:
    """One article as text (headline, then paragraphs) about a unique made-up event."""
    who, boss, place = _name(rng, 3), f"{_name(rng)} {_name(rng, 3)}", _name(rng, 3)
    thing = rng.choice(_THINGS)
    event, detail = rng.choice(_EVENTS)
    n = rng.randint(12, 980)
    what = event.format(thing=thing, place=place)
    paragraphs = [
        f"{who} {what} on Monday, the company said in a statement.",
        detail.format(thing=thing, n=n) + f", according to figures released by {who}.",
        f"Chief executive {boss} said the decision followed two years of talks with the "
        f"council of {place} and local groups.",
        f'"This is a good day for {place}," {boss} told reporters outside the {thing}.',
        f"Critics in {place} said the plan had been rushed and asked who would pay for the "
        f"extra {n // 3 + 2} staff the {thing} needs.",
        f"It is not known when the {thing} will be inspected by the regional authority.",
    ]
    return f"{who} {what}\n" + "\n".join(paragraphs) + "\n"


def write_articles(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` distinct articles into ``folder``; return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"article-{i:04d}.txt"
        path.write_text(article(rng), encoding="utf-8")
        paths.append(path)
    return paths
