"""Speed of the offline engine and of CLI start-up. Run: make bench (or python this file).

Reports:
  1. offline briefings per second on ~1,000-word articles (one process, one core),
  2. time per briefing as articles grow to 20,000 words (should grow linearly),
  3. time on pathological inputs (no punctuation, endless repetition),
  4. `briefer --help` start-up time.
"""

from __future__ import annotations

import itertools
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from briefer import brief, load_article
from briefer.article import Article
from briefer.engines import get_engine

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "evals/articles").glob("*.txt"))


def _timed(fn, repeat: int) -> float:
    """Median seconds per call over ``repeat`` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def throughput() -> None:
    engine = get_engine("offline")
    articles = [a for a in map(load_article, SOURCES) if 700 <= a.words <= 1300]
    runs = 300
    started = time.perf_counter()
    for article in itertools.islice(itertools.cycle(articles), runs):
        brief(article, engine=engine)
    elapsed = time.perf_counter() - started
    words = statistics.mean(a.words for a in articles)
    print(
        f"throughput: {runs / elapsed:.0f} briefings/s on {len(articles)} articles of "
        f"~{words:.0f} words ({1000 * elapsed / runs:.1f} ms each; target >= 50/s)"
    )


def scaling() -> None:
    engine = get_engine("offline")
    paragraphs = [p for path in SOURCES for p in load_article(path).text.split("\n")]
    print("scaling (words -> ms per briefing, ms per 1,000 words):")
    for target in (1000, 2000, 5000, 10000, 20000):
        lines, words = [], 0
        for paragraph in itertools.cycle(paragraphs):
            lines.append(paragraph)
            words += len(paragraph.split())
            if words >= target:
                break
        article = Article(title="Scaling test", text="\n".join(lines), source="bench")
        seconds = _timed(
            lambda a=article: brief(a, engine=engine), repeat=5 if target > 5000 else 15
        )
        print(f"  {words:>6} words: {1000 * seconds:8.1f} ms  ({1e6 * seconds / words:6.2f} ms/1k)")


def pathological() -> None:
    """Inputs that once made the engine quadratic: no punctuation, endless repetition."""
    engine = get_engine("offline")
    vocabulary = "officials said whether the plan has not confirmed remains unclear Smith welcomed"
    cases = {
        "50,000 words, no punctuation": " ".join(
            itertools.islice(itertools.cycle(vocabulary.split()), 50_000)
        ),
        "5,000 identical sentences": " ".join(
            f"Person{i} Name{i} welcomed the plan number {i}." for i in range(5000)
        ),
    }
    for label, text in cases.items():
        article = Article(title="Pathological", text=text, source="bench")
        seconds = _timed(lambda a=article: brief(a, engine=engine), repeat=3)
        print(f"pathological: {label}: {seconds:.2f} s")


def startup() -> None:
    exe = shutil.which("briefer", path=str(Path(sys.executable).parent)) or "briefer"
    seconds = _timed(lambda: subprocess.run([exe, "--help"], capture_output=True, check=True), 10)
    print(f"startup: `briefer --help` median {seconds:.3f} s (target < 0.3 s)")


if __name__ == "__main__":
    throughput()
    scaling()
    pathological()
    startup()
