"""Dense stores behind one contract: add chunks with ids, list ids, delete, search by vector.

`ChromaStore` goes through langchain-chroma's `Chroma` (embedded persistent client by default,
a Chroma server when a URL is set); `MemoryStore` is an exact in-process store for tests and
small corpora. Both pass the same contract tests (tests/test_store_contract.py).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from qa.core.errors import StoreError
from qa.core.types import Chunk
from vectorstore.embedders import Embedder, LangChainEmbeddings

logger = logging.getLogger(__name__)

Where = dict[str, Any]


class VectorStore(Protocol):
    name: str

    def add(self, chunks: Sequence[Chunk], texts: Sequence[str]) -> None:
        """Embed `texts` (what is indexed for each chunk) and store them under the chunk ids."""

    def ids(self) -> set[str]: ...
    def delete(self, ids: Iterable[str]) -> None: ...
    def count(self) -> int: ...
    def search(self, vector: Sequence[float], k: int, where: Where | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first; `where` filters on chunk metadata."""

    def drop(self) -> None:
        """Remove the whole collection."""


def _matches(meta: dict[str, Any], where: Where | None) -> bool:
    if not where:
        return True
    if "$and" in where:
        return all(_matches(meta, w) for w in where["$and"])
    for key, cond in where.items():
        if isinstance(cond, dict) and "$in" in cond:
            if meta.get(key) not in cond["$in"]:
                return False
        elif meta.get(key) != cond:
            return False
    return True


class MemoryStore:
    """Exact cosine search over vectors held in memory."""

    def __init__(self, embedder: Embedder, name: str = "memory") -> None:
        self.name = name
        self.embedder = embedder
        self._rows: dict[str, tuple[list[float], dict[str, Any]]] = {}

    def add(self, chunks: Sequence[Chunk], texts: Sequence[str]) -> None:
        vecs = self.embedder.embed_documents(list(texts))
        for c, v in zip(chunks, vecs, strict=True):
            self._rows[c.id] = (v, c.metadata())

    def ids(self) -> set[str]:
        return set(self._rows)

    def delete(self, ids: Iterable[str]) -> None:
        for i in ids:
            self._rows.pop(i, None)

    def count(self) -> int:
        return len(self._rows)

    def search(self, vector: Sequence[float], k: int, where: Where | None = None) -> list[tuple[str, float]]:
        qn = math.sqrt(sum(x * x for x in vector)) or 1.0
        scored = []
        for cid, (v, meta) in self._rows.items():
            if not _matches(meta, where):
                continue
            vn = math.sqrt(sum(x * x for x in v)) or 1.0
            scored.append((cid, sum(a * b for a, b in zip(vector, v, strict=True)) / (qn * vn)))
        scored.sort(key=lambda t: -t[1])
        return scored[:k]

    def drop(self) -> None:
        self._rows.clear()


class ChromaStore:
    """Chroma through langchain-chroma. Embedded (persistent folder) or a server (URL)."""

    def __init__(
        self,
        embedder: Embedder,
        collection: str,
        persist_dir: Path | None = None,
        url: str | None = None,
        batch_size: int = 64,
    ) -> None:
        self.name = collection
        self.embedder = embedder
        self.persist_dir = persist_dir
        self.url = url
        self.batch_size = batch_size
        self._db: Any = None

    def _client(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaClientSettings

        client_settings = ChromaClientSettings(anonymized_telemetry=False)
        if self.url:
            u = urlparse(self.url)
            if u.scheme not in {"http", "https"} or not u.hostname:
                raise StoreError(f"chroma.url {self.url!r}: expected http://host:port")
            try:
                client = chromadb.HttpClient(
                    host=u.hostname,
                    port=u.port or (443 if u.scheme == "https" else 8000),
                    ssl=u.scheme == "https",
                    settings=client_settings,
                )
                client.heartbeat()
            except Exception as e:  # noqa: BLE001 - connection errors come in many types
                raise StoreError(
                    f"cannot reach the Chroma server at {self.url} ({e}); start one with "
                    "`chroma run --path DIR --host 127.0.0.1 --port 8000` or unset PQA_CHROMA_URL"
                ) from None
            return client
        assert self.persist_dir is not None
        self.persist_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(self.persist_dir), settings=client_settings)

    @property
    def db(self) -> Any:
        if self._db is None:
            from langchain_chroma import Chroma

            self._db = Chroma(
                collection_name=self.name,
                embedding_function=LangChainEmbeddings(self.embedder),
                client=self._client(),
                collection_metadata={"hnsw:space": "cosine"},
            )
        return self._db

    def add(self, chunks: Sequence[Chunk], texts: Sequence[str]) -> None:
        for i in range(0, len(chunks), self.batch_size):
            part = chunks[i : i + self.batch_size]
            self.db.add_texts(
                texts=list(texts[i : i + self.batch_size]),
                metadatas=[c.metadata() for c in part],
                ids=[c.id for c in part],
            )

    def ids(self) -> set[str]:
        return set(self.db.get(include=[])["ids"])

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for i in range(0, len(ids), 500):
            self.db.delete(ids=ids[i : i + 500])

    def count(self) -> int:
        return int(self.db._collection.count())  # langchain-chroma has no public count

    def search(self, vector: Sequence[float], k: int, where: Where | None = None) -> list[tuple[str, float]]:
        # By vector, not by text: the query embedding is computed once per question and
        # shared with other steps. langchain-chroma's by-vector search drops ids and scores,
        # so we query the collection it manages directly.
        n = self.count()
        if n == 0:
            return []
        res = self.db._collection.query(
            query_embeddings=[list(vector)], n_results=min(k, n), where=where or None, include=["distances"]
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def drop(self) -> None:
        self.db.delete_collection()
        self._db = None
