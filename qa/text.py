"""Text helpers shared by ingest, retrieval, answering and evals (pure functions, no I/O)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Honorifics printed before names in French and English proceedings.
HONORIFIC_RE = re.compile(
    r"^(?:(?:S\.\s?E\.|H\.\s?E\.|M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Prof\.?|Me)\s+)+"
)
HONORIFIC_TOKEN = r"(?:S\.\s?E\.\s+)?(?:M\.|Mme|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Prof\.?|H\.\s?E\.)"


def fold(text: str) -> str:
    """Lower case without accents: the comparison form for names, evidence and keywords."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    stripped = re.sub(r"[’‘`´]", "'", stripped)
    return re.sub(r"\s+", " ", stripped).strip().lower()


def strip_honorific(name: str) -> str:
    return HONORIFIC_RE.sub("", name.strip()).strip()


def normalize_name(name: str) -> str:
    return fold(strip_honorific(name))


# --- sentences ---------------------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?…])[»\"”)]?\s+(?=[«\"“(]?\s?[A-ZÀ-ÖØ-Ý0-9])")
# A piece ending like this is an abbreviation, not a sentence end: glue it to the next.
_ABBREV_END = re.compile(
    r"(?:\b(?:M|MM|Mme|Mlle|S\.E|H\.E|Dr|Pr|Prof|Mr|Mrs|Ms|St|p|pp|etc|ex|cf|vs|n°|art|av|J\.-C)|\b[A-Z])\.$"
)


def split_sentences(text: str) -> list[str]:
    """Sentence split for French/English prose; keeps abbreviations such as M. or S.E. whole."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    pieces: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.start() + len(m.group(0).rstrip())
        pieces.append(text[start:end].strip())
        start = m.end()
    pieces.append(text[start:].strip())
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and _ABBREV_END.search(out[-1]) and not out[-1].endswith("etc."):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    # Bullet lists printed inline ("... ; - Les actions ...") split at their separators.
    final: list[str] = []
    for s in out:
        final.extend(p.strip() for p in re.split(r"(?<=;)\s+-\s+", s) if p.strip())
    return final


# --- language and words ----------------------------------------------------------------

FRENCH_STOP = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "est",
        "et",
        "été",
        "être",
        "eux",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "même",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "où",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sont",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "c",
        "d",
        "j",
        "l",
        "m",
        "n",
        "s",
        "t",
        "à",
        "ça",
        "été",
        "était",
        "sont",
        "ont",
        "avait",
        "fait",
        "faire",
        "plus",
        "aussi",
        "comme",
        "tout",
        "tous",
        "toute",
        "toutes",
        "très",
        "bien",
        "ainsi",
        "donc",
        "car",
        "si",
        "dont",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "quoi",
        "comment",
        "pourquoi",
        "quand",
        "combien",
        "est-ce",
        "cela",
        "ceci",
        "celle",
        "celui",
        "ceux",
        "entre",
        "sans",
        "sous",
        "vers",
        "chez",
        "lors",
        "depuis",
        "selon",
        "dit",
        "dire",
        "parlé",
        "parle",
        "qu'a",
        "qu'il",
        "qu'elle",
        "qu'en",
        "d'un",
        "d'une",
        "l'on",
    ]
)
ENGLISH_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "did",
        "do",
        "does",
        "done",
        "say",
        "said",
        "says",
        "tell",
        "told",
        "talk",
        "talked",
        "speak",
        "spoke",
        "mention",
        "mentioned",
        "according",
        "there",
        "any",
        "some",
        "all",
        "not",
        "no",
        "than",
        "then",
        "so",
        "such",
        "into",
        "over",
        "also",
        "has",
        "have",
        "had",
        "i",
        "you",
        "we",
        "our",
        "your",
        "my",
        "me",
        "us",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
    ]
)


def detect_lang(text: str) -> str:
    """'fr' or 'en' by function words; French wins ties (the corpus language)."""
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    fr = sum(w in FRENCH_STOP or "'" in w for w in words) + 2 * len(re.findall(r"[éèêàçùâîôû]", text.lower()))
    en = sum(w in ENGLISH_STOP for w in words)
    return "en" if en > fr else "fr"


WORD_RE = re.compile(r"[\w'-]+", re.UNICODE)


def content_words(text: str, folded: bool = True) -> list[str]:
    """Words that carry meaning (no function words, no elision prefixes), folded by default."""
    out = []
    for w in WORD_RE.findall(text.lower()):
        w = re.sub(r"^[ldjmnstcq]u?'", "", w.replace("’", "'"))
        w = re.sub(r"-(?:t-)?(?:il|elle|ils|elles|on|je|tu|nous|vous)$", "", w)  # "cite-t-il" -> "cite"
        w = w.strip("'-")
        if len(w) < 2 or w in FRENCH_STOP or w in ENGLISH_STOP:
            continue
        out.append(fold(w) if folded else w)
    return out


@lru_cache(maxsize=4)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import Stemmer  # PyStemmer; imported lazily, loads a C extension

    return Stemmer.Stemmer(lang)


def stem_tokens(text: str, lang: str = "french") -> list[str]:
    """Accent-folded, stop-word-free, stemmed tokens: the BM25 analyzer."""
    # Stem before folding: the Snowball French rules expect accents.
    words = content_words(text, folded=False)
    return [fold(s) for s in _stemmer(lang).stemWords(words)]
