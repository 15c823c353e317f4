"""Hybrid retrieval: dense (Chroma) and French BM25, fused by weighted reciprocal rank fusion,
with passages by the speakers (or in the part) a question names pushed up.

RRF is chosen over score interpolation because cosine and BM25 scores live on unrelated
scales; the dev-set comparison is in the README.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.structure import in_part
from qa.core.errors import QuestionError
from qa.core.settings import RetrievalSettings
from qa.core.text import fold
from qa.core.types import Chunk, Passage, Query
from vectorstore.index import Index
from vectorstore.tables import CorpusTables

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions on the passages a question may use (all optional, combined with AND).

    `speakers` keeps passages by any of them (a question about two speakers, or a filter).
    """

    speakers: tuple[str, ...] = ()
    part: str | None = None
    source: str | None = None

    @property
    def speaker(self) -> str | None:
        """The one speaker filtered on, if exactly one."""
        return self.speakers[0] if len(self.speakers) == 1 else None

    def where(self) -> dict[str, object] | None:
        """The filters as a Chroma `where` clause (None when there is none)."""
        conds: list[dict[str, object]] = []
        if len(self.speakers) == 1:
            conds.append({"speaker": self.speakers[0]})
        elif self.speakers:
            conds.append({"speaker": {"$in": list(self.speakers)}})
        if self.part:
            conds.append({"part": self.part})
        if self.source:
            conds.append({"source": self.source})
        if not conds:
            return None
        return conds[0] if len(conds) == 1 else {"$and": conds}

    def keep(self, c: Chunk) -> bool:
        """Whether a chunk passes the filters (the lexical side's filter)."""
        return (
            (not self.speakers or c.speaker in self.speakers)
            and (not self.part or c.part == self.part)
            and (not self.source or c.source == self.source)
        )

    def fields(self) -> dict[str, tuple[str, ...]]:
        """The filters as allowed values per chunk field (the lexical side's filter, looked up
        by field rather than called on every chunk)."""
        out: dict[str, tuple[str, ...]] = {}
        if self.speakers:
            out["speaker"] = self.speakers
        if self.part:
            out["part"] = (self.part,)
        if self.source:
            out["source"] = (self.source,)
        return out

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.speakers or self.part or self.source)


@dataclass(slots=True)
class Retrieval:
    """What one retrieval found, with the speakers and part it recognised."""

    passages: list[Passage]
    query: str  # what was searched lexically (after expansion)
    timings_ms: dict[str, float] = field(default_factory=dict)


class Retriever:
    """Hybrid retrieval over an index: dense and BM25 fused by weighted reciprocal rank.

    :param index: the opened index. :param settings: the `retrieval` section of the settings.
    """

    def __init__(self, index: Index, settings: RetrievalSettings) -> None:
        self.index = index
        self.settings = settings

    # --- filters -----------------------------------------------------------------------
    def make_filters(self, speaker: str | None = None, part: str | None = None, source: str | None = None) -> Filters:
        """Resolve user-given filter values, or raise QuestionError listing the valid ones."""
        sp: tuple[str, ...] = ()
        pt = src = None
        if speaker:
            found = self.index.find_speaker(speaker)
            if len(found) != 1:
                valid = sorted({s.name for s in self.index.speakers()})
                what = "matches several speakers" if found else "is not a speaker of the indexed proceedings"
                raise QuestionError(f"speaker {speaker!r} {what}; valid speakers: {', '.join(valid)}")
            sp = (found[0],)
        if part:
            parts = self.index.parts()
            match = [p for p in parts if fold(p) == fold(part)] or [p for p in parts if fold(part) in fold(p)]
            if len(match) != 1:
                raise QuestionError(
                    f"part {part!r} is not a part of the indexed proceedings; valid parts: {', '.join(parts)}"
                )
            pt = match[0]
        if source:
            sources = self.index.sources()
            if source not in sources:
                raise QuestionError(f"source {source!r} is not indexed; indexed sources: {', '.join(sources)}")
            src = source
        return Filters(sp, pt, src)

    # --- search ------------------------------------------------------------------------
    def retrieve(
        self,
        query: Query,
        k: int | None = None,
        filters: Filters | None = None,
        expansions: Sequence[str] = (),
    ) -> Retrieval:
        """Top-k passages for an analysed question.

        :param expansions: extra words for the lexical side (the topic's translations into the
            corpus's language, for a question in another language).
        :raises IndexMissingError: nothing is indexed.
        """
        self.index.require()
        s = self.settings
        k = k or s.k
        filters = filters or Filters()
        timings: dict[str, float] = {}
        speakers = query.speakers
        # Naming the speaker(s) in the query helps both indexes: chunks are indexed behind a
        # header with speaker and role.
        text = query.standalone
        lexical_query = " ".join([text, *expansions])
        if speakers and len(speakers) <= 3:
            lexical_query = f"{lexical_query} {' '.join(speakers)}"
        t0 = time.perf_counter()
        qvec = self.index.embedder.embed_query(text if not speakers else f"{text} ({', '.join(speakers)})")
        timings["embed"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        dense = [
            (cid, score)
            for cid, score in self.index.store.search(qvec, s.candidates, filters.where())
            if self.index.chunk(cid) is not None  # only what the committed manifest names
        ]
        timings["dense"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        lexical = self.index.lexical.search(lexical_query, s.candidates, where=filters.fields() or None)
        timings["lexical"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        fused = fuse(dense, lexical, s.rrf_k, s.dense_weight, s.lexical_weight)
        boost = s.entity_boost / (s.rrf_k + 1)
        dense_rank = {cid: r for r, (cid, _) in enumerate(dense, 1)}
        lex_rank = {cid: r for r, (cid, _) in enumerate(lexical, 1)}
        scored: list[tuple[float, Chunk]] = []
        for cid, score in fused.items():
            c = self.index.chunk(cid)
            # A speaker's intro line ("M. X, maire de Y") answers who they are, nothing else.
            if c is None or (c.block == "intro" and query.kind != "who_is"):
                continue
            if speakers and c.speaker in speakers:
                score += boost
            # A programme slot belongs to the part it announces ("Session 2" slot).
            if query.part and in_part(c, query.part):
                score += boost / 2
            if query.kind == "programme" and c.block == "programme":
                score += boost / 2
            scored.append((score, c))
        scored.sort(key=lambda t: (-t[0], t[1].position))
        passages = [
            Passage(c, score, rank, dense_rank.get(c.id), lex_rank.get(c.id))
            for rank, (score, c) in enumerate(scored[:k], 1)
        ]
        timings["fuse"] = (time.perf_counter() - t0) * 1000
        return Retrieval(passages, lexical_query, timings)

    def search_text(self, text: str, k: int | None = None, filters: Filters | None = None) -> Retrieval:
        """Top-k passages for plain text (no question analysis): `Assistant.search`."""
        return self.retrieve(Query(text=text, standalone=text, lang="fr"), k, filters)


def common_words(chunks: list[Chunk], share: float = 0.1) -> frozenset[str]:
    """Folded content words found in more than `share` of the chunks (`Index.tables()` keeps
    them up to date at ingest)."""
    return CorpusTables.of(chunks).common_words(share)


def fuse(
    dense: list[tuple[str, float]],
    lexical: list[tuple[str, float]],
    rrf_k: int = 60,
    dense_weight: float = 1.0,
    lexical_weight: float = 1.0,
) -> dict[str, float]:
    """Weighted reciprocal rank fusion: sum of weight / (rrf_k + rank) over the lists."""
    out: dict[str, float] = {}
    for weight, ranked in ((dense_weight, dense), (lexical_weight, lexical)):
        for rank, (cid, _) in enumerate(ranked, 1):
            out[cid] = out.get(cid, 0.0) + weight / (rrf_k + rank)
    return out
