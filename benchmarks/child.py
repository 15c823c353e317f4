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


def _settings(embedder: str, index_dir: str, **sections: Any) -> Any:
    from qa.core.settings import EmbeddingSettings, IndexSettings, Settings

    return Settings(
        index=IndexSettings(dir=Path(index_dir)),
        embedding=EmbeddingSettings.model_validate(EMBEDDERS[embedder]),
        **sections,
    )


def _since_spawn(spec: Json) -> float | None:
    """Seconds since the parent started this process (its clock, passed in the spec): what a
    user waits from the command, interpreter start included."""
    spawned = spec.get("spawned")
    return time.time() - float(spawned) if spawned else None


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
    index = _open_for_ingest(Index, settings)
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
    commits, finish = _timeline()
    chunks_before = _count(index)
    started = time.perf_counter()
    report = run_ingest(paths, index, prune=False, progress=progress)
    seconds = time.perf_counter() - started
    return {
        "chunks_before": chunks_before,
        # (seconds since the ingest call began, chunks written, chunks in the index) at the end
        # of each file's commit: the rate as the index grows.
        "commits": [[t - started, w, n] for t, w, n in commits],
        "finish_s": sum(finish),
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


def _open_for_ingest(index_class: Any, settings: Any) -> Any:
    """The index as `proceedings-qa ingest` opens it (its store opening in the background)."""
    try:
        return index_class(settings, prepare_store=True)
    except TypeError:  # a version without it (comparisons)
        return index_class(settings)


def _timeline() -> tuple[list[tuple[float, int, int]], list[float]]:
    """Record the end of every commit and the time of the end-of-run work of the ingest (the
    pipeline's own functions, wrapped for this process only)."""
    import ingest.pipeline as pipeline

    commits: list[tuple[float, int, int]] = []
    finish: list[float] = []
    commit = pipeline._commit

    def timed_commit(index: Any, key: str, entry: Any, report: Any, *args: Any) -> None:
        before = report.chunks_written
        commit(index, key, entry, report, *args)
        commits.append((time.perf_counter(), report.chunks_written - before, _count(index)))

    pipeline._commit = timed_commit  # type: ignore[assignment]
    finish_run = getattr(pipeline, "_finish", None)  # absent from versions before it (comparisons)
    if finish_run is not None:

        def timed_finish(index: Any) -> None:
            t = time.perf_counter()
            finish_run(index)
            finish.append(time.perf_counter() - t)

        pipeline._finish = timed_finish
    return commits, finish


def _count(index: Any) -> int:
    count = getattr(index, "chunk_count", None)
    return int(count()) if count is not None else len(index.chunks())


def query(spec: Json) -> Json:
    from qa.assistant import Assistant

    imported = time.perf_counter()
    settings = _settings(spec["embedder"], spec["index_dir"])
    assistant = Assistant(settings)
    constructed = time.perf_counter()
    questions: list[str] = spec["questions"]
    runs = int(spec["runs"])
    k = int(spec.get("k", 6))

    # The first question pays for whatever is not loaded yet: the model, the saved BM25 index
    # and tables, the speaker resolver.
    t = time.perf_counter()
    assistant.ask(questions[0])
    first_ask_ms = (time.perf_counter() - t) * 1000
    first_answer_since_spawn = _since_spawn(spec)
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
        "chunks": _count(assistant.index),
        "import_s": imported - T0,
        "construct_s": constructed - imported,
        "first_ask_ms": first_ask_ms,
        "first_answer_since_spawn_s": first_answer_since_spawn,
        "warmup_s": warmup_s,
        "search_ms": search_ms,
        "ask_ms": ask_ms,
        "stages_ms": stages,
        "refused_share": refused / len(ask_ms) if ask_ms else None,
        "peak_rss_mb": peak_rss_mb(),
    }


def ui(spec: Json) -> Json:
    """The chat as `proceedings-qa ui` starts it (ui.app.start: page first, warm-up behind it):
    when the page answers, then the first question asked right away, on the same assistant."""
    import socket
    import urllib.request

    from ui.app import start

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = _settings(spec["embedder"], spec["index_dir"], ui={"host": "127.0.0.1", "port": port})
    app, assistant = start(settings)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200 and r.read(1):
                    break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    page_since_spawn = _since_spawn(spec)
    page_since_t0 = time.perf_counter() - T0
    t = time.perf_counter()
    assistant.ask(spec["question"])
    first_question_ms = (time.perf_counter() - t) * 1000
    app.close()
    return {
        "first_page_since_spawn_s": page_since_spawn,
        "first_page_since_t0_s": page_since_t0,
        "first_question_ms": first_question_ms,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    spec: Json = json.loads(sys.argv[1])
    modes = {"ingest": ingest, "query": query, "ui": ui}
    result = modes[spec["mode"]](spec)
    Path(spec["out"]).write_text(json.dumps(result), "utf-8")


if __name__ == "__main__":
    main()
