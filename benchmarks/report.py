"""The readable report: plain-text tables of the results."""

from __future__ import annotations

import math
from collections.abc import Sequence

from benchmarks.common import Json


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to width; the first column left-aligned, the others right-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def num(x: float | None, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:,.{digits}f}"


def times(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}x"


def machine_text(m: Json) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    return (
        f"Machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['mem_total_gb']} GB RAM, Python {m['python']}, "
        f"{m['platform']}\nCode: git {m['git']}; {versions}"
    )


def ingest_text(data: dict[str, Json]) -> str:
    headers = [
        "embedder", "corpus", "runs", "docs", "chunks", "written", "open s", "load s", "ingest s p50", "p95",
        "chunks/s p50", "process s p50", "peak RSS MB p50", "p95",
    ]  # fmt: skip
    rows: list[list[str]] = []
    ratio_rows: list[list[str]] = []
    for embedder, d in data.items():
        for key in ("bundled", "synthetic", "reingest"):
            r = d[key]
            rows.append([
                embedder, r["label"], str(r["runs"]), str(r["documents"]), str(r["chunks"]), str(r["written"]),
                num(r["open_s"]["median"], 2), num(r["load_s"]["median"], 2) if key != "reingest" else "-",
                num(r["ingest_s"]["median"], 2), num(r["ingest_s"]["p95"], 2),
                num(r["chunks_per_s"]["median"]) if r["written"] else "-",
                num(r["process_wall_s"]["median"], 2),
                num(r["peak_rss_mb"]["median"], 0), num(r["peak_rss_mb"]["p95"], 0),
            ])  # fmt: skip
        q = d["ratios"]
        ratio_rows.append([
            embedder, times(q["chunks"]), times(q["ingest_s"]), times(q["chunks_per_s"]), times(q["peak_rss_mb"]),
            f"{100 * q['reingest_vs_ingest_s']:.2f}%" if q["reingest_vs_ingest_s"] is not None else "-",
        ])  # fmt: skip
    ratios = table(["embedder", "chunks", "ingest s", "chunks/s", "peak RSS", "re-ingest / ingest time"], ratio_rows)
    return (
        "1. Ingest (a fresh process per run, a fresh index dir per corpus; 'open s' = store open, 'load s' = model\n"
        "load, both outside 'ingest s'; 'process s' = the whole process, imports included)\n"
        f"{table(headers, rows)}\n\nSynthetic vs bundled PDF (ratio of medians):\n{ratios}"
    )


def query_text(data: dict[str, Json]) -> str:
    headers = [
        "embedder", "calls", "search p50 ms", "p95", "ask p50 ms", "p95", "ask/search", "embed", "dense",
        "lexical", "answer", "1st ask ms", "peak RSS MB",
    ]  # fmt: skip
    rows = []
    for embedder, d in data.items():
        st = d["stages_ms_p50"]
        rows.append([
            embedder, f"{d['questions']}x{d['runs']}", num(d["search_ms"]["median"]), num(d["search_ms"]["p95"]),
            num(d["ask_ms"]["median"]), num(d["ask_ms"]["p95"]), times(d["ask_over_search_p50"]),
            num(st.get("retrieve_embed")), num(st.get("retrieve_dense")), num(st.get("retrieve_lexical")),
            num(st.get("answer")), num(d["first_ask_ms"], 0), num(d["peak_rss_mb"], 0),
        ])  # fmt: skip
    return "2. Query, warm, bundled PDF index (k=6; embed/dense/lexical/answer = p50 ms of the ask's stages)\n" + table(
        headers, rows
    )


def cold_text(data: dict[str, Json]) -> str:
    headers = ["command", "runs", "wall s p50", "p95", "min", "max", "vs --help", "peak RSS MB p50"]
    base = data.get("--help", {}).get("wall_s", {}).get("median")
    rows = []
    for name, d in data.items():
        w = d["wall_s"]
        label = "proceedings-qa --help" if name == "--help" else f"ask, {name}"
        vs = None if name == "--help" or not base else w["median"] / base
        rows.append([
            label, str(d["runs"]), num(w["median"], 2), num(w["p95"], 2), num(w["min"], 2), num(w["max"], 2),
            times(vs), num(d["peak_rss_mb"]["median"], 0),
        ])  # fmt: skip
    return "3. Cold start of the CLI (fresh process, start to exit; after 1 untimed run)\n" + table(headers, rows)


def render(result: Json) -> str:
    o = result["options"]
    parts = [
        machine_text(result["machine"]),
        f"Run: {result['started']}, sections {','.join(o['sections'])}, embedders {','.join(o['embedders'])}, "
        f"--runs {o['runs']}, --scale {o['scale']} (synthetic ingest runs: {o['scale_runs']}), "
        f"total {result.get('total_s', 0) / 60:.1f} min\n"
        "Load average (1/5/15 min) at start: {} ; at end: {} (other work on the machine skews the figures)".format(
            *(" ".join(f"{x:.1f}" for x in result.get(k) or ()) or "-" for k in ("loadavg_start", "loadavg_end"))
        ),
    ]
    if result["ingest"]:
        parts.append(ingest_text(result["ingest"]))
    if result["query"]:
        parts.append(query_text(result["query"]))
    if result["cold"]:
        parts.append(cold_text(result["cold"]))
    for e in result["errors"]:
        parts.append(f"ERROR in {e['section']} / {e['embedder']}: {e['error']}")
    return "\n\n".join(parts) + "\n"
