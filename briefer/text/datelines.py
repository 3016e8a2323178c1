"""The dateline that opens a wire story: "HANOI, Vietnam (AP) — ", "WASHINGTON (Reuters) - "."""

from __future__ import annotations

import re

from briefer.text.outlets import AGENCIES

_ACRONYMS = "|".join(a for a in AGENCIES if a.isupper())
_NAMES = "|".join(a for a in AGENCIES if not a.isupper())
_SOURCE = rf"(?:(?:{_ACRONYMS})(?:\s[A-Z][a-z]+)?|{_NAMES})"
DATELINE = re.compile(
    rf"^(?:[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){{0,4}},?\s+)?\({_SOURCE}\)\s*[—–-]+\s*"
)
"""Up to five capitalised words of place ("HANOI, Vietnam", "SAN FRANCISCO", or what is left
of them after a comma), a news agency of ``outlets.AGENCIES`` in brackets ("(AP)", "(CNN
Business)", "(Reuters)") and a dash; the source alone too ("(CNN) — "). Any other bracket is not
a dateline: "The World Health Organization (WHO) — long a target of ..." keeps its words, and so
does a publication's "(Herald) — "."""


def without_dateline(text: str) -> str:
    """``text`` with the wire dateline it opens with, if any, cut."""
    return DATELINE.sub("", text, count=1)
