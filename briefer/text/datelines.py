"""The dateline that opens a wire story: "HANOI, Vietnam (AP) — ", "WASHINGTON (Reuters) - "."""

from __future__ import annotations

import re

_SOURCE = r"(?:[A-Z]{2,}(?:\s[A-Z][a-z]+)?|Reuters|Bloomberg|dpa|Xinhua|Kyodo)"
DATELINE = re.compile(
    rf"^(?:[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){{0,4}},?\s+)?\({_SOURCE}\)\s*[—–-]+\s*"
)
"""Up to five capitalised words of place ("HANOI, Vietnam", "SAN FRANCISCO", or what is left
of them after a comma), a news agency or outlet in brackets ("(AP)", "(CNN Business)",
"(Reuters)") and a dash; the source alone too ("(CNN) — ")."""


def without_dateline(text: str) -> str:
    """``text`` with the wire dateline it opens with, if any, cut."""
    return DATELINE.sub("", text, count=1)
