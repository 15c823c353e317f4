"""Chunking: segments in, chunks out; sentence-aligned, with overlap, within the token budget.

A chunk never crosses a segment, so it never holds two speakers or two parts. What gets
embedded is the chunk text behind a short header naming speaker, role and part
(`index_text`): questions name speakers by role or organisation, and the header lets both the
dense and the lexical index see it. The budget counts the header too.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.structure import ParsedDocument, Segment
from qa.core.text import split_sentences
from qa.core.types import Chunk, index_text

TokenCounter = Callable[[str], int]


def _header_for(seg: Segment) -> str:
    return index_text(
        Chunk(
            text="",
            source="",
            part=seg.part,
            part_title=seg.part_title,
            speaker=seg.speaker,
            role=seg.role,
            block=seg.block,
        )
    )


def _split_long(sentence: str, budget: int, count: TokenCounter) -> list[str]:
    """A sentence over budget is cut at word boundaries (rare: lists printed as one sentence)."""
    words = sentence.split()
    out: list[str] = []
    cur: list[str] = []
    for w in words:
        if cur and count(" ".join([*cur, w])) > budget:
            out.append(" ".join(cur))
            cur = []
        cur.append(w)
    if cur:
        out.append(" ".join(cur))
    return out


def chunk_segment(
    seg: Segment, budget: int, overlap: int, count: TokenCounter
) -> list[list[tuple[str, tuple[int, ...]]]]:
    """Groups of (sentence, pages) (each group one chunk) for one segment."""
    head_cost = count(_header_for(seg))
    room = max(16, budget - head_cost)
    joiner = "\n" if seg.block == "programme" else " "
    pages = seg.paragraph_pages or [seg.pages] * len(seg.paragraphs)
    units: list[tuple[str, tuple[int, ...]]] = []
    for para, para_pages in zip(seg.paragraphs, pages, strict=False):
        sentences = [para] if seg.block == "programme" else split_sentences(para)
        for s in sentences:
            for piece in _split_long(s, room, count) if count(s) > room else [s]:
                units.append((piece, para_pages))
    groups: list[list[tuple[str, tuple[int, ...]]]] = []
    cur: list[tuple[str, tuple[int, ...]]] = []
    i = 0
    while i < len(units):
        cand = [*cur, units[i]]
        if cur and count(joiner.join(u[0] for u in cand)) > room:
            groups.append(cur)
            # Overlap: carry the last sentences over, unless that would leave no room.
            carry = cur[-overlap:] if overlap else []
            while carry and count(joiner.join(u[0] for u in [*carry, units[i]])) > room:
                carry = carry[1:]
            cur = list(carry)
            continue
        cur = cand
        i += 1
    if cur:
        groups.append(cur)
    return groups


def chunk_document(doc: ParsedDocument, source: str, budget: int, overlap: int, count: TokenCounter) -> list[Chunk]:
    chunks: list[Chunk] = []
    for seg in doc.segments:
        joiner = "\n" if seg.block == "programme" else " "
        for group in chunk_segment(seg, budget, overlap, count):
            text = joiner.join(u[0] for u in group)
            chunks.append(
                Chunk(
                    text=text,
                    source=source,
                    pages=tuple(sorted({p for u in group for p in u[1]})),
                    part=seg.part,
                    part_title=seg.part_title,
                    speaker=seg.speaker,
                    role=seg.role,
                    kind=seg.kind,
                    block=seg.block,
                    position=len(chunks),
                )
            )
    # The same text twice in one document (a repeated slogan) would collide on the id.
    seen: set[str] = set()
    unique = []
    for c in chunks:
        if c.id not in seen:
            seen.add(c.id)
            unique.append(c)
    return unique
