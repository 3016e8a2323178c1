"""Score ``briefer.check_claim`` against human consistency labels (SummEdits, QAGS).

    python benchmarks/bench_grounding.py /work/data/summedits/*.json [--before] [--limit N]

Each SummEdits sample is a document, a summary and a label (1 = consistent): the summary is
the claim, the document the article. QAGS files (``mturk_*.jsonl``) hold summary sentences
with three yes/no votes each: each sentence is a claim, its majority vote the label. The data
stays outside the repo: get SummEdits from github.com/salesforce/factualNLG
(``data/summedits/``) and QAGS from github.com/W4ngatang/qags (``data/``).

Prints balanced accuracy (mean of the shares of consistent and inconsistent claims judged
right) per file, for today's ``check_claim`` and, side by side, the check ``verified`` used
before it: every number and name of the claim present, as a substring, in the evidence.
``accepted`` and ``rejected`` are today's two shares: consistent claims accepted,
inconsistent claims rejected.
``ms/claim`` is the time per summary once its document is read; ``ms/1k`` the time per
one-sentence claim on a 1,000-word article (the budget is 5 ms).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from briefer.grounding import check_claim, index


class Sample(NamedTuple):
    """One labelled claim."""

    article: str
    claim: str
    consistent: bool


class Score(NamedTuple):
    """How a check did on one file."""

    balanced: float
    accepted: float
    """Share of the consistent claims accepted."""
    rejected: float
    """Share of the inconsistent claims rejected."""
    ms: float


def load(path: Path) -> list[Sample]:
    """Read a SummEdits ``.json`` or QAGS ``.jsonl`` file."""
    if path.suffix == ".jsonl":
        samples = []
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for sentence in row["summary_sentences"]:
                votes = [r["response"] == "yes" for r in sentence["responses"]]
                consistent = sum(votes) * 2 > len(votes)
                samples.append(Sample(row["article"], sentence["sentence"], consistent))
        return samples
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Sample(r["doc"], r["summary"], r["label"] == 1) for r in rows]


def shares(labels: list[bool], predicted: list[bool]) -> tuple[float, float]:
    """The share of consistent claims accepted and of inconsistent claims rejected."""
    found = []
    for side in (True, False):
        judged = [p for label, p in zip(labels, predicted, strict=True) if label is side]
        found.append(sum(p is side for p in judged) / len(judged) if judged else float("nan"))
    return found[0], found[1]


def balanced_accuracy(labels: list[bool], predicted: list[bool]) -> float:
    """Mean of recall on consistent and on inconsistent claims."""
    recalls = [r for r in shares(labels, predicted) if r == r]  # nan: no claim of that side
    return sum(recalls) / len(recalls) if recalls else 0.0


# The check `verified` meant before check_claim, kept here to measure against.
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][\w’']*")
_LOWER_WORD = re.compile(r"\b[a-z][\w’']*")


def before(claim: str, article: str) -> bool:
    """Digit strings and names (capitalised words not used in lower case, not opening a
    sentence) of the claim found as substrings of the evidence, here the whole document."""
    common = frozenset(_LOWER_WORD.findall(article))
    for number in _NUMBER.findall(claim):
        if number not in article and number.replace(",", "") not in article.replace(",", ""):
            return False
    for match in _CAPITALISED.finditer(claim):
        i = match.start()
        while i > 0 and claim[i - 1] in " \t":
            i -= 1
        if i == 0 or claim[i - 1] in '.!?:;—–("\n':
            continue
        word = match.group().removesuffix("’s").removesuffix("'s")
        for part in word.split("-"):
            if len(part) > 1 and part[0].isupper() and part.lower() not in common:
                if part not in article:
                    return False
    return True


def after(claim: str, article: str) -> bool:
    """Today's check."""
    return check_claim(claim, article).supported


def score(samples: list[Sample], check: Callable[[str, str], bool]) -> Score:
    """Balanced accuracy, its two shares, and mean milliseconds per claim once its article
    is read (each article is read into an index once, untimed, as the evidence check does)."""
    predicted = []
    elapsed = 0.0
    for sample in samples:
        index(sample.article)
        started = time.perf_counter()
        predicted.append(check(sample.claim, sample.article))
        elapsed += time.perf_counter() - started
    ms = elapsed * 1000 / max(1, len(samples))
    labels = [s.consistent for s in samples]
    accepted, rejected = shares(labels, predicted)
    return Score(balanced_accuracy(labels, predicted), accepted, rejected, ms)


def speed(samples: list[Sample], words: int = 1000, claims: int = 200) -> float:
    """Milliseconds per one-sentence claim on a ``words``-word article, read once: the
    article is the file's documents run together, the claims its summaries' sentences."""
    text = " ".join(dict.fromkeys(s.article for s in samples)).split(" ")
    article = " ".join(text[:words])
    sentences = [c for s in samples for c in re.split(r"(?<=[.!?])\s+", s.claim) if c][:claims]
    read = index(article)
    runs = []
    for _ in range(3):  # the best of three: the machine is shared, its load is not ours
        read.forget_claims()  # else the later runs only look their verdicts up
        started = time.perf_counter()
        for sentence in sentences:
            check_claim(sentence, article)
        runs.append((time.perf_counter() - started) * 1000 / max(1, len(sentences)))
    return min(runs)


def _rows(paths: list[Path], limit: int | None) -> Iterator[tuple[str, list[Sample]]]:
    for path in paths:
        samples = load(path)
        yield path.stem.removeprefix("summedits_"), samples[:limit] if limit else samples


def main(argv: list[str] | None = None) -> int:
    """Print balanced accuracy per file, before and after."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, help="score only the first N samples per file")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.paths if not p.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    totals: list[float] = []
    try:
        rows = list(_rows(args.paths, args.limit))
    except (ValueError, KeyError, TypeError) as error:  # JSON errors are ValueErrors
        print(f"error: not a SummEdits or QAGS file: {error!r}"[:200], file=sys.stderr)
        return 2
    print(
        f"{'set':<22}{'claims':>7}{'consistent':>11}{'words/doc':>10}{'before':>8}{'after':>8}"
        f"{'accepted':>9}{'rejected':>9}{'ms/claim':>10}{'ms/1k':>7}"
    )
    for name, samples in rows:
        old = score(samples, before)
        new = score(samples, after)
        totals.append(new.balanced)
        share = sum(s.consistent for s in samples) / max(1, len(samples))
        words = sum(len(s.article.split()) for s in samples) // max(1, len(samples))
        print(
            f"{name:<22}{len(samples):>7}{share:>11.2f}{words:>10}{old.balanced:>8.3f}"
            f"{new.balanced:>8.3f}{new.accepted:>9.3f}{new.rejected:>9.3f}{new.ms:>10.2f}"
            f"{speed(samples):>7.2f}"
        )
    if len(totals) > 1:
        print(f"{'mean':<50}{sum(totals) / len(totals):>16.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
