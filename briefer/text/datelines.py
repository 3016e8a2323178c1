"""The dateline that opens a wire story: "HANOI, Vietnam (AP) — ", "WASHINGTON (Reuters) - "."""

from __future__ import annotations

import re

_SOURCE = (
    r"(?:(?:AP|AFP|UPI|CNN|BBC|NBC|CBS|ABC|NPR|PTI|IANS|ANI|TASS|PA)(?:\s[A-Z][a-z]+)?|"
    r"Reuters|Bloomberg|dpa|Xinhua|Kyodo|Yonhap)"
)
DATELINE = re.compile(
    rf"^(?:[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){{0,4}},?\s+)?\({_SOURCE}\)\s*[—–-]+\s*"
)
"""Up to five capitalised words of place ("HANOI, Vietnam", "SAN FRANCISCO", or what is left
of them after a comma), a known news agency or outlet in brackets ("(AP)", "(CNN Business)",
"(Reuters)") and a dash; the source alone too ("(CNN) — "). Any other bracket is not a
dateline: "The World Health Organization (WHO) — long a target of ..." keeps its words."""


def without_dateline(text: str) -> str:
    """``text`` with the wire dateline it opens with, if any, cut."""
    return DATELINE.sub("", text, count=1)
