"""The LLM engine against a REAL model server, with default settings only.

Briefs the seed, ten corpus articles of varied length (one given as its saved HTML page) and
the 5,500-word feature, one at a time, with a cold cache, as
``briefer brief FILE --engine openai --base-url URL --model NAME`` would, and prints a table:
words, wall time, output tokens, items, verified share, how many of the quotes the model gave
are in the article (the evidence check drops the others), whether a validated briefing came
back. Then the targets: every article validated, >= 80% of items verified, all evidence shown
verbatim in the article (each kept quote compared with the article's text at its offsets),
median <= 90 s for the articles of about 900 words.

Run (a llama.cpp server with the 0.5B model; one slot, one thread on this shared machine):
    PORT=$(LLM_THREADS=1 ../shared/tools/llama_server.sh | awk '{print $2}')
    .venv/bin/python benchmarks/bench_real_llm.py http://127.0.0.1:$PORT/v1 qwen
    ../shared/tools/llama_server.sh stop $PORT
``--prompts DIR`` (repeatable) runs each prompt set in turn, e.g. both evidence designs.
Corpus articles are read from ../shared/corpus and skipped, saying so, when absent.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer import brief, load_article  # noqa: E402
from briefer.engines import get_engine  # noqa: E402
from briefer.errors import BrieferError  # noqa: E402
from briefer.models import Briefing  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
ARTICLES = [
    ROOT / "seeds" / "000_1c55c3d659d27ca8.txt",
    CORPUS / "db6b0816-esper-accuses-china-of-intimidating-smaller-asia.txt",
    CORPUS / "d90bda7e-amnesty-more-than-100-protesters-killed-in-iran.txt",
    CORPUS / "dc7ccccc-sweden-drops-its-investigation-into-rape-allegat.txt",
    CORPUS / "a6968f42-deval-patrick-takes-nascent-2020-campaign-to-sou.txt",
    CORPUS / "d1c57d78-nasa-adds-five-companies-to-commercial-lunar-lan.html",
    CORPUS / "0d461229-nadal-keeps-spain-alive-against-russia-in-davis.txt",
    CORPUS / "04a6711c-republicans-are-following-trump-to-nowhere.txt",
    CORPUS / "1ee91d1f-russia-and-syria-u-s-backed-syrian-forces-blocki.txt",
    CORPUS / "abd9d629-doctors-offer-to-give-free-flu-shots-to-detained.txt",
    CORPUS / "2f42ef1d-the-future-of-banking-is-you-re-broke.txt",
    ROOT / "evals" / "articles" / "long_feature.txt",
]
ABOUT_900 = range(750, 1100)
"""Word counts that count as 'about 900 words' for the median target."""


class Row(NamedTuple):
    name: str
    words: int
    seconds: float
    briefing: Briefing | None
    error: str | None
    text: str = ""


def run_one(path: Path, engine: object) -> Row:
    article = load_article(path)
    started = time.perf_counter()
    try:
        briefing = brief(path, engine=engine)  # type: ignore[arg-type]
    except BrieferError as exc:
        return Row(path.name, article.words, time.perf_counter() - started, None, str(exc))
    took = time.perf_counter() - started
    return Row(path.name, article.words, took, briefing, None, article.text)


def shown_verbatim(b: Briefing, text: str) -> bool:
    """Every quote in the briefing is the article's own text at the offsets it gives."""
    items = [*b.key_facts, *b.open_questions, *b.reactions]
    return all(
        q.start is not None and text[q.start : q.end] == q.text for i in items for q in i.evidence
    )


def report(rows: list[Row], label: str) -> None:
    print(f"\n## {label}\n")
    print(
        "| article | words | wall s | out tok | calls | items | verified "
        "| model's quotes found | valid |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|:-:|:-:|")
    items = verified = dropped = invalid = 0
    for row in rows:
        b = row.briefing
        if b is None:
            print(f"| {row.name[:40]} | {row.words} | {row.seconds:.0f} | - | - | - | - | - | no |")
            print(f"|  error: {row.error} ||||||||")
            continue
        stats = b.meta.evidence
        items += stats.items
        verified += stats.verified
        dropped += stats.dropped
        invalid += b.meta.invalid_items
        share = f"{stats.verified}/{stats.items}"
        cut = f" (cut: {b.meta.truncated})" if b.meta.truncated else ""
        parts = f" ({b.meta.chunks} parts)" if b.meta.chunks > 1 else ""
        print(
            f"| {row.name[:40]}{parts} | {row.words} | {row.seconds:.0f} | {b.meta.output_tokens} "
            f"| {b.meta.calls} | {stats.items} | {share} "
            f"| {stats.quotes_found}/{stats.quotes_checked} "
            f"| yes{cut} |"
        )
    ok = [r for r in rows if r.briefing is not None]
    mid = [r.seconds for r in ok if r.words in ABOUT_900]
    median = statistics.median(mid) if mid else float("nan")
    tokens = [r.briefing.meta.output_tokens or 0 for r in ok if r.briefing is not None]
    shown = all(shown_verbatim(r.briefing, r.text) for r in ok if r.briefing)
    found = sum(r.briefing.meta.evidence.quotes_found for r in ok if r.briefing)
    checked = sum(r.briefing.meta.evidence.quotes_checked for r in ok if r.briefing)
    print(
        f"\nvalidated {len(ok)}/{len(rows)} (target all); "
        f"verified {verified}/{items} = {verified / max(1, items):.0%} of the items checked "
        f"(meta.invalid_items: {invalid} more dropped before the check), "
        f"{verified}/{items - dropped} = {verified / max(1, items - dropped):.0%} of those "
        f"kept in the briefings ({dropped} dropped: none of their quotes is in the article; "
        "target >= 80%); "
        f"all evidence shown verbatim: {shown} "
        f"(the model's quotes: {found}/{checked} in the article, the rest dropped); "
        f"median wall for ~900 words ({len(mid)} articles): {median:.0f} s (target <= 90 s); "
        f"output tokens: total {sum(tokens)}, median {statistics.median(tokens) if tokens else 0}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url", help="the server's OpenAI-compatible URL, e.g. .../v1")
    parser.add_argument("model", nargs="?", default="qwen", help="model name to send")
    parser.add_argument("--prompts", action="append", help="prompt directory (repeatable)")
    parser.add_argument("--only", help="only files whose name contains one of these (a,b,...)")
    parser.add_argument("--save", type=Path, help="write each briefing to DIR/<set>/<stem>.json")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the model's answers in DIR: a first run fills it (cold, timed as usual); "
        "later runs re-measure what the engine makes of the same answers (wall times then "
        "are not the model's)",
    )
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    # a cold cache, unless --cache keeps one (briefer reads BRIEFER_HOME when it opens it)
    home = str(args.cache) if args.cache else tempfile.mkdtemp(prefix="briefer-bench-")
    os.environ["BRIEFER_HOME"] = home
    wanted = args.only.split(",") if args.only else [""]
    articles = [p for p in ARTICLES if any(w in p.name for w in wanted)]
    missing = [p for p in articles if not p.is_file()]
    for path in missing:
        print(f"skipped {path.name}: not found (the corpus lives in ../shared/corpus)")
    articles = [p for p in articles if p.is_file()]
    for prompts in args.prompts or [None]:
        engine = get_engine("openai", base_url=args.base_url, model=args.model, prompts=prompts)
        rows = []
        for path in articles:
            rows.append(run_one(path, engine))
            row = rows[-1]
            print(f"  {row.name}: {row.seconds:.0f} s {row.error or ''}", file=sys.stderr)
            if args.save and row.briefing is not None:
                folder = args.save / Path(prompts or "default").name
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{path.stem}.json").write_text(row.briefing.model_dump_json(indent=1))
        engine.close()
        report(rows, f"prompts: {prompts or 'built-in'}; server {args.base_url}, {args.model}")


if __name__ == "__main__":
    main()
