"""Shared types: the one module every layer (ingest, vectorstore, qa, ui, evals) speaks.

Plain dataclasses, no I/O. Chunks are what ingest writes; passages are chunks with a retrieval
score; citations tie a statement of an answer to one passage; answers carry everything a user
needs to check them.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

SpeakerKind = Literal["speaker", "moderator", "grand témoin", "observer", ""]
# statement: a speaker's words; programme: the schedule; section: text nobody speaks;
# intro: the line that introduces a speaker and states their role ("M. X, maire de Y"), cited
# when someone asks who a speaker is.
BlockKind = Literal["statement", "programme", "section", "intro"]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a document, never crossing a speaker or part boundary."""

    text: str
    source: str  # file name of the document, as shown to users
    pages: tuple[int, ...] = ()
    part: str = ""  # short label: "Session 2", "Conclusions", "Programme"
    part_title: str = ""  # the part's full title as printed
    speaker: str = ""  # name without honorific; "" for programme/section text
    role: str = ""
    kind: SpeakerKind = ""
    block: BlockKind = "section"
    position: int = 0  # order of the chunk within its document
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            # Everything that is embedded or stored as metadata: a corrected role gets new ids.
            key = "\x1e".join((self.speaker, self.role, self.kind, self.part, self.part_title, self.block))
            object.__setattr__(self, "id", chunk_id(self.source, key, self.part, self.text))

    @property
    def page(self) -> int | None:
        """The first page the chunk is on, if the document has pages."""
        return self.pages[0] if self.pages else None

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata as vector stores accept it (scalars only)."""
        return {
            "source": self.source,
            "pages": ",".join(str(p) for p in self.pages),
            "page": self.pages[0] if self.pages else 0,
            "part": self.part,
            "part_title": self.part_title,
            "speaker": self.speaker,
            "role": self.role,
            "kind": self.kind,
            "block": self.block,
            "position": self.position,
        }

    @classmethod
    def from_metadata(cls, id: str, text: str, meta: dict[str, Any]) -> Chunk:
        """Rebuild a chunk from a vector store's id, document and metadata."""
        pages = tuple(int(p) for p in str(meta.get("pages", "")).split(",") if p.strip())
        return cls(
            text=text,
            source=str(meta.get("source", "")),
            pages=pages,
            part=str(meta.get("part", "")),
            part_title=str(meta.get("part_title", "")),
            speaker=str(meta.get("speaker", "")),
            role=str(meta.get("role", "")),
            kind=meta.get("kind", "") or "",
            block=meta.get("block", "section") or "section",
            position=int(meta.get("position", 0) or 0),
            id=id,
        )

    def public_dict(self) -> dict[str, Any]:
        """What the CLI's JSON and the UI show of a chunk."""
        return {
            "id": self.id,
            "speaker": self.speaker,
            "role": self.role,
            "kind": self.kind,
            "part": self.part,
            "page": self.page,
            "pages": list(self.pages),
            "source": self.source,
            "text": self.text,
        }

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready (the manifest's form)."""
        d = asdict(self)
        d["pages"] = list(self.pages)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Chunk:
        """The inverse of `to_dict`."""
        return cls(**{**d, "pages": tuple(d.get("pages", ()))})

    def label(self) -> str:
        """Human attribution: "Bertrand Gallet (Président de ACTED, Session 3, p. 6)". A passage
        nobody speaks is cited by its document, part and page ("report.pdf (Session 3, p. 6)"),
        never by another label: a part is a heading, and text before the first has none."""
        page = _pages(self.pages)
        if self.speaker:
            bits = [b for b in (self.role, self.part, page) if b]
            return f"{self.speaker} ({', '.join(bits)})" if bits else self.speaker
        bits = [b for b in (self.part, page) if b]
        return f"{self.source} ({', '.join(bits)})" if bits else self.source


def _pages(pages: tuple[int, ...]) -> str:
    if not pages:
        return ""
    if len(pages) == 1 or pages[0] == pages[-1]:
        return f"p. {pages[0]}"
    return f"pp. {pages[0]}-{pages[-1]}"


def chunk_id(source: str, speaker: str, part: str, text: str) -> str:
    """Content hash: the same text by the same speaker in the same document keeps its id."""
    h = hashlib.sha256("\x1f".join((source, speaker, part, text)).encode("utf-8"))
    return h.hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrieved chunk with its fused score and rank (1-based)."""

    chunk: Chunk
    score: float
    rank: int = 0
    dense_rank: int | None = None
    lexical_rank: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """What the CLI's JSON shows of a passage."""
        return {"rank": self.rank, "score": round(self.score, 6), **self.chunk.public_dict()}

    def _repr_markdown_(self) -> str:
        return f"**[{self.rank}] {self.chunk.label()}** — score {self.score:.4f}\n\n> {self.chunk.text}"


@dataclass(frozen=True, slots=True)
class Citation:
    """One numbered reference of an answer, resolved to the passage it points to."""

    number: int  # the [n] used in the answer text
    passage: Passage
    quote: str = ""  # the sentence quoted from the passage, when the answerer quotes

    @property
    def speaker(self) -> str:
        """Name of the passage's speaker ("" when none was recognised)."""
        return self.passage.chunk.speaker

    @property
    def role(self) -> str:
        """Role of the passage's speaker."""
        return self.passage.chunk.role

    @property
    def part(self) -> str:
        """Part label of the passage."""
        return self.passage.chunk.part

    @property
    def page(self) -> int | None:
        """First page of the passage."""
        return self.passage.chunk.page

    @property
    def source(self) -> str:
        """File name of the passage's document."""
        return self.passage.chunk.source

    @property
    def text(self) -> str:
        """The whole passage text."""
        return self.passage.chunk.text

    def to_dict(self) -> dict[str, Any]:
        """What the CLI's JSON shows of a citation."""
        return {"number": self.number, "quote": self.quote, **self.passage.chunk.public_dict()}

    def _repr_markdown_(self) -> str:
        return f"**[{self.number}] {self.passage.chunk.label()}** — {self.source}\n\n> {self.quote or self.text}"

    def _repr_html_(self) -> str:
        return (
            f"<div><b>[{self.number}] {html.escape(self.passage.chunk.label())}</b> — {html.escape(self.source)}"
            f"<blockquote>{html.escape(self.quote or self.text)}</blockquote></div>"
        )


# --- lists that render as tables in notebooks --------------------------------------------

_Row = TypeVar("_Row", Passage, Citation)
_CELL = "text-align:left;vertical-align:top"


def _md_cell(value: object) -> str:
    # A Markdown table cell is one line, and a pipe would end it.
    return " ".join(str(value).split()).replace("|", "\\|")


def _table(caption: str, head: Sequence[str], rows: Iterable[Sequence[object]], markdown: bool) -> str:
    rows = list(rows)
    if markdown:
        lines = [f"**{caption}**", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    th = "".join(f"<th style='{_CELL}'>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td style='{_CELL}'>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><caption style='text-align:left'>{html.escape(caption)}</caption><tr>{th}</tr>{body}</table>"


class _TableList(list[_Row]):
    """A plain list that Jupyter shows as a table (its items keep their own rendering)."""

    _noun = ("item", "items")

    def _head(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _row(self, item: _Row) -> tuple[object, ...]:
        raise NotImplementedError

    def _caption(self) -> str:
        return f"{len(self)} {self._noun[len(self) != 1]}"

    def _repr_html_(self) -> str:
        if not self:
            return f"<p><i>no {self._noun[1]}</i></p>"
        return _table(self._caption(), self._head(), map(self._row, self), markdown=False)

    def _repr_markdown_(self) -> str:
        if not self:
            return f"*no {self._noun[1]}*"
        return _table(self._caption(), self._head(), map(self._row, self), markdown=True)

    def to_dataframe(self) -> Any:
        """The items as a pandas DataFrame, one row each (what `to_dict` gives)."""
        import pandas as pd

        return pd.DataFrame([item.to_dict() for item in self])


class Passages(_TableList[Passage]):
    """Passages best first, as `Assistant.search` returns them: a list that renders as a table
    (rank, score, speaker, role, part, page, source, text) in notebooks."""

    _noun = ("passage", "passages")

    def _head(self) -> tuple[str, ...]:
        return ("#", "score", "speaker", "role", "part", "page", "source", "text")

    def _row(self, p: Passage) -> tuple[object, ...]:
        c = p.chunk
        return (p.rank, f"{p.score:.4f}", c.speaker, c.role, c.part, _pages(c.pages), c.source, c.text)


class Citations(_TableList[Citation]):
    """An answer's numbered citations: a list that renders as a table in notebooks."""

    _noun = ("citation", "citations")

    def _head(self) -> tuple[str, ...]:
        return ("[n]", "speaker", "role", "part", "page", "source", "quote")

    def _row(self, c: Citation) -> tuple[object, ...]:
        return (c.number, c.speaker, c.role, c.part, _pages(c.passage.chunk.pages), c.source, c.quote or c.text)


@dataclass(slots=True)
class Answer:
    """What every answerer returns; `grounded` is False when no valid citation is left."""

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    refused: bool = False
    grounded: bool = True
    answerer: str = "extractive"
    lang: str = "fr"
    fallback: bool = False  # True when an LLM failed and the extractive answer stands in
    dropped_citations: list[int] = field(default_factory=list)  # [n] that named no passage
    timings_ms: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    resolved_question: str = ""  # after follow-up resolution
    query: Query | None = None  # the analysed question

    def __post_init__(self) -> None:
        # Tables in notebooks; still plain lists for everything else.
        if not isinstance(self.citations, Citations):
            self.citations = Citations(self.citations)
        if not isinstance(self.passages, Passages):
            self.passages = Passages(self.passages)

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready data (what `ask --json` prints)."""
        return {
            "question": self.question,
            "resolved_question": self.resolved_question or self.question,
            "answer": self.text,
            "refused": self.refused,
            "grounded": self.grounded,
            "answerer": self.answerer,
            "lang": self.lang,
            "fallback": self.fallback,
            "citations": [c.to_dict() for c in self.citations],
            "dropped_citations": self.dropped_citations,
            "passages": [p.to_dict() for p in self.passages],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "notes": self.notes,
            "query": self.query.to_dict() if self.query else None,
        }

    def sources_markdown(self) -> str:
        """The numbered sources, one line each."""
        lines = []
        for c in self.citations:
            lines.append(f"[{c.number}] {c.passage.chunk.label()} — {c.source}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        out = [self.text]
        if self.citations:
            out.append("\n**Sources**\n")
            out.extend(f"- {line}" for line in self.sources_markdown().splitlines())
        return "\n".join(out)

    def _repr_html_(self) -> str:
        items = "".join(
            f"<li><b>[{c.number}] {html.escape(c.passage.chunk.label())}</b>"
            f"<blockquote>{html.escape(c.text)}</blockquote></li>"
            for c in self.citations
        )
        flag = " <i>(not in the proceedings)</i>" if self.refused else ""
        return (
            f"<div><p>{html.escape(self.text).replace(chr(10), '<br>')}{flag}</p>"
            f"<ol style='list-style:none'>{items}</ol></div>"
        )


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    """One row of the speaker table built at ingest: a person and the part they speak in.

    `aliases` are the other forms the document uses for the same person (a surname label
    "MS. SMITH", a first name "Léa :", "M. le président" when the document says who presides);
    `intro` is the line that states who they are, as printed, on `pages`.
    """

    name: str
    role: str
    part: str
    kind: SpeakerKind
    chunks: int = 0
    source: str = ""
    aliases: tuple[str, ...] = ()
    intro: str = ""
    pages: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "name": self.name,
            "role": self.role,
            "part": self.part,
            "kind": self.kind,
            "chunks": self.chunks,
            "source": self.source,
            "aliases": list(self.aliases),
            "intro": self.intro,
            "pages": list(self.pages),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SpeakerInfo:
        """The inverse of `to_dict` (older rows without aliases, intro or pages load too)."""
        return cls(
            name=d["name"],
            role=d.get("role", ""),
            part=d.get("part", ""),
            kind=d.get("kind", ""),
            chunks=int(d.get("chunks", 0)),
            source=d.get("source", ""),
            aliases=tuple(d.get("aliases", ())),
            intro=d.get("intro", ""),
            pages=tuple(d.get("pages", ())),
        )


# What a question asks for, decided once by question analysis (qa/query.py):
# speaker_summary "Que dit X ?"; who_is "Qui est X ?"; speaker_topic "What did X say about T?";
# who_spoke "Qui a parlé de T ?"; programme "Qui animait la session 2 ?"; topic: anything else.
QueryKind = Literal["topic", "speaker_topic", "speaker_summary", "who_is", "who_spoke", "programme"]
# The kind of fact the answer must contain when the question asks for one.
AnswerType = Literal[
    "",
    "money",
    "percent",
    "number",
    "date",
    "year",
    "time",
    "when",
    "name",
    "organiser",
    "quote",
    "vote",
    "tally",
    "place",
    "reaction",
    "title",
    "age",
    "floor",
    "later",
    "proposal",
    "reason",
    "view",
]
SpeakerSource = Literal["", "name", "role", "history", "filter"]


@dataclass(frozen=True, slots=True)
class Query:
    """A question analysed once: what retrieval, answerability and the answerers all read.

    `topic` holds the words that say what the question is about (not who, not the question
    words), as written; `names` the proper nouns, numbers and years it names that an answer
    must contain; `unknown` a person or role it asks about that matches no speaker, with the
    `nearest` speakers the proceedings do have. `about_document`: the question asks the date,
    time or place of the document itself ("When did the House meet?"), which its head states.
    `counted`: the topic words naming what a number question counts ("police officers" in "how
    many police officers…", "killed" in "how many people were killed"): a figure answers only
    in a sentence that names it. `replied_to`: the speaker whose words the question asks who
    answered (« Et qui lui a répondu ? », "Who corrected her?"): the next turn's speaker answers.
    """

    text: str
    standalone: str
    lang: str
    kind: QueryKind = "topic"
    topic: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    speaker_source: SpeakerSource = ""
    part: str | None = None
    answer_type: AnswerType = ""
    names: tuple[str, ...] = ()
    unknown: str = ""
    nearest: tuple[str, ...] = ()
    refers_back: bool = False
    about_document: bool = False
    counted: tuple[str, ...] = ()
    replied_to: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The analysis as JSON-ready data (shown by `ask --json` and in logs)."""
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def index_text(chunk: Chunk) -> str:
    """The text that is embedded and lexically indexed for a chunk."""
    if chunk.speaker:
        head = f"{chunk.speaker}, {chunk.role} ({chunk.part})" if chunk.role else f"{chunk.speaker} ({chunk.part})"
    elif chunk.block == "programme":
        head = f"Programme — {chunk.part_title}"
    else:
        head = chunk.part_title or chunk.part
    return f"{head}\n{chunk.text}" if head else chunk.text
