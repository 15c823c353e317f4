"""The baseline every report compares against: the plain recipe most people would write.

pypdf text of each file (headers and all), LangChain's RecursiveCharacterTextSplitter at
1000/200 characters, dense-only Chroma similarity top-k with the same embedder, no speaker
metadata, and the answer is the top passages themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa.core.types import Answer, Chunk, Citation, Passage
from vectorstore.embedders import Embedder
from vectorstore.langchain_embeddings import LangChainEmbeddings


def _plain_text(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        import pypdf

        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)
    return path.read_text("utf-8")


class BaselineAssistant:
    def __init__(self, paths: Sequence[Path], embedder: Embedder, k: int = 5) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaClientSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        for p in paths:
            for piece in splitter.split_text(_plain_text(p)):
                texts.append(piece)
                metas.append({"source": p.name})
        client = chromadb.EphemeralClient(settings=ChromaClientSettings(anonymized_telemetry=False))
        self.db = Chroma(
            collection_name=f"baseline-{uuid.uuid4().hex[:8]}",
            embedding_function=LangChainEmbeddings(embedder),
            client=client,
            collection_metadata={"hnsw:space": "cosine"},
        )
        self.db.add_texts(texts, metadatas=metas)
        self.k = k
        self.chunks = len(texts)

    def ask(self, question: str) -> Answer:
        docs = self.db.similarity_search_with_score(question, k=self.k)
        passages = [
            Passage(Chunk(text=d.page_content, source=str(d.metadata.get("source", ""))), 1.0 - float(dist), rank)
            for rank, (d, dist) in enumerate(docs, 1)
        ]
        text = "\n\n".join(f"[{p.rank}] {p.chunk.text}" for p in passages)
        return Answer(
            question=question,
            text=text,
            citations=[Citation(p.rank, p) for p in passages],
            passages=passages,
            answerer="baseline",
        )
