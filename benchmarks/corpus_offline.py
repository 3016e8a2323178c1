"""Brief every real-news page of ../shared/corpus with the offline engine (text and HTML).

Run: python benchmarks/corpus_offline.py [CORPUS_DIR]

Prints one line per failure and a summary: files briefed, refused as not English, failed
(any other error: a lost briefing), items dropped as invalid, empty sections, time.
A file the engine refuses for its language is a success when the index says it is not English,
and a failure when it is English.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from briefer import brief, load_article
from briefer.engines import get_engine
from briefer.errors import BrieferError, InputError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
# index.json labels this page "en", but it is written in German (read it: "Die elektronische
# Patientenakte ..."); the engine is right to refuse it.
MISLABELLED = {"57b4dafd-die-elektronische-patientenakte-epa-der-lange-ma"}


def main(corpus: Path = CORPUS) -> int:
    """Brief every corpus file; return the number of lost briefings."""
    index = {e["file"]: e for e in json.loads((corpus / "index.json").read_text())}
    engine = get_engine("offline")
    failed = refused = briefed = invalid = 0
    empty = {"key_facts": 0, "open_questions": 0, "reactions": 0}
    started = time.perf_counter()
    files = sorted((corpus / "articles").glob("*.txt")) + sorted(
        (corpus / "articles").glob("*.html")
    )
    for path in files:
        english = index[path.stem]["language"] == "en" and path.stem not in MISLABELLED
        try:
            briefing = brief(load_article(path), engine=engine)
        except InputError as exc:
            if not english and "English" in exc.reason:
                refused += 1
                continue
            failed += 1
            print(f"FAILED {path.name}: {exc}")
            continue
        except (BrieferError, Exception) as exc:  # noqa: BLE001 - any error loses a briefing
            failed += 1
            print(f"FAILED {path.name}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            continue
        if not english:
            failed += 1
            print(f"FAILED {path.name}: not English, briefed anyway")
            continue
        briefed += 1
        invalid += briefing.meta.invalid_items
        for section in empty:
            empty[section] += not getattr(briefing, section)
    elapsed = time.perf_counter() - started
    print(
        f"{len(files)} files: {briefed} briefed, {refused} refused as not English, "
        f"{failed} failed; {invalid} invalid items dropped; "
        f"empty: {empty['key_facts']} facts, {empty['open_questions']} questions, "
        f"{empty['reactions']} reactions; {elapsed:.1f} s"
    )
    return failed


if __name__ == "__main__":
    sys.exit(1 if main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS) else 0)
