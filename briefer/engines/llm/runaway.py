"""Spotting a model stuck in a loop while its answer streams in."""

from __future__ import annotations


class Runaway:
    """Spots a model stuck repeating itself: the answer ends with one piece of text (1 to
    400 characters) written at least three times in a row, 240 characters or more in all.

    Sampling penalties (``repeat_penalty``, ``frequency_penalty``) would also fight this,
    but they penalise what a briefing must repeat: JSON keys and the article's own words.
    Whole items written in turn (fact A, fact B, fact A, ...) are left to the schema's item
    limit: stopped at 1,500 characters, a 1.5B model lost the questions and reactions it
    writes once its loop of facts ends (and the seed's briefing came back with one item).
    """

    SPAN = 240
    LONGEST = 400
    CHECK_EVERY = 128

    def __init__(self) -> None:
        self._text = ""
        self._pending: list[str] = []
        self._unchecked = 0

    def feed(self, piece: str) -> bool:
        """Add streamed text; True once the tail is a runaway repetition."""
        self._pending.append(piece)
        self._unchecked += len(piece)
        if self._unchecked < self.CHECK_EVERY:
            return False
        self._text = (self._text + "".join(self._pending))[-3 * self.LONGEST :]
        self._pending.clear()
        self._unchecked = 0
        return repeats(self._text, self.SPAN, self.LONGEST)


def repeats(text: str, span: int, longest: int = 400) -> bool:
    """Whether ``text`` ends with a unit of at most ``longest`` characters repeated at least
    3 times in a row, covering ``span`` characters or more."""
    probe = 8
    if len(text) < span:
        return False
    tail = text[-probe:]
    end = len(text) - 1  # earlier copies of the tail, overlapping it or not
    while (at := text.rfind(tail, 0, end)) >= 0:
        period = len(text) - probe - at
        if period > longest:
            return False
        times = max(3, -(-span // period))
        if (
            times * period <= len(text)
            and text[-2 * period : -period] == text[-period:]
            and text.endswith(text[-period:] * times)
        ):
            return True
        end = at + probe - 1
    return False
