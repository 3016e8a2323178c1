"""Short phrases an article sets in quotation marks: slogans, titles, catchwords."""

from __future__ import annotations

import re

from briefer.text.names import plain_quotes

_DOUBLE = re.compile(r'(?<!\w)"(\S(?:[^"\n]{0,78}?\S)??)"(?!\w)')
_SINGLE = re.compile(r"(?<![\w'])'(\S(?:[^\n]{0,78}?\S)??)'(?!\w)")
"""A quote opens before a word and closes after one (so '," she said. "' is between two
quotes, not one); an apostrophe inside a word ("we're") does not close a single quote."""
_TOKEN = re.compile(r"[^\W_]+")


def quoted_phrases(text: str, least: int = 2, most: int = 6) -> list[str]:
    """Phrases of ``least`` to ``most`` words found between quotation marks, in lower case
    with punctuation dropped ("Meth. We're on it." -> "meth we re on it"): what outlets
    reporting one campaign, song or remark repeat word for word, where longer quotes are
    speech and single words are scare quotes."""
    text = plain_quotes(text)
    found = []
    for pattern in (_DOUBLE, _SINGLE):
        for match in pattern.finditer(text):
            words = _TOKEN.findall(match.group(1).lower())
            if least <= len(words) <= most:
                found.append(" ".join(words))
    return found
