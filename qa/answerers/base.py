"""The answerer interface and the citation checks every answerer goes through."""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from qa.answerability import Verdict
from qa.core.types import Citation, Passage, Query, SpeakerInfo

NO_ANSWER_MARKER = "NO_ANSWER"


def corpus_name(titles: Sequence[str], lang: str) -> str:
    """How messages name what is indexed: its title when it is one document, else generically
    (never « actes du colloque » over an interview or a debate)."""
    if len(titles) == 1 and titles[0].strip():
        title = re.sub(r"\s+", " ", titles[0]).strip()
        title = title if len(title) <= 70 else title[:69].rstrip() + "…"
        return f"« {title} »" if lang == "fr" else f"“{title}”"
    return "les documents indexés" if lang == "fr" else "the indexed documents"


def refusal(lang: str, corpus: str = "") -> str:
    """The plain "not in the documents" message."""
    corpus = corpus or corpus_name([], lang)
    if lang == "en":
        return f"I could not find the answer in {corpus}."
    return f"Je ne trouve pas la réponse dans {corpus}."


# Kept for callers that show the generic message without a corpus name.
REFUSAL = {"fr": refusal("fr"), "en": refusal("en")}


@dataclass(slots=True)
class AnswerRequest:
    """What an answerer gets: the analysed question, the passages it may cite (numbered 1..n
    in this order), the answerability verdict, and the speaker rows the question is about."""

    query: Query
    passages: list[Passage]
    verdict: Verdict = field(default_factory=lambda: Verdict(True))
    facts: list[SpeakerInfo] = field(default_factory=list)
    corpus: str = ""
    history: list[str] = field(default_factory=list)
    deadline: float | None = None  # time.monotonic() by which the whole answer must be in

    @property
    def question(self) -> str:
        """The question as the user asked it."""
        return self.query.text

    @property
    def standalone(self) -> str:
        """The question after follow-up resolution: what retrieval used."""
        return self.query.standalone

    @property
    def lang(self) -> str:
        """The question's language."""
        return self.query.lang if self.query.lang in ("fr", "en") else "fr"


@dataclass(slots=True)
class Draft:
    """What an answerer produced before citation checks. `passages`, when set, replaces the
    request's passages (the answerer chose and ordered what it cites: [n] is passages[n-1])."""

    text: str
    refused: bool = False
    quotes: dict[int, str] = field(default_factory=dict)  # [n] -> quoted sentence
    support: float | None = None
    notes: list[str] = field(default_factory=list)
    passages: list[Passage] | None = None
    dropped: list[int] = field(default_factory=list)  # [n] already removed from `text` (checked stream)
    # The original numbers of the cited passages in reading order, when the checked stream
    # renumbered the text 1..n (`reorder` gives the passages in that order).
    order: list[int] = field(default_factory=list)


# Streams yield text pieces and return the Draft (`draft = yield from answerer.stream(req)`).
DraftStream = Generator[str, None, Draft]


class Answerer(Protocol):
    name: str

    def stream(self, req: AnswerRequest) -> DraftStream: ...


_CITE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def validate_citations(
    text: str, passages: Sequence[Passage], quotes: dict[int, str] | None = None
) -> tuple[list[Citation], list[int]]:
    """Resolve [n] markers to the passages given. Markers naming no passage are dropped and
    returned; kept ones resolve to exactly one retrieved passage each, in order of use."""
    kept: dict[int, Citation] = {}
    dropped: list[int] = []
    for m in _CITE.finditer(text):
        for num in (int(x) for x in re.split(r"\s*[,;]\s*", m.group(1))):
            if 1 <= num <= len(passages):
                if num not in kept:
                    kept[num] = Citation(num, passages[num - 1], (quotes or {}).get(num, ""))
            elif num not in dropped:
                dropped.append(num)
    return list(kept.values()), dropped


def reorder(passages: Sequence[Passage], order: Sequence[int]) -> list[Passage]:
    """The passages with those cited first, in `order` (original numbers in the order the
    reader meets them), then the rest in their order: the list a renumbered text cites."""
    valid = [n for n in order if 1 <= n <= len(passages)]
    rest = [i for i in range(1, len(passages) + 1) if i not in valid]
    return [passages[i - 1] for i in [*valid, *rest]]


def strip_invalid_markers(text: str, dropped: Sequence[int]) -> str:
    """Remove the markers that named no passage, so the text shows only checkable citations."""
    if not dropped:
        return text
    bad = set(dropped)

    def fix(m: re.Match[str]) -> str:
        given = re.split(r"\s*[,;]\s*", m.group(1))
        nums = [x for x in given if int(x) not in bad]
        if len(nums) == len(given):
            return m.group(0)  # nothing to remove: kept as written
        # A marker removed whole takes the spaces before it along ("la Lune [42] et" -> "la Lune et").
        return text[m.start() : m.start(1) - 1] + f"[{', '.join(nums)}]" if nums else ""

    return re.sub(r"[ \t]*" + _CITE.pattern, fix, text).strip()
