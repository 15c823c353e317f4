"""Chunking: segments in, chunks out; sentence-aligned, with overlap, within the token budget.

A chunk never crosses a segment, so it never holds two speakers or two parts. What gets
embedded is the chunk text behind a short header naming speaker, role and part
(`index_text`): questions name speakers by role or organisation, and the header lets both the
dense and the lexical index see it. The budget counts the header too.

Work is linear in the size of the text: every sentence is counted once and a chunk's cost is
the sum of its sentences' costs (plus a margin); one final count of each chunk checks the sum,
and a chunk that a tokenizer counts higher than the sum gives back its last sentences. A
sentence longer than the budget is cut into windows of words, each counted once or twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ingest.structure import ParsedDocument, Segment
from qa.core.text import split_sentences
from qa.core.types import Chunk, index_text

logger = logging.getLogger(__name__)

TokenCounter = Callable[[str], int]
Unit = tuple[str, tuple[int, ...]]  # (sentence, pages)

# Tokens added per joined sentence on top of its own count: the joiner and a word piece that
# tokenizes differently next to its neighbour. Measured on the bundled corpus with MiniLM and
# e5 tokenizers, the sum of sentence counts is within 1 token per sentence of the real count.
JOIN_MARGIN = 1
# Smallest room left for text once the header is counted (a very long role would leave none).
MIN_ROOM = 16


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
    """A sentence over budget is cut at word boundaries (lists printed as one sentence, text
    without punctuation). Windows of words are sized from the tokens-per-word ratio of the
    sentence and checked with one count each; a window over budget is shrunk by the ratio it
    overflows, so each word is counted a bounded number of times."""
    words = sentence.split()
    if not words:
        return []
    out: list[str] = []
    per_word = max(count(" ".join(words[:200])) / min(len(words), 200), 0.1)
    i = 0
    while i < len(words):
        size = max(1, int(budget / per_word))
        while True:
            piece = " ".join(words[i : i + size])
            n = count(piece)
            if n <= budget or size == 1:
                break
            size = max(1, min(size - 1, int(size * budget / n)))
        out.append(piece)
        i += size
    return out


def _units(seg: Segment, room: int, count: TokenCounter) -> list[tuple[str, tuple[int, ...], int]]:
    """(sentence, pages, cost) of a segment, every sentence counted once."""
    base = count("")  # what a tokenizer adds to any text (special tokens), counted once per chunk
    pages = seg.paragraph_pages or [seg.pages] * len(seg.paragraphs)
    units: list[tuple[str, tuple[int, ...], int]] = []
    for para, para_pages in zip(seg.paragraphs, pages, strict=False):
        sentences = [para] if seg.block in {"programme", "intro"} else split_sentences(para)
        for s in sentences:
            n = count(s)
            if n > room:
                for piece in _split_long(s, room, count):
                    units.append((piece, para_pages, max(0, count(piece) - base) + JOIN_MARGIN))
            else:
                units.append((s, para_pages, max(0, n - base) + JOIN_MARGIN))
    return units


def chunk_segment(seg: Segment, budget: int, overlap: int, count: TokenCounter) -> list[list[Unit]]:
    """Groups of (sentence, pages) (each group one chunk) for one segment."""
    header = _header_for(seg)
    room = max(MIN_ROOM, budget - count(header))
    base = count("")
    joiner = "\n" if seg.block == "programme" else " "
    units = _units(seg, room, count)
    groups: list[list[Unit]] = []
    cur: list[int] = []  # indices into units
    cost = base
    i = 0
    while i < len(units):
        c = units[i][2]
        if cur and cost + c > room:
            groups.append([(units[j][0], units[j][1]) for j in cur])
            # Overlap: carry the last sentences over, unless that would leave no room.
            carry = [j for j in cur[-overlap:] if j < i] if overlap else []
            while carry and base + sum(units[j][2] for j in carry) + c > room:
                carry = carry[1:]
            cur = carry
            cost = base + sum(units[j][2] for j in cur)
            continue
        cur.append(i)
        cost += c
        i += 1
    if cur:
        groups.append([(units[j][0], units[j][1]) for j in cur])
    out: list[list[Unit]] = []
    for g in groups:
        out.extend(_fit(g, joiner, room, count))
    return out


def _fit(group: list[Unit], joiner: str, room: int, count: TokenCounter) -> list[list[Unit]]:
    """The group after one real count; a tokenizer that counts the joined text higher than the
    sum of its sentences (rare) gets the group cut into pieces that fit."""
    if len(group) == 1 or count(joiner.join(u[0] for u in group)) <= room:
        return [group]
    logger.debug("a chunk is over its estimate; cutting it")
    out: list[list[Unit]] = []
    rest = group
    while rest:
        k = len(rest)
        while k > 1 and count(joiner.join(u[0] for u in rest[:k])) > room:
            k -= 1
        out.append(rest[:k])
        rest = rest[k:]
    return out


def chunk_document(doc: ParsedDocument, source: str, budget: int, overlap: int, count: TokenCounter) -> list[Chunk]:
    """The chunks of a parsed document: its segments' sentences grouped within `budget`, then
    one `intro` chunk per speaker whose introducing line is known (cited for "who is X?")."""
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
    for info in doc.speakers:
        if not info.intro:
            continue
        part_title = doc.part_titles.get(info.part, info.part)
        head = Chunk(text="", source=source, part=info.part, part_title=part_title, speaker=info.name, role=info.role)
        room = max(MIN_ROOM, budget - count(index_text(head)))
        # The line is bounded by the parser; a budget smaller than it keeps its start.
        text = info.intro if count(info.intro) <= room else (_split_long(info.intro, room, count) or [""])[0]
        chunks.append(
            Chunk(
                text=text,
                source=source,
                pages=info.pages,
                part=info.part,
                part_title=part_title,
                speaker=info.name,
                role=info.role,
                kind=info.kind,
                block="intro",
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
