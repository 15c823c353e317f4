"""The retriever as a LangChain `BaseRetriever`, for use in anyone's own chains.

    retriever = ProceedingsRetriever(assistant=Assistant.load(), k=4)
    retriever.invoke("crise au Liban")                        # the constructor's k and filters
    retriever.invoke("crise au Liban", k=2, speaker="Bertrand Gallet")  # per call
    await retriever.ainvoke("crise au Liban", part="Session 3")

Passes langchain-tests' `RetrieversIntegrationTests` (tests/test_langchain.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from qa.core.errors import QuestionError

K_MAX = 100
# What `invoke` passes on besides ours (its own `verbose` flag); anything else is a mistake.
_TOLERATED = frozenset({"verbose"})


def _checked_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= K_MAX:
        raise QuestionError(f"k must be an integer from 1 to {K_MAX} (the number of documents returned), not {k!r}")
    return k


class ProceedingsRetriever(BaseRetriever):
    """Hybrid, speaker-aware retrieval over the indexed proceedings.

    Documents carry the chunk metadata (speaker, role, part, page, source, id), the human
    attribution `label`, the fused `score` and the `rank`. `k`, `speaker`, `part` and `source`
    set at construction are the defaults; each can be given again to `invoke`/`ainvoke`
    (`speaker=""` clears a constructor filter for that call).

    :param assistant: a `qa.Assistant` over an index.
    :param k: documents returned, 1 to 100.
    :param speaker: only passages by this speaker. :param part: only this part ("Session 2").
    :param source: only this indexed file.
    :raises QuestionError: `k` out of range, or no assistant.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any  # qa.assistant.Assistant (Any: pydantic need not know the class)
    k: int = 6
    speaker: str | None = None
    part: str | None = None
    source: str | None = None

    def __init__(self, **data: Any) -> None:
        # Checked here rather than by a pydantic validator so that the error is the product's
        # QuestionError, not a ValidationError.
        if "k" in data:
            _checked_k(data["k"])
        if not callable(getattr(data.get("assistant"), "search", None)):
            raise QuestionError(
                f"assistant must be a qa.Assistant (something with .search), not {type(data.get('assistant')).__name__}"
            )
        super().__init__(**data)

    def _search(
        self,
        query: str,
        k: int | None,
        speaker: str | None,
        part: str | None,
        source: str | None,
        extra: dict[str, Any],
    ) -> list[Document]:
        unknown = set(extra) - _TOLERATED
        if unknown:
            raise QuestionError(
                f"unknown argument(s) {', '.join(sorted(unknown))}; ProceedingsRetriever takes k, speaker, part, source"
            )
        passages = self.assistant.search(
            query,
            k=_checked_k(self.k if k is None else k),
            speaker=self.speaker if speaker is None else speaker,
            part=self.part if part is None else part,
            source=self.source if source is None else source,
        )
        return [
            Document(
                page_content=p.chunk.text,
                id=p.chunk.id,
                metadata={
                    **p.chunk.metadata(),
                    "id": p.chunk.id,
                    "label": p.chunk.label(),
                    "score": p.score,
                    "rank": p.rank,
                },
            )
            for p in passages
        ]

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        speaker: str | None = None,
        part: str | None = None,
        source: str | None = None,
        **kwargs: Any,
    ) -> list[Document]:
        return self._search(query, k, speaker, part, source, kwargs)

    async def _aget_relevant_documents(
        self,
        query: str,
        *,
        run_manager: AsyncCallbackManagerForRetrieverRun,
        k: int | None = None,
        speaker: str | None = None,
        part: str | None = None,
        source: str | None = None,
        **kwargs: Any,
    ) -> list[Document]:
        # Retrieval is local CPU work (query embedding, BM25, the embedded store): a worker
        # thread keeps the event loop free; an async store client would gain nothing here.
        return await asyncio.to_thread(self._search, query, k, speaker, part, source, kwargs)
