"""The default answerer: no LLM. It quotes the passages' most relevant sentences, each
attributed and numbered, or says plainly that the proceedings do not hold the answer.

Sentence relevance is the IDF-weighted share of the question's terms (with French terms for
English words) that a sentence contains, plus a prior for the passage's rank. The refusal
decision uses the same coverage over the best passages; its threshold (answer.min_support)
is calibrated on the dev set (README).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from qa.answerers.base import REFUSAL, AnswerRequest, Draft, DraftStream
from qa.core.settings import AnswerSettings
from qa.core.text import content_words, detect_lang, fold, split_sentences, stem_tokens
from qa.core.types import Chunk
from qa.glossary import expand_terms

INTRO = {"fr": "D'après les actes :", "en": "According to the proceedings:"}
# Said when the quotes are not in the question's language.
QUOTED_IN = {("en", "fr"): " (quoted in French)", ("fr", "en"): " (citations en anglais)"}
# Words of a question that say what kind of answer is wanted, not what it is about.
QUESTION_WORDS = set(
    stem_tokens(
        "dit déclaré affirmé évoqué parlé propos pense selon sujet question quoi explique souligné "
        "said say says think thinks talk talked about mention mentioned explain explained according "
        "view views opinion speak spoke point points make made argue argued describe described "
        "what which who whom when where why how disent disait pensent intervenants orateurs "
        "participants speakers panelists intervention remarks "
        "heure heures quand commençait commence commencé débute débutait start started begin began time "
        "date lieu"
    )
)


def _stems(text: str) -> set[str]:
    """French stems, plus English ones for English text (the proceedings may be in either)."""
    stems = set(stem_tokens(text))
    if detect_lang(text) == "en":
        stems |= set(stem_tokens(text, "english"))
    return stems


def idf_table(chunks: Iterable[Chunk]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for c in chunks:
        n += 1
        df.update(_stems(c.text))
    return {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, settings: AnswerSettings, idf: Callable[[], dict[str, float]]) -> None:
        self.settings = settings
        self._idf = idf

    def query_terms(self, req: AnswerRequest) -> list[frozenset[str]]:
        """The question's topic terms, one group of alternative stems per word (the word and
        its French translations: either one covers it). Question words go, and so do the
        words that only name the speakers it is about (names and roles say who, not what)."""
        groups: list[frozenset[str]] = []
        # Unfolded words: the Snowball French stemmer needs the accents ("collectivités").
        for w in content_words(req.standalone, folded=False):
            words = " ".join([w, *sorted(expand_terms([fold(w)]))])
            english = stem_tokens(words, "english") if req.lang == "en" else []
            alts = frozenset(stem_tokens(words) + english) - QUESTION_WORDS
            if alts and alts not in groups:
                groups.append(alts)
        names = set(stem_tokens(" ".join(req.mentioned_speakers)))
        who = set(names)
        if not any(g & names for g in groups):
            # The speaker was named by role ("the mayor of Lyon"): the role words say who.
            # When the name is given, role words ("Arménie") may well be the topic.
            who |= set(stem_tokens(" ".join(req.mentioned_roles)))
        topic = [g for g in groups if not g & who] or [g for g in groups if not g & names] or groups
        passages_lang = detect_lang(" ".join(p.chunk.text for p in req.passages[:3])) if req.passages else req.lang
        if req.lang == "en" and passages_lang != "en":
            # English words the glossary does not translate never occur in French text: they
            # say nothing about whether the proceedings hold the answer.
            idf = self._idf()
            topic = [g for g in topic if any(t in idf for t in g)] or topic
        return topic

    def _weight(self, group: frozenset[str]) -> float:
        idf = self._idf()
        return max((idf[t] for t in group if t in idf), default=1.0)

    def coverage(self, groups: list[frozenset[str]], text: str) -> float:
        total = sum(self._weight(g) for g in groups)
        if not total:
            return 0.0
        have = _stems(text)
        return sum(self._weight(g) for g in groups if g & have) / total

    def support(self, req: AnswerRequest) -> float:
        """How well the best passages cover the question (0..1)."""
        groups = self.query_terms(req)
        if not groups:
            return 1.0 if req.passages else 0.0
        return max((self.coverage(groups, p.chunk.text) for p in req.passages[:3]), default=0.0)

    def stream(self, req: AnswerRequest) -> DraftStream:
        lang = req.lang if req.lang in REFUSAL else "fr"
        support = self.support(req)
        if not req.passages or support < self.settings.min_support:
            text = REFUSAL[lang]
            yield text
            return Draft(text, refused=True, support=support)
        picks = self.pick_sentences(req)
        source_lang = detect_lang(" ".join(req.passages[n - 1].chunk.text for n, _ in picks))
        intro = (
            INTRO[lang].rstrip(":").rstrip() + QUOTED_IN.get((lang, source_lang), "") + (" :" if lang == "fr" else ":")
        )
        lines = [intro]
        quotes: dict[int, str] = {}
        yield intro + "\n"
        for n, sentence in picks:
            p = req.passages[n - 1]
            line = f"- « {sentence} » — {p.chunk.label()} [{n}]"
            quotes.setdefault(n, sentence)
            lines.append(line)
            yield line + "\n"
        return Draft("\n".join(lines), quotes=quotes, support=support)

    def pick_sentences(self, req: AnswerRequest) -> list[tuple[int, str]]:
        """(passage number, sentence) pairs, best first, a few per passage at most."""
        groups = self.query_terms(req)
        scored: list[tuple[float, int, int, str]] = []
        # Asked what someone said, and their statements are at hand: the programme line that
        # merely lists them is no answer.
        said = bool(req.mentioned_speakers) and any(
            p.chunk.block == "statement" and p.chunk.speaker in req.mentioned_speakers for p in req.passages
        )
        for n, p in enumerate(req.passages, 1):
            if said and p.chunk.block == "programme":
                continue
            sentences = p.chunk.text.split("\n") if p.chunk.block == "programme" else split_sentences(p.chunk.text)
            prior = 0.25 / n
            bonus = 0.15 if p.chunk.speaker and p.chunk.speaker in req.mentioned_speakers else 0.0
            for i, s in enumerate(sentences):
                cov = self.coverage(groups, s)
                scored.append((cov + prior + bonus, n, i, s))
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        per_passage: Counter[int] = Counter()
        picks: list[tuple[int, str]] = []
        seen: set[str] = set()  # overlapping chunks and duplicate documents repeat sentences
        best = scored[0][0] if scored else 0.0
        for score, n, _, s in scored:
            if len(picks) >= self.settings.max_sentences:
                break
            if picks and score < best * 0.45:
                break
            key = re.sub(r"\W+", "", s.lower())
            cap = 4 if req.passages[n - 1].chunk.block == "programme" else 2  # programme lines are short
            if per_passage[n] >= cap or len(key) < 12 or key in seen:
                continue
            seen.add(key)
            per_passage[n] += 1
            picks.append((n, s))
        if not picks and req.passages:
            first = split_sentences(req.passages[0].chunk.text)[:1] or [req.passages[0].chunk.text]
            picks = [(1, first[0])]
        return picks
