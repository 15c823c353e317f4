"""Matching a question's words to the corpus's words across languages and spellings.

Two mechanisms, neither a word list:
- cognates and spellings by characters: "Nicosia"/"Nicosie", "Karabakh"/"Karabagh",
  "coopération"/"cooperation" share a long prefix or most of their character trigrams;
- translations by the multilingual embedder: a word's nearest neighbours in the embedded
  vocabulary of the index (vectorstore/vocab.py) above a similarity threshold, and close to the
  best neighbour ("war" finds "guerre").

The thresholds are named constants, chosen on the dev set (README).
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import Any

import numpy as np

from qa.core.text import content_words, fold
from vectorstore.embedders import Embedder
from vectorstore.vocab import Vocabulary

logger = logging.getLogger(__name__)

# A translation must be this similar to the word (cosine of e5 word vectors: measured 0.87-0.95
# for true English/French pairs, 0.80-0.84 for the nearest wrong words) ...
TRANSLATION_MIN_COSINE = 0.875
# ... and this close to the word's best neighbour (synonyms and inflections come along).
TRANSLATION_MARGIN = 0.01
# A role's complement is matched against the few speakers' roles, not the whole text: a wider
# margin there ("travail": work 0.932, labour 0.910 for "the Minister for Labour").
ROLE_MARGIN = 0.03
# The nearest words looked at: the 4-bit vectors crowd near-ties ahead of the translation
# ("welcome": accueil 5th at 0.876, the best 0.879); on 29 English/French pairs of the bundled
# corpus, 5 finds 23 against 22 with 3, for 3 more other words.
TRANSLATIONS_PER_WORD = 5
# Soft matching across languages: a text holds a word when one of its words is this close to it
# (chosen on the dev set: English questions over French text, answerable against not).
SOFT_MIN_COSINE = 0.86
# Cognates: a shared prefix of this many characters and this share of the shorter word ...
COGNATE_MIN_PREFIX = 5
COGNATE_PREFIX_SHARE = 0.7
# ... or this share of character trigrams in common (Jaccard).
COGNATE_MIN_TRIGRAMS = 0.6


@lru_cache(maxsize=65536)
def _trigrams(word: str) -> frozenset[str]:
    w = f"_{word}_"
    return frozenset(w[i : i + 3] for i in range(len(w) - 2))


@lru_cache(maxsize=1 << 18)
def similar(a: str, b: str) -> bool:
    """Whether two words are the same word across spellings or close languages (folded).
    Remembered: answerability compares a question's words with every word of many passages,
    and the same pairs come back (a corpus has far fewer distinct words than words)."""
    a, b = fold(a), fold(b)
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    prefix = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        prefix += 1
    if prefix >= COGNATE_MIN_PREFIX and prefix >= COGNATE_PREFIX_SHARE * min(len(a), len(b)):
        return True
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) >= COGNATE_MIN_TRIGRAMS


def acronym_twin(word: str, text: str) -> bool:
    """Whether `text` holds the same acronym in the other language's word order: NGO/ONG,
    EU/UE, NATO/OTAN, IMF/FMI, OECD/OCDE (written in capitals, 2 to 4 letters, the same letters:
    longer anagrams are other bodies, DAECT is not ACTED)."""
    core = re.sub(r"(?<=[A-Z])s$", "", word)  # "NGOs"
    if not (core.isupper() and 2 <= len(core) <= 4):
        return False
    letters = sorted(core)
    return any(t != core and sorted(t) == letters for t in re.findall(r"\b[A-Z]{2,4}\b", text))


# International bodies whose acronym changes letters between English and French (those that only
# change order, NGO/ONG, are `acronym_twin`'s): a reviewed list of institutions, not of any
# question's words.
ACRONYM_PAIRS: tuple[tuple[str, str], ...] = (
    ("UN", "ONU"),
    ("WHO", "OMS"),
    ("WTO", "OMC"),
    ("ILO", "OIT"),
    ("IAEA", "AIEA"),
    ("UNDP", "PNUD"),
    ("WFP", "PAM"),
    ("UNHCR", "HCR"),
    ("ICC", "CPI"),
    ("ICJ", "CIJ"),
    ("ECB", "BCE"),
    ("ECHR", "CEDH"),
    ("ECtHR", "CEDH"),
    ("AU", "UA"),
    ("ECOWAS", "CEDEAO"),
    ("WB", "BM"),
    ("UNSC", "CSNU"),
    ("EP", "PE"),
    ("EC", "CE"),
    ("EIB", "BEI"),
    ("ICRC", "CICR"),
    ("IPCC", "GIEC"),
    ("SDGs", "ODD"),
    ("SDG", "ODD"),
    ("GDP", "PIB"),
    ("VAT", "TVA"),
    ("AIDS", "SIDA"),
    ("HIV", "VIH"),
    ("FDI", "IDE"),
    ("SME", "PME"),
    ("SMEs", "PME"),
    ("ODA", "APD"),
    ("UCLG", "CGLU"),
)
_ACRONYM_OTHER: dict[str, frozenset[str]] = {
    a: frozenset(b for x, y in ACRONYM_PAIRS for p, b in ((x, y), (y, x)) if p == a)
    for pair in ACRONYM_PAIRS
    for a in pair
}


def acronym_forms(word: str) -> frozenset[str]:
    """The acronym's forms in the other language ("WHO": OMS), from `ACRONYM_PAIRS`."""
    return _ACRONYM_OTHER.get(word, frozenset())


class TermBridge:
    """Finds, for a word of a question, the corpus words that say the same in another language.

    :param vocabulary: the index's embedded vocabulary (loaded on first use).
    :param embedder: the index's embedder, for the question's words.
    """

    def __init__(self, vocabulary: Vocabulary, embedder: Embedder) -> None:
        self.vocabulary = vocabulary
        self.embedder = embedder
        self._cache: dict[str, tuple[str, ...]] = {}
        self._vectors: dict[str, Any] = {}
        self._rows_cache: dict[str, list[int]] = {}
        self._row_of: dict[str, int] = {}
        self._lock = threading.Lock()

    def _vector(self, word: str) -> Any:
        key = word.lower()
        with self._lock:
            v = self._vectors.get(key)
        if v is None:
            v = np.asarray(self.embedder.embed_query(key), dtype=np.float32)
            v = v / (np.linalg.norm(v) or 1.0)
            with self._lock:
                self._vectors[key] = v
        return v

    def _rows(self, text: str) -> list[int]:
        with self._lock:
            rows = self._rows_cache.get(text)
            if rows is not None:
                return rows
            if len(self._row_of) != len(self.vocabulary.words):
                self._row_of = {w: i for i, w in enumerate(self.vocabulary.words)}
            rows = sorted({self._row_of[w] for w in content_words(text, folded=False) if w in self._row_of})
            if len(self._rows_cache) > 8192:
                self._rows_cache.clear()
            self._rows_cache[text] = rows
            return rows

    def soft_match(self, word: str, text: str) -> bool:
        """Whether one of the text's words means about the same as `word` (in any language)."""
        rows = self._rows(text)
        if not rows or self.vocabulary.matrix.size == 0:
            return False
        return float((self.vocabulary.matrix[rows] @ self._vector(word)).max()) >= SOFT_MIN_COSINE

    def translations(self, word: str, margin: float = TRANSLATION_MARGIN) -> tuple[str, ...]:
        """Corpus words (as written) whose vectors are near `word`'s, best first; cached.
        `margin`: how close to the best neighbour (wider for role complements, ROLE_MARGIN)."""
        key = word.lower() if margin == TRANSLATION_MARGIN else f"{word.lower()}\t{margin}"
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        if not self.vocabulary.words:
            return ()
        near = self.vocabulary.nearest(self._vector(word.lower()), TRANSLATIONS_PER_WORD)
        best = near[0][1] if near else 0.0
        out = tuple(
            w
            for w, score in near
            # stop words embedded before the stop lists grew are no translation of anything
            if score >= TRANSLATION_MIN_COSINE and score >= best - margin and content_words(w)
        )
        logger.debug("bridge %r -> %s", key, [(w, round(s, 3)) for w, s in near])
        with self._lock:
            self._cache[key] = out
        return out
