"""The retriever as a LangChain `BaseRetriever`, for use in anyone's own chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class ProceedingsRetriever(BaseRetriever):
    """Hybrid, speaker-aware retrieval over the indexed proceedings.

    Documents carry the chunk metadata (speaker, role, part, page, source, id) and the fused
    score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any  # qa.assistant.Assistant (Any: pydantic need not know the class)
    k: int = 6
    speaker: str | None = None
    part: str | None = None
    source: str | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        passages = self.assistant.search(query, k=self.k, speaker=self.speaker, part=self.part, source=self.source)
        return [
            Document(
                page_content=p.chunk.text,
                id=p.chunk.id,
                metadata={**p.chunk.metadata(), "id": p.chunk.id, "score": p.score, "rank": p.rank},
            )
            for p in passages
        ]
