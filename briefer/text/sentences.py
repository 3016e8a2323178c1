"""Split article text into sentences with character spans, using ``sentencex``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ")", "…")
_WORD = re.compile(r"\w+")
# Abbreviations that precede a name and never end a sentence ("Ms. Sorrell").
_TITLE_ABBREV = re.compile(
    r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gen|Gov|Lt|Col|Capt|Sgt|Rev|Hon|No|Mt|Ft|Jr|Sr)\.$"
)


class Sentence(NamedTuple):
    """One sentence of an article, located in its text."""

    text: str
    start: int
    end: int
    paragraph: int
    """Index of the paragraph (line) the sentence belongs to."""
    position: int
    """Index of the sentence within its paragraph."""
    heading: bool
    """True when the paragraph is a subheading rather than prose."""


def is_heading(paragraph: str) -> bool:
    """Whether a one-line paragraph reads as a subheading rather than prose."""
    words = len(_WORD.findall(paragraph))
    if words > 16:
        return False
    stripped = paragraph.rstrip()
    if stripped.endswith("?"):
        return words <= 14
    return not stripped.endswith(_TERMINAL) and not stripped.endswith((":", ",", ";"))


MAX_WORDS = 80
"""Longer 'sentences' (text without punctuation) are cut into pieces of at most this size."""
_TOKEN = re.compile(r"\S+")


def _pieces(sentence: str) -> list[tuple[int, int]]:
    """Cut an overlong sentence into spans of at most MAX_WORDS words, at punctuation if any."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    if len(tokens) <= MAX_WORDS + MAX_WORDS // 4:  # a long sentence: cut, its tail would be
        return [(0, len(sentence))]  # a fragment ("... in the run-up to Election" + "Day.")
    spans = []
    first = 0
    while first < len(tokens):
        last = min(first + MAX_WORDS, len(tokens)) - 1
        if last < len(tokens) - 1:
            for j in range(last, first + MAX_WORDS // 2, -1):
                if sentence[tokens[j][1] - 1] in ",;:":
                    last = j
                    break
        spans.append((tokens[first][0], tokens[last][1]))
        first = last + 1
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` (one paragraph per line) into located sentences."""
    return list(_split(text))


@lru_cache(maxsize=16)
def _split(text: str) -> tuple[Sentence, ...]:
    """The sentences of a text, kept for the others who split the same article (the engine,
    the grounding index and the LLM engine's checks each do)."""
    from sentencex import segment

    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(text.split("\n")):
        heading = is_heading(paragraph)
        cursor = 0
        position = 0
        for piece in segment("en", paragraph):
            piece = piece.strip()
            if not piece:
                continue
            at = paragraph.find(piece, cursor)
            if at < 0:  # the segmenter altered the text; never invent a span
                continue
            cursor = at + len(piece)
            if position and _TITLE_ABBREV.search(sentences[-1].text):
                prev = sentences.pop()
                position -= 1
                at = prev.start - offset
                piece = paragraph[at:cursor]
            for start, end in _pieces(piece):
                sentences.append(
                    Sentence(
                        piece[start:end],
                        offset + at + start,
                        offset + at + end,
                        number,
                        position,
                        heading,
                    )
                )
                position += 1
        offset += len(paragraph) + 1
    return tuple(sentences)
