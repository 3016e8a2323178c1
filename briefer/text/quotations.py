"""Which parts of a text are someone's quoted words: what stands inside quotation marks,
read from the start of the paragraph, so that a quote running on over several sentences
counts in each of them."""

from __future__ import annotations

import re

MARKS = '“”„«»"'
"""The double quotation marks, in every style read here."""
_MARKS = re.compile(f"[{MARKS}\n]")
_CLOSES = {"“": "”", "„": "“", "«": "»", '"': '"'}
"""What closes each opening mark: „German quotes“ close with what opens English ones."""


def quoted_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` inside double quotation marks (curly, straight, German
    or guillemets; single marks are too often apostrophes or scare quotes). A closing mark
    with no opening one before it in the paragraph closes a quote the paragraph opened with;
    a quote runs on into the next paragraph only by opening again. A straight mark opens
    only before a word and closes only after one, so that the 65" of a screen is no quote."""
    end = len(text) if end is None else end
    paragraph = text.rfind("\n", 0, start) + 1
    spans = []
    opened: int | None = None
    opener = ""
    closed = paragraph
    for found in _MARKS.finditer(text, paragraph, end):
        i, mark = found.start(), found.group()
        if mark == "\n":
            if opened is not None:
                spans.append((opened, i))
            opened, closed = None, i + 1
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opened is not None and (mark == _CLOSES[opener] or mark == '"'):  # “mixed marks"
            if mark != '"' or not before.isspace():
                spans.append((opened, i + 1))
                opened, closed = None, i + 1
        elif mark in _CLOSES and mark != '"' or (mark == '"' and _opens(before, after)):
            if opened is None:
                opened, opener = i, mark
        elif mark in "”»" or (mark == '"' and not before.isspace() and not before.isdigit()):
            spans.append((closed, i + 1))  # the paragraph opened inside a quote
            opened, closed = None, i + 1
    if opened is not None:
        spans.append((opened, end))
    return [(max(a, start), b) for a, b in spans if b > start and b > max(a, start)]


def _opens(before: str, after: str) -> bool:
    """Whether a straight quotation mark between these characters opens a quote."""
    return (before.isspace() or before in "([{—–-:") and not after.isspace()


def unquoted(text: str) -> str:
    """``text`` with what stands in quotation marks left out: its own words only."""
    for start, end in reversed(quoted_spans(text)):
        text = text[:start] + " " + text[end:]
    return text
