"""Text helpers shared by ingest, retrieval, answering and evals (pure functions, no I/O)."""

from __future__ import annotations

import re
import unicodedata
import warnings
from functools import lru_cache

with warnings.catch_warnings():
    # bm25s imports tqdm.auto, which warns (a red TqdmWarning) in a Jupyter kernel without
    # ipywidgets. We never draw bm25s's bars (show_progress=False), and this is the first
    # import of tqdm.auto, so the warning is silenced here once, without a global filter.
    warnings.filterwarnings("ignore", message="IProgress not found")
    from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_FRENCH

# Honorifics printed before names in French and English proceedings.
HONORIFIC_RE = re.compile(
    r"^(?:(?:S\.\s?E\.|H\.\s?E\.|M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Prof\.?|Me)\s+)+"
)
HONORIFIC_TOKEN = r"(?:S\.\s?E\.\s+)?(?:M\.|Mme|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Prof\.?|H\.\s?E\.)"


def fold(text: str) -> str:
    """Lower case without accents: the comparison form for names, evidence and keywords."""
    # Words and names are folded over and over (every question compares them): remembered.
    if len(text) <= _FOLD_CACHED_CHARS:
        return _fold_cached(text)
    return _fold(text)


_FOLD_CACHED_CHARS = 40


@lru_cache(maxsize=1 << 16)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    stripped = re.sub(r"[’‘`´]", "'", stripped)
    return re.sub(r"\s+", " ", stripped).strip().lower()


def strip_honorific(name: str) -> str:
    """The name without leading honorifics (M., Mme, Dr, Mr...)."""
    return HONORIFIC_RE.sub("", name.strip()).strip()


def normalize_name(name: str) -> str:
    """The comparison form of a person's name: honorific-free, folded."""
    return fold(strip_honorific(name))


# --- sentences ---------------------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?…])[»\"”)]?\s+(?=[«\"“(]?\s?[A-ZÀ-ÖØ-Ý0-9])")
# A piece ending like this is an abbreviation, not a sentence end: glue it to the next.
_ABBREV_END = re.compile(
    r"(?:\b(?:M|MM|Mme|Mlle|S\.E|H\.E|Pr|p|pp|etc|ex|cf|vs|n°|art|av|J\.-C)|\b[A-Z]"
    # Abbreviated months: "Feb. 6, 1995", "janv. 2020".
    r"|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|janv|févr|avr|juil|sept|oct|nov|déc)"
    # Honorifics and titles are printed in any case in transcripts ("MS. KAPTUR", "MR. SMITH").
    r"|\b(?i:mme|mlle|mr|mrs|ms|messrs|dr|prof|st|sen|rep|hon|gov|gen|col|capt|lt|sgt|rev|fr))\.$"
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


FRAGMENT_WORDS = 4  # "Et 89 décès.", "There were 13.", "Fut mon logiciel principal."


def quote_units(text: str) -> list[str]:
    """Sentences, each very short one joined to the one before: a fragment continues it.

    Spoken and note-taking prose puts the asked fact in a fragment ("…avec 7 naissances. Et 89
    décès.") that alone says nothing and, quoted alone or left out, loses the answer.
    """
    units: list[str] = []
    for s in split_sentences(text):
        if units and len(re.findall(r"\w+", s)) <= FRAGMENT_WORDS:
            units[-1] = f"{units[-1]} {s}"
        else:
            units.append(s)
    return units


# --- language and words ----------------------------------------------------------------

# bm25s's Snowball stop-word lists, plus the words questions are made of (interrogatives,
# verbs of saying, frequent adverbs): they say what kind of answer is wanted, not its topic.
FRENCH_STOP = frozenset(STOPWORDS_FRENCH) | frozenset(
    "a ainsi aussi bien car ceci cela celle celui cet cette ceux chez combien comme comment d'un d'une "
    "depuis dire dit donc dont elles entre est-ce faire fait l'on leurs lors où parle parlé plus pourquoi "
    "qu'a qu'elle qu'en qu'il quand quel quelle quelles quels quoi sans selon si sous tous tout toute "
    "toutes très vers ça être avoir pendant durant déjà encore toujours jamais etc "
    # « Pouvez-vous me résumer… »: a polite request, not a topic
    "pouvez pourriez peux pourrais voulez voudriez "
    # « était-ce une bonne idée », « est-ce que »: the question's verb, not its subject
    "était-ce est-ce serait-ce sera-t-il "
    # « s'il faisait du grandstanding »: faire is a light verb, like "do"
    "faisait faisaient faisant faisons faites fais font fera feront ferait feraient "
    # « une fois le rapport rendu »: as "once" in English
    "fois "
    # « est-elle venue présenter »: venir before a verb is a light verb, as "come to" is
    "venu venue venus venues vient viennent venait venaient".split()
)
ENGLISH_STOP = frozenset(STOPWORDS_EN_PLUS) | frozenset(
    "according also could done may mention mentioned might must said say says shall speak spoke talk "
    "talked tell told us whose would what which who whom when where why how many much per get got make take took see seen way one "
    "throughout already still ever never even among "
    # a light verb, as "get" and "make" ("go after the DA", "go on air")
    "go goes went gone going".split()
)


def detect_lang(text: str, tie: str = "fr") -> str:
    """'fr' or 'en' by function words; `tie` wins ties (a list of names and titles has none)."""
    # One letter is an initial ("C. O'Connor") or an elision, not a function word.
    words = [w for w in re.findall(r"[a-zà-ÿ']+", text.lower()) if len(w.strip("'")) > 1]
    fr = sum(
        w in FRENCH_STOP or re.match(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'\w", w) is not None for w in words
    ) + 2 * len(
        # accents of common words, not of names ("Who is Édouard Philippe?")
        re.findall(r"[éèêàçùâîôû]", " ".join(w for w in re.findall(r"[\w'-]+", text) if not w[:1].isupper()))
    )
    en = sum(w in ENGLISH_STOP or w.endswith("'s") for w in words)  # "Rock's answers"
    return "en" if en > fr else "fr" if fr > en else tie


WORD_RE = re.compile(r"[\w'-]+", re.UNICODE)


def upper_share(text: str) -> float:
    """The share of `text`'s letters in upper case (0.0 with no letters): how a heading in
    capitals is told from prose."""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def content_words(text: str, folded: bool = True) -> list[str]:
    """Words that carry meaning (no function words, no elision prefixes), folded by default."""
    out = []
    for w in WORD_RE.findall(text.lower()):
        w = _content_word(w)
        if w:
            out.append(fold(w) if folded else w)
    return out


@lru_cache(maxsize=1 << 16)
def _content_word(w: str) -> str:
    """The word without elision and clitics; "" when it is a function word (remembered: a
    corpus has far fewer distinct words than words)."""
    w = re.sub(r"^[ldjmnstcq]u?'", "", w.replace("’", "'"))
    w = re.sub(r"-(?:t-)?(?:il|elle|ils|elles|on|je|tu|nous|vous)$", "", w)  # "cite-t-il" -> "cite"
    w = re.sub(r"'s$", "", w)  # "Libya's" -> "Libya"
    w = w.strip("'-")
    if len(w) < 2 or w in FRENCH_STOP or w in ENGLISH_STOP:
        return ""
    return w


@lru_cache(maxsize=4)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import Stemmer  # PyStemmer; imported lazily, loads a C extension

    return Stemmer.Stemmer(lang)


def stem_tokens(text: str, lang: str = "french") -> list[str]:
    """Accent-folded, stop-word-free, stemmed tokens: the BM25 analyzer."""
    # Stem before folding: the Snowball French rules expect accents.
    words = content_words(text, folded=False)
    stemmed = _stemmer(lang).stemWords(words)
    if lang == "french":
        # Snowball keeps a noun's feminine apart: « médiatrice » is « médiateur », « chercheuse »
        # is « chercheur » (-trice/-teur; -euse, stemmed -eux, and -eur).
        stemmed = [_FEMININE.sub(_masculine, s) for s in stemmed]
    return [fold(s) for s in stemmed]


def query_stems(text: str, lang: str = "french") -> list[str]:
    """`stem_tokens` of a question, and the stems of its words written without accents where
    they differ: a corpus printed without accents (« rejetee », « securite ») is stemmed as
    written (« rejete », « securit »), not as the question's « rejetée » (« rejet »)."""
    out = stem_tokens(text, lang)
    plain = fold(text)
    if plain != text.lower():
        out += [s for s in stem_tokens(plain, lang) if s not in out]
    return out


_FEMININE = re.compile(r"(?<=\w\w)(tric|eux)$")


def _masculine(m: re.Match[str]) -> str:
    return "teur" if m.group(1) == "tric" else "eur"


@lru_cache(maxsize=16384)
def stems(text: str) -> frozenset[str]:
    """French stems, plus English ones for English text (the corpus may be in either): what
    a text holds of a question's terms, and what the corpus's IDF table counts."""
    out = set(stem_tokens(text))
    if detect_lang(text) == "en":
        out |= set(stem_tokens(text, "english"))
    return frozenset(out)


# The months as written, French and English: one month in either language.
_MONTHS_WRITTEN: tuple[tuple[str, str], ...] = (
    ("janvier", "january"),
    ("février", "february"),
    ("mars", "march"),
    ("avril", "april"),
    ("mai", "may"),
    ("juin", "june"),
    ("juillet", "july"),
    ("août", "august"),
    ("septembre", "september"),
    ("octobre", "october"),
    ("novembre", "november"),
    ("décembre", "december"),
)
# ... folded, as `fold` leaves them
MONTHS: tuple[tuple[str, str], ...] = tuple((fold(fr), en) for fr, en in _MONTHS_WRITTEN)
# A regex alternation of every month name, accented or not; English "may" (a verb far more often
# than a month) is left to the caller.
MONTH_WORDS = "|".join(sorted({m for pair in _MONTHS_WRITTEN + MONTHS for m in pair} - {"may"}))
_MONTH_YEAR = re.compile(rf"^(?:\d{{1,2}}(?:er)?\s+)?({'|'.join(m for pair in MONTHS for m in pair)})\s+(\d{{4}})$")


_NUMERIC_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def written_dates(text: str) -> list[str]:
    """The dates `text` writes in figures ("28/05/2018", "2018-05-28"), written out in both
    languages (« 28 mai 2018 », "28 May 2018", "May 28, 2018"); a slash date is read day first
    unless its first figure cannot be a month's day ("05/28/2018")."""
    out: list[str] = []
    for m in _NUMERIC_DATE.finditer(text):
        if m.group(1):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            day, month, year = int(m.group(4)), int(m.group(5)), int(m.group(6))
            if month > 12 >= day:
                day, month = month, day
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        fr, en = _MONTHS_WRITTEN[month - 1]
        out += [f"{day} {fr} {year}", f"{day} {en.capitalize()} {year}", f"{en.capitalize()} {day}, {year}"]
    return out


def month_year(name: str) -> tuple[tuple[str, str], str] | None:
    """The month (both languages) and year a name like « décembre 2023 » gives, if it is one."""
    m = _MONTH_YEAR.match(fold(name))
    if m is None:
        return None
    return next(pair for pair in MONTHS if m.group(1) in pair), m.group(2)


def names_month_year(name: str, text: str) -> bool:
    """Whether `text` gives the month and year of `name` together ("December 17, 2023", « 17
    décembre 2023 »), not the year alone (« mars 2023 » is not « décembre 2023 »)."""
    my = month_year(name)
    if my is None:
        return False
    (fr, en), year = my
    return (
        # ("23RD JUNE, 2017": a comma after the month)
        re.search(rf"\b(?:{fr}|{en}|{en[:3]})\.?,?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{year}\b", fold(text))
        is not None
    )
