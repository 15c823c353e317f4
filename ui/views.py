"""What the chat shows, as plain data: built from `qa`'s Answer, kept in the browser's storage,
rendered by `ui.render`. No Gradio here.

A conversation is a list of turns; a turn is one question with the filters it was asked with,
its status while it is answered, and, once answered, the text and the cited passages. Each turn
keeps its own sources, so an earlier answer's [1] always points at its own passage.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from qa.core.types import Answer, Citation

Status = Literal["waiting", "searching", "writing", "done", "stopped", "cancelled", "error", "notice", "interrupted"]
STATUSES: tuple[str, ...] = get_args(Status)
# A turn in one of these states will not change any more.
FINAL: frozenset[str] = frozenset({"done", "stopped", "cancelled", "error", "notice", "interrupted"})
STORE_VERSION = 1
MAX_CONVERSATIONS = 8  # kept in the browser; the oldest goes first
MAX_TURNS = 40  # per stored conversation (localStorage holds a few MB per site)


@dataclass
class SourceView:
    """One cited passage as the chat shows it.

    `doc` is the digest under which the indexed file is served ("" when it cannot be opened).
    """

    number: int
    speaker: str
    role: str
    part: str
    pages: tuple[int, ...]
    source: str
    text: str
    quote: str = ""
    part_title: str = ""
    doc: str = ""

    @classmethod
    def from_citation(cls, c: Citation, doc: str = "") -> SourceView:
        chunk = c.passage.chunk
        return cls(
            number=c.number,
            speaker=chunk.speaker,
            role=chunk.role,
            part=chunk.part,
            pages=tuple(chunk.pages),
            source=chunk.source,
            text=chunk.text,
            quote=c.quote,
            part_title=chunk.part_title,
            doc=doc,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "speaker": self.speaker,
            "role": self.role,
            "part": self.part,
            "pages": list(self.pages),
            "source": self.source,
            "text": self.text,
            "quote": self.quote,
            "part_title": self.part_title,
            "doc": self.doc,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SourceView:
        """:raises ValueError, TypeError, KeyError: `d` is not what `to_dict` writes."""
        return cls(
            number=_int(d["number"]),
            speaker=_str(d.get("speaker")),
            role=_str(d.get("role")),
            part=_str(d.get("part")),
            pages=tuple(_int(p) for p in d.get("pages") or ()),
            source=_str(d.get("source")),
            text=_str(d.get("text")),
            quote=_str(d.get("quote")),
            part_title=_str(d.get("part_title")),
            doc=_str(d.get("doc")),
        )


@dataclass
class TurnView:
    """One question and what became of it."""

    question: str
    speaker: str | None = None  # the filters it was asked with (None: all)
    part: str | None = None
    answerer: str = ""
    status: Status = "waiting"
    text: str = ""  # the final answer, or what has streamed so far
    lang: str = ""
    refused: bool = False
    grounded: bool = True
    fallback: bool = False
    sources: list[SourceView] = field(default_factory=list)
    message: str = ""  # why it was not answered (error, notice), in plain words

    @property
    def final(self) -> bool:
        return self.status in FINAL

    def finish(self, answer: Answer, doc_of: Callable[[Citation], str]) -> None:
        """Take the checked answer: its text, language and numbered passages."""
        self.status = "done"
        self.text = answer.text
        self.lang = answer.lang
        self.refused = answer.refused
        self.grounded = answer.grounded
        self.fallback = answer.fallback
        self.sources = [
            SourceView.from_citation(c, doc_of(c)) for c in sorted(answer.citations, key=lambda c: c.number)
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "speaker": self.speaker,
            "part": self.part,
            "answerer": self.answerer,
            # A turn stored while it was being answered cannot be resumed after a reload.
            "status": self.status if self.final else "interrupted",
            "text": self.text,
            "lang": self.lang,
            "refused": self.refused,
            "grounded": self.grounded,
            "fallback": self.fallback,
            "sources": [s.to_dict() for s in self.sources],
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TurnView:
        """:raises ValueError, TypeError, KeyError: `d` is not what `to_dict` writes."""
        status = _str(d.get("status")) or "interrupted"
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        return cls(
            question=_str(d["question"]),
            speaker=_str(d.get("speaker")) or None,
            part=_str(d.get("part")) or None,
            answerer=_str(d.get("answerer")),
            status=status if status in FINAL else "interrupted",  # type: ignore[arg-type]
            text=_str(d.get("text")),
            lang=_str(d.get("lang")),
            refused=bool(d.get("refused", False)),
            grounded=bool(d.get("grounded", True)),
            fallback=bool(d.get("fallback", False)),
            sources=[SourceView.from_dict(s) for s in d.get("sources") or ()],
            message=_str(d.get("message")),
        )


@dataclass
class Conversation:
    """The turns of one conversation, oldest first."""

    id: str = field(default_factory=lambda: secrets.token_hex(6))
    turns: list[TurnView] = field(default_factory=list)
    updated: float = field(default_factory=time.time)

    @property
    def title(self) -> str:
        first = next((t.question for t in self.turns), "")
        first = " ".join(first.split())
        return first if len(first) <= 60 else first[:59].rstrip() + "…"

    def history(self, before: TurnView | None = None) -> list[str]:
        """The questions answered so far (before `before`), oldest first: the follow-up context."""
        out = []
        for t in self.turns:
            if t is before:
                break
            if t.status == "done":
                out.append(t.question)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "updated": self.updated, "turns": [t.to_dict() for t in self.turns[-MAX_TURNS:]]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Conversation:
        """:raises ValueError, TypeError, KeyError: `d` is not what `to_dict` writes."""
        cid = _str(d["id"])
        if not cid or len(cid) > 64:
            raise ValueError("bad conversation id")
        return cls(id=cid, turns=[TurnView.from_dict(t) for t in d.get("turns") or ()], updated=float(d["updated"]))


def load_store(value: object) -> tuple[list[Conversation], str]:
    """(conversations newest first, id of the current one) from the browser's storage.

    The storage is the user's own and may hold anything (an older version, edits): what cannot
    be read is dropped, never trusted. Everything read is escaped again when rendered.
    """
    if not isinstance(value, Mapping) or value.get("version") != STORE_VERSION:
        return [], ""
    conversations = []
    for d in value.get("conversations") or ():
        try:
            conversations.append(Conversation.from_dict(d))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    conversations.sort(key=lambda c: c.updated, reverse=True)
    current = value.get("current")
    return conversations[:MAX_CONVERSATIONS], current if isinstance(current, str) else ""


def dump_store(conversations: list[Conversation], current: str) -> dict[str, Any]:
    """The browser storage's value: the latest conversations that have a turn."""
    kept = sorted((c for c in conversations if c.turns), key=lambda c: c.updated, reverse=True)
    return {
        "version": STORE_VERSION,
        "current": current,
        "conversations": [c.to_dict() for c in kept[:MAX_CONVERSATIONS]],
    }


def _str(v: object) -> str:
    if v is None:
        return ""
    if not isinstance(v, str):
        raise TypeError(f"expected a string, not {type(v).__name__}")
    return v


def _int(v: object) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"expected an integer, not {type(v).__name__}")
    return v
