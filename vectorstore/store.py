"""Dense stores behind one contract: add chunks with ids, list ids, delete, search by vector.

`ChromaStore` goes through langchain-chroma's `Chroma` (embedded persistent client by default,
a Chroma server when a URL is set); `MemoryStore` is an exact in-process store for tests and
small corpora. Both pass the same contract tests (tests/test_store_contract.py).

Every call to Chroma goes through a `ChromaConnection`: the client is made once, under a lock
(chromadb's registry of clients is not thread-safe), a server must answer each request within
`chroma.timeout_s`, and failures come out as the product's errors (`StoreUnavailableError` when
the server is down, hung or slow: retryable; `StoreError` otherwise), naming the server.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlparse

from qa.core.errors import StoreError, StoreUnavailableError
from qa.core.types import Chunk
from vectorstore.embedders import Embedder

logger = logging.getLogger(__name__)

Where = dict[str, Any]
T = TypeVar("T")

# chromadb keeps one "system" per persistent folder in a class-level dict that it fills without
# a lock: two threads opening the same folder at once get "Could not connect to tenant".
_CREATE_LOCK = threading.Lock()
# Collection metadata keys that Chroma owns (the distance is fixed at creation).
_RESERVED_META = ("hnsw:", "chroma:")


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
        self._meta: dict[str, Any] = {}

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
        for cid, (v, meta) in list(self._rows.items()):
            if not _matches(meta, where):
                continue
            vn = math.sqrt(sum(x * x for x in v)) or 1.0
            scored.append((cid, sum(a * b for a, b in zip(vector, v, strict=True)) / (qn * vn)))
        scored.sort(key=lambda t: -t[1])
        return scored[:k]

    def drop(self) -> None:
        self._rows.clear()

    def metadata(self) -> dict[str, Any]:
        return dict(self._meta)

    def set_metadata(self, meta: dict[str, Any]) -> None:
        self._meta = dict(meta)


class ChromaConnection:
    """One chromadb client for a folder (embedded) or a server (URL), made on first use.

    :param persist_dir: the embedded store's folder (when no `url`).
    :param url: ``http(s)://host:port`` of a Chroma server.
    :param timeout_s: seconds a server has to accept a connection and to answer each request.
    :raises StoreError: a URL that is not http(s)://host[:port].
    """

    def __init__(self, persist_dir: Path | None = None, url: str | None = None, timeout_s: float = 10.0) -> None:
        if url:
            u = urlparse(url)
            if u.scheme not in {"http", "https"} or not u.hostname:
                raise StoreError(f"chroma.url {url!r}: expected http://host:port")
        elif persist_dir is None:
            raise StoreError("a Chroma store needs a folder (embedded) or a server URL (chroma.url)")
        if not timeout_s > 0:
            raise StoreError(f"chroma.timeout_s must be positive, not {timeout_s!r}")
        self.persist_dir = persist_dir
        self.url = url
        self.timeout_s = timeout_s
        self.where = f"the Chroma server at {url}" if url else f"the embedded Chroma store in {persist_dir}"
        self._client: Any = None
        self._pending: Future[Any] | None = None
        self._lock = threading.Lock()

    # --- the client --------------------------------------------------------------------
    def client(self) -> Any:
        """The chromadb client, made once (thread-safe); a server must answer within the timeout."""
        with self._lock:
            if self._client is not None:
                return self._client
            if not self.url:
                self._client = self._embedded()
                return self._client
            pending = self._pending
            if pending is None or (pending.done() and pending.exception() is not None):
                # One attempt at a time: callers arriving while it runs wait for it, and an
                # attempt stuck on a hung server is not multiplied by every question.
                pending = self._pending = Future()
                threading.Thread(target=self._connect, args=(pending,), name="chroma-connect", daemon=True).start()
        try:
            client = pending.result(timeout=self.timeout_s)
        except FutureTimeout:
            raise self._unavailable_timeout("connecting") from None
        except Exception as e:  # noqa: BLE001 - mapped to the product's errors below
            mapped = self.error(e, "connecting")
            if not isinstance(mapped, StoreUnavailableError):
                # Whatever stopped the client from being made, the server was not usable.
                mapped = StoreUnavailableError(f"cannot reach {self.where} ({_short(e)})", hint=self._start_hint())
            raise mapped from None
        with self._lock:
            self._client = client
        return client

    def _embedded(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaClientSettings

        assert self.persist_dir is not None
        self.persist_dir.mkdir(parents=True, exist_ok=True)
        with _CREATE_LOCK:
            try:
                return chromadb.PersistentClient(
                    path=str(self.persist_dir), settings=ChromaClientSettings(anonymized_telemetry=False)
                )
            except Exception as e:  # noqa: BLE001 - chromadb raises many types here
                raise self.error(e, "opening") from None

    def _connect(self, result: Future[Any]) -> None:
        """Runs in its own thread: chromadb's client asks the server twice while it is made,
        with no timeout, so the caller waits on `result` with one instead."""
        try:
            import chromadb
            import httpx
            from chromadb.config import Settings as ChromaClientSettings

            u = urlparse(str(self.url))
            with _CREATE_LOCK:
                settings = ChromaClientSettings(anonymized_telemetry=False)
            client = chromadb.HttpClient(
                host=str(u.hostname),
                port=u.port or (443 if u.scheme == "https" else 8000),
                ssl=u.scheme == "https",
                settings=settings,
            )
            # chromadb makes its httpx client with timeout=None; every later request gets ours.
            server: Any = getattr(client, "_server")  # noqa: B009 - private, and not in chromadb's types
            server._session.timeout = httpx.Timeout(self.timeout_s)
            client.heartbeat()
            result.set_result(client)
        except BaseException as e:  # noqa: BLE001 - handed to the waiting caller
            result.set_exception(e)

    # --- calls -------------------------------------------------------------------------
    def call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one request, turning chromadb's and httpx's exceptions into the product's."""
        try:
            return fn()
        except StoreError:
            raise
        except Exception as e:  # mapped by class in `error`
            mapped = self.error(e, what)
            if mapped is e:
                raise
            raise mapped from None

    def error(self, e: BaseException, what: str) -> Exception:
        """The product's error for a failure of `what` (the exception itself when it is not
        the store's: a bug should show as one)."""
        import httpx
        from chromadb.errors import ChromaError

        if isinstance(e, StoreError):
            return e
        chain = _causes(e)
        if any(isinstance(x, httpx.TimeoutException | TimeoutError) for x in chain):
            return self._unavailable_timeout(what)
        if any(isinstance(x, httpx.TransportError | ConnectionError) for x in chain):
            return StoreUnavailableError(
                f"cannot reach {self.where} while {what} ({_short(e)})", hint=self._start_hint()
            )
        if isinstance(e, ChromaError | ValueError | OSError):
            return StoreError(f"{self.where} failed while {what}: {type(e).__name__}: {_short(e)}")
        return e if isinstance(e, Exception) else RuntimeError(str(e))

    def _start_hint(self) -> str:
        if not self.url:
            return ""
        return "start it (`chroma run --path DIR --host 127.0.0.1 --port 8000`) or unset PQA_CHROMA_URL"

    def _unavailable_timeout(self, what: str) -> StoreUnavailableError:
        return StoreUnavailableError(
            f"{self.where} did not answer within {self.timeout_s:g} s while {what}",
            hint="is it running (and not stopped)? if it is only slow, raise chroma.timeout_s (PQA_CHROMA_TIMEOUT_S)",
        )

    def collections(self, prefix: str) -> list[tuple[str, dict[str, Any]]]:
        """(name, metadata) of the collections whose name starts with `prefix`."""
        cols = self.call("listing collections", lambda: self.client().list_collections())
        return sorted((c.name, dict(c.metadata or {})) for c in cols if c.name.startswith(prefix))


def _causes(e: BaseException) -> list[BaseException]:
    """`e` and what it was raised from or during (chromadb wraps httpx's errors in ValueError)."""
    out: list[BaseException] = []
    cur: BaseException | None = e
    while cur is not None and cur not in out and len(out) < 10:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out


def _short(e: BaseException) -> str:
    return (str(e) or type(e).__name__)[:300]


class ChromaStore:
    """Chroma through langchain-chroma. Embedded (persistent folder) or a server (URL).

    :param embedder: computes the vectors. :param collection: the collection's name.
    :param persist_dir: folder of the embedded store. :param url: a Chroma server instead.
    :param batch_size: chunks per request when adding.
    :param timeout_s: seconds a server has for each request (`chroma.timeout_s`).
    :param connection: a connection to share with other stores of the same folder or server.
    :raises StoreError: a bad URL or batch size.
    """

    def __init__(
        self,
        embedder: Embedder,
        collection: str,
        persist_dir: Path | None = None,
        url: str | None = None,
        batch_size: int = 64,
        timeout_s: float = 10.0,
        connection: ChromaConnection | None = None,
    ) -> None:
        if batch_size < 1:
            raise StoreError(f"batch_size must be at least 1, not {batch_size!r}")
        self.name = collection
        self.embedder = embedder
        self.conn = connection or ChromaConnection(persist_dir, url, timeout_s)
        self.persist_dir = self.conn.persist_dir
        self.url = self.conn.url
        self.batch_size = batch_size
        self._db: Any = None
        self._collection: Any = None
        self._db_lock = threading.Lock()

    @property
    def db(self) -> Any:
        """The langchain-chroma `Chroma` over the collection (made once, thread-safe)."""
        if self._db is not None:
            return self._db
        client = self.conn.client()
        # Bounded: a thread stuck opening the collection on a hung server must not hold every
        # other question for longer than their own timeout.
        if not self._db_lock.acquire(timeout=self.conn.timeout_s * 2):
            raise self.conn._unavailable_timeout("opening the collection")
        try:
            if self._db is None:
                from langchain_chroma import Chroma

                from vectorstore.langchain_embeddings import LangChainEmbeddings

                self._db = self.conn.call(
                    f"opening collection {self.name}",
                    lambda: Chroma(
                        collection_name=self.name,
                        embedding_function=LangChainEmbeddings(self.embedder),
                        client=client,
                        collection_metadata={"hnsw:space": "cosine"},
                    ),
                )
        finally:
            self._db_lock.release()
        return self._db

    @property
    def collection(self) -> Any:
        """The chromadb collection itself, opened as langchain-chroma opens it, for searching
        and counting: a process that only answers does not need langchain-chroma (a few
        hundred ms to import)."""
        if self._db is not None:
            return self._db._collection
        if self._collection is not None:
            return self._collection
        client = self.conn.client()
        if not self._db_lock.acquire(timeout=self.conn.timeout_s * 2):
            raise self.conn._unavailable_timeout("opening the collection")
        try:
            if self._collection is None:
                self._collection = self.conn.call(
                    f"opening collection {self.name}",
                    lambda: client.get_or_create_collection(
                        name=self.name, embedding_function=None, metadata={"hnsw:space": "cosine"}
                    ),
                )
        finally:
            self._db_lock.release()
        return self._collection

    def existing_collection(self) -> Any | None:
        """The collection if it exists (never creates it), as `collection` opens it; None if not."""
        if self._db is not None or self._collection is not None:
            return self.collection
        from chromadb.errors import NotFoundError

        try:
            self.conn.client().get_collection(self.name)
        except NotFoundError:
            return None
        return self.collection

    def add(self, chunks: Sequence[Chunk], texts: Sequence[str]) -> None:
        for i in range(0, len(chunks), self.batch_size):
            part = chunks[i : i + self.batch_size]
            batch = list(texts[i : i + self.batch_size])
            # Embedded outside `call`: a model failure is the embedder's error, not the store's.
            vectors = self.embedder.embed_documents(batch)
            upsert = functools.partial(
                self.db._collection.upsert,
                ids=[c.id for c in part],
                embeddings=vectors,
                metadatas=[c.metadata() for c in part],
                documents=batch,
            )
            self.conn.call(f"adding to {self.name}", upsert)

    def ids(self) -> set[str]:
        return set(self.conn.call(f"listing {self.name}", lambda: self.db.get(include=[])["ids"]))

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for i in range(0, len(ids), 500):
            self.conn.call(f"deleting from {self.name}", functools.partial(self.db.delete, ids=ids[i : i + 500]))

    def count(self) -> int:
        # langchain-chroma has no public count
        return int(self.conn.call(f"counting {self.name}", lambda: self.collection.count()))

    def search(self, vector: Sequence[float], k: int, where: Where | None = None) -> list[tuple[str, float]]:
        # By vector, not by text: the query embedding is computed once per question and
        # shared with other steps. langchain-chroma's by-vector search drops ids and scores,
        # so we query the collection it manages directly. Chroma returns fewer than `k` when it
        # holds fewer (none when empty): no count first, which costs as much as the search.
        res = self.conn.call(
            f"searching {self.name}",
            lambda: self.collection.query(
                query_embeddings=[list(vector)], n_results=k, where=where or None, include=["distances"]
            ),
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def drop(self) -> None:
        self.conn.call(f"dropping {self.name}", lambda: self.db.delete_collection())
        self._db = None
        self._collection = None

    def metadata(self) -> dict[str, Any]:
        """The collection's metadata (what it records about the index and the embedder)."""
        return dict(self.conn.call(f"reading {self.name}", lambda: self.db._collection.metadata) or {})

    def set_metadata(self, meta: dict[str, Any]) -> None:
        """Replace the collection's metadata (Chroma's own keys, such as the distance, stay)."""
        clean = {k: v for k, v in meta.items() if not k.startswith(_RESERVED_META)}
        self.conn.call(f"describing {self.name}", lambda: self.db._collection.modify(metadata=clean))


class ChromaTexts:
    """Text records by key in a collection of their own, for what a shared index keeps next to
    its vectors (the manifest and the document bodies). Chroma stores a record only with a
    vector, so each gets the same one-dimensional placeholder; long texts are split in parts.

    :param connection: the server's connection. :param name: the collection's name.
    """

    PART_CHARS = 2_000_000  # well under what a server accepts per request

    def __init__(self, connection: ChromaConnection, name: str) -> None:
        self.conn = connection
        self.name = name
        self._col: Any = None
        self._lock = threading.Lock()

    def _collection(self, create: bool) -> Any:
        if self._col is not None:
            return self._col
        client = self.conn.client()

        def open_() -> Any:
            if create:
                return client.get_or_create_collection(
                    self.name, embedding_function=None, metadata={"role": "proceedings-qa manifest"}
                )
            from chromadb.errors import NotFoundError

            try:
                return client.get_collection(self.name, embedding_function=None)
            except NotFoundError:
                return None

        with self._lock:
            if self._col is None:
                self._col = self.conn.call(f"opening collection {self.name}", open_)
        return self._col

    def put(self, items: dict[str, str]) -> None:
        """Write (or replace) the texts under their keys."""
        if not items:
            return
        col = self._collection(create=True)
        for key, text in items.items():
            parts = [text[i : i + self.PART_CHARS] for i in range(0, len(text), self.PART_CHARS)] or [""]
            ids = [f"{key}#{i}" for i in range(len(parts))]
            metas = [{"key": key, "part": i, "parts": len(parts)} for i in range(len(parts))]
            upsert = functools.partial(
                col.upsert, ids=ids, documents=parts, metadatas=metas, embeddings=[[1.0]] * len(ids)
            )
            self.conn.call(f"writing {key} to {self.name}", upsert)

    def get(self, key: str) -> str | None:
        """The text under `key`, or None when it is absent (or only partly written)."""
        col = self._collection(create=False)
        if col is None:
            return None
        res = self.conn.call(
            f"reading {key} from {self.name}",
            lambda: col.get(where={"key": key}, include=["documents", "metadatas"]),
        )
        parts = sorted(zip(res["metadatas"], res["documents"], strict=True), key=lambda t: int(t[0]["part"]))
        if not parts or len(parts) != int(parts[0][0]["parts"]):
            return None
        return "".join(str(doc) for _, doc in parts)

    def keys(self) -> set[str]:
        col = self._collection(create=False)
        if col is None:
            return set()
        res = self.conn.call(f"listing {self.name}", lambda: col.get(include=["metadatas"]))
        return {str(m["key"]) for m in res["metadatas"]}

    def delete(self, keys: Iterable[str]) -> None:
        col = self._collection(create=False)
        if col is None:
            return
        for key in keys:
            self.conn.call(f"deleting {key} from {self.name}", functools.partial(col.delete, where={"key": key}))

    def drop(self) -> None:
        client = self.conn.client()
        self.conn.call(f"dropping {self.name}", lambda: client.delete_collection(self.name))
        self._col = None
