"""French-aware BM25 (bm25s + Snowball stems, accent folding, stop words).

Built in memory from the index's chunk table when first needed, so it can never disagree with
the dense store: both are derived from the same committed manifest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from qa.core.text import stem_tokens
from qa.core.types import Chunk

logger = logging.getLogger(__name__)


class LexicalIndex:
    def __init__(self, chunks: Sequence[Chunk], text_of: Callable[[Chunk], str]) -> None:
        self.chunks = list(chunks)
        self._bm25: Any = None
        self._text_of = text_of

    def _build(self) -> Any:
        import bm25s

        tokens = [stem_tokens(self._text_of(c)) or ["∅"] for c in self.chunks]
        bm25 = bm25s.BM25()
        bm25.index(tokens, show_progress=False)
        return bm25

    def search(self, query: str, k: int, keep: Callable[[Chunk], bool] | None = None) -> list[tuple[str, float]]:
        if not self.chunks:
            return []
        q = stem_tokens(query)
        if not q:
            return []
        if self._bm25 is None:
            self._bm25 = self._build()
        n = len(self.chunks)
        # With a filter, score everything and filter after: exact, and cheap at this size.
        depth = n if keep else min(k, n)
        docs, scores = self._bm25.retrieve([q], k=depth, show_progress=False, n_threads=1)
        out = []
        for i, s in zip(docs[0], scores[0], strict=True):
            if s <= 0:
                continue
            c = self.chunks[int(i)]
            if keep and not keep(c):
                continue
            out.append((c.id, float(s)))
            if len(out) >= k:
                break
        return out
