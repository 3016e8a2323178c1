"""News outlets by name: the agencies that sign wire copy, and the words that end the name of
a publication ("Bloomberg News", "the Evening Herald"), or stand for one ("the newspaper")."""

from __future__ import annotations

AGENCIES = (
    "AP AFP UPI CNN CNBC BBC NBC CBS ABC NPR PTI IANS ANI TASS PA Reuters Bloomberg dpa Xinhua "
    "Kyodo Yonhap Interfax"
).split()
"""News agencies and broadcasters: the only names a wire dateline accepts ("(AP)", "(Reuters)";
an acronym with a desk after it too, "(CNN Business)")."""
OUTLET_NAMES = frozenset(AGENCIES) | frozenset(
    (
        "News Times Post Journal Press Chronicle Herald Telegraph Guardian Tribune Gazette "
        "Insider Politico Axios Deadline Variety Wrap Verge Agency Mail Independent Observer "
        "Economist Mirror Examiner Inquirer DigiTimes"
    ).split()
)
"""The last word of a news outlet's name: an agency's, or a publication's."""
OUTLET_NOUNS = frozenset(
    "media newspaper paper outlet broadcaster tabloid magazine website".split()
)
"""Common nouns for an outlet ("the newspaper reported that ...")."""
