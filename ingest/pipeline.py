"""Ingest: files in, committed index out; idempotent, incremental, never leaving a broken index.

Per file: hash the bytes; unchanged (same hash, same pipeline) means nothing is written.
Otherwise parse, chunk, record the ids about to be written (the manifest's `unnamed`), embed
only the chunks the store does not have, commit the manifest, then delete the chunks nobody
names any more. A bad file is reported and skipped.

A commit costs what changed, not the size of the index: which chunks the store holds is known
from the manifest (what it names, less what the repair at the start found missing), never by
listing the store. At the end, the corpus tables and the BM25 index the answers read are
brought up to date (vectorstore/tables.py), and the embedded vocabulary gets the new words.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunking import chunk_document, index_text
from ingest.readers import SUPPORTED_SUFFIXES, ReadError, read_file
from ingest.structure import parse, speaker_table
from qa.core.errors import ProceedingsQAError
from qa.core.types import Chunk
from vectorstore.index import DocumentEntry, Index
from vectorstore.vocab import Vocabulary

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (file name, chunks done, chunks total)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # files (re)indexed
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    pruned: list[str] = field(default_factory=list)
    chunks_written: int = 0
    chunks_deleted: int = 0
    chunks_total: int = 0
    documents_total: int = 0
    seconds: float = 0.0
    found: int = 0  # files found to ingest (supported, or named one by one)
    missing: list[str] = field(default_factory=list)  # paths that do not exist

    @property
    def ok(self) -> bool:
        return not self.skipped

    @property
    def nothing_to_ingest(self) -> bool:
        """The paths hold no file to ingest (none supported), and none of them was missing."""
        return self.found == 0 and not self.missing

    def summary(self) -> str:
        """One line for people: what was done and what the index now holds."""
        return (
            f"{len(self.added)} ingested, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped, {len(self.pruned)} pruned; "
            f"{self.chunks_written} chunks written, {self.chunks_deleted} deleted; "
            f"index: {self.documents_total} documents, {self.chunks_total} chunks ({self.seconds:.1f} s)"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "pruned": self.pruned,
            "chunks_written": self.chunks_written,
            "chunks_deleted": self.chunks_deleted,
            "documents": self.documents_total,
            "chunks": self.chunks_total,
            "seconds": round(self.seconds, 3),
        }


def expand(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Files named, and the supported files found under folders (hidden ones ignored)."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    if f.suffix.lower() in SUPPORTED_SUFFIXES:
                        files.append(f)
                    else:
                        report.skipped.append(
                            (
                                str(f),
                                f"unsupported file type {f.suffix or '(none)'!r}; "
                                f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}",
                            )
                        )
        elif p.exists():
            files.append(p)
        else:
            report.skipped.append((str(p), "no such file or folder"))
            report.missing.append(str(p))
    report.found = len(files)
    logger.debug("files to ingest: %s", ", ".join(map(str, files)) or "none")
    return files


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_entry(path: Path, index: Index, sha: str) -> DocumentEntry:
    """Parse and chunk one file (no writes)."""
    settings = index.settings
    blocks = read_file(path, max_mb=settings.ingest.max_file_mb)
    doc = parse(blocks, path.name, speaker_pattern=settings.ingest.speaker_pattern)
    budget = min(settings.chunking.max_tokens, index.embedder.max_tokens - 8)
    chunks = chunk_document(doc, path.name, budget, settings.chunking.overlap_sentences, index.embedder.count_tokens)
    if not chunks:
        raise ReadError(f"{path}: no text found; expected a document with text")
    counts = Counter((c.speaker, c.part) for c in chunks if c.speaker and c.block == "statement")
    speakers = [s for s in speaker_table(doc, dict(counts))]
    speakers = [dataclasses.replace(s, source=path.name) for s in speakers]
    parts: list[dict[str, str]] = []
    for c in chunks:
        if c.part and all(p["label"] != c.part for p in parts):  # text before the first part has none
            parts.append({"label": c.part, "title": c.part_title if c.block != "programme" else c.part})
    return DocumentEntry(str(path.resolve()), path.name, sha, doc.title, chunks, speakers, parts)


def ingest(
    paths: Iterable[Path],
    index: Index,
    prune: bool = False,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest `paths` (files, folders walked) into `index`; bad files are skipped and reported.

    :param prune: also drop indexed documents whose files are gone.
    :param progress: called with (file name, chunks done, chunks total) while embedding.
    :param on_wait: told when another ingest holds the index and this one waits for it.
    """
    started = time.perf_counter()
    report = IngestReport()
    files = expand(paths, report)
    if index.identity.source == "discovered":
        # This folder has no manifest: the index found on the server is someone else's until
        # index.id says otherwise, so this ingest builds an index of its own.
        logger.warning(
            "%s holds no index; starting a new one instead of writing into index %s found on %s "
            "(set index.id / PQA_INDEX_ID=%s to add to that one)",
            index.dir,
            index.index_id,
            index.url,
            index.index_id,
        )
        index.start_new()
    with index.lock(on_wait):
        index.load_manifest()  # another process may have committed since we opened it
        missing = _repair(index, report)
        for path in files:
            key = str(path.resolve())
            try:
                sha = file_sha256(path)
            except OSError as e:
                _skip(report, path, f"cannot be read ({e.strerror})")
                continue
            old = index.documents.get(key)
            if old is not None and old.sha256 == sha:
                logger.info("%s: unchanged (sha256 %s), nothing to do", path, sha[:12])
                report.unchanged.append(str(path))
                continue
            twin = next(
                (k for k, d in index.documents.items() if k != key and d.sha256 == sha and Path(k).exists()), None
            )
            if twin is not None:
                # The same bytes under another name would give every passage twice in answers.
                _skip(report, path, f"has the same content as {twin}, already indexed; not indexed twice")
                continue
            logger.info("%s: %s", path, "changed, re-indexing" if old is not None else "new")
            t0 = time.perf_counter()
            try:
                entry = build_entry(path, index, sha)
            except ReadError as e:
                _skip(report, path, str(e).removeprefix(f"{path}: "))
                continue
            except Exception as e:
                logger.exception("unexpected error while reading %s", path)
                _skip(report, path, f"could not be parsed ({type(e).__name__}: {e})")
                continue
            logger.info(
                "%s: parsed in %.2f s: %d chunks, %d speakers, %d parts",
                path.name,
                time.perf_counter() - t0,
                len(entry.chunks),
                len(entry.speakers),
                len(entry.parts),
            )
            _commit(index, key, entry, report, progress, missing)
            report.added.append(str(path))
        if prune:
            for key, entry in list(index.documents.items()):
                if not Path(key).exists():
                    logger.info("%s: file gone, pruning it", key)
                    _drop(index, key, report)
                    report.pruned.append(entry.source)
        _finish(index)
    report.documents_total = len(index.documents)
    report.chunks_total = index.chunk_count()
    report.seconds = time.perf_counter() - started
    logger.info("ingest done: %s", report.summary())
    return report


class DocumentNotIndexedError(ProceedingsQAError, ValueError):
    """`remove` was asked for a document the index does not hold (or names ambiguously)."""


def remove(index: Index, document: str) -> IngestReport:
    """Take one document out of the index: its manifest entry, then the vectors nobody else names.

    The same order as pruning: the manifest is committed first, so a crash before the vectors
    are deleted leaves orphans that the next ingest removes, never a manifest naming nothing.

    :param index: the open index to change.
    :param document: the document's key (its absolute path, as `Assistant.describe()` gives it
        under "path") or its file name when only one indexed document has that name.
    :returns: a report with `pruned` = [the file name] and the chunks deleted.
    :raises DocumentNotIndexedError: no indexed document has that key or name, or several share the name.
    """
    started = time.perf_counter()
    report = IngestReport()
    with index.lock():
        index.load_manifest()  # another process may have committed since we opened it
        if document in index.documents:
            key = document
        else:
            keys = [k for k, e in index.documents.items() if e.source == document]
            if len(keys) != 1:
                known = ", ".join(sorted(e.source for e in index.documents.values())) or "none"
                what = "names several indexed documents; give its path" if keys else "is not an indexed document"
                raise DocumentNotIndexedError(f"{document!r} {what}; indexed: {known}")
            key = keys[0]
        source = index.documents[key].source
        _drop(index, key, report)
        report.pruned.append(source)
        _finish(index)
    report.documents_total = len(index.documents)
    report.chunks_total = index.chunk_count()
    report.seconds = time.perf_counter() - started
    return report


def _skip(report: IngestReport, path: Path, reason: str) -> None:
    # Info, not warning: the report carries the reason and the caller shows it, once.
    logger.info("could not ingest %s: %s; skipping it", path, reason)
    report.skipped.append((str(path), reason))


def _finish(index: Index) -> None:
    """After the commits: the tables and the BM25 index of the committed manifest, saved for
    the answers to load, and the embedded vocabulary with the words of the new documents."""
    t0 = time.perf_counter()
    index.refresh_tables()
    if not index.documents:
        return
    added = 0
    if getattr(index.embedder, "word_vectors", True):
        vocabulary = Vocabulary(index.dir, index.embedder)
        added = vocabulary.update_words(index.tables().vocabulary())
    logger.info(
        "index tables and BM25 index up to date in %.2f s%s",
        time.perf_counter() - t0,
        f"; {added} words embedded" if added else "",
    )


def _commit(
    index: Index,
    key: str,
    entry: DocumentEntry,
    report: IngestReport,
    progress: Progress | None,
    missing: set[str],
) -> None:
    # The store holds what the manifest names, less what the repair found missing (and what
    # this run re-embedded since): known without listing the store.
    named = index.documents.refs()
    new = [c for c in entry.chunks if c.id not in named or c.id in missing]
    index.note_unnamed(c.id for c in new)  # before any is written: a crash leaves them ours to remove
    total = len(new)
    t0 = time.perf_counter()
    step = 32
    if progress:
        progress(entry.source, 0, total)  # the bar appears before the first (slow) batch
    for i in range(0, total, step):
        batch: list[Chunk] = new[i : i + step]
        index.store.add(batch, [index_text(c) for c in batch])
        report.chunks_written += len(batch)
        if progress:
            progress(entry.source, min(i + step, total), total)
    if total:
        elapsed = time.perf_counter() - t0
        logger.info(
            "%s: embedded and stored %d chunks in %.2f s (%.1f chunks/s); %d were already stored",
            entry.source,
            total,
            elapsed,
            total / elapsed if elapsed else 0.0,
            len(entry.chunks) - total,
        )
    missing.difference_update(c.id for c in new)
    old = index.documents.get(key)
    index.documents[key] = entry
    still_named = index.documents.refs()
    gone = [c.id for c in old.chunks if c.id not in still_named] if old is not None else []
    index.unnamed = set(gone)  # deleted right after the commit; a crash leaves them ours to remove
    index.save_manifest()  # the commit point
    logger.debug("%s: manifest committed", entry.source)
    if gone:
        logger.info("%s: deleted %d chunks of its previous version", entry.source, len(gone))
        index.store.delete(gone)
        report.chunks_deleted += len(gone)


def _drop(index: Index, key: str, report: IngestReport) -> None:
    entry = index.documents.pop(key)
    still_named = index.documents.refs()
    gone = [c.id for c in entry.chunks if c.id not in still_named]
    index.unnamed = set(gone)
    index.save_manifest()
    index.store.delete(gone)
    report.chunks_deleted += len(gone)


def _repair(index: Index, report: IngestReport) -> set[str]:
    """Undo what a killed ingest left: vectors this index wrote that its manifest does not
    name go (only those: the collection may be read by others, and on a shared server nothing
    else is ours to delete); documents whose vectors are missing are re-embedded on this run
    (their hash is forgotten). Returns the ids the manifest names that the store lacks.

    The store is listed only when its count says something is off: the collection is this
    index's own and every vector is recorded (named, or `unnamed` before it is written), so
    a count equal to the names with nothing unnamed leaves nothing to repair."""
    if not index.documents and not index.unnamed and not index.exists():
        return set()
    refs = index.documents.refs()
    if not index.unnamed and index.identity.source != "legacy" and index.store.count() == len(refs):
        return set()
    named = set(refs)
    stored = index.store.ids()
    mine = index.unnamed
    if index.identity.source == "legacy":
        # A manifest from before ids: its collection is in this folder's own store, all its own.
        mine = mine | stored
    orphans = (mine - named) & stored
    if orphans:
        logger.info("removing %d vectors left by an interrupted ingest", len(orphans))
        index.store.delete(orphans)
        report.chunks_deleted += len(orphans)
    missing = named - stored
    if missing:
        for entry in index.documents.values():
            if any(c.id in missing for c in entry.chunks):
                logger.info("%s: vectors missing, it will be re-embedded", entry.source)
                entry.sha256 = ""
    return missing
