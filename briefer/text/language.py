"""Tell English text from text in another language, with no model and no download.

Two signals: the script (mostly non-Latin letters is not English), and, for Latin script,
which language's most frequent function words the text uses most. Text with too few function
words of any language (results tables, recipes) counts as English: there is no evidence
against it, and refusing an English page costs more than briefing a foreign one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import NamedTuple

# The most frequent function words of each language, leaving out those that are also
# common English words ("a", "in", "die", "was", "me", "so").
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "English": "the of and to is that for it with as was on be by at are this from have "
        "has had not but they which were their been who will would its she her he said",
        "German": "der und den das nicht mit sich des auf für ist dem eine ein auch es "
        "zu von im sie wird sind wie oder aber nach bei einer noch werden",
        "French": "le la les des et est une du que qui dans pour pas sur au avec sont ce "
        "par il elle leur ont mais aux cette",
        "Spanish": "el los las del que y es una por con para su se lo al más como pero sus "
        "está son fue ha muy",
        "Italian": "il di che è e la per un una del della non sono con le si gli da dei nel "
        "alla anche più come ma",
        "Portuguese": "o os que e é um uma do da dos das em no na para com não se por mais "
        "ao pela pelo como foi são",
        "Dutch": "de het een van en is dat op te zijn niet met voor er maar ook als bij om "
        "aan wordt",
        "Indonesian": "yang dan di dengan untuk dari ini itu tidak akan dalam ke pada juga "
        "ada karena oleh sudah bisa atau",
    }.items()
}
MIN_SHARE = 0.05
"""A language must cover at least this share of the words to count as the text's language."""

_WORD = re.compile(r"[^\W\d_]+")
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")
_SAMPLE = 12_000
"""Characters read: a couple of thousand words settle the language."""


class Language(NamedTuple):
    """What the text seems to be written in."""

    english: bool
    name: str
    """A language name ("Italian"), a script ("Hangul script"), or "English"."""


def detect_language(text: str) -> Language:
    """Whether ``text`` reads as English, and if not, what it seems to be instead."""
    sample = text[:_SAMPLE]
    words = _WORD.findall(sample.lower())
    if not words:
        return Language(True, "English")
    foreign = _NON_LATIN.findall(sample)  # letters outside the Latin blocks
    if len(foreign) > 0.5 * sum(map(len, words)):
        script = Counter(map(_script, foreign[:500])).most_common(1)[0][0]
        return Language(False, f"{script.title()} script")
    counts = Counter(words)
    hits = Counter({lang: sum(counts[w] for w in vocab) for lang, vocab in FUNCTION_WORDS.items()})
    lang, best = hits.most_common(1)[0]
    if lang == "English" or best < MIN_SHARE * len(words):
        return Language(True, "English")
    return Language(False, lang)


def _script(word: str) -> str:
    """The script of a word's first letter, from its Unicode name ("HANGUL", "CYRILLIC")."""
    try:
        return unicodedata.name(word[0]).split()[0]
    except ValueError:
        return "unknown"
