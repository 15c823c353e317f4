"""The indexed text's vocabulary with one embedding per word, for matching terms across languages.

A multilingual embedder places a word near its translations ("war" near "guerre", "refugees"
near "réfugiés": 28 of 30 common English/French pairs were each other's nearest neighbour with
multilingual-e5-small). Embedding the vocabulary once lets an English question's words find
the French words of the proceedings (and the other way round) with one matrix product, with
no hand-written glossary. The vectors live in `vocab.npz` in the index folder, beside the
manifest; words already embedded are never embedded again. The ingest embeds the words of the
documents it adds (their list comes from the corpus tables, vectorstore/tables.py), so a
question never waits for the vocabulary of the whole corpus.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from qa.core.types import Chunk
from vectorstore.embedders import Embedder
from vectorstore.tables import VOCAB_MIN_LEN, vocabulary_words

logger = logging.getLogger(__name__)

FILE = "vocab.npz"
MIN_LEN = VOCAB_MIN_LEN  # shorter words are function words or initials: their vectors are noise
BATCH = 256


def vocabulary(chunks: Iterable[Chunk]) -> list[str]:
    """Distinct content words of the chunks (lower case, accents kept: the embedder reads them)."""
    seen: dict[str, None] = {}
    for c in chunks:
        for w in vocabulary_words(c.text):
            seen.setdefault(w, None)
    return list(seen)


class Vocabulary:
    """Words and their unit vectors, persisted in `<folder>/vocab.npz`.

    :param folder: the index folder of one collection (the embedder is part of its name).
    :param embedder: the index's embedder; words are embedded as passages.
    """

    def __init__(self, folder: Path, embedder: Embedder) -> None:
        self.path = folder / FILE
        self.embedder = embedder
        self.words: list[str] = []
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self._lock = threading.Lock()
        self._loaded = False

    def load(self) -> None:
        """Read the saved vectors (none yet is fine: the vocabulary is then empty)."""
        with self._lock:
            self._load_locked()

    def _load_locked(self) -> None:
        self._loaded = True
        if not self.path.exists():
            return
        try:
            with np.load(self.path, allow_pickle=False) as data:
                self.words = [str(w) for w in data["words"]]
                self.matrix = data["vectors"].astype(np.float32)
        except (OSError, ValueError, KeyError) as e:
            logger.warning("%s: unreadable (%s); the vocabulary will be embedded again", self.path, e)
            self.words, self.matrix = [], np.zeros((0, 0), dtype=np.float32)

    def update(self, chunks: Iterable[Chunk]) -> int:
        """Embed the chunks' words not embedded yet, save, and return how many were added."""
        return self.update_words(vocabulary(chunks))

    def missing(self, words: Iterable[str]) -> list[str]:
        """The words not embedded yet, in order."""
        with self._lock:
            if not self._loaded:
                self._load_locked()
            known = set(self.words)
        return [w for w in dict.fromkeys(words) if w not in known]

    def update_words(self, words: Iterable[str]) -> int:
        """Embed the words not embedded yet, save, and return how many were added."""
        with self._lock:
            if not self._loaded:
                self._load_locked()
            known = set(self.words)
            new = [w for w in dict.fromkeys(words) if w not in known]
            if not new:
                return 0
            vectors = [self.embedder.embed_documents(new[i : i + BATCH]) for i in range(0, len(new), BATCH)]
            block = _unit(np.asarray([v for batch in vectors for v in batch], dtype=np.float32))
            self.words = self.words + new
            self.matrix = block if self.matrix.size == 0 else np.vstack([self.matrix, block])
            self._save()
            logger.info("vocabulary: %d words embedded (%d in all)", len(new), len(self.words))
            return len(new)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".vocab-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, words=np.asarray(self.words), vectors=self.matrix.astype(np.float16))
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def nearest(self, vector: Any, k: int = 5) -> list[tuple[str, float]]:
        """The `k` words whose vectors are closest to `vector` (cosine), best first."""
        if self.matrix.size == 0:
            return []
        scores = self.matrix @ _unit(np.asarray(vector, dtype=np.float32))
        top = np.argsort(-scores)[:k]
        return [(self.words[i], float(scores[i])) for i in top]


def _unit(m: Any) -> Any:
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return m / np.where(norms == 0, 1.0, norms)
