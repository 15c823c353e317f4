"""The benchmarks, run from the parent process; every measurement is a fresh child.

ingest, query, cold: per embedder, on the bundled proceedings (and the synthetic xN corpus).
ui: per embedder, the chat's first page and first question.
scale: the hash embedder on one index grown through --sizes (1k, 10k, 100k chunks): the ingest
rate as the index grows, the end-of-run work, an ingest of ~1k more chunks into a copy, the
first answer of a fresh process, warm latencies, memory, the chat's start.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.common import (
    BUNDLED_PDF,
    DEV_SET,
    ChildError,
    Json,
    clean_env,
    log,
    machine,
    ratio,
    read_questions,
    run_child,
    run_measured,
    summary,
)
from benchmarks.corpus import write_corpus

SECTIONS = ["ingest", "query", "cold", "ui", "scale"]
COLD_QUESTION = "Que dit François Rebsamen du rôle des collectivités territoriales ?"
SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [1_000, 5_000]
SCALE_EMBEDDER = "hash"  # the store and the answer path are measured, not a model
CHUNKS_PER_FILE = 112  # a synthetic file with the hash embedder (benchmarks/corpus.py)
EXTRA_FILES = 9  # ~1k chunks: what the "add" measurement ingests into a copy of each index
RATE_WINDOW = 1_000  # the ingest rate at a size: over the last ~1k chunks before it


@dataclass
class Options:
    sections: list[str]
    embedders: list[str]
    scale: int = 100
    runs: int = 3
    scale_runs: int = 1
    questions: Path = DEV_SET
    cold_question: str = COLD_QUESTION
    workdir: Path | None = None
    sizes: list[int] | None = None  # the scale section's index sizes, in chunks (default SIZES)
    quick: bool = False

    def to_dict(self) -> Json:
        d = asdict(self)
        d["questions"] = str(self.questions)
        d["workdir"] = str(self.workdir) if self.workdir else None
        return d


class Bench:
    def __init__(self, options: Options, root: Path) -> None:
        self.o = options
        self.root = root
        self.prepared: dict[str, Path] = {}  # embedder -> an index of the bundled PDF
        self._corpus: list[Path] | None = None

    # --- helpers -----------------------------------------------------------------------
    def corpus(self) -> list[Path]:
        if self._corpus is None:
            t = time.perf_counter()
            self._corpus = write_corpus(self.root / f"corpus-x{self.o.scale}", self.o.scale)
            log(f"synthetic corpus: {self.o.scale} Markdown files written in {time.perf_counter() - t:.1f} s")
        return self._corpus

    def ingest_child(self, embedder: str, index_dir: Path, paths: list[Path], label: str, preload: bool) -> Json:
        return run_child(
            {
                "mode": "ingest",
                "embedder": embedder,
                "index_dir": str(index_dir),
                "paths": [str(p) for p in paths],
                "label": label,
                "preload": preload,
            }
        )

    def prepared_index(self, embedder: str) -> Path:
        if embedder not in self.prepared:
            index_dir = self.root / f"index-{embedder}-bundled"
            log(f"{embedder}: indexing the bundled PDF (setup, not measured)")
            self.ingest_child(embedder, index_dir, [BUNDLED_PDF], f"setup {embedder}", preload=False)
            self.prepared[embedder] = index_dir
        return self.prepared[embedder]

    # --- 1. ingest ---------------------------------------------------------------------
    def ingest(self, embedder: str) -> Json:
        out: Json = {}
        runs: list[Json] = []
        for r in range(self.o.runs):
            index_dir = self.root / f"index-{embedder}-bundled-{r}"
            log(f"ingest {embedder}: bundled PDF, run {r + 1}/{self.o.runs}")
            runs.append(self.ingest_child(embedder, index_dir, [BUNDLED_PDF], f"{embedder} pdf", preload=True))
            if embedder not in self.prepared:
                self.prepared[embedder] = index_dir  # kept for the query and cold benchmarks
            else:
                shutil.rmtree(index_dir, ignore_errors=True)
        out["bundled"] = _ingest_row("bundled PDF", runs)

        corpus = self.corpus()
        runs = []
        index_dir = self.root / f"index-{embedder}-x{self.o.scale}"
        for r in range(self.o.scale_runs):
            shutil.rmtree(index_dir, ignore_errors=True)
            log(f"ingest {embedder}: synthetic x{self.o.scale} ({len(corpus)} files), run {r + 1}/{self.o.scale_runs}")
            runs.append(self.ingest_child(embedder, index_dir, corpus, f"{embedder} x{self.o.scale}", preload=True))
        out["synthetic"] = _ingest_row(f"synthetic x{self.o.scale}", runs)

        runs = []
        for r in range(self.o.runs):
            log(f"ingest {embedder}: re-ingest of the unchanged x{self.o.scale} corpus, run {r + 1}/{self.o.runs}")
            runs.append(self.ingest_child(embedder, index_dir, corpus, f"{embedder} re-x{self.o.scale}", preload=False))
        out["reingest"] = _ingest_row(f"re-ingest x{self.o.scale}", runs)
        shutil.rmtree(index_dir, ignore_errors=True)

        b, s = out["bundled"], out["synthetic"]
        out["ratios"] = {
            "chunks": ratio(s["chunks"], b["chunks"]),
            "ingest_s": ratio(s["ingest_s"]["median"], b["ingest_s"]["median"]),
            "chunks_per_s": ratio(s["chunks_per_s"]["median"], b["chunks_per_s"]["median"]),
            "peak_rss_mb": ratio(s["peak_rss_mb"]["median"], b["peak_rss_mb"]["median"]),
            "reingest_vs_ingest_s": ratio(out["reingest"]["ingest_s"]["median"], s["ingest_s"]["median"]),
        }
        return out

    # --- 2. query ----------------------------------------------------------------------
    def query(self, embedder: str) -> Json:
        index_dir = self.prepared_index(embedder)
        questions = read_questions(self.o.questions)
        log(f"query {embedder}: {len(questions)} questions x {self.o.runs} runs after a warm-up pass")
        res = run_child(
            {
                "mode": "query",
                "embedder": embedder,
                "index_dir": str(index_dir),
                "questions": questions,
                "runs": self.o.runs,
                "k": 6,
            }
        )
        search, ask = summary(res["search_ms"]), summary(res["ask_ms"])
        return {
            "questions": res["questions"],
            "runs": res["runs"],
            "chunks": res["chunks"],
            "search_ms": search,
            "ask_ms": ask,
            "ask_over_search_p50": ratio(ask["median"], search["median"]),
            "stages_ms_p50": {k: summary(v)["median"] for k, v in res["stages_ms"].items()},
            "first_ask_ms": res["first_ask_ms"],
            "warmup_s": res["warmup_s"],
            "refused_share": res["refused_share"],
            "peak_rss_mb": res["peak_rss_mb"],
            "raw": {"search_ms": res["search_ms"], "ask_ms": res["ask_ms"]},
        }

    # --- 3. cold -----------------------------------------------------------------------
    def cold(self, embedder: str) -> Json:
        index_dir = self.prepared_index(embedder)
        cli = _cli()
        argv = [cli, "--index", str(index_dir), "ask", self.o.cold_question]
        log(f"cold {embedder}: `proceedings-qa ask` x {self.o.runs} (after 1 untimed run)")
        runs = [_checked(argv, embedder) for _ in range(self.o.runs + 1)][1:]
        return _cold_row(runs)

    # --- 4. ui --------------------------------------------------------------------------
    def ui(self, embedder: str) -> Json:
        index_dir = self.prepared_index(embedder)
        log(f"ui {embedder}: the chat's first page and first question x {self.o.runs} (after 1 untimed run)")
        runs = [self.ui_child(embedder, index_dir) for _ in range(self.o.runs + 1)][1:]
        return _ui_row(runs)

    def ui_child(self, embedder: str, index_dir: Path) -> Json:
        return run_child(
            {"mode": "ui", "embedder": embedder, "index_dir": str(index_dir), "question": self.o.cold_question}
        )

    # --- 5. scale ------------------------------------------------------------------------
    def scale(self, embedder: str) -> Json:
        sizes = sorted(self.o.sizes or (QUICK_SIZES if self.o.quick else SIZES))
        n_files = [max(1, round(size / CHUNKS_PER_FILE)) for size in sizes]
        t = time.perf_counter()
        corpus = write_corpus(self.root / "corpus-scale", n_files[-1] + EXTRA_FILES)
        extra = corpus[n_files[-1] :]
        log(f"scale: {len(corpus)} synthetic files written in {time.perf_counter() - t:.1f} s")
        questions = read_questions(self.o.questions)
        growing = self.root / "index-scale"
        # 1. One index grown through the sizes (the commit rate as it grows), kept at each size.
        grown: list[Json] = []
        kept: list[Path] = []
        done = 0
        for size, n in zip(sizes, n_files, strict=True):
            log(f"scale {size:,}: ingest of files {done + 1}-{n} into the growing index")
            grown.append(self.ingest_child(embedder, growing, corpus[done:n], f"scale {size:,}", preload=True))
            done = n
            if size != sizes[-1]:
                kept.append(self.root / f"index-scale-{size}")
                shutil.copytree(growing, kept[-1])
            else:
                kept.append(growing)
        # 2. Interleaved rounds over the sizes (the machine's load then weighs on every size
        # alike): ~1k more chunks into a copy, a fresh answering process, the chat's start.
        adds: list[list[Json]] = [[] for _ in sizes]
        queries: list[list[Json]] = [[] for _ in sizes]
        uis: list[list[Json]] = [[] for _ in sizes]
        ui_failed: str | None = None
        rounds = max(1, self.o.runs)
        for r in range(rounds):
            for i, size in enumerate(sizes):
                log(f"scale {size:,}, round {r + 1}/{rounds}: {len(extra)} more files into a copy of the index")
                copy = self.root / "index-scale-copy"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(kept[i], copy)
                adds[i].append(self.ingest_child(embedder, copy, extra, f"add at {size:,}", preload=True))
                shutil.rmtree(copy, ignore_errors=True)
                log(f"scale {size:,}, round {r + 1}/{rounds}: {len(questions)} questions in a fresh process")
                queries[i].append(
                    run_child(
                        {
                            "mode": "query",
                            "embedder": embedder,
                            "index_dir": str(kept[i]),
                            "questions": questions,
                            "runs": 1,
                            "k": 6,
                        }
                    )
                )
                if ui_failed is None:
                    log(f"scale {size:,}, round {r + 1}/{rounds}: the chat's first page and first question")
                    try:
                        uis[i].append(self.ui_child(embedder, kept[i]))
                    except ChildError as e:  # the other figures stand
                        ui_failed = str(e)
                        log(f"scale: the chat's start failed: {e}")
        out: Json = {"embedder": embedder, "rounds": rounds, "sizes": []}
        for i, size in enumerate(sizes):
            ui = _ui_row(uis[i]) if uis[i] and not ui_failed else None
            out["sizes"].append(_scale_row(size, grown[i], adds[i], queries[i], ui))
        first = out["sizes"][0]
        for row in out["sizes"]:
            row["rate_vs_first"] = ratio(row["rate_at_size"], first["rate_at_size"])
            row["add_rate_vs_first"] = ratio(
                row["add"]["chunks_per_s"]["median"], first["add"]["chunks_per_s"]["median"]
            )
        for path in kept:
            shutil.rmtree(path, ignore_errors=True)
        return out

    def cold_baseline(self) -> Json:
        """`proceedings-qa --help`: interpreter and CLI start, no settings, no index, no model."""
        log(f"cold: `proceedings-qa --help` x {self.o.runs} (after 1 untimed run)")
        runs = [_checked([_cli(), "--help"], None) for _ in range(self.o.runs + 1)][1:]
        return _cold_row(runs)


def _ingest_row(label: str, runs: list[Json]) -> Json:
    first = runs[0]
    return {
        "label": label,
        "runs": len(runs),
        "documents": first["documents"],
        "chunks": first["chunks"],
        "written": first["written"],
        "written_all_runs": [r["written"] for r in runs],
        "skipped": first["skipped"],
        "ingest_s": summary([r["ingest_s"] for r in runs]),
        "finish_s": summary([r.get("finish_s", 0.0) for r in runs]),
        "chunks_per_s": summary([r["chunks_per_s"] or 0.0 for r in runs]),
        "open_s": summary([r["open_s"] for r in runs]),
        "load_s": summary([r["load_s"] for r in runs]),
        "import_s": summary([r["import_s"] for r in runs]),
        "process_wall_s": summary([r["process_wall_s"] for r in runs]),
        "peak_rss_mb": summary([r["peak_rss_mb"] for r in runs]),
        "ru_maxrss_mb": summary([r["ru_maxrss_mb"] for r in runs]),
        "rss_after_load_mb": summary([r["rss_after_load_mb"] or 0.0 for r in runs]),
    }


def _ui_row(runs: list[Json]) -> Json:
    return {
        "runs": len(runs),
        "first_page_s": summary([r["first_page_since_spawn_s"] for r in runs]),
        "first_question_ms": summary([r["first_question_ms"] for r in runs]),
        "peak_rss_mb": summary([r["peak_rss_mb"] for r in runs]),
    }


def window_rate(commits: list[list[float]], window: int = RATE_WINDOW) -> float | None:
    """Chunks per second over the last commits holding about `window` chunks (from the end of
    the commit before them; from the start of the ingest for the first)."""
    if not commits:
        return None
    written = 0
    i = len(commits)
    while i > 0 and written < window:
        i -= 1
        written += int(commits[i][1])
    start = commits[i - 1][0] if i > 0 else 0.0
    elapsed = commits[-1][0] - start
    return written / elapsed if elapsed > 0 else None


def _scale_row(size: int, grow: Json, adds: list[Json], queries: list[Json], ui: Json | None) -> Json:
    """One size: the growing ingest, and the medians (latencies: pooled samples) of the rounds."""
    search = [ms for q in queries for ms in q["search_ms"]]
    ask = [ms for q in queries for ms in q["ask_ms"]]
    stages: dict[str, list[float]] = {}
    for q in queries:
        for name, values in q["stages_ms"].items():
            stages.setdefault(name, []).extend(values)
    first_answer = [q["first_answer_since_spawn_s"] for q in queries if q["first_answer_since_spawn_s"] is not None]
    return {
        "size": size,
        "chunks": grow["chunks"],
        "documents": grow["documents"],
        "grow": {
            "files": grow["added_files"],
            "written": grow["written"],
            "ingest_s": grow["ingest_s"],
            "chunks_per_s": grow["chunks_per_s"],
            "finish_s": grow["finish_s"],
            "open_s": grow["open_s"],
            "peak_rss_mb": grow["peak_rss_mb"],
            "commits": grow["commits"],
        },
        "rate_at_size": window_rate(grow["commits"]),
        "add": {
            "runs": len(adds),
            "written": adds[0]["written"],
            "ingest_s": summary([a["ingest_s"] for a in adds]),
            "chunks_per_s": summary([a["chunks_per_s"] or 0.0 for a in adds]),
            "finish_s": summary([a["finish_s"] for a in adds]),
            "open_s": summary([a["open_s"] for a in adds]),
            "process_s": summary([a["process_wall_s"] for a in adds]),
        },
        "query": {
            "runs": len(queries),
            "calls": len(ask),
            "search_ms": summary(search),
            "ask_ms": summary(ask),
            "construct_s": summary([q["construct_s"] for q in queries]),
            "first_ask_ms": summary([q["first_ask_ms"] for q in queries]),
            "first_answer_since_spawn_s": summary(first_answer),
            "peak_rss_mb": max(q["peak_rss_mb"] for q in queries),
            "stages_ms_p50": {k: summary(v)["median"] for k, v in stages.items()},
            "raw": {"search_ms": search, "ask_ms": ask},
        },
        "ui": ui,
    }


def _cold_row(runs: list[Json]) -> Json:
    return {
        "runs": len(runs),
        "wall_s": summary([r["wall_s"] for r in runs]),
        "peak_rss_mb": summary([r["ru_maxrss_mb"] for r in runs]),
    }


def _cli() -> str:
    local = Path(sys.executable).parent / "proceedings-qa"
    found = str(local) if local.exists() else shutil.which("proceedings-qa")
    if not found:
        raise ChildError("the proceedings-qa command is not installed next to this Python nor on PATH")
    return found


def _checked(argv: list[str], embedder: str | None) -> Json:
    run = run_measured(argv, clean_env(embedder))
    if run["status"] != 0:
        tail = "\n".join(run["stderr"].strip().splitlines()[-10:])
        raise ChildError(f"`{' '.join(argv[:1] + argv[-2:])}` exited with status {run['status']}:\n{tail}")
    return run


def run(options: Options) -> Json:
    """Run the selected sections for the selected embedders; errors are recorded, not fatal."""
    result: Json = {
        "machine": machine(),
        "options": options.to_dict(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "loadavg_start": os.getloadavg(),
        "ingest": {},
        "query": {},
        "cold": {},
        "ui": {},
        "scale": {},
        "errors": [],
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pqa-bench-", dir=options.workdir) as tmp:
        bench = Bench(options, Path(tmp))
        steps: list[tuple[str, str, Callable[[], Json]]] = []
        for section in SECTIONS:
            if section not in options.sections:
                continue
            if section == "cold":
                steps.append(("cold", "--help", bench.cold_baseline))
            if section == "scale":
                steps.append(("scale", SCALE_EMBEDDER, functools.partial(bench.scale, SCALE_EMBEDDER)))
                continue
            for embedder in options.embedders:
                method: Callable[[str], Json] = getattr(bench, section)
                steps.append((section, embedder, functools.partial(method, embedder)))
        for section, name, step in steps:
            try:
                result[section][name] = step()
            except ChildError as e:
                log(f"{section} {name} failed: {e}")
                result["errors"].append({"section": section, "embedder": name, "error": str(e)})
    result["total_s"] = time.perf_counter() - started
    result["loadavg_end"] = os.getloadavg()
    return result
