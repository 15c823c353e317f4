"""Whether a word is a word of English or French: the word frequencies pyspellchecker ships
(built from OpenSubtitles), loaded on first use (about half a second for both languages)."""

from __future__ import annotations

import threading
from typing import Any

# A word seen this often in a language's frequency list is a word of it, not a typo ("manger"
# 70177, "créneau" 912); misspellings that made it into the lists ("quells" 50) stay below.
MIN_WORD_COUNT = 100
_LANGUAGES = ("en", "fr")
_lock = threading.Lock()
_tables: list[Any] = []


def _frequencies() -> list[Any]:
    with _lock:
        if not _tables:
            from spellchecker import SpellChecker  # imported here: no I/O at import

            _tables.extend(SpellChecker(language=lang, distance=1).word_frequency for lang in _LANGUAGES)
        return _tables


def is_word(word: str) -> bool:
    """Whether `word` (as written, any case) is a common word of English or French."""
    w = word.lower()
    return any(table[w] >= MIN_WORD_COUNT for table in _frequencies())


def french_only(word: str) -> bool:
    """Whether `word` is a common French word that English never uses: a common noun
    (« Congrès », « Chambre »), not a first name, which subtitles in both languages carry
    ("Pierre", "Jean"), or which the French list leaves out ("Michael", "Paul")."""
    w = word.lower()
    en, fr = _frequencies()
    return fr[w] >= MIN_WORD_COUNT and not en[w]
