"""The readable report: plain-text tables of the results."""

from __future__ import annotations

import math
from collections.abc import Sequence

from benchmarks.common import Json, default_embedder

# The targets of issue 14: (label, limit, unit, how it is compared)
MB_LIMIT = 1024


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
        "of which end s", "chunks/s p50", "process s p50", "peak RSS MB p50", "p95",
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
                num(r["finish_s"]["median"], 2) if "finish_s" in r else "-",
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
        "load, both outside 'ingest s'; 'end s' = the end of the run, inside it: tables, BM25 index, and the new\n"
        "words of the embedded vocabulary (with a model); 'process s' = the whole process, imports included)\n"
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


def ui_text(data: dict[str, Json]) -> str:
    headers = ["embedder", "runs", "first page s p50", "p95", "1st question ms p50", "p95", "peak RSS MB"]
    rows = []
    for name, d in data.items():
        rows.append([
            name, str(d["runs"]), num(d["first_page_s"]["median"], 2), num(d["first_page_s"]["p95"], 2),
            num(d["first_question_ms"]["median"], 0), num(d["first_question_ms"]["p95"], 0),
            num(d["peak_rss_mb"]["median"], 0),
        ])  # fmt: skip
    return (
        "4. The chat's start (ui.app.start in a fresh process, bundled PDF index): the first page from the\n"
        "process start, then the first question asked at once while the models warm up behind the page\n"
        + table(headers, rows)
    )


def scale_text(data: Json) -> str:
    sizes: list[Json] = data["sizes"]
    ingest_headers = [
        "size", "chunks", "docs", "chunks/s at size", "vs first", "end of run s", "add ~1k s p50",
        "add chunks/s p50", "vs first", "open s", "ingest peak RSS MB",
    ]  # fmt: skip
    ingest_rows = []
    answer_headers = [
        "size", "start->1st answer s p50", "open s", "1st ask ms", "search p50", "p95", "ask p50", "p95",
        "calls", "query RSS MB", "chat page s", "chat 1st q ms",
    ]  # fmt: skip
    answer_rows = []
    for r in sizes:
        g, a, q, u = r["grow"], r["add"], r["query"], r["ui"]
        ingest_rows.append([
            f"{r['size']:,}", str(r["chunks"]), str(r["documents"]), num(r["rate_at_size"]), times(r["rate_vs_first"]),
            num(g["finish_s"], 2), num(a["ingest_s"]["median"], 2), num(a["chunks_per_s"]["median"]),
            times(r["add_rate_vs_first"]), num(a["open_s"]["median"], 2), num(g["peak_rss_mb"], 0),
        ])  # fmt: skip
        answer_rows.append([
            f"{r['size']:,}", num(q["first_answer_since_spawn_s"]["median"], 2), num(q["construct_s"]["median"], 2),
            num(q["first_ask_ms"]["median"], 0), num(q["search_ms"]["median"]), num(q["search_ms"]["p95"]),
            num(q["ask_ms"]["median"]), num(q["ask_ms"]["p95"]), str(q["calls"]), num(q["peak_rss_mb"], 0),
            num(u["first_page_s"]["median"], 2) if u else "-", num(u["first_question_ms"]["median"], 0) if u else "-",
        ])  # fmt: skip
    return (
        f"5. Scale ({data['embedder']} embedder; one index grown through the sizes, synthetic corpus; then "
        f"{data['rounds']} interleaved rounds over the sizes)\n"
        "Ingest: 'chunks/s at size' = the rate of the commits of the last ~1k chunks before reaching the size (the\n"
        "growing run, every file committed); 'end of run s' = the tables and BM25 index brought up to date at the end\n"
        "of that run; 'add ~1k' = a fresh process ingesting ~1k more chunks into a copy of the index (end of run\n"
        "included; 'open s' = loading the manifest, outside it), median of the rounds.\n"
        f"{table(ingest_headers, ingest_rows)}\n\n"
        "Answers, a fresh process per round: 'start->1st answer' = from the process start (imports, manifest,\n"
        "tables) to its first answer; 'open s' = Assistant() (the manifest); 1st ask; warm latencies in ms over the\n"
        "dev questions of every round (each after an untimed pass); the chat's first page and first question.\n"
        f"{table(answer_headers, answer_rows)}"
    )


def targets_text(result: Json) -> str:
    """Each target of issue 14 beside what was measured."""
    rows: list[list[str]] = []

    def row(label: str, limit: str, measured: float | None, ok: bool | None, shown: str, where: str) -> None:
        verdict = "-" if ok is None or measured is None else ("met" if ok else "NOT MET")
        rows.append([label, limit, shown if measured is not None else "-", verdict, where])

    scale = result.get("scale", {}).get("hash")
    if scale and scale["sizes"]:
        top = scale["sizes"][-1]
        where = f"{top['size']:,} chunks" + ("" if top["size"] >= 100_000 else " (target: 100k)")
        q = top["query"]
        p50, p95, s50 = q["ask_ms"]["median"], q["ask_ms"]["p95"], q["search_ms"]["median"]
        row("warm answer p50", "<= 50 ms", p50, p50 <= 50, f"{num(p50)} ms", where)
        row("warm answer p95", "<= 150 ms", p95, p95 <= 150, f"{num(p95)} ms", where)
        row("retrieval alone p50", "<= 20 ms", s50, s50 <= 20, f"{num(s50)} ms", where)
        first = q["first_answer_since_spawn_s"]["median"]
        row(
            "first answer after a process start",
            "<= 2 s",
            first,
            first <= 2,
            f"{num(first, 2)} s (1st ask {num(q['first_ask_ms']['median'], 0)} ms)",
            where,
        )
        add = top["add_rate_vs_first"]
        rates = (top["add"]["chunks_per_s"]["median"], scale["sizes"][0]["add"]["chunks_per_s"]["median"])
        row(
            "ingest rate vs at the first size",
            ">= 0.80x",
            add,
            add is not None and add >= 0.8,
            f"{times(add)} ({num(rates[0])} vs {num(rates[1])} chunks/s)",
            where + ", ~1k chunks added by a fresh process, interleaved",
        )
        rate = top["rate_vs_first"]
        row(
            "  commits of a growing run",
            "(same)",
            rate,
            rate is not None and rate >= 0.8,
            f"{times(rate)} ({num(top['rate_at_size'])} vs {num(scale['sizes'][0]['rate_at_size'])} chunks/s)",
            where + ", last ~1k chunks of the run (the first size's run starts cold)",
        )
        mem = q["peak_rss_mb"]
        row("query process memory", f"<= {MB_LIMIT} MB", mem, mem <= MB_LIMIT, f"{num(mem, 0)} MB", where)
    name = default_embedder() or "the default embedder (not in benchmarks/common.py EMBEDDERS)"
    cold = result.get("cold", {})
    ui = result.get("ui", {})
    pick = name if name in cold else next((n for n in cold if n != "--help"), None)
    if pick:
        w = cold[pick]["wall_s"]["median"]
        note = "" if pick == name else f" (not the default, {name})"
        row("`ask` cold (CLI)", "<= 3 s", w, w <= 3, f"{num(w, 2)} s", f"{pick}{note}, bundled PDF")
    pick = name if name in ui else next(iter(ui), None)
    if pick:
        page, first = ui[pick]["first_page_s"]["median"], ui[pick]["first_question_ms"]["median"]
        note = "" if pick == name else f" (not the default, {name})"
        row("chat: first page", "<= 8 s", page, page <= 8, f"{num(page, 2)} s", f"{pick}{note}, bundled PDF")
        row(
            "chat: first question after start",
            "<= 2 s",
            first,
            first <= 2000,
            f"{num(first / 1000, 2)} s",
            f"{pick}{note}, bundled PDF",
        )
    if not rows:
        return ""
    return "Targets (issue 14): measured here, never asserted\n" + table(
        ["target", "limit", "measured", "", "where"], rows
    )


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
    if result.get("ui"):
        parts.append(ui_text(result["ui"]))
    if result.get("scale"):
        for data in result["scale"].values():
            parts.append(scale_text(data))
    targets = targets_text(result)
    if targets:
        parts.append(targets)
    for e in result["errors"]:
        parts.append(f"ERROR in {e['section']} / {e['embedder']}: {e['error']}")
    return "\n\n".join(parts) + "\n"
