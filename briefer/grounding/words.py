"""Reading a text into what the grounding check compares: tokens, stems, numbers and names."""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache
from typing import NamedTuple

from briefer.grounding.lexicon import IRREGULAR, NUMBER_WORDS, OPENERS, SCALES, STOPWORDS
from briefer.text.names import plain_quotes

# A quarter or half written number first (4Q, 1H), a number (10,000 / 10 000 / 2.5 / 1.2bn),
# an acronym with dots (U.K.), or a word.
_TOKEN = re.compile(
    r"(?P<period>\b(?:[1-4]Q|[12]H)\b)"
    r"|(?P<num>(?<![\w.])\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?)"
    r"|(?P<abbr>\b(?:[A-Za-z]\.){2,})"
    r"|(?P<word>[^\W\d_](?:[\w]|['-](?=\w))*)"
)
_UNITS = {
    w: n
    for w, n in zip(
        "one two three four five six seven eight nine".split(), range(1, 10), strict=True
    )
}
_TENS = {20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0}
_PERIOD = re.compile(r"^(?:Q[1-4]|[1-4]Q|H[12]|[12]H|FY\d*)$")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINALS |= {"fourth": 4, "4th": 4}
_PAUSES = frozenset(",;:()[]—–")
_ENDS = frozenset('.!?:;"()[]—–')
_SUFFIXES = (
    *("ations", "ation", "ments", "ment", "ingly", "ings", "ing", "edly", "ers", "er"),
    *("ed", "es", "ly"),
)


class Token(NamedTuple):
    """One word or number of a text."""

    text: str
    """As written (quote marks unified)."""
    lower: str
    """Lower case, possessive and dots removed."""
    initial: bool
    """Whether it opens the text or a sentence, where capitals mean nothing."""
    number: float | None
    """Its value, for numbers and number words."""
    percent: bool
    """Whether a number is followed by % or 'percent'."""
    pause: bool = False
    """Whether punctuation (a comma, a dash, a sentence end) comes right before it."""


def unify(text: str) -> str:
    """Unify quote marks and apostrophes, so "didn’t" reads as "didn't"."""
    return plain_quotes(text)


def _value(raw: str) -> float:
    return float(raw.replace(",", "").replace(" ", ""))


def tokens(text: str) -> list[Token]:
    """Split ``text`` into tokens, reading numbers with their scale and percent sign."""
    text = unify(text)
    found: list[Token] = []
    matches = list(_TOKEN.finditer(text))
    make = tuple.__new__  # Token(...) costs a Python call per word; this is the hot loop
    for i, match in enumerate(matches):
        raw = match.group()
        start, end = match.span()
        before = text[start - 3 : start] if start > 3 else text[:start]
        last = before.rstrip()[-1:]
        initial = not found or last in _ENDS or "\n" in before
        pause = initial or last in _PAUSES
        if match.lastgroup == "num":
            found.append(_number(raw, text[end : end + 12].lower(), initial, pause))
            continue
        word = raw.removesuffix("'s").removesuffix("'") if "'" in raw else raw
        lower = word.lower()
        if "." in lower:
            lower = lower.replace(".", "")
        if lower not in NUMBER_WORDS and lower not in _UNITS and "-" not in lower:
            found.append(make(Token, (word, lower, initial, None, False, pause)))
            continue
        after = text[end : end + 12].lower()
        number: float | None = None
        if lower in NUMBER_WORDS and not (i and matches[i - 1].group("num")):
            number = float(NUMBER_WORDS[lower])
            following = re.match(r"\s([a-z]+)\b", after)
            if following and following.group(1) in SCALES and len(following.group(1)) > 2:
                number *= SCALES[following.group(1)]
        percent = number is not None and after.startswith((" percent", " per cent", "%"))
        if "-" in lower and all(
            part in NUMBER_WORDS or part in _UNITS for part in lower.split("-")
        ):
            number = float(sum(NUMBER_WORDS.get(p, _UNITS.get(p, 0)) for p in lower.split("-")))
        previous = found[-1] if found else None
        if (
            previous is not None
            and lower in _UNITS
            and previous.number in _TENS
            and not previous.text[:1].isdigit()
            and text[matches[i - 1].end() : start].strip(" -") == ""
        ):  # "twenty - five", "twenty five"
            found[-1] = previous._replace(number=previous.number + _UNITS[lower])
            continue
        found.append(Token(word, lower, initial, number, percent, pause))
    if " point " in text or " dot " in text:
        found = _spoken_decimals(found)
    if any(t.lower in _SUBUNITS for t in found):
        found = _with_subunits(found)
    return found


_WORDS = re.compile(r"\b(?:[A-Za-z]\.){2,}|[^\W\d_]\w*(?:['-]\w+)*")
"""``_TOKEN``'s matches in a text without digits: its acronyms and words."""
_DIGIT = re.compile(r"\d")


def plain_words(text: str) -> tuple[list[str], list[str]] | None:
    """The texts and lower forms of ``tokens(text)`` for a (unified) text that holds no
    number, without building its tokens; None for a text with a digit or a number word.

    Without numbers, ``tokens`` makes one plain token of each match: no scale, no "twenty
    five", no spoken decimal or cents to join.
    """
    if _DIGIT.search(text):
        return None
    words = _WORDS.findall(text)
    lowers = list(map(_lower, words))
    if any(map(_counts, lowers)):
        return None
    return words, lowers


def listed_words(text: str) -> tuple[list[str], list[str]] | None:
    """The texts and lower forms of the tokens of ``tokens(text)`` that are not numerals,
    for a (unified) text whose every match is a token of its own; None for one with a
    number word or cents, which ``tokens`` may join to the number before them."""
    found = _TOKEN.findall(text)
    words = [period or abbr or word for period, number, abbr, word in found if not number]
    lowers = list(map(_lower, words))
    if any(map(_counts, lowers)) or not _SUBUNITS.isdisjoint(lowers):
        return None
    return words, lowers


@lru_cache(maxsize=65536)
def _lower(raw: str) -> str:
    """A word's ``Token.lower``, as ``tokens`` reads it."""
    word = raw.removesuffix("'s").removesuffix("'") if "'" in raw else raw
    return word.lower().replace(".", "")


@lru_cache(maxsize=65536)
def _counts(lower: str) -> bool:
    """Whether ``tokens`` may read a number from a word ("twelve", "twenty-five")."""
    return lower in NUMBER_WORDS or (
        "-" in lower and all(part in NUMBER_WORDS or part in _UNITS for part in lower.split("-"))
    )


_CURRENCIES = frozenset("euro euros dollar dollars pound pounds".split())
_SUBUNITS = frozenset("cent cents centime centimes pence".split())


def _with_subunits(found: list[Token]) -> list[Token]:
    """An amount said in units and hundredths read as one number: "twelve euros and fifty
    cents" and "12 euro 40 cents" are 12.50 and 12.40."""
    read: list[Token] = []
    i = 0
    while i < len(found):
        token, units = found[i], found[i].number
        rest = found[i + 1 : i + 5]
        if units is not None and rest and rest[0].lower in _CURRENCIES:
            k = 2 if len(rest) > 2 and rest[1].lower == "and" else 1
            cents = rest[k].number if len(rest) > k + 1 else None
            if cents is not None and cents < 100 and rest[k + 1].lower in _SUBUNITS:
                read += [token._replace(number=units + cents / 100), rest[0]]
                i += k + 3
                continue
        read.append(token)
        i += 1
    return read


def _spoken_decimals(found: list[Token]) -> list[Token]:
    """Decimals said in words read as one number: "two point five" is 2.5, "twelve dot
    fifty" 12.50."""
    read: list[Token] = []
    i = 0
    while i < len(found):
        token = found[i]
        after = found[i + 1] if i + 1 < len(found) else None
        whole = read[-1] if read else None
        if whole is not None and whole.lower == "one" and token.lower in {"point", "dot"}:
            whole = whole._replace(number=1.0)  # "one" is a number here, not a pronoun
        if (
            token.lower in {"point", "dot"}
            and whole is not None
            and after is not None
            and whole.number is not None
            and after.number is not None
            and not whole.text[:1].isdigit()
            and not after.text[:1].isdigit()
        ):
            # "two point five million": the scale read onto "five" belongs to the whole
            digits = NUMBER_WORDS.get(after.lower, _UNITS.get(after.lower))
            scale = after.number / digits if digits else 1.0
            fraction = int(digits) if digits else int(after.number)
            value = float(f"{int(whole.number)}.{fraction}") * scale
            text = f"{whole.text} {token.text} {after.text}"
            read[-1] = whole._replace(text=text, number=value, percent=after.percent)
            i += 2
            continue
        read.append(token)
        i += 1
    return read


def _number(raw: str, after: str, initial: bool, pause: bool) -> Token:
    """A numeral, with the scale ("1.2bn", "5 million") and percent sign that follow it."""
    value = _value(raw)
    scale = re.match(r"\s?([a-z]+)\b", after)
    if (
        scale
        and scale.group(1) in SCALES
        and not (scale.group(1) in {"m", "b", "k"} and after[:1] == " ")
    ):
        value *= SCALES[scale.group(1)]
    percent = after.startswith(("%", " %", " percent", " per cent", "percent"))
    return Token(raw, raw.replace(",", "").replace(" ", ""), initial, value, percent, pause)


def periods(found: list[Token]) -> dict[str, str]:
    """Quarters and halves of a year the tokens name, each as written, under one key:
    "Q4", "4Q", "fourth quarter" and "fourth-quarter" are all "q4"."""
    named: dict[str, str] = {}
    for i, token in enumerate(found):
        text = token.text
        if len(text) == 2 and _PERIOD.match(text) and text.upper() != "FY":  # FY: no period
            letter, digit = sorted(text, key=str.isdigit)
            named.setdefault(f"{letter}{digit}".lower(), text)
            continue
        words = token.lower.split("-")
        if len(words) == 1 and i + 1 < len(found):
            words.append(found[i + 1].lower)
        if len(words) == 2 and words[0] in _ORDINALS and words[1] in {"quarter", "half"}:
            if words[1] == "quarter" or _ORDINALS[words[0]] < 3:
                named.setdefault(f"{words[1][0]}{_ORDINALS[words[0]]}", f"{words[0]} {words[1]}")
    return named


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: "rejected", "rejects", "rejection" and "reject" share one."""
    word = word.lower()
    if word in IRREGULAR:
        return IRREGULAR[word]
    if "'" in word:
        word = word.split("'")[0]
    if len(word) <= 3:
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:  # applies, applied -> apply
        word = word[:-3] + "y"
    for suffix in _SUFFIXES if word.endswith(_SUFFIXES) else ():
        if word.endswith(suffix) and len(word) - len(suffix) >= (5 if suffix == "ly" else 4):
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
            word = word[:-1]
    if word.endswith("ion") and len(word) > 6:  # rejection -> reject
        word = word[:-3]
    if word.endswith("e") and len(word) > 4:  # approve -> approv, like approved
        word = word[:-1]
    if word.endswith("y") and len(word) > 3:  # deny -> deni
        word = word[:-1] + "i"
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":  # stopped -> stop
        word = word[:-1]
    return word


def is_content(token: Token) -> bool:
    """Whether a token carries content: not a stop word, not a lone letter."""
    return token.number is None and _content_word(token.lower)


@lru_cache(maxsize=65536)
def _content_word(lower: str) -> bool:
    return len(lower) > 2 and lower not in STOPWORDS and not lower.isdigit()


_VERBISH = ("ed", "ing", "ly", "es")


def looks_like_name(
    token: Token, common: Container[str], known: Container[str] = frozenset()
) -> bool:
    """Whether a token is a name or an acronym: capitalised and not a common word.

    ``common`` holds the words the surrounding text uses in lower case. A capitalised word
    that opens a sentence counts as a name only when it is not a common or stop word, so
    "Israel struck..." is checked and "Shares fell..." is not; nor is "Declined to..."
    unless ``known`` (names the article uses inside sentences) has it.
    """
    text = token.text
    if not text[:1].isupper() or token.number is not None:
        return False
    if len(token.lower) < 2 and "." not in text:
        return False
    if token.lower in STOPWORDS:  # "US", "U.S." but not "It" or "A"
        return text.replace(".", "").isupper() and len(token.lower) > 1
    if _PERIOD.match(token.text):  # "Q3", "FY2023": dates, read as such elsewhere
        return False
    if token.initial:
        if token.lower in known:
            return True
        return (
            token.lower not in common
            and token.lower not in OPENERS
            and not token.lower.endswith(_VERBISH)
        )
    return token.lower not in common or (text.isupper() and len(text) > 1)
