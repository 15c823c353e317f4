"""The `proceedings-qa` command. Settings are read here, once, and passed down.

Every option also reads an environment variable (shown in --help); library errors become
one-line messages and exit status 1 (2 for usage errors), never tracebacks. `-v` logs what
happens (files, timings, retrieval decisions), `-vv` the details; progress bars are drawn only
on a terminal; `NO_COLOR` turns colour off.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from qa.core.settings import ANSWERERS, Settings

# Named as a module even under `python -m qa.cli`, so that -v/-vv select it with the project's loggers.
logger = logging.getLogger("qa.cli" if __name__ == "__main__" else __name__)

# Every option shows the environment variable it reads (explicit or PQA_<COMMAND>_<OPTION>).
option = functools.partial(click.option, show_envvar=True)

# The loggers `-v` turns up; other libraries' stay at WARNING until -vv.
PROJECT_LOGGERS = ("qa", "ingest", "vectorstore", "evals", "ui")

MAIN_EPILOG = """\b
Every setting also reads an environment variable PQA_<SECTION>_<FIELD>, e.g.
  PQA_EMBEDDING_BACKEND=hash     the test embedder (no model)
  PQA_RETRIEVAL_K=8              passages per answer
  PQA_LLM_BASE_URL=http://...    OpenAI-compatible endpoint
NO_COLOR=1 turns colour off. Shipped eval sets: `proceedings-qa eval dev` (or test).
"""


def package_version() -> str:
    """The installed distribution's version ("unknown" when run from a bare checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("proceedings-qa")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"proceedings-qa {package_version()} (Python {sys.version.split()[0]})")
    ctx.exit()


class _LevelFilter(logging.Filter):
    """Project records from `project` up, everyone else's from `others` up. On the handler,
    because some libraries (bm25s) set their own loggers to DEBUG."""

    def __init__(self, project: int, others: int) -> None:
        super().__init__()
        self.project, self.others = project, others

    def filter(self, record: logging.LogRecord) -> bool:
        ours = record.name.split(".", 1)[0] in PROJECT_LOGGERS
        return record.levelno >= (self.project if ours else self.others)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a record comes (click's test runner swaps it)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


_handler: logging.Handler | None = None


def configure_logging(verbose: int) -> None:
    """-v: the project's INFO lines; -vv: its DEBUG lines and other libraries' INFO; -vvv: all.

    Replaces the handler an earlier call installed (tests invoke the CLI many times in one
    process) and leaves other handlers alone.
    """
    global _handler
    project = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    others = [logging.WARNING, logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 3)]
    handler = _StderrHandler()
    handler.addFilter(_LevelFilter(project, others))
    handler.setFormatter(logging.Formatter("%(relativeCreated)7.0f ms %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    root.addHandler(handler)
    _handler = handler
    root.setLevel(min(project, others))
    for name in PROJECT_LOGGERS:
        logging.getLogger(name).setLevel(project)


def no_color() -> bool:
    """https://no-color.org: a non-empty NO_COLOR turns colour off."""
    return bool(os.environ.get("NO_COLOR"))


class UserError(click.ClickException):
    """Shown as 'Error: ...' with exit status 1."""


class ProductGroup(click.Group):
    """Turns the product's errors into one `Error: ...` line and exit status 1, in one place,
    for every command: no command wraps its own work."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        # Sub-commands inherit the colour choice from this context.
        if no_color():
            extra["color"] = False
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        from qa.core.errors import ProceedingsQAError

        try:
            return super().invoke(ctx)
        except ProceedingsQAError as e:
            logger.debug("command failed", exc_info=True)
            raise UserError(e.describe()) from None


@click.group(
    cls=ProductGroup,
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "PQA"},
    epilog=MAIN_EPILOG,
)
@option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    envvar="PQA_INDEX_DIR",
    help="Index folder (default: the platform's user data folder, e.g. ~/.local/share/proceedings-qa/index).",
)
@option("--config", type=click.Path(path_type=Path), envvar="PQA_CONFIG", help="TOML settings file.")
@option("--preset", envvar="PQA_PRESET", help="Settings preset: fast, multilingual, openai, ollama.")
@option("--chroma-url", envvar="PQA_CHROMA_URL", help="Use a Chroma server instead of the embedded one.")
@option(
    "-v",
    "--verbose",
    count=True,
    help="Log what happens: -v files, timings and retrieval decisions; -vv details and other libraries.",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
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
    configure_logging(verbose)
    settings = Settings.load(config=config, preset=preset, overrides={"index.dir": index_dir, "chroma.url": chroma_url})
    logger.info(
        "settings: index %s, embedder %s, store %s%s",
        settings.index.dir,
        settings.embedder_id(),
        settings.chroma.url or "embedded Chroma",
        f", preset {preset}" if preset else "",
    )
    if config or os.environ.get("PQA_CONFIG"):
        logger.info("settings file: %s", config or os.environ["PQA_CONFIG"])
    ctx.obj = settings


# `ingest` exit statuses (documented in its help and the README).
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2, 3


@main.command(
    epilog="Exit status: 0 all files ingested (or unchanged); 1 a file could not be ingested (each is "
    "named with its reason) or another error; 2 bad usage; 3 nothing to ingest (PATHS hold no supported file)."
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@option("--prune", is_flag=True, help="Drop indexed documents whose files are gone.")
@option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@option("--no-progress", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
@click.pass_obj
def ingest(settings: Settings, paths: tuple[Path, ...], prune: bool, as_json: bool, no_progress: bool) -> None:
    """Parse, chunk and embed PATHS (PDF, Markdown, text; folders are walked).

    With no PATHS, the bundled proceedings (shipped in the package) are ingested.
    """
    from ingest.data import bundled_pdf
    from ingest.pipeline import ingest as run_ingest
    from vectorstore.index import Index

    targets = list(paths) or [bundled_pdf()]
    logger.info("ingesting %s", ", ".join(map(str, targets)))
    bar: Any = None
    bar_name = ""

    def progress(name: str, done: int, total: int) -> None:
        nonlocal bar, bar_name
        if no_progress or as_json or not total:
            return
        if bar is None or bar_name != name:
            if bar is not None:
                bar.close()
            bar_name = name
            from tqdm import tqdm

            # disable=None: no bar unless stderr is a terminal (no \r frames in pipes and logs).
            bar = tqdm(total=total, desc=name, unit="chunk", file=sys.stderr, leave=False, disable=None)
        bar.n = done
        bar.refresh()

    def waiting(message: str) -> None:
        # Printed whatever the log level: a silent wait looks like a hang.
        click.echo(f"note: {message}", err=True)

    index = Index(settings, prepare_store=True)  # the store opens while the manifest is read
    try:
        report = run_ingest(targets, index, prune=prune, progress=progress, on_wait=waiting)
    finally:
        if bar is not None:
            bar.close()
    where = f"{index.dir}" + (f" (index {index.index_id} on {index.url})" if index.url else "")
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "index_id": index.index_id}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{report.summary()} in {where}")
        for f, reason in report.skipped:
            click.echo(f"skipped {f}: {reason}", err=True)
    if report.nothing_to_ingest:
        click.echo(f"nothing to ingest: {', '.join(map(str, targets))} hold no supported file", err=True)
        sys.exit(EXIT_NOTHING)
    if report.skipped:
        sys.exit(EXIT_ERROR)


@main.command()
@option("--json", "as_json", is_flag=True, help="Machine-readable output.")
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
    from evals.structure import documents_dir, evaluate_structure, format_table, totals

    scores = evaluate_structure(folder or documents_dir())
    if as_json:
        out = {"documents": [s.to_dict() for s in scores], "totals": totals(scores)}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(scores, show_misses=misses))


@main.command()
@click.argument("question")
@option("--history", multiple=True, help="An earlier question of the conversation (repeat, oldest first).")
@option("--speaker", envvar="PQA_ASK_SPEAKER", help="Only passages by this speaker.")
@option("--part", help="Only passages of this part (e.g. 'Session 2', 'Conclusions').")
@option("--source", help="Only passages of this indexed file.")
@option(
    "--answerer",
    type=click.Choice(ANSWERERS),
    envvar="PQA_ANSWER_ANSWERER",
    help="Who writes the answer (default: extractive, no LLM).",
)
@option("--k", type=click.IntRange(1, 100), help="Passages retrieved.")
@option("--json", "as_json", is_flag=True, help="Print the answer, citations and passages as JSON.")
@option("--stream/--no-stream", default=True, help="Print the answer as it is written.")
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

    assistant = Assistant(settings)
    s = assistant.stream(
        question, history=list(history), speaker=speaker, part=part, source=source, answerer=answerer, k=k
    )
    if stream and not as_json:
        for piece in s:
            click.echo(piece, nl=False)
        click.echo()
    answer = s.answer
    if logger.isEnabledFor(logging.INFO):
        _log_answer(assistant, answer, list(history), {"speaker": speaker, "part": part, "source": source})
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


def _log_answer(assistant: Any, answer: Any, history: list[str], filters: dict[str, str | None]) -> None:
    """What `-v` shows of a question: how it was read, what was retrieved and why, and timings."""
    if answer.resolved_question and answer.resolved_question != answer.question:
        logger.info("follow-up read as: %r", answer.resolved_question)
    q = answer.query
    if q is not None:
        logger.info(
            "language %s; a %s question about speakers %s%s, part %s; topic %s; filters %s",
            q.lang,
            q.kind,
            ", ".join(q.speakers) or "none",
            " (carried from the conversation)" if q.speaker_source == "history" else "",
            q.part or "none",
            ", ".join(q.topic) or "none",
            ", ".join(f"{k}={v!r}" for k, v in filters.items() if v) or "none",
        )
        if q.unknown:
            logger.info("no speaker matches %r; nearest: %s", q.unknown, ", ".join(q.nearest) or "none")
    logger.info(
        "%d passages retrieved, %s answerer: %s, %d citations%s",
        len(answer.passages),
        answer.answerer,
        "refused" if answer.refused else "answered" if answer.grounded else "answered WITHOUT valid citation",
        len(answer.citations),
        " (LLM failed, extractive fallback)" if answer.fallback else "",
    )
    for p in answer.passages:
        logger.debug(
            "  #%d score %.4f (dense rank %s, BM25 rank %s) %s",
            p.rank,
            p.score,
            p.dense_rank or "-",
            p.lexical_rank or "-",
            p.chunk.label(),
        )
    logger.info("timings: %s", ", ".join(f"{k} {v:.1f} ms" for k, v in answer.timings_ms.items()))


@main.command()
@option("--host", envvar="PQA_UI_HOST", help="Interface to bind (default 127.0.0.1).")
@option("--port", type=int, envvar="PQA_UI_PORT", help="Port (default 7860).")
@option("--auth", envvar="PQA_UI_AUTH", help="USER:PASS required to use the chat.")
@click.pass_obj
def ui(settings: Settings, host: str | None, port: int | None, auth: str | None) -> None:
    """Serve the chat in the browser (Gradio) over the indexed proceedings."""
    from ui.app import serve

    settings.apply({"ui.host": host, "ui.port": port, "ui.auth": auth})
    serve(settings)


@main.command(name="eval")
@click.argument("eval_set")
@option("--answerer", type=click.Choice(ANSWERERS), help="Answerer to evaluate.")
@option("--k", type=click.IntRange(1, 50), default=5, show_default=True, help="Depth for hit@k and MRR.")
@option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
@option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a Markdown report with per-question table and PNG plots here.",
)
@option("--compare", is_flag=True, help="Also run the plain baseline (1000/200 splitter, dense top-k).")
@option(
    "--corpus",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Files the baseline indexes (default: the bundled PDF).",
)
@option(
    "--judge", is_flag=True, help="Also score faithfulness with the configured LLM endpoint (llm.*; off by default)."
)
@click.pass_obj
def eval_cmd(
    settings: Settings,
    eval_set: str,
    answerer: str | None,
    k: int,
    as_json: bool,
    report_dir: Path | None,
    compare: bool,
    corpus: tuple[Path, ...],
    judge: bool,
) -> None:
    """Run EVAL_SET through the assistant and print retrieval and answer metrics, overall and
    by kind of question, language and document.

    EVAL_SET is a JSONL file or the name of a shipped set: `dev` (for tuning) or `test`.
    """
    from evals.report import breakdown_tables, print_table, write_report
    from evals.runner import evaluate
    from evals.sets import resolve_set
    from qa.assistant import Assistant

    path = resolve_set(eval_set)
    compare_corpus = None
    if compare:
        from ingest.data import bundled_pdf

        # Resolved before the (long) product run, so a missing file fails first, not last.
        compare_corpus = list(corpus) or [bundled_pdf()]
    logger.info(
        "eval set %s%s", path, f"; baseline over {', '.join(map(str, compare_corpus))}" if compare_corpus else ""
    )
    started = time.perf_counter()
    reports = evaluate(
        path,
        Assistant(settings),
        k=k,
        answerer=answerer,
        compare_corpus=compare_corpus,
        judge=judge,
        # The runner's counter rewrites its line with \r: only on a terminal.
        progress=not as_json and sys.stderr.isatty(),
    )
    logger.info("eval done in %.1f s", time.perf_counter() - started)
    if as_json:
        out = (
            reports[0].metrics if len(reports) == 1 else {"product": reports[0].metrics, "baseline": reports[1].metrics}
        )
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        click.echo(print_table(reports))
        click.echo()
        click.echo(breakdown_tables(reports[0]))
    if report_dir:
        written = write_report(reports, report_dir, path.name)
        click.echo(f"report written to {written}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
