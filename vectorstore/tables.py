"""The corpus tables an answer needs, built at ingest, per document, and merged cheaply.

Answering needs tables over every chunk: the IDF of stems, the proper nouns of the corpus, its
frequent words, the words of its embedded vocabulary, and the BM25 index. Building them from
the chunks costs about a millisecond per chunk (stemming), far too much for the first question
on a large index. So each document's share is counted once, when it is committed
(`DocumentTables`, a small JSON file named after the document's body, so it can never be stale),
and the corpus tables (`CorpusTables`) are kept up to date by adding the shares of new
documents and subtracting those of removed ones. The BM25 index is kept as term frequencies
per document, assembled in manifest order and scored with numpy (the same float32 scores as
`bm25s.BM25().index`, checked by the tests), and saved with bm25s: a process loads it
memory-mapped instead of building it.

Every saved artefact is keyed by the manifest's content (the ordered list of document bodies):
one whose key does not match is never used, it is brought up to date (or rebuilt from the
bodies) instead. Nothing here is the source of truth: deleting the `tables/` folder only costs
a rebuild.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import re
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from qa.core.runtime import paused_gc
from qa.core.text import content_words, fold, stem_tokens, stems
from qa.core.types import Chunk, index_text

logger = logging.getLogger(__name__)

# Bump when what is counted changes: every saved table is then rebuilt, never misread.
TABLES_VERSION = 2
FOLDER = "tables"

# Proper nouns: a capitalised word inside a sentence, against the same word in lower case.
MID_CAPITAL = re.compile(r"(?<=[a-zà-ÿ,;:]\s)([A-ZÀ-ÖØ-Ý][a-zà-ÿ'’-]{3,})")
LOWER_WORD = re.compile(r"(?<![\w'’-])([a-zà-ÿ][a-zà-ÿ'’-]{3,})")
# The embedded vocabulary's words (vectorstore/vocab.py): shorter ones are function words or
# initials, whose vectors are noise.
VOCAB_WORD = re.compile(r"^[^\W\d_][\w'-]*$")
VOCAB_MIN_LEN = 3
EMPTY_TOKEN = "∅"  # what BM25 indexes for a chunk without a content word


def lexical_tokens(chunk: Chunk) -> list[str]:
    """What BM25 indexes for a chunk: the stems of its header and text."""
    return stem_tokens(index_text(chunk)) or [EMPTY_TOKEN]


def vocabulary_words(text: str) -> list[str]:
    """The words of a text the embedded vocabulary holds (lower case, accents kept)."""
    return [w for w in content_words(text, folded=False) if len(w) >= VOCAB_MIN_LEN and VOCAB_WORD.match(w)]


def tables_key(bodies: Sequence[str]) -> str:
    """The key of the tables of a manifest: its document bodies, in order (a body's name is
    the hash of its content), and the version of the tables."""
    h = hashlib.sha256(f"tables {TABLES_VERSION}\n".encode())
    for b in bodies:
        h.update(b.encode() + b"\n")
    return h.hexdigest()[:32]


@dataclass
class DocumentTables:
    """One document's share of the corpus tables.

    `stems`, `words`: in how many of its chunks each stem (`stems`) and folded content word
    occurs; `capital`, `lower`: how often each word is written capitalised inside a sentence,
    and in lower case; `vocab`: its distinct vocabulary words, in order of appearance;
    `tokens`: the BM25 tokens of each chunk (kept in memory only: the lexical state stores them).
    """

    n: int = 0
    stems: dict[str, int] = field(default_factory=dict)
    capital: dict[str, int] = field(default_factory=dict)
    lower: dict[str, int] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)
    tokens: list[list[str]] | None = None

    @classmethod
    def of(cls, chunks: Sequence[Chunk], tokens: bool = True) -> DocumentTables:
        """Count the chunks of one document (`tokens`: also tokenise them for BM25)."""
        df: Counter[str] = Counter()
        capital: Counter[str] = Counter()
        lower: Counter[str] = Counter()
        words: Counter[str] = Counter()
        vocab: dict[str, None] = {}
        count_stems = stems.__wrapped__  # each chunk is counted once: not worth remembering
        for c in chunks:
            df.update(count_stems(c.text))
            capital.update(fold(m.group(1)) for m in MID_CAPITAL.finditer(c.text))
            lower.update(fold(m.group(1)) for m in LOWER_WORD.finditer(c.text))
            words.update(set(content_words(c.text)))
            for w in vocabulary_words(c.text):
                vocab.setdefault(w, None)
        return cls(
            n=len(chunks),
            stems=dict(df),
            capital=dict(capital),
            lower=dict(lower),
            words=dict(words),
            vocab=list(vocab),
            tokens=[lexical_tokens(c) for c in chunks] if tokens else None,
        )

    def to_json(self) -> str:
        return json.dumps({"version": TABLES_VERSION, **_counts(self)}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> DocumentTables | None:
        """The share saved by `to_json`, or None when it is unreadable or of another version."""
        try:
            d = json.loads(text)
            if d.get("version") != TABLES_VERSION:
                return None
            return cls(
                n=int(d["n"]),
                stems=dict(d["stems"]),
                capital=dict(d["capital"]),
                lower=dict(d["lower"]),
                words=dict(d["words"]),
                vocab=list(d["vocab"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


class CorpusTables:
    """The corpus's tables: sums of the documents' shares (`DocumentTables`)."""

    def __init__(self) -> None:
        self.n = 0
        self.stems: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        self.words: Counter[str] = Counter()
        self.vocab: Counter[str] = Counter()  # in how many documents each vocabulary word is
        self._derived: dict[str, Any] = {}

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> CorpusTables:
        """The tables of some chunks, counted from scratch (as one document)."""
        t = cls()
        t.add(DocumentTables.of(chunks, tokens=False))
        return t

    def add(self, part: DocumentTables, times: int = 1) -> None:
        for _ in range(times):
            self.n += part.n
            self.stems.update(part.stems)
            self.capital.update(part.capital)
            self.lower.update(part.lower)
            self.words.update(part.words)
            self.vocab.update(dict.fromkeys(part.vocab, 1))
        self._derived.clear()

    def subtract(self, part: DocumentTables, times: int = 1) -> None:
        for _ in range(times):
            self.n -= part.n
            for counter, counts in (
                (self.stems, part.stems),
                (self.capital, part.capital),
                (self.lower, part.lower),
                (self.words, part.words),
                (self.vocab, dict.fromkeys(part.vocab, 1)),
            ):
                for k, v in counts.items():
                    left = counter[k] - v
                    # A count that reaches zero goes: the tables are then exactly those counted
                    # from scratch over the remaining documents.
                    if left > 0:
                        counter[k] = left
                    else:
                        counter.pop(k, None)
        self._derived.clear()

    # --- what answering reads ----------------------------------------------------------
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of every stem (over chunks)."""
        if "idf" not in self._derived:
            n = self.n
            self._derived["idf"] = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in self.stems.items()}
        idf: dict[str, float] = self._derived["idf"]
        return idf

    def proper_nouns(self) -> frozenset[str]:
        """Folded words written with a capital inside a sentence more often than without."""
        if "proper" not in self._derived:
            lower = self.lower
            self._derived["proper"] = frozenset(w for w, n in self.capital.items() if n > lower[w])
        proper: frozenset[str] = self._derived["proper"]
        return proper

    def lowercase_words(self) -> frozenset[str]:
        """Folded words written without a capital inside a sentence at least as often as with."""
        if "lowercase" not in self._derived:
            capital = self.capital
            self._derived["lowercase"] = frozenset(w for w, n in self.lower.items() if n >= capital[w])
        lowercase: frozenset[str] = self._derived["lowercase"]
        return lowercase

    def never_capitalised(self, word: str) -> bool:
        """Whether the corpus writes a folded word inside sentences, and never with a capital
        there: a common word (« intérieur », « devant »), never a name."""
        return self.lower[word] > 0 and self.capital[word] == 0

    def common_words(self, share: float = 0.1) -> frozenset[str]:
        """Folded content words found in more than `share` of the chunks."""
        key = f"common {share}"
        if key not in self._derived:
            limit = max(2, int(self.n * share))
            self._derived[key] = frozenset(w for w, n in self.words.items() if n > limit)
        common: frozenset[str] = self._derived[key]
        return common

    def vocabulary(self) -> list[str]:
        """The corpus's vocabulary words (in the order they were first counted)."""
        return list(self.vocab)

    # --- persistence -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return _counts(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CorpusTables:
        t = cls()
        t.n = int(d["n"])
        t.stems = Counter(d["stems"])
        t.capital = Counter(d["capital"])
        t.lower = Counter(d["lower"])
        t.words = Counter(d["words"])
        t.vocab = Counter(d["vocab"])
        return t


# --- the lexical state: term frequencies per document, and the BM25 index built from it -------

# bm25s's defaults (BM25(), method "lucene"), which the index used before it was saved.
BM25_K1 = 1.5
BM25_B = 0.75


@dataclass
class TermRows:
    """Term frequencies of chunks, one row per chunk, grouped by document body (each body once,
    whatever the number of documents that share it): the BM25 index's raw material."""

    vocab: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    offsets: Any = field(default_factory=lambda: np.zeros(1, dtype=np.int64))  # rows of body i: offsets[i]:offsets[i+1]
    indptr: Any = field(default_factory=lambda: np.zeros(1, dtype=np.int64))  # nonzeros of row r: indptr[r]:indptr[r+1]
    ids: Any = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # token of each nonzero (into vocab)
    tf: Any = field(default_factory=lambda: np.zeros(0, dtype=np.uint16))
    lengths: Any = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # tokens per row

    def rows_of(self) -> dict[str, tuple[int, int]]:
        return {b: (int(self.offsets[i]), int(self.offsets[i + 1])) for i, b in enumerate(self.bodies)}

    def keep(self, wanted: set[str]) -> TermRows:
        """Only the bodies in `wanted` (and the tokens they use)."""
        if set(self.bodies) <= wanted:
            return self
        spans = [(b, s, e) for b, (s, e) in self.rows_of().items() if b in wanted]
        rows = np.concatenate([np.arange(s, e) for _, s, e in spans]) if spans else np.zeros(0, dtype=np.int64)
        indptr, ids, tf = _gather_rows(self.indptr, self.ids, self.tf, rows)
        offsets = np.zeros(len(spans) + 1, dtype=np.int64)
        np.cumsum([e - s for _, s, e in spans], out=offsets[1:])
        out = TermRows(self.vocab, [b for b, _, _ in spans], offsets, indptr, ids, tf, self.lengths[rows])
        return out.compact()

    def compact(self) -> TermRows:
        """Drop the tokens no row uses any more (renumbering the others)."""
        used = np.bincount(self.ids, minlength=len(self.vocab)) > 0 if len(self.vocab) else np.zeros(0, dtype=bool)
        if used.all():
            return self
        remap = np.cumsum(used) - 1
        vocab = [t for t, u in zip(self.vocab, used.tolist(), strict=True) if u]
        return TermRows(
            vocab, self.bodies, self.offsets, self.indptr, remap[self.ids].astype(np.int32), self.tf, self.lengths
        )

    def append(self, body: str, tokens: Sequence[Sequence[str]]) -> TermRows:
        """These rows plus one body's chunks (`tokens`: each chunk's BM25 tokens)."""
        index = {t: i for i, t in enumerate(self.vocab)}
        vocab = list(self.vocab)
        row_ids: list[int] = []
        row_tf: list[int] = []
        counts = [0]
        lengths = []
        for toks in tokens:
            counter = Counter(toks)
            for t, n in counter.items():
                i = index.get(t)
                if i is None:
                    i = index[t] = len(vocab)
                    vocab.append(t)
                row_ids.append(i)
                row_tf.append(n)
            counts.append(counts[-1] + len(counter))
            lengths.append(len(toks))
        base = int(self.indptr[-1])
        return TermRows(
            vocab,
            [*self.bodies, body],
            np.append(self.offsets, self.offsets[-1] + len(tokens)),
            np.concatenate([self.indptr, base + np.asarray(counts[1:], dtype=np.int64)]),
            np.concatenate([self.ids, np.asarray(row_ids, dtype=np.int32)]),
            np.concatenate([self.tf, np.asarray(row_tf, dtype=np.uint16)]),
            np.concatenate([self.lengths, np.asarray(lengths, dtype=np.int64)]),
        )

    def save(self, path: Path) -> None:
        def write(f: Any) -> None:
            np.savez(
                f,
                version=np.asarray(TABLES_VERSION),
                vocab=np.asarray(self.vocab, dtype=str),
                bodies=np.asarray(self.bodies, dtype=str),
                offsets=self.offsets,
                indptr=self.indptr,
                ids=self.ids,
                tf=self.tf,
                lengths=self.lengths,
            )

        atomic_binary(path, write)

    @classmethod
    def load(cls, path: Path) -> TermRows | None:
        """The saved rows, or None when there are none (or they are unreadable: rebuilt then)."""
        if not path.exists():
            return None
        try:
            with np.load(path, allow_pickle=False) as d:
                if int(d["version"]) != TABLES_VERSION:
                    return None
                return cls(
                    vocab=d["vocab"].tolist(),
                    bodies=d["bodies"].tolist(),
                    offsets=d["offsets"],
                    indptr=d["indptr"],
                    ids=d["ids"],
                    tf=d["tf"],
                    lengths=d["lengths"],
                )
        except (OSError, ValueError, KeyError) as e:
            logger.warning("%s: unreadable (%s); the lexical index will be rebuilt", path, e)
            return None


def _gather_rows(indptr: Any, ids: Any, tf: Any, rows: Any) -> tuple[Any, Any, Any]:
    """The CSR rows `rows` (in that order) of (indptr, ids, tf)."""
    starts = indptr[rows]
    counts = indptr[rows + 1] - starts
    new_indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(counts, out=new_indptr[1:])
    flat = np.repeat(starts - new_indptr[:-1], counts) + np.arange(int(new_indptr[-1]), dtype=np.int64)
    return new_indptr, ids[flat], tf[flat]


def bm25_from_rows(rows: TermRows, order: Sequence[str]) -> Any:
    """A `bm25s.BM25` over the chunks of the bodies in `order` (a body may come several times),
    scored exactly as `bm25s.BM25().index(tokens)` scores the same tokens (lucene variant,
    float32 scores), in numpy rather than in bm25s's per-document Python loop."""
    import bm25s
    import scipy.sparse as sp

    spans = rows.rows_of()
    picked = [np.arange(*spans[b]) for b in order]
    row_index = np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
    indptr, ids, tf = _gather_rows(rows.indptr, rows.ids, rows.tf, row_index)
    lengths = rows.lengths[row_index]
    n_docs = len(row_index)
    df = np.bincount(ids, minlength=len(rows.vocab))
    used = df > 0
    remap = np.cumsum(used) - 1
    vocab = [t for t, u in zip(rows.vocab, used.tolist(), strict=True) if u]
    ids = remap[ids].astype(np.int32)
    df = df[used]
    # The same operations, in the same order and precision, as bm25s: idf by math.log per token,
    # stored as float32; tf / (k1 * (1 - b + b * len / avg) + tf) in float64; the product
    # rounded to float32.
    idf = np.asarray([math.log(1 + (n_docs - d + 0.5) / (d + 0.5)) for d in df.tolist()], dtype=np.float32).astype(
        np.float64
    )
    avg = lengths.mean() if n_docs else np.float64(1.0)
    k = BM25_K1 * ((1 - BM25_B) + BM25_B * lengths.astype(np.float64) / avg)
    tf64 = tf.astype(np.float64)
    row_of = np.repeat(np.arange(n_docs), np.diff(indptr))
    data = (idf[ids] * (tf64 / (k[row_of] + tf64))).astype(np.float32)
    csc = sp.csr_matrix((data, ids, indptr), shape=(n_docs, len(vocab))).tocsc()
    bm25 = bm25s.BM25()
    bm25.scores = {
        "data": csc.data.astype(np.float32, copy=False),
        "indices": csc.indices.astype(np.int32, copy=False),
        "indptr": csc.indptr.astype(np.int64, copy=False),
        "num_docs": n_docs,
    }
    vocab_dict = {t: i for i, t in enumerate(vocab)}
    vocab_dict[""] = len(vocab)  # bm25s's empty token (create_empty_token)
    bm25.vocab_dict = vocab_dict
    bm25.unique_token_ids_set = set(vocab_dict.values())
    bm25.nonoccurrence_array = None
    return bm25


def bm25_from_tokens(tokens: Sequence[Sequence[str]]) -> Any:
    """`bm25_from_rows` for chunks tokenised in memory (no saved state)."""
    return bm25_from_rows(TermRows().append("", tokens), [""])


# --- the saved tables of an index folder ------------------------------------------------------


class TableStore:
    """The tables saved in `<index folder>/tables/`: documents' shares (`parts/<body>.json`),
    the corpus tables (`corpus.json`), the lexical state (`terms.npz`) and the BM25 index of
    the current manifest (`bm25-<key>/`, bm25s's own format, loaded memory-mapped).

    :param folder: the index folder (`Index.dir`).
    """

    def __init__(self, folder: Path) -> None:
        self.root = folder / FOLDER
        self.parts = self.root / "parts"
        self._lock = threading.Lock()

    # --- documents' shares ---------------------------------------------------------------
    def part_path(self, body: str) -> Path:
        return self.parts / (Path(body).stem + ".json")

    def write_part(self, body: str, part: DocumentTables) -> None:
        path = self.part_path(body)
        if not path.exists():
            self.parts.mkdir(parents=True, exist_ok=True)
            atomic_text(path, part.to_json())

    def read_part(self, body: str) -> DocumentTables | None:
        try:
            return DocumentTables.from_json(self.part_path(body).read_text("utf-8"))
        except OSError:
            return None

    def prune_parts(self, keep: Iterable[str]) -> None:
        """Remove the shares of documents neither the manifest nor the corpus tables name."""
        wanted = {self.part_path(b).name for b in keep}
        if self.parts.is_dir():
            for f in self.parts.glob("*.json"):
                if f.name not in wanted:
                    with contextlib.suppress(OSError):
                        f.unlink()

    # --- corpus tables -----------------------------------------------------------------
    @property
    def corpus_path(self) -> Path:
        return self.root / "corpus.json"

    def read_corpus(self) -> tuple[str, list[str], CorpusTables] | None:
        """(key, bodies, tables) as last saved, whatever manifest they were for."""
        try:
            with paused_gc():
                d = orjson.loads(self.corpus_path.read_bytes())
            if not isinstance(d, dict) or d.get("version") != TABLES_VERSION:
                return None
            return str(d["key"]), [str(b) for b in d["bodies"]], CorpusTables.from_dict(d["tables"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, orjson.JSONDecodeError) as e:
            logger.warning("%s: unreadable (%s); the corpus tables will be rebuilt", self.corpus_path, e)
            return None

    def write_corpus(self, key: str, bodies: Sequence[str], tables: CorpusTables) -> None:
        data = {"version": TABLES_VERSION, "key": key, "bodies": list(bodies), "tables": tables.to_dict()}
        self.root.mkdir(parents=True, exist_ok=True)
        atomic_binary(self.corpus_path, lambda f: f.write(orjson.dumps(data)))

    # --- lexical -----------------------------------------------------------------------
    @property
    def terms_path(self) -> Path:
        return self.root / "terms.npz"

    def bm25_dir(self, key: str) -> Path:
        return self.root / f"bm25-{key}"

    def load_bm25(self, key: str) -> Any | None:
        """The saved BM25 index of the manifest with this key (memory-mapped), or None."""
        folder = self.bm25_dir(key)
        if not (folder / "params.index.json").exists():
            return None
        import bm25s

        try:
            return bm25s.BM25.load(str(folder), mmap=True)
        except (OSError, ValueError, KeyError) as e:
            logger.warning("%s: unreadable (%s); the lexical index will be rebuilt", folder, e)
            return None

    def save_bm25(self, key: str, bm25: Any) -> None:
        """Save under the key: written aside, then renamed into place (readers see all or nothing)."""
        final = self.bm25_dir(key)
        if final.exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.root, prefix=".bm25-"))
        try:
            bm25.save(str(tmp), show_progress=False)
            for f in tmp.iterdir():
                with open(f, "rb") as fh:
                    os.fsync(fh.fileno())
            os.rename(tmp, final)
        except OSError:
            if not final.exists():
                raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def prune_bm25(self, key: str) -> None:
        """Remove the BM25 indexes of other manifests (a reader that has one open keeps its
        mapping: the files go when it lets go of them)."""
        if self.root.is_dir():
            for d in self.root.glob("bm25-*"):
                if d.name != self.bm25_dir(key).name:
                    shutil.rmtree(d, ignore_errors=True)
            for d in self.root.glob(".bm25-*"):
                shutil.rmtree(d, ignore_errors=True)


@dataclass
class Refreshed:
    """What `refresh` brought up to date."""

    key: str
    tables: CorpusTables
    bm25: Any  # bm25s.BM25, or None when the corpus is empty
    rebuilt: list[str] = field(default_factory=list)  # what had to be built, for the log


def refresh(
    store: TableStore | None,
    documents: Sequence[tuple[str, Sequence[Chunk]]],
    tokens: Callable[[str], list[list[str]] | None] = lambda body: None,
    lexical: bool = True,
) -> Refreshed:
    """Bring the corpus tables and the BM25 index up to date with `documents` ((body, chunks)
    in manifest order), from what is saved: the shares of documents added since are added, those
    of documents removed are subtracted; anything missing or unreadable is rebuilt from the
    chunks. Saves what it built (when `store` is given and writable).

    :param tokens: BM25 tokens of a body's chunks already computed (the ingest's), else None.
    :param lexical: also the BM25 index (the corpus tables alone otherwise).
    """
    bodies = [b for b, _ in documents]
    key = tables_key(bodies)
    chunks_of = dict(documents)
    rebuilt: list[str] = []
    parts: dict[str, DocumentTables] = {}

    def part(body: str) -> DocumentTables:
        p = parts.get(body)
        if p is None and store is not None:
            p = store.read_part(body)
        if p is None:
            p = DocumentTables.of(chunks_of[body], tokens=False)
            if store is not None:
                _quietly(store.write_part, body, p)
        parts[body] = p
        return p

    # Corpus tables: the saved ones, brought up to date by the difference of documents.
    saved = store.read_corpus() if store is not None else None
    tables: CorpusTables | None = None
    if saved is not None and saved[0] == key:
        tables = saved[2]
    elif saved is not None:
        tables = saved[2]
        have, want = Counter(saved[1]), Counter(bodies)
        for body, times in (have - want).items():
            gone = store.read_part(body) if store is not None else None
            if gone is None:  # its share is lost: count everything again
                tables = None
                break
            tables.subtract(gone, times)
        if tables is not None:
            for body, times in (want - have).items():
                tables.add(part(body), times)
            rebuilt.append(f"corpus tables (+{sum((want - have).values())} -{sum((have - want).values())} documents)")
    if tables is None:
        tables = CorpusTables()
        for body in bodies:
            tables.add(part(body))
        rebuilt.append(f"corpus tables ({len(bodies)} documents)")
    if store is not None and (saved is None or saved[0] != key):
        _quietly(store.write_corpus, key, bodies, tables)

    bm25 = None
    if lexical and bodies and sum(len(chunks_of[b]) for b in set(bodies)) > 0:
        bm25 = store.load_bm25(key) if store is not None else None
        if bm25 is None:
            rows = (TermRows.load(store.terms_path) if store is not None else None) or TermRows()
            wanted = set(bodies)
            rows = rows.keep(wanted)
            have_rows = set(rows.bodies)
            added = [b for b in dict.fromkeys(bodies) if b not in have_rows]
            for body in added:
                toks = tokens(body) or [lexical_tokens(c) for c in chunks_of[body]]
                rows = rows.append(body, toks)
            if store is not None and added:
                _quietly(rows.save, store.terms_path)
            bm25 = bm25_from_rows(rows, bodies)
            if store is not None:
                _quietly(store.save_bm25, key, bm25)
            rebuilt.append(f"BM25 index ({bm25.scores['num_docs']} chunks, {len(added)} documents tokenised)")
    return Refreshed(key, tables, bm25, rebuilt)


def _quietly(fn: Callable[..., None], *args: Any) -> None:
    """Save what was built; a folder that cannot be written to only costs a rebuild next time."""
    try:
        fn(*args)
    except OSError as e:
        logger.warning("could not save the index tables (%s); they will be built again next time", e)


def _counts(t: DocumentTables | CorpusTables) -> dict[str, Any]:
    """The counts a document's share and the corpus tables both save."""
    return {"n": t.n, "stems": t.stems, "capital": t.capital, "lower": t.lower, "words": t.words, "vocab": t.vocab}


def atomic_text(path: Path, text: str) -> None:
    """`atomic_binary` of a text, in UTF-8."""
    atomic_binary(path, lambda f: f.write(text.encode("utf-8")))


def atomic_binary(path: Path, write: Callable[[Any], None]) -> None:
    """Write, fsync, rename: readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
