"""The question's terms as the corpus writes them: stems with their alternatives, weighted.

Each topic word of a `Query` becomes a group of alternative stems: its own (French, and
English for English text), and, when the question and the corpus are in different languages,
those of its translations found by the `TermBridge`. A group is covered by a text when any
alternative occurs in it; coverage is the IDF-weighted share of groups covered. Names (proper
nouns, years) are found by spelling across languages ("Nicosia" in "Nicosie") or by
translation.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from qa.bridge import acronym_forms, acronym_twin, similar
from qa.core.text import content_words, detect_lang, fold, month_year, names_month_year, query_stems, stem_tokens
from qa.core.text import stems as stems  # re-exported: where it was first defined
from qa.core.types import Chunk, Query
from vectorstore.tables import CorpusTables

Translate = Callable[[str], tuple[str, ...]]
SoftMatch = Callable[[str, str], bool]


def idf_table(chunks: Iterable[Chunk]) -> dict[str, float]:
    """Inverse document frequency of every stem of the chunks (an index keeps this table up to
    date at ingest: `Index.tables().idf()`)."""
    return CorpusTables.of(list(chunks)).idf()


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[\w'-]+", text.lower()) if len(w) >= COGNATE_MIN_LEN - 1)


def proper_nouns(chunks: Iterable[Chunk]) -> frozenset[str]:
    """Folded words the corpus writes with a capital inside a sentence more often than
    without: names of people, places, organisations ("Ukraine", "Nicosie"), not the common
    nouns of an organisation's name ("Conseil départemental"). (`Index.tables()` keeps it.)"""
    return CorpusTables.of(list(chunks)).proper_nouns()


@lru_cache(maxsize=8192)
def _name_words(text: str) -> frozenset[str]:
    """The folded words of a text a name may be one of (and the parts of hyphenated ones)."""
    words = {fold(w) for w in re.findall(r"[\w'-]+", text) if len(w) > 2}
    # "d'Oslo" names Oslo, "Haut-Karabagh" names Karabagh.
    words |= {p for w in list(words) for p in re.split(r"['-]", w) if len(p) > 3}
    return frozenset(words)


# The endings that make a place's name an adjective or its people ("Afrique": africaines,
# "Liban": libanais, "Syria": Syrian, "Lebanon": Lebanese).
_DEMONYM = re.compile(
    r"(?:iens?|iennes?|ains?|aines?|ais|aises?|[ée]ens?|[ée]ennes?|ois|oises?|ans?|ians?|eses?|is|ic|ique|iques)$"
)


_PLACE_PREFIX = re.compile(
    r"^(?:sub|trans|pan|anti|pro|post|pre|extra|inter|intra|ultra|neo|nord|sud|north|south)-?(?=\w{5})"
)


def _demonym_in(place: str, words: frozenset[str]) -> bool:
    """Whether a word of the text is the place's adjective: the place's name less at most its
    last three letters (four at least kept), then a demonym ending."""
    if len(place) < 5:
        return False
    stems = {place[: len(place) - k] for k in range(4) if len(place) - k >= 4}
    if place.endswith("que"):
        stems.add(place[:-3] + "c")  # Afrique: africain, Amérique: américain
    head = place[:4]

    def starting() -> Iterator[str]:
        for w in words:
            if w[:4] == head:
                yield w
            elif head in w:
                # ... after a prefix: "subsaharienne" names the Sahara, « transcaucasien » the
                # Caucasus (a word that starts like the place is read as it is: "sudanese").
                bare = _PLACE_PREFIX.sub("", w)
                if bare[:4] == head:
                    yield bare

    return any(
        w[: len(s)] == s and len(w) > len(s) and _DEMONYM.fullmatch(w[len(s) :]) is not None
        for w in starting()
        for s in stems
    )


# Runs of capitalised words, small linking words allowed inside ("District of Columbia").
_CAPITALISED_RUN = re.compile(
    r"[A-ZÀ-ÖØ-Ý][\w'’-]*(?:\s+(?:(?:of|the|for|and|de|du|des|la|le|l'|et|pour)\s+)*[A-ZÀ-ÖØ-Ý][\w'’-]*)+"
)


@lru_cache(maxsize=8192)
def _run_initials(text: str) -> tuple[str, ...]:
    # Not a run that starts a sentence: its first word is capitalised anyway ("Did Clinton").
    return tuple(
        "".join(w[0] for w in re.findall(r"[\w'’-]+", m.group(0)) if w[:1].isupper())
        for m in _CAPITALISED_RUN.finditer(text)
        if re.search(r"[\w,;:]\s*$", text[: m.start()])
    )


def _singular(acronym: str) -> str:
    """An acronym without its plural s ("NGOs": NGO); other words as they are."""
    return re.sub(r"(?<=[A-Z])s$", "", acronym)


def _spelled_out(acronym: str, text: str) -> bool:
    """Whether the text spells an acronym out: the initials of a run of its capitalised words
    ("DC": "the District of Columbia"; "SUNY": "State University of New York")."""
    core = _singular(acronym)
    if not (core.isupper() and core.isalpha() and 2 <= len(core) <= 6):
        return False
    runs = _run_initials(text)
    # "the World Health Organisation Research and Development Blueprint" names the WHO too: a
    # longer run may start with the body's name (three letters at least: two begin many runs).
    return core in runs or (len(core) >= 3 and any(r.startswith(core) for r in runs))


def initials_of(name: str) -> str:
    """The acronym of a name of two to six capitalised words ("Democratic Alliance": "DA"), or
    "" (link words skipped: « Parti de la Gauche » is "PG")."""
    words = [w for w in re.findall(r"[\w'’-]+", name) if fold(w) not in _LINK_WORDS]
    if not 2 <= len(words) <= 6 or not all(w[:1].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words).upper()


def abbreviated(name: str, text: str) -> bool:
    """Whether the text writes a name by its initials: "Democratic Alliance" as "DA"."""
    initials = initials_of(name)
    return bool(initials) and re.search(rf"(?<![\w-]){initials}(?![\w-])", text) is not None


_LINK_WORDS = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "les", "et", "pour", "d'", "l'"})


class _Similar:
    """Which words are `similar` to a word, learned as texts are read: a question compares its
    words with every word of many passages (hundreds on a large index), and the same words come
    back, so each pair is compared once and each text costs a few set operations."""

    LIMIT = 1 << 18  # pairs remembered before starting over (memory stays bounded)

    def __init__(self) -> None:
        self._yes: dict[str, set[str]] = {}
        self._no: dict[str, set[str]] = {}
        self._size = 0

    def any_in(self, word: str, words: AbstractSet[str]) -> bool:
        """`any(similar(word, w) for w in words)`."""
        if self._size > self.LIMIT:
            self._yes, self._no, self._size = {}, {}, 0
        yes = self._yes.setdefault(word, set())
        if not yes.isdisjoint(words):
            return True
        no = self._no.setdefault(word, set())
        for w in words - no:
            self._size += 1
            if similar(word, w):
                yes.add(w)
                return True
            no.add(w)
        return False


@dataclass(frozen=True, slots=True)
class Group:
    """One topic word: its alternative stems, as written, whether it is name-like (a proper
    noun of the corpus or derived from one: "ukrainiennes" from "Ukraine"), and whether it is a
    name that only its own spelling matches."""

    alts: frozenset[str]
    word: str
    name_like: bool = False
    # a name asked across languages: held only where the passage names it (`TermMatcher.covers`)
    literal: bool = False


def corpus_language(chunks: Sequence[Chunk], sample: int = 50) -> str:
    """'fr' or 'en': the language of most of a sample of the chunks."""
    if not chunks:
        return "fr"
    step = max(1, len(chunks) // sample)
    votes = Counter(detect_lang(c.text) for c in chunks[::step])
    return votes.most_common(1)[0][0]


# A name counts as required evidence when at most this share of the passages hold it: a
# frequent one ("AICT" in proceedings about AICT) is the subject of the corpus, not a name
# that singles out an answer.
RARE_NAME_SHARE = 0.05
# English words shaped like verb forms are dropped from cross-lingual topics unless a cognate
# is found: their nearest French neighbours are mostly wrong ("think" -> "concept").
_VERB_SHAPE = re.compile(r"(?:ed|ing)$")
COGNATE_MIN_LEN = 6  # shorter words meet false friends ("pays", "place")
CROSS_STEM_MIN = 5  # a question word's own stem shorter than this is no evidence across languages
UNKNOWN_WORD_WEIGHT = 1.0  # a topic word the corpus never uses (or that is not translated)


# The endings that make a word of a name: « ukrainiennes », "Syrian", "Chinese", « lyonnais »,
# "Scottish", « gaullistes »; "particular" is no word made of "Parti".
_NAME_SUFFIX = re.compile(
    r"[a-z]?(?:i?[ae]?n(?:ne)?s?|i?ennes?|aines?|ains?|ais(?:es?)?|ois(?:es?)?|ese|i?sh|i?ques?|i?cs?|"
    r"i?stes?|i?smes?|i?sts?|i?sms?|ites?|i?ers?|i?otes?)"
)


def _derived_from(word: str, name: str) -> bool:
    """Whether `word` (folded) is `name` (folded) with a name-making ending."""
    common = 0
    for x, y in zip(word, name, strict=False):
        if x != y:
            break
        common += 1
    return _NAME_SUFFIX.fullmatch(word[common:]) is not None


# The members of an assembly, however a question or a debate names them: « 210 membres réunis
# dans la salle » are the deputies present.
ASSEMBLY_MEMBERS = frozenset(
    "deputes deputies membres members senateurs senators mps representatives parlementaires parliamentarians "
    "conseillers councillors councilors elus".split()
)
# ... of them, the words that mean nothing else (« conseillers » are advisers too): one word for
# another wherever a question's words are looked for.
SEATED_MEMBERS = ASSEMBLY_MEMBERS - {"conseillers", "councillors", "councilors", "elus"}


class TermMatcher:
    """Topic groups, coverage and name matching for one corpus.

    :param idf: stem weights of the corpus (`idf_table`).
    :param corpus_lang: the corpus's language; translations are sought for questions in another.
    :param translate: a word's translations into corpus words (`TermBridge.translations`).
    :param n_chunks: the corpus's chunk count (what makes a name rare).
    :param proper: folded words the corpus writes with a capital (`CorpusTables.proper_nouns`).
    :param soft_match: whether a text holds a word across languages (word vectors); None: never.
    :param lowercase: folded words the corpus writes in lower case (`CorpusTables.lowercase_words`).
    """

    def __init__(
        self,
        idf: dict[str, float],
        corpus_lang: str = "fr",
        translate: Translate | None = None,
        n_chunks: int = 0,
        proper: frozenset[str] = frozenset(),
        soft_match: SoftMatch | None = None,
        lowercase: frozenset[str] = frozenset(),
    ) -> None:
        self.idf = idf
        self.lowercase = lowercase
        self.corpus_lang = corpus_lang
        self.translate = translate
        self.soft_match = soft_match
        self.proper = proper
        self._proper_by_prefix: dict[str, list[str]] = {}
        for w in proper:
            self._proper_by_prefix.setdefault(w[:3], []).append(w)
        n = max(1, n_chunks)
        d = max(1.0, RARE_NAME_SHARE * n)
        self.rare_idf = math.log(1 + (n - d + 0.5) / (d + 0.5))
        self._similar = _Similar()
        self._weights: dict[Group, float] = {}

    def cross_lingual(self, query: Query) -> bool:
        """Whether the question is in another language than the corpus."""
        return query.lang != self.corpus_lang and self.translate is not None

    def alternatives(self, word: str, lang: str, cross: bool) -> frozenset[str]:
        """The stems that count as `word` in the corpus."""
        alts = set(query_stems(word))
        if lang == "en":
            alts |= set(stem_tokens(word, "english"))
        if cross:
            # Across languages a short stem of the question's word is another language's word
            # (« menées » -> "men", « sant(é) »): only the word itself, or a long stem, stays.
            alts = {a for a in alts if len(a) >= CROSS_STEM_MIN} | {fold(word)}
        if cross and self.translate is not None:
            for t in self.translate(word):
                alts |= set(stem_tokens(t))
        return frozenset(alts)

    def groups(self, query: Query) -> list[Group]:
        """One group of alternative stems per topic word (duplicates merged). Across
        languages, a verb-shaped word without a cognate translation is left out; a word with no
        translation at all stays, uncovered: the corpus does not speak of it."""
        cross = self.cross_lingual(query)
        out: list[Group] = []
        dropped: list[Group] = []
        seen: set[frozenset[str]] = set()
        for w in query.topic:
            alts = self.alternatives(w, query.lang, cross)
            if not alts or alts in seen:
                continue
            seen.add(alts)
            # Name-like words are judged in the corpus's own language only: across languages,
            # translations land on capitalised common nouns ("council" -> "Conseil départemental").
            group = Group(alts, w, not cross and self.name_like(w, query.lang), cross and self._literal(w, query.text))
            verb_shaped = cross and self.translate is not None and _VERB_SHAPE.search(w.lower())
            if verb_shaped and not self.translate(w):  # type: ignore[misc]
                dropped.append(group)  # no counterpart in the corpus: says nothing either way
                continue
            out.append(group)
        return out or dropped  # a question of verbs only keeps them

    def name_like(self, word: str, lang: str) -> bool:
        """Whether a word is, or derives from, a proper noun of the corpus ("ukrainiennes")."""
        f = fold(word)
        if len(f) < 4:
            return False
        # A word the corpus writes in lower case is a name only as one derived from a name, with
        # a suffix of its own ("ukrainiennes": Ukraine); "grands" is no form of "Grandi".
        # So is a word the question writes in lower case (« défendue » is no form of "Défense").
        # A word written with a capital somewhere ("Applications" in a heading) is still a common
        # noun when the corpus also writes it in lower case.
        derived = 3 if f in self.lowercase or (word[:1].islower() and f not in self.proper) else 0
        alts = [f]
        if lang != self.corpus_lang and self.translate is not None:
            alts += [fold(t) for t in self.translate(word)]
        return any(
            similar(a, p) and len(a) >= len(p) + derived and (not derived or _derived_from(a, p))
            for a in alts
            for p in self._proper_by_prefix.get(a[:3], ())
        )

    def _literal(self, word: str, question: str) -> bool:
        """Whether a topic word is a name in any language: one the corpus writes only with a
        capital, or one the question writes as a name is (an acronym, "DeepMind"). Word vectors
        put "Johnson" near any name, "DeepMind" near "deep": only the name itself holds it."""
        if self.is_proper(word):
            return True
        written = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", question, re.I)
        return written is not None and any(c.isupper() for c in written.group(0)[1:])

    def is_proper(self, word: str) -> bool:
        """Whether the corpus writes `word` as a name: with a capital inside sentences, more often
        than in lower case."""
        f = fold(word)
        return f in self.proper and f not in self.lowercase

    def weight(self, group: Group) -> float:
        """A group weighs as its rarest alternative found in the corpus (a fixed, fairly rare
        weight when the corpus has none of them)."""
        w = self._weights.get(group)
        if w is None:
            if len(self._weights) > 4096:
                self._weights.clear()
            w = self._weights[group] = max(
                (self.idf[t] for t in group.alts if t in self.idf), default=UNKNOWN_WORD_WEIGHT
            )
        return w

    def covers(self, group: Group, text: str, lang: str) -> bool:
        """Whether `text` holds the group: one of its stems; for a name, the name in another
        spelling ("Karabakh" in "Haut-Karabagh"); across languages, a word that means about
        the same (the embedder's word vectors: "authorities" in "collectivités")."""
        if group.alts & stems(text):
            return True
        if fold(group.word) in SEATED_MEMBERS and SEATED_MEMBERS & set(re.findall(r"[\w-]+", fold(text))):
            return True
        # ... and so is a name with a number ("Covid-19" in « la crise de la COVID »)
        if (group.name_like or re.search(r"[a-z]-\d", group.word)) and self.has_name(group.word, text, lang):
            return True
        if lang == self.corpus_lang:
            return False
        if group.literal:
            return self.has_name(group.word, text, lang)
        if len(group.word) >= COGNATE_MIN_LEN and self._similar.any_in(group.word, _words(text)):
            return True  # "humanitarian" in "humanitaire"
        return self.soft_match is not None and self.soft_match(group.word, text)

    def scorer(self, groups: Sequence[Group], lang: str = "fr") -> Callable[[str], float]:
        """`coverage` of these groups for any text, the weights worked out once."""
        weights = [(g, self.weight(g)) for g in groups]
        total = sum(w for _, w in weights)

        def coverage(text: str) -> float:
            if not total:
                return 1.0
            return sum(w for g, w in weights if self.covers(g, text, lang)) / total

        return coverage

    def coverage(self, groups: Sequence[Group], text: str, lang: str = "fr") -> float:
        """IDF-weighted share of the groups that `text` holds (0..1; 1.0 with no groups)."""
        total = sum(self.weight(g) for g in groups)
        if not total:
            return 1.0
        return sum(self.weight(g) for g in groups if self.covers(g, text, lang)) / total

    def name_is_rare(self, name: str, lang: str) -> bool:
        """Whether a name is rare enough in the corpus (or absent) to single out an answer."""
        cross = lang != self.corpus_lang
        alts: set[str] = set()
        for part in re.findall(r"[\w'-]+", name):
            alts |= self.alternatives(part, lang, cross) | {fold(part)}
        known = [self.idf[a] for a in alts if a in self.idf]
        return not known or max(known) >= self.rare_idf

    def must_appear(self, name: str, lang: str) -> bool:
        """Whether an answer's passage must name `name`: a name rare enough to single it out,
        and, across languages, a name rather than a capitalised common noun ("la Loi", "la
        Chambre", whose translations are other words) or an acronym the corpus lacks (they
        change with the language: OMC is WTO)."""
        if not self.name_is_rare(name, lang):
            return False
        if lang == self.corpus_lang or self.translate is None:
            return True
        words = re.findall(r"[\w'-]+", name)
        # "OMC", and "NGOs": an acronym with a plural s.
        acronym = _singular(name)
        if len(words) == 1 and len(acronym) > 1 and acronym.isupper() and fold(acronym) not in self.idf:
            # An acronym the corpus lacks may be written with other letters in its language
            # (GST: TPS, NAFTA: ALENA): no list holds them all, so it is not required.
            return False
        translate = self.translate
        # (A translation the corpus writes as a name is the same name: Sweden is « Suède ».)
        common = [
            w
            for w in words
            if (ts := translate(w)) and not any(similar(fold(w), fold(t)) or self.is_proper(t) for t in ts)
        ]
        return len(common) < len(words)

    def has_name(self, name: str, text: str, lang: str) -> bool:
        """Whether `text` names `name`: the same word in another spelling, or a translation."""
        if name.isdigit():
            return name in text
        if month_year(name):
            return names_month_year(name, text)  # « décembre 2023 » is not « mars 2023 »
        if lang != self.corpus_lang and acronym_twin(name, text):
            return True  # NGO is ONG
        if lang != self.corpus_lang and any(re.search(rf"\b{f}\b", text) for f in acronym_forms(name)):
            return True  # WHO is OMS
        if _spelled_out(name, text) or abbreviated(name, text):
            # "DC" is "the District of Columbia", "SUNY" "State University of New York"; the
            # "Democratic Alliance" is the "DA"
            return True
        core = _singular(name)
        if core.isupper() and core.isalpha() and re.search(rf"\b{re.escape(core)}(?:s|'s|’s)?\b", text):
            return True  # "RNN" is named by "RNNs", "NGOs" by "NGO"
        if len(name) < 3:  # "DC" (or "D.C."), "UN": too short for the word sets below
            dotted = r"\.?".join(map(re.escape, name))
            return re.search(rf"\b{dotted}\b", text) is not None
        words = _name_words(text)
        parts = [fold(p) for p in re.findall(r"[\w']+", name) if len(p) > 3] or [fold(name)]
        found = 0
        # Of a name's parts, those the corpus writes as common words ("Declaration": « declare »)
        # do not name it alone when it has others ("Calgary").
        proper = [p for p in parts if p not in self.lowercase]
        strong = not proper
        for part in parts:
            alts = [part]
            if lang != self.corpus_lang and self.translate is not None:
                alts += [fold(t) for t in self.translate(part)]
            if any(a in words or self._similar.any_in(a, words) or _demonym_in(a, words) for a in alts):
                found += 1
                strong = strong or part in proper
        # "Nagorno-Karabakh" is named by "Haut-Karabagh": half of a name's parts suffice.
        return found * 2 >= len(parts) and strong

    def content(self, text: str) -> list[str]:
        """The content words of a text (folded)."""
        return content_words(text)
