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
from qa.glossary import expand_terms
from qa.settings import AnswerSettings
from qa.text import content_words, split_sentences, stem_tokens
from qa.types import Chunk

INTRO = {"fr": "D'après les actes du colloque :", "en": "According to the proceedings (quoted in French):"}
# Words of a question that say what kind of answer is wanted, not what it is about.
QUESTION_WORDS = set(
    stem_tokens(
        "dit déclaré affirmé évoqué parlé propos pense selon sujet question quoi explique souligné "
        "said say says think thinks talk talked about mention mentioned explain explained according "
        "view views opinion speak spoke point points make made argue argued describe described "
        "what which who whom when where why how"
    )
)


def idf_table(chunks: Iterable[Chunk]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for c in chunks:
        n += 1
        df.update(set(stem_tokens(c.text)))
    return {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, settings: AnswerSettings, idf: Callable[[], dict[str, float]]) -> None:
        self.settings = settings
        self._idf = idf

    def query_terms(self, req: AnswerRequest) -> set[str]:
        """The question's topic terms: without question words and without the words that only
        name the speakers it is about (their names and roles say who, not what)."""
        words = content_words(req.standalone)
        text = " ".join([req.standalone, *sorted(expand_terms(words))])
        terms = set(stem_tokens(text)) - QUESTION_WORDS
        who = set(stem_tokens(" ".join(req.mentioned_speakers + req.mentioned_roles)))
        terms = terms - who or terms
        if req.lang == "en":
            # English words the glossary does not translate never occur in French text: they
            # say nothing about whether the proceedings hold the answer.
            idf = self._idf()
            terms = {t for t in terms if t in idf} or terms
        return terms

    def coverage(self, terms: set[str], text: str) -> float:
        idf = self._idf()
        total = sum(idf.get(t, 1.0) for t in terms)
        if not total:
            return 0.0
        have = set(stem_tokens(text))
        return sum(idf.get(t, 1.0) for t in terms & have) / total

    def support(self, req: AnswerRequest) -> float:
        """How well the best passages cover the question (0..1)."""
        terms = self.query_terms(req)
        if not terms:
            return 1.0 if req.passages else 0.0
        return max((self.coverage(terms, p.chunk.text) for p in req.passages[:3]), default=0.0)

    def stream(self, req: AnswerRequest) -> DraftStream:
        lang = req.lang if req.lang in REFUSAL else "fr"
        support = self.support(req)
        if not req.passages or support < self.settings.min_support:
            text = REFUSAL[lang]
            yield text
            return Draft(text, refused=True, support=support)
        picks = self.pick_sentences(req)
        lines = [INTRO[lang]]
        quotes: dict[int, str] = {}
        yield INTRO[lang] + "\n"
        for n, sentence in picks:
            p = req.passages[n - 1]
            line = f"- « {sentence} » — {p.chunk.label()} [{n}]"
            quotes.setdefault(n, sentence)
            lines.append(line)
            yield line + "\n"
        return Draft("\n".join(lines), quotes=quotes, support=support)

    def pick_sentences(self, req: AnswerRequest) -> list[tuple[int, str]]:
        """(passage number, sentence) pairs, best first, a few per passage at most."""
        terms = self.query_terms(req)
        idf = self._idf()
        total = sum(idf.get(t, 1.0) for t in terms) or 1.0
        scored: list[tuple[float, int, int, str]] = []
        for n, p in enumerate(req.passages, 1):
            sentences = p.chunk.text.split("\n") if p.chunk.block == "programme" else split_sentences(p.chunk.text)
            prior = 0.25 / n
            bonus = 0.15 if p.chunk.speaker and p.chunk.speaker in req.mentioned_speakers else 0.0
            for i, s in enumerate(sentences):
                have = set(stem_tokens(s))
                cov = sum(idf.get(t, 1.0) for t in terms & have) / total
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
