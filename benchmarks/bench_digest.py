"""The digest on a backlog: 300 new articles in one run, then a run with nothing new.

Run: python benchmarks/bench_digest.py [COUNT]. A real SMTP server (aiosmtpd) on 127.0.0.1
receives the mail; the offline engine briefs; the state is a fresh SQLite file. Reports the
wall time, the peak resident memory of this process (ru_maxrss) and the messages sent, then
the time of a second run that finds nothing new, and the pairwise precision / recall of story
merging on the real corpus stories when ../shared/corpus is present.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.article import load_article  # noqa: E402
from briefer.digest import DigestConfig, run_digest  # noqa: E402
from briefer.digest.measure import merge_score  # noqa: E402
from tests.smtp_server import SmtpServer  # noqa: E402
from tests.synthetic import write_articles  # noqa: E402
from tests.test_digest_merge import READ_AS_SAME  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def backlog(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BRIEFER_HOME"] = str(Path(tmp) / "home")
        folder = Path(tmp) / "news"
        write_articles(folder, count)
        server = SmtpServer()
        try:
            config = DigestConfig(
                sources=[str(folder)],
                to=["reader@example.com"],
                engine="offline",
                smtp_url=f"smtp://127.0.0.1:{server.port}",
                state=Path(tmp) / "state.sqlite3",
            )
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            first = run_digest(config)
            took = time.perf_counter() - started
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            second = run_digest(config)
            again = time.perf_counter() - started
            size = sum(len(m.content) for m in server.messages)
        finally:
            server.stop()
    print(f"{count} new articles, one run: {took:.2f} s, {first.summary}")
    print(f"  messages received by the server: {len(server.messages)} ({size / 1024:.0f} KiB)")
    print(
        f"  peak RSS of the process: {rss / 1024:.0f} MiB (before the run: {rss_before / 1024:.0f})"
    )
    print(f"second run, nothing new: {again * 1000:.0f} ms ({second.summary})")


def merging() -> None:
    if not (CORPUS / "index.json").exists():
        print("merging: skipped (no ../shared/corpus)")
        return
    index = [e for e in json.loads((CORPUS / "index.json").read_text()) if e["language"] == "en"]
    articles = [load_article(CORPUS / "articles" / f"{e['file']}.txt") for e in index]
    started = time.perf_counter()
    score = merge_score(articles, [e["story"] for e in index])
    took = time.perf_counter() - started
    read = [READ_AS_SAME.get(e["id"][:8], e["story"]) for e in index]
    second = merge_score(articles, read)
    print(
        f"merging {len(articles)} English corpus articles ({score.labelled} labelled same-story "
        f"pairs): precision {score.precision:.2f}, recall {score.recall:.2f} "
        f"({score.merged} pairs merged) in {took:.2f} s"
    )
    print(
        f"  with the two unlabelled same-event articles counted in ({second.labelled} pairs): "
        f"precision {second.precision:.2f}, recall {second.recall:.2f}"
    )


if __name__ == "__main__":
    backlog(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    merging()
