"""Speed of the offline engine and of CLI start-up. Run: make bench (or python this file).

Reports:
  0. this commit against a previous one, side by side in the same run: articles per second
     on the real-news corpus (../shared/corpus, else the seeds) and `briefer --help` time
     (`--against REV`, default: the merge-base with main, or HEAD~1 when that is HEAD),
  1. offline briefings per second on ~1,000-word articles (one process, one core),
  2. time per briefing as articles grow to 20,000 words (should grow linearly),
  3. time on pathological inputs (no punctuation, endless repetition),
  4. `briefer --help` start-up time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefer import brief, load_article
from briefer.article import Article
from briefer.engines import get_engine

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "evals/articles").glob("*.txt"))


CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
# Runs inside a fresh interpreter whose PYTHONPATH puts one tree's briefer first.
_WORKER = """
import sys, time
from briefer import brief, load_article
from briefer.engines import get_engine
engine = get_engine("offline")
articles = [load_article(p) for p in sys.argv[1:]]
def run(step):
    started = time.perf_counter()
    for a in articles:
        try: step(a)
        except Exception: pass
    return len(articles) / (time.perf_counter() - started)
run(engine.brief)
print(run(engine.brief), run(lambda a: brief(a, engine=engine)))
"""
_HELP = "import sys; sys.argv = ['briefer', '--help']; from briefer.cli import main; main()"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def _previous() -> str:
    head = _git("rev-parse", "HEAD")
    base = _git("merge-base", "HEAD", "main")
    return base if base != head else _git("rev-parse", "HEAD~1")


def _run(tree: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, cwd=tree
    )


def _english_corpus() -> list[Path]:
    """The corpus's English pages (the same work for both commits: an older engine briefs a
    foreign page that this one refuses at once)."""
    index = CORPUS.parent / "index.json"
    if not index.is_file():
        return []
    entries = json.loads(index.read_text(encoding="utf-8"))
    return [CORPUS / f"{e['file']}.txt" for e in entries if e["language"] == "en"]


def side_by_side(against: str, rounds: int = 3) -> None:
    """This commit's working tree against ``against``, alternating runs of each."""
    files = _english_corpus() or SOURCES
    paths = [str(p) for p in files]
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp)
        archive = subprocess.run(
            ["git", "archive", against], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        trees = {"this commit": ROOT, f"{against[:10]}": old}
        speed: dict[str, list[float]] = {name: [] for name in trees}
        full: dict[str, list[float]] = {name: [] for name in trees}
        startup: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(rounds):
            for name, tree in trees.items():
                engine_rate, full_rate = _run(tree, _WORKER, *paths).stdout.split()
                speed[name].append(float(engine_rate))
                full[name].append(float(full_rate))
                for _ in range(3):
                    started = time.perf_counter()
                    _run(tree, _HELP)
                    startup[name].append(time.perf_counter() - started)
    where = "English real-news corpus" if CORPUS.is_dir() else "seed"
    print(f"side by side ({len(paths)} {where} files, median of {rounds} rounds):")
    for name in trees:
        print(
            f"  {name:>12}: engine {statistics.median(speed[name]):5.1f} articles/s, "
            f"with the evidence check {statistics.median(full[name]):5.1f}/s, "
            f"`briefer --help` median {statistics.median(startup[name]):.3f} s "
            f"(min {min(startup[name]):.3f} s)"
        )


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
    # each run a text of its own: the evidence check keeps its index and verdicts per text,
    # and six texts briefed fifty times each would mostly be read from those caches
    copies = [
        article.model_copy(update={"text": f"{article.text}\n\nThis is copy {i}."})
        for i, article in enumerate(itertools.islice(itertools.cycle(articles), runs))
    ]
    started = time.perf_counter()
    for article in copies:
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="commit to compare with (default: see above)")
    parser.add_argument("--only-compare", action="store_true", help="skip reports 1-4")
    options = parser.parse_args()
    side_by_side(options.against or _previous())
    if options.only_compare:
        sys.exit(0)
    throughput()
    scaling()
    pathological()
    startup()
