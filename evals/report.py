"""Readable outputs of eval runs: a side-by-side table, and a Markdown report with PNG plots.

The plots use matplotlib's object-oriented `Figure` API with the Agg canvas directly: no
pyplot, so writing a report never changes the caller's backend or open figures (a notebook's
inline plots keep working).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from evals.runner import METRICS, EvalReport


def _fmt(v: object, metric: str = "") -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        if metric.startswith("latency"):
            return f"{v:.1f}" if v < 10 else f"{v:.0f}"
        return f"{v:.3f}" if v <= 1.0 else f"{v:.0f}"
    return str(v)


def _names(reports: Sequence[EvalReport]) -> tuple[str, ...]:
    extra = ("faithfulness",) if any("faithfulness" in r.metrics for r in reports) else ()
    return ("n", "k", *METRICS, *extra)


def print_table(reports: Sequence[EvalReport]) -> str:
    head = ["metric", *[r.name for r in reports]]
    rows = [[m, *[_fmt(r.metrics.get(m), m) for r in reports]] for m in _names(reports)]
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(reports: Sequence[EvalReport]) -> str:
    head = "| metric | " + " | ".join(r.name for r in reports) + " |"
    sep = "|---" * (len(reports) + 1) + "|"
    body = [f"| {m} | " + " | ".join(_fmt(r.metrics.get(m), m) for r in reports) + " |" for m in _names(reports)]
    return "\n".join([head, sep, *body])


def write_report(reports: Sequence[EvalReport], out: Path, set_name: str) -> Path:
    """Write `report.md` with `metrics.png` and `latency.png` into `out`; returns the report's path."""
    from matplotlib.figure import Figure

    out.mkdir(parents=True, exist_ok=True)
    rate_metrics = [m for m in METRICS if not m.startswith("latency")]
    fig = Figure(figsize=(9, 4))
    ax = fig.subplots()
    width = 0.8 / max(1, len(reports))
    for i, r in enumerate(reports):
        vals = [r.metrics.get(m) or 0.0 for m in rate_metrics]
        ax.bar([x + i * width for x in range(len(rate_metrics))], vals, width, label=r.name[:60])
    ax.set_xticks([x + width * (len(reports) - 1) / 2 for x in range(len(rate_metrics))])
    ax.set_xticklabels(rate_metrics, rotation=30, ha="right")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=1)
    ax.set_title(f"Metrics on {set_name}")
    fig.tight_layout()
    fig.savefig(out / "metrics.png", dpi=110)

    fig = Figure(figsize=(7, 3.5))
    ax = fig.subplots()
    for r in reports:
        ax.hist([row["latency_ms"] for row in r.rows], bins=20, alpha=0.6, label=r.name[:60])
    ax.set_xlabel("latency per question (ms)")
    ax.set_ylabel("questions")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)

    lines = [
        f"# Evaluation on `{set_name}`",
        "",
        markdown_table(reports),
        "",
        "![metrics](metrics.png)",
        "",
        "![latency](latency.png)",
        "",
    ]
    for r in reports:
        lines += [
            f"## {r.name}",
            "",
            "| id | kind | lang | hit | rr | speaker | refused | cited speakers | ms |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in r.rows:
            lines.append(
                f"| {row['id']} | {row['kind']} | {row['lang']} | {_fmt(row['hit'])} | {_fmt(row['rr'])} | "
                f"{_fmt(row['speaker_ok'])} | {row['refused']} | {', '.join(row['cited_speakers'])} | {row['latency_ms']} |"
            )
        lines.append("")
    path = out / "report.md"
    path.write_text("\n".join(lines), "utf-8")
    return path


def breakdown_tables(report: EvalReport) -> str:
    """The metrics of one report by kind, by language and (when present) by document."""
    from evals.runner import BREAKDOWN_METRICS

    out = []
    for key in ("by_kind", "by_lang", "by_doc"):
        groups = report.metrics.get(key)
        if not groups:
            continue
        head = [key.removeprefix("by_"), "n", *BREAKDOWN_METRICS]
        rows = [[name, str(g["n"]), *[_fmt(g.get(m)) for m in BREAKDOWN_METRICS]] for name, g in groups.items()]
        widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
        lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in [head, *rows]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        out.append("\n".join(lines))
    return "\n\n".join(out)
