"""The answerer interface and the citation checks every answerer goes through."""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from qa.core.types import Citation, Passage

REFUSAL = {
    "fr": "Les actes du colloque ne contiennent pas la réponse à cette question.",
    "en": "The proceedings do not contain the answer to this question.",
}
NO_ANSWER_MARKER = "NO_ANSWER"


@dataclass(slots=True)
class AnswerRequest:
    question: str  # as the user asked it
    standalone: str  # after follow-up resolution: what retrieval used
    passages: list[Passage]
    lang: str
    history: list[str] = field(default_factory=list)
    mentioned_speakers: tuple[str, ...] = ()
    mentioned_roles: tuple[str, ...] = ()
    deadline: float | None = None  # time.monotonic() by which the whole answer must be in


@dataclass(slots=True)
class Draft:
    """What an answerer produced before citation checks."""

    text: str
    refused: bool = False
    quotes: dict[int, str] = field(default_factory=dict)  # [n] -> quoted sentence
    support: float | None = None  # extractive: how well the passages cover the question
    notes: list[str] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # [n] already removed from `text` (checked stream)


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
