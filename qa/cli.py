"""The `proceedings-qa` command. Settings are read here, once, and passed down.

Every option also reads an environment variable (shown in --help); library errors become
one-line messages and exit status 1 (2 for usage errors), never tracebacks.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from qa.core.settings import ANSWERERS, Settings

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BUNDLED = DATA_DIR / "diplomatie-des-territoires-2023.pdf"
EVAL_DOCUMENTS = Path(__file__).resolve().parent.parent / "evals" / "documents"


class UserError(click.ClickException):
    """Shown as 'Error: ...' with exit status 1."""


class ProductGroup(click.Group):
    """Turns the product's errors into one `Error: ...` line and exit status 1, in one place,
    for every command: no command wraps its own work."""

    def invoke(self, ctx: click.Context) -> Any:
        from qa.core.errors import ProceedingsQAError

        try:
            return super().invoke(ctx)
        except ProceedingsQAError as e:
            logger.debug("command failed", exc_info=True)
            raise UserError(e.describe()) from None


@click.group(cls=ProductGroup, context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "PQA"})
@click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    envvar="PQA_INDEX_DIR",
    help="Index folder (default: $XDG_DATA_HOME/proceedings-qa/index).",
)
@click.option("--config", type=click.Path(path_type=Path), envvar="PQA_CONFIG", help="TOML settings file.")
@click.option("--preset", envvar="PQA_PRESET", help="Settings preset: fast, multilingual, openai, ollama.")
@click.option("--chroma-url", envvar="PQA_CHROMA_URL", help="Use a Chroma server instead of the embedded one.")
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.pass_context
def main(
    ctx: click.Context,
    index_dir: Path | None,
    config: Path | None,
    preset: str | None,
    chroma_url: str | None,
    verbose: int,
) -> None:
    """Ask questions about conference proceedings and get answers cited by speaker."""
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    handler = logging.StreamHandler(sys.stderr)
    # On the handler too: some libraries (bm25s) set their own loggers to DEBUG.
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    ctx.obj = Settings.load(config=config, preset=preset, overrides={"index.dir": index_dir, "chroma.url": chroma_url})


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--prune", is_flag=True, help="Drop indexed documents whose files are gone.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.pass_obj
def ingest(settings: Settings, paths: tuple[Path, ...], prune: bool, as_json: bool, no_progress: bool) -> None:
    """Parse, chunk and embed PATHS (PDF, Markdown, text; folders are walked).

    With no PATHS, the bundled proceedings are ingested.
    """
    from ingest.pipeline import ingest as run_ingest
    from vectorstore.index import Index

    if not paths and not BUNDLED.exists():
        raise UserError(
            f"the bundled proceedings are not at {BUNDLED} (installed without the repository?); name the files to ingest"
        )
    targets = list(paths) or [BUNDLED]
    bar: Any = None

    def progress(name: str, done: int, total: int) -> None:
        nonlocal bar
        if no_progress or as_json or not total:
            return
        if bar is None or bar.desc != name:
            if bar is not None:
                bar.close()
            from tqdm import tqdm

            bar = tqdm(total=total, desc=name, unit="chunk", file=sys.stderr, leave=False)
        bar.n = done
        bar.refresh()

    index = Index(settings)
    try:
        report = run_ingest(targets, index, prune=prune, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"{report.summary()} in {index.dir}")
        for f, reason in report.skipped:
            click.echo(f"skipped {f}: {reason}", err=True)
    if report.skipped:
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def inspect(settings: Settings, as_json: bool) -> None:
    """Show what was parsed: documents, parts, speakers with role, part, kind and chunks."""
    from ingest.structure import known_layouts
    from qa.assistant import Assistant

    data = Assistant(settings).describe()
    spoken = {s["source"] for s in data["speakers"] if s["chunks"]}
    silent = [d["source"] for d in data["documents"] if d["source"] not in spoken]
    if as_json:
        data |= {"documents_without_turns": silent, "known_layouts": known_layouts()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"Index {data['index']} ({data['embedder']}): {len(data['documents'])} documents, {data['chunks']} chunks"
    )
    for d in data["documents"]:
        click.echo(f"  {d['source']}: {d['title']} ({d['chunks']} chunks)")
    click.echo("Parts:")
    for p in data["parts"]:
        click.echo(f"  {p['label']}: {p['title']}")
    click.echo("Speakers:")
    width = max((len(s["name"]) for s in data["speakers"]), default=10)
    for s in data["speakers"]:
        click.echo(f"  {s['name']:<{width}}  {s['part']:<12} {s['kind']:<12} {s['chunks']:>3}  {s['role']}")
    if silent:
        click.echo(
            f"No speaker turns were recognised in {', '.join(silent)}: their passages are cited by document, "
            "part and page. Known layouts (or set ingest.speaker_pattern to your own):"
        )
        for lay in known_layouts():
            click.echo(f"  {lay['name']:<22} {lay['example']}")


@main.command(name="eval-structure")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    envvar="PQA_EVAL_STRUCTURE_JSON",
    show_envvar=True,
    help="Print the per-document scores and totals as JSON.",
)
@click.option(
    "--misses",
    is_flag=True,
    envvar="PQA_EVAL_STRUCTURE_MISSES",
    show_envvar=True,
    help="List what each document got wrong.",
)
def eval_structure(folder: Path | None, as_json: bool, misses: bool) -> None:
    """Score the speakers the parser finds against hand-written gold tables.

    FOLDER holds documents and their <name>.gold.json files (default: evals/documents).
    Parse and chunk only, no embedding: precision, recall, role and part accuracy, passages
    with a wrong speaker.
    """
    from evals.structure import evaluate_structure, format_table, totals

    scores = evaluate_structure(folder or EVAL_DOCUMENTS)
    if as_json:
        out = {"documents": [s.to_dict() for s in scores], "totals": totals(scores)}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(scores, show_misses=misses))


@main.command()
@click.argument("question")
@click.option("--history", multiple=True, help="An earlier question of the conversation (repeat, oldest first).")
@click.option("--speaker", envvar="PQA_ASK_SPEAKER", help="Only passages by this speaker.")
@click.option("--part", help="Only passages of this part (e.g. 'Session 2', 'Conclusions').")
@click.option("--source", help="Only passages of this indexed file.")
@click.option(
    "--answerer",
    type=click.Choice(ANSWERERS),
    envvar="PQA_ANSWER_ANSWERER",
    help="Who writes the answer (default: extractive, no LLM).",
)
@click.option("--k", type=click.IntRange(1, 100), help="Passages retrieved.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer, citations and passages as JSON.")
@click.option("--stream/--no-stream", default=True, help="Print the answer as it is written.")
@click.pass_obj
def ask(
    settings: Settings,
    question: str,
    history: tuple[str, ...],
    speaker: str | None,
    part: str | None,
    source: str | None,
    answerer: str | None,
    k: int | None,
    as_json: bool,
    stream: bool,
) -> None:
    """Answer QUESTION from the indexed proceedings, citing speakers and passages."""
    from qa.assistant import Assistant

    s = Assistant(settings).stream(
        question, history=list(history), speaker=speaker, part=part, source=source, answerer=answerer, k=k
    )
    if stream and not as_json:
        for piece in s:
            click.echo(piece, nl=False)
        click.echo()
    answer = s.answer
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    if not stream:
        click.echo(answer.text)
    if answer.citations:
        click.echo("\nSources:")
        for c in answer.citations:
            click.echo(f"  [{c.number}] {c.passage.chunk.label()} — {c.source}")
    for note in answer.notes:
        click.echo(f"note: {note}", err=True)


@main.command()
@click.option("--host", envvar="PQA_UI_HOST", help="Interface to bind (default 127.0.0.1).")
@click.option("--port", type=int, envvar="PQA_UI_PORT", help="Port (default 7860).")
@click.option("--auth", envvar="PQA_UI_AUTH", help="USER:PASS required to use the chat.")
@click.pass_obj
def ui(settings: Settings, host: str | None, port: int | None, auth: str | None) -> None:
    """Serve the chat in the browser (Gradio) over the indexed proceedings."""
    from ui.app import serve

    settings.apply({"ui.host": host, "ui.port": port, "ui.auth": auth})
    serve(settings)


@main.command(name="eval")
@click.argument("eval_set", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--answerer", type=click.Choice(ANSWERERS), help="Answerer to evaluate.")
@click.option("--k", type=click.IntRange(1, 50), default=5, show_default=True, help="Depth for hit@k and MRR.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a Markdown report with per-question table and PNG plots here.",
)
@click.option("--compare", is_flag=True, help="Also run the plain baseline (1000/200 splitter, dense top-k).")
@click.option(
    "--corpus",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Files the baseline indexes (default: the bundled PDF).",
)
@click.option(
    "--judge", is_flag=True, help="Also score faithfulness with the configured LLM endpoint (llm.*; off by default)."
)
@click.pass_obj
def eval_cmd(
    settings: Settings,
    eval_set: Path,
    answerer: str | None,
    k: int,
    as_json: bool,
    report_dir: Path | None,
    compare: bool,
    corpus: tuple[Path, ...],
    judge: bool,
) -> None:
    """Run EVAL_SET (JSONL) through the assistant and print retrieval and answer metrics."""
    from evals.report import print_table, write_report
    from evals.runner import evaluate
    from qa.assistant import Assistant

    reports = evaluate(
        eval_set,
        Assistant(settings),
        k=k,
        answerer=answerer,
        compare_corpus=(list(corpus) or [BUNDLED]) if compare else None,
        judge=judge,
        progress=not as_json,
    )
    if as_json:
        out = (
            reports[0].metrics if len(reports) == 1 else {"product": reports[0].metrics, "baseline": reports[1].metrics}
        )
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        click.echo(print_table(reports))
    if report_dir:
        path = write_report(reports, report_dir, eval_set.name)
        click.echo(f"report written to {path}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
