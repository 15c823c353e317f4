"""Our embedder as LangChain `Embeddings` (kept apart: importing langchain_core takes a few
tenths of a second that answering a question does not need)."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from vectorstore.embedders import Embedder


class LangChainEmbeddings(Embeddings):
    """Our embedder as LangChain `Embeddings`, so langchain-chroma and user chains can use it."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)
