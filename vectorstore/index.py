"""The persisted index: a manifest (documents, their hashes, chunks and speaker tables), the
dense store, and the lexical index derived from the manifest.

The manifest is the source of truth and is replaced atomically (write, fsync, rename). Dense
vectors are written before the manifest names them and deleted after it stops naming them, so
an ingest killed at any point leaves the last committed index usable: readers only ever see
chunks the manifest names, and the next ingest removes orphans.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.core.errors import IndexMissingError
from qa.core.settings import PIPELINE_VERSION, Settings
from qa.core.text import fold
from qa.core.types import Chunk, SpeakerInfo, index_text
from vectorstore.embedders import Embedder, make_embedder
from vectorstore.lexical import LexicalIndex
from vectorstore.store import ChromaStore, VectorStore

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"


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


class Index:
    """Everything under `<index dir>/<collection>/` plus the matching dense collection."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, store: VectorStore | None = None):
        self.settings = settings
        self.root = settings.index.dir
        self.embedder = embedder or make_embedder(settings.embedding)
        # Named after the embedder actually used, so vectors of two models never mix.
        self._embedder_id = embedder.id if embedder else None
        self.name = settings.collection_name(self._embedder_id)
        self.dir = self.root / self.name
        self.store: VectorStore = store or self._default_store()
        self.documents: dict[str, DocumentEntry] = {}
        self._lexical: LexicalIndex | None = None
        self._by_id: dict[str, Chunk] | None = None
        self.load_manifest()

    def _default_store(self) -> VectorStore:
        return ChromaStore(
            self.embedder,
            self.name,
            persist_dir=self.root / "chroma",
            url=self.settings.chroma.url,
            batch_size=self.settings.embedding.batch_size,
        )

    # --- manifest ----------------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    def exists(self) -> bool:
        return self.manifest_path.exists()

    def load_manifest(self) -> None:
        self._lexical = None
        self._by_id = None
        if not self.manifest_path.exists():
            self.documents = {}
            return
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise IndexMissingError(
                f"{self.manifest_path}: unreadable manifest ({e}); re-run `proceedings-qa ingest`"
            ) from None
        if data.get("pipeline") != PIPELINE_VERSION:
            raise IndexMissingError(
                f"{self.manifest_path}: made by pipeline version {data.get('pipeline')!r}, this is "
                f"{PIPELINE_VERSION!r}; re-run `proceedings-qa ingest`"
            )
        documents = {}
        for k, v in data.get("documents", {}).items():
            path = self.dir / "docs" / str(v.get("file", ""))
            try:
                body = json.loads(path.read_text("utf-8"))
            except (OSError, json.JSONDecodeError) as e:
                raise IndexMissingError(
                    f"{path}: unreadable document file of {v.get('source')!r} ({e}); re-run `proceedings-qa ingest`"
                ) from None
            documents[k] = DocumentEntry.from_dict(v, body)
        self.documents = documents

    def save_manifest(self) -> None:
        """Commit: write the bodies of new documents, then replace the manifest atomically,
        then remove bodies no document names. Only the small manifest is rewritten, so
        committing after every file stays cheap however many files are indexed."""
        docs = self.dir / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        for entry in self.documents.values():
            if not entry.file:
                text = json.dumps(entry.body(), ensure_ascii=False)
                name = hashlib.sha256(text.encode()).hexdigest()[:24] + ".json"
                if not (docs / name).exists():
                    _atomic_write(docs / name, text)
                entry.file = name
        data = {
            "pipeline": PIPELINE_VERSION,
            "collection": self.name,
            "fingerprint": self.settings.index_fingerprint(self._embedder_id),
            "updated_at": time.time(),
            "documents": {k: v.to_dict() for k, v in sorted(self.documents.items())},
        }
        _atomic_write(self.manifest_path, json.dumps(data, ensure_ascii=False))
        named = {e.file for e in self.documents.values()}
        for f in docs.glob("*.json"):
            if f.name not in named:
                with contextlib.suppress(OSError):
                    f.unlink()
        self._lexical = None
        self._by_id = None

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time per collection: a second ingest says it waits, then waits."""
        from filelock import FileLock, Timeout

        self.dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.dir / ".lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            logger.warning("another ingest is writing to %s; waiting for it to finish", self.dir)
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

    # --- reading -----------------------------------------------------------------------
    def chunks(self) -> list[Chunk]:
        return [c for d in self.documents.values() for c in d.chunks]

    def chunk(self, chunk_id: str) -> Chunk | None:
        if self._by_id is None:
            self._by_id = {c.id: c for c in self.chunks()}
        return self._by_id.get(chunk_id)

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex(self.chunks(), index_text)
        return self._lexical

    def speakers(self) -> list[SpeakerInfo]:
        return [s for d in self.documents.values() for s in d.speakers]

    def parts(self) -> list[str]:
        seen: dict[str, None] = {}
        for d in self.documents.values():
            for p in d.parts:
                seen.setdefault(p["label"], None)
        return list(seen)

    def sources(self) -> list[str]:
        return [d.source for d in self.documents.values()]

    def find_speaker(self, name: str) -> list[str]:
        """Speaker names matching `name` (folded, honorific-free, full or last name)."""
        from qa.core.text import normalize_name

        q = normalize_name(name)
        names = {s.name for s in self.speakers()}
        exact = [n for n in names if fold(n) == q]
        if exact:
            return exact
        return sorted(n for n in names if q and (q in fold(n) or fold(n).split()[-1] == q))

    def orphans(self) -> tuple[set[str], set[str]]:
        """(ids in the store the manifest does not name, ids the manifest names that are missing)."""
        stored = self.store.ids()
        named = {c.id for c in self.chunks()}
        return stored - named, named - stored

    def require(self) -> None:
        if not self.documents:
            raise IndexMissingError(
                f"no index at {self.dir} for embedder {self.settings.embedder_id()}; "
                "build it with `proceedings-qa ingest` (add --index DIR if you use another folder)"
            )


def _atomic_write(path: Path, text: str) -> None:
    """Write, fsync, rename: readers see the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
