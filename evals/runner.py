"""The eval runner: an eval set (JSONL) in, per-question rows and metrics out.

Every question goes through the same `Assistant` API the chat uses. Text and names are
compared accent- and case-insensitively, names without honorifics.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.sets import resolve_set
from evals.structure import names_agree
from qa.core.errors import EvalSetError
from qa.core.text import fold
from qa.core.types import Answer

METRICS = (
    "hit_at_k",
    "mrr",
    "speaker_accuracy",
    "citation_precision",
    "keyword_recall",
    "refusal_recall",
    "false_refusal_rate",
    "latency_p50_ms",
    "latency_p95_ms",
)


@dataclass(frozen=True, slots=True)
class EvalItem:
    """One question of an eval set, with its gold speakers, evidence and keywords."""

    id: str
    question: str
    lang: str
    speakers: tuple[str, ...]
    evidence: tuple[str, ...]
    answer_keywords: tuple[str, ...]
    answerable: bool
    history: tuple[str, ...] = ()
    kind: str = ""
    doc: str = ""  # the document the question is about (a file under evals/documents); "" = the index given


_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "question": str,
    "lang": str,
    "speakers": list,
    "evidence": list,
    "answer_keywords": list,
    "answerable": bool,
}


def parse_item(obj: Any, where: str) -> EvalItem:
    """Validate one JSON object of an eval set.

    :raises EvalSetError: naming `where` (file and line) and the field that is wrong.
    """
    if not isinstance(obj, dict):
        raise EvalSetError(f"{where}: expected a JSON object")
    for name, typ in _REQUIRED.items():
        if name not in obj:
            raise EvalSetError(f"{where}: missing field {name!r}")
        if not isinstance(obj[name], typ):
            raise EvalSetError(f"{where}: field {name!r} must be {getattr(typ, '__name__', typ)}")
    for name in ("speakers", "evidence", "answer_keywords", "history"):
        if name in obj and not all(isinstance(x, str) for x in obj[name]):
            raise EvalSetError(f"{where}: field {name!r} must be a list of strings")
    if obj["lang"] not in {"fr", "en"}:
        raise EvalSetError(f"{where}: field 'lang' must be 'fr' or 'en', not {obj['lang']!r}")
    if not obj["question"].strip():
        raise EvalSetError(f"{where}: field 'question' is empty")
    if "history" in obj and not isinstance(obj["history"], list):
        raise EvalSetError(f"{where}: field 'history' must be a list of strings")
    if "doc" in obj and not isinstance(obj["doc"], str):
        raise EvalSetError(f"{where}: field 'doc' must be a file name (string)")
    unknown = set(obj) - set(_REQUIRED) - {"history", "kind", "doc"}
    if unknown:
        raise EvalSetError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return EvalItem(
        id=obj["id"],
        question=obj["question"],
        lang=obj["lang"],
        speakers=tuple(obj["speakers"]),
        evidence=tuple(obj["evidence"]),
        answer_keywords=tuple(obj["answer_keywords"]),
        answerable=obj["answerable"],
        history=tuple(obj.get("history", ())),
        kind=str(obj.get("kind", "")),
        doc=obj.get("doc", ""),
    )


def load_set(source: str | Path | Iterable[dict[str, Any]]) -> list[EvalItem]:
    """The items of an eval set, from a JSONL file, a shipped set's name (`"dev"`) or dicts.

    :raises EvalSetError: no such file or set, unreadable file, bad JSON, a bad field or duplicate ids.
    """
    if isinstance(source, str | Path):
        path = resolve_set(source)
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise EvalSetError(f"{path}: cannot be read ({e}); expected a UTF-8 JSONL file") from None
        items = []
        for no, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise EvalSetError(f"{path}:{no}: not valid JSON ({e.msg})") from None
            items.append(parse_item(obj, f"{path}:{no}"))
    else:
        items = [parse_item(obj, f"row {i}") for i, obj in enumerate(source, 1)]
    ids = [i.id for i in items]
    dupes = {x for x in ids if ids.count(x) > 1}
    if dupes:
        raise EvalSetError(f"duplicate ids: {', '.join(sorted(dupes))}")
    return items


# --- scoring --------------------------------------------------------------------------------


def contains_evidence(text: str, evidence: Sequence[str]) -> bool:
    """Whether any evidence string occurs in the text (accent- and case-insensitive)."""
    t = fold(text)
    return any(fold(e) in t for e in evidence if e.strip())


def keyword_hits(answer: str, keywords: Sequence[str]) -> tuple[int, int]:
    """(keywords found, keywords) where a keyword is alternatives separated by '|'."""
    t = fold(answer)
    found = sum(any(fold(alt) in t for alt in kw.split("|") if alt.strip()) for kw in keywords)
    return found, len(keywords)


def same_speaker(cited: str, gold: Sequence[str], people: Mapping[str, dict[str, Any]] | None = None) -> bool:
    """Whether a cited speaker is one of the gold speakers, by the structure eval's rule: folded,
    without honorifics, titles or parenthesised remarks, the same name, or the same surname with
    compatible first names ("Norton" is "Lord Norton", "Janvier de La Motte" is "Janvier de la
    Motte (Eure)"; "Michael Noonan" is not "Michael Hourigan"); `people`: the document's gold
    table by name, whose aliases count too ("Carine Thomas", as speech-to-text spelt Karine)."""
    people = people or {}
    return bool(cited) and any(names_agree(cited, people.get(g, {"name": g})) for g in gold)


def gold_people(documents: Path, doc: str) -> dict[str, dict[str, Any]]:
    """The gold speaker table of a document of the corpus, by name (empty when it has none)."""
    path = documents / f"{Path(doc).stem}.gold.json"
    if not path.is_file():
        return {}
    return {p["name"]: p for p in json.loads(path.read_text(encoding="utf-8")).get("speakers", [])}


def score(
    item: EvalItem, answer: Answer, k: int, latency_ms: float, people: Mapping[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """One row: the per-question values the metrics average (`people`: see `same_speaker`)."""
    passages = answer.passages[:k]
    rank = next((i for i, p in enumerate(passages, 1) if contains_evidence(p.chunk.text, item.evidence)), None)
    cited = [c for c in answer.citations]
    good_cites = sum(
        1 for c in cited if same_speaker(c.speaker, item.speakers, people) or contains_evidence(c.text, item.evidence)
    )
    found, total = keyword_hits(answer.text, item.answer_keywords)
    return {
        "id": item.id,
        "kind": item.kind,
        "lang": item.lang,
        "doc": item.doc,
        "question": item.question,
        "answerable": item.answerable,
        "refused": answer.refused,
        "hit": (rank is not None) if item.answerable else None,
        "rr": (1.0 / rank if rank else 0.0) if item.answerable else None,
        "speaker_ok": any(same_speaker(c.speaker, item.speakers, people) for c in cited)
        if item.answerable and item.speakers
        else None,
        "cited": len(cited),
        "good_citations": good_cites,
        "keywords_found": found if item.answerable else 0,
        "keywords_total": total if item.answerable else 0,
        "latency_ms": round(latency_ms, 1),
        "cited_speakers": sorted({c.speaker for c in cited if c.speaker}),
        "answer": answer.text,
    }


def _mean(values: Iterable[float | bool | None]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def _pct(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1])


def metrics(rows: Sequence[dict[str, Any]], k: int) -> dict[str, Any]:
    """The aggregate metrics of scored rows (see METRICS)."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    cited = sum(r["cited"] for r in rows if r["answerable"])
    kw_total = sum(r["keywords_total"] for r in answerable)
    lat = [r["latency_ms"] for r in rows]
    return {
        "n": len(rows),
        "k": k,
        "hit_at_k": _mean(r["hit"] for r in answerable),
        "mrr": _mean(r["rr"] for r in answerable),
        "speaker_accuracy": _mean(r["speaker_ok"] for r in answerable),
        "citation_precision": round(sum(r["good_citations"] for r in answerable) / cited, 4) if cited else None,
        "keyword_recall": round(sum(r["keywords_found"] for r in answerable) / kw_total, 4) if kw_total else None,
        "refusal_recall": _mean(r["refused"] for r in unanswerable),
        "false_refusal_rate": _mean(r["refused"] for r in answerable),
        "latency_p50_ms": round(_pct(lat, 50), 1),
        "latency_p95_ms": round(_pct(lat, 95), 1),
    }


BREAKDOWN_METRICS = (
    "hit_at_k",
    "speaker_accuracy",
    "citation_precision",
    "keyword_recall",
    "refusal_recall",
    "false_refusal_rate",
)


def breakdown(rows: Sequence[dict[str, Any]], k: int, key: str) -> dict[str, dict[str, Any]]:
    """The metrics of each group of rows sharing `key` ("kind", "lang" or "doc"), by group."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r.get(key) or "-"), []).append(r)
    out = {}
    for name, group in sorted(groups.items()):
        m = metrics(group, k)
        out[name] = {"n": m["n"], **{x: m[x] for x in BREAKDOWN_METRICS}}
    return out


@dataclass
class EvalReport:
    """The metrics and per-question rows of one eval run."""

    name: str
    metrics: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (notebooks)."""
        import pandas as pd

        return pd.DataFrame(self.rows)

    def _repr_html_(self) -> str:
        head = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in self.metrics.items())
        return f"<h4>{self.name}</h4><table>{head}</table>" + self.to_dataframe().drop(columns=["answer"])._repr_html_()


AskFn = Callable[[EvalItem], Answer]


def run_items(
    items: Sequence[EvalItem],
    ask: AskFn,
    k: int,
    name: str,
    progress: bool = False,
    judge: Any = None,
    people: Callable[[EvalItem], Mapping[str, dict[str, Any]]] | None = None,
) -> EvalReport:
    """`judge`: a LangChain chat model that scores faithfulness (optional, off by default);
    `people`: an item's gold speaker table (its document's), for `same_speaker`."""
    rows = []
    for i, item in enumerate(items, 1):
        t0 = time.perf_counter()
        answer = ask(item)
        row = score(item, answer, k, (time.perf_counter() - t0) * 1000, people(item) if people else None)
        if judge is not None:
            from evals.judge import judge_answer

            row["faithfulness"] = judge_answer(judge, answer)
        rows.append(row)
        if progress:
            import sys

            print(f"\r{name}: {i}/{len(items)}", end="", file=sys.stderr, flush=True)
    if progress:
        import sys

        print(file=sys.stderr)
    m = metrics(rows, k)
    if judge is not None:
        m["faithfulness"] = _mean(r["faithfulness"] for r in rows)
    m["by_kind"] = breakdown(rows, k, "kind")
    m["by_lang"] = breakdown(rows, k, "lang")
    if any(r.get("doc") for r in rows):
        m["by_doc"] = breakdown(rows, k, "doc")
    return EvalReport(name, m, rows)


def run(
    source: str | Path | Iterable[dict[str, Any]],
    assistant: Any = None,
    k: int = 5,
    answerer: str | None = None,
    progress: bool = False,
    judge: Any = None,
) -> EvalReport:
    """Run an eval set through an Assistant (default: Assistant.load()). `judge`, a LangChain
    chat model, adds an LLM-judged `faithfulness` score (optional)."""
    if assistant is None:
        from qa.assistant import Assistant

        assistant = Assistant.load()
    items = load_set(source)
    base = resolve_set(source).parent if isinstance(source, str | Path) else Path.cwd()
    by_doc: dict[str, Any] = {}

    def assistant_for(item: EvalItem) -> Any:
        if not item.doc:
            return assistant
        if item.doc not in by_doc:
            by_doc[item.doc] = document_assistant(assistant, documents_dir(base) / item.doc)
        return by_doc[item.doc]

    def ask(item: EvalItem) -> Answer:
        a = assistant_for(item)
        return a.ask(item.question, history=list(item.history), answerer=answerer, k=max(k, a.settings.retrieval.k))

    tables: dict[str, dict[str, dict[str, Any]]] = {}

    def people(item: EvalItem) -> Mapping[str, dict[str, Any]]:
        if not item.doc:
            return {}
        if item.doc not in tables:
            tables[item.doc] = gold_people(documents_dir(base), item.doc)
        return tables[item.doc]

    name = f"proceedings-qa ({answerer or assistant.settings.answer.answerer}, {assistant.settings.embedder_id()})"
    return run_items(items, ask, k, name, progress, judge, people)


def documents_dir(sets_dir: Path) -> Path:
    """Where the documents named by `doc` fields live: `documents/` beside the sets' folder."""
    return sets_dir.parent / "documents"


def document_assistant(assistant: Any, path: Path) -> Any:
    """An assistant over `path` alone, with `assistant`'s settings and embedder, its index kept
    in a folder of its own under the main index folder (ingest is incremental: built once).

    :raises EvalSetError: the document named by an eval item does not exist.
    """
    from ingest.pipeline import ingest
    from qa.assistant import Assistant
    from vectorstore.index import Index

    if not path.is_file():
        raise EvalSetError(f"{path}: the document named by an eval item's 'doc' does not exist")
    settings = assistant.settings.model_copy(deep=True)
    settings.index.dir = settings.index.dir / "eval-documents" / path.stem
    index = Index(settings, embedder=assistant.index.embedder)
    report = ingest([path], index)
    if report.skipped:
        raise EvalSetError(f"{path}: could not be ingested: {report.skipped[0][1]}")
    return Assistant(settings, index=index)


def evaluate(
    source: str | Path,
    assistant: Any,
    k: int = 5,
    answerer: str | None = None,
    compare_corpus: Sequence[Path] | None = None,
    judge: bool = False,
    progress: bool = False,
) -> list[EvalReport]:
    """What `proceedings-qa eval` runs: the product's report, then the baseline's when
    `compare_corpus` names the files the baseline indexes.

    :param judge: also score faithfulness with the configured LLM endpoint (`llm.*`).
    :raises EvalSetError: the set is malformed. :raises IndexMissingError: nothing is indexed.
    """
    assistant.index.require()
    settings = assistant.settings
    judge_model = None
    if judge:
        from qa.answerers.llm import make_chat_model

        provider = settings.answer.answerer if settings.answer.answerer != "extractive" else "openai"
        judge_model = make_chat_model(provider, settings.llm)
    reports = [run(source, assistant=assistant, k=k, answerer=answerer, progress=progress, judge=judge_model)]
    if compare_corpus is not None:
        from evals.baseline import BaselineAssistant

        base = BaselineAssistant(list(compare_corpus), assistant.index.embedder, k=max(k, settings.retrieval.k))
        reports.append(
            run_items(
                load_set(source),
                lambda item: base.ask(item.question),
                k,
                f"baseline (1000/200 splitter, dense top-k, {settings.embedder_id()})",
                progress=progress,
            )
        )
    return reports
