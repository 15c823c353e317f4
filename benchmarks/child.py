"""One measurement in a fresh interpreter: ``python -m benchmarks.child '<json spec>'``.

Run by the harness, not by hand. A fresh process per measurement gives each one its own RSS
high-water mark (VmHWM) and a model loaded from scratch. The result is written as JSON to the
spec's "out" path; progress goes to stderr.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # before the heavy imports, so that import time can be reported

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import EMBEDDERS, Json, peak_rss_mb, proc_status_mb  # noqa: E402


def _settings(embedder: str, index_dir: str) -> Any:
    from qa.core.settings import EmbeddingSettings, IndexSettings, Settings

    return Settings(
        index=IndexSettings(dir=Path(index_dir)), embedding=EmbeddingSettings.model_validate(EMBEDDERS[embedder])
    )


class _Progress:
    """Ingest progress on stderr: at most every `every` seconds, and at each new file."""

    def __init__(self, label: str, n_files: int, every: float = 10.0) -> None:
        self.label = label
        self.n_files = n_files
        self.every = every
        self.started = time.perf_counter()
        self.last = 0.0
        self.files: set[str] = set()
        self.written = 0
        self._current: tuple[str, int] = ("", 0)

    def __call__(self, name: str, done: int, total: int) -> None:
        if name != self._current[0]:
            self.written += self._current[1]
            self.files.add(name)
        self._current = (name, done)
        now = time.perf_counter()
        if now - self.last >= self.every or (done == total and len(self.files) == self.n_files):
            self.last = now
            elapsed = now - self.started
            chunks = self.written + done
            rate = chunks / elapsed if elapsed > 0 else 0.0
            print(
                f"  [{self.label}] file {len(self.files)}/{self.n_files}, {chunks} chunks embedded, "
                f"{elapsed:.0f} s, {rate:.1f} chunks/s",
                file=sys.stderr,
                flush=True,
            )


def ingest(spec: Json) -> Json:
    from ingest.pipeline import ingest as run_ingest
    from vectorstore.index import Index

    imported = time.perf_counter()
    settings = _settings(spec["embedder"], spec["index_dir"])
    index = Index(settings)
    # Open the store (the first touch imports chromadb, ~2 s) and, when this run embeds, load
    # the model and run it once, before the clock starts: 'ingest_s' and chunks/s are then the
    # ingest work itself; both setup times are reported on their own, and 'process_wall_s'
    # (measured by the parent) is what a user of `proceedings-qa ingest` waits.
    index.store.count()
    opened = time.perf_counter()
    if spec.get("preload", True):
        index.embedder.embed_query("chargement du modèle")
    loaded = time.perf_counter()
    rss_loaded = proc_status_mb("VmRSS")
    paths = [Path(p) for p in spec["paths"]]
    progress = _Progress(str(spec.get("label", spec["embedder"])), len(paths))
    started = time.perf_counter()
    report = run_ingest(paths, index, prune=False, progress=progress)
    seconds = time.perf_counter() - started
    return {
        "documents": report.documents_total,
        "chunks": report.chunks_total,
        "written": report.chunks_written,
        "deleted": report.chunks_deleted,
        "added_files": len(report.added),
        "unchanged_files": len(report.unchanged),
        "skipped": [{"file": f, "reason": r} for f, r in report.skipped],
        "import_s": imported - T0,
        "open_s": opened - imported,
        "load_s": loaded - opened,
        "ingest_s": seconds,
        "chunks_per_s": report.chunks_written / seconds if seconds > 0 else None,
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
        "child_total_s": time.perf_counter() - T0,
    }


def query(spec: Json) -> Json:
    from qa.assistant import Assistant

    imported = time.perf_counter()
    settings = _settings(spec["embedder"], spec["index_dir"])
    assistant = Assistant(settings)
    questions: list[str] = spec["questions"]
    runs = int(spec["runs"])
    k = int(spec.get("k", 6))

    # The first question pays for loading the model, the lexical index and the IDF table.
    t = time.perf_counter()
    assistant.ask(questions[0])
    first_ask_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    for q in questions:  # warm-up pass, not timed per call
        assistant.search(q, k=k)
        assistant.ask(q)
    warmup_s = time.perf_counter() - t

    search_ms: list[float] = []
    ask_ms: list[float] = []
    stages: dict[str, list[float]] = {}
    refused = 0
    for r in range(runs):
        # A whole pass of one kind, then of the other: a search just before an ask of the same
        # question would warm the caches for it and skew the comparison.
        for q in questions:
            t = time.perf_counter()
            assistant.search(q, k=k)
            search_ms.append((time.perf_counter() - t) * 1000)
        for q in questions:
            t = time.perf_counter()
            answer = assistant.ask(q)
            ask_ms.append((time.perf_counter() - t) * 1000)
            refused += answer.refused
            for name, ms in answer.timings_ms.items():
                stages.setdefault(name, []).append(ms)
        print(f"  [query {spec['embedder']}] run {r + 1}/{runs} done", file=sys.stderr, flush=True)
    return {
        "questions": len(questions),
        "runs": runs,
        "k": k,
        "chunks": len(assistant.index.chunks()),
        "import_s": imported - T0,
        "first_ask_ms": first_ask_ms,
        "warmup_s": warmup_s,
        "search_ms": search_ms,
        "ask_ms": ask_ms,
        "stages_ms": stages,
        "refused_share": refused / len(ask_ms) if ask_ms else None,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    spec: Json = json.loads(sys.argv[1])
    modes = {"ingest": ingest, "query": query}
    result = modes[spec["mode"]](spec)
    Path(spec["out"]).write_text(json.dumps(result), "utf-8")


if __name__ == "__main__":
    main()
