"""The persisted index: a manifest (documents, their hashes, chunks and speaker tables), the
dense store, and what is derived from the manifest for answering: the corpus tables and the
BM25 index (vectorstore/tables.py), saved at ingest under `tables/` and keyed by the manifest's
content, so that a process loads them (BM25 memory-mapped) instead of building them, and never
uses those of another manifest.

A commit costs what changed, not the size of the index: the bodies of new documents are
written, the small manifest is replaced, and the derived lookups (chunks by id, by speaker, by
kind of block; the speaker table by name) are rebuilt in memory only when the documents change.

The manifest is the source of truth and is replaced atomically (write, fsync, rename). Dense
vectors are written before the manifest names them and deleted after it stops naming them, so
an ingest killed at any point leaves the last committed index usable: readers only ever see
chunks the manifest names, and the next ingest removes orphans.

Identity: every index has an id (`index_id`, in its manifest) and owns its collection, named
``<prefix>-<fingerprint>-<index id>`` and described in the collection's metadata (index id,
embedder, version, dimension, normaliser). The manifest also records the ids this index may
have written but does not name (`unnamed`: vectors about to be written, or about to be
deleted), so repairing after a crash only ever deletes what this index wrote. Two index
folders on one Chroma server therefore never touch each other's vectors.

Shared (``chroma.url`` set): the manifest and the document bodies are also written to the
server, in a companion collection ``<collection>-docs``, at each commit and in the same order
(bodies, then the manifest record: the commit point, then the local copy). An app with an
empty index folder and the URL loads the index from the server: the one named by
``index.id``, else the only one of its configuration there.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import logging
import secrets
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from qa.core.errors import IndexMissingError, SettingsError
from qa.core.runtime import paused_gc
from qa.core.settings import PIPELINE_VERSION, Settings
from qa.core.text import fold
from qa.core.types import Chunk, SpeakerInfo, index_text
from vectorstore.embedders import Embedder, embedder_info, make_embedder
from vectorstore.lexical import LexicalIndex
from vectorstore.store import ChromaConnection, ChromaStore, ChromaTexts, VectorStore
from vectorstore.tables import CorpusTables, DocumentTables, Refreshed, TableStore, atomic_text, refresh

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
MANIFEST_KEY = "manifest"  # the manifest's record in a shared index's companion collection
DOCS_SUFFIX = "-docs"  # the companion collection: <collection>-docs
# How long a count of the dense store is trusted before it is asked again (it only changes when
# someone else deletes vectors behind the index's back, which the answers then say).
SHORTFALL_RECHECK_S = 30.0


@dataclass(frozen=True, slots=True)
class Identity:
    """Which index this is, and how that was decided."""

    index_id: str
    collection: str
    # setting (index.id), manifest (the local folder's), discovered (the only one on the
    # server), new (none yet: made at the first ingest), legacy (a manifest from before ids).
    source: str


def new_index_id() -> str:
    return secrets.token_hex(4)


@dataclass
class DocumentEntry:
    key: str  # absolute path of the file
    source: str  # file name shown to users
    sha256: str
    title: str
    chunks: list[Chunk]
    speakers: list[SpeakerInfo]
    parts: list[dict[str, str]]
    ingested_at: float = field(default_factory=time.time)
    file: str = ""  # its body's file under docs/, named by content hash; "" until written

    def to_dict(self) -> dict[str, Any]:
        """The manifest's line for this document (the body lives in its own file)."""
        return {
            "key": self.key,
            "source": self.source,
            "sha256": self.sha256,
            "title": self.title,
            "ingested_at": self.ingested_at,
            "chunks": len(self.chunks),
            "file": self.file,
        }

    def body(self) -> dict[str, Any]:
        return {
            "parts": self.parts,
            "speakers": [s.to_dict() for s in self.speakers],
            "chunks": [c.to_dict() for c in self.chunks],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], body: dict[str, Any]) -> DocumentEntry:
        return cls(
            key=d["key"],
            source=d["source"],
            sha256=d["sha256"],
            title=d.get("title", ""),
            chunks=[Chunk.from_dict(c) for c in body.get("chunks", [])],
            speakers=[SpeakerInfo.from_dict(s) for s in body.get("speakers", [])],
            parts=list(body.get("parts", [])),
            ingested_at=float(d.get("ingested_at", 0)),
            file=d.get("file", ""),
        )


class Documents(dict[str, DocumentEntry]):
    """The indexed documents by key, in the manifest's order (sorted by key), counting their
    changes so that what is derived from them (chunk lists, lookups by speaker, tables) is
    rebuilt only when they change, and the chunk ids they name (with how many documents name
    each: two copies of a file share ids), kept up to date as documents come and go.
    """

    def __init__(self, items: Iterable[tuple[str, DocumentEntry]] | dict[str, DocumentEntry] = ()) -> None:
        pairs = items.items() if isinstance(items, dict) else items
        super().__init__(sorted(pairs, key=lambda kv: kv[0]))
        self.version = 0
        self._refs: Counter[str] | None = None

    def refs(self) -> Counter[str]:
        """How many documents name each chunk id (computed once, then kept up to date)."""
        if self._refs is None:
            self._refs = Counter(c.id for d in self.values() for c in d.chunks)
        return self._refs

    def _changed(self, old: DocumentEntry | None, new: DocumentEntry | None) -> None:
        self.version += 1
        if self._refs is not None:
            if old is not None:
                self._refs.subtract(c.id for c in old.chunks)
                for c in old.chunks:
                    if self._refs[c.id] <= 0:
                        del self._refs[c.id]
            if new is not None:
                self._refs.update(c.id for c in new.chunks)

    def __setitem__(self, key: str, entry: DocumentEntry) -> None:
        old = self.get(key)
        if old is not None or not self or key > next(reversed(self)):
            super().__setitem__(key, entry)
        else:  # a new key before the last: keep the manifest's order
            items = sorted([*self.items(), (key, entry)], key=lambda kv: kv[0])
            super().clear()
            super().update(items)
        self._changed(old, entry)

    def __delitem__(self, key: str) -> None:
        old = self[key]
        super().__delitem__(key)
        self._changed(old, None)

    def pop(self, key: str, *default: Any) -> Any:
        if key not in self:
            if default:
                return default[0]
            raise KeyError(key)
        old = self[key]
        del self[key]
        return old

    def popitem(self) -> tuple[str, DocumentEntry]:
        key, old = super().popitem()
        self._changed(old, None)
        return key, old

    def setdefault(self, key: str, default: DocumentEntry | None = None) -> DocumentEntry:  # type: ignore[override]
        if key not in self:
            if default is None:
                raise TypeError("a document entry is required")
            self[key] = default
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, entry in dict(*args, **kwargs).items():
            self[key] = entry

    def clear(self) -> None:
        super().clear()
        self.version += 1
        self._refs = None


class Index:
    """Everything under `<index dir>/<fingerprint>/` plus the collection(s) this index owns.

    :param settings: the settings (index folder, embedder, chroma). :param embedder: the one
        in use, when not the configured one (tests, notebooks). :param store: a dense store to
        use instead of Chroma (tests); the index is then never shared through a server.
    :param prepare_store: open the (embedded) store and load its vectors in the background
        while the manifest is read (a process that is going to search).
    :raises IndexMissingError: an unreadable manifest or one made by another pipeline version.
    :raises SettingsError: `index.id` names another index than the one in the index folder.
    :raises StoreError: (shared) the server cannot be reached to find or read the index.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        prepare_store: bool = False,
    ):
        self.settings = settings
        self.root = settings.index.dir
        self.embedder = embedder or make_embedder(settings.embedding)
        # Named after the embedder actually used, so vectors of two models never mix.
        self._embedder_id = embedder.id if embedder else None
        self.base_name = settings.collection_name(self._embedder_id)
        self.dir = self.root / self.base_name
        self.url = settings.chroma.url if store is None else None
        self.conn: ChromaConnection | None = None
        if store is None:
            self.conn = ChromaConnection(self.root / "chroma", self.url, settings.chroma.timeout_s)
        self._given_store = store
        self._documents = Documents()
        self.unnamed: set[str] = set()  # ids this index may have written that the manifest does not name
        self.ambiguous: list[str] = []  # index ids found on the server when none could be chosen
        self._cache_lock = threading.RLock()
        self._views: dict[str, Any] = {}  # derived from the documents at `_views_version`
        self._views_version = (-1, -1)
        self._tables_lock = threading.Lock()
        self._refreshed: Refreshed | None = None
        self._refreshed_for = ""
        self._lexical: tuple[str, LexicalIndex] | None = None
        self._pending_tokens: dict[str, list[list[str]]] = {}  # BM25 tokens of bodies written by this process
        self._bodies_on_disk: set[str] | None = None
        self._server_keys: set[str] | None = None
        self._shortfall: tuple[float, str | None] | None = None
        self._described = False
        self.identity = self._resolve_identity()
        self._open_stores()
        if prepare_store and self.manifest_path.exists():
            self._prepare_store()
        self.load_manifest()

    def _prepare_store(self) -> None:
        """Open the embedded Chroma store and load its vector index in the background, while the
        manifest is read: a process's first search would otherwise wait for both, one after
        the other (importing chromadb, then loading the vectors, take most of a second each on
        a large index)."""
        if self._given_store is not None or self.url or not isinstance(self.store, ChromaStore):
            return
        chroma = self.store
        preparation = _Preparation()

        def prepare() -> None:
            try:
                import chromadb  # noqa: F401 - the long part, plain Python: safe to abandon at exit

                if not preparation.enter_native():
                    return
                try:
                    collection = chroma.existing_collection()
                    meta = (collection.metadata or {}) if collection is not None else {}
                    dimension = int(meta.get("dimension") or 0)
                    if collection is not None and dimension > 0:
                        probe = [1.0] + [0.0] * (dimension - 1)
                        collection.query(query_embeddings=[probe], n_results=1, include=[])
                finally:
                    preparation.leave_native()
            except Exception as e:  # noqa: BLE001 - only a head start: the first search does it otherwise
                logger.debug("preparing the store in the background failed: %s", e)

        preparation.thread = threading.Thread(target=prepare, name="store-prepare", daemon=True)
        preparation.thread.start()

    # --- identity ----------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The dense collection's name."""
        return self.identity.collection

    @property
    def index_id(self) -> str:
        return self.identity.index_id

    @property
    def shared(self) -> bool:
        """Whether the manifest also lives on a Chroma server (chroma.url, default store)."""
        return self.texts is not None

    @property
    def documents(self) -> Documents:
        """The committed (or, during an ingest, about to be committed) documents by key."""
        return self._documents

    @documents.setter
    def documents(self, value: dict[str, DocumentEntry]) -> None:
        self._documents = value if isinstance(value, Documents) else Documents(value)

    @property
    def tables_store(self) -> TableStore:
        return TableStore(self.dir)

    def _open_stores(self) -> None:
        self.store: VectorStore = self._given_store or self._default_store()
        self.texts: ChromaTexts | None = None
        if self.url and self.conn is not None:
            self.texts = ChromaTexts(self.conn, self.name + DOCS_SUFFIX)

    def _default_store(self) -> VectorStore:
        return ChromaStore(
            self.embedder,
            self.name,
            batch_size=self.settings.embedding.batch_size,
            connection=self.conn,
        )

    def _owned_name(self, index_id: str) -> str:
        return f"{self.base_name}-{index_id}"

    def _resolve_identity(self) -> Identity:
        local = self._read_local()
        local_id = str(local.get("index_id") or "") if local else ""
        wanted = self.settings.index.id
        if wanted:
            if local_id and local_id != wanted:
                raise SettingsError(
                    f"index.id is {wanted!r} but the index folder {self.dir} holds index {local_id!r}",
                    hint="use another index folder (--index) for the other index, or unset index.id",
                )
            return Identity(wanted, self._owned_name(wanted), "setting")
        if local is not None and local_id:
            return Identity(local_id, str(local.get("collection") or self._owned_name(local_id)), "manifest")
        if local is not None and not self.url:
            # Made before indexes had ids: its collection lives in this folder's own Chroma
            # store, so it is this index's alone; it gets an id at its next commit.
            return Identity(new_index_id(), str(local.get("collection") or self.base_name), "legacy")
        if local is not None:
            logger.warning(
                "%s was made before indexes had ids and its collection on %s may be shared with other "
                "index folders: it is not used; the next ingest builds an index of its own",
                self.manifest_path,
                self.url,
            )
        if self.url and self.conn is not None:
            found = self.discover()
            if len(found) == 1:
                logger.info("using index %s found on %s", found[0], self.url)
                return Identity(found[0], self._owned_name(found[0]), "discovered")
            self.ambiguous = found
        fresh = new_index_id()
        return Identity(fresh, self._owned_name(fresh), "new")

    def discover(self) -> list[str]:
        """Ids of the indexes of this configuration (embedder, chunking) that a Chroma server
        holds, with a manifest (shared mode)."""
        if self.conn is None or not self.url:
            return []
        out = []
        for name, meta in self.conn.collections(self.base_name + "-"):
            index_id = str(meta.get("index_id") or "")
            if index_id and name == self._owned_name(index_id) and meta.get("manifest_collection"):
                out.append(index_id)
        return out

    def start_new(self) -> None:
        """Become a new, empty index with a fresh id (an ingest into a folder that has no
        manifest never writes into an index it merely found on the server)."""
        fresh = new_index_id()
        self.identity = Identity(fresh, self._owned_name(fresh), "new")
        self.ambiguous = []
        self.documents = {}
        self.unnamed = set()
        self._described = False
        self._open_stores()
        self._drop_caches()

    def describe_store(self) -> dict[str, Any]:
        """The collection metadata this index writes: what a third party needs to use its
        vectors (embedder name, package version, dimension, normaliser) and whose they are."""
        meta: dict[str, Any] = {
            "producer": "proceedings-qa",
            "index_id": self.index_id,
            "pipeline": PIPELINE_VERSION,
            **embedder_info(self.embedder),
            "document_text": "'<speaker>, <role> (<part>)' line, then the passage (metadata: speaker, role, part, page)",
        }
        if self.texts is not None:
            meta["manifest_collection"] = self.texts.name
        return meta

    # --- manifest ----------------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    def exists(self) -> bool:
        return self.manifest_path.exists() or bool(self.documents)

    def _read_local(self) -> dict[str, Any] | None:
        if not self.manifest_path.exists():
            return None
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise IndexMissingError(
                f"{self.manifest_path}: unreadable manifest ({e}); re-run `proceedings-qa ingest`"
            ) from None
        if not isinstance(data, dict):
            raise IndexMissingError(f"{self.manifest_path}: not a manifest; re-run `proceedings-qa ingest`")
        return data

    def _drop_caches(self) -> None:
        with self._cache_lock:
            self._views = {}
            self._views_version = (-1, -1)
            self._shortfall = None

    def load_manifest(self) -> None:
        """Read the committed manifest (in shared mode, the server's copy first)."""
        self._drop_caches()
        self._bodies_on_disk = None
        self._server_keys = None
        for attempt in range(3):
            try:
                with paused_gc():
                    self._load_once()
                return
            except _BodyMissing as e:
                # A concurrent ingest committed and removed the body between our two reads.
                if attempt == 2:
                    raise IndexMissingError(
                        f"{e}: unreadable document of the index; re-run `proceedings-qa ingest`"
                    ) from None
                time.sleep(0.2 * (attempt + 1))

    def _load_once(self) -> None:
        data: dict[str, Any] | None = None
        read_body: Callable[[str], str | bytes | None]
        where = str(self.manifest_path)
        if self.texts is not None and self.identity.source != "new":
            texts = self.texts
            raw = texts.get(MANIFEST_KEY)
            if raw is not None:
                data = json.loads(raw)
                where = f"{self.url} ({texts.name})"

                def read_body(name: str) -> str | None:
                    return texts.get("doc:" + name)

        if data is None:
            local = self._read_local()
            usable = local is not None and (
                str(local.get("index_id") or "") == self.index_id or self.identity.source == "legacy"
            )
            if local is not None and usable:
                data = local

                def read_body(name: str) -> str | bytes | None:
                    try:
                        return (self.dir / "docs" / name).read_bytes()  # orjson reads UTF-8 itself
                    except OSError:
                        return None

        if data is None:
            self.documents = {}
            self.unnamed = set()
            return
        if data.get("pipeline") != PIPELINE_VERSION:
            raise IndexMissingError(
                f"{where}: made by pipeline version {data.get('pipeline')!r}, this is "
                f"{PIPELINE_VERSION!r}; re-run `proceedings-qa ingest`"
            )
        documents = {}
        # A body's file is named after its content: one already read (the index is reloaded
        # at the start of every ingest) is the same, and is not read again.
        known = {e.file: e for e in self._documents.values() if e.file}
        for k, v in data.get("documents", {}).items():
            name = str(v.get("file", ""))
            same = known.get(name)
            if same is not None:
                documents[k] = DocumentEntry.from_dict(v, {})
                documents[k].chunks, documents[k].speakers, documents[k].parts = same.chunks, same.speakers, same.parts
                continue
            text = read_body(name) if name else None
            if text is None:
                raise _BodyMissing(f"{where}: the document file {name!r} of {v.get('source')!r} is missing")
            try:
                body = orjson.loads(text)  # the same values as json.loads, a few times faster
            except orjson.JSONDecodeError as e:
                raise IndexMissingError(
                    f"{where}: unreadable document file of {v.get('source')!r} ({e}); re-run `proceedings-qa ingest`"
                ) from None
            documents[k] = DocumentEntry.from_dict(v, body)
        self.documents = documents
        self.unnamed = set(data.get("unnamed", []))

    def save_manifest(self) -> None:
        """Commit: write the bodies of new documents, then replace the manifest atomically,
        then remove bodies no document names. Only the small manifest is rewritten, so
        committing after every file stays cheap however many files are indexed."""
        self._write()
        self._drop_caches()

    def note_unnamed(self, ids: Iterable[str]) -> None:
        """Record, before writing them, vectors the manifest does not name yet: if the ingest
        dies before it commits, the next one knows they are this index's to remove."""
        ids = set(ids)
        if ids - self.unnamed:
            self.unnamed |= ids
            self._write()

    def _write(self) -> None:
        docs = self.dir / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        if self._bodies_on_disk is None:
            # Listed once per load: the bodies this index then writes and removes are tracked,
            # so a commit costs what changed, not a listing of every document.
            self._bodies_on_disk = {f.name for f in docs.glob("*.json")}
        bodies: dict[str, str] = {}
        tables = self.tables_store
        for entry in self._documents.values():
            if not entry.file:
                text = json.dumps(entry.body(), ensure_ascii=False)
                name = hashlib.sha256(text.encode()).hexdigest()[:24] + ".json"
                if not (docs / name).exists():
                    _atomic_write(docs / name, text)
                self._bodies_on_disk.add(name)
                entry.file = name
                bodies[name] = text
                if not tables.part_path(name).exists():
                    # The document's share of the corpus tables, counted now that it is new
                    # (named after its body, so it can never be stale); the BM25 tokens are
                    # kept for the end of the ingest.
                    share = DocumentTables.of(entry.chunks)
                    try:
                        tables.write_part(name, share)
                    except OSError as e:  # a cache: counted again from the body when needed
                        logger.warning("could not save the tables of %s (%s)", entry.source, e)
                    if share.tokens is not None:
                        self._pending_tokens[name] = share.tokens
        data = {
            "pipeline": PIPELINE_VERSION,
            "index_id": self.index_id,
            "collection": self.name,
            "fingerprint": self.settings.index_fingerprint(self._embedder_id),
            "updated_at": time.time(),
            "documents": {k: v.to_dict() for k, v in sorted(self._documents.items())},
            "unnamed": sorted(self.unnamed),
        }
        manifest = json.dumps(data, ensure_ascii=False)
        named = {e.file for e in self._documents.values()}
        if not self._described:
            # The collection says whose it is and how its vectors were made (third parties, and
            # `discover` on a server). Once per process: it only changes with a new collection.
            set_metadata = getattr(self.store, "set_metadata", None)
            if set_metadata is not None:
                set_metadata(self.describe_store())
            self._described = True
        if self.texts is not None:
            # The server's copy is the commit point of a shared index: bodies first, then the
            # manifest record, then (after the local copy) the bodies nobody names any more.
            if self._server_keys is None:
                self._server_keys = self.texts.keys()  # once per load: then tracked
            stored = self._server_keys
            missing = {
                "doc:" + e.file: bodies.get(e.file) or json.dumps(e.body(), ensure_ascii=False)
                for e in self._documents.values()
                if "doc:" + e.file not in stored
            }
            self.texts.put(missing)
            stored |= set(missing)
            self.texts.put({MANIFEST_KEY: manifest})
            stored.add(MANIFEST_KEY)
            _atomic_write(self.manifest_path, manifest)
            gone = {k for k in stored if k.startswith("doc:") and k[4:] not in named}
            self.texts.delete(gone)
            stored -= gone
        else:
            _atomic_write(self.manifest_path, manifest)
        for name in self._bodies_on_disk - named:
            with contextlib.suppress(OSError):
                (docs / name).unlink()
            self._bodies_on_disk.discard(name)

    @contextlib.contextmanager
    def lock(self, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """One writer at a time per index folder: a second ingest says it waits, then waits.

        :param on_wait: told the message (the CLI prints it); without it, the message is a logged warning.
        """
        from filelock import FileLock, Timeout

        self.dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.dir / ".lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            message = f"another ingest is writing to {self.dir}; waiting for it to finish"
            if on_wait is not None:
                on_wait(message)  # the caller shows it; logged as well only at info, so it is said once
                logger.info("%s", message)
            else:
                logger.warning("%s", message)
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

    # --- reading -----------------------------------------------------------------------
    # Everything below is derived from the documents once per change of them (a question must
    # never walk every chunk: a large index has 100,000 of them).
    def _view(self, name: str, build: Callable[[], Any]) -> Any:
        docs = self._documents
        version = (id(docs), docs.version)
        views = self._views
        if self._views_version == version and name in views:
            return views[name]
        with self._cache_lock:
            if self._views_version != version:
                self._views = {}
                self._views_version = version
            if name not in self._views:
                with paused_gc():
                    self._views[name] = build()
            return self._views[name]

    def chunks(self) -> list[Chunk]:
        """Every chunk, in the manifest's order (a shared list: do not change it)."""
        chunks: list[Chunk] = self._view("chunks", lambda: [c for d in self._documents.values() for c in d.chunks])
        return chunks

    def chunk_count(self) -> int:
        return len(self.chunks())

    def chunk(self, chunk_id: str) -> Chunk | None:
        by_id: dict[str, Chunk] = self._view("by_id", lambda: {c.id: c for c in self.chunks()})
        return by_id.get(chunk_id)

    def positions(self, field: str, value: str) -> list[int]:
        """Where the chunks whose `field` (speaker, block, part, source) is `value` are in
        `chunks()`, in order."""

        def build() -> dict[str, list[int]]:
            out: dict[str, list[int]] = {}
            for i, c in enumerate(self.chunks()):
                out.setdefault(getattr(c, field), []).append(i)
            return out

        by_value: dict[str, list[int]] = self._view(f"positions:{field}", build)
        return by_value.get(value, [])

    def chunks_where(self, field: str, values: Iterable[str]) -> list[Chunk]:
        """The chunks whose `field` is one of `values`, in the manifest's order."""
        chunks = self.chunks()
        values = list(dict.fromkeys(values))
        if len(values) == 1:
            return [chunks[i] for i in self.positions(field, values[0])]
        return [chunks[i] for i in sorted(i for v in values for i in self.positions(field, v))]

    def tables_key(self) -> str | None:
        """The key of the manifest's tables (None while a document has no body written yet)."""
        from vectorstore.tables import tables_key

        def build() -> str | None:
            bodies = [d.file for d in self._documents.values()]
            return tables_key(bodies) if all(bodies) else None

        key: str | None = self._view("tables_key", build)
        return key

    def tables_state(self) -> str:
        """What the tables are built for: the manifest's key, or (documents not committed yet)
        this very set of documents; it changes whenever the tables do."""
        key = self.tables_key()
        if key is not None:
            return key
        docs = self._documents
        return f"unsaved:{id(docs)}:{docs.version}"

    def _refresh(self, lexical: bool) -> Refreshed:
        """The corpus tables (and the BM25 index) of the current documents: loaded when saved
        for this manifest, else brought up to date and saved."""
        with self._tables_lock:
            state = self.tables_state()
            done = self._refreshed
            if (
                done is not None
                and self._refreshed_for == state
                and (done.bm25 is not None or not lexical or not self._documents)
            ):
                return done
            docs = self._documents
            if state.startswith("unsaved:"):  # not committed yet (tests, notebooks): in memory only
                pairs = [(d.file or f"unsaved-{i}", d.chunks) for i, d in enumerate(docs.values())]
                done = refresh(None, pairs, lexical=lexical)
            else:
                done = refresh(
                    self.tables_store,
                    [(d.file, d.chunks) for d in docs.values()],
                    tokens=self._pending_tokens.get,
                    lexical=lexical,
                )
            if done.rebuilt:
                logger.info("index tables: built %s", "; ".join(done.rebuilt))
            if docs is self._documents:
                self._refreshed, self._refreshed_for = done, state
            return done

    def tables(self) -> CorpusTables:
        """IDF, proper nouns, common words and vocabulary of the corpus (saved at ingest)."""
        return self._refresh(lexical=False).tables

    @property
    def lexical(self) -> LexicalIndex:
        """The BM25 index over `chunks()` (saved at ingest, loaded memory-mapped)."""
        state = self.tables_state()
        held = self._lexical
        if held is not None and held[0] == state and held[1].chunks is self.chunks():
            return held[1]
        done = self._refresh(lexical=True)
        lexical = LexicalIndex(self.chunks(), index_text, bm25=done.bm25, positions=self.positions)
        self._lexical = (state, lexical)
        return lexical

    def refresh_tables(self) -> None:
        """Bring the saved tables and BM25 index up to date with the committed manifest (the end
        of an ingest), and remove those of earlier manifests."""
        key = self.tables_key()
        if not self._documents:
            shutil.rmtree(self.tables_store.root, ignore_errors=True)  # nothing indexed: nothing to keep
            return
        if key is None:
            return
        self._refresh(lexical=True)
        store = self.tables_store
        store.prune_bm25(key)
        saved = store.read_corpus()
        keep = {d.file for d in self._documents.values()} | set(saved[1] if saved else ())
        store.prune_parts(keep)
        self._pending_tokens = {}

    def speakers(self) -> list[SpeakerInfo]:
        """The speaker table of every document (a shared list: do not change it)."""
        speakers: list[SpeakerInfo] = self._view(
            "speakers", lambda: [s for d in self._documents.values() for s in d.speakers]
        )
        return speakers

    def speaker_rows(self, names: Iterable[str]) -> list[SpeakerInfo]:
        """The speaker table's rows of these speakers, in the table's order."""

        def build() -> dict[str, list[int]]:
            out: dict[str, list[int]] = {}
            for i, s in enumerate(self.speakers()):
                out.setdefault(s.name, []).append(i)
            return out

        by_name: dict[str, list[int]] = self._view("speaker_rows", build)
        rows = self.speakers()
        return [rows[i] for i in sorted(i for n in set(names) for i in by_name.get(n, ()))]

    def parts(self) -> list[str]:
        def build() -> list[str]:
            seen: dict[str, None] = {}
            for d in self._documents.values():
                for p in d.parts:
                    seen.setdefault(p["label"], None)
            return list(seen)

        parts: list[str] = self._view("parts", build)
        return list(parts)

    def sources(self) -> list[str]:
        sources: list[str] = self._view("sources", lambda: [d.source for d in self._documents.values()])
        return list(sources)

    def part_titles(self) -> dict[str, str]:
        """Each part label's title as its document heads it (the first document's, when several
        share a label)."""

        def build() -> dict[str, str]:
            out: dict[str, str] = {}
            for d in self._documents.values():
                for p in d.parts:
                    out.setdefault(p["label"], p.get("title", p["label"]))
            return out

        titles: dict[str, str] = self._view("part_titles", build)
        return dict(titles)

    def titles(self) -> list[str]:
        """Each document's title (its file name when it has none)."""
        titles: list[str] = self._view("titles", lambda: [d.title or d.source for d in self._documents.values()])
        return titles

    def find_speaker(self, name: str) -> list[str]:
        """Speaker names matching `name` (folded, honorific-free, full or last name)."""
        from qa.core.text import normalize_name

        q = normalize_name(name)
        folded: list[tuple[str, str]] = self._view(
            "folded_names", lambda: [(n, fold(n)) for n in {s.name for s in self.speakers()}]
        )
        exact = [n for n, f in folded if f == q]
        if exact:
            return exact
        return sorted(n for n, f in folded if q and (q in f or f.split()[-1] == q))

    def orphans(self) -> tuple[set[str], set[str]]:
        """(ids in the store the manifest does not name, ids the manifest names that are missing)."""
        stored = self.store.ids()
        named = set(self._documents.refs())
        return stored - named, named - stored

    def dense_shortfall(self) -> str | None:
        """A warning when the dense store holds fewer vectors than the manifest names (emptied,
        or deleted by someone else): answers then rest on keyword search alone. None if not.

        :raises StoreError: the store cannot be reached.
        """
        if not self.chunk_count():
            return None
        checked = self._shortfall
        now = time.monotonic()
        if checked is not None and now - checked[0] < SHORTFALL_RECHECK_S:
            return checked[1]  # a count per question would cost a request to the store each time
        # Distinct ids: two documents with the same passages share their vectors.
        named = len(self._documents.refs())
        held = self.store.count()
        if held >= named:
            self._shortfall = (now, None)
            return None
        message = (
            f"the dense store ({self.name}) holds {held} vectors but this index names {named} passages: "
            "passages without a vector are found by keyword search only; run `proceedings-qa ingest` to repair"
        )
        logger.warning("%s", message)
        self._shortfall = (now, message)
        return message

    def require(self) -> None:
        if self.ambiguous:
            raise IndexMissingError(
                f"{self.url} holds several indexes for embedder {self.settings.embedder_id()} "
                f"({', '.join(self.ambiguous)}) and {self.dir} names none",
                hint="choose one with index.id (PQA_INDEX_ID)",
            )
        if not self.documents:
            where = f"{self.dir}" + (f" nor on {self.url}" if self.url else "")
            raise IndexMissingError(
                f"no index at {where} for embedder {self.settings.embedder_id()}; "
                "build it with `proceedings-qa ingest` (add --index DIR if you use another folder)"
            )


class _Preparation:
    """A background opening of the store. At exit, the interpreter must not finalize under a
    thread inside chromadb's native code: such a thread is waited for (it is loading vectors), one
    still importing chromadb (plain Python) is left, and one not started is told not to."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stopped = False
        self.native = False
        self.thread: threading.Thread | None = None
        _PREPARATIONS.append(self)

    def enter_native(self) -> bool:
        with self.lock:
            if self.stopped:
                return False
            self.native = True
            return True

    def leave_native(self) -> None:
        with self.lock:
            self.native = False
        with contextlib.suppress(ValueError):
            _PREPARATIONS.remove(self)

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            busy = self.native
        if busy and self.thread is not None:
            self.thread.join(30)


_PREPARATIONS: list[_Preparation] = []


@atexit.register
def _stop_preparations() -> None:
    for preparation in list(_PREPARATIONS):
        preparation.stop()


class _BodyMissing(Exception):
    """A document body the manifest names could not be read (a concurrent commit, or damage)."""


def _atomic_write(path: Path, text: str) -> None:
    """Write, fsync, rename: readers see the old file or the new one, never half of one."""
    atomic_text(path, text)
