"""French-aware BM25 (bm25s + Snowball stems, accent folding, stop words).

The index is built at ingest and saved with bm25s (vectorstore/tables.py), keyed by the
manifest's content, so it can never disagree with the dense store: both are derived from the
same committed manifest. A process loads it memory-mapped; only an index without a saved one
(not committed yet, or saved for another manifest) is built, once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import numpy as np

from qa.core.text import query_stems, stem_tokens
from qa.core.types import Chunk

logger = logging.getLogger(__name__)

Positions = Callable[[str, str], Sequence[int]]


class LexicalIndex:
    """BM25 over `chunks` (row i is chunks[i]).

    :param chunks: the chunks, in the order of the index's rows.
    :param text_of: what is indexed of a chunk (used when the index is built here).
    :param bm25: a `bm25s.BM25` already built over these chunks (saved at ingest); built from
        `text_of` on the first search when None.
    :param positions: where the chunks whose field (speaker, part, source) has a value are, in
        `chunks` (`Index.positions`), to filter without looking at every chunk.
    """

    def __init__(
        self,
        chunks: Sequence[Chunk],
        text_of: Callable[[Chunk], str],
        bm25: Any = None,
        positions: Positions | None = None,
    ) -> None:
        self.chunks = chunks
        self._bm25: Any = bm25
        self._text_of = text_of
        self._positions = positions

    def _build(self) -> Any:
        from vectorstore.tables import EMPTY_TOKEN, bm25_from_tokens

        return bm25_from_tokens([stem_tokens(self._text_of(c)) or [EMPTY_TOKEN] for c in self.chunks])

    def _mask(self, where: Mapping[str, Collection[str]]) -> Any:
        """Which rows pass `where` (every field's value among those given)."""
        n = len(self.chunks)
        mask = np.ones(n, dtype=bool)
        for name, values in where.items():
            rows = np.zeros(n, dtype=bool)
            if self._positions is not None:
                for v in values:
                    rows[np.asarray(self._positions(name, v), dtype=np.int64)] = True
            else:
                rows[[i for i, c in enumerate(self.chunks) if getattr(c, name) in values]] = True
            mask &= rows
        return mask

    def search(
        self,
        query: str,
        k: int,
        keep: Callable[[Chunk], bool] | None = None,
        where: Mapping[str, Collection[str]] | None = None,
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the `k` best chunks with a positive score, best first.

        :param keep: only chunks it accepts. :param where: only chunks whose fields (speaker,
            part, source) hold one of the values given (the same as `keep`, without a call per chunk).
        """
        if not self.chunks:
            return []
        q = query_stems(query)
        if not q:
            return []
        if self._bm25 is None:
            self._bm25 = self._build()
        n = len(self.chunks)
        if where and keep is None:
            fast = self._filtered(q, k, self._mask(where))
            if fast is not None:
                return fast
        filtered = keep is not None or bool(where)
        # With a filter, score everything and filter after: exact, and cheap at this size.
        depth = n if filtered else min(k, n)
        docs, scores = self._bm25.retrieve([q], k=depth, show_progress=False, n_threads=0)
        rows, values = docs[0], scores[0]
        passing = values > 0
        if where:
            passing &= self._mask(where)[rows]
        candidates = np.flatnonzero(passing)
        if keep is None:
            chosen = candidates[:k].tolist()
        else:
            chosen = []
            for j in candidates.tolist():
                if keep(self.chunks[int(rows[j])]):
                    chosen.append(j)
                    if len(chosen) >= k:
                        break
        return [(self.chunks[int(rows[j])].id, float(values[j])) for j in chosen]

    def _filtered(self, q: list[str], k: int, mask: Any) -> list[tuple[str, float]] | None:
        """The filtered search without sorting every chunk: the rows that pass, by score. The
        same result as sorting everything (bm25s's order) whenever no two of the first k + 1
        scores tie; None otherwise (the caller then sorts everything, as before)."""
        scores = self._bm25.get_scores(q)
        rows = np.flatnonzero((scores > 0) & mask)
        values = scores[rows]
        order = np.argsort(-values, kind="stable")[: k + 1]
        head = values[order]
        if len(head) > 1 and bool(np.any(head[1:] == head[:-1])):
            return None  # ties: their order is the full sort's
        return [(self.chunks[int(rows[j])].id, float(values[j])) for j in order[:k]]
