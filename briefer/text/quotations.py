"""Which parts of a text are someone's quoted words: what stands inside quotation marks,
read from the start of the paragraph, so that a quote running on over several sentences
counts in each of them."""

from __future__ import annotations

import re

_MARKS = re.compile(r"[“”«»\"\n]")
_OPENING = frozenset("“«")


def quoted_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` inside double quotation marks (curly, straight or
    guillemets; single marks are too often apostrophes or scare quotes). A closing mark with
    no opening one before it in the paragraph closes a quote the paragraph opened with; a
    quote runs on into the next paragraph only by opening again."""
    end = len(text) if end is None else end
    paragraph = text.rfind("\n", 0, start) + 1
    spans = []
    opened: int | None = None
    closed = paragraph
    for found in _MARKS.finditer(text, paragraph, end):
        i, mark = found.start(), found.group()
        if mark == "\n":
            if opened is not None:
                spans.append((opened, i))
            opened, closed = None, i + 1
        elif mark in _OPENING or (mark == '"' and opened is None):
            if opened is None:
                opened = i
        else:
            spans.append((closed if opened is None else opened, i + 1))
            opened, closed = None, i + 1
    if opened is not None:
        spans.append((opened, end))
    return [(max(a, start), b) for a, b in spans if b > start and b > max(a, start)]
